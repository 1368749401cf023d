"""Catalog statistics in the shape of Jinhua's published figures.

"4,052 items combed; 861 cancelled (21.25%); data query + verification 63.62%; 1,081 one-click
items (41.9% of data query + verification)": every certificate item is counted once, by its
primary measure (the first in preference order; an item without measures counts as retained).
Rows retired from the catalog (kept only for cases) are not counted.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from app.catalog.views import LEVEL_LABELS, MEASURE_LABELS
from app.storage.db import Database
from app.storage.models import (
    Bundle,
    CertificateItem,
    Department,
    ItemMeasure,
    Level,
    Matter,
    MatterItem,
    Measure,
)

_PRIMARY = (
    "SELECT im.measure, im.one_click FROM item_measure im"
    " JOIN (SELECT item_id, MIN(position) AS position FROM item_measure GROUP BY item_id) f"
    " ON f.item_id = im.item_id AND f.position = im.position"
    " JOIN certificate_item ci ON ci.id = im.item_id WHERE NOT ci.retired"
)


def _percent(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 2) if whole else 0.0


def catalog_stats(db: Database) -> dict[str, Any]:
    """Counts and percentages of the installed catalog (JSON-ready).

    Keys: ``items``, ``matters``, ``bundles``, ``departments`` (totals); ``measures``: for each
    measure value ``{"label", "count", "percent"}`` by primary measure; ``query_or_verify`` and
    ``one_click`` (its percent is of query + verification, as Jinhua reports it);
    ``matters_by_level``, ``departments_by_level``, ``items_by_level`` (items demanded by at
    least one matter of that level).
    """
    with db.session() as session:

        def count(model: Any) -> int:
            query = select(func.count()).select_from(model).where(~model.retired)
            return int(session.scalar(query) or 0)

        items = count(CertificateItem)
        matters = count(Matter)
        bundles = count(Bundle)
        departments = count(Department)
        by_measure = dict.fromkeys(Measure, 0)
        one_click = 0
        with_measures = 0
        for measure, is_one_click in session.connection().exec_driver_sql(_PRIMARY):
            m = Measure(measure)
            by_measure[m] += 1
            with_measures += 1
            if is_one_click and m in (Measure.SHARE, Measure.VERIFY):
                one_click += 1
        by_measure[Measure.RETAINED] += items - with_measures
        matters_by_level = dict(
            session.execute(
                select(Matter.level, func.count()).where(~Matter.retired).group_by(Matter.level)
            ).all()
        )
        departments_by_level = dict(
            session.execute(
                select(Department.level, func.count())
                .where(~Department.retired)
                .group_by(Department.level)
            ).all()
        )
        items_by_level = dict(
            session.execute(
                select(Matter.level, func.count(func.distinct(MatterItem.item_id)))
                .join(MatterItem, MatterItem.matter_id == Matter.id)
                .where(~Matter.retired)
                .group_by(Matter.level)
            ).all()
        )
        one_click_measures = int(
            session.scalar(
                select(func.count())
                .select_from(ItemMeasure)
                .join(CertificateItem, CertificateItem.id == ItemMeasure.item_id)
                .where(ItemMeasure.one_click, ~CertificateItem.retired)
            )
            or 0
        )

    query_or_verify = by_measure[Measure.SHARE] + by_measure[Measure.VERIFY]
    return {
        "items": items,
        "matters": matters,
        "bundles": bundles,
        "departments": departments,
        "measures": {
            m.value: {
                "label": MEASURE_LABELS[m],
                "count": by_measure[m],
                "percent": _percent(by_measure[m], items),
            }
            for m in Measure
        },
        "query_or_verify": {
            "count": query_or_verify,
            "percent": _percent(query_or_verify, items),
        },
        "one_click": {
            "count": one_click,
            "percent": _percent(one_click, query_or_verify),
            "measures_marked": one_click_measures,
        },
        "matters_by_level": {lv.value: int(matters_by_level.get(lv, 0)) for lv in Level},
        "departments_by_level": {lv.value: int(departments_by_level.get(lv, 0)) for lv in Level},
        "items_by_level": {lv.value: int(items_by_level.get(lv, 0)) for lv in Level},
    }


def stats_lines(stats: dict[str, Any]) -> list[str]:
    """The statistics as readable Chinese lines (CLI, reports)."""
    lines = [
        f"证明事项 {stats['items']} 项，政务服务事项 {stats['matters']} 项，"
        f"一件事 {stats['bundles']} 个，部门 {stats['departments']} 个。",
        "",
        "按首选措施统计的证明事项：",
    ]
    for value, row in stats["measures"].items():
        lines.append(f"  {row['label']:<6}{row['count']:>8} 项  {row['percent']:>6.2f}%")
        if value == Measure.VERIFY.value:
            qv = stats["query_or_verify"]
            lines.append(f"  数据查询和部门核验合计 {qv['count']} 项，占 {qv['percent']:.2f}%")
            oc = stats["one_click"]
            lines.append(
                f"  其中可“一键查询” {oc['count']} 项，占数据查询和部门核验的 {oc['percent']:.2f}%"
            )
    lines.append("")
    for key, title in (
        ("matters_by_level", "事项"),
        ("items_by_level", "涉及证明事项"),
        ("departments_by_level", "部门"),
    ):
        parts = "，".join(f"{LEVEL_LABELS[Level(lv)]} {n}" for lv, n in stats[key].items())
        lines.append(f"{title}按层级：{parts}")
    return lines


__all__ = ["catalog_stats", "stats_lines"]
