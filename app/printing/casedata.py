"""Everything a pledge form or receipt prints about a case: a projection of the case's view.

The printing package reads a case as the window shows it (:func:`app.cases.views.read_case`),
so the printed state of each item is the case's own (:func:`app.cases.progress.receipt_text`,
the receipt's wording), and reshapes it into what the documents lay out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from app.cases.progress import receipt_text, request_status_text
from app.cases.views import CaseView, PledgeView, RequestView, read_case
from app.catalog.views import MEASURE_LABELS
from app.domain import ApplicantKind, Measure, RequestStatus

# The receipt spells a waiting request's state out for the applicant ("已发送，等待答复").
REQUEST_STATUS_LABELS = {s: request_status_text(s, for_applicant=True) for s in RequestStatus}


def mask_phone(phone: str) -> str:
    digits = phone or ""
    return digits[:3] + "****" + digits[-4:] if len(digits) >= 11 else digits


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
    id_masked: str
    phone: str  # full: the receipt masks it (mask_phone)
    clerk: str
    window_code: str
    created_at: datetime
    materials: tuple[str, ...]
    resolutions: tuple[ResolutionLine, ...]
    pledges: tuple[PledgeView, ...]
    requests: tuple[RequestView, ...]

    @property
    def id_label(self) -> str:
        return "统一社会信用代码" if self.applicant_kind is ApplicantKind.ENTERPRISE else "身份证号"

    @property
    def pending_requests(self) -> tuple[RequestView, ...]:
        return tuple(r for r in self.requests if r.pending)

    @property
    def asked_departments(self) -> tuple[str, ...]:
        """Names of the departments asked about the applicant, each once, in order."""
        names = dict.fromkeys(r.provider_name or r.provider_code for r in self.requests)
        return tuple(names)


def case_sheet(view: CaseView) -> CaseSheet:
    """What the documents print about the case ``view`` shows."""
    return CaseSheet(
        id=view.id,
        number=view.number,
        subject_name=view.subject or "（未指定事项）",
        subject_code=view.subject_code,
        is_bundle=view.bundle_code is not None,
        applicant_kind=view.applicant_kind,
        applicant_name=view.applicant_name,
        id_masked=view.applicant_id_masked,
        phone=view.phone,
        clerk=view.clerk,
        window_code=view.window_code,
        created_at=view.created_at,
        materials=view.materials,
        resolutions=tuple(
            ResolutionLine(
                item_code=r.item_code,
                item_name=r.item_name,
                issuer=r.issuer,
                measure=r.measure,
                state=receipt_text(r),
                substitute_document=r.substitute_document,
                submitted=r.submitted,
            )
            for r in view.resolutions
        ),
        pledges=view.pledges,
        requests=view.requests,
    )


def load_case_sheet(session: Session, ref: str, *, today: date | None = None) -> CaseSheet:
    """The sheet of the case an id, id prefix or case number names (in the caller's session)."""
    return case_sheet(read_case(session, ref, today=today or date.today()))
