"""Build: the extraction engine is compiled to C with mypyc when it can be, else it ships as Python.

Extraction is the largest CPU cost of a poll (`bench/extract.py`, `bench/poll.py`);
compiled, it runs about 35% faster with the same results: 4.3 against 5.9 ms per 2 KB article,
the median of eight `bench/extract.py` runs each of a regular and a `MONITOR_PURE_PYTHON=1` install
on the machine below. Everything else in `pyproject.toml` describes the package; this file only adds
the compiled modules.

- A regular install (`pip install .`) compiles `monitor/extract/` when mypyc and a
  C compiler work. If anything in that fails, the build says why on stderr (pip shows it with -v) and
  installs the same code as plain Python: slower, never broken.
- An editable install (`pip install -e .`, the test command) stays plain Python,
  so an edited source file is what runs: a stale compiled copy would shadow it.
- `MONITOR_PURE_PYTHON=1` skips compiling.

How it compiles, and why. Every module of `monitor/extract/` but `__main__` goes into one
library (`monitor.extract.compiled()`, which the CI checks, asks whether `__init__` is compiled),
one C file per module (`multi_file`), the files compiled side by side, one per core, at gcc -O1.
Measured on a 2-core machine (gcc 12, `python setup.py bdist_wheel`; ms per 2 KB article is
`bench/extract.py`'s median of five runs of each build, interleaved; runs vary by about 10%):

    build                                                wheel build  ms per 2 KB
    one C file for the package, -O3 (the previous build)    114-125 s          4.6
    one C file per module, side by side, -O3                     67 s          4.4
    the same at -O2                                              60 s          4.3
    the same at -O1 (this build)                              44-48 s          4.7
    plain Python                                             under 1 s          6.1

- Nearly all of the old build was gcc on one 7.5 MB C file with the other core idle; mypyc
  itself takes about 10 s. At -O1 gcc needs half the CPU time of -O3 (45 against 75 s here)
  and the compiled code is as fast within the noise of these runs (the fastest run of each
  article: 2.6 ms either way, 3.5 ms as Python). -O0 is slower than plain Python.
- `counts.py` is the largest C file (14 s at -O1), so on 2 cores gcc takes about 25 s;
  `pip install .` took 96 s in all here, 45 s of it the build tools and dependencies (175 s before).
- Not taken: a library per module (`separate=True`) took longer (121 s: mypyc's runtime is
  compiled into each of 14) and does not import (`monitor.extract`'s library and its
  submodules' import each other until RecursionError). Compiling only the modules that take
  the most time in Python (statements, counts, speakers, gates, dates, events) kept only
  about half of the speed-up, for a small gain in build time.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from setuptools import setup
from setuptools.command.build_ext import build_ext

COMPILED_PACKAGE = Path("monitor") / "extract"
SKIPPED = {"__main__.py"}  # the `python -m monitor.extract` glue gains nothing from compiling
OPT_LEVEL = "1"  # gcc -O1: as fast as -O3 here, in half the compile time (see above)


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
        # multi_file: one C file per module (one library still), so the files can compile side by side
        return list(mypycify(paths, opt_level=OPT_LEVEL, multi_file=True, group_name="monitor_extract"))
    except BaseException as exc:  # mypy reports type errors by exiting; any failure means plain Python
        _warn(f"mypyc could not translate {COMPILED_PACKAGE} ({exc!r})")
        return []


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # (not on macOS or Windows)
        return os.cpu_count() or 1


class OptionalBuildExt(build_ext):
    """Compiling is an optimization: a machine without a working C compiler still gets a working install."""

    def build_extension(self, ext: Any) -> None:
        # setuptools compiles an extension's C files one after another; the library has one per module (and
        # mypyc's runtime), so they are compiled side by side, one per core, the largest first
        compiler = self.compiler
        workers = min(_cpus(), len(ext.sources))
        if workers < 2 or compiler.compiler_type != "unix":
            super().build_extension(ext)
            return
        compile_one: Callable[..., list[str]] = compiler.compile

        def compile_parallel(sources: list[str], *args: Any, **kwargs: Any) -> list[str]:
            def compile_file(source: str) -> list[str]:
                return compile_one([source], *args, **kwargs)

            with ThreadPoolExecutor(workers) as pool:
                done = {s: pool.submit(compile_file, s) for s in sorted(sources, key=os.path.getsize, reverse=True)}
            return [obj for source in sources for obj in done[source].result()]  # (in the order asked for)

        compiler.compile = compile_parallel
        try:
            super().build_extension(ext)
        finally:
            compiler.compile = compile_one

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
