"""A real HTTP server on 127.0.0.1 for tests: each path answers as a test tells it to.

Tests never touch the internet; the faults a feed can have (timeouts, 500s, bombs,
huge bodies, redirect loops) are played by this server over a real socket, so
the whole client stack — httpx, the size caps, the decoders — is exercised.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Answer:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    chunks: Callable[[], Iterator[bytes]] | None = None
    """Stream these instead of `body`, chunked, with no Content-Length."""
    delay: float = 0.0
    """Seconds to wait before answering (a slow server)."""


Route = Callable[[dict[str, str]], Answer]


class FeedServer:
    """`with FeedServer() as server: server.route("/a", answer)`; `server.url("/a")`.

    `host` may be any loopback address (127.0.0.2 …): several servers are then
    several hosts, as far as per-host limits go. `peak` is the most requests
    it ever answered at once.
    """

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.in_flight = self.peak = 0
        self._count = threading.Lock()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
                with owner._count:
                    owner.in_flight += 1
                    owner.peak = max(owner.peak, owner.in_flight)
                try:
                    self._answer()
                finally:
                    with owner._count:
                        owner.in_flight -= 1

            def _answer(self) -> None:
                headers = {k.lower(): v for k, v in self.headers.items()}
                owner.requests.append((self.path, headers))
                route = owner.routes.get(self.path.split("?")[0])
                answer = route(headers) if route else Answer(404, b"no such feed")
                if answer.delay:
                    time.sleep(answer.delay)
                try:
                    self.send_response(answer.status)
                    for key, value in answer.headers.items():
                        self.send_header(key, value)
                    if answer.chunks is not None:
                        self.send_header("Transfer-Encoding", "chunked")
                        self.end_headers()
                        for chunk in answer.chunks():
                            self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                        self.wfile.write(b"0\r\n\r\n")
                    else:
                        if "Content-Length" not in answer.headers:  # a test may declare a lie
                            self.send_header("Content-Length", str(len(answer.body)))
                        self.end_headers()
                        self.wfile.write(answer.body)
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True  # the client gave up, as it should on a huge body

        class Server(ThreadingHTTPServer):
            daemon_threads = True
            request_queue_size = 256

        self._server = Server((host, 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def route(self, path: str, answer: Answer | Route) -> None:
        self.routes[path] = answer if callable(answer) else (lambda headers, a=answer: a)  # type: ignore[misc]

    def url(self, path: str) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}{path}"

    def __enter__(self) -> FeedServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()


@contextmanager
def serving() -> Iterator[FeedServer]:
    with FeedServer() as server:
        yield server


def rss(*entries: tuple[str, str], title: str = "Test feed") -> bytes:
    """An RSS 2.0 document with (guid, title) entries carrying a small article each."""
    items = "".join(
        f'<item><title>{t}</title><link>https://news.invalid/{g}</link><guid isPermaLink="false">{g}</guid>'
        "<pubDate>Wed, 23 Jun 2021 10:00:00 GMT</pubDate><description><![CDATA[<p>The Taliban now hold more "
        "than 50 of 370 districts, the UN envoy said on Tuesday.</p>]]></description></item>"
        for g, t in entries
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>'
        f"<link>https://news.invalid/</link><description>d</description>{items}</channel></rss>"
    ).encode()
