"""The command's own error paths: one clear line and a non-zero exit, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from readonly_support import read_only

from app.cli import EXIT_INTERNAL, EXIT_PIPE, EXIT_REFUSED, main


def test_a_corrupt_database_is_named_not_dumped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "wuzheng.sqlite3").write_bytes(b"this is not sqlite" * 100)
    assert main(["--data-dir", str(tmp_path), "catalog", "stats"]) == EXIT_REFUSED
    err = capsys.readouterr().err
    assert "已损坏" in err and "Traceback" not in err
    assert (tmp_path / "wuzheng.sqlite3").read_bytes() == b"this is not sqlite" * 100


def test_a_data_dir_that_cannot_be_created(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["--data-dir", str(blocker / "sub"), "catalog", "stats"]) == EXIT_REFUSED
    assert "无法创建数据目录" in capsys.readouterr().err


def test_an_area_without_a_subcommand_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["catalog"]) == EXIT_REFUSED
    err = capsys.readouterr().err
    assert "用法：wuzheng catalog" in err and "子命令" in err


def test_an_unknown_area_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["bogus"])
    assert exit_info.value.code == EXIT_REFUSED
    assert "参数错误" in capsys.readouterr().err


def test_a_bug_goes_to_the_log_not_the_screen(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import app.catalog.stats as catalog_stats_module

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(catalog_stats_module, "catalog_stats", broken)
    assert main(["--data-dir", str(tmp_path), "catalog", "stats"]) == EXIT_INTERNAL
    err = capsys.readouterr().err
    assert "内部出错" in err and "Traceback" not in err
    log = (tmp_path / "logs" / "wuzheng-error.log").read_text(encoding="utf-8")
    assert "RuntimeError: boom" in log


# --------------------------------------------------------------------------- argparse in Chinese

ENGLISH = (
    "usage", "error", "invalid", "required", "unrecognized", "argument", "choose from",
    "expected", "options", "positional", "show this help", "ambiguous", "not allowed",
)  # fmt: skip


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["bogus"], "无效的选择"),
        (["case", "bogus"], "无效的选择"),
        (["case", "show"], "缺少必填参数"),
        (["case", "new", "--matter"], "需要一个值"),
        (["case", "list", "--limit", "many"], "不是有效的整数"),
        (["case", "list", "--bogus"], "无法识别的参数"),
        (["catalog", "stats", "extra", "words"], "无法识别的参数"),
        (["case", "list", "--li", "3", "--lim", "4", "--jso"], None),  # prefixes still work
        (["--data"], "需要一个值"),
    ],
)
def test_argument_errors_are_chinese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str | None
) -> None:
    try:
        code = main(["--data-dir", str(tmp_path), *argv])
    except SystemExit as exit_info:
        code = int(exit_info.code or 0)
    err = capsys.readouterr().err
    if message is None:
        assert code == 0
        return
    assert code == EXIT_REFUSED
    assert message in err and "参数错误" in err
    assert not [word for word in ENGLISH if word in err.lower()], err


@pytest.mark.parametrize(
    "argv",
    [[], ["case"], ["case", "new"], ["credit", "add"], ["catalog"], ["print"], ["audit"],
     ["audit", "verify"], ["config", "set"]],
)  # fmt: skip
def test_help_texts_are_chinese(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([*argv, "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("用法：wuzheng") and "显示本帮助并退出" in out
    assert not [word for word in ENGLISH if word in out.lower()], out


def test_every_message_argparse_can_produce_is_translated() -> None:
    """Read argparse's own source: every text it passes through gettext has a translation
    (a new Python version adding one fails here, not at a county window)."""
    import argparse
    import ast
    import inspect

    from app.cli import ARGPARSE_TEXTS

    texts = set()
    for node in ast.walk(ast.parse(inspect.getsource(argparse))):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("_", "ngettext"):
            texts |= {a.value for a in node.args if isinstance(a, ast.Constant)}
    assert texts and texts <= set(ARGPARSE_TEXTS), texts - set(ARGPARSE_TEXTS)


# --------------------------------------------------------------------------- expected conditions


def _no_crash_report(home: Path) -> None:
    assert not (home / "logs" / "wuzheng-error.log").exists()


@pytest.fixture
def window(tmp_path: Path) -> Path:
    from cases_catalog import install

    from app.storage.db import Database

    db = Database.open(tmp_path)
    install(db)
    db.engine.dispose()
    return tmp_path


def test_a_full_disk_is_one_line_not_a_crash(
    window: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite itself reports the disk full: the database may not grow by a single page, and
    importing a catalog needs many."""
    import app.storage.db as storage

    catalog = window / "generated.json"
    assert main(["--data-dir", str(window), "catalog", "generate", "--matters", "300",
                 "--items", "400", "-o", str(catalog)]) == 0  # fmt: skip
    capsys.readouterr()
    connect = storage._on_connect

    def full_disk(dbapi_connection: Any, record: Any) -> None:
        connect(dbapi_connection, record)
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    monkeypatch.setattr(storage, "_on_connect", full_disk)
    before = (window / "wuzheng.sqlite3").read_bytes()
    code = main(["--data-dir", str(window), "catalog", "import", str(catalog)])
    err = capsys.readouterr().err
    assert code == EXIT_REFUSED
    assert err.startswith("错误：磁盘已满") and err.count("\n") == 1, err
    assert "内部出错" not in err and "Traceback" not in err
    _no_crash_report(window)
    assert (window / "wuzheng.sqlite3").read_bytes() == before


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_disk_when_writing_a_file(window: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = window / "catalog.json"
    target.symlink_to("/dev/full")
    code = main(["--data-dir", str(window), "catalog", "export", str(target)])
    err = capsys.readouterr().err
    assert code == EXIT_REFUSED
    assert "磁盘已满" in err and "No space" not in err and "Traceback" not in err
    _no_crash_report(window)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_a_read_only_database_reads_but_refuses_changes_in_one_line(
    window: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = window / "wuzheng.sqlite3"
    before = database.read_bytes()
    with read_only(database):
        assert main(["--data-dir", str(window), "catalog", "stats"]) == 0
        capsys.readouterr()
        code = main(
            ["--data-dir", str(window), "case", "new", "--matter", "M1", "--name", "张三",
             "--id", "11010519491231002X"]
        )  # fmt: skip
        err = capsys.readouterr().err
    assert code == EXIT_REFUSED
    assert err.startswith("错误：数据库是只读的") and err.count("\n") == 1
    assert "Traceback" not in err
    _no_crash_report(window)
    assert database.read_bytes() == before


def test_a_database_from_a_newer_version_is_refused_and_left_alone(
    window: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import sqlite3

    database = window / "wuzheng.sqlite3"
    with closing(sqlite3.connect(database)) as connection, connection:
        connection.execute("UPDATE alembic_version SET version_num = '0999'")
    before = database.read_bytes()
    code = main(["--data-dir", str(window), "catalog", "stats"])
    err = capsys.readouterr().err
    assert code == EXIT_REFUSED
    assert "较新版本" in err and "0999" in err and err.count("\n") == 1
    assert "Traceback" not in err and "内部出错" not in err
    _no_crash_report(window)
    assert database.read_bytes() == before


@pytest.mark.parametrize("argv", [["catalog", "search", "证明"], ["--help"], ["catalog", "stats"]])
def test_output_into_a_closed_pipe_is_one_line(tmp_path: Path, argv: list[str]) -> None:
    """`wuzheng … | head`: the reader is gone before we write (its end is closed first)."""
    home = tmp_path / "home"
    env = {**os.environ, "WUZHENG_HOME": str(home), "PYTHONIOENCODING": "utf-8"}
    subprocess.run(
        [sys.executable, "-m", "app", "catalog", "stats"], env=env, capture_output=True, check=True
    )  # a data directory with the sample catalog
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "app", *argv],
            stdout=write_end,
            stderr=subprocess.PIPE,
            env=env,
            timeout=120,
            check=False,
        )
    finally:
        os.close(write_end)
    err = done.stderr.decode("utf-8")
    assert done.returncode == EXIT_PIPE, err
    assert err == "输出已中断：接收输出的程序（如 head）提前关闭了管道。\n"
    assert not (home / "logs" / "wuzheng-error.log").exists()
