"""The catalog diff (app.catalog.diff): each kind of change on small hand-made documents, an
unchanged catalog, the sources it reads (files, registers, the installed catalog) and the
realistic pair of tests/catalog_versions.py."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from catalog_versions import DROPPED, NEW_PLEDGE, REGISTERS, REVISED_BASIS, new_version, old_version

from app.catalog.diff import (
    CatalogSource,
    ChangeKind,
    Ref,
    compare,
    diff_documents,
    load_document,
    save_report,
    source_of,
)
from app.catalog.exchange import CatalogFormatError, document_bytes, import_catalog_document
from app.catalog.exchange.builder import CatalogBuilder
from app.errors import UserError
from app.storage.db import Database


def small() -> dict[str, Any]:
    """Two departments, three certificate items, two matters and a bundle."""
    b = CatalogBuilder("v1", published_at="2026-11-01")
    b.department("D1", "县民政局")
    b.department("D2", "县人力社保局")
    b.item(
        "C1",
        "家庭经济状况证明",
        issuer="县民政局",
        legal_basis="《社会救助暂行办法》第十一条",
        measures=[
            {"measure": "share", "provider": "D1", "one_click": True, "deadline_days": 1},
            {"measure": "verify", "provider": "D1", "deadline_days": 3},
        ],
    )
    b.item(
        "C2",
        "无经济收入证明",
        issuer="乡镇人民政府",
        measures=[{"measure": "pledge", "detail": "本人承诺：本人无固定收入。"}],
    )
    b.item("C3", "社保缴纳证明", measures=[{"measure": "share", "provider": "D2"}])
    b.matter("M1", "最低生活保障审核确认", "D1", items=["C1", "C2"], fee="不收费")
    b.matter("M2", "失业保险金申领", "D2", items=["C3"])
    b.bundle("B1", "困难群众救助一件事", matters=["M1", "M2"])
    return b.document()


def item(doc: dict[str, Any], code: str) -> dict[str, Any]:
    return next(i for i in doc["certificate_items"] if i["code"] == code)


def matter(doc: dict[str, Any], code: str) -> dict[str, Any]:
    return next(m for m in doc["matters"] if m["code"] == code)


def only(doc_old: dict[str, Any], doc_new: dict[str, Any]) -> Any:
    """The one change between the documents."""
    diff = diff_documents(doc_old, doc_new)
    assert len(diff.changes) == 1, diff.report()
    return diff.changes[0]


def test_the_same_catalog_has_no_changes_whatever_its_version_label() -> None:
    old, new = small(), small()
    new["catalog"].update(version="v2", published_at="2026-12-01", source="另一个来源")
    diff = diff_documents(old, new)
    assert diff.empty and diff.changes == () and diff.counts() == {}
    assert diff.summary() == "两个目录的内容相同，没有变化。"
    assert diff.old.version == "v1" and diff.new.version == "v2"
    assert diff.to_json()["total"] == 0


def test_defaults_written_out_or_left_out_are_the_same_catalog() -> None:
    old = small()
    new = copy.deepcopy(old)
    for row in new["certificate_items"]:
        row["issuer"] = row["issuer"] or None  # null reads as empty text
        for entry in row["measures"]:
            if not entry["one_click"]:
                del entry["one_click"]  # the default, false
    assert diff_documents(old, new).empty


def test_items_added_and_removed() -> None:
    old, new = small(), small()
    new["certificate_items"].append(
        {"code": "C4", "name": "亲属关系证明", "issuer": "派出所", "measures": []}
    )
    new["certificate_items"] = [i for i in new["certificate_items"] if i["code"] != "C3"]
    matter(new, "M2")["items"] = []
    diff = diff_documents(old, new)
    assert diff.counts() == {
        ChangeKind.ITEM_ADDED: 1,
        ChangeKind.ITEM_REMOVED: 1,
        ChangeKind.MATTER_ITEMS: 1,
    }
    added, removed = (
        diff.of_kind(ChangeKind.ITEM_ADDED)[0],
        diff.of_kind(ChangeKind.ITEM_REMOVED)[0],
    )
    assert (added.code, added.name) == ("C4", "亲属关系证明")
    assert "开具单位：派出所" in added.new and added.old == ""
    assert (removed.code, removed.name) == ("C3", "社保缴纳证明")
    assert "县人力社保局" in removed.old  # its provider, named
    lists = diff.of_kind(ChangeKind.MATTER_ITEMS)[0]
    assert lists.code == "M2" and lists.removed == (Ref("C3", "社保缴纳证明"),)


def test_measures_changed_old_to_new() -> None:
    old, new = small(), small()
    item(new, "C1")["measures"].reverse()  # the verification first, then the data query
    change = only(old, new)
    assert change.kind is ChangeKind.MEASURES and change.code == "C1"
    assert (change.old, change.new) == ("数据查询、部门核验", "部门核验、数据查询")
    assert change.fields == ("measures",)


def test_a_measure_replaced_by_another() -> None:
    old, new = small(), small()
    item(new, "C2")["measures"] = [{"measure": "cancel"}]
    change = only(old, new)
    assert change.kind is ChangeKind.MEASURES and (change.old, change.new) == (
        "告知承诺",
        "直接取消",
    )


def test_measure_details_changed() -> None:
    old, new = small(), small()
    item(new, "C2")["measures"][0]["detail"] = "本人承诺：本人无固定收入，如不实愿担责。"
    item(new, "C1")["measures"][0]["one_click"] = False
    item(new, "C1")["measures"][1]["deadline_days"] = 5
    diff = diff_documents(old, new)
    assert [c.kind for c in diff.changes] == [ChangeKind.MEASURE_DETAILS] * 2
    first, second = diff.changes
    assert first.code == "C1" and first.fields == ("one_click", "deadline_days")
    assert first.old == "数据查询：一键查询；部门核验：答复时限 3 个工作日"
    assert first.new == "数据查询：非一键查询；部门核验：答复时限 5 个工作日"
    assert second.code == "C2" and second.fields == ("detail",)
    assert second.old == "告知承诺：本人承诺：本人无固定收入。"
    assert second.new.endswith("如不实愿担责。")


def test_legal_basis_changed() -> None:
    old, new = small(), small()
    item(new, "C1")["legal_basis"] = "《社会救助暂行办法》第十一条、第十二条"
    change = only(old, new)
    assert change.kind is ChangeKind.LEGAL_BASIS
    assert (change.old, change.new) == (
        "《社会救助暂行办法》第十一条",
        "《社会救助暂行办法》第十一条、第十二条",
    )


def test_a_legal_basis_given_where_there_was_none() -> None:
    old, new = small(), small()
    item(new, "C2")["legal_basis"] = "《社会保险法》第十七条"
    change = only(old, new)
    assert change.kind is ChangeKind.LEGAL_BASIS and change.old == ""
    assert "原来：（无）" in "\n".join(change.lines())


def test_provider_changed() -> None:
    old, new = small(), small()
    item(new, "C3")["measures"][0]["provider"] = "D1"
    change = only(old, new)
    assert change.kind is ChangeKind.PROVIDER and change.code == "C3"
    assert (change.old, change.new) == ("数据查询：县人力社保局", "数据查询：县民政局")


def test_a_provider_named_by_the_version_it_is_in() -> None:
    """A department renamed and given an item: each side names it as that side does."""
    old, new = small(), small()
    new["departments"].append({"code": "D3", "name": "县医疗保障局", "level": "county"})
    item(new, "C3")["measures"][0]["provider"] = "D3"
    diff = diff_documents(old, new)
    assert diff.counts() == {ChangeKind.PROVIDER: 1, ChangeKind.DEPARTMENT_ADDED: 1}
    assert diff.of_kind(ChangeKind.PROVIDER)[0].new == "数据查询：县医疗保障局"


def test_name_and_issuer_changed() -> None:
    old, new = small(), small()
    item(new, "C3")["name"] = "社会保险参保缴费证明"
    item(new, "C3")["issuer"] = "县社保中心"
    change = only(old, new)
    assert change.kind is ChangeKind.ITEM_DETAILS and change.name == "社会保险参保缴费证明"
    assert change.fields == ("name", "issuer")
    assert change.old == "名称：社保缴纳证明；开具单位：（无）"


def test_matters_added_removed_and_their_lists_of_items() -> None:
    old, new = small(), small()
    new["matters"].append(
        {"code": "M3", "name": "临时救助申请", "department": "D1", "items": ["C1"]}
    )
    new["matters"] = [m for m in new["matters"] if m["code"] != "M2"]
    new["bundles"][0]["matters"] = ["M1", "M3"]
    matter(new, "M1")["items"] = ["C2", "C3"]
    matter(new, "M1")["promised_limit_days"] = 5
    diff = diff_documents(old, new)
    assert diff.counts() == {
        ChangeKind.MATTER_ADDED: 1,
        ChangeKind.MATTER_REMOVED: 1,
        ChangeKind.MATTER_ITEMS: 1,
        ChangeKind.MATTER_DETAILS: 1,
        ChangeKind.BUNDLE_MATTERS: 1,
    }
    items = diff.of_kind(ChangeKind.MATTER_ITEMS)[0]
    assert items.added == (Ref("C3", "社保缴纳证明"),)
    assert items.removed == (Ref("C1", "家庭经济状况证明"),)
    details = diff.of_kind(ChangeKind.MATTER_DETAILS)[0]
    assert (details.old, details.new) == ("承诺时限：未规定", "承诺时限：5 个工作日")
    bundle = diff.of_kind(ChangeKind.BUNDLE_MATTERS)[0]
    assert bundle.added == (Ref("M3", "临时救助申请"),)
    assert bundle.removed == (Ref("M2", "失业保险金申领"),)
    assert diff.of_kind(ChangeKind.MATTER_REMOVED)[0].old == "县人力社保局；所需证明 1 项"


def test_the_order_of_a_matters_items_alone() -> None:
    old, new = small(), small()
    matter(new, "M1")["items"] = ["C2", "C1"]
    change = only(old, new)
    assert change.kind is ChangeKind.MATTER_ITEMS and not change.added and not change.removed
    assert (change.old, change.new) == ("C1、C2", "C2、C1")


def test_bundles_and_departments() -> None:
    old, new = small(), small()
    new["bundles"] = []
    new["bundles"].append({"code": "B2", "name": "失业一件事", "matters": ["M2"]})
    new["departments"][0]["name"] = "县民政局（县社会救助中心）"
    diff = diff_documents(old, new)
    assert diff.counts() == {
        ChangeKind.BUNDLE_ADDED: 1,
        ChangeKind.BUNDLE_REMOVED: 1,
        ChangeKind.DEPARTMENT_DETAILS: 1,
    }
    assert diff.of_kind(ChangeKind.DEPARTMENT_DETAILS)[0].new == "名称：县民政局（县社会救助中心）"


def test_an_invalid_document_is_refused_as_an_import_refuses_it() -> None:
    new = small()
    matter(new, "M1")["items"] = ["C9"]
    with pytest.raises(CatalogFormatError) as caught:
        diff_documents(small(), new)
    assert "未知证明事项编码“C9”" in str(caught.value)


def test_the_realistic_pair_every_kind_the_issue_names() -> None:
    diff = diff_documents(old_version(), new_version())
    counts = diff.counts()
    assert counts[ChangeKind.ITEM_ADDED] == 7  # the registers' certificates
    assert counts[ChangeKind.MATTER_ADDED] == 6 and counts[ChangeKind.DEPARTMENT_ADDED] == 2
    assert [c.code for c in diff.of_kind(ChangeKind.ITEM_REMOVED)] == [DROPPED]
    assert [(c.code, c.old, c.new) for c in diff.of_kind(ChangeKind.MEASURES)] == [
        ("C0003", "部门核验", "数据查询、部门核验")
    ]
    details = {c.code: c for c in diff.of_kind(ChangeKind.MEASURE_DETAILS)}
    assert details["C0004"].fields == ("one_click",) and NEW_PLEDGE in details["C0005"].new
    basis = diff.of_kind(ChangeKind.LEGAL_BASIS)
    assert [(c.code, c.new) for c in basis] == [("C0033", REVISED_BASIS)]
    provider = diff.of_kind(ChangeKind.PROVIDER)
    assert [(c.code, c.old, c.new) for c in provider] == [
        ("C0006", "部门核验：城关镇人民政府", "部门核验：示范县民政局")
    ]
    lists = diff.of_kind(ChangeKind.MATTER_ITEMS)
    assert lists and all(c.removed == (Ref(DROPPED, "新生儿家庭住址证明"),) for c in lists)
    assert len(diff.changes) == sum(counts.values())
    text = diff.report()
    assert text.index("【新增证明事项】7 处") < text.index("【索取依据变化】1 处")
    assert "C0033 家庭收入证明" in text and f"现在：{REVISED_BASIS}" in text
    data = json.loads(json.dumps(diff.to_json(), ensure_ascii=False))
    assert data["counts"]["legal_basis"] == 1 and data["total"] == len(diff.changes)
    assert {c["section"] for c in data["changes"]} == {
        "certificate_items",
        "matters",
        "departments",
    }


# --------------------------------------------------------------------------- sources


def test_files_registers_and_the_installed_catalog(tmp_path: Path) -> None:
    old_file = tmp_path / "old.json"
    old_file.write_bytes(document_bytes(old_version()))
    db = Database.in_memory()
    import_catalog_document(db, new_version(), actor="测试")
    # the installed catalog against the file it came from: the same
    installed = CatalogSource()
    assert compare(installed, source_of([old_file]), db).counts()[ChangeKind.ITEM_ADDED] == 1
    # registers on the new side are merged into the old side, as an import merges them
    registers = source_of(sorted(REGISTERS.iterdir()))
    diff = compare(source_of([old_file]), registers)
    assert (
        diff.counts()[ChangeKind.ITEM_ADDED] == 7 and ChangeKind.ITEM_REMOVED not in diff.counts()
    )
    assert diff.new.source.startswith("人社局-措施.csv、")
    # registers on the old side: merged into an empty catalog
    alone = load_document(registers)
    assert len(alone.certificate_items) == 7
    exported = load_document(installed, db)
    assert diff_documents(exported, new_version()).empty


def test_sources_that_cannot_be_compared(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="找不到文件"):
        source_of([tmp_path / "nope.json"], "旧目录")
    (tmp_path / "old.xls").write_bytes(b"")
    with pytest.raises(UserError, match=r"\.xls"):
        source_of([tmp_path / "old.xls"])
    with pytest.raises(UserError, match="是一个文件夹"):
        source_of([tmp_path])
    with pytest.raises(UserError, match="不能与文件一起"):
        source_of(["installed", tmp_path / "a.json"])
    (tmp_path / "a.json").write_text("{}", encoding="utf-8")
    (tmp_path / "b.json").write_text("{}", encoding="utf-8")
    with pytest.raises(UserError, match="一次只能比较一个"):
        source_of([tmp_path / "a.json", tmp_path / "b.json"])
    with pytest.raises(UserError, match="没有打开数据库"):
        load_document(CatalogSource())


def test_a_bad_file_is_refused_naming_its_side(tmp_path: Path) -> None:
    good = tmp_path / "good.json"
    good.write_bytes(document_bytes(small()))
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": ', encoding="utf-8")
    with pytest.raises(CatalogFormatError) as caught:
        compare(source_of([good]), source_of([broken]))
    assert str(caught.value).startswith("新目录（broken.json）有 1 处问题，无法比较：")
    invalid = copy.deepcopy(small())
    invalid["certificate_items"][0]["measures"][0]["deadline_days"] = "3"
    (tmp_path / "invalid.json").write_bytes(document_bytes(invalid))
    with pytest.raises(CatalogFormatError) as caught:
        compare(source_of([tmp_path / "invalid.json"]), source_of([good]))
    assert caught.value.heading.startswith("旧目录（invalid.json）")
    assert "deadline_days" in caught.value.problems[0]
    bad_register = tmp_path / "附件2.csv"
    bad_register.write_text("不是登记表\n", encoding="utf-8")
    with pytest.raises(CatalogFormatError) as caught:
        compare(source_of([good]), source_of([bad_register]))
    assert caught.value.heading.startswith("新目录（附件2.csv）")


def test_the_report_saved_as_text_or_json(tmp_path: Path) -> None:
    diff = diff_documents(old_version(), new_version())
    text_file = tmp_path / "report.txt"
    save_report(diff, text_file, [ChangeKind.LEGAL_BASIS])
    text = text_file.read_text(encoding="utf-8-sig")
    assert "【索取依据变化】1 处" in text and "【新增证明事项】" not in text
    save_report(diff, tmp_path / "report.json")
    assert json.loads((tmp_path / "report.json").read_text("utf-8")) == diff.to_json()
    with pytest.raises(UserError, match="无法写入文件"):
        save_report(diff, tmp_path / "missing" / "report.txt")
