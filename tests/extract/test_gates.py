"""The gates only skip work: with them turned off every extractor must find exactly the same facts.

`monitor.extract.gates.ENABLED = False` makes every gate let everything through (and `finditer_near` scan
the whole text), which is the reference path: the corpus, the table rows, news-like articles and random
fragments built around the gate words must give the same facts, offsets included, either way.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.extract import extract, gates
from monitor.extract.gates import finditer_near, fold, start_bound
from monitor.models import Facts

CORPUS = Path(__file__).resolve().parent / "corpus"
PUB = dt.date(2021, 7, 5)


def without_gates(text: str, published: dt.date) -> Facts:
    gates.ENABLED = False
    try:
        return extract(text, published)
    finally:
        gates.ENABLED = True


def assert_same(text: str, published: dt.date = PUB) -> None:
    assert extract(text, published).model_dump() == without_gates(text, published).model_dump(), text


def corpus() -> Iterator[tuple[str, dt.date]]:
    for path in sorted(CORPUS.glob("*.txt")):
        head, _, body = path.read_text(encoding="utf-8").partition("\n----\n")
        m = re.search(r"^PUBLISHED:\s*(\S+)", head, re.M)
        assert m
        yield body, dt.date.fromisoformat(m.group(1))


def test_corpus_is_the_same_without_gates() -> None:
    docs = list(corpus())
    assert len(docs) >= 45
    for body, published in docs:
        assert_same(body, published)


def test_shuffled_corpus_sentences_are_the_same_without_gates() -> None:
    """Sentences of the corpus in new neighbourhoods (pronouns, "another three", quotes across sentences)."""
    sentences = [s for body, _ in corpus() for s in re.split(r"(?<=[.!?\"”])\s+", body) if s.strip()]
    rng = random.Random(7)
    for _ in range(150):
        picked = rng.sample(sentences, rng.randint(2, 12))
        text = "".join(s + rng.choice([" ", " ", "\n\n", "  "]) for s in picked)
        assert_same(text.lower() if rng.random() < 0.1 else text, PUB + dt.timedelta(days=rng.randint(-400, 400)))


# Each row puts what a gate looks for at an edge: first or last word, other case, a neighbour's word, a
# non-ASCII letter that re.IGNORECASE reads as an ASCII one, a gate word inside a longer word.
GATE_ROWS = [
    "Districts: rebels seized 12 DISTRICTS.",
    "Rebels seized 12 DİSTRICTS on Monday.",  # dotted capital I
    "The army now holds 40 ſettlements.",  # long s
    "Insurgents captured 1,000 sq km and 300 KM² of farmland.",  # Kelvin sign
    "Rebels seized 1,000 sq.km of land, and 5 more changed hands.",
    "Government forces regained 800 square kilometres, and a further four fell to the army.",
    "The militia holds 85 percent of the country; another 5 PER CENT is contested.",
    "They hold 30 per cent of Gaza.",
    "They hold 30 per  cent of Gaza.",  # two spaces: never read as a percentage
    "Half of the district centres are in their hands.",
    "The junta controls almost a third of the country and most of the towns.",
    "Dozens of villages fell. Several towns and a handful of hamlets are under rebel control.",
    "Nine villages were captured by the militia. Another three were retaken by government troops.",
    "Separatist forces lost 12 settlements in a week, and 5 more changed hands on Sunday.",
    "The Front controls 20 villages, and its fighters overran a dozen more.",
    "Talks open on the 24th. Elections will be held on January 12. The vote is on 2021-08-01.",
    "Leaders will meet this Friday, July 9. Marauders struck in Mara. Maybe in May 15.",
    "The council meets Thursday, the 14 - 15th of June, and again on Sept. 30.",
    "Talks resume on 14 June, the 3rd  of\nJuly and 21st July; 12 people left in June, not 9of July.",
    "The vote is set for Monday, 2 August 2021, after the 31st of July. 40 villages fell, 7 March OR 7th August.",
    "Parliament votes TOMORROW. The day after tomorrow the truce expires.",
    "The summit, originally scheduled for July 8, was moved to July 15.",
    "Talks set for July 15 were postponed indefinitely.",
    '"We will not leave this city," Mayor Ana Ruiz said. Lyons SAID nothing.',
    "According to the Valen Observatory, the army lost three towns. ACCORDING TO officials, it did not.",
    "The army denied this, saying the aircraft crashed because of a fault.",
    "An officer, who asked not to be named, said the unit had withdrawn. Another spoke anonymously.",
    "President Joe Biden will host Afghan President Ashraf Ghani at the White House this Friday, July 9.",
    "The rebels say they have also now retaken 12 towns. Kyiv says it has retaken roughly 300 square kilometres.",
    "Rebel leader Mara Quist, the group's spokesman, said on Tuesday that the talks had failed.",
    "IF the rebels take 20 more towns, the capital falls. WHEN the group holds 3 villages, it taxes them.",
    "The junta Would control 12 villages. Rebels'll take 30 towns. They may have seized 40 villages.",
    "Its forces took control of four towns THAT had been held by rebels. 12 towns, WHICH fell to the army.",
    "Leaders meet on Friday, the ministry SAID. Leaders meet on Friday, the ministry said.",
    "Biden will host Ghani on Friday, July 9, the White House Announced on Sunday.",
    "The US used Monday’s meeting to warn that it will act. At Sunday’s summit, leaders will decide.",
    "WASHINGTON, July 5 (Reuters) - The envoys will meet on Friday. It said the talks had failed.",
]


@pytest.mark.parametrize("text", GATE_ROWS)
def test_gate_edges_are_the_same_without_gates(text: str) -> None:
    assert_same(text)


def test_gates_let_through_what_re_ignorecase_reads() -> None:
    got = extract("Rebels seized 12 DİSTRICTS and 40 ſettlements.", PUB).counts
    assert [(c.count, c.evidence) for c in got] == [(12, "Rebels seized 12 DİSTRICTS"), (40, "40 ſettlements")]


WORDS = st.sampled_from(
    ["districts", "DISTRICTS", "DİSTRICTS", "ſettlements", "towns", "villages", "sq km", "KM²", " percent of ",
     " per cent ", "%", " half of ", " a third of ", " most ", " dozens of ", " several ", " a few ", " another ",
     " a further ", " more ", " changed hands", " fell to ", " were captured by ", " under rebel control", " lost ",
     " retaken ", " contested", "according to ", " said ", " says ", " told ", "SAID", ", saying ", " not to be named",
     " anonymously", " on Friday", " Tuesday ", " tomorrow ", "TOMORROW", " July 9", " 9 July", "Sept. 11", " Mara ",
     " on the 24th", "2021-08-01", " originally scheduled for ", " was postponed", " instead of ", " has also ",
     " now ", " they ", "The rebels", " the army", " Gen. Omar Kabb", "\n\n", '"', "“", "”", ", ", ". ", "; ", " — ",
     "12", " twenty-three ", " a dozen ", " 1,200 ", " of the ", " and ", " will meet ", " in Geneva ", " if ",
     " would ", " when ", " that had been held by ", "’s", ", the ministry said", " It said ", " announced ", "’ll "]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.one_of(WORDS, st.text(max_size=5)), max_size=50).map("".join),
    st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 12, 31)),
)
def test_random_gate_words_are_the_same_without_gates(text: str, published: dt.date) -> None:
    assert_same(text, published)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("aAdDiIİıKkKmMsSſtT ²%.\n-"), max_size=40))
def test_fold_finds_what_ignorecase_finds(text: str) -> None:
    folded = fold(text)
    assert len(folded) == len(text)
    for word in ("district", "km", "km²", "sq", "ma", "said", "tomorrow", "kilomet", "settlement", "per cent", "%"):
        for m in re.finditer(re.escape(word), text, re.I):
            assert folded[m.start() : m.end()] == word


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab \n\t,."), max_size=30), st.integers(0, 30), st.integers(0, 5))
def test_start_bound_leaves_at_most_that_many_gaps(text: str, pos: int, gaps: int) -> None:
    pos = min(pos, len(text))
    bound = start_bound(text, pos, gaps)
    assert 0 <= bound <= pos
    assert len(re.findall(r"\s+", text[bound:pos])) <= gaps
    if bound > 0:  # as far back as it can go: one character earlier starts one stretch more
        assert text[bound - 1].isspace()
        assert len(re.findall(r"\s+", text[bound - 1 : pos])) == gaps + 1


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["on", "the", "June", "14", "-", "15th", "of", "Friday,", "x", " ", "  ", "\n"])))
def test_finditer_near_is_finditer(words: list[str]) -> None:
    text = " ".join(words)
    pattern = re.compile(r"\b(?:on\s+)?(?:Friday,?\s+)?(?:the\s+)?\d+(?:th)?(?:\s*-\s*\d+th)?\s+(?:of\s+)?June\b")
    near = [m.span() for m in finditer_near(pattern, text, re.compile("June"), 6)]
    assert near == [m.span() for m in pattern.finditer(text)]
