"""Story identity: GUID scoping, canonical links, title keys."""

from __future__ import annotations

import datetime as dt

import pytest

from monitor.identity import canonical_link, item_id, title_key

T = dt.datetime(2021, 6, 23, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("link", "canonical"),
    [
        ("https://www.Example.org/a/?utm_source=rss&b=2&a=1#top", "example.org/a?a=1&b=2"),
        ("http://example.org/a", "example.org/a"),
        ("https://example.org:443/a?fbclid=x", "example.org/a"),
        ("https://example.org:8443/a", "example.org:8443/a"),
        ("https://example.org", "example.org/"),
        ("https://example.org/story?id=7&gclid=z", "example.org/story?id=7"),
        ("javascript:alert(1)", None),
        ("file:///etc/passwd", None),
        ("", None),
        (None, None),
        ("https://[broken", None),
    ],
)
def test_canonical_link(link: str | None, canonical: str | None) -> None:
    assert canonical_link(link) == canonical


@pytest.mark.parametrize(
    ("title", "key"),
    [
        ("BREAKING: Taliban Seize Key District in Kunduz", "taliban seize key district in kunduz"),
        ("Update – Taliban seize key district in Kunduz!", "taliban seize key district in kunduz"),
        ("Daily brief", None),
        ("Press statement on Afghanistan", None),
    ],
)
def test_title_key(title: str, key: str | None) -> None:
    assert title_key(title) == key


def test_item_ids() -> None:
    assert item_id("A", "https://x.invalid/1", None, "t", T) == "g:https://x.invalid/1"
    assert item_id("A", "urn:uuid:1234", None, "t", T) == item_id("B", "urn:uuid:1234", None, "t", T)
    assert item_id("A", "1234", None, "t", T) == "f:A:1234" != item_id("B", "1234", None, "t", T)
    assert item_id("A", None, "https://www.x.invalid/s?utm_medium=rss", "t", T) == "l:x.invalid/s"
    hashed = item_id("A", None, None, "title", T)
    assert hashed.startswith("h:") and hashed == item_id("A", None, None, "title", T)
    assert hashed != item_id("A", None, None, "title", T + dt.timedelta(hours=1))


def test_hashed_ids_are_the_same_in_every_version() -> None:
    """An item with neither GUID nor link is known by a hash of feed, title and date: were the hash to change
    (its input, its length), an upgrade would store every such item again as new."""
    assert item_id("A", None, None, "title", T) == "h:8bca1e07102b6d82a694ba68"
    assert item_id("A", None, None, "title", None) == "h:5cd84534e61b9ae46c839243"  # undated: the same every poll
