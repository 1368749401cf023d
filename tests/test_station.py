"""Who reads a case from the command line is recorded: the window's clerk setting.

`wuzheng config set clerk 李娜` keeps the clerk in the data directory (the GUI writes the same
file); `--clerk` and `$WUZHENG_CLERK` override it; with none of them the operating-system
account is recorded, never nobody.
"""

from __future__ import annotations

import getpass
import json
import os
from pathlib import Path

import pytest
from cases_catalog import PERSON_ID, install
from sqlalchemy import select

from app.cli import EXIT_REFUSED, main
from app.errors import UserError
from app.station import CONFIG_FILE, load_station, save_station
from app.storage.db import Database
from app.storage.models import AuditEntry


@pytest.fixture
def case(home: Path, capsys: pytest.CaptureFixture[str]) -> str:
    db = Database.open(home)
    install(db)
    db.engine.dispose()
    code = main(["case", "new", "--matter", "M1", "--name", "张三", "--id", PERSON_ID])
    assert code == 0
    return capsys.readouterr().out.strip()


def _readers(home: Path) -> list[str]:
    db = Database.open(home)
    try:
        with db.session() as session:
            return list(
                session.scalars(
                    select(AuditEntry.actor)
                    .where(AuditEntry.action == "case.open")
                    .order_by(AuditEntry.seq)
                )
            )
    finally:
        db.engine.dispose()


def test_case_show_records_the_clerk_set_for_the_window(
    home: Path, case: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("WUZHENG_CLERK", raising=False)
    assert main(["config", "set", "clerk", "李娜"]) == 0
    assert "已设置经办人：李娜" in capsys.readouterr().out
    assert main(["case", "show", case]) == 0
    monkeypatch.setenv("WUZHENG_CLERK", "王芳")
    assert main(["case", "show", case]) == 0
    assert main(["case", "show", case, "--clerk", "赵强"]) == 0
    monkeypatch.delenv("WUZHENG_CLERK")
    assert main(["config", "unset", "经办人"]) == 0
    assert main(["case", "show", case, "--json"]) == 0
    capsys.readouterr()
    assert _readers(home) == ["李娜", "王芳", "赵强", f"系统账户 {getpass.getuser()}"]


def test_the_setting_lives_in_the_data_directory(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["config", "set", "window", "HF01"]) == 0
    assert main(["config", "set", "受理人", "  李  娜 "]) == 0
    assert json.loads((home / CONFIG_FILE).read_text(encoding="utf-8")) == {
        "clerk": "李 娜",
        "window": "HF01",
    }
    if os.name == "posix":
        assert (home / CONFIG_FILE).stat().st_mode & 0o077 == 0
    assert load_station(home).window == "HF01"
    capsys.readouterr()
    assert main(["config", "show"]) == 0
    out = capsys.readouterr().out
    assert "clerk（经办人）：李 娜" in out and "window（窗口编码）：HF01" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["config", "set", "colour", "red"], "未知的设置“colour”"),
        (["config", "set", "clerk", "  "], "请填写经办人"),
        (["config", "set", "clerk", "长" * 101], "过长"),
    ],
)
def test_bad_settings_are_refused(
    home: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    save_station(home, clerk="李娜")
    assert main(argv) == EXIT_REFUSED
    assert message in capsys.readouterr().err
    assert load_station(home).clerk == "李娜"


def test_new_cases_take_the_window_code_from_the_setting(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = Database.open(home)
    install(db)
    db.engine.dispose()
    save_station(home, clerk="李娜", window="HF02")
    assert main(["case", "new", "--matter", "M1", "--name", "张三", "--id", PERSON_ID]) == 0
    case_id = capsys.readouterr().out.strip()
    assert main(["case", "show", case_id, "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["clerk"] == "李娜" and shown["window_code"] == "HF02"


def test_a_data_directory_that_is_a_file_is_refused_in_one_sentence(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("")
    with pytest.raises(UserError, match="无法保存设置文件"):
        save_station(not_a_folder, clerk="王芳")
