"""Screens stacked over the main one: help and an article's detail."""

from __future__ import annotations

import re

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ..models import Facts
from ..store import StoredItem
from ..summary import VERB_WORDS, claim_text
from .widgets import safe

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
            "\nPanes: Control (who holds how much, per source), Upcoming events (countdown from the "
            "clock), Statements (who said what), Wire (incoming items), Feeds (health of every feed).\n"
            "Escape closes this help.",
            style="dim",
        )
        with VerticalScroll(id="help-box"):
            yield Static(text)


class DetailScreen(ModalScreen[None]):
    """One article: its text with the evidence of every extracted fact highlighted."""

    BINDINGS = [Binding("escape,q", "dismiss", "Back", id="detail.close")]

    def __init__(self, stored: StoredItem, facts: Facts) -> None:
        super().__init__()
        self.stored = stored
        self.facts = facts

    def compose(self) -> ComposeResult:
        item = self.stored.item
        head = Text()
        head.append_text(safe(item.title, "bold"))
        head.append("\n")
        head.append_text(safe(f"{', '.join(self.stored.feeds)} · {item.published:%Y-%m-%d %H:%M} UTC", "dim"))
        if item.link:
            head.append("\n")
            head.append_text(safe(item.link, "underline dim"))
        body_text = _CONTROL.sub(" ", item.text)  # same length, so evidence offsets still fit
        body = Text(body_text)
        spans: list[tuple[int, int, str]] = []
        spans += [(c.start, c.end, "bold black on yellow") for c in self.facts.counts]
        spans += [(s.start, s.end, "italic cyan") for s in self.facts.statements]
        spans += [(e.start, e.end, "bold black on green") for e in self.facts.events]
        for start, end, style in spans:
            if 0 <= start < end <= len(body_text):
                body.stylize(style, start, end)
        facts = Text("\n\nFacts\n", style="bold")
        for claim in self.facts.counts:
            facts.append_text(safe(f"  {claim.actor or '?'} {VERB_WORDS[claim.verb]} {claim_text(claim)}\n",
                                   "yellow"))
        for st in self.facts.statements:
            facts.append_text(safe(f"  {st.speaker} ({st.kind}): {st.quote}\n", "cyan"))
        for event in self.facts.events:
            facts.append_text(safe(f"  {event.date.isoformat()} {event.title}\n", "green"))
        with VerticalScroll(id="detail-box"):
            yield Static(head, id="detail-head")
            yield Static(body, id="detail-body")
            yield Static(facts, id="detail-facts")
