"""The one function that moves a feed's status: every outcome, as a table, with no server or store."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from monitor.feedstatus import BREAKER_FAILURES, Failed, Read, Unchanged, after_poll, feed_health
from monitor.models import FeedStatus

NOW = dt.datetime(2021, 6, 24, 9, tzinfo=dt.UTC)
EARLIER = NOW - dt.timedelta(hours=1)
HEALTHY = FeedStatus(name="UN", url="https://u.invalid/f", status="ok", last_poll=EARLIER, last_success=EARLIER)
FAILING = HEALTHY.model_copy(update={"status": "error", "error": "timed out", "failures": 2, "last_success": EARLIER})


def poll(previous: FeedStatus, outcome: Read | Unchanged | Failed, interval: int = 600) -> FeedStatus:
    return after_poll(previous, outcome, url=previous.url, now=NOW, interval=interval, rng=random.Random(0))


@pytest.mark.parametrize("previous", [HEALTHY, FAILING], ids=["healthy", "failing"])
def test_a_read_feed_is_ok_and_forgets_its_failures(previous: FeedStatus) -> None:
    after = poll(previous, Read(200, floor=None, warnings=("moved", "bad XML")))
    assert (after.status, after.error, after.failures, after.retry_until) == ("ok", None, 0, None)
    assert after.warning == "moved; bad XML"
    assert after.last_success == NOW and after.next_poll == NOW + dt.timedelta(seconds=600)


def test_a_feeds_own_ttl_or_max_age_is_a_floor_on_the_interval() -> None:
    assert poll(HEALTHY, Read(200, floor=3600)).next_poll == NOW + dt.timedelta(seconds=3600)
    assert poll(HEALTHY, Unchanged(304, max_age=1800)).next_poll == NOW + dt.timedelta(seconds=1800)
    assert poll(HEALTHY, Read(200, floor=60)).next_poll == NOW + dt.timedelta(seconds=600)


def test_an_unchanged_feed_keeps_its_warning_unless_it_moved() -> None:
    warned = HEALTHY.model_copy(update={"warning": "not well-formed"})
    assert poll(warned, Unchanged(304)).warning == "not well-formed"
    moved = poll(warned, Unchanged(304, moved_to="https://new.invalid/f"))
    assert moved.status == "not_modified" and "moved permanently to https://new.invalid/f" in (moved.warning or "")


def test_a_failure_counts_up_backs_off_and_keeps_the_last_success() -> None:
    first = poll(HEALTHY, Failed("server error (HTTP 500)", 500))
    second = poll(first, Failed("server error (HTTP 500)", 500))
    assert (first.failures, second.failures) == (1, 2)
    assert first.last_success == second.last_success == EARLIER
    assert first.next_poll is not None and second.next_poll is not None and second.next_poll > first.next_poll
    assert second.status == "error" and second.http_status == 500 and second.error == "server error (HTTP 500)"


def test_retry_after_is_remembered_and_bounds_the_next_poll() -> None:
    after = poll(HEALTHY, Failed("rate limited", 429, retry_after=7200))
    assert after.retry_until == NOW + dt.timedelta(seconds=7200)
    assert after.next_poll is not None and after.next_poll >= NOW + dt.timedelta(seconds=7200)


def test_the_breaker_opens_at_the_threshold_and_says_until_when() -> None:
    status = HEALTHY
    for _ in range(BREAKER_FAILURES - 1):
        status = poll(status, Failed("cannot connect"))
    assert "paused until" not in (status.error or "")
    status = poll(status, Failed("cannot connect"))
    assert status.failures == BREAKER_FAILURES
    assert "paused until" in (status.error or "") and "r retries now" in (status.error or "")
    assert status.next_poll is not None and status.next_poll - NOW >= dt.timedelta(hours=12)


def test_the_new_url_is_recorded_and_page_counts_carry_over() -> None:
    counted = HEALTHY.model_copy(update={"pages_fetched": 7, "pages_failed": 2})
    after = after_poll(counted, Read(200), url="https://moved.invalid/f", now=NOW, interval=600)
    assert after.url == "https://moved.invalid/f" and (after.pages_fetched, after.pages_failed) == (7, 2)
    failed = after_poll(counted, Failed("x"), url="https://moved.invalid/f", now=NOW, interval=600)
    assert failed.url == "https://moved.invalid/f" and (failed.pages_fetched, failed.pages_failed) == (7, 2)


def test_offline_is_not_the_feeds_failure_and_is_retried_soon() -> None:
    from monitor.feedstatus import OFFLINE_RETRY_MAX, Offline, offline_retry

    after = poll(FAILING, Offline("cannot connect: [Errno 111] Connection refused", offline_retry(1)))
    assert after.failures == FAILING.failures and after.last_success == FAILING.last_success
    assert after.status == "error" and (after.error or "").startswith("offline: cannot connect")
    assert after.next_poll == NOW + dt.timedelta(seconds=30)
    assert [offline_retry(n) for n in (1, 2, 3, 4, 5, 9)] == [30, 60, 120, 240, 300, 300]
    assert offline_retry(50) == OFFLINE_RETRY_MAX == 300


def test_feed_health_counts_paused_apart_from_failing() -> None:
    later = NOW + dt.timedelta(hours=1)
    statuses = [
        FeedStatus(name="a", url="u", status="ok"),
        FeedStatus(name="b", url="u", status="not_modified"),
        FeedStatus(name="c", url="u", status="error", failures=1, next_poll=later),
        FeedStatus(name="d", url="u", status="error", failures=BREAKER_FAILURES, next_poll=later),
        FeedStatus(name="e", url="u", status="error", failures=BREAKER_FAILURES, next_poll=NOW - dt.timedelta(1)),
        None,
    ]
    assert feed_health(statuses, NOW) == {"ok": 2, "failing": 2, "paused": 1, "pending": 1}
