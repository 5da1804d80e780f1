"""Exports: JSON, CSV, iCalendar and a Markdown brief, from the demo and from hostile feeds."""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import io
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import icalendar
import pytest
from factories import claim, event, facts, item, statement, status
from markdown_it import MarkdownIt

from monitor import config as cfg
from monitor.export import (
    CSV_COLUMNS,
    FORMATS,
    SUFFIXES,
    escape_markdown,
    export,
    export_csv,
    export_ics,
    export_json,
    export_markdown,
    write_export,
)
from monitor.models import Facts, Item
from monitor.poller import Poller
from monitor.store import SqliteStore, Store

ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.datetime(2021, 6, 24, 9, tzinfo=dt.UTC)
T0 = dt.datetime(2021, 6, 22, 12, tzinfo=dt.UTC)


# --- the demo, polled for real -------------------------------------------------


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, cfg.Config]]:
    folder = tmp_path_factory.mktemp("demo")
    shutil.copytree(ROOT / "monitor" / "demo", folder / "monitor" / "demo")
    shutil.copy(ROOT / "config.toml", folder / "config.toml")
    config = cfg.load(folder / "config.toml")
    store = SqliteStore(config.db_path)

    async def poll() -> None:
        poller = Poller(config, store, workers=1)
        try:
            statuses = await poller.poll()
        finally:
            await poller.aclose()
        assert [s.status for s in statuses] == ["ok"] * len(config.feeds)

    asyncio.run(poll())
    yield store, config
    store.close()


def vevents(text: str) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(text).walk("VEVENT"))


def test_demo_calendar_has_the_biden_ghani_meeting_on_june_25(demo: tuple[Store, cfg.Config]) -> None:
    store, config = demo
    text = export_ics(store, until=config.monitor.as_of)
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    events = vevents(text)
    meeting = [e for e in events if "Ghani" in str(e["summary"]) and e["dtstart"].dt == dt.date(2021, 6, 25)]
    assert len(meeting) == 1, "the meeting is reported by several feeds but is one event"
    vevent = meeting[0]
    assert vevent["dtstart"].dt == dt.date(2021, 6, 25) and not isinstance(vevent["dtstart"].dt, dt.datetime)
    assert vevent["dtend"].dt == dt.date(2021, 6, 26)
    assert "DTSTART;VALUE=DATE:20210625" in text
    assert str(vevent["location"]) == "White House"
    description = str(vevent["description"])
    assert "Joe Biden" in description and "Ashraf Ghani" in description and "White House" in description
    assert "Reported by 3 source(s)" in description
    uids = [str(e["uid"]) for e in events]
    assert len(set(uids)) == len(uids) and all(uid.endswith("@monitor") for uid in uids)
    assert all(e["dtstart"].dt >= AS_OF.date() for e in events), "only upcoming events"


def test_demo_calendar_is_the_same_on_a_second_export(demo: tuple[Store, cfg.Config]) -> None:
    store, config = demo
    assert export_ics(store, until=config.monitor.as_of) == export_ics(store, until=config.monitor.as_of)


def test_demo_json_has_every_fact_with_its_provenance(demo: tuple[Store, cfg.Config]) -> None:
    store, config = demo
    data = json.loads(export_json(store, until=config.monitor.as_of))
    assert set(data) == {"counts", "statements", "events"}
    assert data["counts"] and data["statements"] and data["events"]
    for kind in data.values():
        for fact in kind:
            assert fact["source"] and fact["item_id"] and fact["item_title"]
            assert fact["item_link"].startswith(("https://", "file://"))  # the demo's teaser feed links to its pages
            assert fact["source"] in fact["sources"]
            assert dt.datetime.fromisoformat(fact["published"]) <= AS_OF
    meeting = [e for e in data["events"] if e["date"] == "2021-06-25" and "Ashraf Ghani" in e["participants"]]
    assert meeting


def test_demo_csv_has_one_row_per_fact(demo: tuple[Store, cfg.Config]) -> None:
    store, config = demo
    data = json.loads(export_json(store, until=config.monitor.as_of))
    rows = list(csv.DictReader(io.StringIO(export_csv(store, until=config.monitor.as_of))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [r["kind"] for r in rows].count("count") == len(data["counts"])
    assert [r["kind"] for r in rows].count("statement") == len(data["statements"])
    assert [r["kind"] for r in rows].count("event") == len(data["events"])
    lyons = [r for r in rows if r["kind"] == "count" and r["total"] == "370"]
    assert lyons and lyons[0]["actor"] == "Taliban" and lyons[0]["link"].startswith("https://")


def test_demo_markdown_brief(demo: tuple[Store, cfg.Config]) -> None:
    store, config = demo
    text = export_markdown(store, until=config.monitor.as_of)
    assert text.startswith("# Situation brief as of 2021-06-24 09:00 UTC\n")
    for heading in ("## Control", "## Key statements", "## Upcoming events"):
        assert f"\n{heading}\n" in text
    lines = text.splitlines()
    assert any(line.startswith("| Taliban |") and "370 districts" in line and "Lyons" in line for line in lines)
    assert any(line.startswith("| Taliban |") and "since 2021-06-08" in line for line in lines), "change shown"
    assert any(line.startswith("| 2021-06-25 | tomorrow |") and "Ghani" in line for line in lines)
    statements = [line for line in lines if line.startswith("- **")]
    assert 0 < len(statements) <= 15
    # every fact names the article it was read in, title and link (README: "Every fact comes with … article title,
    # link and date"); the teaser feed's articles are local pages, written out as file: URLs
    lyons = next(line for line in lines if line.startswith("| Taliban |") and "370 districts" in line)
    assert lyons.endswith(
        "| [Taliban have taken more than 50 districts since May, UN envoy tells Security Council]"
        "(<https://demo.monitor.invalid/un-news/2021/06/lyons-security-council-briefing>) |"
    )
    control = text.split("## Control")[1].split("##")[0].splitlines()
    rows = [line for line in control if line.startswith("| ") and not line.startswith("| ---")][1:]
    assert rows and all(re.search(r"\]\(<https://[^>]+>\) \|$|\(file://localhost/[^)]+\.html\) \|$", r) for r in rows)
    assert all(
        re.search(r" — .+, 2021-\d\d-\d\d: (\[.+\]\(<https://[^>]+>\)|.+ \(file://[^)]+\))$", s) for s in statements
    )
    ghani = next(line for line in lines if line.startswith("| 2021-06-25 | tomorrow |"))
    link = "https://demo.monitor.invalid/wire/2021/06/20/biden-ghani-white-house"
    assert f"[Biden to host Ghani and Abdullah at White House on June 25](<{link}>)" in ghani


def test_until_hides_later_facts_and_counts_down_from_it(demo: tuple[Store, cfg.Config]) -> None:
    store, _ = demo
    until = dt.datetime(2021, 6, 21, 9, tzinfo=dt.UTC)
    data = json.loads(export_json(store, until=until))
    published = [dt.datetime.fromisoformat(f["published"]) for kind in data.values() for f in kind]
    assert published and max(published) <= until
    brief = export_markdown(store, until=until)
    assert "# Situation brief as of 2021-06-21 09:00 UTC" in brief
    assert any(line.startswith("| 2021-06-25 | in 4 days |") for line in brief.splitlines())


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_since_keeps_facts_published_from_that_day(demo: tuple[Store, cfg.Config], fmt: str) -> None:
    store, config = demo
    since = dt.date(2021, 6, 22)
    everything = export(fmt, store, until=config.monitor.as_of)
    recent = export(fmt, store, since=since, until=config.monitor.as_of)
    if fmt == "json":
        dates = [f["published"][:10] for kind in json.loads(recent).values() for f in kind]
    else:
        dates = [row["date"] for row in csv.DictReader(io.StringIO(recent))]
    assert dates and min(dates) >= since.isoformat()
    assert len(recent) < len(everything)


# --- small stores built by hand ------------------------------------------------


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with SqliteStore(tmp_path / "store.sqlite3") as opened:
        yield opened


def save(store: Store, feed: str, *entries: tuple[Item, Facts]) -> None:
    store.save_poll(status(feed), etag=None, last_modified=None, items=entries, now=T0)


HOSTILE = {
    "speaker": "=cmd|' /C calc'!A0",
    "role": "+SUM(1,1)",
    "quote": "-2+3 said nobody",
    "title": "@import evil",
    "location": "\tTab first",
}


def test_csv_cells_cannot_run_as_formulas(store: Store) -> None:
    save(
        store,
        "Feed",
        (
            item("a", "Feed", title='=HYPERLINK("https://evil.invalid","click")'),
            facts(
                statements=(statement(HOSTILE["speaker"], HOSTILE["quote"], role=HOSTILE["role"]),),
                events=(
                    event(title=HOSTILE["title"], participants=("=1+1", "Plain Name"), location=HOSTILE["location"]),
                ),
            ),
        ),
    )
    rows = list(csv.DictReader(io.StringIO(export_csv(store))))
    st = next(r for r in rows if r["kind"] == "statement")
    ev = next(r for r in rows if r["kind"] == "event")
    assert st["speaker"] == "'" + HOSTILE["speaker"]
    assert st["role"] == "'" + HOSTILE["role"]
    assert st["quote"] == "'" + HOSTILE["quote"]
    assert st["item_title"].startswith("'=HYPERLINK")
    assert ev["title"] == "'" + HOSTILE["title"]
    assert ev["location"] == "'" + HOSTILE["location"]
    assert ev["participants"] == "'=1+1; Plain Name"
    assert ev["event_date"] == "2021-06-25" and ev["source"] == "Feed"
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), row


ATTACKS = [
    "[click me](javascript:alert(1))",
    "![pixel](https://evil.invalid/p.png)",
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "**loud** __loud__ *soft* _soft_",
    "`code` ~~gone~~",
    "a | b | c",
    "line one\n# Heading\n- item\n\n> quote",
    "&lt;b&gt; &#91;x&#93;(y)",
    "back\\slash\\",
]


@pytest.mark.parametrize("attack", ATTACKS)
def test_markdown_escapes_hostile_feed_text(store: Store, attack: str) -> None:
    save(
        store,
        "Feed " + attack,
        (
            item("a", "Feed " + attack, title=attack),
            facts(
                counts=(claim(actor=attack, unit="districts"),),
                statements=(statement(speaker=attack, quote=attack, role=attack, kind="indirect"),),
                events=(event(title=attack, participants=(attack,), location=attack),),
            ),
        ),
    )
    text = export_markdown(store, until=AS_OF)
    html = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(text)
    for tag in ("<img", "<script", "<code>", "<h3", "<blockquote", "<del>", "<ul>\n<li>item"):
        assert tag not in html, (tag, html)
    # the only links are the article's own, one per fact: the control row, the statement, the event
    assert html.count("<a ") == html.count('<a href="https://x.invalid/a">') == 3, html
    assert html.count("<h1>") == 1
    assert html.count("<strong>") == 1, "only the speaker is bold"
    assert html.count("<em>") == 1, "only the reported quote is in italics"
    assert html.count("<h2>") == 3
    for table in html.split("<table>")[1:]:
        header = table.split("</thead>")[0].count("<th>")
        for row in table.split("<tbody>")[1].split("<tr>")[1:]:
            assert row.count("<td>") == header, row


@pytest.mark.parametrize(
    ("link", "href"),
    [
        ("https://x.invalid/a?b=1&c=2#d", "https://x.invalid/a?b=1&amp;c=2#d"),
        ("https://x.invalid/a b>c<d|e\\f)g", "https://x.invalid/a%20b%3Ec%3Cd%7Ce%5Cf)g"),
        ("https://x.invalid/a\n# heading", "https://x.invalid/a#%20heading"),
        ("javascript:alert(1)", None),
        ("data:text/html,<script>alert(1)</script>", None),
        ("", None),
    ],
)
def test_markdown_links_each_fact_to_its_article_safely(store: Store, link: str, href: str | None) -> None:
    published = dt.datetime(2021, 6, 23, 8, tzinfo=dt.UTC)
    article = Item(id="a", feed="Wire", title="Kunduz [falls] | *again*", link=link or None, published=published)
    save(
        store,
        "Wire",
        (
            article,
            facts(
                counts=(claim(actor="Taliban"),),
                statements=(statement(speaker="Deborah Lyons", quote="They have taken more than 50 districts."),),
                events=(event(title="Biden hosts Ghani"),),
            ),
        ),
    )
    text = export_markdown(store, until=AS_OF)
    html = MarkdownIt("commonmark").enable(["table"]).render(text)
    title = "Kunduz [falls] | *again*"
    assert html.count(title) == 3 and "<em>" not in html, html  # the title reads as written, nothing made of it
    if href is None:
        assert "<a " not in html
    else:
        assert html.count(f'<a href="{href}">{title}</a>') == 3, html
    for table in html.split("<table>")[1:]:
        header = table.split("</thead>")[0].count("<th>")
        for row in table.split("<tbody>")[1].split("<tr>")[1:]:
            assert row.count("<td>") == header, row


def test_markdown_writes_a_local_article_link_out_as_text(store: Store) -> None:
    published = dt.datetime(2021, 6, 23, 8, tzinfo=dt.UTC)
    link = "file://localhost/srv/monitor_demo/pages/a_b.html"
    save(
        store, "Desk", (Item(id="b", feed="Desk", title="T", link=link, published=published), facts(counts=(claim(),)))
    )
    text = export_markdown(store, until=AS_OF)
    html = MarkdownIt("commonmark").enable(["table"]).render(text)
    assert "<a " not in html and f"<td>T ({link})</td>" in html, html


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("plain text", "plain text"),
        ("[a](b)", "\\[a\\](b)"),
        ("a|b", "a\\|b"),
        ("x\n\ny", "x y"),
        ("<b>", "\\<b\\>"),
        ("2021-06-25 50%", "2021-06-25 50%"),
        (None, ""),
    ],
)
def test_escape_markdown(text: str | None, escaped: str) -> None:
    assert escape_markdown(text) == escaped


def test_markdown_control_shows_change_since_the_sources_previous_claim(store: Store) -> None:
    save(store, "Tracker", (item("a", "Tracker", published=T0), facts(counts=(claim(50),))))
    save(
        store,
        "Tracker",
        (item("b", "Tracker", published=T0 + dt.timedelta(days=1)), facts(counts=(claim(62),))),
    )
    text = export_markdown(store, until=AS_OF)
    row = next(line for line in text.splitlines() if line.startswith("| Taliban |"))
    assert "holds more than 62 of 370 districts" in row
    assert "2021-06-23" in row and "+12 since 2021-06-22" in row


def test_empty_store_exports_empty_but_valid_documents(store: Store) -> None:
    assert json.loads(export_json(store)) == {"counts": [], "statements": [], "events": []}
    assert list(csv.reader(io.StringIO(export_csv(store)))) == [list(CSV_COLUMNS)]
    assert vevents(export_ics(store, now=AS_OF)) == []
    brief = export_markdown(store, now=AS_OF)
    assert "No control claims found." in brief and "No upcoming events found." in brief


def meeting(feed: str, at: dt.datetime, participants: tuple[str, ...], title: str) -> tuple[Item, Facts]:
    return item(f"{feed}-1", feed, published=at, title=f"{feed} story"), facts(
        events=(event(title=title, participants=participants),)
    )


def test_calendar_uid_survives_a_second_source(store: Store) -> None:
    save(store, "Wire", meeting("Wire", T0, ("Joe Biden",), "Biden to host Ghani"))
    first = vevents(export_ics(store, until=AS_OF))
    save(
        store,
        "Desk",
        meeting("Desk", T0 + dt.timedelta(hours=3), ("Joe Biden", "Ashraf Ghani"), "Ghani and Abdullah to meet Biden"),
    )
    second = vevents(export_ics(store, until=AS_OF))
    assert len(first) == len(second) == 1
    assert first[0]["uid"] == second[0]["uid"]
    assert "Reported by 2 source(s): Wire, Desk" in str(second[0]["description"])


def test_calendar_uids_differ_between_events_and_past_ones_are_left_out(store: Store) -> None:
    save(
        store,
        "Wire",
        (
            item("a", "Wire"),
            facts(
                events=(
                    event(dt.date(2021, 6, 25), "Meeting in Washington", ("Joe Biden",)),
                    event(dt.date(2021, 6, 29), "Security Council session", ("Council",)),
                    event(dt.date(2021, 6, 23), "Already happened", ("Someone",)),
                )
            ),
        ),
    )
    events = vevents(export_ics(store, until=AS_OF))
    assert [e["dtstart"].dt for e in events] == [dt.date(2021, 6, 25), dt.date(2021, 6, 29)]
    assert len({str(e["uid"]) for e in events}) == 2


def test_calendar_text_is_escaped_and_reads_back(store: Store) -> None:
    title = "Talks; round 2, Doha\\Qatar"
    save(store, "Wire", (item("a", "Wire"), facts(events=(event(title=title, location="Doha, Qatar"),))))
    (vevent,) = vevents(export_ics(store, until=AS_OF))
    assert str(vevent["summary"]) == title
    assert str(vevent["location"]) == "Doha, Qatar"
    assert str(vevent["url"]) == "https://x.invalid/a"


def test_write_export_to_a_file_or_back_for_stdout(tmp_path: Path) -> None:
    text = "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\nü\n"
    assert write_export(text, None) == text
    out = tmp_path / "events.ics"
    assert write_export(text, out) is None
    assert out.read_bytes() == text.encode("utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.ics"]


def test_format_names_and_suffixes(store: Store) -> None:
    assert set(SUFFIXES.values()) <= set(FORMATS)
    assert export("MD", store, now=AS_OF).startswith("# Situation brief")
    with pytest.raises(ValueError, match="unknown export format 'pdf'"):
        export("pdf", store)
