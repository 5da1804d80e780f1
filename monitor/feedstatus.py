"""How a feed's status changes after a poll: one pure function, every outcome.

A poll of a feed ends in one of three ways: the server said nothing changed
(`Unchanged`), the feed was read (`Read`), or it failed (`Failed`). What that
does to the failure count, the backoff, the circuit breaker, Retry-After and
the next poll time is decided here and nowhere else, so the rules can be tested
as a table without a server, a store or a clock.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass

from .models import FeedStatus

__all__ = [
    "BREAKER_FAILURES",
    "BREAKER_PAUSE",
    "MAX_BACKOFF",
    "OFFLINE_RETRY_MAX",
    "Failed",
    "Offline",
    "Outcome",
    "Read",
    "Unchanged",
    "after_poll",
    "feed_health",
    "next_poll_after",
    "offline_retry",
]

MAX_BACKOFF = dt.timedelta(hours=6)
BREAKER_FAILURES = 5
"""After this many failures in a row the feed is paused for `BREAKER_PAUSE` (the circuit opens)."""
BREAKER_PAUSE = dt.timedelta(hours=12)
OFFLINE_RETRY_MIN = 30.0
OFFLINE_RETRY_MAX = 300.0
"""While offline, feeds are tried again after 30 s, then twice as long each time, at most five minutes."""


def offline_retry(polls_offline: int) -> float:
    """Seconds before the next try after this many polls in a row found the network down."""
    return float(min(OFFLINE_RETRY_MIN * 2 ** max(polls_offline - 1, 0), OFFLINE_RETRY_MAX))


@dataclass(frozen=True)
class Unchanged:
    """The server answered 304: the feed is as it was."""

    http_status: int | None
    max_age: float | None = None
    moved_to: str | None = None


@dataclass(frozen=True)
class Read:
    """The feed was fetched and parsed."""

    http_status: int | None
    floor: float | None = None
    """The server's max-age or the feed's own ttl: the least time before the next poll."""
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Failed:
    """The feed could not be fetched, parsed or stored."""

    reason: str
    http_status: int | None = None
    retry_after: float | None = None


@dataclass(frozen=True)
class Offline:
    """No feed of the poll could be reached at the network level: the fault is ours, not the feed's."""

    reason: str
    retry_in: float
    """Seconds until monitor tries again, on its own short schedule (at most `OFFLINE_RETRY_MAX`)."""


Outcome = Unchanged | Read | Failed | Offline


def next_poll_after(
    now: dt.datetime,
    interval: int,
    *,
    failures: int,
    retry_after: float | None = None,
    min_seconds: float | None = None,
    rng: random.Random | None = None,
) -> dt.datetime:
    """When to poll a feed next: its interval, stretched by backoff after failures.

    A feed that fails waits interval × 2^(failures-1) (capped at six hours) plus up
    to 10 % jitter, so a flaky server is not hammered and many failing feeds don't
    retry in lockstep; from `BREAKER_FAILURES` failures on it waits `BREAKER_PAUSE`.
    A server's `Retry-After`, `<ttl>` or `max-age` is a lower bound.
    """
    seconds = float(interval)
    if failures > 0:
        seconds = min(interval * 2 ** (failures - 1), MAX_BACKOFF.total_seconds())
        if failures >= BREAKER_FAILURES:
            seconds = max(seconds, BREAKER_PAUSE.total_seconds())
        seconds += seconds * 0.1 * (rng or random).random()
    for floor in (retry_after, min_seconds):
        if floor is not None:
            seconds = max(seconds, floor)
    return now + dt.timedelta(seconds=seconds)


def _at(when: dt.datetime) -> str:
    return when.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def after_poll(
    previous: FeedStatus,
    outcome: Outcome,
    *,
    url: str,
    now: dt.datetime,
    interval: int,
    rng: random.Random | None = None,
) -> FeedStatus:
    """The feed's status once `outcome` happened at `now`; `new_items` is 0 until the store says otherwise.

    Success of either kind clears the failure count, the error and any
    Retry-After; a failure counts up, backs off, opens the breaker at
    `BREAKER_FAILURES` (saying so in the reason), and keeps the last success.
    Offline is no failure of the feed's: its count and backoff stay as they
    were, and it is tried again soon.
    """
    if isinstance(outcome, Offline):
        return previous.model_copy(
            update={
                "url": url,
                "status": "error",
                "http_status": None,
                "error": f"offline: {outcome.reason} (not counted as the feed's failure)",
                "new_items": 0,
                "last_poll": now,
                "next_poll": now + dt.timedelta(seconds=outcome.retry_in),
            }
        )
    if isinstance(outcome, Failed):
        failures = previous.failures + 1
        next_poll = next_poll_after(now, interval, failures=failures, retry_after=outcome.retry_after, rng=rng)
        reason = outcome.reason
        if failures >= BREAKER_FAILURES:
            reason = f"{reason} — paused until {_at(next_poll)} after {failures} failures in a row (r retries now)"
        retry_until = now + dt.timedelta(seconds=outcome.retry_after) if outcome.retry_after else None
        return previous.model_copy(
            update={
                "url": url,
                "status": "error",
                "http_status": outcome.http_status,
                "error": reason,
                "new_items": 0,
                "last_poll": now,
                "failures": failures,
                "retry_until": retry_until,
                "next_poll": next_poll,
            }
        )
    if isinstance(outcome, Unchanged):
        moved = f"moved permanently to {outcome.moved_to}: update its url in the config" if outcome.moved_to else None
        kind, http_status, warning, floor = (
            "not_modified",
            outcome.http_status,
            moved or previous.warning,
            outcome.max_age,
        )
    else:
        kind, http_status, warning, floor = (
            "ok",
            outcome.http_status,
            "; ".join(outcome.warnings) or None,
            outcome.floor,
        )
    return previous.model_copy(
        update={
            "url": url,
            "status": kind,
            "http_status": http_status,
            "error": None,
            "warning": warning,
            "new_items": 0,
            "last_poll": now,
            "last_success": now,
            "failures": 0,
            "retry_until": None,
            "next_poll": next_poll_after(now, interval, failures=0, min_seconds=floor),
        }
    )


def feed_health(statuses: Sequence[FeedStatus | None], now: dt.datetime) -> dict[str, int]:
    """How many feeds are ok, failing, paused (the breaker open) or pending (never polled); None is pending."""
    counts = {"ok": 0, "failing": 0, "paused": 0, "pending": 0}
    for status in statuses:
        if status is None or status.status == "pending":
            counts["pending"] += 1
        elif status.status != "error":
            counts["ok"] += 1
        elif status.failures >= BREAKER_FAILURES and status.next_poll is not None and status.next_poll > now:
            counts["paused"] += 1
        else:
            counts["failing"] += 1
    return counts
