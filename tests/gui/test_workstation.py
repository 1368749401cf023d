"""The clerk's workstation driven through its real widgets, on the sample catalog."""

from __future__ import annotations

from gui_helpers import PERSON_ID, PERSON_ID_2, type_chinese, visible_text

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QListView, QTableView

from app.cases import CaseService, add_credit_record
from app.domain import CaseStatus
from app.storage.db import Database
from ui.cases_view import CaseRole
from ui.intake.dialog import IntakeDialog
from ui.main_window import MainWindow
from ui.search_model import SearchRole

WAIT_MS = 15_000
GZZF_MATTER = "公共租赁住房资格申请"
GZZF_ITEM = "用人单位工资支付情况证明"  # C0065, also found by "gzzf"


def type_search(qtbot, window: MainWindow, text: str) -> None:  # type: ignore[no-untyped-def]
    window.search_tab.search_edit.setFocus()
    with qtbot.waitSignal(window.search_tab.search_finished, timeout=WAIT_MS):
        qtbot.keyClicks(window.search_tab.search_edit, text)


def result_names(window: MainWindow) -> list[str]:
    model = window.search_tab.results_model
    return [str(model.index(row).data(SearchRole.NAME)) for row in range(model.rowCount())]


def click_result(qtbot, window: MainWindow, name: str) -> None:  # type: ignore[no-untyped-def]
    view: QListView = window.search_tab.results
    row = result_names(window).index(name)
    rect = view.visualRect(window.search_tab.results_model.index(row))
    if window.search_tab.detail is not None and window.search_tab.detail.current is not None:
        current = window.search_tab.results_model.index(row).data(SearchRole.CODE)
        if window.search_tab.detail.current[1] == current:
            return
    with qtbot.waitSignal(window.search_tab.detail_shown, timeout=WAIT_MS):
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def open_matter(qtbot, window: MainWindow, pinyin: str, name: str) -> None:  # type: ignore[no-untyped-def]
    type_search(qtbot, window, pinyin)
    click_result(qtbot, window, name)
    qtbot.waitUntil(
        lambda: (
            window.search_tab.detail is not None and window.search_tab.detail.current is not None
        )
    )


def new_case_dialog(qtbot, window: MainWindow) -> IntakeDialog:  # type: ignore[no-untyped-def]
    window.activateWindow()
    qtbot.waitUntil(lambda: window.menus.new_case_action.isEnabled(), timeout=WAIT_MS)
    qtbot.keyClick(window.search_tab.search_edit, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.findChild(IntakeDialog) is not None, timeout=WAIT_MS)
    dialog = window.findChild(IntakeDialog)
    assert dialog is not None
    qtbot.waitUntil(
        lambda: dialog.applicant.subject_label.text() != "正在读取事项……", timeout=WAIT_MS
    )
    return dialog


def fill_applicant(qtbot, dialog: IntakeDialog, name: str, id_no: str) -> None:  # type: ignore[no-untyped-def]
    type_chinese(dialog.applicant.name_edit, name)
    qtbot.keyClicks(dialog.applicant.id_edit, id_no)


def start_case(qtbot, dialog: IntakeDialog) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(dialog.case_loaded, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.applicant.start_button, Qt.MouseButton.LeftButton)


def test_typing_gzzf_finds_public_rental_housing_and_shows_its_certificates(
    qtbot,  # type: ignore[no-untyped-def]
    window: MainWindow,
) -> None:
    assert (
        window.search_tab.search_edit.hasFocus()
        or QApplication.focusWidget() is window.search_tab.search_edit
    )
    type_search(qtbot, window, "gzzf")
    names = result_names(window)
    assert GZZF_MATTER in names[:5]

    click_result(qtbot, window, GZZF_MATTER)
    detail = window.search_tab.detail
    assert detail is not None
    text = detail.text()
    assert GZZF_MATTER in text
    assert "办理地点" in text and "承诺时限" in text
    assert len(detail.cards) == 4
    # every former certificate shows how it is handled now, as badges per measure
    badges = detail.badge_texts()
    assert badges[0] == ["数据查询", "部门核验"]
    assert badges[2] == ["部门核验"]
    # the legal basis is one click away
    card = detail.cards[0]
    assert not card.basis.isVisible()
    qtbot.mouseClick(card.basis_button, Qt.MouseButton.LeftButton)
    assert card.basis.isVisible() and card.basis.text()


def test_status_bar_shows_sample_catalog_hub_state_and_outbox(
    qtbot,  # type: ignore[no-untyped-def]
    window: MainWindow,
) -> None:
    qtbot.waitUntil(lambda: "示例数据" in window.status_bar.catalog_label.text(), timeout=WAIT_MS)
    assert "2026.11-sample" in window.status_bar.catalog_label.text()
    assert window.status_bar.hub_label.text() == "中心：未配置中心"
    assert window.status_bar.outbox_label.text() == "待同步：0 条"


def test_intake_resolve_save_reopen_and_finish(
    qtbot,  # type: ignore[no-untyped-def]
    window: MainWindow,
    window_db: Database,
) -> None:
    open_matter(qtbot, window, "gzzf", GZZF_MATTER)
    dialog = new_case_dialog(qtbot, window)
    assert dialog.applicant.subject_label.text() == GZZF_MATTER
    fill_applicant(qtbot, dialog, "王秀英", PERSON_ID)
    assert dialog.applicant.id_message.text() == "居民身份证号码有效。"
    start_case(qtbot, dialog)
    # the rest of the window hears of the new case by itself: the cases list and the records
    # waiting for sync
    cases = window.cases_view
    assert cases is not None
    qtbot.waitUntil(lambda: cases.model.row_of(dialog.case_id or "") >= 0, timeout=WAIT_MS)
    qtbot.waitUntil(
        lambda: window.status_bar.outbox_label.text() != "待同步：0 条", timeout=WAIT_MS
    )

    assert list(dialog.rows) == ["C0001", "C0002", "C0003", "C0004"]
    assert not dialog.finish_button.isEnabled()
    # resolve each certificate with the measure the catalog lists first
    for code, row in dialog.rows.items():
        assert row.state.text() == "未处理"
        with qtbot.waitSignal(dialog.case_loaded, timeout=WAIT_MS):
            qtbot.mouseClick(row.record, Qt.MouseButton.LeftButton)
        assert row.state.text().startswith("待答复"), code
    assert not dialog.finish_button.isEnabled()
    assert dialog.missing_label.text().count("尚未答复") == 4
    case_id = dialog.case_id
    assert case_id is not None

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT_MS)

    # the departments answer (as they would from their own application)
    service = CaseService(window_db, clerk="县民政局核验员")
    case = service.get(case_id)
    assert case.status == CaseStatus.OPEN
    assert {r.measure.value for r in case.resolutions if r.measure} == {"share", "verify"}
    for resolution in case.resolutions:
        assert resolution.request_id is not None
        service.answer_request(resolution.request_id, "confirmed", answered_by="核验员")

    # reopen from the cases view
    tab_bar = window.tabs.tabBar()
    with qtbot.waitSignal(cases.loaded, timeout=WAIT_MS):
        qtbot.mouseClick(tab_bar, Qt.MouseButton.LeftButton, pos=tab_bar.tabRect(1).center())
    table: QTableView = cases.table
    row = cases.model.row_of(case_id)
    assert row >= 0
    assert cases.model.index(row, 6).data() == "可办结"
    assert cases.model.index(row, 2).data() == "110105********002X"
    rect = table.visualRect(cases.model.index(row, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(
        lambda: any(
            isinstance(d, IntakeDialog) and d.case_id == case_id and d.case is not None
            for d in window.findChildren(IntakeDialog)
        ),
        timeout=WAIT_MS,
    )
    reopened = next(d for d in window.findChildren(IntakeDialog) if d.case_id == case_id)
    assert reopened.isVisible()
    qtbot.waitUntil(lambda: reopened.finish_button.isEnabled(), timeout=WAIT_MS)
    assert "可以办结" in reopened.missing_label.text()
    with qtbot.waitSignal(reopened.case_loaded, timeout=WAIT_MS):
        qtbot.mouseClick(reopened.finish_button, Qt.MouseButton.LeftButton)
    assert "已办结" in reopened.case_info.text()
    assert not reopened.finish_button.isEnabled()
    assert service.get(case_id).status == CaseStatus.FINISHED
    qtbot.waitUntil(  # the list behind the dialog follows
        lambda: cases.model.index(cases.model.row_of(case_id), 5).data() == "已办结",
        timeout=WAIT_MS,
    )


def test_invalid_resident_id_is_refused_in_the_dialog(
    qtbot,  # type: ignore[no-untyped-def]
    window: MainWindow,
    window_db: Database,
) -> None:
    open_matter(qtbot, window, "gzzf", GZZF_MATTER)
    dialog = new_case_dialog(qtbot, window)
    fill_applicant(qtbot, dialog, "王秀英", "110105194912310021")  # wrong check digit
    assert dialog.applicant.id_message.isVisible()
    assert "校验位不正确" in dialog.applicant.id_message.text()
    qtbot.mouseClick(dialog.applicant.start_button, Qt.MouseButton.LeftButton)
    assert dialog.applicant.applicant_error.isVisible()
    assert "身份证号码" in dialog.applicant.applicant_error.text()
    assert dialog.pages.currentWidget() is dialog.applicant
    assert CaseService(window_db).list_cases() == []


def test_invalid_credit_code_is_refused_in_the_dialog(
    qtbot,  # type: ignore[no-untyped-def]
    window: MainWindow,
    window_db: Database,
) -> None:
    open_matter(qtbot, window, "jzgcsgxkz", "建筑工程施工许可证核发")
    dialog = new_case_dialog(qtbot, window)
    # an enterprise-only matter: the applicant type is set and fixed
    assert dialog.applicant.enterprise_radio.isChecked()
    assert not dialog.applicant.person_radio.isEnabled()
    assert "统一社会信用代码" in visible_text(dialog)
    fill_applicant(qtbot, dialog, "示范县宏达建筑有限公司", "91330783MA2D4XYZ1Q")
    assert dialog.applicant.id_message.isVisible()
    assert "统一社会信用代码" in dialog.applicant.id_message.text()
    qtbot.mouseClick(dialog.applicant.start_button, Qt.MouseButton.LeftButton)
    assert "统一社会信用代码" in dialog.applicant.applicant_error.text()
    assert CaseService(window_db).list_cases() == []


def test_applicant_on_the_credit_list_cannot_pledge(
    qtbot,  # type: ignore[no-untyped-def]
    window: MainWindow,
    window_db: Database,
) -> None:
    add_credit_record(
        window_db, id_no=PERSON_ID_2, name="赵六", reason="虚假承诺（住房情况）", actor="监管员"
    )
    open_matter(qtbot, window, "gzzfzlbt", "公共租赁住房租赁补贴申请")
    dialog = new_case_dialog(qtbot, window)
    fill_applicant(qtbot, dialog, "赵六", PERSON_ID_2)
    qtbot.waitUntil(lambda: dialog.applicant.credit_message.isVisible(), timeout=WAIT_MS)
    assert "失信名单" in dialog.applicant.credit_message.text()
    start_case(qtbot, dialog)

    row = dialog.rows["C0116"]
    combo = row.measure
    pledge_index = combo.findData("pledge")
    assert pledge_index >= 0
    assert not combo.model().item(pledge_index).isEnabled()
    assert "不可用" in combo.itemText(pledge_index)
    assert row.refusal.isVisible()
    assert "失信名单" in row.refusal.text()
    assert "不能使用告知承诺" in row.refusal.text()
    # verification is still there and can be recorded instead
    assert combo.currentData() == "verify"
    with qtbot.waitSignal(dialog.case_loaded, timeout=WAIT_MS):
        qtbot.mouseClick(row.record, Qt.MouseButton.LeftButton)
    assert dialog.case is not None
    assert dialog.case.resolution("C0116").measure is not None
    assert str(dialog.case.resolution("C0116").measure) == "verify"


def test_credit_check_tab_answers_as_you_type(
    qtbot,  # type: ignore[no-untyped-def]
    window: MainWindow,
    window_db: Database,
) -> None:
    add_credit_record(window_db, id_no=PERSON_ID_2, name="赵六", reason="虚假承诺", actor="监管员")
    credit = window.credit_view
    assert credit is not None
    window.tabs.setCurrentWidget(credit)
    with qtbot.waitSignal(credit.checked, timeout=WAIT_MS) as blocker:
        qtbot.keyClicks(credit.id_edit, PERSON_ID_2)
    assert blocker.args == [1]
    assert "在失信名单中" in credit.result.text()
    assert "360426********0071" in credit.result.text()
    assert PERSON_ID_2 not in credit.result.text()

    credit.id_edit.clear()
    with qtbot.waitSignal(credit.checked, timeout=WAIT_MS) as blocker:
        qtbot.keyClicks(credit.id_edit, PERSON_ID)
    assert blocker.args == [0]
    assert "未发现失信记录" in credit.result.text()

    credit.id_edit.clear()
    qtbot.keyClicks(credit.id_edit, "110105194912310021")  # wrong check digit
    qtbot.waitUntil(lambda: "有效的" in credit.result.text(), timeout=WAIT_MS)
    assert "请输入有效的 18 位身份证号码或统一社会信用代码" in credit.result.text()


def test_cases_view_filters_and_marks_waiting(
    qtbot,  # type: ignore[no-untyped-def]
    window: MainWindow,
    window_db: Database,
) -> None:
    from app.cases import validate_applicant

    service = CaseService(window_db, clerk="李娜", window_code="HF01")
    open_case = service.new_case(
        validate_applicant("person", "王秀英", PERSON_ID), matter_code="M0001"
    )
    cases = window.cases_view
    assert cases is not None
    window.tabs.setCurrentWidget(cases)
    qtbot.waitUntil(lambda: cases.model.rowCount() == 1, timeout=WAIT_MS)
    assert cases.model.index(0, 6).data() == "4 项待处理"
    assert cases.model.index(0, 0).data(CaseRole.CASE_ID) == open_case.id
    with qtbot.waitSignal(cases.loaded, timeout=WAIT_MS):
        cases.filter.setCurrentIndex(cases.filter.findText("已办结"))
    assert cases.model.rowCount() == 0


def test_ctrl_p_follows_the_highlighted_row(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from ui.printing.preview import PrintPreviewDialog

    assert window.menus.print_action.shortcut().toString() == "Ctrl+P"
    open_matter(qtbot, window, "gzzf", GZZF_MATTER)
    click_result(qtbot, window, GZZF_ITEM)
    assert window.search_tab.detail is not None and window.search_tab.detail.current == (
        "item",
        "C0065",
    )
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=WAIT_MS)
    qtbot.keyClick(window.search_tab.results, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    # a certificate item has no guide of its own: the status bar says so, nothing opens
    assert "是证明事项" in window.statusBar().currentMessage()
    assert window.findChild(PrintPreviewDialog) is None


def test_window_remembers_its_splitter(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.search_tab.setSizes([300, 900])
    window.save_layout()
    stored = window.station.settings.layout_state("main/splitter")
    assert stored is not None
    window.search_tab.setSizes([600, 600])
    window.search_tab.restoreState(stored)
    assert window.search_tab.sizes()[0] < window.search_tab.sizes()[1] - 300


def test_result_list_keeps_hits_of_the_latest_query_only(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    type_search(qtbot, window, "gzzf")
    first = result_names(window)
    window.search_tab.search_edit.clear()
    type_search(qtbot, window, "xsr")
    assert result_names(window) != first
    assert window.search_tab.result_hint.text().startswith("找到")
    # nothing found: a polite hint instead of an empty list
    window.search_tab.search_edit.clear()
    type_search(qtbot, window, "zzzzqqq")
    assert result_names(window) == []
    assert "没有找到" in window.search_tab.result_hint.text()


def test_hub_state_is_shown_honestly(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    import socket

    with socket.socket() as probe:  # a port that nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    window.station.settings.hub_address = f"http://127.0.0.1:{port}"
    window.status_bar.check_hub()
    qtbot.waitUntil(lambda: "无法连接" in window.status_bar.hub_label.text(), timeout=WAIT_MS)
    assert str(port) in window.status_bar.hub_label.toolTip()
    window.station.settings.hub_address = ""
    window.status_bar.check_hub()
    assert window.status_bar.hub_label.text() == "中心：未配置中心"


def test_ctrl_p_opens_the_guide_preview(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from ui.printing.preview import PrintPreviewDialog

    open_matter(qtbot, window, "gzzf", GZZF_MATTER)
    assert window.findChild(PrintPreviewDialog) is None
    window.activateWindow()
    qtbot.keyClick(window.search_tab.results, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.findChild(PrintPreviewDialog) is not None, timeout=60_000)
    preview = window.findChild(PrintPreviewDialog)
    assert preview is not None and preview.isVisible()
    assert preview.windowTitle() == f"打印预览 — {GZZF_MATTER} · 办事指南"
    # the guide's pages are on screen and can be printed
    qtbot.waitUntil(lambda: bool(preview.pages), timeout=60_000)
    assert preview.print_button.isEnabled() and preview.print_button.hasFocus()
    assert preview.preview.pageCount() == len(preview.pages) >= 1
    assert preview.data.startswith(b"%PDF")
    preview.reject()
