"""Read-only views of cases for the intake dialog, the case list, the CLI and printing.

Frozen dataclasses built in one session and detached from it. They never hold a full resident
ID or credit code: only the masked form (110105********002X).
"""

from __future__ import annotations

import enum
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from app.catalog.views import MEASURE_LABELS
from app.storage.models import (
    Answer,
    ApplicantKind,
    CaseStatus,
    Measure,
    RequestStatus,
)

CASE_STATUS_LABELS: dict[CaseStatus, str] = {
    CaseStatus.OPEN: "办理中",
    CaseStatus.FINISHED: "已办结",
    CaseStatus.CANCELLED: "已撤销",
}

REQUEST_STATUS_LABELS: dict[RequestStatus, str] = {
    RequestStatus.QUEUED: "待发送",
    RequestStatus.SENT: "已发送",
    RequestStatus.ANSWERED: "已答复",
    RequestStatus.OVERDUE: "已超期",
    RequestStatus.WITHDRAWN: "已撤回",
}

ANSWER_LABELS: dict[Answer, str] = {
    Answer.CONFIRMED: "属实",
    Answer.DENIED: "不属实",
    Answer.UNDETERMINED: "无法确定",
}


@dataclass(frozen=True)
class MeasureOption:
    """One measure the clerk may pick for a certificate item of a case.

    ``allowed`` is False with a Chinese ``reason`` when it cannot be used for this applicant
    (e.g. pledge while on the credit list). ``detail`` is the pledge text (already filled in with
    the applicant's name) or the suggested substitute document or the catalog's free text.
    ``needs`` says what the clerk must enter: "" / "note" / "document" / "submitted".
    """

    measure: Measure
    label: str
    allowed: bool
    reason: str = ""
    detail: str = ""
    provider_code: str = ""
    provider_name: str = ""
    one_click: bool = False
    deadline_days: int | None = None
    needs: str = ""
    in_catalog: bool = True  # False: a fallback offered beyond the catalog (see service docs)
    current: bool = False  # the measure the item is resolved with now


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
    def done(self) -> bool:
        """True when this item needs nothing more before the case can be finished."""
        if self.measure is None:
            return False
        if self.measure in (Measure.SHARE, Measure.VERIFY):
            return self.request_answer == Answer.CONFIRMED
        if self.measure == Measure.RETAINED:
            return self.submitted is True
        return True

    @property
    def state_text(self) -> str:
        """A short Chinese description of where this item stands."""
        if self.measure is None:
            return "未处理"
        if self.measure in (Measure.SHARE, Measure.VERIFY):
            if self.request_status == RequestStatus.WITHDRAWN:
                return "核验请求已撤回"
            if self.request_answer is not None:
                return f"已答复：{ANSWER_LABELS[self.request_answer]}"
            if self.request_overdue:
                return "待答复（已超期）"
            deadline = self.request_deadline.isoformat() if self.request_deadline else ""
            return f"待答复（{deadline} 前）" if deadline else "待答复"
        if self.measure == Measure.RETAINED:
            return "已提交" if self.submitted else "未提交"
        if self.measure == Measure.SUBSTITUTE:
            return f"已查验：{self.substitute_document}"
        if self.measure == Measure.PLEDGE:
            return "已承诺" if self.pledge_id else "承诺书已作废"
        if self.measure == Measure.OTHER:
            return self.note
        return "无需提交"


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

    @property
    def status_label(self) -> str:
        return CASE_STATUS_LABELS[self.status]


@dataclass(frozen=True)
class CreditRecordView:
    id: str
    subject_kind: ApplicantKind
    subject_id_masked: str
    subject_name: str
    reason: str
    valid_from: date
    valid_until: date | None
    source_pledge_id: str | None


def to_dict(view: Any) -> Any:
    """A JSON-ready dict of any case view (enums as values, dates as ISO strings)."""

    def fix(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: fix(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [fix(v) for v in value]
        if isinstance(value, enum.Enum):
            return value.value
        if isinstance(value, datetime | date):
            return value.isoformat()
        return value

    return fix(asdict(view))
