"""Who this data directory is to the county hub: enrolled as what, with which code, where.

    enrolment(db) -> Enrolment | None          # None: a standalone window (never connected)
    load_enrolment(session) -> Enrolment | None
    save_enrolment(session, enrolment)
    case_window_code(session, requested) -> str   # the code a new case is numbered with
    refuse_local_answers(session)                 # once connected, answers come from the hub

It lives in the database of the data directory (table ``sync_state``), not in the GUI's
settings: the command line and the GUI read the same identity. The device's token is not
here: it is in the OS keyring (:mod:`app.sync.credentials`), under ``Enrolment.key``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import UserError
from app.storage.db import Database
from app.storage.models import SyncState
from app.sync.wire import DeviceKind

_PREFIX = "device."
_FIELDS = ("kind", "code", "device_name", "hub_url", "hub_id", "hub_name", "key", "enrolled_at")

KIND_LABELS: dict[DeviceKind, str] = {
    DeviceKind.WINDOW: "窗口",
    DeviceKind.DEPARTMENT: "部门",
    DeviceKind.SUPERVISOR: "监管",
}


@dataclass(frozen=True)
class Enrolment:
    """This data directory's enrolment with a hub."""

    kind: DeviceKind
    code: str  # the window code, the department code or the supervisor's name
    device_name: str
    hub_url: str
    hub_id: str
    hub_name: str
    key: str  # the keyring entry that holds the token
    enrolled_at: datetime

    @property
    def is_window(self) -> bool:
        return self.kind == DeviceKind.WINDOW

    @property
    def is_department(self) -> bool:
        return self.kind == DeviceKind.DEPARTMENT

    @property
    def label(self) -> str:
        """ "窗口 HF01", "部门 D-GA"."""
        return f"{KIND_LABELS[self.kind]} {self.code}"


def get_state(session: Session, key: str) -> str | None:
    row = session.get(SyncState, key)
    return row.value if row is not None else None


def set_state(session: Session, key: str, value: str | None) -> None:
    row = session.get(SyncState, key)
    if value is None:
        if row is not None:
            session.delete(row)
        return
    if row is None:
        session.add(SyncState(key=key, value=value))
    else:
        row.value = value


def load_enrolment(session: Session) -> Enrolment | None:
    query = select(SyncState.key, SyncState.value).where(SyncState.key.startswith(_PREFIX))
    rows = {key: value for key, value in session.execute(query)}
    values = {name: rows.get(_PREFIX + name) for name in _FIELDS}
    if not values["kind"] or not values["code"] or not values["hub_url"]:
        return None
    return Enrolment(
        kind=DeviceKind(values["kind"]),
        code=values["code"] or "",
        device_name=values["device_name"] or "",
        hub_url=values["hub_url"] or "",
        hub_id=values["hub_id"] or "",
        hub_name=values["hub_name"] or "",
        key=values["key"] or "",
        enrolled_at=datetime.fromisoformat(values["enrolled_at"] or "1970-01-01T00:00:00"),
    )


def save_enrolment(session: Session, enrolment: Enrolment) -> None:
    for name in _FIELDS:
        value = getattr(enrolment, name)
        text = value.isoformat() if isinstance(value, datetime) else str(value)
        set_state(session, _PREFIX + name, text)
    session.flush()


def enrolment(db: Database) -> Enrolment | None:
    """This data directory's enrolment, or None for a standalone window."""
    with db.reading() as session:
        return load_enrolment(session)


def case_window_code(session: Session, requested: str) -> str:
    """The window code a new case is numbered with: the enrolled one once connected.

    A standalone window uses the code it is given (its settings; may be empty: numbers then
    start with "W-"). An enrolled window refuses another code, and a department or supervisor
    device takes in no cases.
    """
    current = load_enrolment(session)
    if current is None:
        return requested
    if not current.is_window:
        raise UserError(f"本机已注册为{current.label}，不能受理办件。")
    if requested and requested != current.code:
        raise UserError(
            f"本机已注册为{current.label}，办件编号使用窗口编码 {current.code}，"
            f"不能改用“{requested}”。"
        )
    return current.code


def refuse_local_answers(session: Session) -> None:
    """Once connected, answers to requests come only from the hub (the departments)."""
    current = load_enrolment(session)
    if current is not None:
        raise UserError(
            f"本机已连接县级中心（{current.label}），核验答复只能由部门在系统中作出，"
            "同步后自动更新到办件；不能在窗口手工录入。"
        )
