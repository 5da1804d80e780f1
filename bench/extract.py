"""Time extract() in-process over the dev set and the test corpus.

Usage: .venv/bin/python bench/extract.py [--rounds N] [--poll N]

Prints the median and p95 time per article normalized to 2 KB of text, and
articles per second. With --poll N it also times N articles of the polling
benchmark (bench/poll.py's generator, as text) and prints the median time per
article: the workload `monitor poll` extracts from.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import statistics
import sys
import time
from pathlib import Path

from monitor.extract import compiled, extract

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [
    ROOT.parent / "shared" / "eval" / "dev",
    Path("/work/shared/eval/dev"),
    ROOT / "tests" / "extract" / "corpus",
]


def articles() -> list[tuple[str, dt.date]]:
    found: list[tuple[str, dt.date]] = []
    seen: set[Path] = set()
    for folder in SOURCES:
        if not folder.is_dir() or folder.resolve() in seen:
            continue
        seen.add(folder.resolve())
        for path in sorted(folder.glob("*.txt")):
            head, _, body = path.read_text(encoding="utf-8").partition("\n----\n")
            m = re.search(r"^PUBLISHED:\s*(\S+)", head, re.M)
            if m and body:
                found.append((body, dt.date.fromisoformat(m.group(1))))
    return found


def poll_articles(n: int) -> list[str]:
    """The bodies `monitor poll` reads from the benchmark feeds: bench/poll.py's articles as plain text."""
    sys.path.insert(0, str(ROOT / "bench"))
    from poll import article  # (bench/ is not a package)

    from monitor.text import html_to_text

    return [html_to_text(article(random.Random(i), i)) for i in range(n)]


def time_poll(n: int, rounds: int) -> None:
    bodies = poll_articles(n)
    published = dt.date(2021, 6, 18)
    for body in bodies:
        extract(body, published)
    took: list[float] = []
    for _ in range(rounds):
        for body in bodies:
            t0 = time.perf_counter()
            extract(body, published)
            took.append(time.perf_counter() - t0)
    print(f"poll articles: {n} x {rounds} rounds, median {statistics.median(took) * 1000:.3f} ms/article")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rounds", type=int, default=30)
    ap.add_argument("--poll", type=int, default=0, metavar="N", help="also time N articles of bench/poll.py")
    args = ap.parse_args()
    docs = articles()
    if not docs:
        raise SystemExit("no articles found")
    for body, published in docs:  # warm-up: regex compilation, imports
        extract(body, published)
    per_2kb: list[float] = []
    total_s = 0.0
    for _ in range(args.rounds):
        for body, published in docs:
            t0 = time.perf_counter()
            extract(body, published)
            took = time.perf_counter() - t0
            total_s += took
            per_2kb.append(took * 1000 * 2048 / max(len(body.encode("utf-8")), 1))
    per_2kb.sort()
    p95 = per_2kb[min(len(per_2kb) - 1, int(len(per_2kb) * 0.95))]
    runs = len(per_2kb)
    build = "compiled (mypyc)" if compiled() else "Python (editable install, MONITOR_PURE_PYTHON=1 or no C compiler)"
    print(f"extraction engine: {build}")
    print(f"{len(docs)} articles x {args.rounds} rounds = {runs} runs")
    print(f"median {statistics.median(per_2kb):.2f} ms/2KB   p95 {p95:.2f} ms/2KB   {runs / total_s:.0f} articles/s")
    if args.poll:
        time_poll(args.poll, max(1, args.rounds // 6))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
