"""Extraction engine: article text + publication date → facts.

`extract` is the one entry point the CLI and the poller call. It is pure (no
I/O, no global state), never raises on odd input, and is fast enough to run on
every item of every poll. The work is split by job: `sentences` and `quotes`
segment the text, `numbers` reads amounts, `counts`, `statements` and `events`
find the facts, `dates` resolves days, `merge` groups facts across articles.
"""

from __future__ import annotations

import datetime as dt
import re

from ..models import ControlClaim, Event, Facts, Statement
from .counts import extract_counts
from .events import extract_events
from .quotes import find_quotes
from .sentences import split_sentences
from .statements import extract_statements

__all__ = ["extract"]

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_MAX_CHARS = 200_000
"""Longer bodies are cut: no news article is this long, and time must stay bounded."""


def _clean(text: str) -> str:
    # control characters (other than newlines and tabs) become spaces: offsets stay valid
    return _CONTROL.sub(" ", text)


def extract(text: str, published: dt.date) -> Facts:
    """Every control claim, statement and future event in one article body.

    Offsets refer to `text` as given: `text[f.start:f.end] == f.evidence`.
    """
    if not text or not text.strip():
        return Facts()
    body = _clean(text[:_MAX_CHARS])
    counts: list[ControlClaim] = []
    statements: list[Statement] = []
    events: list[Event] = []
    try:
        quotes = find_quotes(body)
        sentences = split_sentences(body, quotes)
    except Exception:  # pragma: no cover - a segmentation bug must not lose the article
        return Facts()
    for job in ("counts", "statements", "events"):
        try:
            if job == "counts":
                counts = extract_counts(body, sentences)
            elif job == "statements":
                statements = extract_statements(body, sentences, quotes)
            else:
                events = extract_events(body, sentences, published)
        except Exception:  # pragma: no cover - one extractor's bug must not hide the others' facts
            continue
    facts = Facts(counts=counts, statements=statements, events=events)
    return _valid(facts, text)


def _valid(facts: Facts, text: str) -> Facts:
    """Keep only facts whose evidence sits at its offsets in the original text."""

    def ok(f: ControlClaim | Statement | Event) -> bool:
        return bool(f.evidence) and 0 <= f.start <= f.end <= len(text) and text[f.start : f.end] == f.evidence

    return Facts(
        counts=[c for c in facts.counts if ok(c)],
        statements=[s for s in facts.statements if ok(s)],
        events=[e for e in facts.events if ok(e)],
    )
