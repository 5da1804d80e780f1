"""The commands people run: poll the demo, extract an article, manage feeds, export — through `main()`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import icalendar
import pytest
from factories import SEED
from feedserver import Answer, FeedServer, rss

from monitor.cli import main

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    """A copy of the shipped config and demo feeds, so tests never write beside the repository."""
    shutil.copytree(ROOT / "monitor" / "demo", tmp_path / "monitor" / "demo")
    shutil.copy(ROOT / "config.toml", tmp_path / "config.toml")
    return tmp_path / "config.toml"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_poll_once_json_on_the_demo(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "poll", "--once", "--json", "--config", str(demo))
    report = json.loads(out)
    assert code == 0
    assert len(report["feeds"]) == 5
    for feed in report["feeds"]:
        assert {"name", "url", "status", "http_status", "error", "new_items", "next_poll", "pages_fetched"} <= set(feed)
        assert feed["status"] == "ok" and feed["error"] is None and feed["new_items"] > 0
    # the teaser feed's article pages: three read, a consent wall and a JavaScript shell refused
    assert (report["totals"]["pages_read"], report["totals"]["pages_failed"]) == (3, 2)
    desk = next(f for f in report["feeds"] if f["name"] == "Desk briefs (demo)")
    assert (desk["pages_fetched"], desk["pages_failed"]) == (3, 2)
    assert report["totals"]["ok"] == 5 and report["totals"]["new_items"] == sum(f["new_items"] for f in report["feeds"])
    code, out, _ = run(capsys, "poll", "--once", "--json", "--config", str(demo))
    again = json.loads(out)
    assert {f["status"] for f in again["feeds"]} == {"not_modified"} and again["totals"]["new_items"] == 0


def test_extract_json_finds_the_seed_facts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "article.txt"
    article.write_text(SEED, encoding="utf-8")
    code, out, _ = run(capsys, "extract", "--json", "--published", "2021-06-23", str(article))
    facts = json.loads(out)
    assert code == 0
    assert [(c["actor"], c["count"], c["qualifier"], c["total"], c["unit"]) for c in facts["counts"]] == [
        ("Taliban", 50, "more than", 370, "districts")
    ]
    assert any(s["speaker"] == "Deborah Lyons" and s["kind"] == "direct" for s in facts["statements"])
    assert [e["date"] for e in facts["events"]] == ["2021-06-25"]
    assert "Ashraf Ghani" in facts["events"][0]["participants"]
    for fact in (*facts["counts"], *facts["statements"], *facts["events"]):
        assert SEED[fact["start"] : fact["end"]] == fact["evidence"]
        assert "source" not in fact and "item_id" not in fact


def test_extract_rejects_a_bad_date(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "extract", "--published", "23/06/2021", "-")
    assert code == 2 and "not a date" in err


def test_feeds_add_through_a_web_page_then_remove_restores_the_file(
    demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = demo.read_bytes()
    with FeedServer() as server:
        server.route("/", Answer(200, b'<html><head><link rel="alternate" type="application/rss+xml" '
                                      b'href="/news.xml"></head><body>Site</body></html>',
                                 {"Content-Type": "text/html"}))  # fmt: skip
        server.route("/news.xml", Answer(200, rss(("1", "One"), title="Frontline Daily")))
        code, out, _ = run(capsys, "feeds", "add", server.url("/"), "--config", str(demo))
        assert code == 0 and "added 'Frontline Daily'" in out and "found through" in out
        assert f'url = "{server.url("/news.xml")}"' in demo.read_text(encoding="utf-8")
        code, _, err = run(capsys, "feeds", "add", server.url("/news.xml"), "--config", str(demo))
        assert code == 2 and "already configured" in err
        code, _, err = run(capsys, "feeds", "add", server.url("/missing"), "--config", str(demo))
        assert code == 1 and "404" in err
    code, out, _ = run(capsys, "feeds", "list", "--json", "--config", str(demo))
    assert "Frontline Daily" in [f["name"] for f in json.loads(out)["feeds"]]
    code, _, _ = run(capsys, "feeds", "remove", "Frontline Daily", "--config", str(demo))
    assert code == 0 and demo.read_bytes() == before


def test_feeds_export_and_import_opml(demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, opml, _ = run(capsys, "feeds", "export", "--config", str(demo))
    assert code == 0 and opml.count('type="rss"') == 5
    # the demo's relative file: URLs travel as absolute ones, resolved against the exporting config's folder
    demo_folder = (tmp_path / "monitor" / "demo").resolve()
    assert opml.count(f'xmlUrl="{demo_folder.as_uri()}/') == 5 and 'xmlUrl="file:monitor' not in opml
    other = tmp_path / "elsewhere" / "other"  # another folder, where monitor/demo/… names nothing
    other.mkdir(parents=True)
    config = other / "config.toml"
    config.write_text('# my feeds\n[storage]\npath = "store.sqlite3"\n', encoding="utf-8")
    (tmp_path / "feeds.opml").write_text(opml, encoding="utf-8")
    code, out, _ = run(capsys, "feeds", "import", str(tmp_path / "feeds.opml"), "--config", str(config))
    assert code == 0 and "5 added, 0 skipped" in out
    code, out, _ = run(capsys, "feeds", "import", str(tmp_path / "feeds.opml"), "--config", str(config))
    assert "0 added, 5 skipped" in out
    assert config.read_text(encoding="utf-8").startswith("# my feeds\n")
    code, out, _ = run(capsys, "poll", "--once", "--json", "--config", str(config))
    report = json.loads(out)
    assert code == 0 and [f["status"] for f in report["feeds"]] == ["ok"] * 5, report["feeds"]
    assert report["totals"]["new_items"] > 0


def test_feeds_import_resolves_relative_file_urls_against_the_opml_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shared = tmp_path / "shared"
    (shared / "feeds").mkdir(parents=True)
    shutil.copy(ROOT / "monitor" / "demo" / "un-news.xml", shared / "feeds" / "un.xml")
    (shared / "list.opml").write_text(
        '<opml version="2.0"><body><outline text="UN" xmlUrl="file:feeds/un.xml"/></body></opml>', encoding="utf-8"
    )
    home = tmp_path / "home"
    home.mkdir()
    config = home / "config.toml"
    config.write_text('[storage]\npath = "store.sqlite3"\n', encoding="utf-8")
    code, out, _ = run(capsys, "feeds", "import", str(shared / "list.opml"), "--config", str(config))
    written = (shared / "feeds" / "un.xml").resolve().as_uri()
    assert code == 0 and f"added 'UN': {written}" in out
    assert f'url = "{written}"' in config.read_text(encoding="utf-8")
    code, out, _ = run(capsys, "poll", "--once", "--json", "--config", str(config))
    assert code == 0 and json.loads(out)["feeds"][0]["status"] == "ok"


def test_a_missing_local_feed_says_file_not_found_with_its_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[storage]\npath = "store.sqlite3"\n[[feeds]]\nname = "Gone"\nurl = "file:feeds/gone.xml"\n')
    code, out, _ = run(capsys, "poll", "--once", "--json", "--config", str(config))
    feed = json.loads(out)["feeds"][0]
    assert code == 1 and feed["status"] == "error"
    assert feed["error"] == f"file not found: {tmp_path.resolve() / 'feeds' / 'gone.xml'}"
    code, out, _ = run(capsys, "feeds", "list", "--config", str(config))
    assert f"[error, every 900 s] — file not found: {tmp_path.resolve() / 'feeds' / 'gone.xml'}" in out


def test_export_ics_and_markdown_of_the_demo(demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "poll", "--once", "--config", str(demo))
    out_path = tmp_path / "events.ics"
    code, _, _ = run(capsys, "export", "--format", "ics", "--out", str(out_path), "--config", str(demo))
    assert code == 0
    calendar = icalendar.Calendar.from_ical(out_path.read_bytes())
    meetings = [e for e in calendar.walk("VEVENT") if str(e.get("DTSTART").dt) == "2021-06-25"]
    assert len(meetings) == 1 and "Ghani" in str(meetings[0].get("SUMMARY")) + str(meetings[0].get("DESCRIPTION"))
    code, brief, _ = run(capsys, "export", "--format", "md", "--config", str(demo))
    assert code == 0
    assert "Taliban" in brief and "370" in brief and "407" in brief and "2021-06-25" in brief
    assert "| [Taliban have taken more than 50 districts since May, UN envoy tells Security Council](<https://" in brief
    code, _, err = run(capsys, "export", "--format", "md", "--since", "yesterday", "--config", str(demo))
    assert code == 2 and "not a date" in err
