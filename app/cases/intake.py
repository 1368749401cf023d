"""What a case is taken in for, before anything is written.

    intake_subject(db, applicant_kind, matter_code=None, bundle_code=None) -> IntakeSubject
    next_number(session, window_code, day) -> str      # "HF01-20260306-0003"

A case is for exactly one matter or one bundle (一件事). Its certificate items are each item of
the matter or bundle once, in first-demanded order. Person applicants may only apply for person
(or "both") matters, enterprises for enterprise (or "both") matters.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.catalog.views import APPLICANT_LABELS, MatterView, get_bundle, get_matter
from app.domain import ApplicantKind
from app.errors import UserError
from app.storage.db import Database
from app.storage.models import Case


@dataclass(frozen=True)
class IntakeSubject:
    matter_code: str | None
    bundle_code: str | None
    item_codes: tuple[str, ...]


def intake_subject(
    db: Database,
    applicant_kind: ApplicantKind,
    *,
    matter_code: str | None = None,
    bundle_code: str | None = None,
) -> IntakeSubject:
    """The matter or bundle and its items, or a UserError saying why it cannot be taken in."""
    matter_code = (matter_code or "").strip() or None
    bundle_code = (bundle_code or "").strip() or None
    if (matter_code is None) == (bundle_code is None):
        raise UserError("请选择一个事项或一个“一件事”（二者选其一）。")
    if applicant_kind not in (ApplicantKind.PERSON, ApplicantKind.ENTERPRISE):
        raise UserError("申请人类型应为个人或企业。")
    if matter_code is not None:
        matter_view = get_matter(db, matter_code)
        matters: tuple[MatterView, ...] = (matter_view,)
        items = matter_view.items
    else:
        bundle_view = get_bundle(db, bundle_code or "")
        matters = bundle_view.matters
        items = bundle_view.items
    for matter in matters:
        if matter.applicant_kind not in (ApplicantKind.BOTH, applicant_kind):
            raise UserError(
                f"事项“{matter.name}”只受理{APPLICANT_LABELS[matter.applicant_kind]}申请，"
                f"当前申请人是{APPLICANT_LABELS[applicant_kind]}。"
            )
    return IntakeSubject(matter_code, bundle_code, tuple(item.code for item in items))


def next_number(session: Session, window_code: str, day: date) -> str:
    """The next case number of a window on a day (the window code is matched literally)."""
    prefix = f"{window_code or 'W'}-{day:%Y%m%d}-"
    numbers = session.scalars(
        select(Case.number).where(Case.number.startswith(prefix, autoescape=True))
    )
    last = 0
    for number in numbers:
        tail = number[len(prefix) :]
        if tail.isdigit():
            last = max(last, int(tail))
    return f"{prefix}{last + 1:04d}"
