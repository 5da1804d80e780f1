"""What the five panes show, read from the store in one go, off the UI thread.

Every filter keystroke and every poll asks for the panes again; reading the
store and building the rows happens in a worker thread (`MainScreen`), so a
big store, or one across the network, never freezes the screen. This module
only computes: no widget, no Textual.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..config import Config
from ..situation import ControlRow, EventRow, StatementRow, control_rows, event_rows, matches, statement_rows
from ..store import Store, StoredItem

__all__ = ["STATEMENT_LIMIT", "WIRE_LIMIT", "PaneData", "load_panes"]

STATEMENT_LIMIT = 500
"""Newest statements read for the pane; older ones stay in the store (and in exports)."""
WIRE_LIMIT = 300


@dataclass(frozen=True)
class PaneData:
    """Rows for the Control, Upcoming events, Statements and Wire panes, under one filter."""

    query: str
    control: list[ControlRow]
    events: list[EventRow]
    statements: list[StatementRow]
    wire: list[StoredItem]
    unfiltered: dict[str, int]
    """Rows each pane would show without the filter: a pane emptied by the filter says so."""


def load_panes(store: Store, config: Config, query: str, now: dt.datetime) -> PaneData:
    """Every pane's rows as of `now` (the replay moment when `as_of` is set), filtered by `query`.

    The filter keeps Control rows, events and statements whose words match,
    and Wire items that match by their title, text or feeds, or whose facts
    matched (so filtering on a speaker keeps the articles they spoke in).
    """
    until = config.monitor.as_of
    rows = control_rows(store.claim_history(until=until), aliases=config.actor_aliases)
    upcoming = store.events(until=until, on_or_after=now.date() - dt.timedelta(days=7))
    events = event_rows(upcoming, now.date())
    statements = statement_rows(store.statements(until=until, limit=STATEMENT_LIMIT))
    items = store.items(until=until, limit=WIRE_LIMIT)
    unfiltered = {"control": len(rows), "events": len(events), "statements": len(statements), "wire": len(items)}
    if query:
        rows = [r for r in rows if matches(query, r.actor, r.unit, r.claimant, r.latest.evidence)]
        events = [e for e in events if matches(query, e.title, e.location, *e.participants)]
        statements = [s for s in statements if matches(query, s.statement.speaker, s.statement.role, s.statement.quote)]
        sources = {c.item_id for r in rows for c in r.history} | {s.statement.item_id for s in statements}
        sources |= {e.item_id for row in events for e in row.events}
        items = [
            i
            for i in items
            if i.item.id in sources or matches(query, i.item.title, i.item.summary, i.item.text, *i.feeds)
        ]
    return PaneData(query, rows, events, statements, items, unfiltered)
