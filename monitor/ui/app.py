"""The full-screen monitor.

On start the panes are filled from the store at once; polls then run in a
worker that reports through typed messages (see `messages.py`), and the panes
are recomputed from the store when new items arrive. A timer asks the poller
which feeds are due, so every feed keeps its own interval and backoff.

With `[monitor] as_of` the app replays: its clock stands at that moment, items
published later are hidden, and countdowns count from it.
"""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Footer, Static
from textual.worker import Worker, WorkerState

from ..config import Config, FeedConfig
from ..models import FeedStatus
from ..poller import FeedPolled, PollEvent, Poller, PollFinished, PollStarted
from ..situation import control_rows, event_rows, matches, statement_rows
from ..store import Store
from .messages import FeedUpdated, PollBegan, PollEnded
from .screens import DetailScreen, HelpScreen
from .widgets import ControlPane, EventsPane, HealthPane, Pane, StatementsPane, WirePane

PANES = ("control", "events", "statements", "wire", "health")
DUE_CHECK_SECONDS = 15.0


class StatusBar(Static):
    """Top line: the clock (or replay moment), poll progress and freshness."""


class MonitorApp(App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "monitor"

    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark", "help", "Help", key_display="?", id="app.help"),
        Binding("r", "refresh", "Refresh", id="app.refresh"),
        Binding("1", "focus_pane('control')", "Control", show=False, id="app.pane1"),
        Binding("2", "focus_pane('events')", "Events", show=False, id="app.pane2"),
        Binding("3", "focus_pane('statements')", "Statements", show=False, id="app.pane3"),
        Binding("4", "focus_pane('wire')", "Wire", show=False, id="app.pane4"),
        Binding("5", "focus_pane('health')", "Feeds", show=False, id="app.pane5"),
        Binding("tab", "app.focus_next", "Next pane", show=False, id="app.next"),
        Binding("shift+tab", "app.focus_previous", "Previous pane", show=False, id="app.previous"),
    ]

    def __init__(
        self,
        config: Config,
        store: Store,
        poller: Poller | None = None,
        *,
        clock: dt.datetime | None = None,
        poll_on_start: bool = True,
    ) -> None:
        super().__init__()
        self.config = config
        self.store = store
        self.poller = poller or Poller(config, store)
        self._fixed_clock = clock
        self.poll_on_start = poll_on_start
        self.statuses: dict[str, FeedStatus] = {}
        self.unseen: set[str] = set()
        self.filter_text = ""
        self.polling: tuple[str, ...] = ()
        self.polled_count = 0
        self.last_poll_end: dt.datetime | None = None

    # --- clock -------------------------------------------------------------

    def wall_now(self) -> dt.datetime:
        return self._fixed_clock or dt.datetime.now(dt.UTC)

    def situation_now(self) -> dt.datetime:
        """The moment the situation is shown as of: `as_of` when replaying."""
        return self.config.monitor.as_of or self.wall_now()

    # --- layout ------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield StatusBar(id="status")
        with Vertical(id="main"):
            with Horizontal(id="top"):
                yield ControlPane("1 Control", id="control")
                yield EventsPane("2 Upcoming events", id="events")
            yield StatementsPane("3 Statements", id="statements")
            with Horizontal(id="bottom"):
                yield WirePane("4 Wire", id="wire")
                yield HealthPane("5 Feeds", id="health")
        yield Footer()

    def on_mount(self) -> None:
        for name, state in self.store.feed_states().items():
            if any(f.name == name for f in self.config.feeds):
                self.statuses[name] = state.status
        for feed in self.config.feeds:
            self.statuses.setdefault(feed.name, FeedStatus(name=feed.name, url=feed.url))
        self.refresh_panes()
        self.query_one("#control", ControlPane).focus()
        if self.poll_on_start:
            self.start_poll(list(self.config.feeds))
        self.set_interval(DUE_CHECK_SECONDS, self.poll_due)
        self.set_interval(1.0, self.update_status)

    # --- polling -----------------------------------------------------------

    def poll_due(self) -> None:
        if not self.polling:
            due = self.poller.due(self.wall_now())
            if due:
                self.start_poll(due)

    def start_poll(self, feeds: list[FeedConfig]) -> None:
        if self.polling or not feeds:
            return
        self.polling = tuple(f.name for f in feeds)
        self.polled_count = 0
        self.run_worker(self._poll(feeds), group="poll", exclusive=True, exit_on_error=False, name="poll")

    async def _poll(self, feeds: list[FeedConfig]) -> None:
        await self.poller.poll(feeds, on_event=self._relay)

    def _relay(self, event: PollEvent) -> None:
        """Called in the worker: turn poller events into messages, touch no widget."""
        if isinstance(event, PollStarted):
            self.post_message(PollBegan(event.feeds))
        elif isinstance(event, FeedPolled):
            self.post_message(FeedUpdated(event.status, event.new_items))
        elif isinstance(event, PollFinished):
            self.post_message(PollEnded(event.statuses))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "poll" and event.state in (WorkerState.ERROR, WorkerState.CANCELLED):
            self.polling = ()
            if event.state == WorkerState.ERROR:
                self.notify(Text(f"Polling failed: {event.worker.error!r}"), severity="error", markup=False)

    def on_poll_began(self, message: PollBegan) -> None:
        self.polling = message.feeds
        self.update_status()

    def on_feed_updated(self, message: FeedUpdated) -> None:
        self.statuses[message.status.name] = message.status
        self.polled_count += 1
        self.unseen.update(item.id for item in message.new_items)
        if message.new_items:
            self.refresh_panes()
        else:
            self._show_health()
        self.update_status()

    def on_poll_ended(self, message: PollEnded) -> None:
        self.polling = ()
        self.last_poll_end = self.wall_now()
        self.refresh_panes()
        self.update_status()

    # --- rendering ---------------------------------------------------------

    def refresh_panes(self) -> None:
        until = self.config.monitor.as_of
        now = self.situation_now()
        query = self.filter_text
        statements = self.store.statements(until=until)
        claims = self.store.claims(until=until)
        rows = control_rows(claims, statements)
        if query:
            rows = [r for r in rows if matches(query, r.actor, r.unit, r.claimant, r.latest.evidence)]
        self.query_one("#control", ControlPane).show(rows)

        events = event_rows(self.store.events(until=until, on_or_after=now.date() - dt.timedelta(days=7)),
                            now.date())
        if query:
            events = [e for e in events if matches(query, e.title, e.location, *e.participants)]
        self.query_one("#events", EventsPane).show(events)

        srows = statement_rows(statements)
        if query:
            srows = [s for s in srows if matches(query, s.statement.speaker, s.statement.role, s.statement.quote)]
        self.query_one("#statements", StatementsPane).show(srows)

        items = self.store.items(until=until, limit=300)
        if query:
            items = [i for i in items if matches(query, i.item.title, i.item.summary)]
        self.query_one("#wire", WirePane).show(items, self.unseen)
        self._show_health()

    def _show_health(self) -> None:
        order = [f.name for f in self.config.feeds]
        statuses = [self.statuses[name] for name in order if name in self.statuses]
        self.query_one("#health", HealthPane).show(statuses, self.wall_now())

    def update_status(self) -> None:
        now = self.situation_now()
        line = Text()
        line.append(" monitor ", style="bold reverse")
        if self.config.monitor.as_of:
            line.append(f"  REPLAY as of {now:%a %Y-%m-%d %H:%M} UTC", style="bold yellow")
        else:
            line.append(f"  {now.astimezone():%a %Y-%m-%d %H:%M:%S}")
        if self.polling:
            line.append(f"   polling {self.polled_count}/{len(self.polling)} feeds", style="cyan")
        elif self.last_poll_end:
            line.append(f"   last poll {self.last_poll_end.astimezone():%H:%M:%S}", style="green")
        failing = sum(1 for s in self.statuses.values() if s.status == "error")
        if failing:
            line.append(f"   {failing} feed(s) failing", style="bold red")
        if self.filter_text:
            line.append("   filter: ", style="dim")
            line.append(self.filter_text, style="bold")
        self.query_one("#status", StatusBar).update(line)

    # --- actions -----------------------------------------------------------

    def action_help(self) -> None:
        rows: list[tuple[str, str]] = []
        for binding in [*self.BINDINGS, *Pane.BINDINGS]:
            if isinstance(binding, Binding):
                rows.append((binding.key_display or binding.key, binding.description))
        rows += [("↑ ↓ PgUp PgDn", "Move inside a pane"), ("Enter", "Open the selected wire item"),
                 ("Escape", "Close a screen")]
        self.push_screen(HelpScreen(rows))

    def action_refresh(self) -> None:
        if self.polling:
            self.notify("A poll is already running.", timeout=2)
            return
        self.start_poll(list(self.config.feeds))

    def action_focus_pane(self, pane: str) -> None:
        self.query_one(f"#{pane}", DataTable).focus()

    def action_open(self) -> None:
        wire = self.query_one("#wire", WirePane)
        if self.focused is not wire or not wire.row_count:
            return
        item_id = wire.coordinate_to_cell_key(wire.cursor_coordinate).row_key.value
        if item_id is None:
            return
        stored = self.store.item(item_id)
        if stored is None:
            return
        self.unseen.discard(item_id)
        self.push_screen(DetailScreen(stored, self.store.facts_of(item_id)))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id == "wire":
            self.action_open()

    async def action_quit(self) -> None:
        self.exit(0)

    async def on_unmount(self) -> None:
        await self.poller.aclose()


def run_app(config: Config) -> int:
    """Run the monitor until the user quits; the exit code of the process."""
    with Store(config.db_path) as store:
        app = MonitorApp(config, store)
        result = app.run()
    return result if isinstance(result, int) else 0


__all__ = ["MonitorApp", "run_app"]
