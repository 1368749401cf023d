"""Push: idempotent by change_id, conflicts reported per record, newest revision kept."""

from __future__ import annotations

from hubkit import (
    Hub,
    answer_change,
    case_change,
    dept_code,
    pull_all,
    request_change,
    window_code,
)

from app.hub import admin
from app.sync.wire import (
    AnyChange,
    DeviceKind,
    ResolutionPayload,
    VerificationRequestPayload,
    build_change,
)


def outcomes(results: list) -> list[str]:  # type: ignore[type-arg]
    return [r.outcome.value for r in results]


def setup(hub: Hub) -> tuple[str, str, str, str]:
    window, department = window_code(), dept_code()
    return (
        window,
        department,
        hub.enrol(DeviceKind.WINDOW, window),
        hub.enrol(DeviceKind.DEPARTMENT, department),
    )


def test_same_batch_three_times_is_stored_once(hub: Hub) -> None:
    window, department, w_token, d_token = setup(hub)
    case = case_change(window)
    batch: list[AnyChange] = [case] + [request_change(case, department) for _ in range(5)]
    before = hub.counts()
    with hub.client(w_token) as w, hub.client(d_token) as d:
        first = w.push(batch).results
        assert outcomes(first) == ["stored"] * 6
        assert [r.status for r in first] == [201] * 6
        assert all(r.acknowledged for r in first)
        stored = hub.counts()
        for _ in range(2):  # the acknowledgement was lost: the window sends it all again
            again = w.push(batch).results
            assert outcomes(again) == ["duplicate"] * 6 and all(r.acknowledged for r in again)
            assert hub.counts() == stored
        inbox, _ = pull_all(d)
    assert stored["cases"] == before["cases"] + 1
    assert stored["requests"] == before["requests"] + 5
    assert stored["changes"] == before["changes"] + 6
    assert sorted(str(c.record_id) for c in inbox) == sorted(str(c.record_id) for c in batch[1:])
    assert admin.verify_audit(hub.store) is None


def test_conflicts_are_per_record_and_change_nothing(hub: Hub) -> None:
    window, department, w_token, d_token = setup(hub)
    case = case_change(window)
    request = request_change(case, department)
    with hub.client(w_token) as w, hub.client(d_token) as d:
        assert outcomes(w.push([case, request]).results) == ["stored", "stored"]
        before = hub.counts()
        audit_before = _audit_entries(hub)
        # the same change_id with other content; the same revision with other content;
        # a content hash that does not match; a good change in the same batch
        assert isinstance(request.payload, VerificationRequestPayload)
        other = request.payload.model_copy(update={"fact": "另一件事"})
        same_id = build_change(
            other, record_id=request.record_id, revision=1, change_id=request.change_id
        )
        same_revision = build_change(other, record_id=request.record_id, revision=1)
        tampered = request_change(case, department).model_copy(update={"content_hash": "0" * 64})
        good = request_change(case, department)
        results = w.push([same_id, same_revision, tampered, good]).results
        assert outcomes(results) == ["conflict", "conflict", "invalid", "stored"]
        assert [r.status for r in results] == [409, 409, 422, 201]
        assert not any(r.acknowledged for r in results[:3])
        assert results[0].record_id == request.record_id and results[0].message
        after = hub.counts()
        assert after["requests"] == before["requests"] + 1  # only the good one
        assert _audit_entries(hub) == audit_before + 1
        inbox, _ = pull_all(d)
    assert [c.payload.fact for c in inbox] == [  # type: ignore[union-attr]
        request.payload.fact,
        good.payload.fact,  # type: ignore[union-attr]
    ]


def test_newest_revision_wins_and_reaches_the_department(hub: Hub) -> None:
    window, department, w_token, d_token = setup(hub)
    case = case_change(window)
    request = request_change(case, department)
    withdrawn = request_change(
        case, department, record_id=str(request.record_id), revision=2, status="withdrawn"
    )
    older = request_change(
        case, department, record_id=str(request.record_id), revision=1, fact="旧的内容"
    )
    with hub.client(w_token) as w, hub.client(d_token) as d:
        w.push([case, request])
        inbox, cursor = pull_all(d)
        assert [c.revision for c in inbox] == [1]
        assert outcomes(w.push([withdrawn]).results) == ["stored"]
        # revision 1 again, but with other content than the hub holds for it: a conflict
        assert outcomes(w.push([older]).results) == ["conflict"]
        # revision 1 again with its content (another change id): nothing new
        again = build_change(request.payload, record_id=request.record_id, revision=1)
        assert outcomes(w.push([again]).results) == ["duplicate"]
        # a state older than the newest, never seen before, arriving late: kept, changes nothing
        rid = str(request.record_id)
        fourth = request_change(case, department, record_id=rid, revision=4, status="withdrawn")
        third = request_change(case, department, record_id=rid, revision=3, fact="第三版")
        assert outcomes(w.push([fourth, third]).results) == ["stored", "stale"]
        assert outcomes(w.push([third]).results) == ["duplicate"]
        news, _ = pull_all(d, cursor)
    assert [c.revision for c in news] == [2, 4]
    assert {c.payload.status for c in news} == {"withdrawn"}  # type: ignore[union-attr]


def test_answers_once_and_conflicting_answers(hub: Hub) -> None:
    window, department, w_token, d_token = setup(hub)
    case = case_change(window)
    request = request_change(case, department)
    answer = answer_change(request.record_id, "confirmed", "属实")
    with hub.client(w_token) as w, hub.client(d_token) as d:
        w.push([case, request])
        assert outcomes(d.push([answer]).results) == ["stored"]
        assert outcomes(d.push([answer]).results) == ["duplicate"]
        same_answer = build_change(answer.payload, record_id=request.record_id, revision=1)
        assert outcomes(d.push([same_answer]).results) == ["duplicate"]  # another device, same
        other = answer_change(request.record_id, "denied", "查无此人")
        results = d.push([other]).results
        assert outcomes(results) == ["conflict"] and results[0].status == 409
        unknown = answer_change(request_change(case, department).record_id)
        assert outcomes(d.push([unknown]).results) == ["not_found"]
        answers, _ = pull_all(w)
    assert answers == [answer]
    assert hub.counts()["answers"] >= 1


def test_resolution_needs_its_case_first(hub: Hub) -> None:
    window, _department, w_token, _ = setup(hub)
    case = case_change(window)
    resolution = build_change(
        ResolutionPayload(case_id=case.record_id, item_code="C0001", measure="cancel"),
        record_id=case.record_id.hex[:8] + "-0000-7000-8000-000000000001",
        revision=1,
    )
    with hub.client(w_token) as w:
        assert outcomes(w.push([resolution]).results) == ["not_found"]
        # in outbox order the case comes first, then everything that refers to it
        assert outcomes(w.push([case, resolution]).results) == ["stored", "stored"]


def _audit_entries(hub: Hub) -> int:
    from sqlalchemy import func, select

    from app.hub.models import HubAuditEntry

    with hub.store.read() as session:
        return int(session.scalar(select(func.count()).select_from(HubAuditEntry)) or 0)
