"""Cheap tests that let the extractors skip text which cannot hold a fact.

Most sentences of an article carry no count, no statement and no date, and
the regexes that find those facts cost tens of microseconds per sentence
(long case-insensitive alternations are tried at every position). A gate is a
handful of plain substring tests, run before such a regex, on words that every
match of the regex must contain. A gate may let through text that holds no
fact, but must never stop text that does: each gate's word list says which
pattern it guards and why the words are a superset of what it can match.

Case-insensitive patterns are gated on `fold(text)`: `str.lower` plus the few
non-ASCII letters that `re.IGNORECASE` equates with an ASCII letter (Kelvin
sign, long s, dotted and dotless i), so that a word an `re.I` pattern would
match is always found by `in` in the folded text, at the same offsets.

Testing a few dozen words in each sentence costs more than the patterns they
spare, so the gates whose words are whole words in every match are narrowed
once per article: `Vocabulary` holds the article's words, and a sentence is
only searched for the gate words the article holds at all (usually none).

`finditer_at` and `finditer_near` go further for patterns whose matches start
with, or lie a few words before, something quick to find: they try the
pattern only there, and give the same matches as `finditer`.

`ENABLED` exists for the tests: with it off every gate lets everything
through, and the results must be the same (tests/extract/test_gates.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

__all__ = [
    "ENABLED",
    "Vocabulary",
    "finditer_at",
    "finditer_from",
    "finditer_near",
    "finditer_starts",
    "fold",
    "gate_words",
    "has_any",
    "has_match",
    "start_bound",
]

ENABLED = True
"""Tests turn the gates off to check that they never change a result."""

_IGNORECASE_TWINS = {"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"}
"""Non-ASCII letters that `re.I` matches to an ASCII letter (İ ı ſ K); "İ".lower() would also be two characters."""
_TWIN = re.compile("[" + "".join(_IGNORECASE_TWINS) + "]")
_TWIN_TABLE = str.maketrans(_IGNORECASE_TWINS)


def fold(text: str) -> str:
    """Lower-cased `text`, same length, in which `w in fold(text)` holds wherever `re.I` would find `w` in `text`.

    Only for gate words made of ASCII letters, digits and punctuation.
    """
    if not text.isascii() and _TWIN.search(text):
        text = text.translate(_TWIN_TABLE)
    return text.lower()


def has_any(folded: str, words: tuple[str, ...]) -> bool:
    """Whether any of `words` occurs in `folded` (always True when the gates are off)."""
    for word in words:  # (a plain loop: the word lists are short, often empty)
        if word in folded:
            return True
    return not ENABLED


def has_match(pattern: re.Pattern[str], text: str) -> bool:
    """Whether `pattern` occurs in `text` (always True when the gates are off); for short, fast gate patterns."""
    return not ENABLED or pattern.search(text) is not None


_WORD = re.compile(r"\w+")
_ASCII_WORD_BREAKS = bytes(c if chr(c).isalnum() or chr(c) == "_" else ord(" ") for c in range(256))
"""Every ASCII character that is not `\\w` made a space: ASCII text then splits into its words at C speed."""


def _words_of(text: str) -> list[str]:
    """The words of `text`: its runs of `\\w`, as `re.findall(r"\\w+", text)` gives them."""
    if text.isascii():
        return text.encode("ascii").translate(_ASCII_WORD_BREAKS).decode("ascii").split()
    return _WORD.findall(text)


_GATE_WORDS: set[str] = set()
"""Every word of every gate made with `gate_words`: the only words a `Vocabulary` keeps."""
_GATES: dict[int, frozenset[str]] = {}
"""The gates made with `gate_words`, by identity (held here, so that no other object gets the same `id`)."""


def gate_words(words: Iterable[str]) -> frozenset[str]:
    """A gate for `Vocabulary.narrow`: whole words (a run of `\\w`, lower-cased) of every match of the pattern it
    guards. Gates are made when their module is imported, before any article is read."""
    gate = frozenset(words)
    _GATE_WORDS.update(gate)
    _GATES[id(gate)] = gate
    return gate


class Vocabulary:
    """The gate words of one folded article, to narrow the gates to the words the article holds.

    Only for gates made with `gate_words`, each word of which is a whole word (a run of `\\w`, lower-cased) in
    every match of the pattern it guards: a gate word that is not a word of the article is in none of its
    sentences. The words of the article that are in no gate are not kept: one intersection with all of them
    makes each gate's narrowing a lookup of a few words.
    """

    def __init__(self, folded: str) -> None:
        self._words = _GATE_WORDS.intersection(_words_of(folded))

    def narrow(self, gate: frozenset[str]) -> tuple[str, ...]:
        """The words of `gate` that the article holds (all of them when the gates are off), in no set order.

        Each extractor narrows its gates once per article, then tests each sentence for these words only.
        """
        if _GATES.get(id(gate)) is not gate:
            raise ValueError("a gate to narrow must be made with gate_words()")  # (its words may not be kept)
        return tuple(self._words.intersection(gate)) if ENABLED else tuple(gate)


def finditer_at(
    pattern: re.Pattern[str],
    text: str,
    heads: tuple[str, ...],
    heads_text: str | None = None,
    at_start: bool = False,
    word_start: bool = False,
) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text)` for a pattern every match of which starts with one of `heads` (or, with
    `at_start`, at the start of the text), and with `word_start` where a word starts (`\b` before it).

    The heads are found with `str.find` (in `heads_text`: `text` or its fold) and the pattern is only tried
    there, in order, instead of at every position: the same matches, found much faster in text that holds
    few heads.
    """
    if not ENABLED:
        yield from pattern.finditer(text)
        return
    seek = text if heads_text is None else heads_text
    starts: list[int] = [0] if at_start else []
    for head in heads:
        i = seek.find(head)
        while i != -1:
            if not (word_start and i and _is_word_char(text[i - 1])):  # (inside a word: no match can start there)
                starts.append(i)
            i = seek.find(head, i + 1)
    if len(starts) > 1:
        starts.sort()
    yield from finditer_starts(pattern, text, starts)


def _is_word_char(ch: str) -> bool:
    """Whether `ch` is a word character, as the `\\w` of a pattern (what `\\b` tells from the rest)."""
    return ch.isalnum() or ch == "_"


_WORDS_BACK = [re.compile(rf"\S*(?:\s+\S*){{0,{n}}}") for n in range(16)]


def start_bound(text: str, pos: int, gaps: int) -> int:
    """The earliest offset from which `text[offset:pos]` holds at most `gaps` stretches of whitespace.

    (The words are read backwards, on the reversed text, so that the regex engine does the counting.)
    """
    if pos <= 0:
        return 0
    back = _WORDS_BACK[gaps].match(text[pos - 1 :: -1])
    return pos - back.end() if back else pos


def finditer_near(
    pattern: re.Pattern[str], text: str, anchor: re.Pattern[str], gaps: int, anchor_text: str | None = None
) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text)`, without trying the pattern where no match can start.

    For a pattern every match of which holds a match of `anchor` (found in `anchor_text`: `text` or its
    fold) with at most `gaps` stretches of whitespace between the start of the match and the anchor: the
    pattern is only tried from a few words before the next anchor on, and not at all after the last one.
    The matches are the same, found by the same leftmost search, as `pattern.search` is never started
    after a place where a match could start.
    """
    if not ENABLED:
        yield from pattern.finditer(text)
        return
    seek = text if anchor_text is None else anchor_text
    pos = 0
    while True:
        found = anchor.search(seek, pos)
        if found is None:
            return
        m = pattern.search(text, max(pos, start_bound(text, found.start(), gaps)))
        if m is None:
            return
        if m.end() == m.start():  # finditer's rules for empty matches are its own
            yield from pattern.finditer(text, m.start())
            return
        yield m
        pos = m.end()


def finditer_from(pattern: re.Pattern[str], text: str, anchors: list[int], gaps: int) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text)`, as `finditer_near` finds it, for anchors already found: `anchors` are offsets, in
    order, such that every match of `pattern` starts at most `gaps` stretches of whitespace before one of them (a
    superset does no harm). Most often the anchors are words found with `str.find`, cheaper than a regex."""
    if not ENABLED:
        yield from pattern.finditer(text)
        return
    pos = 0
    for anchor in anchors:
        if anchor < pos:
            continue
        m = pattern.search(text, max(pos, start_bound(text, anchor, gaps)))
        if m is None:
            return
        if m.end() == m.start():  # finditer's rules for empty matches are its own
            yield from pattern.finditer(text, m.start())
            return
        yield m
        pos = m.end()


def finditer_starts(pattern: re.Pattern[str], text: str, starts: list[int]) -> list[re.Match[str]]:
    """`list(pattern.finditer(text))` for a pattern every match of which starts at one of `starts` (offsets in
    `text`, in order; a superset does no harm): the pattern is only tried there (`finditer_at`, with the heads
    found already)."""
    if not ENABLED:
        return list(pattern.finditer(text))
    found: list[re.Match[str]] = []
    end = 0
    for p in starts:
        if p < end:
            continue
        m = pattern.match(text, p)
        if m is None:
            continue
        if m.end() == m.start():  # finditer's rules for empty matches are its own
            found.extend(pattern.finditer(text, p))
            break
        found.append(m)
        end = m.end()
    return found
