"""Small screens over the main one: help, a feed's health, adding a feed, a yes/no question."""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from ...models import FeedStatus
from ...situation import health_note
from ..widgets import ago, safe


class HelpScreen(ModalScreen[None]):
    """Every binding of the app and its panes, generated from the bindings themselves."""

    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close", id="help.close")]

    def __init__(self, rows: list[tuple[str, str]]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        text = Text("Keys\n\n", style="bold")
        for keys, description in self.rows:
            text.append(f"{keys:>16}  ", style="bold cyan")
            text.append(f"{description}\n")
        text.append(
            "\nPanes: Control (who holds how much, per source; Enter shows a row's history), Upcoming events "
            "(countdown from the clock), Statements (who said what; ★ marks watched speakers), Wire (incoming "
            "items; • new, ! alert), Feeds (health of every feed).\n"
            "Ctrl+P opens the command palette. Remap keys in config.toml under [keys] with the ids in brackets.\n"
            "Escape closes this help.",
            style="dim",
        )
        with VerticalScroll(id="help-box"):
            yield Static(text)


class AddFeedScreen(ModalScreen[tuple[str, str] | None]):
    """Ask for a feed (or a page that links to one) and an optional name."""

    BINDINGS = [Binding("escape", "dismiss_none", "Cancel", id="addfeed.cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label("Add a feed: its URL, or a web page that links to one")
            yield Input(placeholder="https://…", id="feed-url")
            yield Input(placeholder="name (optional: taken from the feed's title)", id="feed-name")
            with Horizontal(id="dialog-buttons"):
                yield Button("Add", variant="primary", id="add")
                yield Button("Cancel", id="cancel")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "feed-url":
            self.set_focus(self.query_one("#feed-name", Input))  # now: what is typed next is the name's
        else:
            self._submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "add":
            self._submit()
        else:
            self.dismiss(None)

    def _submit(self) -> None:
        url = self.query_one("#feed-url", Input).value.strip()
        if not url:
            self.notify("Type the feed's URL first.", severity="warning", markup=False)
            return
        self.dismiss((url, self.query_one("#feed-name", Input).value.strip()))

    def action_dismiss_none(self) -> None:
        self.dismiss(None)


class ConfirmScreen(ModalScreen[bool]):
    """A yes/no question; y or Enter says yes, n or Escape says no."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(safe(self.question), id="question")  # a Static wraps; a Label would cut a long name
            with Horizontal(id="dialog-buttons"):
                yield Button("Yes (y)", variant="error", id="yes")
                yield Button("No (n)", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class FeedScreen(ModalScreen[None]):
    """Everything known about one feed's health, untruncated."""

    BINDINGS = [Binding("escape,q", "dismiss", "Back", id="feed.close")]

    def __init__(self, status: FeedStatus, now: dt.datetime) -> None:
        super().__init__()
        self.status = status
        self.now = now

    def compose(self) -> ComposeResult:
        s = self.status
        text = Text()
        text.append_text(safe(s.name, "bold"))
        text.append("\n")
        text.append_text(safe(s.url, "dim"))
        text.append("\n\n")
        rows = [
            ("status", {"not_modified": "unchanged (304)"}.get(s.status, s.status)),
            ("HTTP status", str(s.http_status or "—")),
            ("items stored", str(s.items)),
            ("last poll", _when(s.last_poll, self.now)),
            ("last success", _when(s.last_success, self.now)),
            ("next poll", _when(s.next_poll, self.now)),
            ("failures in a row", str(s.failures)),
            ("article pages read", str(s.pages_fetched)),
            ("article pages failed", str(s.pages_failed)),
        ]
        if s.retry_until:
            rows.append(("server asked to wait until", _when(s.retry_until, self.now)))
        for label, value in rows:
            text.append(f"{label:>28}  ", style="bold cyan")
            text.append_text(safe(value))
            text.append("\n")
        note = health_note(s, self.now)
        if note:
            text.append("\n")
            text.append_text(safe(note, "red" if s.error else "yellow"))
            text.append("\n")
        text.append("\nr polls every feed now; x in the Feeds pane removes a feed.", style="dim")
        with VerticalScroll(id="help-box"):
            yield Static(text)


def _when(value: dt.datetime | None, now: dt.datetime) -> str:
    if value is None:
        return "never"
    return f"{value.astimezone(dt.UTC):%Y-%m-%d %H:%M:%S} UTC ({ago(value, now)})"
