"""Writing the installed catalog as an exchange document (docs/catalog-format.md).

Export → import → export gives the same bytes: every list is sorted by code (except the
ordered lists inside a row), keys are sorted, and the text is UTF-8 with indent 1. Retired rows
(kept only for the cases that refer to them) are not part of the catalog and not exported.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from app.catalog.exchange.document import FORMAT, FORMAT_VERSION, document_bytes
from app.catalog.exchange.stored import (
    BUNDLES,
    DEPARTMENTS,
    ITEMS,
    MATTERS,
    JsonTexts,
    StoredCatalog,
)
from app.errors import UserError
from app.storage.db import Database


def _by_code(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(rows, key=lambda r: str(r["code"]))


def _measure(row: tuple[Any, ...]) -> dict[str, Any]:
    measure, detail, provider, one_click, deadline = row
    return {
        "measure": measure,
        "detail": detail or "",
        "provider": provider,
        "one_click": bool(one_click),
        "deadline_days": deadline,
    }


def export_document(session: Session) -> dict[str, Any]:
    """The installed catalog as an exchange document (in the caller's session)."""
    stored = StoredCatalog(session)
    texts = JsonTexts()
    meta = stored.meta()
    departments = stored.rows(DEPARTMENTS, retired=False)
    items, measures = stored.rows(ITEMS, retired=False), stored.children(ITEMS)
    matters, matter_items = stored.rows(MATTERS, retired=False), stored.children(MATTERS)
    bundles, bundle_matters = stored.rows(BUNDLES, retired=False), stored.children(BUNDLES)
    department_code = {row_id: code for code, (row_id, _values) in departments.items()}
    item_code = {row_id: code for code, (row_id, _values) in items.items()}
    matter_code = {row_id: code for code, (row_id, _values) in matters.items()}

    def matter(code: str, row_id: int, values: tuple[Any, ...]) -> dict[str, Any]:
        name, department, level, kind, legal, promised, fee, where, hours, steps, materials = values
        return {
            "code": code,
            "name": name,
            "department": department_code[department],
            "level": level,
            "applicant_kind": kind,
            "legal_limit_days": legal,
            "promised_limit_days": promised,
            "fee": fee or "",
            "where": where or "",
            "hours": hours or "",
            "steps": list(texts.value(steps) or []),
            "materials": list(texts.value(materials) or []),
            "items": [item_code[i] for (i,) in matter_items.get(row_id, [])],
        }

    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "catalog": {
            "version": meta.get("version", ""),
            "published_at": meta.get("published_at", ""),
            "sample": meta.get("sample", "") == "true",
            "source": meta.get("source", ""),
        },
        "departments": _by_code(
            [
                {"code": code, "name": name, "level": level}
                for code, (_id, (name, level)) in departments.items()
            ]
        ),
        "certificate_items": _by_code(
            [
                {
                    "code": code,
                    "name": name,
                    "issuer": issuer or "",
                    "legal_basis": basis or "",
                    "measures": [_measure(m) for m in measures.get(row_id, [])],
                }
                for code, (row_id, (name, issuer, basis)) in items.items()
            ]
        ),
        "matters": _by_code([matter(code, i, values) for code, (i, values) in matters.items()]),
        "bundles": _by_code(
            [
                {
                    "code": code,
                    "name": name,
                    "description": description or "",
                    "matters": [matter_code[m] for (m,) in bundle_matters.get(row_id, [])],
                }
                for code, (row_id, (name, description)) in bundles.items()
            ]
        ),
    }


def export_catalog_document(db: Database) -> dict[str, Any]:
    """The installed catalog as an exchange document."""
    with db.session() as session:
        return export_document(session)


def export_catalog(db: Database, path: Path) -> None:
    """Write the installed catalog to ``path`` (canonical bytes; the folder must exist)."""
    path = Path(path)
    if path.is_dir():
        raise UserError(f"“{path}”是一个文件夹，请指定要写入的文件名（例如 catalog.json）。")
    if not path.parent.is_dir():
        raise UserError(f"文件夹“{path.parent}”不存在，请先创建它或换一个位置。")
    data = document_bytes(export_catalog_document(db))
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise UserError(f"无法写入文件“{path}”：{exc.strerror or exc}。") from exc


__all__ = ["export_catalog", "export_catalog_document", "export_document"]
