"""Data for the printing tests: a small realistic catalog (imported through the exchange
format) and cases taken in through the real case service, plus PDF/QR reading helpers.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import keyring
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


def take_in_case(db: Database, name: str = PERSON_NAME) -> SampleCase:
    """A case for M0001 with every kind of resolution: 2 pledges, a pending verification…"""
    service = CaseService(db, clerk="李娜", window_code="HF01", today=lambda: date(2026, 11, 9))
    applicant = validate_applicant("person", name, PERSON_ID, "13812345678")
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


def _poppler(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"{tool} (poppler-utils) is not installed")
    return path


def pdf_fonts(pdf: Path) -> list[tuple[str, str, bool]]:
    """(name, type, embedded) of every font the PDF references, as ``pdffonts`` lists them."""
    out = subprocess.run(
        [_poppler("pdffonts"), str(pdf)], check=True, capture_output=True, text=True
    ).stdout
    rows = []
    for line in out.splitlines()[2:]:
        words = line.split()
        # name, type (one or two words), encoding, emb, sub, uni, object id, generation
        rows.append((words[0], " ".join(words[1:-6]), words[-5] == "yes"))
    return rows


def text_in_band(pdf: Path, top: float, height: float) -> str:
    """The text ``pdftotext`` finds between ``top`` and ``top + height`` points from the top
    of each page (the whole width of the page), pages in order."""
    out = subprocess.run(
        [
            _poppler("pdftotext"),
            "-x",
            "0",
            "-y",
            str(int(top)),
            "-W",
            "596",
            "-H",
            str(int(height)),
            str(pdf),
            "-",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return out


def body_text(pdf: Path) -> str:
    """What the pages say between their header and footer (``pdftotext``, pages in order)."""
    return text_in_band(pdf, 62, 842 - 62 - 57)


def header_text(pdf: Path) -> list[str]:
    """The header line of each page."""
    return text_in_band(pdf, 0, 45).split("\f")[:-1]


@dataclass(frozen=True)
class ScannedQr:
    text: str
    module_mm: float  # the size of one module on paper


def scan_qr(png: Path, dpi: int = 150) -> list[ScannedQr]:
    """The QR codes of a rendered page, with the printed size of their modules."""
    import zxingcpp
    from PIL import Image

    found = []
    for result in zxingcpp.read_barcodes(Image.open(png)):
        if result.format != zxingcpp.BarcodeFormat.QRCode:
            continue
        modules = 17 + 4 * int(result.extra["Version"])
        corners = result.position
        width_px = abs(corners.top_right.x - corners.top_left.x) + 1
        found.append(ScannedQr(result.text, width_px / modules / dpi * 25.4))
    return found


def decode_qr(png: Path) -> list[str]:
    import zxingcpp
    from PIL import Image

    image = Image.open(png)
    return [
        r.text for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode
    ]


# --------------------------------------------------------------------------- long content

LONG_BASIS_MATTER = "M9100"  # a legal basis quoting a whole article, a long address and name
MANY_STEPS_MATTER = "M9200"  # a flow of 200 steps
MANY_STEPS = 200
MANY_PLEDGES_MATTER = "M9300"  # 100 certificate items, each replaced by a pledge
MANY_PLEDGES = 100
RARE_MATTER = "M9400"  # rare characters in a matter's name, address and steps
RARE_NAME = "王䶮𠮷"  # 䶮: CJK Extension A; 𠮷: CJK Extension B (both in real names)
RARE_PLACE = "𬇙水"  # 𬇙 (U+2C1D9): CJK Extension E, in the 通用规范汉字表 (place names)
RARE_STREET = "𤭢石巷"  # 𤭢 (U+24B62, cèi): CJK Extension B, in the second fallback font
UNPRINTABLE = "ئ"  # an Arabic letter: no bundled font draws it (and reportlab cannot shape it)


def whole_article(chars: int = 1500) -> str:
    """A legal basis that quotes a whole (made-up) article, about ``chars`` characters long."""
    clauses = [
        "申请人申请本项许可的，应当向县级人民政府有关主管部门提交申请书和下列材料",
        "主管部门应当自受理申请之日起二十个工作日内作出是否准予许可的决定",
        "符合条件的，依法作出准予许可的书面决定；不符合条件的，书面说明理由",
        "申请材料不齐全或者不符合法定形式的，应当当场或者在五日内一次告知申请人需要补正的全部内容",
        "申请人隐瞒有关情况或者提供虚假材料的，主管部门不予受理或者不予许可，并给予警告",
    ]
    parts: list[str] = ["《县公共服务管理条例》第二十三条："]
    n = 0
    while sum(len(p) for p in parts) < chars:
        parts.append(f"（{n + 1}）{clauses[n % len(clauses)]}；")
        n += 1
    return "".join(parts)


def long_address() -> str:
    return (
        "县行政服务中心（县城关镇人民路与建设路交叉口东北侧，原县人民医院门诊楼旧址）"
        "二楼东侧住房保障综合受理区第12号至第15号窗口；周六、周日及法定节假日请到"
        "县城关镇便民服务中心一楼综合窗口（城关镇政府大院内，公交2路、5路、11路城关镇站下车"
        "向北步行约三百米），偏远乡镇的申请人也可以到所在乡镇便民服务中心代办窗口提交申请，"
        "由代办员统一报送县行政服务中心办理"
    )


def long_matter_name() -> str:
    return (
        "对在城市规划区内的国有土地上新建、改建、扩建建筑物、构筑物、道路、管线和其他工程"
        "且涉及公共租赁住房配套设施建设、既有住宅加装电梯以及老旧小区改造的建设工程规划许可证"
        "核发（含变更、延续和补办）"
    )


def long_content_document() -> dict[str, Any]:
    """The test catalog plus matters with what real catalogs contain at their longest."""
    doc = catalog_document()
    basis = whole_article()
    doc["certificate_items"].append(
        _item(
            "C9100",
            "建设工程规划条件核实合格证明",
            "县自然资源和规划局",
            basis,
            _measure("pledge", detail="本人承诺所建工程符合规划条件。" * 12),
        )
    )
    pledge_codes = []
    for n in range(MANY_PLEDGES):
        code = f"C93{n:02d}"
        pledge_codes.append(code)
        doc["certificate_items"].append(
            _item(
                code,
                f"承诺测试证明第{n + 1}号",
                "县档案馆",
                "《县档案利用办法》第五条",
                _measure("pledge", detail=f"本人承诺第{n + 1}项情况属实。"),
            )
        )
    matter = dict(doc["matters"][0])
    doc["matters"] += [
        {
            **matter,
            "code": LONG_BASIS_MATTER,
            "name": long_matter_name(),
            "where": long_address(),
            "items": ["C0001", "C9100", "C0003"],
        },
        {
            **matter,
            "code": MANY_STEPS_MATTER,
            "name": "长流程测试事项",
            "items": ["C0001"],
            "steps": [f"第{n}步：材料审查" for n in range(1, MANY_STEPS + 1)],
        },
        {
            **matter,
            "code": MANY_PLEDGES_MATTER,
            "name": "多项承诺测试事项",
            "items": pledge_codes,
        },
        {
            **matter,
            "code": RARE_MATTER,
            "name": f"{RARE_PLACE}村集体经济组织成员身份确认",
            "where": f"{RARE_PLACE}村村民委员会（䶮山路 1 号，{RARE_STREET}口）",
            "items": ["C0001", "C0005"],
            "steps": ["窗口受理", "䶮山村委会审核", "公示"],
        },
    ]
    return doc


def install_long_catalog(db: Database) -> None:
    import_catalog_document(db, long_content_document())


@contextmanager
def long_catalog_home(home: Path) -> Iterator[Database]:
    """A real data directory with the long-content catalog, and a keyring in memory."""
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    try:
        db = Database.open(home)
        install_long_catalog(db)
        yield db
    finally:
        keyring.set_keyring(previous)


def take_in_pledges(db: Database, matter: str, name: str = PERSON_NAME) -> SampleCase:
    """A case for ``matter`` with every certificate item resolved by a pledge where it can be."""
    service = CaseService(db, clerk="李娜", window_code="HF01", today=lambda: date(2026, 11, 9))
    applicant = validate_applicant("person", name, PERSON_ID, "13812345678")
    case = service.new_case(applicant, matter_code=matter)
    for resolution in case.resolutions:
        options = [o.measure for o in service.options(case.id, resolution.item_code)]
        measure = "pledge" if "pledge" in options else options[0]
        service.resolve(case.id, resolution.item_code, measure)  # type: ignore[arg-type]
    view = service.get(case.id)
    return SampleCase(id=view.id, number=view.number)
