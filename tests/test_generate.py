"""The synthetic catalog: Jinhua's measure mix, valid documents, provinces of repeated names."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from app.catalog.exchange import import_catalog_document, parse_document
from app.catalog.generate import generate_catalog_document
from app.catalog.stats import catalog_stats
from app.storage.db import Database


@pytest.fixture(scope="module")
def jinhua() -> dict[str, Any]:
    return generate_catalog_document()


def test_default_size_is_jinhua(jinhua: dict[str, Any]) -> None:
    doc = jinhua  # how long it takes: benchmarks/bench_catalog.py
    assert len(doc["matters"]) == 2729
    assert len(doc["certificate_items"]) == 4052


def test_measure_mix_matches_jinhua(jinhua: dict[str, Any]) -> None:
    items = jinhua["certificate_items"]
    primary = Counter(i["measures"][0]["measure"] for i in items)
    assert primary["cancel"] == 861  # 21.25 %
    query_or_verify = primary["share"] + primary["verify"]
    assert round(100 * query_or_verify / len(items), 2) == 63.62
    assert primary["verify"] == 1497
    one_click = sum(1 for i in items if i["measures"][0]["one_click"])
    assert one_click == 1081  # 41.9 % of data query + verification
    assert 1 <= primary["retained"] <= 6
    for measure in ("pledge", "substitute", "other"):
        assert primary[measure] > 0


def test_matters_demand_zero_to_four_items_and_every_item_is_demanded(
    jinhua: dict[str, Any],
) -> None:
    counts = Counter(len(m["items"]) for m in jinhua["matters"])
    assert set(counts) <= {0, 1, 2, 3, 4}
    demanded = {code for m in jinhua["matters"] for code in m["items"]}
    assert demanded == {i["code"] for i in jinhua["certificate_items"]}
    levels = Counter(m["level"] for m in jinhua["matters"])
    assert levels["county"] > levels["township"] > levels["village"] > 0


def test_names_look_like_a_register(jinhua: dict[str, Any]) -> None:
    for item in jinhua["certificate_items"][:200]:
        assert item["name"].endswith("证明") and item["issuer"] and item["legal_basis"]
        for m in item["measures"]:
            if m["measure"] == "pledge":
                assert m["detail"].startswith("本人承诺")
            if m["measure"] in ("share", "verify"):
                assert m["provider"] and m["deadline_days"]
    departments = {d["code"]: d for d in jinhua["departments"]}
    assert all(m["department"] in departments for m in jinhua["matters"])
    assert any(d["name"].endswith("民政局") for d in departments.values())


def test_document_is_valid_and_imports(db: Database) -> None:
    doc = generate_catalog_document(120, 200, seed=2)
    parse_document(doc)  # raises on any problem
    import_catalog_document(db, doc)
    stats = catalog_stats(db)
    assert stats["matters"] == 120 and stats["items"] == 200
    assert stats["measures"]["cancel"]["count"] == round(200 * 861 / 4052)


def test_same_seed_same_catalog_other_seed_other_catalog() -> None:
    a = generate_catalog_document(50, 80, seed=7)
    assert a == generate_catalog_document(50, 80, seed=7)
    assert a != generate_catalog_document(50, 80, seed=8)


def test_province_repeats_names_with_distinct_codes() -> None:
    doc = generate_catalog_document(100, 150, counties=5)
    assert len(doc["matters"]) == 500 and len(doc["certificate_items"]) == 750
    codes = [i["code"] for i in doc["certificate_items"]]
    assert len(set(codes)) == len(codes) and codes == sorted(codes)
    first = [m["name"] for m in doc["matters"][:100]]
    second = [m["name"] for m in doc["matters"][100:200]]
    assert first == second
    civil = [d["name"] for d in doc["departments"] if d["code"].endswith("-MZJ")]
    assert len(set(civil)) == 5 and all(n.endswith("县民政局") for n in civil)


@pytest.mark.parametrize(
    "kwargs",
    [{"matters": -1}, {"items": -5}, {"counties": 0}, {"matters": 2_000_000, "counties": 2}],
)
def test_bad_sizes_are_refused(kwargs: dict[str, int]) -> None:
    with pytest.raises(ValueError):
        generate_catalog_document(**kwargs)
