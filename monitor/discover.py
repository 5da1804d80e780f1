"""From "a URL someone pasted" to a feed monitor can poll, or a reason why not.

`discover_feed` fetches the URL once with the same polite `Fetcher` the poller
uses and reads the body with the same parser, so a feed it accepts is a feed
the poller will read. A web page is not a dead end: the feeds it advertises
(`<link rel="alternate" type="application/rss+xml" …>`) are tried in order and
the first that parses is the answer. Every failure is a `DiscoveryError` whose
message says what was found and what to do about it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal
from urllib.parse import unquote, urlsplit

import httpx

from .fetch import Fetcher, FetchLimits, FetchResult
from .parse import ParseResult, feed_links, parse_feed
from .text import clean_text

__all__ = ["DiscoveredFeed", "DiscoveryError", "FeedFormat", "discover_feed", "suggest_name"]

FeedFormat = Literal["rss", "atom", "rdf", "json"]

MAX_NAME = 80
"""The longest feed name the config accepts."""
_BASE_NAME = 60
"""A suggested name is cut (at a word) to this length, leaving room for a " (2)" suffix."""
MAX_LINKS_TRIED = 3
"""Feeds of an HTML page tried before giving up."""

_BOM = b"\xef\xbb\xbf"
_ROOT = re.compile(rb"<(?:[\w-]+:)?(rss|feed|rdf|RDF)\b")
_HTML = re.compile(rb"<!doctype\s+html|<html\b|<head\b|<body\b", re.I)


@dataclass(frozen=True)
class DiscoveredFeed:
    """A URL that was fetched and parsed as a feed."""

    url: str
    """The address to put in the config: the feed itself (not the page linking to it)."""
    format: FeedFormat
    title: str | None
    items: int
    page_url: str | None = None
    """The HTML page the feed was found through, when the URL given was a page."""
    warning: str | None = None
    """The parser's complaint about a feed it could read anyway."""


class DiscoveryError(Exception):
    """The URL does not lead to a readable feed; the message says why, in words a user can act on."""


async def discover_feed(
    client: httpx.AsyncClient,
    url: str,
    max_bytes: int = FetchLimits.max_bytes,
    *,
    timeout: float = FetchLimits.total_timeout,
) -> DiscoveredFeed:
    """Fetch `url` and tell what feed it is, following an HTML page's feed link if need be.

    `file:` URLs must be absolute (`monitor.fetch.normalize_url` makes them so).
    A permanent redirect (301/308) gives the new address; a temporary one keeps
    the URL given. A page's links to `file:` feeds are only followed from a
    `file:` page, so a web page cannot make monitor read local files.
    """
    fetcher = Fetcher(client, FetchLimits(max_bytes=max_bytes, total_timeout=timeout))
    result = await fetcher.fetch(url)
    body = _body(result, url)
    parsed = _parse(body, result, url)
    if parsed.error is None:
        return _found(result.moved_to or url, body, result, parsed)
    if not _is_html(body, result.headers):
        raise DiscoveryError(f"{url} is not a feed: {parsed.error}")

    page = result.url or url
    links = [
        link for link in feed_links(body, page) if not link.url.startswith("file:") or urlsplit(page).scheme == "file"
    ]
    if not links:
        raise DiscoveryError(
            f"{url} is an HTML page that links to no feed: look on the site for its RSS or Atom "
            "address (often /feed, /rss or /atom.xml) and use that"
        )
    failures: list[str] = []
    for link in links[:MAX_LINKS_TRIED]:
        try:
            feed_result = await fetcher.fetch(link.url)
            feed_body = _body(feed_result, link.url)
        except DiscoveryError as exc:
            failures.append(str(exc))
            continue
        feed_parsed = _parse(feed_body, feed_result, link.url)
        if feed_parsed.error is None:
            return _found(feed_result.moved_to or link.url, feed_body, feed_result, feed_parsed, page_url=page)
        failures.append(f"{link.url} is not a feed: {feed_parsed.error}")
    raise DiscoveryError(f"{url} is an HTML page whose feed links do not work: " + "; ".join(failures))


def _body(result: FetchResult, url: str) -> bytes:
    if result.status == "error":
        raise DiscoveryError(f"{url}: {result.error or 'could not be fetched'}")
    if result.status == "not_modified" or result.body is None:
        raise DiscoveryError(f"{url}: the server sent no content (HTTP {result.http_status})")
    return result.body


def _parse(body: bytes, result: FetchResult, url: str) -> ParseResult:
    return parse_feed(body, result.headers, feed="(discovery)", url=result.url or url, now=dt.datetime.now(dt.UTC))


def _found(
    url: str, body: bytes, result: FetchResult, parsed: ParseResult, *, page_url: str | None = None
) -> DiscoveredFeed:
    return DiscoveredFeed(
        url=url,
        format=_format(body, result.headers),
        title=parsed.title,
        items=len(parsed.items),
        page_url=page_url,
        warning=parsed.warning,
    )


def _format(body: bytes, headers: dict[str, str]) -> FeedFormat:
    """Which kind of feed a body that parsed is: by its root element, JSON by its first byte."""
    head = body.lstrip(_BOM + b" \t\r\n")
    content_type = headers.get("content-type", "").lower()
    if head.startswith((b"{", b"[")) or "json" in content_type:
        return "json"
    root = _ROOT.search(head, 0, 65536)
    if root is None:
        return "rss"  # feedparser read it without a known root: it is most lenient with RSS
    name = root.group(1).lower()
    return "atom" if name == b"feed" else "rdf" if name == b"rdf" else "rss"


def _is_html(body: bytes, headers: dict[str, str]) -> bool:
    head = body.lstrip(_BOM + b" \t\r\n")[:4096]
    return "html" in headers.get("content-type", "").lower() or _HTML.search(head) is not None


# --- names ---------------------------------------------------------------------


def suggest_name(title: str | None, url: str, taken: set[str]) -> str:
    """A short feed name not in `taken` (compared case-insensitively).

    From the feed's title, else the URL's host (without `www.`), else the file
    name; cut at a word to 60 characters; " (2)", " (3)", … appended on a clash.
    Always printable text without leading or trailing spaces, at most 80 characters.
    """
    base = _printable(title or "")
    if not base:
        parts = urlsplit(url)
        host = (parts.hostname or "").removeprefix("www.")
        base = _printable(host or unquote(parts.path).rstrip("/").rsplit("/", 1)[-1]) or "feed"
    base = _shorten(base, _BASE_NAME)
    used = {name.casefold() for name in taken}
    name, number = base, 1
    while name.casefold() in used:
        number += 1
        suffix = f" ({number})"
        name = _shorten(base, MAX_NAME - len(suffix)) + suffix
    return name


def _printable(text: str) -> str:
    return " ".join("".join(ch if ch.isprintable() else " " for ch in clean_text(text)).split())


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" -–—:;,.") + "…"
