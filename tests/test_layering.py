"""The layers, read from the source: the core never imports Qt or the GUI; the GUI never does
SQL, HTTP or PDF work itself (it calls the core for that).

Every import statement counts, wherever it stands: at the top, inside a function (the GUI
imports most of the core lazily, to start fast) or under ``if TYPE_CHECKING``.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

QT = {"PySide6", "shiboken6"}
# What the GUI may import besides the standard library, itself and the core: Qt, nothing else.
# So no sqlalchemy, sqlite3 (standard library, named below), httpx, reportlab, pypdfium2…
UI_THIRD_PARTY = QT
# The standard library modules the GUI must not use directly either.
UI_FORBIDDEN_STDLIB = {"sqlite3", "urllib.request", "http.client", "socket", "ssl"}
# The parts of the core the GUI must not reach into: the database models and sessions, the
# command line, the hub's server. The launcher (ui/launch.py) stands above both packages and
# hands every command but the window to the command line.
UI_FORBIDDEN_CORE = {"app.storage", "app.cli", "app.hub"}
LAUNCHER = (Path("ui") / "launch.py", "app.cli")


def imports(path: Path, package: str) -> Iterator[tuple[int, str]]:
    """(line, module) for every module an import statement in the file names (``package``:
    the file's own, for relative imports)."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolve against the file's package
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            yield node.lineno, base
            for alias in node.names:  # `from app import storage` names app.storage
                yield node.lineno, f"{base}.{alias.name}"


def within(module: str, packages: set[str]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in packages)


def offenders(folder: str, bad: Callable[[str], bool]) -> list[str]:
    found = []
    for path in sorted((ROOT / folder).rglob("*.py")):
        relative = path.relative_to(ROOT)
        for line, module in imports(path, ".".join(relative.parts[:-1])):
            launcher = relative == LAUNCHER[0] and within(module, {LAUNCHER[1]})
            if bad(module) and not launcher:
                found.append(f"{relative}:{line} imports {module}")
    return found


def test_the_core_never_imports_qt_or_the_gui() -> None:
    assert offenders("app", lambda m: within(m, QT | {"ui"})) == []


def ui_may_not_import(module: str) -> bool:
    top = module.split(".")[0]
    if top in ("ui", "app"):
        return within(module, UI_FORBIDDEN_CORE)
    if top in sys.stdlib_module_names or top == "__future__":
        return within(module, UI_FORBIDDEN_STDLIB)
    return top not in UI_THIRD_PARTY


def test_the_gui_imports_only_qt_the_standard_library_and_the_core() -> None:
    assert offenders("ui", ui_may_not_import) == []


def test_the_rules_catch_what_they_are_for(tmp_path: Path) -> None:
    # the reader of the source sees imports inside functions, type-only and relative ones
    sample = tmp_path / "probe.py"
    sample.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from app.storage.db import Database\n"
        "def work() -> None:\n"
        "    import sqlalchemy\n"
        "    from app import storage\n"
        "    from reportlab.pdfgen import canvas\n"
        "    from . import tasks\n",
        encoding="utf-8",
    )
    found = [m for _, m in imports(sample, "ui") if ui_may_not_import(m)]
    assert sorted(found) == [
        "app.storage",
        "app.storage.db",
        "app.storage.db.Database",
        "reportlab.pdfgen",
        "reportlab.pdfgen.canvas",
        "sqlalchemy",
    ]
    assert within("PySide6.QtCore", QT) and not within("PySide6x", QT)


def test_importing_the_core_does_not_load_qt() -> None:
    """The same from the running side: no module of the core loads Qt on the way."""
    modules = [
        p.relative_to(ROOT).with_suffix("").as_posix().replace("/", ".")
        for p in (ROOT / "app").rglob("*.py")
        if p.name != "__main__.py"
    ]
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}:\n"
        "    importlib.import_module(m.removesuffix('.__init__'))\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'ui')]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.strip() == ""
