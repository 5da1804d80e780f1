"""Extraction engine: article text + publication date → facts.

`extract` is the one entry point the CLI and the poller call. It is pure (no
I/O, no global state), never raises on odd input, and is fast enough to run on
every item of every poll. The work is split by job: `sentences` and `quotes`
segment the text, `numbers` reads amounts, `counts`, `statements` and `events`
find the facts, `dates` resolves days (`monitor.merge` groups facts across
articles).

Speed comes from not trying the costly patterns where they cannot match: the
article is folded and its words listed once (`gates.Vocabulary`), and each
extractor skips the sentences that hold none of the words its patterns need.
"""

from __future__ import annotations

import datetime as dt
import re

from ..models import ControlClaim, Event, Facts, Statement
from .actors import canonical_actor, first_person_actors
from .article import Article
from .counts import extract_counts
from .events import extract_events
from .headlines import headline_facts
from .headlines import restated as _restated
from .statements import extract_statements

__all__ = ["compiled", "extract"]

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_ASCII_NOT_CONTROL = bytes(c for c in range(128) if not _CONTROL.match(chr(c)))
"""The ASCII characters `_CONTROL` leaves alone: deleting them from ASCII text leaves its control characters."""
_MAX_CHARS = 200_000
"""Longer bodies are cut: no news article is this long, and time must stay bounded."""


def _clean(text: str) -> str:
    # control characters (other than newlines and tabs) become spaces: offsets stay valid
    if text.isascii() and not text.encode("ascii").translate(None, _ASCII_NOT_CONTROL):
        return text  # (none: a byte table finds that out faster than the regex)
    return _CONTROL.sub(" ", text)


def compiled() -> bool:
    """Whether the extractors run as mypyc-compiled C (a regular install, see setup.py) or as Python."""
    return not __file__.endswith(".py")


def extract(text: str, published: dt.date, title: str | None = None) -> Facts:
    """Every control claim, statement and future event in one article body, and in its title.

    Offsets refer to `text` as given: `text[f.start:f.end] == f.evidence`; a fact only the title states has
    `in_title` set, and its offsets refer to `title`. A fact both state is the body's (one fact, not two).
    """
    facts = _extract(text, published)
    if not title or not title.strip() or _restated(title, text):
        return facts
    return headline_facts(facts, _extract(title, published), title)


def _extract(text: str, published: dt.date) -> Facts:
    if not text or not text.strip():
        return Facts()
    body = _clean(text[:_MAX_CHARS])
    counts: list[ControlClaim] = []
    statements: list[Statement] = []
    events: list[Event] = []
    try:
        article = Article(body)
    except Exception:  # pragma: no cover - a segmentation bug must not lose the article
        return Facts()
    for job in ("counts", "statements", "events"):
        try:
            if job == "counts":
                counts = extract_counts(article)
            elif job == "statements":
                statements = extract_statements(article)
            else:
                events = extract_events(article, published)
        except Exception:  # pragma: no cover - one extractor's bug must not hide the others' facts
            continue
    if counts and statements:
        counts = first_person_actors(counts, statements)
    if statements and "(" in body:
        short = article.short_forms()
        if short:
            statements = [_by_full_name(st, short) for st in statements]
    return _valid(counts, statements, events, text)


def _by_full_name(st: Statement, short_forms: dict[str, str]) -> Statement:
    """A speaker the article defines a short form for, by both: "Special Inspector General for Afghanistan
    Reconstruction (SIGAR)" whether the text says "SIGAR said" or "the inspector general … said"."""
    name = canonical_actor(st.speaker, short_forms)
    return st if name == st.speaker or name is None else st.model_copy(update={"speaker": name})


def _valid(counts: list[ControlClaim], statements: list[Statement], events: list[Event], text: str) -> Facts:
    """The facts whose evidence sits at its offsets in the original text."""

    def ok(f: ControlClaim | Statement | Event) -> bool:
        return bool(f.evidence) and 0 <= f.start <= f.end <= len(text) and text[f.start : f.end] == f.evidence

    return Facts(
        counts=[c for c in counts if ok(c)],
        statements=[s for s in statements if ok(s)],
        events=[e for e in events if ok(e)],
    )
