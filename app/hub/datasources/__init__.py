"""Data sources: what answers a data query (数据查询, a ``share`` request) on the hub.

A data source is an adapter, one module per source under this package, registered by name with
:func:`register`. It declares which certificate items it answers and which facts
(:meth:`DataSource.coverage`) and answers one query at a time (:meth:`DataSource.answer`) from
the hub's database, in the caller's transaction. When a window pushes a data query, the hub asks
the registered sources in order (:func:`answer_query`); the first that answers the query's item
gives the answer, which the hub stores and feeds to the window in the push's own transaction.
A query no source answers goes to the provider department as a verification request does.

A source must answer ``undetermined`` (无法确定), never ``denied``, for a subject it does not
hold: the absence of a record is not a negative fact.

Built-in: ``table`` (:mod:`app.hub.datasources.table`), answering from tables that departments
load with ``wuzheng hub load-dataset``. Another source (a provincial data-sharing platform, a
department's own database) is a new module defining a :class:`DataSource` subclass decorated
with ``@register`` and listed in :data:`BUILTIN_MODULES`.
"""

from __future__ import annotations

import importlib
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import ClassVar, TypeVar

from sqlalchemy.orm import Session

from app.domain import Answer, ApplicantKind

BUILTIN_MODULES = ("app.hub.datasources.table",)
OWNER_PREFIX = "source:"  # the owner of an answer a source gave: source:NAME


@dataclass(frozen=True)
class DataQuery:
    """What a source sees of a data query: only what answering needs (no phone, no case)."""

    request_id: str
    item_code: str
    subject_kind: ApplicantKind
    subject_id_no: str
    subject_name: str
    fact: str
    provider_code: str


@dataclass(frozen=True)
class SourceAnswer:
    """A source's answer: recorded on the answer with the source's name and data version."""

    answer: Answer
    note: str
    source: str  # the registered name of the source
    answered_by: str  # shown to the clerk: which department's data answered
    dataset_version: int | None = None


@dataclass(frozen=True)
class Coverage:
    """One certificate item a source answers now, with the facts it answers about it."""

    source: str
    item_code: str
    facts: tuple[str, ...]
    department: str = ""
    version: int | None = None
    rows: int | None = None


class DataSource(ABC):
    """An adapter answering data queries for some certificate items."""

    name: ClassVar[str]  # registered name, recorded on every answer (``source``)
    label: ClassVar[str]  # Chinese, for the operator

    @abstractmethod
    def coverage(self, session: Session) -> list[Coverage]:
        """The items (and facts) this source answers now."""

    @abstractmethod
    def answer(self, session: Session, query: DataQuery) -> SourceAnswer | None:
        """The answer, or None when this source does not answer the query's item."""


S = TypeVar("S", bound=type[DataSource])
_REGISTRY: dict[str, DataSource] = {}


def register(cls: S) -> S:
    """Class decorator: register one instance of a source under ``cls.name``."""
    if cls.name in _REGISTRY and type(_REGISTRY[cls.name]) is not cls:
        raise ValueError(f"a data source named {cls.name!r} is already registered")
    _REGISTRY[cls.name] = cls()
    return cls


def sources() -> list[DataSource]:
    """Every registered source, in registration order (built-ins first)."""
    for module in BUILTIN_MODULES:
        importlib.import_module(module)
    return list(_REGISTRY.values())


def answer_query(session: Session, query: DataQuery) -> SourceAnswer | None:
    """The first registered source's answer to ``query``, or None when none answers its item."""
    for source in sources():
        answer = source.answer(session, query)
        if answer is not None:
            return answer
    return None


def coverage(session: Session) -> list[Coverage]:
    return [c for source in sources() for c in source.coverage(session)]
