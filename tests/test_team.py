"""A team on one store: leases, concurrent writers, and `monitor serve` pollers sharing PostgreSQL.

The store rules run on both backends; the races and the pollers run on a real
PostgreSQL server started by the test run (see conftest's `pg_cluster`).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import psycopg
import pytest
from factories import T0, item, status
from feedserver import Answer, FeedServer

from monitor.models import Facts, Item
from monitor.serve import feed_host
from monitor.store import ALIVE_SECONDS, SqlStore, open_store

Opener = Callable[[], SqlStore]
LATER = T0 + dt.timedelta(minutes=5)


def register(store: SqlStore, **feeds: str) -> None:
    store.register_feeds({name: (url, feed_host(url)) for name, url in feeds.items()})


def test_a_host_is_leased_whole_to_one_poller_until_released_or_expired(open_store: Opener) -> None:
    with open_store() as store:
        register(store, a1="http://a.example/1", a2="http://a.example/2", b1="http://b.example/1")
        until = T0 + dt.timedelta(minutes=5)
        first = store.lease_feeds("one", ["a1", "b1"], now=T0, until=until, limit=10)
        assert sorted(first) == ["a1", "b1"]
        # a2 is due and free, but its host is being polled by "one"
        assert store.lease_feeds("two", ["a1", "a2", "b1"], now=T0, until=until, limit=10) == []
        store.release_feeds("one", ["b1"])
        assert store.lease_feeds("two", ["a2", "b1"], now=T0, until=until, limit=10) == ["b1"]
        # "one" dies holding a1: once its lease has expired, a2 and a1 are free again
        after = until + dt.timedelta(seconds=1)
        taken = store.lease_feeds("three", ["a1", "a2"], now=after, until=after + dt.timedelta(minutes=5), limit=10)
        assert sorted(taken) == ["a1", "a2"]


def test_places_on_a_host_are_shared_by_the_team_and_keep_its_feeds_from_others(open_store: Opener) -> None:
    with open_store() as store:
        register(store, a="http://a.example/1", b="http://b.example/1")
        assert store.take_host_slot("one", "pages.example", slots=2, now=T0, until=LATER) == 0
        assert store.take_host_slot("two", "pages.example", slots=2, now=T0, until=LATER) == 1
        assert store.take_host_slot("two", "pages.example", slots=2, now=T0, until=LATER) is None  # full
        store.free_host_slot("one", "pages.example", 0)
        assert store.take_host_slot("two", "pages.example", slots=2, now=T0, until=LATER) == 0
        # a host whose feeds another poller is polling is full; one with places held is leased to no one else
        assert store.lease_feeds("one", ["a"], now=T0, until=LATER, limit=10) == ["a"]
        assert store.take_host_slot("two", "a.example", slots=2, now=T0, until=LATER) is None
        assert store.take_host_slot("one", "a.example", slots=2, now=T0, until=LATER) == 0
        assert store.take_host_slot("one", "b.example", slots=2, now=T0, until=LATER) == 0
        assert store.lease_feeds("two", ["b"], now=T0, until=LATER, limit=10) == []
        after = LATER + dt.timedelta(seconds=1)  # a dead poller's places expire with their time
        assert store.lease_feeds("two", ["b"], now=after, until=after + dt.timedelta(minutes=5), limit=10) == ["b"]
        store.poller_stopped("two", now=T0)  # a clean stop gives every place back at once
        assert store.take_host_slot("one", "pages.example", slots=2, now=T0, until=LATER) == 0


def test_a_feed_is_leased_only_when_due(open_store: Opener) -> None:
    with open_store() as store:
        register(store, a="http://a.example/1")
        store.save_poll(status("a", status="ok", next_poll=LATER), etag=None, last_modified=None, now=T0)
        assert store.lease_feeds("one", ["a"], now=T0, until=LATER, limit=10) == []
        assert store.lease_feeds("one", ["a"], now=LATER, until=LATER + dt.timedelta(minutes=5), limit=10) == ["a"]
        store.request_poll(["a"], now=T0)  # `r` on a screen of the shared store: due now for any poller
        store.release_feeds("one", ["a"])
        assert store.lease_feeds("two", ["a"], now=T0, until=LATER, limit=10) == ["a"]


def test_pollers_report_themselves_and_a_clean_stop_frees_their_leases(open_store: Opener) -> None:
    with open_store() as store:
        register(store, a="http://a.example/1")
        store.register_poller("p1", host="desk-1", pid=41, now=T0)
        store.register_poller("p2", host="desk-2", pid=42, now=T0)
        assert store.lease_feeds("p1", ["a"], now=T0, until=LATER, limit=10) == ["a"]
        store.poller_beat("p1", now=T0 + dt.timedelta(seconds=10), polled=3)
        store.poller_stopped("p2", now=T0)
        [alive] = store.pollers(alive_since=T0 + dt.timedelta(seconds=5))
        assert (alive.id, alive.host, alive.pid, alive.feeds_polled) == ("p1", "desk-1", 41, 3)
        assert alive.last_poll == T0 + dt.timedelta(seconds=10)
        store.poller_stopped("p1", now=T0)
        assert store.pollers(alive_since=T0 - dt.timedelta(days=1)) == []
        assert store.lease_feeds("p3", ["a"], now=T0, until=LATER, limit=10) == ["a"]


def test_totals_count_items_and_each_kind_of_fact(open_store: Opener) -> None:
    from factories import claim, event, facts, statement

    with open_store() as store:
        found = facts(counts=(claim(), claim(90)), statements=(statement(),), events=(event(),))
        store.save_poll(status("UN"), etag=None, last_modified=None, items=[(item("a"), found)], now=T0)
        totals = store.totals()
        assert (totals.items, totals.claims, totals.statements, totals.events) == (1, 2, 1, 1)


def test_two_writers_racing_on_the_same_stories_store_each_once(pg_url: str) -> None:
    """Two processes' stores (two pools) write the same 300 items at once: each is stored exactly once."""
    stories = [item(f"s{n}", "wire", title=f"Story number {n} of the race") for n in range(300)]
    results: dict[str, list[str]] = {}
    start = threading.Barrier(2)

    def write(feed: str) -> None:
        with open_store(pg_url) as store:
            start.wait()
            mine: list[str] = []
            for offset in range(0, 300, 25):  # many small transactions, so the two interleave
                batch = [(s.model_copy(update={"feed": feed}), Facts()) for s in stories[offset : offset + 25]]
                mine += [i.id for i in store.save_poll(status(feed), etag=None, last_modified=None, items=batch,
                                                       now=T0)]  # fmt: skip
            results[feed] = mine

    threads = [threading.Thread(target=write, args=(feed,)) for feed in ("A", "B")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results["A"] + results["B"]) == sorted(s.id for s in stories)  # each new to exactly one writer
    with open_store(pg_url) as store:
        assert store.count_items() == 300
        assert {stored.feeds for stored in store.items(limit=1000)} == {("A", "B")}


def test_a_writer_meeting_a_story_another_is_storing_under_another_id_waits_and_finds_it(pg_url: str) -> None:
    """Two feeds carry one story under their own GUIDs (one link): the second write waits for the first's commit."""
    story = item("A-1", "A", title="Envoy warns the Council of a wider war").model_copy(
        update={"link": "https://wire.invalid/story/1"}
    )
    same = story.model_copy(update={"id": "B-1", "feed": "B", "title": "Other words for the same story"})
    inside, go = threading.Event(), threading.Event()
    with open_store(pg_url) as first, open_store(pg_url) as second:
        real_notify = first._notify

        def hold_before_commit(db: object, what: str) -> None:
            real_notify(db, what)  # type: ignore[arg-type]
            inside.set()  # the story is inserted, not yet committed
            go.wait(30)

        first._notify = hold_before_commit  # type: ignore[method-assign]
        stored: dict[str, list[str]] = {}

        def write(store: SqlStore, one: Item) -> None:
            new = store.save_poll(status(one.feed), etag=None, last_modified=None, items=[(one, Facts())], now=T0)
            stored[one.feed] = [i.id for i in new]

        a = threading.Thread(target=write, args=(first, story))
        a.start()
        assert inside.wait(30)
        b = threading.Thread(target=write, args=(second, same))
        b.start()
        b.join(1.0)
        waited = b.is_alive()  # without the story locks it would have stored its own copy by now
        go.set()
        a.join(30)
        b.join(30)
        assert waited
        assert stored == {"A": ["A-1"], "B": []}
        assert second.count_items() == 1 and second.known_ids(["B-1"]) == {"B-1"}
        found = second.item("A-1")
        assert found is not None and found.feeds == ("A", "B")


def test_a_store_filled_from_empty_refreshes_its_planner_statistics(pg_url: str) -> None:
    """Without statistics PostgreSQL scans every item to match each feed's links: a poller runs ANALYZE as it grows."""
    from monitor.store.postgres import ANALYZE_FLOOR

    def analyzed(conn: psycopg.Connection[tuple[object, ...]]) -> tuple[object, float]:
        row = conn.execute(
            "SELECT s.last_analyze, c.reltuples FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid "
            "WHERE s.relname = 'items'"
        ).fetchone()
        assert row is not None
        return row[0], float(row[1])  # type: ignore[arg-type]

    per_poll = 100
    with open_store(pg_url) as store, psycopg.connect(pg_url, autocommit=True) as conn:
        for poll in range(ANALYZE_FLOOR // per_poll + 1):
            stories = [(item(f"p{poll}-{n}", f"feed{poll}"), Facts()) for n in range(per_poll)]
            store.save_poll(status(f"feed{poll}"), etag=None, last_modified=None, items=stories, now=T0)
            if poll == 0:
                assert analyzed(conn)[0] is None  # a handful of items: not worth it yet
        when, rows = analyzed(conn)
        assert when is not None and rows >= ANALYZE_FLOOR
        plan = "\n".join(
            str(r[0])
            for r in conn.execute("EXPLAIN SELECT id FROM items WHERE link_key IN ('x.invalid/p1-1', 'x.invalid/p2-2')")
        )
        assert "items_link_key" in plan, plan  # an index lookup, not a scan of the table


def test_leases_handed_out_at_once_never_overlap(pg_url: str) -> None:
    feeds = {f"f{n}": f"http://host{n % 7}.example/{n}" for n in range(70)}
    with open_store(pg_url) as store:
        register(store, **feeds)
    got: dict[str, list[str]] = {}
    start = threading.Barrier(4)

    def lease(owner: str) -> None:
        with open_store(pg_url) as store:
            start.wait()
            got[owner] = store.lease_feeds(owner, list(feeds), now=T0, until=LATER, limit=70)

    threads = [threading.Thread(target=lease, args=(f"p{n}",)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    leased = [name for names in got.values() for name in names]
    assert sorted(leased) == sorted(feeds)  # every feed to one poller, none twice
    hosts = {owner: {feed_host(feeds[name]) for name in names} for owner, names in got.items()}
    owners = list(hosts)
    assert all(not hosts[a] & hosts[b] for a in owners for b in owners if a < b)  # no host split


# --- two `monitor serve` processes on one PostgreSQL ---------------------------

HOSTS = 6
FEEDS = 300
ITEMS = 50
PER_HOST = 2


def feed_xml(feed: int) -> bytes:
    entries = "".join(
        f"<item><title>Feed {feed} story {n}: the talks go on</title><link>https://news.invalid/{feed}/{n}</link>"
        f'<guid isPermaLink="false">f{feed}-{n}</guid><pubDate>Wed, 23 Jun 2021 10:00:00 GMT</pubDate>'
        f"<description>Fighters took {n + 3} of 370 districts, the envoy said on Tuesday.</description></item>"
        for n in range(ITEMS)
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Feed {feed}</title>'
        f"<link>https://news.invalid/</link><description>d</description>{entries}</channel></rss>"
    ).encode()


@pytest.fixture
def team_feeds() -> Iterator[list[FeedServer]]:
    """Six loopback hosts (127.0.0.1 … 127.0.0.6), 50 feeds each, every answer a little slow."""
    with ExitStack() as stack:
        servers = [stack.enter_context(FeedServer(host=f"127.0.0.{n + 1}")) for n in range(HOSTS)]
        for feed in range(FEEDS):
            servers[feed % HOSTS].route(f"/feed/{feed}.xml", Answer(body=feed_xml(feed), delay=0.15))
        yield servers


def status_json(config: Path) -> dict[str, object]:
    done = subprocess.run([sys.executable, "-m", "monitor", "status", "--json", "--config", str(config)],
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 0, done.stderr
    report: dict[str, object] = json.loads(done.stdout)
    return report


def wait_for(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)


def test_two_serve_processes_share_300_feeds_and_survive_a_kill(
    pg_url: str, team_feeds: list[FeedServer], tmp_path: Path
) -> None:
    config = tmp_path / "config.toml"
    tables = "".join(
        f'[[feeds]]\nname = "feed {n}"\nurl = "{team_feeds[n % HOSTS].url(f"/feed/{n}.xml")}"\n' for n in range(FEEDS)
    )
    config.write_text(
        f'[monitor]\ninterval = 3600\n[storage]\nurl = "{pg_url}"\nlease_seconds = 5\n'
        f'[fetch]\nper_host = {PER_HOST}\nmax_connections = {2 * PER_HOST}\nfulltext = "never"\ntimeout = 20\n'
        f"{tables}",  # two hosts a round each: the six hosts are shared out
        encoding="utf-8",
    )
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    command = [sys.executable, "-m", "monitor", "serve", "--config", str(config)]
    logs = [(tmp_path / f"serve-{n}.log").open("w") for n in range(2)]
    pollers = [subprocess.Popen(command, stderr=log, stdout=log, env=env) for log in logs]
    try:
        victim = pollers[1]
        with psycopg.connect(pg_url, autocommit=True) as db:

            def both_polling() -> bool:
                """Both alive in `status --json`, and each holding leases: both mid-poll at this moment."""
                alive = status_json(config)["pollers"]
                assert isinstance(alive, list)
                holding = {
                    pid
                    for (pid,) in db.execute(
                        "SELECT DISTINCT p.pid FROM feeds f JOIN pollers p ON p.id = f.lease_owner"
                    ).fetchall()
                }
                return len(alive) == 2 and holding == {poller.pid for poller in pollers}

            wait_for(both_polling, 120, "both pollers to be polling")
        victim.send_signal(signal.SIGKILL)  # mid-poll: its transaction and leases are simply gone
        victim.wait(timeout=10)

        def all_polled() -> bool:
            feeds = status_json(config)["feeds"]
            assert isinstance(feeds, dict)
            return feeds["ok"] == FEEDS

        wait_for(all_polled, 240, "the surviving poller to take over and poll every feed")
        store = status_json(config)["store"]
        assert isinstance(store, dict) and store["items"] == FEEDS * ITEMS  # none lost, none doubled

        def only_the_survivor_alive() -> bool:
            alive = status_json(config)["pollers"]
            assert isinstance(alive, list)
            return [p["pid"] for p in alive] == [pollers[0].pid]

        wait_for(only_the_survivor_alive, ALIVE_SECONDS + 10, "the killed poller to be taken for dead")
    finally:
        for poller in pollers:
            if poller.poll() is None:
                poller.send_signal(signal.SIGTERM)
        for poller in pollers:
            try:
                poller.wait(timeout=30)
            except subprocess.TimeoutExpired:
                poller.kill()
        for log in logs:
            log.close()
    assert pollers[0].returncode == 0, (tmp_path / "serve-0.log").read_text()
    with psycopg.connect(pg_url) as db:
        per_item = db.execute("SELECT count(*), count(DISTINCT item_id) FROM facts WHERE kind = 'count'").fetchone()
        assert per_item == (FEEDS * ITEMS, FEEDS * ITEMS)  # each story's facts stored once, with it
        stopped = db.execute("SELECT count(*) FROM pollers WHERE stopped IS NOT NULL").fetchone()
        assert stopped == (1,)  # the survivor stopped cleanly on SIGTERM; the killed one never could
    assert all(server.peak <= PER_HOST for server in team_feeds), [s.peak for s in team_feeds]
    log = (tmp_path / "serve-0.log").read_text()
    assert "polled" in log and "stopped after polling" in log


# --- screens on the shared store ------------------------------------------------


async def test_a_screen_on_a_shared_store_follows_the_pollers_and_raises_its_own_alerts(
    pg_url: str, tmp_path: Path
) -> None:
    from scenes import settle, wait_for
    from textual.widgets import DataTable

    from monitor.config import load
    from monitor.ui.app import MonitorApp

    config_path = tmp_path / "config.toml"
    config_path.write_text(
        f'[storage]\nurl = "{pg_url}"\n[alerts]\nwords = ["ceasefire"]\nbell = false\n[fetch]\nfulltext = "never"\n'
        '[[feeds]]\nname = "UN"\nurl = "https://un.invalid/feed"\n',
        encoding="utf-8",
    )
    config = load(config_path)
    now = dt.datetime.now(dt.UTC)
    with open_store(pg_url) as team:  # what a `monitor serve` elsewhere does: registers, polls, stores
        register(team, UN="https://un.invalid/feed")
        team.register_poller("desk-7", host="desk", pid=7, now=now)
        team.save_poll(status("UN", status="ok", last_success=now), etag=None, last_modified=None, now=now,
                       items=[(item("old", title="Talks drag on in Doha"), Facts())])  # fmt: skip
        with open_store(config) as store:
            app = MonitorApp(config, store, watch_config=False)
            async with app.run_test(size=(160, 45)) as pilot:
                await settle(pilot)
                await wait_for(pilot, lambda: bool(app.team))
                assert app._poller is None and not app.polling  # the team's poller polls, not this screen
                assert "shared store, 1 poller polling" in str(app.main.query_one("#status").render())
                team.save_poll(status("UN", status="ok", last_success=now), etag=None, last_modified=None, now=now,
                               items=[(item("new", title="A ceasefire is agreed in Doha"), Facts())])  # fmt: skip
                wire = app.main.query_one("#wire", DataTable)

                def titles() -> str:
                    return " ".join(str(cell) for row in range(wire.row_count) for cell in wire.get_row_at(row))

                await wait_for(pilot, lambda: "A ceasefire is agreed" in titles())  # heard by NOTIFY
                await wait_for(pilot, lambda: "new" in app.alerted)  # the screen's own [alerts] words
                assert "old" not in app.alerted
                await pilot.press("r")  # asks the pollers, through the store
                await wait_for(pilot, lambda: team.feed_states()["UN"].status.next_poll is not None)
            assert app._poller is None
            second = MonitorApp(config, store, watch_config=False, poll_on_start=False)
            async with second.run_test(size=(160, 45)) as pilot:  # another analyst's screen: the same rows
                await settle(pilot)
                rows = second.main.query_one("#wire", DataTable).row_count
                assert rows == 2


# --- the command line ---------------------------------------------------------


def run_monitor(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "monitor", *args], capture_output=True, text=True, timeout=60)


def test_a_store_that_cannot_be_reached_is_one_clear_line(tmp_path: Path) -> None:
    import socket

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = tmp_path / "config.toml"
    config.write_text(f'[storage]\nurl = "postgresql://team:secret@127.0.0.1:{port}/monitor"\n', encoding="utf-8")
    done = run_monitor("status", "--config", str(config))
    assert done.returncode == 1
    assert done.stderr.startswith("monitor: the store cannot be used: cannot open the store postgresql://team:***@")
    assert "Traceback" not in done.stderr and "secret" not in done.stderr
    checked = run_monitor("check", "--config", str(config))
    assert checked.returncode == 0 and "team:***@127.0.0.1" in checked.stdout and "secret" not in checked.stdout


@pytest.mark.parametrize(
    ("storage", "problem"),
    [
        ('path = "s.db"\nurl = "postgresql://a@127.0.0.1/m"', "sets both path"),
        ('url = "mysql://a@127.0.0.1/m"', "is not a PostgreSQL URL"),
    ],
)
def test_a_storage_table_that_cannot_work_is_a_config_error(tmp_path: Path, storage: str, problem: str) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f"[storage]\n{storage}\n", encoding="utf-8")
    done = run_monitor("check", "--config", str(config))
    assert done.returncode == 2 and problem in done.stderr
    assert "key: storage.url" in done.stderr and "fix: " in done.stderr


def test_status_json_reports_the_store_the_feeds_and_the_pollers(pg_url: str, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        f'[storage]\nurl = "{pg_url}"\n[[feeds]]\nname = "UN"\nurl = "https://un.invalid/feed"\n'
        '[[feeds]]\nname = "Wire"\nurl = "https://wire.invalid/feed"\n',
        encoding="utf-8",
    )
    now = dt.datetime.now(dt.UTC)
    with open_store(pg_url) as store:
        store.register_poller("desk-1", host="desk", pid=12, now=now)
        store.poller_beat("desk-1", now=now, polled=2)
        store.save_poll(status("UN", status="ok", last_success=now), etag=None, last_modified=None, now=now,
                        items=[(item("a", title="Talks resume"), Facts())])  # fmt: skip
    report = json.loads(run_monitor("status", "--json", "--config", str(config)).stdout)
    assert {k: report["store"][k] for k in ("items", "claims", "statements", "events")} == {
        "items": 1, "claims": 0, "statements": 0, "events": 0}  # fmt: skip
    assert report["feeds"] == {"total": 2, "ok": 1, "failing": 0, "paused": 0, "pending": 1}
    [poller] = report["pollers"]
    assert (poller["id"], poller["host"], poller["feeds_polled"]) == ("desk-1", "desk", 2)
    assert set(poller) == {"id", "host", "pid", "since", "feeds_polled", "last_poll"}


def test_a_round_takes_whole_hosts_up_to_the_number_asked(open_store: Opener) -> None:
    feeds = {f"f{n}": f"http://host{n % 5}.example/{n}" for n in range(50)}
    with open_store() as store:
        register(store, **feeds)
        first = store.lease_feeds("one", list(feeds), now=T0, until=LATER, limit=500, hosts=2)
        assert len({feed_host(feeds[name]) for name in first}) == 2 and len(first) == 20  # two whole hosts
        second = store.lease_feeds("two", list(feeds), now=T0, until=LATER, limit=500, hosts=2)
        assert len(second) == 20 and not set(first) & set(second)
        rest = store.lease_feeds("three", list(feeds), now=T0, until=LATER, limit=500, hosts=2)
        assert len(rest) == 10  # the one host left


def test_export_reads_the_shared_store(pg_url: str, tmp_path: Path) -> None:
    from factories import claim, facts

    config = tmp_path / "config.toml"
    config.write_text(f'[storage]\nurl = "{pg_url}"\n', encoding="utf-8")
    now = dt.datetime.now(dt.UTC)
    with open_store(pg_url) as store:  # written by a poller on another machine
        store.save_poll(status("UN", status="ok", last_success=now), etag=None, last_modified=None, now=now,
                        items=[(item("a", title="Envoy briefs the Council"), facts(counts=(claim(),)))])  # fmt: skip
    done = run_monitor("export", "--format", "json", "--config", str(config))
    assert done.returncode == 0, done.stderr
    exported = json.loads(done.stdout)
    [found] = exported["counts"]
    assert (found["count"], found["total"], found["item_title"]) == (50, 370, "Envoy briefs the Council")


async def test_a_slow_host_holds_up_only_its_own_feeds(open_store: Opener, tmp_path: Path) -> None:
    """Hosts are leased one by one as room frees up, not in rounds that wait for their slowest host."""
    import asyncio
    import io

    from feedserver import rss

    from monitor.config import load
    from monitor.serve import Server

    seen_while_slow_busy: list[int] = []
    with FeedServer("127.0.0.1") as slow, FeedServer("127.0.0.2") as fast, FeedServer("127.0.0.3") as later:

        def body(guid: str) -> bytes:
            return rss((guid, f"Envoy briefs the Security Council, story {guid}"))

        slow.route("/f.xml", Answer(body=body("s"), delay=3))
        fast.route("/f.xml", Answer(body=body("f")))

        def answer_later(headers: dict[str, str]) -> Answer:
            seen_while_slow_busy.append(slow.in_flight)
            return Answer(body=body("l"))

        later.route("/f.xml", answer_later)
        feeds = {"a-slow": slow, "b-fast": fast, "c-later": later}  # leased in this order, two hosts at a time
        config_path = tmp_path / "config.toml"
        config_path.write_text(
            '[fetch]\nper_host = 1\nmax_connections = 2\nfulltext = "never"\n'
            + "".join(
                f'[[feeds]]\nname = "{name}"\nurl = "{server.url("/f.xml")}"\n' for name, server in feeds.items()
            ),
            encoding="utf-8",
        )
        config = load(config_path)
        with open_store() as store:
            log = io.StringIO()
            server = Server(config, store, log=log)
            assert server.hosts_at_once == 2
            running = asyncio.create_task(server.run())
            try:
                for _ in range(200):
                    states = store.feed_states()
                    if len(states) == 3 and all(s.status.status == "ok" for s in states.values()):
                        break
                    await asyncio.sleep(0.05)
            finally:
                server.stop()
                assert await asyncio.wait_for(running, 30) == 0
            assert {s.status.status for s in store.feed_states().values()} == {"ok"}
    assert seen_while_slow_busy == [1]  # the third host was polled while the slow one still answered
    lines = log.getvalue()
    assert "polled 127.0.0.3: 1 feeds (1 ok, 0 failing), 1 new items" in lines


async def test_two_pollers_reading_pages_on_one_host_keep_to_per_host_together(pg_url: str, tmp_path: Path) -> None:
    """Article pages on a host that is no feed's: each request takes a place of the team's `per_host` there."""
    import asyncio
    import io

    from newspage import article_page, feed

    from monitor.config import load
    from monitor.serve import Server

    pages_per_feed = 8
    with ExitStack() as stack:
        a1, a2, pages = (stack.enter_context(FeedServer(f"127.0.0.{n}")) for n in (1, 2, 3))
        for name, server in (("a1", a1), ("a2", a2)):
            stories = [(f"{name}-{n}", pages.url(f"/{name}/{n}.html"), f"Story {n} of feed {name} about the siege")
                       for n in range(pages_per_feed)]  # fmt: skip
            server.route("/feed.xml", Answer(body=feed(*stories), headers={"content-type": "application/rss+xml"}))
            for n in range(pages_per_feed):
                html = Answer(body=article_page(), delay=0.3, headers={"content-type": "text/html; charset=utf-8"})
                pages.route(f"/{name}/{n}.html", html)
        config_path = tmp_path / "config.toml"
        config_path.write_text(  # one host at a time each: the two pollers take a feed host each
            f'[storage]\nurl = "{pg_url}"\n[fetch]\nper_host = 2\nmax_connections = 2\nfulltext = "always"\n'
            f"first_poll_pages = {pages_per_feed}\n"
            + "".join(f'[[feeds]]\nname = "{n}"\nurl = "{s.url("/feed.xml")}"\n' for n, s in (("a1", a1), ("a2", a2))),
            encoding="utf-8",
        )
        config = load(config_path)
        with open_store(pg_url) as one, open_store(pg_url) as two:
            servers = [Server(config, store, log=io.StringIO()) for store in (one, two)]
            running = [asyncio.create_task(server.run()) for server in servers]
            try:
                for _ in range(400):
                    states = one.feed_states()
                    if (
                        sum(s.status.pages_fetched + s.status.pages_failed for s in states.values())
                        == 2 * pages_per_feed
                    ):
                        break
                    await asyncio.sleep(0.05)
            finally:
                for server in servers:
                    server.stop()
                assert await asyncio.wait_for(asyncio.gather(*running), 60) == [0, 0]
            states = one.feed_states()
        assert {name: s.status.pages_fetched for name, s in states.items()} == {
            "a1": pages_per_feed,
            "a2": pages_per_feed,
        }
        assert all(server.polled == 1 for server in servers)  # each poller polled one feed: they overlapped
    assert len(pages.requests) == 2 * pages_per_feed
    assert pages.peak == 2  # the team's per_host, not 2 per poller


async def test_serve_rides_out_a_store_that_is_away_for_a_while(open_store: Opener) -> None:
    import asyncio
    import io

    from monitor.config import Config, FeedConfig
    from monitor.serve import Server
    from monitor.store import StoreError

    config = Config(feeds=[FeedConfig(name="a", url="https://a.invalid/feed")])
    with open_store() as store:
        log = io.StringIO()
        server = Server(config, store, log=log)
        calls = 0
        real_lease = store.lease_feeds

        def flaky_lease(*args: object, **kwargs: object) -> list[str]:
            nonlocal calls
            calls += 1
            if calls == 1:
                raise StoreError("connection lost")
            server.stop()
            return []

        store.lease_feeds = flaky_lease  # type: ignore[method-assign]
        try:
            assert await asyncio.wait_for(server.run(), 30) == 0
        finally:
            store.lease_feeds = real_lease  # type: ignore[method-assign]
        assert calls == 2
        assert "the store cannot be used: connection lost; trying again" in log.getvalue()
        assert store.pollers(alive_since=T0) == []  # it stopped cleanly afterwards


async def test_a_lease_that_could_not_be_given_back_is_given_back_when_the_store_answers(
    open_store: Opener, tmp_path: Path
) -> None:
    import asyncio
    import io

    from feedserver import rss

    from monitor.config import load
    from monitor.serve import Server
    from monitor.store import StoreError

    with FeedServer() as feeds:
        feeds.route("/f.xml", Answer(body=rss(("g1", "Envoy briefs the Security Council on the siege"))))
        config_path = tmp_path / "config.toml"
        config_path.write_text(f'[[feeds]]\nname = "a"\nurl = "{feeds.url("/f.xml")}"\n', encoding="utf-8")
        config = load(config_path)
        with open_store() as store:
            log = io.StringIO()
            server = Server(config, store, log=log)
            real_release = store.release_feeds
            given_back: list[list[str]] = []

            def flaky_release(owner: str, names: list[str]) -> None:
                if not given_back:
                    given_back.append([])
                    raise StoreError("connection lost")
                real_release(owner, names)
                given_back.append(list(names))
                server.stop()

            store.release_feeds = flaky_release  # type: ignore[method-assign]
            try:
                assert await asyncio.wait_for(server.run(), 30) == 0
            finally:
                store.release_feeds = real_release  # type: ignore[method-assign]
            assert given_back == [[], ["a"]]  # refused with the poll, given back on the next turn
            assert "polling 127.0.0.1 failed: connection lost" in log.getvalue()
            assert store.feed_states()["a"].status.status == "ok"  # the poll itself was stored


def test_arrivals_skip_known_stories_and_a_feeds_back_catalogue(open_store: Opener) -> None:
    from factories import claim, facts, statement

    from monitor.store import PollWrite, fact_rows

    with open_store() as store:
        first = [(item("old"), fact_rows("UN", facts(counts=(claim(),))))]
        store.save_polls([PollWrite(status("UN"), None, None, first, T0, backfill=True)])  # a first poll
        store.save_poll(status("UN"), etag=None, last_modified=None, now=LATER, items=[
            (item("a"), facts(counts=(claim(),), statements=(statement(),))), (item("b"), facts()),
            (item("c"), facts(counts=(claim(90),)))])  # fmt: skip
        found = store.arrivals(since=T0, known={"b"})
        assert [stored.item.id for stored, _ in found] == ["a", "c"]
        by_id = {stored.item.id: got for stored, got in found}
        assert (len(by_id["a"].counts), len(by_id["a"].statements)) == (1, 1)
        assert [c.count for c in by_id["c"].counts] == [90] and by_id["c"] == store.facts_of("c")


def test_a_shared_store_of_schema_1_gains_host_places_and_keeps_its_items(pg_url: str) -> None:
    from monitor.store.postgres import _V1, SCHEMA_VERSION

    with psycopg.connect(pg_url, autocommit=True) as db:  # what the previous release of monitor made
        for statement in _V1:
            db.execute(statement)  # type: ignore[arg-type]  (our own DDL, not user input)
        db.execute("INSERT INTO meta VALUES ('schema_version', '1')")
        db.execute(
            "INSERT INTO items (id, feed, title, published, first_seen, summary, content) VALUES "
            "('a', 'UN', 'T', '2021-06-22T12:00:00+00:00', '2021-06-22T12:00:00+00:00', '', 'Body')"
        )
    with open_store(pg_url) as store:
        assert store.count_items() == 1
        assert store.take_host_slot("one", "pages.example", slots=1, now=T0, until=LATER) == 0
    with psycopg.connect(pg_url, autocommit=True) as db:
        version = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        assert version == (str(SCHEMA_VERSION),) and SCHEMA_VERSION == 2


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="extraction runs in a process pool only on 2 cores or more")
def test_ctrl_c_stops_serve_cleanly_without_a_traceback_from_its_workers(tmp_path: Path) -> None:
    """Ctrl-C in a terminal reaches the whole process group: the pool's workers as well as the poller."""
    from feedserver import rss

    feeds = tmp_path / "feeds"
    feeds.mkdir()
    for n in range(3):
        (feeds / f"{n}.xml").write_bytes(rss((f"g{n}", f"Envoy briefs the Security Council, story {n}")))
    config = tmp_path / "config.toml"
    config.write_text(
        '[storage]\npath = "store.sqlite3"\n[fetch]\nfulltext = "never"\n'
        + "".join(f'[[feeds]]\nname = "f{n}"\nurl = "file:feeds/{n}.xml"\n' for n in range(3)),
        encoding="utf-8",
    )
    serve = subprocess.Popen([sys.executable, "-m", "monitor", "serve", "--config", str(config)],
                             stderr=subprocess.PIPE, text=True, start_new_session=True)  # fmt: skip
    try:
        wait_for(lambda: status_json(config)["store"]["items"] == 3, 60, "the first poll")  # type: ignore[index]
        os.killpg(serve.pid, signal.SIGINT)
        _, errors = serve.communicate(timeout=60)
    finally:
        if serve.poll() is None:
            os.killpg(serve.pid, signal.SIGKILL)
    assert serve.returncode == 0, errors
    assert "Traceback" not in errors and "KeyboardInterrupt" not in errors, errors
    assert "stopped after polling 3 feeds" in errors
