"""The SQLite backend: one file, the embedded default for one analyst's machine.

The database runs in WAL mode so the screen can read while a poll writes: reads
go through one connection and poll writes through another (a `:memory:` store,
with no file to share, uses one). Writes take `BEGIN IMMEDIATE`, so a
transaction that reads before it writes (leasing feeds) is never overtaken.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

from ..identity import canonical_link, title_key
from ..models import ControlClaim, Statement
from ..situation import claimant_of, group_key
from .sql import HOST_SLOTS_TABLE, Db, SqlStore, StoreError

__all__ = ["SCHEMA_VERSION", "SqliteStore"]

SCHEMA_VERSION = 5

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
_V4 = (
    # pollers sharing the store (`monitor serve`): a feed's host and lease, and who is polling
    "ALTER TABLE feeds ADD COLUMN host TEXT",
    "ALTER TABLE feeds ADD COLUMN lease_owner TEXT",
    "ALTER TABLE feeds ADD COLUMN lease_until TEXT",
    # a feed's first poll: no alert is raised for it, in this screen or another following the store
    "ALTER TABLE items ADD COLUMN backfill INTEGER NOT NULL DEFAULT 0",
    "CREATE INDEX items_first_seen ON items (first_seen)",
    """CREATE TABLE pollers (
        id TEXT PRIMARY KEY,
        host TEXT NOT NULL,
        pid INTEGER NOT NULL,
        since TEXT NOT NULL,
        heartbeat TEXT NOT NULL,
        feeds_polled INTEGER NOT NULL DEFAULT 0,
        last_poll TEXT,
        stopped TEXT
    )""",
)
_V5 = (
    # a team's share of a host its pollers read article pages from (`SqlStore.take_host_slot`)
    HOST_SLOTS_TABLE,
)
_MIGRATIONS: tuple[tuple[str, ...], ...] = (_V1, _V2, _V3, _V4, _V5)
"""Step N takes a store from schema N to N+1; a new schema appends a step, never edits one."""


class SqliteStore(SqlStore):
    """The SQLite file behind the panes. Use as a context manager or call `close()`."""

    FEEDS_OF_ITEM = "(SELECT group_concat(f.feed, char(31)) FROM item_feeds f WHERE f.item_id = i.id)"

    def __init__(self, path: Path | str) -> None:
        self._path = self.url = str(path)
        if self._path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = self._connect()
            self._writes: sqlite3.Connection | None = None
            self._write_lock = threading.Lock()
            """Writes come from the poll's writer thread and the UI's: one transaction on the connection at a time."""
            self._migrate()
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the store {self._path}: {exc}") from exc

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self._path, check_same_thread=False, isolation_level=None)
        db.row_factory = sqlite3.Row
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA wal_autocheckpoint=16384")
        db.execute("PRAGMA busy_timeout=30000")
        db.execute("PRAGMA foreign_keys=ON")
        return db

    def close(self) -> None:
        if self._writes is not None:
            self._writes.close()
        self._db.close()

    @contextmanager
    def _reading(self) -> Iterator[Db]:
        try:
            yield self._db
        except sqlite3.Error as exc:
            raise StoreError(str(exc)) from exc

    @contextmanager
    def _transaction(self, db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
        try:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")
        except sqlite3.Error as exc:
            raise StoreError(str(exc)) from exc

    @contextmanager
    def _writing(self) -> Iterator[Db]:
        with self._write_lock, self._transaction(self._poll_writes()) as db:
            yield db

    def _leasing(self) -> AbstractContextManager[Db]:
        return self._writing()  # BEGIN IMMEDIATE already keeps every other writer out

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

    def _insert_new(self, db: Db, sql: str, rows: Sequence[Sequence[object]]) -> set[str]:
        # sqlite3's executemany returns no rows; in-process, a statement per row costs microseconds
        inserted: set[str] = set()
        for row in rows:
            found = db.execute(sql, row).fetchone()
            if found is not None:
                inserted.add(found[0])
        return inserted

    def _migrate(self) -> None:
        """Bring the file to SCHEMA_VERSION, one recorded step at a time, each step atomic."""
        with self._transaction(self._db) as db:
            db.execute(_V1[0])
            row = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            version = int(row["value"]) if row else 0
            if version == 0 and db.execute("SELECT 1 FROM sqlite_master WHERE name = 'items'").fetchone():
                version = 1  # written before versions were recorded
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"the store was written by a newer monitor (schema {version}, this one knows {SCHEMA_VERSION})"
            )
        for step in range(version, SCHEMA_VERSION):
            with self._transaction(self._db) as db:
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
