"""Schedule → fetch → parse → extract → store → report.

The poller owns the loop every feed goes through and turns whatever happens to a
feed into a `FeedStatus`: a feed that times out, answers 500 or sends HTML is a
status with a reason, never an exception that could reach other feeds or the UI.

It reports progress as typed events (`PollStarted`, `FeedPolled`,
`PollFinished`) through a callback; the UI turns them into Textual messages and
`monitor poll --once --json` into JSON. CPU work (parsing and extraction) runs
in a thread so the event loop, and the screen with it, stays responsive.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import httpx

from .config import Config, FeedConfig
from .extract import extract
from .fetch import Fetcher, FetchLimits, FetchResult, Validators, make_client, normalize_url
from .models import Facts, FeedStatus, Item
from .parse import parse_feed
from .store import Store

__all__ = ["FeedPolled", "PollEvent", "PollFinished", "PollStarted", "Poller", "next_poll_after"]

MAX_BACKOFF = dt.timedelta(hours=6)


@dataclass(frozen=True)
class PollStarted:
    feeds: tuple[str, ...]


@dataclass(frozen=True)
class FeedPolled:
    status: FeedStatus
    new_items: tuple[Item, ...] = ()


@dataclass(frozen=True)
class PollFinished:
    statuses: tuple[FeedStatus, ...] = field(default_factory=tuple)

    @property
    def new_items(self) -> int:
        return sum(s.new_items for s in self.statuses)


PollEvent = PollStarted | FeedPolled | PollFinished


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
    retry in lockstep. A server's `Retry-After`, `<ttl>` or `max-age` is a lower bound.
    """
    seconds = float(interval)
    if failures > 0:
        seconds = min(interval * 2 ** (failures - 1), MAX_BACKOFF.total_seconds())
        seconds += seconds * 0.1 * (rng or random).random()
    for floor in (retry_after, min_seconds):
        if floor is not None:
            seconds = max(seconds, floor)
    return now + dt.timedelta(seconds=seconds)


class Poller:
    """Polls the configured feeds into the store. One instance per running app."""

    def __init__(
        self,
        config: Config,
        store: Store,
        *,
        client: httpx.AsyncClient | None = None,
        clock: Callable[[], dt.datetime] | None = None,
    ) -> None:
        self.config = config
        self.store = store
        self.limits = FetchLimits(
            max_bytes=config.fetch.max_bytes,
            total_timeout=config.fetch.timeout,
            max_connections=config.fetch.max_connections,
            per_host=config.fetch.per_host,
        )
        self._own_client = client is None
        self.client = client or make_client(self.limits)
        self.fetcher = Fetcher(self.client, self.limits)
        self.clock = clock or (lambda: dt.datetime.now(dt.UTC))

    async def aclose(self) -> None:
        if self._own_client:
            await self.client.aclose()

    def due(self, now: dt.datetime | None = None) -> list[FeedConfig]:
        """Feeds whose next poll time has come (or that were never polled)."""
        now = now or self.clock()
        states = self.store.feed_states()
        due = []
        for feed in self.config.feeds:
            state = states.get(feed.name)
            if state is None or state.status.next_poll is None or state.status.next_poll <= now:
                due.append(feed)
        return due

    async def poll(
        self,
        feeds: Sequence[FeedConfig] | None = None,
        on_event: Callable[[PollEvent], None] | None = None,
    ) -> list[FeedStatus]:
        """Poll `feeds` (all configured ones by default) concurrently; return their statuses."""
        chosen = list(self.config.feeds if feeds is None else feeds)
        report = on_event or (lambda event: None)
        report(PollStarted(tuple(f.name for f in chosen)))

        async def one(feed: FeedConfig) -> FeedStatus:
            polled = await self.poll_feed(feed)
            report(polled)
            return polled.status

        statuses = list(await asyncio.gather(*(one(feed) for feed in chosen)))
        report(PollFinished(tuple(statuses)))
        return statuses

    async def poll_feed(self, feed: FeedConfig) -> FeedPolled:
        """Fetch, parse, extract and store one feed; every failure becomes its status."""
        state = self.store.feed_states().get(feed.name)
        previous = state.status if state else FeedStatus(name=feed.name, url=feed.url)
        validators = Validators(etag=state.etag, last_modified=state.last_modified) if state else Validators()
        if state and state.status.url != feed.url:
            validators = Validators()  # a new URL is a new resource: don't send the old one's validators
        url = normalize_url(feed.url, self.config.base_dir)
        result = await self.fetcher.fetch(url, validators)
        now = self.clock()
        interval = self.config.interval_of(feed)

        if result.status == "error":
            return self._save_failure(feed, previous, result, now, interval, result.error or "fetch failed")
        if result.status == "not_modified":
            status = previous.model_copy(
                update={
                    "url": feed.url,
                    "status": "not_modified",
                    "http_status": result.http_status,
                    "error": None,
                    "new_items": 0,
                    "last_poll": now,
                    "last_success": now,
                    "failures": 0,
                    "next_poll": next_poll_after(now, interval, failures=0, min_seconds=result.max_age),
                }
            )
            self.store.save_poll(status, etag=validators.etag, last_modified=validators.last_modified, now=now)
            return FeedPolled(status)

        try:
            parsed, facts = await asyncio.to_thread(self._parse_and_extract, feed, url, result, now)
        except Exception as exc:  # a parser bug must cost one feed, not the poll
            return self._save_failure(feed, previous, result, now, interval, f"could not read the feed: {exc!r}")
        if parsed.error:
            return self._save_failure(feed, previous, result, now, interval, parsed.error)
        floor = max(filter(None, (result.max_age, parsed.ttl_seconds)), default=None)
        status = previous.model_copy(
            update={
                "url": feed.url,
                "status": "ok",
                "http_status": result.http_status,
                "error": None,
                "warning": parsed.warning,
                "last_poll": now,
                "last_success": now,
                "failures": 0,
                "next_poll": next_poll_after(now, interval, failures=0, min_seconds=floor),
            }
        )
        new = self.store.save_poll(
            status,
            etag=result.validators.etag,
            last_modified=result.validators.last_modified,
            items=facts,
            now=now,
        )
        status = status.model_copy(update={"new_items": len(new), "items": previous.items + len(new)})
        return FeedPolled(status, tuple(new))

    def _parse_and_extract(
        self, feed: FeedConfig, url: str, result: FetchResult, now: dt.datetime
    ) -> tuple[ParsedFeed, list[tuple[Item, Facts]]]:
        parsed = parse_feed(result.body or b"", result.headers, feed=feed.name, url=url, now=now)
        known = self.store.known_ids(item.id for item in parsed.items)
        fresh: list[tuple[Item, Facts]] = []
        for item in parsed.items:
            if item.id in known:
                fresh.append((item, Facts()))  # only records this feed as a source
            else:
                fresh.append((item, extract(item.text, item.published.date())))
                known.add(item.id)
        return ParsedFeed(parsed.error, parsed.warning, parsed.ttl_seconds), fresh

    def _save_failure(
        self,
        feed: FeedConfig,
        previous: FeedStatus,
        result: FetchResult,
        now: dt.datetime,
        interval: int,
        reason: str,
    ) -> FeedPolled:
        failures = previous.failures + 1
        status = previous.model_copy(
            update={
                "url": feed.url,
                "status": "error",
                "http_status": result.http_status,
                "error": reason,
                "new_items": 0,
                "last_poll": now,
                "failures": failures,
                "next_poll": next_poll_after(now, interval, failures=failures, retry_after=result.retry_after),
            }
        )
        state = self.store.feed_states().get(feed.name)
        self.store.save_poll(
            status,
            etag=state.etag if state else None,
            last_modified=state.last_modified if state else None,
            now=now,
        )
        return FeedPolled(status)


@dataclass(frozen=True)
class ParsedFeed:
    """What the poller keeps of a parse once the items are extracted."""

    error: str | None
    warning: str | None
    ttl_seconds: int | None
