"""Identity numbers, credit codes and phones: one canonical form, every real document accepted.

The classes of input, not only examples: every province, every kind of ID document (resident
ID, Hong Kong / Macau / Taiwan residence permits, both foreigners' permanent residence cards),
every registering authority and organisation category of a credit code, and the ways people
write a phone number. A listed person must never get past the credit list by typing their ID
another way (full-width digits, spaces, dashes, zero-width characters).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from cases_catalog import PERSON_ID, install
from stdnum.cn import ric, uscc

from app.cases import CaseService, add_credit_record, validate_applicant, validate_phone
from app.cases.applicant import IdDocument, id_document, mask_id, normalize_id_no
from app.cli import main
from app.errors import UserError
from app.storage.db import Database
from app.storage.models import ApplicantKind, Case, CreditRecord, Measure

PERSON = ApplicantKind.PERSON
ENTERPRISE = ApplicantKind.ENTERPRISE

# GB/T 2260 province-level codes of the mainland (the first two digits of a resident ID).
MAINLAND_PROVINCES = [
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
    "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64",
    "65",
]  # fmt: skip
NOT_PROVINCES = ["00", "10", "16", "19", "20", "24", "30", "38", "39", "40", "47", "49", "55",
                 "60", "66", "70", "71", "72", "80", "84", "88"]  # fmt: skip


def with_check(first17: str) -> str:
    """A number with its ISO 7064 MOD 11-2 check character (resident ID, permits, new PR card)."""
    return first17 + ric.calc_check_digit(first17 + "0")


def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


# --------------------------------------------------------------------------- resident IDs


@pytest.mark.parametrize("province", MAINLAND_PROVINCES)
def test_every_province_is_accepted_for_adults_and_children(province: str) -> None:
    for birth in ("19500101", "19831231", "20150615"):
        number = with_check(f"{province}0102{birth}123")
        assert normalize_id_no(PERSON, number) == number
        assert id_document(number) == IdDocument.RESIDENT_ID


@pytest.mark.parametrize("region", ["330203", "330702", "330212", "500101", "460201"])
@pytest.mark.parametrize("birth", ["19400229", "19600101", "19750630", "19991231"])
def test_regions_created_or_renamed_after_the_birth_year_are_accepted(
    region: str, birth: str
) -> None:
    """Ningbo Haishu, Jinhua Wucheng, Ningbo Yinzhou, Chongqing Wanzhou, Sanya: the region in
    an ID is the one in force when the number was issued, not at the holder's birth."""
    number = with_check(f"{region}{birth}042")
    assert validate_applicant(PERSON, "王秀英", number).id_no == number


@pytest.mark.parametrize("province", NOT_PROVINCES)
def test_a_region_prefix_that_is_no_province_is_refused(province: str) -> None:
    number = with_check(f"{province}010219800101123")
    with pytest.raises(UserError, match="行政区划代码无效"):
        normalize_id_no(PERSON, number)


@pytest.mark.parametrize(
    ("first17", "message"),
    [
        ("11010519491331002", "出生日期无效"),  # month 13
        ("11010519490230002", "出生日期无效"),  # 30 February
        ("11010519000229002", "出生日期无效"),  # 1900 was no leap year
        ("11010520990101002", "出生日期无效"),  # in the future
        ("11010518700101002", "出生日期无效"),  # nobody alive was born then
    ],
)
def test_impossible_birth_dates_are_refused(first17: str, message: str) -> None:
    with pytest.raises(UserError, match=message):
        normalize_id_no(PERSON, with_check(first17))


@pytest.mark.parametrize("position", range(18))
def test_any_single_changed_character_is_caught(position: int) -> None:
    index = position
    original = PERSON_ID[index]
    replacement = "7" if original != "7" else "3"
    changed = PERSON_ID[:index] + replacement + PERSON_ID[index + 1 :]
    with pytest.raises(UserError):
        normalize_id_no(PERSON, changed)


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("", "不能为空"),
        ("1101051949123100", "应为 18 位"),
        ("11010519491231002X1", "应为 18 位"),
        ("11010519491231A02X", "格式不正确"),
        ("11010519491231002Y", "格式不正确"),
        ("110105491231002", "15 位"),  # a first-generation ID: no longer valid
        ("张三的身份证", "格式不正确"),
    ],
)
def test_malformed_ids_are_refused(number: str, message: str) -> None:
    with pytest.raises(UserError, match=message):
        normalize_id_no(PERSON, number)


# --------------------------------------------------------------------------- permits and PR cards


@pytest.mark.parametrize(
    ("prefix", "document"),
    [
        ("810000", IdDocument.HK_MACAO_PERMIT),
        ("820000", IdDocument.HK_MACAO_PERMIT),
        ("830000", IdDocument.TAIWAN_PERMIT),
    ],
)
def test_residence_permits_for_hong_kong_macau_and_taiwan_residents(
    prefix: str, document: IdDocument
) -> None:
    for birth in ("19560708", "19990101", "20120229"):
        number = with_check(f"{prefix}{birth}001")
        applicant = validate_applicant(PERSON, "陈大文", number.lower())
        assert applicant.id_no == number
        assert id_document(number) == document
        assert applicant.id_masked == number[:6] + "********" + number[-4:]


@pytest.mark.parametrize("prefix", ["810100", "820001", "831000", "830100"])
def test_a_permit_prefix_must_be_exactly_the_region(prefix: str) -> None:
    with pytest.raises(UserError, match="810000、820000 或 830000"):
        normalize_id_no(PERSON, with_check(f"{prefix}19800101001"))


@pytest.mark.parametrize("province", MAINLAND_PROVINCES)
def test_the_new_foreign_permanent_residence_card(province: str) -> None:
    """Since 2023-12-01: 9, the accepting province, a 3-digit nationality code (GB/T 2659
    numeric), birth date, sequence, and the resident ID's check character."""
    number = with_check(f"9{province}84019850101001")
    assert normalize_id_no(PERSON, number) == number
    assert id_document(number) == IdDocument.FOREIGN_PR


@pytest.mark.parametrize("number", ["932682198501010017", "911398199012310021"])
def test_published_examples_of_the_new_card(number: str) -> None:
    assert normalize_id_no(PERSON, number) == number


@pytest.mark.parametrize(
    ("first17", "message"),
    [
        ("99939819901231002", "受理地"),  # 99 is no province
        ("90139819901231002", "受理地"),
        ("91100019901231002", "国籍"),  # nationality 000
        ("91139819901331002", "出生日期"),
    ],
)
def test_impossible_new_cards_are_refused(first17: str, message: str) -> None:
    with pytest.raises(UserError, match=message):
        normalize_id_no(PERSON, with_check(first17))


def _old_card(nationality: str, region: str, yymmdd: str, sequence: str) -> str:
    """The 15-character card (2004 and 2017 versions): 3-letter nationality, 4-digit accepting
    region, birth date YYMMDD, one sequence digit and a check digit (weights 7, 3, 1; A=10 …)."""
    body = f"{nationality}{region}{yymmdd}{sequence}"
    values = [int(c) if c.isdigit() else ord(c) - ord("A") + 10 for c in body]
    return body + str(sum(v * (7, 3, 1)[i % 3] for i, v in enumerate(values)) % 10)


@pytest.mark.parametrize(
    "number",
    [
        "KAZ110090123105",  # the example of the 2023 adaptation notes
        _old_card("USA", "3302", "750630", "1"),
        _old_card("GBR", "4403", "011224", "2"),
        _old_card("JPN", "3101", "580101", "0"),
        _old_card("YUG", "1101", "620304", "3"),  # numbers are for life: former countries too
    ],
)
def test_the_old_fifteen_character_card(number: str) -> None:
    applicant = validate_applicant(PERSON, "Anna Schmidt", f" {number.lower()} ")
    assert applicant.id_no == number
    assert id_document(number) == IdDocument.FOREIGN_PR_OLD
    assert applicant.id_masked == number[:7] + "******" + number[-2:]


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("KAZ110090123107", "校验位"),
        ("KAZ990090123105", "受理地"),
        (_old_card("KAZ", "1100", "901331", "0"), "出生日期"),
        ("K1Z110090123105", "格式不正确"),
    ],
)
def test_impossible_old_cards_are_refused(number: str, message: str) -> None:
    with pytest.raises(UserError, match=message):
        normalize_id_no(PERSON, number)


# --------------------------------------------------------------------------- canonical form


def _spellings(number: str) -> list[str]:
    return [
        full_width(number),
        full_width(number.lower()),
        number.lower(),
        f"  {number}\t",
        f"{number[:6]} {number[6:14]} {number[14:]}",
        f"{number[:6]}-{number[6:14]}-{number[14:]}",
        f"{number[:6]}\u3000{number[6:]}",  # ideographic space
        f"{number[:6]}\u200b{number[6:]}",  # zero-width space (pasted from a web page)
        f"{number[:6]}\u00a0{number[6:]}",  # no-break space
        "".join(chr(0x1D7CE + int(c)) if c.isdigit() else c for c in number),  # 𝟏𝟏𝟎…
    ]


@pytest.mark.parametrize("spelling", _spellings(PERSON_ID))
def test_every_spelling_of_an_id_is_stored_in_one_form(spelling: str) -> None:
    assert validate_applicant(PERSON, "张三", spelling).id_no == PERSON_ID


@pytest.mark.parametrize(
    "number",
    [
        "".join(chr(0x0660 + int(c)) if c.isdigit() else c for c in PERSON_ID),  # Arabic-Indic
        "".join(chr(0x0966 + int(c)) if c.isdigit() else c for c in PERSON_ID),  # Devanagari
    ],
)
def test_digits_of_other_scripts_are_refused(number: str) -> None:
    """Python's int() reads these as digits; an ID made of them is not the canonical ID, so
    accepting it would let the same person pass as someone else."""
    assert unicodedata.normalize("NFKC", number) != PERSON_ID
    with pytest.raises(UserError, match="格式不正确"):
        normalize_id_no(PERSON, number)


def test_a_roman_numeral_ten_is_the_letter_x() -> None:
    assert normalize_id_no(PERSON, PERSON_ID[:-1] + "Ⅹ") == PERSON_ID


@pytest.fixture
def window(home: Path) -> Path:
    db = Database.open(home)
    install(db)
    db.engine.dispose()
    return home


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("spelling", _spellings(PERSON_ID))
def test_a_listed_person_typed_another_way_cannot_pledge_cli(
    window: Path, capsys: pytest.CaptureFixture[str], spelling: str
) -> None:
    code, _, _ = _run(
        capsys, "credit", "add", "--id", PERSON_ID, "--name", "张三", "--reason", "虚假承诺"
    )
    assert code == 0
    code, out, _ = _run(capsys, "credit", "check", spelling)
    assert code == 0 and "在失信名单中" in out
    code, out, err = _run(
        capsys, "case", "new", "--matter", "M4", "--name", "张三", "--id", spelling
    )
    assert code == 0, err
    case_id = out.strip()
    code, out, err = _run(capsys, "case", "resolve", case_id, "C5", "告知承诺")
    assert code == 2 and "失信名单" in err
    db = Database.open(window)
    try:
        with db.session() as session:
            case = session.get(Case, case_id)
            assert case is not None and case.applicant_id_no == PERSON_ID
    finally:
        db.engine.dispose()


def test_a_person_listed_with_full_width_digits_is_found_when_typed_plainly(db: Database) -> None:
    install(db)
    add_credit_record(db, id_no=full_width(PERSON_ID), name="张三", reason="虚假承诺")
    with db.session() as session:
        stored = session.query(CreditRecord.subject_id_no).scalar()
    assert stored == PERSON_ID
    service = CaseService(db, clerk="李娜")
    case = service.new_case(validate_applicant(PERSON, "张三", PERSON_ID), matter_code="M4")
    with pytest.raises(UserError, match="失信名单"):
        service.resolve(case.id, "C5", Measure.PLEDGE)


# --------------------------------------------------------------------------- credit codes

# GB 32100 registering authorities and the organisation categories each one defines (with
# the later assignments: 3-6 commercial mediation, 5-4/5-5 village and residents' committees,
# 8-2 unincorporated unions, G public security, J housing, Q overseas Chinese federations).
USCC_CATEGORIES = {
    "1": "1239",
    "2": "19",
    "3": "1234569",
    "4": "19",
    "5": "123459",
    "6": "129",
    "7": "129",
    "8": "129",
    "9": "123",
    "A": "19",
    "G": "19",
    "J": "19",
    "N": "1239",
    "Q": "1239",
    "Y": "1",
}
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def credit_code(first17: str) -> str:
    return first17 + uscc.calc_check_digit(first17)


@pytest.mark.parametrize(
    ("authority", "category"),
    [(a, c) for a, cats in USCC_CATEGORIES.items() for c in cats],
)
def test_every_authority_and_category_is_accepted(authority: str, category: str) -> None:
    code = credit_code(f"{authority}{category}330203MA2ABCDE3")
    assert validate_applicant(ENTERPRISE, "某单位", code.lower()).id_no == code


@pytest.mark.parametrize(
    ("authority", "category"),
    [
        (a, c)
        for a, cats in USCC_CATEGORIES.items()
        for c in USCC_ALPHABET
        if c not in cats and c in "0458AY"
    ],
)
def test_impossible_categories_are_refused(authority: str, category: str) -> None:
    with pytest.raises(UserError, match="机构类别"):
        normalize_id_no(ENTERPRISE, credit_code(f"{authority}{category}330203MA2ABCDE3"))


@pytest.mark.parametrize("authority", [c for c in USCC_ALPHABET if c not in USCC_CATEGORIES])
def test_unknown_authorities_are_refused(authority: str) -> None:
    with pytest.raises(UserError, match="第 1 位"):
        normalize_id_no(ENTERPRISE, credit_code(f"{authority}1330203MA2ABCDE3"))


@pytest.mark.parametrize("region", ["110000", "330203", "100000", "650102", "460200"])
def test_real_registration_regions_are_accepted(region: str) -> None:
    code = credit_code(f"91{region}MA2ABCDE3")
    assert normalize_id_no(ENTERPRISE, code) == code


@pytest.mark.parametrize(
    "region", ["000000", "990000", "710000", "810000", "101100", "16xxxx", "200000", "4A0000"]
)
def test_impossible_registration_regions_are_refused(region: str) -> None:
    code = credit_code(f"91{region.replace('x', '0')}MA2ABCDE3")
    with pytest.raises(UserError, match="行政区划"):
        normalize_id_no(ENTERPRISE, code)


def test_a_credit_code_typed_full_width_is_canonical() -> None:
    code = credit_code("91330203MA2ABCDE3")
    assert normalize_id_no(ENTERPRISE, full_width(code.lower())) == code


# --------------------------------------------------------------------------- phones


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("13812345678", "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("+86-13812345678", "13812345678"),
        ("0086 13812345678", "13812345678"),
        ("８６－１３８１２３４５６７８", "13812345678"),
        ("１３８ １２３４ ５６７８", "13812345678"),
        ("19912345678", "19912345678"),
        ("(0718)8123456", "0718-8123456"),
        ("（0718）8123456", "0718-8123456"),
        ("0718-8123456", "0718-8123456"),
        ("0718 812 3456", "0718-8123456"),
        ("07188123456", "0718-8123456"),
        ("+86 718 8123456", "0718-8123456"),
        ("010-62345678", "010-62345678"),
        ("(010) 6512 3456", "010-65123456"),
        ("021-6123 4567", "021-61234567"),
        ("0571-87654321", "0571-87654321"),
        ("0718-8123456转123", "0718-8123456转123"),
        ("0718-8123456-123", "0718-8123456转123"),
        ("0718-8123456 ext. 45", "0718-8123456转45"),
        ("400-123-4567", "400-123-4567"),
        ("4001234567", "400-123-4567"),
        ("400 820 8820", "400-820-8820"),
        ("800-810-8888", "800-810-8888"),
        ("+852 9123 4567", "+852 91234567"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_phones_as_people_write_them(written: str, canonical: str) -> None:
    assert validate_phone(written) == canonical
    if canonical:
        assert validate_phone(canonical) == canonical  # the canonical form is stable


@pytest.mark.parametrize(
    "written",
    ["12812345678", "1381234567", "138123456789", "8123456", "0718-0123456", "0718-1234567",
     "电话", "123", "+86 123", "13812345678abc", "+999 12345"],
)  # fmt: skip
def test_impossible_phones_are_refused(written: str) -> None:
    with pytest.raises(UserError, match="联系电话格式不正确"):
        validate_phone(written)


def test_mask_never_shows_a_birth_date() -> None:
    for number in (PERSON_ID, with_check("81000019800101001"), "KAZ110090123105"):
        masked = mask_id(number)
        assert len(masked) == len(number)
        assert "1949" not in masked and "800101" not in masked and "901231" not in masked


def test_ids_stored_before_are_brought_into_the_canonical_form(home: Path) -> None:
    """A database from before (revision 0003) holding a full-width ID: after the upgrade the
    credit list finds the person however they are typed."""
    from datetime import date

    from alembic import command
    from sqlalchemy import text
    from sqlalchemy.orm import Session

    from app.cases import credit_check
    from app.ids import new_id
    from app.storage.db import alembic_config, make_engine

    home.mkdir(parents=True)
    engine = make_engine(home / "wuzheng.sqlite3")
    command.upgrade(alembic_config(engine), "0003")
    with Session(engine) as session, session.begin():  # the columns revision 0003 has
        session.execute(
            text(
                "INSERT INTO credit_record (id, subject_kind, subject_id_no, subject_name, "
                "reason, valid_from, created_at) VALUES (:id, 'person', :no, '张三', "
                "'虚假承诺', :start, :start)"
            ),
            {"id": str(new_id()), "no": full_width(PERSON_ID.lower()), "start": date(2020, 1, 1)},
        )
    engine.dispose()

    db = Database.open(home)
    try:
        with db.session() as session:
            assert session.query(CreditRecord.subject_id_no).scalar() == PERSON_ID
        assert len(credit_check(db, PERSON_ID)) == 1
    finally:
        db.engine.dispose()
