"""`monitor serve`: a headless poller that shares the store's feeds with every other one.

A poller keeps a few hosts in hand (as many as fill `max_connections` at
`per_host` each). Whenever it has room it leases the due feeds of more hosts
that no other live poller holds (`SqlStore.lease_feeds`: whole hosts, so
`per_host` holds across the team), polls each host's feeds through the
ordinary `Poller`, stores the results and gives that host back. Hosts come and
go one by one, not in rounds: a slow host holds up only its own feeds. A
poller that dies holding leases loses them when they expire (`[storage]
lease_seconds`) and another takes the feeds over; a story two pollers meet is
stored once, by key. It beats every few seconds so that `monitor status` and
the screens know it is alive, and writes one line per host polled to stderr.

It runs until SIGTERM or SIGINT, then finishes the polls in flight (bounded by
the fetch timeout), frees its leases and marks itself stopped.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import signal
import socket
import sys
import time
import uuid
from asyncio import FIRST_COMPLETED
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import TextIO
from urllib.parse import urlsplit

from .alerts import Alert, run_command
from .config import Config, FeedConfig
from .poller import FeedPolled, PageRead, Poller, PollEvent, PollFinished
from .store import BEAT_SECONDS, Store, StoreError

__all__ = ["Server", "feed_host"]

IDLE_SECONDS = 2.0
"""How long a poller with nothing due waits before asking again."""
SLOT_WAIT, SLOT_WAIT_MAX = 0.25, 4.0
"""Seconds between tries for a place on a host the team is busy with (an article page's): doubling."""
LEASE_FEEDS = 512
"""At most this many feeds are leased at a time, however many hosts they are on."""


def feed_host(url: str) -> str:
    """The host a feed's requests go to: the unit leases are handed out in (`file:` feeds share one)."""
    parts = urlsplit(url)
    return (parts.hostname or parts.scheme or url).lower()


class Server:
    """One `monitor serve` process's poller: lease hosts, poll them, store, release, until stopped."""

    def __init__(
        self,
        config: Config,
        store: Store,
        *,
        poller: Poller | None = None,
        log: TextIO | None = None,
        clock: Callable[[], dt.datetime] | None = None,
    ) -> None:
        self.config = config
        self.store = store
        self.poller = poller or Poller(config, store, pool_from=1, page_gate=self.page_slot)
        self.log = log or sys.stderr
        self.clock = clock or (lambda: dt.datetime.now(dt.UTC))
        self.host = socket.gethostname()
        self.id = f"{self.host}-{os.getpid()}-{uuid.uuid4().hex[:6]}"
        self.stopping = asyncio.Event()
        fetch = config.fetch
        self.hosts_at_once = max(1, -(-fetch.max_connections // fetch.per_host))
        """Hosts in hand at once: as many as it takes to fill `max_connections` at `per_host` each, so one
        poller is as busy as it may be and the other hosts stay free for the rest of the team."""
        self.polled = 0
        self._polling: dict[asyncio.Task[int], str] = {}
        """The hosts being polled, by their task."""
        self._in_hand: set[str] = set()
        """The hosts leased and being polled: their pages need no place (`page_slot`)."""
        self._unreleased: set[str] = set()
        """Feeds polled whose leases could not be given back (the store was away): the heartbeat keeps them."""

    def stop(self) -> None:
        """Finish the polls in flight, then end (what SIGTERM and SIGINT do)."""
        self.stopping.set()

    async def run(self) -> int:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            try:
                loop.add_signal_handler(sig, self.stop)
            except (NotImplementedError, RuntimeError):  # not the main thread (tests) or no signals here
                pass
        feeds = {feed.name: feed for feed in self.config.feeds}
        await asyncio.to_thread(self.store.register_feeds, {n: (f.url, feed_host(f.url)) for n, f in feeds.items()})
        await asyncio.to_thread(self.store.register_poller, self.id, host=self.host, pid=os.getpid(), now=self.clock())
        self._say(f"started: {len(feeds)} feeds, store {self.store.url}")
        beating = asyncio.create_task(self._beat())
        stopping = asyncio.create_task(self.stopping.wait())
        try:
            while not self.stopping.is_set():
                try:
                    await self.take_hosts(feeds)
                except StoreError as exc:  # the database is away for a while: say so, and try again shortly
                    self._say(f"the store cannot be used: {exc}; trying again in {IDLE_SECONDS:.0f} s")
                # until a host is done (room for another), the stop, or a while (feeds fall due)
                await asyncio.wait([*self._polling, stopping], timeout=IDLE_SECONDS, return_when=FIRST_COMPLETED)
                self._reap()
        finally:
            if self._polling:  # finish the polls in flight: their items are fetched, and each feed is leased
                await asyncio.wait(self._polling)
                self._reap()
            stopping.cancel()
            beating.cancel()
            await asyncio.gather(beating, stopping, return_exceptions=True)
            await asyncio.to_thread(self.store.poller_stopped, self.id, now=self.clock())
            await self.poller.aclose()
            self._say(f"stopped after polling {self.polled} feeds")
        return 0

    async def take_hosts(self, feeds: dict[str, FeedConfig]) -> int:
        """Lease the due feeds of as many more hosts as there is room for, and start polling each; how many."""
        if self._unreleased:  # a host polled while the store was away: free it for the team first
            pending = set(self._unreleased)  # a host's poll may add to it while this runs
            await asyncio.to_thread(self.store.release_feeds, self.id, sorted(pending))
            self._unreleased -= pending
        room = self.hosts_at_once - len(self._polling)
        if room <= 0:
            return 0
        busy = set(self._in_hand)  # ours already: their feeds that fell due since wait for the next turn
        now = self.clock()
        until = now + dt.timedelta(seconds=self.config.storage.lease_seconds)
        names = await asyncio.to_thread(
            self.store.lease_feeds, self.id, [n for n, f in feeds.items() if feed_host(f.url) not in busy],
            now=now, until=until, limit=LEASE_FEEDS, hosts=room,
        )  # fmt: skip
        by_host: dict[str, list[FeedConfig]] = {}
        for name in names:
            by_host.setdefault(feed_host(feeds[name].url), []).append(feeds[name])
        for host, chosen in by_host.items():
            self._in_hand.add(host)
            self._polling[asyncio.create_task(self.poll_host(host, chosen))] = host
        return len(by_host)

    def _reap(self) -> None:
        """Forget the hosts that are done; one that failed outside its feeds (the store, giving it back) says so."""
        for task in [task for task in self._polling if task.done()]:
            host = self._polling.pop(task)
            if not task.cancelled() and (exc := task.exception()) is not None:
                self._say(f"polling {host} failed: {exc}")

    async def poll_host(self, host: str, chosen: list[FeedConfig]) -> int:
        """Poll one host's leased feeds, store them, give them back, log a line; the number of feeds polled."""
        started = time.monotonic()
        pages = {"read": 0, "failed": 0}
        alerts: list[Alert] = []

        offline: list[bool] = []  # this host's poll's own verdict (another host's may finish meanwhile)

        def count(event: PollEvent) -> None:
            if isinstance(event, PageRead):
                pages["failed" if event.page.status == "failed" else "read"] += 1
            if isinstance(event, FeedPolled | PageRead):
                alerts.extend(event.alerts)
            if isinstance(event, PollFinished):
                offline.append(event.offline)

        names = [feed.name for feed in chosen]
        try:
            statuses = await self.poller.poll(chosen, on_event=count)
        finally:
            self._in_hand.discard(host)  # from here on its pages take places like any other host's
            try:
                await asyncio.to_thread(self.store.release_feeds, self.id, names)
            except StoreError:  # given back once the store answers again (see `take_hosts`)
                self._unreleased.update(names)
                raise
        command = self.config.alerts.command
        if command:  # e.g. a message to the team's chat; every screen also raises the alerts of its own rules
            for problem in await asyncio.gather(*(asyncio.to_thread(run_command, command, a) for a in alerts)):
                if problem:
                    self._say(problem)
        self.polled += len(statuses)
        await asyncio.to_thread(self.store.poller_beat, self.id, now=self.clock(), polled=len(statuses))
        failing = sum(1 for s in statuses if s.status == "error")
        new = sum(s.new_items for s in statuses)
        unreachable = " (offline: no host answered)" if any(offline) else ""
        where = "local files" if host == "file" else host
        self._say(
            f"polled {where}: {len(statuses)} feeds ({len(statuses) - failing} ok, {failing} failing), {new} new "
            f"items, {pages['read']} pages read, {pages['failed']} failed, {len(alerts)} alerts, "
            f"in {time.monotonic() - started:.1f} s{unreachable}"
        )
        return len(statuses)

    @asynccontextmanager
    async def page_slot(self, host: str) -> AsyncIterator[bool]:
        """The team's share of `host` for one article page request (see `SqlStore.take_host_slot`).

        A host this poller has leased needs none: its own per-host cap is the
        team's there. Elsewhere it waits for a place, up to the fetch deadline;
        a page that gets none fails as busy and is read when opened.
        """
        if host in self._in_hand:
            yield True
            return
        fetch = self.poller.limits
        deadline = time.monotonic() + fetch.total_timeout
        wait = SLOT_WAIT
        while True:
            now = self.clock()
            hold = dt.timedelta(seconds=self.config.storage.lease_seconds + fetch.total_timeout)
            slot = await asyncio.to_thread(
                self.store.take_host_slot, self.id, host, slots=self.config.fetch.per_host, now=now, until=now + hold
            )
            if slot is not None:
                break
            if time.monotonic() + wait > deadline:
                yield False
                return
            await asyncio.sleep(wait)  # each try is a lease transaction: ask less often the longer it takes
            wait = min(wait * 2, SLOT_WAIT_MAX)
        try:
            yield True
        finally:
            try:
                await asyncio.to_thread(self.store.free_host_slot, self.id, host, slot)
            except StoreError:  # the store is away: the place expires with its time, and the page was read
                pass

    async def _beat(self) -> None:
        """Every few seconds, polling or not: alive, and the feeds in hand stay leased."""
        while True:
            await asyncio.sleep(BEAT_SECONDS)
            now = self.clock()
            try:
                await asyncio.to_thread(self.store.poller_beat, self.id, now=now)
                until = now + dt.timedelta(seconds=self.config.storage.lease_seconds)
                await asyncio.to_thread(self.store.renew_leases, self.id, until=until)
            except StoreError as exc:  # the database is away for a moment: the next beat tries again
                self._say(f"heartbeat failed: {exc}")

    def _say(self, line: str) -> None:
        stamp = self.clock().strftime("%Y-%m-%dT%H:%M:%SZ")
        print(f"{stamp} monitor serve {self.id}: {line}", file=self.log, flush=True)
