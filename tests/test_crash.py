"""SIGKILL in the middle of a poll loses nothing that was reported stored, and the next run goes on cleanly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from feedserver import Answer, FeedServer, Route, rss

from monitor import config as cfg
from monitor.store import SqliteStore

FAST, SLOW = 8, 6


def feed(n: int, delay: float = 0.0) -> Answer:
    body = rss((f"story-{n}-a", f"Feed {n} first story"), (f"story-{n}-b", f"Feed {n} second story"))
    return Answer(200, body, {"ETag": f'"{n}"', "Content-Type": "application/rss+xml"}, delay=delay)


def conditional(n: int) -> Route:
    def answer(headers: dict[str, str]) -> Answer:
        if headers.get("if-none-match") == f'"{n}"':
            return Answer(304, headers={"ETag": f'"{n}"'})
        return feed(n)

    return answer


def test_sigkill_mid_poll_keeps_every_reported_item(tmp_path: Path) -> None:
    with FeedServer() as server:
        for n in range(FAST):
            server.route(f"/{n}", conditional(n))
        for n in range(FAST, FAST + SLOW):
            server.route(f"/{n}", feed(n, delay=20.0))  # hangs until long after the kill
        path = tmp_path / "config.toml"
        path.write_text(
            '[storage]\npath = "s.sqlite3"\n[fetch]\ntimeout = 60\n'
            + "".join(f'[[feeds]]\nname = "f{n}"\nurl = "{server.url(f"/{n}")}"\n' for n in range(FAST + SLOW)),
            encoding="utf-8",
        )
        command = [sys.executable, "-m", "monitor", "poll", "--once", "--config", str(path)]
        proc = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
        assert proc.stdout is not None
        reported: dict[str, int] = {}
        deadline = time.monotonic() + 30
        while len(reported) < FAST and time.monotonic() < deadline:
            line = proc.stdout.readline()
            name, _, rest = line.partition(": ")
            if rest.startswith("ok"):
                reported[name] = int(rest.split("—")[1].split()[0])
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        proc.stdout.close()
        assert proc.returncode == -signal.SIGKILL
        assert len(reported) == FAST and all(count == 2 for count in reported.values())

        config = cfg.load(path)
        with SqliteStore(config.db_path) as store:
            stored = {name: state.status.items for name, state in store.feed_states().items()}
            for name, count in reported.items():
                assert stored.get(name) == count, (name, stored)
            assert len(store.claims()) == store.count_items()

        for n in range(FAST, FAST + SLOW):  # the slow servers recover
            server.route(f"/{n}", conditional(n))
        rerun = subprocess.run([*command, "--json"], capture_output=True, text=True, timeout=60)
        assert rerun.returncode == 0, rerun.stderr
        with SqliteStore(config.db_path) as store:
            assert store.count_items() == 2 * (FAST + SLOW)  # nothing twice, nothing missing
            assert len(store.claims()) == store.count_items()  # extracted once per story
            states = store.feed_states()
            assert {states[name].status.status for name in reported} == {"not_modified"}  # validators survived
