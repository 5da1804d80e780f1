"""Reading the article behind an item's link: which pages, and fetching them safely.

Most real feeds carry a headline and one sentence; the facts are in the linked
article. This stage sits between parsing and extraction: `teasers.py` picks the
items whose page is worth reading, and this module fetches each page through the
feeds' own `Fetcher` (same client, same per-host caps, same deadline and size
cap) and turns whatever happens into a reason a user can read.

Links are untrusted. Before any I/O `netguard.check_link` refuses other schemes
and addresses more private than the feed's; during the fetch `netguard.reach`
makes the network layer check every connection, redirects and DNS answers
included, and keeps `file:` for `file:` feeds.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import replace
from urllib.parse import urlsplit

from . import netguard
from .fetch import Fetcher, FetchResult

__all__ = ["BUSY", "HostGate", "PageFetcher", "place"]

HostGate = Callable[[str], AbstractAsyncContextManager[bool]]
"""Entered around each page request with the page's host; yields whether the request may go now.

`monitor serve` passes one that takes the team's share of the host (see
`SqlStore.take_host_slot`); on its own a poller's per-host cap is enough.
"""
BUSY = "the site is busy with another poller of the team; open the item later"


def place(gate: HostGate | None, link: str) -> AbstractAsyncContextManager[bool]:
    """The gate's answer for the host of `link`: enter it before `PageFetcher.fetch`, and before waiting
    for the CPU, so that a page waiting for its place holds nothing else."""
    host = (urlsplit(link).hostname or "").lower()
    return gate(host) if gate and host else _always()


@asynccontextmanager
async def _always() -> AsyncIterator[bool]:
    yield True


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
