"""extract() never raises and its offsets always point at its evidence."""

from __future__ import annotations

import datetime as dt

from grounding import ungrounded
from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.extract import extract
from monitor.extract.article import Article
from monitor.extract.counts import extract_counts
from monitor.extract.events import extract_events
from monitor.extract.statements import extract_statements

PIECES = st.sampled_from(
    ['"', "“", "”", "‘", "’", "'", ",", ".", " said ", " told reporters ", "\n\n", " Gen. ", " U.S. ",
     " 50 of 370 districts ", " on Friday, June 25 ", " tomorrow ", " according to ", " the Taliban ",
     " fell to ", " more than ", "\x00", "\x1b", "\t", " — ", "Deborah Lyons", " he said", " dozens of towns "]
)  # fmt: skip
MORE_PIECES = st.sampled_from(
    ['," said Col. ', ', "and ', "Another three ", " a further four ", " a dozen more ", " were retaken by ",
     " percent of ", " Syria", " about half of ", " the general said", " said:", "\n\n\"", " according to a tally by ",
     "KYIV, March 11 (Reuters) - ", " this Friday, June 27, ", " until 31 October ", " on the 30th ", " Mr. ",
     " — Taras Bondar, drone operator", " which still holds ", " and says ", " is due to ", " a.m. ", " No. 4 ",
     " square kilometres", ", or about 12 percent", " expires on Saturday", "’", "‘", "«", "»", "\u2028", "\r\n"]
)  # fmt: skip


def check(text: str, published: dt.date) -> None:
    # each extractor by itself, as extract() would hide its exception (and with it all its facts)
    if text.strip():
        article = Article(text)
        extract_counts(article), extract_statements(article), extract_events(article, published)
    facts = extract(text, published)
    for f in (*facts.counts, *facts.statements, *facts.events):
        assert 0 <= f.start <= f.end <= len(text)
        assert text[f.start : f.end] == f.evidence
    for s in facts.statements:
        assert s.quote.strip() and s.speaker.strip()
    for e in facts.events:
        assert e.date > published
    assert ungrounded(text, published) == []


@settings(max_examples=200, deadline=None)
@given(st.text(), st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2090, 1, 1)))
def test_arbitrary_text(text: str, published: dt.date) -> None:
    check(text, published)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=60).map("".join))
def test_newsy_fragments(text: str) -> None:
    check(text, dt.date(2021, 6, 23))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.one_of(PIECES, MORE_PIECES, st.text(max_size=6)), max_size=80).map("".join),
    st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 12, 31)),
)
def test_phrasings_of_the_corpus_in_any_order(text: str, published: dt.date) -> None:
    check(text, published)


def test_very_long_line_and_unbalanced_quotes() -> None:
    text = ('"' + "word " * 20000) + "\n\n" + "“unclosed " * 500 + " the army seized 4 towns."
    check(text, dt.date(2021, 6, 23))
    check("\x00\x01" * 1000, dt.date(2021, 6, 23))
    check("", dt.date(2021, 6, 23))
    check('"' * 5000 + "“" * 5000 + "said, " * 3000, dt.date(2021, 6, 23))
    check(("Another three were retaken by the army. " * 500) + "12 of 40 districts fell to X.", dt.date(2021, 6, 23))
    check("4 " * 20000 + "towns", dt.date(2021, 6, 23))
