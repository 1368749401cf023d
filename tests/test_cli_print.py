"""`wuzheng print …` end to end on a real data directory."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from printing_support import (
    PERSON_ID,
    PERSON_MASKED,
    MemoryKeyring,
    SampleCase,
    install_catalog,
    pdf_text,
    squeeze,
    take_in_case,
    take_in_case_without_pledge,
)
from sqlalchemy import func, select

from app.cli import main
from app.storage.db import Database
from app.storage.models import AuditEntry, Pledge


@pytest.fixture
def installed(home: Path) -> Iterator[tuple[Database, SampleCase]]:
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    db = Database.open(home)
    install_catalog(db)
    yield db, take_in_case(db)
    keyring.set_keyring(previous)


def test_print_guide_of_a_matter_and_a_bundle(
    installed: tuple[Database, SampleCase], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for code in ("M0001", "B0001"):
        out = tmp_path / f"{code}.pdf"
        assert main(["print", "guide", code, "-o", str(out)]) == 0
        assert out.read_bytes().startswith(b"%PDF")
        assert str(out) in capsys.readouterr().out


def test_print_pledge_and_receipt(installed: tuple[Database, SampleCase], tmp_path: Path) -> None:
    db, case = installed
    pledge = tmp_path / "pledge.pdf"
    assert main(["print", "pledge", case.number, "-o", str(pledge)]) == 0
    text = squeeze(pdf_text(pledge.read_bytes()))
    assert PERSON_MASKED in text and PERSON_ID not in text
    with db.session() as session:
        hashes = session.scalars(select(Pledge.form_hash).where(Pledge.case_id == case.id))
        assert all(len(h) == 64 for h in hashes)
    receipt = tmp_path / "receipt.pdf"
    assert main(["print", "receipt", case.id[:13], "-o", str(receipt)]) == 0
    assert case.number in squeeze(pdf_text(receipt.read_bytes()))


def test_print_all_guides_reports_progress(
    installed: tuple[Database, SampleCase], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "guides"
    assert main(["print", "guides", "--all", "-o", str(out), "--jobs", "2"]) == 0
    captured = capsys.readouterr()
    assert "进度：3/3（100%）" in captured.err
    assert "已导出 3 / 3 份办事指南" in captured.out
    assert len(list(out.glob("*.pdf"))) == 3


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["print", "guide", "NOPE", "-o", "{tmp}/x.pdf"], "没有编码为“NOPE”"),
        (["print", "receipt", "HF01-20990101-0001", "-o", "{tmp}/x.pdf"], "没有找到办件"),
        (["print", "guide", "M0001", "-o", "{tmp}/a-file/x.pdf"], "无法写入文件"),
        (["print", "guide", "M0001", "-o", "{tmp}"], "是一个文件夹"),
        (["print", "guides", "-o", "{tmp}/g"], "--all"),
    ],
)
def test_refusals_are_one_chinese_line_and_exit_2(
    installed: tuple[Database, SampleCase],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    message: str,
) -> None:
    (tmp_path / "a-file").write_text("x")
    args = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    assert main(args) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("错误：") and message in err[0]


def test_a_case_without_pledges_exits_2_and_changes_nothing(
    installed: tuple[Database, SampleCase], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, _ = installed
    plain = take_in_case_without_pledge(db)
    with db.session() as session:
        before = session.scalar(select(func.count()).select_from(AuditEntry))
    out = tmp_path / "p.pdf"
    assert main(["print", "pledge", plain.number, "-o", str(out)]) == 2
    assert "无需打印承诺书" in capsys.readouterr().err
    assert not out.exists()
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == before


def test_an_unwritable_pledge_path_prints_nothing(
    installed: tuple[Database, SampleCase], tmp_path: Path
) -> None:
    db, case = installed
    (tmp_path / "a-file").write_text("x")
    assert main(["print", "pledge", case.number, "-o", str(tmp_path / "a-file" / "p.pdf")]) == 2
    with db.session() as session:
        hashes = session.scalars(select(Pledge.form_hash).where(Pledge.case_id == case.id))
        assert all(h == "" for h in hashes)


def test_a_supervisor_checks_the_scanned_pledge_form(
    installed: tuple[Database, SampleCase],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import io

    from printing_support import decode_qr, render_page

    _, case = installed
    pledge = tmp_path / "pledge.pdf"
    assert main(["print", "pledge", case.number, "-o", str(pledge)]) == 0
    [payload] = decode_qr(render_page(pledge, 1, tmp_path / "scan"))
    capsys.readouterr()

    assert main(["print", "check-pledge", payload]) == 0
    out = capsys.readouterr().out
    assert "真实有效" in out and case.number in out

    # the scanner types into standard input
    monkeypatch.setattr("sys.stdin", io.StringIO(payload + "\n"))
    assert main(["print", "check-pledge", "-"]) == 0

    # a code altered after printing is refused
    forged = payload.replace(case.number, case.number[:-1] + "9")
    assert main(["print", "check-pledge", forged]) == 2
    assert "错误：" in capsys.readouterr().err


def test_without_a_keyring_a_pledge_form_is_refused_in_one_line(
    installed: tuple[Database, SampleCase],
    home: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from keyring_support import NoKeyring

    db, case = installed
    keyring.set_keyring(NoKeyring())  # the fixture restores the previous one
    out = tmp_path / "pledge.pdf"
    assert main(["print", "pledge", case.number, "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "没有可用的系统密钥库" in err and err.count("\n") == 1
    assert not out.exists() and not list(home.glob("*.key"))  # no plain-file fallback
    with db.session() as session:
        hashes = set(session.scalars(select(Pledge.form_hash).where(Pledge.case_id == case.id)))
    assert hashes == {""}  # nothing recorded


def test_a_form_printed_before_on_a_pc_without_keyring_still_checks_with_its_key_file(
    installed: tuple[Database, SampleCase], home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import secrets

    from keyring_support import NoKeyring

    from app.cases import CaseService
    from app.printing.signing import KEY_FILE, legacy_pledge_payload

    db, case = installed
    keyring.set_keyring(NoKeyring())  # the fixture restores the previous one
    old_key = secrets.token_bytes(32)
    (home / KEY_FILE).write_text(old_key.hex(), encoding="ascii")  # where it was kept then
    CaseService(db).record_pledge_form(case.id, "cd" * 32)
    paper = legacy_pledge_payload(case.number, "cd" * 32, old_key)
    assert main(["print", "check-pledge", paper]) == 0
    assert "真实有效" in capsys.readouterr().out
    forged = legacy_pledge_payload(case.number, "cd" * 32, secrets.token_bytes(32))
    assert main(["print", "check-pledge", forged]) == 2
    assert "旧方式" in capsys.readouterr().err
