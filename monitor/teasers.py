"""Which items' article pages to read: teasers, retries, a feed's first poll.

Pure decisions with no network in them, apart from `pages.py` that fetches, so
that the screen can ask them without importing the HTTP stack.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .config import FullText
from .models import Item, Page

__all__ = ["TEASER_CHARS", "is_teaser", "pages_wanted", "read_on_open", "worth_retrying"]

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
              "could not read the page", "the server broke", "the site is busy")  # fmt: skip
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
