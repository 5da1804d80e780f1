"""Alerts: matching rules, the command's JSON, and when a poll may alert at all."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import httpx
from factories import T0, claim, facts, item, statement
from feedserver import rss

from monitor import config as cfg
from monitor.alerts import AlertRules, match_alerts, run_command
from monitor.fetch import FetchLimits, make_client
from monitor.poller import Poller
from monitor.store import Store


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
    with Store(config.db_path) as store:
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
    [first_polled] = [e for e in first if hasattr(e, "alerts")]
    [second_polled] = [e for e in second if hasattr(e, "alerts")]
    assert first_polled.status.new_items == 1 and first_polled.alerts == ()
    assert second_polled.status.new_items == 2
    assert sorted(a.item.title for a in second_polled.alerts) == ["Story 1", "Story 2"]
