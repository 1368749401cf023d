"""Outbox payloads: every record a window creates or changes is queued for the hub.

    enqueue(session, entity, record, **extra) -> OutboxEntry
    record_change(session, action, entity, record, detail, actor=...)   # audit + enqueue

The payload is the record's columns as JSON (dates as ISO strings, enums as their values, see
:mod:`app.jsonutil`), so the sync client can push it as is. It lives in the same local database
as the record itself.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from app import audit
from app.jsonutil import json_value
from app.storage.models import OutboxEntry


def payload_of(record: Any) -> dict[str, Any]:
    """The record's column values as a JSON-ready dict."""
    mapper = inspect(record).mapper
    return {attr.key: json_value(getattr(record, attr.key)) for attr in mapper.column_attrs}


def enqueue(session: Session, entity: str, record: Any, **extra: Any) -> OutboxEntry:
    """Queue the record's current state for the hub, in the caller's transaction."""
    session.flush()
    payload = payload_of(record)
    payload.update(extra)
    entry = OutboxEntry(entity=entity, entity_id=str(payload["id"]), payload=payload)
    session.add(entry)
    return entry


def record_change(
    session: Session,
    action: str,
    entity: str,
    record: Any,
    detail: dict[str, Any],
    *,
    actor: str,
) -> None:
    """Audit a change to a record and queue the record for the hub, in the caller's transaction.

    ``detail`` must never hold a full ID (mask it).
    """
    audit.record(
        session, actor=actor, action=action, entity=entity, entity_id=record.id, detail=detail
    )
    enqueue(session, entity, record)
