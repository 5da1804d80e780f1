"""The poller over httpx.MockTransport: fault isolation, conditional GET, backoff, dedupe."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import random
import time
from pathlib import Path

import httpx
import pytest

from monitor import config as cfg
from monitor.fetch import FetchLimits, make_client
from monitor.poller import (
    BREAKER_FAILURES,
    BREAKER_PAUSE,
    POOL_MIN_FEEDS,
    FeedPolled,
    Poller,
    PollEvent,
    PollFinished,
    PollStarted,
    next_poll_after,
)
from monitor.store import SqliteStore, Store

NOW = dt.datetime(2021, 6, 24, 9, tzinfo=dt.UTC)

ARTICLE = (
    "<p>The Taliban now hold more than 50 of Afghanistan's 370 districts, the UN envoy, Deborah Lyons, "
    "told the Security Council on Tuesday.</p>"
)


def rss(*guids: str) -> bytes:
    entries = "".join(
        f"<item><title>Story {g}</title><link>https://news.invalid/{g}</link><guid>{g}</guid>"
        f"<pubDate>Wed, 23 Jun 2021 10:00:00 GMT</pubDate><description><![CDATA[{ARTICLE}]]></description></item>"
        for g in guids
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{entries}</channel></rss>'.encode()


class Server:
    """A MockTransport handler with per-path answers and a request log."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        path = request.url.path
        if path == "/good":
            if request.headers.get("if-none-match") == '"v1"':
                return httpx.Response(304, headers={"etag": '"v1"'})
            return httpx.Response(
                200, headers={"etag": '"v1"', "content-type": "application/rss+xml"}, content=rss("a", "b")
            )
        if path == "/copy":  # the same stories as /good through another feed
            return httpx.Response(200, headers={"content-type": "application/rss+xml"}, content=rss("a"))
        if path == "/broken":
            return httpx.Response(500)
        if path == "/html":
            return httpx.Response(
                200, headers={"content-type": "text/html"}, content=b"<!doctype html><html><body>Hello</body></html>"
            )
        if path == "/limited":
            return httpx.Response(429, headers={"retry-after": "3600"})
        return httpx.Response(404)


def make(tmp_path: Path, *paths: str) -> tuple[cfg.Config, Store, Poller, Server]:
    feeds = "".join(f'[[feeds]]\nname = "{p}"\nurl = "https://feeds.invalid/{p}"\n' for p in paths)
    path = tmp_path / "config.toml"
    path.write_text('[storage]\npath = "s.sqlite3"\n[fetch]\nfulltext = "never"\n' + feeds, encoding="utf-8")
    config = cfg.load(path)
    server = Server()
    store = SqliteStore(config.db_path)
    client = make_client(FetchLimits(), transport=httpx.MockTransport(server))
    return config, store, Poller(config, store, client=client, clock=lambda: NOW), server


async def test_bad_feeds_fail_alone_with_reasons(tmp_path: Path) -> None:
    _, store, poller, _ = make(tmp_path, "good", "broken", "html", "limited")
    events: list[PollEvent] = []
    try:
        statuses = {s.name: s for s in await poller.poll(on_event=events.append)}
    finally:
        await poller.client.aclose()
    assert statuses["good"].status == "ok" and statuses["good"].new_items == 2
    assert statuses["broken"].status == "error" and "500" in (statuses["broken"].error or "")
    assert statuses["html"].status == "error" and "HTML" in (statuses["html"].error or "")
    limited = statuses["limited"]
    assert limited.status == "error" and "429" in (limited.error or "")
    assert limited.next_poll is not None and limited.next_poll >= NOW + dt.timedelta(seconds=3600)
    assert isinstance(events[0], PollStarted) and isinstance(events[-1], PollFinished)
    assert sum(isinstance(e, FeedPolled) for e in events) == 4
    claims = store.claims()
    assert [(c.count, c.total, c.source) for c in claims] == [(50, 370, "good"), (50, 370, "good")]
    store.close()


async def test_second_poll_is_conditional_and_stores_nothing_twice(tmp_path: Path) -> None:
    _, store, poller, server = make(tmp_path, "good")
    try:
        [first] = await poller.poll()
        [second] = await poller.poll()
    finally:
        await poller.client.aclose()
    assert (first.status, first.new_items) == ("ok", 2)
    assert (second.status, second.new_items, second.http_status) == ("not_modified", 0, 304)
    assert server.requests[1].headers["if-none-match"] == '"v1"'
    assert store.count_items() == 2 and len(store.claims()) == 2
    store.close()


async def test_same_story_from_two_feeds_is_stored_once(tmp_path: Path) -> None:
    _, store, poller, _ = make(tmp_path, "good", "copy")
    try:
        await poller.poll()
    finally:
        await poller.client.aclose()
    assert store.count_items() == 2
    [shared] = [s for s in store.items() if len(s.feeds) == 2]
    assert shared.feeds == ("copy", "good")
    assert len(store.claims()) == 2  # facts were extracted once per story, not per feed
    store.close()


async def test_failures_back_off_and_success_resets(tmp_path: Path) -> None:
    config, store, poller, _ = make(tmp_path, "broken")
    try:
        first = (await poller.poll())[0]
        second = (await poller.poll())[0]
    finally:
        await poller.client.aclose()
    assert (first.failures, second.failures) == (1, 2)
    assert first.next_poll is not None and second.next_poll is not None
    assert second.next_poll - NOW > first.next_poll - NOW
    assert poller.due(NOW) == []
    assert [f.name for f in poller.due(NOW + dt.timedelta(days=1))] == ["broken"]
    store.close()


def test_next_poll_after_rules() -> None:
    rng = random.Random(1)
    assert next_poll_after(NOW, 600, failures=0) == NOW + dt.timedelta(seconds=600)
    third = next_poll_after(NOW, 600, failures=3, rng=rng) - NOW
    assert dt.timedelta(seconds=2400) <= third <= dt.timedelta(seconds=2640)
    capped = next_poll_after(NOW, 6000, failures=BREAKER_FAILURES - 1, rng=rng) - NOW
    assert dt.timedelta(hours=6) <= capped <= dt.timedelta(hours=6.6)
    paused = next_poll_after(NOW, 600, failures=BREAKER_FAILURES, rng=rng) - NOW
    assert BREAKER_PAUSE <= paused <= BREAKER_PAUSE * 1.1
    assert next_poll_after(NOW, 600, failures=0, min_seconds=3600) == NOW + dt.timedelta(seconds=3600)
    assert next_poll_after(NOW, 600, failures=1, retry_after=7200, rng=rng) == NOW + dt.timedelta(seconds=7200)


async def test_a_changed_interval_reschedules_a_healthy_feed(tmp_path: Path) -> None:
    config, store, poller, _ = make(tmp_path, "good")
    try:
        await poller.poll()
    finally:
        await poller.client.aclose()
    assert store.feed_states()["good"].status.next_poll == NOW + dt.timedelta(seconds=900)
    shorter = config.model_copy(update={"feeds": [config.feeds[0].model_copy(update={"interval": 60})]})
    poller.reconfigure(shorter)
    poller.reschedule(shorter.feeds[0])
    assert store.feed_states()["good"].status.next_poll == NOW + dt.timedelta(seconds=60)
    store.close()


async def test_group_commit_stores_a_batch_once_and_isolates_a_bad_write(tmp_path: Path) -> None:
    from factories import facts, item, status

    from monitor.poller import GroupCommit
    from monitor.store import PollWrite, fact_rows

    store = SqliteStore(tmp_path / "s.sqlite3")
    commits = GroupCommit(store, delay=0.01, batch=3)
    good = [PollWrite(status(f"F{n}"), None, None, [(item(f"i{n}", f"F{n}"), fact_rows(f"F{n}", facts()))], NOW)
            for n in range(2)]  # fmt: skip
    bad = PollWrite(status("Bad"), None, None, [("not an item", ())], NOW)  # type: ignore[list-item]
    results = await asyncio.gather(*(commits.save(w) for w in (good[0], bad, good[1])), return_exceptions=True)
    assert [getattr(r, "__len__", None) and len(r) for r in results[::2]] == [1, 1]
    assert isinstance(results[1], AttributeError)
    assert store.count_items() == 2 and set(store.feed_states()) == {"F0", "F1"}
    store.close()


async def test_a_big_poll_parses_in_worker_processes_running_this_monitor(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Workers must import the `monitor` this process runs, even from a directory holding another one.

    (A fork server that preloads modules resolves them from the working directory first: run from a
    checkout, a regular install's workers would read the checkout's code; here, a decoy that breaks.)
    """
    decoy = tmp_path / "elsewhere" / "monitor"
    decoy.mkdir(parents=True)
    (decoy / "__init__.py").write_text("", encoding="utf-8")
    (decoy / "cpu.py").write_text("raise RuntimeError('the decoy monitor was imported')\n", encoding="utf-8")
    names = [f"feed{i}" for i in range(POOL_MIN_FEEDS)]
    feeds = "".join(f'[[feeds]]\nname = "{n}"\nurl = "https://feeds.invalid/{n}"\n' for n in names)
    (tmp_path / "config.toml").write_text('[storage]\npath = "s.sqlite3"\n' + feeds, encoding="utf-8")
    config = cfg.load(tmp_path / "config.toml")

    def answer(request: httpx.Request) -> httpx.Response:
        name = request.url.path.strip("/")
        return httpx.Response(200, headers={"content-type": "application/rss+xml"}, content=rss(f"{name}-1"))

    monkeypatch.chdir(decoy.parent)
    store = SqliteStore(config.db_path)
    client = make_client(FetchLimits(), transport=httpx.MockTransport(answer))
    poller = Poller(config, store, client=client, clock=lambda: NOW, workers=2)
    try:
        statuses = await poller.poll()
        pooled = poller._pool is not None and poller.workers == 2  # a broken pool falls back to threads
    finally:
        await poller.aclose()
        await client.aclose()
    assert [s.status for s in statuses] == ["ok"] * POOL_MIN_FEEDS
    assert pooled
    assert store.count_items() == POOL_MIN_FEEDS and len(store.claims()) == POOL_MIN_FEEDS
    store.close()


class FixedRandom(random.Random):
    """A `random.Random` whose every draw is `value`."""

    def __init__(self, value: float) -> None:
        super().__init__()
        self.value = value

    def random(self) -> float:
        return self.value


def test_backoff_adds_up_to_ten_percent_jitter() -> None:
    """Guards the planted bug "backoff jitter removed" (the range in `test_next_poll_after_rules` allows zero).

    Jitter is what keeps many feeds that failed together from retrying in lockstep.
    """
    base = dt.timedelta(seconds=1200)  # 600 s × 2^(2-1)
    assert next_poll_after(NOW, 600, failures=2, rng=FixedRandom(0.5)) - NOW == base * 1.05
    assert next_poll_after(NOW, 600, failures=2, rng=FixedRandom(0.0)) - NOW == base
    assert next_poll_after(NOW, 600, failures=0, rng=FixedRandom(0.5)) - NOW == dt.timedelta(seconds=600)  # healthy
    spread = {next_poll_after(NOW, 600, failures=2) for _ in range(20)}  # the module's own random source
    assert len(spread) > 1 and all(base <= when - NOW <= base * 1.1 for when in spread)


async def test_a_feed_whose_url_changed_is_fetched_without_the_old_urls_validators(tmp_path: Path) -> None:
    """Guards the planted bug "a feed whose URL changed still sends the old URL's ETag and Last-Modified".

    The old resource's validators could make the new one answer 304 and never be read.
    """
    config, store, poller, server = make(tmp_path, "good")
    moved = config.model_copy(
        update={"feeds": [config.feeds[0].model_copy(update={"url": "https://mirror.invalid/good"})]}
    )
    try:
        await poller.poll()
        poller.reconfigure(moved)
        [after] = await poller.poll()
    finally:
        await poller.client.aclose()
    assert server.requests[0].headers.get("if-none-match") is None
    second = server.requests[1]
    assert second.url.host == "mirror.invalid"
    assert "if-none-match" not in second.headers and "if-modified-since" not in second.headers
    assert (after.status, after.http_status, after.url) == ("ok", 200, "https://mirror.invalid/good")
    assert store.feed_states()["good"].etag == '"v1"'  # the new address's own validator, for next time
    store.close()


async def test_retention_days_prunes_old_arrivals_at_most_once_a_day(tmp_path: Path) -> None:
    """Guards the planted bug "`retention_days` never prunes" (the poller must apply `[storage] retention_days`)."""
    from factories import facts, item, status

    path = tmp_path / "config.toml"
    path.write_text(
        '[storage]\npath = "s.sqlite3"\nretention_days = 30\n[[feeds]]\nname = "broken"\n'
        'url = "https://feeds.invalid/broken"\n',
        encoding="utf-8",
    )
    config = cfg.load(path)
    now = {"t": NOW}
    store = SqliteStore(config.db_path)
    client = make_client(FetchLimits(), transport=httpx.MockTransport(Server()))
    poller = Poller(config, store, client=client, clock=lambda: now["t"])

    def arrived(item_id: str, days_ago: int) -> None:
        when = now["t"] - dt.timedelta(days=days_ago)
        store.save_poll(status("old"), etag=None, last_modified=None, items=[(item(item_id, "old"), facts())], now=when)

    try:
        arrived("ancient", 40)
        arrived("recent", 29)
        await poller.poll()
        assert sorted(s.item.id for s in store.items()) == ["recent"]
        arrived("ancient-2", 40)
        await poller.poll()  # pruned less than a day ago: not again yet
        assert store.known_ids(["ancient-2"]) == {"ancient-2"}
        now["t"] += dt.timedelta(days=1)
        await poller.poll()
        assert [s.item.id for s in store.items()] == ["recent"]  # 30 days old to the second: not more, kept
    finally:
        await client.aclose()
    store.close()


async def test_replay_alerts_only_on_stories_published_by_as_of(tmp_path: Path) -> None:
    """Guards the planted bug "alerts ignore `as_of`": a replay must not alert on stories it does not show yet."""

    def feed(*stories: tuple[str, str]) -> bytes:
        items = "".join(
            f"<item><title>Fighting near Kunduz {guid}</title><guid>{guid}</guid><pubDate>{date}</pubDate>"
            f"<description>Text.</description></item>"
            for guid, date in stories
        )
        return f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{items}</channel></rss>'.encode()

    answers = [feed(("old", "Sun, 20 Jun 2021 10:00:00 GMT"))]
    answers.append(
        feed(
            ("old", "Sun, 20 Jun 2021 10:00:00 GMT"),
            ("shown", "Thu, 24 Jun 2021 08:59:00 GMT"),  # just before as_of
            ("future", "Thu, 24 Jun 2021 09:01:00 GMT"),  # just after
        )
    )
    path = tmp_path / "config.toml"
    path.write_text(
        '[monitor]\nas_of = 2021-06-24T09:00:00Z\n[storage]\npath = "s.sqlite3"\n[alerts]\nwords = ["Kunduz"]\n'
        '[[feeds]]\nname = "A"\nurl = "https://a.invalid/feed"\n',
        encoding="utf-8",
    )
    config = cfg.load(path)
    store = SqliteStore(config.db_path)
    client = make_client(
        FetchLimits(), transport=httpx.MockTransport(lambda request: httpx.Response(200, content=answers.pop(0)))
    )
    poller = Poller(config, store, client=client, clock=lambda: NOW)
    polled: list[PollEvent] = []
    try:
        await poller.poll()
        await poller.poll(on_event=polled.append)
    finally:
        await client.aclose()
    [second] = [e for e in polled if isinstance(e, FeedPolled)]
    assert sorted(i.title for i in second.new_items) == ["Fighting near Kunduz future", "Fighting near Kunduz shown"]
    assert [a.item.title for a in second.alerts] == ["Fighting near Kunduz shown"]
    store.close()


async def test_an_edited_fetch_table_applies_from_the_next_poll(tmp_path: Path) -> None:
    """`reconfigure` (a live config edit) rebuilds the fetcher with every new `[fetch]` limit."""
    config, store, poller, _ = make(tmp_path, "good")
    edited = config.model_copy(
        update={
            "fetch": config.fetch.model_copy(
                update={"timeout": 7.0, "max_bytes": 2048, "max_connections": 3, "per_host": 2}
            )
        }
    )
    try:
        before = poller.fetcher
        poller.reconfigure(config)
        assert poller.fetcher is before  # nothing changed: the same fetcher, its gates kept
        poller.reconfigure(edited)
        expected = FetchLimits(max_bytes=2048, total_timeout=7.0, max_connections=3, per_host=2)
        assert poller.limits == expected and poller.fetcher.limits == expected and poller.fetcher is not before
        [polled] = await poller.poll()
    finally:
        await poller.client.aclose()
    assert polled.status == "ok"  # the feed of the test server is under 2 KB
    store.close()


async def test_due_feeds_are_the_unpolled_and_those_whose_time_has_come(tmp_path: Path) -> None:
    config, store, poller, _ = make(tmp_path, "good", "broken")
    try:
        assert [f.name for f in poller.due(NOW)] == ["good", "broken"]  # never polled
        await poller.poll([config.feeds[0]])
        assert [f.name for f in poller.due(NOW)] == ["broken"]
        assert [f.name for f in poller.due(NOW + dt.timedelta(seconds=900))] == ["good", "broken"]  # on the dot
    finally:
        await poller.client.aclose()
    store.close()


async def test_a_failing_feed_keeps_its_backoff_when_its_interval_changes(tmp_path: Path) -> None:
    config, store, poller, _ = make(tmp_path, "broken")
    try:
        [failed] = await poller.poll()
    finally:
        await poller.client.aclose()
    poller.reschedule(config.feeds[0].model_copy(update={"interval": 60}))
    assert store.feed_states()["broken"].status.next_poll == failed.next_poll
    poller.reschedule(config.feeds[0].model_copy(update={"name": "new", "interval": 60}))  # never polled: nothing to do
    assert set(store.feed_states()) == {"broken"}
    store.close()


async def test_the_breaker_says_until_when_a_feed_is_paused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """In UTC, as it says, whatever the machine's time zone."""
    _, store, poller, _ = make(tmp_path, "broken")
    monkeypatch.setenv("TZ", "Asia/Kabul")
    time.tzset()
    try:
        for _ in range(BREAKER_FAILURES):
            [failed] = await poller.poll()
    finally:
        monkeypatch.undo()
        time.tzset()
        await poller.client.aclose()
    assert failed.failures == BREAKER_FAILURES and failed.next_poll is not None
    paused_until = failed.next_poll.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    assert paused_until.startswith("2021-06-24 2")  # twelve hours and a little jitter after 09:00
    assert (failed.error or "").endswith(
        f" — paused until {paused_until} after {BREAKER_FAILURES} failures in a row (r retries now)"
    )
    store.close()


async def test_cpu_jobs_run_in_worker_processes_for_big_polls_and_in_a_thread_otherwise(tmp_path: Path) -> None:
    _, store, poller, _ = make(tmp_path)
    poller.workers = 2
    try:
        assert await poller._run(False, os.getpid) == os.getpid()
        assert await poller._run(True, os.getpid) != os.getpid()
    finally:
        await poller.aclose()
        await poller.client.aclose()
    store.close()
