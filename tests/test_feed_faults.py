"""Every way a feed can go wrong, played by a real server on 127.0.0.1 in one poll.

Each bad feed must get a status with a precise reason, and the good feeds
polled alongside it must still deliver all their items.
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from feedserver import Answer, FeedServer, Route, rss

from monitor import config as cfg
from monitor.models import FeedStatus
from monitor.poller import Poller
from monitor.store import SqliteStore, Store

MAX_BYTES = 1024 * 1024

BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10 if n > 1 else "&lol;" * 10}">'.encode() for n in range(1, 10))
    + b']><rss version="2.0"><channel><title>&lol9;</title><item><title>&lol9;</title></item></channel></rss>'
)


def gzip_bomb(decompressed: int) -> bytes:
    """A gzip stream of `decompressed` zero bytes, about a thousandth of that on the wire."""
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    block = bytes(1024 * 1024)
    out = [packer.compress(block) for _ in range(decompressed // len(block))]
    return b"".join(out) + packer.flush()


def endless_zeros() -> Iterator[bytes]:
    block = bytes(256 * 1024)
    for _ in range(400):  # 100 MB, but the client must hang up long before
        yield block


def conditional(body: bytes) -> Route:
    def answer(headers: dict[str, str]) -> Answer:
        if headers.get("if-none-match") == '"v1"':
            return Answer(304, headers={"ETag": '"v1"'})
        return Answer(200, body, {"ETag": '"v1"', "Content-Type": "application/rss+xml"})

    return answer


FAULTS: dict[str, tuple[Answer, str]] = {
    "timeout": (Answer(200, rss(("t", "Too late")), delay=3.0), "timed out"),
    "error500": (Answer(500, b"boom"), "HTTP 500"),
    "limited": (Answer(429, b"", {"Retry-After": "3600"}), "HTTP 429"),
    "notafeed": (
        Answer(200, b"<?xml version='1.0'?><inventory><a>1</a></inventory>", {"Content-Type": "application/xml"}),
        "not a feed: no RSS, Atom or RDF",
    ),
    "binary": (
        Answer(200, b"\x89PNG\r\n\x1a\n\x00\x00 junk \xff\xfe", {"Content-Type": "application/rss+xml"}),
        "not a readable feed",
    ),
    "laughs": (Answer(200, BILLION_LAUGHS, {"Content-Type": "application/rss+xml"}), "entity-expansion"),
    "gzipbomb": (
        Answer(200, gzip_bomb(100 * 1024 * 1024), {"Content-Encoding": "gzip", "Content-Type": "application/rss+xml"}),
        "feed too large",
    ),
    "huge": (Answer(200, chunks=endless_zeros, headers={"Content-Type": "application/rss+xml"}), "feed too large"),
    "declared-huge": (Answer(200, b"x", {"Content-Length": str(100 * 1024 * 1024)}), "feed too large: 100.0 MB"),
    "html": (
        Answer(
            200,
            b'<!doctype html><html><head><link rel="alternate" type="application/rss+xml" '
            b'href="/real.xml"></head><body>News</body></html>',
            {"Content-Type": "text/html"},
        ),
        "an HTML page, not a feed: it links to http://",
    ),
    "loop": (Answer(302, b"", {"Location": "/loop"}), "redirect loop"),
    "missing": (Answer(404, b"nothing here"), "not found (HTTP 404)"),
    "badgzip": (Answer(200, b"this is not gzip at all", {"Content-Encoding": "gzip"}), "corrupt gzip body"),
    "empty": (Answer(200, b"", {"Content-Type": "application/rss+xml"}), "empty response"),
}
WARNINGS: dict[str, tuple[Answer, str]] = {
    "malformed": (
        Answer(200, rss(("m1", "Fish & chips")).replace(b"&amp;", b"&"), {"Content-Type": "application/rss+xml"}),
        "not well-formed XML at line 1",
    ),
    "charset": (
        Answer(
            200,
            rss(("c1", "Caf\xe9 talks")).replace("é".encode(), b"\xe9"),
            {"Content-Type": "application/rss+xml; charset=utf-8"},
        ),
        "wrong charset",
    ),
}
GOOD = ("good1", "good2")


def make_config(tmp_path: Path, server: FeedServer, names: list[str]) -> cfg.Config:
    feeds = "".join(f'[[feeds]]\nname = "{n}"\nurl = "{server.url("/" + n)}"\n' for n in names)
    path = tmp_path / "config.toml"
    path.write_text(
        f'[storage]\npath = "s.sqlite3"\n[fetch]\ntimeout = 1\nmax_bytes = {MAX_BYTES}\nfulltext = "never"\n' + feeds,
        encoding="utf-8",
    )
    return cfg.load(path)


async def poll_all(config: cfg.Config) -> tuple[dict[str, FeedStatus], Store]:
    store = SqliteStore(config.db_path)
    poller = Poller(config, store)
    try:
        statuses = {s.name: s for s in await poller.poll()}
    finally:
        await poller.aclose()
    return statuses, store


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with FeedServer() as running:
        for name in GOOD:
            running.route(
                f"/{name}", conditional(rss((f"{name}-a", f"{name} story A"), (f"{name}-b", f"{name} story B")))
            )
        for name, (answer, _) in {**FAULTS, **WARNINGS}.items():
            running.route(f"/{name}", answer)
        running.route("/real.xml", Answer(200, rss(("r", "Real")), {"Content-Type": "application/rss+xml"}))
        yield running


async def test_every_fault_has_a_reason_and_good_feeds_still_arrive(tmp_path: Path, server: FeedServer) -> None:
    config = make_config(tmp_path, server, [*GOOD, *FAULTS, *WARNINGS])
    statuses, store = await poll_all(config)
    with store:
        for name in GOOD:
            assert (statuses[name].status, statuses[name].new_items) == ("ok", 2), statuses[name]
        for name, (_, reason) in FAULTS.items():
            status = statuses[name]
            assert status.status == "error", (name, status)
            assert reason in (status.error or ""), (name, status.error)
            assert status.failures == 1 and status.next_poll is not None
        for name, (_, reason) in WARNINGS.items():
            status = statuses[name]
            assert (status.status, status.new_items) == ("ok", 1), (name, status)
            assert reason in (status.warning or ""), (name, status.warning)
        titles = {s.item.title for s in store.items()}
        assert {"good1 story A", "good2 story B", "Fish & chips", "Café talks"} <= titles
        assert len(store.claims()) == 6  # one per stored story: extraction ran on every good item


async def test_retry_after_is_honoured_even_by_an_explicit_poll(tmp_path: Path, server: FeedServer) -> None:
    config = make_config(tmp_path, server, ["limited", "good1"])
    first, store = await poll_all(config)
    store.close()
    limited = first["limited"]
    assert limited.retry_until is not None and limited.next_poll is not None
    now = dt.datetime.now(dt.UTC)
    assert limited.next_poll - now >= dt.timedelta(minutes=59)
    asked = len([p for p, _ in server.requests if p == "/limited"])
    second, store = await poll_all(config)
    store.close()
    assert len([p for p, _ in server.requests if p == "/limited"]) == asked  # not asked again
    assert second["limited"].status == "error" and "429" in (second["limited"].error or "")
    assert second["good1"].status == "not_modified"


async def test_conditional_get_survives_a_restart(tmp_path: Path, server: FeedServer) -> None:
    config = make_config(tmp_path, server, list(GOOD))
    first, store = await poll_all(config)
    store.close()
    second, store = await poll_all(config)  # a new store and poller: as after a restart
    with store:
        assert {s.status for s in first.values()} == {"ok"}
        assert {(s.status, s.http_status, s.new_items) for s in second.values()} == {("not_modified", 304, 0)}
        assert store.count_items() == 4 and len(store.claims()) == 4
    assert [h.get("if-none-match") for p, h in server.requests if p == "/good1"] == [None, '"v1"']
