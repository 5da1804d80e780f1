"""Find quotation spans: straight and curly double quotes, curly single quotes.

A quote that is still open at the end of a paragraph continues into the next
paragraph when that paragraph opens with a quotation mark again (the
newspaper convention for multi-paragraph quotes); otherwise it is closed at the
paragraph end so that a stray mark never swallows the rest of the article.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import NamedTuple

__all__ = ["Quote", "find_quotes", "paragraphs"]

_PARA_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*|\n[ \t]*(?=[•▪●◦‣]|\d{1,2}[:.]\d{2}\b)")
"""A blank line; or a line break before a bullet or a time stamp, as live blogs and lists of key points write their
items. (A time stamp alone on its line is a short line without a stop: `_LABEL_LINE` makes it a paragraph.)"""
_OPENERS = {"“": "”", '"': '"', "‘": "’", "«": "»", "„": "“"}


class Quote(NamedTuple):
    start: int
    """Offset of the opening mark."""
    end: int
    """Offset just after the closing mark (or the end of the last paragraph when unclosed)."""
    pieces: tuple[tuple[int, int], ...]
    """Inner ranges, one per paragraph the quote runs through."""
    closed: bool

    @property
    def inner_start(self) -> int:
        return self.pieces[0][0]

    @property
    def inner_end(self) -> int:
        return self.pieces[-1][1]

    def text(self, body: str) -> str:
        return " ".join(body[a:b].strip() for a, b in self.pieces).strip()


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph, blank lines being the separators."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _PARA_BREAK.finditer(text) if "\n" in text else ():
        _add_paragraph(spans, text, pos, m.start())
        pos = m.end()
    _add_paragraph(spans, text, pos, len(text))
    return spans


def _add_paragraph(spans: list[tuple[int, int]], text: str, a: int, b: int) -> None:
    """Add text[a:b] to `spans` without the whitespace around it, unless it is all whitespace; a short line without a
    stop that opens it ("Middle East", "Analysis | By a contributing writer") is a label, a paragraph of its own."""
    piece = text[a:b].lstrip()
    if piece:
        a = b - len(piece)
        line = text.find("\n", a, b)
        if line != -1 and _LABEL_LINE.fullmatch(text, a, line):
            spans.append((a, len(text[a:line].rstrip()) + a))
            _add_paragraph(spans, text, line + 1, b)
            return
        spans.append((a, a + len(piece.rstrip())))


_LABEL_LINE = re.compile(
    r"(?:\d{1,2}[:.]\d\d(?:\s*(?:GMT|UTC|ET|local\s+time))?|[^\n.!?:;,\"”’]{1,60}?(?<![.!?:;,\"”’\s]))[ \t]*"
)
"""A line of at most 60 characters with no stop, no comma and no quotation mark: a label, a kicker, a time."""


def _opens(text: str, i: int) -> bool:
    ch = text[i]
    prev = text[i - 1] if i > 0 else " "
    if ch == "‘":
        return not prev.isalnum()
    if ch == '"':
        nxt = text[i + 1] if i + 1 < len(text) else " "
        return not prev.isalnum() and not nxt.isspace()
    return True


def _closes(text: str, i: int, closer: str) -> bool:
    if text[i] != closer:
        return False
    if closer == "’":  # also the apostrophe: a closing mark is not followed by a letter
        nxt = text[i + 1] if i + 1 < len(text) else " "
        return not nxt.isalpha()
    return True


def _opening_marks(text: str) -> list[int]:
    """Offsets of the characters of `text` that can open a quotation, in order (`str.find` is much faster than a
    regex over the whole text; ASCII text can only hold the straight double quote)."""
    marks: list[int] = []
    for mark in ('"',) if text.isascii() else _OPENERS:
        i = text.find(mark)
        while i != -1:
            marks.append(i)
            i = text.find(mark, i + 1)
    if len(marks) > 1 and not text.isascii():
        marks.sort()
    return marks


def find_quotes(text: str, paras: list[tuple[int, int]] | None = None) -> list[Quote]:
    """Every quotation, in order; `paras` is `paragraphs(text)` when the caller has it already.

    The opening marks are found in one regex pass and the closing ones with `str.find`, rather than by
    looking at each character in Python (which was most of the cost of segmenting an article).
    """
    quotes: list[Quote] = []
    if paras is None:
        paras = paragraphs(text)
    marks = _opening_marks(text)
    if not marks:
        return quotes
    k = 0
    while k < len(paras):
        a, b = paras[k]
        i = a
        while i < b:
            next_mark = bisect_left(marks, i)
            if next_mark == len(marks):
                return quotes  # (no mark left in the text)
            if marks[next_mark] >= b:
                break
            i = marks[next_mark]
            ch = text[i]
            if not _opens(text, i):
                i += 1
                continue
            closer = _OPENERS[ch]
            start = i
            pieces: list[tuple[int, int]] = []
            inner = i + 1
            closed = False
            pb = b
            while True:
                j = _closing_mark(text, closer, inner, pb)
                if j < pb:
                    pieces.append((inner, j))
                    closed = True
                    break
                pieces.append((inner, pb))
                # continues when the next paragraph opens with the same mark
                if k + 1 < len(paras) and text[paras[k + 1][0]] == ch:
                    k += 1
                    na, pb = paras[k]
                    inner = na + 1
                    b = pb
                    continue
                j = pb
                break
            end = j + 1 if closed else j
            quotes.append(Quote(start, end, tuple(pieces), closed))
            i = end
        k += 1
    return quotes


def _closing_mark(text: str, closer: str, start: int, end: int) -> int:
    """Offset of the first mark in text[start:end] that closes a quotation opened with `closer`'s opener, else end."""
    j = text.find(closer, start, end)
    while j != -1:
        if _closes(text, j, closer):
            return j
        j = text.find(closer, j + 1, end)
    return end
