"""Command line: arguments → config → the app or one command. Nothing else lives here.

Exit codes: 0 success, 1 a command ran but something it did failed (e.g. every
feed failed), 2 bad usage or bad config.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from . import __version__
from .config import Config, ConfigError, discover, load

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
        return _run(config)
    except ConfigError as exc:
        print(f"monitor: invalid config\n{exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


def _check(config: Config) -> int:
    print(f"config: {config.source}")
    print(f"store: {config.db_path}")
    if config.monitor.as_of:
        print(f"replaying as of {config.monitor.as_of.isoformat()}")
    print(f"default interval: {config.monitor.interval} s")
    print(f"{len(config.feeds)} feed(s):")
    for feed in config.feeds:
        print(f"  {feed.name}: {feed.url} (every {config.interval_of(feed)} s)")
    return EXIT_OK


STATUS_KEYS = ("name", "url", "status", "http_status", "error", "warning", "new_items", "last_poll", "next_poll",
               "failures", "retry_until")  # fmt: skip
"""What `poll --json` reports per feed."""


def _status_json(status: Any) -> dict[str, Any]:
    data: dict[str, Any] = status.model_dump(mode="json")
    return {k: data[k] for k in STATUS_KEYS}


async def _poll(config: Config, *, once: bool, as_json: bool) -> int:
    from .alerts import Alert, run_command
    from .poller import FeedPolled, Poller, PollEvent
    from .store import Store

    alerts: list[Alert] = []
    commands: list[asyncio.Future[str | None]] = []

    def show(event: PollEvent) -> None:
        if not isinstance(event, FeedPolled):
            return
        alerts.extend(event.alerts)
        if config.alerts.command:
            for alert in event.alerts:
                commands.append(asyncio.ensure_future(asyncio.to_thread(run_command, config.alerts.command, alert)))
        if not as_json:
            s = event.status
            detail = s.error if s.status == "error" else f"{s.new_items} new"
            print(f"{s.name}: {s.status} — {detail}", flush=True)
            for alert in event.alerts:
                print(f"  ALERT {alert.summary}", flush=True)

    with Store(config.db_path) as store:
        poller = Poller(config, store)
        try:
            while True:
                feeds = None if once else poller.due()
                statuses = await poller.poll(feeds, on_event=show)
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
        "alerts": len(alerts),
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
            f"{failed} failed; {totals['new_items']} new items"
        )
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
    facts = extract(text, published)
    if args.json:
        print(json.dumps(facts_json(facts), indent=2, ensure_ascii=False))
    else:
        print(render_text(text, facts, color=sys.stdout.isatty()))
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
