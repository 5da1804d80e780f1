"""Feed discovery: a pasted URL becomes a feed address, a format, a title and a count, or a reason."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from feedserver import Answer, rss, serving

from monitor.discover import DiscoveredFeed, DiscoveryError, discover_feed, suggest_name
from monitor.fetch import make_client

FEEDS = Path(__file__).resolve().parent / "fixtures" / "feeds"

PAGE = b"""<!DOCTYPE html><html><head><title>Site</title>
<link rel="stylesheet" href="/style.css">
<link rel="alternate" type="application/rss+xml" title="All news" href="/rss">
</head><body>Welcome</body></html>"""


def html(*links: str) -> bytes:
    tags = "".join(f'<link rel="alternate" type="application/atom+xml" href="{href}">' for href in links)
    return f"<!doctype html><html><head>{tags}</head><body>page</body></html>".encode()


ROUTES: dict[str, httpx.Response] = {
    "/rss": httpx.Response(200, content=rss(("a", "One"), ("b", "Two"), title="Site news")),
    "/atom": httpx.Response(200, content=(FEEDS / "atom.atom").read_bytes()),
    "/rdf": httpx.Response(200, content=(FEEDS / "rdf.rdf").read_bytes()),
    "/json": httpx.Response(
        200, content=(FEEDS / "jsonfeed.json").read_bytes(), headers={"content-type": "application/feed+json"}
    ),
    "/page": httpx.Response(200, content=PAGE, headers={"content-type": "text/html"}),
    "/bare": httpx.Response(200, content=(FEEDS / "bare.html").read_bytes(), headers={"content-type": "text/html"}),
    "/broken-first": httpx.Response(200, content=html("/missing", "/atom")),
    "/all-broken": httpx.Response(200, content=html("/missing", "/text")),
    "/local-link": httpx.Response(200, content=html("file:///etc/passwd")),
    "/text": httpx.Response(200, content=b"hello, world", headers={"content-type": "text/plain"}),
    "/empty": httpx.Response(200, content=b""),
    "/moved": httpx.Response(301, headers={"location": "/rss"}),
    "/elsewhere": httpx.Response(302, headers={"location": "/rss"}),
    "/busy": httpx.Response(503, headers={"retry-after": "120"}),
}


def site(request: httpx.Request) -> httpx.Response:
    answer = ROUTES.get(request.url.path)
    if answer is None:
        return httpx.Response(404, content=b"no such page")
    return httpx.Response(answer.status_code, headers=answer.headers, content=answer.content)


async def discover(path: str) -> DiscoveredFeed:
    async with make_client(transport=httpx.MockTransport(site)) as client:
        return await discover_feed(client, "https://site.example" + path)


@pytest.mark.parametrize(
    ("path", "url", "fmt", "title", "items"),
    [
        ("/rss", "https://site.example/rss", "rss", "Site news", 2),
        ("/atom", "https://site.example/atom", "atom", "Atom fixture", 2),
        ("/rdf", "https://site.example/rdf", "rdf", "RDF fixture", 1),
        ("/json", "https://site.example/json", "json", "JSON fixture", 2),
        ("/page", "https://site.example/rss", "rss", "Site news", 2),
        ("/broken-first", "https://site.example/atom", "atom", "Atom fixture", 2),
        ("/moved", "https://site.example/rss", "rss", "Site news", 2),
        ("/elsewhere", "https://site.example/elsewhere", "rss", "Site news", 2),
    ],
)
async def test_discovers_feeds_and_feeds_linked_from_pages(
    path: str, url: str, fmt: str, title: str, items: int
) -> None:
    found = await discover(path)
    assert (found.url, found.format, found.title, found.items) == (url, fmt, title, items)
    linked = path in ("/page", "/broken-first")
    assert found.page_url == ("https://site.example" + path if linked else None)


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/bare", "is an HTML page that links to no feed"),
        ("/local-link", "is an HTML page that links to no feed"),
        ("/all-broken", "feed links do not work: https://site.example/missing: not found (HTTP 404)"),
        ("/missing", "not found (HTTP 404): check the feed's url"),
        ("/busy", "server error (HTTP 503"),
        ("/text", "https://site.example/text is not a feed: not a readable feed"),
        ("/empty", "empty response"),
    ],
)
async def test_failures_say_why(path: str, reason: str) -> None:
    with pytest.raises(DiscoveryError) as caught:
        await discover(path)
    assert reason in str(caught.value)


async def test_json_feed_warning_is_passed_on() -> None:
    found = await discover("/json")
    assert found.warning == "1 item(s) without an id were skipped"


async def test_discovery_through_a_real_server() -> None:
    with serving() as server:
        server.route("/", Answer(200, PAGE, {"Content-Type": "text/html; charset=utf-8"}))
        server.route(
            "/rss", Answer(200, rss(("g1", "Story"), title="Loopback news"), {"Content-Type": "application/rss+xml"})
        )
        async with make_client() as client:
            found = await discover_feed(client, server.url("/"))
        assert found == DiscoveredFeed(
            url=server.url("/rss"), format="rss", title="Loopback news", items=1, page_url=server.url("/")
        )
        assert [path for path, _ in server.requests] == ["/", "/rss"]


async def test_body_larger_than_the_limit_is_refused() -> None:
    with serving() as server:
        server.route("/big", Answer(200, rss(*((f"g{n}", "Story " * 50) for n in range(200)))))
        async with make_client() as client:
            with pytest.raises(DiscoveryError, match="feed too large"):
                await discover_feed(client, server.url("/big"), max_bytes=4096)


async def test_unreachable_host_is_an_error() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    async with make_client(transport=httpx.MockTransport(refuse)) as client:
        with pytest.raises(DiscoveryError, match="cannot connect: connection refused"):
            await discover_feed(client, "https://down.example/feed")


async def test_local_feed_file(tmp_path: Path) -> None:
    feed = tmp_path / "feed.atom"
    feed.write_bytes((FEEDS / "atom.atom").read_bytes())
    async with make_client() as client:
        found = await discover_feed(client, f"file://localhost{feed}")
    assert (found.format, found.title) == ("atom", "Atom fixture")


@pytest.mark.parametrize(
    ("title", "url", "taken", "name"),
    [
        ("UN News", "https://news.un.org/feed", set(), "UN News"),
        ("  UN\tNews \n Asia  ", "https://news.un.org/feed", set(), "UN News Asia"),
        ("Bell\x07 and \x1b[31mred", "https://x.example/", set(), "Bell and red"),
        (None, "https://www.longwarjournal.org/feed", set(), "longwarjournal.org"),
        ("   ", "https://Site.Example:8080/rss", set(), "site.example"),
        (None, "file:///home/me/feeds/local%20news.xml", set(), "local news.xml"),
        ("UN News", "https://a/", {"un news"}, "UN News (2)"),
        ("UN News", "https://a/", {"UN NEWS", "un news (2)", "Other"}, "UN News (3)"),
        (
            "A very long feed title that goes on and on about the situation in the region and beyond",
            "https://a/",
            set(),
            "A very long feed title that goes on and on about the…",
        ),
    ],
)
def test_suggest_name(title: str | None, url: str, taken: set[str], name: str) -> None:
    assert suggest_name(title, url, taken) == name


def test_suggested_names_always_fit_the_config() -> None:
    from monitor.config import FeedConfig

    long_word = "x" * 200
    taken: set[str] = set()
    for _ in range(12):
        name = suggest_name(long_word, "https://a/", taken)
        FeedConfig(name=name, url="https://a/")  # printable, stripped, at most 80 characters
        assert name.casefold() not in {t.casefold() for t in taken}
        taken.add(name)
