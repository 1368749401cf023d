"""The window's case service: intake, resolutions, verification answers and finishing a case.

Public API (every method runs in one transaction; a :class:`UserError` changes nothing)::

    svc = CaseService(db, clerk="李娜", window_code="HF01")      # today=… for tests
    svc.new_case(applicant, matter_code=None, bundle_code=None) -> CaseView
    svc.options(case_id, item_code) -> list[MeasureOption]
    svc.all_options(case_id) -> dict[str, list[MeasureOption]]   # every item, by item code
    svc.resolve(case_id, item_code, measure, *, note="", substitute_document="",
                submitted=None) -> CaseView
    svc.answer_request(request_id, answer, *, note="", answered_by="") -> CaseView
    svc.finish(case_id) -> CaseView
    svc.cancel(case_ref, reason) -> CaseView   # 撤销: withdraws requests, drops unchecked pledges
    svc.record_pledge_form(case_ref, form_hash, pledge_ids=None)   # after printing the form
    svc.get(case_ref) -> CaseView          # id, id prefix (8+ characters) or case number
    svc.list_cases(*, open_only=False, status=None, since=None, limit=None) -> list[CaseSummary]
    svc.count_cases(*, open_only=False, status=None, since=None) -> int
    svc.page(which="today_and_open", *, limit=None) -> CasePage   # one list of the cases tab
    svc.refresh_overdue() -> int           # persists status "overdue" on late requests

Rules:

* Intake creates one resolution per certificate item of the matter or bundle, with no measure
  yet (which items, and who may apply: :mod:`app.cases.intake`).
* Resolving picks one of the measures the catalog lists for the item. Pledge creates a
  :class:`Pledge` with the catalog's text filled in with the applicant's name, and is refused
  while the applicant is on the credit list. Share / verify create a queued
  :class:`VerificationRequest` with a deadline in working days (default 3). Substitute needs the
  document seen (default: the catalog's suggestion), other needs a note, retained needs
  ``submitted``. Re-resolving withdraws the earlier unanswered request and drops the earlier
  unchecked pledge.
* Which measures an item may use, and the "retained" fallback beyond the catalog, are the pure
  rules of :mod:`app.cases.options`; what an item still needs is :mod:`app.cases.progress`.
* Every created or changed record is queued in the outbox and every change is audited (IDs
  masked), in the same transaction.
* A case finishes only when every item is resolved, every request is answered "confirmed" and
  every retained certificate was submitted; otherwise ``finish`` lists what is missing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import audit
from app.cases.applicant import Applicant, mask_id
from app.cases.evidence import (
    add_pledge,
    add_request,
    clear_evidence,
    drop_pledge,
    stamp_pledge_form,
    withdraw_request,
)
from app.cases.intake import intake_subject, next_number
from app.cases.listing import CaseList, count_cases, list_page, list_summaries, search_page
from app.cases.lookup import find_case, find_request
from app.cases.options import MeasureOption, check_choice
from app.cases.progress import ASKED
from app.cases.records import enqueue, record_change
from app.cases.views import (
    CASE_LOAD,
    CaseFacts,
    CasePage,
    CaseSummary,
    CaseView,
    case_facts,
    case_view,
    resolution_options,
)
from app.cases.workdays import DEFAULT_DEADLINE_DAYS, add_working_days, work_calendar
from app.domain import Answer, CaseStatus, Measure, RequestStatus
from app.errors import NotFound, UserError
from app.ids import utcnow
from app.storage.db import Database
from app.storage.models import (
    Bundle,
    Case,
    CatalogMeta,
    CertificateItem,
    Matter,
    Pledge,
    Resolution,
    VerificationRequest,
)
from app.sync.identity import case_window_code, refuse_local_answers


class CaseService:
    """Case work at one window, on behalf of one clerk (see the module docstring)."""

    def __init__(
        self,
        db: Database,
        *,
        clerk: str = "",
        window_code: str = "",
        today: Callable[[], date] | None = None,
    ) -> None:
        self.db = db
        self.clerk = clerk.strip()
        self.window_code = window_code.strip()
        self._today = today or date.today

    def today(self) -> date:
        return self._today()

    # ------------------------------------------------------------------ intake

    def new_case(
        self,
        applicant: Applicant,
        *,
        matter_code: str | None = None,
        bundle_code: str | None = None,
    ) -> CaseView:
        """Take in a case for one matter or one bundle; every item starts unresolved."""
        subject = intake_subject(
            self.db, applicant.kind, matter_code=matter_code, bundle_code=bundle_code
        )
        matter_code, bundle_code = subject.matter_code, subject.bundle_code
        item_codes = subject.item_codes
        with self.db.session() as session:
            window_code = case_window_code(session, self.window_code)
            case = Case(
                number=next_number(session, window_code, self.today()),
                applicant_kind=applicant.kind,
                applicant_name=applicant.name,
                applicant_id_no=applicant.id_no,
                phone=applicant.phone,
                clerk=self.clerk,
                window_code=window_code,
                status=CaseStatus.OPEN,
                catalog_version=_catalog_version(session),
            )
            if matter_code is not None:
                case.matter_id = session.scalar(select(Matter.id).where(Matter.code == matter_code))
            else:
                case.bundle_id = session.scalar(select(Bundle.id).where(Bundle.code == bundle_code))
            session.add(case)
            session.flush()
            rows = session.execute(
                select(CertificateItem.code, CertificateItem.id).where(
                    CertificateItem.code.in_(item_codes)
                )
            )
            ids = {code: item_id for code, item_id in rows}
            self._changed(
                session,
                "case.new",
                "case",
                case,
                {
                    "number": case.number,
                    "applicant_kind": applicant.kind.value,
                    "applicant": mask_id(applicant.id_no),
                    "matter": matter_code,
                    "bundle": bundle_code,
                    "items": len(item_codes),
                },
            )
            for position, code in enumerate(item_codes):
                resolution = Resolution(case_id=case.id, item_id=ids[code], position=position)
                session.add(resolution)
                session.flush()
                enqueue(session, resolution, actor=self.clerk)
            session.expire(case, ["resolutions"])
            return self._view(session, case)

    # ------------------------------------------------------------------ resolving

    def options(self, case_id: str, item_code: str) -> list[MeasureOption]:
        """The measures the clerk may pick for one item, each allowed or refused with a reason."""
        with self.db.session() as session:
            case = self._load(session, case_id)
            resolution = self._resolution(case, item_code)
            return resolution_options(case, resolution, self._facts(session, case))

    def all_options(self, case_id: str) -> dict[str, list[MeasureOption]]:
        """:meth:`options` for every item of a case, by item code, in one transaction."""
        with self.db.session() as session:
            case = self._load(session, case_id)
            facts = self._facts(session, case)
            return {r.item.code: resolution_options(case, r, facts) for r in case.resolutions}

    def resolve(
        self,
        case_id: str,
        item_code: str,
        measure: Measure | str,
        *,
        note: str = "",
        substitute_document: str = "",
        submitted: bool | None = None,
    ) -> CaseView:
        """Resolve one certificate item of an open case with one measure and its evidence."""
        try:
            chosen = Measure(measure)
        except ValueError:
            raise UserError(f"未知的办理方式“{measure}”。") from None
        note = (note or "").strip()
        document = (substitute_document or "").strip()
        with self.db.session() as session:
            case = self._load(session, case_id)
            self._require_open(case)
            resolution = self._resolution(case, item_code)
            item = resolution.item
            options = resolution_options(case, resolution, self._facts(session, case))
            option, document = check_choice(
                item.name, options, chosen, note=note, document=document, submitted=submitted
            )
            clear_evidence(session, resolution, actor=self.clerk)
            resolution.measure = chosen
            resolution.note = note
            resolution.substitute_document = document if chosen == Measure.SUBSTITUTE else ""
            resolution.submitted = submitted if chosen == Measure.RETAINED else None
            resolution.resolved_at = utcnow()
            detail: dict[str, object] = {
                "case": case.number,
                "item": item.code,
                "measure": chosen.value,
            }
            if chosen == Measure.PLEDGE:
                pledge = add_pledge(session, case, resolution, option.detail, actor=self.clerk)
                detail["pledge"] = pledge.id
            elif chosen in ASKED:
                days = option.deadline_days or DEFAULT_DEADLINE_DAYS
                due = add_working_days(self.today(), days, work_calendar(session))
                request = add_request(session, case, resolution, option, due=due, actor=self.clerk)
                detail["request"] = request.id
            elif chosen == Measure.SUBSTITUTE:
                detail["document"] = document
            elif chosen == Measure.RETAINED:
                detail["submitted"] = submitted
            session.flush()
            self._changed(session, "resolution.resolve", "resolution", resolution, detail)
            self._touch(session, case)
            return self._view(session, case)

    def _changed(
        self,
        session: Session,
        action: str,
        entity: str,
        record: Case | Resolution | Pledge | VerificationRequest,
        detail: dict[str, object],
        *,
        actor: str | None = None,
    ) -> None:
        """Audit a change to a record and queue the record for the hub, in one transaction."""
        actor = self.clerk if actor is None else actor
        record_change(session, action, entity, record, detail, actor=actor)

    # ------------------------------------------------------------------ answers

    def answer_request(
        self,
        request_id: str,
        answer: Answer | str,
        *,
        note: str = "",
        answered_by: str = "",
    ) -> CaseView:
        """Record a department's answer to a verification request (or a data query) that
        reached the window another way (phoned in). Refused once the data directory is
        connected to a hub: answers then arrive by sync (:mod:`app.sync.pull`)."""
        try:
            value = Answer(answer)
        except ValueError:
            raise UserError(
                f"未知的核验结论“{answer}”，应为 confirmed（属实）、denied（不属实）"
                "或 undetermined（无法确定）。"
            ) from None
        with self.db.session() as session:
            refuse_local_answers(session)
            request = find_request(session, request_id)
            if request.status == RequestStatus.WITHDRAWN:
                owner = session.get(Case, request.case_id)
                if owner is not None and owner.status == CaseStatus.CANCELLED:
                    raise UserError(f"该核验请求已撤回（办件 {owner.number} 已撤销），无需答复。")
                raise UserError("该核验请求已撤回（办件已改用其他方式），无需答复。")
            if request.status == RequestStatus.ANSWERED:
                when = f"{request.answered_at:%Y-%m-%d %H:%M}" if request.answered_at else ""
                raise UserError(f"该核验请求已于 {when} 答复，不能重复答复。")
            case = self._load(session, request.case_id)
            self._require_open(case)
            request.answer = value
            request.answer_note = (note or "").strip()
            request.answered_by = (answered_by or "").strip()
            request.answered_at = utcnow()
            request.status = RequestStatus.ANSWERED
            session.flush()
            self._changed(
                session,
                "request.answer",
                "verification_request",
                request,
                {
                    "case": case.number,
                    "item": request.item.code,
                    "answer": value.value,
                    "subject": mask_id(request.subject_id_no),
                },
                actor=request.answered_by,
            )
            self._touch(session, case)
            session.expire(case, ["resolutions"])
            return self._view(session, self._load(session, case.id))

    def refresh_overdue(self) -> int:
        """Mark queued or sent requests past their deadline as overdue; returns how many."""
        today = self.today()
        with self.db.session() as session:
            late = session.scalars(
                select(VerificationRequest).where(
                    VerificationRequest.status.in_((RequestStatus.QUEUED, RequestStatus.SENT)),
                    VerificationRequest.deadline < today,
                )
            ).all()
            for request in late:
                request.status = RequestStatus.OVERDUE
                session.flush()
                self._changed(
                    session,
                    "request.overdue",
                    "verification_request",
                    request,
                    {"deadline": request.deadline.isoformat() if request.deadline else None},
                )
            return len(late)

    # ------------------------------------------------------------------ finishing

    def finish(self, case_id: str) -> CaseView:
        """Finish an open case, or refuse and list in Chinese what is still missing."""
        with self.db.session() as session:
            case = self._load(session, case_id)
            self._require_open(case)
            view = self._view(session, case)
            if not view.can_finish:
                raise UserError(f"办件 {case.number} 还不能办结：" + "；".join(view.missing) + "。")
            case.status = CaseStatus.FINISHED
            case.finished_at = utcnow()
            session.flush()
            self._changed(
                session,
                "case.finish",
                "case",
                case,
                {"number": case.number, "applicant": mask_id(case.applicant_id_no)},
            )
            return self._view(session, case)

    def cancel(self, case_ref: str, reason: str) -> CaseView:
        """Cancel (撤销) an open case: the applicant left, or it was opened for the wrong matter.

        Its unanswered verification requests are withdrawn (they stay linked, marked withdrawn)
        and its unchecked pledges dropped, as re-resolving does; answered requests and
        spot-checked pledges are kept as they are. A finished or cancelled case is refused.
        """
        why = " ".join((reason or "").split())
        if not why:
            raise UserError("请填写撤销原因（例如：申请人放弃申请、选错了事项）。")
        if len(why) > 500:
            raise UserError("撤销原因过长，请控制在 500 字以内。")
        with self.db.session() as session:
            case = self._load(session, case_ref)
            if case.status == CaseStatus.FINISHED:
                raise UserError(f"办件 {case.number} 已办结，不能撤销。")
            if case.status == CaseStatus.CANCELLED:
                raise UserError(f"办件 {case.number} 已撤销，无需重复撤销。")
            withdrawn = dropped = 0
            for resolution in case.resolutions:
                if withdraw_request(session, resolution, actor=self.clerk):
                    withdrawn += 1
                if drop_pledge(session, resolution, actor=self.clerk):
                    dropped += 1
                    enqueue(session, resolution, actor=self.clerk)
            case.status = CaseStatus.CANCELLED
            case.cancelled_at = utcnow()
            case.cancel_reason = why
            self._touch(session, case)
            self._changed(
                session,
                "case.cancel",
                "case",
                case,
                {
                    "number": case.number,
                    "applicant": mask_id(case.applicant_id_no),
                    "reason": why,
                    "requests_withdrawn": withdrawn,
                    "pledges_dropped": dropped,
                },
            )
            return self._view(session, case)

    # ------------------------------------------------------------------ printed forms

    def record_pledge_form(
        self, case_ref: str, form_hash: str, *, pledge_ids: Sequence[str] | None = None
    ) -> None:
        """Store the hash of the printed pledge form on every pledge of the case.

        One form holds every pledge of the case, so every pledge gets the hash; each pledge is
        queued for the hub and the printing is audited, in one transaction. ``pledge_ids``: the
        pledges the form printed; when given and the case's pledges changed since the form was
        built, nothing is recorded (UserError: print the form again). A case without pledges
        and a hash that is not a SHA-256 hex digest are refused.
        """
        digest = (form_hash or "").strip().lower()
        if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
            raise UserError("承诺书摘要应为 64 位十六进制 SHA-256 值。")
        with self.db.session() as session:
            case = self._load(session, case_ref)
            actor = self.clerk or case.clerk
            stamp_pledge_form(session, case, digest, pledge_ids=pledge_ids, actor=actor)

    # ------------------------------------------------------------------ reading

    def get(self, case_ref: str, *, audit_access: bool = False) -> CaseView:
        """A case by id, by id prefix (8+ characters) or by case number.

        ``audit_access``: a person opened the case to read it (the CLI's ``case show``, the
        intake dialog reopening a case), so the access to the applicant's data is audited.
        Refreshes of a case already open pass False.
        """
        with self.db.session() as session:
            case = self._load(session, case_ref)
            if audit_access:
                audit.record(
                    session,
                    actor=self.clerk,
                    action="case.open",
                    entity="case",
                    entity_id=case.id,
                    detail={"number": case.number, "applicant": mask_id(case.applicant_id_no)},
                )
            return self._view(session, case)

    def list_cases(
        self,
        *,
        open_only: bool = False,
        status: CaseStatus | None = None,
        since: date | None = None,
        limit: int | None = None,
    ) -> list[CaseSummary]:
        """Cases, newest first, with a short note of what each is waiting for.

        Computed in SQL (:mod:`app.cases.listing`), so it stays fast at a year of cases.
        """
        with self.db.session() as session:
            return list_summaries(
                session,
                today=self.today(),
                open_only=open_only,
                status=status,
                since=since,
                limit=limit,
            )

    def count_cases(
        self,
        *,
        open_only: bool = False,
        status: CaseStatus | None = None,
        since: date | None = None,
    ) -> int:
        """How many cases :meth:`list_cases` would list without a limit."""
        with self.db.session() as session:
            return count_cases(session, open_only=open_only, status=status, since=since)

    def page(
        self, which: CaseList | str = CaseList.TODAY_AND_OPEN, *, limit: int | None = None
    ) -> CasePage:
        """The cases one list of the cases tab shows, newest first, and how many it selects.

        The working lists (``today_and_open``: every open case and every case taken in today;
        ``open``) show every case they select. The long ones (``finished``, ``cancelled``,
        ``all``) show the newest ``limit`` cases (default ``LIST_PAGE``, 200), and ``total``
        says how many there are in all (``page.limited``: "显示最近 200 件，共 12000 件").
        """
        try:
            chosen = CaseList(which)
        except ValueError:
            known = "、".join(c.value for c in CaseList)
            raise UserError(f"未知的办件列表“{which}”，应为 {known} 之一。") from None
        with self.db.session() as session:
            return list_page(session, chosen, today=self.today(), limit=limit)

    def search(self, text: str, *, limit: int | None = None) -> CasePage:
        """Cases whose number or applicant's name contains ``text``, or whose applicant's ID
        ends with it (the last 4 or more characters), newest first (the newest ``limit``,
        default ``LIST_PAGE``; ``total`` says how many match)."""
        with self.db.session() as session:
            return search_page(session, text, today=self.today(), limit=limit)

    # ------------------------------------------------------------------ helpers

    def _load(self, session: Session, case_ref: str) -> Case:
        return find_case(session, case_ref, *CASE_LOAD)

    def _view(self, session: Session, case: Case) -> CaseView:
        return case_view(session, case, today=self.today())

    def _facts(self, session: Session, case: Case) -> CaseFacts:
        return case_facts(session, case, today=self.today())

    @staticmethod
    def _require_open(case: Case) -> None:
        if case.status == CaseStatus.FINISHED:
            raise UserError(f"办件 {case.number} 已办结，不能再修改。")
        if case.status != CaseStatus.OPEN:
            raise UserError(f"办件 {case.number} 已撤销，不能再修改。")

    @staticmethod
    def _resolution(case: Case, item_code: str) -> Resolution:
        code = (item_code or "").strip()
        for resolution in case.resolutions:
            if resolution.item.code == code:
                return resolution
        raise NotFound(f"办件 {case.number} 中没有编码为“{code}”的证明事项。")

    @staticmethod
    def _touch(session: Session, case: Case) -> None:
        case.updated_at = utcnow()
        session.flush()


def _catalog_version(session: Session) -> str:
    """The installed catalog's version: every case keeps the one it was taken in under."""
    return session.scalar(select(CatalogMeta.value).where(CatalogMeta.key == "version")) or ""
