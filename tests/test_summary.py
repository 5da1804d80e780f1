"""The plain-text summary `monitor extract` prints: every fact with its evidence, grouped by kind."""

from __future__ import annotations

import io
import json
import re
import sys
from pathlib import Path

import pytest
from factories import SEED, claim, event, facts, statement

from monitor.cli import main
from monitor.models import Facts
from monitor.summary import VERB_WORDS, claim_text, render_text

FOUND = facts(
    counts=(
        claim(157, total=407, qualifier="exact", verb="seized").model_copy(
            update={"evidence": "seized 157 of Afghanistan's 407 districts"}
        ),
        claim(None, actor=None, total=None, qualifier="dozens", verb="lost").model_copy(
            update={"evidence": "lost dozens of\ndistricts"}
        ),
    ),
    statements=(
        statement("Deborah Lyons", "There is only one acceptable direction", role="UN envoy"),
        statement("Zalmay Khalilzad", "talks would\nresume in Doha", kind="indirect", role=None),
    ),
    events=(
        event().model_copy(update={"evidence": "this Friday,\nJune 25"}),
        event(title="US withdrawal completed", participants=(), location=None).model_copy(
            update={"evidence": "by Sept. 11"}
        ),
    ),
)

EXPECTED = """\
Control (2)
  Taliban seized 157 of 407 districts
    “seized 157 of Afghanistan's 407 districts”
  (actor unknown) lost dozens of districts
    “lost dozens of districts”
Statements (2)
  Deborah Lyons (UN envoy) [direct]
    “There is only one acceptable direction”
  Zalmay Khalilzad [indirect]
    ≈ talks would resume in Doha
Upcoming events (2)
  2021-06-25 Biden hosts Ghani and Abdullah — with Joe Biden, Ashraf Ghani; at White House
    “this Friday, June 25”
  2021-06-25 US withdrawal completed
    “by Sept. 11”"""


_COLOUR = re.compile(r"\x1b\[\d+m")


def test_every_fact_is_listed_with_its_evidence_on_one_line() -> None:
    """Direct quotes in quotation marks, reported speech with ≈, roles, participants and places; an article's
    line breaks inside a fact's words do not break the two-line layout."""
    assert render_text("", FOUND) == EXPECTED


def test_an_article_with_nothing_says_so_in_every_section() -> None:
    assert render_text("Nothing here.", Facts()) == (
        "Control (0)\n  none found\nStatements (0)\n  none found\nUpcoming events (0)\n  none found"
    )


def test_colour_only_adds_escape_codes() -> None:
    coloured = render_text("", FOUND, color=True)
    assert "\x1b[1mControl (2)\x1b[0m" in coloured and "\x1b[36m157 of 407 districts\x1b[0m" in coloured
    assert _COLOUR.sub("", coloured) == EXPECTED
    assert "\x1b" not in render_text("", FOUND)


def test_escape_sequences_in_the_article_never_reach_the_terminal() -> None:
    hostile = facts(
        statements=(statement("Deborah\x1b[2J Lyons", "calm\x1b]0;pwned\x07 words", role="UN\x9b31m envoy"),)
    )
    out = render_text("", hostile)
    assert "  Deborah Lyons (UN envoy) [direct]\n    “calm words”" in out
    assert _COLOUR.sub("", render_text("", hostile, color=True)) == out


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


def test_monitor_extract_prints_the_summary_of_what_the_json_holds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The command as people run it, on a file and on standard input; piped output carries no colour.

    Checked against the command's own JSON, so the test holds whatever the extractors find."""
    article = tmp_path / "article.txt"
    article.write_text(SEED, encoding="utf-8")
    code, summary = run(capsys, "extract", "--published", "2021-06-23", str(article))
    assert code == 0 and "\x1b" not in summary
    _, as_json = run(capsys, "extract", "--json", "--published", "2021-06-23", str(article))
    found = Facts.model_validate(json.loads(as_json))
    assert found.counts and found.statements and found.events  # the seed has one of each at least
    lines = summary.splitlines()
    assert [line for line in lines if not line.startswith(" ")] == [
        f"Control ({len(found.counts)})",
        f"Statements ({len(found.statements)})",
        f"Upcoming events ({len(found.events)})",
    ]
    for shown in found.counts:
        assert f"  {shown.actor} {VERB_WORDS[shown.verb]} {claim_text(shown)}" in lines
    for said in found.statements:
        assert any(line.startswith(f"  {said.speaker}") and line.endswith(f"[{said.kind}]") for line in lines)
    for due in found.events:
        assert any(line.startswith(f"  {due.date.isoformat()} {due.title}") for line in lines)
    evidence = [line.strip()[1:-1] for line in lines if line.startswith("    “") and line.endswith("”")]
    assert evidence and all(quoted in " ".join(SEED.split()) for quoted in evidence)
    assert summary == render_text(SEED, found) + "\n"

    monkeypatch.setattr(sys, "stdin", io.StringIO(SEED))
    assert run(capsys, "extract", "--published", "2021-06-23", "-") == (0, summary)


def test_monitor_extract_colours_a_terminal(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(SEED))
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    code, coloured = run(capsys, "extract", "--published", "2021-06-23", "-")
    assert code == 0 and coloured.startswith("\x1b[1mControl (")
    monkeypatch.setattr(sys, "stdin", io.StringIO(SEED))
    monkeypatch.setattr(sys.stdout, "isatty", lambda: False)
    assert _COLOUR.sub("", coloured) == run(capsys, "extract", "--published", "2021-06-23", "-")[1]
