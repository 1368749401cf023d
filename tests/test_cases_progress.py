"""One rule for "what does this item still need?": the views, the texts and the SQL list agree.

The case list counts needs in SQL (app.cases.listing) and the case view through
app.cases.progress. Here both are compared over every combination of an item's fields
(measure × linked request's status, answer and deadline × submitted), grouped at random into
open cases, with the rows written directly (states the service never produces included).
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from itertools import product

import pytest
from cases_catalog import PERSON_ID, install
from sqlalchemy import select

from app.cases.listing import list_summaries, open_counts
from app.cases.progress import (
    Need,
    Progress,
    item_need,
    missing,
    missing_reason,
    receipt_text,
    request_overdue,
    waiting_for,
    window_text,
)
from app.cases.views import ResolutionView, read_case
from app.domain import Answer, ApplicantKind, CaseStatus, Measure, RequestStatus
from app.ids import new_id
from app.storage.db import Database
from app.storage.models import Case, CertificateItem, Resolution, VerificationRequest

TODAY = date(2026, 3, 10)
MEASURES: list[Measure | None] = [None, *Measure]
DEADLINES = [None, TODAY - timedelta(days=1), TODAY, TODAY + timedelta(days=1)]
REQUESTS: list[tuple[RequestStatus, Answer | None, date | None] | None] = [
    None,
    *product(RequestStatus, [None, *Answer], DEADLINES),
]
SUBMITTED = [None, True, False]
COMBINATIONS = list(product(MEASURES, REQUESTS, SUBMITTED))


def _view(
    measure: Measure | None,
    request: tuple[RequestStatus, Answer | None, date | None] | None,
    submitted: bool | None,
) -> ResolutionView:
    status, answer, deadline = request or (None, None, None)
    return ResolutionView(
        item_code="C1",
        item_name="居住证明",
        issuer="",
        legal_basis="",
        allowed=(),
        measure=measure,
        pledge_id="p" if measure == Measure.PLEDGE else None,
        request_id="r" if request else None,
        request_status=status,
        request_provider="县公安局" if request else "",
        request_deadline=deadline,
        request_answer=answer,
        request_overdue=request_overdue(status, deadline, TODAY),
        submitted=submitted,
        note="现场查看",
    )


def test_done_texts_and_missing_reasons_follow_the_need_for_every_combination() -> None:
    seen = set()
    for measure, request, submitted in COMBINATIONS:
        view = _view(measure, request, submitted)
        need = view.need
        seen.add(need)
        assert need is item_need(measure, view.request_answer, submitted)
        assert view.done is (need is Need.NOTHING)
        assert (missing_reason(view) is None) is view.done
        assert window_text(view) == view.state_text and view.state_text
        assert receipt_text(view)
        if need is Need.MEASURE:
            assert view.state_text == "未处理" and receipt_text(view) == "尚未处理"
        if need is Need.SUBMISSION:
            assert view.state_text == "未提交" and receipt_text(view) == "尚未提交，请补交"
    assert seen == set(Need)


def test_progress_counts_each_need_and_says_what_a_case_waits_for() -> None:
    items = [
        _view(None, None, None),
        _view(None, None, None),
        _view(Measure.VERIFY, (RequestStatus.OVERDUE, None, TODAY), None),
        _view(Measure.SHARE, (RequestStatus.ANSWERED, Answer.DENIED, TODAY), None),
        _view(Measure.RETAINED, None, False),
        _view(Measure.PLEDGE, None, None),
    ]
    progress = Progress.of(items)
    assert progress == Progress(unresolved=2, pending=1, failed=1, unsubmitted=1, overdue=True)
    assert progress.waiting_text == "2 项待处理、1 项核验待答复、1 项核验未通过、1 项证明未提交"
    assert len(missing(items)) == 5
    assert waiting_for(CaseStatus.OPEN, items[-1:]) == "可办结"
    assert waiting_for(CaseStatus.FINISHED, items) == ""


@pytest.mark.parametrize("seed", [1, 2])
def test_the_sql_list_counts_exactly_what_the_item_rule_counts(db: Database, seed: int) -> None:
    install(db)
    rng = random.Random(seed)
    combinations = COMBINATIONS[:]
    rng.shuffle(combinations)
    expected: dict[str, Progress] = {}
    with db.session() as session:
        item_ids = list(session.scalars(select(CertificateItem.id)))
        start = 0
        while start < len(combinations):
            group = combinations[start : start + rng.randint(1, len(item_ids))]
            start += len(group)
            case = Case(
                id=new_id(),
                number=f"T-{len(expected):04d}",
                applicant_kind=ApplicantKind.PERSON,
                applicant_name="张三",
                applicant_id_no=PERSON_ID,
                status=CaseStatus.OPEN,
            )
            session.add(case)
            views = []
            for position, ((measure, request, submitted), item_id) in enumerate(
                zip(group, rng.sample(item_ids, len(group)), strict=True)
            ):
                resolution = Resolution(
                    case_id=case.id,
                    item_id=item_id,
                    position=position,
                    measure=measure,
                    submitted=submitted,
                )
                if request is not None:
                    status, answer, deadline = request
                    row = VerificationRequest(
                        id=new_id(),
                        case_id=case.id,
                        item_id=item_id,
                        kind=Measure.VERIFY,
                        subject_kind=ApplicantKind.PERSON,
                        subject_name="张三",
                        subject_id_no=PERSON_ID,
                        fact="核实",
                        provider_code="D-GA",
                        deadline=deadline,
                        status=status,
                        answer=answer,
                    )
                    session.add(row)
                    resolution.request_id = row.id
                session.add(resolution)
                views.append(_view(measure, request, submitted))
            expected[case.id] = Progress.of(views)
        session.flush()

        assert open_counts(session, list(expected), TODAY) == expected
        # ... and the list shows what each case's own view says
        listed = list_summaries(session, today=TODAY)
        assert len(listed) == len(expected)
        for summary in rng.sample(listed, 40):
            view = read_case(session, summary.id, today=TODAY)
            assert summary.waiting_for == waiting_for(view.status, view.resolutions)
            assert summary.overdue == any(r.request_overdue for r in view.resolutions)
            assert summary.waiting_for == expected[summary.id].waiting_text
    # every kind of wait occurs, so the comparison covers each count
    assert all(any(getattr(p, f) for p in expected.values()) for f in Progress.__annotations__)
