"""The hub's audit log: every change and admin action, each entry chained to the one before.

Writers append at the end of their transaction under the lock of the single
``hub_audit_head`` row (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite's ``BEGIN IMMEDIATE``
already serialises writers), so concurrent workers extend one chain and never fork it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from app.hub.models import HubAuditEntry, HubAuditHead, core

GENESIS = "0" * 64


@dataclass(frozen=True)
class AuditItem:
    actor: str
    action: str
    entity: str
    entity_id: str
    detail: dict[str, Any] = field(default_factory=dict)  # never a full resident ID


def _canonical(detail: dict[str, Any]) -> str:
    return json.dumps(detail, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _digest(prev: str, at: datetime, item: AuditItem | HubAuditEntry, detail: str) -> str:
    body = json.dumps(
        [prev, at.isoformat(), item.actor, item.action, item.entity, item.entity_id, detail],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def append(session: Session, items: list[AuditItem], at: datetime) -> None:
    """Append ``items`` to the chain in the caller's transaction (locks the head until commit)."""
    if not items:
        return
    head = session.execute(
        select(HubAuditHead.hash, HubAuditHead.entries)
        .where(HubAuditHead.id == 1)
        .with_for_update()
    ).one()
    prev = head.hash
    rows = []
    for item in items:
        detail = _canonical(item.detail)
        digest = _digest(prev, at, item, detail)
        rows.append(
            {
                "at": at,
                "actor": item.actor,
                "action": item.action,
                "entity": item.entity,
                "entity_id": item.entity_id,
                "detail": detail,
                "prev_hash": prev,
                "hash": digest,
            }
        )
        prev = digest
    session.execute(insert(core(HubAuditEntry)), rows)  # Core: executemany
    session.execute(
        update(HubAuditHead)
        .where(HubAuditHead.id == 1)
        .values(hash=prev, entries=head.entries + len(rows))
    )


def verify_chain(session: Session) -> int | None:
    """The seq of the first entry that breaks the chain, or None when it is intact.

    The head row must also name the last entry, so a truncated log does not pass.
    """
    prev = GENESIS
    count = 0
    query = select(HubAuditEntry).order_by(HubAuditEntry.seq).execution_options(yield_per=1000)
    for entry in session.scalars(query):
        expected = _digest(prev, entry.at, entry, entry.detail)
        if entry.prev_hash != prev or entry.hash != expected:
            return entry.seq
        prev = entry.hash
        count += 1
    head = session.get(HubAuditHead, 1)
    if head is None or head.hash != prev or head.entries != count:
        return -1
    return None
