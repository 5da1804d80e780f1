"""Who is doing something: armed groups, forces, governments.

`actor_candidates` lists the plausible actors named in a stretch of text
("the Taliban", "rebel commanders", "government forces", "Kestrian troops");
`resolve_actor` picks the one a pronoun or a generic noun ("they", "the
group") most likely refers to; `clean_actor` tidies a noun phrase.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from ..models import ControlClaim, Statement
from .lexicon import ARABIC_ARTICLE, DETERMINERS, PRONOUNS
from .sentences import Sentence

__all__ = [
    "GENERIC_ACTORS",
    "acronyms",
    "actor_candidates",
    "canonical_actor",
    "clean_actor",
    "first_person_actors",
    "resolve_actor",
    "resolve_group",
]

GENERIC_ACTORS = frozenset(
    {"they", "them", "their", "it", "its", "we", "our", "the group", "the movement", "the organisation",
     "the organization", "the alliance", "the coalition", "group", "movement"}
)  # fmt: skip

_NON_ACTOR_HEADS = frozenset(
    """House Nations Council Journal Observatory Command Ministry Field Airport Base River Sea Province Region
    Kingdom Republic Union Street Square Valley Mountains Office Department Agency Committee Court Times Post
    Press Bank Fund Program Programme Conference Summit Institute University Hospital Palace Army's Strip City
    Island Islands Corridor Highway Road Bridge Dam Lake Coast Desert Plain Plains Hills Heights Mount Crossing
    January February March April May June July August September October November December
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday""".split()
)
_GROUP_FOLLOW = (
    r"spokesman|spokeswoman|spokesperson|fighters|forces|troops|militants|delegation|commanders|leaders|"
    r"leadership|insurgents|rebels|army|military|militia|movement|government|gunmen|negotiators|officials|positions|"
    r"hands|control|offensive|advance|advances|takeover|rule|attack|attacks|assault|stronghold|strongholds"
)
_C1 = re.compile(
    rf"\b(?:[Tt]he\s+)?(?P<n>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){{0,2}}?)(?:['’]s?)?\s+(?:{_GROUP_FOLLOW})\b"
)
_C2 = re.compile(r"\b[Tt]he\s+(?P<n>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2})\b")
_MODS = (
    r"rebel|government|pro-government|anti-government|opposition|insurgent|militia|separatist|Islamist|"
    r"jihadist|allied|enemy|security|federal|state|army|[A-Z][\w’'-]+"
)
_C4 = re.compile(rf"\b(?P<n>{ARABIC_ARTICLE}[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){{0,2}})")
"""A name with the Arabic article, written lower-case: "al-Shabaab", "al-Qaeda"."""
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
        owned = np[m.end() :].strip() if m.end() <= len(np) else ""
        if owned and all(w[:1].isupper() for w in owned.split()) and head[:1].isupper():
            np = owned  # "Iraq's Counter-Terrorism Service": the service, named, not the country
        else:
            np = _POSSESSIVE_END.sub("", head)  # "the rebels' council": the rebels
    toks = np.split()
    while toks and toks[0].lower() in DETERMINERS:
        toks = toks[1:]
    limit = 9 if "and" in toks else 5  # "Iraqi government troops and allied Popular Mobilization Units fighters"
    if not toks or len(toks) > limit or toks[0][0].isdigit() or any(t[0].isdigit() and not t.isdigit() for t in toks):
        return None
    return " ".join(toks).strip("()[] ")


_PLACE_BEFORE = re.compile(r"\b(?:along|on|near|towards|toward|via|in|at|into|across|around|outside|inside)\s+$", re.I)


_SEEN: dict[str, list[tuple[int, str]]] = {}
"""`actor_candidates` of the texts read lately, at offset 0: the same sentence is asked about for every pronoun and
every generic group after it. (A cache of a pure function: it changes no result.)"""
_SEEN_MAX = 256


def actor_candidates(text: str, offset: int = 0) -> list[tuple[int, str]]:
    """(position, actor) of every plausible actor written in `text`, in order."""
    known = _SEEN.get(text)
    if known is None:
        if len(_SEEN) >= _SEEN_MAX:
            _SEEN.clear()
        known = _SEEN[text] = _candidates(text)
    return [(p + offset, n) for p, n in known] if offset else list(known)


def _candidates(text: str) -> list[tuple[int, str]]:
    found: dict[int, str] = {}
    for m in _C1.finditer(text):
        name = _APOSTROPHE_END.sub("", m.group("n"))
        if not name.split():
            continue
        if name.split()[0] in _SENT_INITIAL or name.split()[-1] in _NON_ACTOR_HEADS:
            continue
        found.setdefault(m.start("n"), name)
    for m in _C2.finditer(text):
        name = m.group("n")
        if _PLACE_BEFORE.search(text, max(0, m.start() - 12), m.start()):
            continue  # "along the RN2", "towards the Litani": a place
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
    for rx in (_C4,):
        for m in rx.finditer(text):
            name = m.group("n")
            before = text[: m.start("n")].rstrip().rsplit(None, 1)
            if before and before[-1][:1].isupper():
                continue  # "Salah al-Din": the end of another name
            if name.split()[-1] in _NON_ACTOR_HEADS:
                continue
            if any(p <= m.start("n") < p + len(n) + 1 for p, n in found.items()):
                continue
            found.setdefault(m.start("n"), name)
    return sorted(found.items())


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
    return _earlier(text, sentences, index)


def resolve_group(
    text: str, sentences: Sequence[Sentence], index: int, pos: int, fits: Callable[[str], bool]
) -> str | None:
    """The named group "the insurgents" or "the group" at `pos` stands for: the nearest named candidate before it that
    `fits` (no state's forces, no country's adjective), in this sentence or the ones before."""
    if not sentences:
        return None
    sent = sentences[index]
    for _, name in reversed(actor_candidates(text[sent.start : pos], sent.start)):
        if _proper(name) and fits(name):
            return name
    for k in range(index - 1, max(-1, index - 5), -1):
        prev = sentences[k]
        for _, name in actor_candidates(text[prev.start : prev.end], prev.start):
            if _proper(name) and fits(name):
                return name
    return None


def _earlier(text: str, sentences: Sequence[Sentence], index: int) -> str | None:
    first: str | None = None
    for k in range(index - 1, max(-1, index - 5), -1):
        prev = sentences[k]
        cands = actor_candidates(text[prev.start : prev.end], prev.start)
        if cands and first is None:
            first = cands[0][1]
        named = [n for _, n in cands if _proper(n)]
        if named:
            return named[0]  # "they" stands for the last group named, not for "the rebels" said of it
    return first


_COMMON_WORDS = frozenset(
    """Military Government Army Forces Troops Rebels Police Officials Militants Fighters Insurgents Regime Junta
    Security Federal National State Local Opposition Islamist Jihadist Separatist""".split()
)


def _proper(name: str) -> bool:
    """Whether an actor is named ("M23", "the Houthis", "Kachin Independence Army"), not only described."""
    words = name.split()
    if len(words) == 1 and words[0].endswith(("ian", "ese", "ish", "ean")):
        return False  # "Kestrian troops" gave only the adjective: a side, not a named group
    return any(w[:1].isupper() and w not in _COMMON_WORDS for w in words)


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


_ACRONYM_DEF = re.compile(
    r"\b(?P<long>(?:the\s+)?[A-Z][\w’'-]*(?:\s+(?:[A-Z][\w’'-]*|of|for|and|the|du|de|des|al-[\w’'-]+|al|\d+)){1,8})"
    r"\s*\(\s*(?P<short>[A-Z][A-Za-z0-9&-]{1,11})\s*\)"
)
_LOWER_WORDS = frozenset({"of", "for", "and", "the", "du", "de", "des", "al"})


def acronyms(text: str) -> dict[str, str]:
    """Short forms defined in the text and what they stand for: "Rapid Support Forces (RSF)" gives RSF.

    The short form must start like the long one and hold its initials in order (M23 is left alone when
    "Mouvement du 23 Mars (M23)" is written: its letters are not all initials).
    """
    found: dict[str, str] = {}
    if "(" not in text:
        return found
    for m in _ACRONYM_DEF.finditer(text):
        short = m.group("short")
        digits = "".join(c for c in short if c.isdigit())
        if digits and digits in m.group("long").split():
            # "Mouvement du 23 Mars (M23)": its number is in the name, which is the whole phrase
            found.setdefault(short, re.sub(r"^(?:the|The)\s+", "", m.group("long")))
            continue
        words = [w for w in m.group("long").split() if w.lower() not in _LOWER_WORDS]
        letters = [c for c in short if c.isupper()]
        # the tail of the long form whose initials spell the short form ("… by the Arakan Army (AA)")
        for k in range(len(words)):
            initials = [w.lstrip("al-")[:1].upper() or w[:1] for w in words[k:]]
            if initials and initials[0] == letters[0] and _spells(letters, initials):
                long = " ".join(m.group("long").split()[-_span(m.group("long"), len(words) - k) :])
                found.setdefault(short, re.sub(r"^(?:the|The)\s+", "", long))
                break
    return found


def _spells(letters: list[str], initials: list[str]) -> bool:
    """Whether the capitals of a short form are the initials, in order, allowing a few extra letters."""
    i = 0
    for c in letters:
        if i < len(initials) and initials[i] == c:
            i += 1
    return i == len(initials) or (i >= 2 and i >= len(initials) - 1)


def _span(long: str, content_words: int) -> int:
    """How many words (joining words too) the last `content_words` content words of `long` span."""
    toks = long.split()
    n = seen = 0
    for tok in reversed(toks):
        n += 1
        if tok.lower() not in _LOWER_WORDS:
            seen += 1
            if seen == content_words:
                break
    return n


def canonical_actor(actor: str | None, short_forms: dict[str, str]) -> str | None:
    """The actor by its full name when the article defines its short form ("RSF" is the Rapid Support Forces)."""
    if not actor:
        return actor
    actor = actor.strip("()[] ,;:")
    key = actor.split()[-1] if actor.split() and actor.split()[-1] in short_forms else actor
    if key in short_forms and len(actor.split()) <= 2:
        return f"{short_forms[key]} ({key})"
    for short, long in short_forms.items():
        if actor == long or actor == "the " + long or (" " in actor and long.endswith(" " + actor)):
            return f"{long} ({short})"
    return actor or None


_FIRST_PERSON = re.compile(r"^(?:we|our)\b|\b(?:in|under)\s+our\s+(?:hands|control)\b", re.I)
_JOB_TAIL = re.compile(
    r"^(?:(?:the|a|an)\s+)?(?P<org>.+?)['’]?s?\s+(?:chief\s+)?(?:spokesman|spokeswoman|spokesperson|commander|chief|head|"
    r"leader|official|officer|minister|representative|envoy|general|colonel|director)$",
    re.I,
)
_JOB_FOR = re.compile(
    r"^(?:(?:the|a|an)\s+)?(?:\w+\s+)?(?:spokesman|spokeswoman|spokesperson|commander|chief|head|leader|official|"
    r"minister|representative)\s+(?:for|of)\s+(?:the\s+)?(?P<org>.+)$",
    re.I,
)


def _side_of(st: Statement) -> str | None:
    """The side a speaker speaks for: an organization by its name, a person by the organization of their job
    ("spokesman for the Sudanese army", "PMF spokesman")."""
    if st.role is None:
        return st.speaker if st.speaker[:1].isupper() and " " not in st.speaker.strip() else None
    for rx in (_JOB_FOR, _JOB_TAIL):
        m = rx.match(st.role.strip())
        if m and m.group("org")[:1].isupper():
            return m.group("org")
    return None


def first_person_actors(counts: list[ControlClaim], statements: list[Statement]) -> list[ControlClaim]:
    """A claim in the first person ("Our fighters liberated nine villages", "40 percent of the city is in our
    hands") is the speaker's side's, when a statement holds it."""
    out = []
    for c in counts:
        if _FIRST_PERSON.search(c.evidence):
            holder = next((st for st in statements if st.start <= c.start and c.end <= st.end), None)
            side = _side_of(holder) if holder is not None else None
            if side:
                c = c.model_copy(update={"actor": side})
        out.append(c)
    return out
