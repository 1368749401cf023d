"""Applying pulled changes: idempotent, in one transaction, never queued back to the hub.

These drive app.sync.pull.apply_changes with real wire changes (as the hub hands them out);
the end-to-end tests against a real hub process are in test_sync_e2e.py.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
from cases_catalog import PERSON_ID, install
from sqlalchemy import func, select

from app.audit import verify_chain
from app.cases import CaseService, validate_applicant
from app.domain import Answer, CaseStatus, RequestStatus
from app.errors import UserError
from app.ids import new_id
from app.storage.db import Database
from app.storage.models import AuditEntry, InboxRequest, OutboxEntry, VerificationRequest
from app.sync.identity import Enrolment, load_enrolment, save_enrolment
from app.sync.inbox import InboxService
from app.sync.pull import apply_changes
from app.sync.wire import (
    AnswerPayload,
    AnyChange,
    DeviceKind,
    VerificationRequestPayload,
    build_change,
)

MONDAY = date(2026, 3, 2)


def _enrol(db: Database, kind: DeviceKind, code: str) -> Enrolment:
    enrolment = Enrolment(
        kind=kind,
        code=code,
        device_name=f"{code} 电脑",
        hub_url="http://127.0.0.1:9",
        hub_id="0190c5a4-0000-7000-8000-000000000000",
        hub_name="示范县",
        key="test",
        enrolled_at=datetime(2026, 3, 1),
    )
    with db.session() as session:
        save_enrolment(session, enrolment)
    return enrolment


def _apply(db: Database, changes: list[AnyChange]) -> tuple[int, int]:
    with db.session() as session:
        enrolment = load_enrolment(session)
        assert enrolment is not None
        return apply_changes(session, changes, enrolment)


def _answer(request_id: str, answer: str = "confirmed", note: str = "") -> AnyChange:
    payload = AnswerPayload.model_validate(
        {
            "answer": answer,
            "note": note,
            "answered_by": "赵核验",
            "answered_at": datetime(2026, 3, 3, 2, 0),
        }
    )
    return build_change(payload, record_id=request_id, revision=1, clerk="赵核验")


def _count(db: Database, model: type) -> int:
    with db.reading() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


@pytest.fixture
def window(db: Database) -> CaseService:
    install(db)
    _enrol(db, DeviceKind.WINDOW, "HF01")
    return CaseService(db, clerk="李娜", today=lambda: MONDAY)


def test_an_answer_updates_the_case_once_and_is_not_queued_back(window: CaseService) -> None:
    zhang = validate_applicant("person", "张三", PERSON_ID, "")
    case = window.new_case(zhang, matter_code="M1")
    window.resolve(case.id, "C1", "cancel")
    window.resolve(case.id, "C5", "pledge")
    request = window.resolve(case.id, "C2", "verify").resolution("C2").request_id or ""
    with pytest.raises(UserError, match="还不能办结"):
        window.finish(case.id)
    queued = _count(window.db, OutboxEntry)
    audited = _count(window.db, AuditEntry)

    change = _answer(request, note="无犯罪记录")
    assert _apply(window.db, [change]) == (1, 0)
    assert _apply(window.db, [change, change]) == (0, 0)  # the same change again: nothing

    view = window.get(case.id)
    res = view.resolution("C2")
    assert (res.request_status, res.request_answer) == (RequestStatus.ANSWERED, Answer.CONFIRMED)
    assert res.request_answer_note == "无犯罪记录"
    assert _count(window.db, OutboxEntry) == queued  # the hub has the answer already
    assert _count(window.db, AuditEntry) == audited + 1
    assert window.finish(case.id).status == CaseStatus.FINISHED
    with window.db.reading() as session:
        assert verify_chain(session) is None


def test_an_answer_to_a_cancelled_case_is_recorded_not_reopened(window: CaseService) -> None:
    zhang = validate_applicant("person", "张三", PERSON_ID, "")
    case = window.new_case(zhang, matter_code="M1")
    request = window.resolve(case.id, "C2", "verify").resolution("C2").request_id or ""
    window.cancel(case.id, "申请人放弃申请")
    queued = _count(window.db, OutboxEntry)
    assert _apply(window.db, [_answer(request, "denied")]) == (1, 0)
    with window.db.reading() as session:
        row = session.get(VerificationRequest, request)
        assert row is not None
        assert (row.status, row.answer) == (RequestStatus.WITHDRAWN, Answer.DENIED)
    assert window.get(case.id).status == CaseStatus.CANCELLED
    assert _count(window.db, OutboxEntry) == queued


def test_an_answer_to_a_request_this_pc_never_made_is_skipped(window: CaseService) -> None:
    assert _apply(window.db, [_answer(new_id())]) == (0, 1)


def _request(revision: int, status: str, deadline: date, record_id: str) -> AnyChange:
    payload = VerificationRequestPayload.model_validate(
        {
            "case_id": "0190c5a4-1111-7000-8000-000000000000",
            "item_code": "C2",
            "kind": "verify",
            "subject_kind": "person",
            "subject_name": "张三",
            "subject_id_no": PERSON_ID,
            "fact": "核实张三的无犯罪记录证明",
            "provider_code": "D-GA",
            "window_code": "HF01",
            "deadline": deadline,
            "status": status,
            "created_at": datetime(2026, 3, 2, 1, 0),
        }
    )
    return build_change(
        payload,
        record_id=record_id,
        revision=revision,
        clerk="李娜",
        case_number="HF01-20260302-0001",
    )


@pytest.fixture
def department(db: Database) -> InboxService:
    install(db)
    _enrol(db, DeviceKind.DEPARTMENT, "D-GA")
    return InboxService(db, answerer="赵核验", today=lambda: MONDAY)


def test_requests_fill_the_inbox_newest_revision_kept(department: InboxService) -> None:
    first, second = new_id(), new_id()
    sent = _request(1, "sent", date(2026, 3, 5), first)
    assert _apply(department.db, [sent, _request(1, "sent", date(2026, 2, 27), second)]) == (2, 0)
    assert _apply(department.db, [sent]) == (0, 0)
    items = department.list()
    assert [i.id for i in items] == [second, first]  # the oldest deadline first
    late, fresh = items
    assert (late.overdue, late.days_left, late.state_text) == (True, -1, "已超期 1 个工作日")
    assert (fresh.overdue, fresh.days_left) == (False, 3)
    assert fresh.item_name == "无犯罪记录证明" and fresh.subject_id_masked == "110105********002X"
    assert [i.id for i in department.list(overdue_only=True)] == [second]
    assert department.counts().waiting == 2

    withdrawn = _request(2, "withdrawn", date(2026, 3, 5), first)
    assert _apply(department.db, [withdrawn]) == (1, 0)
    assert _apply(department.db, [sent]) == (0, 0)  # an older revision changes nothing
    assert [i.id for i in department.list()] == [second]
    with pytest.raises(UserError, match="已撤回"):
        department.answer(first, "confirmed")


def test_a_department_answers_once_through_its_outbox(department: InboxService) -> None:
    request = new_id()
    _apply(department.db, [_request(1, "sent", date(2026, 3, 5), request)])
    with pytest.raises(UserError, match="未知的核验结论"):
        department.answer(request, "maybe")
    item = department.answer(request[:10], "unknown", note="系统中无记录")
    assert item.answer == Answer.UNDETERMINED and item.provisional
    assert item.state_text == "已答复：无法确定（待同步）"
    with pytest.raises(UserError, match="不能重复答复"):
        department.answer(request, "confirmed")
    with department.db.reading() as session:
        entries = session.scalars(select(OutboxEntry)).all()
        assert [(e.kind, e.record_id, e.revision) for e in entries] == [("answer", request, 1)]
        assert entries[0].data["answer"] == "undetermined"
        assert entries[0].data["answered_by"] == "赵核验"
        assert PERSON_ID not in entries[0].payload
        assert session.get(InboxRequest, request) is not None


def test_revealing_the_subjects_id_is_audited(department: InboxService) -> None:
    request = new_id()
    _apply(department.db, [_request(1, "sent", date(2026, 3, 5), request)])
    assert PERSON_ID not in str(department.get(request))
    assert department.reveal(request) == PERSON_ID
    with department.db.reading() as session:
        last = session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
        assert last is not None
        assert (last.action, last.actor, last.entity_id) == ("inbox.reveal", "赵核验", request)
        assert PERSON_ID not in str(last.detail)
