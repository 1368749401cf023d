"""Pull: the changes addressed to this device, each page applied with its cursor in one
local transaction; applying a change twice changes nothing.

    pull_feed(db, hub, enrolment, progress=None) -> PullTally
    apply_changes(session, changes, enrolment) -> int     # how many changed something here

A window receives the departments' answers to its requests: the request takes the answer and
its case is updated (also when the case was meanwhile finished or cancelled: the answer is
recorded, nothing is queued again, since the hub has it). A department receives the requests
addressed to it, every revision (new, withdrawn, overdue), into its inbox
(:class:`~app.storage.models.InboxRequest`), newest revision kept.

Broadcasts (catalog versions, the credit list, device keys, the calendar, the freshness
limits: :mod:`app.sync.hubdata`) are verified with the hub's pinned public key before anything
of their page is applied. A broadcast whose signature does not check is refused: the changes
before it are applied (with a cursor just before it: the page is pulled again, cut short), it
and everything after it are not, the cursor stays before it, and :class:`BroadcastRefused`
says which one (the sync ends with that sentence). A catalog version is fetched (GET
/v1/catalog/{version}) and checked (SHA-256, size, the hub's document signature) before the
page's transaction; it is then applied in that transaction. A device connected before the hub
key came with the enrol answer asks the hub for it once (GET /v1/hub, authenticated with its
token), and a device that pulled before broadcasts were applied reads its feed once more from
the start (``pull.broadcasts``): applying is idempotent, so nothing is doubled.

A change that names a record this device does not have (an answer to a request made on another
PC of the same window) is counted as skipped: there is nothing to apply it to.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import audit, signing
from app.cases.applicant import mask_id
from app.cases.progress import PENDING_REQUESTS
from app.catalog.exchange import parse_document
from app.domain import RequestStatus
from app.errors import UserError
from app.ids import utcnow
from app.storage.db import Database
from app.storage.models import Case, CertificateItem, InboxRequest, VerificationRequest
from app.sync import hubdata
from app.sync.broadcast import CatalogChange, is_broadcast
from app.sync.client import HubClient, HubError, HubProtocolError
from app.sync.identity import Enrolment, get_state, set_state
from app.sync.wire import (
    AnswerChange,
    AnyFeedChange,
    VerificationRequestChange,
    naive_utc,
)

CURSOR = "pull.cursor"
REPLAYED = "pull.broadcasts"  # set once the feed was read from its start with broadcasts applied
PAGE = 500
Progress = Callable[[str, int, int], None]


@dataclass
class PullTally:
    received: int = 0  # changes pulled
    applied: int = 0  # of which changed something here
    skipped: int = 0  # naming a record this device does not have


class BroadcastRefused(HubError):
    """A broadcast whose signature (or catalog document) does not check: refused, nothing of it
    applied, the cursor left before it."""


def ensure_hub_key(db: Database, hub: HubClient) -> str:
    """The hub's pinned public key; a device connected before the enrol answer carried it asks
    the hub once (its token authenticates the answer, as it did the enrolment)."""
    with db.reading() as session:
        key = hubdata.hub_key(session)
    if key:
        return key
    identity = hub.identity()
    if not identity.public_key:
        raise HubProtocolError(
            "县级中心没有签名公钥（版本过旧），无法校验其发布的目录和名单，请联系县信息中心升级。"
        )
    try:
        with db.session() as session:
            hubdata.pin_hub_key(session, identity.public_key, identity.key_id)
            audit.record(
                session,
                actor="",
                action="sync.hub_key",
                entity="hub",
                entity_id=str(identity.hub_id),
                detail={"key_id": signing.key_id(identity.public_key)},
            )
    except (signing.SignatureInvalid, signing.KeyFormatError):
        raise HubProtocolError("县级中心答复的签名公钥不正确，未使用。") from None
    return identity.public_key


def _fetch_catalogs(
    db: Database, hub: HubClient, changes: Sequence[AnyFeedChange], key: str
) -> tuple[dict[int, hubdata.CatalogDocumentBytes], int | None]:
    """The newest catalog version of the page that is newer than the installed one, fetched
    and checked; (documents, index of a catalog change whose document does not check)."""
    newest: tuple[int, CatalogChange] | None = None
    for index, change in enumerate(changes):
        if isinstance(change, CatalogChange) and (
            newest is None or change.payload.version > newest[1].payload.version
        ):
            newest = (index, change)
    if newest is None:
        return {}, None
    index, change = newest
    with db.reading() as session:
        if not hubdata.catalog_needed(session, change):
            return {}, None
    p = change.payload
    try:
        data = hub.catalog(p.version, p.sha256)
    except HubProtocolError:
        return {}, index
    if len(data) != p.size:
        return {}, index
    try:
        signing.verify_bytes(key, signing.PURPOSE_CATALOG, data, p.document_signature)
        document = parse_document(json.loads(data.decode("utf-8")))
    except (signing.SignatureInvalid, signing.KeyFormatError, UserError, ValueError):
        return {}, index
    return {p.version: hubdata.CatalogDocumentBytes(p.version, data, document)}, None


def pull_feed(
    db: Database,
    hub: HubClient,
    enrolment: Enrolment,
    progress: Progress | None = None,
    *,
    tally: PullTally | None = None,
) -> PullTally:
    """Pull and apply page after page until the hub has no more; HubError propagates (the
    pages applied so far are kept, and counted in ``tally`` when one is given)."""
    tally = tally if tally is not None else PullTally()
    key = ensure_hub_key(db, hub)
    with db.reading() as session:
        replayed = get_state(session, REPLAYED) is not None
        cursor = get_state(session, CURSOR) if replayed else None
    while True:
        page = hub.pull(cursor, limit=PAGE)
        changes = list(page.changes)
        bad = hubdata.check_broadcasts(changes, key)
        catalogs, bad_catalog = _fetch_catalogs(db, hub, changes[:bad], key)
        document_failed = bad_catalog is not None
        if bad_catalog is not None:
            bad = bad_catalog
        next_cursor, more = page.cursor, page.more
        if bad is not None:
            refused = changes[bad]
            changes = changes[:bad]
            if changes:  # the changes before it, with a cursor that stops just before it
                shorter = hub.pull(cursor, limit=len(changes))
                if [c.change_id for c in shorter.changes] != [c.change_id for c in changes]:
                    raise HubProtocolError("县级中心的变更页前后不一致，本次未作更改。")
                next_cursor = shorter.cursor
        if changes or bad is None:
            with db.session() as session:
                applied, skipped = apply_changes(
                    session, changes, enrolment, catalogs=catalogs, actor=_hub_actor(enrolment)
                )
                set_state(session, CURSOR, next_cursor)
                set_state(session, REPLAYED, "1")
            cursor = next_cursor
            tally.received += len(changes)
            tally.applied += applied
            tally.skipped += skipped
        if progress is not None:
            progress("pull", tally.received, -1)
        if bad is not None:
            message = hubdata.refusal(refused, document=document_failed)  # type: ignore[arg-type]
            with db.session() as session:
                audit.record(
                    session,
                    actor=_hub_actor(enrolment),
                    action="sync.broadcast_refused",
                    entity=refused.kind,
                    entity_id=str(refused.record_id),
                    detail={"revision": refused.revision, "change": str(refused.change_id)},
                )
            raise BroadcastRefused(message)
        if not more:
            return tally


def _hub_actor(enrolment: Enrolment) -> str:
    return f"hub:{enrolment.hub_name}" if enrolment.hub_name else "hub"


def apply_changes(
    session: Session,
    changes: Sequence[AnyFeedChange],
    enrolment: Enrolment,
    *,
    catalogs: dict[int, hubdata.CatalogDocumentBytes] | None = None,
    actor: str = "hub",
) -> tuple[int, int]:
    """Apply pulled changes in the caller's transaction: (applied, skipped). Broadcasts must
    have been verified (:func:`app.sync.hubdata.check_broadcasts`); ``catalogs``: the checked
    documents of the catalog versions among them."""
    applied = skipped = 0
    known = _Known.load(session, changes)
    with session.no_autoflush:
        for change in changes:
            if is_broadcast(change):
                outcome: bool | None = hubdata.apply_broadcast(
                    session,
                    change,  # type: ignore[arg-type]
                    catalogs or {},
                    actor,
                )
            elif isinstance(change, AnswerChange) and enrolment.is_window:
                outcome = _apply_answer(session, change, known)
            elif isinstance(change, VerificationRequestChange) and enrolment.is_department:
                outcome = _apply_request(session, change, known)
            else:
                outcome = None  # not for this kind of device
            if outcome is None:
                skipped += 1
            elif outcome:
                applied += 1
    session.flush()
    return applied, skipped


@dataclass
class _Known:
    """The local rows a page of changes names, read in a few queries rather than one each."""

    requests: dict[str, VerificationRequest]
    cases: dict[str, Case]
    items: dict[int, str]
    inbox: dict[str, InboxRequest]

    @classmethod
    def load(cls, session: Session, changes: Sequence[AnyFeedChange]) -> _Known:
        ids = [str(c.record_id) for c in changes]
        requests = _by_id(session, VerificationRequest, ids)
        cases = _by_id(session, Case, sorted({r.case_id for r in requests.values()}))
        item_ids = sorted({r.item_id for r in requests.values()})
        items = {
            item_id: code
            for item_id, code in session.execute(
                select(CertificateItem.id, CertificateItem.code).where(
                    CertificateItem.id.in_(item_ids)
                )
            )
        }
        return cls(requests, cases, items, _by_id(session, InboxRequest, ids))


M = TypeVar("M", VerificationRequest, Case, InboxRequest)


def _by_id(session: Session, model: type[M], ids: Sequence[str]) -> dict[str, M]:
    found: dict[str, M] = {}
    for start in range(0, len(ids), 500):
        chunk = list(ids[start : start + 500])
        found.update(
            (row.id, row) for row in session.scalars(select(model).where(model.id.in_(chunk)))
        )
    return found


def _apply_answer(session: Session, change: AnswerChange, known: _Known) -> bool | None:
    """A department's answer to one of this window's requests; False when already applied."""
    request = known.requests.get(str(change.record_id))
    if request is None:
        return None
    answer = change.payload
    answered_at = naive_utc(answer.answered_at)
    if (
        request.answer == answer.answer
        and request.answer_note == answer.note
        and request.answered_by == answer.answered_by
        and request.answered_at == answered_at
    ):
        return False
    case = known.cases.get(request.case_id)
    late = request.status not in (*PENDING_REQUESTS, RequestStatus.ANSWERED)
    request.answer = answer.answer
    request.answer_note = answer.note
    request.answered_by = answer.answered_by
    request.answered_at = answered_at
    if not late:
        request.status = RequestStatus.ANSWERED
    if case is not None:
        case.updated_at = utcnow()
    audit.record(
        session,
        actor=answer.answered_by,
        action="request.answer",
        entity="verification_request",
        entity_id=request.id,
        detail={
            "case": case.number if case is not None else "",
            "item": known.items.get(request.item_id, ""),
            "answer": answer.answer.value,
            "subject": mask_id(request.subject_id_no),
            "from": f"department:{request.provider_code}",
            "change": str(change.change_id),
            "withdrawn": late,  # recorded, but the request was no longer waiting for it
        },
    )
    return True


def _apply_request(session: Session, change: VerificationRequestChange, known: _Known) -> bool:
    """A request addressed to this department (a newer revision replaces an older one)."""
    row = known.inbox.get(str(change.record_id))
    if row is not None and row.revision >= change.revision:
        return False
    p = change.payload
    if row is None:
        row = InboxRequest(id=str(change.record_id), answer_note="", answered_by="")
        session.add(row)
        known.inbox[row.id] = row
    row.revision = change.revision
    row.case_id = str(p.case_id)
    row.case_number = change.case_number
    row.window_code = p.window_code
    row.requested_by = change.clerk
    row.item_code = p.item_code
    row.kind = p.kind
    row.subject_kind = p.subject_kind
    row.subject_name = p.subject_name
    row.subject_id_no = p.subject_id_no
    row.fact = p.fact
    row.provider_code = p.provider_code
    row.deadline = p.deadline
    row.status = p.status
    row.requested_at = naive_utc(p.created_at)
    row.received_at = utcnow()
    audit.record(
        session,
        actor=f"window:{p.window_code}",
        action="inbox.receive",
        entity="inbox_request",
        entity_id=row.id,
        detail={
            "case": change.case_number,
            "item": p.item_code,
            "revision": change.revision,
            "status": p.status.value,
            "subject": mask_id(p.subject_id_no),
        },
    )
    return True
