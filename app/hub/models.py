"""The hub's own tables (SQLAlchemy 2), the same on SQLite and PostgreSQL.

- ``device`` / ``enrolment``: who may talk to the hub (tokens and one-time codes, hashed only).
- ``sync_change``: every change ever accepted, keyed by its ``change_id`` (the idempotency key).
- ``hub_record``: the newest state of every record (highest revision), with its owner and the
  address its changes are fed to.
- ``feed_counter`` / ``feed_entry``: one gap-free sequence per recipient address; a writer takes
  the counter row under lock (``UPDATE … RETURNING``) in its own transaction, so entries of one
  address become visible strictly in sequence order and a reader can never skip one.
- ``hub_audit`` / ``hub_audit_head``: the hash-chained log of every change and admin action.

The schema is created by the hub's own Alembic chain in ``db/hub_migrations``.
"""

from __future__ import annotations

from datetime import datetime
from typing import cast

from sqlalchemy import (
    BigInteger,
    DateTime,
    ForeignKey,
    Index,
    Integer,
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
    device_id: Mapped[int] = mapped_column(ForeignKey("device.id"))
    clerk: Mapped[str] = mapped_column(String(200), default="")
    case_number: Mapped[str] = mapped_column(String(40), default="")
    device_time: Mapped[datetime] = mapped_column(DateTime)
    received_at: Mapped[datetime] = mapped_column(DateTime)
    payload: Mapped[str] = mapped_column(Text)


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


Index("ix_hub_record_addressee", HubRecord.addressee)
Index("ix_sync_change_record", SyncChange.kind, SyncChange.record_id)


def core(model: type[HubBase]) -> Table:
    """A model's Table, for Core bulk inserts (one executemany, no ORM bookkeeping)."""
    return cast(Table, model.__table__)
