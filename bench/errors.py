"""Print the extractor's misses and false facts on any corpus, grouped by kind of error.

Usage: .venv/bin/python bench/errors.py [CORPUS ...] [--show] [--kind KIND]

A CORPUS is a folder of NN.txt articles with NN.gold.json beside them (../shared/eval/dev,
tests/extract/corpus) or a .jsonl file or folder of them (tests/extract/realphrasing); without
one, the dev sets and the real-phrasing corpus. The matching and the kinds are those of
tests/extract/scoring.py, which the tests score with.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "extract"))
from scoring import main  # noqa: E402  (tests/extract is not a package)

if __name__ == "__main__":
    sys.exit(main())
