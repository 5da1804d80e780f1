"""A readable, highlighted summary of one article's facts for `monitor extract`.

Plain text with optional ANSI colour: the core does not import Rich, and a
summary piped to a file or another program should carry no escape codes. Each
fact takes two lines, so the article's words are shown on one line each, with
its own escape sequences and control characters stripped (the JSON output keeps
the exact words).
"""

from __future__ import annotations

from .models import ControlClaim, Event, Facts, Statement
from .text import clean_text

__all__ = ["VERB_WORDS", "claim_text", "render_text"]

_BOLD, _DIM, _CYAN, _YELLOW, _GREEN, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[36m", "\x1b[33m", "\x1b[32m", "\x1b[0m"

VERB_WORDS = {"control": "holds", "seized": "seized", "lost": "lost", "retaken": "retook", "contested": "contests"}


def claim_text(claim: ControlClaim) -> str:
    """'more than 50 of 370 districts', 'dozens of districts', 'about a third of territory'."""
    amount: str
    if claim.count is None:
        amount = claim.qualifier
    elif claim.qualifier == "exact":
        amount = f"{claim.count:,}"
    else:
        amount = f"{claim.qualifier} {claim.count:,}"
    of_total = f" of {claim.total:,}" if claim.total is not None else ""
    unit = claim.unit
    if claim.count is None and not of_total:
        # a word amount of a share of territory reads "most of the territory", not "most percent of territory"
        unit = f"of the {unit.removeprefix('percent of ')}" if unit.startswith("percent of ") else f"of {unit}"
    return f"{amount}{of_total} {unit}"


def _paint(text: str, code: str, color: bool) -> str:
    return f"{code}{text}{_RESET}" if color else text


def _line(words: str) -> str:
    """Words from the article on one line, safe for a terminal: "this Friday,\nJune 25" → "this Friday, June 25"."""
    return " ".join(clean_text(words).split())


def _count_line(claim: ControlClaim, color: bool) -> str:
    actor = _line(claim.actor or "(actor unknown)")
    return (
        f"  {_paint(actor, _BOLD, color)} {VERB_WORDS[claim.verb]} {_paint(claim_text(claim), _CYAN, color)}\n"
        f"    {_paint('“' + _line(claim.evidence) + '”', _DIM, color)}"
    )


def _statement_line(statement: Statement, color: bool) -> str:
    who = _line(statement.speaker) + (f" ({_line(statement.role)})" if statement.role else "")
    mark = "“" if statement.kind == "direct" else "≈ "
    end = "”" if statement.kind == "direct" else ""
    said = _paint(mark + _line(statement.quote) + end, _YELLOW, color)
    return f"  {_paint(who, _BOLD, color)} [{statement.kind}]\n    {said}"


def _event_line(event: Event, color: bool) -> str:
    extra = []
    if event.participants:
        extra.append("with " + ", ".join(_line(name) for name in event.participants))
    if event.location:
        extra.append("at " + _line(event.location))
    tail = f" — {'; '.join(extra)}" if extra else ""
    return (
        f"  {_paint(event.date.isoformat(), _GREEN, color)} {_paint(_line(event.title), _BOLD, color)}{tail}\n"
        f"    {_paint('“' + _line(event.evidence) + '”', _DIM, color)}"
    )


def render_text(text: str, facts: Facts, *, color: bool = False) -> str:
    """The facts grouped by kind, each with the evidence it rests on."""
    sections = [
        ("Control", [_count_line(c, color) for c in facts.counts]),
        ("Statements", [_statement_line(s, color) for s in facts.statements]),
        ("Upcoming events", [_event_line(e, color) for e in facts.events]),
    ]
    out = []
    for title, lines in sections:
        out.append(_paint(f"{title} ({len(lines)})", _BOLD, color))
        out.extend(lines or ["  none found"])
    return "\n".join(out)
