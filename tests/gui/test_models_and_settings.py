"""The list/table models under qtmodeltester, the task runner, the settings dialog."""

from __future__ import annotations

import threading
from datetime import datetime
from pathlib import Path

import shiboken6

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel

from app.cases import CaseSummary
from app.catalog.search import SearchHit
from app.catalog.views import MEASURE_LABELS
from app.domain import CaseStatus
from ui.badges import MEASURE_ORDER, measure_label
from ui.cases_view import CaseRole, CasesModel
from ui.search_model import SearchResultsModel, SearchRole
from ui.settings import AppSettings, documents_folder
from ui.settings_dialog import SettingsDialog
from ui.tasks import Change, Progress, TaskRunner


def hits() -> list[SearchHit]:
    return [
        SearchHit("matter", "M0001", "公共租赁住房资格申请", "县住建局", 90.0),
        SearchHit("item", "C0001", "家庭经济状况审核证明", "县民政局", 50.0, "share"),
        SearchHit("bundle", "B0001", "新生儿出生一件事", "", 40.0),
    ]


def summaries() -> list[CaseSummary]:
    created = datetime(2026, 11, 20, 2, 30)
    return [
        CaseSummary(
            "id-1", "HF01-20261120-0001", CaseStatus.OPEN, "王秀英", "110105********002X",
            "公共租赁住房资格申请", created, "2 项核验待答复", True,
        ),
        CaseSummary(
            "id-2", "HF01-20261120-0002", CaseStatus.FINISHED, "李四", "360426********0071",
            "新生儿出生一件事", created, "", False,
        ),
    ]  # fmt: skip


def test_search_model_passes_the_model_tester(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = SearchResultsModel()
    model.set_hits(hits())
    qtmodeltester.check(model)
    assert model.rowCount() == 3
    index = model.index(1)
    assert index.data() == "家庭经济状况审核证明"
    assert index.data(SearchRole.KIND) == "item"
    assert index.data(SearchRole.CODE) == "C0001"
    assert "证明" in index.data(Qt.ItemDataRole.ToolTipRole)
    model.set_hits([])
    qtmodeltester.check(model)
    assert model.rowCount() == 0


def test_cases_model_passes_the_model_tester_and_marks_overdue(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = CasesModel()
    model.set_cases(summaries())
    qtmodeltester.check(model)
    assert model.columnCount() == 7
    assert model.headerData(2, Qt.Orientation.Horizontal) == "证件号码"
    overdue = model.index(0, 6)
    assert overdue.data() == "2 项核验待答复（已超期）"
    assert overdue.data(CaseRole.OVERDUE) is True
    assert overdue.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert model.index(1, 6).data(Qt.ItemDataRole.BackgroundRole) is None
    assert model.index(1, 5).data() == "已办结"
    assert model.index(0, 2).data() == "110105********002X"
    assert model.row_of("id-2") == 1


def test_measure_labels_match_the_catalog() -> None:
    assert {m: measure_label(m) for m in MEASURE_ORDER} == {
        m.value: label for m, label in MEASURE_LABELS.items()
    }


def test_task_runner_runs_off_the_gui_thread_in_order(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner = TaskRunner("test-db")
    seen: list[tuple[int, str]] = []
    gui_thread = threading.current_thread().name
    for n in range(3):
        runner.submit(lambda n=n: (n, threading.current_thread().name), seen.append)
    qtbot.waitUntil(lambda: len(seen) == 3)
    assert [n for n, _ in seen] == [0, 1, 2]
    assert all(name != gui_thread and name.startswith("test-db") for _, name in seen)

    errors: list[BaseException] = []
    runner.submit(lambda: 1 / 0, seen.append, errors.append)
    qtbot.waitUntil(lambda: len(errors) == 1)
    assert isinstance(errors[0], ZeroDivisionError)
    runner.shutdown()


def test_task_runner_reports_busy_while_work_outlasts_the_delay(qtbot) -> None:  # type: ignore[no-untyped-def]
    # No clock in this test: the work waits for the test's go-ahead, so it is still running
    # whatever the machine's speed when the (zero) delay has passed.
    runner = TaskRunner("test-busy", busy_delay_ms=0)
    states: list[tuple[bool, str]] = []
    runner.busy_changed.connect(lambda busy, label: states.append((busy, label)))
    release = threading.Event()
    done: list[int] = []
    with qtbot.waitSignal(runner.busy_changed, timeout=5000):
        runner.submit(lambda: release.wait(30) and 2, done.append, label="慢")
    assert states == [(True, "慢")] and runner.busy and done == []
    release.set()
    qtbot.waitUntil(lambda: done == [2], timeout=5000)
    assert states == [(True, "慢"), (False, "")] and not runner.busy
    runner.shutdown()


def test_task_runner_stays_quiet_for_work_done_before_the_delay(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner = TaskRunner("test-quiet", busy_delay_ms=600_000)  # the delay never passes here
    states: list[bool] = []
    runner.busy_changed.connect(lambda busy, _label: states.append(busy))
    done: list[int] = []
    runner.submit(lambda: 1, done.append)
    qtbot.waitUntil(lambda: done == [1])
    assert states == [] and not runner.busy  # quick work: no progress indication at all
    runner.shutdown()


def test_task_runner_reports_progress_on_the_gui_thread_and_passes_on_a_cancel(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner = TaskRunner("test-progress")
    gui_thread = threading.current_thread().name
    reported: list[tuple[int, int, str]] = []
    results: list[str] = []

    def work(progress: Progress) -> str:
        progress.report(1, 3)
        if not progress.cancel_event.wait(30):  # the GUI's cancel reaches the worker
            return "ran to the end"
        progress.report(2, 3)
        return "cancelled"

    handle = runner.submit_with_progress(
        work,
        lambda done, total: reported.append((done, total, threading.current_thread().name)),
        results.append,
    )
    qtbot.waitUntil(lambda: len(reported) == 1)
    assert not handle.cancelled and results == []
    handle.cancel()
    qtbot.waitUntil(lambda: results == ["cancelled"])
    assert reported == [(1, 3, gui_thread), (2, 3, gui_thread)]  # in order, before the result
    runner.shutdown()


def test_task_runner_announces_what_changed_after_success_only(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner = TaskRunner("test-changes")
    announced: list[Change] = []
    runner.changed.connect(announced.append)
    done: list[object] = []
    runner.submit(lambda: "resolved", done.append, changes=Change.CASES)
    runner.submit(
        lambda: 1 / 0, done.append, lambda _exc: done.append("refused"), changes=Change.CASES
    )
    runner.submit(lambda: "read", done.append)  # reads change nothing
    qtbot.waitUntil(lambda: len(done) == 3)
    assert done == ["resolved", "refused", "read"]
    assert announced == [Change.CASES]

    # the dialog that asked was closed meanwhile: its callbacks are skipped, but the data did
    # change, so the other views still hear of it
    owner = QLabel()
    release = threading.Event()
    runner.submit(lambda: release.wait(30), done.append, owner=owner, changes=Change.CASES)
    owner.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(owner))
    release.set()
    qtbot.waitUntil(lambda: len(announced) == 2)
    assert len(done) == 3
    runner.shutdown()


def test_settings_dialog_saves_and_refuses_bad_input(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    settings = AppSettings(store)
    dialog = SettingsDialog(settings, tmp_path / "data")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.data_dir.isReadOnly()
    assert dialog.data_dir.text() == str(tmp_path / "data")

    qtbot.keyClicks(dialog.window_code, "W 03")
    qtbot.keyClicks(dialog.hub_address, "http://10.0.0.8:notaport")
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    error = dialog.findChild(QLabel, "settingsError")
    assert error is not None and error.isVisible()
    assert "窗口编码" in error.text() and "中心地址" in error.text()
    assert settings.window_code == ""  # nothing saved

    dialog.window_code.clear()
    qtbot.keyClicks(dialog.window_code, "HF03")
    dialog.hub_address.clear()
    qtbot.keyClicks(dialog.hub_address, "http://10.0.0.8:8420")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    reread = AppSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    assert reread.window_code == "HF03"
    assert reread.hub_address == "http://10.0.0.8:8420"


def test_settings_name_the_folder_pdfs_are_saved_in(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings = AppSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    assert settings.save_folder == documents_folder()  # never the working folder
    dialog = SettingsDialog(settings, tmp_path / "data")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.save_folder.text() == str(documents_folder())
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    dialog.save_folder.clear()
    qtbot.keyClicks(dialog.save_folder, str(tmp_path / "missing"))
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    error = dialog.findChild(QLabel, "settingsError")
    assert error is not None and "PDF 保存位置不存在" in error.text()
    assert settings.save_folder == documents_folder()
    dialog.save_folder.clear()
    qtbot.keyClicks(dialog.save_folder, str(tmp_path))
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert settings.save_folder == tmp_path
    # a folder that disappeared later: back to the documents folder
    settings.save_folder = tmp_path / "gone"
    assert settings.save_folder == documents_folder()
