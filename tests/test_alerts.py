"""Alerts: matching rules, the command's JSON, and when a poll may alert at all."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import httpx
import pytest
from factories import T0, claim, facts, item, statement, status
from feedserver import rss

from monitor import config as cfg
from monitor.alerts import AlertRules, match_alerts, run_command
from monitor.fetch import FetchLimits, make_client
from monitor.poller import FeedPolled, Poller
from monitor.situation import alias_map
from monitor.store import SqliteStore, fact_rows


def test_rules_match_words_actors_and_speakers() -> None:
    rules = AlertRules(words=("provincial capital",), actors=("Taliban",), speakers=("Deborah Lyons",))
    stories = [
        (item("a", title="Fighting near a Provincial  Capital"), facts()),
        (item("b", title="Quiet day"), facts(counts=(claim(actor="the Taliban"),))),
        (item("c", title="Envoy speaks"), facts(statements=(statement("Lyons"),))),
        (item("d", title="Capitals of Europe"), facts(counts=(claim(actor="government forces"),))),
    ]
    alerts = match_alerts(rules, stories)
    assert [(a.kind, a.matched, a.item.id) for a in alerts] == [
        ("word", "provincial capital", "a"),
        ("actor", "Taliban", "b"),
        ("speaker", "Deborah Lyons", "c"),
    ]
    assert rules.watches_speaker("Ms Lyons") and not rules.watches_speaker("Linda Thomas-Greenfield")
    assert match_alerts(AlertRules(), stories) == []


ACTORS = alias_map({"Rapid Support Forces": ["RSF"], "Taliban": ["Islamic Emirate", "Taliban insurgents"]})


@pytest.mark.parametrize(
    ("watched", "actor", "matched"),
    [
        ("Rapid Support Forces", "RSF", "Rapid Support Forces"),
        ("Rapid Support Forces", "the rsf", "Rapid Support Forces"),
        ("RSF", "the Rapid Support Forces", "RSF"),
        ("Taliban", "Islamic Emirate", "Taliban"),
        ("Islamic Emirate", "Taliban insurgents", "Islamic Emirate"),
        ("Taliban", "Taliban fighters", "Taliban"),  # a similar name still matches, as without the table
        ("Sudanese Armed Forces", "RSF", None),
        ("Hamas", "Islamic Emirate", None),
        ("Rapid Support Forces", "RSF fighters", None),  # the table maps whole names only
    ],
)
def test_a_watched_actor_matches_every_name_of_its_actor(watched: str, actor: str, matched: str | None) -> None:
    rules = AlertRules(actors=(watched,), aliases=ACTORS)
    alerts = match_alerts(rules, [(item("a"), facts(counts=(claim(actor=actor),)))])
    assert [a.matched for a in alerts] == ([matched] if matched else [])


def test_an_actor_alert_names_the_canonical_actor_and_keeps_the_fact_as_written() -> None:
    rules = AlertRules(actors=("Rapid Support Forces",), aliases=ACTORS)
    [alert] = match_alerts(rules, [(item("a"), facts(counts=(claim(actor="RSF"),)))])
    assert alert.summary == "Rapid Support Forces control 50 districts — UN"
    assert json.loads(alert.to_json())["fact"]["actor"] == "RSF"


async def test_the_poller_matches_actors_through_the_configs_actors_table(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        '[storage]\npath = "s.sqlite3"\n[alerts]\nactors = ["Rapid Support Forces"]\n'
        '[actors]\n"Rapid Support Forces" = ["RSF"]\n[[feeds]]\nname = "A"\nurl = "https://a.invalid/feed"\n',
        encoding="utf-8",
    )
    config = cfg.load(path)
    story = item("s1", "A")
    with SqliteStore(config.db_path) as store:
        client = make_client(FetchLimits(), transport=httpx.MockTransport(lambda request: httpx.Response(500)))
        poller = Poller(config, store, client=client, clock=lambda: T0)
        try:
            rows = fact_rows("A", facts(counts=(claim(actor="RSF"),)))
            alerts = poller._alerts(status("A", last_success=T0), [story], [(story, rows)])
        finally:
            await client.aclose()
    assert [(a.kind, a.matched) for a in alerts] == [("actor", "Rapid Support Forces")]


def test_command_gets_the_alert_as_json_on_stdin(tmp_path: Path) -> None:
    out = tmp_path / "alert.json"
    [alert] = match_alerts(AlertRules(actors=("Taliban",)), [(item("b"), facts(counts=(claim(),)))])
    script = f"import sys; open({str(out)!r}, 'w').write(sys.stdin.read())"
    assert run_command([sys.executable, "-c", script], alert) is None
    data = json.loads(out.read_text())
    assert data["kind"] == "actor" and data["fact"]["count"] == 50 and data["feed"] == "UN"
    assert run_command([sys.executable, "-c", "import sys; sys.exit(3)"], alert) == "alert command exited with 3"
    assert "not found" in (run_command("no-such-command-here --x", alert) or "")


async def test_a_feed_alerts_only_after_its_first_poll(tmp_path: Path) -> None:
    version = {"n": 1}

    def handler(request: httpx.Request) -> httpx.Response:
        entries = [(f"s{n}", f"Story {n}") for n in range(version["n"])]
        return httpx.Response(200, content=rss(*entries), headers={"content-type": "application/rss+xml"})

    path = tmp_path / "config.toml"
    path.write_text(
        '[storage]\npath = "s.sqlite3"\n[alerts]\nactors = ["Taliban"]\n'
        '[[feeds]]\nname = "A"\nurl = "https://a.invalid/feed"\n',
        encoding="utf-8",
    )
    config = cfg.load(path)
    with SqliteStore(config.db_path) as store:
        client = make_client(FetchLimits(), transport=httpx.MockTransport(handler))
        poller = Poller(config, store, client=client, clock=lambda: T0)
        try:
            first = []
            await poller.poll(on_event=first.append)
            version["n"] = 3
            second = []
            await poller.poll(on_event=second.append)
        finally:
            await client.aclose()
    [first_polled] = [e for e in first if isinstance(e, FeedPolled)]
    [second_polled] = [e for e in second if isinstance(e, FeedPolled)]
    assert first_polled.status.new_items == 1 and first_polled.alerts == ()
    assert second_polled.status.new_items == 2
    assert sorted(a.item.title for a in second_polled.alerts) == ["Story 1", "Story 2"]
