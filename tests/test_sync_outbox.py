"""What leaves the window: wire changes in push order, one for every change the hub must know.

Every synced table (case, resolution, pledge, verification_request) must equal its latest
queued payload after the work of a day at the counter; payloads name the catalog by codes, a
case carries no name, ID or phone, a request carries the subject's ID for the department.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime

import pytest
from cases_catalog import PERSON_ID, PERSON_ID_2, install
from outbox_check import assert_outbox_matches_rows
from sqlalchemy import select

from app.cases import CaseService, validate_applicant
from app.errors import UserError
from app.storage.db import Database
from app.storage.models import Case, OutboxEntry, VerificationRequest
from app.sync.identity import Enrolment, save_enrolment
from app.sync.outbox import as_change, pending_count, rebuild
from app.sync.wire import DeviceKind

MONDAY = date(2026, 3, 2)


@pytest.fixture
def svc(db: Database) -> CaseService:
    install(db)
    return CaseService(db, clerk="李娜", window_code="HF01", today=lambda: MONDAY)


def _day_at_the_counter(svc: CaseService) -> dict[str, str]:
    """Intake, resolve, re-resolve, answer, cancel, finish, print a pledge form, overdue."""
    zhang = validate_applicant("person", "张三", PERSON_ID, "13812345678")
    li = validate_applicant("person", "李四", PERSON_ID_2, "0718-8123456")
    # a finished case: cancel, verify (answered), pledge with its printed form
    done = svc.new_case(zhang, matter_code="M1")
    svc.resolve(done.id, "C1", "cancel")
    asked = svc.resolve(done.id, "C2", "verify").resolution("C2").request_id or ""
    svc.resolve(done.id, "C5", "pledge")
    form = hashlib.sha256(b"the printed form").hexdigest()
    svc.record_pledge_form(done.id, form)
    svc.answer_request(asked, "confirmed", note="信息一致", answered_by="赵核验")
    svc.finish(done.id)
    # re-resolved twice: the first request withdrawn, the pledge dropped
    bundle = svc.new_case(li, bundle_code="B1")
    svc.resolve(bundle.id, "C2", "verify")
    svc.resolve(bundle.id, "C2", "pledge")
    svc.resolve(bundle.id, "C2", "verify")
    svc.resolve(bundle.id, "C3", "share")
    svc.resolve(bundle.id, "C4", "substitute", substitute_document="结婚证")
    # a cancelled case
    gone = svc.new_case(zhang, matter_code="M1")
    svc.resolve(gone.id, "C5", "pledge")
    svc.resolve(gone.id, "C2", "verify")
    svc.cancel(gone.id, "申请人放弃申请")
    # a week later the open requests are overdue
    svc._today = lambda: date(2026, 3, 13)
    assert svc.refresh_overdue() == 2
    return {"done": done.id, "bundle": bundle.id, "gone": gone.id}


def test_every_synced_row_equals_its_latest_queued_payload(svc: CaseService) -> None:
    cases = _day_at_the_counter(svc)
    with svc.db.reading() as session:
        compared = assert_outbox_matches_rows(session)
        assert compared == 3 + 11 + 1 + 5  # cases, resolutions, pledges, requests
        entries = session.scalars(select(OutboxEntry).order_by(OutboxEntry.seq)).all()
        # a case is queued before any of its records, and revisions count its states
        first = {}
        for entry in entries:
            first.setdefault(entry.record_id, entry.seq)
        for entry in entries:
            if entry.case_id and entry.kind != "case":
                assert first[entry.case_id] < entry.seq
        done = [e for e in entries if e.record_id == cases["done"]]
        assert [(e.revision, e.data["status"]) for e in done] == [(1, "open"), (2, "finished")]
        assert all(
            e.case_number == done[0].case_number for e in entries if e.case_id == cases["done"]
        )
        assert {e.clerk for e in entries} == {"李娜", "赵核验"}  # the answer: who gave it


def test_payloads_name_codes_and_carry_personal_data_only_where_needed(
    svc: CaseService,
) -> None:
    _day_at_the_counter(svc)
    with svc.db.reading() as session:
        entries = session.scalars(select(OutboxEntry)).all()
        by_kind: dict[str, list[dict[str, object]]] = {}
        for entry in entries:
            by_kind.setdefault(entry.kind, []).append(entry.data)
        case = by_kind["case"][0]
        assert case["matter_code"] == "M1" and case["window_code"] == "HF01"
        assert not {"applicant_name", "applicant_id_no", "phone"} & set(case)
        assert {r["item_code"] for r in by_kind["resolution"]} == {"C1", "C2", "C3", "C4", "C5"}
        request = by_kind["verification_request"][0]
        assert request["subject_id_no"] == PERSON_ID and request["provider_code"] == "D-GA"
        assert all("phone" not in json.dumps(d) for ds in by_kind.values() for d in ds)


def test_each_entry_is_a_valid_wire_change_with_a_stable_hash(svc: CaseService) -> None:
    _day_at_the_counter(svc)
    with svc.db.reading() as session:
        for entry in session.scalars(select(OutboxEntry)):
            change = as_change(entry)
            assert change.hash_matches
            assert str(change.change_id) == entry.change_id
            assert as_change(entry).model_dump_json() == change.model_dump_json()
            assert change.device_time.tzinfo is not None


def test_a_standalone_window_numbers_its_cases_with_its_own_code_or_w(db: Database) -> None:
    install(db)
    zhang = validate_applicant("person", "张三", PERSON_ID, "")
    plain = CaseService(db, clerk="李娜", today=lambda: MONDAY).new_case(zhang, matter_code="M1")
    assert plain.number == "W-20260302-0001"
    coded = CaseService(db, window_code="HF07", today=lambda: MONDAY).new_case(
        zhang, matter_code="M1"
    )
    assert coded.number == "HF07-20260302-0001"
    with db.reading() as session:
        first = session.scalars(select(OutboxEntry).where(OutboxEntry.kind == "case")).first()
        assert first is not None and first.data["window_code"] == "W"


def _enrol(db: Database, kind: DeviceKind, code: str) -> None:
    with db.session() as session:
        save_enrolment(
            session,
            Enrolment(
                kind=kind,
                code=code,
                device_name="前台电脑",
                hub_url="http://127.0.0.1:1",
                hub_id="00000000-0000-0000-0000-000000000000",
                hub_name="示范县",
                key="k",
                enrolled_at=datetime(2026, 3, 1),
            ),
        )


def test_an_enrolled_window_numbers_every_case_with_its_enrolled_code(db: Database) -> None:
    install(db)
    _enrol(db, DeviceKind.WINDOW, "HF01")
    zhang = validate_applicant("person", "张三", PERSON_ID, "")
    view = CaseService(db, today=lambda: MONDAY).new_case(zhang, matter_code="M1")
    assert view.number == "HF01-20260302-0001" and view.window_code == "HF01"
    with pytest.raises(UserError, match="HF01"):
        CaseService(db, window_code="HF02").new_case(zhang, matter_code="M1")
    # the case waits for the hub: provisional until it is pushed
    assert CaseService(db).get(view.id).provisional
    assert CaseService(db).list_cases()[0].provisional


def test_a_department_takes_in_no_cases_and_a_connected_window_types_no_answers(
    svc: CaseService,
) -> None:
    zhang = validate_applicant("person", "张三", PERSON_ID, "")
    case = svc.new_case(zhang, matter_code="M1")
    request = svc.resolve(case.id, "C2", "verify").resolution("C2").request_id or ""
    assert not svc.get(case.id).provisional  # standalone: nothing is "provisional"
    _enrol(svc.db, DeviceKind.WINDOW, "HF01")
    with pytest.raises(UserError, match="只能由部门"):
        svc.answer_request(request, "confirmed")
    with svc.db.session() as session:
        session.execute(select(VerificationRequest))  # nothing changed
        assert session.get(VerificationRequest, request).answer is None  # type: ignore[union-attr]
    with svc.db.session() as session:
        for row in session.scalars(select(Case)):
            assert row.window_code == "HF01"
    _enrol(svc.db, DeviceKind.DEPARTMENT, "D-GA")
    with pytest.raises(UserError, match="部门 D-GA，不能受理"):
        svc.new_case(zhang, matter_code="M1")


def test_rebuild_queues_the_current_state_of_every_record_once(svc: CaseService) -> None:
    _day_at_the_counter(svc)
    before = pending_count(svc.db)
    with svc.db.session() as session:
        queued = rebuild(session)
    assert queued == 3 + 11 + 1 + 5 < before
    assert pending_count(svc.db) == queued
    with svc.db.reading() as session:
        assert_outbox_matches_rows(session)
