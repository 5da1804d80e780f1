"""Startup benchmark: process start to first paint, and memory, with a big store.

    python bench/startup.py [--items 100000] [--runs 5] [--db PATH]

Builds (or reuses, with --db) a store of N items from 40 feeds over two years,
with the facts a real store holds (control claims by several sources, statements,
events), then starts `monitor` headless in a fresh process and prints the time
from process start to the first paint of the main screen and the peak resident
memory at that moment, median over the runs, against the targets of 1.0 s and
200 MB.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from monitor.models import ControlClaim, Event, Facts, FeedStatus, Item, Statement
from monitor.store import Store

FEEDS = 40
ACTORS = ["the Taliban", "government forces", "rebel fighters", "the militia", "the army", "the coalition"]
UNITS = [("districts", 407), ("districts", 370), ("towns", None), ("provincial capitals", 34), ("villages", None)]
SPEAKERS = [("Mara Stein", "UN envoy"), ("Omar Haddad", "interior ministry spokesman"), ("Lena Varga", None),
            ("Ravi Anand", "provincial council member"), ("Ines Moreau", "foreign minister")]  # fmt: skip
START = dt.datetime(2023, 1, 1, tzinfo=dt.UTC)

CHILD = """
import json, resource, sys, time
from monitor.config import load
from monitor.store import Store
from monitor.ui.app import MonitorApp

class Timed(MonitorApp):
    def on_mount(self) -> None:
        super().on_mount()
        self.call_after_refresh(self.painted)

    def painted(self) -> None:
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps({"painted_at": time.time(), "rss_mb": rss,
                          "rows": len(self.query_one("#wire").rows)}), flush=True)
        self.exit(0)

config = load(__import__("pathlib").Path(sys.argv[1]))
with Store(config.db_path) as store:
    Timed(config, store, poll_on_start=False, watch_config=False).run(headless=True, size=(160, 45))
"""


def build(path: Path, items: int) -> None:
    rng = random.Random(7)
    store = Store(path)
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
                store.save_poll(FeedStatus(name=name, url=f"file:missing-{feed}.xml"), etag=None,
                                last_modified=None, items=batch, now=when)  # fmt: skip
                batch = []
        store.save_poll(FeedStatus(name=name, url=f"file:missing-{feed}.xml", status="ok"), etag=None,
                        last_modified=None, items=batch, now=START + span)  # fmt: skip
    store.close()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--items", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--db", type=Path, help="reuse (or build once into) this store")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "bench.sqlite3"
        if not db.exists():
            started = time.perf_counter()
            build(db, args.items)
            print(f"built a store of {args.items} items in {time.perf_counter() - started:.0f} s "
                  f"({db.stat().st_size / 1048576:.0f} MB)")  # fmt: skip
        config = Path(tmp) / "config.toml"
        config.write_text(
            f'[storage]\npath = "{db}"\n'
            + "".join(f'[[feeds]]\nname = "feed {n}"\nurl = "file:missing-{n}.xml"\n' for n in range(FEEDS)),
            encoding="utf-8",
        )
        paints, memory = [], []
        for _ in range(args.runs):
            spawned = time.time()
            out = subprocess.run([sys.executable, "-c", CHILD, str(config)], capture_output=True, text=True,
                                 check=True)  # fmt: skip
            result = json.loads(out.stdout.strip().splitlines()[-1])
            paints.append(result["painted_at"] - spawned)
            memory.append(result["rss_mb"])
        paint, rss = statistics.median(paints), statistics.median(memory)
        print(f"{args.items} stored items, {args.runs} runs: first paint median {paint:.2f} s "
              f"(best {min(paints):.2f}, worst {max(paints):.2f}); peak memory median {rss:.0f} MB")  # fmt: skip
        print(f"ratio to target: paint {paint / 1.0:.2f} of 1.0 s, memory {rss / 200:.2f} of 200 MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
