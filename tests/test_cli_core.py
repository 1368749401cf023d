"""The command's own error paths: one clear line and a non-zero exit, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import EXIT_INTERNAL, EXIT_REFUSED, main


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
    assert "usage: wuzheng catalog" in err and "子命令" in err


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
