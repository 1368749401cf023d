"""The built-in sample is seeded once, on a new database, and a real catalog replaces it.

A county may load its certificate items before its matters, or start with its departments'
registers: neither may bring the fictional sample back, nor be merged into it. Cases taken in
on the sample (training at the window) stay readable after it is replaced.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from cases_catalog import PERSON_ID

from app.bootstrap import open_database
from app.cases import CaseService, validate_applicant
from app.catalog.exchange import export_catalog_document, import_catalog_document
from app.catalog.registers import import_registers
from app.catalog.sample import ensure_sample_catalog
from app.catalog.search import search
from app.catalog.views import catalog_info, get_matter
from app.errors import UserError
from app.storage.db import Database

REGISTERS = Path(__file__).resolve().parent / "data" / "registers"
REGISTER_MATTERS = {
    "最低生活保障申请",
    "临时救助申请",
    "特困人员认定（城市、农村）",
    "失业保险金申领",
    "职业介绍补贴申领",
    "专业技术资格评审",
}


def items_only() -> dict[str, Any]:
    """A county's certificate items, loaded before its matters."""
    return {
        "format": "wuzheng-catalog",
        "format_version": 1,
        "catalog": {"version": "县证明清单-1", "source": "县司法局"},
        "departments": [{"code": "330203-GAJ", "name": "海曙区公安分局"}],
        "certificate_items": [
            {
                "code": "330203-C0001",
                "name": "无犯罪记录证明",
                "issuer": "海曙区公安分局",
                "measures": [{"measure": "share", "provider": "330203-GAJ"}],
            }
        ],
    }


def real_catalog() -> dict[str, Any]:
    """A real county catalog that happens to use the code M0001 for another matter."""
    return {
        "format": "wuzheng-catalog",
        "format_version": 1,
        "catalog": {
            "version": "2026.12",
            "published_at": "2026-12-01",
            "sample": False,
            "source": "海曙区",
        },
        "departments": [{"code": "330203-MZJ", "level": "county", "name": "海曙区民政局"}],
        "certificate_items": [
            {
                "code": "C0001",
                "issuer": "海曙区民政局",
                "legal_basis": "",
                "measures": [
                    {
                        "deadline_days": None,
                        "detail": "",
                        "measure": "cancel",
                        "one_click": False,
                        "provider": None,
                    }
                ],
                "name": "养老机构消防安全证明",
            }
        ],
        "matters": [
            {
                "applicant_kind": "enterprise",
                "code": "M0001",
                "department": "330203-MZJ",
                "fee": "不收费",
                "hours": "",
                "items": ["C0001"],
                "legal_limit_days": None,
                "level": "county",
                "materials": [],
                "name": "养老机构备案",
                "promised_limit_days": 5,
                "steps": [],
                "where": "",
            }
        ],
        "bundles": [],
    }


@pytest.fixture
def home_db(tmp_path: Path) -> Database:
    """The database of a new installation: first start, the sample loaded."""
    db = open_database(tmp_path / "home")
    assert catalog_info(db).sample
    return db


def test_a_catalog_without_matters_is_not_replaced_by_the_sample_at_the_next_start(
    tmp_path: Path,
) -> None:
    db = open_database(tmp_path / "home")
    import_catalog_document(db, items_only())
    db.engine.dispose()
    again = open_database(tmp_path / "home")  # the next start
    info = catalog_info(again)
    assert (info.version, info.sample, info.matters, info.items) == ("县证明清单-1", False, 0, 1)


def test_the_sample_is_seeded_on_a_new_database_only(db: Database) -> None:
    import_catalog_document(db, items_only())
    assert ensure_sample_catalog(db) is False
    assert catalog_info(db).matters == 0
    fresh = Database.in_memory()
    assert ensure_sample_catalog(fresh) is True
    assert catalog_info(fresh).sample


def test_registers_on_a_fresh_install_replace_the_sample(home_db: Database) -> None:
    report = import_registers(home_db, sorted(REGISTERS.iterdir()))
    info = catalog_info(home_db)
    assert not info.sample and info.version.startswith("登记表导入-")
    assert {m["name"] for m in export_catalog_document(home_db)["matters"]} == REGISTER_MATTERS
    assert search(home_db, "公共租赁住房") == []
    assert [line for line in report.summary_lines() if "示例" in line] == [
        "已替换内置示例目录（示例数据已移除）。"
    ]
    again = import_registers(home_db, sorted(REGISTERS.iterdir()))  # now a merge, as usual
    assert not again.changed and not [line for line in again.summary_lines() if "示例" in line]


def test_a_dry_run_says_the_sample_would_be_replaced_and_changes_nothing(
    home_db: Database,
) -> None:
    before = export_catalog_document(home_db)
    report = import_registers(home_db, sorted(REGISTERS.iterdir()), dry_run=True)
    assert report.replaces_sample
    assert report.counts["matters"].added == len(REGISTER_MATTERS)
    assert report.counts["matters"].removed == len(before["matters"])
    assert any("将替换内置示例目录" in line for line in report.summary_lines())
    assert export_catalog_document(home_db) == before


def test_cases_taken_in_on_the_sample_stay_readable_when_it_is_replaced(
    home_db: Database,
) -> None:
    service = CaseService(home_db, clerk="李娜", window_code="HF01")
    person = validate_applicant("person", "王秀英", PERSON_ID, "13812345678")
    single = service.new_case(person, matter_code="M0001")
    bundle = service.new_case(person, bundle_code="B0001")
    service.resolve(single.id, single.resolutions[0].item_code, "share")
    before = (service.get(single.id), service.get(bundle.id))

    report = import_catalog_document(home_db, real_catalog())

    # both cases read as they were taken in, on the sample's matters and certificates
    after = (service.get(single.id), service.get(bundle.id))
    for old, new in zip(before, after, strict=True):
        assert new.subject == old.subject
        assert [(r.item_name, r.measure, r.allowed, r.state_text) for r in new.resolutions] == [
            (r.item_name, r.measure, r.allowed, r.state_text) for r in old.resolutions
        ]
        assert (new.materials, new.missing) == (old.materials, old.missing)
    assert after[0].matter_name == "公共租赁住房资格申请"
    # the sample is out of the catalog: not searched, not exported, not taken in again
    assert get_matter(home_db, "M0001").name == "养老机构备案"
    assert search(home_db, "公共租赁住房") == []
    assert search(home_db, "新生儿出生一件事") == []
    assert export_catalog_document(home_db) == real_catalog()
    info = catalog_info(home_db)
    assert (info.sample, info.matters, info.items, info.bundles) == (False, 1, 1, 0)
    with pytest.raises(UserError):
        service.new_case(person, bundle_code="B0001")
    assert [line for line in report.summary_lines() if "示例" in line] == [
        "已替换内置示例目录（示例数据已移除；在示例数据上受理的 2 件办件仍可查看）。"
    ]
    assert report.warnings == []


def test_a_real_catalog_that_drops_a_matter_a_case_uses_keeps_it_out_of_search(
    tmp_path: Path,
) -> None:
    db = open_database(tmp_path / "home")
    doc = real_catalog()
    import_catalog_document(db, doc)
    service = CaseService(db, clerk="李娜", window_code="HF01")
    company = validate_applicant("enterprise", "某养老公司", "91110000600037341L", "")
    case = service.new_case(company, matter_code="M0001")
    doc["matters"] = []
    doc["catalog"]["version"] = "2027.01"
    report = import_catalog_document(db, doc)
    assert report.counts["matters"].kept == 1
    assert search(db, "养老机构备案") == []
    assert export_catalog_document(db)["matters"] == []
    assert service.get(case.id).matter_name == "养老机构备案"
    with pytest.raises(UserError, match="已不在现行目录中"):
        service.new_case(company, matter_code="M0001")
    doc["matters"] = real_catalog()["matters"]  # the next version brings it back
    report = import_catalog_document(db, doc)
    assert report.counts["matters"].updated == 1
    assert [h.code for h in search(db, "养老机构备案")] == ["M0001"]
