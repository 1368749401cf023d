"""Cancelling a case (撤销办件) through the real intake dialog, and the cases tab's long lists."""

from __future__ import annotations

from gui_helpers import PERSON_ID, PERSON_ID_2, type_chinese
from test_workstation import (
    GZZF_MATTER,
    WAIT_MS,
    fill_applicant,
    new_case_dialog,
    open_matter,
    start_case,
)

from PySide6.QtCore import Qt

from app.cases import CaseService, validate_applicant
from app.domain import CaseStatus, RequestStatus
from app.storage.db import Database
from ui.cases_view import CaseRole
from ui.intake.cancel import CancelCaseDialog
from ui.intake.dialog import IntakeDialog
from ui.main_window import MainWindow


def reason_dialog(qtbot, intake: IntakeDialog) -> CancelCaseDialog:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(intake.cancel_case_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: any(d.isVisible() for d in intake.findChildren(CancelCaseDialog)),
        timeout=WAIT_MS,
    )
    return next(d for d in intake.findChildren(CancelCaseDialog) if d.isVisible())


def show_filter(qtbot, window: MainWindow, label: str) -> None:  # type: ignore[no-untyped-def]
    cases = window.cases_view
    assert cases is not None
    index = cases.filter.findText(label)
    assert index >= 0, label
    if cases.filter.currentIndex() == index:
        with qtbot.waitSignal(cases.loaded, timeout=WAIT_MS):
            cases.reload()
        return
    with qtbot.waitSignal(cases.loaded, timeout=WAIT_MS):
        cases.filter.setCurrentIndex(index)


def test_cancel_a_case_from_the_intake_dialog(
    qtbot,  # type: ignore[no-untyped-def]
    window: MainWindow,
    window_db: Database,
) -> None:
    open_matter(qtbot, window, "gzzf", GZZF_MATTER)
    intake = new_case_dialog(qtbot, window)
    fill_applicant(qtbot, intake, "王秀英", PERSON_ID)
    start_case(qtbot, intake)
    row = intake.rows["C0001"]
    with qtbot.waitSignal(intake.case_loaded, timeout=WAIT_MS):
        qtbot.mouseClick(row.record, Qt.MouseButton.LeftButton)
    assert row.state.text().startswith("待答复")
    case_id = intake.case_id
    assert case_id is not None and intake.cancel_case_button.isEnabled()

    # "返回" leaves the case as it was
    asked = reason_dialog(qtbot, intake)
    assert "1 项未答复的核验请求将被撤回" in asked.intro.text()
    asked.reject()
    qtbot.waitUntil(lambda: not asked.isVisible(), timeout=WAIT_MS)
    assert CaseService(window_db).get(case_id).status == CaseStatus.OPEN

    # no reason, no cancelling; with one, the case is cancelled and its request withdrawn
    asked = reason_dialog(qtbot, intake)
    assert not asked.confirm_button.isEnabled()
    type_chinese(asked.reason_edit, "   ")
    assert not asked.confirm_button.isEnabled()
    asked.reason_edit.clear()
    type_chinese(asked.reason_edit, "申请人放弃申请")
    assert asked.confirm_button.isEnabled()
    with qtbot.waitSignal(intake.case_loaded, timeout=WAIT_MS):
        qtbot.mouseClick(asked.confirm_button, Qt.MouseButton.LeftButton)

    assert "状态：已撤销" in intake.case_info.text()
    assert intake.missing_label.text() == "此办件已撤销，原因：申请人放弃申请"
    assert not intake.cancel_case_button.isEnabled()
    assert not intake.finish_button.isEnabled()
    assert all(not r.record.isEnabled() for r in intake.rows.values())
    assert row.state.text() == "核验请求已撤回"
    case = CaseService(window_db).get(case_id)
    assert case.status == CaseStatus.CANCELLED and case.cancel_reason == "申请人放弃申请"
    assert case.resolution("C0001").request_status == RequestStatus.WITHDRAWN

    # the cases tab shows it cancelled, waiting for nothing, under today's and 已撤销
    cases = window.cases_view
    assert cases is not None
    window.tabs.setCurrentWidget(cases)
    for label in ("今日及办理中", "已撤销"):
        show_filter(qtbot, window, label)
        found = cases.model.row_of(case_id)
        assert found >= 0, label
        assert cases.model.index(found, 5).data() == "已撤销"
        assert cases.model.index(found, 6).data() == ""
        assert cases.model.index(found, 0).data(CaseRole.STATUS) == "cancelled"
    show_filter(qtbot, window, "办理中")
    assert cases.model.row_of(case_id) == -1


def test_long_filters_show_the_newest_cases_and_say_how_many(
    qtbot,  # type: ignore[no-untyped-def]
    window: MainWindow,
    window_db: Database,
) -> None:
    service = CaseService(window_db, clerk="李娜", window_code="HF01")
    made = [
        service.new_case(validate_applicant("person", name, id_no), matter_code="M0001")
        for name, id_no in (("王秀英", PERSON_ID), ("赵六", PERSON_ID_2), ("王秀英", PERSON_ID))
    ]
    cases = window.cases_view
    assert cases is not None
    cases.page_size = 2
    window.tabs.setCurrentWidget(cases)
    show_filter(qtbot, window, "全部")
    assert cases.model.rowCount() == 2
    assert [cases.model.index(r, 0).data(CaseRole.CASE_ID) for r in range(2)] == [
        made[2].id,
        made[1].id,
    ]
    assert cases.count_label.text() == "显示最近 2 件，共 3 件"
    # the working lists show every case they select
    show_filter(qtbot, window, "办理中")
    assert cases.model.rowCount() == 3 and cases.count_label.text() == "共 3 件"
    show_filter(qtbot, window, "已撤销")
    assert cases.model.rowCount() == 0 and cases.count_label.text() == "共 0 件"
