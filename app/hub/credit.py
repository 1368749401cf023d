"""The county's credit list (失信名单) on the hub, broadcast to every device, signed.

    add_credit(store, key, subject_id, *, reason, name="", valid_from=None, valid_until=None,
               source_pledge_id=None, actor="operator") -> CreditView
    end_credit(store, key, record, *, reason, actor="operator") -> CreditView
    list_credit(store, *, include_ended=False) -> list[CreditView]

A record is a ``credit_record`` broadcast (revision 1); ending it is revision 2 of the same
record with ``ended_at`` and the reason. Nothing is ever deleted: the table keeps every record
with its ending, and the audit chain says who did what. The subject ID is checked and stored in
its one canonical form (app/cases/applicant.py), so a window matches it however it was typed;
the audit entries hold only the masked ID.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.cases.applicant import mask_id, normalize_id_no
from app.cases.credit import guess_kind
from app.domain import ApplicantKind
from app.errors import NotFound, UserError
from app.hub import publish
from app.hub.models import CreditEntry
from app.hub.store import HubStore
from app.ids import new_id, utcnow
from app.signing import SigningKey
from app.sync.wire import CreditRecordPayload

MAX_REASON = 2000


@dataclass(frozen=True)
class CreditView:
    id: str
    subject_kind: str
    subject_id_masked: str
    subject_name: str
    reason: str
    valid_from: date
    valid_until: date | None
    recorded_at: datetime
    ended_at: datetime | None
    end_reason: str

    @property
    def active(self) -> bool:
        return self.ended_at is None and (
            self.valid_until is None or date.today() <= self.valid_until
        )


def _view(entry: CreditEntry) -> CreditView:
    return CreditView(
        entry.id,
        entry.subject_kind,
        mask_id(entry.subject_id_no),
        entry.subject_name,
        entry.reason,
        entry.valid_from,
        entry.valid_until,
        entry.recorded_at,
        entry.ended_at,
        entry.end_reason,
    )


def _payload(entry: CreditEntry) -> CreditRecordPayload:
    return CreditRecordPayload(
        subject_kind=(
            ApplicantKind.PERSON if entry.subject_kind == "person" else ApplicantKind.ENTERPRISE
        ),
        subject_id_no=entry.subject_id_no,
        subject_name=entry.subject_name,
        reason=entry.reason,
        valid_from=entry.valid_from,
        valid_until=entry.valid_until,
        source_pledge_id=UUID(entry.source_pledge_id) if entry.source_pledge_id else None,
        recorded_at=entry.recorded_at,
        recorded_by=entry.recorded_by,
        ended_at=entry.ended_at,
        end_reason=entry.end_reason,
        ended_by=entry.ended_by,
    )


def _reason(reason: str) -> str:
    reason = " ".join(reason.split())
    if not reason:
        raise UserError("请写明原因（--reason）。")
    if len(reason) > MAX_REASON:
        raise UserError(f"原因过长（最多 {MAX_REASON} 个字）。")
    return reason


def add_credit(
    store: HubStore,
    key: SigningKey,
    subject_id: str,
    *,
    reason: str,
    name: str = "",
    valid_from: date | None = None,
    valid_until: date | None = None,
    source_pledge_id: str | None = None,
    actor: str = "operator",
) -> CreditView:
    """Put a subject on the credit list and broadcast the record."""
    kind = guess_kind(subject_id)
    number = normalize_id_no(kind, subject_id)
    reason = _reason(reason)
    name = " ".join(name.split())
    if len(name) > 200:
        raise UserError("姓名（名称）过长（最多 200 个字）。")
    start = valid_from or date.today()
    if valid_until is not None and valid_until < start:
        raise UserError(f"截止日期 {valid_until} 早于起始日期 {start}。")
    if valid_until is not None and valid_until < date.today():
        raise UserError(f"截止日期 {valid_until} 已经过去，记录不会生效。")
    if source_pledge_id is not None:
        try:
            source_pledge_id = str(UUID(source_pledge_id))
        except ValueError:
            raise UserError(f"承诺编号“{source_pledge_id}”格式不正确（应为 UUID）。") from None

    def work(session: Session) -> CreditView:
        now = utcnow()
        entry = CreditEntry(
            id=new_id(),
            subject_kind=kind.value,
            subject_id_no=number,
            subject_name=name,
            reason=reason,
            valid_from=start,
            valid_until=valid_until,
            source_pledge_id=source_pledge_id,
            recorded_at=now,
            recorded_by=actor,
            end_reason="",
            ended_by="",
        )
        session.add(entry)
        session.flush()
        publish.broadcast(
            session,
            key,
            _payload(entry),
            record_id=entry.id,
            now=now,
            actor=actor,
            detail={"subject": mask_id(number), "until": str(valid_until or "")},
        )
        return _view(entry)

    return store.write(work)


def _find(session: Session, record: str) -> CreditEntry:
    record = record.strip().lower()
    if len(record) < 8:
        raise UserError("请给出失信记录编号（至少前 8 位）。")
    matches = list(
        session.scalars(
            select(CreditEntry).where(CreditEntry.id.startswith(record)).with_for_update().limit(2)
        )
    )
    if not matches:
        raise NotFound(f"没有编号为“{record}”的失信记录。")
    if len(matches) > 1:
        raise UserError(f"编号“{record}”对应多条记录，请给出更长的编号。")
    return matches[0]


def end_credit(
    store: HubStore, key: SigningKey, record: str, *, reason: str, actor: str = "operator"
) -> CreditView:
    """End a record (it stays in the history) and broadcast the ending."""
    reason = _reason(reason)

    def work(session: Session) -> CreditView:
        entry = _find(session, record)
        if entry.ended_at is not None:
            raise UserError(f"失信记录 {entry.id} 已于 {entry.ended_at:%Y-%m-%d} 结束。")
        now = utcnow()
        entry.ended_at, entry.end_reason, entry.ended_by = now, reason, actor
        session.flush()
        publish.broadcast(
            session,
            key,
            _payload(entry),
            record_id=entry.id,
            now=now,
            actor=actor,
            detail={"subject": mask_id(entry.subject_id_no), "ended": True},
        )
        return _view(entry)

    return store.write(work)


def list_credit(store: HubStore, *, include_ended: bool = False) -> list[CreditView]:
    with store.read() as session:
        query = select(CreditEntry).order_by(CreditEntry.recorded_at, CreditEntry.id)
        if not include_ended:
            query = query.where(CreditEntry.ended_at.is_(None))
        return [_view(e) for e in session.scalars(query)]
