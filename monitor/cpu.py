"""The CPU-bound steps of a poll, as plain functions a worker process can run.

Parsing (feedparser) and extraction hold the GIL, so on a big poll they run in
a process pool and use every core while the event loop keeps fetching and
storing; on a small one they run in a thread, which costs no process start.
This module imports only what those steps need, so worker processes start fast.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from .extract import extract
from .models import Facts
from .parse import ParseResult, parse_feed

__all__ = ["extract_many", "parse"]


def parse(body: bytes, headers: Mapping[str, str], feed: str, url: str, now: dt.datetime) -> ParseResult:
    return parse_feed(body, headers, feed=feed, url=url, now=now)


def extract_many(texts: Sequence[tuple[str, dt.date]]) -> list[Facts]:
    """Facts of each (body, publication date); one call per feed keeps worker round trips few."""
    return [extract(text, published) for text, published in texts]
