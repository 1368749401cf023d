"""The case list computed in SQL says exactly what each case's full view says."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from cases_catalog import PERSON_ID, PERSON_ID_2, install

from app.cases import LIST_PAGE, CaseList, CaseService, CaseSummary, CaseView, validate_applicant
from app.cases.progress import waiting_for
from app.errors import UserError
from app.storage.db import Database
from app.storage.models import Answer, CaseStatus, Measure

MONDAY = date(2026, 3, 2)
SUBJECTS = [("matter", "M1"), ("matter", "M2"), ("matter", "M4"), ("bundle", "B1")]


class Clock:
    def __init__(self, day: date) -> None:
        self.day = day

    def __call__(self) -> date:
        return self.day


def expected(view: CaseView) -> tuple[object, ...]:
    """What the list must show for a case, from its full per-case view."""
    is_open = view.status == CaseStatus.OPEN
    return (
        view.id,
        view.number,
        view.status,
        view.applicant_name,
        view.applicant_id_masked,
        view.subject,
        view.created_at,
        waiting_for(view.status, view.resolutions),
        is_open and any(r.request_overdue for r in view.resolutions),
    )


def shown(summary: CaseSummary) -> tuple[object, ...]:
    return (
        summary.id,
        summary.number,
        summary.status,
        summary.applicant_name,
        summary.applicant_id_masked,
        summary.subject,
        summary.created_at,
        summary.waiting_for,
        summary.overdue,
    )


def build_mixed_cases(svc: CaseService, clock: Clock, seed: int, n: int) -> None:
    """Cases in every state a window sees, driven through the service at random."""
    rng = random.Random(seed)
    people = [
        validate_applicant("person", "张三", PERSON_ID),
        validate_applicant("person", "赵六", PERSON_ID_2),
    ]
    firm = validate_applicant("enterprise", "某公司", "91110000600037341L")
    for i in range(n):
        clock.day = MONDAY + timedelta(days=i % 9)
        if rng.random() < 0.15:
            case = svc.new_case(firm, matter_code="M3")
        else:
            kind, code = rng.choice(SUBJECTS)
            applicant = rng.choice(people)
            if kind == "bundle":
                case = svc.new_case(applicant, bundle_code=code)
            else:
                case = svc.new_case(applicant, matter_code=code)
        view = case
        for resolution in case.resolutions:
            if rng.random() < 0.2:
                continue  # left unresolved
            allowed = [o for o in svc.options(case.id, resolution.item_code) if o.allowed]
            option = rng.choice(allowed)
            view = svc.resolve(
                case.id,
                resolution.item_code,
                option.measure,
                note="现场查看" if option.measure == Measure.OTHER else "",
                submitted=rng.random() < 0.5 if option.measure == Measure.RETAINED else None,
            )
        for resolution in view.resolutions:
            if resolution.request_id and rng.random() < 0.5:
                answer = rng.choice(
                    [Answer.CONFIRMED, Answer.CONFIRMED, Answer.DENIED, "undetermined"]
                )
                view = svc.answer_request(resolution.request_id, answer, answered_by="核验员")
        roll = rng.random()
        if roll < 0.1:
            svc.cancel(case.id, "申请人放弃申请")
        elif view.can_finish and roll < 0.6:
            svc.finish(case.id)
    clock.day = MONDAY + timedelta(days=8)
    svc.refresh_overdue()  # some late requests are stored "overdue", later ones only late
    clock.day = MONDAY + timedelta(days=10)  # some deadlines are today: late only tomorrow


@pytest.fixture
def clock() -> Clock:
    return Clock(MONDAY)


@pytest.fixture
def svc(db: Database, clock: Clock) -> CaseService:
    install(db)
    return CaseService(db, clerk="李娜", window_code="HF01", today=clock)


def test_the_list_matches_every_case_view_on_a_mixed_set(svc: CaseService, clock: Clock) -> None:
    build_mixed_cases(svc, clock, seed=3, n=60)
    listed = svc.list_cases()
    assert len(listed) == 60
    assert [shown(s) for s in listed] == [expected(svc.get(s.id)) for s in listed]
    # the set really is mixed: every state and every kind of wait is in it
    statuses = {s.status for s in listed}
    assert statuses == {CaseStatus.OPEN, CaseStatus.FINISHED, CaseStatus.CANCELLED}
    text = " ".join(s.waiting_for for s in listed)
    for part in ("项待处理", "项核验待答复", "项核验未通过", "项证明未提交", "可办结"):
        assert part in text, part
    assert any(s.overdue for s in listed) and not all(
        s.overdue for s in listed if s.status == CaseStatus.OPEN
    )


@pytest.mark.parametrize("seed", [11, 29])
def test_filters_limit_and_count_agree_with_the_full_list(
    svc: CaseService, clock: Clock, seed: int
) -> None:
    build_mixed_cases(svc, clock, seed=seed, n=30)
    every = svc.list_cases()
    assert svc.count_cases() == len(every) == 30
    assert svc.list_cases(limit=7) == every[:7]
    assert svc.list_cases(limit=0) == []
    for status in CaseStatus:
        chosen = [s for s in every if s.status == status]
        assert svc.list_cases(status=status) == chosen
        assert svc.count_cases(status=status) == len(chosen)
    opened = [s for s in every if s.status == CaseStatus.OPEN]
    assert svc.list_cases(open_only=True) == opened
    assert svc.count_cases(open_only=True) == len(opened)
    assert [shown(s) for s in opened] == [expected(svc.get(s.id)) for s in opened]
    # newest first, ties broken by id, as before
    assert every == sorted(every, key=lambda s: (s.created_at, s.id), reverse=True)
    assert svc.list_cases(since=date.today() + timedelta(days=1)) == []
    assert svc.count_cases(since=date.today() + timedelta(days=1)) == 0


def test_today_means_today_on_the_halls_clock(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import time as time_module
    from datetime import date, datetime

    from app.ids import local_midnight_utc

    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time_module.tzset()
    try:
        # a Beijing day begins at 16:00 UTC on the day before
        assert local_midnight_utc(date(2026, 11, 22)) == datetime(2026, 11, 21, 16, 0)
    finally:
        monkeypatch.delenv("TZ")
        time_module.tzset()


def _age(db: Database, days_by_index: dict[int, int]) -> None:
    """Move some cases (by their position in the newest-first list) back by whole days."""
    from app.storage.models import Case

    with db.session() as session:
        cases = session.query(Case).order_by(Case.created_at.desc(), Case.id.desc()).all()
        for index, days in days_by_index.items():
            cases[index].created_at -= timedelta(days=days)


def test_the_cases_tab_pages_merge_today_with_the_open_cases(
    svc: CaseService, clock: Clock
) -> None:
    build_mixed_cases(svc, clock, seed=7, n=30)
    clock.day = date.today()
    _age(svc.db, {i: 2 + i for i in range(0, 30, 2)})  # every other case taken in earlier
    every = svc.list_cases()
    opened = [s for s in every if s.status == CaseStatus.OPEN]
    today = svc.list_cases(since=date.today())
    assert 0 < len(today) < len(every) and opened

    page = svc.page(CaseList.TODAY_AND_OPEN)
    merged = {s.id for s in opened} | {s.id for s in today}
    assert [s.id for s in page.cases] == [s.id for s in every if s.id in merged]
    assert page.total == len(merged) and not page.limited
    assert any(s.status != CaseStatus.OPEN for s in page.cases)  # today's closed cases too
    assert any(s not in today for s in page.cases)  # and the open ones of earlier days
    assert svc.page() == page  # the default list of the tab

    page = svc.page("open")
    assert page.cases == opened and page.total == len(opened) and not page.limited


@pytest.mark.parametrize(
    ("which", "status"),
    [
        (CaseList.FINISHED, CaseStatus.FINISHED),
        (CaseList.CANCELLED, CaseStatus.CANCELLED),
        (CaseList.ALL, None),
    ],
)
def test_the_long_lists_show_the_newest_page_and_say_how_many_in_all(
    svc: CaseService, clock: Clock, which: CaseList, status: CaseStatus | None
) -> None:
    build_mixed_cases(svc, clock, seed=13, n=30)
    chosen = svc.list_cases(status=status)
    assert len(chosen) >= 2
    page = svc.page(which, limit=1)
    assert page.cases == chosen[:1] and page.total == len(chosen) and page.limited
    whole = svc.page(which)  # the default page (LIST_PAGE) holds them all
    assert whole.cases == chosen and whole.total == len(chosen) and not whole.limited
    assert LIST_PAGE == 200
    empty = svc.page(which, limit=0)
    assert empty.cases == [] and empty.total == len(chosen)


def test_an_unknown_list_is_refused(svc: CaseService) -> None:
    with pytest.raises(UserError, match="未知的办件列表“mine”"):
        svc.page("mine")


def test_search_finds_cases_by_number_name_or_the_last_digits_of_the_id(
    svc: CaseService, clock: Clock
) -> None:
    build_mixed_cases(svc, clock, seed=5, n=12)
    wang = svc.new_case(validate_applicant("person", "王秀英", PERSON_ID), matter_code="M1")
    zhao = svc.new_case(validate_applicant("person", "赵六", PERSON_ID_2), matter_code="M2")
    everyone = svc.list_cases()
    # the number, whole or a part of it (the window's sequence number of the day)
    assert [c.id for c in svc.search(wang.number).cases] == [wang.id]
    assert wang.id in [c.id for c in svc.search(wang.number[-4:]).cases]
    assert wang.id in [c.id for c in svc.search(wang.number.lower()).cases]
    # the applicant's name, or part of it
    assert {c.id for c in svc.search("赵六").cases} == {
        c.id for c in everyone if "赵六" in c.applicant_name
    }
    # the last digits of the ID (an X typed in lower case too); shown masked
    found = svc.search("002x").cases
    assert wang.id in [c.id for c in found] and zhao.id not in [c.id for c in found]
    assert all(c.applicant_id_masked.endswith("002X") for c in found)
    assert zhao.id in [c.id for c in svc.search("0071").cases]
    assert svc.search("071").cases == []  # three characters name no ID
    # newest first, every status; literal text; blank finds nothing
    ids = [c.id for c in svc.search("HF01").cases]
    assert ids == [c.id for c in everyone]
    assert svc.search("%").cases == [] and svc.search("_").cases == []
    assert svc.search("  ").cases == [] and svc.search("  ").total == 0
    page = svc.search("HF01", limit=3)
    assert len(page.cases) == 3 and page.total == len(everyone) and page.limited
