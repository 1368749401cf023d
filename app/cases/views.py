"""Read-only views of cases for the intake dialog, the case list, the CLI and printing.

Frozen dataclasses built in one session and detached from it. They never hold a full resident
ID or credit code: only the masked form (110105********002X).

Assembly (inside the caller's session)::

    read_case(session, case_ref, today=...) -> CaseView     # id, id prefix or case number
    case_view(session, case, today=...) -> CaseView          # a case loaded with CASE_LOAD
    case_facts(session, case, today=...) -> CaseFacts        # what options and views need
    resolution_options(case, resolution, facts) -> list[MeasureOption]

Where an item stands (done, state text, what is missing) is :mod:`app.cases.progress`; which
measures it may use is :mod:`app.cases.options`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.cases.applicant import mask_id
from app.cases.credit import CreditRecordView, active_records
from app.cases.lookup import find_case
from app.cases.options import MeasureOption, measure_options
from app.cases.progress import (
    ANSWER_LABELS,
    FAILED_ANSWERS,
    PENDING_REQUESTS,
    REQUEST_STATUS_LABELS,
    Need,
    missing,
    need_of,
    request_overdue,
    window_text,
)
from app.catalog.views import MEASURE_LABELS, item_view
from app.domain import Answer, ApplicantKind, CaseStatus, Measure, RequestStatus
from app.jsonutil import to_dict
from app.storage.models import (
    Bundle,
    BundleMatter,
    Case,
    CertificateItem,
    CreditRecord,
    Department,
    Pledge,
    Resolution,
    VerificationRequest,
)
from app.sync.outbox import provisional_records

CASE_STATUS_LABELS: dict[CaseStatus, str] = {
    CaseStatus.OPEN: "办理中",
    CaseStatus.FINISHED: "已办结",
    CaseStatus.CANCELLED: "已撤销",
}


@dataclass(frozen=True)
class ResolutionView:
    item_code: str
    item_name: str
    issuer: str
    legal_basis: str
    allowed: tuple[Measure, ...]
    measure: Measure | None = None
    pledge_id: str | None = None
    pledge_text: str = ""
    request_id: str | None = None
    request_kind: Measure | None = None
    request_status: RequestStatus | None = None
    request_provider: str = ""
    request_fact: str = ""
    request_deadline: date | None = None
    request_answer: Answer | None = None
    request_answer_note: str = ""
    request_overdue: bool = False
    substitute_document: str = ""
    submitted: bool | None = None
    note: str = ""
    resolved_at: datetime | None = None

    @property
    def measure_label(self) -> str:
        return MEASURE_LABELS[self.measure] if self.measure else "未处理"

    @property
    def need(self) -> Need:
        """What this item still needs (:func:`app.cases.progress.item_need`)."""
        return need_of(self)

    @property
    def done(self) -> bool:
        """True when this item needs nothing more before the case can be finished."""
        return self.need is Need.NOTHING

    @property
    def state_text(self) -> str:
        """A short Chinese description of where this item stands."""
        return window_text(self)


@dataclass(frozen=True)
class RequestView:
    """A verification request (or data query) of a case, withdrawn ones included."""

    id: str
    item_code: str
    item_name: str
    kind: Measure
    fact: str
    provider_code: str
    provider_name: str
    deadline: date | None
    status: RequestStatus
    answer: Answer | None
    overdue: bool
    provisional: bool = False  # made offline: the hub does not have its latest state yet

    @property
    def pending(self) -> bool:
        return self.status in PENDING_REQUESTS


@dataclass(frozen=True)
class PledgeView:
    """A pledge on file for a case (what its pledge form prints)."""

    id: str
    item_code: str
    item_name: str
    issuer: str
    legal_basis: str
    text: str


@dataclass(frozen=True)
class CaseView:
    id: str
    number: str
    status: CaseStatus
    applicant_kind: ApplicantKind
    applicant_name: str
    applicant_id_masked: str
    phone: str
    matter_code: str | None
    matter_name: str
    bundle_code: str | None
    bundle_name: str
    clerk: str
    window_code: str
    created_at: datetime
    finished_at: datetime | None
    resolutions: tuple[ResolutionView, ...]
    missing: tuple[str, ...]
    can_finish: bool
    cancelled_at: datetime | None = None
    cancel_reason: str = ""
    materials: tuple[str, ...] = ()  # what the matter(s) still require (ID card, licences)
    requests: tuple[RequestView, ...] = ()  # every request of the case, oldest first
    pledges: tuple[PledgeView, ...] = ()  # every pledge on file, oldest first
    # connected, and some change to the case or its records is not at the hub yet (shown as
    # 待同步); always False for a standalone window
    provisional: bool = False
    catalog_version: str = ""  # the catalog version the case was taken in under

    @property
    def subject(self) -> str:
        """The matter's or bundle's name."""
        return self.bundle_name if self.bundle_code else self.matter_name

    @property
    def subject_code(self) -> str:
        return (self.bundle_code or self.matter_code) or ""

    @property
    def status_label(self) -> str:
        return CASE_STATUS_LABELS[self.status]

    def resolution(self, item_code: str) -> ResolutionView:
        for res in self.resolutions:
            if res.item_code == item_code:
                return res
        raise KeyError(item_code)


@dataclass(frozen=True)
class CaseSummary:
    id: str
    number: str
    status: CaseStatus
    applicant_name: str
    applicant_id_masked: str
    subject: str
    created_at: datetime
    waiting_for: str
    overdue: bool
    provisional: bool = False  # see CaseView.provisional

    @property
    def status_label(self) -> str:
        return CASE_STATUS_LABELS[self.status]


@dataclass(frozen=True)
class CasePage:
    """The cases one list of the cases tab shows, and how many it selects in all."""

    cases: list[CaseSummary]
    total: int

    @property
    def limited(self) -> bool:
        """True when only the newest of more cases are shown."""
        return self.total > len(self.cases)


# ---------------------------------------------------------------------------- assembly

CASE_LOAD = (
    selectinload(Case.resolutions)
    .selectinload(Resolution.item)
    .selectinload(CertificateItem.measures),
    selectinload(Case.resolutions).selectinload(Resolution.pledge),
    selectinload(Case.resolutions).selectinload(Resolution.request),
    selectinload(Case.matter),
    selectinload(Case.bundle).selectinload(Bundle.matter_links).selectinload(BundleMatter.matter),
)


@dataclass(frozen=True)
class CaseFacts:
    """What a case's options and view need beyond its own rows, read once per transaction."""

    today: date
    names: dict[str, str]  # department names by code
    credit: tuple[CreditRecord, ...]  # the applicant's active credit records
    requests: tuple[VerificationRequest, ...]  # every request of the case, oldest first

    @property
    def failed(self) -> frozenset[int]:
        """Items of the case with a denied or undetermined answer."""
        return frozenset(r.item_id for r in self.requests if r.answer in FAILED_ANSWERS)


def case_facts(session: Session, case: Case, *, today: date) -> CaseFacts:
    names = {code: name for code, name in session.execute(select(Department.code, Department.name))}
    requests = session.scalars(
        select(VerificationRequest)
        .where(VerificationRequest.case_id == case.id)
        .options(selectinload(VerificationRequest.item))
        .order_by(VerificationRequest.created_at, VerificationRequest.id)
    ).all()
    credit = active_records(session, case.applicant_id_no, today)
    return CaseFacts(today=today, names=names, credit=tuple(credit), requests=tuple(requests))


def resolution_options(case: Case, resolution: Resolution, facts: CaseFacts) -> list[MeasureOption]:
    """:func:`app.cases.options.measure_options` for one item of a loaded case."""
    return measure_options(
        item_view(resolution.item, facts.names),
        case.applicant_name,
        facts.credit,
        failed=resolution.item_id in facts.failed,
        current=resolution.measure,
    )


def _resolution_view(case: Case, resolution: Resolution, facts: CaseFacts) -> ResolutionView:
    item = resolution.item
    request = resolution.request
    pledge = resolution.pledge
    allowed = tuple(o.measure for o in resolution_options(case, resolution, facts))
    return ResolutionView(
        item_code=item.code,
        item_name=item.name,
        issuer=item.issuer,
        legal_basis=item.legal_basis,
        allowed=allowed,
        measure=resolution.measure,
        pledge_id=pledge.id if pledge else None,
        pledge_text=pledge.text if pledge else "",
        request_id=request.id if request else None,
        request_kind=request.kind if request else None,
        request_status=request.status if request else None,
        request_provider=(
            facts.names.get(request.provider_code, request.provider_code) if request else ""
        ),
        request_fact=request.fact if request else "",
        request_deadline=request.deadline if request else None,
        request_answer=request.answer if request else None,
        request_answer_note=request.answer_note if request else "",
        request_overdue=(
            request_overdue(request.status, request.deadline, facts.today) if request else False
        ),
        substitute_document=resolution.substitute_document,
        submitted=resolution.submitted,
        note=resolution.note,
        resolved_at=resolution.resolved_at,
    )


def _request_view(
    request: VerificationRequest, facts: CaseFacts, unsynced: set[str]
) -> RequestView:
    return RequestView(
        id=request.id,
        item_code=request.item.code,
        item_name=request.item.name,
        kind=request.kind,
        fact=request.fact,
        provider_code=request.provider_code,
        provider_name=facts.names.get(request.provider_code, request.provider_code),
        deadline=request.deadline,
        status=request.status,
        answer=request.answer,
        overdue=request_overdue(request.status, request.deadline, facts.today),
        provisional=request.id in unsynced,
    )


def _pledges(session: Session, case: Case) -> tuple[PledgeView, ...]:
    rows = session.scalars(
        select(Pledge)
        .where(Pledge.case_id == case.id)
        .options(selectinload(Pledge.item))
        .order_by(Pledge.created_at, Pledge.id)
    )
    return tuple(
        PledgeView(
            id=p.id,
            item_code=p.item.code,
            item_name=p.item.name,
            issuer=p.item.issuer,
            legal_basis=p.item.legal_basis,
            text=p.text,
        )
        for p in rows
    )


def _materials(case: Case) -> tuple[str, ...]:
    """The materials the case's matter (or every matter of its bundle) requires, each once."""
    matters = case.bundle.matters if case.bundle else [case.matter] if case.matter else []
    materials: dict[str, None] = {}
    for matter in matters:
        materials.update(dict.fromkeys(str(m) for m in matter.materials))
    return tuple(materials)


def case_view(session: Session, case: Case, *, today: date) -> CaseView:
    """The view of a case loaded with :data:`CASE_LOAD`."""
    facts = case_facts(session, case, today=today)
    unsynced = provisional_records(session, case.id)
    resolutions = tuple(_resolution_view(case, r, facts) for r in case.resolutions)
    reasons = missing(resolutions) if case.status == CaseStatus.OPEN else ()
    return CaseView(
        id=case.id,
        number=case.number,
        status=case.status,
        applicant_kind=case.applicant_kind,
        applicant_name=case.applicant_name,
        applicant_id_masked=mask_id(case.applicant_id_no),
        phone=case.phone,
        matter_code=case.matter.code if case.matter else None,
        matter_name=case.matter.name if case.matter else "",
        bundle_code=case.bundle.code if case.bundle else None,
        bundle_name=case.bundle.name if case.bundle else "",
        clerk=case.clerk,
        window_code=case.window_code,
        created_at=case.created_at,
        finished_at=case.finished_at,
        cancelled_at=case.cancelled_at,
        cancel_reason=case.cancel_reason,
        catalog_version=case.catalog_version,
        resolutions=resolutions,
        missing=reasons,
        can_finish=case.status == CaseStatus.OPEN and not reasons,
        materials=_materials(case),
        requests=tuple(_request_view(r, facts, unsynced) for r in facts.requests),
        pledges=_pledges(session, case),
        provisional=bool(unsynced),
    )


def read_case(session: Session, case_ref: str, *, today: date) -> CaseView:
    """The view of the case an id, id prefix (8+ characters) or case number names."""
    return case_view(session, find_case(session, case_ref, *CASE_LOAD), today=today)


__all__ = [
    "ANSWER_LABELS",
    "CASE_LOAD",
    "CASE_STATUS_LABELS",
    "REQUEST_STATUS_LABELS",
    "CaseFacts",
    "CasePage",
    "CaseSummary",
    "CaseView",
    "CreditRecordView",
    "MeasureOption",
    "PledgeView",
    "RequestView",
    "ResolutionView",
    "case_facts",
    "case_view",
    "read_case",
    "resolution_options",
    "to_dict",
]
