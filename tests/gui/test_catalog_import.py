"""文件 → 导入目录…: the window imports registers or a catalog file, asks before it replaces
the built-in sample, shows progress, and lists the problems of a refused file."""

from __future__ import annotations

from pathlib import Path

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox

from app.catalog.exchange import export_catalog_document
from app.catalog.views import catalog_info
from app.storage.db import Database
from ui import catalog_import
from ui.catalog_import import CatalogImport, ImportProblemsDialog
from ui.main_window import MainWindow

WAIT_MS = 30_000
REGISTERS = Path(__file__).resolve().parents[1] / "data" / "registers"

# the offscreen platform cannot raise a menu or let it grab the keyboard; the menu still works
pytestmark = pytest.mark.qt_log_ignore(
    "^This plugin does not support (raise\\(\\)|grabbing the keyboard)$"
)


def open_import(qtbot, window: MainWindow, monkeypatch, paths: list[Path]) -> CatalogImport:  # type: ignore[no-untyped-def]
    """文件(&F) → 导入目录(&I)… with the keyboard; the file dialog answers ``paths``."""
    monkeypatch.setattr(catalog_import, "choose_files", lambda _parent: paths)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)
    window.search_tab.search_edit.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu), timeout=WAIT_MS)
    qtbot.keyClick(QApplication.activePopupWidget(), Qt.Key.Key_I)
    qtbot.waitUntil(lambda: window.findChild(CatalogImport) is not None, timeout=WAIT_MS)
    task = window.findChild(CatalogImport)
    assert task is not None
    return task


def question(qtbot) -> QMessageBox:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(
        lambda: isinstance(QApplication.activeModalWidget(), QMessageBox), timeout=WAIT_MS
    )
    box = QApplication.activeModalWidget()
    assert isinstance(box, QMessageBox) and box.objectName() == "replaceSampleBox"
    return box


def close_report(qtbot) -> str:  # type: ignore[no-untyped-def]
    """The report shown after an import: its text; the box is closed with Enter."""
    qtbot.waitUntil(
        lambda: isinstance(QApplication.activeModalWidget(), QMessageBox), timeout=WAIT_MS
    )
    box = QApplication.activeModalWidget()
    assert isinstance(box, QMessageBox) and box.objectName() == "infoBox"
    text = box.text()
    qtbot.keyClick(box, Qt.Key.Key_Return)
    return text


def test_registers_replace_the_sample_after_the_clerk_agrees(
    qtbot,  # type: ignore[no-untyped-def]
    window: MainWindow,
    window_db: Database,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    qtbot.waitUntil(lambda: "示例数据" in window.status_bar.catalog_label.text(), timeout=WAIT_MS)
    task = open_import(qtbot, window, monkeypatch, sorted(REGISTERS.iterdir()))
    imported: list[object] = []
    task.imported.connect(imported.append)
    box = question(qtbot)
    assert "示例目录将被替换" in box.text()
    qtbot.keyClick(box, Qt.Key.Key_Return)  # the default button: 导入并替换示例目录
    qtbot.waitUntil(lambda: bool(imported), timeout=WAIT_MS)
    assert "已替换内置示例目录" in close_report(qtbot)
    qtbot.waitUntil(
        lambda: "示例数据" not in window.status_bar.catalog_label.text(), timeout=WAIT_MS
    )
    assert not catalog_info(window_db).sample
    names = {m["name"] for m in export_catalog_document(window_db)["matters"]}
    assert "最低生活保障申请" in names and "公共租赁住房资格申请" not in names

    # the next import merges: nothing to ask
    again = open_import(qtbot, window, monkeypatch, [REGISTERS / "人社局-现行证明.csv"])
    done: list[object] = []
    again.imported.connect(done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=WAIT_MS)
    assert "目录已导入" in close_report(qtbot)


def test_saying_no_keeps_the_sample(
    qtbot,  # type: ignore[no-untyped-def]
    window: MainWindow,
    window_db: Database,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = export_catalog_document(window_db)
    task = open_import(qtbot, window, monkeypatch, sorted(REGISTERS.iterdir()))
    ended: list[bool] = []
    task.ended.connect(lambda: ended.append(True))
    box = question(qtbot)
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: bool(ended), timeout=WAIT_MS)
    assert export_catalog_document(window_db) == before
    assert "示例数据" in window.status_bar.catalog_label.text()


def test_a_refused_register_lists_every_problem_and_asks_nothing(
    qtbot,  # type: ignore[no-untyped-def]
    window: MainWindow,
    window_db: Database,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    bad = tmp_path / "坏表.csv"
    bad.write_text(
        "序号,管理或服务单位名称,证明材料名称,证明开具单位,证明对应的办理事项,索取证明依据,取消,保留\n"
        "1,区民政局,,村委会,低保,,√,\n"
        "2,区民政局,居住证明,村委会,低保,,√,√\n"
        "3,区民政局,收入证明,村委会,低保,,√,\n"
        "4,区民政局,收入证明,村委会,低保,,,√\n",
        encoding="utf-8",
    )
    before = export_catalog_document(window_db)
    open_import(qtbot, window, monkeypatch, [bad])
    qtbot.waitUntil(lambda: window.findChild(ImportProblemsDialog) is not None, timeout=WAIT_MS)
    dialog = window.findChild(ImportProblemsDialog)
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible, timeout=WAIT_MS)
    assert dialog.heading.text() == "登记表有 3 处问题，未导入任何内容："
    lines = dialog.list.toPlainText().splitlines()
    assert lines[0] == "坏表.csv 第2行「证明材料名称」：不能为空"
    assert lines[1].startswith("坏表.csv 第3行「梳理结果建议」")
    assert lines[2].startswith("坏表.csv 第5行「梳理结果建议」") and "第4行" in lines[2]
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert "坏表.csv 第5行" in QApplication.clipboard().text()
    qtbot.keyClick(dialog.list, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT_MS)
    assert export_catalog_document(window_db) == before
    assert not any(
        isinstance(w, QMessageBox) and w.isVisible() for w in QApplication.topLevelWidgets()
    )
