"""The sync's wire format: versioned pydantic models shared by the window and the hub.

What travels between a device and the county hub is never a local row. A *change* is one new
state of one record (a case, a resolution, a pledge, a verification request, a department's
answer), named by the record's own UUIDv7 and a per-record revision number, with catalog
entries named by their codes (``matter_code``, ``item_code``, ``bundle_code``) and personal data
only where the receiver needs it: a verification request carries its subject's ID (the
department must see it), a case carries neither the applicant's ID nor a phone.

Every change carries a ``content_hash``: SHA-256 of the canonical JSON (keys sorted, no spaces,
UTF-8) of ``kind``, ``wire_version``, ``record_id``, ``revision`` and the payload as this
module dumps it. The hub recomputes it and refuses a change whose hash does not match.

*Broadcasts* (issue 11) are changes the hub itself publishes to every device (address ``all``):
catalog versions, credit records, device public keys, the working-day calendar and the
freshness limits. Each carries the hub's Ed25519 ``signature`` over exactly the document whose
SHA-256 is its ``content_hash``; :func:`verify_broadcast` checks it with the hub's public key
(from the enrol response). A device never pushes a broadcast.

This module imports pydantic, cryptography (through :mod:`app.signing`) and the standard library
only (no SQLAlchemy, no Qt, no server code): the window and the hub both use it.
docs/sync-protocol.md describes the protocol.
"""

from __future__ import annotations

import base64
import binascii
import enum
from datetime import datetime
from typing import Annotated, Any, Literal, TypeAlias
from uuid import UUID

from pydantic import (
    AfterValidator,
    Field,
    StrictBool,
    StrictInt,
    StringConstraints,
    TypeAdapter,
    model_validator,
)

from app.domain import Answer, ApplicantKind, CaseStatus, Measure, RequestStatus
from app.ids import new_id, utcnow
from app.sync.broadcast import (
    BROADCAST_KINDS,
    AnyBroadcast,
    BroadcastPayload,
    CalendarChange,
    CalendarPayload,
    CatalogChange,
    CatalogPayload,
    CreditRecordChange,
    CreditRecordPayload,
    DeviceKeyChange,
    DeviceKeyPayload,
    FreshnessChange,
    FreshnessPayload,
    HolidayModel,
    HubSignature,
    MakeupWorkdayModel,
    build_broadcast,
    is_broadcast,
    verify_broadcast,
)
from app.sync.wiretypes import (
    API_PREFIX,
    DEFAULT_PULL_LIMIT,
    MAX_BATCH_CHANGES,
    MAX_BODY_BYTES,
    MAX_PULL_LIMIT,
    WIRE_VERSION,
    CaseNumber,
    ChangeBase,
    ChangeKind,
    Code,
    DeviceKind,
    IdNumber,
    IsoDate,
    LongText,
    Name,
    ResponseModel,
    Revision,
    Sha256Hex,
    ShortText,
    UtcDateTime,
    WireModel,
    canonical_json,
    clean_text,
    content_hash,
    naive_utc,
)

__all__ = [
    "API_PREFIX",
    "BROADCAST_KINDS",
    "DEFAULT_PULL_LIMIT",
    "MAX_BATCH_CHANGES",
    "MAX_BODY_BYTES",
    "MAX_PULL_LIMIT",
    "WIRE_VERSION",
    "AnswerChange",
    "AnswerPayload",
    "AnyBroadcast",
    "AnyChange",
    "AnyFeedChange",
    "BroadcastPayload",
    "CalendarChange",
    "CalendarPayload",
    "CaseChange",
    "CaseNumber",
    "CasePayload",
    "CatalogChange",
    "CatalogPayload",
    "Change",
    "ChangeBase",
    "ChangeKind",
    "ChangeResult",
    "Code",
    "CreditRecordChange",
    "CreditRecordPayload",
    "DeviceKeyChange",
    "DeviceKeyPayload",
    "DeviceKind",
    "EnrolRequest",
    "EnrolResponse",
    "ErrorResponse",
    "FeedChange",
    "FreshnessChange",
    "FreshnessPayload",
    "HealthResponse",
    "HolidayModel",
    "HubIdentity",
    "HubSignature",
    "IdNumber",
    "IsoDate",
    "LongText",
    "MakeupWorkdayModel",
    "Name",
    "Outcome",
    "Payload",
    "PledgeChange",
    "PledgePayload",
    "PullResponse",
    "PushRequest",
    "PushResponse",
    "ResolutionChange",
    "ResolutionPayload",
    "ResponseModel",
    "Revision",
    "Sha256Hex",
    "ShortText",
    "UtcDateTime",
    "VerificationRequestChange",
    "VerificationRequestPayload",
    "WireModel",
    "build_broadcast",
    "build_change",
    "canonical_json",
    "clean_text",
    "content_hash",
    "is_broadcast",
    "naive_utc",
    "verify_broadcast",
]  # fmt: skip

# --------------------------------------------------------------------------- payloads


class CasePayload(WireModel):
    """办件, as the hub sees it: no applicant name, resident ID or phone."""

    number: CaseNumber
    window_code: Code
    matter_code: Code | None = None
    bundle_code: Code | None = None
    applicant_kind: ApplicantKind
    status: CaseStatus
    created_at: UtcDateTime
    finished_at: UtcDateTime | None = None
    cancelled_at: UtcDateTime | None = None
    cancel_reason: LongText = ""

    @model_validator(mode="after")
    def _one_subject(self) -> CasePayload:
        if (self.matter_code is None) == (self.bundle_code is None):
            raise ValueError("a case names exactly one of matter_code and bundle_code")
        return self


class ResolutionPayload(WireModel):
    """How one certificate item of a case was resolved, with its evidence (by record ids)."""

    case_id: UUID
    item_code: Code
    position: StrictInt = Field(default=0, ge=0, le=100_000)
    measure: Measure | None = None  # None: not resolved yet
    pledge_id: UUID | None = None
    request_id: UUID | None = None
    substitute_document: ShortText = ""
    submitted: StrictBool | None = None
    note: LongText = ""
    resolved_at: UtcDateTime | None = None


class PledgePayload(WireModel):
    """承诺: the text the applicant signed; ``deleted`` when the clerk chose another measure."""

    case_id: UUID
    item_code: Code
    text: LongText
    form_hash: Annotated[str, StringConstraints(pattern=r"^([0-9a-f]{64})?$")] = ""
    created_at: UtcDateTime
    deleted: StrictBool = False


class VerificationRequestPayload(WireModel):
    """核验请求 or 数据查询 (kind ``share``), addressed to the provider department."""

    case_id: UUID
    item_code: Code
    kind: Literal[Measure.SHARE, Measure.VERIFY]
    subject_kind: Literal[ApplicantKind.PERSON, ApplicantKind.ENTERPRISE]
    subject_name: Name
    subject_id_no: IdNumber  # the department must see it; never logged by the hub
    fact: LongText
    provider_code: Code
    window_code: Code
    deadline: IsoDate | None = None
    status: RequestStatus = RequestStatus.QUEUED
    created_at: UtcDateTime


def _omitted(value: Any) -> bool:
    return value is None


class AnswerPayload(WireModel):
    """A department's answer to a request (the change's record_id is the request's id), or a
    data source's: then ``source`` names the source and ``dataset_version`` the version of its
    data that answered. Both are left out of the JSON when empty, so the content hash of every
    department answer is what it was before they existed."""

    answer: Answer
    note: LongText = ""
    answered_by: Annotated[
        str, StringConstraints(min_length=1, max_length=100), AfterValidator(clean_text)
    ]
    answered_at: UtcDateTime
    source: Annotated[Code | None, Field(exclude_if=_omitted)] = None
    dataset_version: Annotated[StrictInt | None, Field(ge=1, le=2**62, exclude_if=_omitted)] = None


Payload: TypeAlias = (
    CasePayload | ResolutionPayload | PledgePayload | VerificationRequestPayload | AnswerPayload
)

PAYLOAD_KINDS: dict[type[WireModel], ChangeKind] = {
    CasePayload: ChangeKind.CASE,
    ResolutionPayload: ChangeKind.RESOLUTION,
    PledgePayload: ChangeKind.PLEDGE,
    VerificationRequestPayload: ChangeKind.VERIFICATION_REQUEST,
    AnswerPayload: ChangeKind.ANSWER,
}


# --------------------------------------------------------------------------- changes


class CaseChange(ChangeBase):
    kind: Literal["case"] = "case"
    payload: CasePayload


class ResolutionChange(ChangeBase):
    kind: Literal["resolution"] = "resolution"
    payload: ResolutionPayload


class PledgeChange(ChangeBase):
    kind: Literal["pledge"] = "pledge"
    payload: PledgePayload


class VerificationRequestChange(ChangeBase):
    kind: Literal["verification_request"] = "verification_request"
    payload: VerificationRequestPayload


class AnswerChange(ChangeBase):
    kind: Literal["answer"] = "answer"
    payload: AnswerPayload


AnyChange: TypeAlias = (
    CaseChange | ResolutionChange | PledgeChange | VerificationRequestChange | AnswerChange
)
Change = Annotated[AnyChange, Field(discriminator="kind")]
CHANGE_ADAPTER: TypeAdapter[AnyChange] = TypeAdapter(Change)


def build_change(
    payload: Payload,
    *,
    record_id: UUID | str,
    revision: int,
    clerk: str = "",
    case_number: str = "",
    device_time: datetime | None = None,
    change_id: UUID | str | None = None,
) -> AnyChange:
    """A change carrying ``payload`` as the record's new state, with its content hash.

    ``change_id`` is the outbox entry's id (a new UUIDv7 when omitted).
    """
    kind = PAYLOAD_KINDS[type(payload)]
    record = UUID(str(record_id))
    data: dict[str, Any] = {
        "kind": kind.value,
        "change_id": UUID(str(change_id or new_id())),
        "record_id": record,
        "revision": revision,
        "content_hash": content_hash(kind, WIRE_VERSION, record, revision, payload),
        "clerk": clerk,
        "case_number": case_number,
        "device_time": device_time or utcnow(),
        "payload": payload,
    }
    return CHANGE_ADAPTER.validate_python(data)


AnyFeedChange: TypeAlias = AnyChange | AnyBroadcast
FeedChange = Annotated[AnyFeedChange, Field(discriminator="kind")]
FEED_ADAPTER: TypeAdapter[AnyFeedChange] = TypeAdapter(FeedChange)


# --------------------------------------------------------------------------- requests/responses


class PushRequest(WireModel):
    changes: list[Change] = Field(min_length=1, max_length=MAX_BATCH_CHANGES)


class Outcome(enum.StrEnum):
    STORED = "stored"  # new: the hub holds it now (status 201)
    DUPLICATE = "duplicate"  # this change (same id, same content) was already stored (200)
    STALE = "stale"  # stored, but the hub already held a newer revision of the record (200)
    INVALID = "invalid"  # content hash does not match the content (422)
    FORBIDDEN = "forbidden"  # this device may not write this record (403)
    NOT_FOUND = "not_found"  # the record it refers to is unknown to the hub (404)
    CONFLICT = "conflict"  # same id or same revision with other content (409)


ACKNOWLEDGED = frozenset({Outcome.STORED, Outcome.DUPLICATE, Outcome.STALE})


class ChangeResult(ResponseModel):
    """The hub's verdict on one change; the device deletes its outbox entry only if acknowledged."""

    change_id: UUID
    record_id: UUID
    status: int  # HTTP-like: 200/201 acknowledged; 403, 404, 409, 422 refused
    outcome: Outcome
    message: str = ""

    @property
    def acknowledged(self) -> bool:
        return self.outcome in ACKNOWLEDGED


class PushResponse(ResponseModel):
    results: list[ChangeResult]


class PullResponse(ResponseModel):
    """A page of the changes addressed to this device, in feed order."""

    changes: list[FeedChange]  # device changes and hub broadcasts
    cursor: str  # opaque: store it with the applied changes and send it back next time
    more: bool  # another page is waiting


def _public_key(value: str) -> str:
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("public_key must be base64") from None
    if len(raw) != 32:
        raise ValueError("public_key must be a raw Ed25519 key (32 bytes)")
    return value


class EnrolRequest(WireModel):
    code: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    device_name: Annotated[
        str, StringConstraints(min_length=1, max_length=200), AfterValidator(clean_text)
    ]
    # the device's own Ed25519 public key (raw 32 bytes, base64): required since issue 11
    public_key: Annotated[str, StringConstraints(max_length=64), AfterValidator(_public_key)]


class HubIdentity(ResponseModel):
    hub_id: UUID
    name: str
    wire_versions: list[int]
    # the hub's Ed25519 public key (raw, base64) and its key id: keep them with the token;
    # every broadcast is checked against them (verify_broadcast). None: a hub before issue 11.
    public_key: str | None = None
    key_id: str | None = None


class EnrolResponse(ResponseModel):
    token: str  # the device's bearer token: keep it in the OS keyring, never in a file
    device_kind: DeviceKind
    code: str  # the window code, department code or supervisor name
    device_name: str
    hub: HubIdentity


class HealthResponse(ResponseModel):
    status: str
    wire_versions: list[int]


class ErrorResponse(ResponseModel):
    detail: str
