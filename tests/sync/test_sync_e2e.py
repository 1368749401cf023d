"""A window and a department, each in its own data directory, through a real hub process and
the real ``wuzheng`` command: request → answer → case updated; refusals; conflicts kept."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from synckit import Device, HubProcess, assert_requests_once, device_env

from app.cases import CaseService
from app.sync.wire import DeviceKind

PERSON_ID = "11010519491231002X"


def _connect(device: Device, hub: HubProcess, kind: DeviceKind, code: str) -> str:
    result = device.ok("connect", hub.base_url, hub.code(kind, code), "--name", f"{code} 电脑")
    return result.out


def test_request_answer_case_updated_through_the_cli(
    hub: HubProcess, window: Device, department: Device
) -> None:
    out = _connect(window, hub, DeviceKind.WINDOW, "HF01")
    assert "窗口 HF01" in out
    case = window.ok(
        "case", "new", "--matter", "M1", "--name", "王秀英", "--id", PERSON_ID,
        "--phone", "13812345678",
    ).out.strip()  # fmt: skip
    window.ok("case", "resolve", case, "C1", "cancel")
    window.ok("case", "resolve", case, "C5", "pledge")
    window.ok("case", "resolve", case, "C2", "verify")
    shown = window.ok("case", "show", case, "--json").json()
    assert shown["number"].startswith("HF01-") and shown["provisional"] is True
    request = shown["requests"][0]["id"]
    assert shown["requests"][0]["provisional"] is True

    pushed = window.ok("sync", "--json").json()
    assert pushed["completed"] and pushed["pending"] == 0 and pushed["conflicts"] == 0
    assert pushed["pushed"] >= 7  # the case, 3 resolutions (twice each), pledge, request
    shown = window.ok("case", "show", case, "--json").json()
    assert shown["provisional"] is False
    listed = window.ok("requests", "list", "--json").json()
    assert [(r["id"], r["status"], r["provisional"]) for r in listed] == [(request, "sent", False)]

    _connect(department, hub, DeviceKind.DEPARTMENT, "D-GA")
    pulled = department.ok("sync", "--json").json()
    # besides the request, the hub's broadcasts: the freshness limits, both devices' keys
    assert (pulled["pulled"], pulled["skipped"], pulled["applied"]) == (4, 0, 4)
    inbox = department.ok("inbox", "list", "--json").json()
    assert [i["id"] for i in inbox] == [request]
    assert inbox[0]["subject_id_masked"] == "110105********002X"
    assert PERSON_ID not in department.ok("inbox", "list").out
    assert PERSON_ID in department.ok("inbox", "show", request[:12], "--reveal").out
    answered = department.ok("inbox", "answer", request[:12], "confirmed", "--note", "户籍一致")
    assert "属实" in answered.out
    again = department.run("inbox", "answer", request, "denied")
    assert again.code == 2 and "不能重复答复" in again.err and again.err.count("\n") == 1
    assert department.ok("sync", "--json").json()["pushed"] == 1

    # the window: refused to type an answer in, gets the department's answer by sync
    typed = window.run("case", "answer", request, "confirmed")
    assert typed.code == 2 and "只能由部门" in typed.err
    got = window.ok("sync", "--json").json()
    # the answer, and the department's key (published when it enrolled)
    assert (got["pulled"] - got["skipped"], got["applied"]) == (2, 2)
    shown = window.ok("case", "show", case, "--json").json()
    c2 = next(r for r in shown["resolutions"] if r["item_code"] == "C2")
    assert (c2["request_status"], c2["request_answer"]) == ("answered", "confirmed")
    assert c2["request_answer_note"] == "户籍一致"
    assert shown["can_finish"] is True
    window.ok("case", "finish", case)
    again_pull = window.ok("sync", "--json").json()
    assert (again_pull["pulled"], again_pull["applied"]) == (0, 0)

    assert_requests_once(hub, window)
    assert len(hub.records("answer")) == 1
    assert window.audit_ok() and department.audit_ok() and hub.audit_ok()


def test_an_unreachable_hub_is_exit_3_and_changes_nothing(hub: HubProcess, window: Device) -> None:
    _connect(window, hub, DeviceKind.WINDOW, "HF01")
    window.ok("case", "new", "--matter", "M4", "--name", "王秀英", "--id", PERSON_ID)
    waiting = window.outbox()
    hub.stop()
    result = window.sync()
    assert result.code == 3
    assert result.json()["pending"] == waiting and result.json()["completed"] is False
    assert result.err.count("\n") == 1 and "无法连接县级中心" in result.err
    assert window.outbox() == waiting
    text = window.run("sync")
    assert text.code == 3 and f"待同步 {waiting} 条" in text.out
    hub.start()
    assert window.ok("sync", "--json").json()["pending"] == 0


def test_connect_refuses_without_keyring_a_bad_code_and_an_unreachable_hub(
    hub: HubProcess, window: Device, tmp_path: Path
) -> None:
    code = hub.code(DeviceKind.WINDOW, "HF01")
    no_keyring = Device(
        window.home, {**window.env, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    )
    refused = no_keyring.run("connect", hub.base_url, code)
    assert refused.code == 2 and "密钥库" in refused.err and refused.err.count("\n") == 1
    bad = window.run("connect", hub.base_url, "AAAA-BBBB-CCCC-DDDD")
    assert bad.code == 2 and "注册码无效" in bad.err
    gone = window.run("connect", "http://127.0.0.1:9", code)
    assert gone.code == 3
    not_connected = window.run("sync")
    assert not_connected.code == 2 and "尚未连接" in not_connected.err
    # the one-time code was not spent by the refusals
    assert "窗口 HF01" in window.ok("connect", hub.base_url, code).out
    other = window.run("connect", hub.base_url, hub.code(DeviceKind.DEPARTMENT, "D-GA"))
    assert other.code == 2 and "已注册为窗口 HF01" in other.err


def test_a_conflict_is_kept_marked_and_reported_without_blocking_the_rest(
    hub: HubProcess, window: Device, tmp_path: Path
) -> None:
    """A window restored from yesterday's backup writes a state the hub already holds
    differently: the hub refuses it (409); it stays, is shown, and other work still goes."""
    _connect(window, hub, DeviceKind.WINDOW, "HF01")
    case = window.ok("case", "new", "--matter", "M2", "--name", "王秀英", "--id", PERSON_ID)
    window.ok("case", "resolve", case.out.strip(), "C2", "verify")
    window.ok("sync")
    backup = tmp_path / "backup"
    shutil.copytree(window.home, backup)
    window.ok("case", "cancel", case.out.strip(), "--reason", "申请人放弃申请")  # withdrawn
    window.ok("sync")

    restored = Device(backup, window.env)
    with restored.database() as db:  # a week later the restored window marks it overdue
        assert (
            CaseService(
                db, today=lambda: date.today().replace(year=date.today().year + 1)
            ).refresh_overdue()
            == 1
        )
    restored.ok("case", "new", "--matter", "M4", "--name", "王秀英", "--id", PERSON_ID)
    result = restored.ok("sync", "--json").json()
    assert result["conflicts"] == 1 and result["pending"] == 0 and result["completed"]
    listed = restored.ok("requests", "list", "--json").json()
    assert listed[0]["refused"].startswith("conflict")
    assert "中心拒收" in restored.ok("requests", "list").out
    assert len(hub.records("case")) == 2  # the new case went through
    again = restored.ok("sync", "--json").json()
    assert again["conflicts"] == 1  # kept until someone deals with it
    assert restored.outbox() == 1


def test_a_device_on_another_pc_of_the_same_department_reads_the_same_inbox(
    hub: HubProcess, window: Device, department: Device, tmp_path: Path, keyring_file: Path
) -> None:
    _connect(window, hub, DeviceKind.WINDOW, "HF01")
    case = window.ok("case", "new", "--matter", "M2", "--name", "王秀英", "--id", PERSON_ID)
    window.ok("case", "resolve", case.out.strip(), "C2", "verify")
    window.ok("sync")
    _connect(department, hub, DeviceKind.DEPARTMENT, "D-GA")
    second = Device(tmp_path / "dept-ga-2", device_env(keyring_file))
    _connect(second, hub, DeviceKind.DEPARTMENT, "D-GA")
    for device in (department, second):
        device.ok("sync")
        assert len(device.ok("inbox", "list", "--json").json()) == 1
    other = Device(tmp_path / "dept-mz", device_env(keyring_file))
    _connect(other, hub, DeviceKind.DEPARTMENT, "D-MZ")
    other.ok("sync")
    assert other.ok("inbox", "list", "--json").json() == []


def test_a_revoked_device_is_told_so_and_reconnects_keeping_its_work(
    hub: HubProcess, window: Device
) -> None:
    from app.hub import admin

    _connect(window, hub, DeviceKind.WINDOW, "HF01")
    window.ok("case", "new", "--matter", "M4", "--name", "王秀英", "--id", PERSON_ID)
    window.ok("sync")
    assert hub.store is not None
    admin.revoke(hub.store, "HF01", hub.signer())
    window.ok("case", "new", "--matter", "M4", "--name", "王秀英", "--id", PERSON_ID)
    waiting = window.outbox()
    refused = window.sync()
    assert refused.code == 2 and "吊销" in refused.err
    assert refused.json()["pending"] == waiting == window.outbox()
    again = window.ok("connect", hub.base_url, hub.code(DeviceKind.WINDOW, "HF01"))
    assert "此前受理" not in again.out  # not a first connection: nothing re-numbered
    assert window.ok("sync", "--json").json()["pending"] == 0
    assert len(hub.records("case")) == 2


def test_a_data_query_taken_offline_is_answered_by_the_hub_at_the_next_sync(
    hub: HubProcess, window: Device, tmp_path: Path
) -> None:
    table = tmp_path / "低保.csv"
    table.write_text(f"身份证号码,姓名,低保\n{PERSON_ID},王秀英,在册低保对象\n", "utf-8")
    loaded = hub.admin("load-dataset", "D-MZ", str(table), "--item", "C3")
    assert loaded.returncode == 0, loaded.stderr
    _connect(window, hub, DeviceKind.WINDOW, "HF01")

    hub.stop()  # the network is down while the clerk takes the case in
    case = window.ok("case", "new", "--matter", "M2", "--name", "王秀英", "--id", PERSON_ID)
    case = case.out.strip()
    window.ok("case", "resolve", case, "C3", "share")
    offline = window.run("sync", "--json")
    assert offline.code == 3 and offline.json()["pending"] >= 3  # case, resolution, query
    waiting = window.ok("case", "show", case, "--json").json()
    c3 = next(r for r in waiting["resolutions"] if r["item_code"] == "C3")
    assert c3["request_status"] == "queued" and c3["request_answer"] is None

    hub.start()  # back online: one sync pushes the query and brings the data source's answer
    synced = window.ok("sync", "--json").json()
    assert synced["completed"] and synced["pending"] == 0
    shown = window.ok("case", "show", case, "--json").json()
    c3 = next(r for r in shown["resolutions"] if r["item_code"] == "C3")
    assert (c3["request_status"], c3["request_answer"]) == ("answered", "confirmed")
    assert "在册低保对象" in c3["request_answer_note"]
    assert_requests_once(hub, window)
