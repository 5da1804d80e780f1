"""The core never imports the UI: only monitor/ui may import textual or rich.

Checked two ways: statically over every module's imports, and dynamically by
importing every core module in a fresh interpreter and looking at sys.modules
(which also catches a core module importing monitor.ui, which imports textual).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "monitor"
UI_LIBRARIES = ("textual", "rich")


def core_modules() -> list[Path]:
    return [p for p in PACKAGE.rglob("*.py") if "ui" not in p.relative_to(PACKAGE).parts]


def imported_names(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0 and node.module:
                names.add(node.module)
            elif node.level > 0:
                names.add("." * node.level + (node.module or ""))
    return names


def is_entry_point(path: Path) -> bool:
    """cli.py starts the UI, lazily inside a function (the dynamic test proves it stays lazy)."""
    return path == PACKAGE / "cli.py"


def test_core_modules_exist() -> None:
    names = {p.relative_to(PACKAGE).as_posix() for p in core_modules()}
    assert {"config.py", "models.py", "store/sqlite.py", "store/postgres.py", "poller.py", "cli.py"} <= names


def test_no_core_module_imports_ui_libraries_statically() -> None:
    offenders = []
    for path in core_modules():
        for name in imported_names(path):
            top = name.lstrip(".").split(".")[0]
            imports_ui = name.startswith("monitor.ui") or (name.startswith(".") and top == "ui")
            if top in UI_LIBRARIES or (imports_ui and not is_entry_point(path)):
                offenders.append(f"{path.relative_to(PACKAGE.parent)} imports {name}")
    assert offenders == []


def test_importing_the_core_loads_no_ui_library() -> None:
    modules = sorted(
        ("monitor." + ".".join(p.relative_to(PACKAGE).with_suffix("").parts)).removesuffix(".__init__")
        for p in core_modules()
        if p.name != "__main__.py"
    )
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {UI_LIBRARIES!r} or m.startswith('monitor.ui')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
