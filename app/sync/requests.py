"""The window's verification requests and data queries, as the clerk follows them.

    list_requests(db, open_only=False, today=None) -> list[RequestSummary]   # newest first

Each with its case, state, answer, whether it is overdue, whether the hub has it yet
(``provisional``) and, when the hub refused a change to it, the hub's reason (``refused``):
a conflict is shown, never dropped silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from app.cases.applicant import mask_id
from app.cases.progress import (
    ANSWER_LABELS,
    PENDING_REQUESTS,
    REQUEST_STATUS_LABELS,
    request_overdue,
)
from app.catalog.views import MEASURE_LABELS
from app.domain import Answer, CaseStatus, Measure, RequestStatus
from app.storage.db import Database
from app.storage.models import Case, CertificateItem, Department, OutboxEntry, VerificationRequest
from app.sync.identity import load_enrolment


@dataclass(frozen=True)
class RequestSummary:
    id: str
    case_id: str
    case_number: str
    case_status: CaseStatus
    item_code: str
    item_name: str
    kind: Measure  # share (data query) or verify
    provider_code: str
    provider_name: str
    subject_name: str
    subject_id_masked: str
    deadline: date | None
    status: RequestStatus
    answer: Answer | None
    answer_note: str
    answered_by: str
    answered_at: datetime | None
    overdue: bool
    provisional: bool  # connected, and the hub does not have its latest state yet
    refused: str  # the hub refused a change to it: the reason ("" when none)

    @property
    def kind_label(self) -> str:
        return MEASURE_LABELS[self.kind]

    @property
    def status_label(self) -> str:
        return REQUEST_STATUS_LABELS[self.status]

    @property
    def answer_label(self) -> str:
        return ANSWER_LABELS[self.answer] if self.answer else ""


def list_requests(
    db: Database, *, open_only: bool = False, today: date | None = None
) -> list[RequestSummary]:
    """This window's requests, newest first (``open_only``: still waiting for an answer)."""
    day = today or date.today()
    with db.reading() as session:
        query = (
            select(VerificationRequest, Case.number, Case.status, CertificateItem)
            .join(Case, Case.id == VerificationRequest.case_id)
            .join(CertificateItem, CertificateItem.id == VerificationRequest.item_id)
        )
        if open_only:
            query = query.where(VerificationRequest.status.in_(PENDING_REQUESTS))
        rows = session.execute(
            query.order_by(VerificationRequest.created_at.desc(), VerificationRequest.id.desc())
        ).all()
        names = dict(session.execute(select(Department.code, Department.name)).all())
        connected = load_enrolment(session) is not None
        waiting: dict[str, str] = {}
        ids = [row[0].id for row in rows]
        for start in range(0, len(ids), 500):
            for record_id, outcome, message in session.execute(
                select(
                    OutboxEntry.record_id, OutboxEntry.refused_outcome, OutboxEntry.refused_message
                ).where(OutboxEntry.record_id.in_(ids[start : start + 500]))
            ):
                if outcome or record_id not in waiting:
                    waiting[record_id] = f"{outcome}: {message}".strip(": ") if outcome else ""
        return [
            RequestSummary(
                id=r.id,
                case_id=r.case_id,
                case_number=number,
                case_status=case_status,
                item_code=item.code,
                item_name=item.name,
                kind=r.kind,
                provider_code=r.provider_code,
                provider_name=names.get(r.provider_code, r.provider_code),
                subject_name=r.subject_name,
                subject_id_masked=mask_id(r.subject_id_no),
                deadline=r.deadline,
                status=r.status,
                answer=r.answer,
                answer_note=r.answer_note,
                answered_by=r.answered_by,
                answered_at=r.answered_at,
                overdue=request_overdue(r.status, r.deadline, day),
                provisional=connected and r.id in waiting,
                refused=waiting.get(r.id, ""),
            )
            for r, number, case_status, item in rows
        ]
