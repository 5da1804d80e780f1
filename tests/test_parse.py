"""The feed fixture corpus: every file in fixtures/feeds/ parsed, compared with the expectation beside it.

`NAME.expect.json` holds the error and warning (substrings; null for none), the
refresh hint and every item's fields; "NOW" stands for the time of the poll,
which an item without a usable date is given.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from monitor.parse import feed_links, parse_feed

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "feeds"
NOW = dt.datetime(2021, 6, 24, 9, tzinfo=dt.UTC)
TYPES = {".xml": "application/rss+xml", ".atom": "application/atom+xml", ".rdf": "application/rdf+xml",
         ".json": "application/feed+json", ".html": "text/html; charset=utf-8"}  # fmt: skip
CASES = sorted(p for p in FIXTURES.iterdir() if not p.name.endswith(".expect.json"))


def expectation(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.with_name(path.stem + ".expect.json").read_text(encoding="utf-8"))
    return data


def test_every_fixture_has_an_expectation() -> None:
    assert len(CASES) >= 12
    for path in CASES:
        assert path.with_name(path.stem + ".expect.json").is_file(), path


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.name)
def test_fixture(path: Path) -> None:
    expected = expectation(path)
    result = parse_feed(
        path.read_bytes(),
        {"Content-Type": TYPES[path.suffix]},
        feed="fixture",
        url="https://site.invalid/page",
        now=NOW,
    )
    for key in ("error", "warning"):
        want, got = expected[key], getattr(result, key)
        assert (got is None) if want is None else (got is not None and want in got), (key, got)
    assert result.ttl_seconds == expected["ttl_seconds"]
    got_items = [
        {
            "id": item.id,
            "title": item.title,
            "link": item.link,
            "published": "NOW" if item.published == NOW else item.published.isoformat(),
            "author": item.author,
            "summary": item.summary,
            "content": item.content,
        }
        for item in result.items
    ]
    assert got_items == expected["items"]


def test_feed_text_never_keeps_escape_or_control_characters() -> None:
    result = parse_feed((FIXTURES / "hostile.xml").read_bytes(), {}, feed="f", url="https://x.invalid/", now=NOW)
    for item in result.items:
        for text in (item.title, item.summary, item.content):
            assert not any(ord(ch) < 32 and ch not in "\n\t" or 0x7F <= ord(ch) <= 0x9F for ch in text)


def test_feed_links_are_absolute_and_deduplicated() -> None:
    html = (
        '<link rel="alternate" type="application/rss+xml" href="feed.xml" title="Main">'
        '<link rel="ALTERNATE" type="application/rss+xml" href="/blog/feed.xml">'
        '<link rel="alternate" type="application/feed+json" href="https://j.invalid/feed.json">'
        '<link rel="alternate" type="text/html" href="/fr/">'
        '<link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">'
    )
    links = feed_links(html, "https://site.invalid/blog/")
    assert [(link.url, link.kind, link.title) for link in links] == [
        ("https://site.invalid/blog/feed.xml", "rss", "Main"),
        ("https://j.invalid/feed.json", "json", ""),
    ]
