"""Regenerate docs/screenshots/catalog-diff.png: 文件 → 比较目录版本… in the window.

The installed catalog is the built-in sample; the file compared with it is the next version of
tests/catalog_versions.py (the departments' registers merged in, a provider moved, a legal
basis revised, a pledge reworded, a certificate dropped). The menu is opened with Alt+F, D, the
list walked with Down to the revised legal basis. Runs offscreen on a temporary data directory:

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/make_catalog_diff.py
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QMenu  # noqa: E402

ALT = Qt.KeyboardModifier.AltModifier


def wait_until(predicate: Callable[[], bool], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("界面没有在规定时间内完成加载")
        QApplication.processEvents()
        time.sleep(0.01)


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="wuzheng-diff-shot-"))
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(work / "config"))

    from catalog_versions import write_pair

    from ui import catalog_diff
    from ui.application import build_window, create_application, load_fonts
    from ui.catalog_diff import CatalogDiffDialog
    from ui.settings import AppSettings

    _old, written = write_pair(work / "files")
    new = written.rename(work / "示范县目录-2026.12.json")
    shown = Path("D:/目录") / new.name  # shown instead of the temporary folder
    catalog_diff.choose_files = lambda _parent, _title: [new]  # the native dialog's answer

    app = create_application(["screenshots"])
    load_fonts(app)
    settings = AppSettings(QSettings(str(work / "settings.ini"), QSettings.Format.IniFormat))
    settings.clerk_name = "李娜"
    settings.window_code = "HF01"
    window = build_window(work / "data", settings)
    window.resize(1280, 800)
    window.show()
    ready: list[bool] = []
    window.database_ready.connect(lambda: ready.append(True))
    window.start()
    wait_until(lambda: bool(ready))
    window.activateWindow()
    wait_until(window.isActiveWindow)

    QTest.keyClick(window, Qt.Key.Key_F, ALT)
    wait_until(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    QTest.keyClick(QApplication.activePopupWidget(), Qt.Key.Key_D)
    wait_until(lambda: window.findChild(CatalogDiffDialog) is not None)
    dialog = window.findChild(CatalogDiffDialog)
    assert dialog is not None
    wait_until(lambda: dialog.diff is not None and dialog.tree.hasFocus())
    dialog.new_edit.setText(str(shown))  # not the temporary folder's path
    for _ in range(40):
        change = dialog.model.change_at(dialog.tree.currentIndex())
        if change is not None and change.code == "C0033":
            break
        QTest.keyClick(dialog.tree, Qt.Key.Key_Down)
    dialog.resize(1180, 760)
    end = time.monotonic() + 0.5
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.01)
    path = HERE / "catalog-diff.png"
    dialog.grab().save(str(path))
    print(f"{path} ({dialog.width()}×{dialog.height()})")
    dialog.close()
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
