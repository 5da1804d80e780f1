"""Schedule → fetch feed → parse → extract → store → fetch articles → extract → store → report.

The poller owns the stages every feed goes through and turns whatever happens
to a feed into a `FeedStatus` (`feedstatus.after_poll`): a feed that times out,
answers 500, sends HTML or cannot be stored is a status with a reason, never an
exception that could reach other feeds or the UI.

Items are stored and shown at once with the text their feed gave. Then, for
the items that are only teasers (`[fetch] fulltext`), the article page behind
the link is read (`pages`, `pagetext`), the item's facts are read again from
the article and replace the teaser's, and a `PageRead` says so; a page that
fails leaves the teaser and its facts, with the reason. A poll ends
(`PollFinished`) when its feeds and their new items' pages are done, each
page within the fetch deadline.

It reports progress as typed events (`PollStarted`, `FeedPolled`, `PageRead`,
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
import contextlib
import datetime as dt
import multiprocessing
import os
import signal
import urllib.request
from collections.abc import Callable, Sequence
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, TypeVar
from urllib.parse import urlsplit

import httpx

from . import netguard
from .alerts import Alert, match_alerts
from .config import Config, FeedConfig
from .feedstatus import (
    BREAKER_FAILURES,
    BREAKER_PAUSE,
    Failed,
    Offline,
    Outcome,
    Read,
    Unchanged,
    after_poll,
    next_poll_after,
    offline_retry,
)
from .fetch import Fetcher, FetchLimits, FetchResult, Validators, make_client, normalize_url
from .models import FeedStatus, Item, Page
from .pages import BUSY, HostGate, PageFetcher, place
from .store import FactRow, FeedState, PageWrite, PollWrite, Store, Write, facts_from_rows
from .teasers import pages_wanted, read_on_open

if TYPE_CHECKING:
    from .cpu import Digest, PageDigest

__all__ = [
    "BREAKER_FAILURES",
    "BREAKER_PAUSE",
    "FeedPolled",
    "PageRead",
    "PollEvent",
    "PollFinished",
    "PollStarted",
    "Poller",
    "next_poll_after",
]

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
class PageRead:
    """An item's article page was read, or failed: when `page.status == "full"` its facts were replaced."""

    feed: str
    item_id: str
    page: Page
    alerts: tuple[Alert, ...] = ()
    """What the article's facts raised beyond what its teaser had already raised."""


@dataclass(frozen=True)
class PollFinished:
    statuses: tuple[FeedStatus, ...] = field(default_factory=tuple)
    offline: bool = False
    """No feed polled over the network could be reached (DNS, refused, unreachable): the network is down."""

    @property
    def new_items(self) -> int:
        return sum(s.new_items for s in self.statuses)


PollEvent = PollStarted | FeedPolled | PageRead | PollFinished


@dataclass
class _Run:
    """What one poll learns as its feeds finish: how many went to the network, and which reached no host."""

    network: int = 0
    unreachable: list[_Unreachable] = field(default_factory=list)


@dataclass(frozen=True)
class _Unreachable:
    """A feed whose host could not be reached, waiting for the poll to tell whether we are offline."""

    feed: FeedConfig
    previous: FeedStatus
    validators: Validators
    result: FetchResult
    now: dt.datetime


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
        resolve: netguard.Resolver | None = None,
        pool_from: int = POOL_MIN_FEEDS,
        page_gate: HostGate | None = None,
    ) -> None:
        """`resolve` replaces DNS for the article pages' network checks (tests); feeds resolve as usual.

        `pool_from`: polls of this many feeds or more start the process pool
        (`monitor serve`, which polls a host at a time for hours, says 1).
        `page_gate`: see `pages.HostGate` (`monitor serve`'s share of a team's hosts).
        """
        self.config = config
        self.store = store
        self.limits = _limits(config)
        self._own_client = client is None
        self.client = client or make_client(self.limits)
        netguard.guard_client(self.client, resolve)
        self.resolve = resolve
        self.fetcher = Fetcher(self.client, self.limits)
        self.page_gate = page_gate
        self.pages = PageFetcher(self.fetcher, resolve=resolve)
        self.clock = clock or (lambda: dt.datetime.now(dt.UTC))
        self.workers = max(1, workers if workers is not None else (os.cpu_count() or 1))
        self.pool_from = pool_from
        self._pool: concurrent.futures.ProcessPoolExecutor | None = None
        self._commits = GroupCommit(store)
        self._last_prune: dt.datetime | None = None
        self._reading: dict[str, asyncio.Task[PageRead]] = {}
        """Pages being read, by item id: a story in two feeds, or opened while its poll reads it, is read once."""
        self._cpu_gate = asyncio.Semaphore(self.workers * IN_FLIGHT_PER_WORKER)
        self._offline_since: dt.datetime | None = None
        """When the polls began to reach no host: the offline retry grows with the outage, up to five minutes."""
        self._answered: tuple[str, int] | None = None
        """The last feed host that answered this poller (whatever it said): host and port."""

    async def aclose(self) -> None:
        for task in list(self._reading.values()):
            task.cancel()
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
        if self._own_client:
            await self.client.aclose()

    def reconfigure(self, config: Config) -> None:
        """Follow an edited config: new feeds, intervals, alerts and fetch limits take effect from the next poll."""
        self.config = config
        limits = _limits(config)
        if limits != self.limits:
            self.limits = limits
            self.fetcher = Fetcher(self.client, limits)
            self.pages = PageFetcher(self.fetcher, resolve=self.resolve)

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
        Retry-After: such a feed is reported unchanged, not fetched. Returns
        once the pages of the new items are read too (each within the fetch
        deadline), with the feeds' page counts as they are then.
        """
        chosen = list(self.config.feeds if feeds is None else feeds)
        report = on_event or (lambda event: None)
        report(PollStarted(tuple(f.name for f in chosen)))
        named = None if feeds is None else [f.name for f in chosen]
        states = self.store.feed_states(named)  # once per poll: per feed it would be quadratic
        # a small poll parses in a thread, unless the pool runs already (a `serve` polls a host at a time)
        pooled = self.workers > 1 and (len(chosen) >= self.pool_from or self._pool is not None)
        gate = asyncio.Semaphore(max(self.limits.max_connections, self.workers * IN_FLIGHT_PER_WORKER))
        reading: list[asyncio.Task[None]] = []
        run = _Run()

        async def one(feed: FeedConfig) -> FeedStatus | None:
            state = states.get(feed.name)
            async with gate:
                polled = await self._poll_guarded(feed, state, pooled=pooled, run=run)
            if isinstance(polled, _Unreachable):
                run.unreachable.append(polled)
                return None
            report(polled)
            first_poll = state is None or state.status.last_success is None
            wanted = pages_wanted(
                polled.new_items,
                self.config.fulltext_of(feed),
                first_poll=first_poll,
                newest=self.config.fetch.first_poll_pages,
            )
            if wanted:
                reading.append(
                    asyncio.ensure_future(
                        self._read_pages(feed, wanted, polled, pooled, report, alerting=not first_poll)
                    )
                )
            return polled.status

        found = list(await asyncio.gather(*(one(feed) for feed in chosen)))
        offline = bool(run.unreachable) and len(run.unreachable) == run.network and not await self._online_after_all()
        if offline and self._offline_since is None:
            self._offline_since = self.clock()
        elif not offline and run.network:
            self._offline_since = None
        settled = {name: status for name, status in await self._settle_unreachable(run.unreachable, offline, report)}
        statuses = [
            status if status is not None else settled[feed.name] for feed, status in zip(chosen, found, strict=True)
        ]
        if reading:
            await asyncio.gather(*reading)
            counted = self.store.feed_states(named)
            statuses = [
                s.model_copy(update={"pages_fetched": c.status.pages_fetched, "pages_failed": c.status.pages_failed})
                if (c := counted.get(s.name))
                else s
                for s in statuses
            ]
        self._prune()
        report(PollFinished(tuple(statuses), offline=offline))
        return statuses

    async def _online_after_all(self) -> bool:
        """Whether the network is up although this poll reached no host: then those hosts are down.

        A poll of all the feeds reaching no host means the network is down. A
        poll of a few (`r` on one feed; a feed retried alone; a `serve` host)
        can reach none while the network is fine, and its feeds must count the
        failure rather than wait as offline for ever. So the last host that
        answered is asked whether it still accepts a connection (opened and
        closed, no request sent). Not behind a proxy, which decides what is
        reachable, nor on a client the caller supplied (tests: their transport
        is not the network).
        """
        if self._answered is None or not self._own_client or _proxied():
            return False
        host, port = self._answered
        try:
            _, writer = await asyncio.wait_for(asyncio.open_connection(host, port), self.limits.connect_timeout)
        except (OSError, TimeoutError):
            return False
        writer.close()
        with contextlib.suppress(OSError):
            await writer.wait_closed()
        return True

    @property
    def offline(self) -> bool:
        """Whether the last poll that tried the network reached no host at all."""
        return self._offline_since is not None

    def _offline_retry(self) -> float:
        """The next try after an offline poll: 30 s, then 1, 2, 4 and 5 minutes, by how long the outage has
        lasted rather than by polls counted, since a `serve` polls several hosts at once and one after another."""
        lasted = (self.clock() - self._offline_since).total_seconds() if self._offline_since else 0.0
        polls, tried_at = 1, offline_retry(1)
        while tried_at <= lasted and polls < 5:
            polls += 1
            tried_at += offline_retry(polls)
        return offline_retry(polls)

    async def _settle_unreachable(
        self, unreachable: Sequence[_Unreachable], offline: bool, report: Callable[[PollEvent], None]
    ) -> list[tuple[str, FeedStatus]]:
        """Store the feeds no host of which answered: offline (not their fault, retried soon) or failing."""
        settled = []
        for u in unreachable:
            reason = u.result.error or "cannot connect"
            outcome: Outcome = Offline(reason, self._offline_retry()) if offline else Failed(reason)
            interval = self.config.interval_of(u.feed)
            status = after_poll(u.previous, outcome, url=u.feed.url, now=u.now, interval=interval)
            try:
                polled = await self._save_status(status, u.validators, u.now)
            except Exception as exc:  # as in _poll_guarded: the store's failure stays with this feed
                polled = FeedPolled(status.model_copy(update={"error": f"{status.error}; not stored: {exc}"}))
            report(polled)
            settled.append((u.feed.name, polled.status))
        return settled

    async def _poll_guarded(
        self, feed: FeedConfig, state: FeedState | None, *, pooled: bool, run: _Run
    ) -> FeedPolled | _Unreachable:
        """`poll_feed`, with any failure it lets through (the store's: disk full, locked) kept to this feed."""
        try:
            return await self.poll_feed(feed, state, pooled=pooled, run=run)
        except Exception as exc:
            previous = state.status if state else FeedStatus(name=feed.name, url=feed.url)
            now = self.clock()
            status = after_poll(
                previous,
                Failed(f"could not store the feed's items: {exc}"),
                url=feed.url,
                now=now,
                interval=self.config.interval_of(feed),
            )
            try:  # record the failure if the store takes anything at all
                await self._commits.save(PollWrite(status, state.etag if state else None,
                                                   state.last_modified if state else None, (), now))  # fmt: skip
            except Exception:
                pass
            return FeedPolled(status)

    async def poll_feed(
        self, feed: FeedConfig, state: FeedState | None, *, pooled: bool = False, run: _Run | None = None
    ) -> FeedPolled | _Unreachable:
        """Stages for one feed: fetch → parse and extract → store. Fetch and parse failures become its status.

        `state` is the feed's stored state (None: never polled). `poll` reads all
        states in one query; asking per feed would make a cold poll quadratic.
        With `run` (a whole poll), a host that cannot be reached at the network
        level is not stored yet but handed back: only once every feed is done
        can the poll tell a dead server from a machine that is offline.
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
        if run is not None and not url.startswith("file:"):
            run.network += 1
            if result.unreachable:
                return _Unreachable(feed, previous, validators, result, now)
            self._answered = _origin(url) or self._answered

        def settle(outcome: Outcome) -> FeedStatus:
            return after_poll(previous, outcome, url=feed.url, now=now, interval=self.config.interval_of(feed))

        if result.status == "error":
            failed = settle(Failed(result.error or "fetch failed", result.http_status, result.retry_after))
            return await self._save_status(failed, validators, now)
        if result.status == "not_modified":
            unchanged = settle(Unchanged(result.http_status, result.max_age, result.moved_to))
            return await self._save_status(unchanged, validators, now)

        stored = self.store.feed_item_ids(feed.name) if state else frozenset()
        try:
            digest = await self._run(pooled, _digest, result.body or b"", result.headers, feed.name, url, now, stored)
        except Exception as exc:  # a parser bug must cost one feed, not the poll
            return await self._save_status(settle(Failed(f"could not read the feed: {exc!r}", result.http_status)),
                                           validators, now)  # fmt: skip
        parsed = digest.parsed
        if parsed.error:
            return await self._save_status(settle(Failed(parsed.error, result.http_status)), validators, now)
        items = [(item, found or ()) for item, found in zip(parsed.items, digest.facts, strict=True)]
        moved = f"moved permanently to {result.moved_to}: update its url in the config" if result.moved_to else None
        floor = max(filter(None, (result.max_age, parsed.ttl_seconds)), default=None)
        warnings = tuple(w for w in (moved, digest.problem, parsed.warning) if w)
        status = settle(Read(result.http_status, floor, warnings))
        new = await self._commits.save(
            PollWrite(
                status,
                result.validators.etag,
                result.validators.last_modified,
                items,
                now,
                backfill=previous.last_success is None,
            )  # fmt: skip
        )
        status = status.model_copy(update={"new_items": len(new), "items": previous.items + len(new)})
        return FeedPolled(status, tuple(new), self._alerts(previous, new, items))

    async def _save_status(self, status: FeedStatus, validators: Validators, now: dt.datetime) -> FeedPolled:
        await self._commits.save(PollWrite(status, validators.etag, validators.last_modified, (), now))
        return FeedPolled(status)

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

    # --- article pages -----------------------------------------------------

    async def _read_pages(
        self,
        feed: FeedConfig,
        items: Sequence[Item],
        polled: FeedPolled,
        pooled: bool,
        report: Callable[[PollEvent], None],
        *,
        alerting: bool,
    ) -> None:
        """Read the pages of one feed's new items, each reported as it is stored; none fails the others.

        `alerting` is False on a feed's first poll, whose back catalogue raises no alerts.
        """
        raised = {(alert.item.id, alert.kind, alert.matched) for alert in polled.alerts}

        async def one(item: Item) -> None:
            read = await self.read_page(feed, item, pooled=pooled)
            if alerting and read.page.status == "full":
                read = self._page_alerts(read, item, raised)
            report(read)

        await asyncio.gather(*(one(item) for item in items))

    async def read_page(self, feed: FeedConfig, item: Item, *, pooled: bool = False) -> PageRead:
        """Read one item's article page into the store, once however many ask at the same time."""
        running = self._reading.get(item.id)
        if running is None:
            running = self._reading[item.id] = asyncio.ensure_future(self._read_page(feed, item, pooled))
            running.add_done_callback(lambda _: self._reading.pop(item.id, None))
        return await asyncio.shield(running)

    async def read_page_of(self, item_id: str) -> PageRead | None:
        """Read the page of a stored item now (an item opened from the Wire): None when there is nothing to read.

        Reads when the item's feed allows full text, it has a link, and its page
        was never read or failed for a reason that may pass (opening it again is
        the way to retry a timeout).
        """
        stored = self.store.item(item_id)
        feed = next((f for f in self.config.feeds if stored and f.name in stored.feeds), None)
        if stored is None or feed is None or not read_on_open(stored.item, stored.page, self.config.fulltext_of(feed)):
            return None
        return await self.read_page(feed, stored.item)

    async def _read_page(self, feed: FeedConfig, item: Item, pooled: bool) -> PageRead:
        link = item.link or ""
        try:
            async with place(self.page_gate, link) as allowed, self._cpu_gate:  # bodies waiting for the CPU are bounded
                if allowed:
                    result = await self.pages.fetch(link, normalize_url(feed.url, self.config.base_dir))
                else:  # a team's other pollers kept the host busy until the deadline
                    result = FetchResult("error", error=BUSY, url=link)
                found: PageDigest | None = None
                if result.status == "ok":
                    content_type = result.headers.get("content-type")
                    found = await self._run(pooled, _read_page, result.body or b"", content_type, result.url, item)
            if found is None:
                page = Page(url=result.url or link, status="failed", reason=result.error, fetched=self.clock())
                write = PageWrite(item.id, feed.name, page)
            else:
                page = Page(url=result.url, status=found.status, reason=found.reason, fetched=self.clock())
                write = PageWrite(item.id, feed.name, page, found.article, found.facts)
            await self._commits.save(write)
        except Exception as exc:  # a broken pool or store costs this page, never the poll
            page = Page(url=link, status="failed", reason=f"could not read the page: {exc!r}", fetched=self.clock())
        return PageRead(feed.name, item.id, page)

    def _page_alerts(
        self, read: PageRead, item: Item, raised: set[tuple[str, Literal["word", "actor", "speaker"], str]]
    ) -> PageRead:
        """Alerts the article's facts raise that its teaser did not."""
        rules = self.config.alerts.rules(self.config.actor_aliases)
        stored = self.store.item(item.id)
        as_of = self.config.monitor.as_of
        if not rules or stored is None or (as_of is not None and item.published > as_of):
            return read
        fresh = [a for a in match_alerts(rules, [(stored.item, self.store.facts_of(item.id))])
                 if (item.id, a.kind, a.matched) not in raised]  # fmt: skip
        return PageRead(read.feed, read.item_id, read.page, tuple(fresh)) if fresh else read

    # --- running CPU work ----------------------------------------------------

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
                self._pool = concurrent.futures.ProcessPoolExecutor(
                    self.workers, mp_context=context, initializer=_ignore_interrupts
                )
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


def _limits(config: Config) -> FetchLimits:
    return FetchLimits(
        max_bytes=config.fetch.max_bytes,
        total_timeout=config.fetch.timeout,
        max_connections=config.fetch.max_connections,
        per_host=config.fetch.per_host,
    )


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
        self._pending: list[tuple[Write, asyncio.Future[list[Item]]]] = []
        self._flush_at: asyncio.TimerHandle | None = None
        self._writing: asyncio.Task[None] | None = None

    async def save(self, write: Write) -> list[Item]:
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

    def _store(self, batch: list[tuple[Write, asyncio.Future[list[Item]]]]) -> None:
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


def _read_page(*args: Any) -> PageDigest:
    """An article page's text and facts, in whichever process runs this (see `_digest`)."""
    from .cpu import read_page

    return read_page(*args)


def _origin(url: str) -> tuple[str, int] | None:
    parts = urlsplit(url)
    if not parts.hostname:
        return None
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        return None
    return parts.hostname, port


def _proxied() -> bool:
    """Whether requests go through a proxy from the environment (as httpx's client reads it)."""
    return any(scheme in urllib.request.getproxies() for scheme in ("http", "https", "all"))


def _ignore_interrupts() -> None:
    """In each worker: Ctrl-C reaches the whole process group, and stopping is the parent's to do.

    Left to Python's default, every idle worker of `monitor serve` or `monitor
    poll` printed a KeyboardInterrupt traceback on Ctrl-C while the parent was
    finishing its polls cleanly.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
