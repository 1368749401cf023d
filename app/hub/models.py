"""The hub's own tables (SQLAlchemy 2), the same on SQLite and PostgreSQL.

- ``device`` / ``enrolment``: who may talk to the hub (tokens and one-time codes, hashed only).
- ``sync_change``: every change ever accepted, keyed by its ``change_id`` (the idempotency key).
- ``hub_record``: the newest state of every record (highest revision), with its owner and the
  address its changes are fed to.
- ``feed_counter`` / ``feed_entry``: one gap-free sequence per recipient address; a writer takes
  the counter row under lock (``UPDATE … RETURNING``) in its own transaction, so entries of one
  address become visible strictly in sequence order and a reader can never skip one.
- ``hub_audit`` / ``hub_audit_head``: the hash-chained log of every change and admin action.
- ``hub_catalog``: every published catalog version (the document, gzip-compressed, its SHA-256
  and the hub's signature); ``hub_credit``: the credit list with its history (never deleted).
- ``hub_dataset`` / ``hub_dataset_load`` / ``hub_dataset_row``: the tables departments load for
  the built-in data source (one dataset per certificate item, each load a new version);
  ``hub_open_query``: data queries no source could answer yet (answered when a dataset comes).

Changes the hub makes itself (broadcasts, data-source answers) are ``sync_change`` rows with no
device (``device_id`` NULL) and the owner ``hub`` or ``source:NAME``.

The schema is created by the hub's own Alembic chain in ``db/hub_migrations``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import cast

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# SQLite only autoincrements an INTEGER PRIMARY KEY; PostgreSQL gets a 64-bit identity.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class HubBase(DeclarativeBase):
    pass


class HubMeta(HubBase):
    """Key/value facts about this hub: its id and its name."""

    __tablename__ = "hub_meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")


class Device(HubBase):
    """An enrolled window, department or supervisor device and its token (hashed)."""

    __tablename__ = "device"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(16))
    code: Mapped[str] = mapped_column(String(100), index=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    public_key: Mapped[str | None] = mapped_column(String(64))
    key_id: Mapped[str | None] = mapped_column(String(16))  # app.signing.key_id(public_key)
    enrolled_at: Mapped[datetime] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)


class Enrolment(HubBase):
    """A one-time enrolment code (hashed): single use, expires after 24 hours."""

    __tablename__ = "enrolment"

    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    code: Mapped[str] = mapped_column(String(100), index=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    used_at: Mapped[datetime | None] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    device_id: Mapped[int | None] = mapped_column(ForeignKey("device.id"))


class SyncChange(HubBase):
    """One accepted change, exactly as pushed (the payload as canonical JSON text)."""

    __tablename__ = "sync_change"

    change_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    wire_version: Mapped[int] = mapped_column(Integer)
    record_id: Mapped[str] = mapped_column(String(36))
    revision: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64))
    owner: Mapped[str] = mapped_column(String(120))  # the writer's address, e.g. window:HF01
    device_id: Mapped[int | None] = mapped_column(ForeignKey("device.id"))  # None: the hub's
    clerk: Mapped[str] = mapped_column(String(200), default="")
    case_number: Mapped[str] = mapped_column(String(40), default="")
    device_time: Mapped[datetime] = mapped_column(DateTime)
    received_at: Mapped[datetime] = mapped_column(DateTime)
    payload: Mapped[str] = mapped_column(Text)
    signature: Mapped[str | None] = mapped_column(Text)  # a broadcast's: {"key_id", "value"}


class HubRecord(HubBase):
    """The newest state of one record (by revision), its owner and its addressee."""

    __tablename__ = "hub_record"

    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    record_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    owner: Mapped[str] = mapped_column(String(120))
    addressee: Mapped[str | None] = mapped_column(String(120))
    revision: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64))
    change_id: Mapped[str] = mapped_column(String(36))
    payload: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class FeedCounter(HubBase):
    """The last sequence number handed out for one recipient address."""

    __tablename__ = "feed_counter"

    recipient: Mapped[str] = mapped_column(String(120), primary_key=True)
    last_seq: Mapped[int] = mapped_column(BigInteger, default=0)


class FeedEntry(HubBase):
    """The ``seq``-th change addressed to ``recipient``."""

    __tablename__ = "feed_entry"

    recipient: Mapped[str] = mapped_column(String(120), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    change_id: Mapped[str] = mapped_column(ForeignKey("sync_change.change_id"))


class HubAuditEntry(HubBase):
    """Append-only, each entry carrying the hash of the one before (never a full ID)."""

    __tablename__ = "hub_audit"

    seq: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(64))
    entity: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[str] = mapped_column(String(100))
    detail: Mapped[str] = mapped_column(Text)  # canonical JSON
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class HubAuditHead(HubBase):
    """One row: the hash of the newest audit entry. Writers lock it, so the chain never forks."""

    __tablename__ = "hub_audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hash: Mapped[str] = mapped_column(String(64))
    entries: Mapped[int] = mapped_column(BigInteger, default=0)


class CatalogVersion(HubBase):
    """A published catalog version: the exchange document's bytes (stored gzip-compressed)."""

    __tablename__ = "hub_catalog"

    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    label: Mapped[str] = mapped_column(String(300))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(BigInteger)
    document_gzip: Mapped[bytes] = mapped_column(LargeBinary)
    signature: Mapped[str] = mapped_column(String(100))
    published_at: Mapped[datetime] = mapped_column(DateTime)
    published_by: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    change_id: Mapped[str] = mapped_column(String(36))


class CreditEntry(HubBase):
    """One credit-list record; ending it fills ``ended_*`` (nothing is ever deleted)."""

    __tablename__ = "hub_credit"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    subject_kind: Mapped[str] = mapped_column(String(16))
    subject_id_no: Mapped[str] = mapped_column(String(32), index=True)
    subject_name: Mapped[str] = mapped_column(String(200), default="")
    reason: Mapped[str] = mapped_column(Text)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)
    source_pledge_id: Mapped[str | None] = mapped_column(String(36))
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
    recorded_by: Mapped[str] = mapped_column(String(200), default="")
    ended_at: Mapped[datetime | None] = mapped_column(DateTime)
    end_reason: Mapped[str] = mapped_column(Text, default="")
    ended_by: Mapped[str] = mapped_column(String(200), default="")


class Dataset(HubBase):
    """A department's table answering one certificate item (built-in source ``table``)."""

    __tablename__ = "hub_dataset"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    item_code: Mapped[str] = mapped_column(String(64), unique=True)
    department: Mapped[str] = mapped_column(String(64))
    fact: Mapped[str] = mapped_column(Text, default="")
    key_column: Mapped[str] = mapped_column(String(100))
    name_column: Mapped[str | None] = mapped_column(String(100))
    result_column: Mapped[str | None] = mapped_column(String(100))
    version: Mapped[int] = mapped_column(Integer, default=0)  # the newest load
    rows: Mapped[int] = mapped_column(BigInteger, default=0)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class DatasetLoad(HubBase):
    """One load of a dataset: a version. Rows are kept as of the newest version only."""

    __tablename__ = "hub_dataset_load"

    dataset_id: Mapped[int] = mapped_column(ForeignKey("hub_dataset.id"), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    loaded_at: Mapped[datetime] = mapped_column(DateTime)
    loaded_by: Mapped[str] = mapped_column(String(200), default="")
    file_name: Mapped[str] = mapped_column(String(300))
    file_sha256: Mapped[str] = mapped_column(String(64))
    replace: Mapped[bool] = mapped_column(Boolean, default=False)
    rows_in_file: Mapped[int] = mapped_column(BigInteger)
    added: Mapped[int] = mapped_column(BigInteger, default=0)
    updated: Mapped[int] = mapped_column(BigInteger, default=0)
    removed: Mapped[int] = mapped_column(BigInteger, default=0)
    columns: Mapped[str] = mapped_column(Text, default="[]")  # JSON: the fact columns


class DatasetRow(HubBase):
    """One subject in a dataset: its result (None: confirmed) and the facts shown in answers."""

    __tablename__ = "hub_dataset_row"
    __table_args__ = ({"sqlite_with_rowid": False},)

    dataset_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    subject_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    result: Mapped[str | None] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(200), default="")
    facts: Mapped[str] = mapped_column(Text, default="")  # JSON list of [column, value]
    version: Mapped[int] = mapped_column(Integer)  # the load that last wrote it


class OpenQuery(HubBase):
    """A data query (share request) that no source answered yet and no department either."""

    __tablename__ = "hub_open_query"

    request_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    item_code: Mapped[str] = mapped_column(String(64), index=True)
    received_at: Mapped[datetime] = mapped_column(DateTime)


Index("ix_hub_record_addressee", HubRecord.addressee)
Index("ix_sync_change_record", SyncChange.kind, SyncChange.record_id)


def core(model: type[HubBase]) -> Table:
    """A model's Table, for Core bulk inserts (one executemany, no ORM bookkeeping)."""
    return cast(Table, model.__table__)
