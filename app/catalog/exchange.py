"""The catalog exchange format (docs/catalog-format.md): export and import a whole catalog.

Importing a document makes it *the* catalog: rows are matched by code and added or updated,
and catalog rows the document no longer holds are removed — unless a case still refers to them,
in which case they are kept and the report says so. Everything is validated before anything is
written; a document with problems raises :class:`CatalogFormatError` and changes nothing.

Writing uses Core bulk statements (executemany) so that a province-size catalog (hundreds of
thousands of matters and items) imports in seconds rather than minutes.
"""

from __future__ import annotations

import json
import operator
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, Table, delete, func, select, update
from sqlalchemy.orm import Session

from app import audit
from app.catalog.search import rebuild_index
from app.errors import UserError
from app.storage.db import Database
from app.storage.models import (
    ApplicantKind,
    Bundle,
    BundleMatter,
    Case,
    CatalogMeta,
    CertificateItem,
    Department,
    ItemMeasure,
    Level,
    Matter,
    MatterItem,
    Measure,
    Pledge,
    Resolution,
    VerificationRequest,
)

FORMAT = "wuzheng-catalog"
FORMAT_VERSION = 1
META_KEYS = ("version", "published_at", "sample", "source")

KINDS = ("departments", "certificate_items", "matters", "bundles")
KIND_LABELS = {
    "departments": "部门",
    "certificate_items": "证明事项",
    "matters": "事项",
    "bundles": "一件事",
}

_LEVELS = frozenset(m.value for m in Level)
_APPLICANT_KINDS = frozenset(m.value for m in ApplicantKind)
_MEASURES = frozenset(m.value for m in Measure)
_MAX_LISTED_PROBLEMS = 200
_CHUNK = 500  # ids per "IN (…)" statement, well under SQLite's variable limit


class CatalogFormatError(UserError):
    """The document is not a valid catalog; ``problems`` lists each one with its JSON path."""

    def __init__(self, problems: Sequence[str], *, heading: str = "") -> None:
        self.problems = list(problems)
        heading = heading or f"目录文件有 {len(self.problems)} 处问题，未导入任何内容："
        shown = self.problems[:_MAX_LISTED_PROBLEMS]
        lines = [heading, *shown]
        if len(self.problems) > len(shown):
            lines.append(f"……另有 {len(self.problems) - len(shown)} 处问题未列出。")
        super().__init__("\n".join(lines))


@dataclass
class KindCounts:
    """What an import did (or would do) to one kind of catalog row."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    kept: int = 0  # not in the document, but still referred to by a case
    unchanged: int = 0


@dataclass
class ImportReport:
    """The outcome of a catalog import (or of a dry run: nothing written)."""

    dry_run: bool = False
    counts: dict[str, KindCounts] = field(default_factory=lambda: {k: KindCounts() for k in KINDS})
    warnings: list[str] = field(default_factory=list)
    version: str = ""
    notes: list[str] = field(default_factory=list)  # what was read (e.g. register files)

    @property
    def changed(self) -> bool:
        return any(c.added or c.updated or c.removed for c in self.counts.values())

    def summary_lines(self) -> list[str]:
        """The report in Chinese, one line each, for the CLI and the GUI."""
        if self.dry_run:
            lines = ["试运行：以下是将要发生的变化，数据库未作任何修改。"]
        elif self.changed:
            lines = ["目录已导入。"]
        else:
            lines = ["目录已导入，内容与现有目录相同，没有变化。"]
        lines.extend(self.notes)
        if self.version:
            lines.append(f"目录版本：{self.version}")
        for kind in KINDS:
            c = self.counts[kind]
            text = (
                f"{KIND_LABELS[kind]}：新增 {c.added}，更新 {c.updated}，"
                f"删除 {c.removed}，未变 {c.unchanged}"
            )
            if c.kept:
                text += f"，因仍有办件引用而保留 {c.kept}"
            lines.append(text)
        lines.extend(f"注意：{w}" for w in self.warnings)
        return lines

    def to_dict(self) -> dict[str, Any]:
        return {
            "dry_run": self.dry_run,
            "version": self.version,
            "counts": {
                k: {
                    "added": c.added,
                    "updated": c.updated,
                    "removed": c.removed,
                    "kept": c.kept,
                    "unchanged": c.unchanged,
                }
                for k, c in self.counts.items()
            },
            "warnings": list(self.warnings),
        }


# --------------------------------------------------------------------------- export


def _tbl(model: Any) -> Table:
    table: Table = model.__table__
    return table


def export_document(session: Session) -> dict[str, Any]:
    """The installed catalog as an exchange document (in the caller's session)."""
    meta = dict(session.execute(select(CatalogMeta.key, CatalogMeta.value)).all())
    dept_t, item_t, measure_t = _tbl(Department), _tbl(CertificateItem), _tbl(ItemMeasure)
    matter_t, link_t = _tbl(Matter), _tbl(MatterItem)
    bundle_t, blink_t = _tbl(Bundle), _tbl(BundleMatter)

    departments = [
        {"code": code, "name": name, "level": str(level)}
        for _id, code, name, level in session.execute(
            select(dept_t.c.id, dept_t.c.code, dept_t.c.name, dept_t.c.level)
        )
    ]
    dept_code = {i: c for i, c in session.execute(select(dept_t.c.id, dept_t.c.code)).all()}

    measures: dict[int, list[dict[str, Any]]] = {}
    for item_id, measure, detail, provider, one_click, deadline in session.execute(
        select(
            measure_t.c.item_id,
            measure_t.c.measure,
            measure_t.c.detail,
            measure_t.c.provider_code,
            measure_t.c.one_click,
            measure_t.c.deadline_days,
        ).order_by(measure_t.c.item_id, measure_t.c.position, measure_t.c.id)
    ):
        measures.setdefault(item_id, []).append(
            {
                "measure": str(measure),
                "detail": detail or "",
                "provider": provider,
                "one_click": bool(one_click),
                "deadline_days": deadline,
            }
        )
    item_code: dict[int, str] = {}
    items = []
    for item_id, code, name, issuer, basis in session.execute(
        select(item_t.c.id, item_t.c.code, item_t.c.name, item_t.c.issuer, item_t.c.legal_basis)
    ):
        item_code[item_id] = code
        items.append(
            {
                "code": code,
                "name": name,
                "issuer": issuer or "",
                "legal_basis": basis or "",
                "measures": measures.get(item_id, []),
            }
        )

    links: dict[int, list[str]] = {}
    for matter_id, item_id in session.execute(
        select(link_t.c.matter_id, link_t.c.item_id).order_by(
            link_t.c.matter_id, link_t.c.position, link_t.c.item_id
        )
    ):
        links.setdefault(matter_id, []).append(item_code[item_id])
    matter_code: dict[int, str] = {}
    matters = []
    for row in session.execute(select(matter_t)).mappings():
        matter_code[row["id"]] = row["code"]
        matters.append(
            {
                "code": row["code"],
                "name": row["name"],
                "department": dept_code[row["department_id"]],
                "level": str(row["level"]),
                "applicant_kind": str(row["applicant_kind"]),
                "legal_limit_days": row["legal_limit_days"],
                "promised_limit_days": row["promised_limit_days"],
                "fee": row["fee"] or "",
                "where": row["where"] or "",
                "hours": row["hours"] or "",
                "steps": list(row["steps"] or []),
                "materials": list(row["materials"] or []),
                "items": links.get(row["id"], []),
            }
        )

    bundle_links: dict[int, list[str]] = {}
    for bundle_id, matter_id in session.execute(
        select(blink_t.c.bundle_id, blink_t.c.matter_id).order_by(
            blink_t.c.bundle_id, blink_t.c.position, blink_t.c.matter_id
        )
    ):
        bundle_links.setdefault(bundle_id, []).append(matter_code[matter_id])
    bundles = [
        {
            "code": code,
            "name": name,
            "description": description or "",
            "matters": bundle_links.get(bundle_id, []),
        }
        for bundle_id, code, name, description in session.execute(
            select(bundle_t.c.id, bundle_t.c.code, bundle_t.c.name, bundle_t.c.description)
        )
    ]

    def by_code(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return sorted(rows, key=lambda r: str(r["code"]))

    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "catalog": {
            "version": meta.get("version", ""),
            "published_at": meta.get("published_at", ""),
            "sample": meta.get("sample", "") == "true",
            "source": meta.get("source", ""),
        },
        "departments": by_code(departments),
        "certificate_items": by_code(items),
        "matters": by_code(matters),
        "bundles": by_code(bundles),
    }


def export_catalog_document(db: Database) -> dict[str, Any]:
    """The installed catalog as an exchange document."""
    with db.session() as session:
        return export_document(session)


def document_bytes(doc: dict[str, Any]) -> bytes:
    """The canonical bytes of a document: sorted keys, UTF-8 text, indent 1, final newline."""
    return (json.dumps(doc, sort_keys=True, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


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


# --------------------------------------------------------------------------- validation


@dataclass
class _Parsed:
    """A validated document, normalized to plain column dicts."""

    meta: dict[str, str]
    departments: list[dict[str, Any]]
    items: list[dict[str, Any]]
    measures: dict[str, list[dict[str, Any]]]  # item code -> measure rows
    matters: list[dict[str, Any]]
    matter_items: dict[str, list[str]]  # matter code -> item codes
    bundles: list[dict[str, Any]]
    bundle_matters: dict[str, list[str]]  # bundle code -> matter codes


class _Checker:
    """Collects problems while reading fields of one document."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def add(self, path: str, message: str) -> None:
        self.problems.append(f"{path}: {message}")

    def obj(self, value: Any, path: str) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.add(path, "应为对象（{…}）")
            return None
        return value

    def list_of(self, parent: dict[str, Any], key: str, path: str) -> list[Any]:
        value = parent.get(key, [])
        if not isinstance(value, list):
            self.add(f"{path}.{key}" if path else key, "应为列表（[…]）")
            return []
        return value

    def text(self, parent: dict[str, Any], key: str, path: str, *, required: bool = False) -> str:
        where = f"{path}.{key}"
        if key not in parent or parent[key] is None:
            if required:
                self.add(where, "缺少必填字段")
            return ""
        value = parent[key]
        if not isinstance(value, str):
            self.add(where, "应为文字")
            return ""
        if required and not value.strip():
            self.add(where, "不能为空")
        return value

    def days(self, parent: dict[str, Any], key: str, path: str) -> int | None:
        value = parent.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            self.add(f"{path}.{key}", "应为不小于 0 的整数或 null")
            return None
        return value

    def flag(self, parent: dict[str, Any], key: str, path: str) -> bool:
        value = parent.get(key, False)
        if not isinstance(value, bool):
            self.add(f"{path}.{key}", "应为 true 或 false")
            return False
        return value

    def choice(
        self, parent: dict[str, Any], key: str, path: str, allowed: frozenset[str], default: str
    ) -> str:
        value = parent.get(key, default)
        if not isinstance(value, str) or value not in allowed:
            options = " / ".join(sorted(allowed))
            self.add(f"{path}.{key}", f"取值“{value}”无效，应为 {options}")
            return default
        return value

    def strings(self, parent: dict[str, Any], key: str, path: str) -> list[str]:
        values = self.list_of(parent, key, path)
        out: list[str] = []
        for j, v in enumerate(values):
            if not isinstance(v, str):
                self.add(f"{path}.{key}[{j}]", "应为文字")
            else:
                out.append(v)
        return out

    def unique(self, code: str, seen: dict[str, str], path: str, what: str) -> None:
        if not code:
            return
        if code in seen:
            self.add(f"{path}.code", f"{what}编码“{code}”重复（与 {seen[code]} 相同）")
        else:
            seen[code] = path


def parse_document(doc: Any) -> _Parsed:
    """Validate a document completely; raise CatalogFormatError listing every problem."""
    ck = _Checker()
    root = ck.obj(doc, "（根）")
    if root is None:
        raise CatalogFormatError(ck.problems)
    if root.get("format") != FORMAT:
        ck.add("format", f"应为“{FORMAT}”，这不是无证明办事目录文件")
        raise CatalogFormatError(ck.problems)
    if root.get("format_version") != FORMAT_VERSION:
        ck.add(
            "format_version",
            f"不支持的版本“{root.get('format_version')}”，本程序支持版本 {FORMAT_VERSION}",
        )
        raise CatalogFormatError(ck.problems)

    meta: dict[str, str] = {}
    catalog = ck.obj(root.get("catalog"), "catalog")
    if catalog is not None:
        meta["version"] = ck.text(catalog, "version", "catalog", required=True)
        meta["published_at"] = ck.text(catalog, "published_at", "catalog")
        meta["sample"] = "true" if ck.flag(catalog, "sample", "catalog") else "false"
        meta["source"] = ck.text(catalog, "source", "catalog")

    departments: list[dict[str, Any]] = []
    dept_seen: dict[str, str] = {}
    for i, raw in enumerate(ck.list_of(root, "departments", "")):
        path = f"departments[{i}]"
        d = ck.obj(raw, path)
        if d is None:
            continue
        row: dict[str, Any] = {
            "code": ck.text(d, "code", path, required=True),
            "name": ck.text(d, "name", path, required=True),
            "level": ck.choice(d, "level", path, _LEVELS, Level.COUNTY.value),
        }
        ck.unique(row["code"], dept_seen, path, "部门")
        departments.append(row)

    items: list[dict[str, Any]] = []
    measures: dict[str, list[dict[str, Any]]] = {}
    item_seen: dict[str, str] = {}
    for i, raw in enumerate(ck.list_of(root, "certificate_items", "")):
        path = f"certificate_items[{i}]"
        d = ck.obj(raw, path)
        if d is None:
            continue
        row = {
            "code": ck.text(d, "code", path, required=True),
            "name": ck.text(d, "name", path, required=True),
            "issuer": ck.text(d, "issuer", path),
            "legal_basis": ck.text(d, "legal_basis", path),
        }
        ck.unique(row["code"], item_seen, path, "证明事项")
        item_measures: list[dict[str, Any]] = []
        used: set[str] = set()
        for j, raw_m in enumerate(ck.list_of(d, "measures", path)):
            mpath = f"{path}.measures[{j}]"
            m = ck.obj(raw_m, mpath)
            if m is None:
                continue
            if "measure" not in m:
                ck.add(f"{mpath}.measure", "缺少必填字段")
                continue
            kind = ck.choice(m, "measure", mpath, _MEASURES, "")
            if kind in used:
                ck.add(f"{mpath}.measure", f"措施“{kind}”在同一证明事项中重复")
            used.add(kind)
            provider = m.get("provider")
            if provider is not None and not isinstance(provider, str):
                ck.add(f"{mpath}.provider", "应为部门编码或 null")
                provider = None
            elif provider is not None and provider not in dept_seen:
                ck.add(f"{mpath}.provider", f"未知部门编码“{provider}”")
            item_measures.append(
                {
                    "measure": kind,
                    "detail": ck.text(m, "detail", mpath),
                    "provider_code": provider,
                    "one_click": ck.flag(m, "one_click", mpath),
                    "deadline_days": ck.days(m, "deadline_days", mpath),
                }
            )
        measures[row["code"]] = item_measures
        items.append(row)

    matters: list[dict[str, Any]] = []
    matter_items: dict[str, list[str]] = {}
    matter_seen: dict[str, str] = {}
    for i, raw in enumerate(ck.list_of(root, "matters", "")):
        path = f"matters[{i}]"
        d = ck.obj(raw, path)
        if d is None:
            continue
        dept = ck.text(d, "department", path, required=True)
        if dept and dept not in dept_seen:
            ck.add(f"{path}.department", f"未知部门编码“{dept}”")
        row = {
            "code": ck.text(d, "code", path, required=True),
            "name": ck.text(d, "name", path, required=True),
            "department": dept,
            "level": ck.choice(d, "level", path, _LEVELS, Level.COUNTY.value),
            "applicant_kind": ck.choice(
                d, "applicant_kind", path, _APPLICANT_KINDS, ApplicantKind.PERSON.value
            ),
            "legal_limit_days": ck.days(d, "legal_limit_days", path),
            "promised_limit_days": ck.days(d, "promised_limit_days", path),
            "fee": ck.text(d, "fee", path),
            "where": ck.text(d, "where", path),
            "hours": ck.text(d, "hours", path),
            "steps": ck.strings(d, "steps", path),
            "materials": ck.strings(d, "materials", path),
        }
        ck.unique(row["code"], matter_seen, path, "事项")
        codes = ck.strings(d, "items", path)
        seen_here: set[str] = set()
        for j, code in enumerate(codes):
            if code not in item_seen:
                ck.add(f"{path}.items[{j}]", f"未知证明事项编码“{code}”")
            elif code in seen_here:
                ck.add(f"{path}.items[{j}]", f"证明事项“{code}”在同一事项中重复")
            seen_here.add(code)
        matter_items[row["code"]] = codes
        matters.append(row)

    bundles: list[dict[str, Any]] = []
    bundle_matters: dict[str, list[str]] = {}
    bundle_seen: dict[str, str] = {}
    for i, raw in enumerate(ck.list_of(root, "bundles", "")):
        path = f"bundles[{i}]"
        d = ck.obj(raw, path)
        if d is None:
            continue
        row = {
            "code": ck.text(d, "code", path, required=True),
            "name": ck.text(d, "name", path, required=True),
            "description": ck.text(d, "description", path),
        }
        ck.unique(row["code"], bundle_seen, path, "一件事")
        codes = ck.strings(d, "matters", path)
        seen_here = set()
        for j, code in enumerate(codes):
            if code not in matter_seen:
                ck.add(f"{path}.matters[{j}]", f"未知事项编码“{code}”")
            elif code in seen_here:
                ck.add(f"{path}.matters[{j}]", f"事项“{code}”在同一件事中重复")
            seen_here.add(code)
        bundle_matters[row["code"]] = codes
        bundles.append(row)

    if ck.problems:
        raise CatalogFormatError(ck.problems)
    return _Parsed(
        meta, departments, items, measures, matters, matter_items, bundles, bundle_matters
    )


# --------------------------------------------------------------------------- apply


def _chunks(values: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def _delete_ids(session: Session, table: Table, column: str, ids: Sequence[int]) -> None:
    col = table.c[column]
    for chunk in _chunks(ids):
        session.execute(delete(table).where(col.in_(chunk)))


def _next_id(session: Session, table: Table) -> int:
    return int(session.scalar(select(func.max(table.c.id))) or 0) + 1


def _referenced(session: Session, *columns: Any) -> set[int]:
    ids: set[int] = set()
    for column in columns:
        ids.update(v for v in session.scalars(select(column).distinct()) if v is not None)
    return ids


def _insert(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """Bulk INSERT through the driver's executemany: at province scale SQLAlchemy's per-row
    parameter processing would cost more than SQLite itself. Values are already in their
    stored form (enum values as text); JSON columns are serialized here."""
    if not rows:
        return
    columns = list(rows[0])
    json_columns = {c for c in columns if isinstance(table.c[c].type, JSON)}
    names = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join("?" for _ in columns)
    sql = f'INSERT INTO "{table.name}" ({names}) VALUES ({marks})'
    if json_columns:
        data = [
            tuple(_json_text(r[c]) if c in json_columns else r[c] for c in columns) for r in rows
        ]
    else:
        data = [tuple(r[c] for c in columns) for r in rows]
    session.connection().exec_driver_sql(sql, data)


def _update(session: Session, model: Any, rows: list[dict[str, Any]]) -> None:
    if rows:
        session.execute(update(model), rows)  # ORM bulk UPDATE by primary key


_MATTER_FIELDS = (
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
)
_MEASURE_FIELDS = ("measure", "detail", "provider_code", "one_click", "deadline_days")
_JSON_FIELDS = frozenset({"steps", "materials"})
_measure_values = operator.itemgetter(*_MEASURE_FIELDS)


def _json_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _matter_changed(stored: tuple[Any, ...], row: dict[str, Any]) -> bool:
    """Whether a matter's stored column values differ from the document's row."""
    for field_name, old in zip(_MATTER_FIELDS, stored, strict=True):
        new = row[field_name]
        if field_name in _JSON_FIELDS:
            if old != _json_text(new) and (old is None or json.loads(old) != new):
                return True
        elif old != new:
            return True
    return False


def apply_document(
    session: Session,
    parsed: _Parsed,
    *,
    dry_run: bool,
    actor: str,
    action: str = "catalog.import",
    source: str = "",
) -> ImportReport:
    """Make the parsed document the catalog, in the caller's transaction."""
    report = ImportReport(dry_run=dry_run, version=parsed.meta.get("version", ""))
    dept_t, item_t, measure_t = _tbl(Department), _tbl(CertificateItem), _tbl(ItemMeasure)
    matter_t, link_t = _tbl(Matter), _tbl(MatterItem)
    bundle_t, blink_t = _tbl(Bundle), _tbl(BundleMatter)

    # ---- what is there now
    # read raw (no per-value type processing): enum values and 0/1 compare equal to the
    # document's strings and booleans; JSON lists are decoded here
    dbapi = session.connection().connection  # the sqlite3 connection: plain tuples, fast

    def raw(sql: str) -> list[tuple[Any, ...]]:
        cursor = dbapi.cursor()
        try:
            cursor.execute(sql)
            return list(cursor.fetchall())
        finally:
            cursor.close()

    old_depts = {
        code: (i, name, level)
        for i, code, name, level in raw("SELECT id, code, name, level FROM department")
    }
    old_items = {
        code: (i, name, issuer, basis)
        for i, code, name, issuer, basis in raw(
            "SELECT id, code, name, issuer, legal_basis FROM certificate_item"
        )
    }
    old_measures: dict[int, list[tuple[Any, ...]]] = {}
    if old_items:
        for row in raw(
            "SELECT item_id, measure, detail, provider_code, one_click, deadline_days"
            " FROM item_measure ORDER BY item_id, position, id"
        ):
            old_measures.setdefault(row[0], []).append(tuple(row[1:]))
    # matters keep steps/materials as stored JSON text; decoded only when the text differs
    columns = ", ".join(f'"{f}"' for f in _MATTER_FIELDS)
    old_matters = {
        row[1]: (row[0], tuple(row[2:])) for row in raw(f"SELECT id, code, {columns} FROM matter")
    }
    old_links: dict[int, list[int]] = {}
    if old_matters:
        for matter_id, item_id in raw(
            "SELECT matter_id, item_id FROM matter_item ORDER BY matter_id, position, item_id"
        ):
            old_links.setdefault(matter_id, []).append(item_id)
    old_bundles = {
        code: (i, name, description)
        for i, code, name, description in raw("SELECT id, code, name, description FROM bundle")
    }
    old_blinks: dict[int, list[int]] = {}
    if old_bundles:
        for bundle_id, matter_id in raw(
            "SELECT bundle_id, matter_id FROM bundle_matter ORDER BY bundle_id, position, matter_id"
        ):
            old_blinks.setdefault(bundle_id, []).append(matter_id)

    # ---- what must stay although the document drops it: rows a case still refers to
    doc_dept_codes = {d["code"] for d in parsed.departments}
    doc_item_codes = {d["code"] for d in parsed.items}
    doc_matter_codes = {d["code"] for d in parsed.matters}
    doc_bundle_codes = {d["code"] for d in parsed.bundles}

    def split(
        old: dict[str, Any], in_doc: set[str], used: set[int], kind: str, label: str
    ) -> tuple[list[int], dict[str, int]]:
        gone = [(code, v[0]) for code, v in old.items() if code not in in_doc]
        removed = [i for code, i in gone if i not in used]
        kept = {code: i for code, i in gone if i in used}
        report.counts[kind].removed = len(removed)
        report.counts[kind].kept = len(kept)
        for code in sorted(kept)[:20]:
            report.warnings.append(f"{label}“{code}”已不在新目录中，但仍有办件引用，予以保留。")
        if len(kept) > 20:
            report.warnings.append(f"另有 {len(kept) - 20} 个{label}因仍有办件引用而保留。")
        return removed, kept

    used_items = _referenced(
        session, Resolution.item_id, Pledge.item_id, VerificationRequest.item_id
    )
    used_matters = _referenced(session, Case.matter_id)
    used_bundles = _referenced(session, Case.bundle_id)
    gone_bundles, _ = split(old_bundles, doc_bundle_codes, used_bundles, "bundles", "一件事")
    gone_matters, kept_matters = split(
        old_matters, doc_matter_codes, used_matters, "matters", "事项"
    )
    gone_items, kept_items = split(
        old_items, doc_item_codes, used_items, "certificate_items", "证明事项"
    )
    # departments still owning a kept matter, or answering for a kept item, stay too
    used_depts = {old_matters[code][1][1] for code in kept_matters}
    kept_item_ids = set(kept_items.values())
    provider_codes = {
        m[2] for i in kept_item_ids for m in old_measures.get(i, []) if m[2] is not None
    }
    used_depts.update(old_depts[c][0] for c in provider_codes if c in old_depts)
    gone_depts, _ = split(old_depts, doc_dept_codes, used_depts, "departments", "部门")

    # ---- departments
    dept_id = {code: v[0] for code, v in old_depts.items()}
    next_dept = _next_id(session, dept_t)
    new_depts: list[dict[str, Any]] = []
    changed_depts: list[dict[str, Any]] = []
    for d in parsed.departments:
        old = old_depts.get(d["code"])
        if old is None:
            dept_id[d["code"]] = next_dept
            new_depts.append({"id": next_dept, **d})
            next_dept += 1
        elif (old[1], old[2]) != (d["name"], d["level"]):
            changed_depts.append({"id": old[0], "name": d["name"], "level": d["level"]})
    report.counts["departments"].added = len(new_depts)
    report.counts["departments"].updated = len(changed_depts)
    report.counts["departments"].unchanged = (
        len(parsed.departments) - len(new_depts) - len(changed_depts)
    )

    # ---- certificate items and their measures
    item_id = {code: v[0] for code, v in old_items.items()}
    next_item = _next_id(session, item_t)
    new_items: list[dict[str, Any]] = []
    changed_items: list[dict[str, Any]] = []
    remeasure: list[int] = []  # existing items whose measures are replaced
    measure_rows: list[dict[str, Any]] = []
    updated_items = 0
    for d in parsed.items:
        code = d["code"]
        wanted = parsed.measures[code]
        old_item = old_items.get(code)
        if old_item is None:
            iid = item_id[code] = next_item
            next_item += 1
            new_items.append({"id": iid, **d})
            fresh = True
        else:
            iid = old_item[0]
            fields_changed = old_item[1:] != (d["name"], d["issuer"], d["legal_basis"])
            if fields_changed:
                changed_items.append(
                    {
                        "id": iid,
                        "name": d["name"],
                        "issuer": d["issuer"],
                        "legal_basis": d["legal_basis"],
                    }
                )
            wanted_t = [_measure_values(m) for m in wanted]
            fresh = wanted_t != old_measures.get(iid, [])
            if fresh:
                remeasure.append(iid)
            updated_items += fields_changed or fresh
        if fresh:
            measure_rows.extend(
                {"item_id": iid, "position": pos, **m} for pos, m in enumerate(wanted)
            )
    counts = report.counts["certificate_items"]
    counts.added = len(new_items)
    counts.updated = updated_items
    counts.unchanged = len(parsed.items) - len(new_items) - updated_items

    # ---- matters and their item links
    matter_id = {code: v[0] for code, v in old_matters.items()}
    next_matter = _next_id(session, matter_t)
    new_matters: list[dict[str, Any]] = []
    changed_matters: list[dict[str, Any]] = []
    relink: list[int] = []
    link_rows: list[dict[str, Any]] = []
    updated_matters = 0
    for d in parsed.matters:
        code = d["code"]
        mrow: dict[str, Any] = {k: v for k, v in d.items() if k != "department"}
        mrow["department_id"] = dept_id[d["department"]]
        wanted_links = [item_id[c] for c in parsed.matter_items[code]]
        old_matter = old_matters.get(code)
        if old_matter is None:
            mid = matter_id[code] = next_matter
            next_matter += 1
            new_matters.append({"id": mid, **mrow})
            fresh = True
        else:
            mid = old_matter[0]
            fields_changed = _matter_changed(old_matter[1], mrow)
            if fields_changed:
                changed_matters.append({"id": mid, **{f: mrow[f] for f in _MATTER_FIELDS}})
            fresh = wanted_links != old_links.get(mid, [])
            if fresh:
                relink.append(mid)
            updated_matters += fields_changed or fresh
        if fresh:
            link_rows.extend(
                {"matter_id": mid, "item_id": iid, "position": pos}
                for pos, iid in enumerate(wanted_links)
            )
    counts = report.counts["matters"]
    counts.added = len(new_matters)
    counts.updated = updated_matters
    counts.unchanged = len(parsed.matters) - len(new_matters) - updated_matters

    # ---- bundles and their matter links
    next_bundle = _next_id(session, bundle_t)
    new_bundles: list[dict[str, Any]] = []
    changed_bundles: list[dict[str, Any]] = []
    rebundle: list[int] = []
    blink_rows: list[dict[str, Any]] = []
    updated_bundles = 0
    for d in parsed.bundles:
        code = d["code"]
        wanted_links = [matter_id[c] for c in parsed.bundle_matters[code]]
        old_bundle = old_bundles.get(code)
        if old_bundle is None:
            bid = next_bundle
            next_bundle += 1
            new_bundles.append({"id": bid, **d})
            fresh = True
        else:
            bid = old_bundle[0]
            fields_changed = old_bundle[1:] != (d["name"], d["description"])
            if fields_changed:
                changed_bundles.append(
                    {"id": bid, "name": d["name"], "description": d["description"]}
                )
            fresh = wanted_links != old_blinks.get(bid, [])
            if fresh:
                rebundle.append(bid)
            updated_bundles += fields_changed or fresh
        if fresh:
            blink_rows.extend(
                {"bundle_id": bid, "matter_id": mid, "position": pos}
                for pos, mid in enumerate(wanted_links)
            )
    counts = report.counts["bundles"]
    counts.added = len(new_bundles)
    counts.updated = updated_bundles
    counts.unchanged = len(parsed.bundles) - len(new_bundles) - updated_bundles

    if dry_run:
        return report

    # ---- write: removals first (links cascade), then inserts and updates in FK order
    _delete_ids(session, bundle_t, "id", gone_bundles)
    _delete_ids(session, matter_t, "id", gone_matters)
    _delete_ids(session, item_t, "id", gone_items)
    _delete_ids(session, dept_t, "id", gone_depts)

    _insert(session, dept_t, new_depts)
    _update(session, Department, changed_depts)

    _insert(session, item_t, new_items)
    _update(session, CertificateItem, changed_items)
    _delete_ids(session, measure_t, "item_id", remeasure)
    _insert(session, measure_t, measure_rows)

    _insert(session, matter_t, new_matters)
    _update(session, Matter, changed_matters)
    _delete_ids(session, link_t, "matter_id", relink)
    _insert(session, link_t, link_rows)

    _insert(session, bundle_t, new_bundles)
    _update(session, Bundle, changed_bundles)
    _delete_ids(session, blink_t, "bundle_id", rebundle)
    _insert(session, blink_t, blink_rows)

    meta_t = _tbl(CatalogMeta)
    session.execute(delete(meta_t).where(meta_t.c.key.in_(META_KEYS)))
    _insert(session, meta_t, [{"key": k, "value": v} for k, v in parsed.meta.items()])

    audit.record(
        session,
        actor=actor,
        action=action,
        entity="catalog",
        entity_id=parsed.meta.get("version", ""),
        detail={"source": source, **report.to_dict()["counts"], "warnings": len(report.warnings)},
    )
    if report.changed:
        rebuild_index(session)  # the search index follows the catalog, same transaction
    return report


# --------------------------------------------------------------------------- import


def import_catalog_document(
    db: Database, doc: dict[str, Any], *, dry_run: bool = False, actor: str = "", source: str = ""
) -> ImportReport:
    """Make ``doc`` the installed catalog (one transaction); nothing changes on any problem."""
    parsed = parse_document(doc)
    with db.session() as session:
        return apply_document(session, parsed, dry_run=dry_run, actor=actor, source=source)


def read_document(path: Path) -> dict[str, Any]:
    """Read an exchange document from a file, with friendly messages for every failure."""
    path = Path(path)
    if not path.exists():
        raise UserError(f"找不到文件“{path}”。")
    if path.is_dir():
        raise UserError(f"“{path}”是一个文件夹，不是目录文件。")
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise UserError(f"无法读取文件“{path}”：{exc.strerror or exc}。") from exc
    except UnicodeDecodeError as exc:
        raise CatalogFormatError([f"{path.name}: 文件不是 UTF-8 编码的文本，不是目录文件"]) from exc
    if not text.strip():
        raise CatalogFormatError([f"{path.name}: 文件是空的"])
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CatalogFormatError(
            [f"{path.name}: 不是有效的 JSON，第 {exc.lineno} 行第 {exc.colno} 列附近有语法错误"]
        ) from exc
    if not isinstance(doc, dict):
        raise CatalogFormatError([f"{path.name}: 文件内容应为一个 JSON 对象"])
    return doc


def import_catalog(
    db: Database, path: Path, *, dry_run: bool = False, actor: str = ""
) -> ImportReport:
    """Import an exchange document file (see :func:`import_catalog_document`)."""
    path = Path(path)
    doc = read_document(path)
    return import_catalog_document(db, doc, dry_run=dry_run, actor=actor, source=path.name)


__all__ = [
    "FORMAT",
    "FORMAT_VERSION",
    "CatalogFormatError",
    "ImportReport",
    "KindCounts",
    "apply_document",
    "document_bytes",
    "export_catalog",
    "export_catalog_document",
    "export_document",
    "import_catalog",
    "import_catalog_document",
    "parse_document",
    "read_document",
]
