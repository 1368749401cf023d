"""The case service: intake, each measure's evidence, re-resolving, answers, finishing."""

from __future__ import annotations

from datetime import date

import pytest
from cases_catalog import PERSON_ID, install
from sqlalchemy import func, select

from app.audit import verify_chain
from app.cases import Applicant, CaseService, add_credit_record, validate_applicant
from app.errors import NotFound, UserError
from app.storage.db import Database
from app.storage.models import (
    Answer,
    AuditEntry,
    Case,
    CaseStatus,
    Measure,
    OutboxEntry,
    Pledge,
    RequestStatus,
    Resolution,
    VerificationRequest,
)

FRIDAY = date(2026, 3, 6)


class Clock:
    def __init__(self, day: date) -> None:
        self.day = day

    def __call__(self) -> date:
        return self.day


@pytest.fixture
def catalog_db(db: Database) -> Database:
    install(db)
    return db


@pytest.fixture
def clock() -> Clock:
    return Clock(FRIDAY)


@pytest.fixture
def svc(catalog_db: Database, clock: Clock) -> CaseService:
    return CaseService(catalog_db, clerk="李娜", window_code="HF01", today=clock)


@pytest.fixture
def zhang() -> Applicant:
    return validate_applicant("person", "张三", PERSON_ID, "13812345678")


def _count(db: Database, model: type) -> int:
    with db.session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_intake_of_a_bundle_lists_each_item_once(svc: CaseService, zhang: Applicant) -> None:
    view = svc.new_case(zhang, bundle_code="B1")
    assert [r.item_code for r in view.resolutions] == ["C1", "C2", "C5", "C3", "C4"]
    assert all(r.measure is None for r in view.resolutions)
    assert view.number == "HF01-20260306-0001"
    assert view.applicant_id_masked == "110105********002X"
    assert view.bundle_name == "安居一件事" and view.subject == "安居一件事"
    assert not view.can_finish
    assert len(view.missing) == 5 and "“居住证明”尚未选择办理方式" in view.missing
    second = svc.new_case(zhang, matter_code="M4")
    assert second.number == "HF01-20260306-0002"


def test_intake_refusals_change_nothing(svc: CaseService, catalog_db: Database) -> None:
    person = validate_applicant("person", "张三", PERSON_ID)
    with pytest.raises(UserError, match="没有编码为“NOPE”的事项"):
        svc.new_case(person, matter_code="NOPE")
    with pytest.raises(UserError, match="只受理企业申请"):
        svc.new_case(person, matter_code="M3")
    with pytest.raises(UserError, match="二者选其一"):
        svc.new_case(person, matter_code="M1", bundle_code="B1")
    assert _count(catalog_db, Case) == 0
    assert _count(catalog_db, AuditEntry) == 1  # the catalog import only


def test_each_measure_records_its_evidence(svc: CaseService, zhang: Applicant) -> None:
    case = svc.new_case(zhang, bundle_code="B1")
    view = svc.resolve(case.id, "C1", Measure.CANCEL)
    assert view.resolution("C1").done

    view = svc.resolve(case.id, "C5", "pledge")
    c5 = view.resolution("C5")
    assert c5.pledge_id and c5.pledge_text == "本人（张三）承诺无经济收入。"

    view = svc.resolve(case.id, "C2", Measure.VERIFY)
    c2 = view.resolution("C2")
    assert c2.request_status == RequestStatus.QUEUED
    assert c2.request_provider == "县公安局"
    assert c2.request_fact == "核实张三的无犯罪记录证明"
    assert c2.request_deadline == date(2026, 3, 10)  # 2 working days after a Friday
    assert not c2.done

    view = svc.resolve(case.id, "C3", Measure.SHARE)
    assert view.resolution("C3").request_deadline == date(2026, 3, 11)  # default 3 days

    with pytest.raises(UserError, match="不能采用“告知承诺”"):
        svc.resolve(case.id, "C4", Measure.PLEDGE)
    view = svc.resolve(case.id, "C4", Measure.SUBSTITUTE)
    assert view.resolution("C4").substitute_document == "结婚证"  # the catalog's suggestion
    view = svc.resolve(case.id, "C4", Measure.SUBSTITUTE, substitute_document="离婚证")
    assert view.resolution("C4").substitute_document == "离婚证"

    with pytest.raises(UserError, match="只有“保留”方式"):
        svc.resolve(case.id, "C1", Measure.CANCEL, submitted=True)
    assert view.missing == (
        "“无犯罪记录证明”的部门核验尚未答复（县公安局）",
        "“低保证明”的数据查询尚未答复（县民政局）",
    )


def test_other_and_retained_need_their_inputs(svc: CaseService, catalog_db: Database) -> None:
    firm = validate_applicant("enterprise", "某公司", "91110000600037341L")
    case = svc.new_case(firm, matter_code="M3")
    with pytest.raises(UserError, match="请填写具体办理说明"):
        svc.resolve(case.id, "C6", "other")
    with pytest.raises(UserError, match="是否已提交"):
        svc.resolve(case.id, "C7", "retained")
    assert svc.get(case.id).resolution("C6").measure is None
    svc.resolve(case.id, "C6", "other", note="已现场查看场地")
    view = svc.resolve(case.id, "C7", "retained", submitted=False)
    assert view.missing == ("“消防验收证明”需由申请人提交，尚未提交",)
    with pytest.raises(UserError, match="尚未提交"):
        svc.finish(case.id)
    svc.resolve(case.id, "C7", "retained", submitted=True)
    done = svc.finish(case.id)
    assert done.status == CaseStatus.FINISHED and done.finished_at is not None
    with pytest.raises(UserError, match="已办结"):
        svc.resolve(case.id, "C7", "retained", submitted=False)


def test_finish_is_refused_until_every_answer_is_confirmed(
    svc: CaseService, zhang: Applicant, catalog_db: Database
) -> None:
    case = svc.new_case(zhang, matter_code="M1")
    with pytest.raises(UserError) as refused:
        svc.finish(case.id)
    message = str(refused.value)
    assert "“居住证明”尚未选择办理方式" in message and "“无经济收入证明”" in message
    svc.resolve(case.id, "C1", "cancel")
    svc.resolve(case.id, "C5", "pledge")
    view = svc.resolve(case.id, "C2", "verify")
    request_id = view.resolution("C2").request_id
    assert request_id
    with pytest.raises(UserError, match="部门核验尚未答复"):
        svc.finish(case.id)

    view = svc.answer_request(request_id, Answer.DENIED, note="有记录", answered_by="王警官")
    assert view.resolution("C2").request_answer == Answer.DENIED
    with pytest.raises(UserError, match="结果为“不属实”"):
        svc.finish(case.id)
    with pytest.raises(UserError, match="不能重复答复"):
        svc.answer_request(request_id, Answer.CONFIRMED)
    # after a denial the clerk may fall back to the applicant submitting the certificate
    options = {o.measure: o for o in svc.options(case.id, "C2")}
    assert options[Measure.RETAINED].allowed and not options[Measure.RETAINED].in_catalog
    view = svc.resolve(case.id, "C2", "retained", submitted=True)
    assert view.can_finish and view.missing == ()
    assert svc.finish(case.id).status == CaseStatus.FINISHED
    with pytest.raises(UserError, match="已办结"):
        svc.finish(case.id)
    with catalog_db.session() as session:
        answered = session.get(VerificationRequest, request_id)
        assert answered is not None and answered.status == RequestStatus.ANSWERED


def test_re_resolving_withdraws_the_request_and_drops_the_pledge(
    svc: CaseService, zhang: Applicant, catalog_db: Database
) -> None:
    case = svc.new_case(zhang, matter_code="M1")
    first = svc.resolve(case.id, "C2", "verify").resolution("C2").request_id
    view = svc.resolve(case.id, "C2", "pledge")
    pledge_id = view.resolution("C2").pledge_id
    assert view.resolution("C2").request_id is None and pledge_id
    with catalog_db.session() as session:
        old = session.get(VerificationRequest, first)
        assert old is not None and old.status == RequestStatus.WITHDRAWN
    with pytest.raises(UserError, match="已撤回"):
        svc.answer_request(first or "", Answer.CONFIRMED)

    view = svc.resolve(case.id, "C2", "verify")
    assert view.resolution("C2").pledge_id is None
    with catalog_db.session() as session:
        assert session.get(Pledge, pledge_id) is None
        pending = session.scalars(
            select(VerificationRequest).where(VerificationRequest.status == RequestStatus.QUEUED)
        ).all()
        assert [r.id for r in pending] == [view.resolution("C2").request_id]
        dropped = session.scalars(
            select(OutboxEntry).where(OutboxEntry.record_id == pledge_id)
        ).all()
        assert [e.data["deleted"] for e in dropped] == [False, True]


def test_pledge_refused_on_credit_list_until_it_expires(
    svc: CaseService, zhang: Applicant, catalog_db: Database, clock: Clock
) -> None:
    add_credit_record(
        catalog_db,
        id_no=PERSON_ID,
        name="张三",
        reason="虚假承诺",
        valid_from=date(2026, 1, 1),
        valid_until=date(2026, 6, 30),
        actor="监管员",
    )
    case = svc.new_case(zhang, matter_code="M1")
    options = {o.measure: o for o in svc.options(case.id, "C2")}
    assert not options[Measure.PLEDGE].allowed
    assert "失信名单" in options[Measure.PLEDGE].reason
    assert "部门核验" in options[Measure.PLEDGE].reason
    assert options[Measure.VERIFY].allowed
    with pytest.raises(UserError, match="请改用部门核验"):
        svc.resolve(case.id, "C2", "pledge")
    assert svc.get(case.id).resolution("C2").measure is None
    # C5 has only a pledge: the applicant must submit the certificate instead
    every = svc.all_options(case.id)
    assert list(every) == ["C1", "C2", "C5"] and every["C2"] == svc.options(case.id, "C2")
    c5 = {o.measure: o for o in every["C5"]}
    assert not c5[Measure.PLEDGE].allowed and c5[Measure.RETAINED].allowed

    clock.day = date(2026, 7, 1)
    view = svc.resolve(case.id, "C2", "pledge")
    assert view.resolution("C2").pledge_id


def test_overdue_requests_show_and_persist(
    svc: CaseService, zhang: Applicant, catalog_db: Database, clock: Clock
) -> None:
    case = svc.new_case(zhang, matter_code="M2")
    svc.resolve(case.id, "C2", "verify")
    assert svc.refresh_overdue() == 0
    clock.day = date(2026, 3, 11)
    view = svc.get(case.id)
    assert view.resolution("C2").request_overdue
    assert "“无犯罪记录证明”的部门核验尚未答复（县公安局，已超期）" in view.missing
    summary = svc.list_cases(open_only=True)[0]
    assert summary.overdue and "1 项核验待答复" in summary.waiting_for
    assert svc.refresh_overdue() == 1
    with catalog_db.session() as session:
        statuses = session.scalars(select(VerificationRequest.status)).all()
    assert statuses == [RequestStatus.OVERDUE]
    # a late answer is still accepted
    request_id = view.resolution("C2").request_id or ""
    view = svc.answer_request(request_id, "confirmed", answered_by="王警官")
    assert not view.resolution("C2").request_overdue


def test_get_by_number_and_prefix_and_list(svc: CaseService, zhang: Applicant) -> None:
    case = svc.new_case(zhang, matter_code="M4")
    assert svc.get(case.number).id == case.id
    assert svc.get(case.id[:13]).id == case.id
    with pytest.raises(UserError, match="没有找到办件"):
        svc.get("HF01-19990101-0001")
    svc.resolve(case.id, "C5", "pledge")
    svc.finish(case.id)
    other = svc.new_case(zhang, matter_code="M1")
    assert [c.id for c in svc.list_cases(open_only=True)] == [other.id]
    assert [c.id for c in svc.list_cases()] == [other.id, case.id]
    assert svc.list_cases(status=CaseStatus.FINISHED)[0].waiting_for == ""
    assert svc.list_cases(open_only=True)[0].waiting_for == "3 项待处理"


def test_outbox_and_audit_for_every_record(
    svc: CaseService, zhang: Applicant, catalog_db: Database
) -> None:
    case = svc.new_case(zhang, matter_code="M1")
    svc.resolve(case.id, "C1", "cancel")
    svc.resolve(case.id, "C5", "pledge")
    view = svc.resolve(case.id, "C2", "verify")
    svc.answer_request(view.resolution("C2").request_id or "", "confirmed")
    svc.finish(case.id)
    with catalog_db.session() as session:
        entities = {(e.kind, e.record_id) for e in session.scalars(select(OutboxEntry))}
        resolutions = session.scalars(select(Resolution.id)).all()
        assert ("case", case.id) in entities
        assert all(("resolution", rid) in entities for rid in resolutions)
        assert ("pledge", view.resolution("C5").pledge_id) in entities
        assert ("verification_request", view.resolution("C2").request_id) in entities
        case_payloads = [
            e.data for e in session.scalars(select(OutboxEntry).where(OutboxEntry.kind == "case"))
        ]
        assert [p["status"] for p in case_payloads] == ["open", "finished"]

        actions = [e.action for e in session.scalars(select(AuditEntry).order_by(AuditEntry.seq))]
        assert actions[1:] == [
            "case.new",
            "resolution.resolve",
            "pledge.create",
            "resolution.resolve",
            "request.create",
            "resolution.resolve",
            "request.answer",
            "case.finish",
        ]
        assert verify_chain(session) is None
        details = " ".join(str(e.detail) for e in session.scalars(select(AuditEntry)))
        assert PERSON_ID not in details
        assert "110105********002X" in details


def test_opening_a_case_to_read_it_is_audited_refreshing_is_not(
    svc: CaseService, zhang: Applicant, catalog_db: Database
) -> None:
    from app.storage.models import AuditEntry

    case = svc.new_case(zhang, matter_code="M4")
    before = _count(catalog_db, AuditEntry)
    svc.get(case.number)  # a refresh of a case already on screen
    assert _count(catalog_db, AuditEntry) == before
    svc.get(case.number, audit_access=True)
    with catalog_db.session() as session:
        entry = session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
        assert entry is not None
        assert (entry.action, entry.actor, entry.entity_id) == ("case.open", "李娜", case.id)
        assert PERSON_ID not in str(entry.detail)
        assert verify_chain(session) is None


def test_a_window_code_with_wildcards_numbers_its_own_cases(catalog_db: Database) -> None:
    applicant = validate_applicant("person", "张三", PERSON_ID)
    day = date(2026, 3, 6)
    other = CaseService(catalog_db, window_code="HFX1", today=lambda: day)
    for _ in range(3):
        other.new_case(applicant, matter_code="M4")
    odd = CaseService(catalog_db, window_code="HF_1", today=lambda: day)
    assert odd.new_case(applicant, matter_code="M4").number == "HF_1-20260306-0001"
    percent = CaseService(catalog_db, window_code="HF%", today=lambda: day)
    assert percent.new_case(applicant, matter_code="M4").number == "HF%-20260306-0001"
    with pytest.raises(NotFound):
        odd.get("HF_1-20260306-000_")
