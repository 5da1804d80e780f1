"""Full-text benchmark: reading article pages, per page and in a cold poll.

    python bench/fulltext.py [--feeds 50] [--items 20] [--pages 200] [--aeb PATH]

1. Extraction: milliseconds per page for `pagetext.page_text` (the main text
   out of a news page) and for `cpu.read_page` (main text, then facts), over
   generated news pages of about 25 KB (navigation, cookie banner, scripts,
   captions, related links, sidebar, footer around a 1.5 KB story), on one core.
   With --aeb PATH (a checkout of the public article-extraction-benchmark: 181
   real pages with their expected text, never committed here), also on those
   pages, scored by the checkout's own evaluate.py (precision, recall, F1).
2. A cold `monitor poll --once` of N teaser-only feeds on 127.0.0.1, with
   `fulltext = "never"` and with `"always"` (every item's page read), each in
   a fresh store: wall and CPU time, peak memory, pages/s, and the cost ratio.
   Run it from a regular install (`pip install .`): that is what users run.
"""

from __future__ import annotations

import argparse
import asyncio
import email.utils
import gzip
import json
import multiprocessing
import os
import random
import shutil
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path

from poll import article, extraction_build, measure, show

import monitor
from monitor.cpu import read_page
from monitor.models import Item
from monitor.pagetext import page_text

NAV = "".join(f'<li><a href="/section/{n}">Section {n}</a></li>' for n in range(40))
RELATED = "".join(f'<li><a href="/story/{n}">Another headline about the region, number {n}</a></li>' for n in range(12))
SCRIPT = "<script>window.__STATE__ = " + json.dumps({"ads": list(range(600))}) + ";</script>"
STYLE = "<style>" + "".join(f".c{n}{{margin:{n}px;padding:{n}px}}" for n in range(300)) + "</style>"


def news_page(rng: random.Random, n: int) -> bytes:
    """A news page as sites serve it: a 1.5 KB story inside about 25 KB of boilerplate."""
    story = article(rng, n)
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Story {n}</title>{STYLE}{SCRIPT}
</head><body><header><nav><ul>{NAV}</ul></nav></header>
<div class="consent">We use cookies to give you the best experience. <button>Accept all</button>
<button>Manage choices</button></div>
<main><article><h1>Feed story {n}: fighting continues</h1><p class="byline">By Staff · 23 June 2021</p>
{story}<figure><img src="/i/{n}.jpg"><figcaption>Smoke rises over the town after shelling.</figcaption></figure>
<aside class="related"><h3>Read more</h3><ul>{RELATED}</ul></aside></article></main>
<aside><h3>Most read</h3><ol>{RELATED}</ol></aside><div class="newsletter">Sign up for our morning briefing.</div>
<footer><ul>{NAV}</ul><p>© 2021 Example News. All rights reserved.</p></footer></body></html>""".encode()


def teaser_feed(index: int, items: int, port: int) -> bytes:
    entries = []
    for n in range(items):
        when = email.utils.formatdate(1_624_000_000 - n * 3600 - index, usegmt=True)
        entries.append(
            f"<item><title>Feed {index} story {n}: fighting continues</title>"
            f"<link>http://127.0.0.1:{port}/page/{index}/{n}.html</link>"
            f'<guid isPermaLink="false">full-{index}-{n}</guid><pubDate>{when}</pubDate>'
            "<description>Fighting spread across the north of the country, officials said.</description></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Teasers {index}</title><link>http://127.0.0.1/</link><description>b</description>"
        + "".join(entries)
        + "</channel></rss>"
    ).encode()


def serve(port_out: multiprocessing.connection.Connection, feeds: int, items: int) -> None:
    """Feeds and their pages on 127.0.0.1, keep-alive; runs in its own process until terminated."""

    async def main() -> None:
        cache: dict[str, bytes] = {}

        async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            sock = writer.get_extra_info("socket")
            if sock is not None:
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            try:
                while True:
                    head = await reader.readuntil(b"\r\n\r\n")
                    path = head.split(b" ", 2)[1].decode()
                    parts = path.strip("/").removesuffix(".xml").removesuffix(".html").split("/")
                    try:
                        if parts[0] == "feed":
                            body, kind = (
                                cache.get(path) or teaser_feed(int(parts[1]), items, port),
                                "application/rss+xml",
                            )
                        else:
                            seed = int(parts[1]) * 100_000 + int(parts[2])
                            body, kind = news_page(random.Random(seed), int(parts[2])), "text/html; charset=utf-8"
                        cache[path] = body
                    except (ValueError, IndexError):
                        writer.write(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
                        continue
                    writer.write(
                        f"HTTP/1.1 200 OK\r\nContent-Type: {kind}\r\nContent-Length: {len(body)}\r\n\r\n".encode()
                        + body
                    )
                    await writer.drain()
            except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
                pass
            finally:
                writer.close()

        server = await asyncio.start_server(handle, "127.0.0.1", 0, backlog=1024)
        port = server.sockets[0].getsockname()[1]
        port_out.send(port)
        async with server:
            await server.serve_forever()

    asyncio.run(main())


def per_page(pages: list[bytes], job: object) -> list[float]:
    """Milliseconds per page for `job(page)`, after one warm-up call (imports, caches)."""
    run = job  # type: ignore[assignment]
    run(pages[0])  # type: ignore[operator]
    times = []
    for body in pages:
        start = time.perf_counter()
        run(body)  # type: ignore[operator]
        times.append((time.perf_counter() - start) * 1000)
    return times


def describe(label: str, times: list[float]) -> None:
    median, mean = statistics.median(times), statistics.fmean(times)
    print(f"{label:44} median {median:6.2f} ms/page   mean {mean:6.2f} ms   {1000 / mean:6.0f} pages/s on one core")


def extraction(pages: int) -> None:
    rng = random.Random(7)
    bodies = [news_page(rng, n) for n in range(pages)]
    size = statistics.fmean(len(b) for b in bodies) / 1024
    print(f"extraction: {pages} generated news pages of {size:.0f} KB")
    describe("main text (pagetext.page_text)", per_page(bodies, lambda b: page_text(b, "text/html", "http://x/")))
    published = email.utils.parsedate_to_datetime("Wed, 23 Jun 2021 10:00:00 GMT")
    item = Item(id="x", feed="f", title="Feed story: fighting continues", link="http://x/", published=published,
                summary="A teaser.")  # fmt: skip
    describe(
        "main text and facts (cpu.read_page)", per_page(bodies, lambda b: read_page(b, "text/html", "http://x/", item))
    )


def aeb(path: Path) -> None:
    """Our main text on the article-extraction-benchmark's pages, scored by the benchmark's own evaluate.py."""
    sys.path.insert(0, str(path))
    from evaluate import evaluate  # the checkout's own metric: 4-word shingles, averaged per page

    truth = json.loads((path / "ground-truth.json").read_text(encoding="utf-8"))
    prediction, times, empty = {}, [], 0
    for key, expected in truth.items():
        html = gzip.decompress((path / "html" / f"{key}.html.gz").read_bytes())
        start = time.perf_counter()
        found = page_text(html, "text/html", expected.get("url") or "http://x/")
        times.append((time.perf_counter() - start) * 1000)
        empty += not found.text
        prediction[key] = {"articleBody": found.text}
    metrics = evaluate(truth, prediction, 100)
    print(f"article-extraction-benchmark: {len(truth)} real pages; {empty} refused or empty")
    print(f"{'':44} precision {metrics['precision']:.3f}   recall {metrics['recall']:.3f}   F1 {metrics['f1']:.3f}")
    describe("main text on real pages", times)


def polls(feeds: int, items: int) -> int:
    monitor_cmd = shutil.which("monitor", path=str(Path(sys.executable).parent)) or shutil.which("monitor")
    if monitor_cmd is None:
        print("monitor is not installed in this environment", file=sys.stderr)
        return 2
    parent, child = multiprocessing.Pipe()
    server = multiprocessing.Process(target=serve, args=(child, feeds, items), daemon=True)
    server.start()
    port = parent.recv()
    print(f"\ncold poll: {feeds} teaser-only feeds x {items} items on 127.0.0.1:{port} ({os.cpu_count()} cores)")
    print(f"extraction engine: {extraction_build(monitor_cmd)}")
    runs = {}
    try:
        for mode in ("never", "always"):
            with tempfile.TemporaryDirectory() as tmp:
                config = Path(tmp) / "config.toml"
                config.write_text(
                    f'[storage]\npath = "bench.sqlite3"\n[fetch]\nfulltext = "{mode}"\nfirst_poll_pages = {items}\n'
                    + "".join(
                        f'[[feeds]]\nname = "feed {i}"\nurl = "http://127.0.0.1:{port}/feed/{i}.xml"\n'
                        for i in range(feeds)
                    ),
                    encoding="utf-8",
                )
                run = measure([monitor_cmd, "poll", "--once", "--json", "--config", str(config)])
                if run["rc"] != 0:
                    print(f"monitor poll ({mode}) failed: {run['stderr']}", file=sys.stderr)
                    return 1
                totals = json.loads(str(run["stdout"]))["totals"]
                runs[mode] = run
                show(f'poll --once, fulltext "{mode}"', run, feeds * items)
                pages = totals["pages_read"] + totals["pages_failed"]
                if pages:
                    rate = pages / float(run["wall"])  # type: ignore[arg-type]
                    read, failed = totals["pages_read"], totals["pages_failed"]
                    print(f"{'':34} {read} pages read, {failed} failed: {rate:.0f} pages/s")
    finally:
        server.terminate()
        server.join()
    ratio = float(runs["always"]["wall"]) / float(runs["never"]["wall"])  # type: ignore[arg-type]
    print(f"reading every page costs {ratio:.1f}x the wall time of the feeds alone")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--feeds", type=int, default=50)
    ap.add_argument("--items", type=int, default=20)
    ap.add_argument("--pages", type=int, default=200, help="generated pages timed for extraction")
    ap.add_argument("--aeb", type=Path, help="a checkout of the article-extraction-benchmark")
    args = ap.parse_args()
    print(f"monitor {monitor.__version__} from {Path(monitor.__file__).parent}")
    extraction(args.pages)
    if args.aeb:
        aeb(args.aeb)
    return polls(args.feeds, args.items)


if __name__ == "__main__":
    raise SystemExit(main())
