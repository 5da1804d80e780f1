"""Which build of the extractors the tests exercise.

The editable install (the README's test command) must run the Python sources, so an edit is what gets
tested; `.ci/run` also runs this directory against a regular, mypyc-compiled install with
MONITOR_EXPECT_COMPILED=1, so the compiled engine users get is tested too.
"""

from __future__ import annotations

import os

from monitor.extract import compiled


def test_the_build_under_test_is_the_one_asked_for() -> None:
    assert compiled() == (os.environ.get("MONITOR_EXPECT_COMPILED") == "1")
