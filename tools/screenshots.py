"""Render the workstation's screens to PNG files in docs/screenshots/ (offscreen, QWidget.grab).

Usage: ``python tools/screenshots.py [OUT_DIR]``. Works on a temporary data directory with the
sample catalog and temporary settings; nothing of the user's is touched.

The screens are reached the way a clerk reaches them, with key presses sent to the focused
widget (Chinese text as an input method commits it), so the focus shows where the clerk is:

* main-window.png      — "gzzf" typed in the search box, the top hit highlighted and shown;
* intake-applicant.png — the applicant typed in (name, Tab, ID, which moved on to the phone),
                         the credit list's warning for a listed applicant;
* intake.png           — 临时救助申请 after 一键登记 (Alt+A): four items recorded, the focus in
                         the one that needs the clerk's note, the buttons with their keys;
* cases.png            — the cases tab (Ctrl+2): an open case, an overdue one, a finished one;
* credit.png           — the credit check tab (Ctrl+3) answering for a listed subject.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import TypeVar

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSettings, Qt  # noqa: E402
from PySide6.QtGui import QInputMethodEvent  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

T = TypeVar("T", bound=QWidget)

PERSON_ID = "11010519491231002X"
LISTED_ID = "360426199101010071"


def wait_until(predicate: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("界面没有在规定时间内完成加载")
        QApplication.processEvents()
        time.sleep(0.01)


def settle(seconds: float = 0.3) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.01)


def focused() -> QWidget:
    wait_until(lambda: QApplication.focusWidget() is not None)
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def press(key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """A key press where the focus is."""
    QTest.keyClick(focused(), key, modifiers)


def type_text(text: str) -> None:
    """Type where the focus is: Latin letters and digits as keys, Chinese as an input method
    commits it."""
    for char in text:
        widget = focused()
        if char.isascii():
            QTest.keyClick(widget, char)
        else:
            event = QInputMethodEvent()
            event.setCommitString(char)
            QApplication.sendEvent(widget, event)


def dialogs(window: QWidget, kind: type[T]) -> list[T]:
    """The visible, active dialogs of ``kind`` over ``window``."""
    return [
        d for d in window.findChildren(kind) if d.isVisible() and QApplication.activeWindow() is d
    ]


def save(widget: QWidget, out: Path, name: str) -> Path:
    path = out / name
    widget.grab().save(str(path))
    print(f"{path} ({widget.width()}×{widget.height()})")
    return path


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="wuzheng-shots-"))
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(work / "config"))

    from app.cases import CaseService, add_credit_record, validate_applicant
    from ui.application import build_window, create_application, load_fonts
    from ui.intake.dialog import IntakeDialog
    from ui.settings import AppSettings

    app = create_application(["screenshots"])
    load_fonts(app)
    settings = AppSettings(QSettings(str(work / "settings.ini"), QSettings.Format.IniFormat))
    settings.clerk_name = "李娜"
    settings.window_code = "HF01"
    settings.window_name = "示范县政务服务中心 1 号窗口"
    window = build_window(work / "data", settings)
    window.resize(1280, 800)
    window.show()
    ready: list[bool] = []
    window.database_ready.connect(lambda: ready.append(True))
    window.start()
    wait_until(lambda: bool(ready))
    db = window.station.db
    assert db is not None

    # -- cases for the cases tab (one of them with an overdue verification)
    service = CaseService(db, clerk="李娜", window_code="HF01")
    long_ago = CaseService(
        db, clerk="李娜", window_code="HF01", today=lambda: date.today() - timedelta(days=12)
    )
    first = service.new_case(
        validate_applicant("person", "王秀英", PERSON_ID, "13812345678"), matter_code="M0001"
    )
    for item in ("C0001", "C0002"):
        service.resolve(first.id, item, "share")
    late = long_ago.new_case(
        validate_applicant("person", "陈建国", "110101199003070070"), matter_code="M0002"
    )
    long_ago.resolve(late.id, "C0116", "verify")
    done = service.new_case(
        validate_applicant("person", "刘芳", "110101198506150027"), matter_code="M0001"
    )
    for resolution in done.resolutions:
        first_measure = service.options(done.id, resolution.item_code)[0].measure
        service.resolve(done.id, resolution.item_code, first_measure)
    for resolution in service.get(done.id).resolutions:
        assert resolution.request_id is not None
        service.answer_request(resolution.request_id, "confirmed", answered_by="县民政局")
    service.finish(done.id)
    add_credit_record(
        db, id_no=LISTED_ID, name="赵六", reason="租赁补贴申请中虚假承诺租房情况", actor="监管员"
    )

    ctrl, alt = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier

    # -- main window: a search, the top hit highlighted and shown
    window.activateWindow()
    wait_until(window.search_tab.search_edit.hasFocus)
    type_text("gzzf")
    wait_until(
        lambda: (
            window.search_tab.detail is not None
            and window.search_tab.detail.current == ("matter", "M0001")
        )
    )
    window.status_bar.refresh()
    settle()
    save(window, out, "main-window.png")

    # -- the applicant typed in; a listed applicant is warned about at once
    window.search_tab.search_edit.selectAll()
    type_text("gzzfzlbt")
    press(Qt.Key.Key_Return)
    wait_until(lambda: bool(dialogs(window, IntakeDialog)))
    dialog = dialogs(window, IntakeDialog)[0]
    wait_until(lambda: dialog.applicant.subject_label.text() != "正在读取事项……")
    wait_until(dialog.applicant.name_edit.hasFocus)
    type_text("赵六")
    press(Qt.Key.Key_Tab)
    type_text(LISTED_ID)
    type_text("0718-8123456")
    wait_until(lambda: dialog.applicant.credit_message.isVisible())
    settle()
    save(dialog, out, "intake-applicant.png")
    press(Qt.Key.Key_Escape)
    wait_until(lambda: window.search_tab.search_edit.hasFocus())

    # -- an intake after 一键登记: what is left for the clerk has the focus
    type_text("lsjz")
    press(Qt.Key.Key_Return)
    wait_until(lambda: bool(dialogs(window, IntakeDialog)))
    dialog = dialogs(window, IntakeDialog)[0]
    wait_until(dialog.applicant.name_edit.hasFocus)
    type_text("王秀英")
    press(Qt.Key.Key_Tab)
    type_text(PERSON_ID)
    type_text("13812345678")
    press(Qt.Key.Key_Return)
    wait_until(lambda: dialog.case is not None and dialog.resolve_all_button.isEnabled())
    before = dialog.case
    press(Qt.Key.Key_A, alt)
    wait_until(lambda: dialog.case is not before)
    dialog.resize(1000, 760)
    settle()
    save(dialog, out, "intake.png")
    press(Qt.Key.Key_S, alt)
    wait_until(lambda: window.search_tab.search_edit.hasFocus())

    # -- cases tab and credit check
    cases = window.cases_view
    assert cases is not None
    counted: list[int] = []
    cases.loaded.connect(counted.append)
    press(Qt.Key.Key_2, ctrl)
    wait_until(lambda: bool(counted) and cases.search_edit.hasFocus())
    settle()
    save(window, out, "cases.png")

    credit = window.credit_view
    assert credit is not None
    checked: list[int] = []
    credit.checked.connect(checked.append)
    press(Qt.Key.Key_3, ctrl)
    type_text(LISTED_ID)
    wait_until(lambda: bool(checked))
    settle()
    save(window, out, "credit.png")

    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
