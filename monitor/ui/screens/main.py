"""The main screen: the five panes, the status line, the filter and the footer.

The app owns the state (config, store, poller, feed statuses, what is unseen or
alerted); this screen lays it out. Pane rows are read from the store in a
worker thread (`panedata.load_panes`) and shown when they arrive: the first
paint never waits for the store, and a filter keystroke never freezes the
screen, however big (or far away) the store is.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input

from ...models import FeedStatus
from ..panedata import PaneData, load_panes
from ..widgets import (
    ConfigBanner,
    ControlPane,
    EventsPane,
    FilterBar,
    HealthPane,
    Pane,
    PaneTabs,
    StatementsPane,
    StatusBar,
    WirePane,
    ago,
    plural,
)

if TYPE_CHECKING:
    from ..app import MonitorApp

__all__ = ["PANES", "MainScreen"]

PANES = ("control", "events", "statements", "wire", "health")
DUE_CHECK_SECONDS = 15.0
STATUS_SECONDS = 1.0
CONFIG_CHECK_SECONDS = 2.0


def is_offline(status: FeedStatus) -> bool:
    """A feed marked failing only because nothing at all could be reached (see `feedstatus.Offline`)."""
    return (status.error or "").startswith("offline:")


class MainScreen(Screen[None]):
    """The situation at a glance; on a narrow terminal, one pane at a time under a tab line."""

    BINDINGS = [Binding("escape", "app.clear_filter", "Clear filter", show=False, id="main.clear_filter")]

    def __init__(self) -> None:
        super().__init__()
        self._requested = 0
        self._shown = 0
        self.data: PaneData | None = None

    @property
    def monitor(self) -> MonitorApp:
        return cast("MonitorApp", self.app)

    def compose(self) -> ComposeResult:
        yield StatusBar(id="status")
        yield ConfigBanner(id="config-error")
        yield PaneTabs(id="tabs")
        with Vertical(id="main"):
            with Horizontal(id="top"):
                yield ControlPane("1 Control", id="control")
                yield EventsPane("2 Upcoming events", id="events")
            yield StatementsPane("3 Statements", id="statements")
            with Horizontal(id="bottom"):
                yield WirePane("4 Wire", id="wire")
                yield HealthPane("5 Feeds", id="health")
        yield FilterBar(placeholder="Filter every pane: words to match, Enter to keep, Escape to clear", id="filter")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#config-error", ConfigBanner).display = False
        app = self.monitor
        # The timers live on this screen, not on the App: at shutdown Textual stops a screen's timers before
        # it removes the screen's widgets, but the App's only after every screen is gone, so an App timer
        # could fire into an empty DOM (NoMatches '#status').
        self.set_interval(DUE_CHECK_SECONDS, app.poll_due)
        self.set_interval(STATUS_SECONDS, self.update_status)
        if app.watch_config:
            self.set_interval(CONFIG_CHECK_SECONDS, app.check_config)
        self.focus_pane("control")
        self.show_health()
        self.update_status()
        self.call_after_refresh(self.refresh_panes)  # after the first paint: the frame shows before the store is read

    # --- panes -------------------------------------------------------------

    def refresh_panes(self) -> None:
        """Read every pane's rows again, off the UI thread; the newest request wins."""
        self._requested += 1
        self.run_worker(self._read(self._requested), group="panes", exit_on_error=False)
        self.show_health()

    async def _read(self, ticket: int) -> None:
        app = self.monitor
        query, now = app.filter_text, app.situation_now()
        loop = asyncio.get_running_loop()
        try:  # the app's one reader thread: reads never overlap, and the app waits for the last before it ends
            data = await loop.run_in_executor(app.reader, load_panes, app.store, app.config, query, now)
        except Exception as exc:
            self.notify(f"Could not read the store: {exc!r}", severity="error", markup=False)
            return
        if ticket > self._shown:  # a slower, older read must not overwrite a newer one
            self._shown = ticket
            self.show(data)

    @property
    def settled(self) -> bool:
        """Whether the panes show the latest read (tests and benchmarks wait for it)."""
        return self._shown == self._requested and self._requested > 0

    def show(self, data: PaneData) -> None:
        self.data = data
        app = self.monitor
        empty = f"nothing matches “{data.query}”" if data.query else None
        self.query_one("#control", ControlPane).show(data.control, empty=_emptied(data, "control", empty))
        self.query_one("#events", EventsPane).show(data.events, empty=_emptied(data, "events", empty))
        watched = app.config.alerts.rules().watches_speaker
        self.query_one("#statements", StatementsPane).show(
            data.statements, watched, empty=_emptied(data, "statements", empty)
        )
        self.query_one("#wire", WirePane).show(data.wire, app.unseen, app.alerted, empty=_emptied(data, "wire", empty))

    def show_health(self) -> None:
        app = self.monitor
        statuses = [app.statuses[feed.name] for feed in app.config.feeds if feed.name in app.statuses]
        self.query_one("#health", HealthPane).show(statuses, app.wall_now(), paused=app.paused)

    def update_status(self) -> None:
        app = self.monitor
        now = app.situation_now()
        line = Text()
        line.append(" monitor ", style="bold reverse")
        if app.config.monitor.as_of:
            line.append(f"  REPLAY as of {now.astimezone(dt.UTC):%a %Y-%m-%d %H:%M} UTC", style="bold yellow")
        else:
            line.append(f"  {now.astimezone():%a %Y-%m-%d %H:%M:%S}")
        if app.paused:
            line.append("   PAUSED (p resumes)", style="bold magenta")
        if app.team:
            line.append(f"   shared store, {plural(len(app.team), 'poller')} polling", style="cyan")
        if app.polling:
            line.append(f"   polling {app.polled_count}/{plural(len(app.polling), 'feed')}", style="cyan")
        elif app.last_poll_end:
            line.append(f"   last poll {app.last_poll_end.astimezone():%H:%M:%S}", style="green")
        if app.offline:
            retry = min((s.next_poll for s in app.statuses.values() if s.next_poll and is_offline(s)), default=None)
            when = f", retrying {ago(retry, app.wall_now())}" if retry and not app.paused else ""
            line.append(f"   OFFLINE: no feed's host can be reached{when}", style="bold red")
        failing = sum(1 for s in app.statuses.values() if s.status == "error" and not is_offline(s))
        if failing:
            line.append(f"   {plural(failing, 'feed')} failing", style="bold red")
        if app.filter_text:
            line.append("   filter: ", style="dim")
            line.append_text(Text(app.filter_text, style="bold"))
        self.query_one("#status", StatusBar).update(line)

    # --- focus -------------------------------------------------------------

    def focus_pane(self, pane: str) -> None:
        """Focus a pane now, not after the keys already queued: `Widget.focus` defers to the next turn, so
        "4" typed with Enter opened the row of the pane focused before."""
        widget = self.query_one(f"#{pane}", Pane)
        self._mark_current(widget)  # first: a hidden pane (narrow terminal) cannot take focus
        self.set_focus(widget)

    def next_pane(self, step: int) -> None:
        """Tab and Shift+Tab cycle through the five panes (also when only one is shown)."""
        if not isinstance(self.focused, Pane):
            if step > 0:  # the filter: the usual focus order
                self.focus_next()
            else:
                self.focus_previous()
            return
        current = self.focused.id
        index = PANES.index(current) if current in PANES else -step
        self.focus_pane(PANES[(index + step) % len(PANES)])

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Mark the focused pane, so a narrow terminal shows it alone (and the tab line says which)."""
        if isinstance(event.widget, Pane):
            self._mark_current(event.widget)

    def _mark_current(self, current: Pane) -> None:
        for pane in self.query(Pane):
            pane.set_class(pane is current, "-current")
        for container in self.query("#top, #bottom"):
            container.set_class(current in container.children, "-has-current")
        self.query_one("#tabs", PaneTabs).show(
            [(pane.id or "", str(pane.border_title or "")) for pane in self.query(Pane)], current.id or ""
        )

    def selected(self, pane: str) -> str | None:
        """The key of the selected row of `pane`, when that pane has the focus."""
        widget = self.query_one(f"#{pane}", Pane)
        return widget.selected_key() if self.focused is widget else None

    # --- the filter --------------------------------------------------------

    def open_filter(self, value: str | None = None) -> None:
        bar = self.query_one("#filter", FilterBar)
        bar.display = True
        if value is not None:
            bar.value = value  # posts Input.Changed, which applies the filter
        else:
            self.set_focus(bar)  # now: the letters typed right after "/" are the filter's (see `focus_pane`)

    def clear_filter(self) -> None:
        """Escape from any pane: drop the filter and show everything again."""
        bar = self.query_one("#filter", FilterBar)
        if bar.value or bar.display:
            bar.action_clear()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "filter":
            self.monitor.filter_text = event.value.strip()
            self.refresh_panes()
            self.update_status()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "filter":
            self.focus_pane("control")
            if not self.monitor.filter_text:
                event.input.display = False

    def on_filter_bar_cleared(self, event: FilterBar.Cleared) -> None:
        self.monitor.filter_text = ""
        self.refresh_panes()
        self.update_status()
        self.focus_pane("control")


def _emptied(data: PaneData, pane: str, empty: str | None) -> str | None:
    """What an empty pane says: that the filter matched nothing, when it had rows without it."""
    return empty if empty and data.unfiltered.get(pane) else None
