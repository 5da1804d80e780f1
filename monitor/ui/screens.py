"""Screens stacked over the main one: help, an article, a Control row's history, feed dialogs."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from ..models import ControlClaim, Facts, FeedStatus
from ..pages import worth_retrying
from ..situation import ControlRow, health_note
from ..store import StoredItem
from ..summary import VERB_WORDS, claim_text
from .widgets import ago, safe

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


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


class DetailScreen(ModalScreen[None]):
    """One article: its text with the evidence of every extracted fact highlighted."""

    BINDINGS = [
        Binding("escape,q", "dismiss", "Back", id="detail.close"),
        Binding("o", "app.open_link", "Open link", id="detail.open_link"),
    ]

    def __init__(self, stored: StoredItem, facts: Facts, *, reading: bool = False, fulltext: str = "auto") -> None:
        """`reading`: the article page is being read now, and the screen is shown again when it arrives;
        `fulltext`: the item's feed's setting, to say why a page was not read."""
        super().__init__()
        self.stored = stored
        self.facts = facts
        self.reading = reading
        self.fulltext = fulltext

    async def show(self, stored: StoredItem, facts: Facts, *, reading: bool = False) -> None:
        """Show the item again, e.g. once its article arrived, keeping the screen (and its place on the stack)."""
        self.stored, self.facts, self.reading = stored, facts, reading
        await self.recompose()

    def compose(self) -> ComposeResult:
        item = self.stored.item
        head = Text()
        head.append_text(safe(item.title, "bold"))
        head.append("\n")
        head.append_text(safe(f"{', '.join(self.stored.feeds)} · {item.published:%Y-%m-%d %H:%M} UTC", "dim"))
        if item.link:
            head.append("\n")
            head.append_text(safe(item.link, "underline dim"))
            head.append("  (o opens it)", style="dim")
        head.append("\n")
        head.append_text(page_line(self.stored, reading=self.reading, fulltext=self.fulltext))
        body_text = _CONTROL.sub(" ", item.text)  # same length, so evidence offsets still fit
        body = Text(body_text)
        spans: list[tuple[int, int, str]] = []
        # (a fact only the headline states has its offsets in the title, which is not highlighted)
        spans += [(c.start, c.end, "bold black on yellow") for c in self.facts.counts if not c.in_title]
        spans += [(s.start, s.end, "italic cyan") for s in self.facts.statements if not s.in_title]
        spans += [(e.start, e.end, "bold black on green") for e in self.facts.events if not e.in_title]
        for start, end, style in spans:
            if 0 <= start < end <= len(body_text):
                body.stylize(style, start, end)
        facts = Text("\n\nFacts\n", style="bold")
        for claim in self.facts.counts:
            facts.append_text(safe(f"  {claim.actor or '?'} {VERB_WORDS[claim.verb]} {claim_text(claim)}", "yellow"))
            facts.append("\n")
        for st in self.facts.statements:
            facts.append_text(safe(f"  {st.speaker} ({st.kind}): {st.quote}", "cyan"))
            facts.append("\n")
        for event in self.facts.events:
            facts.append_text(safe(f"  {event.date.isoformat()} {event.title}", "green"))
            facts.append("\n")
        if not (self.facts.counts or self.facts.statements or self.facts.events):
            facts.append("  none found in this article\n", style="dim")
        with VerticalScroll(id="detail-box"):
            yield Static(head, id="detail-head")
            yield Static(body, id="detail-body")
            yield Static(facts, id="detail-facts")


def page_line(stored: StoredItem, *, reading: bool = False, fulltext: str = "auto") -> Text:
    """Where this article's text and facts come from: the full page, or only the feed's teaser and why."""
    page = stored.page
    if page is not None and page.status == "full":
        line = Text("Full article", style="bold green")
        where = "the linked page" if page.url == stored.item.link else f"the page {page.url}"
        line.append_text(safe(f" · text and facts read from {where}", "green"))
        return line
    line = Text("Feed text only", style="bold yellow")
    if reading:
        reason = "reading the article page…"
    elif page is None and not stored.item.link:
        reason = "the item has no link to an article"
    elif page is None:
        reason = 'full text is off for this feed (fulltext = "never")' if fulltext == "never" else "page not read"
    elif page.status == "same":
        reason = f"the page at {page.url} says no more than the feed"
    else:
        again = "; open it again to retry" if worth_retrying(page.reason) else ""
        reason = f"page not used: {page.reason or 'unknown reason'}{again} · {page.url}"
    line.append_text(safe(f" · {reason}", "yellow"))
    return line


class ClaimsScreen(ModalScreen[None]):
    """One Control row: every claim in it, oldest first, with the sentence it rests on."""

    BINDINGS = [Binding("escape,q", "dismiss", "Back", id="claims.close")]

    def __init__(self, row: ControlRow, claims: Sequence[tuple[ControlClaim, str, str]]) -> None:
        """`claims` holds (claim, the sentence around its evidence, the article's title)."""
        super().__init__()
        self.row = row
        self.claims = claims

    def compose(self) -> ComposeResult:
        head = Text()
        head.append_text(safe(f"{self.row.actor} · {self.row.unit} · {VERB_WORDS[self.row.verb]}", "bold"))
        head.append("\naccording to ", style="dim")
        head.append_text(safe(self.row.claimant, "cyan"))
        head.append(f" · {len(self.claims)} claim(s)\n", style="dim")
        body = Text()
        previous: int | None = None
        for claim, sentence, title in self.claims:
            when = claim.published.strftime("%Y-%m-%d %H:%M") if claim.published else "undated"
            body.append(f"\n{when}  ", style="bold")
            body.append_text(safe(claim_text(claim), "bold yellow"))
            if previous is not None and claim.count is not None:
                change = claim.count - previous
                if change:
                    body.append(f"  {change:+d}", style="bold red" if change > 0 else "bold green")
            previous = claim.count if claim.count is not None else previous
            body.append("\n  ")
            body.append_text(safe(f"{title} — {claim.source or ''}", "dim"))
            body.append("\n  ")
            sentence_text = safe(sentence)
            found = sentence_text.plain.find(claim.evidence)
            if found >= 0:
                sentence_text.stylize("bold black on yellow", found, found + len(claim.evidence))
            body.append_text(sentence_text)
            body.append("\n")
        with VerticalScroll(id="detail-box"):
            yield Static(head)
            yield Static(body, id="claims-body")


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
            self.query_one("#feed-name", Input).focus()
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
            yield Label(safe(self.question))
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
