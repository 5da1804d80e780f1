"""The SQLite store: atomic polls, provenance, replay cut-off, dedupe, persistence."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from factories import T0, claim, event, facts, item, statement, status
from monitor.store import SCHEMA_VERSION, Store


def test_poll_round_trip_with_provenance(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite3") as store:
        new = store.save_poll(
            status("UN", status="ok"),
            etag='"v1"',
            last_modified="Tue, 22 Jun 2021 12:00:00 GMT",
            items=[(item("a"), facts(counts=(claim(),), statements=(statement(),), events=(event(),)))],
            now=T0,
        )
        assert [i.id for i in new] == ["a"]
        [stored_claim] = store.claims()
        assert (stored_claim.count, stored_claim.total, stored_claim.source) == (50, 370, "UN")
        assert stored_claim.item_id == "a" and stored_claim.published == T0
        assert store.statements()[0].speaker == "Deborah Lyons"
        assert store.events()[0].date == dt.date(2021, 6, 25)
        state = store.feed_states()["UN"]
        assert state.etag == '"v1"' and state.status.items == 1 and state.status.status == "ok"
        assert store.facts_of("a").counts == [stored_claim.model_copy(update={"source": None, "item_id": None,
                                                                             "published": None})]


def test_same_item_from_two_feeds_is_stored_once_with_both_sources(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite3") as store:
        store.save_poll(status("A"), etag=None, last_modified=None, items=[(item("x", "A"), facts())], now=T0)
        new = store.save_poll(status("B"), etag=None, last_modified=None, items=[(item("x", "B"), facts())], now=T0)
        assert new == []
        [stored] = store.items()
        assert stored.feeds == ("A", "B")
        assert store.count_items() == 1
        assert {name: s.status.items for name, s in store.feed_states().items()} == {"A": 1, "B": 1}


def test_until_hides_later_items_and_facts(tmp_path: Path) -> None:
    later = T0 + dt.timedelta(days=10)
    with Store(tmp_path / "s.sqlite3") as store:
        store.save_poll(
            status(),
            etag=None,
            last_modified=None,
            items=[
                (item("early"), facts(counts=(claim(50),))),
                (item("late", published=later), facts(counts=(claim(150),), events=(event(),))),
            ],
            now=later,
        )
        assert [c.count for c in store.claims(until=T0)] == [50]
        assert [c.count for c in store.claims()] == [50, 150]
        assert [s.item.id for s in store.items(until=T0)] == ["early"]
        assert [s.item.id for s in store.items()] == ["late", "early"]
        assert store.events(until=T0) == []
        assert store.events(on_or_after=dt.date(2021, 6, 26)) == []
        assert len(store.events(on_or_after=dt.date(2021, 6, 25))) == 1


def test_state_survives_reopening(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    with Store(path) as store:
        store.save_poll(status(failures=2, status="error", error="HTTP 500"), etag="e", last_modified=None,
                        items=[(item("a"), facts())], now=T0)
    with Store(path) as store:
        state = store.feed_states()["UN"]
        assert (state.status.failures, state.status.error, state.etag) == (2, "HTTP 500", "e")
        assert store.known_ids(["a", "b"]) == {"a"}
        assert store.item("a") is not None and store.item("b") is None


def test_failed_write_rolls_back_the_whole_poll(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite3") as store:
        broken = [(item("a"), facts()), ("not an item", facts())]
        with pytest.raises(AttributeError):
            store.save_poll(status(), etag=None, last_modified=None, items=broken, now=T0)  # type: ignore[arg-type]
        assert store.count_items() == 0
        assert store.feed_states() == {}


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    Store(path).close()
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION + 1),))
    db.close()
    with pytest.raises(RuntimeError, match="newer monitor"):
        Store(path)


def test_wal_mode(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite3") as store:
        assert store._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
