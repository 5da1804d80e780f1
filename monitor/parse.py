"""Feed bytes → `Item`s: RSS 0.9x/1.0/2.0, RDF and Atom through feedparser, JSON Feed here.

feedparser is handed the bytes and headers httpx returned, never a URL or a
string (a string naming an existing file is read as a path, a URL is fetched
by urllib). Its HTML sanitizer is switched off: it is most of feedparser's cost
and we keep no HTML at all, only the plain text `text.html_to_text` makes.

A feed is judged like a reader would: one that parses with complaints gives
its items and a warning; an HTML page, an empty body or something no parser
can read is an error with the reason, and for an HTML page the feeds it links
to, so the user can fix the URL.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
import re
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

import feedparser
from feedparser.util import FeedParserDict
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator
from selectolax.lexbor import LexborHTMLParser

from .identity import item_id
from .models import Item
from .text import clean_text, html_to_text

__all__ = ["FeedLink", "ParseResult", "feed_links", "parse_feed"]

MAX_FUTURE = dt.timedelta(days=1)
"""A date further ahead than this is a publisher's mistake; the item is dated when first seen."""
MAX_TITLE = 500
_BOM = b"\xef\xbb\xbf"
_FEED_ROOT = re.compile(rb"<(?:[\w-]+:)?(?:rss|feed|rdf|RDF)\b")
_HTML_ROOT = re.compile(rb"<!doctype\s+html|<html\b|<head\b|<body\b", re.I)
_ENTITY = re.compile(rb"<!ENTITY", re.I)
_JSON_TYPES = ("application/feed+json", "application/json", "text/json")


# --- feedparser, made cheaper ---------------------------------------------------
#
# feedparser reads its FeedParserDicts through `get` thousands of times a feed (on
# every element and every run of text), and each call first walks the alias
# table and the special keys; and it deep-copies a small FeedParserDict for every
# title and description through the generic `__reduce_ex__` route, after a failed
# `__deepcopy__` lookup that raises and catches a KeyError inside `__getattr__`.
# The two methods below give the same results and cut about a fifth of its time.
# They are set on the class once, only for the version they were checked against
# (pyproject pins it); tests/test_parse_feedparser.py holds them to the originals.
# Delete this section and `feedparser` is back to stock, only slower.

FEEDPARSER_CHECKED = "6.0.14"
_ALIASED = frozenset({"category", "enclosures", "license", "updated", "updated_parsed", *FeedParserDict.keymap})
"""Keys whose lookup FeedParserDict redirects or computes; every other key is a plain dict read."""


def _feedparser_get(self: Any, key: Any, default: Any = None) -> Any:
    if key in _ALIASED:
        try:
            return self[key]  # what FeedParserDict.get does for every key
        except KeyError:
            return default
    return dict.get(self, key, default)


_ATOMIC = frozenset({str, int, float, bool, type(None), bytes})
"""Types `copy.deepcopy` returns as they are; the values feedparser copies are almost all of them."""


def _feedparser_deepcopy(self: Any, memo: dict[int, Any]) -> Any:
    """What `copy.deepcopy` builds from `__reduce_ex__(4)` for a dict subclass, without the detours."""
    cls = self.__class__
    copied = cls.__new__(cls)
    memo[id(self)] = copied
    if self.__dict__:
        copied.__dict__.update(copy.deepcopy(self.__dict__, memo))
    for key, value in self.items():
        key = key if type(key) in _ATOMIC else copy.deepcopy(key, memo)
        copied[key] = value if type(value) in _ATOMIC else copy.deepcopy(value, memo)
    return copied


if feedparser.__version__ == FEEDPARSER_CHECKED:
    FeedParserDict.get = _feedparser_get
    FeedParserDict.__deepcopy__ = _feedparser_deepcopy


@dataclass(frozen=True)
class FeedLink:
    """A feed an HTML page advertises with `<link rel="alternate">`."""

    url: str
    title: str
    kind: str


@dataclass(frozen=True)
class ParseResult:
    items: list[Item] = field(default_factory=list)
    error: str | None = None
    """Set when nothing could be read: the feed is failing."""
    warning: str | None = None
    """Set when the feed was read despite a problem worth fixing at the source."""
    ttl_seconds: int | None = None
    """The feed's own refresh hint (`<ttl>`, `sy:updatePeriod`), a lower bound on the interval."""
    title: str | None = None


def parse_feed(body: bytes, headers: Mapping[str, str], *, feed: str, url: str, now: dt.datetime) -> ParseResult:
    """Read one fetched body. Never raises for bad input: the result says what was wrong."""
    head = body.lstrip(_BOM + b" \t\r\n")[:4096]
    if not head:
        return ParseResult(error="empty response: the server sent no feed content")
    content_type = {k.lower(): v for k, v in headers.items()}.get("content-type", "").lower()
    if head.startswith((b"{", b"[")) or content_type.startswith(_JSON_TYPES):
        return _parse_json_feed(body, feed=feed, now=now, base=url)
    feed_at = _FEED_ROOT.search(head)
    html_at = _HTML_ROOT.search(head)
    if html_at and (feed_at is None or html_at.start() < feed_at.start()):
        return ParseResult(error=_html_error(body, url))
    root = _FEED_ROOT.search(body, 0, 65536)
    if _ENTITY.search(body, 0, root.start() if root else 65536):  # only the prolog can declare entities
        return ParseResult(
            error="refused: the document declares XML entities, the trick behind entity-expansion "
            "attacks (billion laughs); feeds have no need of them"
        )
    return _parse_xml(body, headers, feed=feed, now=now, base=url)


# --- XML feeds ---------------------------------------------------------------


def _parse_xml(body: bytes, headers: Mapping[str, str], *, feed: str, now: dt.datetime, base: str = "") -> ParseResult:
    parsed = feedparser.parse(
        io.BytesIO(body),
        response_headers={k.lower(): v for k, v in headers.items()},
        sanitize_html=False,
        resolve_relative_uris=False,
    )
    problem = _bozo_reason(parsed) if parsed.get("bozo") else None
    if not parsed.get("version") and not parsed.entries:
        if problem:
            return ParseResult(error=f"not a readable feed: {problem}")
        return ParseResult(error="not a feed: no RSS, Atom or RDF content found")
    items = [_item_from_entry(entry, feed=feed, now=now, base=base) for entry in parsed.entries]
    meta = parsed.get("feed", {})
    warning = f"{problem}; read anyway" if problem else None
    title = html_to_text(meta.get("title", "")) or None
    return ParseResult(items=items, warning=warning, ttl_seconds=_ttl(meta), title=title)


def _bozo_reason(parsed: Any) -> str:
    exc = parsed.get("bozo_exception")
    name = type(exc).__name__
    if name == "CharacterEncodingOverride":
        return f"wrong charset: {exc}"
    if name == "CharacterEncodingUnknown":
        return f"unknown charset: {exc}"
    if name == "NonXMLContentType":
        return f"served with a non-XML content type ({exc})"
    line = getattr(exc, "getLineNumber", None)
    column = getattr(exc, "getColumnNumber", None)
    where = f" at line {line()}, column {column()}" if callable(line) and callable(column) else ""
    message = getattr(exc, "getMessage", None)
    text = message() if callable(message) else str(exc)
    return f"not well-formed XML{where}: {text}"


def _ttl(meta: Mapping[str, Any]) -> int | None:
    ttl = str(meta.get("ttl") or "").strip()
    if ttl.isdigit() and int(ttl) > 0:
        return int(ttl) * 60
    period = str(meta.get("sy_updateperiod") or "").strip().lower()
    seconds = {"hourly": 3600, "daily": 86400, "weekly": 604800, "monthly": 2_592_000, "yearly": 31_536_000}
    if period in seconds:
        frequency = str(meta.get("sy_updatefrequency") or "1").strip()
        per = int(frequency) if frequency.isdigit() and int(frequency) > 0 else 1
        return seconds[period] // per
    return None


def _when(entry: dict[str, Any]) -> dt.datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if isinstance(value, time.struct_time):
            try:
                return dt.datetime(*value[:6], tzinfo=dt.UTC)
            except ValueError:
                continue
    return None


def _item_from_entry(entry: Mapping[str, Any], *, feed: str, now: dt.datetime, base: str = "") -> Item:
    # Plain dict reads: feedparser's own `get` maps aliases on every call, and
    # asking it for a missing `updated_parsed` warns (DeprecationWarning) when
    # `published_parsed` is there. The keys read here are the stored ones.
    fields: dict[str, Any] = dict(entry)
    contents = [c.get("value", "") for c in fields.get("content") or [] if isinstance(c, Mapping)]
    raw_summary = fields.get("summary") or ""
    summary = html_to_text(raw_summary)
    longest = max(contents, key=len) if contents else ""
    content = "" if longest == raw_summary else html_to_text(longest)  # same markup, same text: computed once
    if content == summary:
        content = ""
    return _make_item(
        feed=feed,
        guid=fields.get("id"),
        link=fields.get("link"),
        title=fields.get("title") or "",
        published=_when(fields),
        summary=summary,
        content=content,
        author=fields.get("author"),
        now=now,
        base=base,
    )


def _make_item(
    *,
    feed: str,
    guid: str | None,
    link: str | None,
    title: str,
    published: dt.datetime | None,
    summary: str,
    content: str,
    author: str | None,
    now: dt.datetime,
    base: str = "",
) -> Item:
    title = " ".join(html_to_text(title or "").split())[:MAX_TITLE]
    text = content or summary
    if not title:
        title = " ".join(text.split()[:12]) + ("…" if len(text.split()) > 12 else "") or "(untitled)"
    # feedparser copies a guid into a missing link: a relative one ("h1") names no page
    link = _absolute_link(link, "" if link == guid else base)
    dated = now if published is None or published > now + MAX_FUTURE else published.astimezone(dt.UTC)
    return Item(
        id=item_id(feed, clean_text(str(guid)) if guid else None, link, title, published),
        feed=feed,
        title=title,
        link=clean_text(link) if link else None,
        published=dated,
        summary=summary,
        content=content,
        author=" ".join(clean_text(author).split()) or None if isinstance(author, str) else None,
    )


def _absolute_link(link: object, base: str) -> str | None:
    """An item's link made absolute against the feed's URL; None for what monitor never follows.

    Only http(s) links are kept, except that a local `file:` feed may link to
    its own local pages (the offline demo's articles): a feed on the web never
    gets to name a file on this machine.
    """
    if not isinstance(link, str) or not link.strip():
        return None
    link = link.strip()
    if base and ":" not in link.split("/", 1)[0]:  # relative: no scheme before the first slash
        link = urljoin(base, link)
    scheme = link.split(":", 1)[0].lower()
    if scheme in ("http", "https") or (scheme == "file" and base.lower().startswith("file:")):
        return link
    return None  # javascript:, data:, mailto:, and file: from a feed that is not local


# --- JSON Feed -----------------------------------------------------------------


class _Author(BaseModel):
    model_config = ConfigDict(extra="ignore")
    name: str | None = None


class _JsonItem(BaseModel):
    model_config = ConfigDict(extra="ignore")
    id: str
    url: str | None = None
    external_url: str | None = None
    title: str | None = None
    content_html: str | None = None
    content_text: str | None = None
    summary: str | None = None
    date_published: str | None = None
    date_modified: str | None = None
    authors: list[_Author] = []
    author: _Author | None = None

    @field_validator("id", mode="before")
    @classmethod
    def _id_as_text(cls, value: object) -> object:
        return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value


class _JsonFeed(BaseModel):
    model_config = ConfigDict(extra="ignore")
    version: str
    title: str | None = None
    items: list[dict[str, Any]]


def _iso(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        when = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def _parse_json_feed(body: bytes, *, feed: str, now: dt.datetime, base: str = "") -> ParseResult:
    try:
        data = json.loads(body.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        return ParseResult(error=f"not a readable JSON Feed: not UTF-8 ({exc.reason} at byte {exc.start})")
    except json.JSONDecodeError as exc:
        return ParseResult(error=f"not a readable JSON Feed: invalid JSON at line {exc.lineno}, column {exc.colno}")
    except RecursionError:
        return ParseResult(error="not a readable JSON Feed: nested too deeply")
    try:
        doc = _JsonFeed.model_validate(data)
    except ValidationError as exc:
        where = ".".join(str(p) for p in exc.errors()[0]["loc"]) or "document"
        return ParseResult(error=f"not a JSON Feed: {where}: {exc.errors()[0]['msg']}")
    if not doc.version.startswith("https://jsonfeed.org/version/"):
        return ParseResult(error=f"not a JSON Feed: unknown version {doc.version[:80]!r}")
    items: list[Item] = []
    skipped = 0
    for raw in doc.items:
        try:
            entry = _JsonItem.model_validate(raw)
        except ValidationError:
            skipped += 1
            continue
        authors = [a.name for a in (entry.authors or ([entry.author] if entry.author else [])) if a.name]
        content = html_to_text(entry.content_html) if entry.content_html else html_to_text(entry.content_text or "")
        summary = html_to_text(entry.summary or "")
        items.append(
            _make_item(
                feed=feed,
                guid=entry.id,
                link=entry.url or entry.external_url,
                title=entry.title or "",
                published=_iso(entry.date_published) or _iso(entry.date_modified),
                summary=summary,
                content="" if content == summary else content,
                author=", ".join(authors) or None,
                now=now,
                base=base,
            )
        )
    warning = f"{skipped} item(s) without an id were skipped" if skipped else None
    return ParseResult(items=items, warning=warning, title=doc.title)


# --- HTML pages ----------------------------------------------------------------

_FEED_LINK_TYPES = {
    "application/rss+xml": "rss",
    "application/atom+xml": "atom",
    "application/feed+json": "json",
    "application/json": "json",
    "application/rdf+xml": "rdf",
}


def feed_links(html: bytes | str, base_url: str) -> list[FeedLink]:
    """Feeds an HTML page links to (`<link rel="alternate" type="application/rss+xml" href=…>`)."""
    text = html.decode("utf-8", "replace") if isinstance(html, bytes) else html
    tree = LexborHTMLParser(text[:2_000_000])
    found: list[FeedLink] = []
    seen: set[str] = set()
    for node in tree.css("link[href]"):
        rel = (node.attributes.get("rel") or "").lower().split()
        kind = _FEED_LINK_TYPES.get((node.attributes.get("type") or "").lower().split(";")[0].strip())
        href = node.attributes.get("href")
        if "alternate" not in rel or kind is None or not href:
            continue
        absolute = urljoin(base_url, href.strip())
        if absolute in seen or not absolute.startswith(("http://", "https://", "file:")):
            continue
        seen.add(absolute)
        title = " ".join(clean_text(node.attributes.get("title") or "").split())
        found.append(FeedLink(absolute, title, kind))
    return found


def _html_error(body: bytes, url: str) -> str:
    links = feed_links(body, url)
    if not links:
        return "an HTML page, not a feed: check the url (the page links to no feed)"
    return f"an HTML page, not a feed: it links to {_describe(links)}; use that url"


def _describe(links: Iterable[FeedLink]) -> str:
    shown = [link.url for link in links][:3]
    return ", ".join(shown)
