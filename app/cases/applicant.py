"""The applicant of a case: validation of names, resident IDs, credit codes and phones.

Public API::

    Applicant(kind, name, id_no, phone="")         # frozen; id_no normalized (upper case)
    validate_applicant(kind, name, id_no, phone="") -> Applicant   # UserError with a Chinese reason
    normalize_id_no(kind, id_no) -> str            # checked and normalized ID / credit code
    validate_phone(phone) -> str                   # "" or a checked mobile / landline number
    mask_id(id_no) -> str                          # 110105********002X

Resident IDs (居民身份证号码, 18 characters) are checked with ``stdnum.cn.ric``: check digit,
birth date and region code. Unified social credit codes (统一社会信用代码, GB 32100) are checked
here: ``stdnum.cn.uscc`` refuses codes whose first character (the registering authority) is a
letter, yet GB 32100 allows ``A`` (军队), ``N`` (农业) and ``Y`` (其他) there; we only borrow its
check-character computation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from stdnum.cn import ric, uscc
from stdnum.exceptions import InvalidComponent

from app.errors import UserError
from app.storage.models import ApplicantKind

__all__ = [
    "Applicant",
    "ApplicantKind",
    "mask_id",
    "normalize_id_no",
    "validate_applicant",
    "validate_phone",
]

MAX_NAME = 100

# GB 32100 character set for positions 9-18 (no I, O, Z, S, V).
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
# Position 1: registering authority (1-9 and the letters A, N, Y).
_USCC_AUTHORITY = "123456789ANY"

_MOBILE = re.compile(r"1[3-9]\d{9}")
_LANDLINE = re.compile(r"0\d{2,3}-?[2-9]\d{6,7}(?:-\d{1,6})?")


@dataclass(frozen=True)
class Applicant:
    """A checked applicant: a person (resident ID) or an enterprise (credit code)."""

    kind: ApplicantKind
    name: str
    id_no: str
    phone: str = ""

    @property
    def id_masked(self) -> str:
        return mask_id(self.id_no)


def _compact(value: str) -> str:
    return re.sub(r"[\s\-]", "", value).upper()


def _resident_id(raw: str) -> str:
    number = _compact(raw)
    if not number:
        raise UserError("身份证号码不能为空。")
    if len(number) != 18:
        raise UserError(f"身份证号码应为 18 位，您输入了 {len(number)} 位。")
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise UserError("身份证号码格式不正确：前 17 位应为数字，最后一位为数字或 X。")
    if number[17] != ric.calc_check_digit(number):
        raise UserError("身份证号码校验位不正确，请核对后重新输入。")
    try:
        birth = ric.get_birth_date(number)
    except InvalidComponent:
        raise UserError("身份证号码中的出生日期无效，请核对后重新输入。") from None
    if birth > date.today() or birth.year < 1880:
        raise UserError("身份证号码中的出生日期无效，请核对后重新输入。")
    try:
        ric.get_birth_place(number)
    except InvalidComponent:
        raise UserError("身份证号码中的行政区划代码无效，请核对后重新输入。") from None
    return number


def _credit_code(raw: str) -> str:
    code = _compact(raw)
    if not code:
        raise UserError("统一社会信用代码不能为空。")
    if len(code) != 18:
        raise UserError(f"统一社会信用代码应为 18 位，您输入了 {len(code)} 位。")
    if code[0] not in _USCC_AUTHORITY:
        raise UserError("统一社会信用代码第 1 位（登记管理部门代码）不正确。")
    if code[1] not in _USCC_ALPHABET:
        raise UserError("统一社会信用代码第 2 位（机构类别代码）不正确。")
    if not code[2:8].isdigit():
        raise UserError("统一社会信用代码第 3—8 位应为行政区划代码（数字）。")
    if any(c not in _USCC_ALPHABET for c in code[8:]):
        raise UserError("统一社会信用代码含有不允许的字符（不使用 I、O、S、V、Z）。")
    if code[17] != uscc.calc_check_digit(code):
        raise UserError("统一社会信用代码校验位不正确，请核对后重新输入。")
    return code


def normalize_id_no(kind: ApplicantKind, id_no: str) -> str:
    """The checked, normalized resident ID (person) or credit code (enterprise)."""
    if kind == ApplicantKind.PERSON:
        return _resident_id(id_no)
    if kind == ApplicantKind.ENTERPRISE:
        return _credit_code(id_no)
    raise UserError("申请人类型应为个人或企业。")


def validate_phone(phone: str) -> str:
    """``""`` when empty, else a mobile (1[3-9] + 9 digits) or landline number like 0718-8123456."""
    value = re.sub(r"\s", "", phone or "")
    if value.startswith("+86"):
        value = value[3:]
    if not value:
        return ""
    if _MOBILE.fullmatch(value) or _LANDLINE.fullmatch(value):
        return value
    raise UserError(
        "联系电话格式不正确：请输入 11 位手机号码（如 13812345678）"
        "或带区号的固定电话（如 0718-8123456）。"
    )


def validate_applicant(
    kind: ApplicantKind | str, name: str, id_no: str, phone: str = ""
) -> Applicant:
    """A checked :class:`Applicant`, or :class:`UserError` naming the first problem."""
    try:
        kind = ApplicantKind(kind)
    except ValueError:
        raise UserError("申请人类型应为个人或企业。") from None
    if kind == ApplicantKind.BOTH:
        raise UserError("申请人类型应为个人或企业。")
    clean_name = " ".join((name or "").split())
    if not clean_name:
        raise UserError("姓名不能为空。" if kind == ApplicantKind.PERSON else "企业名称不能为空。")
    if len(clean_name) > MAX_NAME:
        raise UserError(f"名称过长（最多 {MAX_NAME} 个字）。")
    return Applicant(
        kind=kind,
        name=clean_name,
        id_no=normalize_id_no(kind, id_no),
        phone=validate_phone(phone),
    )


def mask_id(id_no: str) -> str:
    """A masked ID for lists, paper and logs: 110105********002X (credit codes alike)."""
    value = id_no or ""
    if len(value) >= 15:
        return value[:6] + "*" * (len(value) - 10) + value[-4:]
    if len(value) > 4:
        return value[:2] + "*" * (len(value) - 4) + value[-2:]
    return "*" * len(value)
