"""An upcoming event or a statement, whole, with the articles it was read from.

A pane row is one line; these screens show everything behind it: an event's
date, countdown, participants, place and every source with its article's
title, link and the sentence it rests on; a statement's whole quote with its
speaker, role and article. Choosing a source opens the article screen (the
screen is dismissed with that item's id, and the app opens it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...situation import EventRow, StatementRow, countdown
from ...store import StoredItem
from ..widgets import plural, safe

__all__ = ["EventScreen", "Source", "StatementScreen"]


@dataclass(frozen=True)
class Source:
    """An article a fact was read from, and the sentence the fact rests on there."""

    stored: StoredItem | None
    evidence: str
    sentence: str


def _sources(sources: Sequence[Source]) -> OptionList:
    options = []
    for index, source in enumerate(sources):
        prompt = Text()
        if source.stored is None:
            prompt.append("(the article is no longer stored)", style="dim")
        else:
            item = source.stored.item
            prompt.append_text(safe(item.title, "bold"))
            prompt.append("\n")
            prompt.append_text(safe(f"{', '.join(source.stored.feeds)} · {item.published:%Y-%m-%d %H:%M} UTC", "dim"))
            if item.link:
                prompt.append("\n")
                prompt.append_text(safe(item.link, "underline dim"))
        prompt.append("\n")
        sentence = safe(source.sentence or source.evidence)
        found = sentence.plain.find(source.evidence)
        if found >= 0:
            sentence.stylize("bold", found, found + len(source.evidence))
        prompt.append_text(sentence)
        prompt.append("\n")
        options.append(Option(prompt, id=str(index), disabled=source.stored is None))
    return OptionList(*options, id="sources")


class _FactScreen(ModalScreen[str | None]):
    """Dismissed with the item id of the source chosen (Enter), or None (Escape)."""

    BINDINGS = [Binding("escape,q", "dismiss(None)", "Back", id="fact.close")]

    def __init__(self, sources: Sequence[Source]) -> None:
        super().__init__()
        self.sources = list(sources)

    def head(self) -> Text:
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="detail-box"):
            yield Static(self.head(), id="fact-head")
            yield Static(Text("Enter opens the article; Escape goes back.", style="dim"))
            yield _sources(self.sources)

    def on_mount(self) -> None:
        self.query_one("#sources", OptionList).focus(scroll_visible=False)  # the head first; the sources below

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        source = self.sources[int(event.option.id or 0)]
        if source.stored is not None:
            self.dismiss(source.stored.item.id)


class EventScreen(_FactScreen):
    """An upcoming event: when, who, where, and each article that reported it."""

    def __init__(self, row: EventRow, sources: Sequence[Source]) -> None:
        super().__init__(sources)
        self.row = row

    def head(self) -> Text:
        row = self.row
        text = Text()
        text.append(f"{row.date:%A %d %B %Y}", style="bold")
        text.append(f"  ({countdown(row.days)})\n\n", style="green")
        text.append_text(safe(row.title, "bold"))
        text.append("\n")
        if row.participants:
            text.append("\nwho     ", style="bold cyan")
            text.append_text(safe(", ".join(row.participants)))
        if row.location:
            text.append("\nwhere   ", style="bold cyan")
            text.append_text(safe(row.location))
        text.append(f"\n\n{plural(len(self.sources), 'source')}:", style="bold")
        return text


class StatementScreen(_FactScreen):
    """A statement, whole: the quote, who said it in what role, and the article."""

    def __init__(self, row: StatementRow, sources: Sequence[Source]) -> None:
        super().__init__(sources)
        self.row = row

    def head(self) -> Text:
        st = self.row.statement
        text = Text()
        text.append_text(safe(st.speaker, "bold"))
        if st.role:
            text.append(", ")
            text.append_text(safe(st.role, "italic"))
        said = "said" if st.kind == "direct" else "said (reported speech)"
        text.append(f" {said}:\n\n", style="dim")
        text.append_text(safe(f"“{st.quote}”" if st.kind == "direct" else st.quote))
        text.append(f"\n\n{plural(len(self.sources), 'source')}:", style="bold")
        return text
