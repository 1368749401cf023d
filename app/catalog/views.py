"""Read-only views of the catalog, shared by the CLI, the GUI's detail pane and the printed guide.

Plain frozen dataclasses, loaded in one session and detached from it, so callers on any thread
can hold them without touching the database. Only the installed catalog is shown: rows retired
from it (kept for the cases that refer to them, :mod:`app.catalog.exchange.apply`) are not
found, listed or counted here; a case reads them through its own rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from app.errors import NotFound
from app.jsonutil import to_dict
from app.storage.db import Database
from app.storage.models import (
    ApplicantKind,
    Bundle,
    BundleMatter,
    CatalogMeta,
    CertificateItem,
    Department,
    ItemMeasure,
    Level,
    Matter,
    MatterItem,
    Measure,
)

MEASURE_LABELS: dict[Measure, str] = {
    Measure.CANCEL: "直接取消",
    Measure.SHARE: "数据查询",
    Measure.VERIFY: "部门核验",
    Measure.SUBSTITUTE: "替代",
    Measure.PLEDGE: "告知承诺",
    Measure.OTHER: "其他",
    Measure.RETAINED: "保留",
}

LEVEL_LABELS: dict[Level, str] = {Level.COUNTY: "县级", Level.TOWNSHIP: "乡镇", Level.VILLAGE: "村"}

APPLICANT_LABELS: dict[ApplicantKind, str] = {
    ApplicantKind.PERSON: "个人",
    ApplicantKind.ENTERPRISE: "企业",
    ApplicantKind.BOTH: "个人或企业",
}


@dataclass(frozen=True)
class MeasureView:
    measure: Measure
    detail: str = ""
    provider_code: str | None = None
    provider_name: str = ""
    one_click: bool = False
    deadline_days: int | None = None

    @property
    def label(self) -> str:
        return MEASURE_LABELS[self.measure]


@dataclass(frozen=True)
class ItemView:
    code: str
    name: str
    issuer: str
    legal_basis: str
    measures: tuple[MeasureView, ...]

    @property
    def primary(self) -> MeasureView:
        return self.measures[0] if self.measures else MeasureView(Measure.RETAINED)


@dataclass(frozen=True)
class MatterView:
    code: str
    name: str
    department_code: str
    department_name: str
    level: Level
    applicant_kind: ApplicantKind
    legal_limit_days: int | None
    promised_limit_days: int | None
    fee: str
    where: str
    hours: str
    steps: tuple[str, ...]
    materials: tuple[str, ...]
    items: tuple[ItemView, ...]


@dataclass(frozen=True)
class BundleView:
    code: str
    name: str
    description: str
    matters: tuple[MatterView, ...]

    @property
    def items(self) -> tuple[ItemView, ...]:
        """Every certificate item of the bundle once, in first-demanded order."""
        seen: dict[str, ItemView] = {}
        for matter in self.matters:
            for item in matter.items:
                seen.setdefault(item.code, item)
        return tuple(seen.values())


@dataclass(frozen=True)
class CatalogInfo:
    version: str
    published_at: str
    sample: bool
    source: str
    departments: int
    matters: int
    items: int
    bundles: int
    meta: dict[str, str] = field(default_factory=dict)


def _department_names(session: Session) -> dict[str, str]:
    return dict(session.execute(select(Department.code, Department.name)).all())


def item_view(item: CertificateItem, names: dict[str, str]) -> ItemView:
    """The view of a loaded item (with its measures); ``names``: department names by code."""
    return ItemView(
        code=item.code,
        name=item.name,
        issuer=item.issuer,
        legal_basis=item.legal_basis,
        measures=tuple(
            MeasureView(
                measure=m.measure,
                detail=m.detail,
                provider_code=m.provider_code,
                provider_name=names.get(m.provider_code or "", ""),
                one_click=m.one_click,
                deadline_days=m.deadline_days,
            )
            for m in item.measures
        ),
    )


_MATTER_LOAD = (
    selectinload(Matter.department),
    selectinload(Matter.item_links)
    .selectinload(MatterItem.item)
    .selectinload(CertificateItem.measures),
)


def _matter_view(matter: Matter, names: dict[str, str]) -> MatterView:
    return MatterView(
        code=matter.code,
        name=matter.name,
        department_code=matter.department.code,
        department_name=matter.department.name,
        level=matter.level,
        applicant_kind=matter.applicant_kind,
        legal_limit_days=matter.legal_limit_days,
        promised_limit_days=matter.promised_limit_days,
        fee=matter.fee,
        where=matter.where,
        hours=matter.hours,
        steps=tuple(str(s) for s in matter.steps),
        materials=tuple(str(m) for m in matter.materials),
        items=tuple(item_view(link.item, names) for link in matter.item_links),
    )


_Row = TypeVar("_Row", Matter, CertificateItem, Bundle)


def _in_catalog(row: _Row | None, what: str, code: str) -> _Row:
    """The row, or NotFound unless it is in the installed catalog (found and not retired)."""
    if row is None:
        raise NotFound(f"目录中没有编码为“{code}”的{what}。")
    if row.retired:
        raise NotFound(
            f"{what}“{code}”已不在现行目录中（只为引用它的办件保留），不能再受理或打印指南。"
        )
    return row


def get_matter(db: Database, code: str) -> MatterView:
    with db.session() as session:
        matter = session.scalar(select(Matter).where(Matter.code == code).options(*_MATTER_LOAD))
        return _matter_view(_in_catalog(matter, "事项", code), _department_names(session))


def all_matters(db: Database) -> list[MatterView]:
    """Every matter of the catalog in code order (for batch printing)."""
    with db.session() as session:
        names = _department_names(session)
        matters = session.scalars(
            select(Matter).where(~Matter.retired).order_by(Matter.code).options(*_MATTER_LOAD)
        )
        return [_matter_view(m, names) for m in matters]


def get_item(db: Database, code: str) -> ItemView:
    with db.session() as session:
        item = session.scalar(
            select(CertificateItem)
            .where(CertificateItem.code == code)
            .options(selectinload(CertificateItem.measures))
        )
        return item_view(_in_catalog(item, "证明事项", code), _department_names(session))


def matters_demanding(db: Database, item_code: str) -> list[tuple[str, str]]:
    """(code, name) of the matters that demand a certificate item."""
    with db.session() as session:
        rows = session.execute(
            select(Matter.code, Matter.name)
            .join(MatterItem, MatterItem.matter_id == Matter.id)
            .join(CertificateItem, CertificateItem.id == MatterItem.item_id)
            .where(CertificateItem.code == item_code, ~Matter.retired)
            .order_by(Matter.code)
        )
        return [(c, n) for c, n in rows]


def get_bundle(db: Database, code: str) -> BundleView:
    with db.session() as session:
        bundle = session.scalar(
            select(Bundle)
            .where(Bundle.code == code)
            .options(
                selectinload(Bundle.matter_links)
                .selectinload(BundleMatter.matter)
                .options(*_MATTER_LOAD)
            )
        )
        bundle = _in_catalog(bundle, "一件事", code)
        names = _department_names(session)
        return BundleView(
            code=bundle.code,
            name=bundle.name,
            description=bundle.description,
            matters=tuple(_matter_view(link.matter, names) for link in bundle.matter_links),
        )


def catalog_info(db: Database) -> CatalogInfo:
    with db.session() as session:
        meta = dict(session.execute(select(CatalogMeta.key, CatalogMeta.value)).all())

        def count(model: Any) -> int:
            query = select(func.count()).select_from(model).where(~model.retired)
            return int(session.scalar(query) or 0)

        return CatalogInfo(
            version=meta.get("version", ""),
            published_at=meta.get("published_at", ""),
            sample=meta.get("sample", "") == "true",
            source=meta.get("source", ""),
            departments=count(Department),
            matters=count(Matter),
            items=count(CertificateItem),
            bundles=count(Bundle),
            meta=meta,
        )


__all__ = [
    "APPLICANT_LABELS",
    "LEVEL_LABELS",
    "MEASURE_LABELS",
    "BundleView",
    "CatalogInfo",
    "ItemMeasure",
    "ItemView",
    "MatterView",
    "MeasureView",
    "all_matters",
    "catalog_info",
    "get_bundle",
    "get_item",
    "get_matter",
    "item_view",
    "matters_demanding",
    "to_dict",
]
