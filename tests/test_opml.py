"""OPML: export the feeds for other readers, import theirs, and never expand an entity."""

from __future__ import annotations

import datetime as dt
import email.utils
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from monitor.config import FeedConfig
from monitor.opml import OpmlError, export_opml, import_opml

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "opml"
NOW = dt.datetime(2021, 6, 24, 9, tzinfo=dt.UTC)

FEEDS = [
    ("UN News & Asia <Pacific>", "https://news.un.org/feed/rss.xml?lang=en&region=asia"),
    ('Say "hello" it\'s me', "https://quotes.example/feed"),
    ("Ünïcødé — 日本語ニュース", "https://ja.example/フィード.xml"),
    ("]]> --> <!-- &amp;", "https://odd.example/?q=a&b=c"),
    ("Local demo", "file:monitor/demo/un-news.xml"),
]


def feeds() -> list[FeedConfig]:
    return [FeedConfig(name=name, url=url) for name, url in FEEDS]


def test_export_then_import_gives_the_same_feeds() -> None:
    text = export_opml(feeds(), "monitor & friends", now=NOW)
    assert import_opml(text.encode("utf-8")) == FEEDS


def test_export_is_opml_2() -> None:
    text = export_opml(feeds(), "monitor & <friends>", now=NOW)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == "opml" and root.get("version") == "2.0"
    assert root.findtext("head/title") == "monitor & <friends>"
    created = root.findtext("head/dateCreated")
    assert created and email.utils.parsedate_to_datetime(created) == NOW
    outlines = root.findall("body/outline")
    assert [(o.get("type"), o.get("text"), o.get("title"), o.get("xmlUrl")) for o in outlines] == [
        ("rss", name, name, url) for name, url in FEEDS
    ]
    assert "&amp;" in text and "&lt;" in text  # escaped, not raw


def test_export_of_no_feeds_is_still_a_document() -> None:
    root = ET.fromstring(export_opml([], "empty", now=NOW))
    assert root.find("body") is not None and root.findall("body/outline") == []


def test_import_reads_nested_categories_and_skips_non_feeds() -> None:
    assert import_opml((FIXTURES / "nested.opml").read_bytes()) == [
        ("UN News & Asia", "https://news.un.org/feed/subscribe/en/news/region/asia-pacific/feed/rss.xml"),
        ("Long War Journal", "https://www.longwarjournal.org/feed"),
        ("Pajhwok", "https://pajhwok.com/feed/"),
        ("untitled.example", "https://untitled.example/atom.xml"),
    ]


def test_import_reads_other_encodings() -> None:
    text = export_opml(feeds(), "utf-16", now=NOW).replace('encoding="UTF-8"', 'encoding="UTF-16"')
    assert import_opml(text.encode("utf-16")) == FEEDS


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ((FIXTURES / "laughs.opml").read_bytes(), "refused: the document has a DOCTYPE"),
        ((FIXTURES / "xxe.opml").read_bytes(), "refused: the document has a DOCTYPE"),
        (b'<!DOCTYPE opml SYSTEM "http://evil.example/x.dtd"><opml version="2.0"/>', "refused"),
        (b"<opml><body><outline text='a' xmlUrl='https://a.example/'></body>", "not well-formed XML at line 1"),
        (b'<rss version="2.0"><channel/></rss>', "not an OPML document: the root element is <rss>"),
        (b"", "not well-formed"),
        (b"<opml><body><outline text='&undefined;' xmlUrl='https://a.example/'/></body></opml>", "not well-formed"),
    ],
)
def test_hostile_or_wrong_documents_are_refused(data: bytes, problem: str) -> None:
    with pytest.raises(OpmlError) as caught:
        import_opml(data)
    assert problem in str(caught.value)


def test_control_characters_are_left_out_of_the_export() -> None:
    feed = FeedConfig.model_construct(name="bell", url="https://x.example/\x07feed")
    text = export_opml([feed], "t\x1b[2J", now=NOW)
    assert import_opml(text.encode("utf-8")) == [("bell", "https://x.example/feed")]
