"""Statements: direct quotes and reported speech, with who said them.

Per sentence, every reporting verb ("said", "told", "insisted", "according
to", ", saying") is given a speaker (the noun phrase before it, or after it
when inverted: ', said Amrudin Wail, a member of …') and a content: the clause
after it ("said (on Tuesday) that …", "told reporters …"), else the clause
before it ("…, the defence ministry said."). Quotations of four words or more
in the sentence become direct statements of the nearest attributed speaker; a
sentence that is only a quotation inherits the speaker of the quotation next
to it in the same paragraph. Quoted fragments are left out of the indirect
content; shorter ones (scare quotes) stay in it.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from typing import NamedTuple

from ..models import Statement
from . import gates as gating
from .article import Article
from .gates import Vocabulary, finditer_starts, gate_words, has_any
from .lexicon import DATELINE, HONORIFICS, ORG_HEADS, REPORT_VERBS, ROLE_NOUNS, Name, word_alternation
from .quotes import Quote
from .sentences import Sentence
from .sentences import is_abbreviation as _is_abbreviation
from .speakers import Memory, Speaker, parse_speaker

__all__ = ["extract_statements"]

_VERB_RE = re.compile(word_alternation(REPORT_VERBS))

_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_ADVERBIAL = re.compile(
    rf"\s*(?:(?:late\s+|early\s+|earlier\s+|later\s+)?on\s+(?:{_WEEKDAY}|Twitter|X|Facebook|Telegram|"
    rf"state\s+television|television|radio|social\s+media)(?:\s+(?:morning|afternoon|evening|night))?|"
    r"in\s+an?\s+(?:\w+\s+)?(?:statement|tweet|post|video|speech|interview|briefing|message|address|"
    r"broadcast|communique|communiqué)(?:\s+on\s+\w+)?|"
    r"at\s+an?\s+(?:\w+\s+)?(?:news\s+conference|press\s+conference|briefing|rally|meeting|summit)|"
    r"last\s+(?:week|night|month)|yesterday|today|earlier|later|again|repeatedly|separately|also|previously|"
    r"in\s+[A-Z][\w-]+|this\s+week|overnight)\b,?",
)
_TOLD_OBJECT = re.compile(
    r"\s*(?:reporters|journalists|lawmakers|parliament|delegates|diplomats|supporters|the\s+press|"
    r"(?:the|a|an|his|her|their|its)\s+(?:[\w'’.-]+\s+){0,2}(?:council|conference|briefing|assembly|parliament|committee|"
    r"meeting|gathering|summit|rally|crowd|session|agency|newspaper|broadcaster|channel|television|radio|station|"
    r"outlet|network|website|paper|programme|program|show|podcast|reporter|journalist|correspondent|"
    r"press|reporters|journalists|audience|lawmakers|(?:" + "|".join(sorted(ROLE_NOUNS)) + r")s?|[A-Z][\w'’-]+)|"
    r"state\s+(?:television|media|radio|"
    r"tv)|[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,4}|him|her|them|us)\b"
)
_DATELINE = DATELINE
_CUT_WORDS = re.compile(
    r".*(?:[;:—–()\"“”‘«»]|’(?!\w)(?<!s’(?=\s))|\s-\s|\b(?:that|while|and|but|as|when|after|because|so|though|although|whereas|if)\b)",
    re.S,
)
_AUX_TAIL = re.compile(
    r"(?:\s+(?:has|have|had|also|later|separately|previously|repeatedly|earlier|again|once|then|reportedly|"
    r"would|will|has\s+also|had\s+also|himself|herself|themselves|itself|now|on\s+" + _WEEKDAY + r"))+\s*$"
)
_AUX_ENDINGS = (
    "has", "have", "had", "also", "later", "separately", "previously", "repeatedly", "earlier", "again", "once",
    "then", "reportedly", "would", "will", "himself", "herself", "themselves", "itself", "now", "day",
)  # fmt: skip
"""The last word of each `_AUX_TAIL` alternative ("day": Monday … Sunday): text ending otherwise has no tail."""
_ACCORDING = re.compile(r"\baccording\s+to\s+(?P<np>[^,;.]+?)(?=\s*[,;.]|\s*$)", re.I)
_SOURCE_BY = re.compile(
    r"(?:(?:an?|the)\s+)?(?:[\w-]+\s+){0,2}?(?:report|tally|count|study|survey|assessment|statement|estimate|analysis|"
    r"review|investigation|briefing|update|map|database|data|figures|calculations|estimates|records|tallies|"
    r"statistics|numbers)\s+(?:(?:of|on|into|to)\s+[^,;]{1,40}?\s+)?(?:(?:compiled|collected|provided|released|"
    r"published|gathered|issued|prepared|kept)\s+)?(?:by|from|of)\s+"
)
"""'according to a tally by the Lanor Watch group': the source is who made it."""
_MADE_BY = re.compile(
    r"^(?P<org>.+?)(?:['’]s?)?\s+(?:estimates?|figures|data|tally|tallies|count|report|reports|statistics|numbers|"
    r"assessment|maps?|records|calculations)\s*$"
)
_ACCORDING_NOUN = re.compile(r"\baccording\s+to\s+[^,;.]{1,40}$", re.I)
_SAYING_WORDS = (
    "saying", "adding", "claiming", "insisting", "warning", "arguing", "noting", "stressing", "cautioning",
    "explaining", "acknowledging", "asserting", "alleging", "conceding", "emphasising", "emphasizing", "predicting",
    "reiterating", "suggesting", "announcing", "confirming", "admitting",
)  # fmt: skip
_REPORT_GATE, _ACCORDING_GATE, _SAYING_GATE = map(gate_words, (REPORT_VERBS, ("according",), _SAYING_WORDS))
_SAYING = re.compile(r",\s+(?:" + "|".join(_SAYING_WORDS) + r")\b(?:\s+that\b)?")
_THAT_WORDS = [w for w in _SAYING_WORDS if w not in {"warning", "cautioning", "saying", "adding"}]
_SAYING_THAT = re.compile(
    r"(?:,|\band)\s+(?:(?:" + "|".join(_THAT_WORDS) + r")\s+that|(?:saying|adding)(?:\s+that)?|and\s+that)\s+"
)
"""'…, the envoy said, adding that reinforcements were on their way': a second statement by the same speaker. (A
warning that follows is read as the colour of the first, as annotators of real copy mostly do.)"""
_FRONTED_SAYING = re.compile(r"^\s*(?:" + "|".join(w.capitalize() for w in _SAYING_WORDS) + r")\s+that\s+")
"""'Warning that the conflict could spin out of control, the envoy told the Council …'."""

_ORG_AT_START = re.compile(
    r"^(?:The\s+|A\s+|An\s+)?(?:[\w’'-]+\s+){0,4}?(?:ministry|department|staff|army|military|government|council|"
    r"command|journal|observatory|agency|office|committee|police|forces|embassy|commission|institute|party|"
    r"coalition|alliance|presidency|cabinet|mission|Ministry|Department|Army|Council|Command|Journal|"
    r"Observatory|Agency|Office|Committee|Police|Forces|Embassy|Commission|Institute|Party|Coalition|Alliance)\b"
)
_MIN_QUOTE_WORDS = 4
_CONJ_START = re.compile(
    r"(?:as|while|when|after|before|because|but|and|though|although|since|amid|despite|saying|adding|which|who|"
    r"with|whereas|even|until|if|or)\b",
    re.I,
)


class _Attr(NamedTuple):
    speaker: Speaker | None
    vstart: int
    vend: int
    content: tuple[int, int] | None
    blocked: bool
    """The verb attributes the sentence to someone who is not a speaker (anonymous)."""
    skip: tuple[int, int] | None = None
    """A parenthetical attribution inside the content ("After that date, X said, the army …") to leave out."""


def _mask(sent: str, s0: int, quotes: Sequence[Quote]) -> str:
    """The sentence with quoted text replaced by 'Q' (same length) so commas inside quotes vanish."""
    if not quotes:
        return sent
    if len(quotes) == 1 and len(quotes[0].pieces) == 1:  # (the common case: one quotation, in one piece)
        a, b = quotes[0].pieces[0]
        a, b = max(a, s0) - s0, min(b, s0 + len(sent)) - s0
        return sent[:a] + _q_out(sent[a:b]) + sent[b:] if b > a else sent
    spans = sorted((max(a, s0) - s0, min(b, s0 + len(sent)) - s0) for q in quotes for a, b in q.pieces)
    out: list[str] = []
    pos = 0
    for a, b in spans:
        a = max(a, pos)
        if b <= a:
            continue
        out.append(sent[pos:a])
        out.append(_q_out(sent[a:b]))
        pos = b
    out.append(sent[pos:])
    return "".join(out)


def _q_out(text: str) -> str:
    """`text` with every character but whitespace made 'Q' (a byte table does ASCII text at C speed)."""
    if text.isascii():
        return text.encode("ascii").translate(_ASCII_Q).decode("ascii")
    return _NOT_SPACE.sub("Q", text)


_NOT_SPACE = re.compile(r"\S")
_ASCII_Q = bytes(c if chr(c).isspace() else ord("Q") for c in range(256))
_Q_RUN = re.compile(r"Q+")
_WORD = re.compile(r"[A-Za-z]\w*")


def _at_most_one_word(text: str) -> bool:
    """`len(_WORD.findall(text)) <= 1`, without reading past the second word."""
    words = _WORD.finditer(text)
    return next(words, None) is None or next(words, None) is None


def _strip_adverbials(text: str, pos: int) -> int:
    while True:
        m = _ADVERBIAL.match(text, pos)
        if not m or m.end() == pos:
            return pos
        pos = m.end()


def _content_after(masked: str, pos: int, verb: str) -> tuple[int, bool] | None:
    """Where the content clause after the verb starts; True when it was introduced by "that".

    `pos` is where the verb and the adverbials after it ("on Tuesday", "in a statement") end.
    """
    if verb in {"told", "tells"}:
        m = _TOLD_OBJECT.match(masked, pos)
        if m:
            pos = _strip_adverbials(masked, m.end())
    that = _THAT.match(masked, pos)
    if that:
        return that.end(), True
    # "told troops in Port Sudan that …", "said in an address to the nation that …"
    if pos > 0 and masked[pos - 1] == "," and not _THAT.match(masked, pos):
        return None  # "…, the government said on Monday, the latest sign that …": the attribution ends there
    late = _LATE_THAT.match(masked, pos) if masked.find("that", pos) != -1 else None
    if late and not _FINITE.search(late.group(1)) and not _NOT_A_LATE_THAT.search(late.group(1)):
        return late.end(), True
    first = _FIRST_WORD_CHAR.match(masked, pos)
    if first is None:
        return None
    i = first.start(1)
    if masked[i] in ",.;:!?—–)" or masked.startswith(("to ", "by ", "so "), i):
        return None
    if masked[i] in '"“‘«':
        return i, True
    if verb in _CLAUSE_VERBS and _starts_clause(masked[i:]):
        return i, False
    return None


_THAT = re.compile(r"\s*,?\s*that\b\s*")
_LATE_THAT = re.compile(r"((?:[^,;.!?]|\.(?=\s*[A-Z])){1,70}?)\s+that\s+")
"""What comes between the verb and a late "that": no clause stop, but the stop of "Mr." or "U.N." may be there."""
_NOT_A_LATE_THAT = re.compile(
    r"[\"“”]|\b(?:warning|saying|adding|claiming|insisting|arguing|noting|stressing|who|which)\b"
)
_CLAUSE_VERBS = frozenset(
    """said says say told tells insisted insists claimed claims warned warns added adds estimated estimates
    acknowledged acknowledges denied denies admitted admits conceded concedes reported reports noted notes
    stressed stresses argued argues maintained maintains predicted predicts confirmed confirms announced
    announces explained explains""".split()
)
_SUBJECT_WORDS = frozenset(
    """the they he she we i you there its their his her our my your this these those a an none no some most all
    more about both neither several many few only nearly around roughly every each another""".split()
)
_PREPOSITIONS = frozenset(
    "in on at of for from with by to into during over under amid despite without within through across".split()
)
_PRONOUN_SUBJECTS = frozenset({"he", "she", "they", "we", "i", "you", "it"})
_AUXILIARIES = frozenset("is are was were has have had will would can could should must may might".split())
_NOT_AFTER_PRONOUN = frozenset("on in at of for to from by with and or but as".split())
_FINITE = re.compile(
    r"\b(?:is|are|was|were|has|have|had|will|would|could|can|should|must|might|did|does|do|remain|remains|"
    r"remained|[a-z]{3,}ed)\b"
)


_IRREGULAR = re.compile(
    r"\b(?:held|holds?|took|takes?|taken|lost|loses?|won|wins?|fell|falls?|runs?|ran|controls?|remains?|keeps?|kept|"
    r"gave|gives?|made|makes?|went|goes|came|comes?|left|leaves?|got|gets?|stood|stands?|says?|said|sent|sends?|"
    r"began|begun|begins?|fled|flees|fought|fights?|struck|strikes?|drove|driven|rose|risen|spoke|sought|seeks?|met|"
    r"meets?|led|leads?|broke|broken|brought|brings?|built|caught|chose|did|does|drew|found|finds?|grew|grows?|hid|"
    r"hit|hits|knew|knows?|lay|lies|meant|means?|paid|pays?|put|puts|saw|sees?|seen|set|sets|shot|shut|sold|spent|"
    r"spread|spreads|stole|swept|thought|threw|told|tells?|tore|understood|wore|wrote|written|needs?|wants?)\b"
)
"""Verbs `_FINITE` does not know as such: with one of them, words are a clause."""
_STOPS = re.compile(r"[,.;:!?](?!\d)")


_DETERMINER_SUBJECTS = frozenset("the its their his her our my your this these those every each".split())
_PRESENT = re.compile(
    r"\b(?:(?:the|its|their|this|these|those)\s+)?[a-z]+(?:s|es)?\s+(?:begins?|ends?|starts?|continues?|needs?|wants?|"
    r"belongs?|exists?|lies|lie|seems?|appears?|depends?|faces?|plans?|hopes?|expects?|intends?|"
    r"opposes?|supports?|rejects?|accepts?|agrees?|refuses?|means?|marks?|shows?|poses?)\b"
)
"""A present verb after a subject ("the talks begin on Monday"): `_FINITE` knows -ed and auxiliaries only."""


def _starts_clause(text: str) -> bool:
    """Whether the words after a reporting verb begin a content clause ("said aid convoys had been blocked")."""
    words = text.split()
    first = words[0]
    if not first[0].islower():
        return True
    low = first.lower().strip(",.;:")
    at_least = low == "at" and len(words) > 1 and words[1].lower() in {"least", "most"}
    if _CONJ_START.fullmatch(low) or low in _PREPOSITIONS and not at_least:
        return False
    if low in _PRONOUN_SUBJECTS:
        nxt = words[1].lower().strip(",.;:") if len(words) > 1 else ""
        return bool(nxt) and nxt not in _NOT_AFTER_PRONOUN and words[0][-1] not in ",.;:"
    if low in {"this", "that", "these", "those"} and (len(words) < 2 or first[-1] in ",.;:"):
        return False  # "denied this, saying …": an object
    if low in _SUBJECT_WORDS and low not in {"a", "an", "about", "more", "only"}:
        if low in _DETERMINER_SUBJECTS:
            # "announced the visit on Sunday" is an object; "said the army had retaken it" a clause
            head = _STOPS.split(text, maxsplit=1)[0].split()[1:12]
            return bool(
                _FINITE.search(" ".join(head)) or _IRREGULAR.search(" ".join(head)) or _PRESENT.search(" ".join(head))
            )
        return True
    if low in {"about", "more", "only", "nearly", "almost", "around", "roughly", "over"} and len(words) > 1:
        nxt = words[1].lower()
        if nxt[:1].isdigit() or nxt in {"than", "half", "a", "one", "two", "three", "four", "five", "ten", "100"}:
            # "about 11 local government areas, including Gwoza, Bama and Dikwa, were now calmer": past the list too
            head = " ".join(re.split(r"[.;:!?](?!\d)", text, maxsplit=1)[0].split()[2:26])
            return bool(_FINITE.search(head) or _IRREGULAR.search(head))
    if low in _AUXILIARIES:
        return False  # "which Kinshasa says is backed by Rwanda": a verb with no subject, no clause of its own
    # any other word: a finite verb must follow before the first stop ("talks in Luanda had been suspended")
    head = _STOPS.split(text, maxsplit=1)[0].split()[1:9]
    if "that" in head:
        return False  # "told a local station that …": an object, then the clause
    return bool(_FINITE.search(" ".join(head)) or _IRREGULAR.search(" ".join(head)))


_ACRONYM = re.compile(r"\(\s*[A-Z][\w.&-]{0,12}\s*\)")


def _blank(m: re.Match[str]) -> str:
    return " " * len(m.group())


_ASIDE = re.compile(
    r",\s+(?:for\s+(?:its|their|his|her)\s+part|in\s+turn|meanwhile|however|too|though|in\s+a\s+statement|"
    r"in\s+response|for\s+instance|in\s+contrast|by\s+contrast|on\s+the\s+other\s+hand),"
)
"""'The RSF, for its part, said …': an aside between the subject and its verb."""


_ROLE_RELATIVE = re.compile(
    r"\s+(?:that|which)\s+(?:includes|include|included|leads|led|controls|runs|is|was|has)\b[^,]*(?=,\s*$)"
)


def _speaker_np_before(masked: str, vstart: int, memory: Memory) -> tuple[str, int, bool]:
    """(noun phrase, its start, pure): pure when the phrase fills its comma segment."""
    left = _strip_aux_tail(masked[:vstart])
    if ", " in left and _ASIDE.search(left):
        left = _ASIDE.sub(lambda m: " " * len(m.group()), left)
    if "(" in left:
        left = _ACRONYM.sub(_blank, left)  # "The Rapid Support Forces (RSF) said": the name, not its short form
    if left.rstrip().endswith(",") and (" that " in left or " which " in left):
        # "X, leader of the AFC rebel alliance that includes M23, said": the relative clause is no part of the role
        left = _ROLE_RELATIVE.sub(lambda m: " " * len(m.group()), left)
    # the last comma segments, found from the right ("…, the UN envoy, Mara Stein, said")
    c1 = left.rfind(",")
    c2 = left.rfind(",", 0, c1) if c1 > 0 else -1
    if c2 != -1 and left[c1 + 1 :].isspace() or c2 != -1 and c1 + 1 == len(left):
        c3 = left.rfind(",", 0, c2)
        p1, p2 = left[c2 + 1 : c1], left[c3 + 1 : c2]
        np_text = p2 + "," + p1
        start = c3 + 1
        first = p1.split(None, 1)
        if first and first[0].lower() in {"who", "which", "whose", "that"} and c3 > 0:
            # "Corneille Nangaa, leader of the AFC, which includes M23, says": the apposition before the clause
            inner = _speaker_np_before(masked, c2 + 1, memory)
            if inner[0].strip():
                return inner
        if first and first[0].lower() in {"who", "which", "whose"}:
            return np_text, start, True
        described = bool(first) and first[0].lower() in {"a", "an"}
        cut = _CUT_WORDS.match(p2)
        head = p2[cut.end() :] if cut else p2  # '"…," a White House spokeswoman': the words after the quotation
        if (memory.names(p1) and memory.role_like(head)) or (memory.role_like(p1) and memory.names(head)) or described:
            if described and not (head.strip()[:1].isupper() and len(head.split()) <= 6):
                return p1, c2 + 1, True
            if cut:
                start += cut.end()
            # "Frontline Atlas, an independent mapping project, estimates …"
            return head + "," + p1, start, True
        return p1, c2 + 1, True
    base = c1 + 1
    last = left[base:]
    cut = _CUT_WORDS.match(last)
    if cut:
        return last[cut.end() :], base + cut.end(), False
    toks = last.split()
    if len(toks) > 12:
        return " ".join(toks[-4:]), base + last.rfind(" ".join(toks[-4:])), False
    return last, base, c1 != -1


def _strip_aux_tail(left: str) -> str:
    """`left` without the auxiliaries and adverbs before the verb ("has also", "on Friday")."""
    return _AUX_TAIL.sub("", left) if left.rstrip().endswith(_AUX_ENDINGS) else left


def _clause_ok(text: str) -> bool:
    words = text.split(None, 4)  # (the first words, and whether there are four)
    if len(words) < 4:
        return False
    first = words[0]
    if first.lower() == "at" and words[1].lower() in {"least", "most"}:
        return True
    if first.endswith("ing") or first.lower() in {"on", "in", "at", "speaking", "after", "before"}:
        # a phrase ("Speaking in Moscow", "In a statement"), unless a clause follows it ("Before the offensive,
        # government forces controlled …")
        _, comma, rest = text.partition(",")
        return bool(comma) and len(rest.split()) >= 4 and bool(_FINITE.search(rest) or _IRREGULAR.search(rest))
    return True


_TRAILING_REMARK = re.compile(r",\s+(?:a\s+(?:figure|claim|number)|which|who)\b")
_CLAUSE_AFTER = re.compile(
    r"(?:,|\s+[—–]|\s-)\s+(?:(?:adding|saying|warning|noting|stressing|insisting|claiming|arguing|explaining|"
    r"urging|calling)\b|"
    r"(?:and|but|while|as|which|although|though|whereas)\s+(?:he|she|they|it|we|I|the\s+\w+|a\s+\w+|[A-Z][\w'’-]+)\s+"
    r"(?:\w+\s+){0,3}?(?:is|are|was|were|has|have|had|will|would|said|says|called|calls|added|credited|"
    r"shows|showed|pushes|pushed|[a-z]+ed)\b|"
    r"and\s+that\b|"
    r"(?:gains|a\s+move|a\s+claim|a\s+figure|a\s+sign|the\s+latest\s+(?:sign|move|step|blow|setback|in)|"
    r"an\s+apparent|a\s+reference|a\s+day|days|hours|weeks)\b|"
    r"(?:naming|putting|citing|according)\b)"
    r"|\s[—–-]\s+(?:[A-Z][\w'’-]+\s+){1,3}(?:\w+ed|said|says|told)\b"
)
"""Where reported speech ends and the reporter goes on: ", adding that …", ", and he called on …", ", gains that
were confirmed …", ", the latest sign that …", ", which he credited to …"."""


def _trim_span(sent: str, a: int, b: int) -> tuple[int, int]:
    while a < b and (sent[a].isspace() or sent[a] in ",;:"):
        a += 1
    while b > a and (sent[b - 1].isspace() or sent[b - 1] in ".,;:!?"):
        b -= 1
    m = _DATELINE.match(sent, a, b) if a == 0 else None  # (`^`: only ever at the start)
    if m:
        a = m.end()
    while a < b and sent[a] in "•·*▪►–—-> ":
        a += 1  # a bullet of a list or a live blog
    marked = sent.find(",", a, b) != -1 or sent.find("—", a, b) != -1 or sent.find("–", a, b) != -1
    after = _CLAUSE_AFTER.search(sent, a, b) if marked or sent.find(" - ", a, b) != -1 else None
    if after and len(sent[a : after.start()].split()) >= _MIN_INDIRECT_WORDS:
        head = sent[a : after.start()]
        if _FINITE.search(head) or _IRREGULAR.search(head) or _PRESENT.search(head):
            b = after.start()  # ("over the past week, as a result of …": no clause yet to end)
    tail = _TRAILING_REMARK.search(sent[a:b]) if sent.find(",", a, b) != -1 else None
    if tail:
        rest = sent[a + tail.end() : b]
        closed = rest.find(",")
        if closed == -1 or len(rest[closed:].split()) < 3:
            b = a + tail.start()  # "…, a claim the government disputes", not "X, which …, controls …"
    return a, b


_OPENING_PHRASE = re.compile(
    r"^\s*(?:(?:In|At|On|During|After|Before|Speaking|Asked|Later|Earlier|Meanwhile|However)\b[^,]{0,60},\s*)"
)
"""'In a video address the following day, President Zelensky declined …': a phrase before the subject."""


def _subject_at_start(masked: str, end: int, memory: Memory) -> tuple[str, int] | None:
    dateline = _DATELINE.match(masked, 0, end) if masked[:2].isupper() else None
    if dateline and dateline.end() < end:
        # "NEW YORK — Taliban fighters have seized …": the place the story is filed from is nobody
        found = _subject_at_start(masked[dateline.end() :], end - dateline.end(), memory)
        return (found[0], found[1] + dateline.end()) if found else None
    opening = _OPENING_PHRASE.match(masked, 0, end)
    if opening:
        found = _subject_at_start(masked[opening.end() :], end - opening.end(), memory)
        return (found[0], found[1] + opening.end()) if found else None
    prefix = masked[:end]
    parts = prefix.split(",")
    if len(parts) >= 3:
        p0, p1 = parts[0], parts[1]
        if (memory.names(p1) and memory.role_like(p0)) or (memory.role_like(p1) and memory.names(p0)):
            return p0 + "," + p1, 0
    names = memory.names(parts[0])
    if names and names[0].start < 40:
        return parts[0][: names[0].end], 0
    m = _ORG_AT_START.match(parts[0].strip())
    if m:
        return m.group(0), 0
    return None


_ENDS_AND = re.compile(r"\b(?:and|but)\s*$")
_COMMA = re.compile(r"\s*,\s*")


class _Gates(NamedTuple):
    """The words of the article that attributions need: reporting verbs, "according", "saying" and the like.

    Each is a whole word in every match of the pattern it stands for (`_VERB_RE`, `_ACCORDING`, `_SAYING`),
    and most articles hold few of them, so most sentences are not searched at all.
    """

    verbs: tuple[str, ...]
    according: tuple[str, ...]
    saying: tuple[str, ...]

    @classmethod
    def of(cls, vocabulary: Vocabulary) -> _Gates:
        return cls(vocabulary.narrow(_REPORT_GATE), vocabulary.narrow(_ACCORDING_GATE), vocabulary.narrow(_SAYING_GATE))


def _attributions(
    body: str,
    sent: Sentence,
    masked: str,
    memory: Memory,
    gates: _Gates,
    verb_starts: list[int],
    according_starts: list[int],
) -> list[_Attr]:
    """The attributions of a sentence; `verb_starts` and `according_starts` are where (in it) a reporting verb and
    "according" may start: each kind is only looked for there (and ", saying" only when the sentence holds it)."""
    s0 = sent.start
    text = body[s0 : sent.end]
    out: list[_Attr] = []
    for m in finditer_starts(_VERB_RE, masked, verb_starts):
        verb = m.group(0)
        vstart, vend = m.start(), m.end()
        left = masked[:vstart].rstrip()
        if verb.endswith("s") and _ACCORDING_NOUN.search(left):
            continue  # "according to UN estimates": a noun
        content: tuple[int, int] | None = None
        np_text: str
        if _inverted(masked, left, vend, verb, memory):
            # inverted: '…," said X, a member of …'
            tail = masked[vend:]
            seg = tail[: _inverted_end(tail)]
            pieces = seg.split(",")
            np_text = pieces[0]
            if len(pieces) > 1 and (
                memory.role_like(pieces[1]) or memory.names(pieces[1]) and not memory.names(pieces[0])
            ):
                np_text += "," + pieces[1]
            np_text = text[vend : vend + len(np_text)]
            if (
                np_text.strip().split()
                and np_text.strip().split()[0].lower() in {"that", "the", "a", "an"}
                and (np_text.strip().split()[0].lower() == "that")
            ):
                continue
            sp = parse_speaker(np_text, memory)
            if sp is not None:  # (the content of a speaker-less attribution is never read)
                pre_end = len(left.rstrip(',"”’» '))
                a, b = _trim_span(text, 0, pre_end)
                if b - a > 0:
                    content = (a, b)
            out.append(_Attr(sp, vstart, vend, content, sp is None))
            continue
        np_text, np_start, pure = _speaker_np_before(masked, vstart, memory)
        if not np_text.strip() and _ENDS_AND.search(left):
            # "The army disputes the figure and says …": the subject of the first verb
            subj = _subject_at_start(masked, vstart, memory)
            if subj:
                np_text, np_start, pure = subj[0], 0, False
        if not np_text.strip():
            continue
        if np_text.split()[0].lower() in {"which", "whom", "whose"}:
            continue  # "a truce, which the Government said it would observe": what was said has a gap
        sp = parse_speaker(np_text, memory)
        to_follows = _TO_FOLLOWS.match(masked, vend) is not None  # ("claimed to control")
        if sp is None and not to_follows:
            # anonymous ("officials said"): it blocks the sentence, and its content is never read
            out.append(_Attr(None, vstart, vend, None, True))
            continue
        after_verb = _strip_adverbials(masked, vend)
        after = _content_after(masked, after_verb, verb)
        if after is None and to_follows:
            continue  # "claimed to control", "vowed to fight": not speech
        if sp is None:
            out.append(_Attr(None, vstart, vend, None, True))
            continue
        if after is not None:
            a, b = _trim_span(text, after[0], len(text))
            if verb in _DENIALS and b > a:
                if not after[1]:
                    b = a  # "denied any role and …": an object, not what was denied
                a = vstart  # "denied that the rebels had seized the town": the denial is the statement
            if b > a:
                content = (a, b)
        skip: tuple[int, int] | None = None
        paren = (
            _COMMA.match(masked[after_verb:])
            if content is None and np_start > 0 and masked[:np_start].rstrip().endswith(",")
            else None
        )
        if paren:
            # "After that date, Interior Minister Joss Arkell said, the army would move in."
            post = after_verb + paren.end()
            pre_end = len(text[:np_start].rstrip(" ,"))
            pre_words = masked[:pre_end]
            if pre_end > 0 and post < len(text) and not _FINITE.search(pre_words) and not _CONJ_START.match(text, post):
                a, b = _trim_span(text, 0, len(text))
                if a < pre_end and len(text[post:b].split()) >= 2:
                    content, skip = (a, b), (pre_end, post)
        if content is None and pure and np_start > 0:
            pre = text[:np_start].rstrip(" ,")
            if _clause_ok(pre) and not _has_verb(masked[: len(pre)], gates):
                a, b = _trim_span(text, 0, len(pre))
                content = (a, b)
        out.append(_Attr(sp, vstart, vend, content, False, skip))
    # "according to X"
    for m in finditer_starts(_ACCORDING, masked, according_starts):
        np_a = m.start("np")
        by = _SOURCE_BY.match(text, np_a, m.end("np"))
        source = text[by.end() if by else np_a : m.end("np")]
        sp = parse_speaker(source, memory)
        if sp is None and " and " in source:
            sp = parse_speaker(source.split(" and ", 1)[0], memory)  # "according to the UN and local authorities"
        doc = _MADE_BY.match(source) if sp is None else None
        if doc:
            sp = parse_speaker(
                doc.group("org"), memory
            )  # "according to UN estimates", "according to the army's figures"
        before = text[: m.start()].rstrip(" ,")
        if m.start() < 3 or not before.strip():
            span = (m.end(), len(text))
        elif _clause_ok(before):
            span = (0, len(before))
        else:
            continue
        content = None
        if sp is not None:  # (the content of a speaker-less attribution is never read)
            a, b = _trim_span(text, *span)
            content = (a, b) if b > a else None
        out.append(_Attr(sp, m.start(), m.end(), content, sp is None))
    quoted = _QUOTED_AS.search(masked) if "as saying" in masked else None
    if quoted:
        # "The state broadcaster quoted Prime Minister Abiy Ahmed as saying the rebels had suffered …"
        sp = parse_speaker(text[quoted.start("np") : quoted.end("np")], memory)
        if sp is not None:
            a, b = _trim_span(text, quoted.end(), len(text))
            clause = len(text[a:b].split()) >= _MIN_INDIRECT_WORDS
            out.append(_Attr(sp, quoted.start("v"), quoted.end(), (a, b) if clause else None, False))
    if gates.saying and has_any(masked, gates.saying) and any(x.speaker for x in out):
        out += _second_statements(text, masked, out)
    # ", saying …" after a subject that made no other statement
    if gates.saying and has_any(masked, gates.saying) and not any(x.speaker and x.content for x in out):
        sm = _SAYING.search(masked)
        if sm:
            subj = _subject_at_start(masked, sm.start(), memory)
            if subj:
                sp = parse_speaker(subj[0], memory)
                a, b = _trim_span(text, sm.end(), len(text))
                out.append(_Attr(sp, sm.start(), sm.end(), (a, b) if b > a else None, sp is None))
    return out


_QUOTED_AS = re.compile(
    r"\b(?P<v>quoted|cited|quotes|cites|quoting|citing)\s+(?P<np>[^;:.]{2,120}?)\s*,?\s+as\s+saying\s+(?:that\s+)?"
)


def _second_statements(text: str, masked: str, attrs: Sequence[_Attr]) -> list[_Attr]:
    """The statements a speaker adds in a participle clause: "…, the ministry said, adding that Y" and
    "Warning that Y, the envoy told the Council …", each credited to the attribution nearest to it."""
    found: list[_Attr] = []
    spoken = [at for at in attrs if at.speaker is not None]
    for sm in _SAYING_THAT.finditer(masked):
        before = [at for at in spoken if at.vend <= sm.start()]
        if not before or any(at.content and at.content[0] <= sm.start() < at.content[1] for at in attrs):
            continue
        a, b = _trim_span(text, sm.end(), len(text))
        if len(text[a:b].split()) >= _MIN_INDIRECT_WORDS and "QQ" not in masked[a:b]:
            found.append(_Attr(before[-1].speaker, sm.start(), sm.end(), (a, b), False))
    fronted = _FRONTED_SAYING.match(masked)
    if fronted:
        comma = masked.find(",", fronted.end())
        after = [at for at in spoken if comma != -1 and at.vstart > comma]
        if after:
            a, b = _trim_span(text, fronted.end(), comma)
            if len(text[a:b].split()) >= _MIN_INDIRECT_WORDS:
                found.append(_Attr(after[0].speaker, fronted.start(), fronted.end(), (a, b), False))
    return found


_DENIALS = frozenset(
    {"denied", "denies", "deny", "rejected", "rejects", "dismissed", "dismisses", "disputed", "disputes"}
)
_FIRST_WORD_CHAR = re.compile(r"\s*(\S)")
"""The first character after some spaces: `text[pos:].strip()[:1]`, without copying the text."""
_TO_FOLLOWS = re.compile(r"\s*to ")


def _has_verb(text: str, gates: _Gates) -> bool:
    """Whether `text` holds a reporting verb (`_VERB_RE`), tried only where one of the article's is."""
    return bool(gates.verbs) and has_any(text, gates.verbs) and _VERB_RE.search(text) is not None


_SPEAKER_END = re.compile(r"[.;!?]|\s+(?:on\s+" + _WEEKDAY + r"|in\s+a\s+statement|who\b)")


def _inverted_end(tail: str) -> int:
    """Where the speaker phrase after an inverted verb ends: the sentence stop (not an abbreviation's), or a
    trailing "on Friday", "in a statement", "who …"."""
    for m in _SPEAKER_END.finditer(tail):
        if m.group(0) == "." and _is_abbreviation(tail, m.start()):
            continue
        return m.start()
    return len(tail)


def _inverted(masked: str, left: str, vend: int, verb: str, memory: Memory) -> bool:
    """'…," said X' or '…, said the ministry': the speaker comes after the verb."""
    if not left:
        return False
    mark = left[-1]
    if mark == "," and verb in {"told", "tells"} or mark != "," and mark not in '"”’»':
        return False
    after = _FIRST_WORD_CHAR.match(masked, vend)  # (the verb must be followed by a word)
    if after is None or not after.group(1).isalpha():
        return False
    if mark != ",":
        return True
    parts = left[:-1].split(",")
    last = parts[-1].strip()
    if not last:
        return False
    first = last.split()[0].lower()
    if first in {"who", "which", "whose"} or memory.names(last) and len(last.split()) <= 4 or memory.role_like(last):
        return False
    # "…, a coalition of armed groups, says it has seized …": a clause follows, not a speaker
    tail = masked[vend:]
    seg = tail[: _inverted_end(tail)].split(",")[0].split()
    return not seg or not (seg[0].lower() in _PRONOUN_SUBJECTS | {"that"} or _FINITE.search(" ".join(seg)))


def _quote_words(q: Quote, body: str) -> int:
    """How many words `q.text(body)` has (counted piece by piece: joining the pieces with a space joins no words)."""
    return sum(len(body[a:b].split()) for a, b in q.pieces)


_SPLIT_GAP = re.compile(
    r"\s*,?\s*(?:[^!?;:\"“”‘’«»]|’(?=\w)){1,80}?\b(?:"
    + "|".join(sorted(REPORT_VERBS, key=len, reverse=True))
    + r")\b[^!?;:\"“”«»]{0,80},\s*"
)
_DANGLING = re.compile(
    r"\b(?:is|are|was|were|be|been|being|had|has|have|would|will|could|should|the|a|an|of|to|that|as|called|"
    r"described|and|but)$",
    re.I,
)
_MIN_INDIRECT_WORDS = 4
_MIN_LEFT_WORDS = 6
"""Words reported speech must keep once its quotations are taken out, to say anything of its own."""
_DANGLING_AND = re.compile(r"\s+(?:and|but)$")
_NAMING_BEFORE = re.compile(
    r"\s(?:called|calls|described|describes|termed|terms|dubbed|dubs|denounced|denounces|branded|brands|"
    r"labelled|labeled|hailed|hails|condemned|condemns)\b[^.;:]{0,80}?(?:\s+as)?\s*(?:an?\s+|the\s+)?[\"“‘]?$"
)
"""A verb that names what it quotes: "X called it "a temporary setback"", "described the move as "…""."""
_DASH_SPEAKER = re.compile(r"\s*[—–]\s*([^.;]+)")


def _groups(body: str, quotes: Sequence[Quote]) -> list[tuple[Quote, ...]]:
    """Quotations of one sentence; a quotation split by its attribution ('"…," she said, "…"') is one group."""
    groups: list[tuple[Quote, ...]] = []
    for q in quotes:
        if groups:
            prev = groups[-1][-1]
            if (
                prev.closed
                and body[prev.inner_start : prev.inner_end].rstrip().endswith(",")
                and _SPLIT_GAP.fullmatch(body, prev.end, q.start)
            ):
                groups[-1] = (*groups[-1], q)
                continue
        groups.append((q,))
    return groups


def _group_words(body: str, group: Sequence[Quote]) -> int:
    return sum(_quote_words(q, body) for q in group)


def _indirect(body: str, s0: int, at: _Attr, masked: str, long_quotes: Sequence[Quote]) -> Statement | None:
    if at.speaker is None or at.content is None:
        return None
    a, b = at.content
    if masked[a:b].replace("Q", "").strip(' "“”‘’«»,.') == "":
        return None  # the content is a quotation: direct only
    if any(q.start - s0 <= a + 1 and q.end > s0 + a for q in long_quotes):
        return None  # 'said that "…" but …': the quotation is the statement
    # leave quoted fragments of four words or more (and a parenthetical attribution) out of the reported content
    cuts = sorted(
        [(q.start, q.end) for q in long_quotes if s0 + a <= q.start < s0 + b]
        + ([(s0 + at.skip[0], s0 + at.skip[1])] if at.skip else [])
    )
    parts: list[str] = []
    pos = s0 + a
    for ca, cb in cuts:
        parts.append(body[pos:ca])
        pos = min(cb, s0 + b)
    parts.append(body[pos : s0 + b])
    quote = " ".join(" ".join(parts).replace(" ,", ",").split()).strip(' ,;"“”')
    if quote.endswith(("and", "but")):
        quote = _DANGLING_AND.sub("", quote)
    if len(quote.split()) < _MIN_INDIRECT_WORDS:
        return None
    inside = [q for q in long_quotes if s0 + a <= q.start < s0 + b]
    cut_mid = any(body[q.end : s0 + b].strip(" ,.;") for q in inside)  # (words on both sides of a quotation)
    if inside and (_DANGLING.search(quote) or cut_mid and len(quote.split()) < _MIN_LEFT_WORDS):
        return None  # 'the villages had been "abandoned …"', 'it was "not the right time" to name them': no statement
    return Statement(
        evidence=body[s0 + a : s0 + b],
        start=s0 + a,
        end=s0 + b,
        speaker=at.speaker.name,
        role=at.speaker.role,
        kind="indirect",
        quote=quote,
    )


def extract_statements(article: Article) -> list[Statement]:
    """Every statement of the article."""
    body, sentences, quotes = article.body, article.sentences, article.quotes
    gates = _Gates.of(article.vocabulary)
    # where the reporting verbs and "according" are, once for the whole article: `_attributions` is only called
    # for a sentence that holds one (or ", saying"), and only tries its patterns there
    heads: list[tuple[list[int], list[int]]] = [([], []) for _ in sentences]
    for kind, positions in enumerate(
        (
            article.occurrences(gates.verbs, body, word_start=True),
            article.occurrences(gates.according, article.folded, word_start=True),
        )
    ):
        for p in positions:
            k = article.sentence_at(p)
            if k != -1:
                heads[k][kind].append(p - sentences[k].start)
    saying = article.holding(gates.saying)
    reporting = [bool(v or a) or said or not gating.ENABLED for (v, a), said in zip(heads, saying, strict=True)]
    starts = [q.start for q in quotes]
    spans = _quotes_of(sentences, starts)
    # the last sentence that asks the memory anything: what the ones after it would teach the memory is never asked
    last_asking = len(sentences) - 1
    while last_asking >= 0 and not reporting[last_asking] and spans[last_asking][0] == spans[last_asking][1]:
        last_asking -= 1
    memory = Memory()
    out: list[Statement] = []
    prev_direct: Speaker | None = None
    prev_subject: Speaker | None = None
    prev_para = -1
    prev_ended_colon = False
    pending: list[tuple[int, tuple[Quote, ...]]] = []  # quote-only sentences waiting for the next speaker
    for i, sent in enumerate(sentences):
        s0, s1 = sent.start, sent.end
        text = body[s0:s1]
        q0, q1 = spans[i]
        nxt = sentences[i + 1] if i + 1 < len(sentences) else None
        if sent.paragraph != prev_para and not prev_ended_colon:
            prev_direct = None
            prev_subject = None
            pending = []
        prev_para = sent.paragraph
        ends_colon = text.rstrip().endswith(":")
        if q0 == q1 and not reporting[i]:
            # no quotation and no attribution: the sentence only tells the memory who it is about
            memory.read(text)
            prev_direct = None
            prev_subject = _subject(
                text, nxt, starts, ends_colon or (nxt is not None and nxt.paragraph == prev_para), memory
            )
            if i < last_asking:
                _learn(text, (), None, memory)
            prev_ended_colon = ends_colon
            continue
        in_sent = quotes[q0:q1]
        masked = _mask(text, s0, in_sent)
        memory.read(masked)
        attrs = _attributions(body, sent, masked, memory, gates, *heads[i]) if reporting[i] else []
        long_groups: list[tuple[Quote, ...]] = []
        long_quotes: list[Quote] = []
        quote_only = False
        if in_sent:
            long_groups = [g for g in _groups(body, in_sent) if _group_words(body, g) >= _MIN_QUOTE_WORDS]
            long_quotes = [q for g in long_groups for q in g]
            quote_only = _at_most_one_word(masked.replace("Q", ""))

        # indirect statements
        for at in attrs:
            st = _indirect(body, s0, at, masked, long_quotes)
            if st is not None:
                out.append(st)

        # direct statements
        direct_speaker: Speaker | None = None
        for g in long_groups:
            qa, qb = g[0].start - s0, g[-1].end - s0
            best: _Attr | None = None
            best_d = 10**9
            for at in attrs:
                d = at.vstart - qb if at.vstart >= qb else qa - at.vend if at.vend <= qa else 0
                if d < best_d:
                    best, best_d = at, d
            speaker: Speaker | None = None
            naming = _NAMING_BEFORE.search(masked, 0, qa) if best is None and "QQ" not in masked[:qa] else None
            if best is not None:
                speaker = best.speaker
            elif naming is not None:
                # "Pashinyan called his decision "unspeakably painful"", "the ministry described it as "…""
                namer = _subject_at_start(masked, naming.start(), memory) or (masked[: naming.start()].strip(), 0)
                speaker = parse_speaker(namer[0], memory) if namer[0] else None
            else:
                dash = _DASH_SPEAKER.match(body[g[-1].end : s1])
                colon = body[s0 : g[0].start].rstrip().endswith(":")
                if dash:
                    speaker = parse_speaker(dash.group(1), memory)
                elif colon:
                    subj = _subject_at_start(masked, g[0].start - s0, memory)
                    speaker = parse_speaker(subj[0], memory) if subj else None
                elif quote_only:
                    # the speaker of the quotation before, else the person the sentence before was about
                    speaker = prev_direct or prev_subject
                    if speaker is None:
                        pending.append((len(out), g))
            if speaker is None:
                continue
            direct_speaker = speaker
            out.extend(_directs(body, g, speaker))
        if direct_speaker is not None:
            for idx, g in reversed(pending):
                out[idx:idx] = _directs(body, g, direct_speaker)
            pending = []
            prev_direct = direct_speaker
            memory.remember(direct_speaker)
        elif not quote_only:
            prev_direct = None if not long_quotes else prev_direct
        if ends_colon and not long_quotes:
            # 'President Alma Reyes said:' opens the quotation of the next paragraph
            intro = [at.speaker for at in attrs if at.speaker is not None and at.content is None]
            if intro:
                prev_direct = intro[-1]
        for at in attrs:
            if at.speaker is not None:
                memory.remember(at.speaker)
        prev_subject = None
        if not attrs and not in_sent:
            prev_subject = _subject(
                masked, nxt, starts, ends_colon or (nxt is not None and nxt.paragraph == prev_para), memory
            )
        if i < last_asking:
            _learn(masked, attrs, direct_speaker, memory)
        prev_ended_colon = ends_colon
    if ":" in body or "–" in body or "—" in body or " - " in body:
        out += _headline_statements(body, article.paragraphs, out, memory)
    return _dedupe(_named_later(out, sentences))


def _named_later(out: list[Statement], sentences: Sequence[Sentence]) -> list[Statement]:
    """A speaker known first by the job alone ("…, the UN special envoy said") is the person the next sentence names
    in the same job, or names right after: "Deborah Lyons told the Security Council …" (how wire copy opens)."""
    unnamed = [k for k, st in enumerate(out) if st.role and st.speaker == st.role]
    if not unnamed:
        return out
    starts = [s.start for s in sentences]
    for k in unnamed:
        st = out[k]
        here = bisect_left(starts, st.start + 1) - 1
        head = st.role.split()[-1].lower() if st.role else ""
        for later in out[k + 1 :]:
            if later.speaker == later.role or later.start <= st.end:
                continue
            gap = bisect_left(starts, later.start + 1) - 1 - here
            if gap > 2:
                break
            same_job = later.role is not None and head in later.role.lower().split()
            person = " " in later.speaker and later.speaker.split()[-1].lower() not in ORG_HEADS
            if person and (same_job or (later.role is None and gap == 1)):
                out[k] = st.model_copy(update={"speaker": later.speaker})
                break
    return out


_LABELS = frozenset(
    """live update updates breaking watch video photos analysis explainer exclusive opinion factbox timeline
    key developments latest read more in pictures map maps update correction editor's note infographics
    infographic graphic caption podcast newsletter related""".split()
)
_ORG_NAME = re.compile(
    r"^(?:[A-Z]{2,8}|(?:the\s+)?(?:[A-Z][\w'’-]*\s+){0,4}(?:ministry|army|military|government|police|office|agency|"
    r"command|council|mission|forces|movement|group|Ministry|Army|Military|Government|Police|Office|Agency|Command|"
    r"Council|Mission|Forces|Movement|Group|Kremlin|Pentagon|UN|NATO|ISW))$"
)
"""Who a headline may credit besides a person: a short form (UNRWA, OCHA) or an institution by its head noun."""
_LABEL_LEAD = re.compile(r"^(?:Related|Read|See|Watch|Listen|More|Also|Latest|Live|Breaking|Update)\b", re.I)
_QUESTION_LEAD = re.compile(r"(?:Why|How|What|Who|When|Where|Which|Is|Are|Can|Will|Does|Do)\b")
_HEADLINE_COLON = re.compile(r"^(?P<sp>[^:\n]{2,60}?):\s+(?P<q>\S.{10,})$")
_HEADLINE_TAIL = re.compile(r"^(?P<q>\S.{10,}?)(?::|\s[—–-])\s+(?P<sp>[^:\n—–]{2,50})$")
_MAX_HEADLINE_WORDS = 30


def _headline_statements(
    body: str, paragraphs: Sequence[tuple[int, int]], found: Sequence[Statement], memory: Memory
) -> list[Statement]:
    """Headline attributions: "Zelensky: Ukrainian forces now control 74 settlements", "86 pct of Gaza under
    evacuation orders: UNRWA", "Two LGAs still under Boko Haram control – Zulum".

    Only a paragraph that is one line of headline length without a closing full stop is read so, and only when
    nothing else was found in it.
    """
    out: list[Statement] = []
    for a, b in paragraphs:
        line = body[a:b]
        if "\n" in line or line.rstrip().endswith((".", "?", "!")) or len(line.split()) > _MAX_HEADLINE_WORDS:
            continue
        if any(a <= st.start < b for st in found):
            continue
        for rx, first in ((_HEADLINE_COLON, True), (_HEADLINE_TAIL, False)):
            m = rx.match(line)
            if m is None:
                continue
            np_text = m.group("sp").strip()
            if set(np_text.lower().strip(" |").split()) <= _LABELS or np_text[:1].isdigit() or len(np_text.split()) > 6:
                continue
            if first and not np_text[:1].isupper():
                continue
            if "[" in line or "(" in np_text or (" " in np_text and np_text.isupper()) or _LABEL_LEAD.match(line):
                continue  # a caption, a credit, "READ MORE:"
            if _QUESTION_LEAD.match(line, m.start("q")):
                continue  # "Why Borno shut down the camps – Zulum": a title, not what he said
            sp = parse_speaker(np_text, memory)
            named = len(np_text.split()) <= 3 and all(w[:1].isupper() for w in np_text.split())
            # (before a colon, a person's name and a place's look alike, "Burkina Faso:", "C. Africa:": only the
            # look of an institution is taken there; after a dash, a name is taken)
            if sp is None or not (_ORG_NAME.match(np_text) or (not first and (sp.person or named))):
                continue
            qa, qb = m.start("q"), m.end("q")
            quote_text = line[qa:qb].strip()
            direct = quote_text[:1] in '"“‘' and quote_text[-1:] in '"”’'
            if direct:
                qa, qb = qa + 1, qb - 1
            if len(line[qa:qb].split()) < _MIN_INDIRECT_WORDS:
                continue
            out.append(
                Statement(
                    evidence=line[qa:qb],
                    start=a + qa,
                    end=a + qb,
                    speaker=sp.name,
                    role=sp.role,
                    kind="direct" if direct else "indirect",
                    quote=" ".join(line[qa:qb].split()),
                )
            )
            break
    return out


def _quotes_of(sentences: Sequence[Sentence], starts: Sequence[int]) -> list[tuple[int, int]]:
    """For each sentence, the range of the quotations (by index; `starts` are their offsets, in order) that start
    in it: `bisect_left(starts, sentence.start)` to `bisect_left(starts, sentence.end)`."""
    if not starts:
        return [(0, 0)] * len(sentences)
    spans: list[tuple[int, int]] = []
    k = 0
    for s0, s1, _ in sentences:
        while k < len(starts) and starts[k] < s0:
            k += 1
        first = k
        while k < len(starts) and starts[k] < s1:
            k += 1
        spans.append((first, k))
    return spans


def _subject(masked: str, nxt: Sentence | None, starts: Sequence[int], goes_on: bool, memory: Memory) -> Speaker | None:
    """The person a sentence without attributions or quotations is about, when the next sentence (which `goes_on`
    from it) opens a quotation: its speaker, unless someone else is named."""
    # (only a quotation that opens the next sentence asks)
    if nxt is None or not _quoted(nxt, starts, goes_on):
        return None
    subj = _subject_at_start(masked, len(masked), memory)
    sp = parse_speaker(subj[0], memory) if subj else None
    return sp if sp is not None and sp.person else None


def _learn(masked: str, attrs: Sequence[_Attr], direct_speaker: Speaker | None, memory: Memory) -> None:
    """Teach the memory the person a sentence that quotes or reports no one is about (its first name outside
    quotations, with the job written beside it): who "he" and "she" stand for next. The sentence is kept for
    the other people it names ("Biden met Volodymyr Zelensky" lets "Zelensky said" be resolved later), and
    for the organization "it" may stand for next."""
    person = direct_speaker is not None
    for at in attrs:
        if at.speaker is not None:
            person = True  # (a sentence that reports someone is about what they said, not about whom it names)
            if not at.speaker.person:
                memory.reported(at.speaker)
    if person:
        return
    found = memory.names(masked)
    if found:
        memory.remember(_named(masked, found[0], memory))


_NP_DETERMINERS = frozenset({"the", "a", "an", "its", "his", "her", "their", "our"})
_NP_PREPOSITIONS = frozenset({"of", "for", "to", "at", "in", "on"})
"""Prepositions inside a job's name ("head of the UN mission", "envoy to the United Nations"): a determiner after
one does not start the noun phrase ("visited by the regional governor" does)."""


def _named(masked: str, nm: Name, memory: Memory) -> Speaker:
    """The person of a name found in a sentence: resolved when only a surname follows a courtesy title ("Ms.
    Lyons"), with their title or the job in apposition ("the UN envoy, Deborah Lyons,") as role."""
    role = nm.title
    if role and role.lower().rstrip(".") in HONORIFICS:
        role = None
    name = nm.name
    known = memory.people.get(name.split()[-1].lower())
    if " " not in name:
        known = memory.lookup(name)
        if known is not None:
            name = known.name
    if role is None:
        role = _apposition_role(masked, nm, memory)
    if role is None and known is not None and known.name == name:
        role = known.role
    return Speaker(name, role, True)


def _apposition_role(masked: str, nm: Name, memory: Memory) -> str | None:
    """The job written in apposition to a name that fills its comma segment: "the UN envoy, Deborah Lyons," or
    "Deborah Lyons, the UN envoy,"."""
    a = masked.rfind(",", 0, nm.start)
    b = masked.find(",", nm.end)
    if masked[a + 1 : nm.start].strip() or masked[nm.end : b if b != -1 else len(masked)].strip(" .;:!?"):
        return None
    if b != -1:
        c = masked.find(",", b + 1)
        after = masked[b + 1 : c if c != -1 else len(masked)].strip(" .;:!?")
        words = after.split()
        if words and words[0].lower() in {"the", "a", "an"} and memory.role_like(after):
            return _job(words)
    if a != -1:
        before = masked[masked.rfind(",", 0, a) + 1 : a].split()
        # the noun phrase that ends the segment: from its last determiner that does not follow a preposition
        heads = [i for i, w in enumerate(before) if w.lower() in _NP_DETERMINERS]
        heads = [i for i in heads if i == 0 or before[i - 1].lower() not in _NP_PREPOSITIONS]
        words = before[heads[-1] :] if heads else before
        if words and len(words) <= 10 and memory.role_like(" ".join(words)):
            return _job(words)
    return None


def _job(words: list[str]) -> str | None:
    while words and words[0].lower() in _NP_DETERMINERS:
        words = words[1:]
    return " ".join(words) or None


def _quoted(sent: Sentence, starts: Sequence[int], goes_on: bool) -> bool:
    """Whether a quotation starts in `sent`, the sentence that `goes_on` from the one before (same paragraph)."""
    return goes_on and bisect_left(starts, sent.start) < bisect_left(starts, sent.end)


def _directs(body: str, group: Sequence[Quote], speaker: Speaker) -> list[Statement]:
    """The statements of one quotation: one per paragraph when it runs through several (each paragraph of a long
    quotation is a quote of its own, as a reader cites it)."""
    if len(group) == 1 and len(group[0].pieces) > 1:
        q = group[0]
        out = []
        for k, piece in enumerate(q.pieces):
            end = piece[1]
            while end > piece[0] and body[end - 1] in " \n.":
                end -= 1  # (its closing full stop is not part of the quote)
            part = Quote(q.start if k == 0 else piece[0] - 1, end, ((piece[0], end),), True)
            if len(body[piece[0] : piece[1]].split()) >= _MIN_QUOTE_WORDS:
                out.append(_direct(body, (part,), speaker))
        return out
    return [_direct(body, group, speaker)]


def _direct(body: str, group: Sequence[Quote], speaker: Speaker) -> Statement:
    a, b = group[0].inner_start, group[-1].inner_end
    while b > a and body[b - 1] in " ,\n":
        b -= 1

    # (the words of `q.text(body)` of each quotation, one space between)
    quote = " ".join(" ".join(body[a:b] for q in group for a, b in q.pieces).split()).rstrip(" ,")
    return Statement(
        evidence=body[a:b],
        start=a,
        end=b,
        speaker=speaker.name,
        role=speaker.role,
        kind="direct",
        quote=quote,
    )


def _dedupe(items: list[Statement]) -> list[Statement]:
    seen: set[tuple[str, str, int]] = set()
    out: list[Statement] = []
    for st in items:
        key = (st.kind, st.speaker, st.start)
        if key in seen:
            continue
        seen.add(key)
        out.append(st)
    return out
