"""Numbers and amounts as written in news copy.

`NUMBER` is a regex fragment for one number ("four", "twenty-three", "two
dozen", "1,200", "1.5 million"); `parse_number` turns its text into an int.
`QUALIFIER` is a fragment for the hedges before a number, `qualifier_of` maps
them onto the `Qualifier` vocabulary of the models.
"""

from __future__ import annotations

import re

from ..models import Qualifier
from .lexicon import by_first_letter

__all__ = [
    "AMOUNT_STARTS",
    "FRACTION",
    "NUMBER",
    "QUALIFIER",
    "fraction_qualifier",
    "parse_number",
    "qualifier_of",
]

_SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}

# (grouped by first letter, as in all the alternations below: see `by_first_letter`)
_small = by_first_letter(sorted(_SMALL, key=len, reverse=True))
_tens = by_first_letter(_TENS)
_WORD_NUM = rf"(?:(?:{_tens})(?:[-\s](?:{_small}))?|{_small})"
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"

NUMBER = (
    rf"(?:(?:a|{_WORD_NUM})\s+dozen"
    rf"|(?:{_DIGITS})(?:\s+(?:thousand|million))?"
    rf"|(?:a|{_WORD_NUM})\s+hundred(?:\s+(?:and\s+)?{_WORD_NUM})?"
    rf"|{_WORD_NUM})"
)
"""One number, digits or words; use with re.I only for the words."""

_QUALIFIERS: dict[str, Qualifier] = {
    "no more than": "at most", "not more than": "at most", "at most": "at most", "up to": "at most",
    "as many as": "at most", "as much as": "at most", "a maximum of": "at most", "fewer than": "at most",
    "less than": "at most",
    "more than": "more than", "over": "more than", "well over": "more than", "well above": "more than",
    "a little more than": "more than", "slightly more than": "more than", "just more than": "more than",
    "upwards of": "more than", "in excess of": "more than",
    "at least": "at least", "a minimum of": "at least",
    "about": "about", "some": "about", "roughly": "about", "around": "about", "nearly": "about",
    "almost": "about", "approximately": "about", "an estimated": "about", "close to": "about",
    "just over": "about", "just under": "about", "approx.": "about", "about a": "about",
}  # fmt: skip
QUALIFIER = "(?:" + by_first_letter(sorted(_QUALIFIERS, key=len, reverse=True)) + ")"
AMOUNT_STARTS = (*_QUALIFIERS, *_SMALL, *_TENS)
"""What a hedged amount in words can start with (lower-cased, as written): a `QUALIFIER` or a number word. `NUMBER`
can also start with "a" ("a dozen", "a hundred") or a digit."""

_FRACTIONS: dict[str, Qualifier] = {
    "half": "about half", "a half": "about half", "one half": "about half",
    "a third": "about a third", "one third": "about a third", "one-third": "about a third",
    "a quarter": "about a quarter", "one quarter": "about a quarter", "one-quarter": "about a quarter",
    "two thirds": "about two thirds", "two-thirds": "about two thirds",
    "three quarters": "most", "three-quarters": "most", "most": "most", "the majority": "most",
}  # fmt: skip
FRACTION = "(?:" + by_first_letter(sorted(_FRACTIONS, key=len, reverse=True)) + ")"


_WORD_SEPARATORS = re.compile(r"[\s-]+")
_DIGITS_VALUE = re.compile(r"([\d,]+(?:\.\d+)?)(?:\s+(thousand|million))?")


def qualifier_of(text: str | None) -> Qualifier:
    if not text:
        return "exact"
    return _QUALIFIERS.get(" ".join(text.lower().split()), "exact")


def fraction_qualifier(text: str) -> Qualifier:
    return _FRACTIONS.get(" ".join(text.lower().split()), "about half")


def _words_value(text: str) -> int | None:
    total = 0
    current = 0
    seen = False
    for tok in _WORD_SEPARATORS.split(text.lower()):
        if not tok or tok == "and":
            continue
        if tok == "a":
            current = 1
            seen = True
        elif tok in _SMALL:
            current += _SMALL[tok]
            seen = True
        elif tok in _TENS:
            current += _TENS[tok]
            seen = True
        elif tok == "dozen":
            current = (current or 1) * 12
            seen = True
        elif tok in _SCALES:
            scale = _SCALES[tok]
            if scale == 100:
                current = (current or 1) * 100
            else:
                total += (current or 1) * scale
                current = 0
            seen = True
        else:
            return None
    return total + current if seen else None


def parse_number(text: str) -> int | None:
    """The value of one `NUMBER` match, or None when it is not a number."""
    if len(text) <= 15 and text.isascii() and text.isdigit():
        return int(text)  # plain digits (what the float below would read exactly: fewer than 16 of them)
    t = " ".join(text.split()).lower()
    m = _DIGITS_VALUE.fullmatch(t)
    if m:
        try:
            value = float(m.group(1).replace(",", ""))
        except ValueError:
            return None
        if m.group(2):
            value *= _SCALES[m.group(2)]
        return int(round(value))
    return _words_value(t)
