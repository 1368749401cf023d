"""A small catalog for the case tests, imported through the exchange format.

Items: C1 cancel | C2 verify (deadline 2) or pledge | C3 share (one-click) | C4 substitute |
C5 pledge only | C6 other | C7 retained. Matters: M1 (C1, C2, C5), M2 (C2, C3, C4),
M3 enterprise (C6, C7), M4 person (C5). Bundle B1 = M1 + M2 (C2 shared).
"""

from __future__ import annotations

from typing import Any

from app.catalog.exchange import import_catalog_document
from app.storage.db import Database

PERSON_ID = "11010519491231002X"  # valid check digit, Beijing Chaoyang
PERSON_ID_2 = "360426199101010071"


def _measure(measure: str, **kw: Any) -> dict[str, Any]:
    return {
        "measure": measure,
        "detail": kw.get("detail", ""),
        "provider": kw.get("provider"),
        "one_click": kw.get("one_click", False),
        "deadline_days": kw.get("deadline_days"),
    }


def _item(code: str, name: str, *measures: dict[str, Any]) -> dict[str, Any]:
    return {
        "code": code,
        "name": name,
        "issuer": "户籍所在地乡镇（街道）",
        "legal_basis": "《测试条例》第一条",
        "measures": list(measures),
    }


def _matter(code: str, name: str, items: list[str], kind: str = "person") -> dict[str, Any]:
    return {
        "code": code,
        "name": name,
        "department": "D-ZJ",
        "level": "county",
        "applicant_kind": kind,
        "legal_limit_days": 20,
        "promised_limit_days": 10,
        "fee": "不收费",
        "where": "县行政服务中心",
        "hours": "工作日",
        "steps": ["申请", "受理", "办结"],
        "materials": ["申请人身份证"],
        "items": items,
    }


def catalog_document() -> dict[str, Any]:
    return {
        "format": "wuzheng-catalog",
        "format_version": 1,
        "catalog": {
            "version": "test-1",
            "published_at": "2026-01-01",
            "sample": False,
            "source": "tests",
        },
        "departments": [
            {"code": "D-MZ", "name": "县民政局", "level": "county"},
            {"code": "D-GA", "name": "县公安局", "level": "county"},
            {"code": "D-ZJ", "name": "县住建局", "level": "county"},
        ],
        "certificate_items": [
            _item("C1", "居住证明", _measure("cancel")),
            _item(
                "C2",
                "无犯罪记录证明",
                _measure("verify", provider="D-GA", deadline_days=2),
                _measure("pledge", detail="本人承诺无犯罪记录。"),
            ),
            _item("C3", "低保证明", _measure("share", provider="D-MZ", one_click=True)),
            _item("C4", "婚姻状况证明", _measure("substitute", detail="结婚证")),
            _item("C5", "无经济收入证明", _measure("pledge", detail="本人承诺无经济收入。")),
            _item("C6", "场地使用证明", _measure("other", detail="现场查看")),
            _item("C7", "消防验收证明", _measure("retained")),
        ],
        "matters": [
            _matter("M1", "公共租赁住房资格申请", ["C1", "C2", "C5"]),
            _matter("M2", "住房补贴申请", ["C2", "C3", "C4"]),
            _matter("M3", "企业场地备案", ["C6", "C7"], kind="enterprise"),
            _matter("M4", "困难补助申请", ["C5"]),
        ],
        "bundles": [
            {"code": "B1", "name": "安居一件事", "description": "", "matters": ["M1", "M2"]},
        ],
    }


def install(db: Database) -> None:
    import_catalog_document(db, catalog_document())
