"""A small catalog for the case tests, imported through the exchange format.

Items: C1 cancel | C2 verify (deadline 2) or pledge | C3 share (one-click) | C4 substitute |
C5 pledge only | C6 other | C7 retained. Matters: M1 (C1, C2, C5), M2 (C2, C3, C4),
M3 enterprise (C6, C7), M4 person (C5). Bundle B1 = M1 + M2 (C2 shared).
"""

from __future__ import annotations

from typing import Any

from app.catalog.exchange import import_catalog_document
from app.catalog.exchange.builder import CatalogBuilder, measure
from app.storage.db import Database

PERSON_ID = "11010519491231002X"  # valid check digit, Beijing Chaoyang
PERSON_ID_2 = "360426199101010071"

ITEMS: list[tuple[str, str, list[dict[str, Any]]]] = [
    ("C1", "居住证明", [measure("cancel")]),
    (
        "C2",
        "无犯罪记录证明",
        [
            measure("verify", provider="D-GA", deadline_days=2),
            measure("pledge", "本人承诺无犯罪记录。"),
        ],
    ),
    ("C3", "低保证明", [measure("share", provider="D-MZ", one_click=True)]),
    ("C4", "婚姻状况证明", [measure("substitute", "结婚证")]),
    ("C5", "无经济收入证明", [measure("pledge", "本人承诺无经济收入。")]),
    ("C6", "场地使用证明", [measure("other", "现场查看")]),
    ("C7", "消防验收证明", [measure("retained")]),
]
MATTERS = [
    ("M1", "公共租赁住房资格申请", ["C1", "C2", "C5"], "person"),
    ("M2", "住房补贴申请", ["C2", "C3", "C4"], "person"),
    ("M3", "企业场地备案", ["C6", "C7"], "enterprise"),
    ("M4", "困难补助申请", ["C5"], "person"),
]


def catalog_document() -> dict[str, Any]:
    catalog = CatalogBuilder("test-1", published_at="2026-01-01", source="tests")
    catalog.department("D-MZ", "县民政局")
    catalog.department("D-GA", "县公安局")
    catalog.department("D-ZJ", "县住建局")
    for code, name, measures in ITEMS:
        catalog.item(
            code,
            name,
            issuer="户籍所在地乡镇（街道）",
            legal_basis="《测试条例》第一条",
            measures=measures,
        )
    for code, name, items, kind in MATTERS:
        catalog.matter(
            code,
            name,
            "D-ZJ",
            items=items,
            applicant_kind=kind,
            legal_limit_days=20,
            promised_limit_days=10,
            fee="不收费",
            where="县行政服务中心",
            hours="工作日",
            steps=["申请", "受理", "办结"],
            materials=["申请人身份证"],
        )
    catalog.bundle("B1", "安居一件事", matters=["M1", "M2"])
    return catalog.document()


def install(db: Database) -> None:
    import_catalog_document(db, catalog_document())
