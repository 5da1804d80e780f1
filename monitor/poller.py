"""Schedule → fetch → parse → extract → store → report.

The poller owns the loop every feed goes through and turns whatever happens to a
feed into a `FeedStatus`: a feed that times out, answers 500 or sends HTML is a
status with a reason, never an exception that could reach other feeds or the UI.

It reports progress as typed events (`PollStarted`, `FeedPolled`,
`PollFinished`) through a callback; the UI turns them into Textual messages and
`monitor poll --once --json` into JSON. A `FeedPolled` is reported only after
the feed's items are committed, so an item reported stored survives a crash.

CPU work (parsing and extraction) leaves the event loop: in a thread for a few
feeds, in a process pool using every core for many (see `cpu.py`). Extraction
runs only on stories the store does not hold yet. Fetched bodies waiting for
the CPU are bounded, so a poll of thousands of feeds has a flat memory profile.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime as dt
import multiprocessing
import os
import random
from collections.abc import Callable, Sequence
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

import httpx

from .alerts import Alert, match_alerts
from .config import Config, FeedConfig
from .fetch import Fetcher, FetchLimits, FetchResult, Validators, make_client, normalize_url
from .models import FeedStatus, Item
from .store import FactRow, FeedState, PollWrite, Store, facts_from_rows

if TYPE_CHECKING:
    from .cpu import Digest

__all__ = [
    "BREAKER_FAILURES",
    "BREAKER_PAUSE",
    "FeedPolled",
    "PollEvent",
    "PollFinished",
    "PollStarted",
    "Poller",
    "next_poll_after",
]

MAX_BACKOFF = dt.timedelta(hours=6)
BREAKER_FAILURES = 5
"""After this many failures in a row the feed is paused for `BREAKER_PAUSE` (the circuit opens)."""
BREAKER_PAUSE = dt.timedelta(hours=12)
POOL_MIN_FEEDS = 16
"""Polls of fewer feeds parse in a thread: a process pool costs more to start than it saves."""
IN_FLIGHT_PER_WORKER = 8
"""Fetched bodies allowed to wait for the CPU, per worker."""

_T = TypeVar("_T")


@dataclass(frozen=True)
class PollStarted:
    feeds: tuple[str, ...]


@dataclass(frozen=True)
class FeedPolled:
    status: FeedStatus
    new_items: tuple[Item, ...] = ()
    alerts: tuple[Alert, ...] = ()
    """What the new stories raised under `[alerts]` (never on a feed's first poll)."""


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


class Poller:
    """Polls the configured feeds into the store. One instance per running app."""

    def __init__(
        self,
        config: Config,
        store: Store,
        *,
        client: httpx.AsyncClient | None = None,
        clock: Callable[[], dt.datetime] | None = None,
        workers: int | None = None,
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
        self.workers = max(1, workers if workers is not None else (os.cpu_count() or 1))
        self._pool: concurrent.futures.ProcessPoolExecutor | None = None
        self._commits = GroupCommit(store)
        self._last_prune: dt.datetime | None = None

    async def aclose(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
        if self._own_client:
            await self.client.aclose()

    def reconfigure(self, config: Config) -> None:
        """Follow an edited config: new feeds, intervals, alerts and fetch limits take effect from the next poll."""
        self.config = config
        limits = FetchLimits(
            max_bytes=config.fetch.max_bytes,
            total_timeout=config.fetch.timeout,
            max_connections=config.fetch.max_connections,
            per_host=config.fetch.per_host,
        )
        if limits != self.limits:
            self.limits = limits
            self.fetcher = Fetcher(self.client, limits)

    def reschedule(self, feed: FeedConfig) -> None:
        """A healthy feed whose interval changed is next due one new interval after its last poll."""
        state = self.store.feed_states().get(feed.name)
        if state is None or state.status.last_poll is None or state.status.failures:
            return
        when = state.status.last_poll + dt.timedelta(seconds=self.config.interval_of(feed))
        self.store.set_next_poll(feed.name, when)

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
        """Poll `feeds` (all configured ones by default) concurrently; return their statuses.

        An explicit poll ignores intervals and backoff, but never a server's
        Retry-After: such a feed is reported unchanged, not fetched.
        """
        chosen = list(self.config.feeds if feeds is None else feeds)
        report = on_event or (lambda event: None)
        report(PollStarted(tuple(f.name for f in chosen)))
        states = self.store.feed_states()  # once per poll: per feed it would be quadratic
        pooled = self.workers > 1 and len(chosen) >= POOL_MIN_FEEDS
        gate = asyncio.Semaphore(max(self.limits.max_connections, self.workers * IN_FLIGHT_PER_WORKER))

        async def one(feed: FeedConfig) -> FeedStatus:
            async with gate:
                polled = await self.poll_feed(feed, states.get(feed.name), pooled=pooled)
            report(polled)
            return polled.status

        statuses = list(await asyncio.gather(*(one(feed) for feed in chosen)))
        self._prune()
        report(PollFinished(tuple(statuses)))
        return statuses

    async def poll_feed(self, feed: FeedConfig, state: FeedState | None, *, pooled: bool = False) -> FeedPolled:
        """Fetch, parse, extract and store one feed; every failure becomes its status.

        `state` is the feed's stored state (None: never polled). `poll` reads all
        states in one query; asking per feed would make a cold poll quadratic.
        """
        previous = state.status if state else FeedStatus(name=feed.name, url=feed.url)
        now = self.clock()
        if previous.retry_until and previous.retry_until > now and previous.url == feed.url:
            return FeedPolled(previous.model_copy(update={"new_items": 0}))
        validators = Validators(etag=state.etag, last_modified=state.last_modified) if state else Validators()
        if state and state.status.url != feed.url:
            validators = Validators()  # a new URL is a new resource: don't send the old one's validators
        url = normalize_url(feed.url, self.config.base_dir)
        result = await self.fetcher.fetch(url, validators)
        now = self.clock()
        interval = self.config.interval_of(feed)

        if result.status == "error":
            return await self._save_failure(
                feed, previous, validators, result, now, interval, result.error or "fetch failed"
            )
        moved = f"moved permanently to {result.moved_to}: update its url in the config" if result.moved_to else None
        if result.status == "not_modified":
            status = previous.model_copy(
                update={
                    "url": feed.url,
                    "status": "not_modified",
                    "http_status": result.http_status,
                    "error": None,
                    "warning": moved or previous.warning,
                    "new_items": 0,
                    "last_poll": now,
                    "last_success": now,
                    "failures": 0,
                    "retry_until": None,
                    "next_poll": next_poll_after(now, interval, failures=0, min_seconds=result.max_age),
                }
            )
            await self._commits.save(PollWrite(status, validators.etag, validators.last_modified, (), now))
            return FeedPolled(status)

        stored = self.store.feed_item_ids(feed.name) if state else frozenset()
        try:
            digest = await self._run(pooled, _digest, result.body or b"", result.headers, feed.name, url, now, stored)
        except Exception as exc:  # a parser bug must cost one feed, not the poll
            return await self._save_failure(
                feed, previous, validators, result, now, interval, f"could not read the feed: {exc!r}"
            )
        parsed = digest.parsed
        if parsed.error:
            return await self._save_failure(feed, previous, validators, result, now, interval, parsed.error)
        items = [(item, found or ()) for item, found in zip(parsed.items, digest.facts, strict=True)]
        floor = max(filter(None, (result.max_age, parsed.ttl_seconds)), default=None)
        warnings = [w for w in (moved, digest.problem, parsed.warning) if w]
        status = previous.model_copy(
            update={
                "url": feed.url,
                "status": "ok",
                "http_status": result.http_status,
                "error": None,
                "warning": "; ".join(warnings) or None,
                "last_poll": now,
                "last_success": now,
                "failures": 0,
                "retry_until": None,
                "next_poll": next_poll_after(now, interval, failures=0, min_seconds=floor),
            }
        )
        new = await self._commits.save(
            PollWrite(status, result.validators.etag, result.validators.last_modified, items, now)
        )
        status = status.model_copy(update={"new_items": len(new), "items": previous.items + len(new)})
        return FeedPolled(status, tuple(new), self._alerts(previous, new, items))

    def _alerts(
        self, previous: FeedStatus, new: list[Item], items: Sequence[tuple[Item, Sequence[FactRow]]]
    ) -> tuple[Alert, ...]:
        rules = self.config.alerts.rules(self.config.actor_aliases)
        if not rules or not new or previous.last_success is None:  # a first poll brings the back catalogue
            return ()
        fresh = {item.id for item in new}
        as_of = self.config.monitor.as_of
        stories = [
            (item, facts_from_rows(rows))
            for item, rows in items
            if item.id in fresh and (as_of is None or item.published <= as_of)
        ]
        return tuple(match_alerts(rules, stories))

    async def _run(self, pooled: bool, job: Callable[..., _T], *args: Any) -> _T:
        """Run a CPU job in the process pool (when pooled and available), else in a thread."""
        if pooled:
            pool = self._process_pool()
            if pool is not None:
                try:
                    return await asyncio.wrap_future(pool.submit(job, *args))
                except BrokenProcessPool:  # a worker died (OOM killer?): threads from now on, no thrashing
                    self._pool = None
                    self.workers = 1
        return await asyncio.to_thread(job, *args)

    def _process_pool(self) -> concurrent.futures.ProcessPoolExecutor | None:
        if self._pool is None:
            try:
                # No preload: Python 3.11's fork server imports preloaded modules before it adopts this
                # process's sys.path, so from a directory holding a `monitor` folder (a checkout) workers would
                # run that copy, not the installed (compiled) one. Each worker imports `cpu` on its first job.
                context = multiprocessing.get_context("forkserver")
                self._pool = concurrent.futures.ProcessPoolExecutor(self.workers, mp_context=context)
            except (OSError, ValueError, ImportError):  # no working multiprocessing here: threads will do
                self.workers = 1
                return None
        return self._pool

    def _prune(self) -> None:
        """Apply `[storage] retention_days`, at most once a day."""
        days = self.config.storage.retention_days
        now = self.clock()
        if not days or (self._last_prune and now - self._last_prune < dt.timedelta(days=1)):
            return
        self._last_prune = now
        self.store.prune(first_seen_before=now - dt.timedelta(days=days))

    async def _save_failure(
        self,
        feed: FeedConfig,
        previous: FeedStatus,
        validators: Validators,
        result: FetchResult,
        now: dt.datetime,
        interval: int,
        reason: str,
    ) -> FeedPolled:
        failures = previous.failures + 1
        next_poll = next_poll_after(now, interval, failures=failures, retry_after=result.retry_after)
        if failures >= BREAKER_FAILURES:
            reason = f"{reason} — paused until {_at(next_poll)} after {failures} failures in a row (r retries now)"
        retry_until = now + dt.timedelta(seconds=result.retry_after) if result.retry_after else None
        status = previous.model_copy(
            update={
                "url": feed.url,
                "status": "error",
                "http_status": result.http_status,
                "error": reason,
                "new_items": 0,
                "last_poll": now,
                "failures": failures,
                "retry_until": retry_until,
                "next_poll": next_poll,
            }
        )
        await self._commits.save(PollWrite(status, validators.etag, validators.last_modified, (), now))
        return FeedPolled(status)


class GroupCommit:
    """Feeds that finish within a few milliseconds of each other are stored in one transaction.

    Each feed still waits for its own commit before it is reported, so an item
    reported stored is on disk; a write that fails is retried alone, so one bad
    feed cannot take its neighbours' items down with it. Writes run in a thread
    (SQLite releases the GIL), one batch at a time, so the screen never waits
    on the disk; what arrives meanwhile forms the next batch.
    """

    def __init__(self, store: Store, delay: float = 0.05, batch: int = 16) -> None:
        self.store = store
        self.delay = delay
        self.batch = batch
        """A batch this big is written at once: feeds wait for their commit, so waiting longer only idles them."""
        self._pending: list[tuple[PollWrite, asyncio.Future[list[Item]]]] = []
        self._flush_at: asyncio.TimerHandle | None = None
        self._writing: asyncio.Task[None] | None = None

    async def save(self, write: PollWrite) -> list[Item]:
        loop = asyncio.get_running_loop()
        done: asyncio.Future[list[Item]] = loop.create_future()
        self._pending.append((write, done))
        if len(self._pending) >= self.batch:
            self._start()
        elif self._flush_at is None:
            self._flush_at = loop.call_later(self.delay, self._start)
        return await done

    def _start(self) -> None:
        if self._flush_at is not None:
            self._flush_at.cancel()
            self._flush_at = None
        if self._writing is None and self._pending:
            self._writing = asyncio.ensure_future(self._write())

    async def _write(self) -> None:
        while self._pending:  # what piled up during a write is the next batch
            batch, self._pending = self._pending, []
            await asyncio.to_thread(self._store, batch)
        self._writing = None

    def _store(self, batch: list[tuple[PollWrite, asyncio.Future[list[Item]]]]) -> None:
        """In the writing thread: store the batch, or each write alone if the batch fails."""
        loop = batch[0][1].get_loop()
        try:
            results = self.store.save_polls([write for write, _ in batch])
        except Exception:
            for write, done in batch:
                try:
                    loop.call_soon_threadsafe(_settle, done, self.store.save_polls([write])[0])
                except Exception as exc:
                    loop.call_soon_threadsafe(_fail, done, exc)
            return
        for (_, done), new in zip(batch, results, strict=True):
            loop.call_soon_threadsafe(_settle, done, new)


def _settle(done: asyncio.Future[list[Item]], new: list[Item]) -> None:
    if not done.done():  # the waiting poll may have been cancelled
        done.set_result(new)


def _fail(done: asyncio.Future[list[Item]], exc: Exception) -> None:
    if not done.done():
        done.set_exception(exc)


def _digest(*args: Any) -> Digest:
    """Parse and extract in whichever process runs this: `cpu` (feedparser, the extractors) is imported
    there on first use, so neither the screen's first paint nor a pool-driving process pays for it."""
    from .cpu import digest

    return digest(*args)
