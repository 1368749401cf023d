"""The result of comparing two catalogs and its report text.

:class:`ChangeKind` (the kinds of change, in the order of the report) and their labels,
:class:`Change` (one change of one row, in words), :class:`CatalogSide` (one of the two catalogs:
where it came from, its version and size) and :class:`CatalogDiff` (every change, grouped by
kind, as the readable report and as JSON). Plain values: nothing here reads a document or a file.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Final, NamedTuple

NOTHING: Final = "（无）"  # what an empty value reads as
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
                lines.append(f"  原来：{self.old or NOTHING}")
                lines.append(f"  现在：{self.new or NOTHING}")
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
