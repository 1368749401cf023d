"""Backups (SQLite's backup API, checked, private, newest N kept) and restore round trips.

A restore brings back the cases and the outbox, the audit chain still verifies, the file it
replaced is kept beside, and it is refused while another process has the database open.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
import textwrap
from contextlib import closing
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from cases_catalog import catalog_document
from recovery_support import DATABASE, add_cases, count, new_home, outbox

from app.audit import verify
from app.catalog.exchange import import_catalog_document
from app.cli import EXIT_REFUSED, main
from app.storage.backup import daily_backup_due, inspect_database, list_backups, make_backup
from app.storage.db import Database

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return new_home(tmp_path / "home")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_backup_and_restore_round_trip(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    add_cases(home, 2)
    before = outbox(home)
    assert main(["--data-dir", str(home), "backup"]) == 0
    line = capsys.readouterr().out
    assert "已备份到" in line and "办件 2 件" in line and f"待同步 {len(before)} 条" in line
    (backup,) = list_backups(home)
    assert backup.reason == "manual"
    if os.name == "posix":
        assert _mode(home / "backups") == 0o700 and _mode(backup.path) == 0o600
    with closing(sqlite3.connect(backup.path)) as connection:  # one self-contained file
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"

    add_cases(home, 3)  # after the backup: not in it, but in the file it replaces
    newest = outbox(home)
    assert main(["--data-dir", str(home), "restore", str(backup.path)]) == 0
    out = capsys.readouterr().out
    assert "办件 5 件" in out and f"待同步 {len(newest)} 条" in out
    assert f"抢救出 {len(newest - before)} 条待同步记录" in out
    assert count(home, "case") == 5 and outbox(home) == newest
    assert (home / f"{DATABASE}.before-restore").exists()
    db = Database.open(home)
    try:
        report = verify(db)
    finally:
        db.engine.dispose()
    assert report.ok, report.message


def test_restoring_an_older_backup_keeps_what_waits_to_sync(home: Path) -> None:
    """A healthy database restored from an older backup: the backup's cases come back, and
    the newer ones (waiting to sync) are taken over from the replaced file, audit included."""
    add_cases(home, 1)
    backup = make_backup(home, "manual")
    ids = add_cases(home, 2, read_back=3)
    waiting = outbox(home)
    entries = count(home, "audit_entry")
    assert main(["--data-dir", str(home), "restore", str(backup.path)]) == 0
    assert outbox(home) == waiting
    assert count(home, "audit_entry") == entries + 1  # every entry back, plus the restore's
    db = Database.open(home)
    try:
        assert verify(db).ok
        from app.cases import CaseService

        assert CaseService(db, clerk="李娜").get(ids[-1]).id == ids[-1]
    finally:
        db.engine.dispose()


def test_a_restore_is_refused_while_another_process_has_the_database_open(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backup = make_backup(home, "manual")
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import sys, time
                sys.path.insert(0, {str(ROOT)!r})
                from pathlib import Path
                from app.storage.db import Database
                db = Database.open(Path({str(home)!r}))
                print("open", flush=True)
                sys.stdin.readline()
                """
            ),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        before = (home / DATABASE).read_bytes()
        code = main(["--data-dir", str(home), "restore", str(backup.path)])
        err = capsys.readouterr().err
        assert code == EXIT_REFUSED
        assert err.startswith("错误：数据库正在使用中") and err.count("\n") == 1, err
        assert (home / DATABASE).read_bytes() == before
        assert not (home / f"{DATABASE}.before-restore").exists()
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.flush()
        holder.wait(timeout=60)
    assert main(["--data-dir", str(home), "restore", str(backup.path)]) == 0  # closed: works


def test_files_that_are_no_good_backup_are_refused(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backup = make_backup(home, "manual")
    newer = tmp_path / "newer.sqlite3"
    newer.write_bytes(backup.path.read_bytes())
    with closing(sqlite3.connect(newer)) as connection, connection:
        connection.execute("UPDATE alembic_version SET version_num = '0999'")
    other = tmp_path / "other.sqlite3"
    with closing(sqlite3.connect(other)) as connection, connection:
        connection.execute("CREATE TABLE t (x)")
    text = tmp_path / "notes.txt"
    text.write_text("备忘录" * 100, encoding="utf-8")
    damaged = tmp_path / "damaged.sqlite3"
    data = bytearray(backup.path.read_bytes())
    for i in range(4096 * 2, 4096 * 2 + 32):  # the header of page 3
        data[i] ^= 0xFF
    damaged.write_bytes(bytes(data))
    before = (home / DATABASE).read_bytes()
    expected = {
        newer: "较新版本",
        other: "不是无证程序的数据库",
        text: "不是数据库文件",
        damaged: "已损坏",
        tmp_path / "missing.sqlite3": "无法读取",
    }
    for path, reason in expected.items():
        code = main(["--data-dir", str(home), "restore", str(path)])
        err = capsys.readouterr().err
        assert code == EXIT_REFUSED, path
        assert err.startswith("错误：不能用它恢复") and reason in err, err
        assert err.count("\n") == 1 and "Traceback" not in err
    assert (home / DATABASE).read_bytes() == before
    assert not list(home.glob("*.before-restore*"))


def test_backup_to_a_file_and_refusing_to_overwrite_a_document(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "usb" / "wuzheng.sqlite3"
    target.parent.mkdir()
    assert main(["--data-dir", str(home), "backup", "--to", str(target)]) == 0
    assert inspect_database(target).cases == 0
    add_cases(home, 1)
    assert main(["--data-dir", str(home), "backup", "--to", str(target)]) == 0  # last night's
    assert inspect_database(target).cases == 1
    document = tmp_path / "报告.docx"
    document.write_bytes(b"PK\x03\x04 a document")
    capsys.readouterr()
    assert main(["--data-dir", str(home), "backup", "--to", str(document)]) == EXIT_REFUSED
    assert "没有覆盖" in capsys.readouterr().err
    assert document.read_bytes() == b"PK\x03\x04 a document"


def test_only_the_newest_backups_are_kept(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(home), "config", "set", "backups_kept", "3"]) == 0
    made = [make_backup(home, "manual").path for _ in range(5)]
    assert [b.path for b in list_backups(home)] == made[::-1][:3]  # the newest, newest first
    assert not made[0].exists() and not made[1].exists()
    assert main(["--data-dir", str(home), "config", "set", "backups_kept", "零"]) == EXIT_REFUSED
    assert "1 到 1000" in capsys.readouterr().err


def test_a_daily_backup_is_due_once_a_day(home: Path) -> None:
    assert daily_backup_due(home)
    backup = make_backup(home, "daily")
    assert not daily_backup_due(home)
    assert daily_backup_due(home, now=backup.taken_at + timedelta(days=1, seconds=1))
    assert not daily_backup_due(home.parent / "nothing-here")


def test_a_backup_is_made_before_a_catalog_replacement_not_before_a_dry_run(home: Path) -> None:
    db = Database.open(home)
    try:
        changed = catalog_document()
        changed["catalog"]["version"] = "2026-12"
        changed["matters"][0]["name"] = "公共租赁住房资格申请（新）"
        import_catalog_document(db, changed, dry_run=True)
        assert list_backups(home) == []
        import_catalog_document(db, catalog_document())  # the same catalog: nothing replaced
        assert list_backups(home) == []
        import_catalog_document(db, changed)
    finally:
        db.engine.dispose()
    (backup,) = list_backups(home)
    assert backup.reason == "catalog"
    with closing(sqlite3.connect(backup.path)) as connection:  # the catalog before the change
        names = [r[0] for r in connection.execute("SELECT name FROM matter")]
    assert "公共租赁住房资格申请" in names and "公共租赁住房资格申请（新）" not in names


def test_a_backup_is_made_before_a_migration(tmp_path: Path) -> None:
    from alembic import command

    from app.storage.db import SCHEMA_HEAD, alembic_config, make_engine

    home = tmp_path / "home"
    home.mkdir()
    engine = make_engine(home / DATABASE)
    with engine.begin() as connection:
        cfg = alembic_config()
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "0003")
    engine.dispose()
    Database.open(home).engine.dispose()
    (backup,) = list_backups(home)
    assert backup.reason == "migration"
    assert inspect_database(backup.path).revision == "0003"
    with closing(sqlite3.connect(home / DATABASE)) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == (
            SCHEMA_HEAD,
        )


def test_backup_names_say_when_and_why(home: Path) -> None:
    backup = make_backup(home, "daily")
    assert backup.path.name.startswith(f"wuzheng-{datetime.now():%Y%m%d}-")
    assert backup.path.name.endswith("-daily.sqlite3")
    assert "每日备份" in backup.describe() and "办件 0 件" in backup.describe()
