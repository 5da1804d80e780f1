"""An article: its text with the evidence of every fact highlighted, and where the text came from."""

from __future__ import annotations

import re

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ...models import Facts
from ...store import StoredItem
from ...summary import VERB_WORDS, claim_text
from ...teasers import worth_retrying
from ..widgets import safe

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


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
