"""An item's title is read as a headline; what both the title and the body state is one fact."""

from __future__ import annotations

import datetime as dt

from monitor.extract import extract

PUB = dt.date(2024, 6, 12)  # a Wednesday


def test_a_fact_only_the_headline_states_is_kept_and_marked() -> None:
    title = "Rebels seize 12 towns in North Darfur"
    body = "Fighting went on around El Fasher on Tuesday, residents said."
    facts = extract(body, PUB, title)
    (claim,) = facts.counts
    assert (claim.actor, claim.count, claim.unit, claim.verb, claim.in_title) == ("Rebels", 12, "towns", "seized", True)
    assert title[claim.start : claim.end] == claim.evidence


def test_a_fact_both_state_is_the_body_s_alone() -> None:
    title = "Rebels seize 12 towns in North Darfur"
    body = "The Rapid Support Forces have captured 12 towns in North Darfur since May, the group said."
    facts = extract(body, PUB, title)
    assert [(c.count, c.in_title) for c in facts.counts] == [(12, False)]


def test_headline_attribution_and_headline_future() -> None:
    facts = extract("Talks are expected to be difficult.", PUB, "Trump to host Kagame and Tshisekedi on Thursday")
    assert [(e.date.isoformat(), e.in_title) for e in facts.events] == [("2024-06-13", True)]
    facts = extract("The figure could not be verified.", PUB, "Zelensky says our troops hold 74 settlements in Kursk")
    assert [(s.speaker, s.in_title) for s in facts.statements] == [("Zelensky", True)]


def test_a_title_the_body_repeats_is_read_once() -> None:
    title = "Rebels seize 12 towns in North Darfur"
    facts = extract(title + "\n\nResidents say the fighting goes on.", PUB, title)
    assert [(c.count, c.in_title) for c in facts.counts] == [(12, False)]
