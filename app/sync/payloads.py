"""The wire payload of each record a device writes: the one mapping from local rows to the wire.

    wire_payload(session, record, deleted=False) -> Payload   # Case, Resolution, Pledge,
                                                               # VerificationRequest, InboxRequest
    payload_json(payload) -> str                              # canonical JSON (what is hashed)
    window_code_of(code) -> str                               # "" (standalone) -> "W"

Catalog entries travel by their codes, other records by their UUIDs; a case carries neither the
applicant's name, ID nor phone; a request carries its subject's name and ID (the department
verifies them); nothing carries a phone. A department's answer is the :class:`InboxRequest`'s
answer fields (its record id is the request's id).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from app.domain import ApplicantKind, Measure
from app.storage.models import (
    Bundle,
    Case,
    CertificateItem,
    InboxRequest,
    Matter,
    Pledge,
    Resolution,
    VerificationRequest,
)
from app.sync.wire import (
    AnswerPayload,
    CasePayload,
    Payload,
    PledgePayload,
    ResolutionPayload,
    VerificationRequestPayload,
    canonical_json,
)

# The window code of a window that was never enrolled (its case numbers start "W-" too).
STANDALONE_WINDOW = "W"

SyncedRecord = Case | Resolution | Pledge | VerificationRequest | InboxRequest


def window_code_of(code: str) -> str:
    return code or STANDALONE_WINDOW


def _item_code(session: Session, item_id: int) -> str:
    item = session.get(CertificateItem, item_id)
    if item is None:  # pragma: no cover - a foreign key guarantees it
        raise LookupError(f"certificate item {item_id} is missing")
    return item.code


def _matter_code(session: Session, matter_id: int | None) -> str | None:
    matter = session.get(Matter, matter_id) if matter_id is not None else None
    return matter.code if matter is not None else None


def _bundle_code(session: Session, bundle_id: int | None) -> str | None:
    bundle = session.get(Bundle, bundle_id) if bundle_id is not None else None
    return bundle.code if bundle is not None else None


def wire_payload(session: Session, record: SyncedRecord, *, deleted: bool = False) -> Payload:
    """The record's current state as its wire payload (validated: a bug fails here, locally)."""
    if isinstance(record, Case):
        return CasePayload(
            number=record.number,
            window_code=window_code_of(record.window_code),
            matter_code=_matter_code(session, record.matter_id),
            bundle_code=_bundle_code(session, record.bundle_id),
            applicant_kind=record.applicant_kind,
            status=record.status,
            created_at=record.created_at,
            finished_at=record.finished_at,
            cancelled_at=record.cancelled_at,
            cancel_reason=record.cancel_reason,
        )
    if isinstance(record, Resolution):
        return ResolutionPayload.model_validate(
            {
                "case_id": record.case_id,
                "item_code": _item_code(session, record.item_id),
                "position": record.position,
                "measure": record.measure,
                "pledge_id": record.pledge_id,
                "request_id": record.request_id,
                "substitute_document": record.substitute_document,
                "submitted": record.submitted,
                "note": record.note,
                "resolved_at": record.resolved_at,
            }
        )
    if isinstance(record, Pledge):
        return PledgePayload.model_validate(
            {
                "case_id": record.case_id,
                "item_code": _item_code(session, record.item_id),
                "text": record.text,
                "form_hash": record.form_hash,
                "created_at": record.created_at,
                "deleted": deleted,
            }
        )
    if isinstance(record, VerificationRequest):
        fields: dict[str, Any] = {
            "case_id": record.case_id,
            "item_code": _item_code(session, record.item_id),
            "kind": Measure(record.kind),
            "subject_kind": ApplicantKind(record.subject_kind),
            "subject_name": record.subject_name,
            "subject_id_no": record.subject_id_no,
            "fact": record.fact,
            "provider_code": record.provider_code,
            "window_code": window_code_of(record.window_code),
            "deadline": record.deadline,
            "status": record.status,
            "created_at": record.created_at,
        }
        return VerificationRequestPayload.model_validate(fields)
    if isinstance(record, InboxRequest):
        if record.answer is None or record.answered_at is None:
            raise ValueError("an inbox request without an answer has no wire payload")
        return AnswerPayload(
            answer=record.answer,
            note=record.answer_note,
            answered_by=record.answered_by,
            answered_at=record.answered_at,
        )
    raise TypeError(f"{type(record).__name__} is not synced")


def payload_json(payload: Payload) -> str:
    """The payload's canonical JSON: keys sorted, no spaces (what the content hash covers)."""
    return canonical_json(payload.model_dump(mode="json"))
