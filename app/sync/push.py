"""Push: the outbox to the hub, in seq order, deleting only what the hub acknowledged.

    push_outbox(db, hub, kinds, progress=None) -> PushTally

Entries are read in ``seq`` order, a page at a time, and sent in batches within the hub's
limits (:func:`app.sync.client.batches`). For each batch, in ONE local transaction: every
acknowledged entry is deleted (a request acknowledged in its queued state becomes "sent"),
every refused one is kept and marked with the hub's verdict (a conflict, 409, and the other
per-record refusals), and the push is audited. A refused entry does not stop the rest; it is
sent again at the next sync (the hub's verdict is the same unless what it refers to arrived
meanwhile) and stays visible to the clerk until someone deals with it.

If the answer to a batch is lost, nothing here changed: the same changes go again next time
and the hub answers "duplicate" for what it already holds.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass

from sqlalchemy import delete, func, select, update

from app import audit
from app.domain import RequestStatus
from app.ids import utcnow
from app.storage.db import Database
from app.storage.models import OutboxEntry, VerificationRequest
from app.sync.client import HubClient, batches
from app.sync.outbox import as_change
from app.sync.wire import AnyChange, ChangeKind, ChangeResult

PAGE = 2000  # entries read from the outbox at a time
Progress = Callable[[str, int, int], None]  # (phase, done, total)


@dataclass
class PushTally:
    acknowledged: int = 0
    refused: int = 0


def _waiting(db: Database, kinds: Collection[str]) -> int:
    with db.reading() as session:
        return int(
            session.scalar(
                select(func.count())
                .select_from(OutboxEntry)
                .where(OutboxEntry.kind.in_(list(kinds)))
            )
            or 0
        )


def push_outbox(
    db: Database,
    hub: HubClient,
    kinds: Collection[str],
    progress: Progress | None = None,
    *,
    tally: PushTally | None = None,
) -> PushTally:
    """Push every waiting entry of ``kinds``; HubError propagates (what was done is kept, and
    counted in ``tally`` when one is given)."""
    tally = tally if tally is not None else PushTally()
    total = _waiting(db, kinds)
    after = 0
    done = 0
    while True:
        with db.reading() as session:
            entries = session.scalars(
                select(OutboxEntry)
                .where(OutboxEntry.seq > after, OutboxEntry.kind.in_(list(kinds)))
                .order_by(OutboxEntry.seq)
                .limit(PAGE)
            ).all()
            changes = [as_change(entry) for entry in entries]
        if not entries:
            return tally
        after = entries[-1].seq
        for batch in batches(changes):
            response = hub.push(batch)
            acknowledged, refused = _settle(db, batch, response.results)
            tally.acknowledged += acknowledged
            tally.refused += refused
            done += len(batch)
            if progress is not None:
                progress("push", done, max(total, done))


def _settle(db: Database, batch: list[AnyChange], results: list[ChangeResult]) -> tuple[int, int]:
    """Apply the hub's verdicts on one batch in one transaction: (acknowledged, refused)."""
    acknowledged = [r for r in results if r.acknowledged]
    refused = [r for r in results if not r.acknowledged]
    sent_requests = [
        str(change.record_id)
        for change, result in zip(batch, results, strict=True)
        if result.acknowledged
        and change.kind == ChangeKind.VERIFICATION_REQUEST.value
        and getattr(change.payload, "status", None) == RequestStatus.QUEUED
    ]
    now = utcnow()
    with db.session() as session:
        ids = [str(r.change_id) for r in acknowledged]
        for start in range(0, len(ids), 500):
            session.execute(
                delete(OutboxEntry).where(OutboxEntry.change_id.in_(ids[start : start + 500]))
            )
        for result in refused:
            session.execute(
                update(OutboxEntry)
                .where(OutboxEntry.change_id == str(result.change_id))
                .values(
                    refused_at=now,
                    refused_status=result.status,
                    refused_outcome=result.outcome.value,
                    refused_message=result.message[:2000],
                )
            )
        for start in range(0, len(sent_requests), 500):
            chunk = sent_requests[start : start + 500]
            waiting = set(
                session.scalars(
                    select(OutboxEntry.record_id).where(OutboxEntry.record_id.in_(chunk))
                )
            )
            session.execute(
                update(VerificationRequest)
                .where(
                    VerificationRequest.id.in_([r for r in chunk if r not in waiting]),
                    VerificationRequest.status == RequestStatus.QUEUED,
                )
                .values(status=RequestStatus.SENT)
            )
        audit.record(
            session,
            actor="sync",
            action="sync.push",
            entity="outbox",
            entity_id=str(batch[0].change_id),
            detail={
                "changes": len(batch),
                "acknowledged": len(acknowledged),
                "refused": {str(r.change_id): r.outcome.value for r in refused},
            },
        )
    return len(acknowledged), len(refused)
