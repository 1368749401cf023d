"""The wire format's building blocks: constants, checked text and time types, the two model
bases, canonical JSON and the content hash, and the envelope every change shares.

Split out of :mod:`app.sync.wire` (which re-exports every name here) so that the device
changes (:mod:`app.sync.wire`) and the hub's broadcasts (:mod:`app.sync.broadcast`) share one
definition. pydantic and the standard library only.
"""

from __future__ import annotations

import enum
import hashlib
import json
from datetime import UTC, date, datetime
from functools import cached_property
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictInt,
    StringConstraints,
)

WIRE_VERSION = 1
API_PREFIX = "/v1"
MAX_BATCH_CHANGES = 500  # changes in one push
MAX_BODY_BYTES = 2 * 1024 * 1024  # bytes in one request body
MAX_PULL_LIMIT = 1000  # changes in one pulled page
DEFAULT_PULL_LIMIT = 500


def clean_text(value: str) -> str:
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


Code = Annotated[str, StringConstraints(min_length=1, max_length=64), AfterValidator(clean_text)]
IdNumber = Annotated[
    str, StringConstraints(min_length=1, max_length=32), AfterValidator(clean_text)
]
Name = Annotated[str, StringConstraints(max_length=200), AfterValidator(clean_text)]
ShortText = Annotated[str, StringConstraints(max_length=300), AfterValidator(clean_text)]
LongText = Annotated[str, StringConstraints(max_length=20_000), AfterValidator(clean_text)]
CaseNumber = Annotated[str, StringConstraints(max_length=40), AfterValidator(clean_text)]
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
    # broadcasts, published by the hub itself (issue 11), never pushed by a device
    CATALOG = "catalog"  # a catalog version (the document is served by GET /v1/catalog/N)
    CREDIT_RECORD = "credit_record"  # a credit-list record; revision 2 ends it
    DEVICE_KEY = "device_key"  # a device's Ed25519 public key; a later revision revokes it
    CALENDAR = "calendar"  # one year's working-day calendar
    FRESHNESS = "freshness"  # how old a device's data may grow before it warns


class WireModel(BaseModel):
    """What a device writes: strict (unknown fields refused), so the hash covers everything."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class ResponseModel(BaseModel):
    """What the hub answers: unknown fields ignored, so a newer hub can add some."""

    model_config = ConfigDict(extra="ignore", frozen=True)


# --------------------------------------------------------------------------- the change envelope


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


class ChangeBase(WireModel):
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
