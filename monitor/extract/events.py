"""Events: things that will happen on a specific day after publication.

Each date span of a sentence is resolved with the tense of its clause; a day
strictly after the publication date that the text does not call superseded
becomes an event, titled with the clause around it (subject, verb, object,
the date and relative clauses removed, "will host" made "hosts", people
shortened to surnames), with the people and organizations named in that
clause and the place after "in"/"at". One event per day per article unless
the same day holds clearly different events.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from ..models import Event
from .dates import DateWords, find_dates, resolve, superseded, tense_at
from .gates import Vocabulary, finditer_at, finditer_near, fold, has_any
from .lexicon import NON_PERSON_WORDS, Name, find_names
from .sentences import Sentence

__all__ = ["extract_events"]

_CLAUSE_SPLIT = re.compile(r";\s+|,\s+(?:and|but|while|whereas)\s+|\s+—\s+|,\s+(?=(?:earlier|later)\s+than)")
_RELATIVE = re.compile(r",\s+(?:who|which|whose|where)\b[^,]*,?")
_REPORT_FRAME = re.compile(
    r"^.*?\b(?:said|says|announced|confirmed|reported|added|told\s+\w+(?:\s+\w+)?)\s+(?:on\s+\w+\s+)?(?:that\s+)?",
)
_WILL = re.compile(r"\b(?:will|would|shall)\s+(?:also\s+|now\s+|then\s+)?(?P<v>[a-z]+)\b")
_LOCATION = re.compile(
    r"\b(?:in|at)\s+(?P<loc>(?:the\s+)?[A-Z][\w'’-]+(?:\s+(?:[A-Z][\w'’-]+|of|de|al-[A-Z][\w'’-]*))*)"
)
_ORG = re.compile(
    r"\b(?:the\s+)?(?P<org>(?:[A-Z][\w'’-]+\s+){1,4}(?:Council|Assembly|Parliament|Congress|Senate|Commission|"
    r"Committee|Union|Organization|Organisation|Court|Cabinet|Government|Nations))\b"
    r"|\b(?:the\s+)?(?P<org2>[A-Z][\w'’-]+\s+(?:parliament|government|cabinet|council|assembly|court|"
    r"negotiators|delegation|delegations|ministers|leaders))\b"
)
_CLAUSE_MARK = re.compile("[;,—]")
_ORG_ENDINGS = (
    "ouncil", "ssembly", "arliament", "ongress", "enate", "ommission", "ommittee", "nion", "rganization",
    "rganisation", "ourt", "abinet", "overnment", "ations", "egotiators", "elegation", "inisters", "eaders",
)  # fmt: skip
"""The word every `_ORG` match ends with, but its first letter (capital or not: "Council", "council")."""
_DATE_WORDS = re.compile(
    r"\b(?:this|next|coming|on|by|until|till|from|before|for)?\s*$",
)
_DATE_WORD_ENDINGS = ("this", "next", "coming", "on", "by", "until", "till", "from", "before", "for")
_REPORT_FRAME_WORDS = ("said", "says", "announced", "confirmed", "reported", "added", "told")
_MAX_TITLE_WORDS = 12
_MONTH_START = re.compile(
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)\b"
)


_CLAUSE_STOP = re.compile(r"[,;.]")
_SCHEDULED_FOR = re.compile(r"\b(?:is|are)\s+(?:scheduled|expected|due|set|slated)\s+(?:for|on)\s*$")
_LEADING_LINK = re.compile(r"^(?:On|on|By|by|And|and|But|but|,)\s+")
_LEADING_THE = re.compile(r"^the\s+")
_FUTURE_WORD = re.compile(r"\b(?:will|would|shall|due|scheduled|expected)\b")


def _third_person(verb: str, plural: bool) -> str:
    if plural:
        return verb
    if verb == "be":
        return "is"
    if verb == "have":
        return "has"
    if verb.endswith(("s", "sh", "ch", "x", "z", "o")):
        return verb + "es"
    if verb.endswith("y") and len(verb) > 2 and verb[-2] not in "aeiou":
        return verb[:-1] + "ies"
    return verb + "s"


def _clause_bounds(sentence: str, start: int, end: int) -> tuple[int, int]:
    a, b = 0, len(sentence)
    # every split holds ";", "," or "—", with at most one stretch of space before it
    for m in finditer_near(_CLAUSE_SPLIT, sentence, _CLAUSE_MARK, 1):
        if m.end() <= start:
            a = m.end()
        elif m.start() >= end:
            b = m.start()
            break
    return a, b


def _title(clause: str, date_start: int, date_end: int, names: Sequence[str]) -> str:
    # Each rewrite is only tried when the words it needs are there (its regex would be tried at every position).
    text = clause[:date_start].rstrip()
    if text.endswith(_DATE_WORD_ENDINGS):  # otherwise `_DATE_WORDS` can only match an empty end
        text = _DATE_WORDS.sub("", text)
    text = text.rstrip(" ,")
    rest = clause[date_end:]
    rest = _CLAUSE_STOP.split(rest, maxsplit=1)[0]
    text = (text + " " + rest.strip()).strip()
    if "," in text:
        text = _RELATIVE.sub("", text)
    if any(w in text for w in _REPORT_FRAME_WORDS):
        text = _REPORT_FRAME.sub("", text) if _REPORT_FRAME.match(text) and len(text) > 0 else text
    if text.rstrip().endswith(("for", "on")):
        text = _SCHEDULED_FOR.sub("", text)
    text = text.strip()

    def fix(m: re.Match[str]) -> str:
        subject = text[: m.start()].split()
        plural = bool(subject) and subject[-1].lower().endswith("s") and not subject[-1].endswith("ss")
        if subject and subject[-1][0].isupper() and len(subject) >= 2 and subject[-2][0].isupper():
            plural = False
        return _third_person(m.group("v"), plural)

    if any(w in text for w in ("will", "would", "shall")):
        text = _WILL.sub(fix, text, count=1)
    for full in names:
        if full not in text:
            continue  # (the pattern ends with the name)
        parts = full.split()
        pattern = r"(?:(?:[A-Z][\w'’.-]*)\s+){0,3}?" + re.escape(full)
        text = re.sub(pattern, parts[-1], text)
    text = _LEADING_LINK.sub("", text)
    toks = text.split()[:_MAX_TITLE_WORDS]
    while toks and toks[-1].lower() in {"on", "in", "at", "by", "for", "the", "a", "and", "of", "to", "from"}:
        toks.pop()
    title = " ".join(toks).strip(" ,;:")
    return title[:1].upper() + title[1:] if title else ""


def _participants(clause: str, names: Sequence[Name] | None = None) -> list[str]:
    """People and organizations named in the clause; `names` is `find_names(clause)` when the caller has it."""
    found: list[str] = []
    for nm in find_names(clause) if names is None else names:
        if nm.name not in found:
            found.append(nm.name)
    for m in _ORG.finditer(clause) if has_any(clause, _ORG_ENDINGS) else ():
        org = (m.group("org") or m.group("org2") or "").strip()
        first = org.split()[0]
        if first in NON_PERSON_WORDS and first not in {"United", "Security", "National"}:
            org = " ".join(org.split()[1:])
        if org and all(org not in f and f not in org for f in found):
            found.append(org)
    return found


def _location(clause: str) -> str | None:
    for m in finditer_at(_LOCATION, clause, ("in", "at")):
        loc = m.group("loc")
        loc = _LEADING_THE.sub("", loc)
        first = loc.split()[0]
        if first in NON_PERSON_WORDS and first not in {"White", "United"} and len(loc.split()) == 1:
            continue
        if _MONTH_START.match(loc):
            continue
        return loc
    return None


def extract_events(
    body: str, sentences: Sequence[Sentence], published: dt.date, vocabulary: Vocabulary | None = None
) -> list[Event]:
    """Every future event of the article; `vocabulary` holds the words of its fold when the caller has them."""
    words = DateWords.of(vocabulary or Vocabulary(fold(body)))
    events: list[Event] = []
    for sent in sentences:
        s0 = sent.start
        text = body[s0 : sent.end]
        for mention in find_dates(text, words):
            tense = tense_at(text, mention.start, mention.end)
            if mention.kind == "weekday" and tense == "unknown":
                tense = "future" if _FUTURE_WORD.search(text) else "past"
            day = resolve(mention, published, tense)
            # (a past day is no event whatever the text says of it: only a future one is checked for being superseded)
            if day is None or day <= published or superseded(text, mention.start, mention.end):
                continue
            a, b = _clause_bounds(text, mention.start, mention.end)
            clause = text[a:b]
            found = find_names(clause)
            names = [nm.name for nm in found]
            without_relatives = _RELATIVE.sub("", clause)
            participants = _participants(without_relatives, found if without_relatives == clause else None)
            title = _title(clause, mention.start - a, mention.end - a, names) or "Event"
            ev_start = mention.start
            if text[ev_start : mention.end].split()[0].lower() in {"on", "for", "from"}:
                ev_start = text.index(" ", ev_start) + 1
            evidence = text[ev_start : mention.end]
            event = Event(
                evidence=evidence,
                start=s0 + ev_start,
                end=s0 + mention.end,
                date=day,
                title=title,
                participants=participants,
                location=_location(clause),
            )
            same = [e for e in events if e.date == day]
            place = event.location
            if same and all(
                (not (set(e.participants) and set(participants)) or set(e.participants) & set(participants))
                and not (place and e.location and place != e.location)
                for e in same
            ):
                continue  # the same day again: the same event, unless it is somewhere else
            events.append(event)
    return events
