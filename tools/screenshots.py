"""Render the workstation's screens to PNG files in docs/screenshots/ (offscreen, QWidget.grab).

Usage: ``python tools/screenshots.py [OUT_DIR]``. Works on a temporary data directory with the
sample catalog and temporary settings; nothing of the user's is touched.

* main-window.png — a search typed ("gzzf") and a matter selected, its certificates as badges;
* intake.png      — an intake half-way: two certificates resolved, the pledge refused because
                    the applicant is on the credit list;
* cases.png       — the cases tab with an open case, an overdue one and a finished one;
* credit.png      — the credit check tab answering for a listed subject.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtGui import QInputMethodEvent  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

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


def commit_text(widget: QWidget, text: str) -> None:
    """Type text the way an input method commits it."""
    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


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

    # -- main window: a search and a matter selected
    commit_text(window.search_edit, "gzzf")
    wait_until(lambda: window.results_model.rowCount() > 0)
    names = [window.results_model.hit(r) for r in range(window.results_model.rowCount())]
    row = next(i for i, hit in enumerate(names) if hit and hit.code == "M0001")
    window.results.setCurrentIndex(window.results_model.index(row))
    wait_until(lambda: window.detail is not None and window.detail.current == ("matter", "M0001"))
    window.refresh_status()
    settle()
    save(window, out, "main-window.png")

    # -- intake half-way, with the pledge refused for a listed applicant
    window.search_edit.clear()
    commit_text(window.search_edit, "gzzfzlbt")
    wait_until(lambda: window.detail is not None and window.detail.current == ("matter", "M0002"))
    dialog = window.open_intake(target=("matter", "M0002"))
    assert isinstance(dialog, IntakeDialog)
    wait_until(lambda: dialog.applicant.subject_label.text() != "正在读取事项……")
    commit_text(dialog.applicant.name_edit, "赵六")
    commit_text(dialog.applicant.id_edit, LISTED_ID)
    commit_text(dialog.applicant.phone_edit, "13900001111")
    wait_until(lambda: dialog.applicant.credit_message.isVisible())
    settle()
    save(dialog, out, "intake-applicant.png")
    loaded: list[str] = []
    dialog.case_loaded.connect(loaded.append)
    dialog.applicant.submit()
    wait_until(lambda: len(loaded) == 1)
    for n, code in enumerate(("C0001", "C0002"), start=2):
        dialog.rows[code].record.click()
        wait_until(lambda n=n: len(loaded) == n)  # type: ignore[misc]
    dialog.resize(980, 760)
    settle()
    save(dialog, out, "intake.png")
    dialog.accept()

    # -- cases tab and credit check
    cases = window.cases_view
    assert cases is not None
    window.tabs.setCurrentWidget(cases)
    counted: list[int] = []
    cases.loaded.connect(counted.append)
    cases.reload()
    wait_until(lambda: bool(counted))
    settle()
    save(window, out, "cases.png")

    credit = window.credit_view
    assert credit is not None
    window.tabs.setCurrentWidget(credit)
    checked: list[int] = []
    credit.checked.connect(checked.append)
    commit_text(credit.id_edit, LISTED_ID)
    wait_until(lambda: bool(checked))
    settle()
    save(window, out, "credit.png")

    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
