"""文件 → 比较目录版本…: a file compared with the installed catalog, the changes grouped with
their counts, narrowed by kind and by text with the keyboard, copied and exported; a bad file
said in the dialog; two files compared without the database; the model under the tester."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from catalog_versions import REVISED_BASIS, new_version, old_version, write_pair

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMenu

from app.catalog.diff import ChangeKind, diff_documents
from ui import catalog_diff
from ui.catalog_diff import CatalogDiffDialog
from ui.catalog_diff_model import DiffModel
from ui.main_window import MainWindow

WAIT_MS = 30_000
ALT = Qt.KeyboardModifier.AltModifier

# the offscreen platform cannot raise a menu or let it grab the keyboard; the menu still works
pytestmark = pytest.mark.qt_log_ignore(
    "^This plugin does not support (raise\\(\\)|grabbing the keyboard)$"
)


def answer_files(monkeypatch: pytest.MonkeyPatch, *answers: list[Path]) -> list[str]:
    """The file dialog answers ``answers`` in turn; returns the titles it was asked with."""
    queue = list(answers)
    titles: list[str] = []

    def choose(_parent: object, title: str) -> list[Path]:
        titles.append(title)
        return queue.pop(0)

    monkeypatch.setattr(catalog_diff, "choose_files", choose)
    return titles


def open_diff(qtbot, window: MainWindow) -> CatalogDiffDialog:  # type: ignore[no-untyped-def]
    """文件(&F) → 比较目录版本(&D)… with the keyboard; the first comparison shown."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)
    window.search_tab.search_edit.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_F, ALT)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu), timeout=WAIT_MS)
    qtbot.keyClick(QApplication.activePopupWidget(), Qt.Key.Key_D)
    qtbot.waitUntil(lambda: window.findChild(CatalogDiffDialog) is not None, timeout=WAIT_MS)
    dialog = window.findChild(CatalogDiffDialog)
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.diff is not None, timeout=WAIT_MS)
    qtbot.waitUntil(dialog.isActiveWindow, timeout=WAIT_MS)
    return dialog


def group_labels(model: DiffModel) -> list[str]:
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def test_a_file_compared_with_the_installed_catalog(
    qtbot,  # type: ignore[no-untyped-def]
    window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _old, new = write_pair(tmp_path / "versions")
    titles = answer_files(monkeypatch, [new])
    dialog = open_diff(qtbot, window)
    assert titles == ["选择要与当前目录比较的目录文件或登记表"]
    assert dialog.old_edit.text() == "当前安装的目录" and dialog.new_edit.text() == str(new)
    summary = dialog.summary.text()
    assert "旧目录（当前安装的目录）：版本 2026.11-sample（内置示例）" in summary
    assert "新目录（目录-2026.12.json）：版本 示范县-2026.12" in summary
    assert "共 22 处变化" in summary
    labels = group_labels(dialog.model)
    assert labels[:6] == [
        "新增证明事项（7）",
        "删除证明事项（1）",
        "替代措施变化（1）",
        "措施内容变化（2）",
        "索取依据变化（1）",
        "核验或查询部门变化（1）",
    ]
    assert dialog.kind_combo.itemText(0) == "全部变化（22）"

    # the list has the focus on the first change; Down moves on, the detail follows
    assert dialog.tree.hasFocus()
    assert dialog.detail.toPlainText().startswith("新增证明事项\nC-0DC87AEF72 收入证明")
    qtbot.keyClick(dialog.tree, Qt.Key.Key_Down)
    assert "C-2A4B2F9906 婚姻状况证明" in dialog.detail.toPlainText()

    # 变化类型 (Alt+K), one kind: the legal basis
    qtbot.keyClick(dialog, Qt.Key.Key_K, ALT)
    assert dialog.kind_combo.hasFocus()
    for _ in range(5):
        qtbot.keyClick(dialog.kind_combo, Qt.Key.Key_Down)
    assert dialog.kind_combo.currentText() == "索取依据变化（1）"
    assert group_labels(dialog.model) == ["索取依据变化（1）"]
    assert f"现在：{REVISED_BASIS}" in dialog.detail.toPlainText()
    basis = dialog.model.index(0, 0, dialog.model.index(0, 0))
    assert basis.siblingAtColumn(0).data() == "C0033"
    assert basis.siblingAtColumn(3).data(Qt.ItemDataRole.ToolTipRole) == REVISED_BASIS

    # copy the report of that kind (Alt+Y)
    qtbot.keyClick(dialog, Qt.Key.Key_Y, ALT)  # a button's key clicks it after a moment
    qtbot.waitUntil(lambda: dialog.note.text() == "已复制报告。", timeout=WAIT_MS)
    copied = QGuiApplication.clipboard().text()
    assert "【索取依据变化】1 处" in copied and "【新增证明事项】" not in copied

    # 查找 (Alt+F): a code not among the legal-basis changes, then every kind again
    qtbot.keyClick(dialog, Qt.Key.Key_F, ALT)
    assert dialog.filter_edit.hasFocus()
    qtbot.keyClicks(dialog.filter_edit, "C0006")
    qtbot.keyClick(dialog.filter_edit, Qt.Key.Key_Return)  # Enter keeps the dialog open
    assert dialog.isVisible()
    assert dialog.model.rowCount() == 0
    assert dialog.detail.toPlainText() == "没有符合条件的变化。"
    qtbot.keyClick(dialog, Qt.Key.Key_K, ALT)
    qtbot.keyClick(dialog.kind_combo, Qt.Key.Key_Home)
    assert group_labels(dialog.model) == ["核验或查询部门变化（1）"]
    assert "原来：部门核验：城关镇人民政府" in dialog.detail.toPlainText()

    # export (Alt+E) as JSON: every change, whatever the text filter
    target = tmp_path / "比较报告.json"
    monkeypatch.setattr(catalog_diff, "choose_report_path", lambda _parent: target)
    qtbot.keyClick(dialog, Qt.Key.Key_E, ALT)
    qtbot.waitUntil(lambda: "已保存" in dialog.note.text(), timeout=WAIT_MS)
    saved = json.loads(target.read_text(encoding="utf-8"))
    assert saved["total"] == 22 and saved["old"]["source"] == "当前安装的目录"

    qtbot.keyClick(dialog.tree, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.findChild(CatalogDiffDialog) is None, timeout=WAIT_MS)


def test_a_bad_file_two_files_and_no_changes(
    qtbot,  # type: ignore[no-untyped-def]
    window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    old, new = write_pair(tmp_path / "versions")
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "wuzheng-catalog", ', encoding="utf-8")
    answer_files(monkeypatch, [old], [broken], [old], [new])
    dialog = open_diff(qtbot, window)
    assert dialog.summary.text().endswith("两个目录的内容相同，没有变化。")
    assert dialog.model.rowCount() == 0 and dialog.kind_combo.count() == 1

    # 选择新目录 (Alt+N): a broken file is said in the dialog; nothing is listed
    failures: list[str] = []
    dialog.failed.connect(failures.append)
    qtbot.keyClick(dialog, Qt.Key.Key_N, ALT)
    qtbot.waitUntil(lambda: bool(failures), timeout=WAIT_MS)
    assert dialog.summary.text().startswith("新目录（broken.json）有 1 处问题，无法比较：")
    assert "不是有效的 JSON" in dialog.detail.toPlainText()
    assert dialog.diff is None and dialog.model.rowCount() == 0
    assert not dialog.copy_button.isEnabled() and not dialog.tree.isEnabled()

    # 选择旧目录 (Alt+O) and 选择新目录 again: two files, compared without the database
    compared: list[object] = []
    dialog.compared.connect(compared.append)
    qtbot.keyClick(dialog, Qt.Key.Key_O, ALT)
    qtbot.waitUntil(lambda: bool(failures[1:]), timeout=WAIT_MS)  # old file, still broken new
    qtbot.keyClick(dialog, Qt.Key.Key_N, ALT)
    qtbot.waitUntil(lambda: bool(compared), timeout=WAIT_MS)
    assert dialog.old_edit.text() == str(old) and dialog.new_edit.text() == str(new)
    assert "共 22 处变化" in dialog.summary.text()
    assert dialog.installed_button.isEnabled()

    # 交换 (Alt+W): the new version as the old one; what was added is now removed
    qtbot.keyClick(dialog, Qt.Key.Key_W, ALT)
    qtbot.waitUntil(lambda: len(compared) == 2, timeout=WAIT_MS)
    assert group_labels(dialog.model)[:2] == ["新增证明事项（1）", "删除证明事项（7）"]

    # 用当前目录 (Alt+U): the installed catalog (the sample) against the old version, now
    # the new side: the same rows
    qtbot.keyClick(dialog, Qt.Key.Key_U, ALT)
    qtbot.waitUntil(lambda: len(compared) == 3, timeout=WAIT_MS)
    assert dialog.old_edit.text() == "当前安装的目录" and dialog.new_edit.text() == str(old)
    assert dialog.summary.text().endswith("两个目录的内容相同，没有变化。")
    dialog.close()


def test_the_model_under_the_tester(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = DiffModel()
    qtmodeltester.check(model)
    diff = diff_documents(old_version(), new_version())
    model.set_diff(diff)
    qtmodeltester.check(model)
    assert model.rowCount() == len(diff.counts()) and model.shown_changes() == 22
    group = model.index(0, 0)
    assert model.rowCount(group) == 7 and model.rowCount(model.index(0, 1)) == 0
    first = model.index(0, 0, group)
    assert first.parent() == group and model.parent(group) == QModelIndex()
    assert first.data(DiffModel.KIND_ROLE) == ChangeKind.ITEM_ADDED.value
    assert first.data(DiffModel.CHANGE_ROLE) is diff.changes[0]
    model.set_filter(ChangeKind.MATTER_ITEMS)
    qtmodeltester.check(model)
    lists = model.index(0, 0, model.index(0, 0))
    assert lists.siblingAtColumn(2).data() == "删除：C0020 新生儿家庭住址证明"
    model.set_filter(None, "海曙区民政局")
    qtmodeltester.check(model)
    assert model.shown_changes() > 0
    model.set_diff(None)
    assert model.rowCount() == 0
