"""A fixed situation for screen tests: stored facts and feed states, independent of the extractors.

Snapshots and pilot tests need the same screen every run, so the store is filled
with hand-made facts (two sources counting districts over time, statements,
events, a failing feed, a hostile title) and the app's clock is frozen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from factories import claim, event, facts, item, statement, status

from monitor import config as cfg
from monitor.models import FeedStatus
from monitor.store import SqliteStore, Store
from monitor.ui.app import MonitorApp

AS_OF = dt.datetime(2021, 6, 24, 9, tzinfo=dt.UTC)
WALL = dt.datetime(2021, 6, 24, 9, 5, tzinfo=dt.UTC)
HOSTILE = (
    "[bold red]FAKE ALERT[/] \x1b[2J\x1b]0;pwned\x07 [link=https://evil.invalid]click[/link] [@click=app.quit]x[/]"
)
FEEDS = ("UN News", "Tracker", "Wire", "Broken feed")

LYONS = (
    "The Taliban have taken more than 50 of Afghanistan's 370 districts since May, the UN envoy Deborah Lyons "
    "told the Security Council on Tuesday."
)


def write_config(tmp_path: Path, feeds: tuple[str, ...] = FEEDS, extra: str = "") -> cfg.Config:
    body = "".join(f'[[feeds]]\nname = "{name}"\nurl = "https://{n}.invalid/feed"\n' for n, name in enumerate(feeds))
    path = tmp_path / "config.toml"
    path.write_text(
        f'[monitor]\nas_of = {AS_OF.isoformat().replace("+00:00", "Z")}\n[storage]\npath = "s.sqlite3"\n'
        f'[fetch]\nfulltext = "never"\n{extra}{body}',  # the scenes' links lead nowhere: no page is read
        encoding="utf-8",
    )
    return cfg.load(path)


def fill(store: Store, *, hostile: bool = False) -> None:
    """The situation as of 24 June 2021, told by three feeds; a fourth feed is failing."""
    day = dt.timedelta(days=1)
    tracker = [(dt.datetime(2021, 5, 3, 12, tzinfo=dt.UTC), 77), (dt.datetime(2021, 6, 8, 12, tzinfo=dt.UTC), 90),
               (dt.datetime(2021, 6, 21, 12, tzinfo=dt.UTC), 157)]  # fmt: skip
    for when, count in tracker:
        store.save_poll(
            status("Tracker", status="ok", last_poll=WALL - dt.timedelta(minutes=3), last_success=WALL,
                   next_poll=WALL + dt.timedelta(minutes=12)),
            etag=None, last_modified=None,
            items=[(item(f"t{count}", "Tracker", published=when, title=f"Taliban control {count} of 407 districts",
                         content=f"The Taliban control {count} of Afghanistan's 407 districts, the tracker says."),
                    facts(counts=(claim(count, total=407, qualifier="exact", start=4, end=55),)))],
            now=when,
        )  # fmt: skip
    un_time = dt.datetime(2021, 6, 22, 17, 40, tzinfo=dt.UTC)
    store.save_poll(
        status("UN News", status="not_modified", http_status=304, last_poll=WALL - dt.timedelta(minutes=2),
               last_success=WALL, next_poll=WALL + dt.timedelta(minutes=13)),
        etag=None, last_modified=None,
        items=[
            (item("un1", "UN News", published=un_time, title="Envoy warns Council as Taliban take 50 districts",
                  content=LYONS),
             facts(counts=(claim(50, total=370, verb="seized", start=4, end=79),),
                   statements=(statement("Deborah Lyons", LYONS[:-1], kind="indirect", role="UN envoy", start=0,
                                         end=len(LYONS) - 1),
                               statement("Deborah Lyons", "There is only one acceptable direction for Afghanistan",
                                         role="UN envoy"),))),
            (item("un2", "UN News", published=un_time + dt.timedelta(hours=1), title="US warns the Taliban"),
             facts(statements=(statement("Linda Thomas-Greenfield",
                                         "We reiterate that the military route will not lead to legitimacy",
                                         role="US ambassador to the UN"),))),
        ],
        now=un_time,
    )  # fmt: skip
    wire_time = dt.datetime(2021, 6, 23, 7, 45, tzinfo=dt.UTC)
    store.save_poll(
        status("Wire", status="ok", last_poll=WALL - dt.timedelta(minutes=1), last_success=WALL,
               next_poll=WALL + dt.timedelta(minutes=14)),
        etag=None, last_modified=None,
        items=[
            (item("w1", "Wire", published=wire_time, title=HOSTILE if hostile else "Biden to host Ghani and Abdullah"),
             facts(events=(event(dt.date(2021, 6, 25), participants=("Joe Biden", "Ashraf Ghani", "Abdullah Abdullah")),
                           event(dt.date(2021, 9, 11), title="US withdrawal due to be completed", participants=(),
                                 location=None)))),
            (item("w2", "Wire", published=wire_time - day, title="Afghan forces retake four districts"),
             facts(counts=(claim(4, actor="Afghan forces", total=None, qualifier="exact", verb="retaken"),))),
            (item("late", "Wire", published=AS_OF + 30 * day, title="From the future"),
             facts(counts=(claim(999),))),
        ],
        now=wire_time,
    )  # fmt: skip
    store.save_poll(
        FeedStatus(name="Broken feed", url="https://3.invalid/feed", status="error", http_status=500,
                   error="server error (HTTP 500 Internal Server Error)", failures=3,
                   last_poll=WALL - dt.timedelta(minutes=4), next_poll=WALL + dt.timedelta(hours=1)),
        etag=None, last_modified=None, now=WALL,
    )  # fmt: skip


def make_app(tmp_path: Path, *, empty: bool = False, hostile: bool = False, extra: str = "") -> MonitorApp:
    config = write_config(tmp_path, extra=extra)
    store = SqliteStore(config.db_path)
    if not empty:
        fill(store, hostile=hostile)
    return MonitorApp(config, store, clock=WALL, poll_on_start=False, watch_config=False)


async def settle(pilot: Any) -> None:
    """Wait until the panes show the store's latest rows: they are read in a worker thread."""
    app = pilot.app
    await wait_for(pilot, lambda: app.main.settled and not app.main.workers)
    await pilot.pause()


def pressing(*keys: str) -> Callable[[Any], Any]:
    """A snapshot's `run_before`: let the panes fill, press `keys`, and let them fill again."""

    async def run_before(pilot: Any) -> None:
        await settle(pilot)
        if keys:
            await pilot.press(*keys)
        await settle(pilot)

    return run_before


async def wait_for(pilot: Any, condition: Callable[[], bool], seconds: float = 10.0) -> None:
    """Let the app run until `condition` holds: polls and workers finish on their own time."""
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("the app did not get there in time")
