"""Dates written in news copy, resolved against the publication date.

`find_dates` lists the temporal spans of a sentence ("Friday, June 25",
"on June 14", "14 June", "by Sept. 11", "June 14-15", "tomorrow", "on
Thursday", "on the 31st"); `tense_at` reads the verb group governing a span
(future: "will meet", "is due to be completed", "is scheduled for"; past:
"said on", "left", "had been planned"; a reporting clause after the span, ",
the ministry said on Sunday", is left out); `resolve` picks the calendar day.
Only explicit days are found: "next week", "end of August" never match.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal, NamedTuple

from .gates import Vocabulary, finditer_from, finditer_near, fold, gate_words, has_any, has_match
from .lexicon import MONTHS, WEEKDAYS
from .sentences import is_abbreviation

__all__ = [
    "REPORT_AFTER",
    "DateMention",
    "DateWords",
    "Tense",
    "find_dates",
    "report_after",
    "resolve",
    "superseded",
    "tense_at",
]

Tense = Literal["future", "past", "unknown"]

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_ORD = r"(?:st|nd|rd|th)?"
_LEAD = r"(?:(?P<lead>this|next|coming|on|by|until|till|before|from|for)\s+)?"
_MONTH_DAY = re.compile(
    rf"\b{_LEAD}(?:(?P<wd>{_WD}),?\s+)?(?:the\s+)?(?P<mon>{_MONTH})\s+(?P<day>\d{{1,2}}){_ORD}\b"
    rf"(?:\s*(?:-|–|to|and)\s*\d{{1,2}}{_ORD}\b)?(?:,?\s+(?P<year>(?:19|20)\d\d))?(?!\s*(?:percent|%|,\d))"
)
_DAY_MONTH = re.compile(
    rf"\b{_LEAD}(?:(?P<wd>{_WD}),?\s+)?(?:the\s+)?(?P<day>\d{{1,2}}){_ORD}(?:\s*(?:-|–)\s*\d{{1,2}}{_ORD})?"
    rf"\s+(?:of\s+)?(?P<mon>{_MONTH})\b(?:,?\s+(?P<year>(?:19|20)\d\d))?"
)
_ISO = re.compile(r"\b(?P<year>20\d\d)-(?P<mon>\d\d)-(?P<day>\d\d)\b")
_WEEKDAY = re.compile(rf"\b(?:(?P<lead>this|next|coming|last|on|by|until|till|before|from)\s+)?(?P<wd>{_WD})\b")
_TOMORROW = re.compile(r"\b(?P<rel>the\s+day\s+after\s+tomorrow|tomorrow)\b", re.I)
_ON_THE = re.compile(
    r"\b(?P<lead>on|by|until)\s+the\s+(?P<day>\d{1,2})(?:st|nd|rd|th)\b(?!\s+(?:of\s+)?" + _MONTH + ")"
)


class DateMention(NamedTuple):
    start: int
    end: int
    kind: Literal["date", "weekday", "relative", "dom"]
    month: int | None
    day: int | None
    year: int | None
    weekday: int | None
    lead: str | None
    possessive: bool = False
    """A weekday that owns a noun ("Tuesday's meeting", "at Friday's vote"): it names the day of something the
    reader knows of, most often past, so the day is only ahead when the text says so."""


def _month_num(text: str) -> int:
    return MONTHS.get(text.lower().rstrip("."), 0)


_DIGIT = re.compile(r"\d")
_ORDINAL_GATE = re.compile(r"\d(?:st|nd|rd|th)")
"""Every `_ON_THE` match has a digit and its ordinal suffix ("the 24th")."""
_MONTH_DAY_CORE = re.compile(rf"{_MONTH}\s+\d")
_DAY_MONTH_CORE = re.compile(rf"\d\d?{_ORD}(?:\s*(?:-|–)\s*\d{{1,2}}{_ORD})?\s+(?:of\s+)?{_MONTH}\b")
"""The part of `_MONTH_DAY` ("June 25") and `_DAY_MONTH` ("14-15 of June") without the words that may come before
it ("this Friday, the"): at most 3 stretches of space before. Quick to search for, as it starts with a month
name or a digit."""
_WEEKDAY_GATE = re.compile(_WD)
"""The weekday of every `_WEEKDAY` match, at most one word ("next") after its start."""
_WEEKDAY_WORDS = gate_words(WEEKDAYS)
_TOMORROW_WORDS = gate_words({"tomorrow"})
"""Whole words in every match of `_WEEKDAY` and `_TOMORROW`, for `Vocabulary.narrow`."""
_MONTH_WORDS = gate_words(MONTHS)
"""Every month `_MONTH` reads ("June", "Sept."): a whole word in every match of `_MONTH_DAY` and `_DAY_MONTH`."""


class DateWords(NamedTuple):
    """The weekdays, "tomorrow" and months an article names (see `Vocabulary`): its sentences name no other."""

    weekdays: tuple[str, ...]
    tomorrow: tuple[str, ...]
    months: tuple[str, ...]

    @classmethod
    def of(cls, vocabulary: Vocabulary) -> DateWords:
        narrow = vocabulary.narrow
        return cls(narrow(_WEEKDAY_WORDS), narrow(_TOMORROW_WORDS), narrow(_MONTH_WORDS))


_ALL_DATE_WORDS = DateWords(tuple(_WEEKDAY_WORDS), tuple(_TOMORROW_WORDS), tuple(_MONTH_WORDS))


def _month_names(sentence: str, months: tuple[str, ...]) -> list[int]:
    """Offsets of the words that may be a `_MONTH` of the sentence ("June", "Sept."; "Mara" for "Mar" too), in order:
    `months` are the month words of the article, and `_MONTH` only reads them capitalized."""
    found: list[int] = []
    for word in months:
        name = word.capitalize()
        i = sentence.find(name)
        while i != -1:
            found.append(i)
            i = sentence.find(name, i + 1)
    found.sort()
    return found


def _day_before(sentence: str, month: int) -> bool:
    """Whether the text before the month name at `month` ends as the day of a `_DAY_MONTH` match does ("14 ",
    "14th of ", "14-15 "): a digit, perhaps an ordinal's ending, perhaps "of", then spaces. (A superset: only the
    months it holds for are tried as anchors, and searching from the others was most of the cost of a sentence.)"""
    i = month
    while i > 0 and sentence[i - 1].isspace():
        i -= 1
    if i == month:
        return False
    if _ends_with_day(sentence, i):
        return True
    if not sentence.endswith("of", 0, i):
        return False
    j = i - 2
    while j > 0 and sentence[j - 1].isspace():
        j -= 1
    return j < i - 2 and _ends_with_day(sentence, j)


def _ends_with_day(sentence: str, end: int) -> bool:
    """Whether `sentence[:end]` ends with a digit, or with one and an ordinal's ending ("14", "14th")."""
    if sentence.endswith(("st", "nd", "rd", "th"), 0, end):
        end -= 2
    return end > 0 and sentence[end - 1].isdigit()


def find_dates(
    sentence: str, words: DateWords = _ALL_DATE_WORDS, has_digit: bool | None = None, has_ordinal: bool = True
) -> list[DateMention]:
    """Every date span of the sentence, in order; `words` are the date words of the article it is from.

    Each pattern runs only when the sentence has what any match of it needs (a digit and a month name, a
    weekday name, "tomorrow"): most sentences have no date, and these patterns are tried at every position.
    A caller that knows already whether the sentence holds a digit, or a digit with an ordinal's ending ("the
    24th"), passes it (as gates: True when in doubt).
    """
    found: list[DateMention] = []
    if has_digit is None:
        has_digit = has_match(_DIGIT, sentence)
    folded = fold(sentence) if words.weekdays or words.tomorrow or (has_digit and words.months) else ""
    has_weekday = bool(words.weekdays) and has_any(folded, words.weekdays)
    has_tomorrow = bool(words.tomorrow) and has_any(folded, words.tomorrow)
    if not (has_digit or has_weekday or has_tomorrow):
        return found
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= x or a >= y for x, y in taken)

    months = (
        _month_names(sentence, words.months) if has_digit and words.months and has_any(folded, words.months) else []
    )
    # "on June 25" holds "June 2" a few words after its start, "14-15 of June" its month a few words after a digit
    for rx, anchors, gaps in (
        (
            (_MONTH_DAY, [q for q in months if _MONTH_DAY_CORE.match(sentence, q)], 3),
            (_DAY_MONTH, [q for q in months if _day_before(sentence, q)], 7),
        )
        if months
        else ()
    ):
        for m in finditer_from(rx, sentence, anchors, gaps):
            if not free(m.start(), m.end()):
                continue
            mon = _month_num(m.group("mon"))
            if m.group("mon") == "May" and rx is _MONTH_DAY and not _DIGIT.match(sentence, m.end("mon") + 1):
                continue
            wd = WEEKDAYS[m.group("wd").lower()] if m.group("wd") else None
            year = int(m.group("year")) if m.group("year") else None
            found.append(DateMention(m.start(), m.end(), "date", mon, int(m.group("day")), year, wd, m.group("lead")))
            taken.append((m.start(), m.end()))
    for m in _ISO.finditer(sentence) if has_digit and has_any(sentence, ("-",)) else ():
        if free(m.start(), m.end()):
            found.append(
                DateMention(
                    m.start(),
                    m.end(),
                    "date",
                    int(m.group("mon")),
                    int(m.group("day")),
                    int(m.group("year")),
                    None,
                    None,
                )  # fmt: skip
            )
            taken.append((m.start(), m.end()))
    for m in finditer_near(_WEEKDAY, sentence, _WEEKDAY_GATE, 1) if has_weekday else ():
        if free(m.start(), m.end()):
            found.append(
                DateMention(
                    m.start(),
                    m.end(),
                    "weekday",
                    None,
                    None,
                    None,
                    WEEKDAYS[m.group("wd").lower()],
                    m.group("lead"),
                    sentence.startswith(("'s", "’s"), m.end()),
                )  # fmt: skip
            )
            taken.append((m.start(), m.end()))
    for m in _TOMORROW.finditer(sentence) if has_tomorrow else ():
        if free(m.start(), m.end()):
            days = 2 if m.group("rel").lower().startswith("the") else 1
            found.append(DateMention(m.start(), m.end(), "relative", None, days, None, None, None))
            taken.append((m.start(), m.end()))
    for m in finditer_near(_ON_THE, sentence, _ORDINAL_GATE, 2) if has_digit and has_ordinal else ():
        if free(m.start(), m.end()):
            found.append(DateMention(m.start(), m.end(), "dom", None, int(m.group("day")), None, None, m.group("lead")))
            taken.append((m.start(), m.end()))
    found.sort()
    return found


_FUTURE_WORDS = frozenset(
    """will would shall 'll ’ll wo due scheduled rescheduled set slated expected planned planning plan plans intend
    intends aim aims going upcoming next to until by forthcoming ahead must should could might""".split()
)
_PAST_WORDS = frozenset(
    """said says told was were had did took left met began ended fell won lost came went held gave made announced
    claimed rejected reported killed seized captured ago last earlier yesterday previous flew spoke drove rode saw
    wrote chose broke oversaw overran rose ran withdrew undertook swept stole tore threw forbade""".split()
)


def _is_future(word: str) -> bool:
    """A word that puts the verb group in the future; `word` is a lower-cased `_TOKEN`."""
    return word in _FUTURE_WORDS


def _is_past(word: str) -> bool:
    """A word that puts the verb group in the past, or any -ed word of five letters or more ("arrived");
    `word` is a lower-cased `_TOKEN` (ASCII letters and apostrophes)."""
    return word in _PAST_WORDS or (len(word) >= 5 and word.endswith("ed") and word[:-2].isalpha())


_EXPLICIT_PAST = frozenset(
    """said says told was were had did took left met began ended fell won lost came went held gave made announced
    claimed rejected reported killed seized captured ago last earlier yesterday previous""".split()
)
_VERB_NEXT = frozenset(
    """the a an on in at to by for from with that this its their his her it them him over into after before
    during last earlier yesterday since back out off up down again""".split()
)
"""Words after which an -ed word is a verb ("captured the town", "arrived on"), not an adjective ("armed groups")."""
_INTENT = frozenset(
    """promised pledged vowed agreed planned decided threatened undertook hoped intended wanted sought aimed
    offered proposed""".split()
)
"""'promised to hand over power by Oct. 1': an intention, so the day is ahead."""
_MOVED = frozenset("moved postponed delayed rescheduled shifted pushed brought put deferred adjourned changed".split())
"""'was moved to May 15': the new day is ahead."""
_SCHEDULED_PRESENT = frozenset(
    """meets votes begins starts opens ends closes expires resumes convenes arrives leaves departs travels visits
    hosts holds takes runs goes returns gathers reconvenes lands launches expire resume convene
    reconvene""".split()
)
_PLURAL_PRESENT = frozenset("meet vote begin start open gather travel".split())
"""'the ministers meet on Friday': the same present after a plural subject; the words are nouns as well ("the
vote on Sunday"), so only a verb when no determiner or preposition comes before."""
_NOT_BEFORE_VERB = frozenset(
    "the a an this that these those its their his her our my your on in at of for to from by with and or 's ’s".split()
)
"""'the truce expires on Saturday', 'the council meets on Thursday': the present of a timetable."""
_NEGATION = frozenset({"not", "did", "didn't", "never", "to", "failed"})
_PARTICIPLE_AUX = frozenset({"be", "been", "being", "is", "are", "was", "were", "get", "got"})
_TOKEN = re.compile(r"[A-Za-z'’]+")
_STOP = re.compile(r"\. ")


_ASCII_TOKEN_LOWER = bytes(
    ord(chr(c).lower()) if chr(c).isascii() and (chr(c).isalpha() or chr(c) == "'") else ord(" ") for c in range(256)
)
"""ASCII letters lower-cased, the apostrophe kept, every other byte a space: the `_TOKEN`s of ASCII text, split."""


def _tokens(text: str) -> list[str]:
    """`_TOKEN.findall(text)`, lower-cased (ASCII text by a byte table, at C speed)."""
    if text.isascii():
        return text.encode("ascii").translate(_ASCII_TOKEN_LOWER).decode("ascii").split()
    return [w.lower() for w in _TOKEN.findall(text)]


_AHEAD = re.compile(
    r"(?:(?:days|hours|weeks|just|shortly|only)\s+(?:before|ahead\s+of)|ahead\s+of|(?:no|not)\s+later\s+than|"
    r"\bby\s+(?:midnight|noon|dawn|[\d:.]+\s*(?:a\.m\.|p\.m\.|am|pm|hours|GMT|local\s+time)?)(?:\s*\([^)]*\))?|"
    r"\bdeadline\b[^.;]{0,60}?\b(?:is|falls|expires)\b[^.;]{0,40}?)\s*(?:on\s+)?$",
    re.I,
)
"""What puts a day ahead whatever the verb: "days before Monday's referendum", "no later than Tuesday", "by 4 a.m.
(0200 GMT) on Sunday", "The deadline … is one minute past midnight on Sunday"."""


def tense_at(sentence: str, start: int, end: int) -> Tense:
    """The tense of the verb group closest before the date span (else after it)."""
    if _AHEAD.search(sentence, max(0, start - 120), start):
        return "future"
    deadline = sentence[start:end].split()[0].lower() in {"by", "until", "till"}
    clause_start = sentence.rfind(";", 0, start) + 1
    for stop in _STOP.finditer(sentence, 0, start):
        if not is_abbreviation(sentence, stop.start()):
            clause_start = max(clause_start, stop.end())
    before = _tokens(sentence[clause_start:start])[-14:]
    for i in range(len(before) - 1, -1, -1):
        w = before[i]
        prev = before[i - 1] if i > 0 else ""
        nxt = before[i + 1] if i + 1 < len(before) else ""
        if (
            deadline
            and w == "to"
            and nxt
            and nxt.isalpha()
            and nxt not in _VERB_NEXT
            and not nxt.endswith(("ed", "ing"))
        ):
            return "future"  # "was on schedule to withdraw 2,000 soldiers by June 30": the deadline of an intent
        if w in {"by", "until", "to", "next"}:
            continue  # too weak alone ("by" also past agents)
        if w in _INTENT and nxt == "to" or w in _MOVED and nxt in {"to", "until", "till", "back", "forward", "for"}:
            return "future"
        if w in _SCHEDULED_PRESENT and prev not in _NEGATION:
            return "future"
        if w in _PLURAL_PRESENT and prev and prev not in _NEGATION and prev not in _NOT_BEFORE_VERB:
            return "future"
        if _is_past(w) and w not in _EXPLICIT_PAST and not _is_future(w) and nxt and nxt not in _VERB_NEXT:
            continue  # an adjective: "armed groups", "besieged city"
        if _is_future(w):
            if w in {"planned", "scheduled", "set", "expected", "due"} and prev in {"had", "was", "were", "been"}:
                if prev == "had" or (prev == "been" and i > 1 and before[i - 2] == "had"):
                    return "past"
                if prev in {"was", "were"} and w != "due":
                    return "past"
            return "future"
        if _is_past(w):
            if prev in _PARTICIPLE_AUX and w not in {"was", "were", "had", "said", "told"}:
                continue
            if prev.endswith("ly") and i > 1 and before[i - 2] in _PARTICIPLE_AUX:
                continue  # "to be formally signed": a passive, its tense is the auxiliary's
            return "past"
        if w in {"is", "are", "votes", "meets", "begins", "starts", "opens", "ends", "takes", "holds"}:
            if i + 1 < len(before) and before[i + 1] in {"to", "due", "set", "scheduled", "expected"}:
                return "future"
    lead = sentence[start:end].split()[0].lower()
    if lead in {"by", "until", "till"}:
        return "future"  # a deadline
    after_text = sentence[end : end + 80]
    report = report_after(after_text)
    if report:
        after_text = after_text[: report.start(1)]  # "…, the White House announced on Sunday": the report's tense
    after = _tokens(after_text)[:8]
    for i, lw in enumerate(after):
        if lw in {"will", "would", "shall"}:
            return "future"
        if _is_past(lw) and not (lw.endswith("ed") and i > 0 and after[i - 1] in _PARTICIPLE_AUX):
            return "past"
    if before and before[-1] in {"by", "until"}:
        return "future"
    return "unknown"


REPORT_AFTER = re.compile(
    r"[^,;.]*?(,\s*(?:(?:the|a|an|his|her|its|their)\s+)?(?:[\w'’.-]+\s+){1,6}?(?:said|says|announced|announces|"
    r"told|tells|reported|reports|confirmed|confirms|added|stated|states|tweeted|wrote|declared|explained)\b)",
)
"""A reporting clause with its own subject after a date ("on Friday, the White House announced on Sunday"): its
verb and its day are the report's, not the event's. (A verb straight after the comma, "…, said the minister" or
"speaking on Friday, said …", is no such clause.) Group 1 is the clause, from its comma."""
_REPORT_WORDS = (
    "said", "says", "announce", "told", "tells", "report", "confirm", "added", "stated", "states", "tweeted",
    "wrote", "declared", "explained",
)  # fmt: skip
"""A piece of every verb `REPORT_AFTER` ends with: text without one holds no reporting clause."""


def report_after(text: str, start: int = 0, end: int | None = None) -> re.Match[str] | None:
    """`REPORT_AFTER.match(text, start, end)`, not tried where no comma or no reporting verb is."""
    piece = text[start:end]
    if "," not in piece or not has_any(piece, _REPORT_WORDS):
        return None
    return REPORT_AFTER.match(text, start, len(text) if end is None else end)


_SUPERSEDED_BEFORE = re.compile(
    r"(?:(?:earlier|later|sooner)\s+than|instead\s+of|rather\s+than|in\s+place\s+of|replacing|"
    r"(?:originally|initially|previously|first)\s+(?:scheduled|planned|set|announced|slated|due)\s+(?:for|on)?|"
    r"had\s+(?:first\s+|originally\s+|initially\s+)?been\s+(?:scheduled|planned|set|slated|expected)\s+(?:for|on)?|"
    r"(?:postponed|delayed|moved|pushed\s+back|brought\s+forward|put\s+off|shifted|rescheduled)\s+from|"
    r"(?:not|no\s+longer)\s+(?:on|by)?)\s*(?:the\s+)?$",
    re.I,
)
_SUPERSEDED_AFTER = re.compile(
    r"^\s*(?:date|deadline|target|timeline)?\s*,?\s*(?:that\s+was\s+|which\s+was\s+)?(?:first|originally|initially|"
    r"previously)\s+(?:announced|set|planned|scheduled|given|proposed)|"
    r"^[^.;]{0,40}?\bbefore\s+(?:it|they|the\s+\w+)\s+(?:was|were|had\s+been)\s+(?:brought\s+forward|"
    r"postponed|moved|cancelled|canceled|delayed|called\s+off|scrapped)|"
    r"^[^.;]{0,30}?\b(?:was|were|has\s+been|had\s+been)\s+(?:cancelled|canceled|called\s+off|scrapped|postponed|"
    r"put\s+back|pushed\s+back|delayed|moved|brought\s+forward)|"
    r"^[^.;]{0,30}?\b(?:is|are|was|were)\s+(?:likely|expected|set|bound)\s+to\s+(?:slip|be\s+(?:delayed|postponed|"
    r"pushed\s+back|moved|cancelled|canceled))",
    re.I,
)


_SUPERSEDED_BEFORE_GATE = (
    "than", "instead", "place", "replacing", "originally", "initially", "previously", "first", "from", "not", "longer",
    "been",
)  # fmt: skip
"""A word of every `_SUPERSEDED_BEFORE` alternative."""
_SUPERSEDED_AFTER_GATE = (
    "first", "originally", "initially", "previously", "before", "cancel", "called", "scrapped", "postponed", "back",
    "slip",
    "delayed", "moved", "forward",
)  # fmt: skip
"""A word of every `_SUPERSEDED_AFTER` alternative."""


def superseded(sentence: str, start: int, end: int) -> bool:
    """The text says this date no longer holds ("earlier than the September 11 date first announced")."""
    before = sentence[max(0, start - 50) : start]
    if has_any(fold(before), _SUPERSEDED_BEFORE_GATE) and _SUPERSEDED_BEFORE.search(before):
        return True
    after = sentence[end : end + 80]
    return has_any(fold(after), _SUPERSEDED_AFTER_GATE) and bool(_SUPERSEDED_AFTER.match(after))


def _safe(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


_RECENT_DAYS = 45
"""How far back a date without a year is still read as the recent past, whatever the tense of its clause."""


def resolve(m: DateMention, published: dt.date, tense: Tense) -> dt.date | None:
    if m.kind == "relative":
        return published + dt.timedelta(days=m.day or 1)
    if m.kind == "weekday":
        assert m.weekday is not None
        if m.lead == "last":
            tense = "past"
        elif m.lead in {"next", "coming", "this", "by", "until", "till"} and tense == "unknown":
            tense = "future"
        if tense == "future":
            ahead = (m.weekday - published.weekday()) % 7 or 7
            return published + dt.timedelta(days=ahead)
        back = (published.weekday() - m.weekday) % 7
        return published - dt.timedelta(days=back)
    if m.kind == "dom":
        if m.day is None or tense == "past":
            return None
        d = _safe(published.year, published.month, m.day)
        if d is None or d <= published:
            y, mo = (published.year + 1, 1) if published.month == 12 else (published.year, published.month + 1)
            d = _safe(y, mo, m.day)
        return d
    if m.month is None or m.day is None or not 1 <= m.month <= 12:
        return None
    if m.year is not None:
        return _safe(m.year, m.month, m.day)
    options = [d for y in (published.year - 1, published.year, published.year + 1) if (d := _safe(y, m.month, m.day))]
    if not options:
        return None
    if m.weekday is not None:
        # "Friday, June 27": the year in which that date is that weekday
        fits = [d for d in options if d.weekday() == m.weekday]
        if len(fits) == 1:
            return fits[0]
    if m.lead in {"this", "next", "coming"}:
        tense = "future"
    if tense == "future":
        nearest = min(options, key=lambda d: abs((d - published).days))
        if -_RECENT_DAYS <= (nearest - published).days <= 0:
            return None  # a day of the last weeks written without its year: gone, not next year's
        later = [d for d in options if d > published]
        return min(later) if later else None
    if tense == "past":
        earlier = [d for d in options if d <= published]
        return max(earlier) if earlier else None
    return min(options, key=lambda d: abs((d - published).days))
