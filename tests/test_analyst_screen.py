"""The analyst's screen, second pass: columns that fit, rows that open, the trend chart, bearings and state."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from rich.text import Text
from scenes import make_app, settle, wait_for
from textual.widgets import DataTable, Static

from monitor.ui.app import MonitorApp
from monitor.ui.screens import ClaimsScreen, DetailScreen
from monitor.ui.screens.chart import TrendScreen, series_of
from monitor.ui.screens.facts import EventScreen, StatementScreen
from monitor.ui.widgets import Flex, Pane, PaneTabs, column_widths, fit

SIZES = [(80, 24), (120, 40), (160, 45)]


@pytest.fixture
async def app(tmp_path: Path) -> AsyncIterator[MonitorApp]:
    made = make_app(tmp_path)
    yield made
    made.store.close()


def rows(app: MonitorApp, pane: str) -> list[list[Text]]:
    table = app.main.query_one(f"#{pane}", DataTable)
    return [list(table.get_row_at(index)) for index in range(table.row_count)]


def text_of(app: MonitorApp) -> str:
    return "\n".join(str(getattr(w.content, "plain", w.content)) for w in app.screen.query(Static))


def test_fixed_columns_keep_their_width_and_flexible_ones_share_the_rest() -> None:
    specs = [10, Flex(8, 1), 4, Flex(20, 3)]
    assert column_widths(specs, 100) == [10, 8 + 14, 4, 20 + 44]
    assert sum(column_widths(specs, 77)) == 77
    assert column_widths(specs, 30) == [10, 8, 4, 20]  # too narrow: least widths, the pane scrolls


def test_fit_wraps_and_marks_what_it_cuts() -> None:
    assert fit(Text("short"), 10).plain == "short"
    assert fit(Text("a long headline about the war"), 10).plain == "a long he…"
    two = fit(Text("one two three four five six seven eight nine ten"), 12, 2).plain
    assert two.count("\n") == 1 and two.endswith("…") and all(len(line) <= 12 for line in two.split("\n"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_columns_fit_the_pane_and_keep_source_and_date(app: MonitorApp, size: tuple[int, int]) -> None:
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        for pane_id in ("control", "statements", "wire", "events", "health"):
            await pilot.press(str(("control", "events", "statements", "wire", "health").index(pane_id) + 1))
            await settle(pilot)
            pane = app.main.query_one(f"#{pane_id}", Pane)
            room = pane.size.width - pane.styles.gutter.width
            used = sum(column.get_render_width(pane) for column in pane.columns.values())
            assert used <= room, f"{pane_id} at {size}: columns take {used} of {room} cells"
            assert not pane.scroll_x and pane.max_scroll_x == 0, f"{pane_id} scrolls sideways at {size}"
            for cells in rows(app, pane_id):
                for key, cell in zip(pane.widths, cells, strict=True):
                    for line in cell.plain.split("\n"):
                        assert len(line) <= pane.widths[key], (pane_id, key, line)
        labels = [str(c.label) for c in app.main.query_one("#statements", DataTable).columns.values()]
        assert labels == ["Speaker", "Quote", "Source", "Published"]
        control = app.main.query_one("#control", Pane)
        shown = [str(c.label) for c in control.columns.values()]
        for label, (_, full, _) in zip(shown, control.COLUMNS, strict=True):  # a header is whole, or cut with a mark
            assert label == full or (label.endswith("…") and full.startswith(label[:-1])), (label, full)
        assert shown[4].startswith("Accord") and shown[5] == "Date"


async def test_long_text_is_cut_with_a_mark_and_short_text_is_whole(app: MonitorApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        quotes = {" ".join(cells[1].plain.split()) for cells in rows(app, "statements")}
        assert "“There is only one acceptable direction for Afghanistan”" in quotes  # short: whole, wrapped
        [cut] = [q for q in quotes if q.startswith("“We reiterate")]
        assert (
            cut.endswith("…")
            and cut.rstrip("…") in "“We reiterate that the military route will not lead to legitimacy”"
        )


async def test_enter_on_an_event_shows_it_whole_and_opens_its_article(app: MonitorApp) -> None:
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("2", "enter")
        assert isinstance(app.screen, EventScreen)
        text = text_of(app)
        assert "Friday 25 June 2021" in text and "tomorrow" in text
        assert "Joe Biden, Ashraf Ghani" in text and "White House" in text and "1 source" in text
        sources = app.screen.sources
        assert [s.stored.item.title for s in sources if s.stored] == ["Biden to host Ghani and Abdullah"]
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DetailScreen))
        assert isinstance(app.screen, DetailScreen) and app.screen.stored.item.id == "w1"


async def test_a_pane_number_typed_at_once_with_enter_opens_that_panes_row(app: MonitorApp) -> None:
    """Keys typed fast arrive together: Enter right after "4" is the Wire's, not the pane focused before."""
    from textual import events

    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        app.post_message(events.Key("4", "4"))  # as the terminal driver posts them: both before either is handled
        app.post_message(events.Key("enter", "\r"))
        await wait_for(pilot, lambda: not isinstance(app.screen, type(app.main)))
        assert isinstance(app.screen, DetailScreen), type(app.screen).__name__


async def test_a_filter_typed_fast_after_the_slash_goes_into_the_filter(app: MonitorApp) -> None:
    """ "/pause" typed at once: every letter is the filter's, none a key of the screen ("p" pauses polling)."""
    from textual import events

    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        for key in "/pause":
            app.post_message(events.Key("slash" if key == "/" else key, key))
        await settle(pilot)
        assert app.filter_text == "pause" and not app.paused


async def test_enter_on_a_statement_shows_the_whole_quote_speaker_role_and_article(app: MonitorApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        pane = app.main.query_one("#statements", DataTable)
        index = next(i for i, cells in enumerate(rows(app, "statements")) if "Linda Thomas" in cells[0].plain)
        pane.move_cursor(row=index)
        await pilot.press("enter")
        assert isinstance(app.screen, StatementScreen)
        text = text_of(app)
        assert "Linda Thomas-Greenfield, US ambassador to the UN said" in text
        assert "“We reiterate that the military route will not lead to legitimacy”" in text
        assert "1 source" in text
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DetailScreen))
        assert app.screen.stored.item.title == "US warns the Taliban"  # type: ignore[attr-defined]
        await pilot.press("escape")
        assert app.screen is app.main


async def test_a_control_row_charts_every_claimant_over_time(app: MonitorApp) -> None:
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        control = app.main.query_one("#control", DataTable)
        index = next(i for i, cells in enumerate(rows(app, "control")) if "157 of 407" in cells[1].plain)
        control.move_cursor(row=index)
        await pilot.press("enter")
        assert isinstance(app.screen, ClaimsScreen)
        assert "3 claims" in text_of(app)
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, TrendScreen))
        screen = app.screen
        assert isinstance(screen, TrendScreen)
        [tracker] = [s for s in screen.series if "(of 407)" in s.label]
        assert tracker.counts == [77, 90, 157]
        assert tracker.dates == ["2021-05-03", "2021-06-08", "2021-06-21"]
        await pilot.pause(0.2)
        drawn = screen.query_one("#chart").render()
        assert "2021-05-03" in str(drawn) or "2021-05" in str(drawn)
        await pilot.press("escape", "escape")
        assert app.screen is app.main
        await pilot.press("c")  # straight from the pane, without opening the row's history
        await wait_for(pilot, lambda: isinstance(app.screen, TrendScreen))
        assert [s.counts for s in app.screen.series if "(of 407)" in s.label] == [[77, 90, 157]]  # type: ignore[attr-defined]


def test_chart_series_keep_totals_apart_and_skip_word_amounts() -> None:
    from factories import T0, claim

    claims = [
        claim(50, total=370, claimant="Deborah Lyons", published=T0),
        claim(157, total=407, claimant="FDD", published=T0),
        claim(None, total=None, qualifier="dozens", claimant="Wire", published=T0),
    ]
    labels = {s.label: s.counts for s in series_of(claims)}
    assert labels == {"Deborah Lyons (of 370)": [50], "FDD (of 407)": [157]}


async def test_a_small_screen_shows_a_tab_line_with_every_pane(app: MonitorApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        tabs = app.main.query_one("#tabs", PaneTabs)
        assert tabs.display
        for key, name in (("1", "1 Control"), ("4", "4 Wire"), ("5", "5 Feeds")):
            await pilot.press(key)
            line = tabs.line
            assert all(title in line.plain for title in ("Control", "Upcoming events", "Statements", "Wire", "Feeds"))
            marked = [line.plain[span.start : span.end].strip() for span in line.spans if "reverse" in str(span.style)]
            assert marked == [name]


async def test_a_wide_screen_needs_no_tab_line(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        assert not app.main.query_one("#tabs", PaneTabs).display  # every pane is on screen
    app.store.close()


async def test_escape_clears_the_filter_from_any_pane(app: MonitorApp) -> None:
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"lyons", "enter")  # Enter keeps the filter and goes back to the panes
        await settle(pilot)
        assert app.filter_text == "lyons"
        await pilot.press("4")
        assert app.focused is app.main.query_one("#wire")
        await pilot.press("escape")
        await settle(pilot)
        assert app.filter_text == "" and not app.main.query_one("#filter").display


async def test_a_filter_that_matches_nothing_says_so(app: MonitorApp) -> None:
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"zzyzx")
        await settle(pilot)
        for pane in ("control", "events", "statements", "wire"):
            assert app.main.query_one(f"#{pane}", DataTable).border_subtitle == "nothing matches “zzyzx”"


async def test_the_wire_keeps_the_articles_a_filtered_speakers_facts_came_from(app: MonitorApp) -> None:
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"Thomas-Greenfield")
        await settle(pilot)
        titles = [cells[3].plain for cells in rows(app, "wire")]
        assert titles == ["US warns the Taliban"]  # its title and text never name her: her statement does


async def test_paused_says_resume_and_feeds_show_paused(app: MonitorApp) -> None:
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await pilot.pause()
        shown = [active.binding.description for active in app.active_bindings.values() if active.binding.show]
        assert "Resume polling" in shown and "Pause polling" not in shown
        health = rows(app, "health")
        assert all(cells[2].plain.endswith("paused") for cells in health)
        await pilot.press("p")
        await pilot.pause()
        assert not app.paused and not any(cells[2].plain.endswith("paused") for cells in rows(app, "health"))


async def test_counts_read_right_in_the_singular(app: MonitorApp) -> None:
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        events = rows(app, "events")
        assert any("1 source" in cells[1].plain and "1 sources" not in cells[1].plain for cells in events)
        status = str(app.main.query_one("#status", Static).content)
        assert "1 feed failing" in status


async def test_the_remove_dialog_shows_its_whole_question_on_a_small_screen(tmp_path: Path) -> None:
    from monitor.ui.screens import ConfirmScreen

    app = make_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("5", "x")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.pause()
        question = app.screen.query_one("#question", Static)
        shown = "".join(line.text for line in question.render_lines(question.region.reset_offset)).replace(" ", "")
        assert shown.endswith("Itsstoreditemsstay.") and "config.toml" in shown
        await pilot.press("n")
    app.store.close()


async def test_quitting_waits_for_a_pane_read_before_the_store_can_close(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pane read runs in a thread on the store's connection; closing the store under it crashes SQLite."""
    import time

    from monitor.ui import panedata
    from monitor.ui.screens import main as main_screen

    finished: list[bool] = []
    real = panedata.load_panes

    def slow(*args: object) -> panedata.PaneData:
        time.sleep(0.5)
        data = real(*args)  # type: ignore[arg-type]
        finished.append(True)
        return data

    monkeypatch.setattr(main_screen, "load_panes", slow)
    app = make_app(tmp_path)
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause(0.1)  # the first read is under way
        await pilot.press("q")
    assert finished  # run_test returned only after the read was done
    app.store.close()
