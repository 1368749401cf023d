"""Appending to the audit chain (:func:`record`) and moving the checkpoint forward after each
commit (:func:`install` hooks the sessions of a database).

Appends never fork the chain, although the GUI and the CLI write the same database: the entry
is inserted first, which takes SQLite's write lock, and only then is the previous entry read
and the link computed, inside the same transaction.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.audit.digests import GENESIS, _keyed_digest
from app.audit.keeper import (
    SESSION_FOUND,
    SESSION_HEAD,
    SESSION_HOLD,
    SESSION_KEEPER,
    AuditKeeper,
    Link,
    _keeper,
)
from app.ids import utcnow
from app.storage.models import AuditEntry

log = logging.getLogger("wuzheng.audit")


def _after_commit(session: Session) -> None:
    head = session.info.pop(SESSION_HEAD, None)
    hold = session.info.pop(SESSION_HOLD, False)
    session.info.pop(SESSION_FOUND, None)
    keeper = session.info.get(SESSION_KEEPER)
    if isinstance(head, Link) and not hold and isinstance(keeper, AuditKeeper):
        try:
            keeper.committed(head)
        except Exception:  # the data is committed; a lagging checkpoint is allowed
            log.warning("审计检查点未能更新", exc_info=True)


def _after_rollback(session: Session) -> None:
    for name in (SESSION_HEAD, SESSION_HOLD, SESSION_FOUND):
        session.info.pop(name, None)


def install(sessions: Any) -> None:
    """Advance the checkpoint after every commit of a sessionmaker's sessions (whose ``info``
    holds the keeper under :data:`SESSION_KEEPER`)."""
    from sqlalchemy import event

    event.listen(sessions, "after_commit", _after_commit)
    event.listen(sessions, "after_rollback", _after_rollback)


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
    keeper = _keeper(session)
    at = utcnow()
    detail = detail or {}
    entry = AuditEntry(
        at=at,
        actor=actor,
        action=action,
        entity=entity,
        entity_id=str(entity_id),
        detail=detail,
        prev_hash="",
        hash="",
    )
    session.add(entry)
    session.flush()  # the insert takes the write lock: nobody appends between here and commit
    row = session.execute(
        select(AuditEntry.seq, AuditEntry.hash)
        .where(AuditEntry.seq < entry.seq)
        .order_by(AuditEntry.seq.desc())
        .limit(1)
    ).first()
    prev = Link(row[0], row[1]) if row else None
    key = keeper.link(session, entry.seq, prev)
    entry.prev_hash = prev.hash if prev else GENESIS
    entry.hash = _keyed_digest(
        key, entry.seq, entry.prev_hash, at, actor, action, entity, entry.entity_id, detail
    )
    session.flush()
    session.info[SESSION_HEAD] = Link(entry.seq, entry.hash)
    return entry
