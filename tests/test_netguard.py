"""The network guard: a feed's links never reach this machine's own networks.

Everything runs offline. Names are answered by `FakeDNS` (news.example is a
public address, sneaky.example is 127.0.0.1, ...), and the "internal service"
is a real HTTP server on 127.0.0.1 started by each test: a refusal is proved by
that server (or a recording network backend) seeing nothing, not only by an
exception coming back, and each refusal has an allowed twin that does get through.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import ssl
from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any
from urllib.parse import urlsplit

import httpcore
import httpx
import pytest
from feedserver import Answer, FeedServer

from monitor import netguard
from monitor.netguard import (
    Blocked,
    GuardedBackend,
    NetClass,
    allowed,
    check_link,
    class_of_url,
    classify_ip,
    current_reach,
    file_allowed,
    guard_client,
    guarded_transport,
    reach,
)

PUBLIC = "93.184.216.34"
NAMES: dict[str, list[str]] = {
    "news.example": [PUBLIC],
    "sneaky.example": ["127.0.0.1"],
    "meta.example": ["169.254.169.254"],
    "mixed.example": [PUBLIC, "10.0.0.1"],
    "lan.example": ["192.168.1.20"],
    "zero.example": ["0.0.0.0"],
}
CLASSES: tuple[NetClass, ...] = ("public", "private", "link-local", "loopback", "file")


class FakeDNS:
    """An injected resolver: a fixed table, and a record of every name asked."""

    def __init__(self, names: dict[str, list[str]] | None = None) -> None:
        self.names = NAMES if names is None else names
        self.asked: list[str] = []

    async def __call__(self, host: str, port: int) -> list[str]:
        self.asked.append(host)
        if host not in self.names:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return list(self.names[host])


class RecordingBackend(httpcore.AsyncNetworkBackend):
    """Stands in for the network: records where it was asked to connect, then fails."""

    def __init__(self, *, tls: bool = False) -> None:
        self.connects: list[tuple[str, int]] = []
        self.sni: list[str | None] = []
        self._tls = tls

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        self.connects.append((host, port))
        if self._tls:
            return _TLSRecordingStream(self)
        raise httpcore.ConnectError(f"recorder: no network to {host}")

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("recorder: no unix sockets")

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


class _TLSRecordingStream(httpcore.AsyncNetworkStream):
    def __init__(self, owner: RecordingBackend) -> None:
        self._owner = owner

    async def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.AsyncNetworkStream:
        self._owner.sni.append(server_hostname)
        raise httpcore.ConnectError("recorder: stopped after seeing the TLS server name")

    async def aclose(self) -> None:
        pass


# --- fixtures ----------------------------------------------------------------------------


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with FeedServer() as running:
        running.route("/", Answer(200, b"front page"))
        running.route("/feed", Answer(200, b"<rss/>"))
        running.route("/secret", Answer(200, b"the router's admin page"))
        yield running


@pytest.fixture
def port(server: FeedServer) -> int:
    found = urlsplit(server.url("/")).port
    assert found is not None
    return found


@pytest.fixture
def dns() -> FakeDNS:
    return FakeDNS()


def redirector(port: int) -> httpx.MockTransport:
    """news.example, played in memory: its pages redirect into the loopback server."""
    targets = {
        "/to-loopback": f"http://127.0.0.1:{port}/secret",
        "/to-sneaky": f"http://sneaky.example:{port}/secret",
        "/to-decimal": f"http://2130706433:{port}/secret",
    }

    def answer(request: httpx.Request) -> httpx.Response:
        target = targets.get(request.url.path)
        if target is None:
            return httpx.Response(200, text="an article")
        return httpx.Response(302, headers={"Location": target})

    return httpx.MockTransport(answer)


@pytest.fixture
async def client(dns: FakeDNS, port: int) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(
        trust_env=False,
        follow_redirects=True,
        timeout=5.0,
        mounts={"http://news.example": redirector(port)},
    ) as guarded:
        guard_client(guarded, resolve=dns)
        yield guarded


@pytest.fixture
async def recorded(dns: FakeDNS) -> AsyncIterator[tuple[httpx.AsyncClient, RecordingBackend]]:
    """A guarded client whose network is a `RecordingBackend`: shows where it would have connected."""
    recorder = RecordingBackend()
    transport = httpx.AsyncHTTPTransport()
    transport._pool._network_backend = recorder
    async with httpx.AsyncClient(transport=transport, trust_env=False) as guarded:
        guard_client(guarded, resolve=dns)
        yield guarded, recorder


def paths(server: FeedServer) -> list[str]:
    return [path for path, _ in server.requests]


# --- classifying addresses -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        (PUBLIC, "public"),
        ("8.8.8.8", "public"),
        ("172.32.0.1", "public"),  # just outside 172.16/12
        ("100.128.0.1", "public"),  # just outside 100.64/10
        ("10.0.0.5", "private"),
        ("172.16.0.1", "private"),
        ("172.31.255.255", "private"),
        ("192.168.1.1", "private"),
        ("100.64.0.1", "private"),  # carrier-grade NAT
        ("100.127.255.254", "private"),
        ("198.18.0.1", "private"),  # benchmarking
        ("192.0.0.8", "private"),
        ("127.0.0.1", "loopback"),
        ("127.255.255.254", "loopback"),
        ("169.254.169.254", "link-local"),  # the cloud metadata service
        ("169.254.0.1", "link-local"),
        ("100.100.100.200", "link-local"),  # Alibaba's metadata service, inside the CGNAT range
        ("0.0.0.0", None),
        ("0.1.2.3", None),
        ("224.0.0.1", None),
        ("239.255.255.250", None),
        ("255.255.255.255", None),
        ("240.0.0.1", None),
        ("192.0.2.1", None),  # documentation ranges: ipaddress calls them private; we never fetch them
        ("198.51.100.7", None),
        ("203.0.113.9", None),
        ("2606:4700::1111", "public"),
        ("::1", "loopback"),
        ("::", None),
        ("::ffff:127.0.0.1", "loopback"),  # IPv4-mapped
        ("::ffff:10.0.0.1", "private"),
        ("::ffff:169.254.169.254", "link-local"),
        ("::ffff:" + PUBLIC, "public"),
        ("64:ff9b::7f00:1", "loopback"),  # NAT64 of 127.0.0.1
        ("64:ff9b::a9fe:a9fe", "link-local"),  # NAT64 of 169.254.169.254
        ("64:ff9b::5db8:d822", "public"),  # NAT64 of 93.184.216.34
        ("64:ff9b:1::1", "private"),  # local-use NAT64
        ("2002:7f00:1::1", "loopback"),  # 6to4 of 127.0.0.1
        ("2002:5db8:d822::1", "public"),
        ("fe80::1", "link-local"),
        ("fe80::1%eth0", "link-local"),
        ("fc00::1", "private"),
        ("fd12:3456::1", "private"),
        ("fd00:ec2::254", "link-local"),  # AWS's metadata service over IPv6, inside the ULA range
        ("fec0::1", "private"),
        ("ff02::1", None),
        ("2001:db8::1", None),
        ("2001::1", None),  # Teredo
        ("::127.0.0.1", None),  # IPv4-compatible, deprecated
        ("4000::1", None),  # unassigned
    ],
)
def test_classify_ip(address: str, expected: NetClass | None) -> None:
    assert classify_ip(ipaddress.ip_address(address)) == expected


REACHES: dict[NetClass, set[NetClass]] = {
    "public": {"public"},
    "private": {"public", "private"},
    "link-local": {"public", "private", "link-local"},
    "loopback": {"public", "private", "link-local", "loopback"},
    "file": set(CLASSES),
}


@pytest.mark.parametrize("feed", CLASSES)
@pytest.mark.parametrize("target", CLASSES)
def test_allowed_matrix(target: NetClass, feed: NetClass) -> None:
    assert allowed(target, feed) is (target in REACHES[feed])


# --- the pre-check -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "feed", "reason"),
    [
        ("https://news.example/a", "public", None),
        ("http://news.example:8080/a?b=c", "public", None),
        ("http://sneaky.example/", "public", None),  # a name: only the network layer can tell
        ("javascript:alert(1)", "public", "blocked: only http(s) links are fetched"),
        ("data:text/html,<script>x</script>", "public", "blocked: only http(s) links are fetched"),
        ("ftp://news.example/a", "public", "blocked: only http(s) links are fetched"),
        ("/relative/link", "public", "blocked: only http(s) links are fetched"),
        ("file:///etc/passwd", "public", "blocked: file: links are only followed from file: feeds"),
        ("file://localhost/etc/passwd", "loopback", "blocked: file: links are only followed from file: feeds"),
        ("file://localhost/home/me/feeds/a.html", "file", None),
        ("http:///path", "public", "blocked: the link has no host"),
        ("http://127.0.0.1/", "public", "blocked: link leads to a loopback address (127.0.0.1)"),
        ("http://127.0.0.1:8080/", "loopback", None),
        ("http://[::1]/", "public", "blocked: link leads to a loopback address (::1)"),
        ("http://[::ffff:127.0.0.1]/", "private", "blocked: link leads to a loopback address (::ffff:127.0.0.1)"),
        ("https://10.0.0.5/", "public", "blocked: link leads to a private address (10.0.0.5)"),
        ("http://10.0.0.5/", "private", None),
        ("http://169.254.169.254/latest/meta-data/", "private", "blocked: link leads to a link-local address"),
        ("http://169.254.169.254/", "loopback", None),
        ("http://[fe80::1%25eth0]/", "private", "blocked: link leads to a link-local address"),
        ("http://0.0.0.0:8080/", "loopback", "blocked: link leads to an address that is never fetched (0.0.0.0)"),
        ("http://192.0.2.1/", "public", "blocked: link leads to an address that is never fetched"),
        ("http://2130706433/", "public", "blocked: link leads to a loopback address (2130706433 = 127.0.0.1)"),
        ("http://0x7f.1/", "public", "blocked: link leads to a loopback address (0x7f.1 = 127.0.0.1)"),
        ("http://017700000001/", "public", "blocked: link leads to a loopback address (017700000001 = 127.0.0.1)"),
        ("http://127.1/", "public", "blocked: link leads to a loopback address (127.1 = 127.0.0.1)"),
        ("http://0/", "loopback", "blocked: link leads to an address that is never fetched (0 = 0.0.0.0)"),
        ("http://0xa9.0xfe.0xa9.0xfe/", "private", "blocked: link leads to a link-local address"),
        ("http://news.123/", "public", "blocked: the link's host is a malformed numeric address (news.123)"),
        ("http://localhost:8080/", "public", "blocked: link leads to a loopback address (localhost)"),
        ("http://admin.localhost./", "private", "blocked: link leads to a loopback address"),
        ("http://localhost/", "loopback", None),
        ("http://1.2.3.04/", "public", "blocked: not a valid link"),  # httpx refuses it as well
    ],
)
def test_check_link(url: str, feed: NetClass, reason: str | None) -> None:
    found = check_link(url, feed)
    if reason is None:
        assert found is None
    else:
        assert found is not None and found.startswith(reason), found


def test_numeric_spellings_are_how_the_c_library_reads_them() -> None:
    """The spellings check_link decodes are not hypothetical: inet_aton (which getaddrinfo uses for
    numeric hosts, before any DNS) reads them all as 127.0.0.1, while httpx leaves them as names."""
    for host in ("2130706433", "0x7f.1", "017700000001", "127.1"):
        assert socket.inet_aton(host) == bytes([127, 0, 0, 1])
        with pytest.raises(ValueError):
            ipaddress.ip_address(httpx.URL(f"http://{host}/").host)


# --- a feed's own class ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("file://localhost/home/me/feed.xml", "file"),
        ("file:///home/me/feed.xml", "file"),
        ("http://127.0.0.1:8080/feed", "loopback"),
        ("http://[::1]/feed", "loopback"),
        ("http://2130706433/feed", "loopback"),
        ("http://10.1.2.3/feed", "private"),
        ("http://169.254.169.254/feed", "link-local"),
        (f"http://{PUBLIC}/feed", "public"),
        ("https://news.example/feed", "public"),
        ("https://sneaky.example/feed", "loopback"),  # a name resolving to the loopback is a loopback feed
        ("https://meta.example/feed", "link-local"),
        ("https://mixed.example/feed", "public"),  # the least private answer decides: any could have served it
        ("https://lan.example/feed", "private"),
        ("http://localhost:8000/feed", "loopback"),
        ("https://zero.example/feed", "public"),  # only never-fetched answers: least trust
        ("https://nowhere.example/feed", "public"),  # does not resolve: least trust
        ("http://0.0.0.0/feed", "public"),
        ("not a url at all", "public"),
        ("http://[oops/", "public"),
    ],
)
async def test_class_of_url(url: str, expected: NetClass) -> None:
    assert await class_of_url(url, FakeDNS()) == expected


async def test_class_of_url_resolves_only_names() -> None:
    dns = FakeDNS()
    for url in ("file:///x.xml", "http://127.0.0.1/", "http://[::1]/", "http://0x7f.1/", "http://localhost/"):
        await class_of_url(url, dns)
    assert dns.asked == []


async def test_class_of_url_caches_answers_for_a_while(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [1000.0]
    monkeypatch.setattr(netguard, "_now", lambda: clock[0])
    dns = FakeDNS({"flip.example": ["127.0.0.1"]})
    assert await class_of_url("http://flip.example/feed", dns) == "loopback"
    dns.names["flip.example"] = [PUBLIC]
    clock[0] += netguard.CACHE_SECONDS - 1
    assert await class_of_url("http://flip.example/feed", dns) == "loopback"  # cached
    assert dns.asked == ["flip.example"]
    clock[0] += 2
    assert await class_of_url("http://flip.example/feed", dns) == "public"  # expired: asked again
    assert dns.asked == ["flip.example", "flip.example"]


async def test_the_system_resolver_answers_without_the_internet() -> None:
    assert await netguard.system_resolver("127.0.0.1", 80) == ["127.0.0.1"]
    assert await class_of_url("http://2130706433/") == "loopback"


# --- the reach context ----------------------------------------------------------------------


async def test_reach_sets_and_restores_the_context() -> None:
    assert current_reach() is None and file_allowed()
    with reach("public"):
        assert current_reach() == "public" and not file_allowed()
        with reach("file"):
            assert current_reach() == "file" and file_allowed()
        with reach("loopback"):
            assert not file_allowed()
        assert current_reach() == "public"
    assert current_reach() is None and file_allowed()


async def test_reach_follows_tasks_started_inside_and_only_those() -> None:
    seen: dict[str, NetClass | None] = {}

    async def look(name: str) -> None:
        await asyncio.sleep(0)
        seen[name] = current_reach()

    outside = asyncio.create_task(look("outside"))
    with reach("private"):
        inside = asyncio.create_task(look("inside"))
    await asyncio.gather(outside, inside)
    assert seen == {"outside": None, "inside": "private"}


def test_reach_refuses_an_unknown_class() -> None:
    with pytest.raises(ValueError):
        reach("intranet")  # type: ignore[arg-type]


# --- the network layer, against a real server on 127.0.0.1 ------------------------------------


async def test_a_name_resolving_to_the_loopback_is_blocked_before_any_request(
    client: httpx.AsyncClient, server: FeedServer, port: int
) -> None:
    with reach("public"), pytest.raises(Blocked) as caught:
        await client.get(f"http://sneaky.example:{port}/secret")
    assert str(caught.value) == "blocked: sneaky.example resolves to a loopback address (127.0.0.1)"
    assert isinstance(caught.value, httpx.ConnectError)  # what the Fetcher catches
    assert caught.value.request.url.host == "sneaky.example"
    assert caught.value.net_class == "loopback" and caught.value.address == "127.0.0.1"
    assert server.requests == []


async def test_from_a_loopback_feed_the_same_link_is_fetched_pinned_to_the_checked_address(
    client: httpx.AsyncClient, server: FeedServer, port: int, dns: FakeDNS
) -> None:
    with reach("loopback"):
        response = await client.get(f"http://sneaky.example:{port}/secret")
    assert response.status_code == 200 and response.content == b"the router's admin page"
    [(path, headers)] = server.requests
    assert path == "/secret"
    assert headers["host"] == f"sneaky.example:{port}"  # the link's name, though we connected to 127.0.0.1
    assert dns.asked == ["sneaky.example"]


async def test_outside_reach_nothing_is_checked(client: httpx.AsyncClient, server: FeedServer, port: int) -> None:
    response = await client.get(f"http://sneaky.example:{port}/feed")
    assert response.status_code == 200
    assert paths(server) == ["/feed"]


async def test_a_refused_link_opens_no_connection_at_all(dns: FakeDNS) -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.setblocking(False)
        port = listener.getsockname()[1]
        async with httpx.AsyncClient(trust_env=False, timeout=2.0) as guarded:
            guard_client(guarded, resolve=dns)
            with reach("private"), pytest.raises(Blocked):
                await guarded.get(f"http://sneaky.example:{port}/")
        with pytest.raises(BlockingIOError):
            listener.accept()  # nobody knocked


@pytest.mark.parametrize("host", ["127.0.0.1", "2130706433", "0x7f.1", "017700000001", "127.1", "[::ffff:127.0.0.1]"])
async def test_ip_literals_in_any_spelling_are_checked_in_the_network_layer(
    client: httpx.AsyncClient, server: FeedServer, port: int, dns: FakeDNS, host: str
) -> None:
    """Even when the pre-check was skipped: the backend reads the spellings getaddrinfo would."""
    url = f"http://{host}:{port}/secret"
    with reach("public"), pytest.raises(Blocked, match=r"link leads to a loopback address"):
        await client.get(url)
    assert server.requests == []
    with reach("loopback"):  # the same URL really leads to the server
        assert (await client.get(url)).status_code == 200
    assert paths(server) == ["/secret"]
    assert dns.asked == []  # literals are never resolved


async def test_a_redirect_into_the_loopback_is_blocked(client: httpx.AsyncClient, server: FeedServer) -> None:
    with reach("public"):
        assert (await client.get("http://news.example/article")).status_code == 200  # the mounted site works
        for hop in ("/to-loopback", "/to-sneaky", "/to-decimal"):
            with pytest.raises(Blocked):
                await client.get(f"http://news.example{hop}")
    assert server.requests == []
    with reach("loopback"):
        response = await client.get("http://news.example/to-sneaky")
    assert response.status_code == 200 and [r.status_code for r in response.history] == [302]
    assert paths(server) == ["/secret"]


async def test_a_kept_alive_feed_connection_is_not_reused_for_a_link_that_may_not_reach_it(
    server: FeedServer, port: int
) -> None:
    """The pool reuses connections without asking the backend; the stream itself refuses."""
    async with httpx.AsyncClient(trust_env=False, timeout=5.0) as guarded:
        guard_client(guarded)  # the system resolver: the feed connection is the stock one
        assert (await guarded.get(f"http://127.0.0.1:{port}/feed")).status_code == 200  # a loopback feed
        with reach("public"), pytest.raises(Blocked, match=r"the open connection to 127\.0\.0\.1 leads to a loopback"):
            await guarded.get(f"http://127.0.0.1:{port}/secret")  # a public feed's link
        assert paths(server) == ["/feed"]
        with reach("loopback"):
            assert (await guarded.get(f"http://127.0.0.1:{port}/secret")).status_code == 200
    assert paths(server) == ["/feed", "/secret"]


async def test_concurrent_feed_fetches_are_not_affected(
    client: httpx.AsyncClient, server: FeedServer, port: int
) -> None:
    async def article() -> BaseException | httpx.Response:
        with reach("public"):
            try:
                return await client.get(f"http://sneaky.example:{port}/secret")
            except Blocked as exc:
                return exc

    feed, link = await asyncio.gather(client.get(f"http://sneaky.example:{port}/feed"), article())
    assert isinstance(feed, httpx.Response) and feed.status_code == 200
    assert isinstance(link, Blocked)
    assert paths(server) == ["/feed"]


async def test_the_fetcher_reports_a_blocked_link_as_a_connect_error(
    client: httpx.AsyncClient, server: FeedServer, port: int
) -> None:
    from monitor.fetch import Fetcher

    with reach("public"):
        result = await Fetcher(client).fetch(f"http://sneaky.example:{port}/secret")
    assert result.status == "error"
    assert result.error is not None
    assert result.error.endswith("blocked: sneaky.example resolves to a loopback address (127.0.0.1)")
    assert server.requests == []


async def test_links_through_a_proxy_are_refused_unless_the_feed_is_local(server: FeedServer, port: int) -> None:
    """A proxy connects wherever it likes, so a public feed's links may not use it (HTTP_PROXY and friends)."""
    async with httpx.AsyncClient(trust_env=False, timeout=5.0, proxy=f"http://127.0.0.1:{port}") as proxied:
        guard_client(proxied, resolve=FakeDNS())
        await proxied.get("http://news.example/feed")  # a feed: through the proxy as configured
        assert paths(server) == ["http://news.example/feed"]
        for feed in ("public", "private", "link-local"):
            with reach(feed), pytest.raises(Blocked, match=f"links from a {feed} feed are not fetched through a proxy"):
                await proxied.get("http://news.example/article")
        assert paths(server) == ["http://news.example/feed"]
        with reach("loopback"):
            await proxied.get("http://news.example/article")
    assert paths(server) == ["http://news.example/feed", "http://news.example/article"]


# --- the network layer, with a recording backend ---------------------------------------------


async def test_the_metadata_service_is_out_of_reach_of_a_private_feed(
    recorded: tuple[httpx.AsyncClient, RecordingBackend],
) -> None:
    guarded, recorder = recorded
    with reach("private"), pytest.raises(Blocked) as caught:
        await guarded.get("http://meta.example/latest/meta-data/")
    assert str(caught.value) == "blocked: meta.example resolves to a link-local address (169.254.169.254)"
    assert recorder.connects == []
    with reach("link-local"), pytest.raises(httpx.ConnectError) as failed:
        await guarded.get("http://meta.example/latest/meta-data/")
    assert not isinstance(failed.value, Blocked)
    assert recorder.connects == [("169.254.169.254", 80)]


async def test_one_private_answer_among_public_ones_blocks_the_name(
    recorded: tuple[httpx.AsyncClient, RecordingBackend],
) -> None:
    guarded, recorder = recorded
    with reach("public"), pytest.raises(Blocked, match=r"mixed\.example resolves to a private address \(10\.0\.0\.1\)"):
        await guarded.get("http://mixed.example/")
    assert recorder.connects == []
    with reach("private"), pytest.raises(httpx.ConnectError):
        await guarded.get("http://mixed.example/")
    assert recorder.connects == [(PUBLIC, 80), ("10.0.0.1", 80)]  # every checked answer tried, in order


async def test_never_fetched_answers_are_blocked_even_for_the_most_trusted_feeds(
    recorded: tuple[httpx.AsyncClient, RecordingBackend],
) -> None:
    guarded, recorder = recorded
    for feed in ("loopback", "file"):
        with reach(feed), pytest.raises(Blocked, match=r"zero\.example resolves to an address that is never fetched"):
            await guarded.get("http://zero.example/")
    assert recorder.connects == []


async def test_a_name_that_does_not_resolve_is_a_plain_connect_error(
    recorded: tuple[httpx.AsyncClient, RecordingBackend],
) -> None:
    guarded, recorder = recorded
    with reach("public"), pytest.raises(httpx.ConnectError, match="Name or service not known") as caught:
        await guarded.get("http://nowhere.example/")
    assert not isinstance(caught.value, Blocked)
    assert recorder.connects == []


async def test_localhost_names_are_blocked_without_asking_dns(
    recorded: tuple[httpx.AsyncClient, RecordingBackend], dns: FakeDNS
) -> None:
    guarded, recorder = recorded
    with reach("public"), pytest.raises(Blocked, match="admin.localhost is a loopback name"):
        await guarded.get("http://admin.localhost/")
    assert recorder.connects == [] and dns.asked == []


async def test_https_is_pinned_to_the_address_but_tls_checks_the_name(dns: FakeDNS) -> None:
    recorder = RecordingBackend(tls=True)
    transport = httpx.AsyncHTTPTransport()
    transport._pool._network_backend = recorder
    async with httpx.AsyncClient(transport=transport, trust_env=False) as guarded:
        guard_client(guarded, resolve=dns)
        with reach("public"), pytest.raises(httpx.ConnectError, match="stopped after seeing the TLS server name"):
            await guarded.get("https://news.example/article")
    assert recorder.connects == [(PUBLIC, 443)]  # the checked address, not the name
    assert recorder.sni == ["news.example"]  # SNI and the certificate check use the link's name


# --- installing the guard ------------------------------------------------------------------


async def test_guard_client_covers_the_default_transport_and_mounted_http_transports() -> None:
    mounted = httpx.AsyncHTTPTransport()
    async with httpx.AsyncClient(
        trust_env=False,
        mounts={
            "https://feeds.example": mounted,
            "http://mock.example": httpx.MockTransport(lambda r: httpx.Response(200)),
        },
    ) as guarded:
        guard_client(guarded)
        guard_client(guarded)  # twice is harmless: one guard, not two
        for transport in (guarded._transport, mounted):
            assert isinstance(transport, httpx.AsyncHTTPTransport)
            backend = transport._pool._network_backend
            assert isinstance(backend, GuardedBackend) and not isinstance(backend.inner, GuardedBackend)
            assert not backend.via_proxy


async def test_guarded_transport_is_a_guarded_default_transport(server: FeedServer, port: int) -> None:
    async with httpx.AsyncClient(transport=guarded_transport(resolve=FakeDNS()), trust_env=False) as guarded:
        with reach("public"), pytest.raises(Blocked):
            await guarded.get(f"http://sneaky.example:{port}/")
    assert server.requests == []


async def test_guard_client_refuses_a_client_with_open_connections(server: FeedServer) -> None:
    async with httpx.AsyncClient(trust_env=False) as used:
        await used.get(server.url("/feed"))
        with pytest.raises(RuntimeError, match="before its first request"):
            guard_client(used)


async def test_guard_client_fails_loudly_when_httpcore_changes() -> None:
    transport = httpx.AsyncHTTPTransport()
    del transport._pool._network_backend
    async with httpx.AsyncClient(transport=transport, trust_env=False) as odd:
        with pytest.raises(RuntimeError, match="cannot be installed"):
            guard_client(odd)


async def test_a_slow_resolver_counts_against_the_connect_timeout() -> None:
    async def stuck(host: str, port: int) -> list[str]:
        await asyncio.sleep(30)
        return [PUBLIC]

    recorder = RecordingBackend()
    transport = httpx.AsyncHTTPTransport()
    transport._pool._network_backend = recorder
    async with httpx.AsyncClient(transport=transport, trust_env=False, timeout=httpx.Timeout(5.0, connect=0.2)) as c:
        guard_client(c, resolve=stuck)
        with reach("public"), pytest.raises(httpx.ConnectTimeout, match="timed out resolving news.example"):
            await c.get("http://news.example/")
    assert recorder.connects == []
