"""Sentence splitting with character offsets.

Boundaries are a full stop, question or exclamation mark (with any closing
quote or bracket) followed by space and a capital, digit or opening mark. Not
boundaries: abbreviations ("Sept.", "Gen.", "U.S."), initials ("J. Smith"),
decimals, a stop inside a quotation that closes later in the paragraph, and a
quotation ending in a stop that is followed by its attribution ("…lost." Mohib
said). Paragraphs are hard boundaries, except inside a multi-paragraph quote.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .lexicon import ABBREVIATIONS, REPORT_VERBS, SENTENCE_STARTERS
from .quotes import Quote, find_quotes, paragraphs

__all__ = ["Sentence", "is_abbreviation", "split_sentences"]

_BOUNDARY = re.compile(r"[.!?…]+[\"”’'»)\]]*(?=\s)")
_NEXT_START = re.compile(r"\s+[\"“‘«(\[]?[A-Z0-9]")
_WORD_BEFORE = re.compile(r"([\w.'’-]+)$")
_ATTRIBUTION_AFTER = re.compile(
    r"\s+(?:[A-Z][\w'’-]*\s+){1,3}(?:" + "|".join(sorted(REPORT_VERBS)) + r")\b[,.]",
)


class Sentence(NamedTuple):
    start: int
    end: int
    paragraph: int
    """Index of the paragraph the sentence starts in."""


def is_abbreviation(text: str, dot: int) -> bool:
    """Whether the stop at `dot` ends an abbreviation or an initial ("Gen.", "U.S.", "J.") rather than a sentence."""
    m = _WORD_BEFORE.search(text, max(0, dot - 30), dot)
    if not m:
        return False
    word = m.group(1)
    low = word.lower().rstrip(".")
    if low in ABBREVIATIONS:
        return True
    if len(word) == 1 and word.isupper():  # an initial
        return True
    if "." in word and all(len(p) <= 2 for p in word.split(".") if p):  # U.S, U.N, e.g
        nxt = re.match(r"\s+([\w]+)", text[dot + 1 :])
        return not (nxt and nxt.group(1).lower() in SENTENCE_STARTERS)
    return False


def split_sentences(text: str, quotes: list[Quote] | None = None) -> list[Sentence]:
    if quotes is None:
        quotes = find_quotes(text)
    # blocks: paragraphs, joined where a quote runs across them
    paras = paragraphs(text)
    blocks: list[tuple[int, int, int]] = []
    for idx, (a, b) in enumerate(paras):
        if blocks and any(q.start < blocks[-1][1] and q.end > a for q in quotes if len(q.pieces) > 1):
            blocks[-1] = (blocks[-1][0], b, blocks[-1][2])
        else:
            blocks.append((a, b, idx))
    multi = [q for q in quotes if q.closed or len(q.pieces) > 1]
    out: list[Sentence] = []
    for a, b, pidx in blocks:
        start = a
        for m in _BOUNDARY.finditer(text, a, b):
            stop = m.end()
            if not _NEXT_START.match(text, stop):
                continue
            dot = m.start()
            if text[dot] == "." and m.end() - m.start() == 1 and is_abbreviation(text, dot):
                continue
            if any(q.start < dot and stop < q.end for q in multi):
                continue
            ends_quote = text[stop - 1] in "\"”’'»"
            if ends_quote and _ATTRIBUTION_AFTER.match(text, stop):
                continue
            if stop > start:
                out.append(Sentence(start, stop, pidx))
            start = stop
            while start < b and text[start].isspace():
                start += 1
        if start < b:
            out.append(Sentence(start, b, pidx))
    return [piece for sent in out for piece in _bounded(text, sent)]


_MAX_SENTENCE = 1200
"""Longer "sentences" (lists, tables, run-on text without stops) are cut at spaces: no real sentence is this long,
and the extractors' work per sentence grows faster than its length."""


def _bounded(text: str, sent: Sentence) -> list[Sentence]:
    if sent.end - sent.start <= _MAX_SENTENCE:
        return [sent]
    pieces: list[Sentence] = []
    start = sent.start
    while sent.end - start > _MAX_SENTENCE:
        cut = text.rfind(" ", start + _MAX_SENTENCE // 2, start + _MAX_SENTENCE)
        cut = cut if cut > start else start + _MAX_SENTENCE
        pieces.append(Sentence(start, cut, sent.paragraph))
        start = cut
        while start < sent.end and text[start].isspace():
            start += 1
    if start < sent.end:
        pieces.append(Sentence(start, sent.end, sent.paragraph))
    return pieces
