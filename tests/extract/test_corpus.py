"""Run the engine over the hand-written corpus and check each article's gold facts.

Matching is scoring.py's, which follows ../shared/eval/score.py: counts by count/total/unit (and
qualifier when count is null), statements by quote word overlap and speaker
surname/organization word, events by date. Counts are held to more than the
score asks: the verb must be the same, and so must the actor (surname or
organization word) where the gold names one. Every gold fact must be found and
no extra fact may be reported.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from scoring import count_match, names_match, statement_match

from monitor.extract import extract

CORPUS = Path(__file__).resolve().parent / "corpus"


def claim_match(g: dict[str, Any], p: dict[str, Any]) -> bool:
    if not count_match(g, p) or g["verb"] != p["verb"]:
        return False
    return g["actor"] is None or names_match(g["actor"], p["actor"])


def read_article(path: Path) -> tuple[dt.date, str]:
    head, _, body = path.read_text(encoding="utf-8").partition("\n----\n")
    m = re.search(r"^PUBLISHED:\s*(\S+)", head, re.M)
    assert m, path
    return dt.date.fromisoformat(m.group(1)), body


def unmatched(gold: list[dict[str, Any]], pred: list[dict[str, Any]], same: Any) -> tuple[list[Any], list[Any]]:
    used: set[int] = set()
    missed = []
    for g in gold:
        for i, p in enumerate(pred):
            if i not in used and same(g, p):
                used.add(i)
                break
        else:
            missed.append(g)
    return missed, [p for i, p in enumerate(pred) if i not in used]


ARTICLES = sorted(p.name.removesuffix(".gold.json") for p in CORPUS.glob("*.gold.json"))


def test_corpus_is_there() -> None:
    assert len(ARTICLES) >= 45


@pytest.mark.parametrize("name", ARTICLES)
def test_article(name: str) -> None:
    published, body = read_article(CORPUS / f"{name}.txt")
    gold = json.loads((CORPUS / f"{name}.gold.json").read_text(encoding="utf-8"))
    facts = extract(body, published)
    pred = {k: [f.model_dump(mode="json") for f in getattr(facts, k)] for k in ("counts", "statements", "events")}
    for key, same in (
        ("counts", claim_match),
        ("statements", statement_match),
        ("events", lambda g, p: g["date"] == p["date"]),
    ):
        missed, extra = unmatched(gold[key], pred[key], same)
        assert not missed and not extra, f"{key}: missed {missed} extra {extra}"
    for f in (*facts.counts, *facts.statements, *facts.events):
        assert body[f.start : f.end] == f.evidence


APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)|(?<=s)'(?=\s)")
"""A straight apostrophe in a word ("Afghanistan's") or after a plural ("the rebels' council")."""


@pytest.mark.parametrize("name", ARTICLES)
def test_typographic_apostrophes_change_nothing(name: str) -> None:
    """Every article gives the same facts with its apostrophes written ’ (as most news sites print them)."""
    published, body = read_article(CORPUS / f"{name}.txt")
    curly = APOSTROPHE.sub("\u2019", body)
    assert len(curly) == len(body)

    def facts(text: str) -> str:
        got = extract(text, published).model_dump(mode="json")
        return json.dumps(got, ensure_ascii=False).replace("\u2019", "'")

    assert facts(curly) == facts(body)


SCHEMA_QUALIFIERS = {"exact", "more than", "at least", "at most", "about", "dozens", "several", "about half",
                     "about a third", "about a quarter", "about two thirds"}  # fmt: skip
"""SCHEMA.md's qualifiers, and the two fractions models.py adds that the corpus's gold uses."""


def test_no_count_has_a_qualifier_the_schema_lacks() -> None:
    for name in ARTICLES:
        published, body = read_article(CORPUS / f"{name}.txt")
        for claim in extract(body, published).counts:
            assert claim.qualifier in SCHEMA_QUALIFIERS, (name, claim.evidence)
        gold = json.loads((CORPUS / f"{name}.gold.json").read_text(encoding="utf-8"))
        assert all(c["qualifier"] in SCHEMA_QUALIFIERS for c in gold["counts"]), name
