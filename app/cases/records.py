"""Every record a window creates or changes is audited and queued for the hub.

    record_change(session, action, entity, record, detail, actor=...)   # audit + enqueue
    enqueue(session, record, actor=..., deleted=False)                 # app.sync.outbox

What is queued is the record's wire payload (:mod:`app.sync.payloads`): catalog codes, not
local ids; the subject's ID only on a request; never a phone. It is written in the same
transaction as the record itself.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from app import audit
from app.sync.outbox import enqueue
from app.sync.payloads import SyncedRecord

__all__ = ["enqueue", "record_change"]


def record_change(
    session: Session,
    action: str,
    entity: str,
    record: SyncedRecord,
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
    enqueue(session, record, actor=actor)
