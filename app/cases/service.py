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
    svc.refresh_overdue() -> int           # persists status "overdue" on late requests

Rules:

* Intake creates one resolution per certificate item of the matter or bundle (each item once, in
  first-demanded order), with no measure yet. Person applicants may only apply for person (or
  "both") matters, enterprises for enterprise (or "both") matters.
* Resolving picks one of the measures the catalog lists for the item. Pledge creates a
  :class:`Pledge` with the catalog's text filled in with the applicant's name, and is refused
  while the applicant is on the credit list. Share / verify create a queued
  :class:`VerificationRequest` with a deadline in working days (default 3). Substitute needs the
  document seen (default: the catalog's suggestion), other needs a note, retained needs
  ``submitted``. Re-resolving withdraws the earlier unanswered request and drops the earlier
  unchecked pledge.
* Beyond the catalog, "retained" (the applicant submits the certificate) is offered as a fallback
  when otherwise the case could never be finished: after a denied / undetermined answer for the
  item, or when the applicant is on the credit list and the item offers pledge but no
  verification.
* Every created or changed record is queued in the outbox and every change is audited (IDs
  masked), in the same transaction.
* A case finishes only when every item is resolved, every request is answered "confirmed" and
  every retained certificate was submitted; otherwise ``finish`` lists what is missing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app import audit
from app.cases.applicant import Applicant, mask_id
from app.cases.credit import active_records
from app.cases.listing import PENDING_REQUESTS, count_cases, list_summaries
from app.cases.lookup import MIN_PREFIX, find_case
from app.cases.records import enqueue
from app.cases.rules import credit_refusal, fill_pledge_text, missing
from app.cases.views import (
    CaseSummary,
    CaseView,
    MeasureOption,
    ResolutionView,
)
from app.cases.workdays import DEFAULT_DEADLINE_DAYS, add_working_days
from app.catalog.views import (
    APPLICANT_LABELS,
    MEASURE_LABELS,
    MatterView,
    get_bundle,
    get_matter,
)
from app.errors import NotFound, UserError
from app.ids import utcnow
from app.storage.db import Database
from app.storage.models import (
    Answer,
    ApplicantKind,
    Bundle,
    Case,
    CaseStatus,
    CertificateItem,
    CheckOutcome,
    CreditRecord,
    Department,
    Matter,
    Measure,
    Pledge,
    RequestStatus,
    Resolution,
    VerificationRequest,
)

_NEEDS: dict[Measure, str] = {
    Measure.SUBSTITUTE: "document",
    Measure.OTHER: "note",
    Measure.RETAINED: "submitted",
}

_CASE_LOAD = (
    selectinload(Case.resolutions)
    .selectinload(Resolution.item)
    .selectinload(CertificateItem.measures),
    selectinload(Case.resolutions).selectinload(Resolution.pledge),
    selectinload(Case.resolutions).selectinload(Resolution.request),
    selectinload(Case.matter),
    selectinload(Case.bundle),
)


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
        matter_code = (matter_code or "").strip() or None
        bundle_code = (bundle_code or "").strip() or None
        if (matter_code is None) == (bundle_code is None):
            raise UserError("请选择一个事项或一个“一件事”（二者选其一）。")
        if applicant.kind not in (ApplicantKind.PERSON, ApplicantKind.ENTERPRISE):
            raise UserError("申请人类型应为个人或企业。")
        if matter_code is not None:
            matter_view = get_matter(self.db, matter_code)
            matters: tuple[MatterView, ...] = (matter_view,)
            item_codes = [item.code for item in matter_view.items]
        else:
            bundle_view = get_bundle(self.db, bundle_code or "")
            matters = bundle_view.matters
            item_codes = [item.code for item in bundle_view.items]
        for matter in matters:
            if matter.applicant_kind not in (ApplicantKind.BOTH, applicant.kind):
                raise UserError(
                    f"事项“{matter.name}”只受理{APPLICANT_LABELS[matter.applicant_kind]}申请，"
                    f"当前申请人是{APPLICANT_LABELS[applicant.kind]}。"
                )

        with self.db.session() as session:
            case = Case(
                number=self._next_number(session),
                applicant_kind=applicant.kind,
                applicant_name=applicant.name,
                applicant_id_no=applicant.id_no,
                phone=applicant.phone,
                clerk=self.clerk,
                window_code=self.window_code,
                status=CaseStatus.OPEN,
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
                enqueue(session, "resolution", resolution)
            session.expire(case, ["resolutions"])
            return self._view(session, case)

    def _next_number(self, session: Session) -> str:
        prefix = f"{self.window_code or 'W'}-{self.today():%Y%m%d}-"
        numbers = session.scalars(select(Case.number).where(Case.number.startswith(prefix)))
        last = 0
        for number in numbers:
            tail = number[len(prefix) :]
            if tail.isdigit():
                last = max(last, int(tail))
        return f"{prefix}{last + 1:04d}"

    # ------------------------------------------------------------------ resolving

    def options(self, case_id: str, item_code: str) -> list[MeasureOption]:
        """The measures the clerk may pick for one item, each allowed or refused with a reason."""
        with self.db.session() as session:
            case = self._load(session, case_id)
            resolution = self._resolution(case, item_code)
            return self._options(session, case, resolution)

    def all_options(self, case_id: str) -> dict[str, list[MeasureOption]]:
        """:meth:`options` for every item of a case, by item code, in one transaction."""
        with self.db.session() as session:
            case = self._load(session, case_id)
            listed = self._listed(session, case)
            failed = self._failed_items(session, case)
            names = self._provider_names(session)
            return {
                r.item.code: self._options(
                    session, case, r, listed=listed, failed=failed, names=names
                )
                for r in case.resolutions
            }

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
            options = {o.measure: o for o in self._options(session, case, resolution)}
            option = options.get(chosen)
            if option is None:
                labels = "、".join(MEASURE_LABELS[m] for m in options)
                raise UserError(
                    f"证明事项“{item.name}”不能采用“{MEASURE_LABELS[chosen]}”方式；"
                    f"可用的方式：{labels or '无'}。"
                )
            if not option.allowed:
                raise UserError(option.reason)
            if submitted is not None and chosen != Measure.RETAINED:
                raise UserError("只有“保留”方式需要填写申请人是否已提交证明。")
            if chosen == Measure.RETAINED and submitted is None:
                raise UserError(f"“{item.name}”采用保留方式：请填写申请人是否已提交该证明。")
            if chosen == Measure.OTHER and not note:
                raise UserError(f"“{item.name}”采用其他方式：请填写具体办理说明。")
            if chosen == Measure.SUBSTITUTE:
                document = document or option.detail.strip()
                if not document:
                    raise UserError(f"“{item.name}”采用替代方式：请填写所查验的替代材料名称。")

            self._clear_evidence(session, resolution)
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
                pledge = Pledge(case_id=case.id, item_id=item.id, text=option.detail)
                session.add(pledge)
                session.flush()
                resolution.pledge_id = pledge.id
                detail["pledge"] = pledge.id
                self._changed(
                    session,
                    "pledge.create",
                    "pledge",
                    pledge,
                    {"case": case.number, "item": item.code},
                )
            elif chosen in (Measure.SHARE, Measure.VERIFY):
                days = option.deadline_days or DEFAULT_DEADLINE_DAYS
                request = VerificationRequest(
                    case_id=case.id,
                    item_id=item.id,
                    kind=chosen,
                    subject_kind=case.applicant_kind,
                    subject_name=case.applicant_name,
                    subject_id_no=case.applicant_id_no,
                    fact=f"核实{case.applicant_name}的{item.name}",
                    provider_code=option.provider_code,
                    window_code=case.window_code,
                    deadline=add_working_days(self.today(), days),
                    status=RequestStatus.QUEUED,
                )
                session.add(request)
                session.flush()
                resolution.request_id = request.id
                detail["request"] = request.id
                self._changed(
                    session,
                    "request.create",
                    "verification_request",
                    request,
                    {
                        "case": case.number,
                        "item": item.code,
                        "kind": chosen.value,
                        "provider": request.provider_code,
                        "subject": mask_id(case.applicant_id_no),
                        "deadline": request.deadline.isoformat() if request.deadline else None,
                    },
                )
            elif chosen == Measure.SUBSTITUTE:
                detail["document"] = document
            elif chosen == Measure.RETAINED:
                detail["submitted"] = submitted
            session.flush()
            self._changed(
                session,
                "resolution.resolve",
                "resolution",
                resolution,
                detail,
            )
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
        audit.record(
            session,
            actor=self.clerk if actor is None else actor,
            action=action,
            entity=entity,
            entity_id=record.id,
            detail=detail,
        )
        enqueue(session, entity, record)

    def _clear_evidence(self, session: Session, resolution: Resolution) -> None:
        """Withdraw the earlier unanswered request and drop the earlier unchecked pledge."""
        self._withdraw_request(session, resolution)
        self._drop_pledge(session, resolution)
        resolution.request_id = None
        resolution.pledge_id = None
        session.flush()
        session.expire(resolution, ["request", "pledge"])

    def _withdraw_request(self, session: Session, resolution: Resolution) -> bool:
        """Withdraw the resolution's request if still unanswered (it stays linked); True if so."""
        request = resolution.request
        if request is None or request.status not in PENDING_REQUESTS:
            return False
        request.status = RequestStatus.WITHDRAWN
        session.flush()
        self._changed(
            session,
            "request.withdraw",
            "verification_request",
            request,
            {"case": resolution.case.number, "item": resolution.item.code},
        )
        return True

    def _drop_pledge(self, session: Session, resolution: Resolution) -> bool:
        """Unlink and delete the resolution's pledge if nobody checked it yet; True if so.

        A spot-checked pledge is evidence of its own and is kept (and stays linked).
        """
        pledge = resolution.pledge
        if pledge is None or pledge.check_outcome != CheckOutcome.UNCHECKED:
            return False
        resolution.pledge_id = None
        session.flush()
        enqueue(session, "pledge", pledge, deleted=True)
        audit.record(
            session,
            actor=self.clerk,
            action="pledge.drop",
            entity="pledge",
            entity_id=pledge.id,
            detail={"case": resolution.case.number, "item": resolution.item.code},
        )
        session.delete(pledge)
        session.flush()
        session.expire(resolution, ["pledge"])
        return True

    # ------------------------------------------------------------------ answers

    def answer_request(
        self,
        request_id: str,
        answer: Answer | str,
        *,
        note: str = "",
        answered_by: str = "",
    ) -> CaseView:
        """Record a department's answer to a verification request (or a data query)."""
        try:
            value = Answer(answer)
        except ValueError:
            raise UserError(
                f"未知的核验结论“{answer}”，应为 confirmed（属实）、denied（不属实）"
                "或 undetermined（无法确定）。"
            ) from None
        with self.db.session() as session:
            request = self._load_request(session, request_id)
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
                if self._withdraw_request(session, resolution):
                    withdrawn += 1
                if self._drop_pledge(session, resolution):
                    dropped += 1
                    enqueue(session, "resolution", resolution)
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
            pledges = session.scalars(
                select(Pledge)
                .where(Pledge.case_id == case.id)
                .order_by(Pledge.created_at, Pledge.id)
            ).all()
            if not pledges:
                raise UserError(
                    f"办件 {case.number} 没有以告知承诺方式办理的证明事项，无需打印承诺书。"
                )
            ids = [p.id for p in pledges]
            if pledge_ids is not None and sorted(pledge_ids) != sorted(ids):
                raise UserError(
                    f"办件 {case.number} 的承诺在打印期间发生了变化，请重新打印告知承诺书。"
                )
            for pledge in pledges:
                pledge.form_hash = digest
            session.flush()
            audit.record(
                session,
                actor=self.clerk or case.clerk,
                action="pledge_form.printed",
                entity="case",
                entity_id=case.id,
                detail={"case": case.number, "pledges": ids, "form_hash": digest},
            )
            for pledge in pledges:
                enqueue(session, "pledge", pledge)

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

    # ------------------------------------------------------------------ helpers

    def _load(self, session: Session, case_ref: str) -> Case:
        return find_case(session, case_ref, *_CASE_LOAD)

    def _load_request(self, session: Session, request_ref: str) -> VerificationRequest:
        ref = (request_ref or "").strip().lower()
        if not ref:
            raise UserError("请输入核验请求编号。")
        request = session.get(VerificationRequest, ref)
        if request is None and len(ref) >= MIN_PREFIX:
            found = session.scalars(
                select(VerificationRequest).where(VerificationRequest.id.startswith(ref)).limit(2)
            ).all()
            if len(found) > 1:
                raise UserError(f"有多个核验请求以“{ref}”开头，请输入更完整的编号。")
            request = found[0] if found else None
        if request is None:
            raise NotFound(f"没有找到核验请求“{request_ref}”。")
        return request

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

    @staticmethod
    def _provider_names(session: Session) -> dict[str, str]:
        rows = session.execute(select(Department.code, Department.name))
        return {code: name for code, name in rows}

    def _listed(self, session: Session, case: Case) -> list[CreditRecord]:
        return active_records(session, case.applicant_id_no, self.today())

    @staticmethod
    def _failed_items(session: Session, case: Case) -> set[int]:
        """Items of the case with a denied or undetermined answer."""
        return set(
            session.scalars(
                select(VerificationRequest.item_id).where(
                    VerificationRequest.case_id == case.id,
                    VerificationRequest.answer.in_((Answer.DENIED, Answer.UNDETERMINED)),
                )
            )
        )

    def _options(
        self,
        session: Session,
        case: Case,
        resolution: Resolution,
        *,
        listed: list[CreditRecord] | None = None,
        failed: set[int] | None = None,
        names: dict[str, str] | None = None,
    ) -> list[MeasureOption]:
        item = resolution.item
        listed = self._listed(session, case) if listed is None else listed
        failed = self._failed_items(session, case) if failed is None else failed
        names = self._provider_names(session) if names is None else names
        catalog = [m.measure for m in item.measures]
        options: list[MeasureOption] = []
        for m in item.measures:
            allowed, reason, detail = True, "", m.detail
            if m.measure in (Measure.SHARE, Measure.VERIFY) and not m.provider_code:
                allowed = False
                reason = (
                    f"目录未指定“{item.name}”的答复部门，暂不能发起{MEASURE_LABELS[m.measure]}。"
                )
            if m.measure == Measure.PLEDGE:
                detail = fill_pledge_text(m.detail, case.applicant_name, item.name)
                if listed:
                    allowed = False
                    reason = credit_refusal(listed, has_verify=Measure.VERIFY in catalog)
            options.append(
                MeasureOption(
                    measure=m.measure,
                    label=MEASURE_LABELS[m.measure],
                    allowed=allowed,
                    reason=reason,
                    detail=detail,
                    provider_code=m.provider_code or "",
                    provider_name=names.get(m.provider_code or "", ""),
                    one_click=m.one_click,
                    deadline_days=(
                        (m.deadline_days or DEFAULT_DEADLINE_DAYS)
                        if m.measure in (Measure.SHARE, Measure.VERIFY)
                        else None
                    ),
                    needs=_NEEDS.get(m.measure, ""),
                    current=resolution.measure == m.measure,
                )
            )
        if Measure.RETAINED not in catalog:
            why = ""
            if item.id in failed:
                why = "核验未通过或无法确定，可由申请人提交证明原件。"
            elif listed and Measure.PLEDGE in catalog and Measure.VERIFY not in catalog:
                why = "申请人在失信名单中且本证明无核验方式，需由申请人提交证明原件。"
            if why:
                options.append(
                    MeasureOption(
                        measure=Measure.RETAINED,
                        label=MEASURE_LABELS[Measure.RETAINED],
                        allowed=True,
                        reason=why,
                        needs="submitted",
                        in_catalog=False,
                        current=resolution.measure == Measure.RETAINED,
                    )
                )
        return options

    def _resolution_view(
        self, resolution: Resolution, names: dict[str, str], allowed: Iterable[Measure]
    ) -> ResolutionView:
        item = resolution.item
        request = resolution.request
        pledge = resolution.pledge
        overdue = False
        if request is not None:
            overdue = request.status == RequestStatus.OVERDUE or (
                request.status in PENDING_REQUESTS
                and request.deadline is not None
                and self.today() > request.deadline
            )
        return ResolutionView(
            item_code=item.code,
            item_name=item.name,
            issuer=item.issuer,
            legal_basis=item.legal_basis,
            allowed=tuple(allowed),
            measure=resolution.measure,
            pledge_id=pledge.id if pledge else None,
            pledge_text=pledge.text if pledge else "",
            request_id=request.id if request else None,
            request_kind=request.kind if request else None,
            request_status=request.status if request else None,
            request_provider=(names.get(request.provider_code, request.provider_code))
            if request
            else "",
            request_fact=request.fact if request else "",
            request_deadline=request.deadline if request else None,
            request_answer=request.answer if request else None,
            request_answer_note=request.answer_note if request else "",
            request_overdue=overdue,
            substitute_document=resolution.substitute_document,
            submitted=resolution.submitted,
            note=resolution.note,
            resolved_at=resolution.resolved_at,
        )

    def _view(self, session: Session, case: Case) -> CaseView:
        names = self._provider_names(session)
        listed = self._listed(session, case)
        failed = self._failed_items(session, case)
        resolutions = tuple(
            self._resolution_view(
                r,
                names,
                [
                    o.measure
                    for o in self._options(
                        session, case, r, listed=listed, failed=failed, names=names
                    )
                ],
            )
            for r in case.resolutions
        )
        reasons = missing(resolutions) if case.status == CaseStatus.OPEN else ()
        return CaseView(
            id=case.id,
            number=case.number,
            status=case.status,
            applicant_kind=case.applicant_kind,
            applicant_name=case.applicant_name,
            applicant_id_masked=mask_id(case.applicant_id_no),
            phone=case.phone,
            matter_code=case.matter.code if case.matter else None,
            matter_name=case.matter.name if case.matter else "",
            bundle_code=case.bundle.code if case.bundle else None,
            bundle_name=case.bundle.name if case.bundle else "",
            clerk=case.clerk,
            window_code=case.window_code,
            created_at=case.created_at,
            finished_at=case.finished_at,
            cancelled_at=case.cancelled_at,
            cancel_reason=case.cancel_reason,
            resolutions=resolutions,
            missing=reasons,
            can_finish=case.status == CaseStatus.OPEN and not reasons,
        )
