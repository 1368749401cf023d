"""Finding a case by what a clerk types: its id, its number, or an id prefix (8+ characters)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import NotFound, UserError
from app.storage.models import Case

MIN_PREFIX = 8


def find_case(session: Session, case_ref: str, *options: Any) -> Case:
    """The one case named by ``case_ref``, loaded with ``options``; a UserError otherwise."""
    ref = (case_ref or "").strip()
    if not ref:
        raise UserError("请输入办件编号。")
    case = session.scalar(select(Case).where(Case.id == ref).options(*options))
    if case is None:
        case = session.scalar(select(Case).where(Case.number == ref).options(*options))
    if case is None and len(ref) >= MIN_PREFIX:
        found = session.scalars(
            select(Case).where(Case.id.startswith(ref.lower())).options(*options).limit(2)
        ).all()
        if len(found) > 1:
            raise UserError(f"有多个办件以“{ref}”开头，请输入更完整的编号。")
        case = found[0] if found else None
    if case is None:
        raise NotFound(f"没有找到办件“{ref}”，请核对办件编号。")
    return case
