"""Applicant validation: resident IDs, credit codes (incl. letter authorities), phones, masking."""

from __future__ import annotations

import pytest
from stdnum.cn import ric, uscc

from app.cases import mask_id, validate_applicant, validate_phone
from app.errors import UserError
from app.storage.models import ApplicantKind


def _with_check(first17: str) -> str:
    return first17 + ric.calc_check_digit(first17 + "0")


def test_valid_resident_id_is_normalized() -> None:
    applicant = validate_applicant("person", " 张三 ", "11010519491231002x", "138 1234 5678")
    assert applicant.kind == ApplicantKind.PERSON
    assert applicant.name == "张三"
    assert applicant.id_no == "11010519491231002X"
    assert applicant.phone == "13812345678"
    assert applicant.id_masked == "110105********002X"


@pytest.mark.parametrize(
    ("id_no", "message"),
    [
        ("110105194912310021", "校验位不正确"),
        (_with_check("11010519491331002"), "出生日期无效"),
        (_with_check("11010520990101002"), "出生日期无效"),
        (_with_check("70999919900101002"), "行政区划代码无效"),
        ("1101051949123100", "应为 18 位"),
        ("11010519491231A02X", "格式不正确"),
        ("", "不能为空"),
    ],
)
def test_invalid_resident_ids_are_refused(id_no: str, message: str) -> None:
    with pytest.raises(UserError, match=message):
        validate_applicant(ApplicantKind.PERSON, "张三", id_no)


def test_empty_name_is_refused() -> None:
    with pytest.raises(UserError, match="姓名不能为空"):
        validate_applicant(ApplicantKind.PERSON, "  ", "11010519491231002X")
    with pytest.raises(UserError, match="企业名称不能为空"):
        validate_applicant(ApplicantKind.ENTERPRISE, "", "91110000600037341L")


def _uscc(first17: str) -> str:
    return first17 + uscc.calc_check_digit(first17)


def test_valid_credit_codes_including_letter_authorities() -> None:
    assert validate_applicant("enterprise", "某公司", "91110000600037341L").id_no == (
        "91110000600037341L"
    )
    for first in "ANY":
        code = _uscc(f"{first}1330783MA2ABCDE3")
        applicant = validate_applicant("enterprise", "合作社", code.lower())
        assert applicant.id_no == code
        assert applicant.id_masked == code[:6] + "********" + code[-4:]


def test_invalid_credit_codes_are_refused() -> None:
    good = _uscc("N1330783MA2ABCDE3")
    bad_check = good[:-1] + ("0" if good[-1] != "0" else "1")
    with pytest.raises(UserError, match="统一社会信用代码校验位不正确"):
        validate_applicant("enterprise", "合作社", bad_check)
    with pytest.raises(UserError, match="第 1 位"):
        validate_applicant("enterprise", "合作社", _uscc("B1330783MA2ABCDE3"))
    with pytest.raises(UserError, match="不允许的字符"):
        validate_applicant("enterprise", "合作社", "91110000600O37341L")
    with pytest.raises(UserError, match="应为 18 位"):
        validate_applicant("enterprise", "合作社", "9111000060003734")


@pytest.mark.parametrize(
    "phone", ["13812345678", "0718-8123456", "07188123456", "", "+8613912345678"]
)
def test_valid_phones(phone: str) -> None:
    validate_phone(phone)


@pytest.mark.parametrize("phone", ["12812345678", "1381234567", "8123456", "0718-0123456", "电话"])
def test_invalid_phones(phone: str) -> None:
    with pytest.raises(UserError, match="联系电话格式不正确"):
        validate_applicant("person", "张三", "11010519491231002X", phone)


def test_mask_id_never_shows_the_middle() -> None:
    assert mask_id("11010519491231002X") == "110105********002X"
    assert "19491231" not in mask_id("11010519491231002X")
    assert mask_id("") == ""
