"""Data for the printing tests: a small realistic catalog (imported through the exchange
format) and cases taken in through the real case service, plus PDF/QR reading helpers.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from keyring_support import MemoryKeyring
from pypdf import PdfReader

from app.cases.applicant import validate_applicant
from app.cases.service import CaseService
from app.catalog.exchange import import_catalog_document
from app.storage.db import Database

PERSON_ID = "11010519491231002X"
PERSON_MASKED = "110105********002X"
PERSON_NAME = "王秀英"
CATALOG_VERSION = "2026.11-测试"
LONG_MATTER = "M9000"
LONG_ITEMS = 40

__all__ = ["MemoryKeyring"]  # re-exported for the printing tests


def _measure(measure: str, **kw: Any) -> dict[str, Any]:
    return {
        "measure": measure,
        "detail": kw.get("detail", ""),
        "provider": kw.get("provider"),
        "one_click": kw.get("one_click", False),
        "deadline_days": kw.get("deadline_days"),
    }


def _item(code: str, name: str, issuer: str, basis: str, *measures: dict[str, Any]) -> Any:
    return {
        "code": code,
        "name": name,
        "issuer": issuer,
        "legal_basis": basis,
        "measures": list(measures),
    }


def catalog_document() -> dict[str, Any]:
    items = [
        _item(
            "C0001", "居住证明", "村（居）民委员会", "《居住证暂行条例》第九条", _measure("cancel")
        ),
        _item(
            "C0002",
            "无犯罪记录证明",
            "县公安局",
            "《公安机关办理无犯罪记录证明的意见》",
            _measure("verify", provider="D-GA", deadline_days=3),
            _measure("pledge", detail="{name}承诺本人无犯罪记录。"),
        ),
        _item(
            "C0003",
            "最低生活保障证明",
            "县民政局",
            "《社会救助暂行办法》第九条",
            _measure("share", provider="D-MZ", one_click=True),
        ),
        _item(
            "C0004",
            "婚姻状况证明",
            "户籍所在地乡镇（街道）",
            "《婚姻登记条例》",
            _measure("substitute", detail="结婚证"),
        ),
        _item(
            "C0005",
            "无经济收入证明",
            "户籍所在地乡镇（街道）",
            "《浙江省最低生活保障办法》（省政府令第 349 号）第十条",
            _measure("pledge", detail="本人家庭成员均无固定经济收入，所述情况属实。"),
        ),
        _item(
            "C0006",
            "房屋使用证明",
            "村（居）民委员会",
            "《县公共租赁住房管理办法》第八条",
            _measure("other", detail="由窗口工作人员现场查看"),
        ),
        _item(
            "C0007",
            "健康证明",
            "县人民医院",
            "《公共场所卫生管理条例》第七条",
            _measure("retained"),
        ),
    ]
    long_codes = []
    for n in range(LONG_ITEMS):
        code = f"C9{n:03d}"
        long_codes.append(code)
        items.append(
            _item(
                code,
                f"长表测试证明第{n + 1}号",
                "县档案馆",
                "《中华人民共和国档案法》第二十八条；《县档案利用办法》第五条",
                _measure("verify", provider="D-GA", deadline_days=5),
            )
        )
    matter = {
        "department": "D-ZJ",
        "level": "county",
        "applicant_kind": "person",
        "legal_limit_days": 20,
        "promised_limit_days": 10,
        "fee": "不收费",
        "where": "县行政服务中心二楼住建窗口（12号—15号）",
        "hours": "工作日 9:00-12:00，13:30-17:00",
        "steps": ["网上或窗口申请", "窗口受理", "部门审核", "结果公示", "办结送达"],
        "materials": ["申请人身份证", "户口簿", "公共租赁住房申请表"],
    }
    return {
        "format": "wuzheng-catalog",
        "format_version": 1,
        "catalog": {
            "version": CATALOG_VERSION,
            "published_at": "2026-11-01",
            "sample": False,
            "source": "tests",
        },
        "departments": [
            {"code": "D-GA", "name": "县公安局", "level": "county"},
            {"code": "D-MZ", "name": "县民政局", "level": "county"},
            {"code": "D-ZJ", "name": "县住房和城乡建设局", "level": "county"},
        ],
        "certificate_items": items,
        "matters": [
            {
                **matter,
                "code": "M0001",
                "name": "公共租赁住房资格申请",
                "items": ["C0001", "C0002", "C0003", "C0004", "C0005", "C0006", "C0007"],
            },
            {
                **matter,
                "code": "M0002",
                "name": "住房租赁补贴申请",
                "items": ["C0002", "C0005"],
                "steps": [],
            },
            {
                **matter,
                "code": LONG_MATTER,
                "name": "档案查阅利用申请",
                "items": long_codes,
                "steps": [f"第{n}步审查" for n in range(1, 12)],
            },
        ],
        "bundles": [
            {
                "code": "B0001",
                "name": "安居一件事",
                "description": "公租房资格和租赁补贴一次办",
                "matters": ["M0001", "M0002"],
            },
        ],
    }


def install_catalog(db: Database) -> None:
    import_catalog_document(db, catalog_document())


@dataclass
class SampleCase:
    id: str
    number: str


def take_in_case(db: Database) -> SampleCase:
    """A case for M0001 with every kind of resolution: 2 pledges, a pending verification…"""
    service = CaseService(db, clerk="李娜", window_code="HF01", today=lambda: date(2026, 11, 9))
    applicant = validate_applicant("person", PERSON_NAME, PERSON_ID, "13812345678")
    case = service.new_case(applicant, matter_code="M0001")
    service.resolve(case.id, "C0001", "cancel")
    service.resolve(case.id, "C0002", "pledge")
    service.resolve(case.id, "C0003", "share")
    service.resolve(case.id, "C0004", "substitute", substitute_document="结婚证")
    service.resolve(case.id, "C0005", "pledge")
    service.resolve(case.id, "C0006", "other", note="已现场查看")
    service.resolve(case.id, "C0007", "retained", submitted=True)
    view = service.get(case.id)
    return SampleCase(id=view.id, number=view.number)


def take_in_case_without_pledge(db: Database) -> SampleCase:
    service = CaseService(db, clerk="李娜", window_code="HF01", today=lambda: date(2026, 11, 9))
    applicant = validate_applicant("person", PERSON_NAME, PERSON_ID)
    case = service.new_case(applicant, matter_code="M0002")
    service.resolve(case.id, "C0002", "verify")
    view = service.get(case.id)
    return SampleCase(id=view.id, number=view.number)


# --------------------------------------------------------------------------- reading PDFs


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def page_texts(data: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def squeeze(text: str) -> str:
    """Text without whitespace (extraction inserts line breaks inside wrapped cells)."""
    return "".join(text.split())


def page_sizes(data: bytes) -> list[tuple[float, float]]:
    reader = PdfReader(io.BytesIO(data))
    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages]


def embedded_font_files(data: bytes) -> list[str]:
    """Base names of the fonts whose descriptor embeds a TrueType program (FontFile2)."""
    reader = PdfReader(io.BytesIO(data))
    names: set[str] = set()
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.get_object().values():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is not None and "/FontFile2" in descriptor.get_object():
                names.add(str(font["/BaseFont"]))
    return sorted(names)


def render_page(pdf: Path, page: int, out_prefix: Path, dpi: int = 150) -> Path:
    """Render one page to PNG with pdftoppm (poppler-utils)."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            str(dpi),
            "-f",
            str(page),
            "-l",
            str(page),
            "-png",
            "-singlefile",
            str(pdf),
            str(out_prefix),
        ],
        check=True,
    )
    return out_prefix.with_suffix(".png")


def decode_qr(png: Path) -> list[str]:
    import zxingcpp
    from PIL import Image

    image = Image.open(png)
    return [
        r.text for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode
    ]
