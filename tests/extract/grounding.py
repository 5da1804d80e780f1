"""Whether the facts of a text hold only words of the text.

Every fact field is the input's own: evidence and quotes are spans of it, speakers, roles, actors,
participants and places are names written in it. An event's title is a trimmed clause of it whose verb
may be put in the present ("Biden will host …" gives "Biden hosts …"). A field with other words is a
leak: internal masking showing through (a run of Q's once did), or a name made up from pieces.
"""

from __future__ import annotations

import datetime as dt
import re

from monitor.extract import extract

WORD = re.compile(r"\w+")


def grounded(value: str, words: set[str], inflected: bool = False) -> bool:
    """Every word of `value` is a word of the input (or, with `inflected`, a present-tense form of one: an event's
    title says "Biden hosts …" of "Biden will host …")."""
    for w in WORD.findall(value.casefold()):
        if w in words:
            continue
        if inflected and (
            {"is": "be", "are": "be", "has": "have"}.get(w, "") in words
            or any(w.endswith(end) and w[: len(w) - len(end)] + add in words
                   for end, add in (("s", ""), ("es", ""), ("ies", "y")))
        ):  # fmt: skip
            continue
        return False
    return True


def ungrounded(text: str, published: dt.date) -> list[str]:
    """The fact fields that hold words the input does not: a leak of internal masking, a made-up name."""
    words = set(WORD.findall(text.casefold()))
    flat = " ".join(text.split())
    facts = extract(text, published)
    bad = []
    for s in facts.statements:
        if " ".join(s.quote.split()) not in flat and not grounded(s.quote, words):
            bad.append(f"quote {s.quote!r}")
        for value in (s.speaker, s.role or ""):
            if not grounded(value, words):
                bad.append(f"speaker or role {value!r}")
    for c in facts.counts:
        if c.actor and not grounded(c.actor, words):
            bad.append(f"actor {c.actor!r}")
    for e in facts.events:
        for value in (e.location or "", *e.participants):
            if not grounded(value, words):
                bad.append(f"event field {value!r}")
        if not grounded(e.title, words, inflected=True):
            bad.append(f"event title {e.title!r}")
    return bad
