"""Fetching feeds politely with httpx, and never being hurt by one.

One shared `httpx.AsyncClient` keeps connections alive across feeds. Requests
in flight are capped in all and per host with semaphores (httpcore's pool
bookkeeping grows with connections × queued requests, so queueing inside the
pool is much slower than waiting here). Every request sends the feed's stored
validators (conditional GET), offers only encodings we can decode with a size
bound, follows a few redirects, and runs under a total deadline that starts
once it is allowed to run.

Whatever happens comes back as a `FetchResult` value: a timeout, a 500, a
redirect loop or a 100 MB body is `status="error"` with a reason a user can act
on, never an exception. `file:` URLs are served by `FileTransport` through the
same client, so local feeds (and the offline demo) take the same path, with
conditional GET from the file's modification time.

Exceptions used inside: `decompress.BodyTooLarge`, `CorruptBody` and
`UnsupportedEncoding`, and httpx's tree (`TimeoutException`, `ConnectError`,
`TooManyRedirects`, `RemoteProtocolError` under `HTTPError`); all stop here.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import email.utils
import mimetypes
import os
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal
from urllib.parse import quote, unquote, urlsplit

import httpx

from . import __version__, netguard
from .decompress import ACCEPT_ENCODING, BodyTooLarge, CorruptBody, UnsupportedEncoding, make_decoder
from .pagetext import is_html

__all__ = [
    "USER_AGENT",
    "FetchLimits",
    "FetchResult",
    "PAGE_ACCEPT",
    "Fetcher",
    "FileTransport",
    "Validators",
    "make_client",
    "normalize_url",
]

USER_AGENT = f"monitor/{__version__} (terminal situation monitor; polite feed reader)"
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.1"
MAX_FLOOR_SECONDS = 86_400.0
"""A server's Retry-After or max-age can stretch a feed's interval by at most a day."""

_FEED_TYPES = {
    ".xml": "application/rss+xml",
    ".rss": "application/rss+xml",
    ".atom": "application/atom+xml",
    ".rdf": "application/rdf+xml",
    ".json": "application/feed+json",
}


@dataclass(frozen=True)
class FetchLimits:
    """How much one fetch may cost; built from the `[fetch]` config table."""

    max_bytes: int = 10 * 1024 * 1024
    total_timeout: float = 45.0
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    max_connections: int = 16
    per_host: int = 4
    max_redirects: int = 5


@dataclass(frozen=True)
class Validators:
    """What a server gave us to ask "has it changed?" next time."""

    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        out = {}
        if self.etag:
            out["If-None-Match"] = self.etag
        if self.last_modified:
            out["If-Modified-Since"] = self.last_modified
        return out


@dataclass(frozen=True)
class FetchResult:
    status: Literal["ok", "not_modified", "error"]
    http_status: int | None = None
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    validators: Validators = Validators()
    error: str | None = None
    retry_after: float | None = None
    """Seconds the server asked us to wait (Retry-After), capped at a day."""
    max_age: float | None = None
    """Cache-Control max-age in seconds, capped at a day: a lower bound on the interval."""
    url: str = ""
    """The URL finally fetched, after redirects."""
    moved_to: str | None = None
    """Set when a permanent redirect (301/308) says the feed has a new address."""
    elapsed: float = 0.0
    unreachable: bool = False
    """The host could not be reached at the network level (DNS, refused, unreachable): maybe we are offline."""


# --- file: URLs -----------------------------------------------------------


def normalize_url(url: str, base_dir: Path) -> str:
    """The URL to request: `file:` paths made absolute as `file://localhost/...`.

    httpx treats `file:///path` as relative and never matches a mounted
    transport, while `file://localhost/path` works; relative paths in the
    config are resolved against the config file's folder.
    """
    parts = urlsplit(url)
    if parts.scheme != "file":
        return url
    raw = unquote(parts.path)
    if parts.netloc not in ("", "localhost"):  # "file://feeds/x.xml" or "file://~/x.xml": a relative path
        raw = parts.netloc + raw
    path = Path(raw).expanduser()
    if not path.is_absolute():
        path = base_dir / path
    return "file://localhost" + quote(str(path.resolve()))


class _FileStream(httpx.AsyncByteStream):
    def __init__(self, path: Path, chunk: int = 65536) -> None:
        self._path, self._chunk = path, chunk

    async def __aiter__(self) -> AsyncIterator[bytes]:
        with self._path.open("rb") as handle:
            while block := handle.read(self._chunk):
                yield block


class FileTransport(httpx.AsyncBaseTransport):
    """Serves `file://localhost/...` like a small web server: 200, 304 or 404.

    ETag and Last-Modified come from the file's size and modification time, so a
    second poll of an unchanged local feed is a 304 like any polite server's.
    """

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        path = Path(unquote(request.url.path))
        if request.method not in ("GET", "HEAD"):
            return httpx.Response(405, request=request)
        if not netguard.file_allowed():  # an article link (or its redirect) from a feed that is not local
            raise netguard.Blocked("blocked: file: links are only followed from file: feeds", host="localhost")
        try:
            info = path.stat()
        except OSError:
            return httpx.Response(404, request=request)
        if not path.is_file():
            return httpx.Response(404, request=request)
        if not os.access(path, os.R_OK):
            return httpx.Response(403, request=request)
        etag = f'"{info.st_mtime_ns:x}-{info.st_size:x}"'
        modified = email.utils.formatdate(info.st_mtime, usegmt=True)
        headers = {"ETag": etag, "Last-Modified": modified}
        if request.headers.get("if-none-match") == etag or (
            "if-none-match" not in request.headers and request.headers.get("if-modified-since") == modified
        ):
            return httpx.Response(304, headers=headers, request=request)
        kind = _FEED_TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0] or "application/xml"
        headers.update({"Content-Type": kind, "Content-Length": str(info.st_size)})
        return httpx.Response(200, headers=headers, stream=_FileStream(path), request=request)


def make_client(
    limits: FetchLimits | None = None,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    mounts: dict[str, httpx.AsyncBaseTransport] | None = None,
) -> httpx.AsyncClient:
    """The one client every poll shares; `transport` replaces the network, `mounts` some hosts of it (tests)."""
    limits = limits or FetchLimits()
    return httpx.AsyncClient(
        transport=transport,
        mounts={"file://": FileTransport(), **(mounts or {})},
        headers={
            "User-Agent": USER_AGENT,
            "Accept-Encoding": ACCEPT_ENCODING,
            "Accept": "application/rss+xml, application/atom+xml, application/feed+json, "
            "application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5",
        },
        timeout=httpx.Timeout(limits.read_timeout, connect=limits.connect_timeout, pool=None),
        limits=httpx.Limits(
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_connections,
            keepalive_expiry=30.0,
        ),
        follow_redirects=True,
        max_redirects=limits.max_redirects,
    )


# --- the fetcher ----------------------------------------------------------


def _seconds(value: str | None, now: dt.datetime) -> float | None:
    """Retry-After: delta-seconds or an HTTP date, as seconds from now (capped)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return min(float(value), MAX_FLOOR_SECONDS)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return min(max((when - now).total_seconds(), 0.0), MAX_FLOOR_SECONDS)


_MAX_AGE = re.compile(r"(?:^|,)\s*(?:s-)?max-age\s*=\s*\"?(\d+)", re.I)


def _max_age(cache_control: str | None) -> float | None:
    if not cache_control or "no-store" in cache_control.lower():
        return None
    found = _MAX_AGE.search(cache_control)
    return min(float(found.group(1)), MAX_FLOOR_SECONDS) if found else None


def _size(n: int) -> str:
    return f"{n / 1048576:.1f} MB" if n >= 1048576 else f"{n / 1024:.0f} KB"


def _http_error(response: httpx.Response, retry_after: float | None, *, page: bool = False) -> str:
    code = response.status_code
    reason = response.reason_phrase or ""
    wait = f"; the server asks to wait {_duration(retry_after)}" if retry_after else ""
    if code == 404 and response.url.scheme == "file":  # FileTransport: no such file (or a folder)
        return f"file not found: {unquote(response.url.path)}"
    if page:  # an article page: the user can do nothing about it, so say only what happened
        if code in (401, 402, 403):
            return f"blocked (HTTP {code} {reason}): the site refuses readers or wants a login"
        if code in (404, 410):
            return f"page not found (HTTP {code})"
    if code == 404:
        return "not found (HTTP 404): check the feed's url"
    if code == 410:
        return "gone (HTTP 410): the publisher removed this feed; remove it from the config"
    if code in (401, 403):
        return f"access denied (HTTP {code} {reason}): the feed needs a login or blocks readers"
    if code == 429:
        return f"rate limited (HTTP 429 Too Many Requests){wait}"
    if code >= 500:
        return f"server error (HTTP {code} {reason}){wait}"
    return f"unexpected answer (HTTP {code} {reason}){wait}"


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return ""
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


class Fetcher:
    """Fetches feeds with one shared client, within the limits, returning values."""

    def __init__(self, client: httpx.AsyncClient, limits: FetchLimits | None = None) -> None:
        self.client = client
        self.limits = limits or FetchLimits()
        self._all = asyncio.Semaphore(self.limits.max_connections)
        self._hosts: dict[str, asyncio.Semaphore] = {}

    def _host_gate(self, url: str) -> asyncio.Semaphore:
        host = (urlsplit(url).hostname or "").lower()
        gate = self._hosts.get(host)
        if gate is None:
            # local files are cheap: they share the global cap only
            gate = self._hosts[host] = asyncio.Semaphore(
                self.limits.max_connections if url.startswith("file:") else self.limits.per_host
            )
        return gate

    async def fetch(self, url: str, validators: Validators = Validators(), *, page: bool = False) -> FetchResult:
        """One conditional GET of `url`; every failure is a `FetchResult` with a reason.

        `page`: an article page behind an item's link, not a feed: asked for as
        HTML, and its errors worded for a page. Same caps, same deadline.
        """
        async with self._host_gate(url), self._all:
            loop = asyncio.get_running_loop()
            started = loop.time()
            try:
                async with asyncio.timeout(self.limits.total_timeout):
                    result = await self._get(url, validators, page=page)
            except TimeoutError:
                result = FetchResult(
                    "error", error=f"timed out: no complete answer within {self.limits.total_timeout:g} s"
                )
            except httpx.ConnectTimeout:
                result = FetchResult(
                    "error", error=f"timed out connecting ({self.limits.connect_timeout:g} s)", unreachable=True
                )
            except httpx.TimeoutException:
                result = FetchResult(
                    "error", error=f"timed out: the server stopped sending for {self.limits.read_timeout:g} s"
                )
            except httpx.TooManyRedirects:
                result = FetchResult(
                    "error", error=f"redirect loop: more than {self.limits.max_redirects} redirects; check the url"
                )
            except netguard.Blocked as exc:  # a link the network guard refused: its message is the reason
                result = FetchResult("error", error=_reason(exc))
            except httpx.ConnectError as exc:
                result = FetchResult("error", error=f"cannot connect: {_reason(exc)}", unreachable=True)
            except httpx.RemoteProtocolError as exc:
                result = FetchResult("error", error=f"the server broke the HTTP protocol: {_reason(exc)}")
            except httpx.UnsupportedProtocol as exc:
                result = FetchResult("error", error=f"unsupported url: {_reason(exc)}")
            except httpx.HTTPError as exc:
                result = FetchResult("error", error=f"{type(exc).__name__}: {_reason(exc)}")
            except OSError as exc:
                result = FetchResult("error", error=f"cannot read: {exc.strerror or exc}")
            elapsed = loop.time() - started
        return replace(result, url=result.url or url, elapsed=elapsed)

    async def _get(self, url: str, validators: Validators, *, page: bool = False) -> FetchResult:
        now = dt.datetime.now(dt.UTC)
        headers = validators.headers() | ({"Accept": PAGE_ACCEPT} if page else {})
        what = "page" if page else "feed"
        async with self.client.stream("GET", url, headers=headers) as response:
            headers = {k.lower(): v for k, v in response.headers.items()}
            final = str(response.url)
            moved = final if any(r.status_code in (301, 308) for r in response.history) else None
            new_validators = Validators(etag=headers.get("etag"), last_modified=headers.get("last-modified"))
            retry_after = _seconds(headers.get("retry-after"), now)
            base = FetchResult(
                "error",
                http_status=response.status_code,
                headers=headers,
                url=final,
                moved_to=moved,
                max_age=_max_age(headers.get("cache-control")),
                retry_after=retry_after,
            )
            if response.status_code == 304:
                return replace(base, status="not_modified", validators=new_validators)
            if not 200 <= response.status_code < 300:
                return replace(base, error=_http_error(response, retry_after, page=page))
            declared = headers.get("content-length", "")
            if declared.isdigit() and int(declared) > self.limits.max_bytes:
                return replace(
                    base,
                    error=f"{what} too large: {_size(int(declared))} (limit "
                    f"{_size(self.limits.max_bytes)}); raise [fetch] max_bytes to read it",
                )
            if page and not is_html(headers.get("content-type")):  # a PDF or a video: not worth its bytes
                kind = headers.get("content-type", "").split(";")[0].strip()
                return replace(base, error=f"not an HTML page ({kind})")
            try:
                body = await self._read(response)
            except BodyTooLarge:
                return replace(
                    base,
                    error=f"{what} too large: more than {_size(self.limits.max_bytes)} once "
                    "decompressed; cut off (raise [fetch] max_bytes to read it)",
                )
            except CorruptBody as exc:
                return replace(base, error=f"corrupt {headers.get('content-encoding')} body: {exc}")
            except UnsupportedEncoding as exc:
                return replace(base, error=f"unsupported content encoding {exc}")
            return replace(base, status="ok", body=body, validators=new_validators)

    async def _read(self, response: httpx.Response) -> bytes:
        if response.is_stream_consumed:  # built in memory (MockTransport): httpx has decoded it already
            return make_decoder(None, self.limits.max_bytes).feed(response.content)
        decoder = make_decoder(response.headers.get("content-encoding"), self.limits.max_bytes)
        parts: list[bytes] = []
        async for raw in response.aiter_raw():
            parts.append(decoder.feed(raw))
        parts.append(decoder.flush())
        return b"".join(parts)


def _reason(exc: BaseException) -> str:
    text = str(exc).strip()
    return text or type(exc).__name__
