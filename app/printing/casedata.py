"""Everything a pledge form or receipt prints about a case, read in one session.

The printing package reads the ORM tables directly (the case service need not be involved):
the case, its matter or bundle, its resolutions, pledges and verification requests, and the
names of the departments involved, turned into plain frozen dataclasses.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.cases.applicant import mask_id
from app.cases.listing import PENDING_REQUESTS
from app.cases.lookup import find_case
from app.cases.views import ANSWER_LABELS
from app.catalog.views import MEASURE_LABELS
from app.storage.models import (
    Answer,
    ApplicantKind,
    Bundle,
    BundleMatter,
    Case,
    Department,
    Matter,
    Measure,
    Pledge,
    RequestStatus,
    Resolution,
    VerificationRequest,
)

# On the applicant's receipt the states are spelt out more fully than in the window's lists.
REQUEST_STATUS_LABELS = {
    RequestStatus.QUEUED: "待发送",
    RequestStatus.SENT: "已发送，等待答复",
    RequestStatus.ANSWERED: "已答复",
    RequestStatus.OVERDUE: "已超期，正在催办",
    RequestStatus.WITHDRAWN: "已撤回",
}


def mask_phone(phone: str) -> str:
    digits = phone or ""
    return digits[:3] + "****" + digits[-4:] if len(digits) >= 11 else digits


@dataclass(frozen=True)
class PledgeLine:
    id: str
    item_code: str
    item_name: str
    issuer: str
    legal_basis: str
    text: str


@dataclass(frozen=True)
class RequestLine:
    id: str
    item_name: str
    kind: Measure
    fact: str
    provider_code: str
    provider_name: str
    deadline: date | None
    status: RequestStatus
    answer: Answer | None

    @property
    def pending(self) -> bool:
        return self.status in PENDING_REQUESTS


@dataclass(frozen=True)
class ResolutionLine:
    item_code: str
    item_name: str
    issuer: str
    measure: Measure | None
    state: str  # what happened, in Chinese
    substitute_document: str = ""
    submitted: bool | None = None

    @property
    def measure_label(self) -> str:
        return MEASURE_LABELS[self.measure] if self.measure is not None else "待定"


@dataclass(frozen=True)
class CaseSheet:
    id: str
    number: str
    subject_name: str  # the matter's or bundle's name
    subject_code: str
    is_bundle: bool
    applicant_kind: ApplicantKind
    applicant_name: str
    applicant_id_no: str  # full: never print it, use id_masked
    phone: str
    clerk: str
    window_code: str
    created_at: datetime
    materials: tuple[str, ...]
    resolutions: tuple[ResolutionLine, ...]
    pledges: tuple[PledgeLine, ...]
    requests: tuple[RequestLine, ...]

    @property
    def id_masked(self) -> str:
        return mask_id(self.applicant_id_no)

    @property
    def id_label(self) -> str:
        return "统一社会信用代码" if self.applicant_kind is ApplicantKind.ENTERPRISE else "身份证号"

    @property
    def pending_requests(self) -> tuple[RequestLine, ...]:
        return tuple(r for r in self.requests if r.pending)

    @property
    def asked_departments(self) -> tuple[str, ...]:
        """Names of the departments asked about the applicant, each once, in order."""
        names = dict.fromkeys(r.provider_name or r.provider_code for r in self.requests)
        return tuple(names)


_CASE_LOAD = (
    selectinload(Case.resolutions).selectinload(Resolution.item),
    selectinload(Case.resolutions).selectinload(Resolution.request),
    selectinload(Case.matter),
    selectinload(Case.bundle).selectinload(Bundle.matter_links).selectinload(BundleMatter.matter),
)


def _state(res: Resolution, requests: dict[str, RequestLine]) -> str:
    measure = res.measure
    if measure is None:
        return "尚未处理"
    if measure is Measure.CANCEL:
        return "已取消，无需提供"
    if measure is Measure.PLEDGE:
        return "已签署告知承诺书" if res.pledge_id else "待签署告知承诺书"
    if measure is Measure.SUBSTITUTE:
        doc = res.substitute_document or "替代材料"
        return f"已提供「{doc}」代替"
    if measure is Measure.RETAINED:
        return "已提交" if res.submitted else "尚未提交，请补交"
    if measure is Measure.OTHER:
        return res.note or "按其他方式办理"
    # share / verify
    request = requests.get(res.request_id or "")
    what = "数据查询" if measure is Measure.SHARE else "部门核验"
    if request is None:
        return f"已由窗口{what}" if res.resolved_at else f"待{what}"
    if request.status is RequestStatus.ANSWERED and request.answer is not None:
        return f"{what}结果：{ANSWER_LABELS[request.answer]}（{request.provider_name}）"
    if request.status is RequestStatus.WITHDRAWN:
        return f"{what}已撤回"
    deadline = f"，{request.deadline:%Y-%m-%d} 前答复" if request.deadline else ""
    return f"已向{request.provider_name}发起{what}{deadline}"


def load_case_sheet(session: Session, ref: str) -> CaseSheet:
    case = find_case(session, ref, *_CASE_LOAD)
    departments = {
        code: name for code, name in session.execute(select(Department.code, Department.name))
    }
    if case.bundle is not None:
        matters: list[Matter] = case.bundle.matters
        subject_name, subject_code = case.bundle.name, case.bundle.code
    elif case.matter is not None:
        matters = [case.matter]
        subject_name, subject_code = case.matter.name, case.matter.code
    else:
        matters, subject_name, subject_code = [], "（未指定事项）", ""
    materials: dict[str, None] = {}
    for matter in matters:
        materials.update(dict.fromkeys(str(m) for m in matter.materials))

    request_rows = session.scalars(
        select(VerificationRequest)
        .where(VerificationRequest.case_id == case.id)
        .options(selectinload(VerificationRequest.item))
        .order_by(VerificationRequest.created_at, VerificationRequest.id)
    ).all()
    requests = {
        r.id: RequestLine(
            id=r.id,
            item_name=r.item.name,
            kind=r.kind,
            fact=r.fact,
            provider_code=r.provider_code,
            provider_name=departments.get(r.provider_code, r.provider_code),
            deadline=r.deadline,
            status=r.status,
            answer=r.answer,
        )
        for r in request_rows
    }
    resolutions = tuple(
        ResolutionLine(
            item_code=res.item.code,
            item_name=res.item.name,
            issuer=res.item.issuer,
            measure=res.measure,
            state=_state(res, requests),
            substitute_document=res.substitute_document,
            submitted=res.submitted,
        )
        for res in case.resolutions
    )
    pledge_rows = session.scalars(
        select(Pledge)
        .where(Pledge.case_id == case.id)
        .options(selectinload(Pledge.item))
        .order_by(Pledge.created_at, Pledge.id)
    ).all()
    pledges = tuple(
        PledgeLine(
            id=p.id,
            item_code=p.item.code,
            item_name=p.item.name,
            issuer=p.item.issuer,
            legal_basis=p.item.legal_basis,
            text=p.text,
        )
        for p in pledge_rows
    )
    return CaseSheet(
        id=case.id,
        number=case.number,
        subject_name=subject_name,
        subject_code=subject_code,
        is_bundle=case.bundle is not None,
        applicant_kind=case.applicant_kind,
        applicant_name=case.applicant_name,
        applicant_id_no=case.applicant_id_no,
        phone=case.phone,
        clerk=case.clerk,
        window_code=case.window_code,
        created_at=case.created_at,
        materials=tuple(materials),
        resolutions=resolutions,
        pledges=pledges,
        requests=tuple(requests.values()),
    )
