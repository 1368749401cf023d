"""Connecting a data directory to the county hub with a one-time enrolment code.

    connect(db, hub_url, enrol_code, device_name="") -> Connected

The hub says what this device is (a window with its code, a department with its catalog
code, a supervisor); the token goes to the OS keyring (refused, before the one-time code is
spent, when there is no usable keyring) and the enrolment to the database of the data
directory (:mod:`app.sync.identity`). A window enrolled for the first time takes the enrolled
code on every case and request it made standalone (their numbers, already on paper, stay),
and its outbox is rebuilt with one change per record (the hub never saw any of it).
Connecting again (a new token after a revocation) keeps everything; a code for another
window or department is refused. The hub's Ed25519 public key from the enrol answer is pinned
(:mod:`app.sync.hubdata`): every broadcast the pull applies must verify with it.
"""

from __future__ import annotations

import base64
import socket
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select, update

from app import audit
from app.errors import UserError
from app.ids import new_id, utcnow
from app.signing import SigningKey
from app.storage.db import Database
from app.storage.models import Case, VerificationRequest
from app.sync.client import HubClient, HubRefused, HubUnauthorized
from app.sync.credentials import check_keyring, delete_token, signing_key_name, store_token
from app.sync.hubdata import pin_hub_key
from app.sync.identity import (
    KIND_LABELS,
    Enrolment,
    load_enrolment,
    save_enrolment,
    set_state,
)
from app.sync.outbox import rebuild
from app.sync.probe import parse_hub_address
from app.sync.pull import CURSOR

ClientFactory = Callable[..., HubClient]


@dataclass(frozen=True)
class Connected:
    enrolment: Enrolment
    first: bool  # this data directory was never connected before
    adopted: int  # cases that took the enrolled window code
    queued: int  # changes waiting to be pushed after the connection


def hub_url(text: str) -> str:
    """``http://host:port`` from what an operator typed (a scheme is added when missing)."""
    address = (text or "").strip().rstrip("/")
    if parse_hub_address(address) is None:
        raise UserError(f"县级中心地址“{text}”格式不正确，应为 http://主机:端口 或 https://主机。")
    return address if "://" in address else f"http://{address}"


def connect(
    db: Database,
    address: str,
    enrol_code: str,
    *,
    device_name: str = "",
    directory: Path | None = None,
    client_factory: ClientFactory = HubClient,
) -> Connected:
    """Enrol this data directory with the hub at ``address`` (see the module docstring).

    HubUnreachable when the hub cannot be reached (nothing changed); UserError for a refused
    code, no keyring, or a code for another device. ``directory``: the data directory, whose
    window-code setting (:mod:`app.station`) then takes the enrolled code too.
    """
    url = hub_url(address)
    code = (enrol_code or "").strip()
    if not code:
        raise UserError("请输入县信息中心给出的一次性注册码。")
    name = " ".join((device_name or "").split()) or socket.gethostname() or "窗口电脑"
    check_keyring()
    with db.reading() as session:
        before = load_enrolment(session)
    # The device's own Ed25519 key pair: the hub distributes the public half; the private half
    # never leaves the OS keyring (it signs this window's pledge forms).
    device_key = SigningKey.generate()
    with client_factory(url) as hub:
        try:
            enrolled = hub.enrol(code, device_name=name[:200], public_key=device_key.public_key)
        except HubUnauthorized:
            raise
        except HubRefused as exc:
            if exc.status in (403, 422):
                raise UserError(
                    "注册码无效、已使用、已过期（24 小时）或已被吊销，未连接。"
                    "请向县信息中心申请新的注册码。"
                ) from None
            raise
    if before is not None and (before.kind, before.code) != (enrolled.device_kind, enrolled.code):
        raise UserError(
            f"该注册码属于{KIND_LABELS[enrolled.device_kind]} {enrolled.code}，"
            f"但本数据目录已注册为{before.label}，未作更改。"
            "请让县信息中心吊销这次注册，或使用本机自己的注册码。"
        )
    key = f"{enrolled.hub.hub_id}/{new_id()}"
    store_token(key, enrolled.token)
    store_token(signing_key_name(key), base64.b64encode(device_key.to_raw()).decode("ascii"))
    enrolment = Enrolment(
        kind=enrolled.device_kind,
        code=enrolled.code,
        device_name=enrolled.device_name,
        hub_url=url,
        hub_id=str(enrolled.hub.hub_id),
        hub_name=enrolled.hub.name,
        key=key,
        enrolled_at=utcnow(),
    )
    adopted = queued = 0
    with db.session() as session:
        save_enrolment(session, enrolment)
        if enrolled.hub.public_key:  # every broadcast is checked against it from now on
            pin_hub_key(session, enrolled.hub.public_key, enrolled.hub.key_id)
        if before is None or before.hub_id != enrolment.hub_id:
            set_state(session, CURSOR, None)  # a new feed: read it from its start
        if before is None and enrolment.is_window:
            other = Case.window_code != enrolment.code
            adopted = int(session.scalar(select(func.count()).select_from(Case).where(other)) or 0)
            session.execute(update(Case).where(other).values(window_code=enrolment.code))
            session.execute(
                update(VerificationRequest)
                .where(VerificationRequest.window_code != enrolment.code)
                .values(window_code=enrolment.code)
            )
            queued = rebuild(session)
        audit.record(
            session,
            actor=enrolment.device_name,
            action="sync.connect",
            entity="device",
            entity_id=enrolment.code,
            detail={
                "hub": url,
                "hub_id": enrolment.hub_id,
                "kind": enrolment.kind.value,
                "code": enrolment.code,
                "first": before is None,
                "cases_adopted": adopted,
            },
        )
    if before is not None and before.key != key:
        delete_token(before.key)
        delete_token(signing_key_name(before.key))
    if directory is not None and enrolment.is_window:
        from app.station import save_station

        save_station(directory, window=enrolment.code)
    return Connected(enrolment=enrolment, first=before is None, adopted=adopted, queued=queued)
