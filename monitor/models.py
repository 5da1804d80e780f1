"""The values that travel between monitor's layers.

Every layer speaks these pydantic models and nothing else: the parser makes
`Item`s, the extractors make `ControlClaim`s, `Statement`s and `Event`s (together
a `Facts`), the store keeps them, the poller reports `FeedStatus`es, and the UI
and the JSON commands show them. Facts carry the character offsets of their
evidence so that every figure on screen can be traced back to its sentence.

Provenance (`item_id`, `source`, `published`) is empty on a fact fresh from an
extractor and filled in when the poller attaches the fact to the item it came
from; `monitor extract --json` leaves it out.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "PROVENANCE",
    "ControlClaim",
    "Event",
    "Facts",
    "FeedStatus",
    "Item",
    "Page",
    "PageStatus",
    "Qualifier",
    "Statement",
    "StatusKind",
    "Verb",
]

Qualifier = Literal[
    "exact",
    "more than",
    "at least",
    "at most",
    "about",
    "dozens",
    "several",
    "about half",
    "about a third",
    "about a quarter",
    "about two thirds",
    "most",
]
"""How precise a count is. Word-only amounts ("dozens", "half") have `count=None`."""

Verb = Literal["control", "seized", "lost", "retaken", "contested"]
"""What the actor did with the territory; passives are turned onto the gaining actor."""

StatusKind = Literal["ok", "not_modified", "error", "pending"]

PROVENANCE = {"item_id", "source", "published", "claimant"}
"""Fields a fact gets from the item it was found in, not from its text."""


class _Fact(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    evidence: str
    """Exact substring of the article body that supports the fact."""
    start: int = Field(ge=0)
    """Offset of `evidence` in the body, so the UI can highlight it."""
    end: int = Field(ge=0)
    in_title: bool = False
    """The evidence is in the item's title (and the offsets into it), not in its body: a headline states it."""
    item_id: str | None = None
    source: str | None = None
    """Feed name the fact was read from."""
    published: dt.datetime | None = None
    """Publication time of the article the fact was read from."""


class ControlClaim(_Fact):
    """Who holds (or took, or lost) how much territory, according to one text."""

    actor: str | None
    count: int | None
    qualifier: Qualifier
    total: int | None
    """Only when the same phrase states it ("50 of 370"); never filled in from elsewhere."""
    unit: str
    """The territorial noun as written, plural: districts, provincial capitals, percent of territory."""
    verb: Verb
    claimant: str | None = None
    """Who the article says made the claim (the speaker whose statement holds it), else the feed; set when stored."""


class Statement(_Fact):
    """A quote or reported speech with who said it."""

    speaker: str
    role: str | None
    kind: Literal["direct", "indirect"]
    quote: str


class Event(_Fact):
    """Something dated after the article's publication: a meeting, a vote, a deadline."""

    date: dt.date
    title: str
    participants: list[str] = Field(default_factory=list)
    location: str | None = None


class Facts(BaseModel):
    """Everything the extractors found in one article."""

    model_config = ConfigDict(frozen=True)

    counts: list[ControlClaim] = Field(default_factory=list)
    statements: list[Statement] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)


class Item(BaseModel):
    """One entry of a feed, normalized: plain text, timezone-aware times."""

    model_config = ConfigDict(frozen=True)

    id: str
    """Stable across polls and feeds: the GUID, else the canonical link, else a hash of title and date."""
    feed: str
    """Name of the feed (from config) it was read from."""
    title: str
    link: str | None = None
    published: dt.datetime
    """When the publisher dated it; the time it was first seen if it had no date."""
    summary: str = ""
    content: str = ""
    """Plain text body; HTML stripped, control characters removed."""
    author: str | None = None
    article: str = ""
    """The main text of the page behind `link`, when it was read and said more than the feed did."""

    @property
    def text(self) -> str:
        """What facts are read from and point into: the article, else the content, else the summary."""
        return self.article or self.content or self.summary


PageStatus = Literal["full", "same", "failed"]
"""The page gave the article (`full`), said no more than the feed did (`same`), or could not be read."""


class Page(BaseModel):
    """What came of reading the article page behind an item's link (once per story)."""

    model_config = ConfigDict(frozen=True)

    url: str
    """The page finally read, after redirects."""
    status: PageStatus
    reason: str | None = None
    """Why the page gave nothing: timed out, too large, not HTML, a consent or paywall page, blocked."""
    fetched: dt.datetime


class FeedStatus(BaseModel):
    """How one feed is doing: what the health pane and `poll --json` report."""

    name: str
    url: str
    status: StatusKind = "pending"
    http_status: int | None = None
    error: str | None = None
    """Why the last poll failed, in words a user can act on."""
    warning: str | None = None
    """A feed that parsed but was not well-formed says so here."""
    new_items: int = 0
    items: int = 0
    last_poll: dt.datetime | None = None
    last_success: dt.datetime | None = None
    next_poll: dt.datetime | None = None
    pages_fetched: int = 0
    """Article pages read behind this feed's links."""
    pages_failed: int = 0
    """Article pages that could not be read (the item keeps its teaser)."""
    failures: int = 0
    """Consecutive failed polls; drives backoff and, from `BREAKER_FAILURES` on, a long pause."""
    retry_until: dt.datetime | None = None
    """The server asked (Retry-After) not to be polled again before this; even `r` waits."""
