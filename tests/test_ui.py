"""The TUI through App.run_test(): panes, keys, hostile text, the demo end to end."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from factories import T0, claim, event, facts, item, statement, status
from feedserver import Answer, FeedServer, rss
from scenes import settle, wait_for
from textual.widgets import DataTable, Static

from monitor import config as cfg
from monitor.store import SqliteStore, Store
from monitor.ui.app import MonitorApp
from monitor.ui.screens import ClaimsScreen, DetailScreen

ROOT = Path(__file__).resolve().parent.parent
SIZE = (160, 45)


def table_text(app: MonitorApp, pane: str) -> str:
    table = app.query_one(f"#{pane}", DataTable)
    return "\n".join(
        " | ".join(getattr(cell, "plain", str(cell)).replace("\n", " / ") for cell in table.get_row_at(row))
        for row in range(table.row_count)
    )


def status_text(app: MonitorApp) -> str:
    content = app.query_one("#status", Static).content
    return str(getattr(content, "plain", content))


def make_config(tmp_path: Path, body: str = "") -> cfg.Config:
    path = tmp_path / "config.toml"
    path.write_text('[monitor]\nas_of = 2021-06-24T09:00:00Z\n[storage]\npath = "s.sqlite3"\n' + body, encoding="utf-8")
    return cfg.load(path)


def seeded_store(config: cfg.Config, title: str = "Taliban advance") -> Store:
    store = SqliteStore(config.db_path)
    body = "The Taliban now hold more than 50 of 370 districts, Deborah Lyons said."
    store.save_poll(
        status("UN", status="ok", last_poll=T0),
        etag=None,
        last_modified=None,
        items=[
            (
                item("a", "UN", title=title, content=body),
                facts(
                    counts=(claim(50, start=4, end=45),),
                    statements=(statement(kind="indirect", end=70),),
                    events=(event(),),
                ),
            ),
            (
                item("late", "UN", published=T0 + dt.timedelta(days=30), title="From the future"),
                facts(counts=(claim(999),)),
            ),
        ],
        now=T0,
    )
    return store


async def test_panes_show_stored_state_before_any_poll(tmp_path: Path) -> None:
    config = make_config(tmp_path)
    with seeded_store(config) as store:
        app = MonitorApp(config, store, poll_on_start=False)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            control = table_text(app, "control")
            assert "Taliban" in control and "more than 50 of 370 districts" in control
            assert "Deborah Lyons" in control  # the claimant, from the statement covering the claim
            assert "999" not in control  # published after as_of: hidden in replay
            assert "2021-06-25 / tomorrow | Biden hosts Ghani and Abdullah" in table_text(app, "events")
            assert "Deborah Lyons" in table_text(app, "statements")
            wire = table_text(app, "wire")
            assert "Taliban advance" in wire and "From the future" not in wire
            status_line = status_text(app)
            assert "REPLAY as of Thu 2021-06-24 09:00 UTC" in status_line


async def test_actors_table_joins_aliases_in_one_control_row_with_their_whole_history(tmp_path: Path) -> None:
    config = make_config(tmp_path, '[actors]\n"Rapid Support Forces" = ["RSF"]\n')
    with SqliteStore(config.db_path) as store:
        stories = [("a", "RSF", 10, T0), ("b", "the Rapid Support Forces", 12, T0 + dt.timedelta(hours=1))]
        store.save_poll(
            status("Sudan desk", status="ok", last_poll=T0),
            etag=None,
            last_modified=None,
            items=[
                (item(id, "Sudan desk", published=when), facts(counts=(claim(count, actor=actor, unit="towns"),)))
                for id, actor, count, when in stories
            ],
            now=T0,
        )
        app = MonitorApp(config, store, poll_on_start=False, watch_config=False)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            [row] = table_text(app, "control").splitlines()
            assert row.startswith("Rapid Support Forces | holds more than 12 of 370 towns | +2 |"), row
            await pilot.press("1", "enter")
            assert isinstance(app.screen, ClaimsScreen)
            assert [(c.actor, c.count) for c, _, _ in app.screen.claims] == [
                ("RSF", 10),
                ("the Rapid Support Forces", 12),
            ]


HOSTILE = "[bold red]BREAKING[/] \x1b[2J\x1b]0;pwned\x07 [link=https://evil.invalid]click[/link] [@click=app.quit]x[/]"


async def test_hostile_titles_render_literally(tmp_path: Path) -> None:
    config = make_config(tmp_path)
    with seeded_store(config, title=HOSTILE) as store:
        app = MonitorApp(config, store, poll_on_start=False)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            wire = table_text(app, "wire")
            assert "[bold red]BREAKING[/]" in wire
            assert "[link=https://evil.invalid" in wire  # cut with "…" at the column's width, still literal
            assert "\x1b" not in wire and "\x07" not in wire
            await pilot.press("4", "enter")  # the detail screen renders the same title safely
            assert isinstance(app.screen, DetailScreen)
            await settle(pilot)


async def test_demo_end_to_end(tmp_path: Path) -> None:
    """The shipped config, polled for real through the file transport, fills all three panes."""
    shutil.copytree(ROOT / "monitor" / "demo", tmp_path / "monitor" / "demo")
    text = (ROOT / "config.toml").read_text(encoding="utf-8")
    (tmp_path / "config.toml").write_text(text, encoding="utf-8")
    config = cfg.load(tmp_path / "config.toml")
    with SqliteStore(config.db_path) as store:
        app = MonitorApp(config, store)
        async with app.run_test(size=SIZE) as pilot:
            await wait_for(pilot, lambda: not app.polling and app.last_poll_end is not None)
            await settle(pilot)
            control = table_text(app, "control")
            assert any("Taliban" in line and "370" in line for line in control.splitlines()), control
            statements = table_text(app, "statements")
            assert any("Lyons" in line for line in statements.splitlines()), statements
            events = table_text(app, "events")
            assert any(line.startswith("2021-06-25") and "Ghani" in line for line in events.splitlines()), events
            health = table_text(app, "health")
            assert "error" not in health, health
            # the teaser-only feed's facts came from its article pages, and the Feeds pane counts them
            assert any("Taliban" in line and "81 of 419 district centres" in line for line in control.splitlines())
            assert any("Milley" in line for line in statements.splitlines()), statements
            assert "3 pages read, 2 failed" in health, health
            await pilot.press("q")
        assert app.return_value == 0


def detail_text(app: MonitorApp) -> str:
    return "\n".join(str(getattr(w.content, "plain", w.content)) for w in app.screen.query(Static))


async def test_opening_an_unread_teaser_reads_its_page_and_shows_where_facts_came_from(tmp_path: Path) -> None:
    from newspage import STORY, TITLE, article_page, feed

    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "story.html").write_bytes(article_page())
    (tmp_path / "pages" / "wall.html").write_bytes(
        b"<html><body><div role='dialog'><h2>Your privacy</h2><p>We and our partners use cookies. Accept all or"
        b" manage choices.</p><button>Accept all</button><button>Reject all</button></div></body></html>"
    )
    (tmp_path / "feed.xml").write_bytes(feed(("s1", "pages/story.html", TITLE), ("s2", "pages/wall.html", "Walled")))
    config = make_config(tmp_path, '[fetch]\nfirst_poll_pages = 0\n[[feeds]]\nname = "Desk"\nurl = "file:feed.xml"\n')
    config = config.model_copy(update={"monitor": config.monitor.model_copy(update={"as_of": None})})
    with SqliteStore(config.db_path) as store:
        app = MonitorApp(config, store)
        async with app.run_test(size=SIZE) as pilot:
            await wait_for(pilot, lambda: not app.polling and app.last_poll_end is not None)
            await settle(pilot)
            assert "14 of 17" not in table_text(app, "control")  # first_poll_pages = 0: nothing read yet
            wire = table_text(app, "wire").splitlines()
            await pilot.press("4", *["down"] * next(n for n, line in enumerate(wire) if TITLE in line), "enter")
            assert isinstance(app.screen, DetailScreen)
            await wait_for(pilot, lambda: "Full article" in detail_text(app))
            text = detail_text(app)
            assert "text and facts read from the linked page" in text and STORY[0] in text
            assert "Khaing Thu Kha" in text  # its facts, read from the article
            await pilot.press("escape")
            await wait_for(pilot, lambda: "14 of 17" in table_text(app, "control"))
            await pilot.press("4", "home", *["down"] * next(n for n, line in enumerate(wire) if "Walled" in line))
            await pilot.press("enter")
            await wait_for(pilot, lambda: "page not used" in detail_text(app))
            assert "cookie or consent page" in detail_text(app) and "retry" not in detail_text(app)
            await pilot.press("escape")
            await wait_for(pilot, lambda: "1 page read, 1 failed" in table_text(app, "health"))


async def test_failing_feed_shows_reason_and_others_still_arrive(tmp_path: Path) -> None:
    shutil.copy(ROOT / "monitor" / "demo" / "un-news.xml", tmp_path / "good.xml")
    config = make_config(
        tmp_path,
        '[[feeds]]\nname = "Good"\nurl = "file:good.xml"\n[[feeds]]\nname = "Bad"\nurl = "file:missing.xml"\n',
    )
    with SqliteStore(config.db_path) as store:
        app = MonitorApp(config, store)
        async with app.run_test(size=SIZE) as pilot:
            await wait_for(pilot, lambda: not app.polling and app.last_poll_end is not None)
            await settle(pilot)
            health = table_text(app, "health").splitlines()
            assert any(line.startswith("Good") and "| ok |" in line for line in health), health
            bad = next(line for line in health if line.startswith("Bad"))
            assert "error" in bad and "not found" in bad
            assert "1 feed failing" in status_text(app)
            assert table_text(app, "wire")


async def test_panes_follow_a_live_server_whose_feed_changes(tmp_path: Path) -> None:
    """End to end over a real socket: the first poll fills the panes, r brings the server's new story in."""
    geneva = (
        "<item><title>Ministers to meet in Geneva</title><guid>b</guid><pubDate>Wed, 23 Jun 2021 12:00:00 GMT"
        "</pubDate><description>Foreign ministers will meet in Geneva on Friday, June 25, to discuss the crisis, "
        "the ministry said.</description></item>"
    )
    first = rss(("a", "Envoy briefs the Council"))
    with FeedServer() as server:
        server.route("/feed", Answer(200, first, {"Content-Type": "application/rss+xml"}))
        config = make_config(tmp_path, f'[[feeds]]\nname = "Live"\nurl = "{server.url("/feed")}"\n')
        with SqliteStore(config.db_path) as store:
            app = MonitorApp(config, store, watch_config=False)
            async with app.run_test(size=SIZE) as pilot:
                await wait_for(pilot, lambda: "Envoy briefs the Council" in table_text(app, "wire"))
                assert "50 of 370" in table_text(app, "control")
                assert "Geneva" not in table_text(app, "events")
                await wait_for(pilot, lambda: not app.polling)
                second = first.replace(b"</channel>", geneva.encode() + b"</channel>")
                server.route("/feed", Answer(200, second, {"Content-Type": "application/rss+xml"}))
                await pilot.press("r")
                await wait_for(pilot, lambda: "Geneva" in table_text(app, "wire"))
                assert any(line.startswith("•") and "Geneva" in line for line in table_text(app, "wire").splitlines())
                events = table_text(app, "events").splitlines()
                assert any(line.startswith("2021-06-25 / tomorrow | Foreign ministers meet") for line in events)


async def test_timers_that_touch_the_panes_stop_before_the_panes_go(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Guards the flaky teardown of tests/test_keys.py (`NoMatches '#status'`).

    At shutdown Textual removes the screens' widgets first and stops the App's own timers after, so a
    timer set on the App could fire into an empty DOM. With the status clock ticking every millisecond the
    window is hit on nearly every teardown; the timers must live on the screen whose widgets they touch.
    """
    from monitor.ui import app as app_module
    from monitor.ui.screens import main as main_screen

    monkeypatch.setattr(main_screen, "STATUS_SECONDS", 0.001)
    monkeypatch.setattr(app_module, "REFRESH_SECONDS", 0.001)
    config = make_config(tmp_path, '[[feeds]]\nname = "UN"\nurl = "file:un.xml"\n')
    with seeded_store(config) as store:
        for _ in range(5):
            app = MonitorApp(config, store, poll_on_start=False)
            async with app.run_test(size=SIZE) as pilot:
                await pilot.pause(0.01)
                app.refresh_soon()


async def test_an_outage_says_offline_and_fails_no_feed(tmp_path: Path) -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    feeds = "".join(f'[[feeds]]\nname = "{n}"\nurl = "http://127.0.0.1:{port}/{n}.xml"\n' for n in ("A", "B"))
    config = make_config(tmp_path, feeds)
    with SqliteStore(config.db_path) as store:
        app = MonitorApp(config, store)
        async with app.run_test(size=SIZE) as pilot:
            await wait_for(pilot, lambda: not app.polling and app.last_poll_end is not None)
            await settle(pilot)
            await pilot.press("r")  # pressing r while the network is down pauses nothing
            await wait_for(pilot, lambda: not app.polling and app.last_poll_end is not None)
            await settle(pilot)
            assert "OFFLINE: no feed's host can be reached, retrying in" in status_text(app)
            assert "failing" not in status_text(app)
            health = table_text(app, "health")
            assert "offline: cannot connect" in health and "failed" not in health, health
            assert {s.status.failures for s in store.feed_states().values()} == {0}
