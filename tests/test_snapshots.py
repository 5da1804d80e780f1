"""One snapshot per screen state: main, detail, help, filter, Control history, empty store, narrow.

The scene is fixed (tests/scenes.py) and the clock frozen, so a changed
snapshot means the screen changed. Review with `pytest --snapshot-report`,
accept with `pytest tests/test_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from scenes import make_app, pressing, settle
from textual.pilot import Pilot
from textual.widgets import Input

from monitor.ui.app import MonitorApp

WIDE = (160, 45)


@pytest.fixture
def app_factory(tmp_path: Path) -> Iterator[Callable[..., MonitorApp]]:
    made: list[MonitorApp] = []

    def factory(**options: Any) -> MonitorApp:
        app = make_app(tmp_path, **options)
        made.append(app)
        return app

    yield factory
    for app in made:
        app.store.close()


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (160, 45)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_main_screen(snap_compare: Any, app_factory: Callable[..., MonitorApp], size: tuple[int, int]) -> None:
    assert snap_compare(app_factory(), run_before=pressing(), terminal_size=size)


def test_event_screen(snap_compare: Any, app_factory: Callable[..., MonitorApp]) -> None:
    assert snap_compare(app_factory(), run_before=pressing("2", "enter"), terminal_size=(120, 40))


def test_statement_screen(snap_compare: Any, app_factory: Callable[..., MonitorApp]) -> None:
    assert snap_compare(app_factory(), run_before=pressing("3", "enter"), terminal_size=(80, 24))


def test_trend_chart(snap_compare: Any, app_factory: Callable[..., MonitorApp]) -> None:
    async def chart_tracker_row(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        app = pilot.app
        assert isinstance(app, MonitorApp)
        pane = app.main.query_one("#control")
        keys = list(pane.rows_by_key)  # type: ignore[attr-defined]
        pane.move_cursor(row=next(i for i, key in enumerate(keys) if "Tracker" in key))  # type: ignore[attr-defined]
        await pilot.press("enter", "c")
        await pilot.pause(0.3)

    assert snap_compare(app_factory(), run_before=chart_tracker_row, terminal_size=(120, 40))


def test_detail_screen(snap_compare: Any, app_factory: Callable[..., MonitorApp]) -> None:
    assert snap_compare(app_factory(), run_before=pressing("4", "j", "enter"), terminal_size=WIDE)


def test_control_history_screen(snap_compare: Any, app_factory: Callable[..., MonitorApp]) -> None:
    async def open_tracker_row(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        app = pilot.app
        assert isinstance(app, MonitorApp)
        pane = app.query_one("#control")
        keys = list(app.query_one("#control").rows_by_key)  # type: ignore[attr-defined]
        row = next(i for i, key in enumerate(keys) if "Tracker" in key)
        pane.move_cursor(row=row)  # type: ignore[attr-defined]
        await pilot.press("enter")

    assert snap_compare(app_factory(), run_before=open_tracker_row, terminal_size=WIDE)


def test_help_screen(snap_compare: Any, app_factory: Callable[..., MonitorApp]) -> None:
    assert snap_compare(app_factory(), run_before=pressing("question_mark"), terminal_size=WIDE)


def test_filter(snap_compare: Any, app_factory: Callable[..., MonitorApp]) -> None:
    async def type_filter(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("slash")
        pilot.app.query_one("#filter", Input).cursor_blink = False
        await pilot.press(*"lyons")
        await settle(pilot)

    assert snap_compare(app_factory(), run_before=type_filter, terminal_size=WIDE)


def test_empty_store(snap_compare: Any, app_factory: Callable[..., MonitorApp]) -> None:
    assert snap_compare(app_factory(empty=True), run_before=pressing(), terminal_size=WIDE)


def test_failing_feed_and_hostile_title(snap_compare: Any, app_factory: Callable[..., MonitorApp]) -> None:
    assert snap_compare(app_factory(hostile=True), run_before=pressing("5", "G"), terminal_size=WIDE)


def test_narrow_terminal_shows_one_pane(snap_compare: Any, app_factory: Callable[..., MonitorApp]) -> None:
    assert snap_compare(app_factory(), run_before=pressing("3"), terminal_size=(80, 24))
