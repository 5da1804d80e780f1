"""One Control row's history: every claim, oldest first, with the sentence it rests on."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ...models import ControlClaim
from ...situation import ControlRow
from ...summary import VERB_WORDS, claim_text
from ..widgets import plural, safe


class ClaimsScreen(ModalScreen[None]):
    """One Control row: every claim in it, oldest first, with the sentence it rests on."""

    BINDINGS = [
        Binding("escape,q", "dismiss", "Back", id="claims.close"),
        Binding("c", "app.chart", "Chart", id="claims.chart"),
    ]

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
        head.append(f" · {plural(len(self.claims), 'claim')}   c: chart\n", style="dim")
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
