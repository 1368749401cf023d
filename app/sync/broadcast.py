"""Broadcasts: the changes the county hub itself publishes to every device (feed ``all``).

Catalog versions, credit-list records, device public keys, one year's working-day calendar and
the freshness limits. Each is a change like any other (``change_id``, ``record_id``,
``revision``, ``content_hash``, ``payload``: apply it idempotently, by record id and revision)
plus the hub's Ed25519 ``signature`` over exactly the document whose SHA-256 is the
``content_hash`` (purpose ``wuzheng/broadcast/v1``, see :mod:`app.signing`). A device checks it
with :func:`verify_broadcast` and the hub's public key from its enrol response before applying
anything; a device never pushes a broadcast. Re-exported by :mod:`app.sync.wire`.
"""

from __future__ import annotations

import json
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

from app import signing
from app.calendar import CalendarYear
from app.domain import ApplicantKind
from app.ids import new_id, utcnow
from app.sync.wiretypes import (
    WIRE_VERSION,
    ChangeBase,
    ChangeKind,
    DeviceKind,
    IdNumber,
    IsoDate,
    LongText,
    Name,
    Sha256Hex,
    ShortText,
    UtcDateTime,
    WireModel,
    canonical_json,
    clean_text,
    content_hash,
)

KeyId = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{16}$")]
DeviceName = Annotated[
    str, StringConstraints(min_length=1, max_length=200), AfterValidator(clean_text)
]
Count = Annotated[StrictInt, Field(ge=0, le=2**31 - 1)]


def _key_b64(value: str) -> str:
    try:
        signing.key_id(value)
    except signing.KeyFormatError as exc:
        raise ValueError(str(exc)) from None
    return value


PublicKey = Annotated[str, StringConstraints(max_length=64), AfterValidator(_key_b64)]
SignatureB64 = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9+/]{86}==$")]


class CatalogPayload(WireModel):
    """A published catalog version. The document itself (the catalog exchange JSON,
    docs/catalog-format.md) is fetched from ``url`` (GET /v1/catalog/{version}); its bytes must
    have this ``sha256`` and ``size``, and ``document_signature`` is the hub's signature over
    them (purpose ``wuzheng/catalog/v1``), so a copy carried on a USB stick checks too."""

    version: Annotated[StrictInt, Field(ge=1, le=2**31 - 1)]  # the hub's number, 1, 2, 3 …
    label: ShortText  # the document's own catalog.version text
    published_at: UtcDateTime
    published_by: Name = ""
    note: LongText = ""
    sha256: Sha256Hex
    size: Annotated[StrictInt, Field(ge=1)]
    url: Annotated[str, StringConstraints(pattern=r"^/v1/catalog/[0-9]+$")]
    document_signature: SignatureB64
    departments: Count = 0
    certificate_items: Count = 0
    matters: Count = 0
    bundles: Count = 0


class CreditRecordPayload(WireModel):
    """失信记录. Active on day D when valid_from <= D, (valid_until is None or D <= valid_until)
    and ended_at is None. The full canonical ID travels: every window must match it offline."""

    subject_kind: Literal[ApplicantKind.PERSON, ApplicantKind.ENTERPRISE]
    subject_id_no: IdNumber
    subject_name: Name = ""
    reason: Annotated[
        str, StringConstraints(min_length=1, max_length=2000), AfterValidator(clean_text)
    ]
    valid_from: IsoDate
    valid_until: IsoDate | None = None
    source_pledge_id: UUID | None = None
    recorded_at: UtcDateTime
    recorded_by: Name = ""
    ended_at: UtcDateTime | None = None  # revision 2: the record was ended (never deleted)
    end_reason: LongText = ""
    ended_by: Name = ""


class DeviceKeyPayload(WireModel):
    """An enrolled device's Ed25519 public key; ``revoked`` once its device was revoked
    (a pledge form signed before ``revoked_at`` was signed while the key was good)."""

    device_kind: DeviceKind
    device_code: DeviceName  # window code, department code or supervisor name
    device_name: Name = ""
    key_id: KeyId
    public_key: PublicKey
    enrolled_at: UtcDateTime
    revoked: StrictBool = False
    revoked_at: UtcDateTime | None = None


class HolidayModel(WireModel):
    name: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    start: IsoDate
    end: IsoDate


class MakeupWorkdayModel(WireModel):
    date: IsoDate
    holiday: Annotated[str, StringConstraints(max_length=40)] = ""


class CalendarPayload(WireModel):
    """One year's working-day calendar (app/calendar.py); ``record_id`` is the same for every
    publication of a year, a later revision replaces the year's earlier one."""

    year: Annotated[StrictInt, Field(ge=2000, le=2100)]
    source: ShortText = ""
    holidays: list[HolidayModel] = Field(default_factory=list, max_length=100)
    makeup_workdays: list[MakeupWorkdayModel] = Field(default_factory=list, max_length=100)

    def calendar_year(self) -> CalendarYear:
        """The checked :class:`app.calendar.CalendarYear` (CalendarError if it breaks a rule)."""
        return CalendarYear.from_dict(self.model_dump(mode="json"), label=f"{self.year} 年")

    @classmethod
    def of(cls, year: CalendarYear) -> CalendarPayload:
        return cls.model_validate(year.to_dict())


class FreshnessPayload(WireModel):
    """Limits set by the hub, in days since the device's last successful sync: past
    ``warn_after_days`` the status bar warns; past ``mark_guides_after_days`` every printed
    guide says the catalog may be out of date. Until a device receives one: 7 and 30."""

    warn_after_days: Annotated[StrictInt, Field(ge=1, le=365)] = 7
    mark_guides_after_days: Annotated[StrictInt, Field(ge=1, le=3650)] = 30

    @model_validator(mode="after")
    def _ordered(self) -> FreshnessPayload:
        if self.mark_guides_after_days < self.warn_after_days:
            raise ValueError("mark_guides_after_days must not be below warn_after_days")
        return self


class HubSignature(WireModel):
    key_id: KeyId  # the hub key that signed (HubIdentity.key_id)
    value: SignatureB64  # Ed25519, base64, over signed_document() (purpose wuzheng/broadcast/v1)


def signed_document(
    kind: str, wire_version: int, record_id: UUID, revision: int, payload_json: str
) -> dict[str, Any]:
    """What a broadcast's signature covers: the document whose SHA-256 is its content hash."""
    return {
        "kind": kind,
        "payload": json.loads(payload_json),
        "record_id": str(record_id),
        "revision": revision,
        "wire_version": wire_version,
    }


class _BroadcastBase(ChangeBase):
    signature: HubSignature

    def signed_document(self) -> dict[str, Any]:
        """What the signature covers (see :func:`signed_document`)."""
        kind: str = getattr(self, "kind")  # noqa: B009
        return signed_document(
            kind, self.wire_version, self.record_id, self.revision, self.payload_json
        )


class CatalogChange(_BroadcastBase):
    kind: Literal["catalog"] = "catalog"
    payload: CatalogPayload


class CreditRecordChange(_BroadcastBase):
    kind: Literal["credit_record"] = "credit_record"
    payload: CreditRecordPayload


class DeviceKeyChange(_BroadcastBase):
    kind: Literal["device_key"] = "device_key"
    payload: DeviceKeyPayload


class CalendarChange(_BroadcastBase):
    kind: Literal["calendar"] = "calendar"
    payload: CalendarPayload


class FreshnessChange(_BroadcastBase):
    kind: Literal["freshness"] = "freshness"
    payload: FreshnessPayload


AnyBroadcast: TypeAlias = (
    CatalogChange | CreditRecordChange | DeviceKeyChange | CalendarChange | FreshnessChange
)
BroadcastPayload: TypeAlias = (
    CatalogPayload | CreditRecordPayload | DeviceKeyPayload | CalendarPayload | FreshnessPayload
)
BROADCAST_KINDS: dict[type[WireModel], ChangeKind] = {
    CatalogPayload: ChangeKind.CATALOG,
    CreditRecordPayload: ChangeKind.CREDIT_RECORD,
    DeviceKeyPayload: ChangeKind.DEVICE_KEY,
    CalendarPayload: ChangeKind.CALENDAR,
    FreshnessPayload: ChangeKind.FRESHNESS,
}
Broadcast = Annotated[AnyBroadcast, Field(discriminator="kind")]
BROADCAST_ADAPTER: TypeAdapter[AnyBroadcast] = TypeAdapter(Broadcast)


def build_broadcast(
    payload: BroadcastPayload,
    *,
    record_id: UUID | str,
    revision: int,
    key: signing.SigningKey,
    clerk: str = "",
    device_time: datetime | None = None,
    change_id: UUID | str | None = None,
) -> AnyBroadcast:
    """A broadcast carrying ``payload``, hashed and signed with the hub's ``key``."""
    kind = BROADCAST_KINDS[type(payload)]
    record = UUID(str(record_id))
    payload_json = canonical_json(payload.model_dump(mode="json"))
    document = signed_document(kind.value, WIRE_VERSION, record, revision, payload_json)
    data: dict[str, Any] = {
        "kind": kind.value,
        "change_id": UUID(str(change_id or new_id())),
        "record_id": record,
        "revision": revision,
        "content_hash": content_hash(kind, WIRE_VERSION, record, revision, payload_json),
        "clerk": clerk,
        "device_time": device_time or utcnow(),
        "payload": payload,
        "signature": {
            "key_id": key.key_id,
            "value": key.sign(signing.PURPOSE_BROADCAST, document),
        },
    }
    return BROADCAST_ADAPTER.validate_python(data)


def is_broadcast(change: object) -> bool:
    return isinstance(change, _BroadcastBase)


def verify_broadcast(change: AnyBroadcast, hub_public_key: str) -> None:
    """Raise :class:`app.signing.SignatureInvalid` unless ``change`` is exactly what the hub
    holding ``hub_public_key`` signed (content hash, key id and signature all checked)."""
    payload_json = canonical_json(change.payload.model_dump(mode="json"))  # never a cached copy
    kind, revision = change.kind, change.revision
    if content_hash(kind, change.wire_version, change.record_id, revision, payload_json) != (
        change.content_hash
    ):
        raise signing.SignatureInvalid("content_hash does not match the change's content")
    if change.signature.key_id != signing.key_id(hub_public_key):
        raise signing.SignatureInvalid("signed by another key than this hub's")
    document = signed_document(kind, change.wire_version, change.record_id, revision, payload_json)
    signing.verify(hub_public_key, signing.PURPOSE_BROADCAST, document, change.signature.value)
