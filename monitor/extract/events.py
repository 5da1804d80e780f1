"""Events: things that will happen on a specific day after publication.

Each date span of a sentence is resolved with the tense of its clause; a day
strictly after the publication date that the text does not call superseded
becomes an event, titled with the clause around it (subject, verb, object,
the date and relative clauses removed, "will host" made "hosts", people
shortened to surnames), with the people and organizations named in that
clause and the place after "in"/"at". One event per day per article unless
the same day holds clearly different events.

A weekday that owns a noun ("Tuesday's meeting") names a day the reader knows
of, so it is only ahead when the clause is in the future; a reporting clause
after the date (", the White House announced on Sunday") is the report's, and
no part of the event. A surname alone is the person named in full before.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence

from ..models import Event
from . import gates
from .actors import resolve_actor
from .article import Article
from .dates import (
    DateWords,
    find_dates,
    report_after,
    resolve,
    superseded,
    tense_at,
)
from .gates import finditer_at, finditer_near, has_any
from .lexicon import DATELINE, MONTHS, NON_PERSON_WORDS, ROLE_NOUNS, WEEKDAYS, Name, find_names
from .sentences import Sentence

__all__ = ["extract_events"]

_CLAUSE_SPLIT = re.compile(r";\s+|,\s+(?:and|but|while|whereas)\s+|\s+—\s+|,\s+(?=(?:earlier|later)\s+than)")
_RELATIVE = re.compile(
    r",\s+(?:who|which|whose|where)\b[^,]*,?"
    r"|,\s+(?:(?:the|a|an|its|his|her|their)\s+)?(?:[\w'’-]+\s+){0,3}?(?:"
    + "|".join(sorted(ROLE_NOUNS | {"chairman", "chairwoman", "chief", "head"}))
    + r")\s+(?:of|for|at|to)\s[^,]*,"
)
"""A relative clause, or a job in apposition (", chairman of the High Council for National Reconciliation,"):
what a person or body is, not what the event is or who takes part in it."""
_REPORT_FRAME = re.compile(
    r"^.*?\b(?:said|says|announced|confirmed|reported|added|told\s+\w+(?:\s+\w+)?)\s+(?:on\s+\w+\s+)?(?:that\s+)?",
)
_WILL = re.compile(r"\b(?:will|would|shall)\s+(?:also\s+|now\s+|then\s+)?(?P<v>[a-z]+)\b")
_WILL_WORDS = ("will", "would", "shall")
_PLACE_NAME = (
    r"(?:the\s+)?[A-Z][\w'’-]+(?:\s+(?:[A-Z][\w'’-]+|(?:of|de|es|el|al|da|di|du|do|la|le|des|del|ul)(?=\s+[A-Z])|"
    r"al-[A-Z][\w'’-]*))*"
)
"""A place's name, with the particles some hold ("Dar es Salaam", "Rio de Janeiro", "Bandar al Abbas")."""
_LOCATION = re.compile(rf"\b(?:in|at)\s+(?P<loc>{_PLACE_NAME})")
_DESTINATION = re.compile(
    rf"\b(?:travel|travels|travelling|traveling|fly|flies|head|heads|return|returns|go|goes|come|comes)\s+"
    rf"(?:back\s+)?to\s+(?P<loc>{_PLACE_NAME})"
)
"""Where someone goes for the event ("will travel to Cairo for talks") when no place is given with "in" or "at"."""
_DESTINATION_HEADS = ("travel", "fl", "head", "return", "go", "come")
"""What every `_DESTINATION` match starts with."""
_ORG_HEAD = (
    r"(?:Council|Assembly|Parliament|Congress|Senate|Commission|Committee|Union|Organization|Organisation|Court|"
    r"Cabinet|Government|Nations|Community|Forum|Alliance|League)"
)
_DATE_NAME = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Monday|Tuesday|"
    r"Wednesday|Thursday|Friday|Saturday|Sunday)\b"
)
_OF_NAME = (
    rf"(?:\s+(?:of|for|on)\s+(?:the\s+)?(?!{_DATE_NAME})[A-Z][\w'’-]+(?:\s+(?:and\s+)?(?!{_DATE_NAME})[A-Z][\w'’-]+)"
    r"{0,4})"
)
"""'… for National Reconciliation', '… of West African States': the rest of a name, capitalized on both sides."""
_ORG = re.compile(
    rf"\b(?:the\s+)?(?P<org>(?:[A-Z][\w'’-]+\s+){{1,4}}{_ORG_HEAD}{_OF_NAME}?)\b"
    rf"|\b[Tt]he\s+(?P<org3>{_ORG_HEAD}{_OF_NAME})\b"
    r"|\b(?:the\s+)?(?P<org2>[A-Z][\w'’-]+\s+(?:parliament|government|cabinet|council|assembly|court|"
    r"negotiators|delegation|delegations|ministers|leaders))\b"
)
_NOT_IN_NAME = frozenset(
    """The A An On In At But And When While As After Before During Since Until For From With Without By Of To If
    This That These Those His Her Their Its Our We They He She It I Speaking According Meanwhile However Both
    Foreign""".split()
    + [m.capitalize() for m in MONTHS]
    + [d.capitalize() for d in WEEKDAYS]
)
"""Capitalized words that start a sentence or a clause rather than a name: left out of the start of an organization
("On Friday the Security Council" → "Security Council")."""
_CLAUSE_MARK = re.compile("[;,—]")
_ORG_ENDINGS = (
    "ouncil", "ssembly", "arliament", "ongress", "enate", "ommission", "ommittee", "nion", "rganization",
    "rganisation", "ourt", "abinet", "overnment", "ations", "egotiators", "elegation", "inisters", "eaders",
    "ommunity", "orum", "lliance", "eague",
)  # fmt: skip
"""The head word every `_ORG` match holds, but its first letter (capital or not: "Council", "council")."""
_HEAD_AFTER_SPACE = re.compile(r"\s.(?:" + "|".join(_ORG_ENDINGS) + ")", re.S)
"""A space, any character, then one of `_ORG_ENDINGS`: in every `_ORG` match (its head word follows a space)."""
_DATE_WORDS = re.compile(
    r"\b(?:this|next|coming|on|by|until|till|from|before|for)?\s*$",
)
_DATE_WORD_ENDINGS = ("this", "next", "coming", "on", "by", "until", "till", "from", "before", "for")
_REPORT_FRAME_WORDS = ("said", "says", "announced", "confirmed", "reported", "added", "told")
_MAX_TITLE_WORDS = 12
_MONTH_START = re.compile(
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)\b"
)


_DIGIT = re.compile(r"\d")
_ORDINAL = re.compile(r"\d(?:st|nd|rd|th)")
_ORDINAL_ENDINGS = ("0st", "0nd", "0rd", "0th")
"""Ordinals in `Article.ascii_digits` (every digit made "0")."""
_CLAUSE_STOP = re.compile(r"[,;.]")
_SCHEDULED_FOR = re.compile(r"\b(?:is|are)\s+(?:scheduled|expected|due|set|slated)\s+(?:for|on)\s*$")
_LEADING_LINK = re.compile(r"^(?:On|on|By|by|And|and|But|but|,)\s+")
_LEADING_THE = re.compile(r"^the\s+")
_FUTURE_WORD = re.compile(
    r"\b(?:will|would|shall|due|scheduled|expected)\b|"
    r"^[^.;,]{0,60}?\b(?-i:[A-Z])[\w’'-]*(?:\s+(?-i:[A-Z])[\w’'-]*)*\s+to\s+(?:host|meet|hold|visit|sign|vote|begin|start|"
    r"resume|attend|travel|announce|open|launch|brief|address|discuss|convene|decide|name|unveil|testify|leave|"
    r"return|face|join|lead|chair|receive)\b"
)
"""'… will meet on Friday'; in a headline, 'Trump to host Kagame on Thursday'."""


def _third_person(verb: str, plural: bool) -> str:
    if plural:
        return "are" if verb == "be" else verb
    if verb == "be":
        return "is"
    if verb == "have":
        return "has"
    if verb.endswith(("s", "sh", "ch", "x", "z", "o")):
        return verb + "es"
    if verb.endswith("y") and len(verb) > 2 and verb[-2] not in "aeiou":
        return verb[:-1] + "ies"
    return verb + "s"


_DANGLING_WORDS = frozenset(
    """on in at by for the a an and of to from with their its his her our starting beginning from whether""".split()
)
"""Words a title does not end with (cut at its last word, or where the date was: "starting on Friday")."""
_FRONTING_WORDS = frozenset("on by at from until till before for in during after next this".split())
"""What is left of the text before a date that opens its clause ("On Friday, …", "At Monday's summit, …")."""
_FRONTED_FUTURE = re.compile(
    r",\s*(?:[\w'’-]+\s+){0,4}?(?:will|shall|would|(?:is|are)\s+(?:to|due|expected|scheduled|set))\b"
)
"""The clause after a fronted phrase ("At Sunday's summit, leaders will decide") is in the future."""
_SUBJECT_PREPOSITIONS = frozenset("of for from in at with on between among to under".split())


def _plural(subject: list[str]) -> bool:
    """Whether the subject of a title takes a plural verb: "Ghani and Abdullah", "Foreign ministers of the bloc",
    "Afghan and Taliban negotiators"; not "Joe Biden", "The head of the mission", "The United Nations"."""
    cut = 1
    while cut < len(subject) and subject[cut].lower() not in _SUBJECT_PREPOSITIONS:
        cut += 1
    head = subject[:cut]
    if not head:
        return False
    for w in head[1:-1]:
        if w.lower() in {"and", "&"}:
            return True
    last = head[-1]
    if last[0].isupper() and len(head) >= 2 and head[-2][0].isupper():
        return False  # a name: "Joe Biden", "United Nations"
    return last.lower().endswith("s") and not last.lower().endswith(("ss", "us", "is"))


def _first_will(text: str) -> re.Match[str] | None:
    """`_WILL.search(text)`, started at the first "will", "would" or "shall" (where the first match can start)."""
    if not gates.ENABLED:
        return _WILL.search(text)
    first = -1
    for word in _WILL_WORDS:
        i = text.find(word)
        if i != -1 and (first == -1 or i < first):
            first = i
    return _WILL.search(text, first) if first != -1 else None


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


def _title(clause: str, date_start: int, date_end: int, names: Sequence[str], possessive: bool = False) -> str:
    # Each rewrite is only tried when the words it needs are there (its regex would be tried at every position).
    dateline = DATELINE.match(clause, 0, date_start) if clause[:2].isupper() else None
    text = clause[dateline.end() if dateline else 0 : date_start].rstrip()
    if text.endswith(_DATE_WORD_ENDINGS):  # otherwise `_DATE_WORDS` can only match an empty end
        text = _DATE_WORDS.sub("", text)
    text = text.rstrip(" ,")
    pieces = _CLAUSE_STOP.split(clause[date_end:], maxsplit=2)
    rest = pieces[0]
    fronted = not text or text.lower() in _FRONTING_WORDS
    if possessive:
        # "at Monday's summit": the day stays, it names the occasion
        phrase = (text + " " + clause[date_start:date_end] + rest).strip()
        if fronted and len(pieces) > 1 and pieces[1].strip():
            text = pieces[1].strip() + " " + phrase[:1].lower() + phrase[1:]  # "At Friday's summit, ministers …"
        else:
            text = phrase
    elif fronted and not rest.strip() and len(pieces) > 1:
        text = pieces[1].strip()  # "On Friday, ministers will sign …": the clause after the date
    else:
        text = (text + " " + rest.strip()).strip()
    if "," in text:
        text = _RELATIVE.sub("", text)
    if has_any(text, _REPORT_FRAME_WORDS):
        text = _REPORT_FRAME.sub("", text) if _REPORT_FRAME.match(text) and len(text) > 0 else text
    if text.rstrip().endswith(("for", "on")):
        text = _SCHEDULED_FOR.sub("", text)
    text = text.strip()

    # "will host" → "hosts": the first such verb (`_WILL.sub(…, count=1)`, tried where "will" is)
    will = _first_will(text)
    if will is not None:
        verb = _third_person(will.group("v"), _plural(text[: will.start()].split()))
        text = text[: will.start()] + verb + text[will.end() :]
    for full in names:
        if full not in text or _AT_PLACE.search(text, 0, text.find(full)):
            continue  # (the pattern ends with the name); "to Addis Ababa" is a place, said in full
        parts = full.split()
        pattern = r"(?<![\w'’.-])(?:(?:[A-Z][\w'’.-]*)\s+){0,3}?" + re.escape(full) + r"(?![\w'’-])"
        text = re.sub(pattern, parts[-1], text)
    text = _LEADING_LINK.sub("", text)
    toks = text.split()[:_MAX_TITLE_WORDS]
    while toks and toks[-1].lower() in _DANGLING_WORDS:
        toks.pop()
    title = " ".join(toks).strip(" ,;:")
    return title[:1].upper() + title[1:] if title else ""


_CAPITALIZED = re.compile(r"[A-Z](?<!\w[A-Z])[\w'’-]+")
"""A capitalized word (a word boundary written so that the regex engine skips straight to capitals)."""


class _People:
    """The people an article names in full before a place, found when asked for: "Biden" → "Joe Biden".

    Only the sentences where the word follows another capitalized word are read, and each at most once."""

    def __init__(self, body: str, sentences: Sequence[Sentence]) -> None:
        self.body = body
        self.sentences = sentences
        self.starts: list[int] = []
        self.names: dict[int, list[Name]] = {}

    def full_name(self, surname: str, before: int) -> str | None:
        found: str | None = None
        pos = self.body.find(surname, 0, before)
        while pos != -1:
            end = pos + len(surname)
            word = pos  # the start of the word: "al-Burhan" for "Burhan"
            while word > 0 and (self.body[word - 1].isalnum() or self.body[word - 1] in "-'’"):
                word -= 1
            if (end == len(self.body) or not self.body[end].isalnum()) and _AFTER_CAPITALIZED.search(
                self.body, max(0, word - 40), word
            ):
                if not self.starts:
                    self.starts = [s.start for s in self.sentences]
                k = bisect_right(self.starts, pos) - 1
                if k not in self.names:
                    sent = self.sentences[k]
                    self.names[k] = [
                        nm._replace(start=sent.start + nm.start, end=sent.start + nm.end)
                        for nm in find_names(self.body[sent.start : sent.end])
                    ]
                for nm in self.names[k]:
                    if nm.end == end and " " in nm.name:
                        found = nm.name  # the latest before wins
            pos = self.body.find(surname, end, before)
        return found


_IN_CAPITALIZED_RUN = re.compile(r"\s+[A-Z]")
"""A capitalized word follows: the word before it is part of a longer name ("Security Council", "Joe Biden")."""
_AT_PLACE = re.compile(r"\b(?:in|at|to|from|near|into|outside|towards?)\s+$")
"""The words before a name that make it a place ("talks in Addis Ababa"), unless a title says it is a person."""
_AFTER_CAPITALIZED = re.compile(r"[A-Z][\w'’.-]*\s+$")


def _participants(
    clause: str, names: Sequence[Name] | None = None, people: _People | None = None, at: int = 0
) -> list[str]:
    """People and organizations named in the clause; `names` is `find_names(clause)` when the caller has it.

    A surname alone ("Biden will host Ghani") is the person named in full before it in the article (`people`;
    `at` is where the clause starts in the article)."""
    placed: list[tuple[int, str]] = []
    found_names = find_names(clause) if names is None else names
    for nm in found_names:
        if nm.title is None and _AT_PLACE.search(clause, max(0, nm.start - 8), nm.start):
            continue  # "return to Addis Ababa": a place
        full = people.full_name(nm.name, at + nm.start) if people is not None and " " not in nm.name else None
        placed.append((nm.start, full or nm.name))  # "Ms. Halvorsen": the person named in full before
    for m in _CAPITALIZED.finditer(clause) if people is not None else ():
        assert people is not None
        word = m.group()
        if word in NON_PERSON_WORDS or people.body.find(word, 0, at + m.start()) == -1:
            continue  # (a word the article has not written before names no one met before)
        if _IN_CAPITALIZED_RUN.match(clause, m.end()):
            continue  # "White House": a surname stands alone
        if any(nm.start <= m.start() < nm.end for nm in found_names):
            continue
        if _AT_PLACE.search(clause, max(0, m.start() - 8), m.start()):
            continue  # "in Geneva"
        if word.endswith(("'s", "’s")):
            word = word[:-2]
        full = people.full_name(word, at + m.start())
        if full is not None:
            placed.append((m.start(), full))
    found: list[str] = []
    for _, name in sorted(placed):
        if name not in found:
            found.append(name)
    for m in _ORG.finditer(clause) if _may_name_organization(clause) else ():
        org = (m.group("org") or m.group("org3") or m.group("org2") or "").strip()
        words = org.split()
        while words and words[0] in _NOT_IN_NAME:
            words = words[1:]
        org = " ".join(words)
        if org and " " in org and all(org not in f and f not in org for f in found):
            found.append(org)
    return found


def _may_name_organization(clause: str) -> bool:
    """Whether `_ORG` can match in the clause: it holds a head word ("Council", "ministers") after a space (always True
    when the gates are off). The head is found by its letters but the first (`_ORG_ENDINGS`)."""
    return not gates.ENABLED or _HEAD_AFTER_SPACE.search(clause) is not None


def _location(clause: str) -> str | None:
    found = _place(finditer_at(_LOCATION, clause, ("in", "at"), word_start=True))
    if found is None and " to " in clause:
        found = _place(finditer_at(_DESTINATION, clause, _DESTINATION_HEADS, word_start=True))
    return found


def _place(matches: Iterator[re.Match[str]]) -> str | None:
    for m in matches:
        loc = m.group("loc")
        loc = _LEADING_THE.sub("", loc)
        first = loc.split()[0]
        if first in NON_PERSON_WORDS and first not in {"White", "United"} and len(loc.split()) == 1:
            continue
        if first.removesuffix("'s").removesuffix("’s").lower() in WEEKDAYS:
            continue  # "at Monday's summit"
        if _MONTH_START.match(loc):
            continue
        return loc
    return None


def _date_gates(article: Article, words: DateWords) -> list[tuple[bool, bool] | None]:
    """For each sentence, None when `find_dates` can find no date in it, else whether it holds a digit and whether
    a digit with an ordinal's ending ("the 24th"): a date needs a weekday, "tomorrow", or a digit with a month, a
    hyphen ("2021-08-01") or an ordinal's ending. (One loop of `str.find` in the article's texts: cheaper than
    asking each sentence's own copy.)"""
    if not gates.ENABLED:
        return [(True, True)] * len(article.sentences)
    body, folded, digits = article.body, article.folded, article.ascii_digits()
    named = (*words.weekdays, *words.tomorrow)
    months = (*words.months, "-")
    out: list[tuple[bool, bool] | None] = []
    for s0, s1, _ in article.sentences:
        if digits is None:
            has_digit = _DIGIT.search(body, s0, s1) is not None
            has_ordinal = has_digit and _ORDINAL.search(body[s0:s1]) is not None
        elif digits.find("0", s0, s1) == -1:
            has_digit = has_ordinal = False
        else:
            has_digit, has_ordinal = True, False
            for ending in _ORDINAL_ENDINGS:
                if digits.find(ending, s0, s1) != -1:
                    has_ordinal = True
                    break
        dated = has_ordinal
        for word in months if has_digit and not dated else ():
            if folded.find(word, s0, s1) != -1:
                dated = True
                break
        for word in named if not dated else ():
            if folded.find(word, s0, s1) != -1:
                dated = True
                break
        out.append((has_digit, has_ordinal) if dated else None)
    return out


_OPEN_START = re.compile(r"\b(?:after|since|beyond|later\s+than)\s+$", re.I)
_PRONOUN_TITLES = frozenset({"It", "They", "He", "She", "We"})


def extract_events(article: Article, published: dt.date) -> list[Event]:
    """Every future event of the article."""
    body, sentences = article.body, article.sentences
    words = DateWords.of(article.vocabulary)
    events: list[Event] = []
    people: _People | None = None  # the people of the article, read once it has an event
    for index, (sent, gate) in enumerate(zip(sentences, _date_gates(article, words), strict=True)):
        if gate is None:
            continue
        s0 = sent.start
        text = body[s0 : sent.end]
        dateline = DATELINE.match(text) if text[:1].isupper() and text[1:2].isupper() else None
        for mention in find_dates(text, words, *gate):
            if dateline and mention.start < dateline.end():
                continue  # "KYIV, March 11 (Reuters) -": the day of the story
            tense = tense_at(text, mention.start, mention.end)
            if mention.possessive:
                # "used Tuesday's meeting to warn …": a day the reader knows of; ahead only when the text says so
                if tense != "future" and text[: mention.start].strip().lower() in _FRONTING_WORDS:
                    # "At Sunday's summit in Abuja, leaders will decide …": the tense of the clause it opens
                    comma = text.find(",", mention.end)
                    if comma != -1 and _FRONTED_FUTURE.match(text, comma):
                        tense = "future"
                tense = "future" if mention.lead in {"next", "coming"} or tense == "future" else "past"
            elif mention.kind == "weekday" and tense == "unknown":
                a0, b0 = _clause_bounds(text, mention.start, mention.end)
                tense = "future" if _FUTURE_WORD.search(text, a0, b0) else "past"  # (its own clause, not a quote's)
            if mention.kind == "weekday" and tense == "past":
                continue  # (a weekday in the past resolves to the publication day or before: no event)
            if _OPEN_START.search(text, max(0, mention.start - 12), mention.start):
                continue  # "may take place after December 20": no day
            if mention.kind == "weekday" and text.rfind("(", 0, mention.start) > text.rfind(")", 0, mention.start):
                continue  # "expires today (Sunday)": a gloss of the day named beside it
            day = resolve(mention, published, tense)
            # (a past day is no event whatever the text says of it: only a future one is checked for being superseded)
            if day is None or day <= published or superseded(text, mention.start, mention.end):
                continue
            a, b = _clause_bounds(text, mention.start, mention.end)
            report = report_after(text, mention.end, b)
            if report:
                b = report.start(1)  # "…, White House press secretary Jen Psaki said": no part of the event
            clause = text[a:b]
            found = find_names(clause)
            names = [nm.name for nm in found]
            without_relatives = _RELATIVE.sub("", clause)
            if people is None:
                people = _People(body, sentences)
            participants = _participants(
                without_relatives, found if without_relatives == clause else None, people, s0 + a
            )
            ev_start = mention.start
            if text[ev_start : mention.end].split()[0].lower() in {"on", "for", "from"}:
                ev_start = text.index(" ", ev_start) + 1
            evidence = text[ev_start : mention.end]
            # (with no words around the date, the date is the title: nothing the text does not say)
            title = _title(clause, mention.start - a, mention.end - a, names, mention.possessive) or evidence.strip()
            first = title.split(None, 1)
            if first and first[0] in _PRONOUN_TITLES and len(first) > 1:
                # "It releases …": who "it" is, as the text names it
                named = resolve_actor(body, sentences, index, s0 + a)
                if named:
                    title = f"{named} {first[1]}"
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
