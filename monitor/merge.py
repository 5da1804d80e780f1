"""Group the same fact reported by several articles, keeping every source.

Each function takes facts from many articles and returns groups (lists) of
facts that report the same thing, in first-seen order. Conflicting claims
(different counts, totals, units, verbs or actors) stay in separate groups so
the UI can show that sources disagree.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from typing import TypeVar

from .models import ControlClaim, Event, Statement

__all__ = ["merge_claims", "merge_events", "merge_statements", "same_name", "similar"]

_T = TypeVar("_T")
_WORD = re.compile(r"\w+")
_STOP = frozenset(
    "the a an of for and said spokesman spokeswoman official officials spokesperson told its his her".split()
)


def _tokens(text: str | None) -> list[str]:
    return _WORD.findall((text or "").lower())


def same_name(a: str | None, b: str | None) -> bool:
    """Same person or organization: shared surname / last word, or a shared 5-letter stem."""
    at = [t for t in _tokens(a) if t not in _STOP]
    bt = [t for t in _tokens(b) if t not in _STOP]
    if not at or not bt:
        return not at and not bt
    if at[-1] in bt or bt[-1] in at:
        return True
    return any(x[:5] == y[:5] for x in at for y in bt if len(x) >= 4 and len(y) >= 4)


def similar(a: str, b: str, threshold: float = 0.6) -> bool:
    """Word overlap of the shorter text with the longer one."""
    ca, cb = Counter(_tokens(a)), Counter(_tokens(b))
    if not ca or not cb:
        return False
    shared = sum((ca & cb).values())
    return shared / min(sum(ca.values()), sum(cb.values())) >= threshold


def _unit(unit: str) -> str:
    u = " ".join(_tokens(unit)).replace("centres", "centers").replace("kilometers", "kilometres")
    return "percent" if u.startswith(("percent", "per cent")) else u.rstrip("s")


def _group(items: Sequence[_T], same: Callable[[_T, _T], bool], bucket: Callable[[_T], object]) -> list[list[_T]]:
    """Groups in first-seen order; an item joins the first group holding a match.

    Only items in the same bucket (a cheap key every match shares) are compared,
    so merging the hundreds of statements a pane shows stays near linear.
    """
    groups: list[list[_T]] = []
    by_bucket: dict[object, list[list[_T]]] = {}
    for item in items:
        candidates = by_bucket.setdefault(bucket(item), [])
        for group in candidates:
            if any(same(member, item) for member in group):
                group.append(item)
                break
        else:
            group = [item]
            candidates.append(group)
            groups.append(group)
    return groups


def _same_claim(a: ControlClaim, b: ControlClaim) -> bool:
    return (
        a.count == b.count
        and a.qualifier == b.qualifier
        and a.total == b.total
        and a.verb == b.verb
        and _unit(a.unit) == _unit(b.unit)
        and same_name(a.actor, b.actor)
    )


def _same_statement(a: Statement, b: Statement) -> bool:
    return a.kind == b.kind and same_name(a.speaker, b.speaker) and similar(a.quote, b.quote)


def _same_event(a: Event, b: Event) -> bool:
    """Same day, and the same people, the same place, or much the same words."""
    if a.date != b.date:
        return False
    if {p.casefold() for p in a.participants} & {p.casefold() for p in b.participants}:
        return True
    if a.location and b.location and a.location.casefold() == b.location.casefold() and similar(a.title, b.title, 0.3):
        return True
    one_sided = not a.participants or not b.participants
    return similar(a.title, b.title, 0.3 if one_sided and (a.participants or b.participants) else 0.5)


def _speaker_key(statement: Statement) -> tuple[str, str]:
    words = [t for t in _tokens(statement.speaker) if t not in _STOP]
    return statement.kind, words[-1] if words else ""


def merge_claims(claims: Sequence[ControlClaim]) -> list[list[ControlClaim]]:
    """Same actor, count, qualifier, total, unit and verb; anything else is a separate (conflicting) claim."""
    return _group(claims, _same_claim, lambda c: (c.count, c.total, c.verb))


def merge_statements(statements: Sequence[Statement]) -> list[list[Statement]]:
    """Same kind, same speaker (surname or organization word) and mostly the same words."""
    return _group(statements, _same_statement, _speaker_key)


def merge_events(events: Sequence[Event]) -> list[list[Event]]:
    """Same day and shared participants, the same place, or a similar title; one day, two places: two events."""
    return _group(events, _same_event, lambda e: e.date)
