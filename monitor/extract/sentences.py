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
from bisect import bisect_left
from collections.abc import Iterator
from typing import NamedTuple

from . import gates
from .lexicon import ABBREVIATIONS, REPORT_VERBS, SENTENCE_STARTERS
from .quotes import Quote, find_quotes, paragraphs

__all__ = ["Sentence", "is_abbreviation", "split_sentences"]

_BOUNDARY = re.compile(r"[.!?…]+[\"”’'»)\]]*(?=\s)")
_NEXT_START = re.compile(r"\s+[\"“‘«(\[]?[A-Z0-9]")
_WORD_BEFORE = re.compile(r"([\w.'’-]+)$")
_WORD_AFTER = re.compile(r"\s+(\w+)")
_ATTRIBUTION_AFTER = re.compile(
    r"\s+(?:(?:[A-Z][\w'’-]*\s+){1,3}(?:" + "|".join(sorted(REPORT_VERBS)) + r")\b(?:[,.]|\s+(?:in|on|at|to|during|"
    r"after|before|from|via|late|earlier|later|yesterday|today|last|this|the|a|an|his|her|their|its|reporters|"
    r"journalists)\b)|(?:said|says|added|wrote|declared|told)\s+(?:[A-Z]|the\s|a\s))",
)
"""A quotation ending "!" or "?" and its attribution after it are one sentence: '"Karabakh is ours!" Aliyev
declared in an address', '"Why now?" said the envoy'."""


class Sentence(NamedTuple):
    start: int
    end: int
    paragraph: int
    """Index of the paragraph the sentence starts in."""


def is_abbreviation(text: str, dot: int) -> bool:
    """Whether the stop at `dot` ends an abbreviation or an initial ("Gen.", "U.S.", "J.") rather than a sentence."""
    # the word before the stop: the run of `[\w.'’-]` ending there, at most 30 long (`_WORD_BEFORE`)
    lo = max(0, dot - 30)
    i = dot
    while i > lo and (text[i - 1].isalnum() or text[i - 1] in "_.'’-"):
        i -= 1
    if i == dot:
        return False
    word = text[i:dot]
    low = word.lower().rstrip(".")
    if low in ABBREVIATIONS:
        return True
    if len(word) == 1 and word.isupper():  # an initial
        return True
    if "." in word and all(len(p) <= 2 for p in word.split(".") if p):  # U.S, U.N, e.g
        nxt = _WORD_AFTER.match(text, dot + 1)
        return not (nxt and nxt.group(1).lower() in SENTENCE_STARTERS)
    return False


def split_sentences(
    text: str, quotes: list[Quote] | None = None, paras: list[tuple[int, int]] | None = None
) -> list[Sentence]:
    """The sentences of `text`; `quotes` and `paras` are its quotations and paragraphs when the caller has them."""
    if paras is None:
        paras = paragraphs(text)
    if quotes is None:
        quotes = find_quotes(text, paras)
    # blocks: paragraphs, joined where a quote runs across them
    spanning = [q for q in quotes if len(q.pieces) > 1]
    blocks: list[tuple[int, int, int]] = []
    for idx, (a, b) in enumerate(paras):
        if blocks and spanning and any(q.start < blocks[-1][1] and q.end > a for q in spanning):
            blocks[-1] = (blocks[-1][0], b, blocks[-1][2])
        else:
            blocks.append((a, b, idx))
    multi = [q for q in quotes if q.closed or len(q.pieces) > 1]
    marks = _stop_marks(text)
    out: list[Sentence] = []
    longest = 0
    for a, b, pidx in blocks:
        if gates.ENABLED and bisect_left(marks, a) == bisect_left(marks, b - 1):
            # no stop but the one that ends the block (if any): one sentence
            out.append(tuple.__new__(Sentence, (a, b, pidx)))
            longest = max(longest, b - a)
            continue
        start = a
        for m in _boundaries(text, marks, a, b):
            stop = m.end()
            if not _NEXT_START.match(text, stop):
                continue
            dot = m.start()
            if text[dot] == "." and m.end() - m.start() == 1 and is_abbreviation(text, dot):
                continue
            if multi and any(q.start < dot and stop < q.end for q in multi):
                continue
            ends_quote = text[stop - 1] in "\"”’'»"
            if ends_quote and _ATTRIBUTION_AFTER.match(text, stop):
                continue
            if stop > start:
                out.append(tuple.__new__(Sentence, (start, stop, pidx)))  # (`Sentence(…)`, without its Python call)
                longest = max(longest, stop - start)
            start = stop
            while start < b and text[start].isspace():
                start += 1
        if start < b:
            out.append(tuple.__new__(Sentence, (start, b, pidx)))
            longest = max(longest, b - start)
    if longest <= _MAX_SENTENCE:
        return out
    return [piece for sent in out for piece in _bounded(text, sent)]


def _stop_marks(text: str) -> list[int]:
    """Offsets of the stop marks of `text`, in order: the only places a sentence boundary can start."""
    marks: list[int] = []
    for mark in ".!?" if text.isascii() else ".!?…":
        i = text.find(mark)
        while i != -1:
            marks.append(i)
            i = text.find(mark, i + 1)
    marks.sort()
    return marks


def _boundaries(text: str, marks: list[int], a: int, b: int) -> Iterator[re.Match[str]]:
    """`_BOUNDARY.finditer(text, a, b)`, the pattern tried at the stop marks only instead of at every position."""
    if not gates.ENABLED:
        yield from _BOUNDARY.finditer(text, a, b)
        return
    end = a
    for p in marks[bisect_left(marks, a) : bisect_left(marks, b - 1)]:  # (a mark that ends the block ends no sentence)
        if p < end:
            continue
        m = _BOUNDARY.match(text, p, b)
        if m:
            yield m
            end = m.end()


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
