"""SQLite storage: items, the facts read from them, and per-feed state.

One module owns the schema so that nothing else writes SQL. The database runs
in WAL mode so the UI can read while a poll writes, and every poll's results go
in one transaction: an item that was reported stored is on disk with its facts,
and a crash mid-poll loses only the poll in flight.

Times are stored as ISO 8601 strings in UTC, which sort correctly as text.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .identity import TITLE_WINDOW, canonical_link, title_key
from .models import ControlClaim, Event, Facts, FeedStatus, Item, Page, Statement
from .situation import claimant_of, group_key

__all__ = [
    "SCHEMA_VERSION",
    "FactRow",
    "FeedState",
    "PageWrite",
    "PollWrite",
    "Store",
    "StoredItem",
    "Write",
    "fact_rows",
    "facts_from_rows",
]

SCHEMA_VERSION = 3

_V1 = (
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE feeds (
        name TEXT PRIMARY KEY,
        url TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending',
        http_status INTEGER,
        error TEXT,
        warning TEXT,
        etag TEXT,
        last_modified TEXT,
        last_poll TEXT,
        last_success TEXT,
        next_poll TEXT,
        failures INTEGER NOT NULL DEFAULT 0,
        new_items INTEGER NOT NULL DEFAULT 0
    )""",
    """CREATE TABLE items (
        id TEXT PRIMARY KEY,
        feed TEXT NOT NULL,
        title TEXT NOT NULL,
        link TEXT,
        published TEXT NOT NULL,
        first_seen TEXT NOT NULL,
        summary TEXT NOT NULL,
        content TEXT NOT NULL,
        author TEXT
    )""",
    "CREATE INDEX items_published ON items (published DESC)",
    """CREATE TABLE item_feeds (
        item_id TEXT NOT NULL REFERENCES items (id) ON DELETE CASCADE,
        feed TEXT NOT NULL,
        PRIMARY KEY (item_id, feed)
    )""",
    "CREATE INDEX item_feeds_feed ON item_feeds (feed)",
    """CREATE TABLE facts (
        id INTEGER PRIMARY KEY,
        item_id TEXT NOT NULL REFERENCES items (id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('count', 'statement', 'event')),
        published TEXT NOT NULL,
        sort_key TEXT,
        body TEXT NOT NULL
    )""",
    "CREATE INDEX facts_kind_published ON facts (kind, published)",
    "CREATE INDEX facts_item ON facts (item_id)",
)
_V2 = (
    # dedupe by canonical link and title, and the ids under which duplicates arrived
    "ALTER TABLE items ADD COLUMN link_key TEXT",
    "ALTER TABLE items ADD COLUMN title_key TEXT",
    "CREATE INDEX items_link_key ON items (link_key) WHERE link_key IS NOT NULL",
    "CREATE INDEX items_title_key ON items (title_key, published) WHERE title_key IS NOT NULL",
    """CREATE TABLE aliases (
        alias TEXT PRIMARY KEY,
        item_id TEXT NOT NULL REFERENCES items (id) ON DELETE CASCADE
    )""",
    "CREATE INDEX aliases_item ON aliases (item_id)",
    "ALTER TABLE feeds ADD COLUMN retry_until TEXT",
    # the Control row a claim belongs to, so the pane can read bounded history per row
    "ALTER TABLE facts ADD COLUMN group_key TEXT",
    "CREATE INDEX facts_group ON facts (kind, group_key, published) WHERE group_key IS NOT NULL",
    "CREATE INDEX facts_events ON facts (kind, sort_key) WHERE sort_key IS NOT NULL",
)
_V3 = (
    # the article page behind an item's link, read once per story (whichever feeds carry it, across restarts)
    """CREATE TABLE pages (
        item_id TEXT PRIMARY KEY REFERENCES items (id) ON DELETE CASCADE,
        url TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('full', 'same', 'failed')),
        reason TEXT,
        fetched TEXT NOT NULL,
        article TEXT NOT NULL DEFAULT ''
    )""",
    "ALTER TABLE feeds ADD COLUMN pages_fetched INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE feeds ADD COLUMN pages_failed INTEGER NOT NULL DEFAULT 0",
)
_MIGRATIONS: tuple[tuple[str, ...], ...] = (_V1, _V2, _V3)
"""Step N takes a store from schema N to N+1; a new schema appends a step, never edits one."""


@dataclass(frozen=True)
class FeedState:
    """What the poller needs to remember about a feed between runs."""

    status: FeedStatus
    etag: str | None
    last_modified: str | None


FactRow = tuple[str, str | None, str, str | None]
"""One stored fact: kind, sort key (an event's date), JSON body, Control-row key."""


def fact_rows(feed: str, facts: Facts) -> tuple[FactRow, ...]:
    """The rows an article's facts are stored as; claims get their claimant here.

    A pure function, so a worker process can build the rows and send strings
    back, rather than models the event loop would have to serialize again.
    """
    rows: list[FactRow] = []
    for found in facts.counts:
        claim = found.model_copy(update={"claimant": claimant_of(found, facts.statements) or feed})
        rows.append(("count", None, claim.model_dump_json(), group_key(claim)))
    rows += [("statement", None, statement.model_dump_json(), None) for statement in facts.statements]
    rows += [("event", event.date.isoformat(), event.model_dump_json(), None) for event in facts.events]
    return tuple(rows)


def facts_from_rows(rows: Sequence[FactRow]) -> Facts:
    """The facts back from their rows (for alerts, which match on models)."""
    return Facts(
        counts=[ControlClaim.model_validate_json(body) for kind, _, body, _ in rows if kind == "count"],
        statements=[Statement.model_validate_json(body) for kind, _, body, _ in rows if kind == "statement"],
        events=[Event.model_validate_json(body) for kind, _, body, _ in rows if kind == "event"],
    )


@dataclass(frozen=True)
class PollWrite:
    """One feed's poll, to be stored: its new state, validators and items with their fact rows."""

    status: FeedStatus
    etag: str | None
    last_modified: str | None
    items: Sequence[tuple[Item, Sequence[FactRow]]]
    now: dt.datetime


@dataclass(frozen=True)
class PageWrite:
    """The article page of a stored item, read: the page, its text, and (when it said more) the facts to keep."""

    item_id: str
    feed: str
    """The feed whose poll read it: its page counters go up."""
    page: Page
    article: str = ""
    facts: Sequence[FactRow] | None = None
    """The item's facts read again from the article, replacing the teaser's; None keeps them."""


Write = PollWrite | PageWrite


@dataclass(frozen=True)
class StoredItem:
    """An item with every feed it arrived through, and what came of reading its page."""

    item: Item
    feeds: tuple[str, ...]
    first_seen: dt.datetime
    page: Page | None = None


def _iso(value: dt.datetime | None) -> str | None:
    return value.astimezone(dt.UTC).isoformat() if value is not None else None


def _time(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


def _page(row: sqlite3.Row) -> Page | None:
    if row["page_status"] is None:
        return None
    return Page(
        url=row["page_url"],
        status=row["page_status"],
        reason=row["page_reason"],
        fetched=dt.datetime.fromisoformat(row["page_fetched"]),
    )


def _chunks(values: list[str], size: int = 400) -> Iterator[list[str]]:
    """`values` in slices small enough for one statement's parameters."""
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _keep(found: dict[str, tuple[int, str]], item_id: str, strength: int, stored_id: str) -> None:
    """Remember the strongest match of an item (the lowest `strength`; the first found among equals)."""
    if item_id not in found or strength < found[item_id][0]:
        found[item_id] = (strength, stored_id)


class Store:
    """The SQLite file behind the panes. Use as a context manager or call `close()`."""

    def __init__(self, path: Path | str) -> None:
        self._path = str(path)
        if self._path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self._db = self._connect()
        self._writes: sqlite3.Connection | None = None
        self._migrate()

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self._path, check_same_thread=False, isolation_level=None)
        db.row_factory = sqlite3.Row
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA wal_autocheckpoint=16384")
        db.execute("PRAGMA busy_timeout=30000")
        db.execute("PRAGMA foreign_keys=ON")
        return db

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._writes is not None:
            self._writes.close()
        self._db.close()

    @contextmanager
    def _transaction(self, db: sqlite3.Connection | None = None) -> Iterator[sqlite3.Connection]:
        db = db or self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def _poll_writes(self) -> sqlite3.Connection:
        """The connection polls are stored through, so a thread can write while the screen reads.

        WAL lets the reading connection see each committed poll without waiting;
        a ':memory:' store has no file to share, so it writes through its one connection.
        """
        if self._path == ":memory:":
            return self._db
        if self._writes is None:
            self._writes = self._connect()
        return self._writes

    def _migrate(self) -> None:
        """Bring the file to SCHEMA_VERSION, one recorded step at a time, each step atomic."""
        with self._transaction() as db:
            db.execute(_V1[0])
            row = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            version = int(row["value"]) if row else 0
            if version == 0 and db.execute("SELECT 1 FROM sqlite_master WHERE name = 'items'").fetchone():
                version = 1  # written before versions were recorded
        if version > SCHEMA_VERSION:
            raise RuntimeError(
                f"the store was written by a newer monitor (schema {version}, this one knows {SCHEMA_VERSION})"
            )
        for step in range(version, SCHEMA_VERSION):
            with self._transaction() as db:
                for statement in _MIGRATIONS[step][1 if step == 0 else 0 :]:
                    db.execute(statement)
                if step == 1:
                    self._backfill_keys(db)
                    self._backfill_claims(db)
                db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)", (str(step + 1),))

    @staticmethod
    def _backfill_claims(db: sqlite3.Connection) -> None:
        rows = db.execute(
            "SELECT x.id, x.item_id, x.kind, x.body, i.feed FROM facts x JOIN items i ON i.id = x.item_id"
        ).fetchall()
        statements: dict[str, list[Statement]] = {}
        for row in rows:
            if row["kind"] == "statement":
                statements.setdefault(row["item_id"], []).append(Statement.model_validate_json(row["body"]))
        updates = []
        for row in rows:
            if row["kind"] == "count":
                found = ControlClaim.model_validate_json(row["body"])
                said = claimant_of(found, statements.get(row["item_id"], []))
                claim = found.model_copy(update={"claimant": said or row["feed"]})
                updates.append((claim.model_dump_json(), group_key(claim), row["id"]))
        db.executemany("UPDATE facts SET body = ?, group_key = ? WHERE id = ?", updates)

    @staticmethod
    def _backfill_keys(db: sqlite3.Connection) -> None:
        rows = db.execute("SELECT id, link, title FROM items").fetchall()
        db.executemany(
            "UPDATE items SET link_key = ?, title_key = ? WHERE id = ?",
            [(canonical_link(r["link"]), title_key(r["title"]), r["id"]) for r in rows],
        )

    # --- feeds -------------------------------------------------------------

    def feed_states(self) -> dict[str, FeedState]:
        rows = self._db.execute(
            "SELECT f.*, (SELECT count(*) FROM item_feeds i WHERE i.feed = f.name) AS items FROM feeds f"
        ).fetchall()
        return {row["name"]: self._feed_state(row) for row in rows}

    @staticmethod
    def _feed_state(row: sqlite3.Row) -> FeedState:
        status = FeedStatus(
            name=row["name"],
            url=row["url"],
            status=row["status"],
            http_status=row["http_status"],
            error=row["error"],
            warning=row["warning"],
            new_items=row["new_items"],
            items=row["items"],
            last_poll=_time(row["last_poll"]),
            last_success=_time(row["last_success"]),
            next_poll=_time(row["next_poll"]),
            failures=row["failures"],
            retry_until=_time(row["retry_until"]),
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
        to call from one thread at a time besides the thread reading the store.
        """
        with self._transaction(self._poll_writes()) as db:
            return [
                self._save(db, write) if isinstance(write, PollWrite) else self._save_page(db, write)
                for write in writes
            ]

    def save_page(self, write: PageWrite) -> None:
        """Store one read page (see `PageWrite`); the poller batches these with polls through `save_polls`."""
        self.save_polls([write])

    @staticmethod
    def _save_page(db: sqlite3.Connection, write: PageWrite) -> list[Item]:
        row = db.execute("SELECT published FROM items WHERE id = ?", (write.item_id,)).fetchone()
        if row is None:  # pruned or removed while its page was read: nothing to attach it to
            return []
        page = write.page
        article = write.article if page.status == "full" else ""
        db.execute(
            "INSERT OR REPLACE INTO pages (item_id, url, status, reason, fetched, article) VALUES (?, ?, ?, ?, ?, ?)",
            (write.item_id, page.url, page.status, page.reason, _iso(page.fetched), article),
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
        wanted = list(ids)
        found: set[str] = set()
        for chunk in _chunks(wanted):
            marks = ",".join("?" * len(chunk))
            found.update(r[0] for r in self._db.execute(f"SELECT item_id FROM pages WHERE item_id IN ({marks})", chunk))
        return found

    def _save(self, db: sqlite3.Connection, write: PollWrite) -> list[Item]:
        status, now = write.status, write.now
        new: list[Item] = []
        item_rows: list[tuple[object, ...]] = []
        facts: list[tuple[object, ...]] = []
        aliases: list[tuple[str, str]] = []
        sources: list[tuple[str, str]] = []
        in_batch: dict[tuple[str, str], str] = {}  # ("id" | "link", value) → id, for repeats within this poll
        seen = _iso(now)
        stored = self._matches(db, [item for item, _ in write.items])
        for item, rows in write.items:
            link = canonical_link(item.link)
            stored_id = (
                in_batch.get(("id", item.id)) or (in_batch.get(("link", link)) if link else None) or stored.get(item.id)
            )
            if stored_id is None:
                published = _iso(item.published)
                item_rows.append((item.id, item.feed, item.title, item.link, published, seen, item.summary,
                                  item.content, item.author, link, title_key(item.title)))  # fmt: skip
                facts += [(item.id, kind, published, key, body, group) for kind, key, body, group in rows]
                new.append(item)
                stored_id = in_batch[("id", item.id)] = item.id
                if link:
                    in_batch[("link", link)] = item.id
            elif stored_id != item.id:
                aliases.append((item.id, stored_id))
            sources.append((stored_id, item.feed))
        # one statement per table, not per item: a cold poll of 50 items costs 4 round trips, not 150
        db.executemany(
            """INSERT INTO items (id, feed, title, link, published, first_seen, summary, content, author,
                   link_key, title_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            item_rows,
        )
        db.executemany(
            "INSERT INTO facts (item_id, kind, published, sort_key, body, group_key) VALUES (?, ?, ?, ?, ?, ?)",
            facts,
        )
        db.executemany("INSERT OR IGNORE INTO aliases (alias, item_id) VALUES (?, ?)", aliases)
        db.executemany("INSERT OR IGNORE INTO item_feeds (item_id, feed) VALUES (?, ?)", sources)
        db.execute(
            """INSERT INTO feeds (name, url, status, http_status, error, warning, etag, last_modified,
                   last_poll, last_success, next_poll, failures, new_items, retry_until)
               VALUES (:name, :url, :status, :http_status, :error, :warning, :etag, :last_modified,
                   :last_poll, :last_success, :next_poll, :failures, :new_items, :retry_until)
               ON CONFLICT (name) DO UPDATE SET url = excluded.url, status = excluded.status,
                   http_status = excluded.http_status, error = excluded.error, warning = excluded.warning,
                   etag = excluded.etag, last_modified = excluded.last_modified,
                   last_poll = excluded.last_poll, last_success = excluded.last_success,
                   next_poll = excluded.next_poll, failures = excluded.failures,
                   new_items = excluded.new_items, retry_until = excluded.retry_until""",
            {
                "name": status.name,
                "url": status.url,
                "status": status.status,
                "http_status": status.http_status,
                "error": status.error,
                "warning": status.warning,
                "etag": write.etag,
                "last_modified": write.last_modified,
                "last_poll": _iso(status.last_poll),
                "last_success": _iso(status.last_success),
                "next_poll": _iso(status.next_poll),
                "failures": status.failures,
                "new_items": len(new),
                "retry_until": _iso(status.retry_until),
            },
        )
        return new

    @staticmethod
    def _matches(db: sqlite3.Connection, items: Sequence[Item]) -> dict[str, str]:
        """For each item that repeats a stored story, that story's id (see `save_poll` for what repeats).

        Asked for the whole feed at once: a cold poll of 50 new items costs two
        queries, not a hundred. The items are matched against the store as it
        was before this feed's writes; repeats within the feed are the caller's.
        """
        found: dict[str, tuple[int, str]] = {}  # item id → (strength, stored id); 0 strongest
        by_link: dict[str, list[str]] = {}
        for item in items:
            link = canonical_link(item.link)
            if link:
                by_link.setdefault(link, []).append(item.id)
        ids = list(dict.fromkeys(item.id for item in items))
        for chunk in _chunks(ids):
            marks = ",".join("?" * len(chunk))
            for kind, key, stored_id in db.execute(
                f"""SELECT 0, id, id FROM items WHERE id IN ({marks})
                    UNION ALL SELECT 1, alias, item_id FROM aliases WHERE alias IN ({marks})""",
                (*chunk, *chunk),
            ):
                _keep(found, key, kind, stored_id)
        for chunk in _chunks(list(by_link)):
            for link, stored_id in db.execute(
                f"SELECT link_key, id FROM items WHERE link_key IN ({','.join('?' * len(chunk))})", chunk
            ):
                for item_id in by_link[link]:
                    _keep(found, item_id, 2, stored_id)
        # titles only across feeds: one feed reusing a title ("Press statement on X") means another story
        by_title: dict[tuple[str, str], list[Item]] = {}  # (feed, title key) → its items
        for item in items:
            key = title_key(item.title)
            if key and item.id not in found:
                by_title.setdefault((item.feed, key), []).append(item)
        for feed in dict.fromkeys(feed for feed, _ in by_title):
            keys = [key for f, key in by_title if f == feed]
            for chunk in _chunks(keys):
                for key, stored_id, published in db.execute(
                    f"""SELECT title_key, id, published FROM items WHERE title_key IN ({",".join("?" * len(chunk))})
                        AND id NOT IN (SELECT item_id FROM item_feeds WHERE feed = ?)""",
                    (*chunk, feed),
                ):
                    for item in by_title[feed, key]:
                        low, high = _iso(item.published - TITLE_WINDOW), _iso(item.published + TITLE_WINDOW)
                        if low is not None and high is not None and low <= published <= high:
                            _keep(found, item.id, 3, stored_id)
        return {item_id: stored_id for item_id, (_, stored_id) in found.items()}

    def feed_item_ids(self, feed: str, *, limit: int = 2000) -> frozenset[str]:
        """Ids (and aliases) of the latest stories this feed delivered: its items that need no extraction.

        A feed lists its newest entries, so its last `limit` stories are enough;
        an older one it lists again is extracted again and then found stored.
        """
        rows = self._db.execute(
            """WITH recent AS (SELECT f.item_id FROM item_feeds f JOIN items i ON i.id = f.item_id
                               WHERE f.feed = ? ORDER BY i.first_seen DESC LIMIT ?)
               SELECT item_id FROM recent
               UNION SELECT a.alias FROM aliases a JOIN recent r ON a.item_id = r.item_id""",
            (feed, limit),
        ).fetchall()
        return frozenset(row[0] for row in rows)

    def prune(self, *, first_seen_before: dt.datetime) -> int:
        """Forget items (and their facts) that arrived before the cut-off; the count removed."""
        with self._transaction() as db:
            cursor = db.execute("DELETE FROM items WHERE first_seen < ?", (_iso(first_seen_before),))
        return cursor.rowcount

    def set_next_poll(self, name: str, when: dt.datetime) -> None:
        with self._transaction() as db:
            db.execute("UPDATE feeds SET next_poll = ? WHERE name = ?", (_iso(when), name))

    def has_item(self, item_id: str) -> bool:
        return self._db.execute("SELECT 1 FROM items WHERE id = ?", (item_id,)).fetchone() is not None

    def known_ids(self, ids: Iterable[str]) -> set[str]:
        """Which of these item ids are stored already, as items or as aliases of one."""
        wanted = list(ids)
        found: set[str] = set()
        for start in range(0, len(wanted), 400):
            chunk = wanted[start : start + 400]
            marks = ",".join("?" * len(chunk))
            found.update(
                r[0]
                for r in self._db.execute(
                    f"SELECT id FROM items WHERE id IN ({marks}) "
                    f"UNION SELECT alias FROM aliases WHERE alias IN ({marks})",
                    (*chunk, *chunk),
                )
            )
        return found

    # --- reading -----------------------------------------------------------

    def items(self, *, until: dt.datetime | None = None, limit: int = 200) -> list[StoredItem]:
        """Newest first; with `until`, only items published up to that moment (replay)."""
        if until is None:
            return self._select_items("1", (), limit)
        return self._select_items("i.published <= ?", (_iso(until),), limit)

    def item(self, item_id: str) -> StoredItem | None:
        found = self._select_items("i.id = ?", (item_id,), 1)
        return found[0] if found else None

    def _select_items(self, where: str, params: tuple[object, ...], limit: int) -> list[StoredItem]:
        rows = self._db.execute(
            f"""SELECT i.*, (SELECT group_concat(f.feed, char(31)) FROM item_feeds f WHERE f.item_id = i.id) AS feeds,
                   p.url AS page_url, p.status AS page_status, p.reason AS page_reason, p.fetched AS page_fetched,
                   p.article AS article
               FROM items i LEFT JOIN pages p ON p.item_id = i.id
               WHERE {where} ORDER BY i.published DESC, i.id LIMIT ?""",
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
                page=_page(row),
            )
            for row in rows
        ]

    def _facts(
        self, kind: str, until: dt.datetime | None, extra: str = "", params: tuple[object, ...] = ()
    ) -> list[tuple[sqlite3.Row, dict[str, object]]]:
        cutoff, limit = ("AND x.published <= ?", (_iso(until),)) if until else ("", ())
        rows = self._db.execute(
            f"""SELECT x.body, x.item_id, x.published, i.feed FROM facts x JOIN items i ON i.id = x.item_id
                WHERE x.kind = ? {cutoff} {extra}
                ORDER BY x.published, x.id""",
            (kind, *limit, *params),
        ).fetchall()
        return [(row, self._provenance(row)) for row in rows]

    def claims(self, *, until: dt.datetime | None = None) -> list[ControlClaim]:
        """Every stored control claim, oldest first, with its source, claimant and date."""
        return [ControlClaim.model_validate(body) for _, body in self._facts("count", until)]

    def claim_history(
        self, *, until: dt.datetime | None = None, per_row: int = 12, rows: int = 300
    ) -> list[ControlClaim]:
        """What the Control pane needs: the `per_row` latest claims of the `rows` most recent rows.

        A row is an actor × unit × verb × claimant (`situation.group_key`); the
        window keeps the pane's cost flat however much history is stored.
        """
        cutoff, params = ("AND published <= ?", (_iso(until),)) if until else ("", ())
        keys = self._db.execute(  # a covering index scan; ranking in Python beats a window function here
            f"SELECT id, group_key, published FROM facts WHERE kind = 'count' AND group_key IS NOT NULL {cutoff}",
            params,
        ).fetchall()
        by_row: dict[str, list[tuple[str, int]]] = {}
        for fact_id, key, published in keys:
            by_row.setdefault(key, []).append((published, fact_id))
        recent = sorted(by_row.values(), key=max, reverse=True)[:rows]
        wanted = [fact_id for history in recent for _, fact_id in sorted(history)[-per_row:]]
        found: list[sqlite3.Row] = []
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            found += self._db.execute(
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
        return [ControlClaim.model_validate(body) for _, body in self._facts("count", until, where, keys)]

    def statements(self, *, until: dt.datetime | None = None, limit: int | None = None) -> list[Statement]:
        """Stored statements, oldest first; with `limit`, only the newest that many."""
        if limit is None:
            return [Statement.model_validate(body) for _, body in self._facts("statement", until)]
        cutoff, params = ("AND x.published <= ?", (_iso(until),)) if until else ("", ())
        found = self._db.execute(
            f"""SELECT * FROM (SELECT x.body, x.item_id, x.published, x.id, i.feed FROM facts x
                   JOIN items i ON i.id = x.item_id
                   WHERE x.kind = 'statement' {cutoff}
                   ORDER BY x.published DESC, x.id DESC LIMIT ?) ORDER BY published, id""",
            (*params, limit),
        ).fetchall()
        return [Statement.model_validate(self._provenance(row)) for row in found]

    @staticmethod
    def _provenance(row: sqlite3.Row) -> dict[str, object]:
        body: dict[str, object] = json.loads(row["body"])
        body.update(item_id=row["item_id"], source=row["feed"], published=row["published"])
        return body

    def events(self, *, until: dt.datetime | None = None, on_or_after: dt.date | None = None) -> list[Event]:
        """Stored events known by `until`, dated on or after `on_or_after`, oldest article first."""
        extra, params = ("AND x.sort_key >= ?", (on_or_after.isoformat(),)) if on_or_after else ("", ())
        return [Event.model_validate(body) for _, body in self._facts("event", until, extra, params)]

    def facts_of(self, item_id: str) -> Facts:
        """The facts read from one item, for the detail screen."""
        counts, statements, events = [], [], []
        for row in self._db.execute(
            "SELECT kind, body FROM facts WHERE item_id = ? ORDER BY id", (item_id,)
        ).fetchall():
            body = json.loads(row["body"])
            if row["kind"] == "count":
                counts.append(ControlClaim.model_validate(body))
            elif row["kind"] == "statement":
                statements.append(Statement.model_validate(body))
            else:
                events.append(Event.model_validate(body))
        return Facts(counts=counts, statements=statements, events=events)

    def count_items(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM items").fetchone()[0])
