"""The JSON exchange format: export, import, validation, replacement semantics."""

from __future__ import annotations

import copy
import gc
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from app.catalog.exchange import (
    CatalogFormatError,
    document_bytes,
    export_catalog,
    export_catalog_document,
    import_catalog,
    import_catalog_document,
)
from app.catalog.views import catalog_info, get_bundle, get_item, get_matter
from app.errors import NotFound, UserError
from app.storage.db import Database
from app.storage.models import AuditEntry, Case, CertificateItem, Matter, Measure, Resolution


def sample_doc() -> dict[str, Any]:
    return {
        "format": "wuzheng-catalog",
        "format_version": 1,
        "catalog": {
            "version": "2026.11-test",
            "published_at": "2026-11-01",
            "sample": False,
            "source": "测试",
        },
        "departments": [
            {"code": "D-GAJ", "name": "县公安局", "level": "county"},
            {"code": "D-MZJ", "name": "县民政局", "level": "county"},
            {"code": "D-XZ", "name": "和丰镇人民政府", "level": "township"},
        ],
        "certificate_items": [
            {
                "code": "C0001",
                "name": "无经济收入证明",
                "issuer": "户籍所在地乡镇（街道）",
                "legal_basis": "《社会救助暂行办法》第十一条",
                "measures": [
                    {
                        "measure": "pledge",
                        "detail": "本人承诺无固定经济收入。",
                        "provider": None,
                        "one_click": False,
                        "deadline_days": None,
                    },
                    {
                        "measure": "verify",
                        "detail": "",
                        "provider": "D-XZ",
                        "one_click": False,
                        "deadline_days": 5,
                    },
                ],
            },
            {
                "code": "C0002",
                "name": "户籍证明",
                "issuer": "公安派出所",
                "legal_basis": "",
                "measures": [
                    {
                        "measure": "share",
                        "detail": "",
                        "provider": "D-GAJ",
                        "one_click": True,
                        "deadline_days": None,
                    }
                ],
            },
            {
                "code": "C0003",
                "name": "亲属关系证明",
                "issuer": "村（居）委会",
                "legal_basis": "",
                "measures": [
                    {
                        "measure": "cancel",
                        "detail": "",
                        "provider": None,
                        "one_click": False,
                        "deadline_days": None,
                    }
                ],
            },
        ],
        "matters": [
            {
                "code": "M0001",
                "name": "最低生活保障申请",
                "department": "D-MZJ",
                "level": "county",
                "applicant_kind": "person",
                "legal_limit_days": 30,
                "promised_limit_days": 15,
                "fee": "不收费",
                "where": "县行政服务中心一楼民政窗口",
                "hours": "工作日 9:00-12:00",
                "steps": ["申请", "受理", "审核", "公示", "办结"],
                "materials": ["申请人身份证", "户口簿"],
                "items": ["C0002", "C0001"],
            },
            {
                "code": "M0002",
                "name": "临时救助申请",
                "department": "D-XZ",
                "level": "township",
                "applicant_kind": "both",
                "legal_limit_days": None,
                "promised_limit_days": 5,
                "fee": "",
                "where": "",
                "hours": "",
                "steps": [],
                "materials": [],
                "items": ["C0001", "C0003"],
            },
        ],
        "bundles": [
            {
                "code": "B0001",
                "name": "困难群众救助一件事",
                "description": "低保与临时救助一次办",
                "matters": ["M0002", "M0001"],
            }
        ],
    }


def count(db: Database, model: Any) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_round_trip_gives_identical_bytes(db: Database, tmp_path: Path) -> None:
    report = import_catalog_document(db, sample_doc())
    assert report.counts["matters"].added == 2
    first = tmp_path / "first.json"
    export_catalog(db, first)

    fresh = Database.in_memory()
    import_catalog(fresh, first)
    second = tmp_path / "second.json"
    export_catalog(fresh, second)
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes() == document_bytes(sample_doc())
    text = first.read_text(encoding="utf-8")
    assert "最低生活保障申请" in text  # not \u-escaped
    assert text.endswith("}\n")


def test_imported_catalog_is_what_the_clerk_sees(db: Database) -> None:
    import_catalog_document(db, sample_doc())
    matter = get_matter(db, "M0001")
    assert matter.department_name == "县民政局"
    assert [i.code for i in matter.items] == ["C0002", "C0001"]
    item = get_item(db, "C0001")
    assert [m.measure for m in item.measures] == [Measure.PLEDGE, Measure.VERIFY]
    assert item.measures[1].provider_name == "和丰镇人民政府"
    assert item.measures[1].deadline_days == 5
    bundle = get_bundle(db, "B0001")
    assert [m.code for m in bundle.matters] == ["M0002", "M0001"]
    info = catalog_info(db)
    assert (info.version, info.published_at, info.sample, info.source) == (
        "2026.11-test",
        "2026-11-01",
        False,
        "测试",
    )


def test_import_writes_one_audit_entry_with_counts(db: Database) -> None:
    import_catalog_document(db, sample_doc(), actor="监管员甲")
    with db.session() as s:
        entries = s.scalars(select(AuditEntry)).all()
    assert len(entries) == 1
    assert entries[0].action == "catalog.import"
    assert entries[0].actor == "监管员甲"
    assert entries[0].detail["matters"]["added"] == 2


def test_reimport_same_document_changes_nothing(db: Database) -> None:
    import_catalog_document(db, sample_doc())
    report = import_catalog_document(db, sample_doc())
    assert not report.changed
    assert report.counts["certificate_items"].unchanged == 3
    assert "没有变化" in report.summary_lines()[0]


def test_document_replaces_catalog(db: Database) -> None:
    import_catalog_document(db, sample_doc())
    doc = sample_doc()
    doc["certificate_items"][1]["measures"] = [
        {
            "measure": "verify",
            "detail": "",
            "provider": "D-GAJ",
            "one_click": False,
            "deadline_days": 3,
        }
    ]
    doc["matters"][0]["name"] = "最低生活保障审核确认"
    doc["matters"][0]["items"] = ["C0001"]
    del doc["matters"][1]
    doc["bundles"][0]["matters"] = ["M0001"]
    doc["certificate_items"] = [i for i in doc["certificate_items"] if i["code"] != "C0003"]
    report = import_catalog_document(db, doc)
    assert report.counts["matters"].updated == 1
    assert report.counts["matters"].removed == 1
    assert report.counts["certificate_items"].removed == 1
    assert report.counts["certificate_items"].updated == 1
    assert report.counts["bundles"].updated == 1
    assert export_catalog_document(db) == doc
    assert get_matter(db, "M0001").name == "最低生活保障审核确认"
    with pytest.raises(UserError):
        get_matter(db, "M0002")


def test_matter_moves_to_a_new_department_and_the_old_one_goes(db: Database) -> None:
    """A real catalog over the sample reuses codes (M0001…) under other departments: the
    matters move before their old departments are removed."""
    import_catalog_document(db, sample_doc())
    doc = sample_doc()
    doc["departments"] = [d for d in doc["departments"] if d["code"] != "D-MZJ"]
    doc["departments"].append({"code": "D-ZJ", "name": "县住建局", "level": "county"})
    doc["matters"][0]["department"] = "D-ZJ"
    report = import_catalog_document(db, doc)
    assert report.counts["departments"].removed == 1
    assert report.counts["departments"].added == 1
    assert get_matter(db, "M0001").department_name == "县住建局"
    assert export_catalog_document(db) == doc


def test_rows_a_case_refers_to_are_kept(db: Database) -> None:
    import_catalog_document(db, sample_doc())
    with db.session() as s:
        matter = s.scalar(select(Matter).where(Matter.code == "M0002"))
        item = s.scalar(select(CertificateItem).where(CertificateItem.code == "C0003"))
        assert matter is not None and item is not None
        case = Case(
            number="2026-0001",
            matter_id=matter.id,
            applicant_kind="person",
            applicant_name="张三",
            applicant_id_no="11010519491231002X",
        )
        s.add(case)
        s.flush()
        s.add(Resolution(case_id=case.id, item_id=item.id))
    doc = sample_doc()
    doc["matters"] = doc["matters"][:1]
    doc["certificate_items"] = doc["certificate_items"][:2]
    doc["bundles"] = []
    doc["departments"] = [d for d in doc["departments"] if d["code"] != "D-XZ"]
    doc["certificate_items"][0]["measures"] = doc["certificate_items"][0]["measures"][:1]
    report = import_catalog_document(db, doc)
    assert report.counts["matters"].kept == 1
    assert report.counts["certificate_items"].kept == 1
    assert report.counts["departments"].kept == 1  # owns the kept matter
    assert report.counts["bundles"].removed == 1
    assert any("M0002" in w and "保留" in w for w in report.warnings)
    # kept for the case, out of the catalog: not exported, not offered for a new case
    assert export_catalog_document(db) == doc
    with pytest.raises(NotFound, match="已不在现行目录中"):
        get_matter(db, "M0002")
    with db.session() as s:
        kept = s.scalar(select(Case)).matter  # type: ignore[union-attr]
        assert kept is not None and kept.retired and kept.department.name == "和丰镇人民政府"
    assert count(db, Resolution) == 1
    again = import_catalog_document(db, doc)  # retired rows are not reported again
    assert not again.changed and again.warnings == []


def test_dry_run_changes_nothing(db: Database) -> None:
    report = import_catalog_document(db, sample_doc(), dry_run=True)
    assert report.dry_run
    assert report.counts["matters"].added == 2
    assert "试运行" in report.summary_lines()[0]
    assert count(db, Matter) == 0
    assert count(db, AuditEntry) == 0


def problems_of(db: Database, doc: Any) -> list[str]:
    with pytest.raises(CatalogFormatError) as info:
        import_catalog_document(db, doc)
    return info.value.problems


def test_bad_document_lists_every_problem_and_changes_nothing(db: Database) -> None:
    import_catalog_document(db, sample_doc())
    before = export_catalog_document(db)
    doc = sample_doc()
    doc["matters"][1]["department"] = "X"
    doc["matters"][0]["items"].append("C9999")
    doc["matters"][0]["level"] = "province"
    doc["matters"][0]["legal_limit_days"] = "三十"
    doc["certificate_items"][2]["code"] = "C0001"
    doc["certificate_items"][0]["measures"][0]["measure"] = "wish"
    doc["certificate_items"][0]["measures"][1]["provider"] = "D-NONE"
    del doc["departments"][1]["name"]
    doc["bundles"][0]["matters"].append("M0404")
    problems = problems_of(db, doc)
    expected = [
        "matters[1].department: 未知部门编码“X”",
        "matters[0].items[2]: 未知证明事项编码“C9999”",
        "matters[0].level",
        "matters[0].legal_limit_days",
        "certificate_items[2].code: 证明事项编码“C0001”重复",
        "certificate_items[0].measures[0].measure",
        "certificate_items[0].measures[1].provider: 未知部门编码“D-NONE”",
        "departments[1].name: 缺少必填字段",
        "bundles[0].matters[2]: 未知事项编码“M0404”",
    ]
    for text in expected:
        assert any(p.startswith(text) for p in problems), text
    assert export_catalog_document(db) == before
    assert count(db, AuditEntry) == 1


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda d: d.update(format="something-else"), "format:"),
        (lambda d: d.update(format_version=2), "format_version:"),
        (lambda d: d["catalog"].pop("version"), "catalog.version: 缺少必填字段"),
        (lambda d: d.update(matters={}), "matters: 应为列表"),
        (
            lambda d: d["certificate_items"][0]["measures"].append(
                {"measure": "pledge", "detail": "again"}
            ),
            "certificate_items[0].measures[2].measure: 措施“pledge”在同一证明事项中重复",
        ),
        (
            lambda d: d["matters"][1]["items"].append("C0001"),
            "matters[1].items[2]: 证明事项“C0001”在同一事项中重复",
        ),
    ],
)
def test_single_problem(db: Database, mutate: Any, expected: str) -> None:
    doc = copy.deepcopy(sample_doc())
    mutate(doc)
    problems = problems_of(db, doc)
    assert any(p.startswith(expected) for p in problems), problems
    assert count(db, Matter) == 0


def test_file_errors_are_friendly(db: Database, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="找不到文件"):
        import_catalog(db, tmp_path / "missing.json")
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": ', encoding="utf-8")
    with pytest.raises(CatalogFormatError, match="第 1 行"):
        import_catalog(db, broken)
    gbk = tmp_path / "gbk.json"
    gbk.write_bytes(json.dumps({"名": "值"}, ensure_ascii=False).encode("gb18030"))
    with pytest.raises(CatalogFormatError, match="UTF-8"):
        import_catalog(db, gbk)
    with pytest.raises(UserError, match="文件夹"):
        export_catalog(db, tmp_path)
    with pytest.raises(UserError, match="不存在"):
        export_catalog(db, tmp_path / "no" / "such.json")
    assert count(db, Matter) == 0


def test_utf8_bom_is_accepted(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + document_bytes(sample_doc()))
    import_catalog(db, path)
    assert count(db, Matter) == 2


@pytest.mark.slow
def test_jinhua_scale_import_then_one_change(db: Database) -> None:
    """Timings are in benchmarks/bench_catalog.py; here, that the scale works."""
    depts = [{"code": f"D{i:03d}", "name": f"部门{i}", "level": "county"} for i in range(60)]
    items = [
        {
            "code": f"C{i:05d}",
            "name": f"证明{i}",
            "issuer": "某单位",
            "legal_basis": "",
            "measures": [{"measure": "pledge", "detail": "承诺"}],
        }
        for i in range(4052)
    ]
    matters = [
        {
            "code": f"M{i:05d}",
            "name": f"事项{i}",
            "department": f"D{i % 60:03d}",
            "items": [f"C{i:05d}", f"C{(i + 2729) % 4052:05d}"],
        }
        for i in range(2729)
    ]
    doc = {
        "format": "wuzheng-catalog",
        "format_version": 1,
        "catalog": {"version": "jh"},
        "departments": depts,
        "certificate_items": items,
        "matters": matters,
        "bundles": [],
    }
    assert import_catalog_document(db, doc).counts["certificate_items"].added == 4052
    doc["matters"][0]["name"] = "改名事项"
    report = import_catalog_document(db, doc)
    assert report.counts["matters"].updated == 1
    assert report.counts["matters"].unchanged == 2728
    assert count(db, CertificateItem) == 4052


def test_import_leaves_the_garbage_collector_as_it_found_it(db: Database) -> None:
    """Imports pause the cyclic collector (bulk work); a refusal must not leave it off."""
    assert gc.isenabled()
    import_catalog_document(db, sample_doc())
    doc = sample_doc()
    doc["matters"][0]["items"].append("C9999")
    with pytest.raises(CatalogFormatError):
        import_catalog_document(db, doc)
    assert gc.isenabled()
    gc.disable()
    try:
        import_catalog_document(db, sample_doc())
        assert not gc.isenabled()
    finally:
        gc.enable()
