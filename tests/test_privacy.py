"""Personal data never reaches a log, and the data directory is private to its user (PIPL).

A database error during intake is provoked for real (a trigger that aborts the insert, as a
constraint or a broken disk would): SQLAlchemy puts the statement's parameters, the applicant's
name, ID and phone, into the exception. Every log file the program could have written is then
searched for them: the data directory's logs and the shared temp folder.
"""

from __future__ import annotations

import logging
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from cases_catalog import PERSON_ID, install
from sqlalchemy import text

from app.cases import CaseService, validate_applicant
from app.cli import EXIT_INTERNAL, main
from app.storage.db import Database

NAME = "王秀英"
PHONE = "13812345678"
PERSONAL = (PERSON_ID, NAME, PHONE, "138-1234-5678", "1381234", "19491231")

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


def _every_log(home: Path) -> list[Path]:
    """Every file that could be a log: anything under the data directory but the database,
    and anything named like ours in the shared temp folder."""
    found = [
        p
        for p in home.rglob("*")
        if p.is_file() and not p.name.startswith("wuzheng.sqlite3") and p.suffix != ".key"
    ]
    found += [p for p in Path(tempfile.gettempdir()).glob("wuzheng*") if p.is_file()]
    return found


def _assert_no_personal_data(home: Path) -> list[Path]:
    logs = _every_log(home)
    for log in logs:
        content = log.read_bytes().decode("utf-8", errors="replace")
        for value in PERSONAL:
            assert value not in content, f"{value} found in {log}"
    return logs


@pytest.fixture
def broken_intake(home: Path) -> Iterator[Path]:
    """A window whose next case insert fails inside SQLite (with the parameters bound)."""
    db = Database.open(home)
    install(db)
    with db.engine.begin() as connection:
        connection.execute(
            text(
                'CREATE TRIGGER refuse_case BEFORE INSERT ON "case" '
                "BEGIN SELECT RAISE(ABORT, 'disk controller hiccup'); END"
            )
        )
    db.engine.dispose()
    for stale in Path(tempfile.gettempdir()).glob("wuzheng-error.log"):
        stale.unlink()
    yield home
    logging.getLogger().handlers.clear()


def test_a_database_error_during_intake_cli_logs_no_personal_data(
    broken_intake: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        ["case", "new", "--matter", "M1", "--name", NAME, "--id", PERSON_ID,
         "--phone", "138-1234-5678"]
    )  # fmt: skip
    out, err = capsys.readouterr()
    assert code == EXIT_INTERNAL
    assert "内部出错" in err and "Traceback" not in err
    for value in PERSONAL:
        assert value not in out + err
    logs = _assert_no_personal_data(broken_intake)
    crash = broken_intake / "logs" / "wuzheng-error.log"
    assert crash in logs
    report = crash.read_text(encoding="utf-8")
    assert "disk controller hiccup" in report  # what IT needs is still there
    assert "Traceback" in report and "INSERT INTO" in report


def test_a_database_error_during_intake_core_logs_no_personal_data(broken_intake: Path) -> None:
    from app.logs import setup_logging

    setup_logging(broken_intake)
    db = Database.open(broken_intake)
    try:
        service = CaseService(db, clerk="李娜")
        applicant = validate_applicant("person", NAME, PERSON_ID, PHONE)
        with pytest.raises(Exception) as caught:
            service.new_case(applicant, matter_code="M1")
    finally:
        db.engine.dispose()
    for value in PERSONAL:
        assert value not in str(caught.value)
    # what the GUI does with an unexpected error, and careless messages of our own
    log = logging.getLogger("wuzheng.ui")
    log.error("意外错误", exc_info=caught.value)
    log.warning("申请人 %s 的号码 %s，电话 %s", "某人", PERSON_ID, "138 1234 5678")
    log.warning(f"全角 {'１１０１０５１９４９１２３１００２Ｘ'}")
    for handler in logging.getLogger().handlers:
        handler.flush()
    logs = _assert_no_personal_data(broken_intake)
    assert broken_intake / "logs" / "wuzheng.log" in logs
    content = (broken_intake / "logs" / "wuzheng.log").read_text(encoding="utf-8")
    assert "110105********002X" in content and "disk controller hiccup" in content


def test_logs_never_go_to_the_shared_temp_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the data directory cannot hold a log, no log is written elsewhere."""
    import app.catalog.stats as catalog_stats_module

    for stale in Path(tempfile.gettempdir()).glob("wuzheng-error.log"):
        stale.unlink()

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError(f"boom {PERSON_ID}")

    monkeypatch.setattr(catalog_stats_module, "catalog_stats", broken)
    Database.open(tmp_path).engine.dispose()
    (tmp_path / "logs").write_text("a file where the logs folder should be")
    assert main(["--data-dir", str(tmp_path), "catalog", "stats"]) == EXIT_INTERNAL
    err = capsys.readouterr().err
    assert "内部出错" in err and PERSON_ID not in err
    assert not list(Path(tempfile.gettempdir()).glob("wuzheng*.log"))


# --------------------------------------------------------------------------- file modes


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@posix_only
@pytest.mark.parametrize("umask", [0o022, 0o000])
def test_the_data_directory_is_private_whatever_the_umask(
    tmp_path: Path, umask: int, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "Wuzheng"
    previous = os.umask(umask)
    try:
        db = Database.open(home)
        install(db)
        service = CaseService(db, clerk="李娜")
        service.new_case(validate_applicant("person", NAME, PERSON_ID, PHONE), matter_code="M1")
        database = home / "wuzheng.sqlite3"
        files = [database, Path(f"{database}-wal"), Path(f"{database}-shm")]
        assert all(f.exists() for f in files)
        modes = {f.name: _mode(f) for f in files}
        db.engine.dispose()

        from app.logs import setup_logging

        setup_logging(home)
        logging.getLogger("wuzheng").warning("一条日志")
        for handler in logging.getLogger().handlers:
            handler.flush()
        main(["--data-dir", str(home), "audit", "verify"])
        capsys.readouterr()
    finally:
        os.umask(previous)
        logging.getLogger().handlers.clear()
    assert _mode(home) == 0o700
    assert modes == dict.fromkeys(modes, 0o600)
    assert _mode(home / "logs") == 0o700
    for log in (home / "logs").iterdir():
        assert _mode(log) == 0o600, log
    for other in home.iterdir():
        if other.is_file():
            assert _mode(other) == 0o600, other


@posix_only
def test_an_existing_database_is_made_private(tmp_path: Path) -> None:
    Database.open(tmp_path).engine.dispose()
    database = tmp_path / "wuzheng.sqlite3"
    database.chmod(0o644)
    Database.open(tmp_path).engine.dispose()
    assert _mode(database) == 0o600


def test_the_gui_log_is_masked_and_private(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The GUI opens its own log file; launching it masks every record of the process and
    makes the log folder private first."""
    import ui.application
    from ui.launch import open_window

    def run(directory: Path) -> int:  # the GUI's own logging set-up, without a window
        ui.application.setup_logging(directory)
        try:
            raise RuntimeError(f"申请人 {PERSON_ID} 电话 {PHONE}")
        except RuntimeError:
            logging.getLogger("wuzheng.ui").exception("意外错误")
        return 0

    monkeypatch.setattr(ui.application, "run", run)
    try:
        assert open_window(None) == 0
        for handler in logging.getLogger().handlers:
            handler.flush()
    finally:
        for handler in logging.getLogger().handlers:
            handler.close()
        logging.getLogger().handlers.clear()
    log = home / "logs" / "wuzheng.log"
    assert "110105********002X" in log.read_text(encoding="utf-8")
    _assert_no_personal_data(home)
    if os.name == "posix":
        assert _mode(home / "logs") == 0o700 and _mode(log) == 0o600
