"""OPML: export the feeds for other readers, import theirs, and never expand an entity."""

from __future__ import annotations

import datetime as dt
import email.utils
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from monitor.config import FeedConfig
from monitor.opml import OpmlError, export_opml, import_opml, portable_url

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "opml"
NOW = dt.datetime(2021, 6, 24, 9, tzinfo=dt.UTC)

FEEDS = [
    ("UN News & Asia <Pacific>", "https://news.un.org/feed/rss.xml?lang=en&region=asia"),
    ('Say "hello" it\'s me', "https://quotes.example/feed"),
    ("Ünïcødé — 日本語ニュース", "https://ja.example/フィード.xml"),
    ("]]> --> <!-- &amp;", "https://odd.example/?q=a&b=c"),
    ("Local demo", "file:monitor/demo/un-news.xml"),
]


EXPORTED = [*FEEDS[:-1], ("Local demo", (ROOT / "monitor" / "demo" / "un-news.xml").as_uri())]
"""FEEDS as exported from a config in ROOT: the relative file: URL made absolute."""


def feeds() -> list[FeedConfig]:
    return [FeedConfig(name=name, url=url) for name, url in FEEDS]


def test_export_then_import_gives_the_same_feeds() -> None:
    text = export_opml(feeds(), "monitor & friends", base_dir=ROOT, now=NOW)
    assert import_opml(text.encode("utf-8")) == EXPORTED


def test_export_makes_local_feeds_absolute_file_urls_of_the_same_file() -> None:
    url = import_opml(export_opml(feeds(), "t", base_dir=ROOT, now=NOW).encode("utf-8"))[-1][1]
    path = Path(unquote(urlsplit(url).path))
    assert url.startswith("file:///") and path == ROOT / "monitor" / "demo" / "un-news.xml" and path.is_file()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("file:feeds/x.xml", "file:///srv/conf/feeds/x.xml"),
        ("file:./feeds/../x.xml", "file:///srv/conf/x.xml"),
        ("file://feeds/x.xml", "file:///srv/conf/feeds/x.xml"),  # a host-less relative path, as the config reads it
        ("file:/data/x.xml", "file:///data/x.xml"),
        ("file:///data/x.xml", "file:///data/x.xml"),
        ("file://localhost/data/x.xml", "file:///data/x.xml"),
        ("file:my%20feeds/caf%C3%A9.xml", "file:///srv/conf/my%20feeds/caf%C3%A9.xml"),
        ("file:my feeds/café.xml", "file:///srv/conf/my%20feeds/caf%C3%A9.xml"),
        ("https://example.org/feed.xml", "https://example.org/feed.xml"),
        ("http://Example.org:80/feed", "http://Example.org:80/feed"),
    ],
)
def test_portable_url(url: str, expected: str) -> None:
    assert portable_url(url, Path("/srv/conf")) == expected


def test_portable_url_expands_the_home_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    assert portable_url("file:~/feeds/x.xml", Path("/srv/conf")) == (tmp_path.resolve() / "feeds" / "x.xml").as_uri()


def test_export_is_opml_2() -> None:
    text = export_opml(feeds(), "monitor & <friends>", base_dir=ROOT, now=NOW)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == "opml" and root.get("version") == "2.0"
    assert root.findtext("head/title") == "monitor & <friends>"
    created = root.findtext("head/dateCreated")
    assert created and email.utils.parsedate_to_datetime(created) == NOW
    outlines = root.findall("body/outline")
    assert [(o.get("type"), o.get("text"), o.get("title"), o.get("xmlUrl")) for o in outlines] == [
        ("rss", name, name, url) for name, url in EXPORTED
    ]
    assert "&amp;" in text and "&lt;" in text  # escaped, not raw


def test_export_of_no_feeds_is_still_a_document() -> None:
    root = ET.fromstring(export_opml([], "empty", base_dir=ROOT, now=NOW))
    assert root.find("body") is not None and root.findall("body/outline") == []


def test_import_reads_nested_categories_and_skips_non_feeds() -> None:
    assert import_opml((FIXTURES / "nested.opml").read_bytes()) == [
        ("UN News & Asia", "https://news.un.org/feed/subscribe/en/news/region/asia-pacific/feed/rss.xml"),
        ("Long War Journal", "https://www.longwarjournal.org/feed"),
        ("Pajhwok", "https://pajhwok.com/feed/"),
        ("untitled.example", "https://untitled.example/atom.xml"),
    ]


def test_import_reads_other_encodings() -> None:
    text = export_opml(feeds(), "utf-16", base_dir=ROOT, now=NOW).replace('encoding="UTF-8"', 'encoding="UTF-16"')
    assert import_opml(text.encode("utf-16")) == EXPORTED


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
    text = export_opml([feed], "t\x1b[2J", base_dir=ROOT, now=NOW)
    assert import_opml(text.encode("utf-8")) == [("bell", "https://x.example/feed")]
