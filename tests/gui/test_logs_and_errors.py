"""What the window logs and says when something goes wrong at the counter.

* An unexpected error during an intake (a bug) is logged for county IT, and no log file of
  the window holds the applicant's full ID, name or phone: a real database error (the
  statement's parameters carry all three) and a bug whose message quotes the ID and phone.
* A condition of the machine (here the database file made read-only while the window runs) is
  one clear Chinese sentence where the clerk works, not a crash report.
"""

from __future__ import annotations

import logging
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from clerk import Clerk
from gui_helpers import PERSON_ID, message_box, open_gzzf_intake, start
from readonly_support import read_only

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.cases import CaseService
from app.logs import ERROR_LOG, LOG_FOLDER
from app.storage.db import Database
from ui.intake.dialog import IntakeDialog
from ui.main_window import MainWindow

WAIT_MS = 30_000
NAME = "王秀英"
PHONE = "13812345678"
PERSONAL = (PERSON_ID, NAME, PHONE, "1381234", "19491231")


@pytest.fixture
def logs(data_dir: Path, own_log_handlers: None) -> Path:
    """The window's log folder."""
    return data_dir / LOG_FOLDER


def take_in(window: MainWindow) -> IntakeDialog:
    """gzzf, Enter, the applicant typed, Enter: 开始受理 pressed."""
    clerk = Clerk(wait_ms=WAIT_MS)
    intake = open_gzzf_intake(clerk, window)
    clerk.type(NAME)
    clerk.press(Qt.Key.Key_Tab)
    clerk.type(PERSON_ID)
    clerk.wait_until(intake.applicant.phone_edit.hasFocus, "the phone field")
    clerk.type("138-1234-5678")
    clerk.press(Qt.Key.Key_Return)
    return intake


def every_log(folder: Path) -> dict[Path, str]:
    for handler in logging.getLogger().handlers:
        handler.flush()
    return {
        path: path.read_bytes().decode("utf-8", errors="replace")
        for path in folder.rglob("*")
        if path.is_file()
    }


def refuse_case_inserts(home: Path) -> None:
    """The next case insert fails inside SQLite, with the applicant's data bound to it."""
    with closing(sqlite3.connect(home / "wuzheng.sqlite3")) as connection, connection:
        connection.execute(
            'CREATE TRIGGER refuse_case BEFORE INSERT ON "case" '
            "BEGIN SELECT RAISE(ABORT, 'disk controller hiccup'); END"
        )


def quote_the_applicant(monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug in taking a case in whose message quotes the applicant's ID and phone."""

    def careless(self: CaseService, applicant: object, **_kwargs: object) -> object:
        raise RuntimeError(
            f"unexpected applicant {applicant.id_no} / {applicant.phone}"  # type: ignore[attr-defined]
        )

    monkeypatch.setattr(CaseService, "new_case", careless)


@pytest.mark.parametrize("fault", ["database error", "careless message"])
def test_an_unexpected_error_in_an_intake_leaves_no_personal_data_in_any_log(
    qtbot,  # type: ignore[no-untyped-def]
    data_dir: Path,
    shown: MainWindow,
    logs: Path,
    monkeypatch: pytest.MonkeyPatch,
    fault: str,
) -> None:
    if fault == "database error":
        refuse_case_inserts(data_dir)
    else:
        quote_the_applicant(monkeypatch)
    start(qtbot, shown)
    intake = take_in(shown)

    box = message_box(qtbot, intake, "errorBox")
    assert box.icon() == QMessageBox.Icon.Critical
    assert "意外错误" in box.text()
    for value in PERSONAL:  # nor in the details the clerk might copy into an e-mail
        assert value not in box.detailedText()
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert intake.pages.currentWidget() is intake.applicant  # nothing taken in

    found = every_log(logs)
    assert logs / ERROR_LOG in found  # the crash report county IT needs
    for path, content in found.items():
        for value in PERSONAL:
            assert value not in content, f"{value} in {path.name}"
    report = found[logs / ERROR_LOG]
    assert "意外错误" in report and "Traceback" in report
    if fault == "database error":
        assert "disk controller hiccup" in report and "INSERT INTO" in report
    else:
        assert "110105********002X" in report  # masked, still telling


def test_a_read_only_database_while_taking_a_case_in_is_one_clear_sentence(
    qtbot,  # type: ignore[no-untyped-def]
    data_dir: Path,
    shown: MainWindow,
    logs: Path,
) -> None:
    start(qtbot, shown)
    db = shown.station.db
    assert db is not None
    # What the window does once the database is open (the day's backup, the audit check, the
    # status) must be over: while any connection of this process keeps the database open, SQLite
    # keeps the descriptors of closed ones (they share its locks) and a new connection reuses
    # one opened for writing before the file became read-only, so the write would succeed.
    runners = (shown.station.db_runner, shown.upkeep.runner, shown.audit_check.runner)
    qtbot.waitUntil(lambda: not any(runner.pending for runner in runners), timeout=WAIT_MS)
    database = data_dir / "wuzheng.sqlite3"
    with read_only(database):
        db.engine.dispose()  # connections opened from now on find the file read-only
        intake = take_in(shown)
        page = intake.applicant
        qtbot.waitUntil(page.applicant_error.isVisible, timeout=WAIT_MS)
        assert page.applicant_error.text().startswith("数据库是只读的")
        assert "没有保存任何更改" in page.applicant_error.text()
        assert page.start_button.isEnabled()  # the clerk may try again once it is fixed
        assert not [b for b in intake.findChildren(QMessageBox) if b.isVisible()]
        assert intake.pages.currentWidget() is page
    db.engine.dispose()
    assert CaseService(Database.open(data_dir)).list_cases() == []
    assert not every_log(logs).get(logs / ERROR_LOG)  # no crash report for the condition
