"""The CPU-bound steps of a poll, as plain functions a worker process can run.

Parsing (feedparser) and extraction hold the GIL, so on a big poll they run in
a process pool and use every core while the event loop keeps fetching and
storing; on a small one they run in a thread, which costs no process start.
Both steps happen in one call, so a feed's bytes cross to the worker once and
its items and facts come back once. This module imports only what those steps
need, so worker processes start fast.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from .extract import extract
from .models import Item
from .parse import ParseResult, parse_feed
from .store import FactRow, fact_rows

__all__ = ["Digest", "digest", "unique"]


@dataclass(frozen=True)
class Digest:
    """A parsed feed with the facts of each of its items."""

    parsed: ParseResult
    """The feed's items, each id once."""
    facts: list[tuple[FactRow, ...] | None]
    """Per item: its facts as store rows, or None where it was not read (already stored, or extraction failed)."""
    problem: str | None = None
    """Why facts are missing although the feed was read."""


def unique(items: Sequence[Item]) -> list[Item]:
    """A feed listing the same entry twice is read once."""
    first: dict[str, Item] = {}
    for item in items:
        first.setdefault(item.id, item)
    return list(first.values())


def digest(
    body: bytes, headers: Mapping[str, str], feed: str, url: str, now: dt.datetime, stored: frozenset[str]
) -> Digest:
    """Parse one feed and extract facts from the items not in `stored` (ids it delivered before)."""
    parsed = parse_feed(body, headers, feed=feed, url=url, now=now)
    if parsed.error:
        return Digest(parsed, [])
    items = unique(parsed.items)
    parsed = replace(parsed, items=items)
    try:
        facts = [
            None if item.id in stored else fact_rows(feed, extract(item.text, item.published.date(), item.title))
            for item in items
        ]
    except Exception as exc:  # an extractor bug must not lose the items
        return Digest(parsed, [None] * len(items), f"facts not extracted: {exc!r}")
    return Digest(parsed, facts)
