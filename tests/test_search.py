"""As-you-type search: Chinese, pinyin, initials (also as a subsequence), codes, departments."""

from __future__ import annotations

import pytest

from app.catalog.exchange import import_catalog_document
from app.catalog.generate import generate_catalog_document
from app.catalog.sample import ensure_sample_catalog
from app.catalog.search import SearchHit, pinyin_of, search
from app.storage.db import Database


@pytest.fixture(scope="module")
def sample() -> Database:
    db = Database.in_memory()
    ensure_sample_catalog(db)
    return db


def names(hits: list[SearchHit]) -> list[str]:
    return [h.name for h in hits]


def test_pinyin_and_initials() -> None:
    assert pinyin_of("公共租赁住房") == ("gonggongzulinzhufang", "ggzlzf")
    assert pinyin_of("最低生活保障（低保）") == ("zuidishenghuobaozhangdibao", "zdshbzdb")
    assert pinyin_of("M0001 出生") == ("m0001chusheng", "m0001cs")


def test_initials_subsequence_finds_public_rental_housing(sample: Database) -> None:
    hits = search(sample, "gzzf")
    assert "公共租赁住房资格申请" in names(hits)


def test_an_abbreviation_of_a_matter_ranks_above_partial_matches_and_items(
    sample: Database,
) -> None:
    # gzzf abbreviates 公共租赁住房 (from its first initial on) and is only a part of
    # 用人单位工资支付情况证明 (a certificate item) and 劳动者工资支付情况查询证明开具
    hits = search(sample, "gzzf")
    assert names(hits)[:2] == ["公共租赁住房资格申请", "公共租赁住房租赁补贴申请"]
    assert hits[0].kind == "matter"
    # initials that start a bundle's name and several items' names: the bundle first
    hits = search(sample, "xse")
    assert (hits[0].kind, hits[0].name) == ("bundle", "新生儿出生一件事")
    assert {h.kind for h in hits[1:5]} == {"item"}


def test_two_chinese_characters(sample: Database) -> None:
    # trigram FTS cannot match 2 characters; the short-query path must
    assert "最低生活保障（低保）审核确认" in names(search(sample, "低保"))
    hits = search(sample, "户口")
    assert hits and all("户口" in h.name or "户口" in h.department for h in hits)
    assert any(h.name == "死亡人员户口注销" for h in search(sample, "注销"))


def test_one_character(sample: Database) -> None:
    hits = search(sample, "房", limit=100)
    assert any("住房" in n for n in names(hits))


def test_full_pinyin_and_initials_rank_the_matter_first(sample: Database) -> None:
    assert search(sample, "gonggongzulinzhufang")[0].name.startswith("公共租赁住房")
    assert search(sample, "ggzlzf")[0].name.startswith("公共租赁住房")
    assert search(sample, "GGZL")[0].name.startswith("公共租赁住房")  # case
    assert search(sample, "ＧＧＺＬ")[0].name.startswith("公共租赁住房")  # full-width
    assert search(sample, "gong gong zu lin")[0].name.startswith("公共租赁住房")  # spaces


def test_exact_code_then_code_prefix(sample: Database) -> None:
    hits = search(sample, "M0001")
    assert hits[0].code == "M0001" and hits[0].kind == "matter"
    assert search(sample, "m0001")[0].code == "M0001"
    prefix = search(sample, "C001")
    assert [h.code for h in prefix[:10]] == [f"C001{i}" for i in range(10)]
    bundle = search(sample, "B0001")[0]
    assert bundle.kind == "bundle" and bundle.name == "新生儿出生一件事"


def test_name_prefix_before_substring_and_shorter_first(sample: Database) -> None:
    hits = search(sample, "出生")
    starts = [h.name.startswith("出生") for h in hits]
    assert starts[0] and starts.index(False) == sum(starts)  # all prefixes come first
    prefixed = [h for h in hits if h.name.startswith("出生")]
    kinds = [h.kind == "item" for h in prefixed]
    assert kinds == sorted(kinds)  # matters and bundles before certificate items
    for group in (False, True):
        lengths = [len(h.name) for h in prefixed if (h.kind == "item") == group]
        assert lengths == sorted(lengths)
    assert "新生儿出生一件事" in names(hits)
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)


def test_exact_name_first(sample: Database) -> None:
    assert search(sample, "户籍证明")[0].name == "户籍证明"


def test_department_and_issuer(sample: Database) -> None:
    police = search(sample, "派出所", limit=200)
    assert police and all(h.kind == "item" for h in police)
    assert "户籍证明" in names(police)
    civil = search(sample, "民政局", limit=200)
    assert "惠民殡葬补贴申领" in names(civil)
    assert all(h.score < search(sample, "户籍证明")[0].score for h in civil)


def test_items_carry_their_primary_measure(sample: Database) -> None:
    item = next(h for h in search(sample, "无经济收入证明") if h.kind == "item")
    assert item.primary_measure == "pledge"
    matter = search(sample, "M0001")[0]
    assert matter.primary_measure is None
    assert matter.department.endswith("住房和城乡建设局")


@pytest.mark.parametrize(
    "text",
    [
        '"',
        "'",
        'a"b',
        "a OR b",
        "NEAR(a b)",
        "*",
        "(",
        ")",
        "^",
        "-",
        ":",
        "%",
        "_",
        "\\",
        '证明"',
        "col:证明",
        "{name}",
        "😀😀😀",
        "x" * 500,
        "AND",
        "NOT 证明",
        " ".join(chr(0x4E00 + i) for i in range(1500)),  # more words than SQL nests
        "证明 " * 600,
    ],
)
def test_hostile_input_never_fails(sample: Database, text: str) -> None:
    hits = search(sample, text)
    assert isinstance(hits, list) and len(hits) <= 50


def test_blank_and_limit(sample: Database) -> None:
    assert search(sample, "") == []
    assert search(sample, "   \t ") == []
    assert search(sample, "证明", limit=0) == []
    assert len(search(sample, "证明", limit=7)) == 7
    assert search(sample, "查无此项证明事项xyz") == []


def test_index_follows_a_new_catalog(db: Database) -> None:
    ensure_sample_catalog(db)
    assert search(db, "公共租赁住房")
    import_catalog_document(db, generate_catalog_document(30, 40, seed=3))
    assert search(db, "公共租赁住房资格申请") == []
    assert search(db, "339001-M00001")[0].code == "339001-M00001"


def test_names_repeated_across_counties(db: Database) -> None:
    doc = generate_catalog_document(40, 60, seed=5, counties=4)
    import_catalog_document(db, doc)
    name = doc["certificate_items"][0]["name"]
    hits = search(db, name, limit=500)
    exact = [h for h in hits if h.name == name]
    counties = {h.code.split("-")[0] for h in exact}
    assert counties == {"339001", "339002", "339003", "339004"}
    assert len(search(db, name, limit=3)) == 3
    codes = [h.code for h in exact]
    assert codes == sorted(codes)


def test_an_empty_catalog_imports_and_searches_to_nothing(db: Database) -> None:
    ensure_sample_catalog(db)
    assert search(db, "低保")
    empty = {
        "format": "wuzheng-catalog",
        "format_version": 1,
        "catalog": {"version": "empty", "published_at": "", "sample": False, "source": ""},
        "departments": [],
        "certificate_items": [],
        "matters": [],
        "bundles": [],
    }
    import_catalog_document(db, empty)
    assert search(db, "低保") == []


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("住房 公共", ["住房", "公共"]),
        ("租赁 资格", ["租赁", "资格"]),
        ("资格　租赁", ["资格", "租赁"]),  # a full-width space
        ("  公共   住房 申请 ", ["公共", "住房", "申请"]),
        ("ggzl 资格", ["资格"]),  # an ASCII word matches the initials
    ],
)
def test_several_words_find_names_with_every_word(
    sample: Database, text: str, words: list[str]
) -> None:
    hits = search(sample, text)
    assert "公共租赁住房资格申请" in names(hits)
    assert all(all(w in h.name for w in words) for h in hits), names(hits)


def test_the_words_in_their_order_rank_first(sample: Database) -> None:
    hits = names(search(sample, "公共 租赁"))
    assert hits[0].startswith("公共租赁住房")
    assert "公共租赁住房资格申请" in names(search(sample, "申请 公共租赁"))
    assert search(sample, "住房 查无此词") == []
    assert search(sample, "gong gong zu lin")[0].name.startswith("公共租赁住房")
