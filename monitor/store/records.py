"""What the store takes and gives: neutral records, the same for every backend.

The poller builds these (in worker processes too: fact rows are plain strings),
and each backend turns them into its own SQL. Nothing here knows a driver.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from ..models import ControlClaim, Event, Facts, FeedStatus, Item, Page, Statement
from ..situation import claimant_of, group_key

__all__ = [
    "FactRow",
    "FeedState",
    "PageWrite",
    "PollWrite",
    "Row",
    "StoredItem",
    "Write",
    "chunks",
    "fact_rows",
    "facts_from_rows",
    "iso",
    "page_of",
    "parse_time",
]


class Row(Protocol):
    """A result row read by column name (`sqlite3.Row`, or the PostgreSQL backend's own)."""

    def __getitem__(self, key: Any, /) -> Any: ...


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
    backfill: bool = False
    """The feed's first poll: its back catalogue, which no alert is raised for (here or in other screens)."""


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


def iso(value: dt.datetime | None) -> str | None:
    return value.astimezone(dt.UTC).isoformat() if value is not None else None


def parse_time(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


def page_of(row: Row) -> Page | None:
    """The page columns of an item row (`page_url`, `page_status` …), or None when its page was never read."""
    if row["page_status"] is None:
        return None
    return Page(
        url=row["page_url"],
        status=row["page_status"],
        reason=row["page_reason"],
        fetched=dt.datetime.fromisoformat(row["page_fetched"]),
    )


def chunks(values: list[str], size: int = 400) -> Iterator[list[str]]:
    """`values` in slices small enough for one statement's parameters."""
    for start in range(0, len(values), size):
        yield values[start : start + size]
