"""The panes: tables that render situation rows as plain, styled text.

Every string from a feed reaches the screen through `safe()`, which strips
terminal control sequences and wraps it in `rich.text.Text`, so a title such as
"[bold red]x[/]" shows literally instead of being parsed as markup (a stray "[/]"
in markup would crash the app at render time).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from rich.console import Console
from rich.text import Text
from textual import events
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


def plural(count: int, noun: str, many: str | None = None) -> str:
    """'1 claim', '2 claims', '0 claims': counts that read right."""
    return f"{count} {noun if count == 1 else (many or noun + 's')}"


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


class PaneTabs(Static):
    """On a narrow terminal, where one pane fills the screen: every pane's name, the shown one marked."""

    line = Text()

    def show(self, panes: Sequence[tuple[str, str]], current: str) -> None:
        line = Text(" ")
        for index, (pane, title) in enumerate(panes):
            if index:
                line.append(" │ ", style="dim")
            line.append(f" {title} ", style="bold reverse" if pane == current else "")
        self.line = line
        self.update(line)


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


@dataclass(frozen=True)
class Flex:
    """A column that takes a share (`weight`) of the width the fixed columns leave, never under `least` cells."""

    least: int
    weight: int = 1


def column_widths(specs: Sequence[int | Flex], room: int) -> list[int]:
    """Widths for columns in `room` cells: fixed ones as given, flexible ones sharing what is left.

    Flexible columns never go under their least width; if even that does not
    fit, the pane scrolls sideways rather than hiding a column.
    """
    fixed = sum(spec for spec in specs if isinstance(spec, int))
    flexible = [spec for spec in specs if isinstance(spec, Flex)]
    spare = max(room - fixed - sum(f.least for f in flexible), 0)
    weights = sum(f.weight for f in flexible) or 1
    widths, given, seen = [], 0, 0
    for spec in specs:
        if isinstance(spec, int):
            widths.append(spec)
            continue
        seen += 1
        share = spare - given if seen == len(flexible) else spare * spec.weight // weights  # the last takes the rest
        given += share
        widths.append(spec.least + share)
    return widths


def fit(text: Text, width: int, lines: int = 1) -> Text:
    """`text` wrapped into at most `lines` lines of `width` cells, "…" marking anything cut off."""
    if lines <= 1 or width <= 1:
        return one_line(text, width)
    wrapped = text.wrap(_console(), width, overflow="fold")
    if len(wrapped) <= lines:
        return Text("\n").join(wrapped)
    kept = list(wrapped[:lines])
    last = kept[-1].copy()
    last.rstrip()
    if last.cell_len >= width:
        last.truncate(width - 1)
    last.append("…")
    kept[-1] = last
    return Text("\n").join(kept)


def _console() -> Console:
    global _CONSOLE
    if _CONSOLE is None:
        _CONSOLE = Console(width=200, color_system=None)
    return _CONSOLE


_CONSOLE: Console | None = None


class Pane(DataTable[Text]):
    """A keyboard-driven table with vim-style movement, whose columns take their widths from the pane.

    Fixed columns (dates, counts) keep their width; `Flex` ones share the rest.
    When the pane is resized the columns are laid out again and the rows shown
    again, so text is wrapped or cut with "…" at the new widths, never clipped
    without a mark.
    """

    BINDINGS = bindings(PANE_KEYS)

    COLUMNS: Sequence[tuple[str, str, int | Flex]] = ()
    """(key, label, width) of every column: cells, or a `Flex` share of what is left."""
    EMPTY = "nothing yet"
    SCROLLBAR = 2
    """Cells kept for the vertical scrollbar, so that it appearing does not lay the columns out again."""

    def __init__(self, title: str, *, id: str) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.border_title = title
        self.widths: dict[str, int] = {}
        self._shown: tuple[tuple[Any, ...], dict[str, Any]] | None = None

    def on_mount(self) -> None:
        self._lay_out(self._room())

    def _room(self, width: int | None = None) -> int:
        """Cells the columns' text may take in a pane `width` wide (its border, padding and scrollbar aside)."""
        outer = width or self.size.width or 160
        inner = outer - self.styles.gutter.width - self.SCROLLBAR
        return max(inner - 2 * self.cell_padding * len(self.COLUMNS), 10)

    async def _on_key(self, event: events.Key) -> None:
        """Keys are acted on in the order they were typed, whatever the first of them does to the focus.

        Textual hands a key to the widget focused when it arrives and checks the
        bindings only once the key has bubbled up to the app, later. Typed
        quickly, "/pause" reached this pane as six keys before the filter had
        the focus: the filter stayed empty and "p" paused polling ("/qatar"
        quit). So the pane runs a key's bindings itself, at once, and a key
        that reaches it after the focus has moved goes on to the focused widget.
        """
        focused = self.screen.focused
        if focused is not None and focused is not self:
            event.stop()
            focused.post_message(events.Key(event.key, event.character))
            return
        if await self.app._check_bindings(event.key):  # Textual's own dispatch, pinned with Textual (8.2.8)
            event.stop()
            return
        await super()._on_key(event)

    def on_resize(self, event: events.Resize) -> None:
        room = self._room(event.size.width)
        if [self.widths.get(key) for key, _, _ in self.COLUMNS] != column_widths([w for *_, w in self.COLUMNS], room):
            self._lay_out(room)
            if self._shown is not None:
                args, kwargs = self._shown
                self.show(*args, **kwargs)

    def _lay_out(self, room: int) -> None:
        widths = column_widths([w for *_, w in self.COLUMNS], room)
        self.widths = {key: width for (key, _, _), width in zip(self.COLUMNS, widths, strict=True)}
        self.clear(columns=True)
        for (key, label, _), width in zip(self.COLUMNS, widths, strict=True):
            self.add_column(one_line(Text(label), width), key=key, width=width)  # a narrow header is marked too

    def show(self, *args: Any, **kwargs: Any) -> None:
        """Show rows; subclasses build cells at `self.widths` and call `replace_rows`."""
        raise NotImplementedError

    def remember(self, *args: Any, **kwargs: Any) -> None:
        """Keep what was shown, to show it again at new widths after a resize."""
        self._shown = (args, kwargs)

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

    def replace_rows(
        self, rows: Sequence[tuple[str, Sequence[Text]]], *, height: int | None = 1, empty: str | None = None
    ) -> None:
        """Swap in new rows, keeping the cursor on the same row key when it still exists.

        `empty` is what an empty pane says instead of its usual `EMPTY` (a filter that matched nothing).
        """
        keep = self.selected_key()
        self.clear()
        for key, cells in rows:
            self.add_row(*cells, key=key, height=height)
        self.border_subtitle = "" if rows else (empty or self.EMPTY)
        if keep is not None:
            try:
                self.move_cursor(row=self.get_row_index(keep))
            except Exception:  # that row is gone
                pass


class ControlPane(Pane):
    COLUMNS = (
        ("actor", "Actor", Flex(14, 2)),
        ("claim", "Claim", Flex(20, 5)),
        ("change", "Δ", 4),
        ("trend", "Trend", 6),
        ("by", "According to", Flex(8, 2)),
        ("date", "Date", 10),
    )
    EMPTY = "no control figures yet"

    def __init__(self, title: str, *, id: str) -> None:
        super().__init__(title, id=id)
        self.rows_by_key: dict[str, ControlRow] = {}

    def show(self, rows: Sequence[ControlRow], *, empty: str | None = None) -> None:
        self.remember(rows, empty=empty)
        w = self.widths
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
                        fit(safe(row.actor, "bold"), w["actor"]),
                        fit(safe(f"{VERB_WORDS[claim.verb]} {claim_text(claim)}"), w["claim"]),
                        delta,
                        Text(row.sparkline[-w["trend"] :], style="yellow"),  # the latest figures
                        fit(safe(row.claimant, "cyan"), w["by"]),
                        _date(claim.published),
                    ],
                )
            )
        self.replace_rows(out, empty=empty)


class StatementsPane(Pane):
    COLUMNS = (
        ("speaker", "Speaker", Flex(16, 2)),
        ("quote", "Quote", Flex(30, 7)),
        ("source", "Source", Flex(10, 1)),
        ("date", "Published", 10),
    )
    EMPTY = "no statements yet"

    def __init__(self, title: str, *, id: str) -> None:
        super().__init__(title, id=id)
        self.rows_by_key: dict[str, StatementRow] = {}

    def show(
        self,
        rows: Sequence[StatementRow],
        watched: Callable[[str], bool] = lambda speaker: False,
        *,
        empty: str | None = None,
    ) -> None:
        self.remember(rows, watched, empty=empty)
        w = self.widths
        self.rows_by_key = {}
        out = []
        for index, row in enumerate(rows):
            st = row.statement
            key = f"s{index}:{st.item_id}:{st.start}"
            self.rows_by_key[key] = row
            star = watched(st.speaker)
            speaker = Text("★ ", style="bold yellow") if star else Text()
            speaker.append_text(safe(st.speaker, "bold yellow" if star else "bold"))
            who = Text("\n").join([one_line(speaker, w["speaker"]), one_line(safe(st.role or "", "dim"), w["speaker"])])
            direct = st.kind == "direct"
            quote = fit(safe(f"“{st.quote}”" if direct else st.quote, "" if direct else "italic"), w["quote"], 2)
            when = Text("—", style="dim")
            if st.published:
                stamp = st.published.astimezone(dt.UTC)
                when = Text(f"{stamp:%Y-%m-%d}\n{stamp:%H:%M} UTC")
            out.append((key, [who, quote, fit(safe(", ".join(row.sources) or "—", "cyan"), w["source"], 2), when]))
        self.replace_rows(out, height=2, empty=empty)


class EventsPane(Pane):
    COLUMNS = (
        ("date", "Date · when", 11),
        ("title", "Event · who, where, sources", Flex(16)),
    )
    EMPTY = "no dated events ahead"

    def __init__(self, title: str, *, id: str) -> None:
        super().__init__(title, id=id)
        self.rows_by_key: dict[str, EventRow] = {}

    def show(self, rows: Sequence[EventRow], *, empty: str | None = None) -> None:
        self.remember(rows, empty=empty)
        width = self.widths["title"]
        self.rows_by_key = {}
        out = []
        for index, row in enumerate(rows):
            style = "bold reverse" if row.days == 0 else ("dim" if row.days < 0 else "")
            details = [", ".join(row.participants), row.location or ""]
            second = Text(plural(len(row.sources) or 1, "source"), style="cyan")
            for detail in (d for d in details if d):
                second.append(" · ", style="dim")
                second.append_text(safe(detail, "dim"))
            title = Text("\n").join([one_line(safe(row.title, style or "bold"), width), one_line(second, width)])
            self.rows_by_key[f"e{index}"] = row
            when = Text(row.date.isoformat(), style=style or "bold")
            when.append("\n")
            when.append(countdown(row.days), style=style or "green")
            out.append((f"e{index}", [when, title]))
        self.replace_rows(out, height=2, empty=empty)


class WirePane(Pane):
    COLUMNS = (
        ("new", "", 1),
        ("time", "Published", 16),
        ("feed", "Feed", Flex(10, 1)),
        ("title", "Title", Flex(20, 4)),
    )
    EMPTY = "no items yet"

    def show(
        self, items: Sequence[StoredItem], unseen: set[str], alerted: set[str], *, empty: str | None = None
    ) -> None:
        self.remember(items, unseen, alerted, empty=empty)
        w = self.widths
        out = []
        for stored in items:
            item = stored.item
            if item.id in alerted:
                mark = Text("!", style="bold red")
            else:
                mark = Text("•", style="bold yellow") if item.id in unseen else Text(" ")
            when = item.published.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M")
            feeds = fit(safe(", ".join(stored.feeds), "cyan"), w["feed"])
            out.append((item.id, [mark, Text(when), feeds, fit(safe(item.title), w["title"])]))
        self.replace_rows(out, empty=empty)


class HealthPane(Pane):
    COLUMNS = (
        ("feed", "Feed · problem", Flex(12)),
        ("status", "Status", 9),
        ("when", "Last/next", 10),
        ("items", "Items", 5),
    )
    EMPTY = "no feeds configured: press a to add one"

    STYLES = {"ok": "green", "not_modified": "green", "error": "bold red", "pending": "yellow"}

    def show(self, statuses: Sequence[FeedStatus], now: dt.datetime, *, paused: bool = False) -> None:
        """`paused`: polling is paused, so no feed has a next poll to count down to."""
        self.remember(statuses, now, paused=paused)
        width = self.widths["feed"]
        out = []
        for status in statuses:
            label = Text(
                {"not_modified": "unchanged"}.get(status.status, status.status),
                style=self.STYLES.get(status.status, ""),
            )
            if status.failures:
                label.append(f"\n{status.failures}× failed", style="red")
            note = health_note(status, now)  # trouble first; a healthy feed tells how its article pages went
            second = safe(note, "red" if status.error else "yellow") if note else Text(pages_note(status), "dim")
            feed = Text("\n").join([one_line(safe(status.name, "bold"), width), one_line(second, width)])
            when = Text(f"{ago(status.last_poll, now)}\n")
            when.append("paused", style="magenta") if paused else when.append(ago(status.next_poll, now))
            out.append((status.name, [feed, label, when, Text(str(status.items))]))
        self.replace_rows(out, height=2)
