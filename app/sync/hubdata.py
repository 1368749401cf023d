"""What the county hub broadcasts, kept at the device: the hub's key, device keys, the credit
list, calendar years, the freshness limits and the catalog (issue 11).

    hub_key(session) -> str | None                   # the hub's pinned Ed25519 public key
    pin_hub_key(session, public_key, key_id)         # at connect (or once, for an older one)
    check_broadcasts(changes, hub_key) -> int | None # index of the first bad one, None: all good
    apply_broadcast(session, change, catalogs, actor) -> bool   # False: already held
    freshness_limits(session) -> (warn_days, mark_days)

Every broadcast is verified with the pinned hub key before anything of its page is applied
(:func:`check_broadcasts`); applying is idempotent by record id and revision (a revision at or
below the one held changes nothing). Nothing is deleted: a credit record's ending is its
revision 2, a revoked device key keeps its row. A catalog broadcast replaces the catalog
through the window's own import (:func:`app.catalog.exchange.apply_document`: a backup first,
rows cases still refer to are retired, never removed), in the caller's transaction.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app import audit, signing
from app.calendar import CalendarError
from app.cases.applicant import mask_id
from app.catalog.exchange.document import CatalogDocument
from app.ids import utcnow
from app.storage.models import CalendarYearRow, CreditRecord, DeviceKey
from app.sync.broadcast import (
    AnyBroadcast,
    CalendarChange,
    CatalogChange,
    CreditRecordChange,
    DeviceKeyChange,
    FreshnessChange,
    is_broadcast,
    verify_broadcast,
)
from app.sync.identity import get_state, set_state
from app.sync.wire import AnyFeedChange, naive_utc

HUB_KEY = "hub.public_key"
HUB_KEY_ID = "hub.key_id"
CATALOG_VERSION = "catalog.hub_version"  # the hub catalog version (revision) installed here
CATALOG_LABEL = "catalog.hub_label"
CATALOG_PUBLISHED = "catalog.hub_published_at"
CATALOG_APPLIED = "catalog.hub_applied_at"
WARN_DAYS = "freshness.warn_after_days"
MARK_DAYS = "freshness.mark_guides_after_days"
FRESHNESS_REVISION = "freshness.revision"
DEFAULT_WARN_DAYS = 7
DEFAULT_MARK_DAYS = 30

KIND_LABELS = {
    "catalog": "目录",
    "credit_record": "失信名单记录",
    "device_key": "设备公钥",
    "calendar": "工作日历",
    "freshness": "时效设置",
}


@dataclass(frozen=True)
class CatalogDocumentBytes:
    """A catalog version's document, fetched and checked (hash, size, the hub's signature)."""

    version: int
    data: bytes
    document: CatalogDocument  # parsed and validated (the window's own import rules)


def hub_key(session: Session) -> str | None:
    return get_state(session, HUB_KEY)


def pin_hub_key(session: Session, public_key: str, key_id: str | None = None) -> None:
    """Keep the hub's public key: every broadcast must verify with it from now on."""
    computed = signing.key_id(public_key)
    if key_id is not None and key_id != computed:
        raise signing.SignatureInvalid("the hub's key id does not match its public key")
    set_state(session, HUB_KEY, public_key)
    set_state(session, HUB_KEY_ID, computed)


def refusal(change: AnyBroadcast, *, document: bool = False) -> str:
    """The sentence for a broadcast refused (nothing of it was applied): its signature does
    not check, or (``document``) the catalog document it announces does not."""
    what = KIND_LABELS.get(change.kind, change.kind)
    failed = "所附目录文件校验失败（与发布信息或签名不符）" if document else "签名校验失败"
    return (
        f"县级中心发布的{what}（记录 {str(change.record_id)[:8]}，第 {change.revision} 版）"
        f"{failed}，已拒收，本机未作任何更改。请联系县信息中心核查。"
    )


def check_broadcasts(changes: list[AnyFeedChange], key: str) -> int | None:
    """The index of the first broadcast whose signature does not verify with ``key``."""
    for index, change in enumerate(changes):
        if not is_broadcast(change):
            continue
        try:
            verify_broadcast(change, key)  # type: ignore[arg-type]
            if isinstance(change, CalendarChange):
                change.payload.calendar_year()  # a year breaking a rule is refused the same way
        except (signing.SignatureInvalid, signing.KeyFormatError, CalendarError):
            return index
    return None


# --------------------------------------------------------------------------- applying


def apply_broadcast(
    session: Session,
    change: AnyBroadcast,
    catalogs: dict[int, CatalogDocumentBytes],
    actor: str,
) -> bool:
    """Apply one verified broadcast; False when this revision (or a newer one) is held."""
    if isinstance(change, CreditRecordChange):
        return _credit(session, change, actor)
    if isinstance(change, DeviceKeyChange):
        return _device_key(session, change, actor)
    if isinstance(change, CalendarChange):
        return _calendar(session, change, actor)
    if isinstance(change, FreshnessChange):
        return _freshness(session, change, actor)
    if isinstance(change, CatalogChange):
        return _catalog(session, change, catalogs, actor)
    return False


def _credit(session: Session, change: CreditRecordChange, actor: str) -> bool:
    record_id = str(change.record_id)
    row = session.get(CreditRecord, record_id)
    if row is not None and (row.revision or 0) >= change.revision:
        return False
    p = change.payload
    if row is None:
        row = CreditRecord(id=record_id, origin="hub")
        session.add(row)
    row.origin = "hub"
    row.revision = change.revision
    row.subject_kind = p.subject_kind
    row.subject_id_no = p.subject_id_no
    row.subject_name = p.subject_name
    row.reason = p.reason
    row.source_pledge_id = str(p.source_pledge_id) if p.source_pledge_id else None
    row.valid_from = p.valid_from
    row.valid_until = p.valid_until
    row.recorded_at = naive_utc(p.recorded_at)
    row.recorded_by = p.recorded_by
    row.ended_at = naive_utc(p.ended_at) if p.ended_at is not None else None
    row.end_reason = p.end_reason
    row.ended_by = p.ended_by
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="credit.end" if p.ended_at is not None else "credit.receive",
        entity="credit_record",
        entity_id=record_id,
        detail={
            "subject": mask_id(p.subject_id_no),
            "revision": change.revision,
            "valid_from": p.valid_from.isoformat(),
            "valid_until": p.valid_until.isoformat() if p.valid_until else None,
            "ended": p.ended_at is not None,
        },
    )
    return True


def _device_key(session: Session, change: DeviceKeyChange, actor: str) -> bool:
    p = change.payload
    row = session.get(DeviceKey, p.key_id)
    if row is not None and row.revision >= change.revision:
        return False
    if row is None:
        row = DeviceKey(key_id=p.key_id)
        session.add(row)
    row.record_id = str(change.record_id)
    row.revision = change.revision
    row.device_kind = p.device_kind.value
    row.device_code = p.device_code
    row.device_name = p.device_name
    row.public_key = p.public_key
    row.enrolled_at = naive_utc(p.enrolled_at)
    row.revoked = p.revoked
    row.revoked_at = naive_utc(p.revoked_at) if p.revoked_at is not None else None
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="device_key.receive",
        entity="device_key",
        entity_id=p.key_id,
        detail={"device": f"{p.device_kind.value}:{p.device_code}", "revoked": p.revoked},
    )
    return True


def _calendar(session: Session, change: CalendarChange, actor: str) -> bool:
    p = change.payload
    year = p.calendar_year()  # checked again: CalendarError for a year that breaks a rule
    row = session.get(CalendarYearRow, p.year)
    same = row is not None and row.record_id == str(change.record_id)
    if same and row is not None and row.revision >= change.revision:
        return False
    if row is None:
        row = CalendarYearRow(year=p.year)
        session.add(row)
    row.record_id = str(change.record_id)
    row.revision = change.revision
    row.source = p.source
    row.document = json.dumps(year.to_dict(), ensure_ascii=False, sort_keys=True)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="calendar.receive",
        entity="calendar_year",
        entity_id=str(p.year),
        detail={
            "revision": change.revision,
            "holidays": len(p.holidays),
            "makeup_workdays": len(p.makeup_workdays),
        },
    )
    return True


def _freshness(session: Session, change: FreshnessChange, actor: str) -> bool:
    held = int(get_state(session, FRESHNESS_REVISION) or 0)
    if held >= change.revision:
        return False
    p = change.payload
    set_state(session, WARN_DAYS, str(p.warn_after_days))
    set_state(session, MARK_DAYS, str(p.mark_guides_after_days))
    set_state(session, FRESHNESS_REVISION, str(change.revision))
    audit.record(
        session,
        actor=actor,
        action="freshness.receive",
        entity="freshness",
        entity_id="hub",
        detail={"warn_after_days": p.warn_after_days, "mark_after_days": p.mark_guides_after_days},
    )
    return True


def catalog_needed(session: Session, change: CatalogChange) -> bool:
    """Whether this catalog version is newer than the hub catalog installed here."""
    return change.payload.version > int(get_state(session, CATALOG_VERSION) or 0)


def _catalog(
    session: Session,
    change: CatalogChange,
    catalogs: dict[int, CatalogDocumentBytes],
    actor: str,
) -> bool:
    from app.catalog.exchange.apply import apply_document

    p = change.payload
    if not catalog_needed(session, change):
        return False
    fetched = catalogs.get(p.version)
    if fetched is None:  # a newer version on the same page replaces it: skip this one
        return False
    apply_document(
        session,
        fetched.document,
        dry_run=False,
        actor=actor,
        action="catalog.receive",
        source=f"hub:{p.version}",
    )
    set_state(session, CATALOG_VERSION, str(p.version))
    set_state(session, CATALOG_LABEL, p.label)
    set_state(session, CATALOG_PUBLISHED, naive_utc(p.published_at).isoformat())
    set_state(session, CATALOG_APPLIED, utcnow().isoformat())
    return True


# --------------------------------------------------------------------------- reading


def freshness_limits(session: Session) -> tuple[int, int]:
    """(warn after, mark guides after) days without a successful sync; 7 and 30 until the
    hub sent its own."""
    warn = int(get_state(session, WARN_DAYS) or DEFAULT_WARN_DAYS)
    mark = int(get_state(session, MARK_DAYS) or DEFAULT_MARK_DAYS)
    return warn, mark
