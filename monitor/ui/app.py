"""The full-screen monitor: the app's state and what happens to it.

The app holds the config, the store, the poller, every feed's status and what
is unseen or alerted; `screens.MainScreen` lays the panes out and reads their
rows in a worker thread. Polls run in a worker that reports through typed
messages (see `messages.py`), and the panes are read again when new items or
article pages arrive. A timer asks the poller
which feeds are due, so every feed keeps its own interval and backoff.

With `[monitor] as_of` the app replays: its clock stands at that moment, items
published later are hidden, and countdowns count from it.

config.toml is watched: a valid edit is applied without a restart (new feeds
polled, removed ones dropped, intervals rescheduled, keys and alerts updated);
an invalid one is shown in a banner while the last good config keeps running.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import importlib
import threading
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable
from textual.worker import Worker, WorkerState

from ..alerts import Alert, match_alerts, run_command
from ..config import Config, ConfigError, FeedConfig, load
from ..keymap import APP_KEYS
from ..models import Event, FeedStatus, Statement
from ..situation import sentence_around
from ..store import PollerInfo, Store, open_store
from ..teasers import read_on_open
from .messages import FeedUpdated, PageArrived, PollBegan, PollEnded, StoreChanged, TeamCaughtUp
from .screens import AddFeedScreen, ClaimsScreen, ConfirmScreen, DetailScreen, FeedScreen, HelpScreen
from .screens.facts import EventScreen, Source, StatementScreen
from .screens.main import PANES, MainScreen
from .widgets import ConfigBanner, ControlPane, EventsPane, HealthPane, Pane, StatementsPane, bindings, plural

if TYPE_CHECKING:  # the poller brings the HTTP stack: imported when first used, after the first paint
    from ..poller import Poller, PollEvent

REFRESH_SECONDS = 0.3
ARRIVAL_LOOKBACK = dt.timedelta(minutes=10)
"""How far back a screen following a shared store looks for new stories: a poll may commit after a later one."""
ALERT_TOASTS = 3
"""Alerts shown one by one per feed poll; the rest are counted in one more toast."""


class MonitorApp(App[int]):
    CSS_PATH = Path(__file__).with_name("app.tcss")  # absolute: subclasses (tests, benchmarks) find it too
    TITLE = "monitor"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]

    BINDINGS = [
        *bindings(APP_KEYS),
        *[  # the same key (and id, so [keys] moves both) resumes while paused; check_action shows one
            Binding(s.keys, "resume", "Resume polling", id=s.id, tooltip="Resume polling")
            for s in APP_KEYS
            if s.id == "app.pause"
        ],
        Binding("tab", "next_pane(1)", "Next pane", show=False, id="app.next", priority=True),
        Binding("shift+tab", "next_pane(-1)", "Previous pane", show=False, id="app.previous", priority=True),
    ]

    def __init__(
        self,
        config: Config,
        store: Store,
        poller: Poller | None = None,
        *,
        clock: dt.datetime | None = None,
        poll_on_start: bool = True,
        watch_config: bool = True,
    ) -> None:
        super().__init__()
        self.config = config
        self.store = store
        self._poller = poller
        self._fixed_clock = clock
        self.poll_on_start = poll_on_start
        self.watch_config = watch_config and config.source is not None
        self.statuses: dict[str, FeedStatus] = {}
        self.unseen: set[str] = set()
        self.alerted: set[str] = set()
        self.filter_text = ""
        self.polling: tuple[str, ...] = ()
        self.queued: list[FeedConfig] = []
        self.polled_count = 0
        self.last_poll_end: dt.datetime | None = None
        self.paused = False
        self.offline = False
        """The last poll that went to the network reached no host: the header says so."""
        self.config_error: str | None = None
        self._refresh_timer: Timer | None = None
        self._config_stamp = self._stamp()
        self._load_statuses()
        self.reader = ThreadPoolExecutor(1, thread_name_prefix="monitor-panes")
        """Where pane rows are read from the store, one read at a time, off the UI thread."""
        self.main = MainScreen()
        self.team: tuple[PollerInfo, ...] = ()
        """The `monitor serve` pollers alive on a shared store: while any is, this screen follows, not polls."""
        self._follow_stop = threading.Event()
        self._arrivals_mark = self.wall_now()
        self._arrived: set[str] = set()

    # --- clock -------------------------------------------------------------

    @property
    def poller(self) -> Poller:
        """Made on first use: importing it (httpx, the page reader) would delay the first paint."""
        if self._poller is None:
            from ..poller import Poller

            self._poller = Poller(self.config, self.store)
        return self._poller

    def wall_now(self) -> dt.datetime:
        return self._fixed_clock or dt.datetime.now(dt.UTC)

    def situation_now(self) -> dt.datetime:
        """The moment the situation is shown as of: `as_of` when replaying."""
        return self.config.monitor.as_of or self.wall_now()

    # --- layout ------------------------------------------------------------

    def get_default_screen(self) -> Screen[Any]:
        return self.main

    def on_mount(self) -> None:
        self._apply_theme()
        if self.config.keys:
            self.set_keymap(self.config.keys)
        if self.store.shared:  # a team's store: hear its changes, and leave polling to `monitor serve`
            # a plain thread, not a worker: it lives as long as the screen, and workers are what tests wait out
            threading.Thread(target=self._follow, name="monitor-follow", daemon=True).start()
        if self.poll_on_start:  # after the first paint: the frame shows before the poller is even imported
            self.call_after_refresh(self._first_poll)

    def _first_poll(self) -> None:
        if self.following():
            self.update_status()
            return
        self.start_poll(list(self.config.feeds))

    # --- a shared store ------------------------------------------------------

    def following(self) -> bool:
        """Whether `monitor serve` pollers keep this (shared) store: then this screen reads, and does not poll."""
        if not self.store.shared:
            return False
        self.team = tuple(self.store.alive_pollers(self.wall_now()))
        return bool(self.team)

    def _follow(self) -> None:
        """In a thread: every NOTIFY of the shared store becomes a `StoreChanged` message."""

        def changed(what: str) -> None:
            self.post_message(StoreChanged(what))

        self.store.listen(changed, self._follow_stop)

    def on_store_changed(self, message: StoreChanged) -> None:
        self.run_worker(self._catch_up, thread=True, group="catch-up", exclusive=True, exit_on_error=False)

    def _catch_up(self) -> None:
        """In a thread: read what the team's pollers changed, and the alerts this screen's rules find in it."""
        now = self.wall_now()
        statuses = {name: state.status for name, state in self.store.feed_states().items()}
        team = tuple(self.store.alive_pollers(now))
        alerts: tuple[Alert, ...] = ()
        rules = self.config.alerts.rules(self.config.actor_aliases)
        if team and rules:  # this screen's own polls raise their own alerts
            as_of = self.config.monitor.as_of
            since = min(self._arrivals_mark, now) - ARRIVAL_LOOKBACK  # a poll committed late is still caught
            stories = [
                (stored.item, facts)
                for stored, facts in self.store.arrivals(since=since, known=self._arrived)
                if as_of is None or stored.item.published <= as_of
            ]
            self._arrived.update(item.id for item, _ in stories)
            alerts = tuple(match_alerts(rules, stories))
        self._arrivals_mark = now
        self.post_message(TeamCaughtUp(statuses, team, alerts))

    def on_team_caught_up(self, message: TeamCaughtUp) -> None:
        self.team = message.team
        for name, status in message.statuses.items():
            if name in self.statuses:
                self.statuses[name] = status
        if message.alerts:
            self.raise_alerts(message.alerts)
        self.refresh_soon()
        self.update_status()

    def _apply_theme(self) -> None:
        theme = self.config.monitor.theme
        if theme is None:
            return
        if theme in self.available_themes:
            self.theme = theme
        else:
            known = ", ".join(sorted(self.available_themes))
            self.notify(f"Unknown theme {theme!r} in the config; known: {known}", severity="warning", markup=False)

    def _load_statuses(self) -> None:
        stored = self.store.feed_states()
        self.statuses = {
            feed.name: stored[feed.name].status if feed.name in stored else FeedStatus(name=feed.name, url=feed.url)
            for feed in self.config.feeds
        }

    # --- polling -----------------------------------------------------------

    def poll_due(self) -> None:
        if self.following():
            self.update_status()
            return
        if not self.polling and not self.paused:
            due = self.poller.due(self.wall_now())
            if due:
                self.start_poll(due)

    def start_poll(self, feeds: list[FeedConfig]) -> None:
        if not feeds:
            return
        if self.polling:  # one poll at a time; these go next
            self.queued.extend(f for f in feeds if f not in self.queued)
            return
        self.polling = tuple(f.name for f in feeds)
        self.polled_count = 0
        self.run_worker(self._poll(feeds), group="poll", exclusive=True, exit_on_error=False, name="poll")

    async def _poll(self, feeds: list[FeedConfig]) -> None:
        if self._poller is None:  # the first poll imports the HTTP stack in a thread: the screen keeps answering
            await asyncio.to_thread(importlib.import_module, "monitor.poller")
        await self.poller.poll(feeds, on_event=self._relay)

    def _relay(self, event: PollEvent) -> None:
        """Called in the worker: turn poller events into messages, touch no widget."""
        from ..poller import FeedPolled, PageRead, PollFinished, PollStarted

        if isinstance(event, PollStarted):
            self.post_message(PollBegan(event.feeds))
        elif isinstance(event, FeedPolled):
            self.post_message(FeedUpdated(event.status, event.new_items, event.alerts))
        elif isinstance(event, PageRead):
            self.post_message(PageArrived(event.feed, event.item_id, event.page, event.alerts))
        elif isinstance(event, PollFinished):
            self.post_message(PollEnded(event.statuses, event.offline))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "poll" and event.state in (WorkerState.ERROR, WorkerState.CANCELLED):
            self.polling = ()
            if event.state == WorkerState.ERROR:
                self.notify(f"Polling failed: {event.worker.error!r}", severity="error", markup=False)
        if event.worker.group == "alert-command" and event.state == WorkerState.SUCCESS and event.worker.result:
            self.notify(str(event.worker.result), severity="warning", markup=False)
        if event.worker.group in ("catch-up", "ask-team") and event.state == WorkerState.ERROR:
            self.notify(f"The shared store: {event.worker.error}", severity="error", markup=False)
        if event.worker.group == "feeds" and event.state == WorkerState.ERROR:
            self.notify(str(event.worker.error), title="Feed not changed", severity="error", markup=False)

    def on_poll_began(self, message: PollBegan) -> None:
        self.polling = message.feeds
        self.update_status()

    def on_feed_updated(self, message: FeedUpdated) -> None:
        if message.status.name in self.statuses:
            self.statuses[message.status.name] = message.status
        self.polled_count += 1
        self.unseen.update(item.id for item in message.new_items)
        if message.alerts:
            self.raise_alerts(message.alerts)
        if message.new_items:
            self.refresh_soon()
        else:
            self._show_health()
        self.update_status()

    async def on_page_arrived(self, message: PageArrived) -> None:
        """An article page was read: count it, and show its facts in the panes and on an open article screen."""
        status = self.statuses.get(message.feed)
        if status is not None:
            counter = "pages_failed" if message.page.status == "failed" else "pages_fetched"
            self.statuses[message.feed] = status.model_copy(update={counter: getattr(status, counter) + 1})
        if message.alerts:
            self.raise_alerts(message.alerts)
        screen = self.screen
        if isinstance(screen, DetailScreen) and screen.stored.item.id == message.item_id:
            stored = self.store.item(message.item_id)
            if stored is not None:
                await screen.show(stored, self.store.facts_of(message.item_id))
        if message.page.status == "full":
            self.refresh_soon()
        else:
            self._show_health()

    def refresh_soon(self) -> None:
        """Recompute the panes at most every REFRESH_SECONDS while a big poll streams in new items."""
        if self._refresh_timer is None:
            self._refresh_timer = self.main.set_timer(REFRESH_SECONDS, self._refresh_now)  # see MainScreen.on_mount

    def _refresh_now(self) -> None:
        self._refresh_timer = None
        self.refresh_panes()

    def on_poll_ended(self, message: PollEnded) -> None:
        self.polling = ()
        self.offline = self.poller.offline  # not message.offline: a poll of local files says nothing of the network
        self.last_poll_end = self.wall_now()
        self.refresh_panes()
        self.update_status()
        if self.queued:
            queued, self.queued = self.queued, []
            self.start_poll(queued)

    # --- alerts ------------------------------------------------------------

    def raise_alerts(self, alerts: tuple[Alert, ...]) -> None:
        """Toast, bell and the configured command for new facts that match `[alerts]`."""
        settings = self.config.alerts
        self.alerted.update(alert.item.id for alert in alerts)
        for alert in alerts[:ALERT_TOASTS]:
            self.notify(alert.summary, title=f"Alert: {alert.matched}", severity="warning", timeout=12, markup=False)
        if len(alerts) > ALERT_TOASTS:
            self.notify(f"and {len(alerts) - ALERT_TOASTS} more alert(s) — marked ! in the Wire", markup=False)
        if settings.bell:
            self.bell()
        if settings.command:
            for alert in alerts:
                self.run_worker(
                    lambda a=alert: run_command(settings.command or "", a),
                    group="alert-command",
                    thread=True,
                    exit_on_error=False,
                )

    # --- rendering ---------------------------------------------------------

    def refresh_panes(self) -> None:
        self.main.refresh_panes()

    def _show_health(self) -> None:
        self.main.show_health()

    def update_status(self) -> None:
        self.main.update_status()

    # --- live config -------------------------------------------------------

    def _stamp(self) -> tuple[int, int] | None:
        try:
            info = self.config.source.stat() if self.config.source else None
        except OSError:
            return None
        return (info.st_mtime_ns, info.st_size) if info else None

    def check_config(self) -> None:
        """Reload config.toml when it changed on disk; keep the last good one when it is invalid."""
        stamp = self._stamp()
        if stamp is None or stamp == self._config_stamp or self.config.source is None:
            return
        self._config_stamp = stamp
        banner = self.main.query_one("#config-error", ConfigBanner)
        try:
            new = load(self.config.source)
        except ConfigError as exc:
            self.config_error = str(exc)
            banner.update(Text(f"config.toml not applied — still running the last good config:\n{exc}"))
            banner.display = True
            return
        self.config_error = None
        banner.display = False
        self.apply_config(new)

    def apply_config(self, new: Config) -> None:
        """Apply a changed config without losing state; say what changed."""
        old = self.config
        before = {f.name: f for f in old.feeds}
        after = {f.name: f for f in new.feeds}
        added = [f for name, f in after.items() if name not in before or before[name].url != f.url]
        removed = [name for name in before if name not in after]
        rescheduled = [f for name, f in after.items() if name in before and old.interval_of(before[name])
                       != new.interval_of(f) and f not in added]  # fmt: skip
        self.config = new
        self.poller.reconfigure(new)
        self.set_keymap(new.keys)
        self._apply_theme()
        for name in removed:
            self.statuses.pop(name, None)
        for feed in added:
            self.statuses[feed.name] = FeedStatus(name=feed.name, url=feed.url)
        for feed in rescheduled:
            self.poller.reschedule(feed)
        self._load_statuses()
        self.refresh_panes()
        self.update_status()
        changes = [f"+{len(added)} feed(s)" if added else "", f"−{len(removed)} feed(s)" if removed else "",
                   f"{len(rescheduled)} interval(s) changed" if rescheduled else ""]  # fmt: skip
        if new.store_location != old.store_location:
            changes.append("the new [storage] applies after a restart")
        summary = ", ".join(c for c in changes if c) or "no feed changes"
        self.notify(f"Config reloaded: {summary}", timeout=4, markup=False)
        if added and not self.paused:
            self.start_poll(added)

    # --- actions -----------------------------------------------------------

    def action_help(self) -> None:
        rows: list[tuple[str, str]] = []
        keymap = self.config.keys
        for binding in [*self.BINDINGS, *Pane.BINDINGS]:
            if isinstance(binding, Binding):
                keys = keymap.get(binding.id or "", binding.key_display or binding.key)
                rows.append((keys, f"{binding.description}  [{binding.id}]"))
        rows += [
            ("↑ ↓ PgUp PgDn", "Move inside a pane"),
            ("Enter", "Open: a Control row's history, a Wire item's article"),
            ("Escape", "Close a screen; clear the filter"),
            ("Ctrl+P", "Command palette: every command, themes"),
        ]
        self.push_screen(HelpScreen(rows))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """p pauses, or resumes while paused: the footer shows whichever the key does now."""
        if action == "pause":
            return not self.paused
        if action == "resume":
            return self.paused
        return True

    def action_resume(self) -> None:
        self.action_pause()

    def action_pause(self) -> None:
        self.paused = not self.paused
        self.notify("Polling paused." if self.paused else "Polling resumed.", timeout=2)
        self.refresh_bindings()  # the footer says "Resume polling" while paused
        self.main.show_health()
        self.update_status()

    def action_filter(self) -> None:
        self.main.open_filter()

    def action_clear_filter(self) -> None:
        """Escape on the main screen: clear the filter, whichever pane has the focus."""
        self.main.clear_filter()

    def action_filter_speaker(self) -> None:
        """In Statements: show only the selected row's speaker, in every pane."""
        pane = self.main.query_one("#statements", StatementsPane)
        key = self.main.selected("statements")
        if key is None or key not in pane.rows_by_key:
            self.notify("Select a statement first (3, then ↑ ↓).", timeout=3, markup=False)
            return
        self.main.open_filter(pane.rows_by_key[key].statement.speaker)

    def action_refresh(self) -> None:
        if self.following():
            names = [feed.name for feed in self.config.feeds]
            self.run_worker(lambda: self.store.request_poll(names, now=self.wall_now()), thread=True,
                            group="ask-team", exit_on_error=False)  # fmt: skip
            self.notify(f"Asked the team's {plural(len(self.team), 'poller')} to poll every feed now.", timeout=3)
            return
        if self.polling:
            self.notify("A poll is already running.", timeout=2)
            return
        self.start_poll(list(self.config.feeds))

    def action_focus_pane(self, pane: str) -> None:
        self.main.focus_pane(pane)

    def action_next_pane(self, step: int) -> None:
        """Tab and Shift+Tab cycle through the five panes (also when only one is shown)."""
        if self.screen is not self.main:  # a dialog: the usual focus order
            if step > 0:
                self.screen.focus_next()
            else:
                self.screen.focus_previous()
            return
        self.main.next_pane(step)

    def selected_item_id(self) -> str | None:
        return self.main.selected("wire")

    def action_open(self) -> None:
        item_id = self.selected_item_id()
        if item_id:
            self.open_item(item_id)

    def open_item(self, item_id: str | None) -> None:
        """The article screen of a stored item; its page is read now if it never was (or failed and may not)."""
        stored = self.store.item(item_id) if item_id else None
        if stored is None:
            return
        self.unseen.discard(stored.item.id)
        feed = next((f for f in self.config.feeds if f.name in stored.feeds), None)
        fulltext = self.config.fulltext_of(feed) if feed else "never"
        reading = feed is not None and read_on_open(stored.item, stored.page, fulltext)
        self.push_screen(DetailScreen(stored, self.store.facts_of(stored.item.id), reading=reading, fulltext=fulltext))
        if reading:
            self.run_worker(self._read_page(stored.item.id), group="pages", exit_on_error=False)

    async def _read_page(self, item_id: str) -> None:
        read = await self.poller.read_page_of(item_id)
        if read is not None:
            self.post_message(PageArrived(read.feed, read.item_id, read.page, read.alerts))
            return
        screen, stored = self.screen, self.store.item(item_id)  # nothing to read after all (the poll just did)
        if isinstance(screen, DetailScreen) and screen.stored.item.id == item_id and stored is not None:
            await screen.show(stored, self.store.facts_of(item_id))

    def action_open_link(self) -> None:
        """Open the selected (or shown) article's link in the system browser."""
        if isinstance(self.screen, DetailScreen):
            link = self.screen.stored.item.link
        else:
            item_id = self.selected_item_id()
            stored = self.store.item(item_id) if item_id else None
            link = stored.item.link if stored else None
            if stored is None:
                self.notify("Select a Wire item first (4, then ↑ ↓).", timeout=3, markup=False)
                return
        if not link:
            self.notify("This item has no web link.", timeout=3, markup=False)
            return
        self.open_url(link)
        self.notify(f"Opening {link}", timeout=3, markup=False)

    def action_claims(self) -> None:
        pane = self.main.query_one("#control", ControlPane)
        key = pane.selected_key()
        row = pane.rows_by_key.get(key) if key else None
        if row is None:
            return
        claims = []
        for claim in self.store.claims_in_row(*row.keys, until=self.config.monitor.as_of):
            stored = self.store.item(claim.item_id) if claim.item_id else None
            text = (stored.item.title if claim.in_title else stored.item.text) if stored else ""
            sentence = sentence_around(text, claim.start, claim.end) or claim.evidence
            claims.append((claim, sentence, stored.item.title if stored else ""))
        self.push_screen(ClaimsScreen(row, claims))

    def _source(self, fact: Statement | Event) -> Source:
        stored = self.store.item(fact.item_id) if fact.item_id else None
        text = (stored.item.title if fact.in_title else stored.item.text) if stored else ""
        return Source(stored, fact.evidence, sentence_around(text, fact.start, fact.end))

    def action_open_event(self) -> None:
        pane = self.main.query_one("#events", EventsPane)
        row = pane.rows_by_key.get(pane.selected_key() or "")
        if row is not None:
            self.push_screen(EventScreen(row, [self._source(e) for e in row.events]), self.open_item)

    def action_open_statement(self) -> None:
        pane = self.main.query_one("#statements", StatementsPane)
        row = pane.rows_by_key.get(pane.selected_key() or "")
        if row is not None:
            self.push_screen(StatementScreen(row, [self._source(row.statement)]), self.open_item)

    def action_chart(self) -> None:
        """The selected Control row's actor and unit, every claimant a line, over time."""
        pane = self.main.query_one("#control", ControlPane)
        row = pane.rows_by_key.get(pane.selected_key() or "")
        if row is None:
            self.notify("Select a Control row first (1, then ↑ ↓).", timeout=3, markup=False)
            return
        same = [r for r in pane.rows_by_key.values() if (r.actor, r.unit, r.verb) == (row.actor, row.unit, row.verb)]
        keys = [key for r in same for key in r.keys]
        claims = self.store.claims_in_row(*keys, until=self.config.monitor.as_of)
        from .screens.chart import TrendScreen  # plotext loads only when a chart is asked for

        self.push_screen(TrendScreen(row.actor, row.unit, row.verb, claims))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id == "wire":
            self.action_open()
        elif event.data_table.id == "events":
            self.action_open_event()
        elif event.data_table.id == "statements":
            self.action_open_statement()
        elif event.data_table.id == "control":
            self.action_claims()
        elif event.data_table.id == "health":
            name = self.main.query_one("#health", HealthPane).selected_key()
            if name in self.statuses:
                self.push_screen(FeedScreen(self.statuses[name], self.wall_now()))

    # --- feeds from the screen ---------------------------------------------

    def action_add_feed(self) -> None:
        if self.config.source is None:
            self.notify("No config file to add the feed to.", severity="error", markup=False)
            return

        def added(answer: tuple[str, str] | None) -> None:
            if answer:
                url, name = answer
                self.run_worker(self._add_feed(url, name), group="feeds", exit_on_error=False)

        self.push_screen(AddFeedScreen(), added)

    async def _add_feed(self, url: str, name: str) -> None:
        from ..feeds import add_feed_to_config

        assert self.config.source is not None
        result = await add_feed_to_config(self.config.source, url, name=name or None, client=self.poller.client)
        self.notify(f"Added {result.name}: {result.url}", timeout=4, markup=False)
        self.check_config()

    def action_remove_feed(self) -> None:
        name = self.main.selected("health")
        if name is None or self.config.source is None:
            self.notify("Select a feed in the Feeds pane first (5, then ↑ ↓).", timeout=3, markup=False)
            return
        source: Path = self.config.source

        def answered(yes: bool | None) -> None:
            if yes:
                from ..configfile import remove_feed

                try:
                    remove_feed(source, name)
                except (ValueError, OSError) as exc:
                    self.notify(str(exc), title="Feed not removed", severity="error", markup=False)
                    return
                self.check_config()

        self.push_screen(
            ConfirmScreen(f"Remove the feed {name!r} from {source.name}? Its stored items stay."), answered
        )

    # --- exports -----------------------------------------------------------

    def export(self, fmt: str) -> None:
        """Write an export beside the config file and say where."""
        from ..export import export_to_file

        folder = self.config.base_dir
        try:
            path = export_to_file(self.store, self.config, fmt, folder, now=self.wall_now())
        except (OSError, ValueError) as exc:
            self.notify(str(exc), title="Export failed", severity="error", markup=False)
            return
        self.notify(f"Wrote {path}", title="Export", timeout=6, markup=False)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Refresh now", "Poll every feed now", self.action_refresh)
        yield SystemCommand("Pause or resume polling", "Stop or restart the schedule", self.action_pause)
        yield SystemCommand("Filter every pane", "Show only rows with these words", self.action_filter)
        yield SystemCommand(
            "Chart the selected Control row", "Its actor's figures over time, a line per claimant", self.action_chart
        )
        yield SystemCommand(
            "Add a feed", "Add a feed (or a page that links to one) to config.toml", self.action_add_feed
        )
        yield SystemCommand(
            "Export situation brief (Markdown)", "Write a brief to paste into a report", lambda: self.export("md")
        )
        yield SystemCommand(
            "Export upcoming events (ICS calendar)", "Write a calendar file", lambda: self.export("ics")
        )
        yield SystemCommand(
            "Export facts (CSV)", "Write claims, statements and events as CSV", lambda: self.export("csv")
        )
        yield SystemCommand(
            "Export facts (JSON)", "Write claims, statements and events as JSON", lambda: self.export("json")
        )
        for number, pane in enumerate(PANES, start=1):
            title = self.main.query_one(f"#{pane}", Pane).border_title or pane
            yield SystemCommand(
                f"Go to {str(title)[2:]}", f"Focus pane {number}", lambda p=pane: self.action_focus_pane(p)
            )

    async def action_quit(self) -> None:
        self.exit(0)

    async def on_unmount(self) -> None:
        # A pane read runs in the reader thread on the store's connection: let it finish before the caller
        # closes the store (closing a SQLite connection under a running query crashes the process).
        self._follow_stop.set()
        await asyncio.to_thread(self.reader.shutdown, True)
        if self._poller is not None:
            await self._poller.aclose()


def run_app(config: Config) -> int:
    """Run the monitor until the user quits; the exit code of the process."""
    with open_store(config) as store:
        app = MonitorApp(config, store)
        result = app.run()
    return result if isinstance(result, int) else 0


__all__ = ["MonitorApp", "run_app"]
