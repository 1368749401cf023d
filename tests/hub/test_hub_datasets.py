"""Data queries answered by the hub's data sources: a department's table, loaded and versioned."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hubkit import (
    Hub,
    answer_change,
    case_change,
    cli,
    dept_code,
    item_code,
    own,
    pull_all,
    request_change,
    resident_id,
    window_code,
)

from app.sync.wire import AnswerPayload, DeviceKind, Outcome


def write_csv(path: Path, *rows: str) -> Path:
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_a_data_query_is_answered_in_its_own_push(
    hub: Hub, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    item, department, window = item_code(), dept_code(), window_code()
    held, absent, renamed, false = (resident_id(n) for n in (1, 2, 3, 4))
    table = write_csv(
        tmp_path / "婚姻登记.csv",
        "身份证号码,姓名,婚姻状况,登记机关,结果",
        f"{held},王秀英,已婚,和丰县民政局,",
        f"{renamed[:6]} {renamed[6:]},李四,未婚,和丰县民政局,属实",  # spaces: canonical form
        f"{false},赵六,,,不属实",
    )
    code, out, err = cli(
        capsys, "hub", "load-dataset", department, str(table), "--item", item,
        "--fact", "婚姻登记信息", "--db", hub.url,
    )  # fmt: skip
    assert (code, out.strip()) == (0, "1"), err
    assert "新增 3" in err and "第 1 版" in err

    w_token = hub.enrol(DeviceKind.WINDOW, window)
    d_token = hub.enrol(DeviceKind.DEPARTMENT, department)
    case = case_change(window)
    names = {held: "王秀英", absent: "钱七", renamed: "王五", false: "赵六"}
    queries = {
        number: request_change(
            case, department, item=item, kind="share", subject_id=number, subject_name=name
        )
        for number, name in names.items()
    }
    person_check = request_change(case, department, item=item, kind="verify", subject_id=held)
    with hub.client(w_token) as w, hub.client(d_token) as d:
        results = w.push([case, *queries.values(), person_check]).results
        assert {r.outcome for r in results} == {Outcome.STORED}
        answers, _ = pull_all(w)  # right after the push: already answered
        got = {str(a.record_id): a.payload for a in answers}
        assert set(got) == {str(q.record_id) for q in queries.values()}
        assert all(a.hash_matches for a in answers)

        def answer(number: str) -> AnswerPayload:
            payload = got[str(queries[number].record_id)]
            assert isinstance(payload, AnswerPayload)
            assert (payload.source, payload.dataset_version) == ("table", 1)
            return payload

        assert answer(held).answer == "confirmed"
        assert "婚姻状况：已婚" in answer(held).note and "第 1 版" in answer(held).note
        assert answer(absent).answer == "undetermined"  # not held: never "denied"
        assert "没有该对象的记录" in answer(absent).note
        assert answer(renamed).answer == "undetermined"  # another name: the ID may be wrong
        assert "未婚" not in answer(renamed).note  # and nothing of the other person is shown
        assert answer(false).answer == "denied"

        # the department sees only the request a person must answer
        inbox, _ = pull_all(d)
        assert [c.record_id for c in inbox] == [person_check.record_id]
        late = d.push([answer_change(queries[held].record_id, "denied")]).results[0]
        assert late.outcome is Outcome.CONFLICT and "source:table" in late.message


def test_queries_wait_for_a_dataset_and_bad_files_change_nothing(
    hub: Hub, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    item, department, window = item_code(), dept_code(), window_code()
    first, second = resident_id(11), resident_id(12)
    w_token = hub.enrol(DeviceKind.WINDOW, window)
    d_token = hub.enrol(DeviceKind.DEPARTMENT, department)
    case = case_change(window)
    early = request_change(case, department, item=item, kind="share", subject_id=first)
    with hub.client(w_token) as w, hub.client(d_token) as d:
        assert all(r.acknowledged for r in w.push([case, early]).results)
        assert pull_all(w)[0] == []  # no source for the item yet: a person must answer
        assert [c.record_id for c in pull_all(d)[0]] == [early.record_id]

        bad = write_csv(
            tmp_path / "bad.csv",
            "公民身份号码,查询结果,户籍地",
            f"{first},,和丰县",
            f"{first[:-1]}{'0' if first[-1] != '0' else '1'},,和丰县",
            f"{second},也许,和丰县",
            f"{first},,和丰县",
            ",属实,和丰县",
        )
        code, out, err = cli(
            capsys, "hub", "load-dataset", department, str(bad), "--item", item, "--db", hub.url
        )
        assert (code, out) == (2, "")
        assert "数据表有 4 处问题，未导入任何内容" in err
        assert "bad.csv 第3行「公民身份号码」：身份证号码校验位不正确" in err
        assert "bad.csv 第4行「查询结果」：无法识别“也许”" in err
        assert "bad.csv 第5行「公民身份号码」：与第2行重复" in err
        assert "bad.csv 第6行「公民身份号码」：不能为空" in err
        code, out, _ = cli(capsys, "hub", "datasets", "--json", "--db", hub.url)
        assert item not in {c["item_code"] for c in json.loads(out)}
        assert pull_all(w)[0] == []

        good = write_csv(tmp_path / "户籍.csv", "公民身份号码,户籍地", f"{first},和丰县")
        code, _, err = cli(
            capsys, "hub", "load-dataset", department, str(good), "--item", item, "--db", hub.url
        )
        assert code == 0 and "答复了此前待答的数据查询 1 条" in err
        answers, _ = pull_all(w)
        assert [a.record_id for a in answers] == [early.record_id]
        assert answers[0].payload.answer == "confirmed"  # type: ignore[union-attr]

        # a new version replaces the rows: the first subject is gone, the second is held
        from openpyxl import Workbook

        book = Workbook()
        book.active.append(["证件号码", "户籍地"])
        book.active.append([second, "和丰县"])
        book.save(tmp_path / "户籍-2.xlsx")
        code, out, err = cli(
            capsys, "hub", "load-dataset", department, str(tmp_path / "户籍-2.xlsx"),
            "--item", item, "--replace", "--db", hub.url,
        )  # fmt: skip
        assert (code, out.strip()) == (0, "2") and "替换" in err and "移除 1" in err
        again = [
            request_change(case, department, item=item, kind="share", subject_id=n)
            for n in (first, second)
        ]
        w.push(again)
        replies = {a.record_id: a.payload for a in pull_all(w)[0][1:]}
        assert [replies[q.record_id].answer for q in again] == ["undetermined", "confirmed"]  # type: ignore[union-attr]
        assert {p.dataset_version for p in replies.values()} == {2}  # type: ignore[union-attr]
        assert own(d.pull().changes)[-1].record_id == early.record_id  # nothing more for people

    other = dept_code()
    code, _, err = cli(
        capsys, "hub", "load-dataset", other, str(good), "--item", item, "--db", hub.url
    )
    assert code == 2 and f"由部门 {department} 维护" in err
