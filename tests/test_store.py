"""The store: atomic polls, provenance, replay cut-off, dedupe, persistence.

Every test that is not about SQLite's own file (WAL, its migrations) runs on both
backends: the SQLite file and a PostgreSQL database of the server the test run starts.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from factories import T0, claim, event, facts, item, statement, status

from monitor.store import SCHEMA_VERSION, SqliteStore, SqlStore, StoreError, fact_rows, facts_from_rows

Opener = Callable[[], SqlStore]


def test_poll_round_trip_with_provenance(open_store: Opener) -> None:
    with open_store() as store:
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
        assert store.facts_of("a").counts == [
            stored_claim.model_copy(update={"source": None, "item_id": None, "published": None})
        ]


def test_same_item_from_two_feeds_is_stored_once_with_both_sources(open_store: Opener) -> None:
    with open_store() as store:
        store.save_poll(status("A"), etag=None, last_modified=None, items=[(item("x", "A"), facts())], now=T0)
        new = store.save_poll(status("B"), etag=None, last_modified=None, items=[(item("x", "B"), facts())], now=T0)
        assert new == []
        [stored] = store.items()
        assert stored.feeds == ("A", "B")
        assert store.count_items() == 1
        assert {name: s.status.items for name, s in store.feed_states().items()} == {"A": 1, "B": 1}


def test_until_hides_later_items_and_facts(open_store: Opener) -> None:
    later = T0 + dt.timedelta(days=10)
    with open_store() as store:
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


def test_state_survives_reopening(open_store: Opener) -> None:
    with open_store() as store:
        store.save_poll(
            status(failures=2, status="error", error="HTTP 500"),
            etag="e",
            last_modified=None,
            items=[(item("a"), facts())],
            now=T0,
        )
    with open_store() as store:
        state = store.feed_states()["UN"]
        assert (state.status.failures, state.status.error, state.etag) == (2, "HTTP 500", "e")
        assert store.known_ids(["a", "b"]) == {"a"}
        assert store.item("a") is not None and store.item("b") is None


def test_failed_write_rolls_back_the_whole_poll(open_store: Opener) -> None:
    with open_store() as store:
        broken = [(item("a"), facts()), ("not an item", facts())]
        with pytest.raises(AttributeError):
            store.save_poll(status(), etag=None, last_modified=None, items=broken, now=T0)  # type: ignore[arg-type]
        assert store.count_items() == 0
        assert store.feed_states() == {}


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    SqliteStore(path).close()
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION + 1),))
    db.close()
    with pytest.raises(StoreError, match="newer monitor"):
        SqliteStore(path)


def test_wal_mode(tmp_path: Path) -> None:
    with SqliteStore(tmp_path / "s.sqlite3") as store:
        assert store._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_same_story_under_other_ids_is_stored_once(open_store: Opener) -> None:
    """A link with tracking parameters, or the same long title in another feed, is the same story."""
    base = item("a", "A", title="Taliban seize key district in Kunduz province")
    by_link = base.model_copy(
        update={"id": "b", "feed": "B", "title": "Other words", "link": base.link + "?utm_source=x"}
    )
    by_title = base.model_copy(update={"id": "c", "feed": "C", "link": "https://elsewhere.invalid/c"})
    later_same_title = by_title.model_copy(update={"id": "d", "feed": "D", "published": T0 + dt.timedelta(days=5)})
    same_feed_same_title = base.model_copy(update={"id": "e", "link": "https://x.invalid/e"})
    with open_store() as store:
        store.save_poll(status("A"), etag=None, last_modified=None, items=[(base, facts())], now=T0)
        for repeat in (by_link, by_title, later_same_title, same_feed_same_title):
            store.save_poll(status(repeat.feed), etag=None, last_modified=None, items=[(repeat, facts())], now=T0)
        assert sorted(s.item.id for s in store.items()) == ["a", "d", "e"]
        assert store.item("a") is not None and store.item("a").feeds == ("A", "B", "C")  # type: ignore[union-attr]
        assert store.known_ids(["b", "c", "zzz"]) == {"b", "c"}  # aliases count as known on the next poll


def test_repeats_arriving_together_in_one_poll_are_matched_like_one_by_one(open_store: Opener) -> None:
    """A feed's items are matched against the store in one go; each still finds its strongest match."""
    first = item("a", "A", title="Taliban seize key district in Kunduz province")
    other = item("z", "A", title="Talks resume in Doha after a pause of three weeks")
    other = other.model_copy(update={"link": "https://news.invalid/z"})
    titled = item("t", "A", title="Envoy warns the Security Council of a worsening war")
    same_id_other_link = first.model_copy(update={"feed": "B", "link": other.link})  # the id beats the link
    by_link = other.model_copy(update={"id": "b", "feed": "B", "title": "Other words entirely", "link": other.link})
    by_title = titled.model_copy(update={"id": "c", "feed": "B", "link": "https://elsewhere.invalid/c"})
    too_late = by_title.model_copy(update={"id": "d", "published": T0 + dt.timedelta(days=5)})
    new = item("n", "B", title="A new story nobody has told yet today")
    with open_store() as store:
        stored = [(i, facts()) for i in (first, other, titled)]
        store.save_poll(status("A"), etag=None, last_modified=None, items=stored, now=T0)
        batch = [(i, facts()) for i in (same_id_other_link, by_link, by_title, too_late, new)]
        assert [i.id for i in store.save_poll(status("B"), etag=None, last_modified=None, items=batch, now=T0)] == [
            "d",
            "n",
        ]
        by_id = {s.item.id: s for s in store.items()}
        assert sorted(by_id) == ["a", "d", "n", "t", "z"]
        assert [by_id[i].feeds for i in "atz"] == [("A", "B")] * 3
        assert store.known_ids(["b", "c"]) == {"b", "c"}


def test_a_long_feed_is_matched_whole_and_an_alias_seen_again_is_still_its_story(open_store: Opener) -> None:
    """Matching asks the store in slices of a feed: every slice counts, and an alias stays an alias."""
    wire = [item(f"w{n}", "A", title=f"Wire story number {n} about the talks") for n in range(450)]
    # the same 450 stories in another feed under other ids, found only by their (tracked) links
    mirrored = [
        i.model_copy(update={"id": f"m{n}", "feed": "B", "title": f"Mirror {n}", "link": f"{i.link}?utm_source=m"})
        for n, i in enumerate(wire)
    ]
    with open_store() as store:
        store.save_poll(status("A"), etag=None, last_modified=None, items=[(i, facts()) for i in wire], now=T0)
        new = store.save_poll(
            status("B"), etag=None, last_modified=None, items=[(i, facts()) for i in mirrored], now=T0
        )
        assert new == []
        again = mirrored[449].model_copy(update={"feed": "C", "link": "https://other.invalid/x", "title": "Else"})
        assert store.save_poll(status("C"), etag=None, last_modified=None, items=[(again, facts())], now=T0) == []
        assert store.count_items() == 450
        assert store.item("w449") is not None and store.item("w449").feeds == ("A", "B", "C")  # type: ignore[union-attr]
        assert store.known_ids(["m0", "m200", "m449"]) == {"m0", "m200", "m449"}


def test_prune_forgets_old_arrivals_with_their_facts(open_store: Opener) -> None:
    with open_store() as store:
        store.save_poll(
            status(),
            etag=None,
            last_modified=None,
            items=[(item("old"), facts(counts=(claim(),)))],
            now=T0 - dt.timedelta(days=40),
        )
        store.save_poll(
            status(), etag=None, last_modified=None, items=[(item("new"), facts(counts=(claim(),)))], now=T0
        )
        assert store.prune(first_seen_before=T0 - dt.timedelta(days=30)) == 1
        assert [s.item.id for s in store.items()] == ["new"] and len(store.claims()) == 1


def test_a_version_1_store_is_migrated_in_place(tmp_path: Path) -> None:
    from monitor.store.sqlite import _V1

    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as db:
        for statement in _V1:
            db.execute(statement)
        db.execute("INSERT INTO meta VALUES ('schema_version', '1')")
        db.execute(
            "INSERT INTO items VALUES ('a', 'UN', 'Taliban seize key district in Kunduz province', "
            "'https://www.x.invalid/a?utm_source=rss', '2021-06-22T12:00:00+00:00', '2021-06-22T12:00:00+00:00', "
            "'', 'Body', NULL)"
        )
        db.execute("INSERT INTO item_feeds VALUES ('a', 'UN')")
    db.close()
    with SqliteStore(path) as store:
        version = store._db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0]
        assert int(version) == SCHEMA_VERSION
        assert store.count_items() == 1
        same_link = item("z", "B", title="Other").model_copy(update={"link": "http://x.invalid/a"})
        assert store.save_poll(status("B"), etag=None, last_modified=None, items=[(same_link, facts())], now=T0) == []


def test_claims_are_stored_with_their_claimant_and_history_is_bounded(open_store: Opener) -> None:
    with open_store() as store:
        polls = []
        for n in range(20):  # twenty tracker updates, then one UN claim made by the envoy
            polls.append(
                (
                    item(f"t{n}", "Tracker", published=T0 + dt.timedelta(hours=n)),
                    facts(counts=(claim(100 + n, total=407, qualifier="exact"),)),
                )
            )
        said = facts(counts=(claim(50, start=4, end=40),), statements=(statement(kind="indirect", end=90),))
        polls.append((item("un", "UN", published=T0 + dt.timedelta(days=2)), said))
        for stored_item, found in polls:
            store.save_poll(
                status(stored_item.feed), etag=None, last_modified=None, items=[(stored_item, found)], now=T0
            )
        history = store.claim_history(per_row=5)
        assert [c.count for c in history if c.claimant == "Tracker"] == [115, 116, 117, 118, 119]
        assert [(c.count, c.claimant) for c in history if c.source == "UN"] == [(50, "Deborah Lyons")]
        assert [c.count for c in store.claim_history(per_row=3, rows=1)] == [50]  # the most recent row only
        assert [c.count for c in store.claim_history(until=T0 + dt.timedelta(hours=1))] == [100, 101]
        newest = store.statements(limit=1)
        assert len(newest) == 1 and newest[0].source == "UN"


def test_feed_item_ids_are_what_needs_no_extraction(open_store: Opener) -> None:
    with open_store() as store:
        base = item("a", "A", title="One story told by two feeds today")
        store.save_poll(status("A"), etag=None, last_modified=None, items=[(base, facts())], now=T0)
        copy = base.model_copy(update={"id": "b", "feed": "B"})
        store.save_poll(status("B"), etag=None, last_modified=None, items=[(copy, facts())], now=T0)
        assert store.feed_item_ids("A") == store.feed_item_ids("B") == {"a", "b"}  # the story and its alias
        assert store.feed_item_ids("C") == frozenset()


def test_replay_cut_off_hides_later_statements(open_store: Opener) -> None:
    """Guards the planted bug "replay (`as_of`) cut-off dropped for Statements" (the statements queries).

    The pane reads the newest statements with a limit, exports read all of them: both must stop at `until`.
    """
    later = T0 + dt.timedelta(days=10)
    with open_store() as store:
        store.save_poll(
            status(),
            etag=None,
            last_modified=None,
            items=[
                (item("early"), facts(statements=(statement("Deborah Lyons"),))),
                (item("late", published=later), facts(statements=(statement("Zalmay Khalilzad"),))),
            ],
            now=later,
        )
        assert [s.speaker for s in store.statements(until=T0)] == ["Deborah Lyons"]
        assert [s.speaker for s in store.statements(until=T0, limit=10)] == ["Deborah Lyons"]
        assert [s.speaker for s in store.statements(until=T0, limit=1)] == ["Deborah Lyons"]
        assert [s.speaker for s in store.statements(limit=10)] == ["Deborah Lyons", "Zalmay Khalilzad"]


def test_two_new_items_sharing_a_link_in_one_poll_are_one_story(open_store: Opener) -> None:
    """Guards the planted bug "two new items sharing a link in one poll are not merged" (the save path).

    Neither item is stored yet, so only the poll's own bookkeeping can see that the second repeats the first.
    """
    first = item("a", "A", title="Taliban seize key district in Kunduz province")
    same_link = item("b", "A", title="Other words entirely").model_copy(
        update={"link": "http://www.x.invalid/a/?utm_source=rss#top"}
    )
    with open_store() as store:
        new = store.save_poll(
            status("A"), etag=None, last_modified=None, items=[(first, facts()), (same_link, facts())], now=T0
        )
        assert [i.id for i in new] == ["a"]
        assert store.count_items() == 1
        assert store.known_ids(["b"]) == {"b"}  # remembered as an alias, so the next poll knows it
        assert store.feed_states()["A"].status.new_items == 1


def test_feed_state_survives_reopening_field_by_field(open_store: Opener) -> None:
    """Everything the Feeds pane and the poller read back after a restart, not only the failure count."""
    saved = status(
        "UN",
        status="ok",
        http_status=200,
        warning="not well-formed XML at line 3",
        last_poll=T0,
        last_success=T0,
        next_poll=T0 + dt.timedelta(minutes=15),
        retry_until=T0 + dt.timedelta(hours=1),
    )
    with open_store() as store:
        store.save_poll(
            saved, etag='"e1"', last_modified="Tue, 22 Jun 2021 10:00:00 GMT", items=[(item("a"), facts())], now=T0
        )
    with open_store() as store:
        state = store.feed_states()["UN"]
    assert (state.etag, state.last_modified) == ('"e1"', "Tue, 22 Jun 2021 10:00:00 GMT")
    assert state.status == saved.model_copy(update={"new_items": 1, "items": 1})


def test_every_kind_of_fact_comes_back_from_its_rows_and_from_the_store(open_store: Opener) -> None:
    """`facts_from_rows` feeds the alerts (speakers watch statements), `facts_of` the article screen."""
    found = facts(counts=(claim(),), statements=(statement(),), events=(event(),))
    rows = fact_rows("UN", found)
    back_from_rows = facts_from_rows(rows)
    assert (back_from_rows.statements, back_from_rows.events) == (found.statements, found.events)
    assert [c.model_copy(update={"claimant": None}) for c in back_from_rows.counts] == found.counts
    with open_store() as store:
        store.save_poll(status(), etag=None, last_modified=None, items=[(item("a"), found)], now=T0)
        back = store.facts_of("a")
    assert (len(back.counts), back.statements, back.events) == (1, found.statements, found.events)


def test_claim_history_keeps_the_rows_with_the_latest_claims_and_every_chunk(open_store: Opener) -> None:
    """Rows are ranked by their newest claim, not their first; a window of more than one query's worth of
    claims (500) comes back whole."""
    day = dt.timedelta(days=1)
    stories = [
        (item("old-row-1", published=T0), facts(counts=(claim(10, actor="Old row"),))),
        (item("new-row", published=T0 + 5 * day), facts(counts=(claim(20, actor="New row"),))),
        (item("old-row-2", published=T0 + 10 * day), facts(counts=(claim(11, actor="Old row"),))),
    ]
    many = [(item(f"m{n}", published=T0 - day), facts(counts=(claim(n, actor=f"Actor {n}"),))) for n in range(501)]
    with open_store() as store:
        store.save_poll(status(), etag=None, last_modified=None, items=stories, now=T0)
        assert [c.count for c in store.claim_history(rows=1)] == [10, 11]  # its latest claim is the newest
        store.save_poll(status(), etag=None, last_modified=None, items=many, now=T0)
        assert len(store.claim_history(per_row=1, rows=1000)) == 503


def test_a_read_page_replaces_the_items_facts_and_counts_for_its_feed(open_store: Opener) -> None:
    from monitor.models import Page
    from monitor.store import PageWrite

    with open_store() as store:
        teaser = item("a", content="Fighting spread.")
        store.save_poll(
            status("UN"), etag=None, last_modified=None, items=[(teaser, facts(counts=(claim(3),)))], now=T0
        )
        article = "The Taliban hold more than 50 of 370 districts, the envoy said."
        found = facts(counts=(claim(50, start=4, end=11),), statements=(statement(),))
        page = Page(url="https://x.invalid/a?page", status="full", fetched=T0)
        store.save_page(PageWrite("a", "UN", page, article, fact_rows("UN", found)))
        stored = store.item("a")
        assert stored is not None and stored.page == page
        assert stored.item.text == article and stored.item.content == "Fighting spread."  # the teaser stays
        assert [c.count for c in store.claims()] == [50]  # the teaser's claim is gone, not doubled
        assert [c.published for c in store.claims()] == [T0]  # still dated by the item
        assert len(store.statements()) == 1 and store.facts_of("a").counts[0].count == 50
        failed = Page(url="https://x.invalid/b", status="failed", reason="timed out", fetched=T0)
        store.save_poll(status("UN"), etag=None, last_modified=None, items=[(item("b"), facts())], now=T0)
        store.save_page(PageWrite("b", "UN", failed, "ignored", fact_rows("UN", found)))
        b = store.item("b")
        assert b is not None and b.page == failed and b.item.text == "Body text." and store.facts_of("b") == facts()
        state = store.feed_states()["UN"].status
        assert (state.pages_fetched, state.pages_failed) == (1, 1)
        assert store.pages_known(["a", "b", "c"]) == {"a", "b"}
        # a later poll of the feed keeps its page counts
        store.save_poll(status("UN", status="ok"), etag=None, last_modified=None, items=[], now=T0)
        assert store.feed_states()["UN"].status.pages_fetched == 1


def test_a_page_for_an_item_pruned_meanwhile_is_dropped(open_store: Opener) -> None:
    from monitor.models import Page
    from monitor.store import PageWrite

    with open_store() as store:
        store.save_poll(status("UN"), etag=None, last_modified=None, items=[], now=T0)
        page = Page(url="https://x.invalid/gone", status="full", fetched=T0)
        store.save_page(PageWrite("gone", "UN", page, "text", ()))
        assert store.pages_known(["gone"]) == set() and store.feed_states()["UN"].status.pages_fetched == 0


def test_a_version_2_store_gains_pages_and_keeps_its_items(tmp_path: Path) -> None:
    from monitor.store.sqlite import _V1, _V2

    path = tmp_path / "v2.sqlite3"
    with sqlite3.connect(path) as db:
        for statement in (*_V1, *_V2):
            db.execute(statement)
        db.execute("INSERT INTO meta VALUES ('schema_version', '2')")
        db.execute(
            "INSERT INTO items (id, feed, title, link, published, first_seen, summary, content) VALUES "
            "('a', 'UN', 'T', NULL, '2021-06-22T12:00:00+00:00', '2021-06-22T12:00:00+00:00', '', 'Body')"
        )
        db.execute("INSERT INTO feeds (name, url) VALUES ('UN', 'https://u.invalid')")
    db.close()
    with SqliteStore(path) as store:
        assert store.count_items() == 1 and store.pages_known(["a"]) == set()
        stored = store.item("a")
        assert stored is not None and stored.page is None and stored.item.text == "Body"
        assert store.feed_states()["UN"].status.pages_fetched == 0


def test_feed_states_of_some_feeds_only(open_store: Opener) -> None:
    """A `serve` poll of one host reads the states of that host's feeds, not of every feed."""
    with open_store() as store:
        for name in ("A", "B", "C"):
            store.save_poll(status(name, status="ok"), etag=f"e-{name}", last_modified=None, now=T0,
                            items=[(item(f"{name}1", name), facts())])  # fmt: skip
        some = store.feed_states(["A", "C", "unknown"])
        assert sorted(some) == ["A", "C"] and some["C"].etag == "e-C" and some["C"].status.items == 1
        assert sorted(store.feed_states()) == ["A", "B", "C"]
