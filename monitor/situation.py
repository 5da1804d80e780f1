"""What the panes show, computed from stored facts without any UI.

The UI renders these rows and nothing more, so every judgement about the
situation (which claim is the latest, who made it, how it moved, which events
are one event, how far away they are) lives here and is tested here.

A control claim is attributed to whoever the article says made it: when a
statement's evidence covers the claim's evidence ("… 50 of 370 districts, the UN
envoy Deborah Lyons told the Security Council"), the speaker is the claimant;
otherwise the feed is. Claims are grouped per actor, unit, verb and claimant, so
that different sources and different totals (370 vs 407 districts) stay side by
side and are never converted into each other.

An actor is grouped under its canonical name: the `[actors]` table of the config
maps aliases ("RSF") to one name ("Rapid Support Forces"). The table arrives as
an alias map (`alias_map`), passed in by the caller; without one, actors are
only normalized (`norm_actor`). Stored row keys (`group_key`) never depend on it,
so an edited table applies at once, without rewriting the store.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from .merge import merge_events, merge_statements
from .models import ControlClaim, Event, FeedStatus, Statement

__all__ = [
    "NO_ALIASES",
    "ControlRow",
    "EventRow",
    "StatementRow",
    "claimant_of",
    "actor_key",
    "alias_map",
    "canonical_actor",
    "control_rows",
    "countdown",
    "event_rows",
    "group_key",
    "health_note",
    "matches",
    "norm_actor",
    "sentence_around",
    "statement_rows",
]

_SPARK = "▁▂▃▄▅▆▇█"
_ARTICLE = re.compile(r"^(the|a|an)\s+", re.I)


def norm_actor(actor: str | None) -> str:
    """'the Taliban' and 'Taliban' are one actor; unknown actors group together."""
    if not actor:
        return "(unattributed)"
    name = _ARTICLE.sub("", actor.strip())
    return name[:1].upper() + name[1:]


NO_ALIASES: Mapping[str, str] = MappingProxyType({})
"""The alias map of a config without an `[actors]` table."""


def actor_key(name: str) -> str:
    """How actor names are compared: the whole name, in any case and spacing, without a leading article."""
    return " ".join(_ARTICLE.sub("", name.strip()).split()).casefold()


def alias_map(table: Mapping[str, Iterable[str]]) -> dict[str, str]:
    """The `[actors]` table as a lookup: the `actor_key` of every canonical name and alias → the canonical name."""
    return {actor_key(alias): name for name, aliases in table.items() for alias in (name, *aliases)}


_SHORT_FORM = re.compile(r"^(?P<long>.+?)\s+\((?P<short>[^()]{1,12})\)$")


def canonical_actor(actor: str | None, aliases: Mapping[str, str] = NO_ALIASES) -> str:
    """The name an actor is grouped and shown under: its canonical name in `aliases`, else `norm_actor`'s.

    An actor the extractor names with its short form ("Rapid Support Forces (RSF)", as an article defines it) is
    the canonical name of either, else its full name: one row with the articles that name it in full only.
    """
    name = norm_actor(actor)
    if not actor:
        return name
    both = _SHORT_FORM.match(name)
    if both:
        for part in (name, both.group("long"), both.group("short")):
            if actor_key(part) in aliases:
                return aliases[actor_key(part)]
        return both.group("long")
    return aliases.get(actor_key(name), name)


def _norm_unit(unit: str) -> str:
    unit = unit.lower().replace("centres", "centers").replace("centre", "center")
    return unit


@dataclass(frozen=True)
class ControlRow:
    actor: str
    unit: str
    verb: str
    claimant: str
    latest: ControlClaim
    history: tuple[ControlClaim, ...]
    """Every claim in this group, oldest first (the latest is last)."""

    @property
    def keys(self) -> tuple[str, ...]:
        """The stored row keys (`group_key`) this row gathers: several when `[actors]` joins aliases."""
        return tuple(dict.fromkeys(group_key(claim) for claim in self.history))

    @property
    def previous(self) -> ControlClaim | None:
        return self.history[-2] if len(self.history) > 1 else None

    @property
    def change(self) -> int | None:
        """Difference in count since the previous claim of the same group, when both are numbers."""
        prev = self.previous
        if prev is None or prev.count is None or self.latest.count is None:
            return None
        return self.latest.count - prev.count

    @property
    def sparkline(self) -> str:
        values = [c.count for c in self.history if c.count is not None]
        if len(values) < 2:
            return ""
        low, high = min(values), max(values)
        span = high - low or 1
        return "".join(_SPARK[round((v - low) / span * (len(_SPARK) - 1))] for v in values[-12:])


@dataclass(frozen=True)
class StatementRow:
    statement: Statement
    sources: tuple[str, ...]


@dataclass(frozen=True)
class EventRow:
    date: dt.date
    title: str
    participants: tuple[str, ...]
    location: str | None
    sources: tuple[str, ...]
    events: tuple[Event, ...]
    days: int
    """Days from today (negative: passed)."""


def claimant_of(claim: ControlClaim, statements: Sequence[Statement]) -> str | None:
    """The speaker of the statement (from the same article) that holds the claim, if any."""
    for st in statements:
        if st.start <= claim.start and claim.end <= st.end:
            return st.speaker
    for st in statements:  # the quote restates part of the claim's sentence
        if st.start < claim.end and claim.start < st.end:
            return st.speaker
    return None


def _claimant(claim: ControlClaim, statements: Sequence[Statement]) -> str:
    if claim.claimant:
        return claim.claimant
    same_item = [st for st in statements if st.item_id == claim.item_id]
    return claimant_of(claim, same_item) or claim.source or "unknown source"


def group_key(claim: ControlClaim) -> str:
    """The Control row a claim belongs to: actor, unit, verb and claimant, normalized."""
    claimant = claim.claimant or claim.source or "unknown source"
    return "\x1f".join((norm_actor(claim.actor), _norm_unit(claim.unit), claim.verb, claimant))


def control_rows(
    claims: Iterable[ControlClaim], statements: Sequence[Statement] = (), *, aliases: Mapping[str, str] = NO_ALIASES
) -> list[ControlRow]:
    """One row per actor × unit × verb × claimant, newest claim shown, history kept.

    Stored claims carry their claimant; for others it is found among `statements`.
    Actors are grouped and named by `canonical_actor` with the alias map `aliases`.
    """
    by_item: dict[str | None, list[Statement]] = defaultdict(list)
    for st in statements:
        by_item[st.item_id].append(st)
    groups: dict[tuple[str, str, str, str], list[ControlClaim]] = defaultdict(list)
    for claim in claims:
        claimant = _claimant(claim, by_item.get(claim.item_id, []))
        groups[(canonical_actor(claim.actor, aliases), _norm_unit(claim.unit), claim.verb, claimant)].append(claim)
    rows = []
    for (actor, unit, verb, claimant), history in groups.items():
        ordered = sorted(history, key=lambda c: (c.published or dt.datetime.min.replace(tzinfo=dt.UTC), c.start))
        rows.append(ControlRow(actor, unit, verb, claimant, ordered[-1], tuple(ordered)))
    verb_order = {"control": 0, "seized": 1, "contested": 2, "retaken": 3, "lost": 4}
    rows.sort(key=lambda r: (r.actor.casefold(), verb_order.get(r.verb, 9), r.unit, -_when(r.latest)))
    return rows


def _when(fact: ControlClaim | Statement | Event) -> float:
    return fact.published.timestamp() if fact.published else 0.0


def statement_rows(statements: Iterable[Statement]) -> list[StatementRow]:
    """Newest first; the same words from the same speaker in several feeds are one row with every source."""
    rows = []
    for group in merge_statements(sorted(statements, key=_when)):
        sources = tuple(dict.fromkeys(s.source for s in group if s.source))
        rows.append(StatementRow(group[0], sources))
    rows.sort(key=lambda r: -_when(r.statement))
    return rows


def event_rows(events: Iterable[Event], today: dt.date, *, keep_past_days: int = 7) -> list[EventRow]:
    """Events merged across articles, soonest first; recently passed ones after the upcoming."""
    rows = []
    for group in merge_events(sorted(events, key=_when)):
        best = max(group, key=lambda e: (len(e.participants), e.location is not None, -len(e.title)))
        days = (best.date - today).days
        if days < -keep_past_days:
            continue
        participants = tuple(dict.fromkeys(p for e in group for p in e.participants))
        sources = tuple(dict.fromkeys(e.source for e in group if e.source))
        location = best.location or next((e.location for e in group if e.location), None)
        rows.append(EventRow(best.date, best.title, participants, location, sources, tuple(group), days))
    rows.sort(key=lambda r: (r.days < 0, abs(r.days), r.title))
    return rows


def countdown(days: int) -> str:
    """'today', 'tomorrow', 'in 5 days', 'yesterday', '3 days ago'."""
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days == -1:
        return "yesterday"
    return f"in {days} days" if days > 0 else f"{-days} days ago"


def matches(query: str, *texts: str | None) -> bool:
    """Case-insensitive filter: every word of the query appears in one of the texts."""
    haystack = " ".join(t for t in texts if t).casefold()
    return all(word in haystack for word in query.casefold().split())


def _in_words(delta: dt.timedelta) -> str:
    seconds = max(delta.total_seconds(), 0)
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    if seconds < 129600:
        return f"{seconds / 3600:.0f} h"
    return f"{seconds / 86400:.0f} days"


def health_note(status: FeedStatus, now: dt.datetime) -> str:
    """What the Feeds pane says about a feed's trouble, including its backoff, in words."""
    if status.status != "error":
        return status.warning or ""
    parts = [status.error or "failing"]
    if status.retry_until and status.retry_until > now:
        parts.append(f"the server asked to wait: retry in {_in_words(status.retry_until - now)}")
    elif status.next_poll and "paused until" not in (status.error or ""):
        ordinal = {1: "1st", 2: "2nd", 3: "3rd"}.get(status.failures, f"{status.failures}th")
        parts.append(f"{ordinal} failure in a row, retry in {_in_words(status.next_poll - now)}")
    return " · ".join(parts)


def pages_note(status: FeedStatus) -> str:
    """How the article pages behind a feed's links went: "3 pages read, 1 failed" (empty if none were tried)."""
    read, failed = status.pages_fetched, status.pages_failed
    if not read and not failed:
        return ""
    note = f"{read} page{'' if read == 1 else 's'} read"
    return f"{note}, {failed} failed" if failed else note


_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’)]*\s+|\n\s*\n")


def sentence_around(text: str, start: int, end: int, *, limit: int = 400) -> str:
    """The sentence (or paragraph) holding text[start:end], for showing a fact with its context."""
    if not 0 <= start <= end <= len(text):
        return ""
    left = 0
    for m in _SENTENCE_END.finditer(text, max(0, start - limit), start):
        left = m.end()
    stop = _SENTENCE_END.search(text, end, min(len(text), end + limit))
    right = stop.start() if stop else min(len(text), end + limit)
    return " ".join(text[max(left, start - limit) : right].split())
