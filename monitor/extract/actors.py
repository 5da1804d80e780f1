"""Who is doing something: armed groups, forces, governments.

`actor_candidates` lists the plausible actors named in a stretch of text
("the Taliban", "rebel commanders", "government forces", "Kestrian troops");
`resolve_actor` picks the one a pronoun or a generic noun ("they", "the
group") most likely refers to; `clean_actor` tidies a noun phrase.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .lexicon import DETERMINERS, PRONOUNS
from .sentences import Sentence

__all__ = ["GENERIC_ACTORS", "actor_candidates", "clean_actor", "resolve_actor"]

GENERIC_ACTORS = frozenset(
    {"they", "them", "their", "it", "its", "we", "our", "the group", "the movement", "the organisation",
     "the organization", "the alliance", "the coalition", "group", "movement"}
)  # fmt: skip

_NON_ACTOR_HEADS = frozenset(
    """House Nations Council Journal Observatory Command Ministry Field Airport Base River Sea Province Region
    Kingdom Republic Union Street Square Valley Mountains Office Department Agency Committee Court Times Post
    Press Bank Fund Program Programme Conference Summit Institute University Hospital Palace Army's
    January February March April May June July August September October November December
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday""".split()
)
_GROUP_FOLLOW = (
    r"spokesman|spokeswoman|spokesperson|fighters|forces|troops|militants|delegation|commanders|leaders|"
    r"leadership|insurgents|rebels|army|military|militia|movement|government|gunmen|negotiators|officials|positions"
)
_C1 = re.compile(
    rf"\b(?:[Tt]he\s+)?(?P<n>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){{0,2}}?)(?:['’]s?)?\s+(?:{_GROUP_FOLLOW})\b"
)
_C2 = re.compile(r"\b[Tt]he\s+(?P<n>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2})\b")
_MODS = (
    r"rebel|government|pro-government|anti-government|opposition|insurgent|militia|separatist|Islamist|"
    r"jihadist|allied|enemy|security|federal|state|army|[A-Z][\w’'-]+"
)
_C3 = re.compile(
    rf"\b(?:(?P<mod>{_MODS})\s+)?(?P<g>rebels|insurgents|militants|separatists|militias|jihadists|commandos|"
    rf"paramilitaries|guerrillas|junta|forces|troops|fighters|commanders|army|regime)\b"
)
_SENT_INITIAL = frozenset("The A An On In At But And When While As After Its Their His Her".split())


_POSSESSOR = re.compile(r"^(?:the\s+)?([\w-]+(?:\s+[\w-]+)?)(?:'s|’s|s'|s’)\s", re.I)
_POSSESSIVE_END = re.compile(r"(?:'s|’s|'|’)$")
_APOSTROPHE_END = re.compile(r"['’]s?$")


def clean_actor(np: str) -> str | None:
    """Strip articles and possessives: "The rebels' council" gives "rebels"."""
    if not np.isascii() or '"' in np:
        np = np.replace("\u201c", " ").replace("\u201d", " ").replace('"', " ")
    np = " ".join(np.split()).strip(" ,;:'’")
    if not np:
        return None
    m = _POSSESSOR.match(np + " ") if "'" in np or "’" in np else None  # (a possessive has an apostrophe)
    if m and " " in np.strip():
        head = m.group(0).strip()
        np = _POSSESSIVE_END.sub("", head)
    toks = np.split()
    while toks and toks[0].lower() in DETERMINERS:
        toks = toks[1:]
    if not toks or len(toks) > 5 or any(t[0].isdigit() for t in toks):
        return None
    return " ".join(toks)


def actor_candidates(text: str, offset: int = 0) -> list[tuple[int, str]]:
    """(position, actor) of every plausible actor written in `text`, in order."""
    found: dict[int, str] = {}
    for m in _C1.finditer(text):
        name = _APOSTROPHE_END.sub("", m.group("n"))
        if name.split()[0] in _SENT_INITIAL or name.split()[-1] in _NON_ACTOR_HEADS:
            continue
        found.setdefault(m.start("n"), name)
    for m in _C2.finditer(text):
        name = m.group("n")
        if name.split()[-1] in _NON_ACTOR_HEADS or name.split()[0] in _NON_ACTOR_HEADS:
            continue
        if any(abs(m.start("n") - p) < 3 for p in found):
            continue
        found.setdefault(m.start("n"), name)
    for m in _C3.finditer(text):
        mod = m.group("mod")
        if mod and mod[0].isupper() and (mod in _SENT_INITIAL or mod in _NON_ACTOR_HEADS):
            mod = None
        start = m.start("mod") if mod else m.start("g")
        if any(p <= start < p + len(n) + 2 for p, n in found.items()):
            continue
        found.setdefault(start, f"{mod} {m.group('g')}" if mod else m.group("g"))
    return sorted((p + offset, n) for p, n in found.items())


def resolve_actor(text: str, sentences: Sequence[Sentence], index: int, pos: int) -> str | None:
    """The actor a pronoun at `pos` (in sentence `index`) refers to.

    The nearest candidate before it in the same sentence, else the first
    (subject-most) candidate of the closest earlier sentence that has one.
    """
    if not sentences:
        return None
    sent = sentences[index]
    here = [c for c in actor_candidates(text[sent.start : pos], sent.start)]
    if here:
        return here[-1][1]
    for k in range(index - 1, max(-1, index - 4), -1):
        prev = sentences[k]
        cands = actor_candidates(text[prev.start : prev.end], prev.start)
        if cands:
            return cands[0][1]
    return None


_GENERIC_HEADS = frozenset({"group", "movement", "organisation", "organization", "alliance", "coalition", "militia"})


def is_generic(np: str) -> bool:
    """A pronoun or a noun that stands for a group named before: "they", "the group", "the rebel group"."""
    low = np.lower().strip()
    if low in GENERIC_ACTORS or low in PRONOUNS:
        return True
    words = low.split()
    return (
        len(words) == 3 and words[0] == "the" and words[2] in _GENERIC_HEADS and np.split()[1].islower()
    )  # "the rebel group", "the jihadist movement"
