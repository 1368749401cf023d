"""Regenerate docs/screenshots/print_preview.png: the print preview of a sample guide.

Runs offscreen with the built-in sample catalog:

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/make_print_preview.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.bootstrap import open_database  # noqa: E402
from app.printing.guide import print_guide  # noqa: E402
from ui.application import load_fonts  # noqa: E402
from ui.printing.preview import PrintPreviewDialog  # noqa: E402

BUNDLE = "B0001"  # 新生儿出生一件事: two pages


def main() -> None:
    app = QApplication(sys.argv)
    load_fonts(app)
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(Path(folder))
        pdf = print_guide(db, BUNDLE)
        db.engine.dispose()
    dialog = PrintPreviewDialog("新生儿出生一件事 · 办事指南", f"{BUNDLE}_办事指南.pdf", pdf)
    dialog.resize(900, 1000)
    loop = QEventLoop()
    dialog.preview_ready.connect(loop.quit)
    QTimer.singleShot(30_000, loop.quit)
    dialog.show()
    loop.exec()
    app.processEvents()
    target = HERE / "print_preview.png"
    dialog.grab().save(str(target))
    print(target)
    dialog.done(0)


if __name__ == "__main__":
    main()
