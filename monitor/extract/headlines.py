"""A feed item's title read as a headline, beside its body.

Most feeds carry a headline and a one-line teaser: the fall of a city, "14 of 17 townships" or the day of the talks
are often in the headline only. The title is read by the same rules as a body (headline grammar, "Rebels seize 12
towns", "Trump to host Kagame on Thursday", "Zelensky: …", is what they are written for), and what it states that
the body states too is kept once, as the body's: the body says it at more length.
"""

from __future__ import annotations

import re

from ..models import ControlClaim, Facts, Statement

__all__ = ["headline_facts", "restated"]

_WORD = re.compile(r"\w+")


def restated(title: str, body: str) -> bool:
    """Whether the body opens with the title (some feeds repeat it there): then it is read once, in the body."""
    head = _WORD.findall(title.casefold())
    return bool(head) and _WORD.findall(body[: len(title) * 2].casefold())[: len(head)] == head


def headline_facts(body: Facts, title: Facts, text: str) -> Facts:
    """The body's facts and those of the title that the body does not state, marked `in_title`."""
    counts = [c for c in title.counts if not any(_same_claim(c, b) for b in body.counts)]
    statements = [s for s in title.statements if not any(_same_statement(s, b) for b in body.statements)]
    events = [e for e in title.events if not any(e.date == b.date for b in body.events)]
    if not (counts or statements or events):
        return body
    mark = {"in_title": True}
    return Facts(
        counts=[*body.counts, *(c.model_copy(update=mark) for c in counts)],
        statements=[*body.statements, *(s.model_copy(update=mark) for s in statements)],
        events=[*body.events, *(e.model_copy(update=mark) for e in events)],
    )


def _same_claim(a: ControlClaim, b: ControlClaim) -> bool:
    return (a.count, a.qualifier, a.total, a.unit) == (b.count, b.qualifier, b.total, b.unit) or (
        a.count is not None and a.count == b.count and a.unit == b.unit
    )


def _same_statement(a: Statement, b: Statement) -> bool:
    words = set(_WORD.findall(a.quote.casefold()))
    if not words:
        return True
    shared = words & set(_WORD.findall(b.quote.casefold()))
    return len(shared) >= len(words) / 2
