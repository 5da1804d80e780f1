"""The CPU-bound steps of a poll, as plain functions a worker process can run.

Parsing (feedparser), reading an article page's main text and extraction hold
the GIL, so on a big poll they run in a process pool and use every core while
the event loop keeps fetching and storing; on a small one they run in a thread,
which costs no process start.

The stages are separate functions (`parse`, `read_facts`, `read_page`); a
worker job chains the ones a step needs (`digest`: parse then extract), so a
feed's bytes cross to the worker once and its items and facts come back once.
This module imports only what those steps need, so worker processes start fast.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from .extract import extract
from .models import Item, PageStatus
from .pagetext import page_text
from .parse import ParseResult, parse_feed
from .store import FactRow, fact_rows

__all__ = ["Digest", "PageDigest", "digest", "parse", "read_facts", "read_page", "unique"]


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


def parse(body: bytes, headers: Mapping[str, str], feed: str, url: str, now: dt.datetime) -> ParseResult:
    """Stage: a feed's bytes to its items, each id once."""
    parsed = parse_feed(body, headers, feed=feed, url=url, now=now)
    return parsed if parsed.error else replace(parsed, items=unique(parsed.items))


def read_facts(item: Item) -> tuple[FactRow, ...]:
    """Stage: the facts of one item, from the text it carries now (the article once read, else the feed's)."""
    return fact_rows(item.feed, extract(item.text, item.published.date(), item.title))


def digest(
    body: bytes, headers: Mapping[str, str], feed: str, url: str, now: dt.datetime, stored: frozenset[str]
) -> Digest:
    """Parse one feed and extract facts from the items not in `stored` (ids it delivered before)."""
    parsed = parse(body, headers, feed, url, now)
    if parsed.error:
        return Digest(parsed, [])
    try:
        facts = [None if item.id in stored else read_facts(item) for item in parsed.items]
    except Exception as exc:  # an extractor bug must not lose the items
        return Digest(parsed, [None] * len(parsed.items), f"facts not extracted: {exc!r}")
    return Digest(parsed, facts)


@dataclass(frozen=True)
class PageDigest:
    """What an article page gave an item: its main text and the facts read from it, or why not."""

    status: PageStatus
    reason: str | None = None
    article: str = ""
    facts: tuple[FactRow, ...] | None = None
    """The item's facts read from the article; None keeps the ones read from the feed's text."""


def read_page(body: bytes, content_type: str | None, url: str, item: Item) -> PageDigest:
    """Stage: an item's fetched page to its article text and facts.

    A page that says no more than the feed did (`same`) leaves the item as it
    was; so does one whose facts cannot be read, because facts must point into
    the text they were read from.
    """
    found = page_text(body, content_type, url)
    if found.problem:
        return PageDigest("failed", found.problem)
    article = _without_headline(found.text, item.title)
    if len(article) <= len(item.content or item.summary):
        return PageDigest("same", "the page says no more than the feed")
    try:
        facts = read_facts(item.model_copy(update={"article": article}))
    except Exception as exc:  # an extractor bug costs this page's facts, never the item
        return PageDigest("failed", f"facts not extracted: {exc!r}")
    return PageDigest("full", None, article, facts)


def _without_headline(text: str, title: str) -> str:
    """The article from after its headline: the title is read on its own, and once.

    Pages put the headline at the top of the text, often after a kicker
    ("Afghanistan"); what precedes a headline in the first few paragraphs goes with it.
    """
    paragraphs = text.split("\n\n")
    wanted = _plain(title)
    for index, paragraph in enumerate(paragraphs[:3]):
        if wanted and _plain(paragraph) == wanted and index + 1 < len(paragraphs):
            return "\n\n".join(paragraphs[index + 1 :])
    return text


def _plain(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())
