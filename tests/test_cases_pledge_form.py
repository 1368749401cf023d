"""Recording a printed pledge form: its hash on every pledge, audited and queued for the hub."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest
from cases_catalog import PERSON_ID, install
from sqlalchemy import func, select

from app.audit import verify_chain
from app.cases import CaseService, validate_applicant
from app.cases.views import CaseView
from app.errors import UserError
from app.storage.db import Database
from app.storage.models import AuditEntry, OutboxEntry, Pledge

FORM_HASH = hashlib.sha256(b"a printed pledge form").hexdigest()


@pytest.fixture
def svc(db: Database) -> CaseService:
    install(db)
    return CaseService(db, clerk="李娜", window_code="HF01", today=lambda: date(2026, 3, 6))


def _pledged_case(svc: CaseService) -> CaseView:
    applicant = validate_applicant("person", "张三", PERSON_ID, "13812345678")
    case = svc.new_case(applicant, matter_code="M1")
    svc.resolve(case.id, "C2", "pledge")
    return svc.resolve(case.id, "C5", "pledge")


def _state(db: Database) -> tuple[int, int, list[str]]:
    with db.session() as session:
        audits = int(session.scalar(select(func.count()).select_from(AuditEntry)) or 0)
        queued = int(session.scalar(select(func.count()).select_from(OutboxEntry)) or 0)
        hashes = list(session.scalars(select(Pledge.form_hash).order_by(Pledge.id)))
    return audits, queued, hashes


def test_the_printed_form_hash_is_stored_audited_and_queued(svc: CaseService) -> None:
    case = _pledged_case(svc)
    pledge_ids = {r.pledge_id for r in case.resolutions if r.pledge_id}
    assert len(pledge_ids) == 2

    svc.record_pledge_form(case.number, FORM_HASH.upper(), pledge_ids=sorted(pledge_ids))

    with svc.db.session() as session:
        stored = {pid: h for pid, h in session.execute(select(Pledge.id, Pledge.form_hash))}
        assert stored == dict.fromkeys(pledge_ids, FORM_HASH)
        entry = session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
        assert entry is not None
        assert (entry.action, entry.actor, entry.entity_id) == (
            "pledge_form.printed",
            "李娜",
            case.id,
        )
        assert set(entry.detail["pledges"]) == pledge_ids
        assert entry.detail["form_hash"] == FORM_HASH
        assert verify_chain(session) is None
        # The hub learns the hash: each pledge is queued once more, carrying it.
        queued = session.scalars(select(OutboxEntry).where(OutboxEntry.kind == "pledge")).all()
        with_hash = [e.record_id for e in queued if e.data["form_hash"] == FORM_HASH]
        assert sorted(with_hash) == sorted(pledge_ids)


def test_reprinting_replaces_the_hash(svc: CaseService) -> None:
    case = _pledged_case(svc)
    svc.record_pledge_form(case.id, FORM_HASH)
    second = hashlib.sha256(b"printed again the next day").hexdigest()
    svc.record_pledge_form(case.id, second)
    assert set(_state(svc.db)[2]) == {second}


@pytest.mark.parametrize(
    ("form_hash", "ids", "message"),
    [
        ("not a hash", None, "64 位十六进制"),
        ("g" * 64, None, "64 位十六进制"),
        (FORM_HASH[:-1], None, "64 位十六进制"),
        (FORM_HASH, ["0190aaaa-0000-7000-8000-000000000000"], "请重新打印"),
    ],
)
def test_refusals_change_nothing(
    svc: CaseService, form_hash: str, ids: list[str] | None, message: str
) -> None:
    case = _pledged_case(svc)
    before = _state(svc.db)
    with pytest.raises(UserError, match=message):
        svc.record_pledge_form(case.number, form_hash, pledge_ids=ids)
    assert _state(svc.db) == before


def test_a_case_without_pledges_is_refused(svc: CaseService) -> None:
    applicant = validate_applicant("person", "张三", PERSON_ID)
    case = svc.new_case(applicant, matter_code="M2")
    before = _state(svc.db)
    with pytest.raises(UserError, match="无需打印承诺书"):
        svc.record_pledge_form(case.number, FORM_HASH)
    with pytest.raises(UserError, match="没有找到办件"):
        svc.record_pledge_form("HF01-20990101-0001", FORM_HASH)
    assert _state(svc.db) == before
