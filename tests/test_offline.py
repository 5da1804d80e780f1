"""An outage is not every feed failing: when no host can be reached, monitor is offline and counts nothing."""

from __future__ import annotations

import datetime as dt
import json
import socket
from pathlib import Path

import pytest
from feedserver import Answer, serving
from newspage import TITLE, feed

from monitor import config as cfg
from monitor.cli import main
from monitor.poller import Poller, PollEvent, PollFinished
from monitor.store import SqliteStore

NOW = dt.datetime(2026, 3, 2, 12, tzinfo=dt.UTC)


def closed_port() -> int:
    """A port on 127.0.0.1 nobody listens on: connecting is refused, as when the network is down."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def write(tmp_path: Path, urls: dict[str, str]) -> Path:
    feeds = "".join(f'[[feeds]]\nname = "{n}"\nurl = "{u}"\n' for n, u in urls.items())
    path = tmp_path / "config.toml"
    path.write_text(f'[storage]\npath = "s.sqlite3"\n[fetch]\ntimeout = 5\n{feeds}', encoding="utf-8")
    return path


async def test_no_host_reached_is_offline_and_counts_no_failure(tmp_path: Path) -> None:
    port = closed_port()
    config = cfg.load(write(tmp_path, {n: f"http://127.0.0.1:{port}/{n}.xml" for n in ("a", "b")}))
    moment = [NOW]
    with SqliteStore(config.db_path) as store:
        poller = Poller(config, store, clock=lambda: moment[0])
        events: list[PollEvent] = []
        try:
            for seconds in (0, 30, 90):  # each poll when the one before said to try again
                moment[0] = NOW + dt.timedelta(seconds=seconds)
                statuses = await poller.poll(on_event=events.append)
        finally:
            await poller.aclose()
        finishes = [e for e in events if isinstance(e, PollFinished)]
        assert [f.offline for f in finishes] == [True, True, True] and poller.offline
        for status in statuses:
            assert status.failures == 0 and (status.error or "").startswith("offline: cannot connect")
            assert status.next_poll == moment[0] + dt.timedelta(seconds=120)  # 30 s, then 60 s, then 120 s: short
        assert {s.status.failures for s in store.feed_states().values()} == {0}


async def test_hosts_polled_one_after_another_in_one_outage_retry_as_soon_as_the_first(tmp_path: Path) -> None:
    """A `serve` polls host after host: the retry grows with how long the outage lasts, not with polls counted."""
    port = closed_port()
    config = cfg.load(write(tmp_path, {n: f"http://127.0.0.1:{port}/{n}.xml" for n in ("a", "b", "c")}))
    with SqliteStore(config.db_path) as store:
        poller = Poller(config, store, clock=lambda: NOW)
        try:
            retries = [(await poller.poll([feed]))[0].next_poll for feed in config.feeds]
        finally:
            await poller.aclose()
    assert retries == [NOW + dt.timedelta(seconds=30)] * 3 and poller.offline


async def test_one_host_answering_means_the_others_really_fail(tmp_path: Path) -> None:
    port = closed_port()
    with serving() as server:
        server.route("/up.xml", Answer(body=feed(("s1", None, TITLE)), headers={"content-type": "application/rss+xml"}))
        config = cfg.load(write(tmp_path, {"up": server.url("/up.xml"), "down": f"http://127.0.0.1:{port}/d.xml"}))
        with SqliteStore(config.db_path) as store:
            poller = Poller(config, store, clock=lambda: NOW)
            events: list[PollEvent] = []
            try:
                statuses = {s.name: s for s in await poller.poll(on_event=events.append)}
            finally:
                await poller.aclose()
    finished = events[-1]
    assert isinstance(finished, PollFinished) and not finished.offline and not poller.offline
    assert statuses["up"].status == "ok"
    assert statuses["down"].failures == 1 and "offline" not in (statuses["down"].error or "")


async def test_back_online_resumes_normal_intervals(tmp_path: Path) -> None:
    port = closed_port()
    config = cfg.load(write(tmp_path, {"a": f"http://127.0.0.1:{port}/a.xml"}))
    with SqliteStore(config.db_path) as store:
        poller = Poller(config, store, clock=lambda: NOW)
        try:
            await poller.poll()
            assert poller.offline
            with serving() as server:  # the network is back: the feed moved to a live server
                server.route(
                    "/a.xml", Answer(body=feed(("s1", None, TITLE)), headers={"content-type": "application/rss+xml"})
                )
                live = config.model_copy(
                    update={"feeds": [config.feeds[0].model_copy(update={"url": server.url("/a.xml")})]}
                )
                poller.reconfigure(live)
                [status] = await poller.poll()
        finally:
            await poller.aclose()
    assert not poller.offline and status.status == "ok" and status.failures == 0
    assert status.next_poll == NOW + dt.timedelta(seconds=900)


def test_poll_once_json_says_offline_twice_and_leaves_failures_at_zero(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    port = closed_port()
    path = write(tmp_path, {n: f"http://127.0.0.1:{port}/{n}.xml" for n in ("a", "b", "c")})
    for _ in range(2):
        main(["poll", "--once", "--json", "--config", str(path)])
        report = json.loads(capsys.readouterr().out)
        assert report["totals"]["offline"] is True
        assert [f["failures"] for f in report["feeds"]] == [0, 0, 0]
    main(["poll", "--once", "--config", str(path)])
    assert "offline: no feed's host could be reached" in capsys.readouterr().out


async def test_a_dead_host_polled_alone_fails_while_the_network_is_up(tmp_path: Path) -> None:
    """A poll of one feed (`r` on it, a `serve` host) reaching no host is offline only if the last host that
    answered does not answer either."""
    port = closed_port()
    with serving() as server:
        server.route("/up.xml", Answer(body=feed(("s1", None, TITLE)), headers={"content-type": "application/rss+xml"}))
        config = cfg.load(write(tmp_path, {"up": server.url("/up.xml"), "down": f"http://127.0.0.1:{port}/d.xml"}))
        up, down = config.feeds
        store = SqliteStore(config.db_path)
        poller = Poller(config, store, clock=lambda: NOW)
        try:
            [first] = await poller.poll([up])
            [alone] = await poller.poll([down])  # "up" still accepts a connection: the network is fine
            [again] = await poller.poll([down])
            assert first.status == "ok" and not poller.offline
            assert (alone.failures, again.failures) == (1, 2) and "offline" not in (again.error or "")
            assert [path for path, _ in server.requests] == ["/up.xml"]  # the probe connected, asked nothing
        except BaseException:
            await poller.aclose()
            store.close()
            raise
    try:
        [cut_off] = await poller.poll([down])  # "up" no longer answers either: now we are offline
        assert poller.offline and cut_off.failures == 2 and (cut_off.error or "").startswith("offline")
    finally:
        await poller.aclose()
        store.close()
