"""Full text: a teaser-only feed reads the article behind each link, politely, safely, and never in the way."""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
import time
from pathlib import Path

import httpx
import pytest
from feedserver import Answer, FeedServer, serving
from newspage import STORY, TEASER, TITLE, article_page, feed

from monitor import config as cfg
from monitor.fetch import FetchLimits, make_client
from monitor.poller import FeedPolled, PageRead, Poller, PollEvent, PollFinished
from monitor.store import SqliteStore, Store

NOW = dt.datetime(2026, 3, 2, 12, tzinfo=dt.UTC)
HTML = {"content-type": "text/html; charset=utf-8"}
RSS = {"content-type": "application/rss+xml"}


def load(tmp_path: Path, feeds: str, fetch: str = "") -> cfg.Config:
    path = tmp_path / "config.toml"
    path.write_text(f'[storage]\npath = "s.sqlite3"\n[fetch]\n{fetch}\n{feeds}', encoding="utf-8")
    return cfg.load(path)


def facts_in(store: Store) -> tuple[set[tuple[object, ...]], set[tuple[object, ...]], set[tuple[object, ...]]]:
    counts = {(c.actor, c.count, c.total, c.unit, c.verb) for c in store.claims()}
    statements = {(s.speaker, s.quote) for s in store.statements()}
    events = {(e.date, e.title) for e in store.events()}
    return counts, statements, events


async def poll_once(config: cfg.Config, **options: object) -> tuple[Store, list[PollEvent]]:
    store = SqliteStore(config.db_path)
    poller = Poller(config, store, clock=lambda: NOW, **options)  # type: ignore[arg-type]
    events: list[PollEvent] = []
    try:
        await poller.poll(on_event=events.append)
    finally:
        await poller.aclose()
    return store, events


async def test_a_teaser_feed_fills_the_panes_as_a_full_content_feed_does(tmp_path: Path) -> None:
    with serving() as server:
        server.route("/story", Answer(body=article_page(), headers=HTML))
        server.route("/teasers.xml", Answer(body=feed(("s1", server.url("/story"), TITLE)), headers=RSS))
        whole = "".join(f"<p>{p}</p>" for p in STORY)
        server.route("/full.xml", Answer(body=feed(("s1", server.url("/story"), TITLE), content=whole), headers=RSS))
        results = {}
        for mode, path in (("always", "/teasers.xml"), ("never", "/teasers.xml"), ("full", "/full.xml")):
            folder = tmp_path / mode
            folder.mkdir()
            fulltext = "never" if mode == "full" else mode
            config = load(folder, f'[[feeds]]\nname = "Desk"\nurl = "{server.url(path)}"\nfulltext = "{fulltext}"\n')
            store, events = await poll_once(config)
            results[mode] = facts_in(store)
            if mode == "always":
                [read] = [e for e in events if isinstance(e, PageRead)]
                assert read.page.status == "full" and read.page.url == server.url("/story")
                [stored] = store.items()
                assert stored.item.summary == TEASER and STORY[0] in stored.item.text  # the teaser is kept too
                assert stored.page is not None and stored.page.status == "full"
                assert isinstance(events[-1], PollFinished) and events[-1].statuses[0].pages_fetched == 1
                for claim in store.claims():  # offsets point into the text the fact was read from
                    assert stored.item.text[claim.start : claim.end] == claim.evidence
            store.close()
        counts, statements, events_found = results["always"]
        assert any(c[1:4] == (14, 17, "townships") for c in counts)
        assert any(speaker == "Khaing Thu Kha" for speaker, _ in statements)
        assert any(date == dt.date(2026, 3, 5) for date, _ in events_found)
        assert results["always"] == results["full"]  # the same facts as if the feed had carried the article
        assert results["never"] == (set(), set(), set())


async def test_items_appear_at_once_and_their_facts_fill_in_when_the_page_arrives(tmp_path: Path) -> None:
    with serving() as server:
        server.route("/story", Answer(body=article_page(), headers=HTML, delay=0.5))
        server.route("/f.xml", Answer(body=feed(("s1", server.url("/story"), TITLE)), headers=RSS))
        config = load(tmp_path, f'[[feeds]]\nname = "Desk"\nurl = "{server.url("/f.xml")}"\n')
        store, events = await poll_once(config)
    kinds = [type(e).__name__ for e in events]
    assert kinds == ["PollStarted", "FeedPolled", "PageRead", "PollFinished"]  # the item first, its page after
    polled = events[1]
    assert isinstance(polled, FeedPolled) and polled.status.new_items == 1
    assert len(store.claims()) == 1
    store.close()


async def test_a_story_is_read_once_across_feeds_and_restarts(tmp_path: Path) -> None:
    with serving() as server:
        server.route("/story", Answer(body=article_page(), headers=HTML))
        link = server.url("/story")
        server.route("/a.xml", Answer(body=feed(("a1", link, TITLE)), headers=RSS))
        server.route("/b.xml", Answer(body=feed(("b1", link, TITLE)), headers=RSS))
        feeds = "".join(
            f'[[feeds]]\nname = "{n}"\nurl = "{server.url(f"/{n}.xml")}"\nfulltext = "always"\n' for n in "ab"
        )
        config = load(tmp_path, feeds)
        store, _ = await poll_once(config)
        store.close()
        server.route(
            "/a.xml", Answer(body=feed(("a1", link, TITLE), ("a2", link + "?utm_source=x", TITLE)), headers=RSS)
        )
        store, events = await poll_once(config)  # a new process: the page is not read again
        store.close()
    pages = [path for path, _ in server.requests if path.startswith("/story")]
    assert pages == ["/story"]
    assert not [e for e in events if isinstance(e, PageRead)]


async def test_the_first_poll_reads_only_the_newest_pages(tmp_path: Path) -> None:
    with serving() as server:
        server.route("/story", Answer(body=article_page(), headers=HTML))
        items = [(f"s{n}", server.url(f"/story?n={n}"), f"Story number {n}") for n in range(6)]
        server.route("/f.xml", Answer(body=feed(*items), headers=RSS))
        config = load(tmp_path, f'[[feeds]]\nname = "Desk"\nurl = "{server.url("/f.xml")}"\n', "first_poll_pages = 2")
        store, events = await poll_once(config)
        assert len([e for e in events if isinstance(e, PageRead)]) == 2
        assert len([p for p, _ in server.requests if p.startswith("/story")]) == 2
        # an older item is read when it is opened
        unread = next(s for s in store.items() if s.page is None)
        poller = Poller(config, store, clock=lambda: NOW)
        try:
            read = await poller.read_page_of(unread.item.id)
        finally:
            await poller.aclose()
        assert read is not None and read.page.status == "full"
        stored = store.item(unread.item.id)
        assert stored is not None and stored.page is not None and STORY[0] in stored.item.text
        store.close()


def _endless() -> itertools.chain[bytes]:
    return itertools.chain([b"<html><body><article>"], itertools.repeat(b"<p>" + b"word " * 2000 + b"</p>"))


async def test_bad_pages_fail_alone_with_reasons_and_the_poll_does_not_wait_past_the_timeout(tmp_path: Path) -> None:
    def public(request: httpx.Request) -> httpx.Response:
        """news.example: a site on the internet, played by a MockTransport."""
        if request.url.path == "/feed.xml":
            links = [
                ("p1", f"http://127.0.0.1:{port}/secret-literal", "One"),
                ("p2", f"http://sneaky.example:{port}/secret-dns", "Two"),
                ("p3", "http://news.example/hop", "Three"),
                ("p4", "http://news.example/to-file", "Four"),
                ("p5", "http://meta.example/latest/meta-data", "Five"),
                ("p6", "http://news.example/story", "Six"),
                ("p7", "file:///etc/passwd", "Seven"),
            ]
            return httpx.Response(200, headers=RSS, content=feed(*links))
        if request.url.path == "/hop":
            return httpx.Response(302, headers={"location": f"http://127.0.0.1:{port}/secret-redirect"})
        if request.url.path == "/to-file":
            return httpx.Response(302, headers={"location": "file:///etc/passwd"})
        if request.url.path == "/story":
            return httpx.Response(200, headers=HTML, content=article_page())
        return httpx.Response(404)

    async def resolve(host: str, port: int) -> list[str]:
        return {
            "news.example": ["93.184.216.34"],
            "sneaky.example": ["127.0.0.1"],
            "meta.example": ["169.254.169.254"],
        }[host]

    with FeedServer() as server:
        port = int(server.url("/").rsplit(":", 1)[1].strip("/"))
        server.route("/endless", Answer(headers=HTML, chunks=_endless))
        server.route("/slow", Answer(body=article_page(), headers=HTML, delay=90))
        server.route("/pdf", Answer(body=b"%PDF-1.4", headers={"content-type": "application/pdf"}))
        server.route("/story", Answer(body=article_page(), headers=HTML))
        local = [("l1", server.url("/endless"), "Endless"), ("l2", server.url("/slow"), "Slow"),
                 ("l3", server.url("/pdf"), "Pdf"), ("l4", server.url("/story"), "Fine")]  # fmt: skip
        server.route("/local.xml", Answer(body=feed(*local), headers=RSS))
        config = load(
            tmp_path,
            f'[[feeds]]\nname = "Web"\nurl = "http://news.example/feed.xml"\nfulltext = "always"\n'
            f'[[feeds]]\nname = "Local"\nurl = "{server.url("/local.xml")}"\nfulltext = "always"\n',
            "timeout = 2\nmax_bytes = 262144",
        )
        client = make_client(
            FetchLimits(max_bytes=262144, total_timeout=2), mounts={"http://news.example": httpx.MockTransport(public)}
        )
        started = time.monotonic()
        try:
            store, events = await poll_once(config, client=client, resolve=resolve)
        finally:
            await client.aclose()
        elapsed = time.monotonic() - started
        seen = [path for path, _ in server.requests]
    assert elapsed < 8, f"the poll waited {elapsed:.1f} s for a 90-second page"
    assert not [p for p in seen if p.startswith("/secret")]  # nothing private was ever asked for
    reasons = {}
    for event in events:
        if isinstance(event, PageRead):
            stored = store.item(event.item_id)
            assert stored is not None
            reasons[stored.item.title] = (event.page.status, event.page.reason or "")
    assert reasons["One"][0] == "failed" and "loopback" in reasons["One"][1]
    assert reasons["Two"][0] == "failed" and "loopback" in reasons["Two"][1] and "127.0.0.1" in reasons["Two"][1]
    assert reasons["Three"][0] == "failed" and "127.0.0.1" in reasons["Three"][1]
    assert reasons["Four"][0] == "failed" and "file:" in reasons["Four"][1]
    assert reasons["Five"][0] == "failed" and "169.254.169.254" in reasons["Five"][1]
    assert reasons["Endless"][0] == "failed" and "too large" in reasons["Endless"][1]
    assert reasons["Slow"][0] == "failed" and "timed out" in reasons["Slow"][1]
    assert reasons["Pdf"] == ("failed", "not an HTML page (application/pdf)")
    assert reasons["Six"][0] == reasons["Fine"][0] == "full"
    assert "Seven" not in reasons  # a file: link in a web feed is dropped when the feed is read: never tried
    [seven] = [s for s in store.items() if s.item.title == "Seven"]
    assert seven.item.link is None
    finished = events[-1]
    assert isinstance(finished, PollFinished)
    statuses = {s.name: s for s in finished.statuses}
    assert statuses["Web"].status == statuses["Local"].status == "ok"  # a page's failure is never its feed's
    assert (statuses["Web"].pages_fetched, statuses["Web"].pages_failed) == (1, 5)
    assert (statuses["Local"].pages_fetched, statuses["Local"].pages_failed) == (1, 3)
    for title in ("One", "Endless"):  # a failed page leaves the teaser and its facts
        [kept] = [s for s in store.items() if s.item.title == title]
        assert kept.item.text == TEASER
    store.close()


async def test_a_file_feed_reads_its_own_local_pages(tmp_path: Path) -> None:
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "story.html").write_bytes(article_page())
    (tmp_path / "feed.xml").write_bytes(feed(("s1", "pages/story.html", TITLE)))
    config = load(tmp_path, '[[feeds]]\nname = "Local"\nurl = "file:feed.xml"\n')
    store, events = await poll_once(config)
    [read] = [e for e in events if isinstance(e, PageRead)]
    assert read.page.status == "full" and read.page.url.endswith("/pages/story.html")
    assert len(store.claims()) == 1
    store.close()


async def test_a_store_failure_stays_with_its_feed_and_the_poll_finishes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with serving() as server:
        for name in ("good", "bad"):
            server.route(f"/{name}.xml", Answer(body=feed((f"{name}1", None, f"{name} story")), headers=RSS))
        config = load(
            tmp_path, "".join(f'[[feeds]]\nname = "{n}"\nurl = "{server.url(f"/{n}.xml")}"\n' for n in ("good", "bad"))
        )
        store = SqliteStore(config.db_path)
        save = store.save_polls

        def failing(writes):  # type: ignore[no-untyped-def]
            if any(getattr(w, "status", None) and w.status.name == "bad" and w.items for w in writes):
                raise OSError("disk full")
            return save(writes)

        monkeypatch.setattr(store, "save_polls", failing)
        poller = Poller(config, store, clock=lambda: NOW)
        events: list[PollEvent] = []
        try:
            statuses = {s.name: s for s in await poller.poll(on_event=events.append)}
        finally:
            await poller.aclose()
    assert isinstance(events[-1], PollFinished)
    assert statuses["good"].status == "ok" and statuses["good"].new_items == 1
    assert statuses["bad"].status == "error" and "disk full" in (statuses["bad"].error or "")
    assert store.feed_states()["bad"].status.failures == 1  # the failure itself was recorded
    store.close()


@pytest.mark.parametrize("mode", ["auto", "always", "never"])
def test_fulltext_is_set_per_feed_with_a_default(tmp_path: Path, mode: str) -> None:
    config = load(tmp_path, '[[feeds]]\nname = "A"\nurl = "https://a.invalid/f"\n'
                  f'[[feeds]]\nname = "B"\nurl = "https://b.invalid/f"\nfulltext = "{mode}"\n',
                  'fulltext = "never"')  # fmt: skip
    assert [config.fulltext_of(f) for f in config.feeds] == ["never", mode]


def test_a_bad_fulltext_value_is_a_located_config_error(tmp_path: Path) -> None:
    with pytest.raises(cfg.ConfigError) as caught:
        load(tmp_path, '[[feeds]]\nname = "A"\nurl = "https://a.invalid/f"\nfulltext = "sometimes"\n')
    error = caught.value
    assert error.line == 8 and error.key == "feeds[0].fulltext" and "auto" in (error.fix or "")


async def test_a_slow_page_does_not_hold_up_the_next_feed_item(tmp_path: Path) -> None:
    """Items of every feed are stored and reported before any page is read."""
    with serving() as server:
        server.route("/slow", Answer(body=article_page(), headers=HTML, delay=1))
        server.route("/a.xml", Answer(body=feed(("a1", server.url("/slow"), "A story")), headers=RSS))
        server.route("/b.xml", Answer(body=feed(("b1", None, "B story")), headers=RSS, delay=0.2))
        config = load(tmp_path, "".join(f'[[feeds]]\nname = "{n}"\nurl = "{server.url(f"/{n}.xml")}"\n' for n in "ab"))
        store, events = await poll_once(config)
        store.close()
    order = [(type(e).__name__, getattr(e, "feed", None) or getattr(getattr(e, "status", None), "name", None))
             for e in events[1:-1]]  # fmt: skip
    assert order == [("FeedPolled", "a"), ("FeedPolled", "b"), ("PageRead", "a")]
    await asyncio.sleep(0)


async def test_a_big_poll_reads_pages_in_worker_processes(tmp_path: Path) -> None:
    """From POOL_MIN_FEEDS feeds on, page text and facts are read in the process pool, and arrive the same."""
    from monitor.poller import POOL_MIN_FEEDS

    with serving() as server:
        server.route("/story", Answer(body=article_page(), headers=HTML))
        names = [f"f{n}" for n in range(POOL_MIN_FEEDS)]
        for n, name in enumerate(names):
            server.route(
                f"/{name}.xml", Answer(body=feed((f"s{n}", server.url(f"/story?{n}"), f"{TITLE} {n}")), headers=RSS)
            )
        config = load(tmp_path, "".join(f'[[feeds]]\nname = "{n}"\nurl = "{server.url(f"/{n}.xml")}"\n' for n in names))
        store, events = await poll_once(config, workers=2)
    reads = [e for e in events if isinstance(e, PageRead)]
    assert len(reads) == POOL_MIN_FEEDS and {r.page.status for r in reads} == {"full"}
    assert len({(c.count, c.total, c.item_id) for c in store.claims()}) == POOL_MIN_FEEDS
    store.close()


def test_which_failures_are_worth_another_try() -> None:
    from monitor.teasers import worth_retrying

    assert worth_retrying("timed out: no complete answer within 45 s")
    assert worth_retrying("server error (HTTP 503 Service Unavailable)")
    assert worth_retrying("cannot connect: [Errno 111] Connection refused")
    for final in ("a paywall: only subscribers see the article, so only the teaser is kept",
                  "blocked: link leads to a loopback address (127.0.0.1)", "page not found (HTTP 404)",
                  "not an HTML page (application/pdf)", None):  # fmt: skip
        assert not worth_retrying(final)
