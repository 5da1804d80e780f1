"""The panes: tables that render situation rows as plain, styled text.

Every string from a feed reaches the screen through `safe()`, which strips
terminal control sequences and wraps it in `rich.text.Text`, so a title such as
"[bold red]x[/]" shows literally instead of being parsed as markup (a stray "[/]"
in markup would crash the app at render time).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable

from ..models import FeedStatus
from ..situation import ControlRow, EventRow, StatementRow, countdown
from ..store import StoredItem
from ..summary import VERB_WORDS, claim_text
from ..text import clean_text


def safe(value: object, style: str = "") -> Text:
    """Untrusted text as a Rich Text: never markup, never escape sequences."""
    return Text(clean_text("" if value is None else str(value)).replace("\n", " "), style=style)


def _date(value: dt.datetime | dt.date | None) -> Text:
    if value is None:
        return Text("—", style="dim")
    if isinstance(value, dt.datetime):
        value = value.date()
    return Text(value.isoformat())


def _ago(when: dt.datetime | None, now: dt.datetime) -> str:
    if when is None:
        return "never"
    seconds = (now - when).total_seconds()
    future = seconds < 0
    seconds = abs(seconds)
    if seconds < 90:
        text = f"{int(seconds)} s"
    elif seconds < 5400:
        text = f"{int(seconds // 60)} min"
    elif seconds < 129600:
        text = f"{int(seconds // 3600)} h"
    else:
        text = f"{int(seconds // 86400)} d"
    return f"in {text}" if future else f"{text} ago"


class Pane(DataTable[Text]):
    """A keyboard-driven table with vim-style movement."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="pane.down"),
        Binding("k", "cursor_up", "Up", show=False, id="pane.up"),
        Binding("g", "scroll_top", "Top", show=False, id="pane.top"),
        Binding("G", "scroll_bottom", "Bottom", show=False, id="pane.bottom"),
    ]

    COLUMNS: Sequence[tuple[str, str, int | None]] = ()
    """(key, label, width) of every column; width None sizes to content."""

    def __init__(self, title: str, *, id: str) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.border_title = title

    def on_mount(self) -> None:
        for key, label, width in self.COLUMNS:
            self.add_column(label, key=key, width=width)

    def action_scroll_top(self) -> None:
        self.move_cursor(row=0)

    def action_scroll_bottom(self) -> None:
        self.move_cursor(row=max(self.row_count - 1, 0))

    def replace_rows(self, rows: Sequence[tuple[str, Sequence[Text]]], *, height: int | None = 1) -> None:
        """Swap in new rows, keeping the cursor on the same row key when it still exists."""
        keep = None
        if self.row_count and self.cursor_row >= 0:
            try:
                keep = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
            except Exception:  # the cursor can point past the end after a resize
                keep = None
        self.clear()
        for key, cells in rows:
            self.add_row(*cells, key=key, height=height)
        if keep is not None:
            try:
                self.move_cursor(row=self.get_row_index(keep))
            except Exception:  # that row is gone
                pass


class ControlPane(Pane):
    COLUMNS = (
        ("actor", "Actor", 18),
        ("claim", "Claim", 34),
        ("change", "Δ", 5),
        ("trend", "Trend", 8),
        ("by", "According to", 22),
        ("date", "Date", 10),
    )

    def show(self, rows: Sequence[ControlRow]) -> None:
        self.rows_shown = list(rows)
        out = []
        for index, row in enumerate(rows):
            claim = row.latest
            change = row.change
            delta = Text("")
            if change:
                delta = Text(f"{change:+d}", style="bold red" if change > 0 else "bold green")
            out.append(
                (
                    f"c{index}",
                    [
                        safe(row.actor, "bold"),
                        safe(f"{VERB_WORDS[claim.verb]} {claim_text(claim)}"),
                        delta,
                        Text(row.sparkline, style="yellow"),
                        safe(row.claimant, "cyan"),
                        _date(claim.published),
                    ],
                )
            )
        self.replace_rows(out)


class StatementsPane(Pane):
    COLUMNS = (
        ("speaker", "Speaker", 30),
        ("quote", "Quote", 82),
        ("source", "Source", 16),
        ("date", "Date", 10),
    )

    def show(self, rows: Sequence[StatementRow], watched: Sequence[str] = ()) -> None:
        out = []
        for index, row in enumerate(rows):
            st = row.statement
            speaker = Text.assemble(safe(st.speaker, "bold"))
            if st.role:
                speaker.append_text(safe(f", {st.role}", "dim"))
            quote = safe(f"“{st.quote}”" if st.kind == "direct" else st.quote, "" if st.kind == "direct" else "italic")
            source = ", ".join(row.sources) or "—"
            out.append((f"s{index}", [speaker, quote, safe(source, "cyan"), _date(st.published)]))
        self.replace_rows(out)


class EventsPane(Pane):
    COLUMNS = (
        ("date", "Date", 10),
        ("when", "When", 11),
        ("title", "Event", 34),
        ("who", "Who / where", 26),
        ("src", "Src", 3),
    )

    def show(self, rows: Sequence[EventRow]) -> None:
        out = []
        for index, row in enumerate(rows):
            style = "bold reverse" if row.days == 0 else ("dim" if row.days < 0 else "")
            who = ", ".join(row.participants)
            if row.location:
                who = f"{who} · {row.location}" if who else row.location
            out.append(
                (
                    f"e{index}",
                    [
                        Text(row.date.isoformat(), style=style or "bold"),
                        Text(countdown(row.days), style=style or "green"),
                        safe(row.title, style),
                        safe(who or "—", "dim"),
                        Text(str(len(row.sources) or 1), style="cyan"),
                    ],
                )
            )
        self.replace_rows(out)


class WirePane(Pane):
    COLUMNS = (
        ("new", "", 1),
        ("time", "Published", 16),
        ("feed", "Feed", 16),
        ("title", "Title", 60),
    )

    def show(self, items: Sequence[StoredItem], unseen: set[str]) -> None:
        out = []
        for stored in items:
            item = stored.item
            mark = Text("•", style="bold yellow") if item.id in unseen else Text(" ")
            when = item.published.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M")
            out.append((item.id, [mark, Text(when), safe(", ".join(stored.feeds), "cyan"), safe(item.title)]))
        self.replace_rows(out)


class HealthPane(Pane):
    COLUMNS = (
        ("feed", "Feed", 18),
        ("status", "Status", 12),
        ("items", "Items", 5),
        ("last", "Last poll", 11),
        ("next", "Next", 11),
        ("error", "Problem", 50),
    )

    STYLES = {"ok": "green", "not_modified": "green", "error": "bold red", "pending": "yellow"}

    def show(self, statuses: Sequence[FeedStatus], now: dt.datetime) -> None:
        out = []
        for status in statuses:
            label = {"not_modified": "unchanged"}.get(status.status, status.status)
            problem = status.error or status.warning or ""
            if status.status == "error" and status.failures > 1:
                problem = f"{problem} ({status.failures} failures in a row)"
            out.append(
                (
                    status.name,
                    [
                        safe(status.name, "bold"),
                        Text(label, style=self.STYLES.get(status.status, "")),
                        Text(str(status.items)),
                        Text(_ago(status.last_poll, now)),
                        Text(_ago(status.next_poll, now)),
                        safe(problem, "red" if status.error else "yellow"),
                    ],
                )
            )
        self.replace_rows(out)
