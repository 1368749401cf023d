"""The counter at the keyboard: the keys a trained clerk presses, as fast as the event loop
allows, reach the right matter, the right field and the right row."""

from __future__ import annotations

from clerk import Applicant, Clerk, active, gone, take_in
from gui_helpers import PERSON_ID, PERSON_ID_2
from test_workstation import GZZF_MATTER, WAIT_MS

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QPushButton, QWidget

from app.cases import CaseService, validate_applicant
from app.storage.db import Database
from ui.intake.dialog import IntakeDialog
from ui.main_window import MainWindow
from ui.printing.preview import PrintPreviewDialog

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
RENTAL_SUBSIDY = "公共租赁住房租赁补贴申请"  # the second hit of gzzf
APPLICANT = Applicant("王秀英", PERSON_ID, "13812345678")


def ready(qtbot, window: MainWindow) -> Clerk:  # type: ignore[no-untyped-def]
    window.activateWindow()
    qtbot.waitUntil(window.search_tab.search_edit.hasFocus, timeout=WAIT_MS)
    return Clerk(wait_ms=WAIT_MS)


def open_intake(clerk: Clerk, window: MainWindow) -> IntakeDialog:
    found: list[IntakeDialog] = []

    def shown() -> bool:
        found[:] = [d for d in window.findChildren(IntakeDialog) if active(d)]
        return bool(found)

    clerk.wait_until(shown, "an intake dialog")
    return found[0]


def start_intake(clerk: Clerk, window: MainWindow, query: str) -> IntakeDialog:
    """Search, Enter, the applicant (no phone), Enter: the intake's items on screen."""
    clerk.type(query)
    clerk.press(Qt.Key.Key_Return)
    intake = open_intake(clerk, window)
    clerk.type(APPLICANT.name)
    clerk.press(Qt.Key.Key_Tab)
    clerk.type(APPLICANT.id_no)
    clerk.press(Qt.Key.Key_Return)
    clerk.wait_until(lambda: intake.case is not None, "the items")
    return intake


def subject_of(clerk: Clerk, intake: IntakeDialog) -> str:
    label = intake.applicant.subject_label
    clerk.wait_until(lambda: label.text() != "正在读取事项……", "the matter's name")
    return label.text()


def test_ctrl_n_takes_in_the_highlighted_row_not_the_detail_pane(
    qtbot,  # type: ignore[no-untyped-def]
    window: MainWindow,
) -> None:
    clerk = ready(qtbot, window)
    # type, Down, Ctrl+N with no waiting at all: the keys wait for the current results
    clerk.type("gzzf")
    clerk.press(Qt.Key.Key_Down)
    clerk.press(Qt.Key.Key_N, CTRL)
    intake = open_intake(clerk, window)
    assert subject_of(clerk, intake) == RENTAL_SUBSIDY
    clerk.press(Qt.Key.Key_Escape)
    clerk.wait_until(
        lambda: gone(intake) and window.search_tab.search_edit.hasFocus(), "the search box"
    )
    assert window.search_tab.search_edit.selectedText() == "gzzf"
    # the detail pane shows the highlighted row; the highlight moves and Ctrl+N follows at
    # once, while the detail pane still shows the row it left (the defect: it opened that)
    detail = window.search_tab.detail
    assert detail is not None
    clerk.wait_until(lambda: detail.current == ("matter", "M0002"), "the detail pane")
    clerk.press(Qt.Key.Key_Down)
    clerk.press(Qt.Key.Key_Up)
    clerk.press(Qt.Key.Key_Up)
    clerk.press(Qt.Key.Key_N, CTRL)
    assert detail.current == ("matter", "M0002")  # still loading the list's row
    assert window.search_tab.current_hit() == ("matter", "M0001", GZZF_MATTER)
    intake = open_intake(clerk, window)
    assert subject_of(clerk, intake) == GZZF_MATTER
    assert intake.target == ("matter", "M0001")


def test_ctrl_n_on_a_certificate_item_says_why_nothing_opens(
    qtbot,  # type: ignore[no-untyped-def]
    window: MainWindow,
) -> None:
    clerk = ready(qtbot, window)
    clerk.type("yrdw")  # 用人单位…: certificate items only
    clerk.press(Qt.Key.Key_N, CTRL)
    clerk.wait_until(lambda: window.statusBar().currentMessage(), "a message")
    message = window.statusBar().currentMessage()
    assert "是证明事项" in message and "不能直接受理" in message
    assert (
        window.search_tab.current_hit() is not None and window.search_tab.current_hit()[0] == "item"
    )  # type: ignore[index]
    assert not [d for d in window.findChildren(IntakeDialog) if d.isVisible()]
    clerk.press(Qt.Key.Key_P, CTRL)  # nor a guide of its own
    clerk.wait_until(lambda: "打印办事指南" in window.statusBar().currentMessage(), "a message")
    assert not window.findChildren(PrintPreviewDialog)
    # Enter on the same row: the same answer
    window.statusBar().clearMessage()
    clerk.press(Qt.Key.Key_Return)
    clerk.wait_until(lambda: "不能直接受理" in window.statusBar().currentMessage(), "a message")


def test_enter_in_the_search_box_takes_in_the_highlighted_matter(
    qtbot,  # type: ignore[no-untyped-def]
    window: MainWindow,
) -> None:
    clerk = ready(qtbot, window)
    clerk.type("xse")
    clerk.press(Qt.Key.Key_Return)
    intake = open_intake(clerk, window)
    assert subject_of(clerk, intake) == "一件事：新生儿出生一件事"


def test_applicant_page_focus_tab_order_and_the_id_moving_on(
    qtbot,  # type: ignore[no-untyped-def]
    window: MainWindow,
    window_db: Database,
) -> None:
    clerk = ready(qtbot, window)
    clerk.type("gzzf")
    clerk.press(Qt.Key.Key_Return)
    intake = open_intake(clerk, window)
    page = intake.applicant
    assert clerk.focus() is page.name_edit  # typing never waits for the matter to load
    clerk.type("王秀英")
    order: list[QWidget] = []
    for _ in range(5):
        clerk.press(Qt.Key.Key_Tab)
        order.append(clerk.focus())
    assert order == [
        page.id_edit,
        page.phone_edit,
        page.cancel_button,
        page.start_button,
        page.person_radio,
    ]
    clerk.press(Qt.Key.Key_Tab)
    clerk.press(Qt.Key.Key_Tab)
    assert clerk.focus() is page.id_edit
    clerk.type(PERSON_ID[:17])
    assert clerk.focus() is page.id_edit  # not complete: stays
    clerk.type(PERSON_ID[17])
    assert page.id_message.text() == "居民身份证号码有效。"
    assert clerk.focus() is page.phone_edit  # a valid number moves on by itself
    clerk.press(Qt.Key.Key_Return)  # the phone is optional: Enter takes the case in
    clerk.wait_until(lambda: intake.case is not None, "the case taken in")
    assert CaseService(window_db).get(intake.case_id or "").applicant_name == "王秀英"
    # a wrong number stays put, with its reason
    window_db_cases = len(CaseService(window_db).list_cases())
    clerk.press(Qt.Key.Key_S, ALT)
    clerk.wait_until(lambda: window.search_tab.search_edit.hasFocus(), "the search box")
    clerk.press(Qt.Key.Key_Return)
    intake = open_intake(clerk, window)
    page = intake.applicant
    clerk.wait_until(page.name_edit.hasFocus, "the name field")
    clerk.type("赵六")
    clerk.press(Qt.Key.Key_Tab)
    clerk.type(PERSON_ID_2[:17] + "2")  # wrong check digit
    assert clerk.focus() is page.id_edit and "校验位不正确" in page.id_message.text()
    assert len(CaseService(window_db).list_cases()) == window_db_cases


def test_enter_records_each_row_and_moves_to_the_next_that_needs_the_clerk(
    qtbot,  # type: ignore[no-untyped-def]
    window: MainWindow,
) -> None:
    clerk = ready(qtbot, window)
    # 城乡居民基本养老保险待遇领取: share, substitute, cancel
    intake = start_intake(clerk, window, "cxjmjbylbx")
    rows = list(intake.rows.values())
    assert len(rows) == 3
    assert clerk.focus() is rows[0].measure  # the first item that needs the clerk
    assert rows[0].current_measure() == "share"
    for index, row in enumerate(rows):
        before = intake.case
        assert row.isAncestorOf(clerk.focus())
        clerk.press(Qt.Key.Key_Return)
        clerk.wait_until(lambda before=before: intake.case is not before, "the item recorded")
        assert row.resolution is not None and row.resolution.measure is not None, index
    assert rows[1].resolution is not None
    assert str(rows[1].resolution.measure) == "substitute"  # with the catalog's document
    assert rows[1].resolution.substitute_document
    assert clerk.focus() is intake.save_button  # nothing left for the clerk: answers pending
    assert not intake.finish_button.isEnabled()


def test_one_key_records_every_item_that_needs_no_one(
    qtbot,  # type: ignore[no-untyped-def]
    window: MainWindow,
    window_db: Database,
) -> None:
    clerk = ready(qtbot, window)
    # 临时救助申请: other, share, cancel, verify, cancel
    intake = start_intake(clerk, window, "lsjz")
    assert "其中 4 项可一键登记" in intake.rows_title.text()
    assert "(&A)" in intake.resolve_all_button.text()
    before = intake.case
    clerk.press(Qt.Key.Key_A, ALT)
    clerk.wait_until(lambda: intake.case is not before, "the items recorded")
    case = intake.case
    assert case is not None
    left = [r.item_code for r in case.resolutions if r.measure is None]
    assert len(left) == 1  # the one whose way ("other") needs the clerk's note
    row = intake.rows[left[0]]
    assert clerk.focus() is row.note
    assert not intake.resolve_all_button.isEnabled()
    clerk.type("已电话核实")
    before = intake.case
    clerk.press(Qt.Key.Key_Return)
    clerk.wait_until(lambda: intake.case is not before, "the item recorded")
    view = CaseService(window_db).get(case.id)
    assert all(r.measure is not None for r in view.resolutions)
    assert view.resolution(left[0]).note == "已电话核实"


def test_tab_goes_through_the_rows_then_the_buttons_never_the_scroll_area(
    qtbot,  # type: ignore[no-untyped-def]
    window: MainWindow,
) -> None:
    clerk = ready(qtbot, window)
    intake = start_intake(clerk, window, "gzzf")
    rows = list(intake.rows.values())
    assert clerk.focus() is rows[0].measure
    seen: list[QWidget] = []
    for _ in range(40):
        clerk.press(Qt.Key.Key_Tab)
        widget = clerk.focus()
        if widget is rows[0].measure:
            break
        seen.append(widget)
    assert not [w for w in seen if isinstance(w, QAbstractScrollArea)]
    in_rows = [any(r.isAncestorOf(w) for r in rows) for w in seen]
    first_button = in_rows.index(False)
    assert not any(in_rows[first_button:])  # every row's inputs come before the buttons
    row_order = [
        next(i for i, r in enumerate(rows) if r.isAncestorOf(w)) for w in seen[:first_button]
    ]
    assert row_order == sorted(row_order) and set(row_order) == set(range(len(rows)))
    buttons = [w for w in seen[first_button:] if isinstance(w, QPushButton)]
    assert intake.save_button in buttons and intake.receipt_button in buttons
    # the buttons show their keys
    assert "(&S)" in intake.save_button.text()
    assert "(&F)" in intake.finish_button.text()
    assert "(&P)" in intake.receipt_button.text()


def test_cases_tab_search_by_the_last_digits_of_the_id_and_enter_opens_the_case(
    qtbot,  # type: ignore[no-untyped-def]
    window: MainWindow,
    window_db: Database,
) -> None:
    service = CaseService(window_db, clerk="李娜", window_code="HF01")
    service.new_case(validate_applicant("person", "赵六", PERSON_ID_2), matter_code="M0002")
    wang = service.new_case(validate_applicant("person", "王秀英", PERSON_ID), matter_code="M0001")
    service.resolve(wang.id, "C0001", "share")
    clerk = ready(qtbot, window)
    cases = window.cases_view
    assert cases is not None
    # a key for each tab, the focus in its search field
    clerk.press(Qt.Key.Key_2, CTRL)
    clerk.wait_until(lambda: window.tabs.currentWidget() is cases, "the cases tab")
    assert clerk.focus() is cases.search_edit
    clerk.press(Qt.Key.Key_3, CTRL)
    assert window.credit_view is not None and clerk.focus() is window.credit_view.id_edit
    clerk.press(Qt.Key.Key_1, CTRL)
    assert clerk.focus() is window.search_tab.search_edit
    clerk.press(Qt.Key.Key_2, CTRL)
    # the last digits of the ID, then Enter at once
    clerk.type("002x")
    clerk.press(Qt.Key.Key_Return)
    intake = open_intake(clerk, window)
    assert intake.case_id == wang.id
    clerk.wait_until(lambda: intake.case is not None, "the case")
    # the first thing still to do: the second item (the first waits for its answer)
    assert intake.rows["C0002"].isAncestorOf(clerk.focus())
    assert "找到 1 件" in cases.count_label.text()
    clerk.press(Qt.Key.Key_S, ALT)
    clerk.wait_until(lambda: gone(intake) and cases.search_edit.hasFocus(), "the cases search")
    assert cases.search_edit.selectedText() == "002x"
    # by name: Up/Down in the box choose among the cases found
    clerk.type("HF01")
    clerk.wait_until(lambda: cases.model.rowCount() == 2, "both cases")
    clerk.press(Qt.Key.Key_Down)
    assert cases.selected_case_id() == cases.model.case_at(1).id  # type: ignore[union-attr]
    clerk.press(Qt.Key.Key_Return)
    intake = open_intake(clerk, window)
    assert intake.case_id == cases.model.case_at(1).id  # type: ignore[union-attr]


def test_the_whole_rental_intake_takes_at_most_45_inputs(
    qtbot,  # type: ignore[no-untyped-def]
    window: MainWindow,
    window_db: Database,
    tmp_path,  # type: ignore[no-untyped-def]
) -> None:
    window.station.settings.save_folder = tmp_path
    clerk = ready(qtbot, window)
    done = take_in(clerk, window, "gzzf", GZZF_MATTER, APPLICANT)
    assert done.inputs <= 45, clerk.log
    assert done.receipt is not None and done.receipt.parent == tmp_path
    assert done.receipt.read_bytes().startswith(b"%PDF")
    case = CaseService(window_db).get(done.case_id)
    assert all(r.measure is not None for r in case.resolutions)
    assert QApplication.focusWidget() is window.search_tab.search_edit
