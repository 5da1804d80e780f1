"""Polling benchmark: `monitor poll --once` against N loopback feeds, cold then all-304.

    python bench/poll.py [--feeds 1000] [--items 50] [--vs-newsboat]

Starts a feed server on 127.0.0.1 (its own process, asyncio, HTTP/1.1 keep-alive,
ETag and Last-Modified, 304 on a matching conditional GET), writes a config
naming N feeds of M items each (news-like HTML descriptions of about 1.5 KB,
some carrying territorial claims, quotes and dates, so extraction does real
work), then runs `monitor poll --once` twice in a fresh store: cold (every feed
fetched, parsed, extracted, stored) and warm (every answer a 304). It prints
wall time, CPU time (of every process it started: workers too), peak memory (of
its largest process) and items/s for each, and which build of the extraction
engine it ran (compiled by `pip install .`, or the sources of an editable install).

With --vs-newsboat (and newsboat installed), it runs `newsboat -x reload` with
`reload-threads 8` on the same feeds in the same run and prints the ratios.
newsboat only sends validators from a feed's second reload on, so its all-304
figure is its third reload (the second is printed too).
"""

from __future__ import annotations

import argparse
import asyncio
import email.utils
import json
import multiprocessing
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

LAST_MODIFIED = email.utils.formatdate(1_624_000_000, usegmt=True)

ACTORS = ["the Taliban", "government forces", "rebel fighters", "the militia", "the army"]
UNITS = ["districts", "villages", "towns", "district centres", "settlements"]
PEOPLE = [
    ("Mara Stein", "the UN envoy"),
    ("Omar Haddad", "a spokesman for the interior ministry"),
    ("Lena Varga", "the foreign minister"),
    ("Ravi Anand", "a provincial council member"),
]
MONTHS = ["July", "August", "September"]


def article(rng: random.Random, n: int) -> str:
    """About 1.5 KB of HTML news prose with the shapes the extractors look for."""
    actor, unit = rng.choice(ACTORS), rng.choice(UNITS)
    name, role = rng.choice(PEOPLE)
    held, total = rng.randint(10, 200), rng.choice([370, 407, 419])
    parts = [
        f"{actor.capitalize()} now control {held} of {total} {unit}, {role}, {name}, said on Tuesday, "
        f"after a week of heavy fighting in the north of the country.",
        f'"We are watching the situation very closely and we call on all sides to respect civilians," '
        f"{name} told reporters in the capital.",
        f"About {rng.randint(2, 9)},{rng.randint(100, 999)} people have been displaced since the spring, "
        f"according to aid agencies, and {rng.randint(10, 90)} soldiers were killed in the clashes.",
        f"Ministers will meet in Geneva on {rng.choice(MONTHS)} {rng.randint(1, 28)} to discuss the crisis, "
        f"and a further round of talks is expected later in the year.",
        "Residents described long queues at the border crossing and rising prices in the markets, while "
        "officials said the main road remained open to traffic during daylight hours. " * 2,
        f"Story number {n} in this benchmark feed.",
    ]
    rng.shuffle(parts)
    return "".join(f"<p>{p}</p>" for p in parts)


def feed_xml(index: int, items: int) -> bytes:
    rng = random.Random(index)
    entries = []
    for n in range(items):
        when = email.utils.formatdate(1_624_000_000 - n * 3600 - index, usegmt=True)
        entries.append(
            f"<item><title>Feed {index} story {n}: fighting continues</title>"
            f'<link>https://bench.invalid/{index}/{n}</link><guid isPermaLink="false">bench-{index}-{n}</guid>'
            f"<pubDate>{when}</pubDate><description><![CDATA[{article(rng, n)}]]></description></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Bench feed {index}</title><link>https://bench.invalid/{index}</link>"
        f"<description>benchmark</description>{''.join(entries)}</channel></rss>"
    ).encode()


def serve(port_out: multiprocessing.connection.Connection, feeds: int, items: int) -> None:
    """The loopback feed server; runs in its own process until terminated."""
    bodies = [feed_xml(i, items) for i in range(feeds)]

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        sock = writer.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                path = lines[0].split(" ")[1]
                headers = {k.strip().lower(): v.strip() for k, _, v in (ln.partition(":") for ln in lines[1:] if ln)}
                try:
                    index = int(path.strip("/").split("/")[-1].removesuffix(".xml"))
                    body = bodies[index]
                except (ValueError, IndexError):
                    writer.write(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
                    continue
                etag = f'"bench-{index}"'
                fresh = headers.get("if-none-match") == etag or headers.get("if-modified-since") == LAST_MODIFIED
                common = f"ETag: {etag}\r\nLast-Modified: {LAST_MODIFIED}\r\n"
                if fresh:
                    writer.write(f"HTTP/1.1 304 Not Modified\r\n{common}Content-Length: 0\r\n\r\n".encode())
                else:
                    writer.write(
                        f"HTTP/1.1 200 OK\r\n{common}Content-Type: application/rss+xml; charset=utf-8\r\n"
                        f"Content-Length: {len(body)}\r\n\r\n".encode()
                        + body
                    )
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
            pass
        finally:
            writer.close()

    async def main() -> None:
        server = await asyncio.start_server(handle, "127.0.0.1", 0, backlog=1024)
        port_out.send(server.sockets[0].getsockname()[1])
        async with server:
            await server.serve_forever()

    asyncio.run(main())


MEASURE = (
    "import ctypes, json, os, resource, subprocess, sys, time\n"
    "try:  # adopt orphaned descendants (fork server, workers), so their CPU time is counted too\n"
    "    ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER\n"
    "except (OSError, AttributeError):\n"
    "    pass\n"
    "start = time.perf_counter()\n"
    "out = subprocess.run(sys.argv[1:], capture_output=True, text=True, env=None)\n"
    "wall = time.perf_counter() - start\n"
    "while True:\n"
    "    try:\n"
    "        os.waitpid(-1, 0)\n"
    "    except ChildProcessError:\n"
    "        break\n"
    "r = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(json.dumps({'wall': wall, 'cpu': r.ru_utime + r.ru_stime, 'rss_mb': r.ru_maxrss / 1024,"
    " 'rc': out.returncode, 'stdout': out.stdout, 'stderr': out.stderr[-2000:]}))\n"
)


def measure(cmd: list[str], env: dict[str, str] | None = None) -> dict[str, object]:
    """Run one command in a wrapper process so its CPU time (with every process it starts) and peak RSS
    (of its largest process) are its own."""
    out = subprocess.run([sys.executable, "-c", MEASURE, *cmd], capture_output=True, text=True, env=env, check=True)
    result: dict[str, object] = json.loads(out.stdout)
    return result


def extraction_build(monitor: str) -> str:
    """Which build of the extractors the `monitor` command runs (see setup.py): it moves the cold figure."""
    python = Path(monitor).with_name("python")
    probe = "from monitor.extract import compiled; print(compiled())"
    out = subprocess.run([str(python), "-I", "-c", probe], capture_output=True, text=True)
    if out.returncode != 0:
        return "unknown"
    if out.stdout.strip() == "True":
        return "compiled (mypyc)"
    return "Python (an editable install; `pip install .` compiles it)"


def show(label: str, run: dict[str, object], items: int | None) -> None:
    wall = float(run["wall"])  # type: ignore[arg-type]
    rate = f"{items / wall:10.0f} items/s" if items else ""
    print(
        f"{label:34} wall {wall:7.2f} s   cpu {float(run['cpu']):7.2f} s   "  # type: ignore[arg-type]
        f"peak {float(run['rss_mb']):6.0f} MB   {rate}"
    )  # type: ignore[arg-type]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--feeds", type=int, default=1000)
    ap.add_argument("--items", type=int, default=50)
    ap.add_argument("--vs-newsboat", action="store_true", help="also run newsboat -x reload on the same feeds")
    args = ap.parse_args()

    monitor = shutil.which("monitor", path=str(Path(sys.executable).parent)) or shutil.which("monitor")
    if monitor is None:
        print("monitor is not installed in this environment", file=sys.stderr)
        return 2
    parent, child = multiprocessing.Pipe()
    server = multiprocessing.Process(target=serve, args=(child, args.feeds, args.items), daemon=True)
    server.start()
    port = parent.recv()
    urls = [f"http://127.0.0.1:{port}/feed/{i}.xml" for i in range(args.feeds)]
    total_items = args.feeds * args.items
    print(f"{args.feeds} feeds x {args.items} items on 127.0.0.1:{port} ({os.cpu_count()} cores)")
    print(f"extraction engine: {extraction_build(monitor)}")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            config = work / "config.toml"
            config.write_text(
                '[storage]\npath = "bench.sqlite3"\n'
                + "".join(f'[[feeds]]\nname = "feed {i}"\nurl = "{u}"\n' for i, u in enumerate(urls)),
                encoding="utf-8",
            )
            cmd = [monitor, "poll", "--once", "--json", "--config", str(config)]
            cold = measure(cmd)
            warm = measure(cmd)
            for label, run in (("cold", cold), ("warm", warm)):
                if run["rc"] != 0:
                    print(f"monitor poll ({label}) failed: {run['stderr']}", file=sys.stderr)
                    return 1
            cold_totals = json.loads(str(cold["stdout"]))["totals"]
            warm_totals = json.loads(str(warm["stdout"]))["totals"]
            show("monitor poll --once (cold)", cold, total_items)
            print(f"{'':34} {cold_totals}")
            show("monitor poll --once (all 304)", warm, None)
            print(f"{'':34} {warm_totals}")

            if args.vs_newsboat:
                newsboat = shutil.which("newsboat")
                if newsboat is None:
                    print("newsboat is not installed (Debian package newsboat): skipping the comparison")
                    return 0
                home = work / "home"
                home.mkdir()
                (work / "urls").write_text("\n".join(urls) + "\n", encoding="utf-8")
                (work / "newsboat.conf").write_text("reload-threads 8\n", encoding="utf-8")
                nb = [
                    newsboat,
                    "-x",
                    "reload",
                    "-u",
                    str(work / "urls"),
                    "-c",
                    str(work / "cache.db"),
                    "-C",
                    str(work / "newsboat.conf"),
                ]
                env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home), "XDG_DATA_HOME": str(home)}
                nb_cold = measure(nb, env)
                nb_second = measure(nb, env)
                nb_warm = measure(nb, env)
                show("newsboat -x reload (cold)", nb_cold, total_items)
                show("newsboat -x reload (second)", nb_second, None)
                show("newsboat -x reload (all 304)", nb_warm, None)
                cold_ratio = float(nb_cold["wall"]) / float(cold["wall"])  # type: ignore[arg-type]
                warm_ratio = float(nb_warm["wall"]) / float(warm["wall"])  # type: ignore[arg-type]
                print(f"ratio newsboat/monitor, cold:    {cold_ratio:6.1f}x  (monitor is faster above 1)")
                print(f"ratio newsboat/monitor, all 304: {warm_ratio:6.1f}x")
    finally:
        server.terminate()
        server.join()
    return 0


if __name__ == "__main__":
    sys.exit(main())
