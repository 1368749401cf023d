"""Who may talk to the hub: enrolment codes, device tokens, revocation, and the hub's counts.

- An operator makes a one-time enrolment code for a window, a department or a supervisor
  (``wuzheng hub enrol …``): single use, valid 24 hours, stored only as its SHA-256.
- ``POST /v1/enrol`` trades the code for the device's own bearer token (256 random bits); the
  hub stores only the token's SHA-256.
- ``wuzheng hub revoke CODE`` revokes every device and open code of a window code, department
  code or supervisor name; the token is refused from its next request on (tokens are checked
  against the database on every request, nothing is cached in a worker).
- Every device enrols with its own Ed25519 public key; the hub broadcasts it (``device_key``,
  signed) to every device in the enrolment's transaction, and broadcasts it again as revoked when
  the device is revoked. Devices enrolled before keys existed keep working without one (they
  cannot sign pledge forms).

None of this needs the web stack: the CLI uses it on a window installation without the
``hub`` extra.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from app.errors import UserError
from app.hub import audit, keys, publish
from app.hub.ingest import DeviceRef
from app.hub.models import Device, Enrolment, HubMeta, HubRecord, SyncChange
from app.hub.store import HubStore
from app.ids import utcnow
from app.signing import SigningKey, key_id
from app.sync.wire import (
    WIRE_VERSION,
    DeviceKeyPayload,
    DeviceKind,
    EnrolResponse,
    HubIdentity,
)

ENROL_TTL = timedelta(hours=24)
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud, typed by hand
_CODE_LENGTH = 16  # 80 bits
_MAX_TOKEN = 200
_DEVICE_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$")


class EnrolRefused(UserError):
    """An enrolment code that is unknown, used, expired or revoked."""


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch not in "- \t")


def _check_code(kind: DeviceKind, code: str) -> str:
    code = code.strip()
    if kind is DeviceKind.SUPERVISOR:
        if not code or len(code) > 100 or any(ord(ch) < 32 for ch in code) or ":" in code:
            raise UserError("监管员名称须为 1–100 个字符，且不含冒号或控制字符。")
        return code
    if not _DEVICE_CODE.match(code):
        what = "窗口编码" if kind is DeviceKind.WINDOW else "部门编码"
        raise UserError(f"{what}“{code}”格式不正确：只能用字母、数字、_ . -，最长 64 个字符。")
    return code


def new_enrolment(
    store: HubStore,
    kind: DeviceKind,
    code: str,
    name: str = "",
    *,
    ttl: timedelta = ENROL_TTL,
    now: datetime | None = None,
) -> str:
    """A new one-time enrolment code (returned once, stored only hashed)."""
    code = _check_code(kind, code)
    name = name.strip() or code
    if len(name) > 200 or any(ord(ch) < 32 for ch in name):
        raise UserError("名称须为 1–200 个字符，且不含控制字符。")
    plain = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(_CODE_LENGTH))
    moment = now or utcnow()

    def work(session: Session) -> None:
        session.add(
            Enrolment(
                code_hash=sha256_hex(plain),
                kind=kind.value,
                code=code,
                name=name,
                created_at=moment,
                expires_at=moment + ttl,
            )
        )
        session.flush()
        audit.append(
            session,
            [audit.AuditItem("operator", "enrolment.created", kind.value, code, {"name": name})],
            moment,
        )

    store.write(work)
    return "-".join(plain[i : i + 4] for i in range(0, _CODE_LENGTH, 4))


def identity(session: Session) -> HubIdentity:
    meta = {key: value for key, value in session.execute(select(HubMeta.key, HubMeta.value))}
    return HubIdentity(
        hub_id=UUID(meta["hub_id"]),
        name=meta.get("name", ""),
        wire_versions=[WIRE_VERSION],
        public_key=meta.get(keys.META_PUBLIC_KEY),
        key_id=meta.get(keys.META_KEY_ID),
    )


def device_key_record(session: Session, device_id: int) -> str:
    return publish.fixed_record_id(session, f"device-key/{device_id}")


def _key_payload(device: Device) -> DeviceKeyPayload:
    assert device.public_key is not None and device.key_id is not None
    return DeviceKeyPayload(
        device_kind=DeviceKind(device.kind),
        device_code=device.code,
        device_name=device.name,
        key_id=device.key_id,
        public_key=device.public_key,
        enrolled_at=device.enrolled_at,
        revoked=device.revoked_at is not None,
        revoked_at=device.revoked_at,
    )


def _publish_key(
    session: Session, signer: SigningKey, device: Device, now: datetime, actor: str
) -> None:
    """Broadcast a device's key (again, marked revoked, once the device is revoked)."""
    publish.broadcast(
        session,
        signer,
        _key_payload(device),
        record_id=device_key_record(session, device.id),
        now=now,
        actor=actor,
        detail={"key_id": device.key_id, "revoked": device.revoked_at is not None},
    )


def enrol_device(
    store: HubStore, code: str, device_name: str, public_key: str, signer: SigningKey
) -> EnrolResponse:
    """Trade a one-time code for a device token; refused (nothing changed) if not valid now.

    The device's public key is broadcast, signed, to every device in the same transaction."""
    code_hash = sha256_hex(_normalise_code(code))
    token = secrets.token_urlsafe(32)

    def work(session: Session) -> EnrolResponse:
        now = utcnow()
        taken = session.execute(
            update(Enrolment)
            .where(
                Enrolment.code_hash == code_hash,
                Enrolment.used_at.is_(None),
                Enrolment.revoked_at.is_(None),
                Enrolment.expires_at > now,
            )
            .values(used_at=now)
        )
        if taken.rowcount != 1:  # type: ignore[attr-defined]
            raise EnrolRefused(_refusal(session.get(Enrolment, code_hash)))
        enrolment = session.get(Enrolment, code_hash)
        assert enrolment is not None
        device = Device(
            kind=enrolment.kind,
            code=enrolment.code,
            name=device_name,
            token_hash=sha256_hex(token),
            public_key=public_key,
            key_id=key_id(public_key),
            enrolled_at=now,
        )
        session.add(device)
        session.flush()
        enrolment.device_id = device.id
        _publish_key(session, signer, device, now, f"{enrolment.kind}:{enrolment.code}#{device.id}")
        audit.append(
            session,
            [
                audit.AuditItem(
                    f"{enrolment.kind}:{enrolment.code}#{device.id}",
                    "device.enrolled",
                    enrolment.kind,
                    enrolment.code,
                    {"device_name": device_name, "public_key": bool(public_key)},
                )
            ],
            now,
        )
        return EnrolResponse(
            token=token,
            device_kind=DeviceKind(enrolment.kind),
            code=enrolment.code,
            device_name=device_name,
            hub=identity(session),
        )

    return store.write(work)


def _refusal(enrolment: Enrolment | None) -> str:
    if enrolment is None:
        return "enrolment code unknown (注册码无效)"
    if enrolment.used_at is not None:
        return "enrolment code already used (注册码已使用)"
    if enrolment.revoked_at is not None:
        return "enrolment code revoked (注册码已作废)"
    return "enrolment code expired (注册码已过期，有效期 24 小时)"


def authenticate(store: HubStore, token: str) -> DeviceRef | None:
    """The device holding ``token``, or None (unknown or revoked: checked on every request)."""
    if not token or len(token) > _MAX_TOKEN:
        return None
    with store.read() as session:
        row = session.execute(
            select(Device.id, Device.kind, Device.code, Device.name).where(
                Device.token_hash == sha256_hex(token), Device.revoked_at.is_(None)
            )
        ).first()
    if row is None:
        return None
    return DeviceRef(id=row.id, kind=DeviceKind(row.kind), code=row.code, name=row.name)


def revoke(store: HubStore, code: str, signer: SigningKey | None) -> tuple[int, int]:
    """Revoke every device and open enrolment code of ``code``: (devices, codes) revoked.

    The keys of revoked devices are broadcast again, marked revoked (this needs the hub's
    ``signer`` when any of them has a key)."""
    code = code.strip()

    def work(session: Session) -> tuple[int, int]:
        now = utcnow()
        revoked = list(
            session.scalars(
                select(Device)
                .where(Device.code == code, Device.revoked_at.is_(None))
                .order_by(Device.id)
                .with_for_update()
            )
        )
        for device in revoked:
            device.revoked_at = now
        devices = len(revoked)
        session.flush()
        with_keys = [d for d in revoked if d.public_key is not None]
        if with_keys and signer is None:
            raise keys.HubKeyError("吊销带签名密钥的设备需要本中心的签名私钥。")
        for device in with_keys:
            assert signer is not None
            _publish_key(session, signer, device, now, "operator")
        codes = session.execute(
            update(Enrolment)
            .where(
                Enrolment.code == code,
                Enrolment.used_at.is_(None),
                Enrolment.revoked_at.is_(None),
            )
            .values(revoked_at=now)
        ).rowcount  # type: ignore[attr-defined]
        if not devices and not codes:
            raise UserError(f"没有编码或名称为“{code}”的有效设备或注册码。")
        audit.append(
            session,
            [
                audit.AuditItem(
                    "operator",
                    "device.revoked",
                    "device",
                    code,
                    {"devices": devices, "codes": codes},
                )
            ],
            now,
        )
        return int(devices), int(codes)

    return store.write(work)


def counts(store: HubStore) -> dict[str, Any]:
    """How many records of each kind the hub holds, its devices and pending codes."""
    with store.read() as session:
        by_kind: dict[str, int] = {
            kind: count
            for kind, count in session.execute(
                select(HubRecord.kind, func.count()).group_by(HubRecord.kind)
            )
        }
        devices: dict[str, int] = {
            kind: count
            for kind, count in session.execute(
                select(Device.kind, func.count())
                .where(Device.revoked_at.is_(None))
                .group_by(Device.kind)
            )
        }
        pending = session.scalar(
            select(func.count())
            .select_from(Enrolment)
            .where(
                Enrolment.used_at.is_(None),
                Enrolment.revoked_at.is_(None),
                Enrolment.expires_at > utcnow(),
            )
        )
        changes = session.scalar(select(func.count()).select_from(SyncChange))
    return {
        "requests": by_kind.get("verification_request", 0),
        "answers": by_kind.get("answer", 0),
        "cases": by_kind.get("case", 0),
        "resolutions": by_kind.get("resolution", 0),
        "pledges": by_kind.get("pledge", 0),
        "changes": int(changes or 0),
        "devices": sum(devices.values()),
        "windows": devices.get("window", 0),
        "departments": devices.get("department", 0),
        "supervisors": devices.get("supervisor", 0),
        "enrolments_pending": int(pending or 0),
    }


def verify_audit(store: HubStore) -> int | None:
    """None when the hub's audit chain is intact, else where it breaks."""
    with store.read() as session:
        return audit.verify_chain(session)
