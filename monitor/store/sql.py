"""The store's SQL, shared by the SQLite and PostgreSQL backends.

Every query is written once, in the SQL both engines speak (`?` parameters,
`ON CONFLICT`, `RETURNING`); a backend supplies connections, transactions and
the few expressions that differ. Every poll's results go in one transaction:
an item that was reported stored is stored with its facts, and a crash
mid-poll loses only the poll in flight.

Concurrent writers are safe by keys, not by reading first: an item is inserted
with `ON CONFLICT (id) DO NOTHING RETURNING id`, so two pollers that meet the
same story store it once and only the one whose insert won stores its facts.
Matching a repeat under another id, link or title (`_matches`) is a read before
the write, so a write first locks its items' links and title keys
(`_lock_stories`): of two pollers meeting one story under two ids, the second
waits for the first to commit and then finds its row.

Times are stored as ISO 8601 strings in UTC, which sort correctly as text.
"""

from __future__ import annotations

import abc
import datetime as dt
import json
import threading
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Protocol

from ..identity import TITLE_WINDOW, canonical_link, title_key
from ..models import ControlClaim, Event, Facts, FeedStatus, Item, Statement
from .records import (
    FeedState,
    PageWrite,
    PollWrite,
    Row,
    StoredItem,
    Write,
    chunks,
    fact_rows,
    iso,
    page_of,
    parse_time,
)

__all__ = ["ALIVE_SECONDS", "BEAT_SECONDS", "Cursor", "Db", "PollerInfo", "SqlStore", "StoreError", "Totals"]

BEAT_SECONDS = 5.0
"""How often a `monitor serve` poller says it is alive, and renews the leases of the feeds it is polling."""
ALIVE_SECONDS = 3 * BEAT_SECONDS
"""A poller not heard from for this long is taken for dead (`monitor status`, screens)."""


class StoreError(Exception):
    """Any failure of the database behind the store, whichever driver raised it."""


class Cursor(Protocol):
    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


class Db(Protocol):
    """The part of a DB-API connection the queries use (`sqlite3.Connection`, or a wrapper)."""

    def execute(self, sql: str, parameters: Any = (), /) -> Cursor: ...

    def executemany(self, sql: str, seq_of_parameters: Any, /) -> Any: ...


@dataclass(frozen=True)
class PollerInfo:
    """One `monitor serve` process, as it last reported itself."""

    id: str
    host: str
    pid: int
    since: dt.datetime
    heartbeat: dt.datetime
    feeds_polled: int
    last_poll: dt.datetime | None


@dataclass(frozen=True)
class Totals:
    items: int
    claims: int
    statements: int
    events: int


HOST_SLOTS_TABLE = """CREATE TABLE host_slots (
    host TEXT NOT NULL,
    slot INTEGER NOT NULL,
    owner TEXT NOT NULL,
    until TEXT NOT NULL,
    PRIMARY KEY (host, slot)
)"""
"""The team's places on a host (`SqlStore.take_host_slot`): the same in both backends' schemas."""


def _keep(found: dict[str, tuple[int, str]], item_id: str, strength: int, stored_id: str) -> None:
    """Remember the strongest match of an item (the lowest `strength`; the first found among equals)."""
    if item_id not in found or strength < found[item_id][0]:
        found[item_id] = (strength, stored_id)


class SqlStore(abc.ABC):
    """Items, the facts read from them, per-feed state and the pollers sharing them."""

    FEEDS_OF_ITEM = ""
    """An expression of the feeds an item (`i`) arrived through, joined by U+001F."""
    url: str
    """Where the store is: a file path or a database URL without its password."""
    shared = False
    """Whether other processes poll into this store (a team's): screens then follow it rather than poll."""

    # --- what a backend supplies ----------------------------------------------

    @abc.abstractmethod
    def _reading(self) -> AbstractContextManager[Db]:
        """A connection to read through; each read sees committed writes."""

    @abc.abstractmethod
    def _writing(self) -> AbstractContextManager[Db]:
        """A transaction on the connection writes go through; committed on exit, rolled back on error."""

    @abc.abstractmethod
    def _leasing(self) -> AbstractContextManager[Db]:
        """A write transaction that no other poller's lease transaction runs beside."""

    @abc.abstractmethod
    def _insert_new(self, db: Db, sql: str, rows: Sequence[Sequence[object]]) -> set[str]:
        """Run an `INSERT … ON CONFLICT DO NOTHING RETURNING id` per row; the ids inserted."""

    def _lock_stories(self, db: Db, keys: Collection[str]) -> None:
        """Make a write that may store one of these stories wait for any other that may (a backend with
        several writers; see `PostgresStore._lock_stories`)."""
        return None

    def _grew(self, items: int) -> None:
        """Told after each write how many items it stored (a backend that keeps planner statistics up)."""
        return None

    def _notify(self, db: Db, what: str) -> None:
        """Tell screens reading this store that `what` changed (a backend that can; SQLite's screens poll)."""
        return None

    def listen(self, on_change: Callable[[str], None], stop: threading.Event) -> None:
        """Call `on_change` whenever another process changes the store, until `stop` is set.

        Only a shared store is changed by others; this one returns at once.
        """
        return None

    @abc.abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> SqlStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- feeds -------------------------------------------------------------

    def feed_states(self, names: Collection[str] | None = None) -> dict[str, FeedState]:
        """Every feed's state, or only those of `names` (a `serve` poll of one host's feeds need not count
        every feed's items)."""
        query = "SELECT f.*, (SELECT count(*) FROM item_feeds i WHERE i.feed = f.name) AS items FROM feeds f"
        with self._reading() as db:
            if names is None:
                rows = db.execute(query).fetchall()
            else:
                rows = []
                for chunk in chunks(list(names)):
                    rows += db.execute(f"{query} WHERE f.name IN ({_marks(chunk)})", chunk).fetchall()
        return {row["name"]: self._feed_state(row) for row in rows}

    @staticmethod
    def _feed_state(row: Row) -> FeedState:
        status = FeedStatus(
            name=row["name"],
            url=row["url"],
            status=row["status"],
            http_status=row["http_status"],
            error=row["error"],
            warning=row["warning"],
            new_items=row["new_items"],
            items=row["items"],
            last_poll=parse_time(row["last_poll"]),
            last_success=parse_time(row["last_success"]),
            next_poll=parse_time(row["next_poll"]),
            failures=row["failures"],
            retry_until=parse_time(row["retry_until"]),
            pages_fetched=row["pages_fetched"],
            pages_failed=row["pages_failed"],
        )
        return FeedState(status=status, etag=row["etag"], last_modified=row["last_modified"])

    def save_poll(
        self,
        status: FeedStatus,
        *,
        etag: str | None,
        last_modified: str | None,
        items: Iterable[tuple[Item, Facts]] = (),
        now: dt.datetime,
    ) -> list[Item]:
        """Store one feed's poll: its new items with their facts and its state, atomically.

        Returns the items that were new to the store. An item that is already
        stored (same id, an alias of it, the same canonical link, or the same
        title within a few days) only gains this feed as a source.
        """
        rows = [(item, fact_rows(item.feed, facts)) for item, facts in items]
        return self.save_polls([PollWrite(status, etag, last_modified, rows, now)])[0]

    def save_polls(self, writes: Sequence[Write]) -> list[list[Item]]:
        """Store several feeds' polls in one transaction (group commit); each one's new items.

        A big poll finishes feeds faster than it is worth committing them one by
        one: a commit rewrites every index page it touched, so one commit for a
        burst of feeds writes far less. All or nothing, like a single poll. Safe
        to call from one thread at a time besides the threads reading the store.
        """
        with self._writing() as db:
            self._lock_stories(db, story_keys(writes))
            found = [
                self._save(db, write) if isinstance(write, PollWrite) else self._save_page(db, write)
                for write in writes
            ]
            self._notify(db, "items")
        self._grew(sum(map(len, found)))
        return found

    def save_page(self, write: PageWrite) -> None:
        """Store one read page (see `PageWrite`); the poller batches these with polls through `save_polls`."""
        self.save_polls([write])

    @staticmethod
    def _save_page(db: Db, write: PageWrite) -> list[Item]:
        row = db.execute("SELECT published FROM items WHERE id = ?", (write.item_id,)).fetchone()
        if row is None:  # pruned or removed while its page was read: nothing to attach it to
            return []
        page = write.page
        article = write.article if page.status == "full" else ""
        db.execute(
            """INSERT INTO pages (item_id, url, status, reason, fetched, article) VALUES (?, ?, ?, ?, ?, ?)
               ON CONFLICT (item_id) DO UPDATE SET url = excluded.url, status = excluded.status,
                   reason = excluded.reason, fetched = excluded.fetched, article = excluded.article""",
            (write.item_id, page.url, page.status, page.reason, iso(page.fetched), article),
        )
        if write.facts is not None and page.status == "full":
            db.execute("DELETE FROM facts WHERE item_id = ?", (write.item_id,))
            db.executemany(
                "INSERT INTO facts (item_id, kind, published, sort_key, body, group_key) VALUES (?, ?, ?, ?, ?, ?)",
                [(write.item_id, kind, row["published"], key, body, group) for kind, key, body, group in write.facts],
            )
        counter = "pages_failed" if page.status == "failed" else "pages_fetched"
        db.execute(f"UPDATE feeds SET {counter} = {counter} + 1 WHERE name = ?", (write.feed,))
        return []

    def pages_known(self, ids: Iterable[str]) -> set[str]:
        """Which of these items had their page read already (or tried): a story's page is read once."""
        found: set[str] = set()
        with self._reading() as db:
            for chunk in chunks(list(ids)):
                marks = ",".join("?" * len(chunk))
                found.update(r[0] for r in db.execute(f"SELECT item_id FROM pages WHERE item_id IN ({marks})", chunk))
        return found

    def _save(self, db: Db, write: PollWrite) -> list[Item]:
        status, now = write.status, write.now
        candidates: list[tuple[Item, Sequence[tuple[str, str | None, str, str | None]]]] = []
        item_rows: list[tuple[object, ...]] = []
        aliases: list[tuple[str, str]] = []
        sources: list[tuple[str, str]] = []
        in_batch: dict[tuple[str, str], str] = {}  # ("id" | "link", value) → id, for repeats within this poll
        seen = iso(now)
        stored = self._matches(db, [item for item, _ in write.items])
        for item, rows in write.items:
            link = canonical_link(item.link)
            stored_id = (
                in_batch.get(("id", item.id)) or (in_batch.get(("link", link)) if link else None) or stored.get(item.id)
            )
            if stored_id is None:
                item_rows.append((item.id, item.feed, item.title, item.link, iso(item.published), seen,
                                  item.summary, item.content, item.author, link, title_key(item.title),
                                  int(write.backfill)))  # fmt: skip
                candidates.append((item, rows))
                stored_id = in_batch[("id", item.id)] = item.id
                if link:
                    in_batch[("link", link)] = item.id
            elif stored_id != item.id:
                aliases.append((item.id, stored_id))
            sources.append((stored_id, item.feed))
        # one statement per table, not per item: a cold poll of 50 items costs a few round trips, not 150
        inserted = self._insert_new(
            db,
            """INSERT INTO items (id, feed, title, link, published, first_seen, summary, content, author,
                   link_key, title_key, backfill) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (id) DO NOTHING RETURNING id""",
            item_rows,
        )
        new = [item for item, _ in candidates if item.id in inserted]  # the rest another poller stored first
        db.executemany(
            "INSERT INTO facts (item_id, kind, published, sort_key, body, group_key) VALUES (?, ?, ?, ?, ?, ?)",
            [
                (item.id, kind, iso(item.published), key, body, group)
                for item, rows in candidates
                if item.id in inserted
                for kind, key, body, group in rows
            ],
        )
        db.executemany("INSERT INTO aliases (alias, item_id) VALUES (?, ?) ON CONFLICT DO NOTHING", aliases)
        db.executemany("INSERT INTO item_feeds (item_id, feed) VALUES (?, ?) ON CONFLICT DO NOTHING", sources)
        db.execute(
            """INSERT INTO feeds (name, url, status, http_status, error, warning, etag, last_modified,
                   last_poll, last_success, next_poll, failures, new_items, retry_until)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (name) DO UPDATE SET url = excluded.url, status = excluded.status,
                   http_status = excluded.http_status, error = excluded.error, warning = excluded.warning,
                   etag = excluded.etag, last_modified = excluded.last_modified,
                   last_poll = excluded.last_poll, last_success = excluded.last_success,
                   next_poll = excluded.next_poll, failures = excluded.failures,
                   new_items = excluded.new_items, retry_until = excluded.retry_until""",
            (
                status.name,
                status.url,
                status.status,
                status.http_status,
                status.error,
                status.warning,
                write.etag,
                write.last_modified,
                iso(status.last_poll),
                iso(status.last_success),
                iso(status.next_poll),
                status.failures,
                len(new),
                iso(status.retry_until),
            ),
        )
        return new

    @staticmethod
    def _matches(db: Db, items: Sequence[Item]) -> dict[str, str]:
        """For each item that repeats a stored story, that story's id (see `save_poll` for what repeats).

        One statement per feed (per 200 items): ids, aliases, links and titles
        are asked together, because on a shared store each statement is a round
        trip the poll's single writer waits on. The items are matched against
        the store as it was before this feed's writes; repeats within the feed
        are the caller's. Titles match only across feeds: one feed reusing a
        title ("Press statement on X") means another story.
        """
        found: dict[str, tuple[int, str]] = {}  # item id → (strength, stored id); 0 strongest
        by_feed: dict[str, list[Item]] = {}
        for item in items:
            by_feed.setdefault(item.feed, []).append(item)
        for feed, feed_items in by_feed.items():
            for start in range(0, len(feed_items), _MATCH_CHUNK):
                _match_chunk(db, feed, feed_items[start : start + _MATCH_CHUNK], found)
        return {item_id: stored_id for item_id, (_, stored_id) in found.items()}

    def feed_item_ids(self, feed: str, *, limit: int = 2000) -> frozenset[str]:
        """Ids (and aliases) of the latest stories this feed delivered: its items that need no extraction.

        A feed lists its newest entries, so its last `limit` stories are enough;
        an older one it lists again is extracted again and then found stored.
        """
        with self._reading() as db:
            rows = db.execute(
                """WITH recent AS (SELECT f.item_id FROM item_feeds f JOIN items i ON i.id = f.item_id
                                   WHERE f.feed = ? ORDER BY i.first_seen DESC LIMIT ?)
                   SELECT item_id FROM recent
                   UNION SELECT a.alias FROM aliases a JOIN recent r ON a.item_id = r.item_id""",
                (feed, limit),
            ).fetchall()
        return frozenset(row[0] for row in rows)

    def prune(self, *, first_seen_before: dt.datetime) -> int:
        """Forget items (and their facts) that arrived before the cut-off; the count removed."""
        with self._writing() as db:
            gone = db.execute("DELETE FROM items WHERE first_seen < ? RETURNING id", (iso(first_seen_before),))
            return len(gone.fetchall())  # (a pipelined statement's rowcount is not known yet)

    def set_next_poll(self, name: str, when: dt.datetime) -> None:
        with self._writing() as db:
            db.execute("UPDATE feeds SET next_poll = ? WHERE name = ?", (iso(when), name))

    def has_item(self, item_id: str) -> bool:
        with self._reading() as db:
            return db.execute("SELECT 1 FROM items WHERE id = ?", (item_id,)).fetchone() is not None

    def known_ids(self, ids: Iterable[str]) -> set[str]:
        """Which of these item ids are stored already, as items or as aliases of one."""
        found: set[str] = set()
        with self._reading() as db:
            for chunk in chunks(list(ids)):
                marks = ",".join("?" * len(chunk))
                found.update(
                    r[0]
                    for r in db.execute(
                        f"SELECT id FROM items WHERE id IN ({marks}) UNION SELECT alias FROM aliases "
                        f"WHERE alias IN ({marks})",
                        (*chunk, *chunk),
                    )
                )
        return found

    # --- reading -----------------------------------------------------------

    def items(self, *, until: dt.datetime | None = None, limit: int = 200) -> list[StoredItem]:
        """Newest first; with `until`, only items published up to that moment (replay)."""
        if until is None:
            return self._select_items("1 = 1", (), limit)
        return self._select_items("i.published <= ?", (iso(until),), limit)

    def arrivals(
        self, *, since: dt.datetime, known: Collection[str] = (), limit: int = 5000
    ) -> list[tuple[StoredItem, Facts]]:
        """Stories first stored at or after `since` and not `known`, oldest first, with their facts: what a
        screen following a shared store alerts on. A feed's first poll (its back catalogue) is left out, as
        the poller leaves it. The facts come in one query for them all, not one per story."""
        found = self._select_items("i.first_seen >= ? AND i.backfill = 0", (iso(since),), limit, oldest_first=True)
        fresh = [stored for stored in found if stored.item.id not in known]
        facts = self.facts_of_many([stored.item.id for stored in fresh])
        return [(stored, facts.get(stored.item.id, Facts())) for stored in fresh]

    def item(self, item_id: str) -> StoredItem | None:
        found = self._select_items("i.id = ?", (item_id,), 1)
        return found[0] if found else None

    def _select_items(
        self, where: str, params: tuple[object, ...], limit: int, *, oldest_first: bool = False
    ) -> list[StoredItem]:
        order = "i.first_seen, i.id" if oldest_first else "i.published DESC, i.id"
        with self._reading() as db:
            rows = db.execute(
                f"""SELECT i.*, {self.FEEDS_OF_ITEM} AS feeds, p.url AS page_url, p.status AS page_status,
                       p.reason AS page_reason, p.fetched AS page_fetched, p.article AS article
                   FROM items i LEFT JOIN pages p ON p.item_id = i.id
                   WHERE {where} ORDER BY {order} LIMIT ?""",
                (*params, limit),
            ).fetchall()
        return [
            StoredItem(
                item=Item(
                    id=row["id"],
                    feed=row["feed"],
                    title=row["title"],
                    link=row["link"],
                    published=dt.datetime.fromisoformat(row["published"]),
                    summary=row["summary"],
                    content=row["content"],
                    author=row["author"],
                    article=row["article"] or "",
                ),
                feeds=tuple(sorted((row["feeds"] or row["feed"]).split("\x1f"))),
                first_seen=dt.datetime.fromisoformat(row["first_seen"]),
                page=page_of(row),
            )
            for row in rows
        ]

    def _facts(
        self, kind: str, until: dt.datetime | None, extra: str = "", params: tuple[object, ...] = ()
    ) -> list[dict[str, object]]:
        cutoff, limit = ("AND x.published <= ?", (iso(until),)) if until else ("", ())
        with self._reading() as db:
            rows = db.execute(
                f"""SELECT x.body, x.item_id, x.published, i.feed FROM facts x JOIN items i ON i.id = x.item_id
                    WHERE x.kind = ? {cutoff} {extra}
                    ORDER BY x.published, x.id""",
                (kind, *limit, *params),
            ).fetchall()
        return [self._provenance(row) for row in rows]

    def claims(self, *, until: dt.datetime | None = None) -> list[ControlClaim]:
        """Every stored control claim, oldest first, with its source, claimant and date."""
        return [ControlClaim.model_validate(body) for body in self._facts("count", until)]

    def claim_history(
        self, *, until: dt.datetime | None = None, per_row: int = 12, rows: int = 300
    ) -> list[ControlClaim]:
        """What the Control pane needs: the `per_row` latest claims of the `rows` most recent rows.

        A row is an actor × unit × verb × claimant (`situation.group_key`); the
        window keeps the pane's cost flat however much history is stored.
        """
        cutoff, params = ("AND published <= ?", (iso(until),)) if until else ("", ())
        found: list[Row] = []
        with self._reading() as db:
            keys = db.execute(  # a covering index scan; ranking in Python beats a window function here
                f"SELECT id, group_key, published FROM facts WHERE kind = 'count' AND group_key IS NOT NULL {cutoff}",
                params,
            ).fetchall()
            by_row: dict[str, list[tuple[str, int]]] = {}
            for fact_id, key, published in keys:
                by_row.setdefault(key, []).append((published, fact_id))
            recent = sorted(by_row.values(), key=max, reverse=True)[:rows]
            wanted = [fact_id for history in recent for _, fact_id in sorted(history)[-per_row:]]
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                found += db.execute(
                    f"""SELECT x.body, x.item_id, x.published, i.feed FROM facts x JOIN items i ON i.id = x.item_id
                        WHERE x.id IN ({",".join("?" * len(chunk))})""",
                    chunk,
                ).fetchall()
        found.sort(key=lambda row: row["published"])
        return [ControlClaim.model_validate(self._provenance(row)) for row in found]

    def claims_in_row(self, *keys: str, until: dt.datetime | None = None) -> list[ControlClaim]:
        """Every claim of one Control row, oldest first: the row's full history.

        A row is one `situation.group_key`, or several when `[actors]` joins aliases (`ControlRow.keys`).
        """
        where = f"AND x.group_key IN ({','.join('?' * len(keys))})"
        return [ControlClaim.model_validate(body) for body in self._facts("count", until, where, keys)]

    def statements(self, *, until: dt.datetime | None = None, limit: int | None = None) -> list[Statement]:
        """Stored statements, oldest first; with `limit`, only the newest that many."""
        if limit is None:
            return [Statement.model_validate(body) for body in self._facts("statement", until)]
        cutoff, params = ("AND x.published <= ?", (iso(until),)) if until else ("", ())
        with self._reading() as db:
            found = db.execute(
                f"""SELECT * FROM (SELECT x.body, x.item_id, x.published, x.id, i.feed FROM facts x
                       JOIN items i ON i.id = x.item_id
                       WHERE x.kind = 'statement' {cutoff}
                       ORDER BY x.published DESC, x.id DESC LIMIT ?) AS latest ORDER BY published, id""",
                (*params, limit),
            ).fetchall()
        return [Statement.model_validate(self._provenance(row)) for row in found]

    @staticmethod
    def _provenance(row: Row) -> dict[str, object]:
        body: dict[str, object] = json.loads(row["body"])
        body.update(item_id=row["item_id"], source=row["feed"], published=row["published"])
        return body

    def events(self, *, until: dt.datetime | None = None, on_or_after: dt.date | None = None) -> list[Event]:
        """Stored events known by `until`, dated on or after `on_or_after`, oldest article first."""
        extra, params = ("AND x.sort_key >= ?", (on_or_after.isoformat(),)) if on_or_after else ("", ())
        return [Event.model_validate(body) for body in self._facts("event", until, extra, params)]

    def facts_of(self, item_id: str) -> Facts:
        """The facts read from one item, for the detail screen."""
        return self.facts_of_many([item_id]).get(item_id, Facts())

    def facts_of_many(self, item_ids: Sequence[str]) -> dict[str, Facts]:
        """The facts read from each of these items (those with none are left out)."""
        found: dict[str, tuple[list[ControlClaim], list[Statement], list[Event]]] = {}
        with self._reading() as db:
            for chunk in chunks(list(item_ids)):
                rows = db.execute(
                    f"SELECT item_id, kind, body FROM facts WHERE item_id IN ({','.join('?' * len(chunk))}) "
                    "ORDER BY id",
                    chunk,
                ).fetchall()
                for row in rows:
                    counts, statements, events = found.setdefault(row["item_id"], ([], [], []))
                    body = json.loads(row["body"])
                    if row["kind"] == "count":
                        counts.append(ControlClaim.model_validate(body))
                    elif row["kind"] == "statement":
                        statements.append(Statement.model_validate(body))
                    else:
                        events.append(Event.model_validate(body))
        return {key: Facts(counts=c, statements=st, events=ev) for key, (c, st, ev) in found.items()}

    def count_items(self) -> int:
        with self._reading() as db:
            return int(db.execute("SELECT count(*) FROM items").fetchone()[0])

    def totals(self) -> Totals:
        """How much the store holds: items, and facts of each kind."""
        with self._reading() as db:
            items = int(db.execute("SELECT count(*) FROM items").fetchone()[0])
            kinds = dict(db.execute("SELECT kind, count(*) FROM facts GROUP BY kind").fetchall())
        return Totals(items, int(kinds.get("count", 0)), int(kinds.get("statement", 0)), int(kinds.get("event", 0)))

    # --- pollers sharing the store (`monitor serve`) ------------------------

    def register_feeds(self, feeds: Mapping[str, tuple[str, str]]) -> None:
        """Make sure each configured feed (name → (url, host)) has a row a poller can lease; due now if new."""
        with self._writing() as db:
            db.executemany(
                """INSERT INTO feeds (name, url, host) VALUES (?, ?, ?)
                   ON CONFLICT (name) DO UPDATE SET url = excluded.url, host = excluded.host""",
                [(name, url, host) for name, (url, host) in feeds.items()],
            )

    def lease_feeds(
        self,
        owner: str,
        names: Sequence[str],
        *,
        now: dt.datetime,
        until: dt.datetime,
        limit: int,
        hosts: int | None = None,
    ) -> list[str]:
        """Lease up to `limit` of the due feeds among `names`, on at most `hosts` hosts, to `owner` until `until`.

        A host is leased whole: no feed of a host whose feeds another live poller
        holds is handed out, so each host is polled by one poller at a time and
        that poller's own per-host cap holds for the whole team. A round takes
        whole hosts, most overdue first, while they fit in `limit` (at least part
        of one) and number at most `hosts`, leaving the others to other pollers.
        Leases are handed out one transaction at a time (see `_leasing`), so two
        pollers never see the same free feed; an expired lease (a poller that
        died) is free.
        """
        stamp, expiry = iso(now), iso(until)
        with self._leasing() as db:
            busy = {  # hosts another poller is polling, or reading article pages from
                row[0]
                for row in db.execute(
                    """SELECT host FROM feeds WHERE lease_owner IS NOT NULL AND lease_owner <> ? AND lease_until >= ?
                       UNION SELECT host FROM host_slots WHERE owner <> ? AND until >= ?""",
                    (owner, stamp, owner, stamp),
                )
            }
            due: list[Any] = []
            for chunk in chunks(list(names)):
                due += db.execute(
                    f"""SELECT name, host, next_poll FROM feeds WHERE name IN ({",".join("?" * len(chunk))})
                        AND (next_poll IS NULL OR next_poll <= ?)
                        AND (lease_owner IS NULL OR lease_until < ? OR lease_owner = ?)""",
                    (*chunk, stamp, stamp, owner),
                ).fetchall()
            due.sort(key=lambda row: (row[2] is not None, row[2] or "", row[0]))
            by_host: dict[str, list[str]] = {}  # hosts in the order of their most overdue feed
            for name, host, _ in due:
                if host not in busy:
                    by_host.setdefault(host, []).append(name)
            chosen: list[str] = []
            for taken, names_of_host in enumerate(by_host.values()):  # whole hosts: the rest stay free for others
                if chosen and (len(chosen) + len(names_of_host) > limit or (hosts is not None and taken >= hosts)):
                    break
                chosen += names_of_host[: limit - len(chosen)]
            for chunk in chunks(chosen):
                db.execute(
                    f"UPDATE feeds SET lease_owner = ?, lease_until = ? WHERE name IN ({','.join('?' * len(chunk))})",
                    (owner, expiry, *chunk),
                )
        return chosen

    def take_host_slot(self, owner: str, host: str, *, slots: int, now: dt.datetime, until: dt.datetime) -> int | None:
        """One of `slots` places for a request of `owner` to `host`, held until `until`; None when none is free.

        Article pages often live on hosts that are no feed's, or on a feed's host
        another poller has leased: a poller takes a place for each page request
        to a host it has not leased itself, so the whole team keeps to
        `per_host` there too. A host another live poller is polling is full
        (that poller makes up to `per_host` requests of its own), and while any
        place is held, `lease_feeds` gives the host's feeds to no one else.
        """
        stamp = iso(now)
        with self._leasing() as db:
            if db.execute(
                "SELECT 1 FROM feeds WHERE host = ? AND lease_owner IS NOT NULL AND lease_owner <> ? "
                "AND lease_until >= ? LIMIT 1",
                (host, owner, stamp),
            ).fetchone():
                return None
            held = {row[0] for row in db.execute("SELECT slot FROM host_slots WHERE host = ? AND until >= ?",
                                                 (host, stamp))}  # fmt: skip
            free = next((slot for slot in range(slots) if slot not in held), None)
            if free is not None:
                db.execute(
                    """INSERT INTO host_slots (host, slot, owner, until) VALUES (?, ?, ?, ?)
                       ON CONFLICT (host, slot) DO UPDATE SET owner = excluded.owner, until = excluded.until""",
                    (host, free, owner, iso(until)),
                )
            return free

    def free_host_slot(self, owner: str, host: str, slot: int) -> None:
        """Give back a place taken with `take_host_slot` (its request is done)."""
        with self._writing() as db:
            db.execute("DELETE FROM host_slots WHERE host = ? AND slot = ? AND owner = ?", (host, slot, owner))

    def release_feeds(self, owner: str, names: Sequence[str]) -> None:
        """Give back the leases `owner` holds on these feeds (after storing their polls)."""
        with self._writing() as db:
            for chunk in chunks(list(names)):
                db.execute(
                    f"""UPDATE feeds SET lease_owner = NULL, lease_until = NULL
                        WHERE lease_owner = ? AND name IN ({",".join("?" * len(chunk))})""",
                    (owner, *chunk),
                )

    def renew_leases(self, owner: str, *, until: dt.datetime) -> None:
        """Keep the feeds `owner` is polling leased until `until`: a slow poll is not taken over."""
        with self._writing() as db:
            db.execute("UPDATE feeds SET lease_until = ? WHERE lease_owner = ?", (iso(until), owner))

    def request_poll(self, names: Sequence[str], *, now: dt.datetime) -> None:
        """Make these feeds due now, for whichever poller is running (`r` in a screen on a shared store)."""
        with self._writing() as db:
            for chunk in chunks(list(names)):
                db.execute(
                    f"UPDATE feeds SET next_poll = ? WHERE name IN ({','.join('?' * len(chunk))})",
                    (iso(now), *chunk),
                )
            self._notify(db, "poll")

    def register_poller(self, poller_id: str, *, host: str, pid: int, now: dt.datetime) -> None:
        with self._writing() as db:
            db.execute(
                """INSERT INTO pollers (id, host, pid, since, heartbeat, feeds_polled) VALUES (?, ?, ?, ?, ?, 0)
                   ON CONFLICT (id) DO UPDATE SET heartbeat = excluded.heartbeat, stopped = NULL""",
                (poller_id, host, pid, iso(now), iso(now)),
            )

    def poller_beat(self, poller_id: str, *, now: dt.datetime, polled: int = 0) -> None:
        """A poller is alive; `polled` more feeds were polled by it just now."""
        with self._writing() as db:
            db.execute(
                """UPDATE pollers SET heartbeat = ?, feeds_polled = feeds_polled + ?,
                       last_poll = CASE WHEN ? > 0 THEN ? ELSE last_poll END WHERE id = ?""",
                (iso(now), polled, polled, iso(now), poller_id),
            )

    def poller_stopped(self, poller_id: str, *, now: dt.datetime) -> None:
        """A poller ended cleanly: it is no longer alive, and its leases are free at once."""
        with self._writing() as db:
            db.execute("UPDATE pollers SET stopped = ? WHERE id = ?", (iso(now), poller_id))
            db.execute("UPDATE feeds SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = ?", (poller_id,))
            db.execute("DELETE FROM host_slots WHERE owner = ?", (poller_id,))

    def alive_pollers(self, now: dt.datetime) -> list[PollerInfo]:
        """The pollers heard from within `ALIVE_SECONDS` of `now`."""
        return self.pollers(alive_since=now - dt.timedelta(seconds=ALIVE_SECONDS))

    def pollers(self, *, alive_since: dt.datetime) -> list[PollerInfo]:
        """The pollers that have not stopped and were heard from at or after `alive_since`."""
        with self._reading() as db:
            rows = db.execute(
                "SELECT * FROM pollers WHERE stopped IS NULL AND heartbeat >= ? ORDER BY since, id",
                (iso(alive_since),),
            ).fetchall()
        return [
            PollerInfo(
                id=row["id"],
                host=row["host"],
                pid=int(row["pid"]),
                since=dt.datetime.fromisoformat(row["since"]),
                heartbeat=dt.datetime.fromisoformat(row["heartbeat"]),
                feeds_polled=int(row["feeds_polled"]),
                last_poll=parse_time(row["last_poll"]),
            )
            for row in rows
        ]


def story_keys(writes: Sequence[Write]) -> set[str]:
    """What makes the polls' items the same story as another feed's item: their canonical links and title keys."""
    keys: set[str] = set()
    for write in writes:
        if isinstance(write, PollWrite):
            for item, _ in write.items:
                if link := canonical_link(item.link):
                    keys.add(f"link {link}")
                if title := title_key(item.title):
                    keys.add(f"title {title}")
    return keys


_MATCH_CHUNK = 200
"""Items matched per statement: at most 4 parameters each, well inside both engines' limits."""


def _match_chunk(db: Db, feed: str, items: Sequence[Item], found: dict[str, tuple[int, str]]) -> None:
    """Match one feed's items against the store in one statement: by id or alias, link, or dated title."""
    by_key: tuple[dict[str, list[Item]], dict[str, list[Item]], dict[str, list[Item]]] = ({}, {}, {})
    for item in items:
        by_key[0].setdefault(item.id, []).append(item)
        if link := canonical_link(item.link):
            by_key[1].setdefault(link, []).append(item)
        if key := title_key(item.title):
            by_key[2].setdefault(key, []).append(item)
    ids, links, titles = (list(keys) for keys in by_key)
    parts = [
        f"SELECT 0, id, id, NULL FROM items WHERE id IN ({_marks(ids)})",
        f"SELECT 1, alias, item_id, NULL FROM aliases WHERE alias IN ({_marks(ids)})",
    ]
    parameters: list[str] = [*ids, *ids]
    if links:
        parts.append(f"SELECT 2, link_key, id, NULL FROM items WHERE link_key IN ({_marks(links)})")
        parameters += links
    if titles:
        parts.append(
            f"""SELECT 3, title_key, id, published FROM items WHERE title_key IN ({_marks(titles)})
                AND id NOT IN (SELECT item_id FROM item_feeds WHERE feed = ?)"""
        )
        parameters += [*titles, feed]
    for strength, key, stored_id, published in db.execute(" UNION ALL ".join(parts), parameters):
        for item in by_key[max(strength - 1, 0)].get(key, ()):
            if strength == 3:
                low, high = iso(item.published - TITLE_WINDOW), iso(item.published + TITLE_WINDOW)
                if low is None or high is None or not low <= published <= high:
                    continue
            _keep(found, item.id, strength, stored_id)


def _marks(values: Sequence[object]) -> str:
    return ",".join("?" * len(values))
