"""One article, segmented once and shared by the extractors.

The paragraphs, quotations and sentences of a body, its fold and its vocabulary are computed once per article
(`Article`), and so is the answer to the question each extractor asks of every sentence before its costly
patterns: does it hold any of the words they need? Most sentences of an article hold none (no date, no reporting
verb, no territorial unit), and asking it sentence by sentence (a fold and a few `in` tests each, per extractor)
cost more than the rest of the work on such a sentence. `Article.holding` finds each word the article holds with
`str.find`, once, and marks the sentences its occurrences lie in: an extractor then skips the unmarked sentences
without calling into its rules at all.

A mark is a gate (see `gates`): it may be set where nothing can be found, but never missing where something can.
With the gates off every sentence is marked.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable

from . import gates
from .actors import acronyms
from .gates import Vocabulary, fold
from .quotes import Quote, find_quotes, paragraphs
from .sentences import Sentence, split_sentences

__all__ = ["Article"]

_ASCII_DIGITS_AS_ZERO = bytes(ord("0") if chr(c).isdigit() and c < 128 else c for c in range(256))
"""Every ASCII digit made "0": in ASCII text, `str.find("0")` then finds any digit (and "0th" any ordinal)."""


class Article:
    """A body with its segmentation, its fold, its words and the sentences each gate word occurs in."""

    __slots__ = (
        "body",
        "folded",
        "paragraphs",
        "quotes",
        "sentences",
        "vocabulary",
        "_starts",
        "_ends",
        "_digits",
        "_short",
    )

    def __init__(self, body: str) -> None:
        self.body = body
        self.paragraphs: list[tuple[int, int]] = paragraphs(body)
        self.quotes: list[Quote] = find_quotes(body, self.paragraphs)
        self.sentences: list[Sentence] = split_sentences(body, self.quotes, self.paragraphs)
        self.folded = fold(body)
        self.vocabulary = Vocabulary(self.folded)
        self._starts = [s.start for s in self.sentences]
        self._ends = [s.end for s in self.sentences]
        self._digits: str | None = None
        self._short: dict[str, str] | None = None

    def short_forms(self) -> dict[str, str]:
        """The short forms the article defines ("Rapid Support Forces (RSF)"), found once: counts and statements
        both name actors by them."""
        if self._short is None:
            self._short = acronyms(self.body) if "(" in self.body else {}
        return self._short

    def holding(self, words: Iterable[str]) -> list[bool]:
        """For each sentence, whether its fold holds any of `words` (all True when the gates are off).

        `words` should be ones the article holds (`Vocabulary.narrow`): each is searched for in the whole fold.
        """
        if not gates.ENABLED:
            return [True] * len(self.sentences)
        marks = [False] * len(self.sentences)
        for word in words:
            self._mark(marks, self.folded, word)
        return marks

    def occurrences(self, words: Iterable[str], text: str, word_start: bool = False) -> list[int]:
        """The offsets at which any of `words` occurs in `text` (the body or its fold), in order; with
        `word_start`, only where a word of the body starts (no `\\w` before)."""
        body = self.body
        found: list[int] = []
        for word in words:
            i = text.find(word)
            while i != -1:
                if not (word_start and i and (body[i - 1].isalnum() or body[i - 1] == "_")):
                    found.append(i)
                i = text.find(word, i + 1)
        found.sort()
        return found

    def sentence_at(self, offset: int) -> int:
        """The index of the sentence `offset` lies in, or -1 (between sentences)."""
        k = bisect_right(self._starts, offset) - 1
        return k if k >= 0 and offset < self._ends[k] else -1

    def _mark(self, marks: list[bool], text: str, word: str) -> None:
        """Mark the sentences of `marks` in which `word` occurs in `text` (the body or a copy of the same length)."""
        starts, ends, size = self._starts, self._ends, len(word)
        i = text.find(word)
        while i != -1:
            k = bisect_right(starts, i) - 1
            if k >= 0 and i + size <= ends[k]:
                marks[k] = True
            i = text.find(word, i + 1)

    def ascii_digits(self) -> str | None:
        """The body with its digits made "0" (the rest as it is), or None when it is not ASCII text: in it
        `str.find("0")` finds any digit, and "0th" any digit with an ordinal's ending.

        (Outside ASCII `\\d` reads other digits too, and a byte table cannot rewrite the text.)
        """
        if self._digits is None and self.body.isascii():
            self._digits = self.body.encode("ascii").translate(_ASCII_DIGITS_AS_ZERO).decode("ascii")
        return self._digits
