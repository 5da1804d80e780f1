"""`python -m monitor.extract --json --published YYYY-MM-DD PATH|-`: print the facts of one body."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from ..models import PROVENANCE
from . import extract


def facts_json(text: str, published: dt.date, title: str | None = None) -> dict[str, list[dict[str, Any]]]:
    facts = extract(text, published, title)
    return {
        key: [fact.model_dump(mode="json", exclude=set(PROVENANCE)) for fact in getattr(facts, key)]
        for key in ("counts", "statements", "events")
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m monitor.extract", description=__doc__)
    ap.add_argument("path", help="article body file, or - for standard input")
    ap.add_argument("--published", required=True, help="publication date, YYYY-MM-DD")
    ap.add_argument("--json", action="store_true", help="print one JSON object (the default)")
    ap.add_argument("--title", help="the article's headline, read too (a fact only it states is marked in_title)")
    args = ap.parse_args(argv)
    try:
        published = dt.date.fromisoformat(args.published)
    except ValueError:
        print(f"--published {args.published!r} is not a date like 2021-06-23", file=sys.stderr)
        return 2
    try:
        text = sys.stdin.read() if args.path == "-" else Path(args.path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"cannot read {args.path}: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(facts_json(text, published, args.title), indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
