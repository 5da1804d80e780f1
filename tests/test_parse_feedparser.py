"""The two FeedParserDict methods monitor.parse swaps in give exactly what feedparser's own would.

They exist for speed only (see "feedparser, made cheaper" in monitor/parse.py).
The references here are feedparser's definitions: `get` is `__getitem__` with
KeyError turned into the default, and `deepcopy` rebuilds a dict subclass from
`__reduce_ex__(4)`.
"""

from __future__ import annotations

import copy
import datetime as dt
import time
import warnings
from typing import Any

import feedparser
import pytest
from feedparser.util import FeedParserDict
from hypothesis import given
from hypothesis import strategies as st

from monitor.parse import FEEDPARSER_CHECKED, _feedparser_deepcopy, _feedparser_get, parse_feed

EXTRA_KEYS = "category enclosures license updated updated_parsed published published_parsed summary title links tags"
KEYS = sorted({*FeedParserDict.keymap, *EXTRA_KEYS.split(), "value", "type", "missing"})


def reference_get(d: Any, key: str, default: Any = None) -> Any:
    try:
        return d[key]
    except KeyError:
        return default


def reference_deepcopy(d: Any) -> Any:
    memo: dict[int, Any] = {}
    return copy._reconstruct(d, memo, *d.__reduce_ex__(4))  # type: ignore[attr-defined]


def entries() -> list[Any]:
    when = time.gmtime(0)
    link = FeedParserDict(rel="alternate", href="https://x.invalid/")
    return [
        FeedParserDict(),
        FeedParserDict(published="p", published_parsed=when),
        FeedParserDict(updated="u", updated_parsed=when, published="p"),
        FeedParserDict(tags=[FeedParserDict(term="t")], summary="s", id="i"),
        FeedParserDict(tags=[], links=[link, FeedParserDict(rel="enclosure", href="e"), FeedParserDict(rel="license")]),
        FeedParserDict(links=[FeedParserDict(rel="license", href="https://l.invalid/")], rights="r", subtitle="st"),
        FeedParserDict({"guid": "raw alias key", "description": "raw"}),
    ]


def test_the_speedups_are_in_place_for_the_pinned_feedparser() -> None:
    """A new feedparser runs stock (and slower) until someone checks these methods against it."""
    assert feedparser.__version__ == FEEDPARSER_CHECKED
    assert FeedParserDict.get is _feedparser_get
    assert FeedParserDict.__deepcopy__ is _feedparser_deepcopy


@pytest.mark.parametrize("entry", entries(), ids=range(len(entries())))
def test_get_answers_as_feedparser_does(entry: Any) -> None:
    for key in KEYS:
        with warnings.catch_warnings(record=True) as expected_warnings:
            warnings.simplefilter("always")
            try:
                expected: Any = reference_get(entry, key, "default")
            except Exception as exc:  # noqa: BLE001 - the same exception must come back
                expected = type(exc)
        with warnings.catch_warnings(record=True) as got_warnings:
            warnings.simplefilter("always")
            try:
                got: Any = entry.get(key, "default")
            except Exception as exc:  # noqa: BLE001
                got = type(exc)
        assert got == expected, key
        assert [str(w.message) for w in got_warnings] == [str(w.message) for w in expected_warnings], key


@pytest.mark.parametrize("entry", entries(), ids=range(len(entries())))
def test_deepcopy_builds_what_the_generic_copy_builds(entry: Any) -> None:
    entry.note = ["instance attribute"]
    ours, generic = copy.deepcopy(entry), reference_deepcopy(entry)
    assert type(ours) is type(generic) is FeedParserDict
    assert dict.items(ours) == dict.items(generic)
    assert ours.__dict__ == generic.__dict__ and ours.__dict__["note"] is not entry.__dict__["note"]
    for key, value in dict.items(entry):
        if isinstance(value, list):
            assert dict.__getitem__(ours, key) is not value  # deep, not shared


VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=5)
    | st.binary(max_size=3),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
    max_leaves=8,
)


@given(st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=4), VALUES, max_size=6))
def test_deepcopy_agrees_on_any_content(content: dict[str, Any]) -> None:
    entry = FeedParserDict(content)
    ours = copy.deepcopy(entry)
    assert dict(ours) == dict(reference_deepcopy(entry))


def test_an_entry_with_an_unreadable_date_reads_without_a_warning() -> None:
    """feedparser warns (DeprecationWarning) when asked for a missing `updated_parsed`; parse never asks."""
    body = (
        b'<rss version="2.0"><channel><title>t</title><item><guid>a</guid><title>A</title>'
        b"<pubDate>sometime last week</pubDate></item></channel></rss>"
    )
    now = dt.datetime(2021, 6, 24, 9, tzinfo=dt.UTC)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = parse_feed(body, {}, feed="f", url="https://x.invalid/", now=now)
    assert [item.published for item in result.items] == [now]
