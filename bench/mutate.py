"""Mutation testing of the core: how many small planted bugs does the test suite let through?

    .venv-mutation/bin/python bench/mutate.py [MODULE ...] [--minutes 20] [--children 2] [--keep DIR]

MODULE is one of fetch, poller, store, text, identity (the default: all five) or
extract (the extract/ package, on request: it is big). For each module, mutmut
plants one small bug at a time in it — a flipped
comparison, a changed constant, a dropped call — and runs the tests that
exercised the mutated function (mutmut records which tests call which function,
from a first run of the module's own test files, listed in TESTS below).
A mutant that no test notices survives.

It works in a copy of the checkout in a temporary folder: mutmut writes its
`mutants/` folder beside pyproject.toml, and the tree stays untouched for
anyone editing or testing it meanwhile. Each module gets at most --minutes;
mutants not reached by then are counted as not checked.

It prints per module the mutants, killed (a test failed or timed out), survived,
"no tests" (no selected test calls the function: as good as survived) and the
survival rate, (survived + no tests) / checked; then every survivor's changed
line, to judge: a survivor is either a missing test or an equivalent mutant
(same behaviour, e.g. `max(0, x)` → `max(1, x)` where x ≥ 1).

mutmut 3 mutates code inside functions and methods only: module-level constants
(regexes, tables, dataclass defaults) are not mutated, so a bug planted there
(such as a regex alternative removed) needs its own test all the same.

mutmut runs in an environment of its own, `python3 -m venv .venv-mutation &&
.venv-mutation/bin/pip install -e ".[mutation]"`: it needs click, and where click
is installed `import httpx` loads httpx's command line and Rich, which the
import-hygiene test of the development environment refuses.

Too slow for CI (minutes per module on two cores): it runs as a benchmark does.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

TESTS = {
    "fetch": ["tests/test_fetch.py", "tests/test_feed_faults.py", "tests/test_poller.py"],
    "poller": ["tests/test_poller.py", "tests/test_alerts.py", "tests/test_feed_faults.py"],
    "store": ["tests/test_store.py", "tests/test_poller.py", "tests/test_alerts.py", "tests/test_feed_faults.py"],
    "text": ["tests/test_text.py", "tests/test_parse.py", "tests/test_parse_feedparser.py"],
    "identity": ["tests/test_identity.py", "tests/test_store.py", "tests/test_parse.py"],
    "extract": ["tests/extract", "tests/test_cli.py"],
}
"""The test files run against each module's mutants: those written for it and those that drive it."""
DEFAULT = ["fetch", "poller", "store", "text", "identity"]
KILLED = {"killed", "timeout", "caught by type check", "segfault"}
"""Outcomes where the tests noticed the mutant (a mutant that hangs or crashes the tests is noticed too)."""
COPY = ["monitor", "tests", "pyproject.toml", "config.toml"]


def source_of(module: str) -> str:
    return "monitor/extract/*" if module == "extract" else f"monitor/{module}.py"


def prepare(module: str, parent: Path) -> Path:
    """A copy of the checkout whose pyproject.toml tells mutmut what to mutate and which tests to run."""
    work = parent / module
    for name in COPY:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, work / name, ignore=shutil.ignore_patterns("__pycache__", "*.so", "mutants"))
        else:
            shutil.copy2(source, work / name)
    settings = [
        "",
        "[tool.mutmut]",
        'source_paths = ["monitor"]',
        f'only_mutate = ["{source_of(module)}"]',
        f"pytest_add_cli_args_test_selection = {TESTS[module]!r}".replace("'", '"'),
        # mutants reach worker processes only partly (mutmut follows the process it forked), and that test's
        # workers start in another folder, where mutmut's trampolines cannot find its config: leave it out
        'pytest_add_cli_args = ["-p", "no:cacheprovider", "--deselect", '
        '"tests/test_poller.py::test_a_big_poll_parses_in_worker_processes_running_this_monitor"]',
        'also_copy = ["config.toml"]',
        "use_git_change_detection = false",
        # a mutant that deadlocks (a commit never settled) costs its wall-clock limit, (tests' time + 1 s) × this;
        # mutmut's default of 15 lets one such mutant of the poller hold a worker for five minutes
        "timeout_multiplier = 5.0",
    ]
    with (work / "pyproject.toml").open("a", encoding="utf-8") as handle:
        handle.write("\n".join(settings) + "\n")
    return work


def mutmut(work: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mutmut", *args], cwd=work, capture_output=True, text=True, check=False
    )


def run(work: Path, children: int, minutes: float) -> tuple[float, bool]:
    """`mutmut run` within the time budget; its wall time and whether it finished."""
    log = (work / "mutmut.log").open("w", encoding="utf-8")
    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-m", "mutmut", "run", "--max-children", str(children)],
        cwd=work,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, so the budget stops its workers too
    )
    try:
        process.wait(timeout=minutes * 60)
        finished = True
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGINT)  # mutmut saves what it has on an interrupt
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        finished = False
    log.close()
    if finished and process.returncode != 0:
        tail = (work / "mutmut.log").read_text(encoding="utf-8", errors="replace")[-2000:]
        raise MutmutFailed(f"mutmut failed in {work} (exit {process.returncode}):\n{tail}")
    return time.monotonic() - started, finished


class MutmutFailed(Exception):
    """mutmut stopped with an error, typically because a selected test fails without any mutant."""


_RESULT = re.compile(r"^\s+(\S+): (.+)$")


def results(work: Path) -> dict[str, str]:
    """Every mutant's outcome, by mutmut's name for it."""
    listed = mutmut(work, "results", "--all", "true").stdout
    return {found[1]: found[2].strip() for line in listed.splitlines() if (found := _RESULT.match(line))}


def changed_lines(work: Path, mutant: str) -> str:
    """What the mutant changed: its diff's removed and added lines, indentation dropped."""
    diff = mutmut(work, "show", mutant).stdout.splitlines()
    lines = [line for line in diff if line[:1] in "-+" and not line.startswith(("---", "+++"))]
    return "\n".join(f"      {line[0]} {line[1:].strip()}" for line in lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("modules", nargs="*", default=DEFAULT, metavar="MODULE", help=f"any of {', '.join(TESTS)}")
    parser.add_argument("--minutes", type=float, default=20.0, help="time budget per module (default 20)")
    parser.add_argument("--children", type=int, default=2, help="mutants tested at once (default 2)")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it (mutmut browse works there)")
    args = parser.parse_args(argv)
    unknown = [m for m in args.modules if m not in TESTS]
    if unknown:
        parser.error(f"unknown module(s) {', '.join(unknown)}; choose from {', '.join(TESTS)}")
    try:
        import mutmut  # noqa: F401
    except ImportError:
        parser.error('mutmut is not installed here: see "python bench/mutate.py --help" for its environment')

    parent = args.keep or Path(tempfile.mkdtemp(prefix="monitor-mutate-"))
    parent.mkdir(parents=True, exist_ok=True)
    totals: Counter[str] = Counter()
    report: list[str] = []
    try:
        print(f"{'module':<10} {'mutants':>7} {'killed':>7} {'survived':>8} {'no tests':>8} {'unchecked':>9} "
              f"{'survival':>8} {'time':>7}")  # fmt: skip
        for module in args.modules:
            work = prepare(module, parent)
            try:
                seconds, finished = run(work, args.children, args.minutes)
            except MutmutFailed as exc:
                print(f"{module:<10} failed: see below", flush=True)
                report.append(f"\n{module}: {exc}")
                continue
            outcomes = results(work)
            counts = Counter("killed" if status in KILLED else status for status in outcomes.values())
            checked = sum(n for status, n in counts.items() if status not in ("not checked", "skipped"))
            missed = counts["survived"] + counts["no tests"]
            rate = f"{missed / checked:.1%}" if checked else "-"
            totals.update(counts)
            totals["checked"] += checked
            print(
                f"{module:<10} {len(outcomes):>7} {counts['killed']:>7} {counts['survived']:>8} "
                f"{counts['no tests']:>8} {counts['not checked']:>9} {rate:>8} {seconds:>6.0f}s"
                + ("" if finished else "  (stopped at the time budget)"),
                flush=True,
            )
            for status in sorted(set(counts) - {"killed", "survived", "no tests", "not checked"}):
                print(f"{'':<10} {counts[status]} {status}")
            survivors = sorted(name for name, status in outcomes.items() if status in ("survived", "no tests"))
            if survivors:
                report.append(f"\n{module}: {len(survivors)} survivor(s)")
                for name in survivors:
                    tag = "" if outcomes[name] == "survived" else "  [no tests]"
                    report.append(f"  {name}{tag}\n{changed_lines(work, name)}")
        missed = totals["survived"] + totals["no tests"]
        overall = f"{missed / totals['checked']:.1%}" if totals["checked"] else "-"
        print(f"{'all':<10} {'':>7} {totals['killed']:>7} {totals['survived']:>8} {totals['no tests']:>8} "
              f"{totals['not checked']:>9} {overall:>8}")  # fmt: skip
        print("\n".join(report))
    finally:
        if args.keep is None:
            shutil.rmtree(parent, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
