"""Applying the hub's broadcasts in process: idempotent by record id and revision, nothing
deleted, a wrong signature found before anything is applied (the end-to-end tests against a
real hub process are in test_sync_broadcasts.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import UUID

from cases_catalog import PERSON_ID, install
from sqlalchemy import func, select
from synckit import ROOT

from app.audit import verify_chain
from app.calendar import load_calendar_file
from app.cases import CaseService, credit_check, validate_applicant
from app.cases.workdays import work_calendar, working_days_until
from app.ids import new_id
from app.signing import SigningKey
from app.storage.db import Database
from app.storage.models import CreditRecord, DeviceKey
from app.sync import hubdata
from app.sync.broadcast import (
    CalendarPayload,
    CreditRecordPayload,
    DeviceKeyPayload,
    FreshnessPayload,
    build_broadcast,
)
from app.sync.identity import Enrolment, save_enrolment
from app.sync.pull import apply_changes
from app.sync.wire import DeviceKind

HUB = SigningKey.generate()
WHEN = datetime(2026, 9, 1, 8, 0, tzinfo=UTC)


def _window(db: Database) -> Enrolment:
    enrolment = Enrolment(
        kind=DeviceKind.WINDOW,
        code="HF01",
        device_name="HF01 电脑",
        hub_url="http://127.0.0.1:1",
        hub_id=str(new_id()),
        hub_name="示范县",
        key="k",
        enrolled_at=datetime(2026, 9, 1),
    )
    with db.session() as session:
        save_enrolment(session, enrolment)
        hubdata.pin_hub_key(session, HUB.public_key)
    return enrolment


def _credit(record: UUID, revision: int, ended: bool = False) -> object:
    payload = CreditRecordPayload(
        subject_kind="person",
        subject_id_no=PERSON_ID,
        subject_name="王秀英",
        reason="虚假承诺",
        valid_from=date(2026, 9, 1),
        recorded_at=WHEN,
        recorded_by="县监管",
        ended_at=WHEN if ended else None,
        end_reason="复核撤销" if ended else "",
    )
    return build_broadcast(payload, record_id=record, revision=revision, key=HUB)


def test_broadcasts_apply_once_newest_revision_wins_nothing_deleted(db: Database) -> None:
    install(db)
    enrolment = _window(db)
    record = new_id()
    added = _credit(record, 1)
    device = SigningKey.generate()
    key_change = build_broadcast(
        DeviceKeyPayload(
            device_kind=DeviceKind.WINDOW,
            device_code="HF02",
            key_id=device.key_id,
            public_key=device.public_key,
            enrolled_at=WHEN,
        ),
        record_id=new_id(),
        revision=1,
        key=HUB,
    )
    freshness = build_broadcast(
        FreshnessPayload(warn_after_days=3, mark_guides_after_days=10),
        record_id=new_id(),
        revision=1,
        key=HUB,
    )
    page = [added, key_change, freshness]
    assert hubdata.check_broadcasts(page, HUB.public_key) is None  # type: ignore[arg-type]
    with db.session() as session:
        assert apply_changes(session, page, enrolment) == (3, 0)  # type: ignore[arg-type]
    with db.session() as session:
        assert apply_changes(session, page, enrolment) == (0, 0)  # type: ignore[arg-type]
        assert hubdata.freshness_limits(session) == (3, 10)
        assert session.scalar(select(func.count()).select_from(DeviceKey)) == 1
    assert len(credit_check(db, PERSON_ID)) == 1
    service = CaseService(db, clerk="李娜", today=lambda: date(2026, 9, 2))
    case = service.new_case(
        validate_applicant("person", "王秀英", PERSON_ID, "13812345678"), matter_code="M1"
    )
    refused = [o for o in service.options(case.id, "C5") if o.measure.value == "pledge"]
    assert refused and not refused[0].allowed  # the pledge measure is refused

    ended = _credit(record, 2, ended=True)
    with db.session() as session:
        assert apply_changes(session, [ended, added], enrolment) == (1, 0)  # type: ignore[list-item]
    assert credit_check(db, PERSON_ID) == []
    with db.reading() as session:
        row = session.get(CreditRecord, str(record))
        assert row is not None and (row.revision, row.end_reason) == (2, "复核撤销")
        assert verify_chain(session) is None


def test_a_broadcast_signed_by_another_key_is_found_before_anything_applies(
    db: Database,
) -> None:
    _window(db)
    forged = build_broadcast(
        FreshnessPayload(), record_id=new_id(), revision=1, key=SigningKey.generate()
    )
    page = [_credit(new_id(), 1), forged]
    assert hubdata.check_broadcasts(page, HUB.public_key) == 1  # type: ignore[arg-type]


def test_calendar_years_count_working_days_and_a_later_revision_replaces_the_year(
    db: Database,
) -> None:
    enrolment = _window(db)
    year = load_calendar_file(ROOT / "resources/calendars/2026.toml")
    record = new_id()
    change = build_broadcast(CalendarPayload.of(year), record_id=record, revision=1, key=HUB)
    with db.session() as session:
        assert working_days_until(date(2026, 9, 30), date(2026, 10, 9)) == 7  # weekends only
        assert apply_changes(session, [change], enrolment) == (1, 0)
        calendar = work_calendar(session)
    # 1–7 October off: Thursday 8 and Friday 9 are the only working days after 30 September
    assert working_days_until(date(2026, 9, 30), date(2026, 10, 9), calendar) == 2
    assert working_days_until(date(2026, 10, 9), date(2026, 9, 30), calendar) == -2
    emptied = build_broadcast(
        CalendarPayload(year=2026, source="撤回"), record_id=record, revision=2, key=HUB
    )
    with db.session() as session:
        assert apply_changes(session, [emptied, change], enrolment) == (1, 0)
        assert working_days_until(date(2026, 9, 30), date(2026, 10, 9), work_calendar(session)) == 7
