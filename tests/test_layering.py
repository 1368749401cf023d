"""The core never loads Qt; the GUI never does SQL, HTTP or PDF work itself."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_importing_the_core_does_not_load_qt() -> None:
    modules = [
        p.relative_to(ROOT).with_suffix("").as_posix().replace("/", ".")
        for p in (ROOT / "app").rglob("*.py")
        if p.name != "__main__.py"
    ]
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}:\n"
        "    importlib.import_module(m.removesuffix('.__init__'))\n"
        "bad = [m for m in sys.modules if m.startswith('PySide6')]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.strip() == ""


def test_ui_imports_no_storage_http_or_pdf_code() -> None:
    pattern = re.compile(r"^\s*(from|import)\s+(sqlalchemy|sqlite3|httpx|requests|reportlab)\b")
    offenders = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "ui").rglob("*.py")
        if any(pattern.match(line) for line in p.read_text(encoding="utf-8").splitlines())
    ]
    assert offenders == []
