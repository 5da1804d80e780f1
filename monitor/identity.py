"""Keys that say two items are the same story.

Three signals, strongest first: the publisher's GUID (when it is globally
unique), the canonical link (tracking parameters, fragments, scheme and `www.`
removed), and the normalized title of a story of some length published within
a few days of the other. The store uses them to keep one copy of a story that
arrives twice, or through several feeds, while remembering every feed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit

__all__ = ["TITLE_WINDOW", "canonical_link", "item_id", "title_key"]

TITLE_WINDOW = dt.timedelta(days=3)
"""Two items with the same title key are one story only if published this close together."""

_TRACKING = re.compile(
    r"^(?:utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|ref|ref_src|ref_url|cmpid|cmp|ocid|icid|at_\w+|"
    r"ns_\w+|s_cid|_ga|_gl|igshid|spm|share|smid|sr_share|xtor|rss|feed|from)$",
    re.I,
)
_GLOBAL_GUID = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|[0-9a-f]{8}-[0-9a-f]{4}-)", re.I)
_LABELS = re.compile(r"^(?:(?:breaking|update[ds]?|live|exclusive|watch|video|analysis|opinion)\s*[:|–—-]\s*)+", re.I)
_WORD = re.compile(r"\w+")
MIN_TITLE_WORDS = 5
"""Shorter titles ("Daily brief", "Update") are too generic to say two items are one story."""


@lru_cache(maxsize=8192)  # the store asks for the same item's keys several times in one poll
def canonical_link(link: str | None) -> str | None:
    """`https://www.Example.org/a?utm_source=x&b=2#top` → `example.org/a?b=2`; None for non-web links."""
    if not link:
        return None
    try:
        parts = urlsplit(link.strip())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower().removeprefix("www.")
    if port and port not in (80, 443):
        host = f"{host}:{port}"
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k))
    path = parts.path or "/"
    if len(path) > 1:
        path = path.rstrip("/")
    return host + path + (f"?{urlencode(query)}" if query else "")


@lru_cache(maxsize=8192)
def title_key(title: str) -> str | None:
    """Lower-case words of a title without "BREAKING:"-style labels; None when too short to trust."""
    words = _WORD.findall(_LABELS.sub("", title.strip()).casefold())
    return " ".join(words) if len(words) >= MIN_TITLE_WORDS else None


def item_id(feed: str, guid: str | None, link: str | None, title: str, published: dt.datetime | None) -> str:
    """Stable across polls: a global GUID, else a feed-scoped GUID, else the link, else a hash.

    A GUID such as "1234" is only unique within its feed, so it is scoped by the
    feed's name; a URL, URN or UUID is taken as it is, so the same story
    carried by two feeds gets one id.
    """
    guid = (guid or "").strip()
    if guid:
        return f"g:{guid}" if _GLOBAL_GUID.match(guid) else f"f:{feed}:{guid}"
    canonical = canonical_link(link)
    if canonical:
        return f"l:{canonical}"
    stamp = published.isoformat() if published else ""
    return "h:" + hashlib.sha1(f"{feed}\x1f{title}\x1f{stamp}".encode()).hexdigest()[:24]
