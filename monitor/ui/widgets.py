"""The panes: tables that render situation rows as plain, styled text.

Every string from a feed reaches the screen through `safe()`, which strips
terminal control sequences and wraps it in `rich.text.Text`, so a title such as
"[bold red]x[/]" shows literally instead of being parsed as markup (a stray "[/]"
in markup would crash the app at render time).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable, Input, Static

from ..keymap import PANE_KEYS, KeySpec
from ..models import FeedStatus
from ..situation import ControlRow, EventRow, StatementRow, countdown, group_key, health_note, pages_note
from ..store import StoredItem
from ..summary import VERB_WORDS, claim_text
from ..text import clean_text


def safe(value: object, style: str = "") -> Text:
    """Untrusted text as a Rich Text: never markup, never escape sequences, one line."""
    return Text(clean_text("" if value is None else str(value)).replace("\n", " "), style=style)


def _date(value: dt.datetime | dt.date | None) -> Text:
    if value is None:
        return Text("—", style="dim")
    if isinstance(value, dt.datetime):
        value = value.astimezone(dt.UTC).date()
    return Text(value.isoformat())


def ago(when: dt.datetime | None, now: dt.datetime) -> str:
    """'12 s ago', 'in 14 min', 'never'."""
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


def one_line(text: Text, width: int) -> Text:
    """Clip to `width` cells with an ellipsis, so a two-line cell keeps its second line."""
    if text.cell_len > width:
        text = text.copy()
        text.truncate(width - 1)
        text.append("…")
    return text


def bindings(specs: Sequence[KeySpec]) -> list[BindingType]:
    """Textual bindings from the core's key specs (their ids are what `[keys]` remaps)."""
    return [
        Binding(s.keys, s.action, s.description, show=s.show, key_display=s.key_display, id=s.id, tooltip=s.description)
        for s in specs
    ]


class StatusBar(Static):
    """Top line: the clock (or replay moment), poll progress and freshness."""


class ConfigBanner(Static):
    """Shown while config.toml holds an edit that does not validate; the last good config keeps running."""


class FilterBar(Input):
    """The `/` filter: every pane shows only rows matching all its words."""

    BINDINGS = [Binding("escape", "clear", "Clear filter", id="filter.clear")]

    class Cleared(Message):
        pass

    def on_mount(self) -> None:
        self.display = False

    def action_clear(self) -> None:
        self.value = ""
        self.display = False
        self.post_message(self.Cleared())


class Pane(DataTable[Text]):
    """A keyboard-driven table with vim-style movement."""

    BINDINGS = bindings(PANE_KEYS)

    COLUMNS: Sequence[tuple[str, str, int | None]] = ()
    """(key, label, width) of every column; width None sizes to content."""
    EMPTY = "nothing yet"

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

    def selected_key(self) -> str | None:
        """The key of the row under the cursor, if any."""
        if not self.row_count:
            return None
        try:
            return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        except Exception:  # the cursor can point past the end after a resize
            return None

    def replace_rows(self, rows: Sequence[tuple[str, Sequence[Text]]], *, height: int | None = 1) -> None:
        """Swap in new rows, keeping the cursor on the same row key when it still exists."""
        keep = self.selected_key()
        self.clear()
        for key, cells in rows:
            self.add_row(*cells, key=key, height=height)
        self.border_subtitle = "" if rows else self.EMPTY
        if keep is not None:
            try:
                self.move_cursor(row=self.get_row_index(keep))
            except Exception:  # that row is gone
                pass


class ControlPane(Pane):
    COLUMNS = (
        ("actor", "Actor", 13),
        ("claim", "Claim", 36),
        ("change", "Δ", 4),
        ("trend", "Trend", 6),
        ("by", "According to", 15),
        ("date", "Date", 10),
    )
    EMPTY = "no control figures yet"

    def __init__(self, title: str, *, id: str) -> None:
        super().__init__(title, id=id)
        self.rows_by_key: dict[str, ControlRow] = {}

    def show(self, rows: Sequence[ControlRow]) -> None:
        self.rows_by_key = {group_key(row.latest): row for row in rows}
        out = []
        for key, row in self.rows_by_key.items():
            claim = row.latest
            change = row.change
            delta = Text("")
            if change:
                delta = Text(f"{change:+d}", style="bold red" if change > 0 else "bold green")
            out.append(
                (
                    key,
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
        ("speaker", "Speaker", 32),
        ("quote", "Quote", 86),
        ("source", "Source", 16),
        ("date", "Published", 10),
    )
    EMPTY = "no statements yet"

    def __init__(self, title: str, *, id: str) -> None:
        super().__init__(title, id=id)
        self.rows_by_key: dict[str, StatementRow] = {}

    def show(self, rows: Sequence[StatementRow], watched: Callable[[str], bool] = lambda speaker: False) -> None:
        self.rows_by_key = {}
        out = []
        for index, row in enumerate(rows):
            st = row.statement
            key = f"s{index}:{st.item_id}:{st.start}"
            self.rows_by_key[key] = row
            star = watched(st.speaker)
            speaker = Text("★ ", style="bold yellow") if star else Text()
            speaker.append_text(safe(st.speaker, "bold yellow" if star else "bold"))
            speaker.append("\n")
            speaker.append_text(safe(st.role or "", "dim"))
            direct = st.kind == "direct"
            quote = safe(f"“{st.quote}”" if direct else st.quote, "" if direct else "italic")
            when = Text("—", style="dim")
            if st.published:
                stamp = st.published.astimezone(dt.UTC)
                when = Text(f"{stamp:%Y-%m-%d}\n{stamp:%H:%M} UTC")
            out.append((key, [speaker, quote, safe(", ".join(row.sources) or "—", "cyan"), when]))
        self.replace_rows(out, height=2)


EVENT_WIDTH = 30


class EventsPane(Pane):
    COLUMNS = (
        ("date", "Date", 10),
        ("when", "When", 11),
        ("title", "Event · who, where, sources", EVENT_WIDTH),
    )
    EMPTY = "no dated events ahead"

    def show(self, rows: Sequence[EventRow]) -> None:
        out = []
        for index, row in enumerate(rows):
            style = "bold reverse" if row.days == 0 else ("dim" if row.days < 0 else "")
            details = [", ".join(row.participants), row.location or ""]
            sources = len(row.sources) or 1
            second = Text(f"{sources} source{'s' if sources > 1 else ''}", style="cyan")
            for detail in (d for d in details if d):
                second.append(" · ", style="dim")
                second.append_text(safe(detail, "dim"))
            title = Text("\n").join(
                [one_line(safe(row.title, style or "bold"), EVENT_WIDTH), one_line(second, EVENT_WIDTH)]
            )
            out.append(
                (
                    f"e{index}",
                    [
                        Text(row.date.isoformat(), style=style or "bold"),
                        Text(countdown(row.days), style=style or "green"),
                        title,
                    ],
                )
            )
        self.replace_rows(out, height=2)


class WirePane(Pane):
    COLUMNS = (
        ("new", "", 1),
        ("time", "Published", 16),
        ("feed", "Feed", 16),
        ("title", "Title", 70),
    )
    EMPTY = "no items yet"

    def show(self, items: Sequence[StoredItem], unseen: set[str], alerted: set[str]) -> None:
        out = []
        for stored in items:
            item = stored.item
            if item.id in alerted:
                mark = Text("!", style="bold red")
            else:
                mark = Text("•", style="bold yellow") if item.id in unseen else Text(" ")
            when = item.published.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M")
            out.append((item.id, [mark, Text(when), safe(", ".join(stored.feeds), "cyan"), safe(item.title)]))
        self.replace_rows(out)


HEALTH_WIDTH = 26


class HealthPane(Pane):
    COLUMNS = (
        ("feed", "Feed · problem", HEALTH_WIDTH),
        ("status", "Status", 9),
        ("when", "Last/next", 10),
        ("items", "Items", 5),
    )
    EMPTY = "no feeds configured: press a to add one"

    STYLES = {"ok": "green", "not_modified": "green", "error": "bold red", "pending": "yellow"}

    def show(self, statuses: Sequence[FeedStatus], now: dt.datetime) -> None:
        out = []
        for status in statuses:
            label = Text(
                {"not_modified": "unchanged"}.get(status.status, status.status),
                style=self.STYLES.get(status.status, ""),
            )
            if status.failures:
                label.append(f"\n{status.failures}× failed", style="red")
            note = health_note(status, now)  # trouble first; a healthy feed tells how its article pages went
            feed = Text("\n").join([
                one_line(safe(status.name, "bold"), HEALTH_WIDTH),
                one_line(safe(note, "red" if status.error else "yellow") if note else Text(pages_note(status), "dim"),
                         HEALTH_WIDTH),
            ])  # fmt: skip
            when = Text(f"{ago(status.last_poll, now)}\n{ago(status.next_poll, now)}")
            out.append((status.name, [feed, label, when, Text(str(status.items))]))
        self.replace_rows(out, height=2)
