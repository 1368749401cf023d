"""Cancelling a case (撤销办件): what it withdraws, drops and keeps, and what it refuses."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from cases_catalog import PERSON_ID, install
from sqlalchemy import func, select

from app.audit import verify_chain
from app.cases import CaseService, validate_applicant
from app.errors import UserError
from app.storage.db import Database
from app.storage.models import (
    AuditEntry,
    Case,
    CaseStatus,
    CheckOutcome,
    OutboxEntry,
    Pledge,
    RequestStatus,
    VerificationRequest,
)

FRIDAY = date(2026, 3, 6)


@pytest.fixture
def svc(db: Database) -> CaseService:
    install(db)
    return CaseService(db, clerk="李娜", window_code="HF01", today=lambda: FRIDAY)


def zhang() -> Any:
    return validate_applicant("person", "张三", PERSON_ID, "13812345678")


def state(db: Database) -> tuple[Any, ...]:
    """Everything a refused cancel must leave as it was."""
    with db.session() as session:
        return (
            session.scalar(select(func.count()).select_from(AuditEntry)),
            session.scalar(select(func.count()).select_from(OutboxEntry)),
            tuple(session.execute(select(Case.id, Case.status, Case.cancel_reason)).all()),
            tuple(session.execute(select(VerificationRequest.id, VerificationRequest.status))),
            tuple(session.scalars(select(Pledge.id))),
        )


def test_cancel_withdraws_requests_drops_pledges_and_is_audited(
    svc: CaseService, db: Database
) -> None:
    case = svc.new_case(zhang(), bundle_code="B1")
    svc.resolve(case.id, "C1", "cancel")
    svc.resolve(case.id, "C5", "pledge")
    view = svc.resolve(case.id, "C2", "verify")
    svc.resolve(case.id, "C3", "share")
    answered = view.resolution("C2").request_id or ""
    svc.answer_request(answered, "confirmed", answered_by="王警官")
    view = svc.get(case.id)
    pending = view.resolution("C3").request_id
    pledge = view.resolution("C5").pledge_id
    with db.session() as session:
        audit_before = session.scalar(select(func.max(AuditEntry.seq)))

    done = svc.cancel(case.number, "  申请人放弃申请 \n ")

    assert done.status == CaseStatus.CANCELLED and done.status_label == "已撤销"
    assert done.cancel_reason == "申请人放弃申请" and done.cancelled_at is not None
    assert done.missing == () and not done.can_finish
    # the unanswered request is withdrawn but stays on the case; the answered one is kept
    c3 = done.resolution("C3")
    assert c3.request_id == pending and c3.request_status == RequestStatus.WITHDRAWN
    assert c3.state_text == "核验请求已撤回"
    assert done.resolution("C2").request_status == RequestStatus.ANSWERED
    # the unchecked pledge is dropped, as re-resolving drops it
    assert done.resolution("C5").pledge_id is None
    assert done.resolution("C5").state_text == "承诺书已作废"
    with db.session() as session:
        assert session.get(Pledge, pledge) is None
        request = session.get(VerificationRequest, pending)
        assert request is not None and request.status == RequestStatus.WITHDRAWN
        entries = session.scalars(
            select(AuditEntry).where(AuditEntry.seq > audit_before).order_by(AuditEntry.seq)
        ).all()
        # in the order of the case's items: C5 (pledge) comes before C3 (share) in B1
        assert [e.action for e in entries] == ["pledge.drop", "request.withdraw", "case.cancel"]
        last = entries[-1]
        assert last.entity_id == case.id and last.actor == "李娜"
        assert last.detail["reason"] == "申请人放弃申请"
        assert last.detail["applicant"] == "110105********002X"
        assert (last.detail["requests_withdrawn"], last.detail["pledges_dropped"]) == (1, 1)
        assert PERSON_ID not in " ".join(str(e.detail) for e in entries)
        assert verify_chain(session) is None
        # the hub learns all of it through the outbox
        outbox = session.scalars(select(OutboxEntry).order_by(OutboxEntry.seq)).all()
        case_payload = [e.data for e in outbox if e.kind == "case"][-1]
        assert case_payload["status"] == "cancelled"
        assert case_payload["cancel_reason"] == "申请人放弃申请"
        assert [e.data["status"] for e in outbox if e.record_id == pending][-1] == "withdrawn"
        assert [e.data["deleted"] for e in outbox if e.record_id == pledge][-1] is True

    # the list shows it cancelled, waiting for nothing; the clerk can no longer change it
    summary = svc.list_cases()[0]
    assert (summary.status_label, summary.waiting_for, summary.overdue) == ("已撤销", "", False)
    assert svc.list_cases(open_only=True) == []
    assert [c.id for c in svc.list_cases(status=CaseStatus.CANCELLED)] == [case.id]
    with pytest.raises(UserError, match="已撤销，不能再修改"):
        svc.resolve(case.id, "C4", "substitute")
    with pytest.raises(UserError, match="已撤销，不能再修改"):
        svc.finish(case.id)
    with pytest.raises(UserError, match=f"办件 {case.number} 已撤销），无需答复"):
        svc.answer_request(pending or "", "confirmed")


def test_a_spot_checked_pledge_is_kept(svc: CaseService, db: Database) -> None:
    case = svc.new_case(zhang(), matter_code="M4")
    pledge = svc.resolve(case.id, "C5", "pledge").resolution("C5").pledge_id
    with db.session() as session:  # a supervisor's spot check found it true
        checked = session.get(Pledge, pledge)
        assert checked is not None
        checked.check_outcome = CheckOutcome.TRUE
    view = svc.cancel(case.id, "选错了事项")
    assert view.resolution("C5").pledge_id == pledge
    with db.session() as session:
        assert session.get(Pledge, pledge) is not None
        detail = session.scalars(select(AuditEntry.detail).order_by(AuditEntry.seq.desc())).first()
        assert detail is not None and detail["pledges_dropped"] == 0


def test_refusals_change_nothing(svc: CaseService, db: Database) -> None:
    open_case = svc.new_case(zhang(), matter_code="M1")
    svc.resolve(open_case.id, "C2", "verify")
    svc.resolve(open_case.id, "C5", "pledge")
    finished = svc.new_case(zhang(), matter_code="M4")
    svc.resolve(finished.id, "C5", "pledge")
    svc.finish(finished.id)
    cancelled = svc.new_case(zhang(), matter_code="M4")
    svc.cancel(cancelled.id, "申请人离开")
    before = state(db)

    for blank in ("", "   ", "\n"):
        with pytest.raises(UserError, match="请填写撤销原因"):
            svc.cancel(open_case.id, blank)
    with pytest.raises(UserError, match="撤销原因过长"):
        svc.cancel(open_case.id, "长" * 501)
    with pytest.raises(UserError, match=f"办件 {finished.number} 已办结，不能撤销"):
        svc.cancel(finished.number, "申请人离开")
    with pytest.raises(UserError, match=f"办件 {cancelled.number} 已撤销，无需重复撤销"):
        svc.cancel(cancelled.id, "再次撤销")
    with pytest.raises(UserError, match="没有找到办件"):
        svc.cancel("HF01-19990101-0001", "申请人离开")

    assert state(db) == before
    assert svc.get(open_case.id).status == CaseStatus.OPEN
    assert svc.get(open_case.id).resolution("C2").request_status == RequestStatus.QUEUED


def test_an_overdue_case_cancelled_is_no_longer_overdue(db: Database) -> None:
    install(db)
    today = {"day": FRIDAY}
    svc = CaseService(db, clerk="李娜", window_code="HF01", today=lambda: today["day"])
    case = svc.new_case(zhang(), matter_code="M2")
    svc.resolve(case.id, "C2", "verify")
    today["day"] = date(2026, 3, 20)
    assert svc.refresh_overdue() == 1
    assert svc.list_cases()[0].overdue
    svc.cancel(case.id, "申请人放弃申请")
    summary = svc.list_cases()[0]
    assert not summary.overdue and summary.waiting_for == ""
    with db.session() as session:
        statuses = session.scalars(select(VerificationRequest.status)).all()
    assert statuses == [RequestStatus.WITHDRAWN]
