"""Sync in the GUI, against a real hub process on loopback: the window and the department,
each a real main window on its own data directory, driven by keys and clicks.

Covers: Settings → 连接中心 (and its refusals in Chinese), the 同步 button and F9, the status
bar's sync status (and its error when the hub is down, nothing lost), the periodic sync, the
department's 待核验 inbox (reveal audited, answer with a note, synced at once), the answer
reaching the window's case row, and a data query answered online by the hub's data source.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from gui_helpers import PERSON_ID, choose_from_menu, type_chinese
from keyring_support import NoKeyring

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hub"))  # hubkit
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sync"))  # synckit

from hubkit import fresh_database
from sqlalchemy import select
from synckit import ROOT, HubProcess, hub_process

from app.cases import CaseService, validate_applicant
from app.storage.db import Database
from app.storage.models import AuditEntry
from app.sync.identity import enrolment
from app.sync.wire import DeviceKind
from ui.connect_dialog import ConnectDialog
from ui.main_window import MainWindow
from ui.settings import AppSettings

WAIT_MS = 60_000
DEPARTMENT = "SFX-WJJ"  # verifies C0007 死亡医学证明
VERIFIED = "M0028"  # 社会保障卡注销（持卡人死亡）: C0007 only
MATTER = "M0001"  # 公共租赁住房资格申请: C0001–C0004 (C0002 by data query to SFX-RSJ)


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[HubProcess]:
    with fresh_database("sqlite", tmp_path) as url, hub_process(url, tmp_path / "hub") as running:
        yield running


@pytest.fixture
def department(qtbot, sample_home: Path, tmp_path: Path) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    """A second main window, on its own data directory and settings: the department's PC."""
    from ui.application import build_window

    home = tmp_path / "dept-home"
    shutil.copytree(sample_home, home)
    settings = AppSettings(QSettings(str(tmp_path / "dept.ini"), QSettings.Format.IniFormat))
    settings.clerk_name = "赵核验"
    main = build_window(home, settings)
    qtbot.addWidget(main)
    main.show()
    with qtbot.waitSignal(main.database_ready, timeout=WAIT_MS):
        main.start()
    yield main
    main.close()


def db_of(window: MainWindow) -> Database:
    assert window.station.db is not None
    return window.station.db


def open_connect_dialog(qtbot, window: MainWindow) -> ConnectDialog:  # type: ignore[no-untyped-def]
    """文件 → 连接中心 (Alt+F, L): the dialog, its focus in the first empty field."""
    qtbot.waitUntil(lambda: window.sync.action.isEnabled(), timeout=WAIT_MS)  # status read
    choose_from_menu(qtbot, window, Qt.Key.Key_F, Qt.Key.Key_L)
    found: list[ConnectDialog] = []

    def shown() -> None:
        found[:] = [d for d in window.findChildren(ConnectDialog) if d.isVisible()]
        assert found

    qtbot.waitUntil(shown, timeout=WAIT_MS)
    return found[-1]


def type_in(qtbot, edit, text: str) -> None:  # type: ignore[no-untyped-def]
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(edit, text)


def connect_through_dialog(qtbot, window: MainWindow, url: str, code: str) -> ConnectDialog:  # type: ignore[no-untyped-def]
    dialog = open_connect_dialog(qtbot, window)
    type_in(qtbot, dialog.address_edit, url)
    type_in(qtbot, dialog.code_edit, code)
    with qtbot.waitSignal(window.sync.enrolment_changed, timeout=WAIT_MS):
        qtbot.keyClick(dialog.code_edit, Qt.Key.Key_Return)  # 连接 is the default button
    return dialog


def connect(qtbot, window: MainWindow, hub: HubProcess, kind: DeviceKind, code: str) -> None:  # type: ignore[no-untyped-def]
    dialog = connect_through_dialog(qtbot, window, hub.base_url, hub.code(kind, code))
    assert code in dialog.enrolled_label.text()
    assert not dialog.error_label.isVisible()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT_MS)


def new_case(db: Database, *measures: tuple[str, str], matter: str = MATTER) -> str:
    """A case taken in at the window (through the core: the GUI is not the point here)."""
    service = CaseService(db, clerk="李娜")
    applicant = validate_applicant("person", "王秀英", PERSON_ID, "13812345678")
    case = service.new_case(applicant, matter_code=matter)
    for item, measure in measures:
        service.resolve(case.id, item, measure)
    return case.id


def press_sync(qtbot, window: MainWindow, *, click: bool = False):  # type: ignore[no-untyped-def]
    """F9 (or a click on the status bar's 同步 button); the sync's result."""
    with qtbot.waitSignal(window.sync.synced, timeout=WAIT_MS) as blocker:
        if click:
            qtbot.mouseClick(window.sync.widget.sync_button, Qt.MouseButton.LeftButton)
        else:
            press(qtbot, window, Qt.Key.Key_F9)
    return blocker.args[0]


def press(qtbot, window: MainWindow, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    """A key press in ``window``, made the active window first (as the clerk's click does)."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)
    qtbot.keyClick(QApplication.focusWidget() or window, key, modifier)


def case_row(window: MainWindow, case_id: str) -> dict[str, str]:
    view = window.cases_view
    assert view is not None
    row = view.model.row_of(case_id)
    assert row >= 0
    return {
        column: str(view.model.index(row, i).data()) for i, column in enumerate(view.model.COLUMNS)
    }


def test_request_answered_in_the_department_inbox_reaches_the_case(
    qtbot,  # type: ignore[no-untyped-def]
    hub: HubProcess,
    window: MainWindow,
    department: MainWindow,
) -> None:
    assert window.sync.widget.state_label.text() == "未连接中心"
    connect(qtbot, window, hub, DeviceKind.WINDOW, "HF01")
    assert "窗口 HF01" in window.windowTitle()
    assert window.status_bar.hub_label.isHidden() and window.status_bar.outbox_label.isHidden()
    assert enrolment(db_of(window)) is not None

    case_id = new_case(db_of(window), ("C0007", "verify"), matter=VERIFIED)
    press(qtbot, window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)  # 办件
    qtbot.waitUntil(lambda: "（待同步）" in case_row(window, case_id)["status"], timeout=WAIT_MS)
    assert "核验待答复" in case_row(window, case_id)["waiting"]

    result = press_sync(qtbot, window, click=True)  # the 同步 button in the status bar
    assert result.completed and result.pushed >= 3 and result.pending == 0  # case, item, request
    qtbot.waitUntil(
        lambda: "（待同步）" not in case_row(window, case_id)["status"], timeout=WAIT_MS
    )
    qtbot.waitUntil(lambda: window.sync.widget.pending_label.text() == "待同步 0 条")
    assert "上次同步" in window.sync.widget.state_label.text()

    # the department: its own PC, its own data directory; the role comes from the enrolment
    connect(qtbot, department, hub, DeviceKind.DEPARTMENT, DEPARTMENT)
    inbox = department.inbox_view
    assert inbox is not None and department.tabs.currentWidget() is inbox
    assert "部门核验" in department.windowTitle() and DEPARTMENT in department.windowTitle()
    assert not department.menus.new_case_action.isEnabled()  # a department takes in no cases
    with qtbot.waitSignal(inbox.loaded, timeout=WAIT_MS, check_params_cb=lambda n: n == 1):
        press_sync(qtbot, department)
    model = inbox.model
    shown = {c: str(model.index(0, i).data()) for i, c in enumerate(model.COLUMNS)}
    assert shown["id"] == "110105********002X"  # masked until the answerer asks
    assert shown["subject"] == "王秀英" and shown["item"] == "死亡医学证明"
    assert "剩" in shown["state"] and "工作日" in shown["state"]
    assert inbox.table.hasFocus()

    qtbot.keyClick(inbox.table, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: model.index(0, model.COLUMNS.index("id")).data() == PERSON_ID)
    with db_of(department).reading() as session:
        reveals = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "inbox.reveal")
        ).all()
    assert len(reveals) == 1 and reveals[0].actor == "赵核验"

    qtbot.keyClick(inbox.table, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)
    assert inbox.note_edit.hasFocus()
    type_chinese(inbox.note_edit, "经核对死亡医学证明登记，信息一致")
    with qtbot.waitSignal(department.sync.synced, timeout=WAIT_MS) as sent:  # at once
        qtbot.keyClick(inbox.note_edit, Qt.Key.Key_Y, Qt.KeyboardModifier.AltModifier)
    assert sent.args[0].completed and sent.args[0].pushed == 1
    qtbot.waitUntil(lambda: model.rowCount() == 0, timeout=WAIT_MS)  # answered: it leaves
    assert inbox.count_label.text() == "待答复 0 件"
    press(qtbot, department, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)  # 显示已答复
    qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=WAIT_MS)
    assert model.index(0, model.COLUMNS.index("state")).data() == "已答复：属实"  # at the hub
    assert model.index(0, model.COLUMNS.index("id")).data() == "110105********002X"
    assert not inbox.confirm_button.isEnabled()  # answered once

    result = press_sync(qtbot, window)  # F9 at the window
    assert result.completed and result.applied == 2  # the answer, the department's device key
    qtbot.waitUntil(lambda: case_row(window, case_id)["waiting"] == "可办结", timeout=WAIT_MS)
    answered = CaseService(db_of(window)).get(case_id).resolution("C0007")
    assert answered.request_answer is not None and answered.request_answer.value == "confirmed"
    assert answered.request_answer_note == "经核对死亡医学证明登记，信息一致"

    # the clerk finishes the case: the case list's search, Enter, 办结 (Alt+F)
    from ui.intake.dialog import IntakeDialog

    view = window.cases_view
    assert view is not None
    view.focus_search()
    qtbot.keyClicks(view.search_edit, case_row(window, case_id)["number"])
    qtbot.keyClick(view.search_edit, Qt.Key.Key_Return)
    dialogs: list[IntakeDialog] = []

    def intake_open() -> bool:
        dialogs[:] = [d for d in window.findChildren(IntakeDialog) if d.isVisible()]
        return bool(dialogs) and dialogs[0].case is not None

    qtbot.waitUntil(intake_open, timeout=WAIT_MS)
    intake = dialogs[0]
    assert intake.rows["C0007"].state.text() == "已答复：属实"
    assert intake.finish_button.isEnabled()
    qtbot.keyClick(intake, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(
        lambda: CaseService(db_of(window)).get(case_id).status.value == "finished",
        timeout=WAIT_MS,
    )
    qtbot.keyClick(intake, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not intake.isVisible(), timeout=WAIT_MS)
    assert press_sync(qtbot, window).completed  # the finished case goes to the hub too
    qtbot.waitUntil(lambda: case_row(window, case_id)["status"] == "已办结", timeout=WAIT_MS)


def test_hub_down_is_shown_and_nothing_is_lost(
    qtbot,  # type: ignore[no-untyped-def]
    hub: HubProcess,
    window: MainWindow,
) -> None:
    connect(qtbot, window, hub, DeviceKind.WINDOW, "HF01")
    assert press_sync(qtbot, window).completed
    hub.kill()
    new_case(db_of(window), ("C0003", "verify"), ("C0001", "share"))
    result = press_sync(qtbot, window)
    assert not result.completed and not result.reachable and result.pending > 0
    widget = window.sync.widget
    qtbot.waitUntil(lambda: widget.error_label.isVisible(), timeout=WAIT_MS)
    assert widget.error_label.text() == "中心无法连接，离线工作"
    assert "无法连接县级中心" in widget.error_label.toolTip()
    assert widget.pending_label.text() == f"待同步 {result.pending} 条"
    assert "同步未完成" in window.statusBar().currentMessage()

    hub.start()  # back the next morning: the next sync finishes the job
    result = press_sync(qtbot, window)
    assert result.completed and result.pending == 0 and result.pushed > 0
    qtbot.waitUntil(lambda: not widget.error_label.isVisible(), timeout=WAIT_MS)
    assert len(hub.records("verification_request")) == 2


def test_an_answer_given_offline_waits_and_goes_at_the_next_sync(
    qtbot,  # type: ignore[no-untyped-def]
    hub: HubProcess,
    window: MainWindow,
    department: MainWindow,
) -> None:
    connect(qtbot, window, hub, DeviceKind.WINDOW, "HF01")
    new_case(db_of(window), ("C0007", "verify"), matter=VERIFIED)
    assert press_sync(qtbot, window).completed
    connect(qtbot, department, hub, DeviceKind.DEPARTMENT, DEPARTMENT)
    inbox = department.inbox_view
    assert inbox is not None
    with qtbot.waitSignal(inbox.loaded, timeout=WAIT_MS, check_params_cb=lambda n: n == 1):
        press_sync(qtbot, department)

    hub.kill()
    press(qtbot, department, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)  # 显示已答复
    with qtbot.waitSignal(department.sync.synced, timeout=WAIT_MS) as tried:
        press(qtbot, department, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)  # 不属实
    assert not tried.args[0].reachable and tried.args[0].pending == 1
    model = inbox.model
    state = lambda: model.index(0, model.COLUMNS.index("state")).data()  # noqa: E731
    qtbot.waitUntil(lambda: state() == "已答复：不属实（待同步）", timeout=WAIT_MS)
    widget = department.sync.widget
    qtbot.waitUntil(lambda: widget.error_label.text() == "中心无法连接，离线工作")
    assert widget.pending_label.text() == "待同步 1 条"

    hub.start()
    assert press_sync(qtbot, department).completed
    qtbot.waitUntil(lambda: state() == "已答复：不属实", timeout=WAIT_MS)
    result = press_sync(qtbot, window)
    assert result.completed and result.applied == 2  # the answer, the department's device key
    qtbot.waitUntil(lambda: len(hub.records("answer")) == 1, timeout=WAIT_MS)


def test_a_revoked_device_is_told_to_enrol_again(
    qtbot,  # type: ignore[no-untyped-def]
    hub: HubProcess,
    window: MainWindow,
) -> None:
    connect(qtbot, window, hub, DeviceKind.WINDOW, "HF01")
    revoked = subprocess.run(
        [sys.executable, "-m", "app", "--data-dir", str(hub.folder), "hub", "revoke", "HF01",
         "--db", hub.url],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert revoked.returncode == 0, revoked.stderr
    new_case(db_of(window), ("C0003", "verify"))
    result = press_sync(qtbot, window)
    assert not result.completed and result.reachable and result.pending > 0
    widget = window.sync.widget
    qtbot.waitUntil(lambda: widget.error_label.isVisible(), timeout=WAIT_MS)
    assert "已被吊销" in widget.error_label.text() and "重新注册" in widget.error_label.text()
    assert widget.pending_label.text() == f"待同步 {result.pending} 条"  # kept


def test_one_sync_at_a_time_and_the_window_keeps_working(
    qtbot,  # type: ignore[no-untyped-def]
    hub: HubProcess,
    window: MainWindow,
) -> None:
    connect(qtbot, window, hub, DeviceKind.WINDOW, "HF01")
    assert press_sync(qtbot, window).completed
    hub.kill()
    results: list[object] = []
    window.sync.synced.connect(results.append)
    with socket.socket() as silent:  # takes connections on the hub's port, never answers
        silent.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        silent.bind(("127.0.0.1", hub.port))
        silent.listen(8)
        press(qtbot, window, Qt.Key.Key_F9)
        qtbot.waitUntil(lambda: window.sync.running, timeout=WAIT_MS)
        press(qtbot, window, Qt.Key.Key_F9)
        qtbot.mouseClick(window.sync.widget.sync_button, Qt.MouseButton.LeftButton)
        assert window.station.net_runner.pending == 1  # never two at once
        assert window.sync.widget.state_label.text() == "正在同步……"
        # the window answers meanwhile: the search finds what the clerk types
        press(qtbot, window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
        with qtbot.waitSignal(window.search_tab.search_finished, timeout=WAIT_MS):
            qtbot.keyClicks(window.search_tab.search_edit, "gzzf")
        assert (
            window.search_tab.current_hit() is not None
            and window.search_tab.current_hit()[1] == "M0001"
        )  # type: ignore[index]
        assert window.sync.running and not results
    # the silent port closed: the hanging sync fails, then the one asked for meanwhile runs once
    qtbot.waitUntil(lambda: len(results) == 2, timeout=WAIT_MS)
    qtbot.wait(500)
    assert len(results) == 2 and not window.sync.running
    assert all(not r.completed and not r.reachable for r in results)  # type: ignore[attr-defined]


def test_the_periodic_sync_runs_on_its_timer(
    qtbot,  # type: ignore[no-untyped-def]
    hub: HubProcess,
    window: MainWindow,
) -> None:
    assert not window.sync.timer.isActive()  # standalone: nothing to sync with
    connect(qtbot, window, hub, DeviceKind.WINDOW, "HF01")
    assert window.sync.timer.isActive() and window.sync.timer.interval() == 5 * 60_000
    new_case(db_of(window), ("C0003", "verify"))
    window.sync.timer.setInterval(300)  # the clerk would wait 5 minutes
    with qtbot.waitSignal(window.sync.synced, timeout=WAIT_MS) as blocker:
        pass
    assert blocker.args[0].completed and blocker.args[0].pushed > 0
    assert hub.records("verification_request")

    # 设置: 0 turns the periodic sync off
    choose_from_menu(qtbot, window, Qt.Key.Key_F, Qt.Key.Key_S)
    from ui.settings_dialog import SettingsDialog

    dialogs: list[SettingsDialog] = []
    qtbot.waitUntil(
        lambda: bool(
            dialogs.extend(d for d in window.findChildren(SettingsDialog) if d.isVisible())
            or dialogs
        ),
        timeout=WAIT_MS,
    )
    code = dialogs[0].window_code
    assert code.text() == "HF01" and code.isReadOnly()  # the hub's code numbers the cases
    spin = dialogs[0].sync_interval
    assert spin.value() == 5
    type_in(qtbot, spin.lineEdit(), "0")
    assert spin.value() == 0  # shown as 不自动同步
    qtbot.keyClick(spin, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialogs[0].isVisible(), timeout=WAIT_MS)
    assert window.station.settings.sync_interval_minutes == 0
    assert not window.sync.timer.isActive()


def test_a_connected_window_syncs_when_it_starts(
    qtbot,  # type: ignore[no-untyped-def]
    hub: HubProcess,
    window: MainWindow,
) -> None:
    connect(qtbot, window, hub, DeviceKind.WINDOW, "HF01")
    new_case(db_of(window), ("C0003", "verify"))
    home, settings = window.station.data_dir, window.station.settings
    window.close()
    from ui.application import build_window

    again = build_window(home, settings)
    qtbot.addWidget(again)
    again.show()
    with qtbot.waitSignal(again.sync.synced, timeout=WAIT_MS) as blocker:
        again.start()
    assert blocker.args[0].completed and blocker.args[0].pushed > 0
    assert "窗口 HF01" in again.windowTitle()
    assert hub.records("verification_request")
    again.close()


def test_the_connect_dialog_refuses_in_chinese_and_changes_nothing(
    qtbot,  # type: ignore[no-untyped-def]
    hub: HubProcess,
    window: MainWindow,
) -> None:
    dialog = open_connect_dialog(qtbot, window)
    type_in(qtbot, dialog.address_edit, "http://10.0.0.8:notaport")
    type_in(qtbot, dialog.code_edit, "ABCD-EFGH")
    qtbot.keyClick(dialog.code_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(dialog.error_label.isVisible, timeout=WAIT_MS)
    assert "格式不正确" in dialog.error_label.text()

    type_in(qtbot, dialog.address_edit, hub.base_url)
    qtbot.keyClick(dialog.code_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "注册码无效" in dialog.error_label.text(), timeout=WAIT_MS)
    assert dialog.connect_button.isEnabled()

    code = hub.code(DeviceKind.WINDOW, "HF01")
    previous = keyring.get_keyring()
    keyring.set_keyring(NoKeyring())  # a Linux PC without Secret Service
    try:
        type_in(qtbot, dialog.code_edit, code)
        dialog.error_label.clear()
        qtbot.keyClick(dialog.code_edit, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: "密钥库" in dialog.error_label.text(), timeout=WAIT_MS)
    finally:
        keyring.set_keyring(previous)
    assert enrolment(db_of(window)) is None
    assert window.sync.widget.state_label.text() == "未连接中心"

    qtbot.keyClick(dialog.code_edit, Qt.Key.Key_Return)  # the code was not spent: it works
    qtbot.waitUntil(lambda: "窗口 HF01" in dialog.enrolled_label.text(), timeout=WAIT_MS)
    assert dialog.code_edit.text() == ""  # used once: gone from the field
    qtbot.waitUntil(lambda: "窗口 HF01" in window.windowTitle(), timeout=WAIT_MS)


def test_a_data_query_is_answered_online_at_once(
    qtbot,  # type: ignore[no-untyped-def]
    hub: HubProcess,
    window: MainWindow,
    tmp_path: Path,
) -> None:
    table = tmp_path / "社保缴纳.csv"
    table.write_text(f"身份证号码,姓名,缴纳情况\n{PERSON_ID},王秀英,连续缴纳 36 个月\n", "utf-8")
    loaded = subprocess.run(
        [sys.executable, "-m", "app", "--data-dir", str(tmp_path / "hub"), "hub",
         "load-dataset", "SFX-RSJ", str(table), "--item", "C0002", "--db", hub.url],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert loaded.returncode == 0, loaded.stderr
    connect(qtbot, window, hub, DeviceKind.WINDOW, "HF01")
    case_id = new_case(db_of(window))
    press_sync(qtbot, window)

    # the clerk reopens the case and records 社会保险缴纳证明 by 数据查询 (Enter in its row)
    from ui.intake.dialog import IntakeDialog

    press(qtbot, window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    view = window.cases_view
    assert view is not None
    qtbot.waitUntil(lambda: view.model.row_of(case_id) >= 0, timeout=WAIT_MS)
    qtbot.keyClick(view.search_edit, Qt.Key.Key_Return)
    dialogs: list[IntakeDialog] = []

    def intake_open() -> bool:
        dialogs[:] = [d for d in window.findChildren(IntakeDialog) if d.isVisible()]
        return bool(dialogs) and dialogs[0].case is not None

    qtbot.waitUntil(intake_open, timeout=WAIT_MS)
    row = dialogs[0].rows["C0002"]
    assert row.current_measure() == "share"
    row.measure.setFocus()
    started = time.monotonic()
    qtbot.keyClick(row.measure, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: row.state.text() == "已答复：属实", timeout=WAIT_MS)
    print(f"data query answered on screen {time.monotonic() - started:.2f} s after Enter")
    answered = CaseService(db_of(window)).get(case_id).resolution("C0002")
    assert "连续缴纳 36 个月" in answered.request_answer_note
    assert hub.records("verification_request")  # pushed without anyone pressing 同步
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, IntakeDialog):
            widget.close()
