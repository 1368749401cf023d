"""The words of the registers: cleaning and matching their text, splitting a cell's matters,
deterministic codes, and who applies for a matter a register creates.

Who applies for a matter the register creates (:func:`applicant_kind_of`): the registers have
no such column, so it is read from the matter's name, then from its certificates' names. A name
naming an organisation (企业, 公司, 单位, 法人, 机构, 组织, 合作社, 个体工商户, 商户, 工商,
营业执照, 经营许可, 生产许可) makes the matter an enterprise's, and both a person's and an
enterprise's when it also names a person (个人, 自然人, 居民, 公民, 本人, 家庭, 职工, 人员,
户籍, 户口, 婚, 出生, 死亡, 残疾, 学生, 老年, 退役, 失业, 退休); 个人独资企业 and 个体工商户
are enterprises, whatever words they contain. A name naming neither is a person's, unless one
of the matter's certificates is about an enterprise (企业, 公司, 法人, 营业执照, 个体工商户 in
its name): then both may apply. Matters already in the catalog keep their applicant kind.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

from app.domain import ApplicantKind
from app.storage.models import Level

_SEPARATORS = "、；;\n\r"
_OPEN = "（(《〈【[“"
_CLOSE = "）)》〉】]”"

# who applies for a matter a register creates (see the module docstring)
_ENTERPRISE_FORMS = ("个人独资企业", "个体工商户")
_ORGANISATION_WORDS = (
    *_ENTERPRISE_FORMS,
    "企业",
    "公司",
    "单位",
    "法人",
    "机构",
    "组织",
    "合作社",
    "商户",
    "工商",
    "营业执照",
    "经营许可",
    "生产许可",
)
_PERSON_WORDS = (
    "个人",
    "自然人",
    "居民",
    "公民",
    "本人",
    "家庭",
    "职工",
    "人员",
    "户籍",
    "户口",
    "婚",
    "出生",
    "死亡",
    "残疾",
    "学生",
    "老年",
    "退役",
    "失业",
    "退休",
)
_ENTERPRISE_CERTIFICATE_WORDS = ("企业", "公司", "法人", "营业执照", "个体工商户")


def clean(text: str) -> str:
    """Full-width and other odd spaces become one plain space; ends stripped."""
    return " ".join(text.replace("\u3000", " ").replace("\xa0", " ").split())


@lru_cache(maxsize=65536)
def key(text: str) -> str:
    """A matching key: NFKC, no whitespace at all, so “（” matches “(” and spacing is ignored."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def tick_text(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def split_matters(text: str) -> list[str]:
    """Split a 证明对应的办理事项 cell on 、；; and line breaks, but not inside brackets."""
    parts: list[str] = []
    depth = 0
    current: list[str] = []
    for ch in text:
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE and depth:
            depth -= 1
        if ch in _SEPARATORS and (depth == 0 or ch in "\n\r"):
            parts.append("".join(current))
            current = []
            depth = 0
        else:
            current.append(ch)
    parts.append("".join(current))
    seen: set[str] = set()
    out = []
    for part in parts:
        name = clean(part)
        if name and key(name) not in seen:
            seen.add(key(name))
            out.append(name)
    return out


def stable_code(prefix: str, *parts: str, length: int = 10) -> str:
    digest = hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest().upper()
    return f"{prefix}-{digest[:length]}"


def applicant_kind_of(matter: str, certificates: Sequence[str] = ()) -> ApplicantKind:
    """Who applies for a matter, read from its name and its certificates' names (the rule is
    in the module docstring)."""
    name = key(matter)
    organisation = any(word in name for word in _ORGANISATION_WORDS)
    for form in _ENTERPRISE_FORMS:
        name = name.replace(form, "")
    person = any(word in name for word in _PERSON_WORDS)
    if organisation:
        return ApplicantKind.BOTH if person else ApplicantKind.ENTERPRISE
    names = [key(c) for c in certificates]
    if any(w in name for name in names for w in _ENTERPRISE_CERTIFICATE_WORDS):
        return ApplicantKind.BOTH
    return ApplicantKind.PERSON


def department_level(name: str) -> str:
    k = key(name)
    if k.endswith(("村", "社区")) or "村民委员会" in k or "居民委员会" in k:
        return Level.VILLAGE.value
    if k.endswith(("镇", "乡", "街道")) or any(
        s in k for s in ("镇人民政府", "乡人民政府", "街道办事处")
    ):
        return Level.TOWNSHIP.value
    return Level.COUNTY.value
