"""Each kind of damage is found at start, said in one Chinese line, and recovered from a backup
with every outbox entry (a record waiting to sync) still there.

The outbox is counted before the damage and after the recovery. Entries written after the
backup come back from the damaged file when the damage spared them (salvage); otherwise the
test takes the backup after the last entry, as the day's backup at start would.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from readonly_support import read_only
from recovery_support import (
    DATABASE,
    add_cases,
    count,
    flip_page,
    new_home,
    outbox,
    pages,
    random_bytes,
    truncate_pages,
    zero_bytes,
)

from app.audit import verify
from app.cli import EXIT_REFUSED, main
from app.storage.backup import make_backup
from app.storage.db import Database
from app.storage.recovery import HEALTH_FILE, start_warnings


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return new_home(tmp_path / "home")


def _start(home: Path, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(["--data-dir", str(home), *(argv or ("case", "list"))])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    return code, captured.err


def _detected(home: Path, capsys: pytest.CaptureFixture[str], what: str) -> None:
    """At start: one line naming the damage and the way out; nothing written to the file."""
    database = home / DATABASE
    before = database.read_bytes()
    code, err = _start(home, capsys)
    assert code == EXIT_REFUSED
    assert err.startswith("错误：数据库文件") and what in err, err
    assert "wuzheng restore --latest" in err and err.count("\n") == 1
    assert not (home / "logs" / "wuzheng-error.log").exists()  # not a crash
    assert database.read_bytes() == before


def _recover(home: Path, capsys: pytest.CaptureFixture[str]) -> str:
    code = main(["--data-dir", str(home), "restore", "--latest"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    db = Database.open(home)
    try:
        report = verify(db)
    finally:
        db.engine.dispose()
    assert report.ok, report.message
    assert _start(home, capsys)[0] == 0
    return captured.out


def test_bytes_flipped_in_a_page_of_a_table(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    add_cases(home, 2)
    make_backup(home, "daily")
    in_backup = outbox(home)
    add_cases(home, 3)  # not in the backup
    waiting = outbox(home)
    leaves, _ = pages(home / DATABASE, "matter")
    flip_page(home / DATABASE, leaves[0])
    _detected(home, capsys, "已损坏")
    out = _recover(home, capsys)
    assert outbox(home) == waiting
    assert count(home, "case") == 5
    assert f"抢救出 {len(waiting - in_backup)} 条待同步记录" in out


def test_a_truncated_file(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The end of the file is cut off: the newest pages are gone. Here they hold audit entries
    (readings of a case after the last intake): the outbox survives in full, the audit entries
    lost with the pages are named, and the restored trail verifies."""
    add_cases(home, 1)
    make_backup(home, "daily")
    add_cases(home, 2, read_back=80)
    waiting = outbox(home)
    database = home / DATABASE
    _, outbox_pages = pages(database, "outbox_entry")
    audit_leaves, _ = pages(database, "audit_entry")
    cut = audit_leaves[-1]  # the file ends inside the audit table's newest pages
    assert max(outbox_pages) < cut, "the outbox must lie before the cut for this test"
    truncate_pages(database, cut - 1)
    _detected(home, capsys, "已损坏")
    out = _recover(home, capsys)
    assert outbox(home) == waiting
    assert count(home, "case") == 3
    assert "审计记录随损坏的文件丢失" in out


def test_random_bytes_instead_of_a_database(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    add_cases(home, 2)
    make_backup(home, "daily")  # after the last intake, as at the day's start
    waiting = outbox(home)
    random_bytes(home / DATABASE)
    _detected(home, capsys, "已损坏")
    out = _recover(home, capsys)
    assert outbox(home) == waiting
    assert "原数据库已无法读取" in out


def test_a_zero_byte_file_is_damage_not_a_new_installation(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add_cases(home, 2)
    make_backup(home, "daily")
    waiting = outbox(home)
    zero_bytes(home / DATABASE)
    _detected(home, capsys, "是空的（0 字节）")
    assert count(home, "sqlite_master") == 0  # not silently re-created with a sample catalog
    _recover(home, capsys)
    assert outbox(home) == waiting and count(home, "case") == 2


def test_a_zero_byte_file_without_a_backup_says_what_to_do(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    zero_bytes(home / DATABASE)
    code, err = _start(home, capsys, "restore", "--latest")
    assert code == EXIT_REFUSED and "没有可用的备份" in err and err.count("\n") == 1


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_a_read_only_database(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Reading still works and a change is refused in one line; the window warns at start.
    While the file cannot be replaced a restore is refused and changes nothing; once it can,
    the restore takes over what the read-only file holds beyond the backup."""
    add_cases(home, 1)
    make_backup(home, "daily")
    add_cases(home, 2)
    waiting = outbox(home)
    database = home / DATABASE
    with read_only(database) as how:
        assert start_warnings(home) and "只读" in start_warnings(home)[0]
        assert _start(home, capsys)[0] == 0  # reading works
        code, err = _start(
            home, capsys, "case", "new", "--matter", "M1", "--name", "张三",
            "--id", "11010519491231002X",
        )  # fmt: skip
        assert code == EXIT_REFUSED and err.startswith("错误：数据库是只读的"), err
        if how == "chattr":  # not even root can replace the file
            before = database.read_bytes()
            code, err = _start(home, capsys, "restore", "--latest")
            assert code == EXIT_REFUSED and "恢复没有完成，数据库保持原样" in err, err
            assert err.count("\n") == 1 and database.read_bytes() == before
            assert not list(home.glob("*.before-restore*"))
            assert not list(home.glob("*.restoring*"))
        else:
            _recover(home, capsys)
    if how == "chattr":
        _recover(home, capsys)
    assert outbox(home) == waiting and count(home, "case") == 3


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Path:
    """A 24 MB file system of its own (root only: a tmpfs mount)."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("a full disk needs a small file system of its own: root (mount tmpfs)")
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=24m,mode=0700", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace')}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _fill(folder: Path) -> Path:
    filler = folder / "filler.bin"
    with open(filler, "wb") as handle:
        try:
            while True:
                handle.write(b"\0" * 65536)
                handle.flush()
        except OSError:
            pass
    return filler


def test_a_full_disk(tiny_disk: Path, capsys: pytest.CaptureFixture[str]) -> None:
    home = new_home(tiny_disk / "home")
    add_cases(home, 1)
    make_backup(home, "daily")
    add_cases(home, 2)
    waiting = outbox(home)
    filler = _fill(tiny_disk)
    try:
        assert any("几乎已满" in w for w in start_warnings(home))  # the window says so at start
        code, err = _start(home, capsys)  # even reading needs a little space (WAL index)
        assert code == EXIT_REFUSED and "磁盘已满" in err and err.count("\n") == 1, err
        code, err = _start(
            home, capsys, "case", "new", "--matter", "M1", "--name", "张三",
            "--id", "11010519491231002X",
        )  # fmt: skip
        assert code == EXIT_REFUSED and "磁盘已满" in err and err.count("\n") == 1, err
        before = (home / DATABASE).read_bytes()
        code, err = _start(home, capsys, "backup")
        assert code == EXIT_REFUSED and "备份没有完成" in err and "磁盘已满" in err, err
        code, err = _start(home, capsys, "restore", "--latest")
        assert code == EXIT_REFUSED and "恢复没有完成，数据库保持原样" in err, err
        assert (home / DATABASE).read_bytes() == before
        assert not [p for p in home.rglob("*") if p.name.endswith((".tmp", ".restoring"))]
    finally:
        filler.unlink()
    assert outbox(home) == waiting  # nothing was lost meanwhile
    _recover(home, capsys)
    assert outbox(home) == waiting and count(home, "case") == 3


def test_integrity_check_runs_weekly_and_is_recorded(home: Path) -> None:
    import json
    from datetime import datetime, timedelta

    from app.storage.recovery import check_file

    health = home / HEALTH_FILE
    now = datetime(2026, 11, 2, 9, 0)
    check_file(home, home / DATABASE, now)  # none recorded yet: the full check runs
    stamp = json.loads(health.read_text(encoding="utf-8"))["integrity_checked_at"]
    assert stamp == now.isoformat(timespec="seconds")
    check_file(home, home / DATABASE, now + timedelta(days=3))
    assert json.loads(health.read_text(encoding="utf-8"))["integrity_checked_at"] == stamp
    later = now + timedelta(days=8)
    check_file(home, home / DATABASE, later)
    recorded = json.loads(health.read_text(encoding="utf-8"))["integrity_checked_at"]
    assert recorded == later.isoformat(timespec="seconds")


def test_a_newer_database_is_refused_not_restored(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Downgrading: an older app on a database written by a newer one says so in one line,
    changes nothing, takes no backup (it is not damage) and does not migrate."""
    import sqlite3
    from contextlib import closing

    with closing(sqlite3.connect(home / DATABASE)) as connection, connection:
        connection.execute("UPDATE alembic_version SET version_num = '0999'")
    before = (home / DATABASE).read_bytes()
    code, err = _start(home, capsys)
    assert code == EXIT_REFUSED and "较新版本" in err and err.count("\n") == 1
    assert (home / DATABASE).read_bytes() == before
    assert not (home / "backups").exists()
