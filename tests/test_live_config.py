"""Editing config.toml under a running monitor: valid edits apply, invalid ones are shown and ignored."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from scenes import wait_for
from textual.widgets import Static

from monitor import config as cfg
from monitor.store import SqliteStore
from monitor.ui.app import MonitorApp

ROOT = Path(__file__).resolve().parent.parent
HEAD = '[monitor]\nas_of = 2021-06-24T09:00:00Z\n[storage]\npath = "s.sqlite3"\n'
UN = '\n[[feeds]]\nname = "UN"\nurl = "file:un-news.xml"\n'
WIRE = '\n[[feeds]]\nname = "Wire"\nurl = "file:wire.atom"\ninterval = 300\n'


def touch(path: Path, text: str) -> None:
    """Write and move the modification time on, so the change is seen even within one clock tick."""
    path.write_text(text, encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


async def test_feeds_added_removed_and_broken_while_running(tmp_path: Path) -> None:
    for name in ("un-news.xml", "wire.atom"):
        shutil.copy(ROOT / "monitor" / "demo" / name, tmp_path / name)
    path = tmp_path / "config.toml"
    path.write_text(HEAD + UN, encoding="utf-8")
    config = cfg.load(path)
    with SqliteStore(config.db_path) as store:
        app = MonitorApp(config, store)
        async with app.run_test(size=(160, 45)) as pilot:
            await wait_for(pilot, lambda: app.statuses["UN"].status == "ok" and not app.polling)
            wire_items = len(app.query_one("#wire").rows)  # type: ignore[attr-defined]

            touch(path, HEAD + UN + WIRE)  # a feed added in an editor
            app.check_config()
            await wait_for(pilot, lambda: "Wire" in app.statuses and app.statuses["Wire"].status == "ok")
            assert [f.name for f in app.config.feeds] == ["UN", "Wire"]
            await wait_for(pilot, lambda: len(app.query_one("#wire").rows) > wire_items)  # type: ignore[attr-defined]

            touch(path, HEAD + UN + WIRE + "\n[[feeds]]\nname = 'Broken\n")  # a typo mid-edit
            app.check_config()
            banner = app.query_one("#config-error", Static)
            assert (
                banner.display and "not valid TOML" in str(banner.content) and "config.toml:16:" in str(banner.content)
            )
            assert [f.name for f in app.config.feeds] == ["UN", "Wire"]  # the last good config runs on
            await pilot.press("r")
            await wait_for(pilot, lambda: not app.polling and app.statuses["Wire"].status == "not_modified")

            touch(path, HEAD + WIRE)  # fixed, and UN removed
            app.check_config()
            assert not banner.display
            assert list(app.statuses) == ["Wire"] and [f.name for f in app.config.feeds] == ["Wire"]
            await pilot.press("q")


async def test_a_adds_a_feed_and_x_removes_it_from_inside_the_screen(tmp_path: Path) -> None:
    shutil.copy(ROOT / "monitor" / "demo" / "wire.atom", tmp_path / "wire.atom")
    path = tmp_path / "config.toml"
    path.write_text(HEAD, encoding="utf-8")
    before = path.read_bytes()
    config = cfg.load(path)
    with SqliteStore(config.db_path) as store:
        app = MonitorApp(config, store, poll_on_start=False)
        async with app.run_test(size=(160, 45)) as pilot:
            await pilot.press("a", *"file:wire.atom", "enter", *"My wire", "enter")
            await wait_for(pilot, lambda: [f.name for f in app.config.feeds] == ["My wire"])
            await wait_for(pilot, lambda: app.statuses["My wire"].status == "ok")  # polled at once
            await pilot.press("5", "x", "y")
            await wait_for(pilot, lambda: app.config.feeds == [])
    assert path.read_bytes() == before


async def test_a_says_why_a_feed_cannot_be_added(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(HEAD, encoding="utf-8")
    config = cfg.load(path)
    with SqliteStore(config.db_path) as store:
        app = MonitorApp(config, store, poll_on_start=False)
        async with app.run_test(size=(160, 45), notifications=True) as pilot:
            await pilot.press("a", *"file:nothing-here.xml", "enter", "enter")
            await wait_for(pilot, lambda: any("not found" in str(n.message) for n in app._notifications))
    assert path.read_text(encoding="utf-8") == HEAD
