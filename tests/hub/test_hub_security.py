"""Who may read and write what; every refusal is the right 4xx and changes nothing."""

from __future__ import annotations

import json
import time
from typing import Any

import httpx
import pytest
from hubkit import (
    SUBJECT_ID,
    Hub,
    answer_change,
    case_change,
    dept_code,
    pull_all,
    request_change,
    window_code,
)

from app.hub import admin
from app.hub.feed import encode_cursor
from app.sync.client import HubRefused, HubUnauthorized
from app.sync.wire import MAX_BATCH_CHANGES, MAX_BODY_BYTES, DeviceKind


def results(client: object, changes: list) -> list[tuple[str, int]]:  # type: ignore[type-arg]
    response = client.push(changes)  # type: ignore[attr-defined]
    return [(r.outcome.value, r.status) for r in response.results]


def test_tokens(hub: Hub) -> None:
    before = hub.counts()
    body = {"changes": [json.loads(case_change("HF01").model_dump_json())]}
    for headers in ({}, {"Authorization": "Bearer nonsense"}, {"Authorization": "Basic eDp5"}):
        pushed = httpx.post(f"{hub.base_url}/v1/push", json=body, headers=headers)
        pulled = httpx.get(f"{hub.base_url}/v1/changes", headers=headers)
        for response in (pushed, pulled):
            assert response.status_code == 401, response.text
            assert response.headers["www-authenticate"] == "Bearer"
            assert isinstance(response.json()["detail"], str)
    with hub.client("x" * 5000) as client, pytest.raises(HubUnauthorized):
        client.pull()
    assert hub.counts() == before


def test_windows_and_departments_stay_in_their_lane(hub: Hub) -> None:
    window_a, window_b, dept_1, dept_2 = window_code(), window_code(), dept_code(), dept_code()
    a = hub.client(hub.enrol(DeviceKind.WINDOW, window_a))
    b = hub.client(hub.enrol(DeviceKind.WINDOW, window_b))
    d1 = hub.client(hub.enrol(DeviceKind.DEPARTMENT, dept_1))
    d2 = hub.client(hub.enrol(DeviceKind.DEPARTMENT, dept_2))
    case_a = case_change(window_a)
    request_a = request_change(case_a, dept_1)
    assert results(a, [case_a, request_a]) == [("stored", 201)] * 2
    before = hub.counts()
    audit_ok = admin.verify_audit(hub.store)

    # window B: cannot see A's requests, write into A's case, or overwrite A's request
    assert pull_all(b)[0] == []
    case_b = case_change(window_b)
    forged = request_change(case_b, dept_1, record_id=str(request_a.record_id), revision=2)
    assert results(b, [request_change(case_a, dept_1)]) == [("forbidden", 403)]
    assert results(b, [case_b, forged]) == [("stored", 201), ("forbidden", 403)]
    assert results(b, [case_change(window_b, window_code=window_a)]) == [("forbidden", 403)]
    # B replays A's own change: the change_id belongs to another device
    assert results(b, [case_a]) == [("forbidden", 403)]
    # B cannot read A's feed through a forged cursor
    with pytest.raises(HubRefused) as refused:
        b.pull(encode_cursor({f"window:{window_a}": 0}))
    assert refused.value.status == 400

    # a window may not answer; department 2 may not answer department 1's request
    answer = answer_change(request_a.record_id)
    assert results(a, [answer]) == [("forbidden", 403)]
    assert results(d2, [answer]) == [("forbidden", 403)]
    assert results(d2, [case_change(window_a)]) == [("forbidden", 403)]
    assert pull_all(d2)[0] == []
    # nothing of that reached the hub (B's own case is the only new record)
    after = hub.counts()
    assert after["cases"] == before["cases"] + 1
    assert after["requests"] == before["requests"]
    assert after["answers"] == before["answers"]
    assert pull_all(a)[0] == []
    # department 1 does answer it, and only window A hears of it
    assert results(d1, [answer]) == [("stored", 201)]
    assert pull_all(a)[0] == [answer]
    assert pull_all(b)[0] == []
    assert audit_ok is None and admin.verify_audit(hub.store) is None
    # a supervisor pushes nothing yet
    s = hub.client(hub.enrol(DeviceKind.SUPERVISOR, "督查 王"))
    assert results(s, [case_change(window_a)]) == [("forbidden", 403)]
    for client in (a, b, d1, d2, s):
        client.close()


def test_bad_bodies_are_refused_whole(hub: Hub) -> None:
    window = window_code()
    token = hub.enrol(DeviceKind.WINDOW, window)
    auth = {"Authorization": f"Bearer {token}"}
    url = f"{hub.base_url}/v1/push"
    case = json.loads(case_change(window).model_dump_json())
    before = hub.counts()

    def post(**kwargs: object) -> httpx.Response:
        return httpx.post(url, headers={**auth, "Content-Type": "application/json"}, **kwargs)  # type: ignore[arg-type]

    huge = json.dumps({"changes": [case], "pad": "x" * MAX_BODY_BYTES})
    assert post(content=huge).status_code == 413

    def chunks() -> object:  # no Content-Length: counted as it streams
        for _ in range(MAX_BODY_BYTES // 65536 + 2):
            yield b" " * 65536

    assert post(content=chunks()).status_code == 413
    assert post(content=b"{not json").status_code == 422
    assert post(content=b"\xff\xfe").status_code in (400, 422)
    assert post(json={"changes": []}).status_code == 422
    assert post(json={"changes": [case] * (MAX_BATCH_CHANGES + 1)}).status_code == 422
    for broken in (
        {**case, "wire_version": 2},
        {**case, "kind": "catalog"},
        {**case, "surprise": 1},
        {**case, "record_id": "not-a-uuid"},
        {**case, "revision": 0},
        {**case, "revision": 2**40},
        {**case, "payload": {**case["payload"], "number": "A\u0000B"}},
        {**case, "payload": {**case["payload"], "phone": "13812345678"}},  # no phones on a case
        {**case, "payload": {**case["payload"], "bundle_code": "B1"}},  # matter and bundle
    ):
        response = post(json={"changes": [case, broken]})
        assert response.status_code == 422, (broken, response.text)
    lone_surrogate = json.dumps({"changes": [case]}, ensure_ascii=False).replace("李娜", "\\ud800")
    assert "\\ud800" in lone_surrogate
    assert post(content=lone_surrogate).status_code == 422
    with pytest.raises(HubRefused) as refused:
        hub.client(token).pull("c1.bm90IGpzb24")
    assert refused.value.status == 400
    response = httpx.get(f"{hub.base_url}/v1/changes", params={"limit": 0}, headers=auth)
    assert response.status_code == 422
    assert hub.counts() == before


def test_logs_are_structured_and_hold_no_resident_id(hub: Hub) -> None:
    window, department = window_code(), dept_code()
    w = hub.client(hub.enrol(DeviceKind.WINDOW, window))
    case = case_change(window)
    response = w.push([case, request_change(case, department)])
    assert all(r.acknowledged for r in response.results)
    ping = httpx.get(f"{hub.base_url}/healthz", headers={"X-Request-ID": "trace-42"})
    assert ping.headers["x-request-id"] == "trace-42"
    w.close()

    def request_lines() -> list[dict[str, Any]]:
        lines = [json.loads(line) for line in hub.log_text().splitlines() if line.startswith("{")]
        return [line for line in lines if line.get("msg") == "request"]

    # the line is written once the answer has gone out: give a busy machine a moment
    deadline = time.monotonic() + 10
    while not any(line["request_id"] == "trace-42" for line in request_lines()):
        assert time.monotonic() < deadline, "no log line for the request"
        time.sleep(0.05)
    requests = request_lines()
    assert any(line["request_id"] == "trace-42" and line["status"] == 200 for line in requests)
    pushes = [line for line in requests if line["path"] == "/v1/push" and line["status"] == 200]
    assert any(line["device"] == f"window:{window}" for line in pushes)
    assert all(len(line["request_id"]) > 0 for line in requests)
    assert SUBJECT_ID not in hub.log_text()
