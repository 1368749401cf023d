"""Changes the hub makes itself: signed broadcasts to every device, and data-source answers.

:func:`broadcast` stores a new revision of a hub-owned record (kind, record_id) in the caller's
write transaction: the change (signed with the hub key), the record's newest state, one entry in
the ``all`` feed and an audit entry. :func:`hub_change` does the same for any hub-made change
addressed to one feed (a data-source answer to a window).

Record ids are fixed where a record has one natural identity (the freshness limits, a calendar
year: :func:`fixed_record_id`), so a later publication is a new revision of the same record and
a device keeps only the newest.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from app.hub import audit, feed
from app.hub.models import HubMeta, HubRecord, SyncChange, core
from app.signing import SigningKey
from app.sync.wire import (
    BROADCAST_KINDS,
    AnyBroadcast,
    AnyChange,
    BroadcastPayload,
    ChangeKind,
    FreshnessPayload,
    build_broadcast,
    naive_utc,
)

HUB_OWNER = "hub"
_NAMESPACE = uuid.UUID("5b0c3f5e-2a57-4c53-9f2e-8d1a2f0b6c11")


def fixed_record_id(session: Session, name: str) -> str:
    """A record id that is the same for ``name`` on this hub every time (UUIDv5)."""
    hub_id = session.scalar(select(HubMeta.value).where(HubMeta.key == "hub_id")) or ""
    return str(uuid.uuid5(_NAMESPACE, f"{hub_id}/{name}"))


def current_revision(session: Session, kind: ChangeKind, record_id: str) -> int:
    """The newest revision the hub holds of a record (0: none), locking it until commit."""
    revision = session.scalar(
        select(HubRecord.revision)
        .where(HubRecord.kind == kind.value, HubRecord.record_id == record_id)
        .with_for_update()
    )
    return int(revision or 0)


@dataclass(frozen=True)
class Made:
    """A change the hub made, for the caller's report."""

    change_id: str
    record_id: str
    revision: int


def hub_change(
    session: Session,
    change: AnyChange | AnyBroadcast,
    *,
    owner: str,
    addressee: str,
    now: datetime,
    actor: str,
    action: str,
    detail: dict[str, object] | None = None,
    deferred_feed: list[tuple[str, str]] | None = None,
) -> Made:
    """Store a hub-made change as the record's newest state and feed it to ``addressee``.

    With ``deferred_feed`` the feed entry is appended there instead, for the caller to
    allocate all of its entries at once (:func:`app.hub.feed.allocate` takes the counters in
    sorted order: no deadlock with a concurrent push)."""
    change_id = str(change.change_id)
    signature = getattr(change, "signature", None)
    session.execute(
        insert(core(SyncChange)),
        [
            {
                "change_id": change_id,
                "kind": change.kind,
                "wire_version": change.wire_version,
                "record_id": str(change.record_id),
                "revision": change.revision,
                "content_hash": change.content_hash,
                "owner": owner,
                "device_id": None,
                "clerk": change.clerk,
                "case_number": change.case_number,
                "device_time": naive_utc(change.device_time),
                "received_at": now,
                "payload": change.payload_json,
                "signature": signature.model_dump_json() if signature is not None else None,
            }
        ],
    )
    row = {
        "owner": owner,
        "addressee": addressee,
        "revision": change.revision,
        "content_hash": change.content_hash,
        "change_id": change_id,
        "payload": change.payload_json,
        "updated_at": now,
    }
    if change.revision == 1:
        session.execute(
            insert(core(HubRecord)),
            [{"kind": change.kind, "record_id": str(change.record_id), **row}],
        )
    else:
        session.execute(
            update(HubRecord)
            .where(HubRecord.kind == change.kind, HubRecord.record_id == str(change.record_id))
            .values(**row)
        )
    if deferred_feed is None:
        feed.allocate(session, [(addressee, change_id)])
    else:
        deferred_feed.append((addressee, change_id))
    audit.append(
        session,
        [
            audit.AuditItem(
                actor=actor,
                action=action,
                entity=change.kind,
                entity_id=str(change.record_id),
                detail={
                    "change_id": change_id,
                    "revision": change.revision,
                    "content_hash": change.content_hash,
                    **(detail or {}),
                },
            )
        ],
        now,
    )
    return Made(change_id, str(change.record_id), change.revision)


def broadcast(
    session: Session,
    key: SigningKey,
    payload: BroadcastPayload,
    *,
    record_id: str,
    now: datetime,
    actor: str,
    detail: dict[str, object] | None = None,
) -> AnyBroadcast:
    """Publish the next revision of a hub-owned record to every device, signed."""
    change = build_broadcast(
        payload,
        record_id=record_id,
        revision=current_revision(session, BROADCAST_KINDS[type(payload)], record_id) + 1,
        key=key,
        clerk=actor[:200],
        device_time=now,
    )
    hub_change(
        session,
        change,
        owner=HUB_OWNER,
        addressee=feed.BROADCAST,
        now=now,
        actor=actor,
        action=f"publish.{change.kind}",
        detail=detail,
    )
    return change


# --------------------------------------------------------------------------- freshness

FRESHNESS_RECORD = "freshness"


def freshness(session: Session) -> FreshnessPayload | None:
    """The freshness limits last published (None: never; devices use 7 and 30 days)."""
    record_id = fixed_record_id(session, FRESHNESS_RECORD)
    payload = session.scalar(
        select(HubRecord.payload).where(
            HubRecord.kind == ChangeKind.FRESHNESS.value, HubRecord.record_id == record_id
        )
    )
    return FreshnessPayload.model_validate(json.loads(payload)) if payload else None


def publish_freshness(
    session: Session, key: SigningKey, limits: FreshnessPayload, *, now: datetime, actor: str
) -> AnyBroadcast | None:
    """Publish the limits; None when they are already the ones published."""
    if freshness(session) == limits:
        return None
    return broadcast(
        session,
        key,
        limits,
        record_id=fixed_record_id(session, FRESHNESS_RECORD),
        now=now,
        actor=actor,
        detail=limits.model_dump(),
    )


__all__ = [
    "HUB_OWNER",
    "Made",
    "broadcast",
    "current_revision",
    "fixed_record_id",
    "freshness",
    "hub_change",
    "publish_freshness",
]
