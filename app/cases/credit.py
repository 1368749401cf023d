"""The local copy of the credit list (失信名单): who may not use the pledge measure.

Public API::

    credit_check(db, id_no, *, today=None, actor="") -> list[CreditRecordView]
    add_credit_record(db, *, id_no, name, reason, kind=None, valid_from=None, valid_until=None,
                      source_pledge_id=None, actor="") -> CreditRecordView
    active_records(session, id_no, today) -> list[CreditRecord]     # for the case service

IDs and codes are compared in their canonical form only (:func:`normalize_id_no`): a subject
typed with full-width digits, spaces or dashes is the same subject.

A record is active when ``valid_from <= today``, (``valid_until`` is empty or
``today <= valid_until``) and it has not been ended. Records typed here (``origin`` "local")
and the county's list pulled from the hub (``origin`` "hub", signed; an ending arrives as the
record's next revision, nothing is deleted: :mod:`app.sync.hubdata`) live in one table, so the
intake's check works offline with both. Every look-up and every addition leaves an audit entry
holding only the masked ID.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app import audit
from app.cases.applicant import mask_id, normalize_id_no
from app.domain import ApplicantKind
from app.errors import UserError
from app.storage.db import Database
from app.storage.models import CreditRecord


@dataclass(frozen=True)
class CreditRecordView:
    """A credit record as lists and the CLI show it (masked ID)."""

    id: str
    subject_kind: ApplicantKind
    subject_id_masked: str
    subject_name: str
    reason: str
    valid_from: date
    valid_until: date | None
    source_pledge_id: str | None


def guess_kind(id_no: str) -> ApplicantKind:
    """Person for an ID document (resident ID, permit, permanent residence card), enterprise
    for a credit code.

    A person's number is 17 digits and a digit or X (or the 15-character foreigners' card); a
    credit code almost always has a letter or ends in one, but may be all digits: the person
    rules are tried first.
    """
    try:
        normalize_id_no(ApplicantKind.PERSON, id_no)
        return ApplicantKind.PERSON
    except UserError:
        pass
    try:
        normalize_id_no(ApplicantKind.ENTERPRISE, id_no)
        return ApplicantKind.ENTERPRISE
    except UserError:
        pass
    raise UserError(
        "请输入有效的 18 位身份证号码或统一社会信用代码"
        "（也可以是港澳台居民居住证或外国人永久居留证号码）。"
    )


def _view(record: CreditRecord) -> CreditRecordView:
    return CreditRecordView(
        id=record.id,
        subject_kind=record.subject_kind,
        subject_id_masked=mask_id(record.subject_id_no),
        subject_name=record.subject_name,
        reason=record.reason,
        valid_from=record.valid_from,
        valid_until=record.valid_until,
        source_pledge_id=record.source_pledge_id,
    )


def active_records(session: Session, id_no: str, today: date) -> list[CreditRecord]:
    """Active credit records of a normalized ID or credit code."""
    return list(
        session.scalars(
            select(CreditRecord)
            .where(
                CreditRecord.subject_id_no == id_no,
                CreditRecord.ended_at.is_(None),
                CreditRecord.valid_from <= today,
                or_(CreditRecord.valid_until.is_(None), CreditRecord.valid_until >= today),
            )
            .order_by(CreditRecord.valid_from)
        )
    )


def credit_check(
    db: Database, id_no: str, *, today: date | None = None, actor: str = ""
) -> list[CreditRecordView]:
    """The active credit records of a subject (empty: the subject may pledge)."""
    kind = guess_kind(id_no)
    number = normalize_id_no(kind, id_no)
    day = today or date.today()
    with db.session() as session:
        records = active_records(session, number, day)
        audit.record(
            session,
            actor=actor,
            action="credit.check",
            entity="credit_subject",
            entity_id=mask_id(number),
            detail={"subject": mask_id(number), "active": len(records)},
        )
        return [_view(r) for r in records]


def add_credit_record(
    db: Database,
    *,
    id_no: str,
    name: str,
    reason: str,
    kind: ApplicantKind | None = None,
    valid_from: date | None = None,
    valid_until: date | None = None,
    source_pledge_id: str | None = None,
    actor: str = "",
) -> CreditRecordView:
    """Put a subject on the local credit list (supervisors; normally it comes by sync)."""
    subject_kind = kind or guess_kind(id_no)
    number = normalize_id_no(subject_kind, id_no)
    clean_reason = " ".join((reason or "").split())
    if not clean_reason:
        raise UserError("请填写列入失信名单的原因。")
    start = valid_from or date.today()
    if valid_until is not None and valid_until < start:
        raise UserError("失信记录的截止日期不能早于开始日期。")
    with db.session() as session:
        record = CreditRecord(
            subject_kind=subject_kind,
            subject_id_no=number,
            subject_name=" ".join((name or "").split()),
            reason=clean_reason,
            source_pledge_id=source_pledge_id,
            valid_from=start,
            valid_until=valid_until,
        )
        session.add(record)
        session.flush()
        audit.record(
            session,
            actor=actor,
            action="credit.add",
            entity="credit_record",
            entity_id=record.id,
            detail={
                "subject": mask_id(number),
                "reason": clean_reason,
                "valid_from": start.isoformat(),
                "valid_until": valid_until.isoformat() if valid_until else None,
            },
        )
        return _view(record)
