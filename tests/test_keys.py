"""One pilot test per binding: every key does what the help says, on the fixed scene."""

from __future__ import annotations

import json
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from scenes import make_app, settle, wait_for
from textual.widgets import DataTable, Input

from monitor.keymap import APP_KEYS, PANE_KEYS
from monitor.ui.app import MonitorApp
from monitor.ui.screens import ClaimsScreen, ConfirmScreen, DetailScreen, FeedScreen, HelpScreen

SIZE = (160, 45)


@pytest.fixture
async def app(tmp_path: Path) -> AsyncIterator[MonitorApp]:
    made = make_app(tmp_path)
    yield made
    made.store.close()


def focused(app: MonitorApp) -> str | None:
    return app.focused.id if app.focused else None


async def test_every_declared_binding_is_tested_here() -> None:
    tested = {"app.quit", "app.help", "app.refresh", "app.pause", "app.filter", "app.open_link", "app.speaker",
              "app.add_feed", "app.remove_feed", "app.pane1", "app.pane2", "app.pane3", "app.pane4", "app.pane5",
              "app.chart", "pane.down", "pane.up", "pane.top", "pane.bottom"}  # fmt: skip
    assert {spec.id for spec in (*APP_KEYS, *PANE_KEYS)} == tested


async def test_number_keys_and_tab_move_between_panes(app: MonitorApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        for key, pane in (("2", "events"), ("3", "statements"), ("4", "wire"), ("5", "health"), ("1", "control")):
            await pilot.press(key)
            assert focused(app) == pane
        await pilot.press("tab", "tab")
        assert focused(app) == "statements"
        await pilot.press("shift+tab", "shift+tab", "shift+tab")
        assert focused(app) == "health"  # wraps around


async def test_j_k_g_G_move_inside_a_pane(app: MonitorApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        wire = app.query_one("#wire", DataTable)
        await pilot.press("j", "j")
        assert wire.cursor_row == 2
        await pilot.press("k")
        assert wire.cursor_row == 1
        await pilot.press("G")
        assert wire.cursor_row == wire.row_count - 1 > 2
        await pilot.press("g")
        assert wire.cursor_row == 0


async def test_question_mark_lists_every_binding_and_escape_closes(app: MonitorApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        listed = " ".join(description for _, description in app.screen.rows)
        for spec in (*APP_KEYS, *PANE_KEYS):
            assert f"[{spec.id}]" in listed
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_enter_opens_the_article_wire_item_and_escape_returns(app: MonitorApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4", "enter")
        assert isinstance(app.screen, DetailScreen)
        assert app.screen.stored.item.id == "w1" and app.screen.facts.events
        await pilot.press("escape")
        assert not isinstance(app.screen, DetailScreen)


async def test_enter_on_control_shows_the_rows_history_with_sentences(app: MonitorApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "j", "enter")  # the Tracker's row: Taliban 77 → 90 → 157 of 407
        assert isinstance(app.screen, ClaimsScreen)
        assert [c.count for c, _, _ in app.screen.claims] == [77, 90, 157]
        assert all("407 districts" in sentence for _, sentence, _ in app.screen.claims)
        await pilot.press("escape")


async def test_enter_on_a_feed_shows_its_whole_status(app: MonitorApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5", "G", "enter")
        assert isinstance(app.screen, FeedScreen)
        assert app.screen.status.name == "Broken feed" and app.screen.status.failures == 3


async def test_slash_filters_every_pane_and_escape_clears(app: MonitorApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"lyons")
        await settle(pilot)  # the last Input.Changed is handled on the next turn, the rows read in a thread
        assert app.filter_text == "lyons"
        assert app.query_one("#statements", DataTable).row_count == 2
        assert app.query_one("#control", DataTable).row_count == 1  # the claim Lyons made
        await pilot.press("escape")
        await settle(pilot)
        assert app.filter_text == "" and app.query_one("#statements", DataTable).row_count == 3


async def test_s_keeps_only_the_selected_speaker(app: MonitorApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3", "s")
        await settle(pilot)
        assert app.filter_text == "Linda Thomas-Greenfield"
        assert app.query_one("#filter", Input).value == "Linda Thomas-Greenfield"
        assert app.query_one("#statements", DataTable).row_count == 1


async def test_o_opens_the_selected_link(app: MonitorApp, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(app, "open_url", lambda url, **_: opened.append(url))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4", "o")
        await pilot.press("enter", "o")  # also from the article itself
    assert opened == ["https://x.invalid/w1", "https://x.invalid/w1"]


async def test_p_pauses_and_resumes_polling(app: MonitorApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        assert app.paused
        app.poll_due()
        assert app.polling == ()  # a due feed waits while paused
        await pilot.press("p")
        assert not app.paused


async def test_r_polls_every_feed_now(app: MonitorApp) -> None:
    started: list[list[str]] = []
    async with app.run_test(size=SIZE) as pilot:
        app.start_poll = lambda feeds: started.append([f.name for f in feeds])  # type: ignore[method-assign]
        await pilot.press("r")
    assert started == [["UN News", "Tracker", "Wire", "Broken feed"]]


async def test_a_asks_for_a_feed_and_x_asks_before_removing(app: MonitorApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        assert type(app.screen).__name__ == "AddFeedScreen"
        await pilot.press("escape")
        await pilot.press("5", "x")
        assert isinstance(app.screen, ConfirmScreen) and "UN News" in app.screen.question
        await pilot.press("n")
        assert not isinstance(app.screen, ConfirmScreen)
        assert "UN News" in (app.config.source.read_text() if app.config.source else "")


async def test_q_quits_with_exit_code_zero(app: MonitorApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q")
    assert app.return_value == 0


async def test_keys_can_be_remapped_in_the_config(tmp_path: Path) -> None:
    remapped = make_app(tmp_path, extra='[keys]\n"app.refresh" = "f5"\n"app.pane3" = "f3"\n')
    try:
        async with remapped.run_test(size=SIZE) as pilot:
            await pilot.press("f3")
            assert focused(remapped) == "statements"
            await pilot.press("3")
            assert focused(remapped) == "statements"  # the old key no longer moves
            await pilot.press("1")
            assert focused(remapped) == "control"
    finally:
        remapped.store.close()


async def test_alerts_raise_toasts_ring_the_bell_and_mark_the_wire(tmp_path: Path) -> None:
    from factories import item, status

    from monitor.alerts import Alert
    from monitor.ui.messages import FeedUpdated

    out = tmp_path / "alerts.jsonl"
    command = f"{sys.executable} -c \"import sys; open({str(out)!r}, 'a').write(sys.stdin.read() + chr(10))\""
    alerting = make_app(tmp_path, extra=f'[alerts]\nactors = ["Taliban"]\ncommand = {json.dumps(command)}\n')
    bells: list[int] = []
    alerting.bell = lambda: bells.append(1)  # type: ignore[method-assign]
    stored = alerting.store.item("t157")
    assert stored is not None
    alerts = tuple(Alert("actor", "Taliban", f"Taliban control {n} districts", stored.item, {"n": n}) for n in range(5))
    try:
        async with alerting.run_test(size=SIZE, notifications=True) as pilot:
            alerting.post_message(FeedUpdated(status("Tracker", status="ok"), (item("t157", "Tracker"),), alerts))
            await pilot.pause()
            await alerting.workers.wait_for_complete()
            messages = [str(n.message) for n in alerting._notifications]
            assert sum("Taliban control" in m for m in messages) == 3  # three toasts, then a count
            assert any("2 more alert(s)" in m for m in messages)
            assert bells == [1]
            wire = alerting.query_one("#wire", DataTable)
            await wait_for(pilot, lambda: any(str(wire.get_row_at(r)[0]) == "!" for r in range(wire.row_count)))
        assert sorted(json.loads(line)["n"] for line in out.read_text().splitlines()) == [0, 1, 2, 3, 4]
    finally:
        alerting.store.close()


async def test_c_charts_the_selected_control_row(app: MonitorApp) -> None:
    from monitor.ui.screens.chart import TrendScreen

    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("1", "c")
        await wait_for(pilot, lambda: isinstance(app.screen, TrendScreen))
        control = app.main.query_one("#control", DataTable)
        assert isinstance(app.screen, TrendScreen)
        assert app.screen.actor.lower() in str(control.get_row_at(0)[0]).lower()
