"""Build: the extraction engine is compiled to C with mypyc when it can be, else it ships as Python.

Extraction is the largest CPU cost of a poll (`bench/extract.py`, `bench/poll.py`);
compiled, it runs about 40% faster with the same results. Everything else in
`pyproject.toml` describes the package; this file only adds the compiled modules.

- A regular install (`pip install .`) compiles `monitor/extract/` when mypyc and a
  C compiler work. If anything in that fails, the build says why on stderr (pip shows it with -v) and
  installs the same code as plain Python: slower, never broken.
- An editable install (`pip install -e .`, the test command) stays plain Python,
  so an edited source file is what runs: a stale compiled copy would shadow it.
- `MONITOR_PURE_PYTHON=1` skips compiling.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_ext import build_ext

COMPILED_PACKAGE = Path("monitor") / "extract"
SKIPPED = {"__main__.py"}  # the `python -m monitor.extract` glue gains nothing from compiling


def _warn(message: str) -> None:
    print(f"monitor build: {message}; the extraction engine is installed as plain Python", file=sys.stderr)


def _wants_compiled() -> bool:
    if os.environ.get("MONITOR_PURE_PYTHON"):
        return False
    # setuptools' build backend runs this file once per step; only the wheel itself needs the C code
    return "bdist_wheel" in sys.argv and "editable_wheel" not in sys.argv


def _compiled_modules() -> list[object]:
    if not _wants_compiled():
        return []
    try:
        from mypyc.build import mypycify
    except ImportError as exc:
        _warn(f"mypyc is not available ({exc})")
        return []
    paths = sorted(str(p) for p in COMPILED_PACKAGE.glob("*.py") if p.name not in SKIPPED)
    try:
        return list(mypycify(paths, opt_level="3", group_name="monitor_extract"))
    except BaseException as exc:  # mypy reports type errors by exiting; any failure means plain Python
        _warn(f"mypyc could not translate {COMPILED_PACKAGE} ({exc!r})")
        return []


class OptionalBuildExt(build_ext):
    """Compiling is an optimization: a machine without a working C compiler still gets a working install."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as exc:
            _warn(f"compiling failed ({exc})")
            for ext in self.extensions:  # a half-built set must not shadow the Python modules
                built = Path(self.get_ext_fullpath(ext.name))
                built.unlink(missing_ok=True)
            self.extensions = []


setup(ext_modules=_compiled_modules(), cmdclass={"build_ext": OptionalBuildExt})
