"""Who works at the window, and which ID document the applicant holds.

* The clerk and the window code saved in 设置 are what the command line on the same PC acts as;
  a window that starts with no clerk of its own takes the data directory's (set from the
  command line, or by enrolment with the hub), and one from before has its clerk written there.
* The intake's 证件号码 names the document a number is recognised as: the resident ID card, the
  residence permits, the foreigners' permanent residence ID cards (the old one of 15 characters
  moves on to the phone as the others do).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from clerk import Clerk
from gui_helpers import PERSON_ID, choose_from_menu, open_gzzf_intake, start, type_chinese

from PySide6.QtCore import QSettings, Qt

from app.cases import CaseService
from app.cli import main as command_line
from app.station import Station, load_station
from ui.main_window import MainWindow
from ui.settings import AppSettings
from ui.settings_dialog import SettingsDialog

WAIT_MS = 30_000
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def cli(  # type: ignore[no-untyped-def]
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    own_log_handlers: None,
):
    """``wuzheng --data-dir <data dir> …`` in this process: (exit code, stdout)."""
    monkeypatch.delenv("WUZHENG_CLERK", raising=False)
    monkeypatch.delenv("WUZHENG_WINDOW", raising=False)

    def run(*args: str) -> tuple[int, str]:
        capsys.readouterr()
        code = command_line(["--data-dir", str(data_dir), *args])
        return code, capsys.readouterr().out

    return run


def test_the_clerk_saved_in_settings_is_who_the_command_line_acts_as(
    qtbot,  # type: ignore[no-untyped-def]
    window: MainWindow,
    data_dir: Path,
    cli,  # type: ignore[no-untyped-def]
) -> None:
    choose_from_menu(qtbot, window, Qt.Key.Key_F, Qt.Key.Key_S)  # 文件 → 设置
    qtbot.waitUntil(lambda: window.findChild(SettingsDialog) is not None, timeout=WAIT_MS)
    dialog = window.findChild(SettingsDialog)
    assert dialog is not None
    qtbot.waitUntil(dialog.window_name.hasFocus, timeout=WAIT_MS)
    qtbot.keyClick(dialog.window_name, Qt.Key.Key_Tab)
    assert dialog.window_code.hasFocus()
    qtbot.keyClick(dialog.window_code, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(dialog.window_code, "HF09")
    qtbot.keyClick(dialog.window_code, Qt.Key.Key_Tab)
    assert dialog.clerk_name.hasFocus()
    qtbot.keyClick(dialog.clerk_name, Qt.Key.Key_A, CTRL)
    type_chinese(dialog.clerk_name, "王芳")
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT_MS):
        qtbot.keyClick(dialog.clerk_name, Qt.Key.Key_Return)

    assert load_station(data_dir) == Station(clerk="王芳", window="HF09")
    code, out = cli("config", "show")
    assert code == 0 and "命令行当前的经办人：王芳" in out and "HF09" in out
    code, out = cli("case", "new", "--matter", "M0001", "--name", "赵六", "--id", PERSON_ID)
    assert code == 0
    assert window.station.db is not None
    case = CaseService(window.station.db).get(out.split()[0])
    assert (case.clerk, case.window_code) == ("王芳", "HF09")


def test_a_window_without_a_clerk_of_its_own_takes_the_data_directorys(
    qtbot,  # type: ignore[no-untyped-def]
    shown: MainWindow,
    settings: AppSettings,
    cli,  # type: ignore[no-untyped-def]
) -> None:
    for key in ("window/clerk", "window/code"):
        settings.store.remove(key)
    assert cli("config", "set", "clerk", "王芳")[0] == 0
    assert cli("config", "set", "window", "HF09")[0] == 0
    start(qtbot, shown)
    assert (settings.clerk_name, settings.window_code) == ("王芳", "HF09")
    intake = open_gzzf_intake(Clerk(wait_ms=WAIT_MS), shown)
    type_chinese(intake.applicant.name_edit, "王秀英")
    qtbot.keyClick(intake.applicant.name_edit, Qt.Key.Key_Tab)
    qtbot.keyClicks(intake.applicant.id_edit, PERSON_ID)
    with qtbot.waitSignal(intake.case_loaded, timeout=WAIT_MS):
        qtbot.keyClick(intake.applicant.phone_edit, Qt.Key.Key_Return)
    assert intake.case is not None
    assert intake.case.clerk == "王芳" and intake.case.number.startswith("HF09-")


def test_a_window_from_before_writes_its_clerk_into_the_data_directory(
    qtbot,  # type: ignore[no-untyped-def]
    shown: MainWindow,
    data_dir: Path,
    cli,  # type: ignore[no-untyped-def]
) -> None:
    assert load_station(data_dir) == Station()
    start(qtbot, shown)  # the settings name 李娜 at HF01 (tests/gui/conftest.py)
    assert load_station(data_dir) == Station(clerk="李娜", window="HF01")
    assert "命令行当前的经办人：李娜" in cli("config", "show")[1]


def test_settings_refuse_a_clerk_the_data_directory_cannot_keep(
    qtbot,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    settings = AppSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("")
    dialog = SettingsDialog(settings, not_a_folder)
    qtbot.addWidget(dialog)
    dialog.show()
    type_chinese(dialog.clerk_name, "王芳")
    qtbot.keyClick(dialog.clerk_name, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.error.isVisible()
    assert "无法保存设置文件" in dialog.error.text()
    assert settings.clerk_name == ""  # nothing saved anywhere
    type_chinese(dialog.clerk_name, "王" * 101)
    qtbot.keyClick(dialog.clerk_name, Qt.Key.Key_Return)
    assert "受理人员姓名过长" in dialog.error.text()


@pytest.mark.parametrize(
    ("number", "document"),
    [
        (PERSON_ID, "居民身份证"),
        ("810000198001010014", "港澳居民居住证"),
        ("820000198001010016", "港澳居民居住证"),
        ("830000198001010018", "台湾居民居住证"),
        ("932682198501010017", "外国人永久居留身份证"),
        ("KAZ110090123105", "外国人永久居留证（旧版）"),
    ],
)
def test_the_id_field_names_the_document_it_recognises(
    qtbot,  # type: ignore[no-untyped-def]
    window: MainWindow,
    number: str,
    document: str,
) -> None:
    intake = open_gzzf_intake(Clerk(wait_ms=WAIT_MS), window)
    page = intake.applicant
    assert page.id_title.text() == "证件号码："
    qtbot.keyClick(page.name_edit, Qt.Key.Key_Tab)
    assert page.id_edit.hasFocus()
    qtbot.keyClicks(page.id_edit, number)
    assert page.phone_edit.hasFocus()  # complete and valid: on to the phone
    assert page.id_message.isVisible() and page.id_message.text() == f"{document}号码有效。"
