"""The evidence behind a resolution: the pledge it files, the request it sends, and taking them
back when the item is resolved again or the case is cancelled.

    add_pledge(session, case, resolution, text, actor=...) -> Pledge
    add_request(session, case, resolution, option, due=..., actor=...) -> VerificationRequest
    withdraw_request(session, resolution, actor=...) -> bool   # unanswered only; stays linked
    drop_pledge(session, resolution, actor=...) -> bool        # unchecked only; deleted
    clear_evidence(session, resolution, actor=...)             # both, and unlink them
    stamp_pledge_form(session, case, form_hash, pledge_ids=..., actor=...)  # form printed

Every function works in the caller's transaction and audits and queues what it changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import audit
from app.cases.applicant import mask_id
from app.cases.options import MeasureOption
from app.cases.progress import PENDING_REQUESTS
from app.cases.records import enqueue, record_change
from app.domain import CheckOutcome, RequestStatus
from app.errors import UserError
from app.storage.models import Case, Pledge, Resolution, VerificationRequest


def add_pledge(
    session: Session, case: Case, resolution: Resolution, text: str, *, actor: str
) -> Pledge:
    """File the applicant's pledge for the resolution's item and link it."""
    item = resolution.item
    pledge = Pledge(case_id=case.id, item_id=item.id, text=text)
    session.add(pledge)
    session.flush()
    resolution.pledge_id = pledge.id
    detail = {"case": case.number, "item": item.code}
    record_change(session, "pledge.create", "pledge", pledge, detail, actor=actor)
    return pledge


def add_request(
    session: Session,
    case: Case,
    resolution: Resolution,
    option: MeasureOption,
    *,
    due: date,
    actor: str,
) -> VerificationRequest:
    """Queue a data query or verification request (``option``) for the item, due on ``due``."""
    item = resolution.item
    request = VerificationRequest(
        case_id=case.id,
        item_id=item.id,
        kind=option.measure,
        subject_kind=case.applicant_kind,
        subject_name=case.applicant_name,
        subject_id_no=case.applicant_id_no,
        fact=f"核实{case.applicant_name}的{item.name}",
        provider_code=option.provider_code,
        window_code=case.window_code,
        deadline=due,
        status=RequestStatus.QUEUED,
    )
    session.add(request)
    session.flush()
    resolution.request_id = request.id
    detail = {
        "case": case.number,
        "item": item.code,
        "kind": option.measure.value,
        "provider": request.provider_code,
        "subject": mask_id(case.applicant_id_no),
        "deadline": due.isoformat(),
    }
    record_change(session, "request.create", "verification_request", request, detail, actor=actor)
    return request


def withdraw_request(session: Session, resolution: Resolution, *, actor: str) -> bool:
    """Withdraw the resolution's request if still unanswered (it stays linked); True if so."""
    request = resolution.request
    if request is None or request.status not in PENDING_REQUESTS:
        return False
    request.status = RequestStatus.WITHDRAWN
    session.flush()
    detail = {"case": resolution.case.number, "item": resolution.item.code}
    record_change(session, "request.withdraw", "verification_request", request, detail, actor=actor)
    return True


def drop_pledge(session: Session, resolution: Resolution, *, actor: str) -> bool:
    """Unlink and delete the resolution's pledge if nobody checked it yet; True if so.

    A spot-checked pledge is evidence of its own and is kept (and stays linked).
    """
    pledge = resolution.pledge
    if pledge is None or pledge.check_outcome != CheckOutcome.UNCHECKED:
        return False
    resolution.pledge_id = None
    session.flush()
    enqueue(session, pledge, actor=actor, deleted=True)
    audit.record(
        session,
        actor=actor,
        action="pledge.drop",
        entity="pledge",
        entity_id=pledge.id,
        detail={"case": resolution.case.number, "item": resolution.item.code},
    )
    session.delete(pledge)
    session.flush()
    session.expire(resolution, ["pledge"])
    return True


def clear_evidence(session: Session, resolution: Resolution, *, actor: str) -> None:
    """Withdraw the earlier unanswered request and drop the earlier unchecked pledge."""
    withdraw_request(session, resolution, actor=actor)
    drop_pledge(session, resolution, actor=actor)
    resolution.request_id = None
    resolution.pledge_id = None
    session.flush()
    session.expire(resolution, ["request", "pledge"])


def stamp_pledge_form(
    session: Session,
    case: Case,
    form_hash: str,
    *,
    pledge_ids: Sequence[str] | None,
    actor: str,
) -> None:
    """Store the printed form's hash on every pledge of the case (one form holds them all).

    Audited once for the form and each pledge queued for the hub. Refused when the case has no
    pledges, or when ``pledge_ids`` (the pledges the form printed) are not the case's pledges.
    """
    pledges = session.scalars(
        select(Pledge).where(Pledge.case_id == case.id).order_by(Pledge.created_at, Pledge.id)
    ).all()
    if not pledges:
        raise UserError(f"办件 {case.number} 没有以告知承诺方式办理的证明事项，无需打印承诺书。")
    ids = [p.id for p in pledges]
    if pledge_ids is not None and sorted(pledge_ids) != sorted(ids):
        raise UserError(f"办件 {case.number} 的承诺在打印期间发生了变化，请重新打印告知承诺书。")
    for pledge in pledges:
        pledge.form_hash = form_hash
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="pledge_form.printed",
        entity="case",
        entity_id=case.id,
        detail={"case": case.number, "pledges": ids, "form_hash": form_hash},
    )
    for pledge in pledges:
        enqueue(session, pledge, actor=actor)
