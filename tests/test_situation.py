"""What the panes show: attribution, grouping, trend, merging and countdowns."""

from __future__ import annotations

import datetime as dt

import pytest
from factories import T0, claim, event, statement

from monitor.situation import (
    alias_map,
    canonical_actor,
    control_rows,
    countdown,
    event_rows,
    group_key,
    matches,
    norm_actor,
    statement_rows,
)
from monitor.summary import claim_text

DAY = dt.timedelta(days=1)


def test_claim_is_attributed_to_the_statement_that_contains_it() -> None:
    c = claim(50, start=4, end=40, item_id="a", source="UN News", published=T0)
    s = statement(kind="indirect", start=0, end=90, item_id="a", source="UN News", published=T0)
    other_item = statement("Someone Else", start=0, end=90, item_id="b")
    [row] = control_rows([c], [other_item, s])
    assert row.claimant == "Deborah Lyons"


def test_unattributed_claim_falls_back_to_the_feed() -> None:
    [row] = control_rows([claim(item_id="a", source="Tracker")], [])
    assert row.claimant == "Tracker"


def test_different_sources_and_totals_stay_side_by_side_never_converted() -> None:
    un = claim(50, total=370, item_id="a", source="UN", published=T0)
    lwj = claim(223, total=407, qualifier="exact", item_id="b", source="LWJ", published=T0 + DAY)
    rows = control_rows([un, lwj], [])
    assert sorted((r.latest.count, r.latest.total, r.claimant) for r in rows) == [
        (50, 370, "UN"),
        (223, 407, "LWJ"),
    ]


def test_history_change_and_sparkline_per_source() -> None:
    claims = [claim(81, total=407, item_id=str(n), source="LWJ", published=T0 + n * DAY) for n in range(1)] + [
        claim(104, total=407, item_id="2", source="LWJ", published=T0 + 2 * DAY),
        claim(157, total=407, item_id="3", source="LWJ", published=T0 + 3 * DAY),
    ]
    [row] = control_rows(list(reversed(claims)), [])
    assert row.latest.count == 157
    assert row.previous is not None and row.previous.count == 104
    assert row.change == 53
    assert row.sparkline[0] == "▁" and row.sparkline[-1] == "█" and len(row.sparkline) == 3


def test_actor_variants_group_together() -> None:
    assert norm_actor("the Taliban") == norm_actor("Taliban") == "Taliban"
    assert norm_actor(None) == "(unattributed)"
    rows = control_rows(
        [claim(actor="the Taliban", source="X", item_id="1"), claim(actor="Taliban", source="X", item_id="2")], []
    )
    assert len(rows) == 1


ACTORS = alias_map({"Rapid Support Forces": ["RSF"], "Taliban": ["Islamic Emirate", "Taliban insurgents"]})


@pytest.mark.parametrize(
    ("actor", "canonical"),
    [
        ("RSF", "Rapid Support Forces"),
        ("the rsf", "Rapid Support Forces"),
        ("Rapid Support Forces", "Rapid Support Forces"),
        ("the rapid  support FORCES", "Rapid Support Forces"),
        ("Islamic Emirate", "Taliban"),
        ("The Taliban insurgents", "Taliban"),
        ("the Taliban", "Taliban"),
        ("RSF fighters", "RSF fighters"),  # whole names only
        ("Taliban fighters", "Taliban fighters"),
        ("the Sudanese Armed Forces", "Sudanese Armed Forces"),  # not in the table: as norm_actor has it
        (None, "(unattributed)"),
    ],
)
def test_canonical_actor_maps_whole_names_in_any_case(actor: str | None, canonical: str) -> None:
    assert canonical_actor(actor, ACTORS) == canonical


@pytest.mark.parametrize(
    ("actors", "rows"),
    [
        (["RSF", "Rapid Support Forces"], [("Rapid Support Forces", 2)]),
        (["the RSF", "rsf", "the Rapid Support Forces"], [("Rapid Support Forces", 3)]),
        (["Islamic Emirate", "the Taliban", "Taliban insurgents"], [("Taliban", 3)]),
        (["RSF", "Sudanese Armed Forces"], [("Rapid Support Forces", 1), ("Sudanese Armed Forces", 1)]),
        (["RSF fighters", "RSF"], [("Rapid Support Forces", 1), ("RSF fighters", 1)]),
    ],
)
def test_aliases_make_one_control_row_under_the_canonical_name(actors: list[str], rows: list[tuple[str, int]]) -> None:
    claims = [claim(actor=a, item_id=str(n), source="X", published=T0 + n * DAY) for n, a in enumerate(actors)]
    found = control_rows(claims, [], aliases=ACTORS)
    assert [(r.actor, len(r.history)) for r in found] == rows


def test_a_joined_row_knows_every_stored_row_key_it_gathers() -> None:
    rsf = claim(40, actor="RSF", item_id="a", source="X", published=T0)
    full = claim(45, actor="the Rapid Support Forces", item_id="b", source="X", published=T0 + DAY)
    [row] = control_rows([full, rsf], [], aliases=ACTORS)
    assert row.keys == (group_key(rsf), group_key(full)) and group_key(rsf) != group_key(full)
    assert row.change == 5  # history across the aliases, oldest first
    assert len(control_rows([full, rsf], [])) == 2  # without the table they stay apart


def test_verbs_are_separate_rows() -> None:
    rows = control_rows([claim(verb="control", source="X"), claim(verb="seized", source="X")], [])
    assert [r.verb for r in rows] == ["control", "seized"]


def test_same_event_from_several_feeds_is_one_row_with_all_sources() -> None:
    events = [
        event(source="UN", published=T0),
        event(
            title="Biden to meet Ghani in Washington",
            participants=("Ashraf Ghani",),
            location=None,
            source="Wire",
            published=T0 + DAY,
        ),
        event(dt.date(2021, 9, 11), "US withdrawal completed", (), None, source="Wire", published=T0),
    ]
    rows = event_rows(events, dt.date(2021, 6, 24))
    assert [(r.date.isoformat(), len(r.sources)) for r in rows] == [("2021-06-25", 2), ("2021-09-11", 1)]
    assert rows[0].days == 1 and rows[0].location == "White House"
    assert "Joe Biden" in rows[0].participants


def test_passed_events_go_below_upcoming_and_old_ones_drop() -> None:
    today = dt.date(2021, 6, 30)
    rows = event_rows(
        [
            event(dt.date(2021, 6, 25), source="A"),
            event(dt.date(2021, 7, 2), "Talks", (), None, source="B"),
            event(dt.date(2021, 6, 1), "Old", (), None, source="C"),
        ],
        today,
    )
    assert [r.title for r in rows] == ["Talks", "Biden hosts Ghani and Abdullah"]
    assert rows[1].days == -5


def test_countdown_words() -> None:
    assert [countdown(d) for d in (0, 1, -1, 5, -3)] == ["today", "tomorrow", "yesterday", "in 5 days", "3 days ago"]


def test_statements_newest_first_and_merged_across_feeds() -> None:
    rows = statement_rows(
        [
            statement(source="UN", published=T0),
            statement(source="Wire", published=T0 + DAY),
            statement(
                "Linda Thomas-Greenfield",
                "We reiterate that the military route will not lead",
                source="UN",
                published=T0 + 2 * DAY,
            ),
        ]
    )
    assert [r.statement.speaker for r in rows] == ["Linda Thomas-Greenfield", "Deborah Lyons"]
    assert rows[1].sources == ("UN", "Wire")


def test_filter_matches_every_word_anywhere() -> None:
    assert matches("lyons council", "Deborah Lyons", "told the Security Council")
    assert not matches("lyons kabul", "Deborah Lyons", None)
    assert matches("", "anything")


@pytest.mark.parametrize(
    ("count", "qualifier", "total", "unit", "text"),
    [
        (50, "more than", 370, "districts", "more than 50 of 370 districts"),
        (157, "exact", 407, "districts", "157 of 407 districts"),
        (None, "dozens", None, "districts", "dozens of districts"),
        (None, "most", None, "percent of territory", "most of the territory"),
        (85, "about", None, "percent of territory", "about 85 percent of territory"),
        (1500, "about", None, "square kilometres", "about 1,500 square kilometres"),
        (0, "exact", 12, "towns", "0 of 12 towns"),
    ],
)
def test_claim_text_reads_like_the_article(
    count: int | None, qualifier: str, total: int | None, unit: str, text: str
) -> None:
    assert claim_text(claim(count, qualifier=qualifier, total=total, unit=unit)) == text


def test_an_actor_named_with_its_short_form_is_one_row_with_its_full_name() -> None:
    """The extractor names an actor "Rapid Support Forces (RSF)" where an article defines the short form; articles
    that name it in full only belong to the same row, and the [actors] table may map either form."""
    assert canonical_actor("Rapid Support Forces (RSF)") == canonical_actor("the Rapid Support Forces")
    assert canonical_actor("Rapid Support Forces (RSF)") == "Rapid Support Forces"
    aliases = alias_map({"RSF paramilitaries": ["RSF"]})
    assert canonical_actor("Rapid Support Forces (RSF)", aliases) == "RSF paramilitaries"
