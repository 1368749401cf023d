"""What changed between two versions of the catalog (``wuzheng catalog diff``, 比较目录版本…).

Two catalog exchange documents (docs/catalog-format.md) are compared row by row, keyed by
code: certificate items, matters, bundles and departments added and removed, and for a row in
both, what changed in it. For a certificate item that is the measures (their kinds in order of
preference), the measures' own content (a pledge text, a substitute document, one-click, the
provider's deadline), the legal basis, the provider departments, and its name or issuing unit;
for a matter its list of certificate items and its other fields; for a bundle its matters.
Catalog metadata (version label, publication day, source) is shown, never counted as a change:
two catalogs with the same rows under different version labels have no changes.

:func:`diff_documents` is a pure function of two documents (validated here with the import's
own models, so a document with problems is refused exactly as an import refuses it); the hub's
published versions, files and the installed catalog all come down to it. :func:`load_document`
and :func:`compare` read what the command line and the window name: the installed catalog, one
``.json`` document, or the departments' registers (``.xlsx`` / ``.csv``), which are merged into
the old catalog exactly as importing them would merge them (so ``installed`` against registers
previews an import), or into an empty catalog on the old side.

Nothing here imports Qt; nothing here writes to the window's database.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, NamedTuple

from app.catalog.exchange.document import DOCUMENT, SECTIONS, CatalogDocument, MeasureEntry
from app.catalog.views import APPLICANT_LABELS, LEVEL_LABELS, MEASURE_LABELS
from app.domain import ApplicantKind, Level, Measure
from app.errors import UserError

if TYPE_CHECKING:
    from app.storage.db import Database

INSTALLED: Final = "installed"  # the word naming this window's installed catalog
CATALOG_SUFFIX: Final = ".json"
REGISTER_SUFFIXES: Final = (".xlsx", ".xlsm", ".csv")
DIFF_SUFFIXES: Final = (CATALOG_SUFFIX, *REGISTER_SUFFIXES)
_ACTOR = "比较目录"  # the actor of the imports into a scratch database (never the window's)
_NOTHING = "（无）"
OLD_SIDE: Final = "旧目录"
NEW_SIDE: Final = "新目录"


class ChangeKind(enum.StrEnum):
    """One kind of change; the declaration order is the order of the report."""

    ITEM_ADDED = "item_added"
    ITEM_REMOVED = "item_removed"
    MEASURES = "measures"  # the measures' kinds, in order of preference
    MEASURE_DETAILS = "measure_details"  # the same measures; their text, one-click, deadline
    LEGAL_BASIS = "legal_basis"
    PROVIDER = "provider"  # the departments answering a share / verify measure
    ITEM_DETAILS = "item_details"  # name or issuing unit
    MATTER_ADDED = "matter_added"
    MATTER_REMOVED = "matter_removed"
    MATTER_ITEMS = "matter_items"  # the certificate items a matter demands
    MATTER_DETAILS = "matter_details"
    BUNDLE_ADDED = "bundle_added"
    BUNDLE_REMOVED = "bundle_removed"
    BUNDLE_MATTERS = "bundle_matters"
    BUNDLE_DETAILS = "bundle_details"
    DEPARTMENT_ADDED = "department_added"
    DEPARTMENT_REMOVED = "department_removed"
    DEPARTMENT_DETAILS = "department_details"


KIND_LABELS: Final[dict[ChangeKind, str]] = {
    ChangeKind.ITEM_ADDED: "新增证明事项",
    ChangeKind.ITEM_REMOVED: "删除证明事项",
    ChangeKind.MEASURES: "替代措施变化",
    ChangeKind.MEASURE_DETAILS: "措施内容变化",
    ChangeKind.LEGAL_BASIS: "索取依据变化",
    ChangeKind.PROVIDER: "核验或查询部门变化",
    ChangeKind.ITEM_DETAILS: "证明名称或开具单位变化",
    ChangeKind.MATTER_ADDED: "新增事项",
    ChangeKind.MATTER_REMOVED: "删除事项",
    ChangeKind.MATTER_ITEMS: "事项所需证明变化",
    ChangeKind.MATTER_DETAILS: "事项其他信息变化",
    ChangeKind.BUNDLE_ADDED: "新增一件事",
    ChangeKind.BUNDLE_REMOVED: "删除一件事",
    ChangeKind.BUNDLE_MATTERS: "一件事所含事项变化",
    ChangeKind.BUNDLE_DETAILS: "一件事其他信息变化",
    ChangeKind.DEPARTMENT_ADDED: "新增部门",
    ChangeKind.DEPARTMENT_REMOVED: "删除部门",
    ChangeKind.DEPARTMENT_DETAILS: "部门名称或层级变化",
}

# the section (docs/catalog-format.md) each kind of change is about
_ITEM_KINDS: Final = (
    ChangeKind.ITEM_ADDED,
    ChangeKind.ITEM_REMOVED,
    ChangeKind.MEASURES,
    ChangeKind.MEASURE_DETAILS,
    ChangeKind.LEGAL_BASIS,
    ChangeKind.PROVIDER,
    ChangeKind.ITEM_DETAILS,
)
KIND_SECTIONS: Final[dict[ChangeKind, str]] = {
    **{kind: "certificate_items" for kind in _ITEM_KINDS},
    ChangeKind.MATTER_ADDED: "matters",
    ChangeKind.MATTER_REMOVED: "matters",
    ChangeKind.MATTER_ITEMS: "matters",
    ChangeKind.MATTER_DETAILS: "matters",
    ChangeKind.BUNDLE_ADDED: "bundles",
    ChangeKind.BUNDLE_REMOVED: "bundles",
    ChangeKind.BUNDLE_MATTERS: "bundles",
    ChangeKind.BUNDLE_DETAILS: "bundles",
    ChangeKind.DEPARTMENT_ADDED: "departments",
    ChangeKind.DEPARTMENT_REMOVED: "departments",
    ChangeKind.DEPARTMENT_DETAILS: "departments",
}

FIELD_LABELS: Final[dict[str, str]] = {
    "name": "名称",
    "issuer": "开具单位",
    "legal_basis": "索取依据",
    "measures": "替代措施",
    "detail": "措施内容",
    "one_click": "一键查询",
    "deadline_days": "答复时限",
    "provider": "核验或查询部门",
    "department": "主管部门",
    "level": "层级",
    "applicant_kind": "申请人",
    "legal_limit_days": "法定时限",
    "promised_limit_days": "承诺时限",
    "fee": "收费",
    "where": "办理地点",
    "hours": "办理时间",
    "steps": "办理流程",
    "materials": "仍需材料",
    "items": "所需证明",
    "description": "说明",
    "matters": "所含事项",
}


class Ref(NamedTuple):
    """A row another row names: its code and (where known) its name."""

    code: str
    name: str

    def __str__(self) -> str:
        return f"{self.code} {self.name}" if self.name else self.code


@dataclass(frozen=True)
class Change:
    """One change of one row.

    ``old`` and ``new`` say in words what it was and what it is (empty for a row added or
    removed, whose ``new`` / ``old`` describe it); ``fields`` the format's fields that changed;
    ``added`` and ``removed`` the rows that came into or left a list (a matter's items, a
    bundle's matters).
    """

    kind: ChangeKind
    code: str
    name: str
    old: str = ""
    new: str = ""
    fields: tuple[str, ...] = ()
    added: tuple[Ref, ...] = ()
    removed: tuple[Ref, ...] = ()

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]

    def lines(self) -> list[str]:
        """The change in words, one line per fact, without the kind (the group's heading)."""
        head = f"{self.code} {self.name}"
        if self.kind.value.endswith(("_added", "_removed")):
            what = self.new or self.old
            return [f"{head}（{what}）" if what else head]
        lines = [head]
        if self.added:
            lines.append("  新增：" + "、".join(map(str, self.added)))
        if self.removed:
            lines.append("  删除：" + "、".join(map(str, self.removed)))
        if self.old or self.new:
            if self.added or self.removed:  # what is left is the order
                lines.append("  顺序调整")
            else:
                lines.append(f"  原来：{self.old or _NOTHING}")
                lines.append(f"  现在：{self.new or _NOTHING}")
        return lines

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "section": KIND_SECTIONS[self.kind],
            "code": self.code,
            "name": self.name,
            "old": self.old,
            "new": self.new,
            "fields": list(self.fields),
            "added": [r._asdict() for r in self.added],
            "removed": [r._asdict() for r in self.removed],
        }


@dataclass(frozen=True)
class CatalogSide:
    """One of the two catalogs: where it came from, its version and its size."""

    source: str  # 当前安装的目录, a file name … ("" when not said)
    version: str
    published_at: str
    sample: bool
    counts: dict[str, int]

    def describe(self) -> str:
        n = self.counts
        sizes = (
            f"部门 {n['departments']} 个，证明事项 {n['certificate_items']} 项，"
            f"事项 {n['matters']} 项，一件事 {n['bundles']} 项"
        )
        version = self.version + ("（内置示例）" if self.sample else "")
        day = f"，{self.published_at} 发布" if self.published_at else ""
        return f"版本 {version}{day}；{sizes}"

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "version": self.version,
            "published_at": self.published_at,
            "sample": self.sample,
            "counts": dict(self.counts),
        }


@dataclass(frozen=True)
class CatalogDiff:
    """Every change from ``old`` to ``new``, ordered by kind (:class:`ChangeKind`), then code."""

    old: CatalogSide
    new: CatalogSide
    changes: tuple[Change, ...] = ()
    _by_kind: dict[ChangeKind, tuple[Change, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        groups: dict[ChangeKind, list[Change]] = {}
        for change in self.changes:
            groups.setdefault(change.kind, []).append(change)
        self._by_kind.update({k: tuple(v) for k, v in groups.items()})

    @property
    def empty(self) -> bool:
        return not self.changes

    def of_kind(self, kind: ChangeKind) -> tuple[Change, ...]:
        return self._by_kind.get(kind, ())

    def counts(self) -> dict[ChangeKind, int]:
        """How many changes of each kind there are (kinds with none left out), in report order."""
        return {kind: len(self._by_kind[kind]) for kind in ChangeKind if kind in self._by_kind}

    def summary(self) -> str:
        """One line: the number of changes and of each kind."""
        if self.empty:
            return "两个目录的内容相同，没有变化。"
        parts = [f"{KIND_LABELS[k]} {n} 处" for k, n in self.counts().items()]
        return f"共 {len(self.changes)} 处变化：" + "，".join(parts) + "。"

    def report_lines(self, kinds: Iterable[ChangeKind] | None = None) -> list[str]:
        """The readable report: both catalogs, the summary, then each kind of change."""
        lines = [
            "目录版本比较",
            _heading(OLD_SIDE, self.old),
            _heading(NEW_SIDE, self.new),
            self.summary(),
        ]
        wanted = set(ChangeKind if kinds is None else kinds)
        for kind, count in self.counts().items():
            if kind not in wanted:
                continue
            lines.append("")
            lines.append(f"【{KIND_LABELS[kind]}】{count} 处")
            for change in self.of_kind(kind):
                lines.extend("  " + line for line in change.lines())
        return lines

    def report(self, kinds: Iterable[ChangeKind] | None = None) -> str:
        return "\n".join(self.report_lines(kinds)) + "\n"

    def to_json(self) -> dict[str, Any]:
        return {
            "old": self.old.to_json(),
            "new": self.new.to_json(),
            "total": len(self.changes),
            "counts": {k.value: n for k, n in self.counts().items()},
            "changes": [c.to_json() for c in self.changes],
        }


def _heading(side: str, catalog: CatalogSide) -> str:
    where = f"（{catalog.source}）" if catalog.source else ""
    return f"{side}{where}：{catalog.describe()}"


# --------------------------------------------------------------------------- comparing


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
            return _NOTHING
        return self.departments.get(code, code)


def _measures_text(measures: Sequence[MeasureEntry]) -> str:
    return "、".join(_measure_label(m.measure) for m in measures) or _NOTHING


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
    return "；".join(parts) or _NOTHING


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
        return "、".join(map(str, value)) or _NOTHING
    if isinstance(value, enum.Enum):
        value = value.value
    if field_name == "level":
        return LEVEL_LABELS[Level(value)]
    if field_name == "applicant_kind":
        return APPLICANT_LABELS[ApplicantKind(value)]
    if field_name.endswith("_limit_days"):
        return _days(value)
    return str(value) if value not in ("", None) else _NOTHING


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


# --------------------------------------------------------------------------- what to compare


@dataclass(frozen=True)
class CatalogSource:
    """What one side of a comparison names: the installed catalog (no paths), one ``.json``
    exchange document, or one or more register files."""

    paths: tuple[Path, ...] = ()

    @property
    def installed(self) -> bool:
        return not self.paths

    @property
    def registers(self) -> bool:
        return bool(self.paths) and self.paths[0].suffix.lower() in REGISTER_SUFFIXES

    @property
    def label(self) -> str:
        if self.installed:
            return "当前安装的目录"
        return "、".join(p.name for p in self.paths)


def source_of(words: Sequence[str | Path], side: str = "") -> CatalogSource:
    """The source the words name (``installed`` or file paths); a UserError listing every
    file that cannot be compared (missing, a folder, another kind of file)."""
    prefix = f"{side}：" if side else ""
    names = [str(w) for w in words]
    if names == [INSTALLED]:
        return CatalogSource()
    if not names:
        raise UserError(f"{prefix}请指定目录文件（.json）、登记表（.xlsx / .csv）或 {INSTALLED}。")
    if INSTALLED in names:
        raise UserError(f"{prefix}{INSTALLED}（当前安装的目录）不能与文件一起指定。")
    problems: list[str] = []
    kinds: set[str] = set()
    for path in map(Path, names):
        suffix = path.suffix.lower()
        if not path.exists():
            problems.append(f"找不到文件“{path}”。")
        elif path.is_dir():
            problems.append(f"“{path}”是一个文件夹，请指定文件。")
        elif suffix == CATALOG_SUFFIX:
            kinds.add("catalog")
        elif suffix in REGISTER_SUFFIXES:
            kinds.add("registers")
        elif suffix == ".xls":
            problems.append(f"{path.name}：这是旧版 Excel 格式（.xls），请另存为 .xlsx 后再比较。")
        else:
            problems.append(
                f"{path.name}：不支持的文件类型“{suffix or '无扩展名'}”。"
                "目录文件应为 .json，登记表应为 .xlsx 或 .csv。"
            )
    if not problems and "catalog" in kinds and len(names) > 1:
        problems.append("一次只能比较一个 .json 目录文件，且不能与登记表一起指定。")
    if len(problems) == 1:  # one line, for the command line's one-line refusals
        raise UserError(f"{prefix}无法比较：{problems[0]}")
    if problems:
        raise UserError("\n".join([f"{prefix}无法比较：", *problems]))
    return CatalogSource(tuple(Path(n) for n in names))


def _registers_document(
    paths: Sequence[Path], base: CatalogDocument | None, actor: str = _ACTOR
) -> dict[str, Any]:
    """The document the registers make merged into ``base`` (or an empty catalog), by the
    window's own import on a scratch in-memory database."""
    from app.catalog.exchange import export_document, import_catalog_document
    from app.catalog.registers import import_registers
    from app.storage.db import Database

    scratch = Database.in_memory()
    try:
        if base is not None:
            import_catalog_document(scratch, DOCUMENT.dump_python(base, mode="json"), actor=actor)
        import_registers(scratch, list(paths), actor=actor)
        with scratch.session() as session:
            return export_document(session)
    finally:
        scratch.engine.dispose()


def load_document(
    source: CatalogSource,
    db: Database | None = None,
    *,
    base: CatalogDocument | None = None,
) -> CatalogDocument:
    """The validated document a source names: the installed catalog of ``db``, a ``.json``
    file, or registers merged into ``base`` (an empty catalog when None)."""
    if source.installed:
        if db is None:
            raise UserError("没有打开数据库，无法读取当前安装的目录。")
        from app.catalog.exchange import export_catalog_document

        return parsed(export_catalog_document(db))
    if source.registers:
        return parsed(_registers_document(source.paths, base))
    from app.catalog.exchange import read_document

    return parsed(read_document(source.paths[0]))


def _refused(side: str, source: CatalogSource, exc: UserError) -> UserError:
    """The same refusal, saying which of the two catalogs it is about."""
    from app.catalog.exchange import CatalogFormatError

    where = f"{side}（{source.label}）"
    if isinstance(exc, CatalogFormatError):
        heading = f"{where}有 {len(exc.problems)} 处问题，无法比较："
        return CatalogFormatError(exc.problems, heading=heading)
    text = str(exc)
    return UserError(text if text.startswith(side) else f"{where}：{text}")


def compare(old: CatalogSource, new: CatalogSource, db: Database | None = None) -> CatalogDiff:
    """Read both sides (registers on the new side are merged into the old catalog) and
    compare them. A side that cannot be read raises a UserError naming the side."""
    try:
        old_doc = load_document(old, db)
    except UserError as exc:
        raise _refused(OLD_SIDE, old, exc) from exc
    try:
        new_doc = load_document(new, db, base=old_doc)
    except UserError as exc:
        raise _refused(NEW_SIDE, new, exc) from exc
    return diff_documents(old_doc, new_doc, old_source=old.label, new_source=new.label)


def save_report(diff: CatalogDiff, path: Path, kinds: Iterable[ChangeKind] | None = None) -> None:
    """Write the report to ``path``: the JSON form for a ``.json`` file, else the text (UTF-8
    with a byte-order mark, so that Windows Notepad and Excel read it as UTF-8)."""
    path = Path(path)
    if path.suffix.lower() == ".json":
        data = json.dumps(diff.to_json(), ensure_ascii=False, indent=1) + "\n"
        encoding = "utf-8"
    else:
        data = diff.report(kinds)
        encoding = "utf-8-sig"
    try:
        path.write_text(data, encoding=encoding, newline="")
    except OSError as exc:
        from app.errors import os_reason

        raise UserError(f"无法写入文件“{path}”：{os_reason(exc)}。") from exc


__all__ = [
    "DIFF_SUFFIXES",
    "FIELD_LABELS",
    "INSTALLED",
    "KIND_LABELS",
    "KIND_SECTIONS",
    "NEW_SIDE",
    "OLD_SIDE",
    "CatalogDiff",
    "CatalogSide",
    "CatalogSource",
    "Change",
    "ChangeKind",
    "Ref",
    "compare",
    "diff_documents",
    "load_document",
    "parsed",
    "save_report",
    "source_of",
]
