"""Command line: arguments → config → the app or one command. Nothing else lives here.

Exit codes: 0 success, 1 a command ran but something it did failed (e.g. every
feed failed), 2 bad usage or bad config.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from . import __version__
from .config import Config, ConfigError, ConfigNotFound, discover, load
from .store.sql import StoreError

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

DESCRIPTION = """\
A terminal situation monitor. Polls the feeds in config.toml and shows who controls
how much territory, who said what, and what is coming, with sources and dates.

With no command, starts the full-screen monitor."""


def _parser() -> argparse.ArgumentParser:
    config_help = "config file (default: $MONITOR_CONFIG, ./config.toml, then the user config directory)"
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", type=Path, metavar="PATH", help=config_help)

    parser = argparse.ArgumentParser(
        prog="monitor",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"monitor {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    commands.add_parser(
        "run",
        parents=[common],
        help="start the full-screen monitor (the default)",
        description="Start the full-screen monitor: stored facts at once, then live polls.",
    )
    commands.add_parser(
        "check",
        parents=[common],
        help="validate the config and summarize it",
        description="Validate the config file and print what it sets up. Exit 2 if it is invalid.",
    )
    poll = commands.add_parser(
        "poll",
        parents=[common],
        help="poll feeds into the store without the screen",
        description="Poll the configured feeds into the store without the screen. "
        "With --once, poll every feed once and exit; otherwise keep polling due feeds until interrupted.",
    )
    poll.add_argument("--once", action="store_true", help="poll every feed once, then exit")
    poll.add_argument("--json", action="store_true", help="print the result as one JSON object")

    commands.add_parser(
        "serve",
        parents=[common],
        help="poll without a screen, sharing the feeds with other `monitor serve` (PostgreSQL store)",
        description="A headless poller for a team's shared store: leases the due feeds no other poller holds, "
        "polls them and stores the results, one line per poll on stderr, until SIGTERM or SIGINT. Several "
        "may run on one or several machines against one [storage] url.",
    )
    status = commands.add_parser(
        "status",
        parents=[common],
        help="what the store holds, how the feeds are doing and which pollers are alive",
        description="Store totals, feeds ok/failing/paused/pending and the `monitor serve` pollers alive. "
        "Exit 1 when the store cannot be reached.",
    )
    status.add_argument("--json", action="store_true", help="print one JSON object")

    ext = commands.add_parser(
        "extract",
        parents=[common],
        help="read one article body and print the facts in it",
        description="Read one article body and print the control counts, statements and events in it. "
        "The schema of --json is that of ../shared/eval/SCHEMA.md.",
    )
    ext.add_argument("path", metavar="PATH", help="article body as plain text, or - for standard input")
    ext.add_argument(
        "--published",
        required=True,
        metavar="YYYY-MM-DD",
        help="publication date; weekdays and 'tomorrow' are resolved against it",
    )
    ext.add_argument("--json", action="store_true", help="print JSON instead of a readable summary")
    ext.add_argument("--title", metavar="TEXT", help="the article's headline: read too, as feeds give it with the body")

    feeds = commands.add_parser(
        "feeds",
        parents=[common],
        help="list, add, remove, import or export the feeds in the config",
        description="Manage the [[feeds]] of config.toml without a text editor. Edits keep every comment and "
        "byte of the file outside the table they add or remove; a running monitor picks them up.",
    )
    actions = feeds.add_subparsers(dest="feeds_command", metavar="ACTION", required=True)
    listing = actions.add_parser("list", parents=[common], help="the feeds with their status from the store")
    listing.add_argument("--json", action="store_true", help="print one JSON object")
    add = actions.add_parser(
        "add",
        parents=[common],
        help="fetch a URL once, find its feed (also through a web page's feed link) and add it",
    )
    add.add_argument("url", metavar="URL", help="the feed, or a web page that links to one; or a file: path")
    add.add_argument("--name", help="name shown in the panes (default: from the feed's title)")
    add.add_argument("--interval", type=int, metavar="SECONDS", help="seconds between polls of this feed")
    remove = actions.add_parser("remove", parents=[common], help="remove a feed by name (its stored items stay)")
    remove.add_argument("name", metavar="NAME")
    importing = actions.add_parser("import", parents=[common], help="add the feeds of an OPML file")
    importing.add_argument("path", type=Path, metavar="FILE.opml")
    actions.add_parser("export", parents=[common], help="print the feeds as OPML 2.0")

    export = commands.add_parser(
        "export",
        parents=[common],
        help="write what monitor found as JSON, CSV, an ICS calendar or a Markdown brief",
        description="Export control claims, statements and events with their sources. ics: the upcoming "
        "events as a calendar (stable UIDs: re-importing updates). md: a situation brief to paste into a "
        "report. With [monitor] as_of, the situation as of that moment.",
    )
    export.add_argument("--format", required=True, choices=["json", "csv", "ics", "md"], help="output format")
    export.add_argument("--out", type=Path, metavar="PATH", help="write to this file (default: standard output)")
    export.add_argument("--since", metavar="YYYY-MM-DD", help="only facts published on or after this day")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    command = args.command or "run"
    try:
        if command == "extract":
            return _extract(args)
        config = load(discover(args.config))
        if command == "check":
            return _check(config)
        if command == "poll":
            return asyncio.run(_poll(config, once=args.once, as_json=args.json))
        if command == "feeds":
            return _feeds(config, args)
        if command == "export":
            return _export(config, args)
        if command == "serve":
            return asyncio.run(_serve(config))
        if command == "status":
            return _status(config, as_json=args.json)
        return _run(config)
    except ConfigNotFound as exc:
        print(f"monitor: config not found\n{exc}", file=sys.stderr)
        return EXIT_USAGE
    except ConfigError as exc:
        print(f"monitor: invalid config\n{exc}", file=sys.stderr)
        return EXIT_USAGE
    except StoreError as exc:
        print(f"monitor: the store cannot be used: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `monitor check | head`: the reader has gone, and nothing is wrong
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


def _check(config: Config) -> int:
    print(f"config: {config.source}")
    if config.storage.url:
        from .store.postgres import safe_url

        print(f"store: {safe_url(config.storage.url)} (PostgreSQL, shared: `monitor serve` polls into it)")
    else:
        print(f"store: {config.db_path}")
    if config.monitor.as_of:
        print(f"replaying as of {config.monitor.as_of.isoformat()}")
    print(f"default interval: {config.monitor.interval} s")
    print(f"full text: {config.fetch.fulltext} by default ({_FULLTEXT[config.fetch.fulltext]}); "
          f"a feed's first poll reads the pages of its newest {config.fetch.first_poll_pages} items")  # fmt: skip
    alerts = config.alerts
    watched = [f"{len(v)} {k}" for k, v in (("words", alerts.words), ("actors", alerts.actors),
                                           ("speakers", alerts.speakers)) if v]  # fmt: skip
    if watched:
        print(f"alerts on {', '.join(watched)}" + (f"; command: {alerts.command}" if alerts.command else ""))
    if config.actors:
        named = [f"{name} ({', '.join(aliases)})" if aliases else name for name, aliases in config.actors.items()]
        print("actors, each with its other names: " + "; ".join(named))
    if config.keys:
        print("keys: " + ", ".join(f"{binding} = {keys}" for binding, keys in config.keys.items()))
    print(f"{len(config.feeds)} feed(s):")
    for feed in config.feeds:
        mode = config.fulltext_of(feed)
        print(f"  {feed.name}: {feed.url} (every {config.interval_of(feed)} s; full text {mode})")
    return EXIT_OK


_FULLTEXT = {
    "auto": "an item's article page is read when the feed gives only a teaser",
    "always": "every item's article page is read",
    "never": "article pages are not read",
}


STATUS_KEYS = ("name", "url", "status", "http_status", "error", "warning", "new_items", "last_poll", "next_poll",
               "failures", "retry_until", "pages_fetched", "pages_failed")  # fmt: skip
"""What `poll --json` reports per feed."""


def _status_json(status: Any) -> dict[str, Any]:
    data: dict[str, Any] = status.model_dump(mode="json")
    return {k: data[k] for k in STATUS_KEYS}


async def _poll(config: Config, *, once: bool, as_json: bool) -> int:
    from .alerts import Alert, run_command
    from .poller import FeedPolled, PageRead, Poller, PollEvent
    from .store import open_store

    alerts: list[Alert] = []
    commands: list[asyncio.Future[str | None]] = []
    pages = {"read": 0, "failed": 0}

    def show(event: PollEvent) -> None:
        if isinstance(event, PageRead):
            pages["failed" if event.page.status == "failed" else "read"] += 1
            if not as_json and event.page.status == "failed":
                print(f"{event.feed}: page not read — {event.page.reason} ({event.page.url})", flush=True)
        if not isinstance(event, FeedPolled | PageRead):
            return
        alerts.extend(event.alerts)
        if config.alerts.command:
            for alert in event.alerts:
                commands.append(asyncio.ensure_future(asyncio.to_thread(run_command, config.alerts.command, alert)))
        if not as_json and isinstance(event, FeedPolled):
            s = event.status
            detail = s.error if s.status == "error" else f"{s.new_items} new"
            print(f"{s.name}: {s.status} — {detail}", flush=True)
        if not as_json:
            for alert in event.alerts:
                print(f"  ALERT {alert.summary}", flush=True)

    with open_store(config) as store:
        poller = Poller(config, store)
        try:
            while True:
                feeds = None if once else poller.due()
                statuses = await poller.poll(feeds, on_event=show)
                offline = poller.offline
                for problem in await asyncio.gather(*commands):
                    if problem:
                        print(f"monitor: {problem}", file=sys.stderr)
                commands.clear()
                if once:
                    break
                await asyncio.sleep(5)
        finally:
            await poller.aclose()
    failed = sum(1 for s in statuses if s.status == "error")
    totals = {
        "feeds": len(statuses),
        "ok": sum(1 for s in statuses if s.status == "ok"),
        "not_modified": sum(1 for s in statuses if s.status == "not_modified"),
        "error": failed,
        "new_items": sum(s.new_items for s in statuses),
        "pages_read": pages["read"],
        "pages_failed": pages["failed"],
        "alerts": len(alerts),
        "offline": offline,
    }
    if as_json:
        report = {
            "feeds": [_status_json(s) for s in statuses],
            "totals": totals,
            "alerts": [json.loads(alert.to_json()) for alert in alerts],
        }
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        print(
            f"{totals['feeds']} feeds: {totals['ok']} ok, {totals['not_modified']} not modified, "
            f"{failed} failed; {totals['new_items']} new items; "
            f"{pages['read']} article pages read, {pages['failed']} failed"
        )
        if offline:
            print("offline: no feed's host could be reached; that is not counted against the feeds")
    return EXIT_FAILED if statuses and failed == len(statuses) else EXIT_OK


def _extract(args: argparse.Namespace) -> int:
    from .extract import extract
    from .summary import render_text

    try:
        published = dt.date.fromisoformat(args.published)
    except ValueError:
        print(f"monitor extract: --published {args.published!r} is not a date like 2021-06-23", file=sys.stderr)
        return EXIT_USAGE
    try:
        text = sys.stdin.read() if args.path == "-" else Path(args.path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"monitor extract: cannot read {args.path}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    facts = extract(text, published, args.title)
    if args.json:
        print(json.dumps(facts_json(facts), indent=2, ensure_ascii=False))
    else:
        print(render_text(text, facts, color=sys.stdout.isatty()))
    return EXIT_OK


def _feeds(config: Config, args: argparse.Namespace) -> int:
    from .configfile import ConfigEditError, remove_feed
    from .discover import DiscoveryError
    from .feeds import add_feed_to_config, import_opml_file
    from .opml import OpmlError, export_opml
    from .store import open_store

    action = args.feeds_command
    path = config.source
    assert path is not None
    try:
        if action == "list":
            with open_store(config) as store:
                states = store.feed_states()
            rows = [(feed, states[feed.name].status if feed.name in states else None) for feed in config.feeds]
            if args.json:
                listed = [{"name": f.name, "url": f.url, "interval": config.interval_of(f),
                           **({k: v for k, v in _status_json(s).items() if k not in ("name", "url")} if s else
                              {"status": "pending"})} for f, s in rows]  # fmt: skip
                print(json.dumps({"feeds": listed}, indent=2, ensure_ascii=False))
            else:
                for feed, status in rows:
                    state = status.status if status else "pending"
                    problem = f" — {status.error}" if status and status.error else ""
                    print(f"{feed.name}: {feed.url} [{state}, every {config.interval_of(feed)} s]{problem}")
            return EXIT_OK
        if action == "add":
            added = asyncio.run(add_feed_to_config(path, args.url, name=args.name, interval=args.interval))
            found = added.found
            via = f" (found through {found.page_url})" if found.page_url else ""
            print(f"added {added.name!r}: {added.url}{via} — {found.format}, {found.items} items")
            if found.warning:
                print(f"  warning: {found.warning}")
            return EXIT_OK
        if action == "remove":
            remove_feed(path, args.name)
            print(f"removed {args.name!r} from {path}")
            return EXIT_OK
        if action == "import":
            report = import_opml_file(path, args.path)
            for name, url in report.added:
                print(f"added {name!r}: {url}")
            for name, url, why in report.skipped:
                print(f"skipped {name!r} ({url}): {why}")
            print(f"{len(report.added)} added, {len(report.skipped)} skipped")
            return EXIT_OK
        print(export_opml(config.feeds, title=f"monitor feeds ({path.name})", base_dir=config.base_dir))
        return EXIT_OK
    except (ConfigEditError, OpmlError) as exc:
        print(f"monitor feeds {action}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except DiscoveryError as exc:
        print(f"monitor feeds {action}: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except OSError as exc:
        print(f"monitor feeds {action}: {exc.strerror or exc}: {exc.filename or ''}", file=sys.stderr)
        return EXIT_USAGE


async def _serve(config: Config) -> int:
    from .serve import Server
    from .store import open_store

    with open_store(config) as store:
        return await Server(config, store).run()


def _status(config: Config, *, as_json: bool) -> int:
    from .feedstatus import feed_health
    from .store import open_store

    now = dt.datetime.now(dt.UTC)
    with open_store(config) as store:
        totals = store.totals()
        states = store.feed_states()
        pollers = store.alive_pollers(now)
        where = store.url
    health = feed_health([states[f.name].status if f.name in states else None for f in config.feeds], now)
    feeds = {"total": len(config.feeds), **health}
    report = {
        "store": {"url": where, "items": totals.items, "claims": totals.claims, "statements": totals.statements,
                  "events": totals.events},
        "feeds": feeds,
        "pollers": [{"id": p.id, "host": p.host, "pid": p.pid, "since": p.since.isoformat(),
                     "feeds_polled": p.feeds_polled, "last_poll": p.last_poll.isoformat() if p.last_poll else None}
                    for p in pollers],
    }  # fmt: skip
    if as_json:
        print(json.dumps(report, indent=2))
        return EXIT_OK
    print(f"store: {where}: {totals.items} items, {totals.claims} claims, {totals.statements} statements, "
          f"{totals.events} events")  # fmt: skip
    print("feeds: " + ", ".join(f"{n} {k}" for k, n in feeds.items()))
    if not pollers:
        print("pollers: none alive (`monitor serve` polls a shared store; a screen polls on its own)")
    for p in pollers:
        last = p.last_poll.isoformat(timespec="seconds") if p.last_poll else "not yet"
        print(f"poller {p.id} on {p.host} since {p.since.isoformat(timespec='seconds')}: "
              f"{p.feeds_polled} feeds polled, last poll {last}")  # fmt: skip
    return EXIT_OK


def _export(config: Config, args: argparse.Namespace) -> int:
    from .export import export, write_export
    from .store import open_store

    since = None
    if args.since:
        try:
            since = dt.date.fromisoformat(args.since)
        except ValueError:
            print(f"monitor export: --since {args.since!r} is not a date like 2021-06-01", file=sys.stderr)
            return EXIT_USAGE
    with open_store(config) as store:
        text = export(args.format, store, since=since, until=config.monitor.as_of)
    try:
        printed = write_export(text, args.out)
    except OSError as exc:
        print(f"monitor export: cannot write {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    if printed is not None:
        sys.stdout.write(printed if printed.endswith("\n") else printed + "\n")
    else:
        print(f"wrote {args.out}", file=sys.stderr)
    return EXIT_OK


def facts_json(facts: Any) -> dict[str, list[dict[str, Any]]]:
    """Facts in the schema of SCHEMA.md: provenance left out, offsets kept."""
    from .models import PROVENANCE

    return {
        key: [fact.model_dump(mode="json", exclude=PROVENANCE) for fact in getattr(facts, key)]
        for key in ("counts", "statements", "events")
    }


def _run(config: Config) -> int:
    from .ui.app import run_app

    return run_app(config)


if __name__ == "__main__":
    sys.exit(main())
