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

This module imports pydantic and the standard library only (no SQLAlchemy, no Qt, no server
code): the window and the hub both use it. docs/sync-protocol.md describes the protocol.
"""

from __future__ import annotations

import base64
import binascii
import enum
import hashlib
import json
from datetime import UTC, date, datetime
from functools import cached_property
from typing import Annotated, Any, Literal, TypeAlias
from uuid import UUID

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StringConstraints,
    TypeAdapter,
    model_validator,
)

from app.domain import Answer, ApplicantKind, CaseStatus, Measure, RequestStatus
from app.ids import new_id, utcnow

WIRE_VERSION = 1
API_PREFIX = "/v1"
MAX_BATCH_CHANGES = 500  # changes in one push
MAX_BODY_BYTES = 2 * 1024 * 1024  # bytes in one request body
MAX_PULL_LIMIT = 1000  # changes in one pulled page
DEFAULT_PULL_LIMIT = 500


def _clean_text(value: str) -> str:
    """Refuse what no database can store: NUL characters and lone surrogates."""
    if "\x00" in value:
        raise ValueError("text must not contain NUL characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("text must be valid Unicode (no lone surrogates)") from None
    return value


def _utc(value: datetime) -> datetime:
    """Timestamps travel in UTC, written with ``Z`` (RFC 3339): one canonical form.

    A naive value is taken as UTC (the window stores naive UTC); use :func:`naive_utc` to store
    a received one.
    """
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def _not_a_number(value: Any) -> Any:
    """Refuse numbers where the protocol says text (lax parsing would read 0 as 1970-01-01)."""
    if isinstance(value, bool | int | float):
        raise ValueError("expected an ISO 8601 string")
    return value


def _exactly_int(value: Any) -> Any:
    if type(value) is not int:
        raise ValueError("expected an integer")
    return value


def naive_utc(value: datetime) -> datetime:
    """A wire timestamp as the databases store it: naive UTC."""
    return _utc(value).replace(tzinfo=None)


Code = Annotated[str, StringConstraints(min_length=1, max_length=64), AfterValidator(_clean_text)]
IdNumber = Annotated[
    str, StringConstraints(min_length=1, max_length=32), AfterValidator(_clean_text)
]
Name = Annotated[str, StringConstraints(max_length=200), AfterValidator(_clean_text)]
ShortText = Annotated[str, StringConstraints(max_length=300), AfterValidator(_clean_text)]
LongText = Annotated[str, StringConstraints(max_length=20_000), AfterValidator(_clean_text)]
CaseNumber = Annotated[str, StringConstraints(max_length=40), AfterValidator(_clean_text)]
Sha256Hex = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
UtcDateTime = Annotated[datetime, BeforeValidator(_not_a_number), AfterValidator(_utc)]
IsoDate = Annotated[date, BeforeValidator(_not_a_number)]
Revision = Annotated[StrictInt, Field(ge=1, le=2**31 - 1)]


class DeviceKind(enum.StrEnum):
    WINDOW = "window"  # a service-hall window: pushes its cases and requests, pulls answers
    DEPARTMENT = "department"  # a provider department: pulls requests, pushes answers
    SUPERVISOR = "supervisor"  # the judicial bureau / reform office (spot checks: later)


class ChangeKind(enum.StrEnum):
    CASE = "case"
    RESOLUTION = "resolution"
    PLEDGE = "pledge"
    VERIFICATION_REQUEST = "verification_request"  # a data query is one with kind "share"
    ANSWER = "answer"  # a department's answer; its record_id is the request's id


class WireModel(BaseModel):
    """What a device writes: strict (unknown fields refused), so the hash covers everything."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class ResponseModel(BaseModel):
    """What the hub answers: unknown fields ignored, so a newer hub can add some."""

    model_config = ConfigDict(extra="ignore", frozen=True)


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


class AnswerPayload(WireModel):
    """A department's answer to a request (the change's record_id is the request's id)."""

    answer: Answer
    note: LongText = ""
    answered_by: Annotated[
        str, StringConstraints(min_length=1, max_length=100), AfterValidator(_clean_text)
    ]
    answered_at: UtcDateTime


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


def canonical_json(value: Any) -> str:
    """Keys sorted, no spaces, UTF-8 text as is: the one form that is hashed."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def content_hash(
    kind: str,
    wire_version: int,
    record_id: UUID | str,
    revision: int,
    payload: WireModel | str,
) -> str:
    """SHA-256 (hex) of the canonical JSON of a change's content.

    ``payload`` is the payload model, or its canonical JSON (:func:`canonical_json` of its
    JSON-mode dump) when the caller has it already.
    """
    if isinstance(payload, WireModel):
        payload = canonical_json(payload.model_dump(mode="json"))
    # the document with its keys in sorted order: kind, payload, record_id, revision, version
    document = (
        f'{{"kind":{json.dumps(str(kind), ensure_ascii=False)},"payload":{payload},'
        f'"record_id":"{UUID(str(record_id))}","revision":{int(revision)},'
        f'"wire_version":{int(wire_version)}}}'
    )
    return hashlib.sha256(document.encode("utf-8")).hexdigest()


class _ChangeBase(WireModel):
    change_id: UUID  # the outbox entry's UUIDv7: THE idempotency key
    # WIRE_VERSION; another version is refused (422)
    wire_version: Annotated[Literal[1], BeforeValidator(_exactly_int)] = 1
    record_id: UUID  # the record's own UUIDv7 (for an answer: the request's)
    revision: Revision  # 1 for a new record, +1 for every later state of it
    content_hash: Sha256Hex
    clerk: Name = ""  # who made the change at the device
    case_number: CaseNumber = ""
    device_time: UtcDateTime  # the device's clock when the change was made

    @cached_property
    def payload_json(self) -> str:
        """The payload's canonical JSON (what is hashed, and what the hub stores)."""
        payload: WireModel = getattr(self, "payload")  # noqa: B009 (every subclass has one)
        return canonical_json(payload.model_dump(mode="json"))

    def computed_hash(self) -> str:
        kind: str = getattr(self, "kind")  # noqa: B009
        return content_hash(
            kind, self.wire_version, self.record_id, self.revision, self.payload_json
        )

    @property
    def hash_matches(self) -> bool:
        return self.computed_hash() == self.content_hash


class CaseChange(_ChangeBase):
    kind: Literal["case"] = "case"
    payload: CasePayload


class ResolutionChange(_ChangeBase):
    kind: Literal["resolution"] = "resolution"
    payload: ResolutionPayload


class PledgeChange(_ChangeBase):
    kind: Literal["pledge"] = "pledge"
    payload: PledgePayload


class VerificationRequestChange(_ChangeBase):
    kind: Literal["verification_request"] = "verification_request"
    payload: VerificationRequestPayload


class AnswerChange(_ChangeBase):
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

    changes: list[Change]
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
        str, StringConstraints(min_length=1, max_length=200), AfterValidator(_clean_text)
    ]
    public_key: Annotated[str, StringConstraints(max_length=64), AfterValidator(_public_key)] | (
        None
    ) = None


class HubIdentity(ResponseModel):
    hub_id: UUID
    name: str
    wire_versions: list[int]


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
