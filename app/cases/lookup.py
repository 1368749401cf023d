"""Finding a case or a verification request by what a clerk types.

    find_case(session, case_ref, *options) -> Case                   # id, number or id prefix
    find_request(session, request_ref) -> VerificationRequest        # id or id prefix

A prefix must have at least MIN_PREFIX characters and is matched literally: ids are UUIDs, so a
reference with anything but hex digits and hyphens names nothing (``%`` and ``_`` are never
wildcards). A prefix shared by several records is refused, never guessed.
"""

from __future__ import annotations

import re
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, and_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from app.errors import NotFound, UserError
from app.storage.models import Case, VerificationRequest

MIN_PREFIX = 8

_ID_PREFIX = re.compile(r"[0-9a-f-]+")

T = TypeVar("T", Case, VerificationRequest)


def _id_prefix(column: InstrumentedAttribute[str], ref: str) -> ColumnElement[bool] | None:
    """Ids starting with ``ref`` (lower-cased), as a range the primary key's index serves.

    None when ``ref`` cannot start an id: too short, or not made of hex digits and hyphens.
    """
    prefix = ref.lower()
    if len(prefix) < MIN_PREFIX or not _ID_PREFIX.fullmatch(prefix):
        return None
    following = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return and_(column >= prefix, column < following)


def _one_by_prefix(session: Session, query: Select[T], what: str, ref: str) -> T | None:
    found = session.scalars(query.limit(2)).all()
    if len(found) > 1:
        raise UserError(f"有多个{what}以“{ref}”开头，请输入更完整的编号。")
    return found[0] if found else None


def find_case(session: Session, case_ref: str, *options: Any) -> Case:
    """The one case named by ``case_ref``, loaded with ``options``; a UserError otherwise."""
    ref = (case_ref or "").strip()
    if not ref:
        raise UserError("请输入办件编号。")
    case = session.scalar(select(Case).where(Case.id == ref).options(*options))
    if case is None:
        case = session.scalar(select(Case).where(Case.number == ref).options(*options))
    prefix = _id_prefix(Case.id, ref)
    if case is None and prefix is not None:
        case = _one_by_prefix(session, select(Case).where(prefix).options(*options), "办件", ref)
    if case is None:
        raise NotFound(f"没有找到办件“{ref}”，请核对办件编号。")
    return case


def find_request(session: Session, request_ref: str) -> VerificationRequest:
    """The one verification request named by its id or an id prefix; a UserError otherwise."""
    ref = (request_ref or "").strip().lower()
    if not ref:
        raise UserError("请输入核验请求编号。")
    request = session.get(VerificationRequest, ref)
    prefix = _id_prefix(VerificationRequest.id, ref)
    if request is None and prefix is not None:
        query = select(VerificationRequest).where(prefix)
        request = _one_by_prefix(session, query, "核验请求", ref)
    if request is None:
        raise NotFound(f"没有找到核验请求“{request_ref}”。")
    return request
