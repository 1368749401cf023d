"""How the rows of the exchange format are stored, and reading them back fast.

Apply (comparing a document with the installed catalog) and export (writing the installed
catalog as a document) read the same tables the same way: plain tuples straight from the
sqlite3 cursor, without SQLAlchemy's per-value processing. Enum values and 0/1 come back as
the text and numbers the document holds; JSON columns come back as text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from sqlalchemy import JSON, Table, func, select
from sqlalchemy.orm import Session

from app.storage.models import Bundle, CatalogMeta, CertificateItem, Department, Matter

META_KEYS = ("version", "published_at", "sample", "source")


@dataclass(frozen=True)
class Kind:
    """How one kind of catalog row is stored."""

    section: str  # the document's list, and the report's key
    label: str
    model: Any  # the ORM class
    fields: tuple[str, ...]  # columns besides id and code
    child_table: str = ""  # rows that belong to one row, replaced as a whole
    parent: str = ""  # their column naming the row
    child_fields: tuple[str, ...] = ()
    child_order: str = ""  # the tie-break after position

    @property
    def table(self) -> Table:
        return table_of(self.model)

    @cached_property
    def json_fields(self) -> frozenset[str]:
        return frozenset(f for f in self.fields if isinstance(self.table.c[f].type, JSON))


def table_of(model: Any) -> Table:
    table: Table = model.__table__
    return table


DEPARTMENTS = Kind("departments", "部门", Department, ("name", "level"))
ITEMS = Kind(
    "certificate_items",
    "证明事项",
    CertificateItem,
    ("name", "issuer", "legal_basis"),
    "item_measure",
    "item_id",
    ("measure", "detail", "provider_code", "one_click", "deadline_days"),
    "id",
)
MATTERS = Kind(
    "matters",
    "事项",
    Matter,
    (
        "name",
        "department_id",
        "level",
        "applicant_kind",
        "legal_limit_days",
        "promised_limit_days",
        "fee",
        "where",
        "hours",
        "steps",
        "materials",
    ),
    "matter_item",
    "matter_id",
    ("item_id",),
    "item_id",
)
BUNDLES = Kind(
    "bundles",
    "一件事",
    Bundle,
    ("name", "description"),
    "bundle_matter",
    "bundle_id",
    ("matter_id",),
    "matter_id",
)


class StoredCatalog:
    """The installed catalog as plain tuples (see the module's docstring)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._dbapi = session.connection().connection  # the sqlite3 connection: fast tuples

    def _rows(self, sql: str) -> list[tuple[Any, ...]]:
        cursor = self._dbapi.cursor()
        try:
            cursor.execute(sql)
            return list(cursor.fetchall())
        finally:
            cursor.close()

    def rows(self, kind: Kind, *, retired: bool = True) -> dict[str, tuple[int, tuple[Any, ...]]]:
        """code → (id, column values in ``kind.fields`` order); without the retired rows (kept
        only for the cases that refer to them) when ``retired`` is false."""
        columns = ", ".join(f'"{f}"' for f in ("id", "code", *kind.fields))
        where = "" if retired else " WHERE NOT retired"
        sql = f'SELECT {columns} FROM "{kind.table.name}"{where}'
        return {r[1]: (r[0], r[2:]) for r in self._rows(sql)}

    def retired(self, kind: Kind) -> set[int]:
        """The ids of the retired rows of one kind."""
        return {r[0] for r in self._rows(f'SELECT id FROM "{kind.table.name}" WHERE retired')}

    def children(self, kind: Kind) -> dict[int, list[tuple[Any, ...]]]:
        """row id → its child rows (``kind.child_fields``), in order."""
        out: dict[int, list[tuple[Any, ...]]] = {}
        if not kind.child_table:
            return out
        columns = ", ".join(f'"{f}"' for f in (kind.parent, *kind.child_fields))
        sql = (
            f'SELECT {columns} FROM "{kind.child_table}"'
            f' ORDER BY "{kind.parent}", position, "{kind.child_order}"'
        )
        for row in self._rows(sql):
            out.setdefault(row[0], []).append(row[1:])
        return out

    def next_id(self, kind: Kind) -> int:
        return int(self.session.scalar(select(func.max(kind.table.c.id))) or 0) + 1

    def meta(self) -> dict[str, str]:
        """The catalog's metadata: version, published_at, sample, source."""
        table = table_of(CatalogMeta).name
        return dict(self._rows(f'SELECT key, value FROM "{table}"'))


def json_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


class JsonTexts:
    """JSON column values (a matter's steps and materials) as stored text and back, each
    distinct value converted once: catalogs repeat the same lists on many rows."""

    def __init__(self) -> None:
        self._texts: dict[tuple[Any, ...], str] = {}
        self._values: dict[str, Any] = {}

    def text(self, value: list[Any]) -> str:
        key = tuple(value)
        text = self._texts.get(key)
        if text is None:
            text = self._texts[key] = json_text(value)
        return text

    def same(self, stored: str | None, value: list[Any]) -> bool:
        return stored is not None and bool(self.value(stored) == value)

    def value(self, stored: str | None) -> Any:
        """A stored JSON text decoded (shared: copy it before changing it)."""
        if stored is None:
            return None
        if stored not in self._values:
            self._values[stored] = json.loads(stored)
        return self._values[stored]


__all__ = [
    "BUNDLES",
    "DEPARTMENTS",
    "ITEMS",
    "MATTERS",
    "META_KEYS",
    "JsonTexts",
    "Kind",
    "StoredCatalog",
    "json_text",
    "table_of",
]
