"""The applicant of a case: ID documents, credit codes and phones, checked and made canonical.

Public API::

    Applicant(kind, name, id_no, phone="")         # frozen; id_no and phone canonical
    validate_applicant(kind, name, id_no, phone="") -> Applicant   # UserError with a Chinese reason
    normalize_id_no(kind, id_no) -> str            # the checked, canonical ID / credit code
    canonical_text(text) -> str                    # NFKC, no spaces or dashes, upper case
    id_document(id_no) -> IdDocument               # which document a canonical person ID is
    validate_phone(phone) -> str                   # "" or the canonical phone number
    mask_id(id_no) -> str                          # 110105********002X

Everything typed at the edge goes through :func:`canonical_text` first (Unicode NFKC, so
full-width ``１１０１…２Ｘ`` becomes ``1101…2X``; whitespace of any kind, zero-width characters
and dashes removed; upper case), and only the canonical form is stored and compared: the same
person typed two ways is one person, so the credit list cannot be slipped past. Digits of other
scripts (Arabic-Indic ``١``, circled ``①`` …), which Python's ``int()`` would read, are refused.

Person documents (applicant kind "person"), all checked for format, birth date and check
character; the region is checked only for its province (the region in a number is the one in
force when it was issued and regions are renamed and merged, so python-stdnum's rule that the
region must have existed in the birth year refuses real people):

* 居民身份证 resident ID, 18 characters: a mainland province code (GB/T 2260) first.
* 港澳居民居住证 / 台湾居民居住证 residence permits: ``810000`` (Hong Kong), ``820000`` (Macau),
  ``830000`` (Taiwan), then birth date, sequence and check character like a resident ID.
* 外国人永久居留身份证 (since 2023-12-01), 18 characters: ``9``, the accepting province (2),
  the nationality as a GB/T 2659 numeric code (3), birth date (8), sequence (3), and the
  resident ID's ISO 7064 MOD 11-2 check character.
* 外国人永久居留证 (2004 and 2017 cards), 15 characters: the nationality as three letters, the
  accepting region (4 digits, a province first), birth date YYMMDD, a sequence digit and a check
  digit (weights 7, 3, 1 over the characters, letters A=10 … Z=35, sum mod 10). The number is
  for life, so nationality codes of former countries (YUG …) stay valid: only their form is
  checked.

Unified social credit codes (统一社会信用代码, GB 32100): the registering authority (position 1)
and the organisation category it defines (position 2), the registering region (positions 3-8:
a province, or ``100000`` for the national level) and the check character. ``stdnum.cn.uscc``
refuses codes whose first character is a letter, yet GB 32100 allows ``A`` (军队), ``N`` (农业)
and ``Y`` (其他) there (and ``G``, ``J``, ``Q`` were assigned since): we only borrow its
check-character computation.

Phones (python-phonenumbers, China by default): whatever people write (``138-1234-5678``,
``(0718)8123456``, ``+86 138…``, ``400 820 8820``, ``0718-8123456转123``) is stored as one
canonical form: mobiles ``13812345678``, landlines ``0718-8123456`` (``转123`` for an
extension), 400/800 numbers ``400-820-8820``, other countries ``+852 91234567``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

import phonenumbers
from stdnum.cn import ric, uscc

from app.errors import UserError
from app.storage.models import ApplicantKind

__all__ = [
    "DOCUMENT_LABELS",
    "Applicant",
    "ApplicantKind",
    "IdDocument",
    "canonical_text",
    "id_document",
    "mask_id",
    "normalize_id_no",
    "validate_applicant",
    "validate_phone",
]

MAX_NAME = 100
MAX_INPUT = 64  # longer input is no ID, code or phone: refused before any parsing


class IdDocument(StrEnum):
    """The kind of a person's ID document, told by the form of its number."""

    RESIDENT_ID = "resident_id"
    HK_MACAO_PERMIT = "hk_macao_permit"
    TAIWAN_PERMIT = "taiwan_permit"
    FOREIGN_PR = "foreign_pr"
    FOREIGN_PR_OLD = "foreign_pr_old"


DOCUMENT_LABELS: dict[IdDocument, str] = {
    IdDocument.RESIDENT_ID: "居民身份证",
    IdDocument.HK_MACAO_PERMIT: "港澳居民居住证",
    IdDocument.TAIWAN_PERMIT: "台湾居民居住证",
    IdDocument.FOREIGN_PR: "外国人永久居留身份证",
    IdDocument.FOREIGN_PR_OLD: "外国人永久居留证（旧版）",
}

# GB/T 2260 province-level codes of the mainland. No province has been abolished since resident
# IDs began (Hainan, 46, and Chongqing, 50, were created later; older numbers keep 44 / 51).
PROVINCES = frozenset(
    {
        "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36",
        "37", "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62",
        "63", "64", "65",
    }
)  # fmt: skip
PERMIT_PREFIXES = {
    "810000": IdDocument.HK_MACAO_PERMIT,
    "820000": IdDocument.HK_MACAO_PERMIT,
    "830000": IdDocument.TAIWAN_PERMIT,
}
OLDEST_BIRTH_YEAR = 1880

# GB 32100: registering authority -> the organisation categories it defines.
USCC_CATEGORIES: dict[str, str] = {
    "1": "1239",  # 机构编制: 机关, 事业单位, 群众团体, 其他
    "2": "19",  # 外交: 外国常驻新闻机构, 其他
    "3": "1234569",  # 司法行政: 律所, 公证处, 基层法律服务所, 司法鉴定, 仲裁委, 商事调解, 其他
    "4": "19",  # 文化: 外国在华文化中心, 其他
    "5": "123459",  # 民政: 社会团体, 民办非企业单位, 基金会, 村委会, 居委会, 其他
    "6": "129",  # 旅游: 外国 / 港澳台旅游部门常驻代表机构, 其他
    "7": "129",  # 宗教: 宗教活动场所, 宗教院校, 其他
    "8": "129",  # 工会: 基层工会, 非法人工会组织, 其他
    "9": "123",  # 市场监管（工商）: 企业, 个体工商户, 农民专业合作社
    "A": "19",  # 中央军委改革和编制办公室: 军队事业单位, 其他
    "G": "19",  # 公安: 境外非政府组织代表机构, 其他
    "J": "19",  # 住房城乡建设: 业主大会, 其他
    "N": "1239",  # 农业农村: 组级 / 村级 / 乡镇级集体经济组织, 其他
    "Q": "1239",  # 侨联: 区县级 / 乡镇级 / 村级侨联组织, 其他
    "Y": "1",  # 其他
}
# GB 32100 character set for positions 9-18 (no I, O, Z, S, V).
_USCC_ALPHABET = frozenset("0123456789ABCDEFGHJKLMNPQRTUWXY")
_USCC_NATIONAL_REGION = "100000"

_DIGITS = re.compile(r"[0-9]+", re.ASCII)
_EIGHTEEN = re.compile(r"[0-9]{17}[0-9X]", re.ASCII)
_OLD_PR = re.compile(r"[A-Z]{3}[0-9]{12}", re.ASCII)
_DASHES = "-‐‑‒–—―−﹘﹣－_"
_ICAO_WEIGHTS = (7, 3, 1)


@dataclass(frozen=True)
class Applicant:
    """A checked applicant: a person (ID document) or an enterprise (credit code)."""

    kind: ApplicantKind
    name: str
    id_no: str
    phone: str = ""

    @property
    def id_masked(self) -> str:
        return mask_id(self.id_no)


def canonical_text(value: str | None) -> str:
    """``value`` as stored and compared: NFKC, without whitespace, format characters and
    dashes, upper case. Not a check: the callers check what is left."""
    text = unicodedata.normalize("NFKC", value or "")
    kept = [
        c
        for c in text
        if not c.isspace() and c not in _DASHES and unicodedata.category(c) not in ("Cf", "Cc")
    ]
    return "".join(kept).upper()


def _checked_input(raw: str | None, what: str) -> str:
    if raw is not None and len(raw) > MAX_INPUT:
        raise UserError(f"{what}过长（最多 {MAX_INPUT} 个字符）。")
    return canonical_text(raw)


# --------------------------------------------------------------------------- persons


def _birth_date(digits: str) -> date | None:
    """A real, past birth date from YYYYMMDD, else None."""
    try:
        born = date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None
    if born > date.today() or born.year < OLDEST_BIRTH_YEAR:
        return None
    return born


def _old_card_birth(yymmdd: str) -> date | None:
    """The 15-character card gives no century: the latest past date that fits."""
    for century in ("20", "19"):
        born = _birth_date(century + yymmdd)
        if born is not None:
            return born
    return None


def _icao_check_digit(body: str) -> str:
    values = [int(c) if c.isdigit() else ord(c) - ord("A") + 10 for c in body]
    return str(sum(v * _ICAO_WEIGHTS[i % 3] for i, v in enumerate(values)) % 10)


def id_document(id_no: str) -> IdDocument:
    """The kind of document of a canonical, checked person ID."""
    if len(id_no) == 15:
        return IdDocument.FOREIGN_PR_OLD
    if id_no.startswith("9"):
        return IdDocument.FOREIGN_PR
    return PERMIT_PREFIXES.get(id_no[:6], IdDocument.RESIDENT_ID)


def _eighteen(number: str) -> str:
    if not _EIGHTEEN.fullmatch(number):
        raise UserError("证件号码格式不正确：前 17 位应为数字，最后一位为数字或 X。")
    first = number[:2]
    if number[0] == "9":
        label = DOCUMENT_LABELS[IdDocument.FOREIGN_PR]
        if number[1:3] not in PROVINCES:
            raise UserError(f"{label}号码第 2—3 位（受理地省级代码）无效，请核对后重新输入。")
        if number[3:6] == "000":
            raise UserError(f"{label}号码第 4—6 位（国籍代码）无效，请核对后重新输入。")
    elif first in ("81", "82", "83"):
        label = "港澳台居民居住证"
        if number[:6] not in PERMIT_PREFIXES:
            raise UserError(
                "港澳台居民居住证号码应以 810000、820000 或 830000 开头，请核对后重新输入。"
            )
    else:
        label = "身份证"
        if first not in PROVINCES:
            raise UserError(
                "身份证号码中的行政区划代码无效（前两位不是省级行政区代码），请核对后重新输入。"
            )
    if number[17] != ric.calc_check_digit(number):
        raise UserError(f"{label}号码校验位不正确，请核对后重新输入。")
    if _birth_date(number[6:14]) is None:
        raise UserError(f"{label}号码中的出生日期无效，请核对后重新输入。")
    return number


def _fifteen(number: str) -> str:
    if _DIGITS.fullmatch(number):
        raise UserError("这是第一代 15 位身份证号码，已停止使用：请提供 18 位居民身份证号码。")
    label = DOCUMENT_LABELS[IdDocument.FOREIGN_PR_OLD]
    if not _OLD_PR.fullmatch(number):
        raise UserError(
            "证件号码格式不正确：15 位的外国人永久居留证号码由 3 个字母（国籍）和 12 位数字组成。"
        )
    if number[3:5] not in PROVINCES:
        raise UserError(f"{label}号码第 4—7 位（受理地代码）无效，请核对后重新输入。")
    if _old_card_birth(number[7:13]) is None:
        raise UserError(f"{label}号码中的出生日期无效，请核对后重新输入。")
    if number[14] != _icao_check_digit(number[:14]):
        raise UserError(f"{label}号码校验位不正确，请核对后重新输入。")
    return number


def _person_id(raw: str | None) -> str:
    number = _checked_input(raw, "证件号码")
    if not number:
        raise UserError("身份证号码不能为空。")
    if not number.isascii():
        raise UserError("证件号码格式不正确：只能包含数字和字母 X（外国人永久居留证含字母）。")
    if len(number) == 18:
        return _eighteen(number)
    if len(number) == 15:
        return _fifteen(number)
    raise UserError(
        f"身份证号码应为 18 位（外国人永久居留证旧版为 15 位），您输入了 {len(number)} 位。"
    )


# --------------------------------------------------------------------------- enterprises


def _credit_code(raw: str | None) -> str:
    code = _checked_input(raw, "统一社会信用代码")
    if not code:
        raise UserError("统一社会信用代码不能为空。")
    if len(code) != 18:
        raise UserError(f"统一社会信用代码应为 18 位，您输入了 {len(code)} 位。")
    categories = USCC_CATEGORIES.get(code[0])
    if categories is None:
        raise UserError("统一社会信用代码第 1 位（登记管理部门代码）不正确。")
    if code[1] not in categories:
        raise UserError(
            f"统一社会信用代码第 2 位（机构类别代码）不正确：登记管理部门“{code[0]}”"
            f"只有类别 {'、'.join(categories)}。"
        )
    region = code[2:8]
    if not (_DIGITS.fullmatch(region) and (region[:2] in PROVINCES or region == "100000")):
        raise UserError("统一社会信用代码第 3—8 位（登记管理机关行政区划码）无效。")
    if any(c not in _USCC_ALPHABET for c in code[8:]):
        raise UserError("统一社会信用代码含有不允许的字符（不使用 I、O、S、V、Z）。")
    if code[17] != uscc.calc_check_digit(code):
        raise UserError("统一社会信用代码校验位不正确，请核对后重新输入。")
    return code


def normalize_id_no(kind: ApplicantKind, id_no: str) -> str:
    """The checked, canonical person ID (any accepted document) or credit code."""
    if kind == ApplicantKind.PERSON:
        return _person_id(id_no)
    if kind == ApplicantKind.ENTERPRISE:
        return _credit_code(id_no)
    raise UserError("申请人类型应为个人或企业。")


# --------------------------------------------------------------------------- phones

_EXTENSION = re.compile(r"(转|轉|分机|分機|EXT\.?|X|#)", re.IGNORECASE)
_DASH_EXTENSION = re.compile(r"^(\(?0[0-9]{2,3}\)?[- ]?[0-9]{7,8})-([0-9]{1,6})$", re.ASCII)
_PHONE_CHARS = re.compile(r"[0-9+()./ \-]*(?: ext\. [0-9]{1,6})?", re.ASCII)
_PHONE_REFUSED = (
    "联系电话格式不正确：请输入 11 位手机号码（如 13812345678）、带区号的固定电话"
    "（如 0718-8123456）或 400/800 号码。"
)
_PT = phonenumbers.PhoneNumberType


def validate_phone(phone: str) -> str:
    """``""`` when empty, else the canonical phone number (see the module docstring)."""
    if phone and len(phone) > MAX_INPUT:
        raise UserError(_PHONE_REFUSED)
    text = unicodedata.normalize("NFKC", phone or "").strip()
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    text = " ".join(text.split())
    if not text:
        return ""
    for dash in _DASHES:
        text = text.replace(dash, "-")
    text = _DASH_EXTENSION.sub(r"\1 ext. \2", text)  # 0718-8123456-123: the last part
    text = _EXTENSION.sub(" ext. ", text, count=1).replace("  ", " ").strip()
    text = re.sub(r"\s*ext\.\s*", " ext. ", text)
    if not _PHONE_CHARS.fullmatch(text):
        raise UserError(_PHONE_REFUSED)
    try:
        number = phonenumbers.parse(text, "CN")
    except phonenumbers.NumberParseException:
        raise UserError(_PHONE_REFUSED) from None
    if not phonenumbers.is_valid_number(number):
        raise UserError(_PHONE_REFUSED)
    national = str(number.national_number)
    extension = f"转{number.extension}" if number.extension else ""
    if number.country_code != 86:
        return f"+{number.country_code} {national}{extension}"
    kind = phonenumbers.number_type(number)
    if kind == _PT.MOBILE and not extension:
        return national
    if kind in (_PT.TOLL_FREE, _PT.SHARED_COST) and national[:3] in ("400", "800"):
        return f"{national[:3]}-{national[3:6]}-{national[6:]}{extension}"
    if kind == _PT.FIXED_LINE:
        area = phonenumbers.length_of_geographical_area_code(number)
        local = national[area:]
        if area and local[:1] not in ("0", "1"):
            return f"0{national[:area]}-{local}{extension}"
    raise UserError(_PHONE_REFUSED)


# --------------------------------------------------------------------------- the applicant


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
    clean_name = " ".join(unicodedata.normalize("NFC", name or "").split())
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
    """A masked ID for lists, paper and logs: 110105********002X (credit codes alike); the
    15-character card shows nationality and region, never the birth date: KAZ1100******05."""
    value = id_no or ""
    if len(value) == 15:
        return value[:7] + "*" * 6 + value[-2:]
    if len(value) >= 15:
        return value[:6] + "*" * (len(value) - 10) + value[-4:]
    if len(value) > 4:
        return value[:2] + "*" * (len(value) - 4) + value[-2:]
    return "*" * len(value)
