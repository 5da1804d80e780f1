"""Team benchmark: `monitor serve` pollers sharing PostgreSQL against one process on SQLite.

    python bench/team.py [--feeds 300] [--items 50] [--hosts 6] [--pollers 1 2 3] [--repeat 3]
                         [--db-core] [--first-paint 100000]

Serves N feeds of M items each from loopback hosts (127.0.0.1 … 127.0.0.H, a
real HTTP server per host), then, from a cold store each time:

- `monitor poll --once` on a SQLite file (one process: the single analyst);
- 1, 2 and 3 `monitor serve` processes on one PostgreSQL database, timed
  until the store holds every item;

and prints items stored per second, with the ratio to SQLite: each line the
median of --repeat cold fills, since one fill on a small machine varies by a
fifth from run to run. With --db-core it
runs SQLite and one poller again with PostgreSQL alone on CPU core 0 and
everything else (pollers, their extraction, the feed servers) on the other
cores: a team's database has a machine of its own, and on a small machine the
database otherwise takes its CPU from the pollers. PostgreSQL is a
throwaway cluster this script starts on a free port (tests/pgserver.py) and
removes at the end. With --first-paint N it also builds a PostgreSQL store of
N items (bench/startup.py's generator) and times `monitor` to its first paint
against a bare Textual app, as bench/startup.py does for SQLite.

Run it with the interpreter of a regular install (`pip install .`) for figures
to quote: the processes it times are `python -m monitor` of that interpreter, run
outside the checkout so that they import the installed package. Absolute rates
do not travel between machines; ratios do.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "bench")]

import psycopg  # noqa: E402
from feedserver import Answer, FeedServer  # noqa: E402  (tests/ and bench/ are not packages)
from pgserver import PgCluster  # noqa: E402

from monitor.store import open_store  # noqa: E402


def feed_xml(feed: int, items: int) -> bytes:
    entries = "".join(
        f"<item><title>Feed {feed} story {n}: the talks go on</title><link>https://news.invalid/{feed}/{n}</link>"
        f'<guid isPermaLink="false">f{feed}-{n}</guid><pubDate>Wed, 23 Jun 2021 10:00:00 GMT</pubDate>'
        f"<description>Fighters took {n + 3} of 370 districts around the city, the UN envoy told the Security "
        f"Council on Tuesday, and talks will resume on Friday, June 25.</description></item>"
        for n in range(items)
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Feed {feed}</title>'
        f"<link>https://news.invalid/</link><description>d</description>{entries}</channel></rss>"
    ).encode()


def write_config(folder: Path, storage: str, urls: list[str]) -> Path:
    path = folder / "config.toml"
    tables = "".join(f'[[feeds]]\nname = "feed {n}"\nurl = "{url}"\n' for n, url in enumerate(urls))
    path.write_text(f'[monitor]\ninterval = 3600\n{storage}[fetch]\nfulltext = "never"\n{tables}', encoding="utf-8")
    return path


def count(location: str) -> int:
    with open_store(location) as store:
        return store.count_items()


def run_sqlite(folder: Path, urls: list[str], expected: int) -> float:
    db = folder / "solo.sqlite3"
    for stale in folder.glob("solo.sqlite3*"):  # cold each run
        stale.unlink()
    config = write_config(folder, f'[storage]\npath = "{db}"\n', urls)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "monitor", "poll", "--once", "--json", "--config", str(config)],
                   check=True, capture_output=True, cwd=folder)  # fmt: skip
    elapsed = time.perf_counter() - started
    stored = count(str(db))
    if stored != expected:
        raise SystemExit(f"SQLite stored {stored} items, expected {expected}")
    return elapsed


def run_team(folder: Path, cluster: PgCluster, urls: list[str], pollers: int, expected: int) -> float:
    name = f"team{pollers}_{int(time.time() * 1000) % 100000}"
    url = cluster.create_database(name)
    config = write_config(folder, f'[storage]\nurl = "{url}"\n', urls)
    open_store(url).close()  # the schema, before the clock starts
    command = [sys.executable, "-m", "monitor", "serve", "--config", str(config)]
    watch = psycopg.connect(url, autocommit=True)  # one connection, a cheap count: the pollers get the CPU
    started = time.perf_counter()
    procs = [subprocess.Popen(command, stderr=subprocess.DEVNULL, stdout=subprocess.DEVNULL, cwd=folder)
             for _ in range(pollers)]  # fmt: skip
    try:
        while (stored := watch.execute("SELECT count(*) FROM items").fetchone()[0]) < expected:  # type: ignore[index]
            if time.perf_counter() - started > 900:
                raise SystemExit(f"{pollers} pollers stored only {stored} of {expected} items in 15 minutes")
            time.sleep(0.25)
        elapsed = time.perf_counter() - started
    finally:
        watch.close()
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(timeout=60)
    if stored != expected:
        raise SystemExit(f"{pollers} pollers stored {stored} items, expected {expected}")
    return elapsed


def timed(repeat: int, run: Callable[[], float]) -> list[float]:
    return sorted(run() for _ in range(repeat))


def line(label: str, took: list[float], solo: list[float], expected: int) -> None:
    median = statistics.median(took)
    spread = f"({took[0]:.1f}–{took[-1]:.1f})"
    print(f"{label:32}{median:7.1f} s {spread:12} {expected / median:6.0f} items/s "
          f"{statistics.median(solo) / median:6.2f}×", flush=True)  # fmt: skip


def pin_database(cluster: PgCluster) -> set[int]:
    """Put the cluster's processes (and those it starts later) on core 0, this process and its children on the
    other cores; those other cores."""
    cores = os.sched_getaffinity(0)
    if len(cores) < 2 or 0 not in cores:
        raise SystemExit("--db-core needs core 0 and another core")
    postmaster = int((cluster.datadir / "postmaster.pid").read_text().split()[0])
    for pid in [postmaster, *children(postmaster)]:
        with contextlib.suppress(ProcessLookupError):  # a backend that ended meanwhile
            os.sched_setaffinity(pid, {0})
    others = cores - {0}
    os.sched_setaffinity(0, others)  # the feed servers' threads and every process started from here on
    return others


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and f"PPid:\t{pid}\n" in (entry / "status").read_text():
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def first_paint(folder: Path, cluster: PgCluster, items: int, runs: int) -> None:
    import startup

    url = cluster.create_database(f"paint{items}")
    started = time.perf_counter()
    startup.build(url, items)
    print(f"built a PostgreSQL store of {items:,} items in {time.perf_counter() - started:.0f} s", flush=True)
    bare = startup.Target("bare Textual app", [sys.executable, "-c", startup.BARE], frame="Published")
    monitor = startup.monitor_target(folder, items, storage=f'url = "{url}"')
    timings: dict[str, list[startup.Timing]] = {bare.label: [], monitor.label: []}
    for _ in range(runs):
        for target in (bare, monitor):
            timings[target.label].append(startup.measure(target, folder))
    startup.report([bare, monitor], timings, runs)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--feeds", type=int, default=300)
    ap.add_argument("--items", type=int, default=50)
    ap.add_argument("--hosts", type=int, default=6)
    ap.add_argument("--pollers", type=int, nargs="+", default=[1, 2, 3])
    ap.add_argument("--repeat", type=int, default=3, help="cold fills per line (the median is printed)")
    ap.add_argument("--db-core", action="store_true", help="also time with PostgreSQL alone on core 0")
    ap.add_argument("--first-paint", type=int, default=0, metavar="ITEMS", help="also time first paint on PostgreSQL")
    ap.add_argument("--runs", type=int, default=5, help="first-paint runs")
    args = ap.parse_args()
    expected = args.feeds * args.items
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        folder = Path(tmp)
        servers = [stack.enter_context(FeedServer(host=f"127.0.0.{n + 1}")) for n in range(args.hosts)]
        urls = []
        for feed in range(args.feeds):
            server = servers[feed % args.hosts]
            server.route(f"/feed/{feed}.xml", Answer(body=feed_xml(feed, args.items)))
            urls.append(server.url(f"/feed/{feed}.xml"))
        cluster = stack.enter_context(PgCluster())
        print(f"{args.feeds} feeds × {args.items} items on {args.hosts} loopback hosts, cold store each run, "
              f"median of {args.repeat} (fastest–slowest)")  # fmt: skip
        solo = timed(args.repeat, lambda: run_sqlite(folder, urls, expected))
        line("SQLite, monitor poll --once", solo, solo, expected)
        for pollers in args.pollers:
            took = timed(args.repeat, lambda n=pollers: run_team(folder, cluster, urls, n, expected))
            line(f"PostgreSQL, {pollers} × monitor serve", took, solo, expected)
        if args.first_paint:
            first_paint(folder, cluster, args.first_paint, args.runs)
        if args.db_core:  # last: the pinning holds for the rest of the run
            others = pin_database(cluster)
            print(f"PostgreSQL alone on core 0; the rest on core(s) {', '.join(map(str, sorted(others)))}")
            solo = timed(args.repeat, lambda: run_sqlite(folder, urls, expected))
            line("SQLite, monitor poll --once", solo, solo, expected)
            took = timed(args.repeat, lambda: run_team(folder, cluster, urls, 1, expected))
            line("PostgreSQL, 1 × monitor serve", took, solo, expected)
    return 0


if __name__ == "__main__":
    sys.exit(main())
