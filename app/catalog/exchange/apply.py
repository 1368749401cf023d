"""Making a validated document *the* catalog, in one transaction.

Rows are matched by code and added or updated; catalog rows the document no longer holds are
removed, unless a case still refers to them: those are kept for their cases but retired, out of
the catalog (not searched, exported, counted or offered for intake), and the report says so.
A case keeps what it refers to: its matter or bundle (and a bundle's matters), its certificate
items, the departments owning them or answering for them. A later catalog that holds a retired
row's code again brings it back. The four kinds of rows (departments, certificate items,
matters, bundles) go through one diff: compare a row's columns, and replace its child rows (an
item's measures, a matter's items, a bundle's matters) as a whole when they differ.

The built-in sample (a catalog marked ``sample``) is replaced, never updated, by a real one:
its matters, items and bundles are moved out of the code space first (the ones kept for cases
are renamed ``示例-M0001``…), so that a real catalog reusing a sample code (M0001) never makes a
training case read as if it had been taken in on a real matter. The report says the sample was
replaced and how many cases were taken in on it.

Writing uses the driver's executemany, so that a province-size catalog (hundreds of thousands
of matters and items) imports in seconds rather than minutes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, Table, delete, select, update
from sqlalchemy.orm import Session

from app import audit
from app.catalog.exchange.document import CatalogDocument
from app.catalog.exchange.report import ImportReport, Progress
from app.catalog.exchange.stored import (
    BUNDLES,
    DEPARTMENTS,
    ITEMS,
    MATTERS,
    META_KEYS,
    JsonTexts,
    Kind,
    StoredCatalog,
    json_text,
    table_of,
)
from app.catalog.exchange.validate import bulk_work, parse_document, read_document
from app.catalog.search import rebuild_index
from app.storage.backup import backup_before_change
from app.storage.db import Database
from app.storage.models import (
    Case,
    CatalogMeta,
    Pledge,
    Resolution,
    VerificationRequest,
)

_CHUNK = 500  # ids per "IN (…)" statement, well under SQLite's variable limit
_KEPT_NAMED = 20  # kept rows named one by one in the warnings

# one row of the document: its code, its column values (in Kind.fields order), its children
_Row = tuple[str, tuple[Any, ...], list[tuple[Any, ...]]]


# --------------------------------------------------------------------------- the diff


@dataclass
class _Plan:
    """What to write for one kind of row: new rows as tuples (id, code, *fields), child rows
    as tuples (parent id, position, *child fields), changed rows as dicts (ORM bulk UPDATE)."""

    kind: Kind
    ids: dict[str, int]  # code → id, old and new rows
    inserts: list[tuple[Any, ...]] = field(default_factory=list)
    updates: list[dict[str, Any]] = field(default_factory=list)
    refreshed: list[int] = field(default_factory=list)  # rows whose children are replaced
    children: list[tuple[Any, ...]] = field(default_factory=list)
    revived: list[int] = field(default_factory=list)  # retired rows back in the catalog


def _same_values(kind: Kind, old: tuple[Any, ...], new: tuple[Any, ...], texts: JsonTexts) -> bool:
    if old == new:
        return True
    json_fields = kind.json_fields
    for name, a, b in zip(kind.fields, old, new, strict=True):
        if a == b:
            continue
        if name not in json_fields or not texts.same(a, b):
            return False
    return True


def _diff(
    kind: Kind,
    rows: Iterable[_Row],
    old: dict[str, tuple[int, tuple[Any, ...]]],
    old_children: dict[int, list[tuple[Any, ...]]],
    next_id: int,
    report: ImportReport,
    texts: JsonTexts,
    retired: set[int],
) -> _Plan:
    """Compare the document's rows of one kind with the stored ones (a retired row the
    document holds again counts as updated)."""
    plan = _Plan(kind, {code: stored[0] for code, stored in old.items()})
    has_children = bool(kind.child_table)
    total = updated = 0
    for code, values, children in rows:
        total += 1
        stored = old.get(code)
        if stored is None:
            row_id = plan.ids[code] = next_id
            next_id += 1
            plan.inserts.append((row_id, code, *values))
            fresh = has_children
        else:
            row_id = stored[0]
            changed = not _same_values(kind, stored[1], values, texts)
            if row_id in retired:
                plan.revived.append(row_id)
            if changed:
                plan.updates.append({"id": row_id, **dict(zip(kind.fields, values, strict=True))})
            fresh = has_children and children != old_children.get(row_id, [])
            if fresh:
                plan.refreshed.append(row_id)
            updated += changed or fresh or row_id in retired
        if fresh:
            plan.children.extend((row_id, pos, *child) for pos, child in enumerate(children))
    counts = report.counts[kind.section]
    counts.added = len(plan.inserts)
    counts.updated = updated
    counts.unchanged = total - counts.added - updated
    return plan


def _department_rows(doc: CatalogDocument) -> Iterable[_Row]:
    return ((d.code, (d.name, d.level), []) for d in doc.departments)


def _item_rows(doc: CatalogDocument) -> Iterable[_Row]:
    for item in doc.certificate_items:
        measures = [
            (m.measure, m.detail, m.provider, m.one_click, m.deadline_days) for m in item.measures
        ]
        yield item.code, (item.name, item.issuer, item.legal_basis), measures


def _matter_rows(doc: CatalogDocument, departments: _Plan, items: _Plan) -> Iterable[_Row]:
    department_id, item_id = departments.ids, items.ids
    for m in doc.matters:
        values = (
            m.name,
            department_id[m.department],
            m.level,
            m.applicant_kind,
            m.legal_limit_days,
            m.promised_limit_days,
            m.fee,
            m.where,
            m.hours,
            list(m.steps),
            list(m.materials),
        )
        yield m.code, values, [(item_id[c],) for c in m.items]


def _bundle_rows(doc: CatalogDocument, matters: _Plan) -> Iterable[_Row]:
    matter_id = matters.ids
    for b in doc.bundles:
        yield b.code, (b.name, b.description), [(matter_id[c],) for c in b.matters]


# --------------------------------------------------------------------------- removals


def _referenced(session: Session, *columns: Any) -> set[int]:
    ids: set[int] = set()
    for column in columns:
        ids.update(v for v in session.scalars(select(column).distinct()) if v is not None)
    return ids


def _removals(
    kind: Kind,
    old: dict[str, tuple[int, tuple[Any, ...]]],
    in_document: set[str],
    used: set[int],
    retired: set[int],
    quiet: set[int],
    report: ImportReport,
) -> tuple[list[int], dict[str, int]]:
    """Rows the document drops: (ids to remove, {code: id} kept because a case refers to it).

    Rows retired before stay out of the report; ``quiet`` rows (the sample's) are counted as
    kept but not named in the warnings.
    """
    gone = [(code, stored[0]) for code, stored in old.items() if code not in in_document]
    removed = [i for _code, i in gone if i not in used]
    kept = {code: i for code, i in gone if i in used}
    newly = sorted(code for code, i in kept.items() if i not in retired)
    report.counts[kind.section].removed = sum(1 for i in removed if i not in retired)
    report.counts[kind.section].kept = len(newly)
    named = [code for code in newly if kept[code] not in quiet]
    for code in named[:_KEPT_NAMED]:
        report.warnings.append(
            f"{kind.label}“{code}”已不在新目录中，但仍有办件引用，予以保留（不再用于受理）。"
        )
    if len(named) > _KEPT_NAMED:
        report.warnings.append(
            f"另有 {len(named) - _KEPT_NAMED} 个{kind.label}因仍有办件引用而保留。"
        )
    return removed, kept


# --------------------------------------------------------------------------- writing


def _chunks(values: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def _delete_ids(session: Session, table: Table, column: str, ids: Sequence[int]) -> None:
    col = table.c[column]
    for chunk in _chunks(ids):
        session.execute(delete(table).where(col.in_(chunk)))


def _insert(
    session: Session,
    table: Table,
    columns: Sequence[str],
    rows: Sequence[tuple[Any, ...]],
    json_text: Callable[[Any], str] = json_text,
) -> None:
    """Bulk INSERT through the driver's executemany: at province scale SQLAlchemy's per-row
    parameter processing would cost more than SQLite itself. Values are already in their
    stored form (enum values as text); JSON columns are serialized here."""
    if not rows:
        return
    names = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join("?" for _ in columns)
    sql = f'INSERT INTO "{table.name}" ({names}) VALUES ({marks})'
    json_at = [i for i, c in enumerate(columns) if isinstance(table.c[c].type, JSON)]
    if json_at:
        rows = [
            tuple(json_text(v) if i in json_at else v for i, v in enumerate(row)) for row in rows
        ]
    session.connection().exec_driver_sql(sql, list(rows))


def _set_retired(session: Session, table: Table, ids: Sequence[int], value: bool) -> None:
    for chunk in _chunks(ids):
        session.execute(update(table).where(table.c.id.in_(chunk)).values(retired=value))


def _write(session: Session, plan: _Plan, texts: JsonTexts) -> None:
    kind = plan.kind
    _insert(session, kind.table, ("id", "code", *kind.fields), plan.inserts, texts.text)
    if plan.updates:
        session.execute(update(kind.model), plan.updates)  # ORM bulk UPDATE by primary key
    if kind.child_table:
        children = kind.table.metadata.tables[kind.child_table]
        _delete_ids(session, children, kind.parent, plan.refreshed)
        _insert(session, children, (kind.parent, "position", *kind.child_fields), plan.children)


# --------------------------------------------------------------------------- apply


def _meta(doc: CatalogDocument) -> dict[str, str]:
    info = doc.catalog
    sample = "true" if info.sample else "false"
    return {
        "version": info.version,
        "published_at": info.published_at,
        "sample": sample,
        "source": info.source,
    }


SAMPLE_PREFIX = "示例"


def _move_sample_aside(
    old: dict[str, dict[str, tuple[int, tuple[Any, ...]]]],
    retired: dict[str, set[int]],
    doc: CatalogDocument,
) -> dict[str, dict[int, str]]:
    """Give the sample's matters, items and bundles codes no catalog uses (``示例-M0001``), in
    ``old`` (so the diff removes or keeps them, never updates them); {section: {id: code}}."""
    moved: dict[str, dict[int, str]] = {}
    for kind in (ITEMS, MATTERS, BUNDLES):
        rows = old[kind.section]
        taken = set(rows) | {row.code for row in getattr(doc, kind.section)}
        renamed: dict[str, tuple[int, tuple[Any, ...]]] = {}
        codes: dict[int, str] = {}
        for code, stored in rows.items():
            if stored[0] in retired[kind.section]:  # already out of the catalog
                renamed[code] = stored
                continue
            n = 1
            while (aside := f"{SAMPLE_PREFIX}{n if n > 1 else ''}-{code}") in taken:
                n += 1
            taken.add(aside)
            renamed[aside] = stored
            codes[stored[0]] = aside
        old[kind.section] = renamed
        moved[kind.section] = codes
    return moved


def _gone(
    session: Session,
    doc: CatalogDocument,
    old: dict[str, dict[str, tuple[int, tuple[Any, ...]]]],
    old_children: dict[str, dict[int, list[tuple[Any, ...]]]],
    retired: dict[str, set[int]],
    quiet: dict[str, set[int]],
    report: ImportReport,
) -> tuple[dict[str, list[int]], dict[str, dict[str, int]]]:
    """The ids of the rows the document drops, by section, except those that must stay: rows
    a case still refers to (a kept bundle's matters too), and departments owning a kept matter
    or answering for a kept item; and those kept rows ({section: {code: id}})."""

    def removals(kind: Kind, used: set[int]) -> tuple[list[int], dict[str, int]]:
        codes = {row.code for row in getattr(doc, kind.section)}
        section = kind.section
        return _removals(
            kind, old[section], codes, used, retired[section], quiet.get(section, set()), report
        )

    bundles, kept_bundles = removals(BUNDLES, _referenced(session, Case.bundle_id))
    bundle_matters = old_children["bundles"]
    in_kept_bundles = {m for b in kept_bundles.values() for (m,) in bundle_matters.get(b, [])}
    used_matters = _referenced(session, Case.matter_id) | in_kept_bundles
    matters, kept_matters = removals(MATTERS, used_matters)
    used_items = _referenced(
        session, Resolution.item_id, Pledge.item_id, VerificationRequest.item_id
    )
    items, kept_items = removals(ITEMS, used_items)
    department_of = MATTERS.fields.index("department_id")
    used_departments = {old["matters"][code][1][department_of] for code in kept_matters}
    provider_of = ITEMS.child_fields.index("provider_code")
    providers = {
        m[provider_of]
        for i in kept_items.values()
        for m in old_children["certificate_items"].get(i, [])
        if m[provider_of] is not None
    }
    stored_departments = old["departments"]
    used_departments.update(stored_departments[c][0] for c in providers if c in stored_departments)
    departments, kept_departments = removals(DEPARTMENTS, used_departments)
    gone = {
        "departments": departments,
        "certificate_items": items,
        "matters": matters,
        "bundles": bundles,
    }
    kept = {
        "departments": kept_departments,
        "certificate_items": kept_items,
        "matters": kept_matters,
        "bundles": kept_bundles,
    }
    return gone, kept


def _cases_on(session: Session, matters: set[int], bundles: set[int]) -> int:
    """How many cases were taken in on these matters or bundles."""
    rows = session.execute(select(Case.matter_id, Case.bundle_id))
    return sum(1 for matter, bundle in rows if matter in matters or bundle in bundles)


def apply_document(
    session: Session,
    doc: CatalogDocument,
    *,
    dry_run: bool,
    actor: str,
    action: str = "catalog.import",
    source: str = "",
) -> ImportReport:
    """Make the validated document the catalog, in the caller's transaction."""
    with bulk_work():
        return _apply(session, doc, dry_run=dry_run, actor=actor, action=action, source=source)


def _apply(
    session: Session, doc: CatalogDocument, *, dry_run: bool, actor: str, action: str, source: str
) -> ImportReport:
    report = ImportReport(dry_run=dry_run, version=doc.catalog.version)
    stored = StoredCatalog(session)
    kinds = (DEPARTMENTS, ITEMS, MATTERS, BUNDLES)
    old = {k.section: stored.rows(k) for k in kinds}
    old_children = {k.section: stored.children(k) if old[k.section] else {} for k in kinds}
    retired = {k.section: stored.retired(k) if old[k.section] else set() for k in kinds}
    report.replaces_sample = stored.meta().get("sample") == "true" and not doc.catalog.sample
    moved: dict[str, dict[int, str]] = {}
    quiet: dict[str, set[int]] = {}  # the sample's rows: one line says what became of them
    if report.replaces_sample:
        quiet = {s: {i for i, _ in rows.values()} - retired[s] for s, rows in old.items()}
        moved = _move_sample_aside(old, retired, doc)
    gone, kept = _gone(session, doc, old, old_children, retired, quiet, report)
    if report.replaces_sample:
        sample_matters = set(kept["matters"].values()) & quiet["matters"]
        sample_bundles = set(kept["bundles"].values()) & quiet["bundles"]
        report.sample_cases = _cases_on(session, sample_matters, sample_bundles)
    texts = JsonTexts()

    def diff(kind: Kind, rows: Iterable[_Row]) -> _Plan:
        section = kind.section
        next_id = stored.next_id(kind)
        return _diff(
            kind,
            rows,
            old[section],
            old_children[section],
            next_id,
            report,
            texts,
            retired[section],
        )

    departments = diff(DEPARTMENTS, _department_rows(doc))
    items = diff(ITEMS, _item_rows(doc))
    matters = diff(MATTERS, _matter_rows(doc, departments, items))
    bundles = diff(BUNDLES, _bundle_rows(doc, matters))
    if dry_run:
        return report
    if report.changed:  # a replacement: keep the committed state first (app.storage.backup)
        backup_before_change(session, "catalog")

    # removals first (child rows cascade), then the sample's kept rows renamed out of the way,
    # then inserts and updates in foreign-key order; departments go last, once no matter
    # points at them any more
    for kind in (BUNDLES, MATTERS, ITEMS):
        _delete_ids(session, kind.table, "id", gone[kind.section])
    for kind in (ITEMS, MATTERS, BUNDLES):
        codes = moved.get(kind.section, {})
        renames = [{"id": i, "code": codes[i]} for i in kept[kind.section].values() if i in codes]
        if renames:
            session.execute(update(kind.model), renames)  # ORM bulk UPDATE by primary key
    for plan in (departments, items, matters, bundles):
        _write(session, plan, texts)
    for kind, plan in zip(kinds, (departments, items, matters, bundles), strict=True):
        section = kind.section
        newly = [i for i in kept[section].values() if i not in retired[section]]
        _set_retired(session, kind.table, newly, True)
        _set_retired(session, kind.table, plan.revived, False)
    _delete_ids(session, DEPARTMENTS.table, "id", gone["departments"])

    meta_t = table_of(CatalogMeta)
    session.execute(delete(meta_t).where(meta_t.c.key.in_(META_KEYS)))
    _insert(session, meta_t, ("key", "value"), list(_meta(doc).items()))

    counts = report.to_dict()["counts"]
    detail = {"source": source, **counts, "warnings": len(report.warnings)}
    if report.replaces_sample:
        detail["replaces_sample"] = True
    audit.record(
        session,
        actor=actor,
        action=action,
        entity="catalog",
        entity_id=doc.catalog.version,
        detail=detail,
    )
    if report.changed:
        rebuild_index(session)  # the search index follows the catalog, same transaction
    return report


# --------------------------------------------------------------------------- import


def import_catalog_document(
    db: Database,
    doc: Any,
    *,
    dry_run: bool = False,
    actor: str = "",
    source: str = "",
    progress: Progress | None = None,
) -> ImportReport:
    """Make ``doc`` the installed catalog (one transaction); nothing changes on any problem.

    ``progress(done, total)``: once checked, once written (of three steps, reading the file
    being the first: :func:`import_catalog`).
    """
    with bulk_work():
        parsed = parse_document(doc)
        if progress is not None:
            progress(2, 3)
        with db.session() as session:
            report = apply_document(session, parsed, dry_run=dry_run, actor=actor, source=source)
        if progress is not None:
            progress(3, 3)
        return report


def import_catalog(
    db: Database,
    path: Path,
    *,
    dry_run: bool = False,
    actor: str = "",
    progress: Progress | None = None,
) -> ImportReport:
    """Import an exchange document file (see :func:`import_catalog_document`)."""
    path = Path(path)
    with bulk_work():
        doc = read_document(path)
        if progress is not None:
            progress(1, 3)
        return import_catalog_document(
            db, doc, dry_run=dry_run, actor=actor, source=path.name, progress=progress
        )


__all__ = [
    "META_KEYS",
    "apply_document",
    "import_catalog",
    "import_catalog_document",
]
