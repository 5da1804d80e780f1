"""Turn the noun phrase in an attribution into a speaker and a role.

"the United Nations envoy for Afghanistan, Deborah Lyons" → ("Deborah Lyons",
"United Nations envoy for Afghanistan"); "Ministry spokesman Fawad Aman" →
("Fawad Aman", "Ministry spokesman"); "independent monitors at the Varn
Observatory" → ("Varn Observatory", "independent monitors"); "he" → the last
person named. Anonymous phrases ("officials", "an officer who asked not to be
named", "residents") give None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from .gates import fold, has_any
from .lexicon import (
    ANONYMITY,
    ANONYMOUS_HEADS,
    DETERMINERS,
    GROUP_NOUNS,
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


@dataclass
class Memory:
    """People named so far in the article, for "he said" and "Lyons said".

    It also keeps what it found in each phrase of the article read so far (its names, whether it names a
    job): the rules look at the same phrase (a speaker, an apposition) several times, and `find_names` and
    `role_like` are the costliest steps of each look.
    """

    people: dict[str, Speaker] = field(default_factory=dict)
    last: Speaker | None = None
    _names: dict[str, list[Name]] = field(default_factory=dict)
    _roles: dict[str, bool] = field(default_factory=dict)

    def names(self, text: str) -> list[Name]:
        """`find_names(text)`, computed once per phrase; the list is shared, so callers must not change it.

        Spaces around a phrase change nothing but the offsets ("Mara Stein" and " Mara Stein, " are one).
        """
        key = text.strip()
        found = self._names.get(key)
        if found is None:
            found = self._names[key] = find_names(key)
        lead = text.find(key) if found and key else 0
        return [nm._replace(start=nm.start + lead, end=nm.end + lead) for nm in found] if lead else found

    def role_like(self, text: str) -> bool:
        """`role_like(text)`, computed once per phrase (spaces around it change nothing)."""
        key = text.strip()
        found = self._roles.get(key)
        if found is None:
            found = self._roles[key] = role_like(key)
        return found

    def remember(self, sp: Speaker) -> None:
        if not sp.person:
            return
        key = sp.name.split()[-1].lower()
        old = self.people.get(key)
        if old and old.name.endswith(sp.name) and sp.role is None:
            sp = old
        elif old and sp.role is None and old.name == sp.name:
            sp = old
        self.people[key] = sp
        self.last = sp

    def lookup(self, surname: str) -> Speaker | None:
        return self.people.get(surname.lower())

    def by_role(self, noun: str) -> Speaker | None:
        """The person last mentioned whose role or title has this word ("the general" → General Samir Haddou)."""
        candidates = ([self.last] if self.last else []) + list(reversed(self.people.values()))
        for sp in candidates:
            if sp.role and noun in (w.lower().rstrip(".") for w in sp.role.split()):
                return sp
        return None


_QUALIFIED_OFFICIALS = re.compile(
    r"^(?:provincial|district|local|regional|state|government|military|army|police|municipal|city|"
    r"[A-Z][\w’'-]+)(?:\s+[a-z]+)?\s+(?:officials|authorities)$"
)
_ORG_OF = re.compile(
    r"^(?P<role>(?:[\w’'-]+\s+){0,3}?(?:[a-z]+))\s+(?:at|of|from|with)\s+(?:the\s+)?(?P<org>[A-Z][\w’'-]*(?:\s+(?:[A-Z][\w’'-]*|of|for|and|on))*)$"
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
_THE_ROLE = re.compile(r"the\s+(?:[a-z-]+\s+)?([a-z]+)")
"""'the general', 'the foreign minister': a person met before, named by their job."""
_QUANTIFIERS = frozenset("some many several two three four five few other local two dozen all most".split())


_QUOTE_MARKS = re.compile(r"[\"“”‘’«»]+")
_ANONYMITY_GATE = ("named", "identified", "anonym")
"""A word of every `ANONYMITY` alternative ("not to be named", "speaking anonymously", "requested anonymity")."""


def _clean(text: str) -> str:
    if not text.isascii() or '"' in text:  # (ASCII text without a double quote holds no quotation mark)
        text = _QUOTE_MARKS.sub(" ", text)
    text = " ".join(text.split())
    return text.strip(" ,;:.—–-")


def _strip_det(text: str) -> str:
    toks = text.split()
    while toks and toks[0].lower() in DETERMINERS:
        toks = toks[1:]
    return " ".join(toks)


def role_like(text: str) -> bool:
    """A short noun phrase naming a job: "a member of the Kunduz provincial council"."""
    t = _clean(text)
    toks = t.split()
    if not toks or len(toks) > 12:
        return False
    low = [w.lower().strip(".,") for w in toks]
    if any(w in {"who", "which", "that", "said", "says", "told"} for w in low):
        return False
    return any(w in ROLE_NOUNS or w in TITLE_WORDS for w in low)


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
        if role and role.lower().rstrip(".") in {"mr", "mrs", "ms", "miss"}:
            role = None  # an honorific, not a job
        remembered = memory.lookup(nm.name.split()[-1])
        if role is None and remembered and remembered.name == nm.name:
            role = remembered.role
        return Speaker(nm.name, role or None, True)
    return None


def _one_word_speaker(word: str, memory: Memory) -> Speaker | None:
    """`parse_speaker` of one lower-case word ("officials said", "he said", "the army said"), the rules below
    in the same order without the ones that need a capital or a second word."""
    if word in {"he", "she"}:
        return memory.last
    if word in {"they", "we", "i", "it", "you", "one"} or word in DETERMINERS:
        return None
    if word in {"officials", "authorities"}:
        return None
    if word in ANONYMOUS_HEADS and word not in GROUP_NOUNS:
        return None
    if word in ORG_HEADS:
        return Speaker(word, None, False)
    return None


def parse_speaker(np: str, memory: Memory) -> Speaker | None:
    raw = np
    if has_any(fold(raw), _ANONYMITY_GATE) and ANONYMITY.search(raw):
        return None
    text = _clean(np)
    if not text or len(text.split()) > 16:
        return None
    if text.isalpha() and text.islower():
        return _one_word_speaker(text, memory)
    low = text.lower()
    if low in {"he", "she"}:
        return memory.last
    by_role = _THE_ROLE.fullmatch(low)
    if by_role and (by_role.group(1) in ROLE_NOUNS or by_role.group(1) in TITLE_WORDS):
        known = memory.by_role(by_role.group(1))
        if known is not None:
            return known
    if low in {"they", "we", "i", "it", "you", "one"}:
        return None
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
        low = text.lower()
    sp = _person(text, memory)
    if sp is not None:
        return sp
    toks = text.split()
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
        return None
    if head in ("spokesman", "spokeswoman", "spokesperson") and len(ctoks) >= 2 and ctoks[0][0].isupper():
        return Speaker(core, core, False)
    if head in ANONYMOUS_HEADS and head not in GROUP_NOUNS:
        return None
    if head in GROUP_NOUNS:
        m2 = _MODIFIED_GROUP.match(core)
        if m2 and m2.group("mod").split()[0].lower() not in _QUANTIFIERS:
            return Speaker(core, None, False)
        if head in ORG_HEADS:
            return Speaker(core, None, False)
        return None
    if head in ORG_HEADS:
        return Speaker(core, None, False)
    if any(t[0].isupper() for t in ctoks) and all(t[0].isupper() or t in {"of", "for", "and", "on"} for t in ctoks):
        if len(ctoks) == 1 and ctoks[0] in NON_PERSON_WORDS:
            return None
        return Speaker(core, None, False)
    return None
