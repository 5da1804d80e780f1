"""Word lists and small text helpers shared by the extractors.

Nothing here names a particular conflict: the lists are of generic English
words (titles, institutions, group nouns, reporting verbs) so the rules carry
over to articles about any war.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

__all__ = [
    "ABBREVIATIONS",
    "ARABIC_ARTICLE",
    "DEMONYMS",
    "ANONYMOUS_HEADS",
    "ANONYMITY",
    "CAP_WORD",
    "DATELINE",
    "DETERMINERS",
    "GROUP_NOUNS",
    "HONORIFICS",
    "MONTHS",
    "NON_PERSON_WORDS",
    "ORG_HEADS",
    "PRONOUNS",
    "REPORT_VERBS",
    "ROLE_NOUNS",
    "SENTENCE_STARTERS",
    "TITLE_WORDS",
    "WEEKDAYS",
    "Name",
    "find_names",
    "is_capitalized",
    "word_alternation",
    "strip_determiner",
    "words",
]

WORD_RE = re.compile(r"[\w][\w'’.-]*")

MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
}  # fmt: skip

ABBREVIATIONS = frozenset(
    """mr mrs ms dr gen lt col sgt capt maj adm cmdr gov sen rep rev prof st jr sr no nos vs etc
    e.g i.e jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
    approx brig pres pvt cpl fig inc ltd co corp mt ft gens govt dept est vol art sec ave blvd""".split()
)
SENTENCE_STARTERS = frozenset(
    """the a an he she it they we i but and in on at as this that these those his her their its
    our after when while there however meanwhile yet so if officials some many""".split()
)

TITLE_WORDS = frozenset(
    """president general gen gen. lieutenant lt lt. colonel col col. major maj maj. captain capt capt.
    sergeant sgt sgt. admiral adm adm. marshal commander cmdr brigadier minister secretary ambassador
    envoy spokesman spokeswoman spokesperson adviser advisor director chief governor mayor senator sen sen.
    rep rep. representative dr dr. mr mr. mrs mrs. ms ms. prof prof. professor king queen prince princess
    sheikh sheik emir chairman chairwoman chair premier chancellor deputy vice prime foreign defence defense
    interior national security head leader commissioner coordinator judge justice imam cleric pope
    mullah field rev rev. father bishop lord lady sir gov gov. private corporal""".split()
)
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof"})
"""Titles of courtesy ("Ms. Lyons", "Dr. Tedros"): part of no one's name and no job, so never a role."""
ROLE_NOUNS = frozenset(
    """spokesman spokeswoman spokesperson envoy member head chief minister ambassador commander adviser advisor
    leader official director president general secretary governor representative chairman chairwoman officer
    coordinator negotiator delegate mayor deputy aide analyst researcher expert monitor monitors analysts
    researchers experts lawmaker senator diplomat correspondent editor founder chair premier spokespeople
    mediator rapporteur commissioner""".split()
)
ORG_HEADS = frozenset(
    """ministry department staff army military government council command journal observatory agency office
    committee police forces force navy embassy commission institute party coalition alliance union federation
    court parliament assembly administration presidency cabinet mission monitor network center centre
    foundation organisation organization watch group bureau service services secretariat headquarters
    authority authorities guard guards brigade battalion division corps militia movement front junta
    tribunal nations un nato press agency newspaper television radio times post tv project tracker initiative
    programme program""".split()
)
GROUP_NOUNS = frozenset(
    """rebels insurgents militants fighters forces troops commandos separatists militias militia jihadists
    army military commanders paramilitaries guerrillas soldiers loyalists partisans mercenaries
    government junta regime""".split()
)
ANONYMOUS_HEADS = frozenset(
    """officials official sources source residents resident witnesses witness soldiers soldier officer officers
    people person diplomats diplomat analysts analyst observers observer experts locals villagers someone
    one man woman men women fighters fighter commander aides aide insiders insider lawmakers legislators activists
    medics doctors nurses survivors refugees eyewitnesses mediators negotiators workers volunteers elders""".split()
)
ANONYMITY = re.compile(
    r"not to be (?:named|identified)|anonymity|declined to be (?:named|identified)|speaking anonymously|"
    r"who (?:could not|cannot) be named|requested anonymity|not authori[sz]ed to|on background",
    re.I,
)
DATELINE = re.compile(
    r"^[A-Z][A-Z .,'’-]{2,40}(?:,\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2})?\s*(?:\([^()]{1,30}\)\s*)?[—–-]+\s*"
)
"""'KABUL — ', 'KYIV, March 11 (Reuters) - ': the place, day and agency line before a story, part of none of its
sentences' facts."""
PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "him", "her", "them", "its", "their"})
DETERMINERS = frozenset({"the", "a", "an", "its", "his", "her", "their", "our", "one", "this", "that"})

REPORT_VERBS = frozenset(
    """said says say told tells added adds stated states announced announces warned warns insisted insists
    claimed claims confirmed confirms denied denies acknowledged acknowledges reported reports noted notes
    explained explains argued argues asserted asserts maintained maintains alleged alleges estimated estimates
    declared declares wrote writes tweeted stressed stresses emphasised emphasized admitted admits predicted
    predicts conceded concedes contended contends reiterated reiterates cautioned cautions underscored
    underscores replied replies responded responds vowed vows pledged pledges promised promises recalled
    observed remarked countered affirmed affirms assured assures""".split()
)

# Capitalized words that are never part of a person's name.
NON_PERSON_WORDS = frozenset(
    {m.capitalize() for m in MONTHS}
    | {d.capitalize() for d in WEEKDAYS}
    | {w.capitalize() for w in ORG_HEADS}
    | set(
        """The A An On In At But And When While As After Before During Since Until For From With Without By Of To
        If This That These Those His Her Their Its Our We They He She It I Speaking According Meanwhile However
        House Council Nations United States Kingdom Republic Union Province Provinces Region District City Town
        Village Airport Field Base Street Square River Valley Mountains Sea Gulf Strait Bridge Palace Hall
        Security Central Western Eastern Northern Southern North South East West New Islamic Democratic
        People's Popular Liberation Revolutionary National Federal Supreme High Air Force Forces Ministry
        University Hospital Camp Corridor Road Highway Pass Gate Square Peace Talks Agreement Accord Summit
        Conference Reconciliation Human Rights Red Cross Crescent International Emergency Relief Affairs
        Community League Bloc Brigades Association Congress Senate Society Partnership Cooperation""".split()
    )
)

CAP_WORD = r"(?:[A-Z][\w’'-]*\.?|al-[A-Z][\w’'-]*|(?:bin|ibn|de|van|von|der|la|le)\b|el-[A-Z][\w’'-]*)"
_CAP_WORD_POSSESSIVE = r"(?:[A-Z][\w’'-]*+\.?|al-[A-Z][\w’'-]*+|(?:bin|ibn|de|van|von|der|la|le)\b|el-[A-Z][\w’'-]*+)"
NAME_RUN_RE = re.compile(rf"[A-Z](?<!\w[A-Z])[\w’'-]*+\.?(?:\s++{_CAP_WORD_POSSESSIVE})+")
r"""Two or more capitalized words. `[A-Z](?<!\w[A-Z])` is `\b[A-Z]` written so that the regex engine can skip
straight to capital letters instead of trying the pattern at every position.

It is `[A-Z](?<!\w[A-Z])[\w’'-]*\.?(?:\s+{CAP_WORD})+` with possessive runs (`*+`, `++`): a run of word characters
or spaces that gave back a character could be followed by neither a stop, a space nor a capital, so nothing is
lost by never giving one back, and the engine stops trying at once after each capitalized word."""


def by_first_letter(words: Iterable[str], word_start: bool = False) -> str:
    r"""The alternation `w1|w2|…` of literal words, written as "a(?:bout|ll|t)|c(?:lose)|…".

    The regex engine tries an alternation one branch after the other, and case-insensitive branches are slow
    to fail; grouped by first character, only the group of the character at hand goes further. It matches
    the same text, preferring the same word: words with different first characters cannot both match at a
    place, and within a group the words keep their order. With `word_start`, `(?<!\wx)` after each first
    letter x makes it start a word (a leading `\b` that lets the engine skip ahead to those letters).
    """
    by_first: dict[str, list[str]] = {}
    for word in words:
        by_first.setdefault(word[0], []).append(re.escape(word[1:]))
    if len({first.lower() for first in by_first}) < len(by_first):
        raise ValueError("words starting with the same letter in another case could change order under re.I")
    return "|".join(
        re.escape(first) + (rf"(?<!\w{re.escape(first)})" if word_start else "") + f"(?:{'|'.join(rests)})"
        for first, rests in by_first.items()
    )


def word_alternation(words: frozenset[str] | tuple[str, ...]) -> str:
    r"""A regex matching any of `words` (letters only) as a whole word: `\b(?:w1|w2|…)\b`, but fast.

    The words are grouped by first letter ("s(?:aid|ays|…)|t(?:old|ells)|…"), which lets the engine skip to
    those letters and try a few words at each instead of all; `(?<!\wx)` after the first letter x is the
    leading `\b`. As each alternative must be a whole word, at most one can match at a place, so the order
    of the alternatives does not matter.
    """
    return "(?:" + by_first_letter(sorted(words, key=len, reverse=True), word_start=True) + r")\b"


class Name(NamedTuple):
    """A person's name found in text, with the title words written just before it."""

    name: str
    title: str | None
    start: int
    end: int


def words(text: str) -> list[str]:
    return WORD_RE.findall(text)


def is_capitalized(word: str) -> bool:
    return bool(word) and word[0].isupper()


def strip_determiner(text: str) -> str:
    text = text.strip(" ,;:\"“”‘’'")
    parts = text.split(None, 1)
    if len(parts) == 2 and parts[0].lower() in DETERMINERS:
        return parts[1]
    return text


_ROLE_BEFORE = re.compile(r"((?:[A-Z][\w’'-]*\s+)?(?:[a-z][\w-]*\s+)?(?:" + "|".join(sorted(ROLE_NOUNS)) + r"))\s+$")
_ROLE_ENDINGS = tuple(ROLE_NOUNS)
"""`_ROLE_BEFORE` only matches text ending in a role noun and spaces; testing that first spares the search."""


_INSTITUTION_WORDS = frozenset({"House", "Council", "Nations", "United", "Security"})


def _plain_name(toks: list[str]) -> bool:
    """No institution or place word in the name ("African Union's" neither), no possessive but on its last word,
    and no job as its last word ("Special Rapporteur")."""
    for t in toks:
        if t in NON_PERSON_WORDS or t.lower() in ORG_HEADS:
            return False
    last = toks[-1]
    if last.endswith(_POSSESSIVES):
        last = last[:-2]
        if last in NON_PERSON_WORDS or last.lower() in ORG_HEADS:
            return False
    if last.lower() in ROLE_NOUNS:
        return False
    for t in toks[:-1]:
        if t.endswith(_POSSESSIVES):
            return False
    return True


_POSSESSIVES = ("'s", "’s")


def _token_offset(text: str, run_start: int, toks: list[str], k: int) -> int:
    """Offset in `text` of `toks[k]`, the tokens of the run of words found at `run_start`."""
    pos = run_start
    for tok in toks[:k]:
        pos = text.index(tok, pos) + len(tok)
    return text.index(toks[k], pos)


def _hyphenated_title(low: str) -> bool:
    """A title made of title words: "secretary-general", "vice-president", "commander-in-chief"."""
    return "-" in low and all(p in TITLE_WORDS or p in {"in", "of"} for p in low.split("-"))


def _title_word(low: str) -> bool:
    """Whether a lower-cased word is a title: "minister", "gen." ("gen" with its stop), "vice-president"."""
    if low in TITLE_WORDS or low[-1] == "." and low.rstrip(".") in TITLE_WORDS:
        return True
    return "-" in low and _hyphenated_title(low)


_ROLE_TAILS = frozenset(r[-3:] for r in ROLE_NOUNS)
"""The last three letters of every role noun (each has three or more): text ending otherwise ends in none."""


def find_names(text: str) -> list[Name]:
    """People's names: runs of two or more capitalized words, titles split off.

    "National Security Adviser Hamdullah Mohib" gives name "Hamdullah Mohib"
    with title "National Security Adviser"; runs that contain institution or
    place words ("Long War Journal", "White House") are not names.
    """
    found: list[Name] = []
    for m in NAME_RUN_RE.finditer(text):
        toks = m.group().split()
        n = len(toks)
        # drop sentence-initial function words
        i = 0
        while i < n and toks[i] in NON_PERSON_WORDS:
            low = toks[i].lower()
            if low in TITLE_WORDS or low in ORG_HEADS or toks[i] in _INSTITUTION_WORDS:
                break
            i += 1
        # title words before the name
        first = i
        for j in range(i, n):
            if _title_word(toks[j].lower()):
                first = j + 1
        name_toks = toks[first:]
        if len(name_toks) < 2:
            # a surname alone is a name only after a title ("President Biden", "Mr. Guterres")
            if not name_toks or first == i:
                continue
            word = name_toks[0]
            if word.endswith(".") and len(word) > 2:
                word = name_toks[0] = word.rstrip(".")
            bare = word.rstrip(".")
            if bare in NON_PERSON_WORDS or bare.lower() in TITLE_WORDS or len(bare) <= 2:
                continue
        elif name_toks[-1].endswith(".") and len(name_toks[-1]) > 2:
            name_toks[-1] = name_toks[-1].rstrip(".")
        if not _plain_name(name_toks):
            continue
        if name_toks[-1].endswith(_POSSESSIVES):
            name_toks[-1] = name_toks[-1][:-2]
        name = " ".join(name_toks)
        start = m.start() if first == 0 else _token_offset(text, m.start(), toks, first)
        title: str | None = None
        if first > i:
            title = " ".join(toks[i:first])
        elif start:
            # lowercase role words written just before a capitalized run ("Taliban spokesman Suhail Shaheen")
            before = text[max(0, start - 60) : start]
            tail = before.rstrip()
            tm = _ROLE_BEFORE.search(before) if tail[-3:] in _ROLE_TAILS and tail.endswith(_ROLE_ENDINGS) else None
            if tm:
                cand = tm.group(1)
                first_word = cand.split()[0].lower()
                if first_word in DETERMINERS or first_word in SENTENCE_STARTERS:
                    cand = cand.split(None, 1)[1] if " " in cand else ""
                title = cand or None
        found.append(Name(name, title, start, start + len(name)))
    return found


ARABIC_ARTICLE = r"(?:al|el|ad|an|ar|as|ash|at|az)-"
"""The article of Arabic names as news copy writes it, lower-case before a capital: "al-Shabaab", "el-Sisi"."""

DEMONYMS = frozenset(
    """Afghan Albanian Algerian American Angolan Arab Argentine Armenian Australian Austrian Azerbaijani Azeri
    Bahraini Bangladeshi Belarusian Belgian Beninese Bolivian Bosnian Brazilian British Bulgarian Burkinabe Burmese
    Burundian Cambodian Cameroonian Canadian Chadian Chilean Chinese Colombian Congolese Croatian Cuban Cypriot Czech
    Danish Djiboutian Dutch Ecuadorian Egyptian Emirati Eritrean Estonian Ethiopian European Filipino Finnish French
    Gabonese Gambian Georgian German Ghanaian Greek Guatemalan Guinean Haitian Honduran Hungarian Indian Indonesian
    Iranian Iraqi Irish Israeli Italian Ivorian Jamaican Japanese Jordanian Kazakh Kenyan Korean Kosovar Kurdish
    Kuwaiti Kyrgyz Lao Latvian Lebanese Liberian Libyan Lithuanian Macedonian Malagasy Malawian Malaysian Malian
    Mauritanian Mexican Moldovan Mongolian Montenegrin Moroccan Mozambican Namibian Nepali Nicaraguan Nigerian
    Nigerien Norwegian Omani Pakistani Palestinian Panamanian Peruvian Philippine Polish Portuguese Qatari Romanian
    Russian Rwandan Salvadoran Saudi Senegalese Serbian Slovak Slovenian Somali Sri Lankan Sudanese Swedish Swiss
    Syrian Taiwanese Tajik Tanzanian Thai Togolese Tunisian Turkish Turkmen Ugandan Ukrainian Uruguayan Uzbek
    Venezuelan Vietnamese Yemeni Zambian Zimbabwean Soviet Western Eastern Northern Southern Kestrian""".split()
)
"""Adjectives of countries and regions: "Afghan forces" is a side by its country, never a group "the militants" or
"the group" stands for. (Generic: every country's, none of one conflict — but for "Kestrian", the fictional
country of the test corpus.)"""
