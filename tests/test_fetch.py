"""Fetching: bounded decoding, file: URLs, conditional GET, server hints, the shared client."""

from __future__ import annotations

import asyncio
import datetime as dt
import email.utils
import gzip
import os
import socket
import zlib
from pathlib import Path

import brotli
import httpx
import pytest
from feedserver import Answer, FeedServer, rss

from monitor.decompress import BodyTooLarge, CorruptBody, UnsupportedEncoding, make_decoder
from monitor.fetch import (
    USER_AGENT,
    Fetcher,
    FetchLimits,
    Validators,
    _max_age,
    _reason,
    _seconds,
    make_client,
    normalize_url,
)

TEXT = b"<rss>" + b"news " * 20000 + b"</rss>"


@pytest.mark.parametrize(
    ("encoding", "packed"),
    [
        ("gzip", gzip.compress(TEXT)),
        ("x-gzip", gzip.compress(TEXT)),
        ("deflate", zlib.compress(TEXT)),
        ("deflate", zlib.compress(TEXT)[2:-4]),  # raw deflate, as some servers send it
        ("br", brotli.compress(TEXT)),
        ("identity", TEXT),
        ("", TEXT),
        ("gzip, br", brotli.compress(gzip.compress(TEXT))),
        ("gzip", gzip.compress(TEXT[:50000]) + gzip.compress(TEXT[50000:])),  # two gzip members
    ],
)
def test_decoder_round_trips_in_small_chunks(encoding: str, packed: bytes) -> None:
    decoder = make_decoder(encoding, limit=len(TEXT))
    out = b"".join(decoder.feed(packed[i : i + 997]) for i in range(0, len(packed), 997)) + decoder.flush()
    assert out == TEXT


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "br"])
def test_decoder_stops_a_bomb_at_the_limit(encoding: str) -> None:
    zeros = bytes(50 * 1024 * 1024)
    packed = {"gzip": gzip.compress, "deflate": zlib.compress, "br": brotli.compress}[encoding](zeros)
    assert len(packed) < len(zeros) // 100
    decoder = make_decoder(encoding, limit=64 * 1024)
    produced = 0
    with pytest.raises(BodyTooLarge):
        for i in range(0, len(packed), 65536):
            produced += len(decoder.feed(packed[i : i + 65536]))
    assert produced <= 64 * 1024  # never more than the budget left the decoder


def test_decoder_rejects_corrupt_and_unknown_encodings() -> None:
    with pytest.raises(CorruptBody):
        make_decoder("gzip", 1000).feed(b"definitely not gzip")
    with pytest.raises(CorruptBody):
        make_decoder("br", 1000).feed(b"\xff\xff\xff\xff not brotli")
    with pytest.raises(UnsupportedEncoding):
        make_decoder("compress", 1000)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("file:feeds/a.xml", "/base/feeds/a.xml"),
        ("file:///abs/a.xml", "/abs/a.xml"),
        ("file://localhost/abs/a b.xml", "/abs/a%20b.xml"),
        ("file:/abs/a.xml", "/abs/a.xml"),
        ("file://feeds/a.xml", "/base/feeds/a.xml"),
    ],
)
def test_normalize_file_urls(url: str, expected: str) -> None:
    assert normalize_url(url, Path("/base")) == "file://localhost" + expected


def test_normalize_leaves_web_urls_alone() -> None:
    assert normalize_url("https://example.org/feed?x=1", Path("/base")) == "https://example.org/feed?x=1"


async def test_file_transport_answers_200_then_304_then_200_after_a_change(tmp_path: Path) -> None:
    feed = tmp_path / "a b.xml"
    feed.write_bytes(rss(("1", "One")))
    url = normalize_url("file:a b.xml", tmp_path)
    async with make_client() as client:
        fetcher = Fetcher(client)
        first = await fetcher.fetch(url)
        assert (first.status, first.http_status, first.body) == ("ok", 200, feed.read_bytes())
        assert first.headers["content-type"] == "application/rss+xml"
        second = await fetcher.fetch(url, first.validators)
        assert (second.status, second.http_status) == ("not_modified", 304)
        feed.write_bytes(rss(("1", "One"), ("2", "Two")))
        os.utime(feed, ns=(10**18, 10**18))
        third = await fetcher.fetch(url, first.validators)
        assert third.status == "ok" and b"Two" in (third.body or b"")
        missing = await fetcher.fetch(normalize_url("file:nope.xml", tmp_path))
        assert missing.status == "error" and missing.error == f"file not found: {tmp_path.resolve() / 'nope.xml'}"
        page = await fetcher.fetch(normalize_url("file:no page.html", tmp_path), page=True)
        assert page.error == f"file not found: {tmp_path.resolve() / 'no page.html'}"


async def test_file_larger_than_the_limit_is_refused(tmp_path: Path) -> None:
    (tmp_path / "big.xml").write_bytes(b"x" * 5000)
    async with make_client() as client:
        result = await Fetcher(client, FetchLimits(max_bytes=1024)).fetch(normalize_url("file:big.xml", tmp_path))
    assert result.status == "error"  # by its Content-Length, before reading a byte
    assert result.error == "feed too large: 5 KB (limit 1 KB); raise [fetch] max_bytes to read it"


async def test_requests_are_polite_and_conditional() -> None:
    with FeedServer() as server:
        server.route(
            "/f",
            Answer(
                200,
                rss(("1", "One")),
                {
                    "ETag": '"e"',
                    "Last-Modified": "Tue, 22 Jun 2021 10:00:00 GMT",
                    "Cache-Control": "public, max-age=1800",
                },
            ),
        )
        async with make_client() as client:
            result = await Fetcher(client).fetch(server.url("/f"), Validators(etag='"old"', last_modified="x"))
    _, headers = server.requests[0]
    assert headers["user-agent"] == USER_AGENT
    assert headers["if-none-match"] == '"old"' and headers["if-modified-since"] == "x"
    assert "gzip" in headers["accept-encoding"] and "br" in headers["accept-encoding"]
    assert result.validators == Validators('"e"', "Tue, 22 Jun 2021 10:00:00 GMT")
    assert result.max_age == 1800


async def test_permanent_redirect_reports_the_new_address() -> None:
    with FeedServer() as server:
        server.route("/old", Answer(301, b"", {"Location": "/new"}))
        server.route("/new", Answer(200, rss(("1", "One"))))
        async with make_client() as client:
            result = await Fetcher(client).fetch(server.url("/old"))
    assert result.status == "ok" and result.moved_to == server.url("/new")


async def test_per_host_limit_holds_requests_back() -> None:
    in_flight = 0
    peak = 0

    async def slow(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        await asyncio.sleep(0.01)
        in_flight -= 1
        return httpx.Response(200, content=rss(("1", "One")))

    limits = FetchLimits(max_connections=8, per_host=2)
    async with make_client(limits, transport=httpx.MockTransport(slow)) as client:
        fetcher = Fetcher(client, limits)
        await asyncio.gather(*(fetcher.fetch(f"https://one.invalid/{n}") for n in range(10)))
        assert peak == 2
        peak = 0
        await asyncio.gather(*(fetcher.fetch(f"https://host{n}.invalid/") for n in range(20)))
        assert peak == 8


def test_retry_after_and_max_age_parsing() -> None:
    now = dt.datetime(2021, 6, 24, 9, tzinfo=dt.UTC)
    later = email.utils.format_datetime(now + dt.timedelta(minutes=10), usegmt=True)
    assert _seconds("120", now) == 120
    assert _seconds(later, now) == 600
    assert _seconds("999999999", now) == 86400  # a server cannot stop us for years
    assert _seconds("soon", now) is None and _seconds(None, now) is None
    assert _max_age("public, max-age=600") == 600
    assert _max_age("s-maxage=5, max-age=60") == 60
    assert _max_age("no-store, max-age=600") is None
    assert _max_age(None) is None


async def test_file_transport_answers_200_when_the_etag_differs_though_the_date_matches(tmp_path: Path) -> None:
    """Guards the planted bug "the local-file server answers 304 on If-Modified-Since although the ETag differs".

    If-None-Match wins over If-Modified-Since (RFC 9110 13.2.2): a file rewritten within the same second keeps
    its Last-Modified but not its ETag, and must be read again.
    """
    feed = tmp_path / "a.xml"
    feed.write_bytes(rss(("1", "One")))
    url = normalize_url("file:a.xml", tmp_path)
    async with make_client() as client:
        fetcher = Fetcher(client)
        first = await fetcher.fetch(url)
        stale = Validators(etag='"another-version"', last_modified=first.validators.last_modified)
        again = await fetcher.fetch(url, stale)
        by_date_only = await fetcher.fetch(url, Validators(last_modified=first.validators.last_modified))
    assert (again.status, again.http_status, again.body) == ("ok", 200, feed.read_bytes())
    assert (by_date_only.status, by_date_only.http_status) == ("not_modified", 304)


async def test_a_body_of_exactly_max_bytes_is_read_and_one_byte_more_is_refused() -> None:
    """Guards the planted bug "Content-Length cap `>` turned into `>=`": the limit itself is allowed."""
    limit = 4096
    body = b"<rss>" + b"x" * (limit - 11) + b"</rss>"
    assert len(body) == limit
    with FeedServer() as server:
        server.route("/exact", Answer(200, body))
        server.route("/over", Answer(200, body + b" "))
        async with make_client() as client:
            fetcher = Fetcher(client, FetchLimits(max_bytes=limit))
            exact = await fetcher.fetch(server.url("/exact"))
            over = await fetcher.fetch(server.url("/over"))
    assert (exact.status, exact.body) == ("ok", body)
    assert over.status == "error" and over.body is None
    assert over.error == "feed too large: 4 KB (limit 4 KB); raise [fetch] max_bytes to read it"  # by Content-Length


async def test_file_transport_serves_readable_files_by_their_modification_time(tmp_path: Path) -> None:
    """Last-Modified is the file's own time (a 304 by date must mean the file did not change); a folder is not a
    feed; only GET and HEAD are served; a file without a known suffix is served as XML."""
    feed = tmp_path / "feed"
    feed.write_bytes(rss(("1", "One")))
    os.utime(feed, (1_624_000_000, 1_624_000_000))
    (tmp_path / "folder.xml").mkdir()
    async with make_client() as client:
        result = await Fetcher(client).fetch(normalize_url("file:feed", tmp_path))
        folder = await Fetcher(client).fetch(normalize_url("file:folder.xml", tmp_path))
        posted = await client.post(normalize_url("file:feed", tmp_path))
        head = await client.head(normalize_url("file:feed", tmp_path))
    assert result.validators.last_modified == "Fri, 18 Jun 2021 07:06:40 GMT"
    assert result.validators.etag == f'"{feed.stat().st_mtime_ns:x}-{feed.stat().st_size:x}"'
    assert result.headers["content-type"] == "application/xml"
    assert result.headers["content-length"] == str(feed.stat().st_size)
    assert folder.status == "error" and folder.http_status == 404 and "not found" in (folder.error or "")
    assert posted.status_code == 405
    assert head.status_code == 200 and head.headers["last-modified"] == "Fri, 18 Jun 2021 07:06:40 GMT"


async def test_a_refused_connection_is_a_reason_not_an_exception() -> None:
    with socket.socket() as probe:  # a port nobody listens on: bound, then closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    async with make_client() as client:
        result = await Fetcher(client).fetch(f"http://127.0.0.1:{port}/feed.xml")
    assert result.status == "error" and result.http_status is None
    assert result.error == "cannot connect: All connection attempts failed"  # httpx's words for a refused port
    assert (_reason(ValueError(" x ")), _reason(ValueError(" "))) == ("x", "ValueError")  # no words: its kind


async def test_file_transport_refuses_an_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.xml").write_bytes(rss(("1", "One")))
    monkeypatch.setattr("monitor.fetch.os.access", lambda path, mode: False)  # root reads everything: pretend
    async with make_client() as client:
        result = await Fetcher(client).fetch(normalize_url("file:a.xml", tmp_path))
    assert (result.status, result.http_status) == ("error", 403)
    assert (result.error or "").startswith("access denied (HTTP 403 Forbidden)")
