"""What monitor found, in forms other tools read: JSON, CSV, iCalendar and a Markdown brief.

Every exporter reads the store the panes read and honours the same two bounds:

- `until` is the replay moment (`[monitor] as_of`): facts published later are
  left out, and "today" and countdowns are counted from it;
- `since` keeps only facts published on or after that (UTC) date.

Each fact carries its provenance: the feed it was read from (and every feed
that carried the same story), the item id, the publication time, and the
article's title and link.

Feed text is untrusted and each format defends against it: CSV cells that a
spreadsheet would run as a formula are prefixed with a quote, Markdown
metacharacters are escaped so a title cannot inject links or formatting (the
brief's only links are the articles', and only http and https ones), and
the iCalendar text is escaped by `icalendar`.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar
from urllib.parse import urlsplit

import icalendar

from .config import Config
from .configfile import write_atomic
from .models import ControlClaim, Event, Statement
from .situation import ControlRow, EventRow, control_rows, countdown, event_rows, statement_rows
from .store import Store, StoredItem
from .summary import VERB_WORDS, claim_text

__all__ = [
    "CSV_COLUMNS",
    "FORMATS",
    "SUFFIXES",
    "Exporter",
    "escape_markdown",
    "event_uid",
    "export",
    "export_csv",
    "export_ics",
    "export_json",
    "export_markdown",
    "write_export",
]

_F = TypeVar("_F", ControlClaim, Statement, Event)

KEY_STATEMENTS = 15
"""Statements in the Markdown brief."""
PRODID = "-//monitor//terminal situation monitor//EN"

CSV_COLUMNS = (
    "kind",
    "date",
    "published",
    "source",
    "sources",
    "actor",
    "count",
    "qualifier",
    "total",
    "unit",
    "verb",
    "claimant",
    "speaker",
    "role",
    "statement_kind",
    "quote",
    "event_date",
    "title",
    "participants",
    "location",
    "evidence",
    "item_title",
    "link",
    "item_id",
)
"""`date` is the publication date, `title` the event's title, `item_title` the article's."""


class Exporter(Protocol):
    def __call__(
        self,
        store: Store,
        *,
        since: dt.date | None = None,
        until: dt.datetime | None = None,
        now: dt.datetime | None = None,
    ) -> str: ...


# --- gathering -----------------------------------------------------------------


@dataclass
class _Gathered:
    store: Store
    now: dt.datetime
    until: dt.datetime | None
    since: dt.date | None
    counts: list[ControlClaim]
    statements: list[Statement]
    _items: dict[str, StoredItem | None] = field(default_factory=dict)

    def events(self, *, on_or_after: dt.date | None = None) -> list[Event]:
        return _since(self.store.events(until=self.until, on_or_after=on_or_after), self.since)

    def item(self, item_id: str | None) -> StoredItem | None:
        if item_id is None:
            return None
        if item_id not in self._items:
            self._items[item_id] = self.store.item(item_id)
        return self._items[item_id]

    def sources(self, fact: ControlClaim | Statement | Event) -> list[str]:
        stored = self.item(fact.item_id)
        if stored is not None:
            return list(stored.feeds)
        return [fact.source] if fact.source else []


def _gather(store: Store, since: dt.date | None, until: dt.datetime | None, now: dt.datetime | None) -> _Gathered:
    moment = (now or until or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    return _Gathered(
        store=store,
        now=moment,
        until=until,
        since=since,
        counts=_since(store.claims(until=until), since),
        statements=_since(store.statements(until=until), since),
    )


def _since(facts: Iterable[_F], since: dt.date | None) -> list[_F]:
    if since is None:
        return list(facts)
    return [f for f in facts if f.published is not None and f.published.astimezone(dt.UTC).date() >= since]


def _day(when: dt.datetime | None) -> str:
    return when.astimezone(dt.UTC).date().isoformat() if when else "undated"


# --- JSON ----------------------------------------------------------------------


def export_json(
    store: Store, *, since: dt.date | None = None, until: dt.datetime | None = None, now: dt.datetime | None = None
) -> str:
    """`{"counts": [...], "statements": [...], "events": [...]}`, each list oldest first.

    Every fact has its own fields plus `item_id`, `source` (the feed it was read
    from), `sources` (every feed that carried the story), `published`,
    `item_title` and `item_link`.
    """
    found = _gather(store, since, until, now)

    def record(fact: ControlClaim | Statement | Event) -> dict[str, Any]:
        data = fact.model_dump(mode="json")
        stored = found.item(fact.item_id)
        data["sources"] = found.sources(fact)
        data["item_title"] = stored.item.title if stored else None
        data["item_link"] = stored.item.link if stored else None
        return data

    document = {
        "counts": [record(c) for c in found.counts],
        "statements": [record(s) for s in found.statements],
        "events": [record(e) for e in found.events()],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


# --- CSV -----------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> object:
    """A value safe for a spreadsheet: text that could start a formula gets a leading quote."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def export_csv(
    store: Store, *, since: dt.date | None = None, until: dt.datetime | None = None, now: dt.datetime | None = None
) -> str:
    """One table of every fact, `kind` = count, statement or event; columns `CSV_COLUMNS`.

    Lists (sources, participants) are joined with "; ". Cells that begin with
    `=`, `+`, `-`, `@`, a tab or a carriage return are prefixed with `'` so a
    spreadsheet shows them instead of running them.
    """
    found = _gather(store, since, until, now)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
    writer.writeheader()

    def base(kind: str, fact: ControlClaim | Statement | Event) -> dict[str, object]:
        stored = found.item(fact.item_id)
        return {
            "kind": kind,
            "date": _day(fact.published) if fact.published else None,
            "published": fact.published.astimezone(dt.UTC).isoformat() if fact.published else None,
            "source": fact.source,
            "sources": "; ".join(found.sources(fact)),
            "evidence": fact.evidence,
            "item_title": stored.item.title if stored else None,
            "link": stored.item.link if stored else None,
            "item_id": fact.item_id,
        }

    rows: list[dict[str, object]] = []
    for claim in found.counts:
        rows.append(
            base("count", claim)
            | {
                "actor": claim.actor,
                "count": claim.count,
                "qualifier": claim.qualifier,
                "total": claim.total,
                "unit": claim.unit,
                "verb": claim.verb,
                "claimant": claim.claimant,
            }
        )
    for st in found.statements:
        rows.append(
            base("statement", st)
            | {"speaker": st.speaker, "role": st.role, "statement_kind": st.kind, "quote": st.quote}
        )
    for ev in found.events():
        rows.append(
            base("event", ev)
            | {
                "event_date": ev.date.isoformat(),
                "title": ev.title,
                "participants": "; ".join(ev.participants),
                "location": ev.location,
            }
        )
    for row in rows:
        writer.writerow({column: _cell(row.get(column)) for column in CSV_COLUMNS})
    return out.getvalue()


# --- iCalendar -----------------------------------------------------------------


def _key_words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def event_uid(row: EventRow) -> str:
    """A UID that stays the same across exports, so a calendar updates the event instead of adding it again.

    Derived from the first report of the event (date, title and participants,
    normalized): later reports from other feeds merge into the same row and
    do not change it.
    """
    first = row.events[0] if row.events else None
    date = first.date if first else row.date
    title = first.title if first else row.title
    people = first.participants if first else list(row.participants)
    key = "|".join([date.isoformat(), _key_words(title), ",".join(sorted(_key_words(p) for p in people))])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32] + "@monitor"


def _upcoming(found: _Gathered) -> list[EventRow]:
    today = found.now.date()
    return event_rows(found.events(on_or_after=today), today, keep_past_days=0)


def export_ics(
    store: Store, *, since: dt.date | None = None, until: dt.datetime | None = None, now: dt.datetime | None = None
) -> str:
    """An RFC 5545 calendar of the upcoming events, one all-day VEVENT per real-world event.

    The same event reported by several feeds is one VEVENT (merged as in the
    Upcoming events pane); its DESCRIPTION lists participants, location and
    every source with its article link. UIDs are stable (`event_uid`).
    """
    found = _gather(store, since, until, now)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "monitor: upcoming events")
    seen: set[str] = set()
    for row in _upcoming(found):
        uid = event_uid(row)
        while uid in seen:  # two rows with one first report cannot happen; stay unique regardless
            uid = hashlib.sha256(uid.encode()).hexdigest()[:32] + "@monitor"
        seen.add(uid)
        vevent = icalendar.Event()
        vevent.add("uid", uid)
        vevent.add("dtstamp", found.now)
        vevent.add("dtstart", row.date)
        vevent.add("dtend", row.date + dt.timedelta(days=1))
        vevent.add("summary", row.title)
        vevent.add("description", _ics_description(row, found))
        if row.location:
            vevent.add("location", row.location)
        link = next((s.item.link for e in row.events if (s := found.item(e.item_id)) and s.item.link), None)
        if link:
            vevent.add("url", link)
        vevent.add("transp", "TRANSPARENT")
        calendar.add_component(vevent)
    data: bytes = calendar.to_ical()
    return data.decode("utf-8")


def _ics_description(row: EventRow, found: _Gathered) -> str:
    lines = []
    if row.participants:
        lines.append("With: " + ", ".join(row.participants))
    if row.location:
        lines.append("Where: " + row.location)
    lines.append(f"Reported by {len(row.sources)} source(s): " + ", ".join(row.sources))
    for event in row.events:
        stored = found.item(event.item_id)
        if stored is not None:
            lines.append(f"- {event.source}, {_day(event.published)}: {stored.item.title}")
            if stored.item.link:
                lines.append(f"  {stored.item.link}")
    return "\n".join(lines)


# --- Markdown ------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|#~&!])")


def escape_markdown(text: str | None) -> str:
    """Feed text made inert in Markdown: one line, every formatting character escaped.

    Newlines become spaces (so text cannot start a heading, list or table row)
    and `\\ ` * _ { } [ ] < > | # ~ & !` get a backslash, so a title cannot make
    a link, an image, emphasis, HTML or a table cell of its own.
    """
    if not text:
        return ""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


_LINK_ESCAPES = {"<": "%3C", ">": "%3E", "|": "%7C", "\\": "%5C", " ": "%20"}


def _article(stored: StoredItem | None) -> str:
    """The article a fact was read in: its escaped title as a Markdown link to it.

    An http(s) link cannot end its `<…>` or a table cell (`<`, `>`, `|`, `\\` and spaces are
    percent-encoded, control characters dropped). A `file:` link (a local feed's article)
    is no link a renderer follows, so it is written out after the title as text; any other
    (a `javascript:` link) is left out and only the title is given.
    """
    if stored is None:
        return ""
    text = escape_markdown(stored.item.title) or "article"
    url = "".join(_LINK_ESCAPES.get(ch, ch) for ch in (stored.item.link or "").strip() if ch.isprintable())
    scheme = urlsplit(url).scheme.lower()
    if scheme in ("http", "https"):
        return f"[{text}](<{url}>)"
    if scheme == "file":
        return f"{text} ({escape_markdown(url)})"
    return text


_VERB_ORDER = {"control": 0, "seized": 1, "contested": 2, "retaken": 3, "lost": 4}


def _change(row: ControlRow) -> str:
    previous = row.previous
    if previous is None:
        return "first claim"
    when = _day(previous.published)
    change = row.change
    if change is None:
        return f"was {claim_text(previous)} on {when}"
    if change == 0:
        return f"no change since {when}"
    return f"{change:+,} since {when}"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines.extend("| " + " | ".join(cell or " " for cell in row) + " |" for row in rows)
    return lines


def export_markdown(
    store: Store, *, since: dt.date | None = None, until: dt.datetime | None = None, now: dt.datetime | None = None
) -> str:
    """A situation brief to paste into a report: control, key statements, upcoming events.

    Every fact gives its source, date and the article it was read in (title and link): the
    Control table's latest claim, each statement, and every report of an event.
    """
    found = _gather(store, since, until, now)
    esc = escape_markdown
    out = [f"# Situation brief as of {found.now:%Y-%m-%d %H:%M} UTC", ""]
    if since:
        out += [f"Facts published since {since.isoformat()}.", ""]

    out += ["## Control", ""]
    rows = sorted(
        control_rows(found.counts, found.statements),
        key=lambda r: (r.actor.casefold(), r.unit, _VERB_ORDER.get(r.verb, 9), r.claimant.casefold()),
    )
    if rows:
        table = []
        for row in rows:
            claim = row.latest
            source = esc(row.claimant)
            if claim.source and claim.source != row.claimant:
                source += f" (via {esc(claim.source)})"
            what = f"{VERB_WORDS.get(row.verb, row.verb)} {claim_text(claim)}"
            article = _article(found.item(claim.item_id))
            table.append([esc(row.actor), esc(what), source, _day(claim.published), esc(_change(row)), article])
        out += _table(["Actor", "Claim", "Source", "Date", "Change", "Article"], table)
    else:
        out.append("No control claims found.")
    out.append("")

    out += ["## Key statements", ""]
    statements = statement_rows(found.statements)[:KEY_STATEMENTS]
    for srow in statements:
        st = srow.statement
        who = f"**{esc(st.speaker)}**" + (f" ({esc(st.role)})" if st.role else "")
        quote = f"“{esc(st.quote)}”" if st.kind == "direct" else f"*{esc(st.quote)}* (reported)"
        sources = ", ".join(esc(s) for s in srow.sources) or "unknown source"
        article = _article(found.item(st.item_id))
        out.append(f"- {who}: {quote} — {sources}, {_day(st.published)}" + (f": {article}" if article else ""))
    if not statements:
        out.append("No statements found.")
    out.append("")

    out += ["## Upcoming events", ""]
    events = _upcoming(found)
    if events:
        table = []
        for erow in events:
            details = ", ".join(esc(p) for p in erow.participants)
            if erow.location:
                details += ("; " if details else "") + "at " + esc(erow.location)
            sources = f"{len(erow.sources)} ({', '.join(esc(s) for s in erow.sources)})"
            reports = dict.fromkeys(e.item_id for e in erow.events if e.item_id)
            articles = "; ".join(a for a in (_article(found.item(item_id)) for item_id in reports) if a)
            table.append([erow.date.isoformat(), countdown(erow.days), esc(erow.title), details, sources, articles])
        out += _table(["Date", "When", "Event", "Who / where", "Sources", "Articles"], table)
    else:
        out.append("No upcoming events found.")
    out.append("")
    return "\n".join(out)


# --- choosing and writing ------------------------------------------------------

FORMATS: dict[str, Exporter] = {
    "json": export_json,
    "csv": export_csv,
    "ics": export_ics,
    "md": export_markdown,
    "markdown": export_markdown,
}
"""Format name → exporter."""
SUFFIXES = {".json": "json", ".csv": "csv", ".ics": "ics", ".ical": "ics", ".md": "md", ".markdown": "md"}
"""File suffix → format name, to pick a format from an output path."""


def export(
    fmt: str,
    store: Store,
    *,
    since: dt.date | None = None,
    until: dt.datetime | None = None,
    now: dt.datetime | None = None,
) -> str:
    """Run the exporter named `fmt` (a key of `FORMATS`); `ValueError` for an unknown one."""
    exporter = FORMATS.get(fmt.lower())
    if exporter is None:
        raise ValueError(f"unknown export format {fmt!r}; use one of: {', '.join(sorted(FORMATS))}")
    return exporter(store, since=since, until=until, now=now)


def write_export(text: str, out: Path | None) -> str | None:
    """Write `text` to `out` atomically (UTF-8, line endings as given) and return None;
    with no `out`, return the text for the caller to print."""
    if out is None:
        return text
    write_atomic(out, text.encode("utf-8"))
    return None


_FILE_STEMS = {"md": "brief", "ics": "events", "csv": "facts", "json": "facts"}


def export_to_file(store: Store, config: Config, fmt: str, folder: Path, *, now: dt.datetime) -> Path:
    """Write one export beside the config, named by kind and time, e.g. monitor-brief-20210624-0900.md."""
    text = export(fmt, store, until=config.monitor.as_of, now=config.monitor.as_of or now)
    stamp = (config.monitor.as_of or now).astimezone(dt.UTC).strftime("%Y%m%d-%H%M")
    path = folder / f"monitor-{_FILE_STEMS.get(fmt, fmt)}-{stamp}.{fmt}"
    write_export(text, path)
    return path
