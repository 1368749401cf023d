"""The audit trail is tamper-evident against someone holding the database file.

The attacker edits the SQLite file directly (sqlite3, no app code): edits an entry, deletes one
in the middle or the newest ones, reorders entries, recomputes every hash after an edit. Each is
found by `wuzheng audit verify` (exit code 3, one Chinese line naming the entry) and located by
:func:`app.audit.verify`.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import keyring
import pytest
from keyring_support import MemoryKeyring, NoKeyring

from app import audit
from app.cli import EXIT_CHECK_FAILED, main
from app.storage.db import Database

ENTRIES = 10


def _append(db: Database, count: int, actor: str = "李娜") -> None:
    for number in range(count):
        with db.session() as session:
            audit.record(
                session,
                actor=actor,
                action="case.open",
                entity="case",
                entity_id=f"case-{number}",
                detail={"number": f"2026-{number:04d}", "applicant": "110105********002X"},
            )


@pytest.fixture
def home(tmp_path: Path) -> Iterator[Path]:
    """A data directory whose audit trail has ten entries, each committed on its own."""
    db = Database.open(tmp_path)
    _append(db, ENTRIES)
    db.engine.dispose()
    yield tmp_path


def _sql(home: Path, *statements: str) -> None:
    with closing(sqlite3.connect(home / "wuzheng.sqlite3")) as connection, connection:
        for statement in statements:
            connection.execute(statement)


def _rows(home: Path) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(home / "wuzheng.sqlite3")) as connection:
        return connection.execute(
            "SELECT seq, at, actor, action, entity, entity_id, detail, prev_hash, hash "
            "FROM audit_entry ORDER BY seq"
        ).fetchall()


def _report(home: Path) -> audit.ChainReport:
    db = Database.open(home)
    try:
        return audit.verify(db)
    finally:
        db.engine.dispose()


def _cli(home: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["--data-dir", str(home), "audit", "verify"])
    out, err = capsys.readouterr()
    return code, out, err


def test_an_intact_trail_verifies(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = _report(home)
    assert report.ok and report.entries == ENTRIES and report.checkpoint_seq == ENTRIES
    assert report.message == (
        f"审计记录完整：共 {ENTRIES} 条，全部由本机密钥签名，检查点到第 {ENTRIES} 条。"
    )
    checkpoint = json.loads((home / audit.CHECKPOINT_FILE).read_text(encoding="utf-8"))
    assert checkpoint["head"]["seq"] == ENTRIES and checkpoint["keyed_from"] == 1
    code, out, err = _cli(home, capsys)  # (the command line also loads the sample catalog)
    assert code == 0 and err == "" and out.startswith("审计记录完整：共 ")
    assert not (home / audit.KEY_FILE).exists()  # the key is in the keyring


# --------------------------------------------------------------------------- what an attacker does


def _recompute(home: Path, from_seq: int, key: bytes | None) -> None:
    """Recompute every link from ``from_seq`` on, as an attacker would: with the old unkeyed
    formula, or with a key of their own."""
    rows = _rows(home)
    prev = next((r[8] for r in rows if r[0] == from_seq - 1), audit.GENESIS)
    with closing(sqlite3.connect(home / "wuzheng.sqlite3")) as connection, connection:
        for seq, at, actor, action, entity, entity_id, detail, _, _ in rows:
            if seq < from_seq:
                continue
            values = [str(at).replace(" ", "T"), actor, action, entity, entity_id,
                      json.loads(str(detail))]  # fmt: skip
            if key is None:
                body = json.dumps([prev, *values], ensure_ascii=False, sort_keys=True,
                                  separators=(",", ":"))  # fmt: skip
                digest = hashlib.sha256(body.encode()).hexdigest()
            else:
                import hmac

                body = json.dumps([seq, prev, *values], ensure_ascii=False, sort_keys=True,
                                  separators=(",", ":"))  # fmt: skip
                digest = hmac.new(key, body.encode(), hashlib.sha256).hexdigest()
            connection.execute(
                "UPDATE audit_entry SET prev_hash = ?, hash = ? WHERE seq = ?", (prev, digest, seq)
            )
            prev = digest


def _edit(home: Path) -> None:
    _sql(home, """UPDATE audit_entry SET actor = '王五' WHERE seq = 5""")


def _delete_middle(home: Path) -> None:
    _sql(home, "DELETE FROM audit_entry WHERE seq = 5")


def _delete_tail(home: Path) -> None:
    _sql(home, "DELETE FROM audit_entry WHERE seq >= 9")


def _reorder(home: Path) -> None:
    columns = "at, actor, action, entity, entity_id, detail, prev_hash, hash"
    _sql(
        home,
        f"CREATE TEMP TABLE four AS SELECT {columns} FROM audit_entry WHERE seq = 4",
        f"UPDATE audit_entry SET ({columns}) = (SELECT {columns} FROM audit_entry WHERE seq = 5)"
        " WHERE seq = 4",
        f"UPDATE audit_entry SET ({columns}) = (SELECT {columns} FROM four) WHERE seq = 5",
    )


def _edit_and_recompute_unkeyed(home: Path) -> None:
    _edit(home)
    _recompute(home, 5, key=None)


def _edit_and_recompute_with_own_key(home: Path) -> None:
    _edit(home)
    _recompute(home, 5, key=b"attacker" * 4)


def _delete_middle_and_renumber(home: Path) -> None:
    _sql(
        home,
        "DELETE FROM audit_entry WHERE seq = 5",
        "UPDATE audit_entry SET seq = seq - 1 WHERE seq > 5",
    )
    _recompute(home, 5, key=None)


@pytest.mark.parametrize(
    ("tamper", "first_bad", "words"),
    [
        (_edit, 5, "第 5 条被改动过"),
        (_delete_middle, 5, "第 5 条不见了"),
        (_delete_tail, 9, "最新的审计记录被删除"),
        (_reorder, 4, "第 4 条与前一条不衔接"),
        (_edit_and_recompute_unkeyed, 5, "第 5 条被改动过"),
        (_edit_and_recompute_with_own_key, 5, "第 5 条被改动过"),
        (_delete_middle_and_renumber, 5, "第 5 条被改动过"),
    ],
    ids=["edit", "delete-middle", "delete-tail", "reorder", "recompute", "own-key", "renumber"],
)
def test_tampering_is_found_and_located(
    home: Path, capsys: pytest.CaptureFixture[str], tamper: object, first_bad: int, words: str
) -> None:
    assert callable(tamper)
    tamper(home)
    report = _report(home)
    assert not report.ok and report.first_bad == first_bad, report
    code, out, err = _cli(home, capsys)
    assert code == EXIT_CHECK_FAILED and out == ""
    assert err.startswith("审计检查未通过：") and words in err and err.count("\n") == 1


def test_entries_appended_after_a_truncation_do_not_hide_it(home: Path) -> None:
    _delete_tail(home)
    db = Database.open(home)
    try:
        _append(db, 3)  # the window goes on working: seq 9, 10, 11 are new entries
        report = audit.verify(db)
    finally:
        db.engine.dispose()
    assert not report.ok and report.first_bad == ENTRIES and "检查点不符" in report.message
    checkpoint = json.loads((home / audit.CHECKPOINT_FILE).read_text(encoding="utf-8"))
    assert checkpoint["head"]["seq"] == ENTRIES  # it did not move past the evidence


def test_a_deleted_checkpoint_file_is_found_through_the_keyring(home: Path) -> None:
    (home / audit.CHECKPOINT_FILE).unlink()
    report = _report(home)
    assert not report.ok and "不见了" in report.message


def test_rewriting_the_trail_as_unkeyed_and_deleting_the_checkpoint_is_found(
    home: Path,
) -> None:
    _delete_tail(home)
    _recompute(home, 1, key=None)
    (home / audit.CHECKPOINT_FILE).unlink()
    report = _report(home)
    assert not report.ok


def test_an_edited_checkpoint_is_found(home: Path) -> None:
    path = home / audit.CHECKPOINT_FILE
    checkpoint = json.loads(path.read_text(encoding="utf-8"))
    checkpoint["head"]["seq"] = 3
    path.write_text(json.dumps(checkpoint), encoding="utf-8")
    report = _report(home)
    assert not report.ok and "被改动或已损坏" in report.message


def test_an_edited_checkpoint_without_a_keyring_copy_is_named(
    home: Path, private_keyring: MemoryKeyring
) -> None:
    for name in [n for n in private_keyring.store if n[1].startswith("audit-checkpoint")]:
        del private_keyring.store[name]
    path = home / audit.CHECKPOINT_FILE
    path.write_text(path.read_text(encoding="utf-8").replace('"seq": 10', '"seq": 12'))
    report = _report(home)
    assert not report.ok and "被改动或已损坏" in report.message


def test_another_key_is_named_not_taken_for_tampering(
    home: Path, private_keyring: MemoryKeyring
) -> None:
    private_keyring.store.clear()  # another OS account, or the keyring was wiped
    report = _report(home)
    assert not report.ok and "不是签署这些审计记录的密钥" in report.message


# --------------------------------------------------------------------------- before the key


def _legacy_trail(home: Path, count: int) -> None:
    """A database as the previous version left it: unkeyed SHA-256 links, no checkpoint."""
    Database.open(home).engine.dispose()
    prev = audit.GENESIS
    with closing(sqlite3.connect(home / "wuzheng.sqlite3")) as connection, connection:
        for number in range(1, count + 1):
            at = f"2026-11-0{1 + number % 9}T09:00:00.000001"
            detail = {"number": f"2025-{number:04d}"}
            values = [prev, at, "张敏", "case.new", "case", str(number), detail]
            body = json.dumps(values, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
            digest = hashlib.sha256(body.encode()).hexdigest()
            connection.execute(
                "INSERT INTO audit_entry (seq, at, actor, action, entity, entity_id, detail, "
                "prev_hash, hash) VALUES (?, ?, '张敏', 'case.new', 'case', ?, ?, ?, ?)",
                (number, at.replace("T", " "), str(number), json.dumps(detail), prev, digest),
            )
            prev = digest


def test_a_trail_from_before_still_verifies_and_continues_keyed(tmp_path: Path) -> None:
    _legacy_trail(tmp_path, 6)
    report = _report(tmp_path)
    assert report.ok and report.entries == 6 and "尚未启用密钥签名" in report.message
    db = Database.open(tmp_path)
    try:
        _append(db, 4)
        report = audit.verify(db)
    finally:
        db.engine.dispose()
    assert report.ok and report.keyed_from == 7 and report.checkpoint_seq == 10, report
    assert "第 7 条起由本机密钥签名" in report.message


@pytest.mark.parametrize("recompute", [False, True])
def test_tampering_with_the_part_from_before_is_found(tmp_path: Path, recompute: bool) -> None:
    _legacy_trail(tmp_path, 6)
    db = Database.open(tmp_path)
    _append(db, 2)
    db.engine.dispose()
    _sql(tmp_path, "UPDATE audit_entry SET actor = '王五' WHERE seq = 3")
    if recompute:  # the unkeyed part can be recomputed, but the key pins its last link
        rows = _rows(tmp_path)
        prev = rows[1][8]
        with closing(sqlite3.connect(tmp_path / "wuzheng.sqlite3")) as connection, connection:
            for seq, at, actor, action, entity, entity_id, detail, _, _ in rows[2:6]:
                body = json.dumps([prev, str(at).replace(" ", "T"), actor, action, entity,
                                   entity_id, json.loads(str(detail))], ensure_ascii=False,
                                  sort_keys=True, separators=(",", ":"))  # fmt: skip
                digest = hashlib.sha256(body.encode()).hexdigest()
                connection.execute(
                    "UPDATE audit_entry SET prev_hash = ?, hash = ? WHERE seq = ?",
                    (prev, digest, seq),
                )
                prev = digest
    report = _report(tmp_path)
    assert not report.ok
    if recompute:
        assert report.first_bad == 6 and "启用密钥签名之前" in report.message
    else:
        assert report.first_bad == 3


# --------------------------------------------------------------------------- without a keyring


def test_without_a_keyring_the_key_is_a_private_file_and_verify_warns(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    keyring.set_keyring(NoKeyring())
    db = Database.open(tmp_path)
    _append(db, 3)
    db.engine.dispose()
    code, out, err = _cli(tmp_path, capsys)
    assert code == 0 and "审计记录完整：共 " in out
    assert err.startswith("提示：本机没有可用的系统密钥环，审计密钥保存在文件")
    key_file = tmp_path / audit.KEY_FILE
    assert key_file.exists()
    if os.name == "posix":
        assert key_file.stat().st_mode & 0o077 == 0
    _sql(tmp_path, "DELETE FROM audit_entry WHERE seq = (SELECT max(seq) FROM audit_entry)")
    assert main(["--data-dir", str(tmp_path), "audit", "verify"]) == EXIT_CHECK_FAILED


# --------------------------------------------------------------------------- two writers


WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path

    from sqlalchemy import select

    from app import audit
    from app.storage.db import Database
    from app.storage.models import AuditEntry

    db = Database.open(Path(sys.argv[1]))
    for number in range(int(sys.argv[2])):
        with db.session() as session:
            session.scalar(select(AuditEntry.seq).limit(1))  # a read first, as a credit check
            audit.record(session, actor=sys.argv[3], action="credit.check",
                         entity="credit_subject", entity_id=str(number))
    db.engine.dispose()
    """
)


def test_the_gui_and_the_cli_writing_at_once_never_fork_the_chain(tmp_path: Path) -> None:
    """Two processes append to one database at the same time; the chain stays one line."""
    keyring.set_keyring(NoKeyring())  # the writers use the key file, as this process must
    Database.open(tmp_path).engine.dispose()
    per_writer = 150
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(tmp_path), str(per_writer), name],
            env=env,
            stderr=subprocess.PIPE,
        )
        for name in ("窗口", "命令行")
    ]
    for writer in writers:
        _, err = writer.communicate(timeout=300)
        assert writer.returncode == 0, err.decode()
    rows = _rows(tmp_path)
    assert len(rows) == 2 * per_writer
    links = [row[7] for row in rows]
    assert len(set(links)) == len(links)  # no two entries follow the same one
    report = _report(tmp_path)
    assert report.ok and report.checkpoint_seq == 2 * per_writer, report
