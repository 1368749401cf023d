"""The case list at a busy window's scale (about 12,000 cases a year), in a few SQL statements.

list_summaries(session, today=..., open_only=..., status=..., since=..., closed_only=...,
               limit=...) -> list[CaseSummary]
count_cases(session, open_only=..., status=..., since=..., closed_only=...) -> int
list_page(session, which, today=..., limit=...) -> CasePage     # one list of the cases tab
search_page(session, text, today=..., limit=...) -> CasePage    # by number, name or ID digits

Listing never loads a case with its resolutions, pledges and requests. It reads the columns
the list shows (one indexed query, newest first), and for the open cases on that page it counts,
with one GROUP BY over resolution ⟕ verification_request, each need of
:func:`app.cases.progress.item_need` (items without a measure, share / verify items without an
answer, with a denied or undetermined answer, retained certificates not handed in) and whether
a linked request is overdue (:func:`app.cases.progress.request_overdue`): the same
:class:`~app.cases.progress.Progress` the per-case view counts (tests/test_cases_progress.py
checks the two against each other). Finished and cancelled cases wait for nothing, so they cost
nothing beyond their row.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy import case as sql_case
from sqlalchemy.orm import Session

from app.cases.applicant import mask_id
from app.cases.progress import ASKED, FAILED_ANSWERS, PENDING_REQUESTS, Progress
from app.cases.views import CasePage, CaseSummary
from app.domain import CaseStatus, Measure, RequestStatus
from app.ids import local_midnight_utc
from app.storage.models import Bundle, Case, Matter, Resolution, VerificationRequest
from app.sync.outbox import provisional_cases

# The long lists (finished, cancelled, all) show the newest LIST_PAGE cases and say how many
# there are in all; the working lists (today's and open cases) show every case they select.
LIST_PAGE = 200

_CHUNK = 1000  # case ids per IN (…): far below SQLite's limit of bound parameters


class CaseList(enum.StrEnum):
    """The lists of the cases tab."""

    TODAY_AND_OPEN = "today_and_open"  # 今日及办理中: every open case and every case of today
    OPEN = "open"  # 办理中
    FINISHED = "finished"  # 已办结 (the newest page)
    CANCELLED = "cancelled"  # 已撤销 (the newest page)
    ALL = "all"  # 全部 (the newest page)


# The last characters of a resident ID or credit code a clerk may type to find a case.
MIN_ID_TAIL = 4
_ID_TAIL = re.compile(r"[0-9A-Z]+")


def search_terms(text: str) -> ColumnElement[bool] | None:
    """The WHERE term of a search: the case number or the applicant's name contains the text,
    or the ID ends with it (at least :data:`MIN_ID_TAIL` digits or letters). Matched
    literally (``%`` and ``_`` are no wildcards); None for blank text."""
    query = unicodedata.normalize("NFKC", text or "").strip()
    if not query:
        return None
    terms = [
        Case.number.contains(query.upper(), autoescape=True),
        Case.applicant_name.contains(query, autoescape=True),
    ]
    tail = "".join(query.split()).upper()
    if len(tail) >= MIN_ID_TAIL and _ID_TAIL.fullmatch(tail):
        terms.append(Case.applicant_id_no.endswith(tail, autoescape=True))
    return or_(*terms)


def search_page(session: Session, text: str, *, today: date, limit: int | None = None) -> CasePage:
    """Cases of every status found by :func:`search_terms`, newest first: the newest
    ``limit`` (default :data:`LIST_PAGE`) and how many there are in all."""
    term = search_terms(text)
    if term is None:
        return CasePage([], 0)
    page_size = LIST_PAGE if limit is None else max(limit, 0)
    cases = list_summaries(session, today=today, where=[term], limit=page_size)
    total = len(cases)
    if total >= page_size:
        total = int(session.scalar(select(func.count()).select_from(Case).where(term)) or 0)
    return CasePage(cases, total)


def case_filters(
    *,
    open_only: bool = False,
    status: CaseStatus | None = None,
    since: date | None = None,
    closed_only: bool = False,
) -> list[ColumnElement[bool]]:
    """The WHERE terms of the list's filters (shared by the list and its count)."""
    terms: list[ColumnElement[bool]] = []
    if open_only:
        terms.append(Case.status == CaseStatus.OPEN)
    if status is not None:
        terms.append(Case.status == status)
    if since is not None:
        terms.append(Case.created_at >= local_midnight_utc(since))
    if closed_only:
        terms.append(Case.status != CaseStatus.OPEN)
    return terms


def count_cases(
    session: Session,
    *,
    open_only: bool = False,
    status: CaseStatus | None = None,
    since: date | None = None,
    closed_only: bool = False,
) -> int:
    """How many cases the filters select (one indexed COUNT)."""
    terms = case_filters(open_only=open_only, status=status, since=since, closed_only=closed_only)
    return int(session.scalar(select(func.count()).select_from(Case).where(*terms)) or 0)


def list_summaries(
    session: Session,
    *,
    today: date,
    open_only: bool = False,
    status: CaseStatus | None = None,
    since: date | None = None,
    closed_only: bool = False,
    limit: int | None = None,
    where: Sequence[ColumnElement[bool]] = (),
) -> list[CaseSummary]:
    """Cases, newest first, each with what it waits for (see the module docstring);
    ``where``: further terms (a search)."""
    terms = case_filters(open_only=open_only, status=status, since=since, closed_only=closed_only)
    terms.extend(where)
    query = (
        select(
            Case.id,
            Case.number,
            Case.status,
            Case.applicant_name,
            Case.applicant_id_no,
            Case.created_at,
            func.coalesce(Bundle.name, Matter.name, ""),
        )
        .outerjoin(Matter, Matter.id == Case.matter_id)
        .outerjoin(Bundle, Bundle.id == Case.bundle_id)
        .where(*terms)
        .order_by(Case.created_at.desc(), Case.id.desc())
    )
    if limit is not None:
        query = query.limit(max(limit, 0))
    rows = session.execute(query).all()
    counts = open_counts(session, [row[0] for row in rows if row[2] == CaseStatus.OPEN], today)
    provisional = provisional_cases(session, [row[0] for row in rows])
    summaries: list[CaseSummary] = []
    for case_id, number, case_status, name, id_no, created_at, subject in rows:
        is_open = case_status == CaseStatus.OPEN
        c = counts.get(case_id, Progress())
        summaries.append(
            CaseSummary(
                id=case_id,
                number=number,
                status=case_status,
                applicant_name=name,
                applicant_id_masked=mask_id(id_no),
                subject=subject,
                created_at=created_at,
                waiting_for=c.waiting_text if is_open else "",
                overdue=is_open and c.overdue,
                provisional=case_id in provisional,
            )
        )
    return summaries


def open_counts(session: Session, case_ids: Sequence[str], today: date) -> dict[str, Progress]:
    """Per case: unresolved, unanswered, failed, unsubmitted items and any overdue request."""
    request = VerificationRequest
    asked = Resolution.measure.in_(ASKED)
    late = or_(
        request.status == RequestStatus.OVERDUE,
        and_(request.status.in_(PENDING_REQUESTS), request.deadline < today),
    )

    def tally(condition: ColumnElement[bool]) -> Any:
        return func.sum(sql_case((condition, 1), else_=0))

    result: dict[str, Progress] = {}
    for start in range(0, len(case_ids), _CHUNK):
        chunk = list(case_ids[start : start + _CHUNK])
        query = (
            select(
                Resolution.case_id,
                tally(Resolution.measure.is_(None)),
                tally(and_(asked, request.answer.is_(None))),
                tally(and_(asked, request.answer.in_(FAILED_ANSWERS))),
                tally(
                    and_(Resolution.measure == Measure.RETAINED, Resolution.submitted.is_not(True))
                ),
                func.max(sql_case((late, 1), else_=0)),
            )
            .outerjoin(request, request.id == Resolution.request_id)
            .where(Resolution.case_id.in_(chunk))
            .group_by(Resolution.case_id)
        )
        for case_id, unresolved, pending, failed, unsubmitted, overdue in session.execute(query):
            result[case_id] = Progress(
                int(unresolved or 0),
                int(pending or 0),
                int(failed or 0),
                int(unsubmitted or 0),
                bool(overdue),
            )
    return result


def list_page(
    session: Session, which: CaseList, *, today: date, limit: int | None = None
) -> CasePage:
    """The cases one list of the cases tab shows (see :meth:`CaseService.page`)."""
    if which == CaseList.OPEN:
        cases = list_summaries(session, today=today, open_only=True)
        return CasePage(cases, len(cases))
    if which == CaseList.TODAY_AND_OPEN:
        # Two indexed queries: one "open OR today" query would scan every case.
        cases = list_summaries(session, today=today, open_only=True)
        cases += list_summaries(session, today=today, since=today, closed_only=True)
        cases.sort(key=lambda c: (c.created_at, c.id), reverse=True)
        return CasePage(cases, len(cases))
    page_size = LIST_PAGE if limit is None else max(limit, 0)
    status = {
        CaseList.FINISHED: CaseStatus.FINISHED,
        CaseList.CANCELLED: CaseStatus.CANCELLED,
    }.get(which)
    cases = list_summaries(session, today=today, status=status, limit=page_size)
    total = count_cases(session, status=status) if len(cases) >= page_size else len(cases)
    return CasePage(cases, total)
