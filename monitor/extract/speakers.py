"""Turn the noun phrase in an attribution into a speaker and a role.

"the United Nations envoy for Afghanistan, Deborah Lyons" → ("Deborah Lyons",
"United Nations envoy for Afghanistan"); "Ministry spokesman Fawad Aman" →
("Fawad Aman", "Ministry spokesman"); "independent monitors at the Varn
Observatory" → ("Varn Observatory", "independent monitors"); "he" → the last
person named; "Ms. Lyons", "Zelensky" → the person named in full before;
"it", "the group" → the organization the text was just about. Someone unnamed
speaking for a named organization is a speaker, the phrase as written ("a
government spokesman", "Sudan's army chief", "a ministry official"); anonymous
phrases ("officials", "an Egyptian official", "an officer who asked not to be
named", "residents of the town") give None.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .actors import actor_candidates, is_generic
from .gates import fold, has_any
from .lexicon import (
    ANONYMITY,
    ANONYMOUS_HEADS,
    ARABIC_ARTICLE,
    DATELINE,
    DETERMINERS,
    GROUP_NOUNS,
    HONORIFICS,
    NON_PERSON_WORDS,
    ORG_HEADS,
    ROLE_NOUNS,
    TITLE_WORDS,
    Name,
    find_names,
)

__all__ = ["Memory", "Speaker", "parse_speaker", "role_like"]


class Speaker(NamedTuple):
    name: str
    role: str | None
    person: bool


class Memory:
    """People named so far in the article, for "he said" and "Lyons said".

    It also keeps what it found in each phrase of the article read so far (its names, whether it names a
    job): the rules look at the same phrase (a speaker, an apposition) several times, and `find_names` and
    `role_like` are the costliest steps of each look.
    """

    __slots__ = ("people", "last", "orgs", "_names", "_roles", "_read", "_reported", "_openers")

    def __init__(self) -> None:
        self.people: dict[str, Speaker] = {}
        self.last: Speaker | None = None
        self.orgs: dict[str, Speaker] = {}
        """Organizations quoted or reported so far, by the last word of their name: "the tracker said" after "the
        Sahel Conflict Tracker said" is the same body."""
        self._names: dict[str, list[Name]] = {}
        self._roles: dict[str, bool] = {}
        self._read: list[str] = []
        """The sentences read so far: searched for a name only when one is asked for ("Zelensky said" after
        "Biden met Volodymyr Zelensky"), as most never are, and for the organization "it" stands for."""
        self._reported: dict[int, Speaker] = {}
        """The organization each sentence (by its index in `_read`) quoted or reported last, if any."""
        self._openers: dict[int, Speaker | None] = {}
        """The group each sentence opens with, once asked for (see `_opener`)."""

    def names(self, text: str) -> list[Name]:
        """`find_names(text)`, computed once per phrase; the list is shared, so callers must not change it.

        Spaces around a phrase change nothing but the offsets ("Mara Stein" and " Mara Stein, " are one).
        """
        key = text.strip()
        found = self._names.get(key)
        if found is None:
            found = find_names(key)
            if "QQ" in key:  # (quoted words masked as Q's are no one's name: see statements._mask)
                found = [nm for nm in found if not _MASKED_NAME.fullmatch(nm.name)]
            self._names[key] = found
        lead = text.find(key) if found and key else 0
        return [Name(nm.name, nm.title, nm.start + lead, nm.end + lead) for nm in found] if lead else found

    def role_like(self, text: str) -> bool:
        """`role_like(text)`, computed once per phrase (spaces around it change nothing)."""
        key = text.strip()
        found = self._roles.get(key)
        if found is None:
            found = self._roles[key] = role_like(key)
        return found

    def remember(self, sp: Speaker) -> None:
        if not sp.person:
            self.orgs[sp.name.split()[-1].lower()] = sp
            return
        key = sp.name.split()[-1].lower()
        old = self.people.get(key)
        if old and old.name.endswith(sp.name) and sp.role is None:
            sp = old
        elif old and sp.role is None and old.name == sp.name:
            sp = old
        self.people[key] = sp
        self.last = sp

    def read(self, text: str) -> None:
        """Start reading a sentence (its text with the quotations masked)."""
        self._read.append(text)

    def reported(self, sp: Speaker) -> None:
        """The sentence being read quoted or reported this organization (see `organization`)."""
        self._reported[len(self._read) - 1] = sp

    def organization(self) -> Speaker | None:
        """The organization "it" (or "the group") stands for: the group the sentence opens with ("The Arakan
        Army has seized …, according to the group"), else the group the sentence before opens with ("The RSF,
        which …, controls most of Darfur. It said …"), else the organization that one quoted or reported ("The
        ministry said … It added …"); else the same in the sentence before that."""
        for k in range(len(self._read) - 1, max(-1, len(self._read) - 4), -1):
            if k not in self._openers:
                self._openers[k] = _opener(self._read[k])
            found = self._openers[k] or self._reported.get(k)
            if found is not None:
                return found
        return None

    def publisher(self) -> Speaker | None:
        """The body "the report" or "the statement" is from: the organization last quoted or reported (within a few
        article), if any."""
        for k in range(len(self._read) - 1, -1, -1):
            found = self._reported.get(k)
            if found is not None:
                return found
        return None

    def lookup(self, word: str) -> Speaker | None:
        """The person met so far whose surname is `word`, else whose name holds it ("Tedros" → Tedros Adhanom
        Ghebreyesus), else the person of that name in a sentence read in passing ("Biden met Volodymyr
        Zelensky"), the latest first."""
        found = self.people.get(word.lower())
        if found is not None:
            return found
        for sp in reversed(self.people.values()):
            if sp.person and (word in sp.name.split() or any(w.endswith("-" + word) for w in sp.name.split())):
                return sp  # ("Kenani" is Talib Shaghati al-Kenani)
        for text in reversed(self._read[:-1]):  # (the sentence being read names no one before)
            if word not in text:
                continue
            for nm in self.names(text):
                if " " in nm.name and word in nm.name.split():
                    role = nm.title if nm.title and nm.title.lower().rstrip(".") not in HONORIFICS else None
                    return Speaker(nm.name, role, True)
        return None

    def by_role(self, noun: str, modifier: str | None = None) -> Speaker | None:
        """The person last mentioned whose role or title has this word ("the general" → General Samir Haddou),
        and the word before it when there is one ("the army spokesman" is not the Taliban spokesman)."""
        candidates = ([self.last] if self.last else []) + list(reversed(self.people.values()))
        for sp in candidates:
            if not sp.role:
                continue
            words = {w.lower().rstrip(".,") for w in sp.role.replace("’", "'").replace("'s ", " ").split()}
            if noun in words and (modifier is None or modifier in words):
                return sp
        return None


def _opener(text: str) -> Speaker | None:
    """The group a sentence opens with ("The RSF, which …", "Sudan's army said"), its dateline aside."""
    opening = DATELINE.sub("", text, count=1) if text[:1].isupper() else text
    for pos, name in actor_candidates(opening[:60]):
        if pos < 12 and name.split()[0] not in NON_PERSON_WORDS:
            return Speaker(name, None, False)
    return None


_OFFICE_OF = re.compile(
    r"^(?:the\s+)?(?:[A-Z][\w’'.-]*\s+){1,5}?[\w’'.-]+['’]s\s+(?:office|cabinet|administration|campaign|government)$"
)
_ONE_OF = re.compile(
    r"^(?:one|two|some|several|a\s+few)\s+of\s+(?:its|their|the\s+group['’]s)\s+(?:commanders|fighters|officials|leaders|"
    r"spokesmen|spokespeople|members|officers|representatives)$",
    re.I,
)
_CALENDAR_WORDS = frozenset(
    "january february march april may june july august september october november december monday tuesday wednesday "
    "thursday friday saturday sunday".split()
)
_OFFICIALS_OF = re.compile(
    r"^(?:(?:senior|top|high-ranking|two|three|several)\s+)?(?P<org>[A-Z][\w’'-]+(?:\s+(?:[A-Z][\w’'-]+|of|for)){0,4})"
    r"\s+(?:officials|authorities)$"
)
_QUALIFIED_OFFICIALS = re.compile(
    r"^(?:provincial|district|local|regional|state|government|military|army|police|municipal|city|"
    r"[A-Z][\w’'-]+)(?:\s+[a-z]+)?\s+(?:officials|authorities)$"
)
_ORG_OF = re.compile(
    r"^(?P<role>(?:[\w’'-]+\s+){0,3}?(?:[a-z]+|[A-Z][a-z]+))\s+(?:at|of|from|with)\s+(?:the\s+)?(?P<org>[A-Z][\w’'-]*(?:\s+(?:[A-Z][\w’'-]*|of|for|and|on))*)$"
)
_SPOKES_FOR = re.compile(
    r"^(?:(?:a|an|the)\s+)?(?:senior\s+|chief\s+|deputy\s+)?(?:spokesman|spokeswoman|spokesperson|representative|"
    r"official|officer|commander|member)\s+(?:for|of|from|with)\s+(?:the\s+)?\S",
    re.I,
)
_PP_TAIL = re.compile(r"\s+(?:in|on|near|across|from|around|throughout)\s+(?:the\s+)?[a-z][\w\s]*$")
_PP_WORDS = (" in ", " on ", " near ", " across ", " from ", " around ", " throughout ")
"""`_PP_TAIL` and `_ORG_OF` read a text `_clean` has left with single spaces: they need one of these words."""
_MODIFIED_GROUP = re.compile(r"^(?P<mod>[\w’'-]+(?:\s+[\w’'-]+)?)\s+(?P<head>[a-z]+)$")
_THE_ROLE = re.compile(r"the\s+(?:([a-z-]+)\s+)?([a-z]+)")
"""'the general', 'the foreign minister': a person met before, named by their job."""
_QUANTIFIERS = frozenset("some many several two three four five few other local two dozen all most".split())


_ORG_ROLE_HEADS = frozenset(
    """spokesman spokeswoman spokesperson representative official chief head leader commander negotiator envoy
    delegate ambassador minister president governor mayor secretary director chairman chairwoman coordinator
    commissioner rapporteur prosecutor secretary-general source""".split()
)
"""Jobs whose holder speaks for the organization named before them ("a Hamas official", "the army chief")."""
_NOT_FOR_ANYONE = frozenset(
    """residents resident witnesses witness villagers locals people survivors refugees eyewitnesses sources source
    medics doctors nurses""".split()
)
"""People who speak for no one, wherever they are ("residents of Sennar", "sources at the ministry")."""
_DOCUMENTS = frozenset(
    """estimates estimate figures data statistics numbers report reports tally tallies assessment assessments
    survey surveys study studies map maps images imagery analysis findings""".split()
)
"""What a text or a count says is its maker's ("a tally by the Lanor Watch group" is read before), never its own."""
_PUBLISHED = _DOCUMENTS | {"statement", "communique", "communiqué", "bulletin", "release", "update", "document"}
"""What "the … said" can name that speaks for the body that published it ("the report said")."""
_MEMBER_HEADS = frozenset({"official", "commander"})
"""Jobs that many hold: "an Egyptian official" is anyone, "a ministry official" or "a Hamas official" is not."""
_COUNTRY_ACRONYMS = frozenset({"US", "U.S.", "UK", "U.K.", "USA", "UAE"})
_ROLE_MODIFIERS = frozenset(
    "senior top chief deputy acting main lead special personal permanent resident new former".split()
)
_ORG_ADJECTIVES = frozenset(
    "rebel rebels militia insurgent separatist opposition paramilitary jihadist government military security".split()
)
_POSSESSIVE = re.compile(r"(?:'s|’s|s'|s’)$")


def _org_qualified(words: list[str], member: bool) -> bool:
    """Whether the words before a job name an organization: "Taliban", "government", "Sudan's army",
    "the ministry's", "Chinese foreign ministry" (words such as "senior" aside), not a place ("local",
    "Western") or nothing at all.

    For a job that many hold (`member`) the organization itself must be named ("army", "RSF", "Egyptian foreign
    ministry"): an adjective of nationality alone ("an Egyptian official") names no one."""
    quals = [w for w in words if w.lower() not in _ROLE_MODIFIERS and not (w.islower() and w in TITLE_WORDS)]
    if not quals or len(quals) > 4:
        return False
    body = False  # an organization itself is named: "ministry", "RSF", "Sudan's", "rebel"
    for i, w in enumerate(quals):
        stem = _POSSESSIVE.sub("", w)
        low = stem.lower()
        if low in ORG_HEADS or low in _ORG_ADJECTIVES or low in GROUP_NOUNS or stem != w:
            body = True  # an institution ("ministry"), a kind of group ("rebel"), an owner ("Sudan's")
        elif not stem[:1].isupper():
            if not any(q.lower() in ORG_HEADS for q in quals[i + 1 :]):
                return False  # "local"; but "foreign ministry", "health ministry"
        elif stem in NON_PERSON_WORDS:
            return False  # "Western", "The"
        elif len(stem) >= 2 and stem.replace(".", "").isupper() and stem not in _COUNTRY_ACRONYMS:
            body = True  # an acronym ("RSF", "UN"), not a country's ("US")
        else:
            body = body or not member  # a name ("Taliban"), or an adjective of nationality ("Egyptian")
    return body


_QUOTE_MARKS = re.compile(r"(?:[\"“”‘«»]|’(?!\w)(?<!s’(?=\s)))+")
"""Quotation marks; a typographic apostrophe ("FDD’s", "the rebels’ council") is no quotation mark and stays."""
_PLAIN_QUOTE_MARKS = re.compile(r"[\"“”‘«»]+")
"""`_QUOTE_MARKS` for text without ’ (the same marks, found faster)."""
_ANONYMITY_GATE = ("named", "identified", "anonym", "authori", "background")
"""A word of every `ANONYMITY` alternative ("not to be named", "speaking anonymously", "requested anonymity")."""


_LEAD_TIME = re.compile(
    r"^(?:\d{1,2}[:.]\d{2}(?:\s*(?:GMT|UTC|ET|local\s+time))?\s*[—–-]?\s*|"
    r"(?:(?:On|on|Late|late|Early|early|Earlier|earlier|Later|later)\s+)?(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|"
    r"Friday|Saturday|Sunday|Yesterday|yesterday|Today|today)(?:\s+(?:morning|afternoon|evening|night))?,?\s+|"
    r"(?:Meanwhile|meanwhile|However|Separately|Elsewhere|Later|Earlier),?\s+)+"
)
"""What opens a sentence before its subject: a live blog's time stamp, a day, a linking adverb."""
_ORG_PP = re.compile(
    r"^(?P<org>.*\b(?:office|ministry|agency|mission|command|council|group|authority|staff))\s+"
    r"(?:in|of\s+the\s+\w+\s+in)\s+[A-Z][\w\s-]*$"
)


def _clean(text: str) -> str:
    if not text.isascii() or '"' in text:  # (ASCII text without a double quote holds no quotation mark)
        text = (_QUOTE_MARKS if "’" in text else _PLAIN_QUOTE_MARKS).sub(" ", text)
    text = " ".join(text.split())
    text = text.strip(" ,;:.—–-")
    lead = _LEAD_TIME.match(text)
    if lead and lead.end() < len(text):
        text = text[lead.end() :]  # "On Tuesday the army", "12:40 Hamas"
    org = _ORG_PP.match(text) if " in " in text else None
    return org.group("org") if org else text  # "the government media office in Gaza"


def _strip_det(text: str) -> str:
    if not text:
        return text
    toks = text.split()
    while toks and toks[0].lower() in DETERMINERS:
        toks = toks[1:]
    return " ".join(toks)


_JOB_WORDS = ROLE_NOUNS | TITLE_WORDS
_NOT_IN_A_JOB = frozenset({"who", "which", "that", "said", "says", "told"})


def role_like(text: str) -> bool:
    """A short noun phrase naming a job: "a member of the Kunduz provincial council"."""
    low = _clean(text).lower()
    words = low.split()
    if not words or len(words) > 12:
        return False
    if "." in low or "," in low:
        words = [w.strip(".,") for w in words]
    if not _NOT_IN_A_JOB.isdisjoint(words):
        return False
    if not _JOB_WORDS.isdisjoint(words):
        return True
    # ("Under-Secretary-General", "Vice-President")
    return "-" in low and any("-" in w and not _JOB_WORDS.isdisjoint(w.split("-")) for w in words)


def _person(part: str, memory: Memory) -> Speaker | None:
    names = memory.names(part)
    if names:
        nm = names[-1]
        tail = part[nm.end :].strip(" ,.")
        if len(tail.split()) > 2:
            nm = names[0]
        before = _strip_det(part[: nm.start].strip(" ,"))
        role = nm.title
        if before and memory.role_like(before) and (role is None or role in before):
            role = before
        if role:
            role = _strip_det(role)
        if role and role.lower().rstrip(".") in HONORIFICS:
            role = None  # an honorific, not a job
        single = " " not in nm.name
        remembered = memory.lookup(nm.name) if single else memory.people.get(nm.name.split()[-1].lower())
        if remembered and single and remembered.person:
            # "Ms. Lyons", "Dr. Tedros": the person named in full earlier
            return Speaker(remembered.name, role or remembered.role, True)
        if role is None and remembered and remembered.name == nm.name:
            role = remembered.role
        return Speaker(nm.name, role or None, True)
    return None


def _one_word_speaker(word: str, memory: Memory) -> Speaker | None:
    """`parse_speaker` of one lower-case word ("officials said", "he said", "the army said"), the rules below
    in the same order without the ones that need a capital or a second word."""
    if word in {"he", "she"}:
        return memory.last
    if word == "it":
        return memory.organization()
    if word in {"they", "we", "i", "you", "one"} or word in DETERMINERS:
        return None
    if word in {"officials", "authorities"}:
        return None
    if word in ANONYMOUS_HEADS and word not in GROUP_NOUNS:
        return None
    if word in ORG_HEADS:
        return memory.orgs.get(word) or Speaker(word, None, False)
    return None


def parse_speaker(np: str, memory: Memory) -> Speaker | None:
    if has_any(fold(np), _ANONYMITY_GATE) and ANONYMITY.search(np):
        return None
    if "QQ" in np:
        # quoted words are masked as Q's before attributions are read (see statements._mask): a speaker is never
        # inside a quotation, so what is left after the last masked word is all there is of it
        np = _MASKED_RUN.split(np)[-1]
        if not np.strip(' ,;:"“”‘’«»'):
            return None
    if np[:1] in _BULLETS or np.lstrip()[:1] in _BULLETS:
        np = np.lstrip().lstrip("".join(_BULLETS)).lstrip()  # "• The UN says …": a list's bullet
    word = np.strip()
    if word.isalpha() and word.islower():
        return _one_word_speaker(word, memory)  # ("officials", "he": what `_clean` would leave of it)
    text = _clean(np)
    if not text or text.count(" ") >= 16:  # (more than 16 words: `_clean` leaves one space between words)
        return None
    if text.isalpha() and text.islower():
        return _one_word_speaker(text, memory)
    low = text.lower()
    if low in {"he", "she"}:
        return memory.last
    if low == "it":
        return memory.organization()
    if low in {"they", "we", "i", "you", "one"}:
        return None
    if low.startswith("the ") and low.split()[-1] in _PUBLISHED and len(low.split()) <= 3:
        # "the report said": the body that published it, the one last quoted or reported
        return memory.publisher()
    member = _ONE_OF.match(text)
    if member:
        # "one of its commanders told North Press": someone speaking for the group named before
        org = memory.organization()
        return Speaker(org.name, text, False) if org is not None else None
    if _OFFICE_OF.match(text):
        return Speaker(_strip_det(text), None, False)  # "Prime Minister Benjamin Netanyahu's office said"
    if low.startswith("the "):
        by_role = _THE_ROLE.fullmatch(low)
        if by_role and (by_role.group(2) in ROLE_NOUNS or by_role.group(2) in TITLE_WORDS):
            known = memory.by_role(by_role.group(2), by_role.group(1))
            if known is not None:
                return known
        if is_generic(low):
            # "the group said", "the rebel alliance said": the organization named before, when there is one
            known = memory.organization()
            if known is not None:
                return known
    if "," in text:
        parts = [p.strip() for p in text.split(",") if p.strip()]
        if len(parts) >= 2:
            # apposition: a role and a name in either order; a relative clause after a name
            name_part = next((p for p in parts[:3] if memory.names(p)), None)
            if name_part is not None:
                sp = _person(name_part, memory)
                role_part = next((p for p in parts[:3] if p is not name_part and memory.role_like(p)), None)
                if sp is not None:
                    role = _strip_det(role_part) if role_part else sp.role
                    return Speaker(sp.name, role, True)
            if parts[1].split()[0].lower() in {"who", "which", "whose"}:
                return parse_speaker(parts[0], memory)
            text = parts[-1] if memory.role_like(parts[0]) and not memory.role_like(parts[-1]) else parts[0]
    sp = _person(text, memory)
    if sp is not None:
        return sp
    toks = text.split()
    first = toks[0].lower()
    if first in DETERMINERS and len(toks) > 1:
        first = toks[1].lower()
    if first in _NOT_FOR_ANYONE or first in _DOCUMENTS:
        return None  # "residents of Sennar", "sources at the ministry", "estimates shared with her office"
    # "Lyons said": a surname met before
    if len(toks) == 1 and toks[0][0].isupper():
        known = memory.lookup(toks[0])
        if known:
            return known
    # "independent monitors at the Varn Observatory"
    m = _ORG_OF.match(_strip_det(text)) if any(w in text for w in (" at ", " of ", " from ", " with ")) else None
    if m and m.group("org").split()[-1] not in {"Friday", "Monday"}:
        role = m.group("role")
        head = role.split()[-1].lower()
        if head in ANONYMOUS_HEADS or head in ROLE_NOUNS or head in GROUP_NOUNS:
            if _SPOKES_FOR.match(text):
                return Speaker(text, _strip_det(text), False)
            return Speaker(m.group("org"), role, False)
    if _SPOKES_FOR.match(text):
        return Speaker(text, _strip_det(text), False)
    if any(w in text for w in _PP_WORDS):
        text = _PP_TAIL.sub("", text)
    core = _strip_det(text)
    if not core:
        return None
    ctoks = core.split()
    head = ctoks[-1].lower().rstrip(".")
    if head in {"officials", "authorities"}:
        if _QUALIFIED_OFFICIALS.match(core) and ctoks[0].lower() not in _QUANTIFIERS and not text[0].isupper():
            return Speaker(core, None, False)
        if _QUALIFIED_OFFICIALS.match(core) and ctoks[0][0].isupper() and ctoks[0] not in NON_PERSON_WORDS:
            return Speaker(core, None, False)
        officials_of = _OFFICIALS_OF.match(core)
        if officials_of and officials_of.group("org").split()[0].lower() not in _CALENDAR_WORDS:
            return Speaker(officials_of.group("org"), core, False)  # "senior United Nations officials": the UN
        return None
    if head in _ORG_ROLE_HEADS and _org_qualified(ctoks[:-1], head in _MEMBER_HEADS):
        # "a Taliban spokesman", "a government spokesman", "Sudan's army chief": someone speaking for an organization
        return Speaker(core, core, True)
    if head in ANONYMOUS_HEADS and head not in GROUP_NOUNS:
        return None
    if head in {"soldiers", "troops", "fighters"}:
        return None  # "Israeli soldiers", "five Israeli soldiers who served there": people, no one's voice
    if head in GROUP_NOUNS:
        m2 = _MODIFIED_GROUP.match(core)
        if m2 and m2.group("mod").split()[0].lower() not in _QUANTIFIERS:
            return Speaker(core, None, False)
        if head in ORG_HEADS:
            return Speaker(core, None, False)
        return None
    if head in ORG_HEADS:
        known = memory.orgs.get(head) if len(ctoks) == 1 else None
        if known is not None:
            return known  # "according to the tracker": the Sahel Conflict Tracker named before
        return Speaker(core, None, False)
    lead = 0
    while lead < len(ctoks) - 1 and ctoks[lead].islower() and ctoks[lead] not in {"of", "for", "and", "on"}:
        lead += 1  # "the opposition Unity Bloc": a description, then the name
    named = ctoks[lead:]
    if _capital(named[0]) and all(_capital(t) or t in {"of", "for", "and", "on", "al", "de", "du"} for t in named):
        if len(named) == 1 and named[0] in NON_PERSON_WORDS:
            return None
        if lead and ctoks[lead - 1].lower() in ORG_HEADS:
            return Speaker(" ".join(named), " ".join(ctoks[:lead]), False)  # "the state news agency Sonna"
        if lead and len(named) == 1 and not named[0].isupper():
            return None  # "the visiting Blinken": a person, not an organization
        return Speaker(" ".join(named) if lead else core, None, False)
    if ctoks[0].lower() in {"ministry", "department", "office"} and 3 <= len(ctoks) <= 6 and ctoks[1] in {"of", "for"}:
        return Speaker(core, None, False)  # "the ministry of Defence"
    return None


_ARABIC_ARTICLE = re.compile(rf"^{ARABIC_ARTICLE}(?=[A-Z])")


_BULLETS = frozenset("•·*▪►–—->")
_MASKED_NAME = re.compile(r"Q+(?:[\s.'’-]+Q+)*")
_MASKED_RUN = re.compile(r"\bQ{2,}\b(?:[\s,.;:!?\"“”‘’«»]*\bQ+\b)*[\s,.;:!?\"“”‘’«»]*")


def _capital(word: str) -> bool:
    """A capitalized word, "al-Shabab" and "el-Sisi" included."""
    return word[:1].isupper() or bool(_ARABIC_ARTICLE.match(word))
