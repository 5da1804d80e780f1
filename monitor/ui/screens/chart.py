"""A Control row's trend as a chart: every claimant's figures for one actor and unit over time.

"77 → 90 → 157 of 407" is easier seen than read. Each claimant (a tracker, an
envoy, a ministry) is a line of its own, labelled with its total, because 370
and 407 districts are two different counts that are never converted into each
other. Drawn by plotext through textual-plotext, not by hand.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static
from textual_plotext import PlotextPlot

from ...models import ControlClaim
from ...summary import VERB_WORDS
from ...text import clean_text
from ..widgets import plural, safe

__all__ = ["Series", "TrendScreen", "series_of"]


@dataclass(frozen=True)
class Series:
    """One line of the chart: a claimant's dated counts of the same total."""

    label: str
    dates: list[str]
    counts: list[int]


def series_of(claims: Sequence[ControlClaim]) -> list[Series]:
    """Claims with a count, one series per claimant and total, oldest first; word-only amounts have no point."""
    grouped: dict[tuple[str, int | None], list[ControlClaim]] = {}
    for claim in sorted(claims, key=lambda c: (c.published is None, c.published)):
        if claim.count is None or claim.published is None:
            continue
        grouped.setdefault((claim.claimant or claim.source or "?", claim.total), []).append(claim)
    out = []
    for (claimant, total), found in grouped.items():
        label = clean_text(f"{claimant} (of {total})" if total else claimant)
        out.append(Series(label, [c.published.strftime("%Y-%m-%d") for c in found if c.published],
                          [c.count for c in found if c.count is not None]))  # fmt: skip
    return out


class TrendScreen(ModalScreen[None]):
    """The chart of one actor's figures for one unit, a line per claimant."""

    BINDINGS = [Binding("escape,q", "dismiss", "Back", id="chart.close")]

    def __init__(self, actor: str, unit: str, verb: str, claims: Sequence[ControlClaim]) -> None:
        super().__init__()
        self.actor, self.unit, self.verb = actor, unit, verb
        self.series = series_of(claims)

    def compose(self) -> ComposeResult:
        head = safe(f"{self.actor} · {VERB_WORDS.get(self.verb, self.verb)} · {self.unit}", "bold")
        points = sum(len(s.counts) for s in self.series)
        head.append(f"   {plural(len(self.series), 'claimant')}, {plural(points, 'figure')}", style="dim")
        with Vertical(id="chart-box"):
            yield Static(head, id="chart-head")
            if points:
                yield PlotextPlot(id="chart")
            else:
                yield Static(Text("No figure with a number to draw: only words such as “dozens”.", style="dim"))

    def on_mount(self) -> None:
        if not self.query("#chart"):
            return
        plt = self.query_one("#chart", PlotextPlot).plt
        plt.date_form("Y-m-d")
        for series in self.series:
            marker = "braille" if len(series.counts) > 1 else "dot"
            plt.plot(series.dates, series.counts, label=series.label, marker=marker)
            if len(series.counts) == 1:  # a lone figure is a point, which plotext draws too small to see
                plt.scatter(series.dates, series.counts, marker="●")
        plt.ylabel(self.unit)
        days = sorted({d for series in self.series for d in series.dates})
        if len(days) == 1:  # one date: plotext would stretch the axis over a century; show a fortnight around it
            day = dt.date.fromisoformat(days[0])
            week = dt.timedelta(days=7)
            plt.xlim((day - week).isoformat(), (day + week).isoformat())  # type: ignore[arg-type]  # dates work
