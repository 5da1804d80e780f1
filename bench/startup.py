"""Startup benchmark: process start to first paint, against a bare Textual app, with a big store.

    python bench/startup.py [--sizes 1000 100000] [--runs 7] [--dir DIR]

Builds (or reuses, in --dir) stores of N items from 40 feeds over two years, with
the facts a real store holds (control claims by several sources, statements,
events). Then, in the same run and taking turns so that a busy machine slows
them all alike, it starts in a pseudo-terminal of 160×45 cells, as a person would:

- a bare Textual app: a DataTable and a Footer, nothing else (the floor);
- `python -m monitor --config ...` on each store, polling on start as it does
  (its 40 feeds are local files with no items, so a poll changes nothing stored).

It reads what each process writes to the terminal and times, from the moment
the process is started:

- first frame: the screen's layout is on the terminal (the DataTable's header;
  monitor's five panes, the last of them "5 Feeds");
- footer: the footer shows its keys ("^p palette"): the screen is complete
  and the app is answering keys;
- panes filled (monitor only): the Wire shows stored items;

and the peak resident memory at the first frame. Medians over the runs, with the
ratio of each median to the bare app's. Absolute times do not travel between
machines; the ratios do.

Run it with the interpreter of a regular install (`pip install .`, which
compiles the extraction engine) for figures to quote: the command it times is
`python -m monitor` of the interpreter that runs it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import fcntl
import os
import random
import re
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from dataclasses import dataclass
from pathlib import Path

from monitor.models import ControlClaim, Event, Facts, FeedStatus, Item, Statement
from monitor.store import open_store

FEEDS = 40
ACTORS = ["the Taliban", "government forces", "rebel fighters", "the militia", "the army", "the coalition"]
UNITS = [("districts", 407), ("districts", 370), ("towns", None), ("provincial capitals", 34), ("villages", None)]
SPEAKERS = [("Mara Stein", "UN envoy"), ("Omar Haddad", "interior ministry spokesman"), ("Lena Varga", None),
            ("Ravi Anand", "provincial council member"), ("Ines Moreau", "foreign minister")]  # fmt: skip
START = dt.datetime(2023, 1, 1, tzinfo=dt.UTC)
COLUMNS, LINES = 160, 45
TIMEOUT = 60.0

BARE = """
from textual.app import App
from textual.widgets import DataTable, Footer

class Bare(App):
    BINDINGS = [("q", "quit", "Quit")]

    def compose(self):
        yield DataTable()
        yield Footer()

    def on_mount(self):
        self.query_one(DataTable).add_columns("Published", "Feed", "Title")

Bare().run()
"""

EMPTY_FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>feed {n}</title><link>https://bench.invalid/{n}/</link>
<description>A bench feed with nothing new.</description></channel></rss>
"""

ANSI = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[PX^_][^\x1b]*\x1b\\|[@-Z\\-_])")


@dataclass(frozen=True)
class Target:
    label: str
    command: list[str]
    frame: str
    """Text of the first frame's layout, drawn last (frames are written top to bottom)."""
    rows: str | None = None
    """Text that only a filled pane shows."""


@dataclass(frozen=True)
class Timing:
    frame: float
    footer: float
    rows: float | None
    rss_mb: float


def measure(target: Target, cwd: Path) -> Timing:
    """Start `target` in a pseudo-terminal; the times from start to what it shows, then kill it."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
    env = dict(os.environ, TERM="xterm-256color", COLORTERM="truecolor", COLUMNS=str(COLUMNS), LINES=str(LINES))
    started = time.perf_counter()
    child = subprocess.Popen(target.command, stdin=slave, stdout=slave, stderr=slave, cwd=cwd, env=env,
                             start_new_session=True)  # fmt: skip
    os.close(slave)
    raw, seen = "", {}
    wanted = {"frame": target.frame, "footer": "palette", **({"rows": target.rows} if target.rows else {})}
    rss = 0.0
    try:
        while len(seen) < len(wanted) and time.perf_counter() - started < TIMEOUT:
            ready, _, _ = select.select([master], [], [], 0.5)
            if not ready:
                if child.poll() is not None:
                    break
                continue
            try:
                chunk = os.read(master, 1 << 16)
            except OSError:  # the child closed the terminal
                break
            now = time.perf_counter() - started
            raw += chunk.decode("utf-8", "replace")
            text = ANSI.sub("", raw)
            for mark, needle in wanted.items():
                if mark not in seen and needle in text:
                    seen[mark] = now
                    if mark == "frame":
                        rss = _peak_rss_mb(child.pid)
    finally:
        try:
            os.killpg(child.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        child.wait()
        os.close(master)
    if "frame" not in seen or "footer" not in seen:
        tail = ANSI.sub("", raw)[-2000:]
        raise SystemExit(f"{target.label}: no first frame within {TIMEOUT:.0f} s; the terminal showed:\n{tail}")
    return Timing(seen["frame"], seen["footer"], seen.get("rows"), rss)


def _peak_rss_mb(pid: int) -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    found = re.search(r"VmHWM:\s+(\d+) kB", status)
    return int(found.group(1)) / 1024 if found else 0.0


def build(location: Path | str, items: int) -> None:
    """A store (a SQLite path or a PostgreSQL URL) of `items` items from 40 feeds over two years."""
    rng = random.Random(7)
    store = open_store(location)
    span = dt.timedelta(days=730)
    per_feed = items // FEEDS
    for feed in range(FEEDS):
        name = f"feed {feed}"
        batch = []
        for n in range(per_feed):
            when = START + span * rng.random()
            text = f"Story {feed}-{n}. " + "Fighting continued in the north as talks stalled. " * 20
            item = Item(id=f"{feed}-{n}", feed=name, title=f"Feed {feed} story {n}: fighting continues near the "
                        f"front", link=f"https://bench.invalid/{feed}/{n}", published=when, content=text)  # fmt: skip
            counts, statements, events = [], [], []
            if rng.random() < 0.3:
                unit, total = rng.choice(UNITS)
                counts.append(ControlClaim(actor=rng.choice(ACTORS), count=rng.randint(5, 300), qualifier="exact",
                                           total=total, unit=unit, verb="control", evidence="Story", start=0,
                                           end=5))  # fmt: skip
            if rng.random() < 0.5:
                speaker, role = rng.choice(SPEAKERS)
                statements.append(
                    Statement(
                        speaker=speaker,
                        role=role,
                        kind="indirect",
                        evidence="Fighting",
                        start=0,
                        end=8,
                        quote="the situation remained very tense in the north",
                    )
                )
            if rng.random() < 0.1:
                events.append(Event(date=(when + dt.timedelta(days=rng.randint(1, 30))).date(), title="Talks resume",
                                    participants=["Mara Stein"], evidence="Story", start=0, end=5))  # fmt: skip
            batch.append((item, Facts(counts=counts, statements=statements, events=events)))
            if len(batch) == 500:
                store.save_poll(FeedStatus(name=name, url=f"file:feeds/feed-{feed}.xml"), etag=None,
                                last_modified=None, items=batch, now=when)  # fmt: skip
                batch = []
        store.save_poll(FeedStatus(name=name, url=f"file:feeds/feed-{feed}.xml", status="ok"), etag=None,
                        last_modified=None, items=batch, now=START + span)  # fmt: skip
    store.close()


def monitor_target(folder: Path, items: int, storage: str | None = None) -> Target:
    """`python -m monitor` on a store of `items` items: a SQLite file built once into `folder`, or the
    `[storage]` lines given (a PostgreSQL url the caller has filled)."""
    db = folder / f"bench-{items}.sqlite3"
    if storage is None and not db.exists():
        started = time.perf_counter()
        build(db, items)
        print(f"built a store of {items} items in {time.perf_counter() - started:.0f} s "
              f"({db.stat().st_size / 1048576:.0f} MB)", flush=True)  # fmt: skip
    feeds = folder / "feeds"
    feeds.mkdir(exist_ok=True)
    for n in range(FEEDS):
        (feeds / f"feed-{n}.xml").write_text(EMPTY_FEED.format(n=n), encoding="utf-8")
    config = folder / f"config-{items}.toml"
    lines = storage or f'path = "{db}"'
    config.write_text(
        f"[storage]\n{lines}\n"
        + "".join(f'[[feeds]]\nname = "feed {n}"\nurl = "file:feeds/feed-{n}.xml"\n' for n in range(FEEDS)),
        encoding="utf-8",
    )
    command = [sys.executable, "-m", "monitor", "--config", str(config)]
    store = "PostgreSQL" if storage else "SQLite"
    return Target(f"monitor, {items:,} items, {store}", command, frame="5 Feeds", rows="fighting continues")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 100_000], metavar="ITEMS")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--dir", type=Path, help="build the stores into this folder once, and reuse them")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.dir or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        bare = Target("bare Textual app", [sys.executable, "-c", BARE], frame="Published")
        targets = [bare, *(monitor_target(folder, items) for items in args.sizes)]
        timings: dict[str, list[Timing]] = {t.label: [] for t in targets}
        for _ in range(args.runs):  # in turns: a machine busy for a while slows every target alike
            for target in targets:
                timings[target.label].append(measure(target, folder))
        report(targets, timings, args.runs)
    return 0


def report(targets: list[Target], timings: dict[str, list[Timing]], runs: int) -> None:
    def median(values: list[float]) -> float:
        return statistics.median(values)

    floor = timings[targets[0].label]
    floor_frame, floor_footer = median([t.frame for t in floor]), median([t.footer for t in floor])
    print(f"process start to first paint in a {COLUMNS}×{LINES} pseudo-terminal, median of {runs} runs "
          f"(fastest–slowest), ratio to the bare app's median")  # fmt: skip
    wide = max(len(target.label) for target in targets) + 2
    print(f"{'':{wide}}{'first frame':>26}{'footer ready':>26}{'panes filled':>16}{'peak RSS':>10}")
    for target in targets:
        runs_of = timings[target.label]
        frame, footer = [t.frame for t in runs_of], [t.footer for t in runs_of]
        rows = [t.rows for t in runs_of if t.rows is not None]
        cells = [
            f"{median(frame):.2f} s ({min(frame):.2f}–{max(frame):.2f}) {median(frame) / floor_frame:.2f}×",
            f"{median(footer):.2f} s ({min(footer):.2f}–{max(footer):.2f}) {median(footer) / floor_footer:.2f}×",
            f"{median(rows):.2f} s" if rows else "—",
            f"{median([t.rss_mb for t in runs_of]):.0f} MB",
        ]
        print(f"{target.label:{wide}}{cells[0]:>26}{cells[1]:>26}{cells[2]:>16}{cells[3]:>10}")


if __name__ == "__main__":
    sys.exit(main())
