"""What the QR codes on the paper carry (plain text, ``|``-separated, fields percent-encoded).

- guide:   ``WZ1|M|<matter code>|<catalog version>`` (``B`` for a bundle, 一件事)
- receipt: ``WZ1|C|<case number>``
- pledge:  ``WZ1|F|…`` with a keyed signature, see :mod:`app.printing.signing`.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, unquote

from app.errors import UserError

PREFIX = "WZ1"
GUIDE_MATTER = "M"
GUIDE_BUNDLE = "B"
RECEIPT = "C"
PLEDGE = "P"  # a pledge form printed before forms named only their case (lists the pledges)
PLEDGE_FORM = "F"


def encode(*fields: str) -> str:
    return "|".join(quote(field, safe="-._~:,") for field in (PREFIX, *fields))


def decode(payload: str) -> list[str]:
    parts = payload.strip().split("|")
    if len(parts) < 2 or parts[0] != PREFIX:
        raise UserError("这不是本系统打印的二维码。")
    return [unquote(part) for part in parts[1:]]


@dataclass(frozen=True)
class GuideQr:
    kind: str  # "M" (matter) or "B" (bundle)
    code: str
    catalog_version: str


def guide_payload(code: str, catalog_version: str, *, bundle: bool = False) -> str:
    return encode(GUIDE_BUNDLE if bundle else GUIDE_MATTER, code, catalog_version)


def parse_guide_payload(payload: str) -> GuideQr:
    fields = decode(payload)
    if len(fields) != 3 or fields[0] not in (GUIDE_MATTER, GUIDE_BUNDLE):
        raise UserError("这不是办事指南的二维码。")
    return GuideQr(kind=fields[0], code=fields[1], catalog_version=fields[2])


def receipt_payload(case_number: str) -> str:
    return encode(RECEIPT, case_number)


def parse_receipt_payload(payload: str) -> str:
    """The case number a receipt's QR code carries."""
    fields = decode(payload)
    if len(fields) != 2 or fields[0] != RECEIPT:
        raise UserError("这不是受理回执的二维码。")
    return fields[1]
