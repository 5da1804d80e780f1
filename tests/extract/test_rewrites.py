"""Pieces rewritten for speed give what the plain versions they replaced give.

Each test keeps the plain version (the one the engine used before it was made faster) and checks the fast one
against it on generated input: quotation finding, masking, grouped alternations, the tense word lists, the
names memo, the one-word speaker shortcut.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.extract import dates
from monitor.extract.lexicon import REPORT_VERBS, by_first_letter, find_names, word_alternation
from monitor.extract.quotes import Quote, find_quotes, paragraphs
from monitor.extract.speakers import Memory, Speaker, parse_speaker
from monitor.extract.statements import _mask

_OPENERS = {"“": "”", '"': '"', "‘": "’", "«": "»", "„": "“"}


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
    if closer == "’":
        nxt = text[i + 1] if i + 1 < len(text) else " "
        return not nxt.isalpha()
    return True


def plain_find_quotes(text: str) -> list[Quote]:
    """`find_quotes` as it was: every character looked at in Python."""
    quotes: list[Quote] = []
    paras = paragraphs(text)
    k = 0
    while k < len(paras):
        a, b = paras[k]
        i = a
        while i < b:
            ch = text[i]
            if ch in _OPENERS and _opens(text, i):
                closer = _OPENERS[ch]
                start = i
                pieces: list[tuple[int, int]] = []
                inner = i + 1
                j = inner
                closed = False
                pb = b
                while True:
                    while j < pb and not _closes(text, j, closer):
                        j += 1
                    if j < pb:
                        pieces.append((inner, j))
                        closed = True
                        break
                    pieces.append((inner, pb))
                    if k + 1 < len(paras) and text[paras[k + 1][0]] == ch:
                        k += 1
                        na, pb = paras[k]
                        inner = na + 1
                        j = inner
                        b = pb
                        continue
                    j = pb
                    break
                end = j + 1 if closed else j
                quotes.append(Quote(start, end, tuple(pieces), closed))
                i = end
                continue
            i += 1
        k += 1
    return quotes


def plain_mask(sent: str, s0: int, quotes: list[Quote]) -> str:
    """`_mask` as it was: one character at a time."""
    chars = list(sent)
    for q in quotes:
        for a, b in q.pieces:
            for i in range(max(a, s0), min(b, s0 + len(sent))):
                if not chars[i - s0].isspace():
                    chars[i - s0] = "Q"
    return "".join(chars)


QUOTE_TEXT = st.lists(
    st.sampled_from(
        ['"', "“", "”", "‘", "’", "«", "»", "„", "a", "b", "I", " ", "  ", "\n", "\n\n", ".", ",", "é", "\t"]
    ),
    max_size=60,
).map("".join)


@settings(max_examples=500, deadline=None)
@given(QUOTE_TEXT)
def test_find_quotes_is_the_plain_scan(text: str) -> None:
    assert find_quotes(text) == plain_find_quotes(text)


@settings(max_examples=300, deadline=None)
@given(QUOTE_TEXT, st.integers(0, 60), st.integers(0, 60))
def test_mask_is_the_plain_mask(text: str, a: int, b: int) -> None:
    a, b = sorted((min(a, len(text)), min(b, len(text))))
    quotes = [q for q in find_quotes(text) if a <= q.start < b]
    assert _mask(text[a:b], a, quotes) == plain_mask(text[a:b], a, quotes)


WORDS = st.lists(st.text(alphabet="abcde. ", min_size=1, max_size=5), min_size=1, max_size=8, unique=True)


@settings(max_examples=300, deadline=None)
@given(WORDS, st.text(alphabet="abcdeAB. ,x", max_size=40), st.booleans())
def test_grouped_alternation_matches_like_the_plain_one(words: list[str], text: str, ignore_case: bool) -> None:
    flags = re.I if ignore_case else 0
    plain = re.compile("|".join(re.escape(w) for w in words), flags)
    grouped = re.compile(by_first_letter(words), flags)
    assert [m.span() for m in grouped.finditer(text)] == [m.span() for m in plain.finditer(text)]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="saidtoldxy ,.S", max_size=40))
def test_word_alternation_is_a_whole_word_alternation(text: str) -> None:
    plain = re.compile(r"\b(?:" + "|".join(sorted(REPORT_VERBS, key=len, reverse=True)) + r")\b")
    fast = re.compile(word_alternation(REPORT_VERBS))
    assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]


_FUTURE = re.compile(
    r"^(?:will|would|shall|'ll|’ll|wo|due|scheduled|rescheduled|set|slated|expected|planned|planning|plans?|"
    r"intends?|aims?|going|upcoming|next|to|until|by|forthcoming|ahead|must|should|could|might)$",
    re.I,
)
_PAST = re.compile(
    r"^(?:said|says|told|was|were|had|did|took|left|met|began|ended|fell|won|lost|came|went|held|gave|made|"
    r"announced|claimed|rejected|reported|killed|seized|captured|ago|last|earlier|yesterday|previous|"
    r"[a-z]{3,}ed)$",
    re.I,
)


@settings(max_examples=500, deadline=None)
@given(st.from_regex(r"[A-Za-z'’]{1,12}", fullmatch=True))
def test_tense_word_sets_are_the_tense_regexes(token: str) -> None:
    word = token.lower()
    assert dates._is_future(word) == bool(_FUTURE.match(word))
    assert dates._is_past(word) == bool(_PAST.match(word))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(["Mara", "Stein", "Gen.", "the", "UN", "envoy", "said", ",", "President", " ", "\n"])).map(
        " ".join
    )
)
def test_names_memo_is_find_names(text: str) -> None:
    memory = Memory()
    for variant in (text, f"  {text}", f"{text} ", text.strip()):
        assert memory.names(variant) == find_names(variant)


def test_one_word_speakers() -> None:
    memory = Memory()
    memory.remember(Speaker("Mara Stein", "UN envoy", True))
    assert parse_speaker(" officials ", memory) is None
    assert parse_speaker("residents", memory) is None
    assert parse_speaker("they", memory) is None
    assert parse_speaker("the", memory) is None
    assert parse_speaker("he", memory) == Speaker("Mara Stein", "UN envoy", True)
    assert parse_speaker("army", memory) == Speaker("army", None, False)
    assert parse_speaker("ministry", memory) == Speaker("ministry", None, False)
    assert parse_speaker("rebels", memory) is None
    assert parse_speaker("authorities", memory) is None
