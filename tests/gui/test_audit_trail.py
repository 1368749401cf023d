"""The audit trail from the window: 工具 → 检查审计日志, and the check at every start.

The database is tampered with as someone holding the file would: an entry's detail edited in
SQL (sqlite3, no app code), before the window starts.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import keyring
from gui_helpers import PERSON_ID, choose_from_menu, message_box, start
from keyring_support import NoKeyring

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.audit import ChainReport
from app.cases import CaseService, validate_applicant
from app.storage.db import Database
from ui.main_window import MainWindow

WAIT_MS = 30_000


def audit_entries(home: Path) -> int:
    with closing(sqlite3.connect(home / "wuzheng.sqlite3")) as connection:
        return int(connection.execute("SELECT COUNT(*) FROM audit_entry").fetchone()[0])


def take_in_a_case(home: Path) -> None:
    """A case taken in, and read twice, through the core: a few audit entries."""
    db = Database.open(home)
    try:
        service = CaseService(db, clerk="李娜", window_code="HF01")
        case = service.new_case(
            validate_applicant("person", "王秀英", PERSON_ID, "13812345678"), matter_code="M0001"
        )
        service.get(case.id, audit_access=True)
        service.get(case.id, audit_access=True)
    finally:
        db.engine.dispose()


def test_the_menu_check_says_how_many_entries_it_checked(
    qtbot,  # type: ignore[no-untyped-def]
    data_dir: Path,
    shown: MainWindow,
) -> None:
    take_in_a_case(data_dir)
    start(qtbot, shown)
    entries = audit_entries(data_dir)
    assert entries >= 3
    with qtbot.waitSignal(shown.audit_check.checked, timeout=WAIT_MS) as blocker:
        choose_from_menu(qtbot, shown, Qt.Key.Key_T, Qt.Key.Key_A)  # 工具 → 检查审计日志
    report: ChainReport = blocker.args[0]
    assert report.ok
    box = message_box(qtbot, shown, "auditAnswer")
    assert box.icon() == QMessageBox.Icon.Information
    assert f"审计记录完整：共 {entries} 条" in box.text()
    assert "提示" not in box.text()  # the key is in the (test's) keyring
    status = shown.audit_check.status_label
    assert status is None or not status.isVisible()
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: not box.isVisible() and shown.search_tab.search_edit.hasFocus(), timeout=WAIT_MS
    )


def test_a_tampered_trail_is_found_at_start_without_stopping_the_clerk(
    qtbot,  # type: ignore[no-untyped-def]
    data_dir: Path,
    shown: MainWindow,
) -> None:
    take_in_a_case(data_dir)
    entries = audit_entries(data_dir)
    edited = entries - 1  # the case's first reading: it now says somebody else read it
    with closing(sqlite3.connect(data_dir / "wuzheng.sqlite3")) as connection, connection:
        connection.execute(
            "UPDATE audit_entry SET detail = json_set(detail, '$.who', '另一人') WHERE seq = ?",
            (edited,),
        )
    with qtbot.waitSignal(shown.audit_check.checked, timeout=WAIT_MS) as blocker:
        start(qtbot, shown)
    report: ChainReport = blocker.args[0]
    assert not report.ok and report.first_bad == edited

    # the status bar says so, and so does a notice that blocks nothing
    status = shown.audit_check.status_label
    assert status is not None and status.isVisible()
    assert status.text() == "审计日志异常"
    assert f"第 {edited} 条" in status.toolTip()
    notice = message_box(qtbot, shown, "auditNotice")
    assert notice.windowModality() == Qt.WindowModality.NonModal
    assert f"第 {edited} 条" in notice.text() and "被改动" in notice.text()

    # the clerk goes on typing in the search box
    qtbot.waitUntil(shown.search_tab.search_edit.hasFocus, timeout=WAIT_MS)
    with qtbot.waitSignal(shown.search_tab.search_finished, timeout=WAIT_MS) as search:
        qtbot.keyClicks(shown.search_tab.search_edit, "gzzf")
    assert search.args[0] > 0
    assert shown.search_tab.search_edit.text() == "gzzf"

    # the menu names the same entry
    with qtbot.waitSignal(shown.audit_check.checked, timeout=WAIT_MS):
        choose_from_menu(qtbot, shown, Qt.Key.Key_T, Qt.Key.Key_A)
    box = message_box(qtbot, shown, "auditAnswer")
    assert box.icon() == QMessageBox.Icon.Warning
    assert "审计日志检查未通过" in box.text() and f"第 {edited} 条" in box.text()


def test_an_intact_trail_at_start_shows_nothing(
    qtbot,  # type: ignore[no-untyped-def]
    data_dir: Path,
    shown: MainWindow,
) -> None:
    take_in_a_case(data_dir)
    with qtbot.waitSignal(shown.audit_check.checked, timeout=WAIT_MS) as blocker:
        start(qtbot, shown)
    assert blocker.args[0].ok
    assert shown.audit_check.status_label is None
    assert not [b for b in shown.findChildren(QMessageBox) if b.isVisible()]


def test_without_a_keyring_the_answer_says_where_the_key_is(
    qtbot,  # type: ignore[no-untyped-def]
    data_dir: Path,
    shown: MainWindow,
) -> None:
    keyring.set_keyring(NoKeyring())  # the autouse fixture restores the test keyring
    take_in_a_case(data_dir)
    start(qtbot, shown)
    with qtbot.waitSignal(shown.audit_check.checked, timeout=WAIT_MS):
        choose_from_menu(qtbot, shown, Qt.Key.Key_T, Qt.Key.Key_A)
    box = message_box(qtbot, shown, "auditAnswer")
    assert "审计记录完整" in box.text()
    assert "提示：" in box.text() and str(data_dir / "audit.key") in box.text()
