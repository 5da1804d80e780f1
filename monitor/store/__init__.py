"""Storage: items, the facts read from them, per-feed state, and the pollers sharing them.

`SqlStore` (sql.py) holds every query, written once; `SqliteStore` is the
embedded default, `PostgresStore` the store a team shares (`[storage] url`).
Nothing outside this package writes SQL or sees a driver: records go in and
out (records.py), and any database failure is a `StoreError`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .records import FactRow, FeedState, PageWrite, PollWrite, StoredItem, Write, fact_rows, facts_from_rows
from .sql import ALIVE_SECONDS, BEAT_SECONDS, PollerInfo, SqlStore, StoreError, Totals
from .sqlite import SCHEMA_VERSION, SqliteStore

if TYPE_CHECKING:
    from ..config import Config

Store = SqlStore
"""What the rest of monitor holds: a store, whichever backend is behind it."""

__all__ = [
    "ALIVE_SECONDS",
    "BEAT_SECONDS",
    "SCHEMA_VERSION",
    "FactRow",
    "FeedState",
    "PageWrite",
    "PollWrite",
    "PollerInfo",
    "SqlStore",
    "SqliteStore",
    "Store",
    "StoreError",
    "StoredItem",
    "Totals",
    "Write",
    "fact_rows",
    "facts_from_rows",
    "open_store",
]


def open_store(config: Config | str | Path) -> SqlStore:
    """The store a config names: PostgreSQL for `[storage] url`, else the SQLite file at `db_path`.

    A plain path or a `postgresql://` URL may be given instead of a config (tests, benchmarks).
    """
    if isinstance(config, str | Path):
        target = str(config)
    else:
        target = config.storage.url or str(config.db_path)
    if target.startswith(("postgresql://", "postgres://")):
        from .postgres import PostgresStore  # psycopg only when a team store is configured

        return PostgresStore(target)
    return SqliteStore(target)
