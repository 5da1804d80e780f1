"""Reading the article behind an item's link: which pages, and fetching them safely.

Most real feeds carry a headline and one sentence; the facts are in the linked
article. This stage sits between parsing and extraction: it picks the items
whose page is worth reading (`pages_wanted`), fetches each page through the
feeds' own `Fetcher` (same client, same per-host caps, same deadline and size
cap) and turns whatever happens into a reason a user can read.

Links are untrusted. Before any I/O `netguard.check_link` refuses other schemes
and addresses more private than the feed's; during the fetch `netguard.reach`
makes the network layer check every connection, redirects and DNS answers
included, and keeps `file:` for `file:` feeds.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Sequence
from dataclasses import replace
from urllib.parse import urlsplit

from . import netguard
from .config import FullText
from .fetch import Fetcher, FetchResult
from .models import Item, Page

__all__ = ["TEASER_CHARS", "PageFetcher", "is_teaser", "pages_wanted", "read_on_open", "worth_retrying"]

TEASER_CHARS = 700
"""A feed text shorter than this is a teaser: a headline's sentence or two, not an article."""
_CUT = re.compile(
    r"(?:…|\.\.\.|\[(?:…|\.\.\.)\]|\b(?:read more|continue reading|read the full (?:story|article))\W*"
    r"|\bappeared first on\b.{0,120})\s*$",
    re.I | re.S,
)
"""How a cut-off feed text ends: an ellipsis, "Read more", WordPress's "The post … appeared first on …"."""


def is_teaser(item: Item) -> bool:
    """Whether the item's own text is only a teaser of its article: short, cut off, or just its title."""
    text = " ".join(item.text.split())
    if len(text) < TEASER_CHARS:
        return True
    return bool(_CUT.search(text[-200:]))


_TRANSIENT = ("timed out", "cannot connect", "server error", "rate limited", "the site asked to wait",
              "could not read the page", "the server broke")  # fmt: skip
"""How the reasons of failures that may go away begin (see `fetch.Fetcher`): the network, not the page."""


def worth_retrying(reason: str | None) -> bool:
    """Whether a failed page may read fine later: a timeout or a 503 may, a paywall or a blocked link will not."""
    return (reason or "").startswith(_TRANSIENT)


def read_on_open(item: Item, page: Page | None, mode: FullText) -> bool:
    """Whether opening a stored item should read its page now: never read yet, or failed for a passing reason."""
    if mode == "never" or not item.link:
        return False
    if page is not None and not (page.status == "failed" and worth_retrying(page.reason)):
        return False
    return mode == "always" or is_teaser(item)


def pages_wanted(items: Sequence[Item], mode: FullText, *, first_poll: bool, newest: int) -> list[Item]:
    """The new items whose page should be read now, newest first.

    `auto` reads only teasers, `always` every item with a link, `never` none.
    On a feed's first poll its back catalogue arrives at once, so only the
    `newest` latest are read; an older one is read when it is opened.
    """
    if mode == "never":
        return []
    chosen = [item for item in items if item.link and (mode == "always" or is_teaser(item))]
    chosen.sort(key=lambda item: item.published, reverse=True)
    return chosen[:newest] if first_poll else chosen


class PageFetcher:
    """Fetches article pages for the items of feeds, politely and never beyond the feed's network.

    A host that asked us to wait (429 or 503 with Retry-After) is left alone
    until then: a page due within the deadline waits its turn, a later one
    fails with the reason and can be read again when opened.
    """

    def __init__(self, fetcher: Fetcher, *, resolve: netguard.Resolver | None = None) -> None:
        self.fetcher = fetcher
        self.resolve = resolve
        self._resume_at: dict[str, float] = {}

    async def fetch(self, link: str, feed_url: str) -> FetchResult:
        """GET the page `link` of an item of the feed at `feed_url` (the URL the feed was read from).

        Never raises: a refused link, a timeout or a 404 is a result with `status="error"` and the reason.
        """
        feed_class = await netguard.class_of_url(feed_url, self.resolve)
        refused = netguard.check_link(link, feed_class)
        if refused:
            return FetchResult("error", error=refused, url=link)
        host = (urlsplit(link).hostname or "").lower()
        loop = asyncio.get_running_loop()
        wait = self._resume_at.get(host, 0.0) - loop.time()
        if wait > 0:
            if wait > self.fetcher.limits.total_timeout:
                return FetchResult("error", error=f"the site asked to wait {wait:.0f} s; open the item later", url=link)
            await asyncio.sleep(wait)
        with netguard.reach(feed_class):
            result = await self.fetcher.fetch(link, page=True)
        if result.retry_after:
            self._resume_at[host] = loop.time() + result.retry_after
        if result.status == "not_modified":  # we sent no validators: a server that says 304 anyway gave no page
            result = replace(result, status="error", error="the server sent no page (HTTP 304)")
        return result
