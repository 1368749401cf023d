"""Comparing two catalog documents row by row, keyed by code (:func:`diff_documents`).

Certificate items, matters, bundles and departments added and removed, and for a row in both,
what changed in it: one builder per section, each returning :class:`~.changes.Change` values.
A pure function of two documents, validated with the import's own models (:func:`parsed`).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Final

from app.catalog.diff.changes import (
    FIELD_LABELS,
    NOTHING,
    CatalogDiff,
    CatalogSide,
    Change,
    ChangeKind,
    Ref,
)
from app.catalog.exchange.document import SECTIONS, CatalogDocument, MeasureEntry
from app.catalog.views import APPLICANT_LABELS, LEVEL_LABELS, MEASURE_LABELS
from app.domain import ApplicantKind, Level, Measure


def _days(value: int | None) -> str:
    return "未规定" if value is None else f"{value} 个工作日"


def _measure_label(measure: str) -> str:
    return MEASURE_LABELS[Measure(measure)]


class _Names:
    """Names of the departments, items and matters of one document, for the words."""

    def __init__(self, doc: CatalogDocument) -> None:
        self.departments = {d.code: d.name for d in doc.departments}
        self.items = {i.code: i.name for i in doc.certificate_items}
        self.matters = {m.code: m.name for m in doc.matters}

    def department(self, code: str | None) -> str:
        if not code:
            return NOTHING
        return self.departments.get(code, code)


def _measures_text(measures: Sequence[MeasureEntry]) -> str:
    return "、".join(_measure_label(m.measure) for m in measures) or NOTHING


def _providers(measures: Sequence[MeasureEntry]) -> list[str]:
    """The departments answering the measures, in order of preference, each once."""
    found: list[str] = []
    for entry in measures:
        if entry.provider and entry.provider not in found:
            found.append(entry.provider)
    return found


def _providers_text(measures: Sequence[MeasureEntry], names: _Names) -> str:
    parts = [
        f"{_measure_label(m.measure)}：{names.department(m.provider)}"
        for m in measures
        if m.provider
    ]
    return "；".join(parts) or NOTHING


def _measure_details(
    old: Sequence[MeasureEntry], new: Sequence[MeasureEntry]
) -> tuple[str, str, tuple[str, ...]] | None:
    """What changed inside the measures both versions have (text, one-click, deadline)."""
    before = {m.measure: m for m in old}
    olds: list[str] = []
    news: list[str] = []
    fields: list[str] = []
    for entry in new:
        previous = before.get(entry.measure)
        if previous is None:
            continue
        o_parts: list[str] = []
        n_parts: list[str] = []
        if previous.detail != entry.detail:
            o_parts.append(previous.detail or "（无说明）")
            n_parts.append(entry.detail or "（无说明）")
            fields.append("detail")
        if previous.one_click != entry.one_click:
            o_parts.append("一键查询" if previous.one_click else "非一键查询")
            n_parts.append("一键查询" if entry.one_click else "非一键查询")
            fields.append("one_click")
        if previous.deadline_days != entry.deadline_days:
            o_parts.append("答复时限 " + _deadline(previous.deadline_days))
            n_parts.append("答复时限 " + _deadline(entry.deadline_days))
            fields.append("deadline_days")
        if o_parts:
            label = _measure_label(entry.measure)
            olds.append(f"{label}：" + "，".join(o_parts))
            news.append(f"{label}：" + "，".join(n_parts))
    if not olds:
        return None
    return "；".join(olds), "；".join(news), tuple(dict.fromkeys(fields))


def _deadline(days: int | None) -> str:
    return "默认（3 个工作日）" if days is None else f"{days} 个工作日"


def _field_changes(
    old: Any, new: Any, fields: Sequence[str], show: Callable[[str, Any], str]
) -> tuple[str, str, tuple[str, ...]] | None:
    changed = [f for f in fields if getattr(old, f) != getattr(new, f)]
    if not changed:
        return None
    olds = "；".join(f"{FIELD_LABELS[f]}：{show(f, getattr(old, f))}" for f in changed)
    news = "；".join(f"{FIELD_LABELS[f]}：{show(f, getattr(new, f))}" for f in changed)
    return olds, news, tuple(changed)


def _plain(field_name: str, value: Any) -> str:
    """A field's value in words."""
    if isinstance(value, list):
        return "、".join(map(str, value)) or NOTHING
    if isinstance(value, enum.Enum):
        value = value.value
    if field_name == "level":
        return LEVEL_LABELS[Level(value)]
    if field_name == "applicant_kind":
        return APPLICANT_LABELS[ApplicantKind(value)]
    if field_name.endswith("_limit_days"):
        return _days(value)
    return str(value) if value not in ("", None) else NOTHING


def _list_change(
    kind: ChangeKind,
    code: str,
    name: str,
    old: Sequence[str],
    new: Sequence[str],
    old_names: dict[str, str],
    new_names: dict[str, str],
) -> Change | None:
    """A change of an ordered list of codes (a matter's items, a bundle's matters)."""
    if list(old) == list(new):
        return None
    old_set, new_set = set(old), set(new)
    added = tuple(Ref(c, new_names.get(c, "")) for c in new if c not in old_set)
    removed = tuple(Ref(c, old_names.get(c, "")) for c in old if c not in new_set)
    kept_old = [c for c in old if c in new_set]
    kept_new = [c for c in new if c in old_set]
    order = ("、".join(kept_old), "、".join(kept_new)) if kept_old != kept_new else ("", "")
    return Change(kind, code, name, *order, fields=(), added=added, removed=removed)


def _side(doc: CatalogDocument, source: str) -> CatalogSide:
    return CatalogSide(
        source=source,
        version=doc.catalog.version,
        published_at=doc.catalog.published_at,
        sample=doc.catalog.sample,
        counts={s: len(getattr(doc, s)) for s in SECTIONS},
    )


def _keyed(rows: Iterable[Any]) -> dict[str, Any]:
    return {row.code: row for row in rows}


def parsed(doc: CatalogDocument | dict[str, Any]) -> CatalogDocument:
    """A document validated as an import validates it (CatalogFormatError otherwise)."""
    if isinstance(doc, CatalogDocument):
        return doc
    from app.catalog.exchange.validate import parse_document

    return parse_document(doc)


def diff_documents(
    old: CatalogDocument | dict[str, Any],
    new: CatalogDocument | dict[str, Any],
    *,
    old_source: str = "",
    new_source: str = "",
) -> CatalogDiff:
    """Every change from ``old`` to ``new`` (two exchange documents); see the module docstring.

    A raw document (a ``dict``) is validated first: one with problems raises
    :class:`app.catalog.exchange.CatalogFormatError`, as importing it would.
    """
    old_doc, new_doc = parsed(old), parsed(new)
    changes: list[Change] = []
    names = _Names(old_doc), _Names(new_doc)
    changes += _item_changes(old_doc, new_doc, *names)
    changes += _matter_changes(old_doc, new_doc, *names)
    changes += _bundle_changes(old_doc, new_doc, *names)
    changes += _department_changes(old_doc, new_doc)
    order = {kind: i for i, kind in enumerate(ChangeKind)}
    changes.sort(key=lambda c: (order[c.kind], c.code))
    return CatalogDiff(_side(old_doc, old_source), _side(new_doc, new_source), tuple(changes))


def _added_removed(
    old: dict[str, Any],
    new: dict[str, Any],
    added: ChangeKind,
    removed: ChangeKind,
    describe: Callable[[Any, bool], str],
) -> list[Change]:
    found = [
        Change(added, c, r.name, new=describe(r, True)) for c, r in new.items() if c not in old
    ]
    found += [
        Change(removed, c, r.name, old=describe(r, False)) for c, r in old.items() if c not in new
    ]
    return found


def _item_changes(
    old_doc: CatalogDocument, new_doc: CatalogDocument, old_names: _Names, new_names: _Names
) -> list[Change]:
    old, new = _keyed(old_doc.certificate_items), _keyed(new_doc.certificate_items)

    def describe(item: Any, is_new: bool) -> str:
        names = new_names if is_new else old_names
        parts = [f"开具单位：{item.issuer}"] if item.issuer else []
        parts.append(f"措施：{_measures_text(item.measures)}")
        providers = [names.department(p) for p in _providers(item.measures)]
        if providers:
            parts.append("核验或查询部门：" + "、".join(providers))
        return "；".join(parts)

    changes = _added_removed(old, new, ChangeKind.ITEM_ADDED, ChangeKind.ITEM_REMOVED, describe)
    for code, item in new.items():
        before = old.get(code)
        if before is None or before == item:  # unchanged: nothing more to compare
            continue
        was = [m.measure for m in before.measures]
        now = [m.measure for m in item.measures]
        if was != now:
            changes.append(
                Change(
                    ChangeKind.MEASURES,
                    code,
                    item.name,
                    _measures_text(before.measures),
                    _measures_text(item.measures),
                    ("measures",),
                )
            )
        details = _measure_details(before.measures, item.measures)
        if details is not None:
            changes.append(Change(ChangeKind.MEASURE_DETAILS, code, item.name, *details))
        if before.legal_basis != item.legal_basis:
            changes.append(
                Change(
                    ChangeKind.LEGAL_BASIS,
                    code,
                    item.name,
                    before.legal_basis,
                    item.legal_basis,
                    ("legal_basis",),
                )
            )
        if _providers(before.measures) != _providers(item.measures):
            changes.append(
                Change(
                    ChangeKind.PROVIDER,
                    code,
                    item.name,
                    _providers_text(before.measures, old_names),
                    _providers_text(item.measures, new_names),
                    ("provider",),
                )
            )
        other = _field_changes(before, item, ("name", "issuer"), _plain)
        if other is not None:
            changes.append(Change(ChangeKind.ITEM_DETAILS, code, item.name, *other))
    return changes


_MATTER_FIELDS: Final = (
    "name",
    "department",
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


def _matter_changes(
    old_doc: CatalogDocument, new_doc: CatalogDocument, old_names: _Names, new_names: _Names
) -> list[Change]:
    old, new = _keyed(old_doc.matters), _keyed(new_doc.matters)

    def describe(matter: Any, is_new: bool) -> str:
        names = new_names if is_new else old_names
        return f"{names.department(matter.department)}；所需证明 {len(matter.items)} 项"

    changes = _added_removed(old, new, ChangeKind.MATTER_ADDED, ChangeKind.MATTER_REMOVED, describe)
    old_show, new_show = _shown_with(old_names), _shown_with(new_names)
    for code, matter in new.items():
        before = old.get(code)
        if before is None or before == matter:  # unchanged: nothing more to compare
            continue
        items = _list_change(
            ChangeKind.MATTER_ITEMS,
            code,
            matter.name,
            before.items,
            matter.items,
            old_names.items,
            new_names.items,
        )
        if items is not None:
            changes.append(items)

        fields = [f for f in _MATTER_FIELDS if getattr(before, f) != getattr(matter, f)]
        if fields:
            was = "；".join(f"{FIELD_LABELS[f]}：{old_show(f, getattr(before, f))}" for f in fields)
            now = "；".join(f"{FIELD_LABELS[f]}：{new_show(f, getattr(matter, f))}" for f in fields)
            changes.append(
                Change(ChangeKind.MATTER_DETAILS, code, matter.name, was, now, tuple(fields))
            )
    return changes


def _shown_with(names: _Names) -> Callable[[str, Any], str]:
    """How a matter's field reads, its department named from the document it is in."""

    def show(field_name: str, value: Any) -> str:
        if field_name == "department":
            return names.department(value)
        return _plain(field_name, value)

    return show


def _bundle_changes(
    old_doc: CatalogDocument, new_doc: CatalogDocument, old_names: _Names, new_names: _Names
) -> list[Change]:
    old, new = _keyed(old_doc.bundles), _keyed(new_doc.bundles)

    def describe(bundle: Any, _is_new: bool) -> str:
        return f"含事项 {len(bundle.matters)} 项"

    changes = _added_removed(old, new, ChangeKind.BUNDLE_ADDED, ChangeKind.BUNDLE_REMOVED, describe)
    for code, bundle in new.items():
        before = old.get(code)
        if before is None or before == bundle:  # unchanged: nothing more to compare
            continue
        matters = _list_change(
            ChangeKind.BUNDLE_MATTERS,
            code,
            bundle.name,
            before.matters,
            bundle.matters,
            old_names.matters,
            new_names.matters,
        )
        if matters is not None:
            changes.append(matters)
        other = _field_changes(before, bundle, ("name", "description"), _plain)
        if other is not None:
            changes.append(Change(ChangeKind.BUNDLE_DETAILS, code, bundle.name, *other))
    return changes


def _department_changes(old_doc: CatalogDocument, new_doc: CatalogDocument) -> list[Change]:
    old, new = _keyed(old_doc.departments), _keyed(new_doc.departments)

    def describe(department: Any, _is_new: bool) -> str:
        return _plain("level", department.level)

    changes = _added_removed(
        old, new, ChangeKind.DEPARTMENT_ADDED, ChangeKind.DEPARTMENT_REMOVED, describe
    )
    for code, department in new.items():
        before = old.get(code)
        if before is None or before == department:  # unchanged: nothing more to compare
            continue
        other = _field_changes(before, department, ("name", "level"), _plain)
        if other is not None:
            changes.append(Change(ChangeKind.DEPARTMENT_DETAILS, code, department.name, *other))
    return changes
