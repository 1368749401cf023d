"""The built-in sample catalog: installed once on an empty database, and what a clerk expects."""

from __future__ import annotations

import tomllib
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from app.catalog.exchange import document_bytes, export_catalog_document
from app.catalog.sample import SAMPLE_FILE, ensure_sample_catalog, sample_catalog_document
from app.catalog.views import all_matters, catalog_info, get_bundle, get_matter
from app.paths import resource
from app.storage.db import Database
from app.storage.models import Measure


@pytest.fixture(scope="module")
def doc() -> dict[str, Any]:
    return sample_catalog_document()


@pytest.fixture
def sample_db(db: Database) -> Database:
    assert ensure_sample_catalog(db) is True
    return db


def _matter(doc: dict[str, Any], text: str) -> dict[str, Any]:
    found = [m for m in doc["matters"] if text in m["name"]]
    assert found, f"no matter named like {text}"
    return found[0]


def _items(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {i["code"]: i for i in doc["certificate_items"]}


def test_installed_on_first_start_only(db: Database) -> None:
    assert ensure_sample_catalog(db) is True
    info = catalog_info(db)
    assert info.sample and info.version.endswith("-sample")
    assert "金华" in info.source and "海曙" in info.source and "鹤峰" in info.source
    assert ensure_sample_catalog(db) is False  # a catalog exists: nothing is imported again
    assert catalog_info(db).matters == info.matters


def test_check_at_start_is_one_lookup_when_a_catalog_exists(sample_db: Database) -> None:
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if not statement.startswith("BEGIN"):  # the transaction's own start is not a query
            statements.append(statement)

    event.listen(sample_db.engine, "before_cursor_execute", count)
    try:
        assert ensure_sample_catalog(sample_db) is False
    finally:
        event.remove(sample_db.engine, "before_cursor_execute", count)
    assert len(statements) == 1 and "catalog_meta" in statements[0].lower()


def test_start_up_of_a_data_dir_installs_it(tmp_path: Path) -> None:
    from app.bootstrap import open_database

    db = open_database(tmp_path)
    assert catalog_info(db).matters >= 60
    reopened = open_database(tmp_path)
    assert catalog_info(reopened).matters == catalog_info(db).matters


def test_size_departments_and_levels(doc: dict[str, Any]) -> None:
    assert len(doc["matters"]) >= 60
    assert len(doc["certificate_items"]) >= 150
    owners = {m["department"] for m in doc["matters"]}
    assert len(owners) >= 12
    assert {m["level"] for m in doc["matters"]} == {"county", "township", "village"}
    assert doc["catalog"]["sample"] is True


def test_every_measure_is_used_and_few_are_retained(doc: dict[str, Any]) -> None:
    primary = Counter(i["measures"][0]["measure"] for i in doc["certificate_items"])
    for measure in Measure:
        assert primary[measure.value] >= 3, measure
    assert 3 <= primary["retained"] <= 6  # Hefeng kept 4
    one_click = [m for i in doc["certificate_items"] for m in i["measures"] if m["one_click"]]
    assert len(one_click) >= 20


def test_providers_are_departments_with_deadlines(doc: dict[str, Any]) -> None:
    departments = {d["code"] for d in doc["departments"]}
    for item in doc["certificate_items"]:
        assert item["issuer"] and item["legal_basis"], item["code"]
        for m in item["measures"]:
            if m["measure"] in ("share", "verify"):
                assert m["provider"] in departments, item["code"]
                assert m["deadline_days"] and m["deadline_days"] >= 1
            if m["measure"] == "pledge":
                assert m["detail"].startswith(("本人承诺", "本单位承诺")), item["code"]
            if m["measure"] in ("substitute", "other"):
                assert m["detail"], item["code"]


def test_every_matter_has_a_complete_guide(doc: dict[str, Any]) -> None:
    items = _items(doc)
    demanded = set()
    for m in doc["matters"]:
        assert m["where"] and m["hours"] and m["fee"], m["code"]
        assert len(m["steps"]) >= 3 and m["materials"], m["code"]
        assert m["promised_limit_days"] is not None, m["code"]
        assert all(code in items for code in m["items"]), m["code"]
        demanded.update(m["items"])
    assert demanded == set(items)  # no certificate that no matter demands


def test_public_rental_housing_has_its_four_certificates(sample_db: Database) -> None:
    matter = next(m for m in all_matters(sample_db) if m.name == "公共租赁住房资格申请")
    names = [i.name for i in matter.items]
    assert len(names) == 4
    for word in ("家庭经济状况", "社保", "宅基地", "车辆"):
        assert any(word in n or (word == "社保" and "社会保险" in n) for n in names), word
    primary = {i.primary.measure for i in matter.items}
    assert primary <= {Measure.SHARE, Measure.VERIFY}
    assert primary == {Measure.SHARE, Measure.VERIFY}


def test_survivor_benefits_rest_on_two_pledges(doc: dict[str, Any]) -> None:
    items = _items(doc)
    for name in ("丧葬", "遗属补助生活费"):
        matter = _matter(doc, name)
        by_name = {items[c]["name"]: items[c] for c in matter["items"]}
        assert by_name["夫妻关系证明"]["measures"][0]["measure"] == "pledge"
    survivor = _matter(doc, "遗属补助生活费")
    no_income = [items[c] for c in survivor["items"] if items[c]["name"] == "无经济收入证明"]
    assert no_income and no_income[0]["measures"][0]["measure"] == "pledge"
    # a subject on the credit list cannot pledge: there must be another way
    assert len(no_income[0]["measures"]) >= 2


def test_working_hours_approval_and_business_start(doc: dict[str, Any]) -> None:
    items = _items(doc)
    hours = _matter(doc, "综合计算工时")
    assert hours["applicant_kind"] == "enterprise"
    business = _matter(doc, "企业设立登记")
    address = [items[c] for c in business["items"] if "住所" in items[c]["name"]]
    assert address and address[0]["measures"][0]["measure"] == "pledge"
    assert "住所" in address[0]["measures"][0]["detail"]


def test_newborn_bundle_dedupes_shared_certificates(sample_db: Database, doc: dict) -> None:  # type: ignore[type-arg]
    newborn = next(b for b in doc["bundles"] if b["name"] == "新生儿出生一件事")
    bundle = get_bundle(sample_db, newborn["code"])
    assert len(bundle.matters) == 9
    names = " ".join(m.name for m in bundle.matters)
    for word in ("出生医学证明", "预防接种证", "出生登记", "医疗保险参保", "社会保障卡", "生育"):
        assert word in names, word
    demanded = sum(len(m.items) for m in bundle.matters)
    assert len(bundle.items) < demanded  # the same certificate is resolved once
    assert len({i.code for i in bundle.items}) == len(bundle.items)
    others = {b["name"] for b in doc["bundles"]}
    assert {"退休一件事", "逝者身后一件事", "企业开办一件事"} <= others


def test_matter_view_of_the_sample(sample_db: Database) -> None:
    view = get_matter(sample_db, "M0001")
    assert view.department_name.endswith("住房和城乡建设局")
    assert view.legal_limit_days and view.steps


def test_round_trips_byte_for_byte(sample_db: Database, doc: dict[str, Any]) -> None:
    assert document_bytes(export_catalog_document(sample_db)) == document_bytes(doc)


def test_codes_are_written_in_the_file_not_counted() -> None:
    """Tests and the documentation name M0001 and C0001: each row's code is in the data file,
    so a row added anywhere renumbers nothing."""
    tables = tomllib.loads(resource(SAMPLE_FILE).read_text(encoding="utf-8"))
    for section in ("departments", "certificate_items", "matters", "bundles"):
        codes = [row["code"] for row in tables[section]]
        assert len(set(codes)) == len(codes) and all(codes), section
    matters = {m["code"]: m["name"] for m in tables["matters"]}
    assert matters["M0001"] == "公共租赁住房资格申请"
    items = {i["code"]: i["name"] for i in tables["certificate_items"]}
    assert items["C0001"] == "家庭经济状况审核证明"
