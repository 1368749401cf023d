"""What a certificate item of a case still needs: the one rule behind every "where does it stand".

    item_need(measure, answer, submitted) -> Need       # the rule itself
    request_overdue(status, deadline, today) -> bool
    Progress.of(items) -> Progress                      # the counts of a case's needs
    Progress.waiting_text                               # "2 项待处理、1 项核验待答复" / "可办结"
    waiting_for(status, items) -> str                   # the same, "" for a closed case
    missing(items) -> tuple[str, ...]                   # why a case cannot be finished yet
    window_text(item) / receipt_text(item) -> str       # the item's state, for clerk / applicant
    request_status_text(status, for_applicant=False) -> str

An item is anything shaped like :class:`ItemState` (the case view's ``ResolutionView`` is).
The done flag, the state texts, the reasons a case cannot be finished and the case list's
counts all come from :func:`item_need`. The case list (:mod:`app.cases.listing`) counts the
same needs in SQL for speed; ``tests/test_cases_progress.py`` checks it against this module
over every combination of an item's fields.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from app.catalog.views import MEASURE_LABELS
from app.domain import Answer, CaseStatus, Measure, RequestStatus

ASKED = frozenset({Measure.SHARE, Measure.VERIFY})  # measures that send a request
PENDING_REQUESTS = (RequestStatus.QUEUED, RequestStatus.SENT, RequestStatus.OVERDUE)
FAILED_ANSWERS = (Answer.DENIED, Answer.UNDETERMINED)

REQUEST_STATUS_LABELS: dict[RequestStatus, str] = {
    RequestStatus.QUEUED: "待发送",
    RequestStatus.SENT: "已发送",
    RequestStatus.ANSWERED: "已答复",
    RequestStatus.OVERDUE: "已超期",
    RequestStatus.WITHDRAWN: "已撤回",
}

# On the applicant's receipt a waiting request also says what happens next.
_NEXT_FOR_APPLICANT: dict[RequestStatus, str] = {
    RequestStatus.SENT: "等待答复",
    RequestStatus.OVERDUE: "正在催办",
}

ANSWER_LABELS: dict[Answer, str] = {
    Answer.CONFIRMED: "属实",
    Answer.DENIED: "不属实",
    Answer.UNDETERMINED: "无法确定",
}


class Need(enum.StrEnum):
    """What an item still needs before its case can be finished."""

    MEASURE = "measure"  # no measure chosen yet                        (N 项待处理)
    ANSWER = "answer"  # a data query or verification not answered yet  (N 项核验待答复)
    OTHER_MEASURE = "other_measure"  # answered denied / undetermined   (N 项核验未通过)
    SUBMISSION = "submission"  # a retained certificate not handed in   (N 项证明未提交)
    NOTHING = "nothing"  # done


def item_need(measure: Measure | None, answer: Answer | None, submitted: bool | None) -> Need:
    """What an item resolved with ``measure`` still needs (the request's ``answer``, if any)."""
    if measure is None:
        return Need.MEASURE
    if measure in ASKED:
        if answer is None:
            return Need.ANSWER
        return Need.NOTHING if answer == Answer.CONFIRMED else Need.OTHER_MEASURE
    if measure == Measure.RETAINED and submitted is not True:
        return Need.SUBMISSION
    return Need.NOTHING


def request_overdue(status: RequestStatus | None, deadline: date | None, today: date) -> bool:
    """Marked overdue, or still waiting for an answer after its deadline."""
    if status == RequestStatus.OVERDUE:
        return True
    return status in PENDING_REQUESTS and deadline is not None and today > deadline


def request_status_text(status: RequestStatus, *, for_applicant: bool = False) -> str:
    """The status of a request; ``for_applicant`` adds what happens next (the receipt)."""
    label = REQUEST_STATUS_LABELS[status]
    following = _NEXT_FOR_APPLICANT.get(status) if for_applicant else None
    return f"{label}，{following}" if following else label


class ItemState(Protocol):
    """The facts of one item of a case that its state depends on (``ResolutionView`` has them)."""

    @property
    def item_name(self) -> str: ...
    @property
    def measure(self) -> Measure | None: ...
    @property
    def pledge_id(self) -> str | None: ...
    @property
    def request_id(self) -> str | None: ...
    @property
    def request_status(self) -> RequestStatus | None: ...
    @property
    def request_provider(self) -> str: ...
    @property
    def request_deadline(self) -> date | None: ...
    @property
    def request_answer(self) -> Answer | None: ...
    @property
    def request_overdue(self) -> bool: ...
    @property
    def substitute_document(self) -> str: ...
    @property
    def submitted(self) -> bool | None: ...
    @property
    def note(self) -> str: ...
    @property
    def resolved_at(self) -> datetime | None: ...


def need_of(item: ItemState) -> Need:
    return item_need(item.measure, item.request_answer, item.submitted)


@dataclass(frozen=True)
class Progress:
    """How many items of a case need each thing, and whether a request is overdue."""

    unresolved: int = 0
    pending: int = 0
    failed: int = 0
    unsubmitted: int = 0
    overdue: bool = False

    @classmethod
    def of(cls, items: Iterable[ItemState]) -> Progress:
        listed = list(items)
        needs = [need_of(item) for item in listed]
        return cls(
            unresolved=needs.count(Need.MEASURE),
            pending=needs.count(Need.ANSWER),
            failed=needs.count(Need.OTHER_MEASURE),
            unsubmitted=needs.count(Need.SUBMISSION),
            overdue=any(item.request_overdue for item in listed),
        )

    @property
    def waiting_text(self) -> str:
        """What an open case waits for, in Chinese ("可办结" when nothing)."""
        parts = []
        if self.unresolved:
            parts.append(f"{self.unresolved} 项待处理")
        if self.pending:
            parts.append(f"{self.pending} 项核验待答复")
        if self.failed:
            parts.append(f"{self.failed} 项核验未通过")
        if self.unsubmitted:
            parts.append(f"{self.unsubmitted} 项证明未提交")
        return "、".join(parts) if parts else "可办结"


def waiting_for(status: CaseStatus, items: Iterable[ItemState]) -> str:
    """What a case waits for: "" once it is finished or cancelled."""
    return Progress.of(items).waiting_text if status == CaseStatus.OPEN else ""


def missing_reason(item: ItemState) -> str | None:
    """Why this item keeps its case from being finished (None: it does not)."""
    need = need_of(item)
    name = f"“{item.item_name}”"
    label = MEASURE_LABELS[item.measure] if item.measure else ""
    if need is Need.MEASURE:
        return f"{name}尚未选择办理方式"
    if need is Need.ANSWER:
        late = "，已超期" if item.request_overdue else ""
        return f"{name}的{label}尚未答复（{item.request_provider}{late}）"
    if need is Need.OTHER_MEASURE and item.request_answer is not None:
        return (
            f"{name}的{label}结果为“{ANSWER_LABELS[item.request_answer]}”，"
            "请改用其他方式（如由申请人提交证明）"
        )
    if need is Need.SUBMISSION:
        return f"{name}需由申请人提交，尚未提交"
    return None


def missing(items: Iterable[ItemState]) -> tuple[str, ...]:
    """Why a case cannot be finished yet, one reason per item (empty: it can)."""
    return tuple(reason for item in items if (reason := missing_reason(item)) is not None)


def window_text(item: ItemState) -> str:
    """A short description of where the item stands, for the clerk."""
    need = need_of(item)
    measure = item.measure
    if measure is None:
        return "未处理"
    if measure in ASKED:
        if item.request_status == RequestStatus.WITHDRAWN:
            return "核验请求已撤回"
        if item.request_answer is not None:  # need is not Need.ANSWER
            return f"已答复：{ANSWER_LABELS[item.request_answer]}"
        if item.request_overdue:
            return "待答复（已超期）"
        deadline = item.request_deadline.isoformat() if item.request_deadline else ""
        return f"待答复（{deadline} 前）" if deadline else "待答复"
    if measure == Measure.RETAINED:
        return "未提交" if need is Need.SUBMISSION else "已提交"
    if measure == Measure.SUBSTITUTE:
        return f"已查验：{item.substitute_document}"
    if measure == Measure.PLEDGE:
        return "已承诺" if item.pledge_id else "承诺书已作废"
    if measure == Measure.OTHER:
        return item.note
    return "无需提交"


def receipt_text(item: ItemState) -> str:
    """Where the item stands, spelt out for the applicant's receipt."""
    need = need_of(item)
    measure = item.measure
    if measure is None:
        return "尚未处理"
    if measure in ASKED:
        what = MEASURE_LABELS[measure]
        if item.request_id is None:
            return f"已由窗口{what}" if item.resolved_at else f"待{what}"
        if item.request_answer is not None and item.request_status == RequestStatus.ANSWERED:
            return f"{what}结果：{ANSWER_LABELS[item.request_answer]}（{item.request_provider}）"
        if item.request_status == RequestStatus.WITHDRAWN:
            return f"{what}已撤回"
        deadline = f"，{item.request_deadline:%Y-%m-%d} 前答复" if item.request_deadline else ""
        return f"已向{item.request_provider}发起{what}{deadline}"
    if measure == Measure.RETAINED:
        return "尚未提交，请补交" if need is Need.SUBMISSION else "已提交"
    if measure == Measure.SUBSTITUTE:
        return f"已提供「{item.substitute_document or '替代材料'}」代替"
    if measure == Measure.PLEDGE:
        return "已签署告知承诺书" if item.pledge_id else "待签署告知承诺书"
    if measure == Measure.OTHER:
        return item.note or "按其他方式办理"
    return "已取消，无需提供"
