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
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .models import ControlClaim, Event, Facts, FeedStatus, Item, Statement

__all__ = ["SCHEMA_VERSION", "FeedState", "Store", "StoredItem"]

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS feeds (
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
);
CREATE TABLE IF NOT EXISTS items (
    id TEXT PRIMARY KEY,
    feed TEXT NOT NULL,
    title TEXT NOT NULL,
    link TEXT,
    published TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    summary TEXT NOT NULL,
    content TEXT NOT NULL,
    author TEXT
);
CREATE INDEX IF NOT EXISTS items_published ON items (published DESC);
CREATE TABLE IF NOT EXISTS item_feeds (
    item_id TEXT NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    feed TEXT NOT NULL,
    PRIMARY KEY (item_id, feed)
);
CREATE INDEX IF NOT EXISTS item_feeds_feed ON item_feeds (feed);
CREATE TABLE IF NOT EXISTS facts (
    id INTEGER PRIMARY KEY,
    item_id TEXT NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('count', 'statement', 'event')),
    published TEXT NOT NULL,
    sort_key TEXT,
    body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS facts_kind_published ON facts (kind, published);
CREATE INDEX IF NOT EXISTS facts_item ON facts (item_id);
"""


@dataclass(frozen=True)
class FeedState:
    """What the poller needs to remember about a feed between runs."""

    status: FeedStatus
    etag: str | None
    last_modified: str | None


@dataclass(frozen=True)
class StoredItem:
    """An item with every feed it arrived through."""

    item: Item
    feeds: tuple[str, ...]
    first_seen: dt.datetime


def _iso(value: dt.datetime | None) -> str | None:
    return value.astimezone(dt.UTC).isoformat() if value is not None else None


def _time(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


class Store:
    """The SQLite file behind the panes. Use as a context manager or call `close()`."""

    def __init__(self, path: Path | str) -> None:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("PRAGMA foreign_keys=ON")
        self._migrate()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def _migrate(self) -> None:
        self._db.executescript(_SCHEMA)  # idempotent; executescript commits on its own
        with self._transaction() as db:
            row = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            version = int(row["value"]) if row else 0
            if version > SCHEMA_VERSION:
                raise RuntimeError(
                    f"the store was written by a newer monitor (schema {version}, this one knows {SCHEMA_VERSION})"
                )
            db.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),)
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

        Returns the items that were new to the store (an item already stored from
        another feed only gains this feed as a source).
        """
        new: list[Item] = []
        with self._transaction() as db:
            for item, facts in items:
                known = db.execute("SELECT 1 FROM items WHERE id = ?", (item.id,)).fetchone()
                if not known:
                    self._insert_item(db, item, facts, now)
                    new.append(item)
                db.execute("INSERT OR IGNORE INTO item_feeds (item_id, feed) VALUES (?, ?)", (item.id, item.feed))
            db.execute(
                """INSERT INTO feeds (name, url, status, http_status, error, warning, etag, last_modified,
                       last_poll, last_success, next_poll, failures, new_items)
                   VALUES (:name, :url, :status, :http_status, :error, :warning, :etag, :last_modified,
                       :last_poll, :last_success, :next_poll, :failures, :new_items)
                   ON CONFLICT (name) DO UPDATE SET url = excluded.url, status = excluded.status,
                       http_status = excluded.http_status, error = excluded.error, warning = excluded.warning,
                       etag = excluded.etag, last_modified = excluded.last_modified,
                       last_poll = excluded.last_poll, last_success = excluded.last_success,
                       next_poll = excluded.next_poll, failures = excluded.failures,
                       new_items = excluded.new_items""",
                {
                    "name": status.name,
                    "url": status.url,
                    "status": status.status,
                    "http_status": status.http_status,
                    "error": status.error,
                    "warning": status.warning,
                    "etag": etag,
                    "last_modified": last_modified,
                    "last_poll": _iso(status.last_poll),
                    "last_success": _iso(status.last_success),
                    "next_poll": _iso(status.next_poll),
                    "failures": status.failures,
                    "new_items": len(new),
                },
            )
        return new

    @staticmethod
    def _insert_item(db: sqlite3.Connection, item: Item, facts: Facts, now: dt.datetime) -> None:
        published = _iso(item.published)
        db.execute(
            """INSERT INTO items (id, feed, title, link, published, first_seen, summary, content, author)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (item.id, item.feed, item.title, item.link, published, _iso(now), item.summary, item.content,
             item.author),
        )
        rows: list[tuple[str, str, str, str | None, str]] = []
        for claim in facts.counts:
            rows.append((item.id, "count", published or "", None, claim.model_dump_json()))
        for statement in facts.statements:
            rows.append((item.id, "statement", published or "", None, statement.model_dump_json()))
        for event in facts.events:
            rows.append((item.id, "event", published or "", event.date.isoformat(), event.model_dump_json()))
        db.executemany(
            "INSERT INTO facts (item_id, kind, published, sort_key, body) VALUES (?, ?, ?, ?, ?)", rows
        )

    def has_item(self, item_id: str) -> bool:
        return self._db.execute("SELECT 1 FROM items WHERE id = ?", (item_id,)).fetchone() is not None

    def known_ids(self, ids: Iterable[str]) -> set[str]:
        """Which of these item ids are stored already (so extraction runs on new items only)."""
        wanted = list(ids)
        found: set[str] = set()
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            found.update(r[0] for r in self._db.execute(f"SELECT id FROM items WHERE id IN ({marks})", chunk))
        return found

    # --- reading -----------------------------------------------------------

    def items(self, *, until: dt.datetime | None = None, limit: int = 200) -> list[StoredItem]:
        """Newest first; with `until`, only items published up to that moment (replay)."""
        return self._select_items("? IS NULL OR i.published <= ?", (_iso(until), _iso(until)), limit)

    def item(self, item_id: str) -> StoredItem | None:
        found = self._select_items("i.id = ?", (item_id,), 1)
        return found[0] if found else None

    def _select_items(self, where: str, params: tuple[object, ...], limit: int) -> list[StoredItem]:
        rows = self._db.execute(
            f"""SELECT i.*, group_concat(f.feed, char(31)) AS feeds FROM items i
               JOIN item_feeds f ON f.item_id = i.id
               WHERE {where}
               GROUP BY i.id ORDER BY i.published DESC, i.id LIMIT ?""",
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
                ),
                feeds=tuple(sorted(row["feeds"].split("\x1f"))),
                first_seen=dt.datetime.fromisoformat(row["first_seen"]),
            )
            for row in rows
        ]

    def _facts(self, kind: str, until: dt.datetime | None, extra: str = "", params: tuple[object, ...] = ()
               ) -> list[tuple[sqlite3.Row, dict[str, object]]]:
        rows = self._db.execute(
            f"""SELECT x.body, x.item_id, x.published, i.feed FROM facts x JOIN items i ON i.id = x.item_id
                WHERE x.kind = ? AND (? IS NULL OR x.published <= ?) {extra}
                ORDER BY x.published, x.id""",
            (kind, _iso(until), _iso(until), *params),
        ).fetchall()
        out = []
        for row in rows:
            body = json.loads(row["body"])
            body.update(item_id=row["item_id"], source=row["feed"], published=row["published"])
            out.append((row, body))
        return out

    def claims(self, *, until: dt.datetime | None = None) -> list[ControlClaim]:
        """Every stored control claim, oldest first, with its source and date."""
        return [ControlClaim.model_validate(body) for _, body in self._facts("count", until)]

    def statements(self, *, until: dt.datetime | None = None) -> list[Statement]:
        """Every stored statement, oldest first."""
        return [Statement.model_validate(body) for _, body in self._facts("statement", until)]

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
