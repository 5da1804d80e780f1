"""Keeping untrusted links away from the networks behind the machine monitor runs on.

Feeds are the user's own URLs and are fetched as configured. The links *inside* a
feed are written by whoever publishes it, so following them (to fetch the article
behind an item) would let any feed on the internet make monitor request pages on
the user's loopback interface, home or office network, or a cloud instance's
metadata service (169.254.169.254, which hands out credentials): server-side
request forgery. This module decides which addresses a feed's links may reach and
enforces it where the connection is made.

Every address belongs to a `NetClass`, ordered by trust:
public < private < link-local < loopback < file. A link may reach an address whose
class is at most its feed's class (`allowed`): a feed on the internet reaches only
public addresses, a feed on the LAN also the LAN, a feed on 127.0.0.1 everything
but files, and a `file:` feed everything, including `file:` links. Link-local sits
above private so that a LAN feed cannot reach the metadata service.

Three layers, because each one alone can be fooled:

- `check_link` looks at a link before any I/O (scheme, IP-literal hosts, numeric
  spellings such as http://2130706433/, "localhost"), to refuse early with a reason
  a user can read. It cannot know where a name resolves.
- `guard_client` puts a `GuardedBackend` under httpx's connection pool. Inside
  `reach(feed_class)` it resolves every host itself, refuses if *any* answer is
  out of reach, and connects to the checked address (pinning it, so a DNS answer
  that changes between check and connect cannot slip through). Every hop of a
  redirect opens its connection here, so redirects are covered too.
- Every stream the backend opens remembers the class of its peer, and refuses to
  send a request from a `reach` that may not reach it. This covers keep-alive: a
  connection the pool opened for a feed (unchecked) is never reused by an article
  request that could not have opened it.

`file:` URLs never touch the network: `fetch.FileTransport` asks `file_allowed()`.

Outside `reach` nothing is checked: feed fetches behave exactly as before.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import ipaddress
import re
import socket
import ssl
import time
from collections.abc import Awaitable, Callable, Iterable, Iterator
from typing import Any, Final, Literal

import httpcore
import httpx

__all__ = [
    "Blocked",
    "GuardedBackend",
    "NetClass",
    "Resolver",
    "allowed",
    "check_link",
    "class_of_url",
    "classify_ip",
    "current_reach",
    "file_allowed",
    "guard_client",
    "guarded_transport",
    "reach",
    "system_resolver",
]

NetClass = Literal["public", "private", "link-local", "loopback", "file"]
"""Where an address is, seen from this machine; also how far a feed's links may reach."""

Resolver = Callable[[str, int], Awaitable[list[str]]]
"""`(host, port) -> addresses as text`; raises OSError (socket.gaierror) when the name has none."""

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

_RANK: Final[dict[NetClass, int]] = {"public": 0, "private": 1, "link-local": 2, "loopback": 3, "file": 4}

CACHE_SECONDS: Final = 300.0
"""How long `class_of_url` trusts a DNS answer: a feed's class is asked for on every poll."""
_CACHE_MAX: Final = 1024


# --- classifying addresses -------------------------------------------------------


def _v4(text: str) -> ipaddress.IPv4Network:
    return ipaddress.IPv4Network(text)


def _v6(text: str) -> ipaddress.IPv6Network:
    return ipaddress.IPv6Network(text)


# First match wins. Built from the IANA special-purpose registries rather than
# `ipaddress.is_private`, which also says True for the documentation ranges,
# 0.0.0.0/8 and 240.0.0.0/4: addresses we never fetch at all (None), and so must
# not be reachable even from a private feed.
_V4_TABLE: Final[tuple[tuple[ipaddress.IPv4Network, NetClass | None], ...]] = (
    (_v4("0.0.0.0/8"), None),  # "this network": Linux connects 0.0.0.0 to the local host
    (_v4("10.0.0.0/8"), "private"),
    (_v4("100.64.0.0/10"), "private"),  # carrier-grade NAT: the ISP's side, not the internet
    (_v4("127.0.0.0/8"), "loopback"),
    (_v4("169.254.0.0/16"), "link-local"),  # includes 169.254.169.254, the cloud metadata service
    (_v4("172.16.0.0/12"), "private"),
    (_v4("192.0.0.0/24"), "private"),  # IETF protocol assignments (DS-Lite, NAT64 discovery)
    (_v4("192.0.2.0/24"), None),  # documentation (TEST-NET-1): no real page lives there
    (_v4("192.168.0.0/16"), "private"),
    (_v4("198.18.0.0/15"), "private"),  # benchmarking: used inside labs, never on the internet
    (_v4("198.51.100.0/24"), None),  # documentation (TEST-NET-2)
    (_v4("203.0.113.0/24"), None),  # documentation (TEST-NET-3)
    (_v4("224.0.0.0/4"), None),  # multicast
    (_v4("240.0.0.0/4"), None),  # reserved, and 255.255.255.255 broadcast
)

_V6_TABLE: Final[tuple[tuple[ipaddress.IPv6Network, NetClass | None], ...]] = (
    (_v6("::/128"), None),  # unspecified
    (_v6("::1/128"), "loopback"),
    (_v6("64:ff9b:1::/48"), "private"),  # local-use NAT64 (inside ::/8, so before it)
    (_v6("::/8"), None),  # IPv4-compatible and other deprecated forms (mapped and NAT64 ones are unwrapped first)
    (_v6("100::/64"), None),  # discard-only
    (_v6("2001::/32"), None),  # Teredo: a tunnel to an address we cannot see
    (_v6("2001:2::/48"), "private"),  # benchmarking
    (_v6("2001:10::/28"), None),  # ORCHID, not routable
    (_v6("2001:20::/28"), None),  # ORCHIDv2, not routable
    (_v6("2001:db8::/32"), None),  # documentation
    (_v6("3fff::/20"), None),  # documentation
    (_v6("fc00::/7"), "private"),  # unique local addresses
    (_v6("fe80::/10"), "link-local"),
    (_v6("fec0::/10"), "private"),  # site-local, deprecated but still routed inside some sites
    (_v6("ff00::/8"), None),  # multicast
)
_GLOBAL_UNICAST: Final = _v6("2000::/3")
_NAT64: Final = _v6("64:ff9b::/96")

_METADATA: Final[frozenset[IPAddress]] = frozenset(
    {
        ipaddress.IPv4Address("100.100.100.200"),  # Alibaba Cloud, inside the CGNAT range
        ipaddress.IPv6Address("fd00:ec2::254"),  # AWS over IPv6, inside the ULA range
    }
)
"""Metadata services outside 169.254/16: classed "link-local" with it, so a LAN feed cannot reach them."""


def classify_ip(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> NetClass | None:
    """The class of one address, or None for addresses monitor never fetches.

    None covers the unspecified address, multicast, broadcast, reserved and
    documentation ranges: no article lives there, and some of them (0.0.0.0)
    quietly reach the local host. IPv6 addresses that carry an IPv4 address
    (mapped ::ffff:a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002::/16) are classed by
    the IPv4 address inside, because that is where the packets end up.
    """
    if isinstance(ip, ipaddress.IPv6Address):
        bare = ipaddress.IPv6Address(int(ip))  # without a %zone
        inner = _embedded_v4(bare)
        if inner is not None:
            return classify_ip(inner)
        if bare in _METADATA:
            return "link-local"
        for net6, cls in _V6_TABLE:
            if bare in net6:
                return cls
        return "public" if bare in _GLOBAL_UNICAST else None  # the rest of the space is unassigned
    if ip in _METADATA:
        return "link-local"
    for net4, cls in _V4_TABLE:
        if ip in net4:
            return cls
    return "public"


def _embedded_v4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return ip.sixtofour


def allowed(target: NetClass, feed: NetClass) -> bool:
    """May a link found in a feed of class `feed` reach an address of class `target`?

    Trust is a total order (public < private < link-local < loopback < file): a
    feed reaches its own class and every less trusted one. So link-local (the
    metadata service) is reachable only from a link-local, loopback or file
    feed, and `file:` links only from a `file:` feed.
    """
    return _RANK[target] <= _RANK[feed]


def _what(cls: NetClass | None) -> str:
    return "an address that is never fetched" if cls is None else f"a {cls} address"


# --- hosts as written in URLs ----------------------------------------------------

_NUMERIC_LABEL: Final = re.compile(r"0x[0-9a-f]*|[0-9]+", re.IGNORECASE)
_NUMERIC_HOST: Final = re.compile(r"[0-9a-fx.]+", re.IGNORECASE)


def _looks_numeric(host: str) -> bool:
    """True when a host's last label is a number: browsers (WHATWG) then read the host as IPv4."""
    return bool(_NUMERIC_LABEL.fullmatch(host.removesuffix(".").rpartition(".")[2]))


def _ip_literal(host: str) -> IPAddress | None:
    """The address a host means by itself, before any DNS, or None for a name.

    Besides dotted quads and IPv6 this reads the spellings the C resolver and
    browsers accept (2130706433, 0x7f.1, 017700000001, 127.1): httpx leaves them
    as names, and getaddrinfo would quietly turn them into 127.0.0.1.
    """
    host = host.removeprefix("[").removesuffix("]")
    with contextlib.suppress(ValueError):
        return ipaddress.ip_address(host)
    if _looks_numeric(host) and _NUMERIC_HOST.fullmatch(host):
        with contextlib.suppress(OSError):
            return ipaddress.IPv4Address(socket.inet_aton(host.removesuffix(".")))
    return None


def _is_localhost(host: str) -> bool:
    """RFC 6761: "localhost" and every name under it is the loopback, whatever DNS says."""
    host = host.lower().removesuffix(".")
    return host == "localhost" or host.endswith(".localhost")


def _pin(ip: IPAddress) -> str:
    """The address to connect to: a v4-mapped IPv6 address as the IPv4 address it stands for."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return str(ip.ipv4_mapped)
    return str(ip)


def _parse_answer(text: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


# --- the link pre-check ----------------------------------------------------------


def check_link(url: str, feed: NetClass) -> str | None:
    """Why a link from a feed of class `feed` must not be fetched, or None if it may be tried.

    A cheap first look before any I/O, with a reason for the user. Passing it is
    not enough: a name can resolve anywhere, which only the network layer
    (`guard_client`) sees. Give it the absolute URL that will be requested (a
    relative link resolved against the feed's URL), parsed here the way httpx
    will parse it.
    """
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError):
        return "blocked: not a valid link"
    if parsed.scheme == "file":
        return None if feed == "file" else "blocked: file: links are only followed from file: feeds"
    if parsed.scheme not in ("http", "https"):
        return "blocked: only http(s) links are fetched"
    host = parsed.raw_host.decode("ascii", "replace")
    if not host:
        return "blocked: the link has no host"
    literal = _ip_literal(host)
    if literal is not None:
        cls = classify_ip(literal)
        if cls is None or not allowed(cls, feed):
            spelled = host if ":" in host or host == str(literal) else f"{host} = {literal}"  # 2130706433 = 127.0.0.1
            return f"blocked: link leads to {_what(cls)} ({spelled})"
        return None
    if _looks_numeric(host):
        return f"blocked: the link's host is a malformed numeric address ({host})"
    if _is_localhost(host) and not allowed("loopback", feed):
        return f"blocked: link leads to a loopback address ({host})"
    return None


# --- resolving, and a feed's own class -------------------------------------------


async def system_resolver(host: str, port: int) -> list[str]:
    """The operating system's answers for `host` (getaddrinfo in a thread), in its preferred order."""
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return _unique(str(info[4][0]) for info in infos)


_cache: dict[tuple[Resolver, str, int], tuple[float, list[str]]] = {}


def _now() -> float:
    return time.monotonic()


async def _resolve_cached(resolve: Resolver, host: str, port: int) -> list[str]:
    key = (resolve, host, port)
    now = _now()
    hit = _cache.get(key)
    if hit is not None and hit[0] > now:
        return hit[1]
    answers = await resolve(host, port)
    if len(_cache) >= _CACHE_MAX:
        for stale in [k for k, (expires, _) in _cache.items() if expires <= now]:
            del _cache[stale]
        if len(_cache) >= _CACHE_MAX:
            _cache.clear()
    _cache[key] = (now + CACHE_SECONDS, answers)
    return answers


async def class_of_url(url: str, resolve: Resolver | None = None) -> NetClass:
    """The class of network a feed's URL reaches: how far the feed's links may reach.

    `file:` is "file"; an IP-literal host is its address's class; a name is the
    class of its *least* private answer: the feed may have been read from any of
    its addresses, so a name answering both a public address and 127.0.0.1 is a
    public feed (else whoever runs its DNS could aim its links at this machine),
    while one answering only LAN addresses is private. Whatever cannot be classified
    (a bad URL, a name that does not resolve, only never-fetched answers) is
    "public": the least trust, never more. Answers are cached for
    `CACHE_SECONDS`, since this is asked on every poll.

    Pass the feed URL as configured, not where its redirects ended: a public feed
    that redirects to 127.0.0.1 must not become a loopback feed.
    """
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError):
        return "public"
    if parsed.scheme == "file":
        return "file"
    host = parsed.raw_host.decode("ascii", "replace")
    if not host:
        return "public"
    literal = _ip_literal(host)
    if literal is not None:
        return classify_ip(literal) or "public"
    if _is_localhost(host):
        return "loopback"
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    try:
        answers = await _resolve_cached(resolve or system_resolver, host, port)
    except OSError:
        return "public"
    classes = [cls for cls in (classify_ip(ip) for ip in map(_parse_answer, answers) if ip) if cls]
    return min(classes, key=_RANK.__getitem__, default="public")


# --- the reach context -------------------------------------------------------------

_REACH: Final[contextvars.ContextVar[NetClass | None]] = contextvars.ContextVar("monitor_netguard_reach", default=None)


@contextlib.contextmanager
def _reaching(feed: NetClass) -> Iterator[None]:
    token = _REACH.set(feed)
    try:
        yield
    finally:
        _REACH.reset(token)


def reach(feed: NetClass) -> contextlib.AbstractContextManager[None]:
    """Mark the requests made inside as article fetches for a feed of class `feed`.

    A context variable, so it follows the code that makes the request (including
    tasks started inside, which copy it) and never leaks to concurrent feed
    fetches sharing the client. Enter and leave it in the same task.
    """
    if feed not in _RANK:
        raise ValueError(f"not a network class: {feed!r}")
    return _reaching(feed)


def current_reach() -> NetClass | None:
    """The class set by the innermost `reach`, or None when requests are unchecked (feed fetches)."""
    return _REACH.get()


def file_allowed() -> bool:
    """May a `file:` URL be read here? Yes for feeds themselves and for links from `file:` feeds."""
    feed = _REACH.get()
    return feed is None or feed == "file"


# --- the network layer -------------------------------------------------------------


class Blocked(httpx.ConnectError):
    """A connection the guard refused; the message says why.

    A subclass of `httpx.ConnectError`, raised from inside httpcore: httpx maps
    only httpcore's own exceptions and re-raises anything else unchanged, so it
    reaches the caller as itself (with `.request` set by httpx), and the
    Fetcher's `except httpx.ConnectError` reports "cannot connect: blocked: ...".
    It is not an httpcore.ConnectError, so httpcore never retries it.
    """

    def __init__(self, message: str, *, host: str = "", address: str = "", net_class: NetClass | None = None) -> None:
        super().__init__(message)
        self.host = host
        self.address = address
        self.net_class = net_class


def _proxy_refusal(feed: NetClass) -> str:
    return (
        f"blocked: links from a {feed} feed are not fetched through a proxy "
        "(the proxy, not monitor, decides where it connects)"
    )


class _GuardedStream(httpcore.AsyncNetworkStream):
    """A connection that knows where it leads, and refuses requests that may not go there."""

    def __init__(
        self, inner: httpcore.AsyncNetworkStream, peer: str, net_class: NetClass | None, via_proxy: bool
    ) -> None:
        self._inner = inner
        self.peer = peer
        self.net_class = net_class
        self.via_proxy = via_proxy

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return await self._inner.read(max_bytes, timeout)

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        # The pool may hand an article request a keep-alive connection opened for
        # a feed, without asking the backend: this is the last point before a
        # request's bytes leave, and it runs in the requesting task's context.
        feed = _REACH.get()
        if feed is not None and (self.net_class is None or not allowed(self.net_class, feed)):
            if self.via_proxy:
                raise Blocked(_proxy_refusal(feed), address=self.peer, net_class=self.net_class)
            raise Blocked(
                f"blocked: the open connection to {self.peer} leads to {_what(self.net_class)}",
                address=self.peer,
                net_class=self.net_class,
            )
        await self._inner.write(buffer, timeout)

    async def aclose(self) -> None:
        await self._inner.aclose()

    async def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.AsyncNetworkStream:
        # httpcore passes the origin's host name here, not the pinned address: SNI
        # and certificate checks are against the name in the link.
        tls = await self._inner.start_tls(ssl_context, server_hostname, timeout)
        return _GuardedStream(tls, self.peer, self.net_class, self.via_proxy)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """httpcore's network backend with the reach check in `connect_tcp`.

    Inside `reach`: resolve the host (IP literals and numeric spellings are not
    resolved), refuse with `Blocked` if any answer is out of reach or never
    fetched, else connect to the checked addresses in the resolver's order,
    sharing one connect timeout (one at a time, without Happy Eyeballs: where
    IPv6 is configured but broken, an article waits for its IPv6 attempt to
    fail). Outside `reach` connections are unchecked; with the default resolver
    they go to the wrapped backend unchanged (keeping its Happy Eyeballs), with
    an injected resolver that resolver answers for every connection, so one name
    table serves a whole client.

    `via_proxy`: the pool talks to a proxy, which chooses the final address
    itself. Its connections count as "loopback" (the proxy can reach its own
    machine), so only loopback and file feeds' links go through it.
    """

    def __init__(
        self, inner: httpcore.AsyncNetworkBackend, resolve: Resolver | None = None, *, via_proxy: bool = False
    ) -> None:
        self.inner = inner
        self.resolve: Resolver = resolve or system_resolver
        self._resolve_always = resolve is not None
        self.via_proxy = via_proxy

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        feed = _REACH.get()
        options = None if socket_options is None else list(socket_options)
        if self.via_proxy:
            if feed is not None and not allowed("loopback", feed):
                raise Blocked(_proxy_refusal(feed), host=host)
            stream = await self.inner.connect_tcp(host, port, timeout, local_address, options)
            return _GuardedStream(stream, f"the proxy {host}", "loopback", via_proxy=True)
        if feed is None and not self._resolve_always:
            stream = await self.inner.connect_tcp(host, port, timeout, local_address, options)
            peer, cls = _peer_of(stream, host)
            return _GuardedStream(stream, peer, cls, via_proxy=False)

        deadline = None if timeout is None else time.monotonic() + timeout  # name lookup included, as in anyio
        literal = _ip_literal(host)
        if literal is None and feed is not None and _is_localhost(host) and not allowed("loopback", feed):
            raise Blocked(f"blocked: {host} is a loopback name", host=host, net_class="loopback")
        targets = [literal] if literal is not None else await self._resolve(host, port, timeout)
        classes = [classify_ip(ip) for ip in targets]
        if feed is not None:
            for ip, cls in zip(targets, classes, strict=True):
                if cls is None or not allowed(cls, feed):
                    where = "link leads to" if literal is not None else f"{host} resolves to"
                    raise Blocked(f"blocked: {where} {_what(cls)} ({ip})", host=host, address=str(ip), net_class=cls)
        return await self._connect_pinned(host, port, targets, classes, deadline, local_address, options)

    async def _resolve(self, host: str, port: int, timeout: float | None) -> list[IPAddress]:
        try:
            async with asyncio.timeout(timeout):
                answers = await self.resolve(host, port)
        except TimeoutError as exc:
            raise httpcore.ConnectTimeout(f"timed out resolving {host}") from exc
        except OSError as exc:  # what the stock backend raises for a name that does not resolve
            raise httpcore.ConnectError(str(exc) or f"cannot resolve {host}") from exc
        addresses: list[IPAddress] = []
        for text in _unique(answers):
            ip = _parse_answer(text)
            if ip is None:
                raise httpcore.ConnectError(f"cannot resolve {host}: the resolver answered {text!r}")
            addresses.append(ip)
        if not addresses:
            raise httpcore.ConnectError(f"cannot resolve {host}: no address")
        return addresses

    async def _connect_pinned(
        self,
        host: str,
        port: int,
        targets: list[IPAddress],
        classes: list[NetClass | None],
        deadline: float | None,
        local_address: str | None,
        options: list[httpcore.SOCKET_OPTION] | None,
    ) -> httpcore.AsyncNetworkStream:
        failure: Exception = httpcore.ConnectTimeout(f"timed out connecting to {host}")
        for ip, cls in zip(targets, classes, strict=True):
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                break
            try:
                stream = await self.inner.connect_tcp(_pin(ip), port, left, local_address, options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc
                continue
            return _GuardedStream(stream, str(ip), cls, via_proxy=False)
        raise failure

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        """A Unix socket is this machine: only loopback and file feeds' links may use one."""
        feed = _REACH.get()
        if feed is not None and not allowed("loopback", feed):
            raise Blocked(f"blocked: a Unix socket ({path}) is a loopback address", address=path, net_class="loopback")
        stream = await self.inner.connect_unix_socket(path, timeout, socket_options)
        return _GuardedStream(stream, path, "loopback", via_proxy=False)

    async def sleep(self, seconds: float) -> None:
        await self.inner.sleep(seconds)


def _peer_of(stream: httpcore.AsyncNetworkStream, host: str) -> tuple[str, NetClass | None]:
    """Where an unchecked connection really went: the socket's peer address, else the literal host.

    Unknown stays None, which no `reach` may use (the stream refuses its requests).
    """
    address = stream.get_extra_info("server_addr")
    text = str(address[0]) if isinstance(address, tuple) and address else ""
    ip = _parse_answer(text) if text else _ip_literal(host)
    return (str(ip) if ip is not None else host), (classify_ip(ip) if ip is not None else None)


def _guard_transport(transport: httpx.AsyncHTTPTransport, resolve: Resolver | None) -> None:
    pool = getattr(transport, "_pool", None)
    if not isinstance(pool, httpcore.AsyncConnectionPool) or not hasattr(pool, "_network_backend"):
        raise RuntimeError(
            "netguard: httpx's transport no longer has an httpcore pool with a _network_backend; "
            f"the network guard cannot be installed (httpx {httpx.__version__}, httpcore {httpcore.__version__})"
        )
    if pool.connections:
        raise RuntimeError("netguard: guard a client before its first request (its open connections are unchecked)")
    backend = pool._network_backend
    if isinstance(backend, GuardedBackend):
        backend = backend.inner
    via_proxy = type(pool) is not httpcore.AsyncConnectionPool or getattr(pool, "_proxy", None) is not None
    pool._network_backend = GuardedBackend(backend, resolve, via_proxy=via_proxy)


def guard_client(client: httpx.AsyncClient, resolve: Resolver | None = None) -> None:
    """Install the guard under every network transport of `client`; call it before the first request.

    Covers the default transport and each mounted `httpx.AsyncHTTPTransport`,
    including the proxy transports httpx mounts from HTTP(S)_PROXY / ALL_PROXY
    (their links are refused inside `reach` unless the feed is loopback or file:
    see `GuardedBackend`). Other transports (`FileTransport`, `MockTransport`)
    open no sockets and are left alone. Calling it again replaces the resolver.
    Raises RuntimeError if httpx/httpcore no longer have the private attributes
    it needs, rather than running unguarded.
    """
    if not hasattr(client, "_transport") or not hasattr(client, "_mounts"):
        raise RuntimeError(
            f"netguard: httpx.AsyncClient changed (httpx {httpx.__version__}); cannot find its transports"
        )
    transports: list[httpx.AsyncBaseTransport | None] = [client._transport, *client._mounts.values()]
    for transport in transports:
        if isinstance(transport, httpx.AsyncHTTPTransport):
            _guard_transport(transport, resolve)


def guarded_transport(resolve: Resolver | None = None, **options: Any) -> httpx.AsyncHTTPTransport:
    """A new `httpx.AsyncHTTPTransport(**options)` with the guard installed.

    Note that `httpx.AsyncClient(transport=...)` ignores the client's `limits`,
    so pass them here; `guard_client` on a client built as usual avoids that.
    """
    transport = httpx.AsyncHTTPTransport(**options)
    _guard_transport(transport, resolve)
    return transport
