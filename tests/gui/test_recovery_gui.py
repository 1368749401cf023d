"""The window and its database's bad days: a damaged file offered a restore at start, a newer
database refused, 备份与恢复…, the day's backup, the log folder."""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from readonly_support import read_only
from recovery_support import (
    DATABASE,
    add_cases,
    flip_page,
    outbox,
    pages,
    zero_bytes,
)

from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QMessageBox

from app.storage.backup import list_backups, make_backup
from ui.application import build_window
from ui.backup_dialogs import BackupDialog, RecoveryDialog
from ui.main_window import MainWindow
from ui.settings import AppSettings

TIMEOUT_MS = 60_000


def _started(qtbot, data_dir: Path, settings: AppSettings) -> MainWindow:  # type: ignore[no-untyped-def]
    window = build_window(data_dir, settings)
    qtbot.addWidget(window)
    window.show()
    window.start()
    return window


def _recovery_dialog(qtbot, window: MainWindow) -> RecoveryDialog:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: isinstance(window.upkeep.dialog, RecoveryDialog), timeout=TIMEOUT_MS)
    dialog = window.upkeep.dialog
    assert isinstance(dialog, RecoveryDialog)
    qtbot.waitUntil(dialog.restore_button.isEnabled, timeout=TIMEOUT_MS)
    return dialog


@pytest.mark.parametrize("damage", ["flipped page", "zero bytes"])
def test_a_damaged_database_at_start_is_restored_from_the_newest_backup(
    qtbot, data_dir: Path, settings: AppSettings, damage: str
) -> None:  # type: ignore[no-untyped-def]
    add_cases(data_dir, 1, matter="M0001")
    backup = make_backup(data_dir, "daily")
    if damage == "flipped page":
        add_cases(data_dir, 2, matter="M0001")  # after the backup: salvaged from the damage
    waiting = outbox(data_dir)
    database = data_dir / DATABASE
    if damage == "zero bytes":
        zero_bytes(database)
    else:
        flip_page(database, pages(database, "matter")[0][0])

    window = _started(qtbot, data_dir, settings)
    dialog = _recovery_dialog(qtbot, window)
    assert "已损坏" in dialog.problem.text() or "0 字节" in dialog.problem.text()
    assert backup.path.name in dialog.offer.text()
    assert window.station.db is None and window.status_bar.catalog_label.text() == "目录：不可用"
    assert dialog.restore_button.hasFocus()
    with qtbot.waitSignal(window.database_ready, timeout=TIMEOUT_MS):
        qtbot.keyClick(dialog.restore_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: "已从" in dialog.offer.text(), timeout=TIMEOUT_MS)
    assert outbox(data_dir) == waiting
    qtbot.waitUntil(
        lambda: window.status_bar.outbox_label.text() == f"待同步：{len(waiting)} 条",
        timeout=TIMEOUT_MS,
    )
    if damage == "flipped page":
        assert "抢救出 10 条待同步记录" in dialog.offer.text()
    assert (data_dir / f"{DATABASE}.before-restore").exists()
    qtbot.keyClick(dialog.close_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.upkeep.dialog is None)
    window.close()


def test_a_database_from_a_newer_version_is_refused_at_start_without_offering_a_restore(
    qtbot, data_dir: Path, settings: AppSettings
) -> None:  # type: ignore[no-untyped-def]
    make_backup(data_dir, "daily")
    with closing(sqlite3.connect(data_dir / DATABASE)) as connection, connection:
        connection.execute("UPDATE alembic_version SET version_num = '0999'")
    before = (data_dir / DATABASE).read_bytes()
    window = _started(qtbot, data_dir, settings)
    qtbot.waitUntil(
        lambda: isinstance(QApplication.activeModalWidget(), QMessageBox), timeout=TIMEOUT_MS
    )
    box = QApplication.activeModalWidget()
    assert isinstance(box, QMessageBox) and box.objectName() == "errorBox"
    assert "较新版本" in box.text() and "0999" in box.text()
    assert box.detailedText() == ""  # an expected condition, not a crash
    assert window.upkeep.dialog is None
    box.close()
    window.close()
    assert (data_dir / DATABASE).read_bytes() == before


def test_the_days_backup_is_made_at_start_once(
    qtbot, data_dir: Path, settings: AppSettings
) -> None:  # type: ignore[no-untyped-def]
    window = build_window(data_dir, settings)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.upkeep.backup_made, timeout=TIMEOUT_MS) as made:
        window.start()
    assert made.args[0].reason == "daily"
    assert [b.path for b in list_backups(data_dir)] == [made.args[0].path]
    window.close()
    again = build_window(data_dir, settings)
    qtbot.addWidget(again)
    again.show()
    with qtbot.waitSignal(again.database_ready, timeout=TIMEOUT_MS):
        again.start()
    again.upkeep.runner.shutdown(wait=True)  # the start-up's backup check has finished
    assert [b.reason for b in list_backups(data_dir)] == ["daily"]
    again.close()


def test_backup_dialog_backs_up_and_restores_the_chosen_backup(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    data_dir = window.station.data_dir
    qtbot.waitUntil(lambda: len(list_backups(data_dir)) == 1, timeout=TIMEOUT_MS)  # the day's
    window.upkeep.backup_action.trigger()
    dialog = window.upkeep.dialog
    assert isinstance(dialog, BackupDialog)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=TIMEOUT_MS)
    qtbot.keyClick(dialog.backup_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2, timeout=TIMEOUT_MS)
    newest = dialog.model.backup(0)
    assert newest is not None and newest.reason == "manual"
    assert dialog.model.data(dialog.model.index(0, 1)) == "手动备份"
    qtbot.waitUntil(lambda: dialog.table.hasFocus() and dialog.restore_button.isEnabled())

    add_cases(data_dir, 1, matter="M0001")  # by another program: waits to sync
    waiting = outbox(data_dir)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)  # restore the selected (newest) backup
    box = dialog.confirmation
    assert box is not None and box.isVisible()
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.No)
    with qtbot.waitSignal(window.upkeep.restored, timeout=TIMEOUT_MS):
        qtbot.keyClick(box.button(QMessageBox.StandardButton.Yes), Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: "已从" in dialog.status.text(), timeout=TIMEOUT_MS)
    assert "抢救出" in dialog.status.text()
    assert outbox(data_dir) == waiting
    qtbot.waitUntil(lambda: window.station.db is not None, timeout=TIMEOUT_MS)


def test_a_restore_the_window_cannot_do_leaves_it_working(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """Another program holds the database: the restore is refused with its line, and the
    window opens its database again."""
    from app.storage.inuse import hold_shared

    data_dir = window.station.data_dir
    backup = make_backup(data_dir, "manual")
    window.upkeep.backup_action.trigger()
    dialog = window.upkeep.dialog
    assert isinstance(dialog, BackupDialog)
    with hold_shared(data_dir):
        with qtbot.waitSignal(window.database_ready, timeout=TIMEOUT_MS):
            dialog.restore(backup)
        qtbot.waitUntil(
            lambda: isinstance(QApplication.activeModalWidget(), QMessageBox), timeout=TIMEOUT_MS
        )
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox) and "数据库正在使用中" in box.text()
        box.close()
    assert "保持原样" in dialog.status.text()
    assert window.station.db is not None


class _Opener(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


def test_the_log_folder_menu_item_opens_the_data_directorys_logs(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    opener = _Opener()
    QDesktopServices.setUrlHandler("file", opener, "open")
    try:
        assert window.upkeep.log_action.text().startswith("打开日志文件夹")
        assert window.upkeep.log_action in window.menuBar().actions()[-1].menu().actions()
        window.upkeep.log_action.trigger()
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert [Path(u.toLocalFile()) for u in opener.urls] == [window.station.data_dir / "logs"]
    assert (window.station.data_dir / "logs").is_dir()


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_a_read_only_database_opens_with_a_warning(
    qtbot, data_dir: Path, settings: AppSettings
) -> None:  # type: ignore[no-untyped-def]
    make_backup(data_dir, "daily")  # not due again: the warning is the only thing to show
    with read_only(data_dir / DATABASE):
        window = build_window(data_dir, settings)
        qtbot.addWidget(window)
        window.show()
        with qtbot.waitSignal(window.upkeep.warned, timeout=TIMEOUT_MS) as warned:
            window.start()
        assert window.station.db is not None  # searching still works
        assert "只读" in warned.args[0][0]
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox) and "只读" in box.text()
        box.close()
        window.close()
