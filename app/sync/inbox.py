"""The department's 待核验 inbox: requests addressed to it, answered from here.

    inbox = InboxService(db, answerer="赵核验")            # today=… for tests
    inbox.list(waiting_only=True, overdue_only=False) -> list[InboxItem]
    inbox.get(ref) -> InboxItem                  # id or id prefix (8+ characters)
    inbox.reveal(ref) -> str                     # the subject's full ID (audited)
    inbox.answer(ref, answer, note="") -> InboxItem
    inbox.counts() -> InboxCounts               # waiting, overdue

Requests arrive by sync (:mod:`app.sync.pull`) into their own table: an inbox request names
its case by number and the catalog by codes, with no local case or catalog id. An answer is
given once; it goes out through this department's outbox (an ``answer`` change whose record
id is the request's) and is provisional until the hub acknowledged it. Views show the
subject's ID masked; :meth:`reveal` shows it in full and leaves an audit entry (PIPL).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from app import audit
from app.cases.applicant import mask_id
from app.cases.progress import ANSWER_LABELS
from app.cases.workdays import work_calendar, working_days_until
from app.catalog.views import MEASURE_LABELS
from app.domain import Answer, ApplicantKind, Measure, RequestStatus
from app.errors import NotFound, UserError
from app.ids import utcnow
from app.storage.db import Database
from app.storage.models import CertificateItem, InboxRequest, OutboxEntry
from app.sync.identity import load_enrolment
from app.sync.outbox import enqueue

_ANSWER_WORDS: dict[str, Answer] = {
    "confirmed": Answer.CONFIRMED,
    "denied": Answer.DENIED,
    "unknown": Answer.UNDETERMINED,
    "undetermined": Answer.UNDETERMINED,
    **{label: answer for answer, label in ANSWER_LABELS.items()},
}
_PREFIX = re.compile(r"[0-9a-f-]{8,36}")


def parse_answer(text: str) -> Answer:
    """confirmed / denied / unknown (or undetermined), or the Chinese labels."""
    answer = _ANSWER_WORDS.get((text or "").strip().lower())
    if answer is None:
        raise UserError(
            f"未知的核验结论“{text}”，应为 confirmed（属实）、denied（不属实）"
            "或 unknown（无法确定）。"
        )
    return answer


@dataclass(frozen=True)
class InboxItem:
    """One request in the department's inbox (the subject's ID masked)."""

    id: str
    case_number: str
    window_code: str
    requested_by: str
    item_code: str
    item_name: str  # from this device's catalog when it knows the code, else ""
    kind: Measure  # share (data query) or verify
    subject_kind: ApplicantKind
    subject_name: str
    subject_id_masked: str
    fact: str
    deadline: date | None
    days_left: int | None  # working days until the deadline; negative: that many late
    status: RequestStatus  # the window's state of the request (withdrawn: no answer needed)
    requested_at: datetime
    received_at: datetime
    answer: Answer | None
    answer_note: str
    answered_by: str
    answered_at: datetime | None
    provisional: bool  # answered here, not yet acknowledged by the hub
    refused: str  # the hub refused the answer: its reason (shown until dealt with)

    @property
    def waiting(self) -> bool:
        """Needs an answer: not answered and not withdrawn by the window."""
        return self.answer is None and self.status != RequestStatus.WITHDRAWN

    @property
    def overdue(self) -> bool:
        return self.waiting and self.days_left is not None and self.days_left < 0

    @property
    def kind_label(self) -> str:
        return MEASURE_LABELS[self.kind]

    @property
    def state_text(self) -> str:
        if self.answer is not None:
            text = f"已答复：{ANSWER_LABELS[self.answer]}"
            if self.refused:
                return f"{text}（中心拒收：{self.refused}）"
            return f"{text}（待同步）" if self.provisional else text
        if self.status == RequestStatus.WITHDRAWN:
            return "窗口已撤回，无需答复"
        if self.days_left is None:
            return "待核验"
        if self.days_left < 0:
            return f"已超期 {-self.days_left} 个工作日"
        return "今天到期" if self.days_left == 0 else f"待核验，剩 {self.days_left} 个工作日"


@dataclass(frozen=True)
class InboxCounts:
    waiting: int
    overdue: int


class InboxService:
    """A provider department's verification work (see the module docstring)."""

    def __init__(
        self, db: Database, *, answerer: str = "", today: Callable[[], date] | None = None
    ) -> None:
        self.db = db
        self.answerer = " ".join((answerer or "").split())
        self._today = today or date.today

    def list(self, *, waiting_only: bool = True, overdue_only: bool = False) -> list[InboxItem]:
        """Requests, oldest deadline first; by default only those waiting for an answer."""
        today = self._today()
        with self.db.reading() as session:
            query = select(InboxRequest)
            if waiting_only or overdue_only:
                query = query.where(
                    InboxRequest.answer.is_(None), InboxRequest.status != RequestStatus.WITHDRAWN
                )
            if overdue_only:
                query = query.where(InboxRequest.deadline < today)
            rows = session.scalars(
                query.order_by(
                    InboxRequest.deadline.is_(None), InboxRequest.deadline, InboxRequest.id
                )
            ).all()
            return _items(session, rows, today)

    def counts(self) -> InboxCounts:
        today = self._today()
        with self.db.reading() as session:
            waiting = and_(
                InboxRequest.answer.is_(None), InboxRequest.status != RequestStatus.WITHDRAWN
            )
            total = session.scalar(select(func.count()).where(waiting))
            late = session.scalar(
                select(func.count()).where(waiting, InboxRequest.deadline < today)
            )
            return InboxCounts(waiting=int(total or 0), overdue=int(late or 0))

    def get(self, ref: str) -> InboxItem:
        with self.db.reading() as session:
            return _items(session, [_find(session, ref)], self._today())[0]

    def reveal(self, ref: str) -> str:
        """The subject's full ID, for the answerer to verify it; the access is audited."""
        with self.db.session() as session:
            row = _find(session, ref)
            audit.record(
                session,
                actor=self.answerer,
                action="inbox.reveal",
                entity="inbox_request",
                entity_id=row.id,
                detail={"case": row.case_number, "subject": mask_id(row.subject_id_no)},
            )
            return row.subject_id_no

    def answer(self, ref: str, answer: Answer | str, *, note: str = "") -> InboxItem:
        """Answer a waiting request once; the answer is queued for the hub."""
        value = answer if isinstance(answer, Answer) else parse_answer(answer)
        text = (note or "").strip()
        if len(text) > 2000:
            raise UserError("答复说明过长，请控制在 2000 字以内。")
        with self.db.session() as session:
            enrolled = load_enrolment(session)
            if enrolled is None or not enrolled.is_department:
                raise UserError(
                    "本机未注册为部门端，没有待核验的请求（先用 wuzheng connect 注册）。"
                )
            row = _find(session, ref)
            if row.answer is not None:
                when = f"{row.answered_at:%Y-%m-%d %H:%M}" if row.answered_at else ""
                raise UserError(
                    f"该核验请求已于 {when} 答复（{ANSWER_LABELS[row.answer]}），不能重复答复。"
                )
            if row.status == RequestStatus.WITHDRAWN:
                raise UserError(f"窗口已撤回该核验请求（办件 {row.case_number}），无需答复。")
            row.answer = value
            row.answer_note = text
            row.answered_by = self.answerer or enrolled.device_name or enrolled.code
            row.answered_at = utcnow()
            session.flush()
            audit.record(
                session,
                actor=row.answered_by,
                action="inbox.answer",
                entity="inbox_request",
                entity_id=row.id,
                detail={
                    "case": row.case_number,
                    "item": row.item_code,
                    "answer": value.value,
                    "subject": mask_id(row.subject_id_no),
                },
            )
            enqueue(session, row, actor=row.answered_by)
            session.flush()
            return _items(session, [row], self._today())[0]


def _find(session: Session, ref: str) -> InboxRequest:
    text = (ref or "").strip().lower()
    if not text:
        raise UserError("请输入核验请求编号。")
    row = session.get(InboxRequest, text)
    if row is None and _PREFIX.fullmatch(text):
        following = text[:-1] + chr(ord(text[-1]) + 1)
        found = session.scalars(
            select(InboxRequest)
            .where(InboxRequest.id >= text, InboxRequest.id < following)
            .limit(2)
        ).all()
        if len(found) > 1:
            raise UserError(f"有多个核验请求以“{ref}”开头，请输入更完整的编号。")
        row = found[0] if found else None
    if row is None:
        raise NotFound(f"待核验列表中没有核验请求“{ref}”。")
    return row


def _items(session: Session, rows: Sequence[InboxRequest], today: date) -> list[InboxItem]:
    codes = {r.item_code for r in rows}
    names = dict(
        session.execute(
            select(CertificateItem.code, CertificateItem.name).where(
                CertificateItem.code.in_(codes)
            )
        ).all()
    )
    ids = [r.id for r in rows]
    entries: dict[str, OutboxEntry] = {}
    for start in range(0, len(ids), 500):
        for entry in session.scalars(
            select(OutboxEntry).where(
                OutboxEntry.kind == "answer", OutboxEntry.record_id.in_(ids[start : start + 500])
            )
        ):
            entries[entry.record_id] = entry
    calendar = work_calendar(session)
    items = []
    for r in rows:
        waiting = entries.get(r.id)
        items.append(
            InboxItem(
                id=r.id,
                case_number=r.case_number,
                window_code=r.window_code,
                requested_by=r.requested_by,
                item_code=r.item_code,
                item_name=names.get(r.item_code, ""),
                kind=r.kind,
                subject_kind=r.subject_kind,
                subject_name=r.subject_name,
                subject_id_masked=mask_id(r.subject_id_no),
                fact=r.fact,
                deadline=r.deadline,
                days_left=(working_days_until(today, r.deadline, calendar) if r.deadline else None),
                status=r.status,
                requested_at=r.requested_at,
                received_at=r.received_at,
                answer=r.answer,
                answer_note=r.answer_note,
                answered_by=r.answered_by,
                answered_at=r.answered_at,
                provisional=waiting is not None and waiting.refused_status is None,
                refused=_refusal(waiting),
            )
        )
    return items


def _refusal(entry: OutboxEntry | None) -> str:
    if entry is None or entry.refused_status is None:
        return ""
    return entry.refused_message or entry.refused_outcome


__all__ = ["InboxCounts", "InboxItem", "InboxService", "parse_answer"]
