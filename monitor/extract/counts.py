"""Territorial counts: who holds, took, lost or retook how many districts.

A claim needs three things in one clause: an amount ("more than 50 of 370",
"dozens of", "about half of", "85 percent of the territory"), a territorial
unit (districts, towns, provincial capitals, square kilometres…) and a verb of
control or change of hands (active: "X seized"; passive: "fell to X", "were
captured by X"; "under X control", "in their hands"). Casualties, troops,
people, years and single places have no territorial unit and never match.
A clause that states no fact is no claim: a condition ("if the rebels take 20
more towns"), a rule ("counts a district as theirs when the group holds …"), a
prediction or a hypothesis ("would control half the country"). Amounts the
schema has no qualifier for ("most of", "the majority of") are never reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from ..models import ControlClaim, Qualifier, Verb
from . import gates as gating
from .actors import canonical_actor, clean_actor, is_generic, resolve_actor, resolve_group
from .article import Article
from .gates import Vocabulary, finditer_at, finditer_near, fold, gate_words, has_any
from .lexicon import DEMONYMS, PRONOUNS, by_first_letter
from .numbers import AMOUNT_STARTS, FRACTION, NUMBER, QUALIFIER, fraction_qualifier, parse_number, qualifier_of
from .sentences import Sentence

__all__ = ["extract_counts"]

_UNIT_PLURAL = (
    r"district\s+(?:centers|centres|headquarters|capitals|seats)|district-level\s+towns|"
    r"provincial\s+(?:capitals|centres|centers)|regional\s+capitals|state\s+capitals|township\s+seats|"
    r"administrative\s+(?:centers|centres|units|districts)|local\s+government\s+areas|local\s+governments|LGAs|"
    r"sub-?districts|sub-?townships|districts|townships|towns|villages|settlements|cities|provinces|states|regions|"
    r"municipalities|counties|communes|localities|hamlets|oblasts|governorates|neighbourhoods|neighborhoods|"
    r"barangays|raions|hromadas|territories|chiefdoms|"
    r"square\s+(?:kilometres|kilometers|miles)|sq\.?\s?km|km2|km²"
)
_UNIT_SINGULAR = (
    r"district\s+(?:center|centre|capital|seat)|provincial\s+capital|regional\s+capital|state\s+capital|"
    r"township\s+seat|administrative\s+(?:center|centre)|local\s+government\s+area|LGA|sub-?district|"
    r"sub-?township|district|township|town|village|settlement|city|province|municipality|county|commune|"
    r"locality|hamlet|oblast|governorate|neighbourhood|neighborhood|barangay|raion|hromada|territory|chiefdom|"
    r"square\s+(?:kilometre|kilometer|mile)"
)
"""Singular units are only read after "one" or "a single" ("one district capital, five townships …")."""
_UNIT_ONE = rf"(?:{_UNIT_PLURAL}|{_UNIT_SINGULAR})"
_TAIL_MOD = (
    r"(?:(?!(?:and|or|other|more|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
    r"forty|fifty|dozens|several|some|many|hundreds|scores)\b)[a-z-]+\s+)?"
)
_UNIT_TAIL = (
    rf"(?:\s*,\s*{_TAIL_MOD}(?:towns|villages|settlements|districts|hamlets|localities|cities)|"
    rf",?\s+(?:and|or)\s+{_TAIL_MOD}(?:towns|villages|settlements|districts|hamlets|localities|"
    r"cities|sites|areas|heights|hilltops|positions|farms|outposts)\b(?!\s+(?:of|in)\s+(?-i:[A-Z])))"
)
"""'towns and villages', 'villages, towns and strategic sites': one unit written as a list with one amount."""
_UNIT = rf"(?:{_UNIT_PLURAL})(?:{_UNIT_TAIL}){{0,3}}"
_UNIT_ANY = rf"(?:{_UNIT_ONE})(?:{_UNIT_TAIL}){{0,3}}"
"""A unit in the plural or, where the amount is one, the singular (`_singular_ok` decides)."""
_POSS = r"(?:(?:(?-i:[A-Z])[\w’'-]*\s+){0,2}[\w’'-]+(?:'s|’s|s'|s’)|its|their)"
_DET = r"(?:the|its|their)"
_STOP_MID = by_first_letter(
    """of in at on and or from to by with were was have had has are is people civilians soldiers troops fighters
    residents families refugees years days weeks months times killed dead wounded""".split()
    + ["more than"]
)
_MID = rf"(?:\s+(?!(?:{_STOP_MID})\b)(?:[a-z][\w’'-]*|(?-i:[A-Z])[\w’']+-(?:held|controlled|occupied|run))){{0,3}}?"
_MID_PRE = rf"(?:(?!(?:{_STOP_MID})\b)[a-z][\w’'-]*\s+){{0,3}}?"

_STARTS = (
    r"(?=\b(?:"
    + by_first_letter(
        """all none no not more over at up as a an fewer less upwards in about some roughly around nearly almost approx
        well slightly
        close just zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
        sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety""".split()
    )
    + r"|\d))"
)
"""A word an amount can start with: tried first at each place, as most places start none. (Grouped by first
letter: a long case-insensitive alternation is slow to try.)"""
_QTY = re.compile(
    _STARTS + rf"(?:\b(?P<all>all|none)\s+(?:of\s+)?(?:{_DET}\s+)?(?:{_POSS}\s+)?)?"
    rf"(?:\b(?P<qual>{QUALIFIER})\s+)?(?<![\w.,])(?P<num>{NUMBER})(?P<or>\s+(?:or|to)\s+{NUMBER})?"
    rf"(?:\s+(?:of|out\s+of)\s+(?:{_DET}\s+|a\s+possible\s+|all\s+(?:{_DET}\s+)?)?(?:{_POSS}\s+)?"
    rf"(?:(?:total|estimated|roughly|some|about|around|nearly)\s+)?(?P<total>{NUMBER}))?"
    rf"(?:\s+of\s+{_DET}(?:\s+{_POSS})?)?"
    rf"(?P<mid>{_MID})\s+(?P<unit>{_UNIT_ANY})\b",
    re.I,
)
_TERRITORY = (
    r"(?:territory|territories|land|country|province|region|state|area|enclave|city|island|oblast|governorate)\b"
    r"(?!['’]s\b)"
)
_PLACE = (
    r"(?:(?:north|south|east|west|northern|southern|eastern|western|central|north-eastern|north-western|"
    r"south-eastern|south-western|northeastern|northwestern|southeastern|southwestern)\s+)?"
    r"(?-i:[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2})"
    r"(?:\s+(?-i:province|region|state|oblast|governorate|district|county|territory|enclave|strip))?"
    r"\b(?!['’]s\b|\s+(?!(?:in|on|at|by|and|or|but|while|since|after|"
    r"before|as|from|with|to|for|during|until|this|last|its|their|the|a|an|which|that|where|when|according|said|says|"
    r"now|so|than|is|are|was|were|has|have|had|despite|amid)\b)(?-i:[a-z]))"
)
"""A place named by itself: "85 percent of Syria", "a third of the Gaza Strip"."""
_PERCENT = re.compile(
    _STARTS + rf"(?:\b(?P<qual>{QUALIFIER})\s+)?(?<![\w.,])(?P<num>{NUMBER})\s*(?:percent|per\s+cent|%)\s+of\s+"
    rf"(?:(?:{_DET}\s+)?(?:{_POSS}\s+)?(?:{NUMBER}\s+)?(?:[a-z]+\s+)?(?P<punit>{_UNIT})\b|"
    rf"(?:{_DET}\s+)?(?:{_POSS}\s+)?(?:[a-z]+\s+)?(?P<terr>{_TERRITORY})|(?:the\s+)?{_PLACE})",
    re.I,
)
_OR_PERCENT = re.compile(
    rf",\s+or\s+(?:(?P<qual>{QUALIFIER})\s+)?(?P<num>\d+(?:\.\d+)?)\s*(?:percent|per\s+cent|%)(?!\s+of\b)", re.I
)
"""'146 districts, or 60 percent': a share of the amount before it."""
_VERB_PERCENT = re.compile(
    r"\b(?:control|controls|controlled|hold|holds|held|occupy|occupies|occupied|run|runs)\s+(?:(?:just|only)\s+)?"
    rf"(?:(?P<qual>{QUALIFIER})\s+)?(?P<num>\d+(?:\.\d+)?)\s*(?:percent|per\s+cent|%)(?!\s+of\b)",
    re.I,
)
_NONE = re.compile(
    rf"\b(?:(?P<none>none|not\s+one|not\s+a\s+single)\s+of\s+(?:{_DET}\s+)?(?:{_POSS}\s+)?(?P<mid>{_MID_PRE})"
    rf"(?P<unit>{_UNIT})\b|(?P<no>no|not\s+a\s+single)\s+(?P<unit1>{_UNIT_ANY})"
    r"(?:\s+(?:in|of|across)\s+(?:the\s+)?[\w’'-]+(?:\s+[\w’'-]+)?)?\s+(?=(?:is|was|has|have|are|were|"
    r"remains?|remained|had|fell|changed)\b))",
    re.I,
)
"""'none of the administrative centres … has been retaken', 'no district is under government control': zero."""
_FRACTION_RE = re.compile(
    rf"(?:\b(?P<qual>{QUALIFIER})\s+)?\b(?P<frac>{FRACTION})\s+(?:of\s+)(?:{_DET}\s+|all\s+(?:{_DET}\s+)?)?"
    rf"(?:{_POSS}\s+)?(?:(?:{QUALIFIER}\s+)?(?P<total>\d[\d,]*)\s+)?"
    rf"(?:(?P<mid>{_MID_PRE})(?P<unit>{_UNIT})\b|(?:[a-z]+\s+)?(?P<terr>{_TERRITORY})|(?<=of\s)(?:the\s+)?{_PLACE})",
    re.I,
)
_WORDS = re.compile(
    rf"\b(?P<word>dozens|scores|tens|several|a\s+few|a\s+handful|a\s+number)\s+(?:of\s+)?(?:{_DET}\s+)?"
    rf"(?P<mid>{_MID_PRE})(?P<unit>{_UNIT})\b",
    re.I,
)
_ELLIPSIS = re.compile(
    rf"(?:^\s*|(?:,|;|:|\s[—–]|\band\b|\bwhile\b|\bbut\b|\bwith\b|\bwhereas\b)\s+)"
    rf"(?:(?P<another>another|a\s+further|an\s+additional|the\s+other|the\s+remaining|(?-i:The)\s+(?:other|remaining))\s+)?"
    rf"(?:(?P<qual>{QUALIFIER})\s+)?(?P<num>{NUMBER})\s+(?:(?:more|others?)\s+)?"
    r"(?P<rest>(?:(?:have|had|were|are|was|remain|remained|remain)\s+)?"
    r"(?:(?:also|now|since|still|been|reportedly|rated|considered|classed|deemed|assessed\s+as|seen\s+as|fully|"
    r"heavily|hotly)\s+)*"
    r"(?:changed\s+hands|fallen|fell|captured|seized|taken|overrun|lost|retaken|recaptured|regained|liberated|"
    r"contested|under\b[^,;.]*(?:control|influence)|(?P<held>[\w’'-]+)-(?:held|controlled)))",
    re.I,
)
"""'…, and 5 more changed hands', 'Another three were retaken by …': a number that borrows the unit before it."""

_VERB_CLASS: dict[str, Verb] = {}
for _verb, _forms in {
    "control": "hold holds held holding control controls controlled controlling occupy occupies occupied "
    "occupying run runs ran dominate dominates dominated influence influences influenced influencing",
    "seized": "seize seizes seized seizing capture captures captured capturing take takes took taken taking "
    "overrun overran overrunning gain gains gained gaining win wins won grab grabs grabbed conquer conquered "
    "storm stormed wrest wrested wresting sweep swept",
    "lost": "lose loses lost losing cede cedes ceded ceding surrender surrendered abandon abandons abandoned "
    "evacuate evacuated forfeited",
    "retaken": "retake retakes retook retaken retaking recapture recaptures recaptured recapturing regain regains "
    "regained regaining reclaim reclaims reclaimed liberate liberates liberated liberating free frees freed freeing "
    "recover recovers recovered recovering clear clears cleared clearing",
    "contested": "contest contests contested",
}.items():
    for _form in _forms.split():
        _VERB_CLASS[_form] = _verb  # type: ignore[assignment]
_BACK_FORMS = r"took|take|takes|taken|taking|won|win|wins|winning|seized|wrested|wrest"
_CONTROL_PHRASE = (
    r"(?:imposed|imposes|imposing|established|establishes|establishing|extended|extends|extending|asserted|"
    r"expanded|expands|expanding|has|have|had|having|"
    r"exercised|exercises|exercising|assumed|assumes|maintained|maintains|maintaining|retained|retains|retaining|"
    r"kept|keeps|keeping|consolidated|consolidating)\s+(?:(?:full|complete|total|effective|firm|stable|nominal|"
    r"its|their)\s+)?"
    r"control\s+(?:over|of|to)"
)
"""'imposed full control over 19 villages', 'retains control of 4 of …': a verb of control by its object."""
_NOMINAL = (
    r"(?:capture|seizure|takeover|fall|liberation|recapture|loss|surrender)\s+of|"
    r"(?:cleared|clearing|drove|driven|driving|expelled|expelling|ousted|ousting|pushed|flushed|evicted|chased)\s+"
    r"(?:[\w’'-]+\s+){1,4}?(?:out\s+of|from)"
)
"""'the liberation of 47 neighbourhoods', 'the capture of five towns': the verb as a noun."""
_NOMINAL_CLASS: dict[str, Verb] = {
    "capture": "seized", "seizure": "seized", "takeover": "seized", "fall": "seized", "liberation": "retaken",
    "recapture": "retaken", "loss": "lost", "surrender": "lost",
}  # fmt: skip
_DRIVE_OUT = frozenset(
    "cleared clearing drove driven driving expelled expelling ousted ousting pushed flushed evicted chased".split()
)
"""'cleared the militants from 16 villages', 'drove the rebels out of 12 towns': retaken, by the subject."""
_CONTROL_WORDS = (
    "has", "have", "had", "having",
    "imposed", "imposes", "imposing", "expanded", "expands", "expanding", "established", "establishes",
    "establishing", "extended", "extends",
    "extending", "asserted", "exercised", "exercises", "exercising", "assumed", "assumes", "maintained", "maintains",
    "maintaining", "retained", "retains", "retaining", "kept", "keeps", "keeping", "consolidated", "consolidating",
    *_NOMINAL_CLASS,
    *_DRIVE_OUT,
)  # fmt: skip
"""The first word of every `_CONTROL_PHRASE` and `_NOMINAL` match, for the verb gate."""


def _verb_class(vword: str) -> Verb:
    """The class of the verb an amount's claim was read from ("took back", "imposed control over", "loss of")."""
    first = vword.split()[0]
    if " and " in vword or " or " in vword:
        return _VERB_CLASS.get(first, "control")  # "control and terrorise"
    if vword.endswith("back") or (first in _DRIVE_OUT and vword.endswith(("of", "from"))):
        return "retaken"
    if first in _NOMINAL_CLASS and vword.endswith(" of") and not vword.startswith("control"):
        return _NOMINAL_CLASS[first]
    return _VERB_CLASS.get(vword, "control")


_ALL_VERBS = "|".join(sorted(_VERB_CLASS, key=len, reverse=True))
_LEFT_VERB = re.compile(
    rf"\b(?P<v>(?:{_BACK_FORMS})\s+back|in\s+(?:(?:full|complete|total|effective)\s+)?control|{_CONTROL_PHRASE}|"
    rf"{_NOMINAL}|(?:{_ALL_VERBS})\s+(?:and|or)\s+[a-z]+|{_ALL_VERBS})"
    r"(?:\s+(?:back|(?:(?:full|complete|total|effective|their|its)\s+)?control\s+(?:of|over|to)|over|of|through))?"
    r"(?:\s+(?:the|another|a\s+further|an\s+additional|some|all|only|just|barely|at\s+most))*"
    r"\s*[\"“]?\s*$",
    re.I,
)
_LEFT_VERB_LIST = re.compile(
    rf"(?<![\w-])(?P<v>(?:{_BACK_FORMS})\s+back|{_NOMINAL}|{_ALL_VERBS})(?:\s+(?:(?:full|complete|total|effective)\s+)?"
    rf"control\s+of)?\s+"
    rf"(?:(?!(?:when|if|that|which|who|while|whereas|because|after|before|since|as|{_ALL_VERBS})\b)[\w’'-]+,?\s+){{1,14}}?"
    r"(?:(?:and|as\s+well\s+as|along\s+with|together\s+with|plus)\s+|[—–]\s*)$",
    re.I,
)
"""'captured 35 junta positions and two towns': the verb's object list goes on to a territorial amount."""
_LIST_ENDS = ("and", "as", "with", "plus", "—", "–")
"""How the left side of an amount ends where `_LEFT_VERB_LIST` can match."""
_HELD_BY = re.compile(
    r"\b(?P<a>[A-Z][\w’']+|rebel|insurgent|militant|government|regime|junta|opposition|separatist|jihadist)-"
    r"(?:held|controlled|occupied|run)\b"
)
_YEAR_OR_ORDINAL = re.compile(r"(?:(?:1[89]|20)\d\d|\d+(?:st|nd|rd|th)),?")
"""What a subject is cut after ("Since December 2023 the KIA", "the army's 9th Armored Division"); a number inside a
name stays ("Mouvement du 23 Mars")."""
_VERB_AFTER = re.compile(r"\s+(?:were|was|have|has|had|are|is|remain|remained|being|been)\b", re.I)
_LEAD_ADVERBIAL = re.compile(
    r"^\s*(?:(?:on|last|this|early|late|earlier)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|week|"
    r"month|year|night|morning)|yesterday|today|earlier|later|overnight|now|"
    r"(?:(?:since|in|by|until|after|before|from|during|early|late|mid-?|last|this)\s+)?(?:(?:early|late|mid-?)\s*)?"
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|spring|summer|"
    r"autumn|fall|winter|\d{4})(?:\s+\d{4})?|"
    r"(?:(?:over|in|during|within|for)\s+)?(?:the\s+)?(?:past|last|previous|first)\s+(?:\w+\s+)?"
    r"(?:days?|weeks?|months?|years?|hours?))\b,?\s*",
    re.I,
)
"""What opens a clause before its subject: "on Sunday", "since March 2024", "over the past two months"."""
_ACTOR_NP = (
    r"(?P<actor>(?:the\s+)?(?:[\w’'-]+\s+){0,3}?[\w’'-]+?)(?=['’]s\b|['’]\s|\s*[,.;:)\"”]|\s*$|\s+(?:since|in|on|over|"
    r"after|during|last|this|and|as|while|by|from|with|within|at|overnight|earlier|yesterday|today|according|"
    r"who|which|that|under|without|following|amid|near|along|across|before|until)\b)"
)
_GAP = r"(?:(?!,\s+(?:and|but|while|whereas)\b)(?:[^.;]|(?<=\d)\.(?=\d)))"
"""One character between an amount and its verb, not crossing into the next clause."""
_MORE = re.compile(
    rf"\b(?P<v>(?:{_BACK_FORMS})\s+back|{_ALL_VERBS})(?:\s+(?:(?:full|complete|total|effective)\s+)?control\s+of|\s+over)?\s+"
    rf"(?:(?P<another>another|a\s+further|an\s+additional)\s+)?(?:(?:all|just|only)\s+)?(?:(?P<qual>{QUALIFIER})\s+)?"
    rf"(?P<num>{NUMBER})"
    r"(?P<more>\s+more)?(?=\s*(?:[,.;:)]|$)|\s+(?:on|in|over|at|since|this|last|by|during|within|overnight|"
    r"yesterday|today|earlier|and|while|but|after|before|from|to)\b)",
    re.I,
)
"""'lost control of a further four', 'overran a dozen more': a verb with a number and no unit."""
_COORDINATED = re.compile(
    r"\s*(?:[,—–]\s*)?(?:(?:and|or|as\s+well\s+as|plus|in\s+addition\s+to|along\s+with|together|in\s+all|"
    r"that\s+is)\s+)?",
    re.I,
)
_R_FELL = re.compile(
    rf"^{_GAP}{{0,60}}?\b(?:fallen|fell|falling|gone|went|passed)\s+(?:to|into\s+the\s+hands\s+of)\s+{_ACTOR_NP}",
    re.I,
)
_BY_ACTOR = re.compile(rf"\s+by\s+{_ACTOR_NP}", re.I)
_R_BY = re.compile(
    rf"^{_GAP}{{0,60}}?\b(?:were|was|have\s+been|has\s+been|had\s+been|being|are|is|been)\s+(?:now\s+)?"
    rf"(?P<v>captured|seized|taken|overrun|occupied|controlled|held|run|ruled|governed|retaken|recaptured|regained|"
    r"liberated|freed|cleared|recovered|influenced|lost)"
    rf"\s+by\s+{_ACTOR_NP}",
    re.I,
)
_R_UNDER = re.compile(
    rf"^{_GAP}{{0,110}}?\b(?:under|in)\s+(?:the\s+)?(?:(?:temporary|full|complete|effective)\s+)?"
    rf"(?:control\s+of\s+(?P<a2>(?:the\s+)?[\w’'-]+(?:\s+[\w’'-]+){{0,2}})|"
    r"(?P<a1>[\w’'-]+(?:\s+[\w’'-]+){0,2}?)(?:['’]s?)?\s+control\b|(?P<occ>occupation)\b)",
    re.I,
)
_R_HANDS = re.compile(
    rf"^{_GAP}{{0,110}}?\bin\s+(?:the\s+hands\s+of\s+(?P<a2>(?:the\s+)?[\w’'-]+(?:\s+[\w’'-]+){{0,2}})|"
    r"(?P<a1>[\w’'-]+(?:\s+[\w’'-]+)?)\s+hands)",
    re.I,
)
_R_PASSIVE = re.compile(
    rf"^\s*(?:{_GAP}{{0,70}}?)\b(?:have|has|had|were|was|are|is)\s+(?:(?:now|also|already|since|reportedly)\s+)*(?:been\s+)?(?:(?:fully|completely|totally|effectively|largely|mostly)\s+)?"
    r"(?P<v>lost|captured|seized|taken|overrun|retaken|recaptured|liberated|regained|freed|cleared|recovered)\b"
    r"(?!\s+by)",
    re.I,
)
_R_HELD = re.compile(
    rf"^{_GAP}{{0,60}}?\b(?:are|were|is|was|remain|remained|remains|now|still)\s+(?:(?:now|still|all|fully)\s+)*"
    r"(?P<a>[\w’'-]+(?:\s+[\w’'-]+)?)-(?:held|controlled|occupied|run|dominated)\b",
    re.I,
)
"""'25 — Faizabad among them — are Taliban-controlled'."""
_R_FELL_BARE = re.compile(
    rf"^{_GAP}{{0,40}}?\b(?:fell|have\s+fallen|has\s+fallen|had\s+fallen|were\s+overrun|have\s+been\s+overrun)\b"
    r"(?!\s+(?:to|into|in\s+the\s+hands|under|by|back|apart|silent|victim|short|sharply|from))",
    re.I,
)
"""'Four more cities fell overnight': to the side the passage is about."""
_R_CHANGED = re.compile(r"^[^.;]{0,40}?\bchanged\s+hands", re.I)
_R_CONTESTED = re.compile(
    r"^(?:\s*contested\b|[^.;,]{0,50}?\b(?:are|were|remain|remained|remains|is|was|being|been|be)\s+"
    r"(?:(?:still|now|also|hotly|fiercely|heavily|reportedly)\s+)*contested\b)",
    re.I,
)

_RIGHT_GATES: dict[str, tuple[str, ...]] = {
    _R_FELL.pattern: ("fell", "fall", "gone", "went", "passed"),
    _R_BY.pattern: ("by",),
    _R_UNDER.pattern: ("control", "occupation"),
    _R_HANDS.pattern: ("hands",),
    _R_PASSIVE.pattern: (
        "lost",
        "captured",
        "seized",
        "taken",
        "overrun",
        "liberated",
        "regained",
        "freed",
        "cleared",
        "recovered",
    ),
    _R_CHANGED.pattern: ("changed",),
    _R_HELD.pattern: ("held", "controlled", "occupied", "run", "dominated"),
    _R_FELL_BARE.pattern: ("fell", "fallen", "overrun"),
    _R_CONTESTED.pattern: ("contested",),
}
"""For each pattern read after an amount (by its source: hashing a compiled pattern hashes its whole program, each
time, up to a microsecond), a word of its every match: most amounts are followed by none."""


def _gated_match(rx: re.Pattern[str], right: str, right_folded: str) -> re.Match[str] | None:
    """`rx.match(right)`, not tried when `right_folded` (its fold) has none of the words `rx` needs."""
    return rx.match(right) if has_any(right_folded, _RIGHT_GATES[rx.pattern]) else None


_AUX_TAIL = re.compile(
    r"(?:\s+(?:now|still|already|reportedly|also|just|recently|quickly|effectively|had|has|have|having|been|were|"
    r"was|are|is|would|will|could|may|might|then|since|again|apparently|allegedly|finally|largely|together|"
    r"jointly|fully|partly|partially|firmly|entirely|currently|reportedly|say\s+they|said\s+they|claimed\s+to|claim\s+to|claims\s+to|appear\s+to|appears\s+to|appeared\s+to|"
    r"managed\s+to|were\s+able\s+to|continue\s+to|continued\s+to|to|not|never|only|to\s+have|claim\s+to\s+have|"
    r"claimed\s+to\s+have))+\s*$",
    re.I,
)
_AUX_TAIL_WORDS = frozenset(re.findall(r"[a-z]+", _AUX_TAIL.pattern.replace(r"\s", " ")))
"""Every word of every `_AUX_TAIL` alternative: the words of an auxiliary tail are all of them."""


def _without_aux_tail(left: str) -> str:
    """`_AUX_TAIL.sub("", left)`, the pattern only tried from where the trailing run of `_AUX_TAIL_WORDS` starts (no
    match starts before it: every word of a match is one of them)."""
    toks = left.split()
    k = 0
    while k < len(toks) and fold(toks[-1 - k]) in _AUX_TAIL_WORDS:
        k += 1
    if not k:
        return left
    parts = left.rsplit(None, k)
    m = _AUX_TAIL.search(left, len(parts[0]) if len(parts) > k else 0)
    return left[: m.start()] + left[m.end() :] if m else left


_AUX_ENDINGS = (
    "now", "still", "already", "reportedly", "also", "just", "recently", "quickly", "effectively", "had", "has",
    "have", "having", "been", "were", "was", "are", "is", "would", "will", "could", "may", "might", "then", "since",
    "again", "apparently", "allegedly", "finally", "largely", "together", "jointly", "fully", "partly", "partially",
    "firmly", "entirely", "currently", "they", "to", "not", "never", "only",
)  # fmt: skip
"""The last word of each `_AUX_TAIL` alternative: text ending otherwise has no tail to strip."""
_CLAUSE_CUT = re.compile(
    r".*(?:[,;:—–(\"“”]|\s-\s|\b(?:that|while|and|but|as|after|when|because|since|though|although|whereas|"
    r"said|says|saying|insisted|insists|claimed|claims|warned|added|told|reported|believe|believes|think|say|"
    r"show|shows|showed|shown|found|finds|with|see|saw|sees|put|puts|left|leaves|leaving)\b)",
    re.I | re.S,
)


_YEAR = re.compile(r"(1[89]|20)\d\d")
_DIGIT = re.compile(r"\d")
_ENDS_AND = re.compile(r"\b(?:and|but)\s*$")
_TIME_WORD = re.compile(r"\b(?:on|in|at|last|since|after|before|during|yesterday|today)\b")


_RELATIVE_GAP = re.compile(r"\b(?:that|which|who|whose)\b", re.I)
_RELATIVE_WORDS = ("that", "which", "who")
"""A piece of every `_RELATIVE_GAP` match ("whose" holds "who")."""


def _relative_before(m: re.Match[str], right: str, right_folded: str) -> bool:
    """Whether a relative pronoun comes before the end of `m`, a match in the words after an amount."""
    return has_any(right_folded[: m.end()], _RELATIVE_WORDS) and _RELATIVE_GAP.search(right, 0, m.end()) is not None


def _left_verb(left: str, gates: _Gates, left_folded: str) -> re.Match[str] | None:
    """The verb before an amount ("captured", "took control of"): `_LEFT_VERB` in the clause up to it."""
    return next(finditer_at(_LEFT_VERB, left, gates.left_verbs, left_folded, word_start=True), None)


_VERB_BEFORE_OR = re.compile(rf"\b(?:{_ALL_VERBS})\s+(?:or|and|and/or)\s+$", re.I)


def _coordinated_verbs_start(left: str, pos: int) -> int:
    """Where the verbs that end at `pos` start: "controlling or influencing four of …" has two, one subject."""
    m = _VERB_BEFORE_OR.search(left, max(0, pos - 40), pos) if left[:pos].rstrip().endswith(("or", "and")) else None
    return m.start() if m else pos


_UNWRITTEN: frozenset[Qualifier] = frozenset({"most"})
"""Amounts the schema has no qualifier for ("most of the districts", "the majority", "three quarters"): read, so
that no shorter amount inside them is taken for the claim ("most of the 12 towns" is no claim on 12 towns), and
so that an amount coordinated with them borrows their verb, but never reported."""


class _Found(NamedTuple):
    start: int
    end: int
    n: int | None
    qualifier: Qualifier
    total: int | None
    unit: str


_SINGULAR_UNIT = re.compile(rf"(?:{_UNIT_SINGULAR})", re.I)
_PLURALS = {"city": "cities", "municipality": "municipalities", "county": "counties", "locality": "localities",
            "territory": "territories", "sq km": "sq km"}  # fmt: skip
_AFTER_ONE_UNIT = re.compile(
    r"\s*(?:$|[,.;:)\"”’—–-]|(?:and|or|in|of|on|at|near|along|from|to|by|as|after|since|last|this|that|which|"
    r"while|but|with|within|under|has|have|had|was|were|is|are|fell|remains?|remained|changed|back|each|"
    r"during|before|until|for|over|across|outside|inside|north|south|east|west|itself)\b)",
    re.I,
)


def _unit_text(unit: str) -> str:
    """The unit as written, lower-cased and in the plural ("one district capital" is a claim on district capitals)."""
    u = " ".join(unit.split())
    u = u if u.isupper() or u.endswith("As") else u.lower()
    if u in {"sq km", "sq. km", "sqkm", "sq.km", "km2", "km²", "square kilometers"}:
        return "square kilometres"
    if _SINGULAR_UNIT.fullmatch(u):
        head = u.rsplit(None, 1)[-1]
        plural = _PLURALS.get(head, head + ("" if head.endswith("s") else "s"))
        u = u[: len(u) - len(head)] + plural
        if u == "square kilometers":
            return "square kilometres"
    return u


def _singular_ok(m: re.Match[str], count: int) -> bool:
    """A singular unit stands after "one" alone, and then as a noun, not a modifier ("one district official")."""
    if not _SINGULAR_UNIT.fullmatch(m.group("unit")):
        return True
    return count == 1 and _AFTER_ONE_UNIT.match(m.string, m.end()) is not None


_UNIT_WORDS = (
    "districts", "district", "villages", "village", "towns", "town", "townships", "township", "settlements",
    "settlement", "cities", "city", "provinces", "province", "provincial", "states", "state", "regions", "regional",
    "municipalities", "municipality", "counties", "county", "communes", "commune", "localities", "locality",
    "hamlets", "hamlet", "oblasts", "oblast", "governorates", "governorate", "neighbourhoods", "neighbourhood",
    "neighborhoods", "neighborhood", "square", "sq", "sqkm", "km2", "km²", "subdistricts", "subdistrict",
    "subtownships", "subtownship", "sub", "administrative", "local", "lgas", "lga", "barangays", "barangay",
    "raions", "raion", "hromadas", "hromada", "territories", "territory", "chiefdoms", "chiefdom",
)  # fmt: skip
"""The first word of every `_UNIT` alternative ("district centres", "sub-districts", "sq. km"): a unit starts
after a space and ends a word, so without one of these as a word `_QTY` and `_WORDS` cannot match."""
_FRACTION_WORDS = ("half", "third", "thirds", "quarter", "quarters", "most", "majority")
"""The word of every `FRACTION` that `_FRACTION_RE` needs ("a third", "two-thirds", "the majority")."""
_QUANTITY_WORDS = ("dozens", "scores", "tens", "several", "few", "handful", "number")
"""The word of every amount `_WORDS` reads ("dozens", "a few", "a handful")."""
_PERCENT_WORDS = ("percent", "per cent", "%")
"""A rule more than a gate: `_PERCENT` is only tried where one of these is written as such ("per  cent", with
two spaces, never was), so unlike the gates this test stays when the gates are turned off."""
_PERCENT_ANCHOR = re.compile(r"percent|per\s+cent|%")
_FRACTION_ANCHOR = re.compile("|".join(_FRACTION_WORDS))
_WORDS_ANCHOR = re.compile("|".join(_QUANTITY_WORDS))
"""Anchors for `finditer_near`, searched in the folded sentence: a piece of every match of `_PERCENT`,
`_FRACTION_RE` and `_WORDS`."""
_ELLIPSIS_GATE = (
    "held", "controlled", "influence", "hands", "fallen", "fell", "captured", "seized", "taken", "overrun", "lost",
    "regained", "liberated", "contested",
)  # fmt: skip
"""A piece of every verb `_ELLIPSIS` ends with ("changed hands", "retaken") but "under … control"."""
_ELLIPSIS_HEADS = (",", ";", ":", " —", " –", "and", "while", "but", "with", "whereas")
"""What an `_ELLIPSIS` match starts with, when not at the start of the sentence."""
_VERB_WORDS = (*_VERB_CLASS, *_BACK_FORMS.split("|"), *_CONTROL_WORDS)
_UNIT_GATE, _FRACTION_GATE, _QUANTITY_GATE, _VERB_GATE = map(
    gate_words, (_UNIT_WORDS, _FRACTION_WORDS, _QUANTITY_WORDS, _VERB_WORDS)
)
"""The verbs `_LEFT_VERB`, `_LEFT_VERB_LIST` and `_MORE` start with ("captured", "took back"): whole words."""
_MORE_GATE = gate_words(("another", "further", "additional", "more"))
"""A `_MORE` match is only used when it says "another", "a further", "an additional" or "more"."""


class _Gates(NamedTuple):
    """The unit, fraction and amount words of the article (see `Vocabulary`): its sentences hold no other."""

    units: tuple[str, ...]
    fractions: tuple[str, ...]
    quantities: tuple[str, ...]
    percent: bool
    """Whether the article writes "percent", "per cent" or "%" anywhere."""
    verbs: tuple[str, ...]
    """The verbs of control the article holds: where `_MORE` can start."""
    left_verbs: tuple[str, ...]
    """The same and "in" ("in control"): where `_LEFT_VERB` can start."""
    unreal: tuple[str, ...]
    """The words of condition and modality the article holds: without one, no claim is `_unreal`."""
    more: tuple[str, ...]
    """The words of `_MORE_GATE` the article holds (each a whole word in every `_MORE` match that is used)."""
    amount_starts: tuple[str, ...]
    """The qualifiers, number words, "all" and "none" whose first word the article holds: what a `_QTY` match
    that does not start with a digit (or "a") starts with."""

    @classmethod
    def of(cls, body: str, folded: str, vocabulary: Vocabulary) -> _Gates:
        verbs = vocabulary.narrow(_VERB_GATE)
        return cls(
            _units(body, folded, vocabulary.narrow(_UNIT_GATE)),
            vocabulary.narrow(_FRACTION_GATE),
            vocabulary.narrow(_QUANTITY_GATE),
            "%" in folded or "per" in folded and ("percent" in folded or "per cent" in folded),  # (`_PERCENT_WORDS`)
            verbs,
            (*verbs, "in"),
            vocabulary.narrow(_UNREAL_GATE),
            vocabulary.narrow(_MORE_GATE),
            _amount_starts(vocabulary),
        )


_AMOUNT_STARTS: dict[str, tuple[str, ...]] = {}
"""What a `_QTY` match can start with but a digit or "a" ("all", "none", a qualifier, a number word), by its first
word ("approx." is the word "approx"): a whole word in every match."""
for _start in ("all", "none", *AMOUNT_STARTS):
    _AMOUNT_STARTS.setdefault(_start.split()[0].rstrip("."), ())
    _AMOUNT_STARTS[_start.split()[0].rstrip(".")] += (_start,)
_AMOUNT_FIRST_WORDS = gate_words(_AMOUNT_STARTS)


def _amount_starts(vocabulary: Vocabulary) -> tuple[str, ...]:
    """`_AMOUNT_STARTS` whose first word the article holds."""
    starts: tuple[str, ...] = ()
    for word in vocabulary.narrow(_AMOUNT_FIRST_WORDS):
        starts += _AMOUNT_STARTS[word]
    return starts


_UNIT_PREFIXES = frozenset({"provincial", "regional", "square", "sq", "sub", "administrative", "local"})
"""The words of `_UNIT_WORDS` that are no unit by themselves, only the start of one ("provincial capitals",
"sq km"): most articles that hold them hold no such unit ("a provincial council member")."""
_UNIT_AT = re.compile(rf"(?:{_UNIT})\b", re.I)


def _units(body: str, folded: str, units: tuple[str, ...]) -> tuple[str, ...]:
    """The unit words of the article (`units`), without the ones that start no unit in it: every unit match
    starts with the word of its own (in the fold, at the same offset), so the others are in no amount."""
    if not gating.ENABLED or _UNIT_PREFIXES.isdisjoint(units):
        return units
    return tuple(w for w in units if w not in _UNIT_PREFIXES or _starts_unit(body, folded, w))


def _starts_unit(body: str, folded: str, word: str) -> bool:
    i = folded.find(word)
    while i != -1:
        if _UNIT_AT.match(body, i):
            return True
        i = folded.find(word, i + 1)
    return False


def _quantities(sent: str, folded: str, gates: _Gates, first_digit: int) -> Iterator[re.Match[str]]:
    """`_QTY.finditer(sent)`, but without scanning the words before the first place an amount can start, nor the
    rest of the sentence once no unit is left in it; `first_digit` is where its first digit is (-1: nowhere).

    Every match ends with a unit, and `_QTY` is slow to try at each position of a long sentence.
    """
    start = _first_amount(folded, gates, first_digit)
    if start == -1:
        return
    for m in _QTY.finditer(sent, start):
        yield m
        if gating.ENABLED and all(folded.find(w, m.end()) == -1 for w in gates.units):
            return


def _first_amount(folded: str, gates: _Gates, first_digit: int) -> int:
    """A place at or before which every `_QTY` match of the sentence (`folded` is its fold) starts, else -1 when no
    match can start anywhere.

    A match starts with "all" or "none", a qualifier ("more than"), or the number: a digit, a number word, or "a"
    ("a dozen"). The words are searched for as written (a superset of where they start a match): only those of
    the article (`gates.amount_starts`) and at most once each.
    """
    if not gating.ENABLED or "dozen" in folded or "hundred" in folded:
        return 0  # ("a dozen", "a hundred": cheaper not to look for where "a" is)
    first = first_digit
    for word in gates.amount_starts:
        i = folded.find(word)
        if i != -1 and (first == -1 or i < first):
            first = i
    return first


_CONTROL_OVER = re.compile(r"\b(?:control|authority|sway|grip|hold|power|influence|dominance)\s+$", re.I)


def _amounts(sent: str, folded: str, gates: _Gates, first_digit: int) -> list[_Found]:
    """Amounts of territory in one sentence; `folded` is `fold(sent)`, for the gates, and `first_digit` the offset
    of its first digit (-1: none)."""
    found: list[_Found] = []
    has_unit = bool(gates.units) and has_any(folded, gates.units)
    has_percent = gates.percent and any(w in folded for w in _PERCENT_WORDS)
    has_fraction = bool(gates.fractions) and has_any(folded, gates.fractions)
    if not (has_unit or has_percent or has_fraction):
        return found
    for m in _quantities(sent, folded, gates, first_digit) if has_unit else ():
        count = parse_number(m.group("num"))
        if count is None or not _singular_ok(m, count):
            continue
        total = parse_number(m.group("total")) if m.group("total") else None
        qual = qualifier_of(m.group("qual"))
        if m.group("or") and qual == "exact":
            qual = "at least"  # "four or five out of the seven districts", "two to three towns"
        num_text = m.group("num")
        if _YEAR.fullmatch(num_text) and not m.group("qual"):
            continue  # a year
        begin = m.start()
        if qual == "more than" and m.group("qual").lower() == "over" and _CONTROL_OVER.search(sent, 0, m.start()):
            qual, begin = "exact", m.start("num")  # "control over 19 villages": the verb's "over", not a hedge
        allword = (m.group("all") or "").lower()
        if allword == "none":
            total, count, qual = count, 0, "exact"
        elif allword == "all":
            total = count
        found.append(_Found(begin, m.end(), count, qual, total, _unit_text(m.group("unit"))))
    # at most 9 stretches of space before "percent": "no more than | twenty three hundred and twenty three |"
    for m in finditer_near(_PERCENT, sent, _PERCENT_ANCHOR, 9, folded) if has_percent else ():
        count = parse_number(m.group("num"))
        if count is None or count > 100:
            continue
        unit = f"percent of {_unit_text(m.group('punit'))}" if m.group("punit") else "percent of territory"
        found.append(_Found(m.start(), m.end(), count, qualifier_of(m.group("qual")), None, unit))
    if has_percent:
        for m in _VERB_PERCENT.finditer(sent):
            # "the NUG and its allies control 52 percent": of the territory, when a verb of control says so
            count = parse_number(m.group("num"))
            if count is not None and count <= 100:
                at = m.start("qual") if m.group("qual") else m.start("num")
                found.append(_Found(at, m.end(), count, qualifier_of(m.group("qual")), None, "percent of territory"))
    if has_unit and found and ", or" in sent:
        for m in _OR_PERCENT.finditer(sent):
            count = parse_number(m.group("num"))
            prev = [f for f in found if f.end <= m.start()]
            if count is not None and count <= 100 and prev and not prev[-1].unit.startswith("percent"):
                unit = f"percent of {prev[-1].unit}"
                found.append(_Found(m.start("num") - 0, m.end(), count, qualifier_of(m.group("qual")), None, unit))
    if has_unit and ("none" in folded or "no " in folded or "single" in folded or "not one" in folded):
        for m in _NONE.finditer(sent):
            unit = m.group("unit") or m.group("unit1")
            found.append(_Found(m.start(), m.end(), 0, "exact", None, _unit_text(unit)))
    # "no more than | two | thirds"
    for m in finditer_near(_FRACTION_RE, sent, _FRACTION_ANCHOR, 4, folded) if has_fraction else ():
        unit = _unit_text(m.group("unit")) if m.group("unit") else "percent of territory"
        total = parse_number(m.group("total")) if m.group("unit") and m.group("total") else None
        found.append(_Found(m.start(), m.end(), None, fraction_qualifier(m.group("frac")), total, unit))
    has_quantity = has_unit and bool(gates.quantities) and has_any(folded, gates.quantities)
    for m in finditer_near(_WORDS, sent, _WORDS_ANCHOR, 1, folded) if has_quantity else ():
        word = m.group("word").lower()
        wq: Qualifier = "dozens" if word in {"dozens", "scores", "tens"} else "several"
        found.append(_Found(m.start(), m.end(), None, wq, None, _unit_text(m.group("unit"))))
    found.sort(key=lambda f: (f.start, -f.end))  # (by place: two readings of one span may differ in total)
    # drop amounts nested in a longer one
    kept: list[_Found] = []
    for f in found:
        if kept and f.start < kept[-1].end:
            if f.end - f.start > kept[-1].end - kept[-1].start:
                kept[-1] = f
            continue
        kept.append(f)
    return kept


_ED_ADJECTIVES = (
    r"(?:allied|armed|united|backed|aligned|linked|affiliated|based|trained|supported|combined|unidentified|armoured|"
    r"armored|mixed|limited|detailed|estimated|reported|so-called|suspected|alleged|self-styled|isolated|besieged)"
)
"""Words in -ed that are adjectives before a noun ("HTS and allied factions launched …"), not the verb."""
_FIRST_VERB = re.compile(
    rf"\s(?:has|have|had|is|are|was|were|will|would|now|still|{_ALL_VERBS}|(?-i:(?!{_ED_ADJECTIVES}\b)[a-z]+ed))\b",
    re.I,
)


_SELF = frozenset({"it", "they", "we"})
_OWN = frozenset({"its", "their", "our"})
"""'the ministry said its troops had retaken …': the troops are the speaker's."""
_REPORTER = re.compile(
    r"(?:^|[,;]\s*|\s[—–-]\s*|\b(?:and|but|while)\s+)(?P<np>(?:[Tt]he\s+)?(?-i:[A-Z])[\w’'-]*(?:\s+[\w’'-]+){0,3}?)\s+"
    r"(?:said|says|say|claims|claimed|claim|insists|insisted|announced|acknowledged|stated|added|reported|"
    r"confirmed|estimates|estimated)\s+(?:(?:on\s+\w+|yesterday|today|earlier|in\s+a\s+statement),?\s+)?"
    r"(?:that\s+)?$",
    re.I,
)
"""'Kyiv says it has retaken …': the pronoun is the one who speaks."""


_CONDITION = re.compile(r"\b(?:if|unless|whenever)\b", re.I)
_WHEN = re.compile(r"\b(?:when|once)\b", re.I)
_CONDITION_WORDS = ("if", "unless", "whenever", "when", "once")
_ADVERBS = (
    r"not|never|also|now|soon|still|then|likely|probably|eventually|easily|only|quickly|even|yet|already|fully|"
    r"effectively|one\s+day|ever|again|all"
)
_MODAL_BEFORE = re.compile(
    rf"\b(?:(?:would|will|shall|can|could|may|might|must|should)\s+(?:(?:{_ADVERBS})\s+)*(?:be\s+able\s+to\s+)?|"
    rf"would\s+(?:(?:{_ADVERBS})\s+)*have\s+(?:(?:{_ADVERBS})\s+)*|(?<![\w'’])['’]ll\s+)$",
    re.I,
)
"""A modal governing the verb: "would control", "could soon take", "would have lost" (not "may have seized", an
estimate of what happened)."""
_MODAL_AFTER = re.compile(
    r"\b(?:would|will|shall|can|must|should|(?:could|may|might)(?!\s+(?:\w+\s+)?have\b))\b|['’]ll\b", re.I
)
_MODAL_WORDS = ("would", "will", "shall", "can", "could", "may", "might", "must", "should", "'ll", "’ll")
_UNREAL_GATE = gate_words({*_CONDITION_WORDS, *(w for w in _MODAL_WORDS if w[0].isalpha()), "ll"})
"""A whole word of every match of `_CONDITION`, `_WHEN`, `_MODAL_BEFORE` and `_MODAL_AFTER` ("'ll" is the word
"ll"), for `Vocabulary.narrow`."""
_PRESENT_FORMS = frozenset(
    form for form in _VERB_CLASS if not form.endswith(("ed", "ing")) and form not in {
        "held", "ran", "took", "taken", "overran", "won", "lost", "retook", "retaken", "overrun"}
)  # fmt: skip
"""The present forms of the verbs of control ("holds", "take"): what a rule or a condition is written in."""


def _unreal(segment_text: str, before_verb: str, after_amount: str, generic: bool) -> bool:
    """Whether an amount is in a clause that states no fact: a condition ("if the rebels take 20 more towns"),
    a rule ("counts a district as theirs when the group holds …"), a prediction or hypothesis ("would control
    half the country", "20 towns would remain under their control").

    `segment_text` is the clause up to the amount; only the part after its last comma governs the amount.
    """
    low = segment_text.lower()
    seg = low[max(low.rfind(","), low.rfind(":"), low.rfind("—"), low.rfind("(")) + 1 :]
    if any(w in seg for w in _CONDITION_WORDS):
        if _CONDITION.search(seg) or (generic and _WHEN.search(seg)):
            return True
    if before_verb and any(w in before_verb.lower() for w in _MODAL_WORDS) and _MODAL_BEFORE.search(before_verb):
        return True
    return (
        bool(after_amount)
        and any(w in after_amount.lower() for w in _MODAL_WORDS)
        and bool(_MODAL_AFTER.search(after_amount))
    )


_NOT_DONE = re.compile(
    r"\b(?:not|never|n['’]t|no\s+longer|failed\s+to|fail\s+to|tried\s+to|try\s+to|trying\s+to|"
    r"attempt(?:ed|ing|s)?\s+to|attempts?\s+to|sought\s+to|seek(?:s|ing)?\s+to|aim(?:ed|s|ing)?\s+(?:at|to)|"
    r"plan(?:s|ned|ning)?\s+to|threaten(?:ed|s|ing)?\s+to|vow(?:ed|s|ing)?\s+to|want(?:s|ed)?\s+to|"
    r"hop(?:e|es|ed|ing)\s+to|intend(?:s|ed)?\s+to|bid\s+to|efforts?\s+to|push(?:ed|ing)?\s+to|"
    r"prepar(?:e|es|ed|ing)\s+to|unable\s+to|yet\s+to|bent\s+on|poised\s+to|set\s+to|about\s+to|"
    r"ready\s+to|expected\s+to|likely\s+to|urged\s+\w+\s+to|order(?:ed)?\s+\w+\s+to|called\s+on\s+\w+\s+to)"
    r"(?:\s+[\w’'-]+){0,3}?\s*$",
    re.I,
)
"""A verb that did not happen: negated, attempted, planned, threatened ("tried to seize 20 villages")."""
_NOT_DONE_WORDS = (
    "not", "never", "n't", "n’t", "longer", "fail", "tri", "try", "attempt", "sought", "seek", "aim", "plan",
    "threat", "vow", "want", "hop", "intend", "bid", "effort", "push", "prepar", "unable", "yet", "bent", "poised",
    "set to", "about to", "ready", "expected", "likely", "urged", "order", "called",
)  # fmt: skip
"""A piece of every `_NOT_DONE` match, lower-cased: without one the pattern is not tried."""
_NEGATED_AFTER = re.compile(r"\b(?:not|never|n['’]t|no\s+longer)\b", re.I)
_DENIAL = re.compile(
    r"\b(?:den(?:y|ies|ied|ying)|dismiss(?:ed|es|ing)?|reject(?:ed|s|ing)?|refut(?:ed|es|ing)|rebutt?(?:ed|s)?|"
    r"disput(?:ed|es|ing)|contradict(?:ed|s)?|(?:is|was|were|are)\s+(?:false|untrue|baseless|unfounded)|"
    r"no\s+truth|fake\s+news|whether|rumou?rs?)\b",
    re.I,
)
"""The amount is in what someone denies, doubts or asks: no claim."""
_DENIAL_WORDS = (
    "den", "dismiss", "reject", "refut", "rebut", "disput", "contradict", "false", "untrue", "baseless",
    "unfounded", "truth", "fake", "whether", "rumo",
)  # fmt: skip
"""A piece of every `_DENIAL` match, lower-cased."""
_ASSERTS = re.compile(r"\b(?:says?|said|insists?|insisted|claims?|claimed|added|announced|but|while|whereas)\b", re.I)
"""After a denial, a clause of its own: "disputes the figure and says it has regained five district centres"."""


def _negated(sent: str, clause_start: int, f: _Found, before_verb: str, ev_end: int) -> bool:
    """Whether an amount's clause says that the change did not happen, was only tried, or is denied or asked."""
    if f.n == 0:
        return False  # "none of the towns has fallen": the zero is the claim
    if sent.rstrip(' "”’)').endswith("?"):
        return True
    left = sent[: f.start]
    low = left.lower()
    if any(w in low for w in _NOT_DONE_WORDS):
        if before_verb and _NOT_DONE.search(before_verb[-80:]):
            return True
        if _NOT_DONE.search(left[-60:]):
            return True  # "the rebels failed to take 20 villages": the verb before the amount
    if ev_end > f.end and _NEGATED_AFTER.search(sent, f.end, ev_end):
        return True
    if any(w in low for w in _DENIAL_WORDS):
        denial = None
        for found in _DENIAL.finditer(left):
            denial = found  # (the last one)
        if denial is not None and not _ASSERTS.search(left, denial.end()):
            return True
    return False


_FRAME = re.compile(rf"^\s*(?:Of|Out\s+of|Among)\s+(?:the\s+|all\s+(?:the\s+)?)?(?:{_POSS}\s+)?$", re.I)


_LED_BY = re.compile(r"^(?:the\s+)?[\w’'-]+(?:\s+[\w’'-]+)?\s+led\s+by\s+((?:the\s+)?[A-Z].*)$")


_PAREN_SHORT = re.compile(r"\s*\(\s*[A-Z][\w.&-]{0,12}\s*\)")
_POSTMODIFIER = re.compile(
    r"^(?P<head>.*?)\s+(?:loyal\s+to|aligned\s+with|allied\s+(?:to|with)|linked\s+to|affiliated\s+(?:to|with)|"
    r"backed\s+by|supported\s+by|belonging\s+to)\s+(?P<owner>(?:the\s+)?(?-i:[A-Z]).*)$",
    re.I,
)
_PLAIN_GROUP = re.compile(
    r"^(?:the\s+)?(?:[a-z-]+\s+)?(?:forces|fighters|troops|gunmen|militants|militias|units|elements|groups|"
    r"insurgents|rebels|factions|battalions|brigades|armed\s+groups|Forces|Fighters|Troops|Units)$"
)
_OF_OWNER = re.compile(r"^(?P<head>.*?)\s+(?:of|from)\s+(?P<owner>(?:the\s+)?(?:(?-i:[A-Z])|\w+['’]s\b).*)$", re.I)
_PRONOUN_END = re.compile(r"(?:^|\s)(it|they|he|she|we)$", re.I)


def _head_of(np: str) -> str:
    """The actor a subject names, not its modifiers: "Maute gunmen loyal to the Islamic State" is Maute gunmen,
    "Forces aligned with the Tigray People's Liberation Front" is the Front, "then it" is "it"."""
    pron = _PRONOUN_END.search(np)
    if pron:
        return pron.group(1)
    m = _POSTMODIFIER.match(np.strip())
    if m:
        return m.group("owner") if _PLAIN_GROUP.match(m.group("head").strip()) else m.group("head")
    m = _OF_OWNER.match(np.strip())
    if m and _PLAIN_GROUP.match(m.group("head").strip()):
        return m.group("owner")  # "forces of the Government of National Accord"
    return np


def _subject_before(left: str) -> tuple[str, int] | None:
    """The subject noun phrase at the end of `left` (text up to the verb) and its offset."""
    if "(" in left:
        left = _PAREN_SHORT.sub(lambda m: " " * len(m.group()), left)  # "the Kachin Independence Army (KIA) has"
    found = _subject_np(left)
    if found is None:
        return None
    phrase, at = found
    head = _head_of(phrase)
    if head is not phrase:
        at += phrase.find(head) if head in phrase else 0
        phrase = head
    return phrase, at


_PARTICIPLE = re.compile(r"\w+ing\b|having\b")
_MAIN_SUBJECT_END = re.compile(rf"\s(?:has|have|had|is|are|was|were|now|{_ALL_VERBS}|\w+ed)\b", re.I)


_LAST_FINITE = re.compile(
    r".*\b(?:has|have|had|is|are|was|were|will|would)\s+(?:\w+\s+)?(?=\w+ed\b|\w+en\b)|.*\s(?=\w+ed\b)", re.S
)


def _clause_subject(left: str) -> tuple[str, int] | None:
    """The subject of the clause before a participle: "it had completed its part …, having retaken 57 …"."""
    comma = left.rstrip().rfind(",")
    if comma <= 0:
        return None
    m = _LAST_FINITE.match(left, 0, comma)
    if not m or not m.group(0).strip():
        return None
    found = _subject_before(left[: m.end()].rstrip() + " ")
    return found if found and found[0].split()[-1].lower() not in {"has", "have", "had"} else None


def _main_subject(left: str) -> tuple[str, int] | None:
    """The subject of the clause a participle hangs on: the words before its first verb."""
    m = _MAIN_SUBJECT_END.search(left)
    if not m:
        return None
    head = left[: m.start()]
    lead = _LEAD_ADVERBIAL.match(head)
    start = lead.end() if lead else 0
    cut = head.rfind(",", start)
    if cut != -1:
        start = cut + 1
    np = head[start:].strip()
    if not np or len(np.split()) > 6:
        return None
    return np, left.find(np, start)


_CONJOINED = re.compile(
    r"(?:^|[,;:(]\s*|\b(?:that|when|after|as|while)\s+)(?P<np>(?:[Tt]he\s+)?[\w’'-]+(?:\s+[\w’'-]+){0,4})\s+and\s*$"
)


def _subject_np(left: str) -> tuple[str, int] | None:
    if fold(left).rstrip().endswith(_AUX_ENDINGS):
        left = _without_aux_tail(left)
    cut = _CLAUSE_CUT.match(left)
    start = cut.end() if cut else 0
    np = left[start:]
    lead = _LEAD_ADVERBIAL.match(np)
    if lead and lead.end() < len(np):
        np = np[lead.end() :]  # "said on Sunday it had regained": the subject is "it"
    stripped = np.strip()
    if not stripped and cut and _ENDS_AND.search(left[:start]):
        # "X has lost control of …, and now controls 50%": the subject of the first verb
        first = _FIRST_VERB.search(left[: cut.start() if cut.start() > 0 else start])
        return _subject_before(left[: first.start()]) if first and first.start() > 0 else None
    if not stripped and cut and left[: cut.end()].rstrip().endswith(","):
        # "The Arakan Army, one of the alliance's members, has seized …": the subject before the apposition
        head = left[: cut.end()].rstrip()[:-1]
        comma = head.rfind(",")
        if comma > 0 and len(head[comma + 1 :].split()) <= 14 and head[:comma].strip():
            return _subject_before(head[:comma] + " ")
    if not stripped:
        return None
    if stripped.lower() in {"which", "who"} and left[:start].rstrip().endswith(","):
        # "the government, which still holds 4 of …": the relative pronoun stands for the noun before it
        return _subject_before(left[: start - 1])
    led = _LED_BY.search(stripped) if "led" in stripped else None
    if led:
        stripped = led.group(1)  # "Insurgents led by Hayat Tahrir al-Sham": the group that leads them
    stripped = _head_of(stripped)
    toks = stripped.split()
    digit = max((k for k, t in enumerate(toks) if _YEAR_OR_ORDINAL.fullmatch(t)), default=-1)
    if 0 <= digit < len(toks) - 1 and not any(t.endswith(("'s", "’s")) for t in toks[:digit]):
        toks = toks[digit + 1 :]  # "Since December 2023 the Kachin Independence Army" (not "the army's 9th …")
    if len(toks) > 5:
        toks = toks[-5:]
    phrase = " ".join(toks)
    at = left.rfind(phrase)
    before = left[:at]
    if before.rstrip().endswith("and") and len(toks) <= 5:
        # "Iraqi government troops and allied fighters have recaptured": both are the subject
        conj = _CONJOINED.search(before)
        if conj and not _FIRST_VERB.search(" " + conj.group("np")) and conj.group("np").split()[0][0].isupper():
            return before[conj.start("np") :] + phrase, conj.start("np")
    return phrase, at


_DATELINE_LEAD = re.compile(
    r"^(?:[A-Z][A-Z’'.-]+(?:\s+[A-Z][A-Z’'.-]+)*(?:,\s+[A-Z][\w ]+)?\s*(?:\([^)]*\)\s*)?[—–-]\s*)"
)
_TIME_TAIL = re.compile(r"(?:\s+(?:today|yesterday|tonight|overnight|earlier|now|again|last\s+\w+|this\s+\w+))+$", re.I)
_GENERIC_GROUP = re.compile(
    r"^(?:the\s+)?(?:insurgents|militants|rebels|jihadists|fighters|extremists|guerrillas|militiamen|islamists|"
    r"terrorists|group|movement|militia|insurgency|rebel\s+group|armed\s+group|jihadist\s+group|militant\s+group|"
    r"insurgent\s+group|hardline\s+group|hardline\s+movement|islamist\s+group|islamist\s+movement)$",
    re.I,
)
_DEFINITE = frozenset({"the", "this", "that", "these", "those"})
_STATE_WORDS = re.compile(r"\b(?:government|army|military|police|ministry|regime|junta)\b", re.I)


_STATE_NOUNS = r"(?:army|government|police|ministry|authorities|president|junta|regime|armed\s+forces)"


_STATE_AFTER = re.compile(rf"(?P<n>\b[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){{0,3}}\s+){_STATE_NOUNS}\b")
"""A capitalized name before a state's noun ("the Korvat army"): compiled once, not once per name asked about."""


def _nationality(name: str, body: str) -> bool:
    """Whether a name is a country's side ("Afghan forces", "the Korvat army"), not a group's name."""
    if name in DEMONYMS:
        return True
    return name in body and any(named.startswith(name) for named in _state_names(body))


_STATE_NAMES: dict[str, tuple[str, ...]] = {}
"""`_state_names` of the articles read lately. (A cache of a pure function: it changes no result.)"""


def _state_names(body: str) -> tuple[str, ...]:
    """The capitalized names written before a state's noun in `body` ("Korvat " of "the Korvat army"), found once."""
    known = _STATE_NAMES.get(body)
    if known is None:
        if len(_STATE_NAMES) >= 16:
            _STATE_NAMES.clear()
        known = _STATE_NAMES[body] = tuple(m.group("n") for m in _STATE_AFTER.finditer(body))
    return known


def _contester(body: str, sentences: Sequence[Sentence], idx: int, pos: int) -> str | None:
    """Who contests what "remains contested" says of no one: the armed group the passage last named."""
    return resolve_group(body, sentences, idx, pos, lambda n: not _STATE_WORDS.search(n) and not _nationality(n, body))


def _actor(np: str | None, body: str, sentences: Sequence[Sentence], idx: int, pos: int) -> str | None:
    if not np:
        return None
    np = _DATELINE_LEAD.sub("", np.strip().lstrip("•·*▪►>").strip())
    np = _TIME_TAIL.sub("", np)
    lead = _LEAD_ADVERBIAL.match(np)
    if lead and lead.end() < len(np):
        np = np[lead.end() :]
    np = np.strip()
    if not np:
        return None
    if np.endswith(("'s", "’s")) and len(np) > 2:
        np = np[:-2]  # "under the movement's control"
    cleaned = clean_actor(np)
    if cleaned is not None and _GENERIC_GROUP.match(cleaned) and np.split()[0].lower() in _DEFINITE:
        # (a definite "the insurgents" refers back; a bare "insurgents" says what kind, as the speaker put it)
        # "the insurgents", "the militants": the armed group the passage last named, when it named one
        def fits(named: str) -> bool:
            return (
                named.lower() != cleaned.lower()
                and named[0].isupper()
                and not _STATE_WORDS.search(named)
                and not _nationality(named, body)
            )

        return resolve_group(body, sentences, idx, pos, fits) or cleaned
    if is_generic(np) or is_generic(np.split()[0]) or (cleaned is not None and is_generic(cleaned)):
        resolved = resolve_actor(body, sentences, idx, pos)
        if resolved is None and np.lower() not in PRONOUNS and " " in np:
            return clean_actor(np)  # "the coalition" with nothing earlier to stand for
        return resolved
    return clean_actor(np)


def _claims_in(
    body: str,
    folded: str,
    gates: _Gates,
    sentences: Sequence[Sentence],
    idx: int,
    before: Sequence[ControlClaim] = (),
    digits: str | None = None,
) -> list[ControlClaim]:
    """The claims of sentence `idx`; `digits` is the body with its digits made "0" (`Article.ascii_digits`), if
    ASCII."""
    sent_span = sentences[idx]
    s0 = sent_span.start
    sent = body[s0 : sent_span.end]
    folded_sent = folded[s0 : sent_span.end]
    out: list[ControlClaim] = []
    last: ControlClaim | None = None
    if digits is None:
        digit = _DIGIT.search(sent)
        first_digit = digit.start() if digit else -1
    else:
        first_digit = digits.find("0", s0, sent_span.end)
        first_digit = first_digit - s0 if first_digit != -1 else -1
    frames: list[ControlClaim] = []
    for f in _amounts(sent, folded_sent, gates, first_digit):
        right = sent[f.end : f.end + 160]
        right_folded = folded_sent[f.end : f.end + 160]
        clause_start = max(sent.rfind(";", 0, f.start) + 1, 0)
        left = sent[clause_start : f.start]
        if f.n is not None and f.total is None and _FRAME.match(left) and right.lstrip().startswith(","):
            # "Of the province's 28 districts, 25 are Taliban-controlled": the whole the next amount is part of
            frames.append(
                ControlClaim(
                    evidence=sent[f.start : f.end],
                    start=s0 + f.start,
                    end=s0 + f.end,
                    actor=None,
                    count=None,
                    qualifier="exact",
                    total=f.n,
                    unit=f.unit,
                    verb="control",
                )  # fmt: skip
            )
            continue
        verb: Verb | None = None
        actor: str | None = None
        ev_start, ev_end = f.start, f.end
        before_verb = ""
        """The words before the verb when it comes before the amount ("would control"), for `_unreal`."""
        generic = False
        """Whether that verb is in the present ("holds"): after "when" a rule, not an event."""
        # "four towns … that had been held by the rebels": a relative clause about the amount, which a verb before
        # it ("had taken control of four towns") says what happened to; the verb before is only looked for then
        left_m: re.Match[str] | None = None
        left_read = False
        m = _gated_match(_R_FELL, right, right_folded)
        if m and _relative_before(m, right, right_folded):
            left_m, left_read = _left_verb(left, gates, folded_sent[clause_start : f.start]), True
            m = None if left_m is not None else m
        if m:
            verb, actor = "seized", _actor(m.group("actor"), body, sentences, idx, s0 + f.end + m.start("actor"))
            ev_end = f.end + m.end()
        if verb is None:
            m = _gated_match(_R_UNDER, right, right_folded) or _gated_match(_R_HANDS, right, right_folded)
            if m and _relative_before(m, right, right_folded):
                if not left_read:
                    left_m, left_read = _left_verb(left, gates, folded_sent[clause_start : f.start]), True
                m = None if left_m is not None else m
            if m:
                np = m.group("a1") or m.group("a2")
                verb = "control"
                if m.groupdict().get("occ"):
                    np = None  # "under temporary occupation": by the side the passage is about
                    actor = resolve_actor(body, sentences, idx, s0 + f.start)
                else:
                    actor = _actor(np, body, sentences, idx, s0 + f.end + m.start())
                ev_end = f.end + m.end()
        if verb is None:
            m = _gated_match(_R_HELD, right, right_folded)
            if m and not _relative_before(m, right, right_folded):
                verb = "control"
                actor = _actor(m.group("a"), body, sentences, idx, s0 + f.end + m.start("a"))
                ev_end = f.end + m.end()
        if verb is None:
            m = _gated_match(_R_BY, right, right_folded)
            if m and _relative_before(m, right, right_folded):
                if not left_read:
                    left_m, left_read = _left_verb(left, gates, folded_sent[clause_start : f.start]), True
                m = None if left_m is not None else m
            if m:
                v = _VERB_CLASS.get(m.group("v").lower(), "seized")
                verb = "retaken" if v == "retaken" else "control" if v == "control" else "seized"
                actor = _actor(m.group("actor"), body, sentences, idx, s0 + f.end + m.start("actor"))
                ev_end = f.end + m.end()
        if verb is None:
            m = left_m if left_read else _left_verb(left, gates, folded_sent[clause_start : f.start])
            if m:
                vword = m.group("v").lower()
                before_verb = left[: m.start()]
                generic = vword in _PRESENT_FORMS
                verb = _verb_class(vword)
                subj = _subject_before(left[: _coordinated_verbs_start(left, m.start())])
                if subj is None and (_PARTICIPLE.match(vword) or left[: m.start()].rstrip().endswith("having")):
                    subj = _clause_subject(left[: m.start()]) or _main_subject(left[: m.start()])
                if subj:
                    actor = _actor(subj[0], body, sentences, idx, s0 + clause_start + subj[1])
                    own = subj[0].lower() in _SELF or subj[0].split()[0].lower() in _OWN
                    said = left[: max(subj[1], 0)]
                    if own and "(" in said:
                        said = _PAREN_SHORT.sub(lambda p: " " * len(p.group()), said)  # "… Service (CTS) said it …"
                    reporter = _REPORTER.search(said) if own else None
                    if reporter and not is_generic(reporter.group("np")):
                        actor = clean_actor(reporter.group("np")) or actor  # "Kyiv says it has retaken …"
                    ev_start = clause_start + max(subj[1], 0)
                else:
                    ev_start = clause_start + m.start()
        if verb is None:
            m = _gated_match(_R_PASSIVE, right, right_folded)
            if m:
                v = _VERB_CLASS.get(m.group("v").lower(), "seized")
                verb = v if v in ("lost", "retaken") else "seized"
                # "nearly 300 settlements had been liberated": by the side the passage is about
                actor = resolve_actor(body, sentences, idx, s0 + f.start)
                ev_end = f.end + m.end()
        if verb is None:
            m = _gated_match(_R_FELL_BARE, right, right_folded)
            if m and not _relative_before(m, right, right_folded):
                verb = "seized"
                actor = resolve_actor(body, sentences, idx, s0 + f.start)
                ev_end = f.end + m.end()
        if verb is None and not _VERB_AFTER.match(right):
            # the list ends with "and" or "as well as": `_LEFT_VERB_LIST` cannot match a left side ending otherwise
            m = _LEFT_VERB_LIST.search(left) if fold(left).rstrip().endswith(_LIST_ENDS) else None
            if m and not _TIME_WORD.search(m.group(0)):
                vword = m.group("v").lower()
                before_verb = left[: m.start()]
                generic = vword in _PRESENT_FORMS
                verb = _verb_class(vword)
                subj = _subject_before(left[: _coordinated_verbs_start(left, m.start())])
                actor = _actor(subj[0], body, sentences, idx, s0 + clause_start + subj[1]) if subj else None
        if verb is None and last is not None and _COORDINATED.fullmatch(sent, last.end - s0, f.start):
            # "recaptured two dozen villages and eleven towns", "8,000 square kilometres, or about 12 percent"
            verb, actor = last.verb, last.actor
        if verb is None and "-" in sent[f.start : f.end]:
            held = _HELD_BY.search(sent, f.start, f.end)
            if held:
                # "the 29 Russian-held settlements still left", "12 rebel-held towns": held by the one named
                verb, actor = "control", _actor(held.group("a"), body, sentences, idx, s0 + held.start("a"))
        if verb is None:
            if _gated_match(_R_CHANGED, right, right_folded):
                verb = "seized"
                actor = last.actor if last else None
            elif _gated_match(_R_CONTESTED, right, right_folded):
                verb = "contested"
                actor = last.actor if last else _contester(body, sentences, idx, s0 + f.start)
        if verb is None:
            continue
        if _negated(sent, clause_start, f, before_verb, ev_end):
            continue  # "denied that the rebels had seized 12 villages", "failed to take", "have not captured"
        if (
            gates.unreal
            and has_any(folded_sent, gates.unreal)
            and _unreal(sent[clause_start : f.start], before_verb, sent[f.end : ev_end], generic)
        ):
            continue  # "if the rebels take 20 more towns", "would control half the country"
        evidence = sent[ev_start:ev_end].strip()
        a = s0 + sent.index(evidence, ev_start) if evidence else s0 + f.start
        claim = ControlClaim(
            evidence=evidence,
            start=a,
            end=a + len(evidence),
            actor=actor,
            count=f.n,
            qualifier=f.qualifier,
            total=f.total,
            unit=f.unit,
            verb=verb,
        )
        if f.qualifier not in _UNWRITTEN:
            out.append(claim)
        last = claim
    here = sorted([*out, *frames], key=lambda c: c.start) if frames else out
    out.extend(_borrowed(body, folded_sent, gates, sentences, idx, here, before))
    return out


def _borrowed(
    body: str,
    folded_sent: str,
    gates: _Gates,
    sentences: Sequence[Sentence],
    idx: int,
    here: Sequence[ControlClaim],
    before: Sequence[ControlClaim],
) -> list[ControlClaim]:
    """Amounts without a unit that borrow it from the claim just before ("and 5 more changed hands")."""
    if not here and not before:
        return []
    s0 = sentences[idx].start
    sent = body[s0 : sentences[idx].end]
    may_ellipsis = has_any(folded_sent, _ELLIPSIS_GATE) or (
        has_any(folded_sent, ("under",)) and has_any(folded_sent, ("control",))
    )
    if not here:
        # only a sentence that opens with the number can go on from the sentence before
        opening = _ELLIPSIS.match(sent) if may_ellipsis else None
        ellipses: list[re.Match[str]] = [opening] if opening else []
        mores: list[re.Match[str]] = []
    else:
        ellipses = []
        if may_ellipsis:
            ellipses = list(finditer_at(_ELLIPSIS, sent, _ELLIPSIS_HEADS, folded_sent, at_start=True))
        mores = (
            list(finditer_at(_MORE, sent, gates.verbs, folded_sent, word_start=True))
            if gates.verbs and (gates.more and has_any(folded_sent, gates.more) or has_any(folded_sent, gates.verbs))
            else []
        )
    if not (ellipses or mores):
        return []
    taken = [(c.start - s0, c.end - s0) for c in here]
    found: list[ControlClaim] = []

    def reference(n0: int, m0: int) -> ControlClaim | None:
        prev = [c for c in here if c.start - s0 < n0]
        if prev:
            return prev[-1]
        # a sentence that opens with "Another three …" goes on from the sentence before
        return before[-1] if before and not sent[:m0].strip(' "“‘') else None

    def add(ref: ControlClaim, a: int, b: int, count: int, qual: Qualifier, verb: Verb, actor: str | None) -> None:
        evidence = sent[a:b]
        found.append(
            ControlClaim(
                evidence=evidence,
                start=s0 + a,
                end=s0 + a + len(evidence),
                actor=actor,
                count=count,
                qualifier=qual,
                total=ref.total if ref.count is None and ref.qualifier == "exact" else None,  # (a frame's whole)
                unit=ref.unit,
                verb=verb,
            )
        )
        taken.append((a, b))

    for m in ellipses:
        n0 = m.start("num")
        ref = reference(n0, m.start())
        count = parse_number(m.group("num"))
        if ref is None or count is None or any(a <= n0 < b for a, b in taken):
            continue
        rest = m.group("rest").lower()
        ev_verb: Verb
        if "contested" in rest:
            ev_verb = "contested"
        elif "control" in rest or "influence" in rest or m.group("held"):
            ev_verb = "control"
        elif "changed" in rest or "fall" in rest or "fell" in rest:
            ev_verb = "seized"
        else:
            ev_verb = _VERB_CLASS.get(rest.split()[-1], "seized")
        actor = ref.actor
        if m.group("held"):
            actor = _actor(m.group("held"), body, sentences, idx, s0 + m.start("held"))
        elif "under" in rest and ev_verb == "control":
            under = _R_UNDER.match(rest)
            owner = under.group("a1") or under.group("a2") if under else None
            actor = _actor(owner, body, sentences, idx, s0 + m.start("rest")) if owner else actor
        end = m.end()
        by = _BY_ACTOR.match(sent, end)
        if by and rest.split()[-1] in _VERB_CLASS:
            actor = _actor(by.group("actor"), body, sentences, idx, s0 + by.start("actor"))
            end = by.end()
            if ev_verb == "lost":
                ev_verb = "seized"
        elif ev_verb == "lost" and rest.split()[0] in {"have", "had", "were", "are", "was"}:
            actor = ref.actor
        ev_a = m.start("another") if m.group("another") else m.start("qual") if m.group("qual") else n0
        add(ref, ev_a, end, count, qualifier_of(m.group("qual")), ev_verb, actor)
    for m in mores:
        n0 = m.start("num")
        ref = reference(n0, n0)
        count = parse_number(m.group("num"))
        if ref is None or count is None or any(a <= n0 < b for a, b in taken):
            continue
        if not (m.group("another") or m.group("more")) and not (
            ref.start >= s0 and _YEAR.fullmatch(m.group("num")) is None
        ):
            continue  # a bare number borrows the unit of an amount in the same sentence only ("the army holds eight")
        vword = m.group("v").lower()
        verb = "retaken" if vword.endswith("back") else _VERB_CLASS.get(vword.split()[0], "control")
        clause_start = max(sent.rfind(";", 0, m.start()) + 1, 0)
        left = sent[clause_start : m.start()]
        subj = _subject_before(left)
        actor = ref.actor
        ev_a = m.start()
        if subj:
            actor = _actor(subj[0], body, sentences, idx, s0 + clause_start + subj[1]) or ref.actor
            ev_a = clause_start + max(subj[1], 0)
        add(ref, ev_a, m.end(), count, qualifier_of(m.group("qual")), verb, actor)
    return found


def extract_counts(article: Article) -> list[ControlClaim]:
    """Every control claim of the article."""
    body, sentences, folded = article.body, article.sentences, article.folded
    gates = _Gates.of(body, folded, article.vocabulary)
    if not (gates.units or gates.fractions or gates.percent):
        return []  # no sentence can hold an amount
    # (a sentence without a unit, a fraction or a percentage holds no amount, and unless the sentence before holds
    # a claim it has nothing to go on from)
    amounts = article.holding((*gates.units, *gates.fractions, *(_PERCENT_WORDS if gates.percent else ())))
    digits = article.ascii_digits()
    claims: list[ControlClaim] = []
    seen: set[tuple[object, ...]] = set()
    before: list[ControlClaim] = []
    for idx in range(len(sentences)):
        if not (amounts[idx] or before):
            continue
        here = _claims_in(body, folded, gates, sentences, idx, before, digits)
        before = here
        for c in here:
            key = (c.count, c.qualifier, c.total, c.unit, c.verb, c.start)
            if key in seen:
                continue
            seen.add(key)
            claims.append(c)
    if claims and "(" in body:
        short = article.short_forms()
        claims = [
            c if c.actor == (a := canonical_actor(c.actor, short)) else c.model_copy(update={"actor": a})
            for c in claims
        ]
    return claims
