"""The outbox: every change this device makes waits here, in push order, until the hub has it.

    enqueue(session, record, actor=..., deleted=False) -> OutboxEntry   # caller's transaction
    rebuild(session) -> int          # the current state of every window record, queued afresh
    after_migration(connection)      # called by app.storage.db.migrate (see migration 0006)
    as_change(entry) -> AnyChange    # an entry as the wire change the hub receives
    pending_count(db) -> int         # entries still waiting (refused ones not included)
    refused_count(db) -> int         # entries the hub refused (a conflict, 409, …): shown
    provisional_cases(session, case_ids) -> set[str]   # cases the hub does not fully have yet
    provisional_records(session, case_id) -> set[str]  # which records of a case

An entry holds the record's wire payload as canonical JSON at one revision (1 for a new
record, +1 for each later state; :class:`RecordRevision` counts them), its own UUIDv7
``change_id`` (the idempotency key of the push) and the device time. It is written in the same
transaction as the record and deleted only after the hub acknowledged it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from sqlalchemy import Connection, delete, func, select
from sqlalchemy.orm import Session

from app.ids import new_id, utcnow
from app.storage.db import Database
from app.storage.models import (
    Case,
    InboxRequest,
    OutboxEntry,
    Pledge,
    RecordRevision,
    Resolution,
    SyncState,
    VerificationRequest,
)
from app.sync.identity import load_enrolment
from app.sync.payloads import SyncedRecord, payload_json, wire_payload
from app.sync.wire import (
    CHANGE_ADAPTER,
    PAYLOAD_KINDS,
    WIRE_VERSION,
    AnyChange,
    ChangeKind,
    content_hash,
)

WINDOW_KINDS = frozenset(
    {
        ChangeKind.CASE.value,
        ChangeKind.RESOLUTION.value,
        ChangeKind.PLEDGE.value,
        ChangeKind.VERIFICATION_REQUEST.value,
    }
)
REBUILD_FLAG = "outbox.rebuild"


def _next_revision(session: Session, record_id: str) -> int:
    counter = session.get(RecordRevision, record_id)
    if counter is None:
        counter = RecordRevision(record_id=record_id, revision=0)
        session.add(counter)
    counter.revision += 1
    return counter.revision


def _case_of(session: Session, record: SyncedRecord) -> tuple[str | None, str]:
    """(case id, case number) a record belongs to."""
    if isinstance(record, Case):
        return record.id, record.number
    if isinstance(record, InboxRequest):
        return record.case_id, record.case_number
    case = session.get(Case, record.case_id)
    return record.case_id, case.number if case is not None else ""


def enqueue(
    session: Session, record: SyncedRecord, *, actor: str = "", deleted: bool = False
) -> OutboxEntry:
    """Queue the record's current state (``deleted``: a dropped pledge's last state)."""
    session.flush()
    payload = wire_payload(session, record, deleted=deleted)
    case_id, case_number = _case_of(session, record)
    entry = OutboxEntry(
        change_id=new_id(),
        kind=PAYLOAD_KINDS[type(payload)].value,
        record_id=record.id,
        revision=_next_revision(session, record.id),
        case_id=case_id,
        case_number=case_number,
        clerk=actor[:100],
        created_at=utcnow(),
        payload=payload_json(payload),
        refused_outcome="",
        refused_message="",
    )
    session.add(entry)
    return entry


def rebuild(session: Session) -> int:
    """Replace the window's queued changes by the current state of each of its records.

    For a database whose outbox the hub never saw (migration 0006; a standalone window's first
    enrolment, after its records took the enrolled window code): one change per record, a
    case before its records. A department's queued answers are left as they are.
    """
    session.execute(delete(OutboxEntry).where(OutboxEntry.kind.in_(WINDOW_KINDS)))
    queued = 0
    cases = session.scalars(select(Case).order_by(Case.created_at, Case.id)).all()
    for case in cases:
        enqueue(session, case, actor=case.clerk)
        queued += 1
    clerks = {case.id: case.clerk for case in cases}
    records: list[SyncedRecord] = []
    for model in (Pledge, VerificationRequest, Resolution):
        records.extend(
            session.scalars(
                select(model)
                .join(Case, Case.id == model.case_id)
                .order_by(Case.created_at, model.id)
            )
        )
    for record in records:
        enqueue(session, record, actor=clerks.get(getattr(record, "case_id", ""), ""))
        queued += 1
    session.flush()
    return queued


def after_migration(connection: Connection) -> None:
    """Refill the outbox when a migration asked for it (in the migration's transaction)."""
    flag = connection.exec_driver_sql(
        "SELECT value FROM sync_state WHERE key = ?", (REBUILD_FLAG,)
    ).scalar()
    if not flag:
        return
    with Session(bind=connection, expire_on_commit=False) as session:
        rebuild(session)
        session.execute(delete(SyncState).where(SyncState.key == REBUILD_FLAG))
        session.flush()


def as_change(entry: OutboxEntry) -> AnyChange:
    """The wire change an entry stands for (the same bytes every time it is sent)."""
    digest = content_hash(entry.kind, WIRE_VERSION, entry.record_id, entry.revision, entry.payload)
    head = {
        "kind": entry.kind,
        "change_id": entry.change_id,
        "wire_version": WIRE_VERSION,
        "record_id": entry.record_id,
        "revision": entry.revision,
        "content_hash": digest,
        "clerk": entry.clerk,
        "case_number": entry.case_number,
        "device_time": entry.created_at.isoformat() + "Z",
    }
    text = json.dumps(head, ensure_ascii=False)[:-1] + ',"payload":' + entry.payload + "}"
    return CHANGE_ADAPTER.validate_json(text)


def _count(db: Database, *, refused: bool) -> int:
    marked = OutboxEntry.refused_status.is_not(None)
    with db.reading() as session:
        query = select(func.count()).select_from(OutboxEntry)
        return int(session.scalar(query.where(marked if refused else ~marked)) or 0)


def pending_count(db: Database) -> int:
    """How many changes wait to be pushed (the hub has not acknowledged them yet)."""
    return _count(db, refused=False)


def refused_count(db: Database) -> int:
    """How many changes the hub refused (kept, marked, shown to the clerk)."""
    return _count(db, refused=True)


def provisional_cases(session: Session, case_ids: Iterable[str]) -> set[str]:
    """The cases among ``case_ids`` with a change the hub has not acknowledged yet.

    Empty for a standalone window: "provisional" means "not at the hub yet", and there is no
    hub to wait for.
    """
    if load_enrolment(session) is None:
        return set()
    ids = list(dict.fromkeys(case_ids))
    found: set[str] = set()
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        found.update(
            str(case_id)
            for case_id in session.scalars(
                select(OutboxEntry.case_id).where(OutboxEntry.case_id.in_(chunk)).distinct()
            )
        )
    return found


def provisional_records(session: Session, case_id: str) -> set[str]:
    """The records of one case (itself included) the hub does not have in their latest state
    yet; empty for a standalone window."""
    if load_enrolment(session) is None:
        return set()
    return set(
        session.scalars(
            select(OutboxEntry.record_id).where(OutboxEntry.case_id == case_id).distinct()
        )
    )
