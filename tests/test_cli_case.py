"""`wuzheng case …` and `wuzheng credit …` from the command line, on a real data directory."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cases_catalog import PERSON_ID, install
from sqlalchemy import func, select

from app.cli import main
from app.storage.db import Database
from app.storage.models import (
    AuditEntry,
    Case,
    CreditRecord,
    OutboxEntry,
    Resolution,
    VerificationRequest,
)


@pytest.fixture
def data(home: Path) -> Path:
    db = Database.open(home)
    install(db)
    db.engine.dispose()
    return home


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def snapshot(home: Path) -> tuple[int, ...]:
    """Row counts a refused command must leave unchanged (incl. resolved items)."""
    db = Database.open(home)
    queries = [select(func.count()).select_from(m) for m in (Case, AuditEntry, CreditRecord)]
    queries.append(select(func.count()).where(Resolution.measure.is_not(None)))
    try:
        with db.session() as session:
            return tuple(int(session.scalar(q) or 0) for q in queries)
    finally:
        db.engine.dispose()


def test_full_flow(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "case", "new", "--matter", "M1", "--name", "张三", "--id", PERSON_ID.lower(),
        "--phone", "0718-8123456", "--clerk", "李娜", "--window", "HF01",
    )  # fmt: skip
    assert code == 0
    case_id = out.strip()
    assert len(case_id) == 36 and "\n" not in case_id

    assert run(capsys, "case", "resolve", case_id, "C1", "直接取消")[0] == 0
    code, out, _ = run(capsys, "case", "resolve", case_id[:13], "C2", "部门核验")
    assert code == 0 and "核验请求" in out and "暂不能办结" in out
    code, out, _ = run(capsys, "case", "resolve", case_id, "C5", "pledge")
    assert code == 0 and "承诺书" in out

    code, out, _ = run(capsys, "case", "show", case_id, "--json")
    shown = json.loads(out)
    assert shown["applicant_id_masked"] == "110105********002X"
    assert PERSON_ID not in out
    request_id = shown["resolutions"][1]["request_id"]
    assert shown["can_finish"] is False

    code, out, _ = run(capsys, "case", "show", shown["number"])
    assert code == 0
    assert "110105********002X" in out and PERSON_ID not in out
    assert "无犯罪记录证明 — 部门核验：待答复" in out
    assert "尚不能办结" in out

    code, out, _ = run(capsys, "case", "list", "--open")
    assert code == 0 and shown["number"] in out and "1 项核验待答复" in out

    code, out, _ = run(capsys, "case", "answer", request_id, "confirmed", "--by", "王警官")
    assert code == 0 and "属实" in out
    code, out, _ = run(capsys, "case", "finish", case_id)
    assert code == 0 and "已办结" in out

    code, out, _ = run(capsys, "case", "list", "--json")
    listed = json.loads(out)
    assert [c["status"] for c in listed] == ["finished"]
    code, out, _ = run(capsys, "case", "list", "--open")
    assert "没有办理中的办件" in out


def test_enterprise_case_with_retained_and_other(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        capsys, "case", "new", "--matter", "M3", "--name", "某公司", "--uscc",
        "91110000600037341L", "--json",
    )  # fmt: skip
    assert code == 0
    number = json.loads(out)["number"]
    assert run(capsys, "case", "resolve", number, "C6", "其他", "--note", "现场查看")[0] == 0
    assert run(capsys, "case", "resolve", number, "C7", "保留", "--submitted", "no")[0] == 0
    code, _, err = run(capsys, "case", "finish", number)
    assert code == 2 and "“消防验收证明”需由申请人提交，尚未提交" in err
    assert run(capsys, "case", "resolve", number, "C7", "retained", "--submitted", "是")[0] == 0
    assert run(capsys, "case", "finish", number)[0] == 0


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["case", "new", "--matter", "NOPE", "--name", "张三", "--id", PERSON_ID], "NOPE"),
        (["case", "new", "--matter", "M1", "--name", "张三", "--id", "110105194912310021"],
         "身份证号码校验位不正确"),
        (["case", "new", "--matter", "M1", "--name", "", "--id", PERSON_ID], "姓名不能为空"),
        (["case", "new", "--matter", "M1", "--name", "张三", "--id", PERSON_ID, "--phone", "123"],
         "联系电话格式不正确"),
        (["case", "new", "--name", "张三", "--id", PERSON_ID], "二者选其一"),
        (["credit", "add", "--id", PERSON_ID, "--name", "张三", "--reason", "虚假承诺",
          "--until", "明年"], "截止日期"),
    ],
)  # fmt: skip
def test_refusals_exit_2_and_change_nothing(
    data: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    before = snapshot(data)
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert err.startswith("错误：") and message in err
    assert "Traceback" not in err and out == ""
    assert snapshot(data) == before


def test_bad_measure_and_incomplete_finish_change_nothing(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = run(capsys, "case", "new", "--bundle", "B1", "--name", "张三", "--id", PERSON_ID)
    case_id = out.strip()
    before = snapshot(data)
    code, _, err = run(capsys, "case", "resolve", case_id, "C1", "盖章")
    assert code == 2 and "未知的办理方式“盖章”" in err and "cancel/直接取消" in err
    code, _, err = run(capsys, "case", "resolve", case_id, "C9", "cancel")
    assert code == 2 and "没有编码为“C9”的证明事项" in err
    code, _, err = run(capsys, "case", "resolve", case_id, "C4", "pledge")
    assert code == 2 and "不能采用“告知承诺”" in err
    code, _, err = run(capsys, "case", "finish", case_id)
    assert code == 2 and "还不能办结" in err and "“居住证明”尚未选择办理方式" in err
    code, _, err = run(capsys, "case", "answer", "0000000000", "confirmed")
    assert code == 2 and "没有找到核验请求" in err
    code, _, err = run(capsys, "case", "show", "nothing")
    assert code == 2 and "没有找到办件" in err
    assert snapshot(data) == before


def test_credit_check_and_add(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "credit", "check", PERSON_ID)
    assert code == 0 and "未在失信名单中" in out
    code, out, _ = run(
        capsys, "credit", "add", "--id", PERSON_ID, "--name", "张三", "--reason", "虚假承诺",
    )  # fmt: skip
    assert code == 0 and "110105********002X" in out and PERSON_ID not in out
    code, out, _ = run(capsys, "credit", "check", PERSON_ID.lower())
    assert code == 0 and "在失信名单中（1 条有效记录）" in out and "虚假承诺" in out

    _, out, _ = run(capsys, "case", "new", "--matter", "M4", "--name", "张三", "--id", PERSON_ID)
    code, _, err = run(capsys, "case", "resolve", out.strip(), "C5", "告知承诺")
    assert code == 2 and "失信名单" in err
    code, _, err = run(capsys, "credit", "check", "12345")
    assert code == 2 and "有效的 18 位身份证号码或统一社会信用代码" in err


def test_cancel_a_case(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "case", "new", "--matter", "M1", "--name", "张三", "--id", PERSON_ID)
    case_id = out.strip()
    run(capsys, "case", "resolve", case_id, "C2", "verify")
    run(capsys, "case", "resolve", case_id, "C5", "pledge")

    before = snapshot(data)
    code, out, err = run(capsys, "case", "cancel", case_id, "--reason", "  ")
    assert code == 2 and out == "" and "请填写撤销原因" in err
    assert snapshot(data) == before

    code, out, _ = run(
        capsys, "case", "cancel", case_id[:13], "--reason", "申请人放弃申请", "--clerk", "李娜"
    )
    assert code == 0
    assert "已撤销" in out and "原因：申请人放弃申请" in out
    assert "已撤回 1 项核验请求" in out and "已作废 1 份未抽查的承诺书" in out

    code, out, _ = run(capsys, "case", "show", case_id)
    assert "（已撤销）" in out and "原因：申请人放弃申请" in out
    assert "部门核验：核验请求已撤回" in out
    code, out, _ = run(capsys, "case", "list", "--json")
    assert [(c["status_label"], c["waiting_for"]) for c in json.loads(out)] == [("已撤销", "")]

    after = snapshot(data)
    code, _, err = run(capsys, "case", "cancel", case_id, "--reason", "再次撤销")
    assert code == 2 and "已撤销，无需重复撤销" in err and "Traceback" not in err
    code, _, err = run(capsys, "case", "resolve", case_id, "C1", "cancel")
    assert code == 2 and "已撤销，不能再修改" in err
    assert snapshot(data) == after


def test_a_finished_case_cannot_be_cancelled(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = run(capsys, "case", "new", "--matter", "M4", "--name", "张三", "--id", PERSON_ID)
    case_id = out.strip()
    run(capsys, "case", "resolve", case_id, "C5", "pledge")
    assert run(capsys, "case", "finish", case_id)[0] == 0
    before = snapshot(data)
    code, out, err = run(capsys, "case", "cancel", case_id, "--reason", "申请人放弃申请")
    assert code == 2 and out == "" and "已办结，不能撤销" in err
    assert snapshot(data) == before


def test_case_list_limit_shows_the_newest(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ids = []
    for _ in range(3):
        code, out, _ = run(
            capsys, "case", "new", "--matter", "M1", "--name", "张三", "--id", PERSON_ID
        )
        assert code == 0
        ids.append(out.strip())
    code, out, _ = run(capsys, "case", "list", "--limit", "2", "--json")
    assert code == 0
    assert [c["id"] for c in json.loads(out)] == ids[:0:-1]  # newest first
    code, _, err = run(capsys, "case", "list", "--limit", "0")
    assert code == 2 and "正整数" in err


# --------------------------------------------------------------------------- references
# A reference is a case id, a case number or an id prefix of 8+ characters. These used to go into
# SQL LIKE unescaped, so `wuzheng case answer '%%%%%%%%' confirmed` answered some request: now
# references match literally, and %, _ and \ are never wildcards.


def references_state(home: Path) -> tuple[object, ...]:
    """What a refused command must leave as it was."""
    db = Database.open(home)
    try:
        with db.session() as session:
            counts = [
                int(session.scalar(select(func.count()).select_from(m)) or 0)
                for m in (AuditEntry, OutboxEntry)
            ]
            statuses = sorted((i, s) for i, s in session.execute(select(Case.id, Case.status)))
            requests = select(VerificationRequest.id, VerificationRequest.status)
            answers = sorted((i, s) for i, s in session.execute(requests))
            return (*counts, statuses, answers)
    finally:
        db.engine.dispose()


def a_case_waiting_for_an_answer(capsys: pytest.CaptureFixture[str]) -> tuple[str, str]:
    code, out, _ = run(capsys, "case", "new", "--matter", "M1", "--name", "张三", "--id", PERSON_ID)
    assert code == 0
    case_id = out.strip()
    assert run(capsys, "case", "resolve", case_id, "C2", "verify")[0] == 0
    code, out, _ = run(capsys, "case", "show", case_id, "--json")
    (request_id,) = [r["request_id"] for r in json.loads(out)["resolutions"] if r["request_id"]]
    return case_id, request_id


def wildcards(real_id: str) -> list[str]:
    """References that only a wildcard could make name something."""
    return [
        "%%%%%%%%",
        "________",
        "\\\\\\\\\\\\\\\\",
        "%",
        real_id[:8] + "%",
        real_id[:7] + "_",
        real_id[:8] + "\\",
        "%" + real_id[1:12],
        "_" + real_id[1:12],
        real_id[:4] + "%" + real_id[5:10],
    ]


def test_wildcards_in_a_request_reference_answer_nothing(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, request_id = a_case_waiting_for_an_answer(capsys)
    before = references_state(data)
    for ref in wildcards(request_id):
        code, out, err = run(capsys, "case", "answer", ref, "confirmed")
        assert code == 2, ref
        assert out == "" and err.count("\n") == 1 and "Traceback" not in err
        assert err.startswith("错误：") and f"没有找到核验请求“{ref}”" in err
    assert references_state(data) == before
    # the literal prefix still works, in either case
    code, out, _ = run(capsys, "case", "answer", request_id[:8].upper(), "confirmed")
    assert code == 0 and "已记录答复：属实" in out


@pytest.mark.parametrize(
    "command",
    [["show"], ["cancel", "--reason", "申请人放弃申请"], ["resolve", "C1", "cancel"]],
)
def test_wildcards_in_a_case_reference_name_no_case(
    data: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    case_id, _ = a_case_waiting_for_an_answer(capsys)
    before = references_state(data)
    for ref in wildcards(case_id):
        code, out, err = run(capsys, "case", command[0], ref, *command[1:])
        assert code == 2, ref
        assert out == "" and err.count("\n") == 1 and f"没有找到办件“{ref}”" in err
    assert references_state(data) == before
    code, out, _ = run(capsys, "case", "show", case_id[:10].upper())
    assert code == 0 and "110105********002X" in out
