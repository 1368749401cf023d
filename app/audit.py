"""The append-only audit log: every state change, each entry chained to the one before by hash."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.ids import utcnow
from app.storage.models import AuditEntry

GENESIS = "0" * 64


def _digest(
    prev_hash: str,
    at: datetime,
    actor: str,
    action: str,
    entity: str,
    entity_id: str,
    detail: dict[str, Any],
) -> str:
    body = json.dumps(
        [prev_hash, at.isoformat(), actor, action, entity, entity_id, detail],
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def record(
    session: Session,
    *,
    actor: str,
    action: str,
    entity: str,
    entity_id: str | int,
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry in the caller's transaction. ``detail`` must never hold a full ID."""
    last = session.scalar(select(AuditEntry.hash).order_by(AuditEntry.seq.desc()).limit(1))
    prev = last or GENESIS
    at = utcnow()
    detail = detail or {}
    entry = AuditEntry(
        at=at,
        actor=actor,
        action=action,
        entity=entity,
        entity_id=str(entity_id),
        detail=detail,
        prev_hash=prev,
        hash=_digest(prev, at, actor, action, entity, str(entity_id), detail),
    )
    session.add(entry)
    session.flush()
    return entry


def verify_chain(session: Session) -> int | None:
    """The seq of the first entry whose hash does not match, or None when the chain is intact."""
    prev = GENESIS
    for entry in session.scalars(select(AuditEntry).order_by(AuditEntry.seq)):
        expected = _digest(
            prev, entry.at, entry.actor, entry.action, entry.entity, entry.entity_id, entry.detail
        )
        if entry.prev_hash != prev or entry.hash != expected:
            return entry.seq
        prev = entry.hash
    return None
