"""The whole domain of DESIGN.md as SQLAlchemy 2 models.

Catalog tables use integer keys (they are published by the hub and replaced as a whole);
records a window creates (cases, pledges, requests, …) use client-generated UUIDv7 strings so
that they can be synced idempotently.
"""

from __future__ import annotations

import enum
import json
from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from app.domain import (
    Answer,
    ApplicantKind,
    CaseStatus,
    CheckOutcome,
    Level,
    Measure,
    RequestStatus,
)
from app.ids import new_id, utcnow

# The enums live in app.domain (no SQLAlchemy there); re-exported for the storage layer's users.
__all__ = [
    "Answer",
    "ApplicantKind",
    "CaseStatus",
    "CheckOutcome",
    "Level",
    "Measure",
    "RequestStatus",
]


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[Any]: JSON}


def _enum(cls: type[enum.Enum], name: str) -> Enum:
    # Store the value (e.g. "cancel"), not the Python member name; no CHECK-constraint churn.
    return Enum(
        cls,
        name=name,
        native_enum=False,
        validate_strings=True,
        length=16,
        values_callable=lambda e: [m.value for m in e],
    )


# --------------------------------------------------------------------------- catalog


class Department(Base):
    """部门/单位: an owning department of matters or an issuer/provider of certificates."""

    __tablename__ = "department"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    level: Mapped[Level] = mapped_column(_enum(Level, "level"), default=Level.COUNTY)
    # kept only because a case refers to it: not in the installed catalog (not searched,
    # exported, counted or offered for intake); see app.catalog.exchange.apply
    retired: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")

    matters: Mapped[list[Matter]] = relationship(back_populates="department")


class MatterItem(Base):
    """Which certificate items a matter used to demand, in the order of its guide."""

    __tablename__ = "matter_item"

    matter_id: Mapped[int] = mapped_column(
        ForeignKey("matter.id", ondelete="CASCADE"), primary_key=True
    )
    item_id: Mapped[int] = mapped_column(
        ForeignKey("certificate_item.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)

    matter: Mapped[Matter] = relationship(back_populates="item_links")
    item: Mapped[CertificateItem] = relationship(back_populates="matter_links")


class Matter(Base):
    """政务服务事项: a service a citizen or enterprise applies for at the window."""

    __tablename__ = "matter"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"), index=True)
    level: Mapped[Level] = mapped_column(_enum(Level, "level"), default=Level.COUNTY)
    applicant_kind: Mapped[ApplicantKind] = mapped_column(
        _enum(ApplicantKind, "applicant_kind"), default=ApplicantKind.PERSON
    )
    legal_limit_days: Mapped[int | None] = mapped_column(Integer)  # 法定时限（工作日）
    promised_limit_days: Mapped[int | None] = mapped_column(Integer)  # 承诺时限（工作日）
    fee: Mapped[str] = mapped_column(String(200), default="不收费")
    where: Mapped[str] = mapped_column(String(300), default="")  # 办理地点
    hours: Mapped[str] = mapped_column(String(200), default="")  # 办理时间
    steps: Mapped[list[Any]] = mapped_column(default=list)  # 办理流程, list of str
    materials: Mapped[list[Any]] = mapped_column(default=list)  # 仍需提交的材料（证照等）
    # kept only because a case refers to it: not in the installed catalog (not searched,
    # exported, counted or offered for intake); see app.catalog.exchange.apply
    retired: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")

    department: Mapped[Department] = relationship(back_populates="matters")
    item_links: Mapped[list[MatterItem]] = relationship(
        back_populates="matter", order_by="MatterItem.position", cascade="all, delete-orphan"
    )

    @property
    def items(self) -> list[CertificateItem]:
        return [link.item for link in self.item_links]


class CertificateItem(Base):
    """证明事项: a certificate some matters used to demand, and how it is replaced now."""

    __tablename__ = "certificate_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(300))  # 证明材料名称
    issuer: Mapped[str] = mapped_column(String(200), default="")  # 证明开具单位
    legal_basis: Mapped[str] = mapped_column(Text, default="")  # 索取证明依据（全名、文号、条款）
    # kept only because a case refers to it: not in the installed catalog (not searched,
    # exported, counted or offered for intake); see app.catalog.exchange.apply
    retired: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")

    measures: Mapped[list[ItemMeasure]] = relationship(
        back_populates="item", order_by="ItemMeasure.position", cascade="all, delete-orphan"
    )
    matter_links: Mapped[list[MatterItem]] = relationship(back_populates="item")

    @property
    def primary_measure(self) -> Measure:
        return self.measures[0].measure if self.measures else Measure.RETAINED


class ItemMeasure(Base):
    """One measure of a certificate item, in order of preference (position 0 first)."""

    __tablename__ = "item_measure"
    __table_args__ = (UniqueConstraint("item_id", "measure"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("certificate_item.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    measure: Mapped[Measure] = mapped_column(_enum(Measure, "measure"))
    # substitute: the document that replaces it; pledge: the pledge text; other: free text
    detail: Mapped[str] = mapped_column(Text, default="")
    # share / verify: the department that answers (data source or verifier)
    provider_code: Mapped[str | None] = mapped_column(String(64))
    one_click: Mapped[bool] = mapped_column(Boolean, default=False)  # 一键查询
    deadline_days: Mapped[int | None] = mapped_column(Integer)  # 核验答复时限（工作日）

    item: Mapped[CertificateItem] = relationship(back_populates="measures")


class BundleMatter(Base):
    __tablename__ = "bundle_matter"

    bundle_id: Mapped[int] = mapped_column(
        ForeignKey("bundle.id", ondelete="CASCADE"), primary_key=True
    )
    matter_id: Mapped[int] = mapped_column(
        ForeignKey("matter.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)

    matter: Mapped[Matter] = relationship()


class Bundle(Base):
    """一件事: several matters handled as one application."""

    __tablename__ = "bundle"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    # kept only because a case refers to it: not in the installed catalog (not searched,
    # exported, counted or offered for intake); see app.catalog.exchange.apply
    retired: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")

    matter_links: Mapped[list[BundleMatter]] = relationship(
        order_by="BundleMatter.position", cascade="all, delete-orphan"
    )

    @property
    def matters(self) -> list[Matter]:
        return [link.matter for link in self.matter_links]


class CatalogMeta(Base):
    """Key/value facts about the installed catalog: version, published_at, sample, source.

    ``sample`` is "true" while the built-in (or another made-up) catalog is installed; a
    database that has no ``version`` has never had a catalog (app.catalog.sample).
    """

    __tablename__ = "catalog_meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")


# --------------------------------------------------------------------------- cases


class Case(Base):
    """办件: one applicant, one matter or bundle, and one resolution per certificate item."""

    __tablename__ = "case"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    number: Mapped[str] = mapped_column(String(40), unique=True)  # human-readable 办件编号
    matter_id: Mapped[int | None] = mapped_column(ForeignKey("matter.id"))
    bundle_id: Mapped[int | None] = mapped_column(ForeignKey("bundle.id"))
    applicant_kind: Mapped[ApplicantKind] = mapped_column(_enum(ApplicantKind, "applicant_kind"))
    applicant_name: Mapped[str] = mapped_column(String(200))
    applicant_id_no: Mapped[str] = mapped_column(String(32), index=True)  # resident ID or USCC
    phone: Mapped[str] = mapped_column(String(32), default="")
    clerk: Mapped[str] = mapped_column(String(100), default="")
    window_code: Mapped[str] = mapped_column(String(64), default="")
    status: Mapped[CaseStatus] = mapped_column(
        _enum(CaseStatus, "case_status"), default=CaseStatus.OPEN, index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime)  # 撤销时间
    cancel_reason: Mapped[str] = mapped_column(Text, default="")  # 撤销原因
    # the installed catalog's version when the case was taken in (a later catalog from the hub
    # replaces the catalog, never the case: its resolutions keep their items)
    catalog_version: Mapped[str] = mapped_column(String(64), default="")

    matter: Mapped[Matter | None] = relationship()
    bundle: Mapped[Bundle | None] = relationship()
    resolutions: Mapped[list[Resolution]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="Resolution.position"
    )


class Resolution(Base):
    """How one certificate item of a case was resolved, with its evidence."""

    __tablename__ = "resolution"
    __table_args__ = (UniqueConstraint("case_id", "item_id"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    case_id: Mapped[str] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("certificate_item.id"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    measure: Mapped[Measure | None] = mapped_column(_enum(Measure, "measure"))  # None: not yet
    pledge_id: Mapped[str | None] = mapped_column(ForeignKey("pledge.id"))
    request_id: Mapped[str | None] = mapped_column(ForeignKey("verification_request.id"))
    substitute_document: Mapped[str] = mapped_column(String(300), default="")
    submitted: Mapped[bool | None] = mapped_column(Boolean)  # retained: was it handed in?
    note: Mapped[str] = mapped_column(Text, default="")
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime)

    case: Mapped[Case] = relationship(back_populates="resolutions")
    item: Mapped[CertificateItem] = relationship()
    pledge: Mapped[Pledge | None] = relationship(foreign_keys=[pledge_id])
    request: Mapped[VerificationRequest | None] = relationship(foreign_keys=[request_id])


class Pledge(Base):
    """承诺: the text an applicant signed for one certificate item of a case."""

    __tablename__ = "pledge"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    case_id: Mapped[str] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("certificate_item.id"))
    text: Mapped[str] = mapped_column(Text)
    form_hash: Mapped[str] = mapped_column(String(64), default="")  # of the printed form
    check_outcome: Mapped[CheckOutcome] = mapped_column(
        _enum(CheckOutcome, "check_outcome"), default=CheckOutcome.UNCHECKED
    )
    checked_at: Mapped[datetime | None] = mapped_column(DateTime)
    checked_by: Mapped[str] = mapped_column(String(100), default="")
    check_note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    item: Mapped[CertificateItem] = relationship()


class VerificationRequest(Base):
    """核验请求 (or a data query, answered automatically by a data source on the hub)."""

    __tablename__ = "verification_request"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    case_id: Mapped[str] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("certificate_item.id"))
    kind: Mapped[Measure] = mapped_column(_enum(Measure, "measure"))  # share or verify
    subject_kind: Mapped[ApplicantKind] = mapped_column(_enum(ApplicantKind, "applicant_kind"))
    subject_name: Mapped[str] = mapped_column(String(200))
    subject_id_no: Mapped[str] = mapped_column(String(32))
    fact: Mapped[str] = mapped_column(Text)  # what to verify
    provider_code: Mapped[str] = mapped_column(String(64), index=True)
    window_code: Mapped[str] = mapped_column(String(64), default="")
    deadline: Mapped[date | None] = mapped_column(Date)
    status: Mapped[RequestStatus] = mapped_column(
        _enum(RequestStatus, "request_status"), default=RequestStatus.QUEUED, index=True
    )
    answer: Mapped[Answer | None] = mapped_column(_enum(Answer, "answer"))
    answer_note: Mapped[str] = mapped_column(Text, default="")
    answered_by: Mapped[str] = mapped_column(String(100), default="")
    answered_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    item: Mapped[CertificateItem] = relationship()


class CreditRecord(Base):
    """失信记录: a subject with a proven false pledge cannot use the pledge measure."""

    __tablename__ = "credit_record"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    subject_kind: Mapped[ApplicantKind] = mapped_column(_enum(ApplicantKind, "applicant_kind"))
    subject_id_no: Mapped[str] = mapped_column(String(32), index=True)
    subject_name: Mapped[str] = mapped_column(String(200), default="")
    reason: Mapped[str] = mapped_column(Text)
    source_pledge_id: Mapped[str | None] = mapped_column(String(36))
    valid_from: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # "local": typed at this window; "hub": pulled from the county hub (id = the hub's record
    # id, ``revision`` its newest broadcast revision). Ended, never deleted.
    origin: Mapped[str] = mapped_column(String(8), default="local")
    revision: Mapped[int | None] = mapped_column(Integer)
    recorded_at: Mapped[datetime | None] = mapped_column(DateTime)
    recorded_by: Mapped[str] = mapped_column(String(200), default="")
    ended_at: Mapped[datetime | None] = mapped_column(DateTime)
    end_reason: Mapped[str] = mapped_column(Text, default="")
    ended_by: Mapped[str] = mapped_column(String(200), default="")


class DeviceKey(Base):
    """An enrolled device's Ed25519 public key, as the hub broadcast it (pledge forms printed
    at any window are checked with these, offline)."""

    __tablename__ = "device_key"

    key_id: Mapped[str] = mapped_column(String(16), primary_key=True)
    record_id: Mapped[str] = mapped_column(String(36), index=True)
    revision: Mapped[int] = mapped_column(Integer)
    device_kind: Mapped[str] = mapped_column(String(16))
    device_code: Mapped[str] = mapped_column(String(200))
    device_name: Mapped[str] = mapped_column(String(200), default="")
    public_key: Mapped[str] = mapped_column(String(64))
    enrolled_at: Mapped[datetime] = mapped_column(DateTime)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)


class CalendarYearRow(Base):
    """One year's working-day calendar as the hub published it (``document``: the
    :class:`app.calendar.CalendarYear` as JSON); a later revision replaces the year."""

    __tablename__ = "calendar_year"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    record_id: Mapped[str] = mapped_column(String(36))
    revision: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(Text, default="")
    document: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class MonitoringReport(Base):
    """监测: someone demanded a certificate that the catalog cancelled."""

    __tablename__ = "monitoring_report"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    reported_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    window_code: Mapped[str] = mapped_column(String(64), default="")
    matter_code: Mapped[str] = mapped_column(String(64), default="")
    item_code: Mapped[str] = mapped_column(String(64), default="")
    demanded_by: Mapped[str] = mapped_column(String(200), default="")  # the unit that demanded it
    description: Mapped[str] = mapped_column(Text, default="")
    reporter: Mapped[str] = mapped_column(String(100), default="")


class AuditEntry(Base):
    """Append-only log of every state change; each entry carries the hash of the one before."""

    __tablename__ = "audit_entry"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(100), default="")
    action: Mapped[str] = mapped_column(String(64))
    entity: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[str] = mapped_column(String(64))
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)  # never a full resident ID
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


# --------------------------------------------------------------------------- sync


class OutboxEntry(Base):
    """A change waiting to be pushed to the hub; dropped only after the hub acknowledged it.

    ``seq`` is the push order (SQLite AUTOINCREMENT: never reused, so it keeps growing across
    processes, unlike UUIDv7 ids, which are ordered only within one process). ``payload`` is
    the canonical JSON of the record's wire payload (:mod:`app.sync.wire`) at ``revision``;
    ``change_id`` is the change's idempotency key. A change the hub refused (a conflict, 409,
    or another per-record refusal) stays, marked ``refused_*``, until someone deals with it.
    """

    __tablename__ = "outbox_entry"
    __table_args__ = ({"sqlite_autoincrement": True},)

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    change_id: Mapped[str] = mapped_column(String(36), unique=True, default=new_id)
    kind: Mapped[str] = mapped_column(String(32))  # app.sync.wire.ChangeKind
    record_id: Mapped[str] = mapped_column(String(36), index=True)
    revision: Mapped[int] = mapped_column(Integer)
    case_id: Mapped[str | None] = mapped_column(String(36), index=True)
    case_number: Mapped[str] = mapped_column(String(40), default="")
    clerk: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)  # device time
    payload: Mapped[str] = mapped_column(Text)
    refused_at: Mapped[datetime | None] = mapped_column(DateTime)
    refused_status: Mapped[int | None] = mapped_column(Integer)  # 409, 403, 404, 422
    refused_outcome: Mapped[str] = mapped_column(String(16), default="")
    refused_message: Mapped[str] = mapped_column(Text, default="")

    @property
    def data(self) -> dict[str, Any]:
        """The payload as a dict."""
        value: dict[str, Any] = json.loads(self.payload)
        return value


class RecordRevision(Base):
    """The last revision queued for each record this device writes (1, 2, … per record).

    Kept apart from the records: a dropped pledge's revisions outlive its row.
    """

    __tablename__ = "record_revision"

    record_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    revision: Mapped[int] = mapped_column(Integer)


class InboxRequest(Base):
    """待核验: a verification request (or data query) addressed to this department, as pulled
    from the hub, with this department's answer. It names its case by number and the catalog
    by codes: a department has neither the window's case nor its catalog ids.
    """

    __tablename__ = "inbox_request"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # the window's request id
    revision: Mapped[int] = mapped_column(Integer)  # the newest revision applied
    case_id: Mapped[str] = mapped_column(String(36))
    case_number: Mapped[str] = mapped_column(String(40), default="")
    window_code: Mapped[str] = mapped_column(String(64))
    requested_by: Mapped[str] = mapped_column(String(100), default="")  # the window's clerk
    item_code: Mapped[str] = mapped_column(String(64))
    kind: Mapped[Measure] = mapped_column(_enum(Measure, "measure"))  # share or verify
    subject_kind: Mapped[ApplicantKind] = mapped_column(_enum(ApplicantKind, "applicant_kind"))
    subject_name: Mapped[str] = mapped_column(String(200))
    subject_id_no: Mapped[str] = mapped_column(String(32))
    fact: Mapped[str] = mapped_column(Text)
    provider_code: Mapped[str] = mapped_column(String(64))
    deadline: Mapped[date | None] = mapped_column(Date)
    status: Mapped[RequestStatus] = mapped_column(_enum(RequestStatus, "request_status"))
    requested_at: Mapped[datetime] = mapped_column(DateTime)
    received_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    answer: Mapped[Answer | None] = mapped_column(_enum(Answer, "answer"))
    answer_note: Mapped[str] = mapped_column(Text, default="")
    answered_by: Mapped[str] = mapped_column(String(100), default="")
    answered_at: Mapped[datetime | None] = mapped_column(DateTime)


class SyncState(Base):
    """Key/value sync state: the pull cursor, the last successful contact with the hub."""

    __tablename__ = "sync_state"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")


Index("ix_inbox_open", InboxRequest.answer, InboxRequest.deadline)
Index("ix_credit_subject", CreditRecord.subject_kind, CreditRecord.subject_id_no)
# the case lists: one status, newest first (办理中 / 已办结 / 已撤销)
Index("ix_case_status_created", Case.status, Case.created_at, Case.id)
