"""Outbox payloads: every record a window creates or changes is queued for the hub.

The payload is the record's columns as JSON (dates as ISO strings, enums as their values), so
the sync client can push it as is. It lives in the same local database as the record itself.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from app.storage.models import OutboxEntry


def _json_value(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def payload_of(record: Any) -> dict[str, Any]:
    """The record's column values as a JSON-ready dict."""
    mapper = inspect(record).mapper
    return {attr.key: _json_value(getattr(record, attr.key)) for attr in mapper.column_attrs}


def enqueue(session: Session, entity: str, record: Any, **extra: Any) -> OutboxEntry:
    """Queue the record's current state for the hub, in the caller's transaction."""
    session.flush()
    payload = payload_of(record)
    payload.update(extra)
    entry = OutboxEntry(entity=entity, entity_id=str(payload["id"]), payload=payload)
    session.add(entry)
    return entry
