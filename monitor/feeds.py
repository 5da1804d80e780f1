"""Managing the feed list without a text editor: add (with discovery), import, list.

These are the steps behind `monitor feeds …` and the TUI's add and remove keys;
the text editing itself is `configfile.py`'s, which keeps every comment and
byte of config.toml outside the table it adds or removes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import httpx

from .config import feed_url_key, load
from .configfile import ConfigEditError, add_feed
from .discover import DiscoveredFeed, discover_feed, suggest_name
from .fetch import FetchLimits, make_client, normalize_url
from .opml import import_opml, portable_url

__all__ = ["AddedFeed", "ImportReport", "add_feed_to_config", "import_opml_file"]


@dataclass(frozen=True)
class AddedFeed:
    name: str
    url: str
    found: DiscoveredFeed


@dataclass(frozen=True)
class ImportReport:
    added: list[tuple[str, str]]
    skipped: list[tuple[str, str, str]]
    """(name, url, why) of outlines not added: duplicates and invalid URLs."""


async def add_feed_to_config(
    path: Path,
    url: str,
    *,
    name: str | None = None,
    interval: int | None = None,
    client: httpx.AsyncClient | None = None,
) -> AddedFeed:
    """Fetch `url` once, find the feed (directly or through a page's link), add it to the config.

    Raises `DiscoveryError` when no feed is found and `ConfigEditError` for a
    duplicate; the config file is untouched in both cases.
    """
    config = load(path)
    is_file = url.startswith("file:")
    target = normalize_url(url, config.base_dir) if is_file else url
    limits = FetchLimits(max_bytes=config.fetch.max_bytes, total_timeout=config.fetch.timeout)
    own = client is None
    client = client or make_client(limits)
    try:
        found = await discover_feed(client, target, limits.max_bytes, timeout=limits.total_timeout)
    finally:
        if own:
            await client.aclose()
    # keep the user's own spelling of a local path, which stays valid if the folder moves
    config_url = url if is_file and found.url == target else found.url
    chosen = name or suggest_name(found.title, config_url, {feed.name for feed in config.feeds})
    add_feed(path, chosen, config_url, interval)
    return AddedFeed(chosen, config_url, found)


def import_opml_file(path: Path, opml: Path) -> ImportReport:
    """Add every feed of an OPML file that is not in the config yet (no fetching: it may be hundreds).

    A relative `file:` URL in the OPML is relative to the OPML file's folder; it is written to the
    config as an absolute `file:///…` URL, so it names the same file from the config's folder.
    """
    folder = opml.resolve().parent
    outlines = [(title, portable_url(url, folder)) for title, url in import_opml(opml.read_bytes())]
    added: list[tuple[str, str]] = []
    skipped: list[tuple[str, str, str]] = []
    config = load(path)
    taken = {feed.name for feed in config.feeds}
    known = {feed_url_key(feed.url, config.base_dir) for feed in config.feeds}
    for title, url in outlines:
        if feed_url_key(url, config.base_dir) in known:
            skipped.append((title, url, "already in the config"))
            continue
        name = suggest_name(title, url, taken)
        try:
            add_feed(path, name, url)
        except ConfigEditError as exc:
            skipped.append((title, url, str(exc)))
            continue
        taken.add(name)
        known.add(feed_url_key(url, config.base_dir))
        added.append((name, url))
    return ImportReport(added, skipped)
