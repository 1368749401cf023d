"""The catalog exchange document (docs/catalog-format.md) as pydantic models.

These models say what each field may hold: its type, whether it is required, and its range
(day counts, text lengths, list sizes). Rules that span rows (unique codes, references between
rows) are checked in :mod:`app.catalog.exchange.validate`. Nothing here touches the database,
so the hub validates the same documents with the same models (FastAPI request bodies).

Input is strict: a number is not text, ``"3"`` or ``3.0`` is not a day count and ``1`` is not
``true``. A ``null`` optional text reads as empty text. Keys the format does not define are
ignored.
"""

from __future__ import annotations

import json
from dataclasses import field
from typing import Annotated, Any, Final, Literal

from pydantic import BeforeValidator, ConfigDict, Field, Strict, TypeAdapter
from pydantic.dataclasses import dataclass

from app.domain import ApplicantKind, Level, Measure

FORMAT: Final = "wuzheng-catalog"
FORMAT_VERSION: Final = 1

# Ranges (documented in docs/catalog-format.md). Day counts are working days.
MAX_LIMIT_DAYS: Final = 365  # a matter's legal or promised time limit
MAX_DEADLINE_DAYS: Final = 60  # a provider's time to answer a data query or verification
CODE_LENGTH: Final = 64
NAME_LENGTH: Final = 300  # matters, certificate items, bundles
SHORT_TEXT_LENGTH: Final = 200  # department names, issuers, fees, hours
PLACE_LENGTH: Final = 300  # where to apply
LONG_TEXT_LENGTH: Final = 10_000  # legal bases, pledge texts, descriptions, the catalog source
LIST_LENGTH: Final = 500  # steps, materials, a matter's items, a bundle's matters


def _null_is_empty(value: Any) -> Any:
    return "" if value is None else value


# C0 control characters (tab and line breaks aside) and DEL are never in a catalog's text;
# required text also has something besides white space (checked by pydantic-core's regex)
_CONTROL = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f"
_NO_CONTROLS = rf"^[^{_CONTROL}]*$"
_NOT_BLANK = rf"^[^{_CONTROL}]*[^\s{_CONTROL}][^{_CONTROL}]*$"

_NULL_IS_EMPTY = BeforeValidator(_null_is_empty)


def _text(length: int, *, required: bool = False) -> Any:
    """Text of at most ``length`` characters, without control characters."""
    return Field(max_length=length, pattern=_NOT_BLANK if required else _NO_CONTROLS)


Code = Annotated[str, Strict(), _text(CODE_LENGTH, required=True)]
Name = Annotated[str, Strict(), _text(NAME_LENGTH, required=True)]
ShortName = Annotated[str, Strict(), _text(SHORT_TEXT_LENGTH, required=True)]
ShortText = Annotated[str, Strict(), _text(SHORT_TEXT_LENGTH), _NULL_IS_EMPTY]
PlaceText = Annotated[str, Strict(), _text(PLACE_LENGTH), _NULL_IS_EMPTY]
LongText = Annotated[str, Strict(), _text(LONG_TEXT_LENGTH), _NULL_IS_EMPTY]
DateText = Annotated[str, Strict(), _text(CODE_LENGTH), _NULL_IS_EMPTY]
Reference = Annotated[str, Strict(), _text(CODE_LENGTH)]  # checked against the codes
Line = Annotated[str, Strict(), _text(NAME_LENGTH)]  # a step, a material
LimitDays = Annotated[int, Strict(), Field(ge=0, le=MAX_LIMIT_DAYS)]
DeadlineDays = Annotated[int, Strict(), Field(ge=0, le=MAX_DEADLINE_DAYS)]
Flag = Annotated[bool, Strict()]

# the fields whose number is a day count, and its upper bound (for the messages)
DAY_FIELDS: Final = {
    "legal_limit_days": MAX_LIMIT_DAYS,
    "promised_limit_days": MAX_LIMIT_DAYS,
    "deadline_days": MAX_DEADLINE_DAYS,
}


# Pydantic dataclasses with slots: half the time and objects of BaseModel at province scale
_CONFIG = ConfigDict(extra="ignore")


@dataclass(config=_CONFIG, frozen=True, slots=True)
class CatalogInfo:
    """Which catalog this is (stored as the catalog's metadata)."""

    version: Code
    published_at: DateText = ""
    sample: Flag = False
    source: LongText = ""


@dataclass(config=_CONFIG, frozen=True, slots=True)
class Department:
    code: Code
    name: ShortName
    level: Level = Level.COUNTY


@dataclass(config=_CONFIG, frozen=True, slots=True)
class MeasureEntry:
    """One way a certificate item is handled now, in order of preference."""

    measure: Measure
    detail: LongText = ""  # substitute: the document; pledge: the pledge text; other: free text
    provider: Reference | None = None  # share / verify: the department that answers
    one_click: Flag = False  # answered at once by a data source (一键查询)
    deadline_days: DeadlineDays | None = None


@dataclass(config=_CONFIG, frozen=True, slots=True)
class CertificateItem:
    code: Code
    name: Name
    issuer: ShortText = ""
    legal_basis: LongText = ""
    measures: Annotated[list[MeasureEntry], Field(max_length=len(Measure))] = field(
        default_factory=list
    )


@dataclass(config=_CONFIG, frozen=True, slots=True)
class Matter:
    code: Code
    name: Name
    department: Reference  # required; checked against the departments
    level: Level = Level.COUNTY
    applicant_kind: ApplicantKind = ApplicantKind.PERSON
    legal_limit_days: LimitDays | None = None
    promised_limit_days: LimitDays | None = None
    fee: ShortText = ""
    where: PlaceText = ""
    hours: ShortText = ""
    steps: Annotated[list[Line], Field(max_length=LIST_LENGTH)] = field(default_factory=list)
    materials: Annotated[list[Line], Field(max_length=LIST_LENGTH)] = field(default_factory=list)
    items: Annotated[list[Reference], Field(max_length=LIST_LENGTH)] = field(default_factory=list)


@dataclass(config=_CONFIG, frozen=True, slots=True)
class Bundle:
    code: Code
    name: Name
    description: LongText = ""
    matters: Annotated[list[Reference], Field(max_length=LIST_LENGTH)] = field(default_factory=list)


@dataclass(config=_CONFIG, frozen=True, slots=True)
class CatalogDocument:
    """A whole catalog: what the hub publishes and ``wuzheng catalog import`` reads."""

    format: Literal["wuzheng-catalog"]
    format_version: Literal[1]
    catalog: CatalogInfo
    departments: list[Department] = field(default_factory=list)
    certificate_items: list[CertificateItem] = field(default_factory=list)
    matters: list[Matter] = field(default_factory=list)
    bundles: list[Bundle] = field(default_factory=list)


DOCUMENT: Final = TypeAdapter(CatalogDocument)  # DOCUMENT.validate_python(raw) → CatalogDocument

SECTIONS: Final = ("departments", "certificate_items", "matters", "bundles")
SECTION_LABELS: Final = {
    "departments": "部门",
    "certificate_items": "证明事项",
    "matters": "事项",
    "bundles": "一件事",
}


def document_bytes(doc: dict[str, Any]) -> bytes:
    """The canonical bytes of a document: sorted keys, UTF-8 text, indent 1, final newline."""
    return (json.dumps(doc, sort_keys=True, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


__all__ = [
    "CODE_LENGTH",
    "DAY_FIELDS",
    "DOCUMENT",
    "FORMAT",
    "FORMAT_VERSION",
    "LIST_LENGTH",
    "LONG_TEXT_LENGTH",
    "MAX_DEADLINE_DAYS",
    "MAX_LIMIT_DAYS",
    "NAME_LENGTH",
    "PLACE_LENGTH",
    "SECTIONS",
    "SECTION_LABELS",
    "SHORT_TEXT_LENGTH",
    "Bundle",
    "CatalogDocument",
    "CatalogInfo",
    "CertificateItem",
    "Department",
    "Matter",
    "MeasureEntry",
    "document_bytes",
]
