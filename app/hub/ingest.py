"""Push: store a batch of changes idempotently, check who may write what, feed the receivers.

One batch is one write transaction. For each change, in the order sent:

1. the content hash is recomputed; a mismatch is refused (422);
2. the device's kind must be allowed to push this kind (a window: its cases, resolutions,
   pledges and requests; a department: answers), else 403;
3. a known ``change_id``: same content is a duplicate (acknowledged again), other content a
   conflict (409); a change_id pushed by another device is refused (403);
4. the record's owner must be this device's address (a window code or a department code); a
   resolution, pledge or request must belong to a case this window already pushed (404 when
   the hub does not know the case, 403 when another window owns it); an answer must be for a
   request addressed to this department (404 unknown, 403 someone else's);
5. the hub keeps the newest revision of every record: a newer revision replaces it and is fed
   to the addressee (requests to their department, answers to the requesting window); an
   older one is stored but changes nothing ("stale"); the same revision with other content,
   or a second, different answer to one request, is a conflict (409).

A refused change changes nothing; the others in the batch are stored. Every stored change gets
an audit entry in the hub's hash chain.

**Data queries.** A request of kind ``share`` for an item a data source answers
(:mod:`app.hub.datasources`) is answered by the hub in the same transaction: the answer
(owner ``source:NAME``, with the source and dataset version) is fed to the window at once, and
the request is not fed to the provider department (no person needs to see it). A data query no
source answers goes to the department as before and stays open (``hub_open_query``) until
someone answers it: a dataset loaded later answers it then.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, insert, select, tuple_, update
from sqlalchemy.orm import Session

from app.domain import Measure, RequestStatus
from app.hub import audit, feed
from app.hub.datasources import OWNER_PREFIX, answer_query
from app.hub.datasources.queries import answer_change, data_query, owner_of
from app.hub.models import HubRecord, OpenQuery, SyncChange, core
from app.ids import utcnow
from app.sync.wire import (
    AnswerChange,
    AnyChange,
    CaseChange,
    ChangeKind,
    ChangeResult,
    DeviceKind,
    Outcome,
    PledgeChange,
    ResolutionChange,
    VerificationRequestChange,
    naive_utc,
)

_STATUS = {
    Outcome.STORED: 201,
    Outcome.DUPLICATE: 200,
    Outcome.STALE: 200,
    Outcome.INVALID: 422,
    Outcome.FORBIDDEN: 403,
    Outcome.NOT_FOUND: 404,
    Outcome.CONFLICT: 409,
}

_ANSWERED = "this request was already answered with another answer"

ALLOWED: dict[DeviceKind, frozenset[ChangeKind]] = {
    DeviceKind.WINDOW: frozenset(
        {
            ChangeKind.CASE,
            ChangeKind.RESOLUTION,
            ChangeKind.PLEDGE,
            ChangeKind.VERIFICATION_REQUEST,
        }
    ),
    DeviceKind.DEPARTMENT: frozenset({ChangeKind.ANSWER}),
    DeviceKind.SUPERVISOR: frozenset(),
}


@dataclass(frozen=True)
class DeviceRef:
    """The authenticated device of a request."""

    id: int
    kind: DeviceKind
    code: str
    name: str = ""

    @property
    def address(self) -> str:
        return feed.address(self.kind.value, self.code)

    @property
    def reads(self) -> list[str]:
        """The feed addresses this device pulls: its own and the broadcast."""
        return [self.address, feed.BROADCAST]


@dataclass(frozen=True)
class _Record:
    owner: str
    addressee: str | None
    revision: int
    content_hash: str
    change_id: str
    payload: str
    new: bool = False


@dataclass(frozen=True)
class _Prior:
    owner: str
    content_hash: str


class _Batch:
    def __init__(self, session: Session, device: DeviceRef, changes: list[AnyChange]) -> None:
        self.session = session
        self.device = device
        self.now = utcnow()
        ids = {str(c.change_id) for c in changes}
        self.priors: dict[str, _Prior] = {
            row.change_id: _Prior(row.owner, row.content_hash)
            for row in session.execute(
                select(SyncChange.change_id, SyncChange.owner, SyncChange.content_hash).where(
                    SyncChange.change_id.in_(ids)
                )
            )
        }
        self.records = self._load_records(changes)
        self.dirty: set[tuple[str, str]] = set()
        self.change_rows: list[dict[str, object]] = []
        self.feed_entries: list[tuple[str, str]] = []
        self.audit_items: list[audit.AuditItem] = []
        self.open_queries: dict[str, str] = {}  # request id -> item code
        self.closed_queries: set[str] = set()

    def _load_records(self, changes: list[AnyChange]) -> dict[tuple[str, str], _Record]:
        keys: set[tuple[str, str]] = set()
        for change in changes:
            keys.add((change.kind, str(change.record_id)))
            if isinstance(change, ResolutionChange | PledgeChange | VerificationRequestChange):
                keys.add((ChangeKind.CASE.value, str(change.payload.case_id)))
            if isinstance(change, AnswerChange):
                keys.add((ChangeKind.VERIFICATION_REQUEST.value, str(change.record_id)))
            if (
                isinstance(change, VerificationRequestChange)
                and change.payload.kind == Measure.SHARE
            ):
                keys.add((ChangeKind.ANSWER.value, str(change.record_id)))
        query = (
            select(HubRecord)
            .where(tuple_(HubRecord.kind, HubRecord.record_id).in_(sorted(keys)))
            .order_by(HubRecord.kind, HubRecord.record_id)
            .with_for_update()
        )
        return {
            (r.kind, r.record_id): _Record(
                r.owner, r.addressee, r.revision, r.content_hash, r.change_id, r.payload
            )
            for r in self.session.scalars(query)
        }

    # ------------------------------------------------------------------ one change

    def take(self, change: AnyChange) -> ChangeResult:
        outcome, message = self._judge(change)
        return ChangeResult(
            change_id=change.change_id,
            record_id=change.record_id,
            status=_STATUS[outcome],
            outcome=outcome,
            message=message,
        )

    def _judge(self, change: AnyChange) -> tuple[Outcome, str]:
        if not change.hash_matches:
            return Outcome.INVALID, "content_hash does not match the change's content"
        kind = ChangeKind(change.kind)
        if kind not in ALLOWED[self.device.kind]:
            return Outcome.FORBIDDEN, f"a {self.device.kind} device may not push {kind} changes"
        if isinstance(change, AnswerChange) and (
            change.payload.source is not None or change.payload.dataset_version is not None
        ):
            return Outcome.FORBIDDEN, "only the hub's data sources set source and dataset_version"
        change_id = str(change.change_id)
        prior = self.priors.get(change_id)
        if prior is not None:
            if prior.owner != self.device.address:
                return Outcome.FORBIDDEN, "this change_id belongs to another device"
            if prior.content_hash == change.content_hash:
                return Outcome.DUPLICATE, "already stored"
            return Outcome.CONFLICT, "this change_id was already stored with other content"
        refusal, addressee = self._addressing(change)
        if refusal is not None:
            return refusal
        key = (change.kind, str(change.record_id))
        current = self.records.get(key)
        if (
            isinstance(change, AnswerChange)
            and current is not None
            and current.owner.startswith(OWNER_PREFIX)
        ):
            return Outcome.CONFLICT, f"this data query was already answered by {current.owner}"
        if current is not None and current.owner != self.device.address:
            return Outcome.FORBIDDEN, "this record belongs to another device"
        if current is None or change.revision > current.revision:
            if isinstance(change, AnswerChange) and current is not None:
                return Outcome.CONFLICT, _ANSWERED
            if (
                isinstance(change, VerificationRequestChange)
                and current is not None
                and current.addressee != addressee
            ):
                return Outcome.CONFLICT, "a request's provider department cannot change"
            self._store(change, addressee, current)
            return Outcome.STORED, ""
        if change.revision == current.revision:
            if change.content_hash != current.content_hash:
                if isinstance(change, AnswerChange):
                    return Outcome.CONFLICT, _ANSWERED
                return Outcome.CONFLICT, f"revision {change.revision} already holds other content"
            self._log(change, action=None)
            return Outcome.DUPLICATE, "the hub already holds this state"
        earlier = self._earlier_hashes(change)
        if change.content_hash in earlier:
            self._log(change, action=None)
            return Outcome.DUPLICATE, "the hub already holds this state"
        if earlier:
            return Outcome.CONFLICT, f"revision {change.revision} already holds other content"
        self._log(change, action="push.stale")
        return Outcome.STALE, f"the hub already holds revision {current.revision}"

    def _earlier_hashes(self, change: AnyChange) -> set[str]:
        """Content hashes already stored for this record at this (older) revision."""
        pending = {
            str(row["content_hash"])
            for row in self.change_rows
            if row["kind"] == change.kind
            and row["record_id"] == str(change.record_id)
            and row["revision"] == change.revision
        }
        stored = self.session.scalars(
            select(SyncChange.content_hash).where(
                SyncChange.kind == change.kind,
                SyncChange.record_id == str(change.record_id),
                SyncChange.revision == change.revision,
            )
        )
        return pending | set(stored)

    def _addressing(self, change: AnyChange) -> tuple[tuple[Outcome, str] | None, str | None]:
        """(refusal or None, the address this change is fed to)."""
        device = self.device
        if isinstance(change, CaseChange):
            if change.payload.window_code != device.code:
                return (Outcome.FORBIDDEN, "window_code is not this window's code"), None
            return None, None
        if isinstance(change, AnswerChange):
            request = self.records.get((ChangeKind.VERIFICATION_REQUEST, str(change.record_id)))
            if request is None:
                return (Outcome.NOT_FOUND, "the hub does not know this request"), None
            if request.addressee != device.address:
                return (Outcome.FORBIDDEN, "this request is not addressed to this department"), None
            return None, request.owner
        case = self.records.get((ChangeKind.CASE.value, str(change.payload.case_id)))
        if case is None:
            return (Outcome.NOT_FOUND, "the hub does not know this case: push the case first"), None
        if case.owner != device.address:
            return (Outcome.FORBIDDEN, "this case belongs to another window"), None
        if isinstance(change, VerificationRequestChange):
            if change.payload.window_code != device.code:
                return (Outcome.FORBIDDEN, "window_code is not this window's code"), None
            return None, feed.address(DeviceKind.DEPARTMENT.value, change.payload.provider_code)
        return None, None

    def _store(self, change: AnyChange, addressee: str | None, current: _Record | None) -> None:
        key = (change.kind, str(change.record_id))
        payload = change.payload_json
        record = _Record(
            owner=self.device.address,
            addressee=addressee,
            revision=change.revision,
            content_hash=change.content_hash,
            change_id=str(change.change_id),
            payload=payload,
            new=current is None or current.new,
        )
        self.records[key] = record
        self.dirty.add(key)
        self._log(change, action="push.stored", payload=payload)
        if isinstance(change, AnswerChange):
            self.closed_queries.add(str(change.record_id))
        if (
            isinstance(change, VerificationRequestChange)
            and change.payload.kind == Measure.SHARE
            and self._data_query(change)
        ):
            return  # answered by a source: no person needs to see it
        if addressee is not None:
            self.feed_entries.append((addressee, str(change.change_id)))

    def _data_query(self, change: VerificationRequestChange) -> bool:
        """Answer a data query from a source if one answers its item; True when a source
        answers (or answered) it, so the department is not fed the request."""
        request_id = str(change.record_id)
        answer = self.records.get((ChangeKind.ANSWER.value, request_id))
        if answer is not None:
            return answer.owner.startswith(OWNER_PREFIX)
        if change.payload.status == RequestStatus.WITHDRAWN:
            self.open_queries.pop(request_id, None)
            self.closed_queries.add(request_id)
            return False
        got = answer_query(self.session, data_query(request_id, change.payload))
        if got is None:
            self.open_queries[request_id] = change.payload.item_code
            return False
        reply = answer_change(request_id, got, self.now)
        owner = owner_of(got)
        self.records[(ChangeKind.ANSWER.value, request_id)] = _Record(
            owner=owner,
            addressee=self.device.address,
            revision=1,
            content_hash=reply.content_hash,
            change_id=str(reply.change_id),
            payload=reply.payload_json,
            new=True,
        )
        self.dirty.add((ChangeKind.ANSWER.value, request_id))
        self.change_rows.append(
            {
                "change_id": str(reply.change_id),
                "kind": reply.kind,
                "wire_version": reply.wire_version,
                "record_id": request_id,
                "revision": 1,
                "content_hash": reply.content_hash,
                "owner": owner,
                "device_id": None,
                "clerk": "",
                "case_number": "",
                "device_time": self.now,
                "received_at": self.now,
                "payload": reply.payload_json,
            }
        )
        self.feed_entries.append((self.device.address, str(reply.change_id)))
        self.audit_items.append(
            audit.AuditItem(
                actor=owner,
                action="datasource.answered",
                entity=reply.kind,
                entity_id=request_id,
                detail={
                    "change_id": str(reply.change_id),
                    "content_hash": reply.content_hash,
                    "source": got.source,
                    "dataset_version": got.dataset_version,
                },
            )
        )
        self.open_queries.pop(request_id, None)
        self.closed_queries.add(request_id)
        return True

    def _log(self, change: AnyChange, *, action: str | None, payload: str | None = None) -> None:
        """Keep the change (so its id is known from now on) and audit it."""
        change_id = str(change.change_id)
        if payload is None:
            payload = change.payload_json
        self.change_rows.append(
            {
                "change_id": change_id,
                "kind": change.kind,
                "wire_version": change.wire_version,
                "record_id": str(change.record_id),
                "revision": change.revision,
                "content_hash": change.content_hash,
                "owner": self.device.address,
                "device_id": self.device.id,
                "clerk": change.clerk,
                "case_number": change.case_number,
                "device_time": naive_utc(change.device_time),
                "received_at": self.now,
                "payload": payload,
            }
        )
        self.priors[change_id] = _Prior(self.device.address, change.content_hash)
        if action is not None:
            self.audit_items.append(
                audit.AuditItem(
                    actor=f"{self.device.address}#{self.device.id}",
                    action=action,
                    entity=change.kind,
                    entity_id=str(change.record_id),
                    detail={
                        "change_id": change_id,
                        "revision": change.revision,
                        "content_hash": change.content_hash,
                    },
                )
            )

    # ------------------------------------------------------------------ writing

    def flush(self) -> None:
        session = self.session
        if self.change_rows:
            session.execute(insert(core(SyncChange)), self.change_rows)
        new_rows: list[dict[str, object]] = []
        updated_rows: list[dict[str, object]] = []
        for kind, record_id in sorted(self.dirty):
            record = self.records[(kind, record_id)]
            row: dict[str, object] = {
                "kind": kind,
                "record_id": record_id,
                "owner": record.owner,
                "addressee": record.addressee,
                "revision": record.revision,
                "content_hash": record.content_hash,
                "change_id": record.change_id,
                "payload": record.payload,
                "updated_at": self.now,
            }
            (new_rows if record.new else updated_rows).append(row)
        if new_rows:
            session.execute(insert(core(HubRecord)), new_rows)
        if updated_rows:
            session.execute(update(HubRecord), updated_rows)
        feed.allocate(session, self.feed_entries)
        audit.append(session, self.audit_items, self.now)
        settled = sorted(self.closed_queries | set(self.open_queries))
        if settled:
            session.execute(delete(OpenQuery).where(OpenQuery.request_id.in_(settled)))
        if self.open_queries:
            session.execute(
                insert(core(OpenQuery)),
                [
                    {"request_id": rid, "item_code": item, "received_at": self.now}
                    for rid, item in sorted(self.open_queries.items())
                ],
            )


def ingest(session: Session, device: DeviceRef, changes: list[AnyChange]) -> list[ChangeResult]:
    """Judge and store one batch in the caller's write transaction; one result per change."""
    batch = _Batch(session, device, changes)
    results = [batch.take(change) for change in changes]
    batch.flush()
    return results
