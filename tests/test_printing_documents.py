"""The printed documents as a reader sees them: text, masked IDs, A4 pages, embedded font, QR."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from printing_support import (
    CATALOG_VERSION,
    LONG_ITEMS,
    LONG_MATTER,
    PERSON_ID,
    PERSON_MASKED,
    PERSON_NAME,
    MemoryKeyring,
    SampleCase,
    decode_qr,
    embedded_font_files,
    install_catalog,
    page_sizes,
    page_texts,
    pdf_fonts,
    pdf_text,
    render_page,
    squeeze,
    take_in_case,
    take_in_case_without_pledge,
)
from sqlalchemy import func, select

from app.errors import UserError
from app.printing.guide import print_guide
from app.printing.pledge import check_pledge_paper
from app.printing.pledge_form import print_pledge_form
from app.printing.qr import parse_guide_payload, parse_receipt_payload
from app.printing.receipt import print_receipt
from app.printing.signing import BadSignature, verify_pledge_qr
from app.signing import SigningKey
from app.storage.db import Database
from app.storage.models import AuditEntry, Pledge

KEY = SigningKey.from_raw(bytes(range(32)))
A4 = (595.2756, 841.8898)


@pytest.fixture
def catalog_db(db: Database) -> Database:
    install_catalog(db)
    return db


@pytest.fixture
def case(catalog_db: Database) -> SampleCase:
    return take_in_case(catalog_db)


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def assert_a4_with_embedded_font(pdf: bytes) -> None:
    for width, height in page_sizes(pdf):
        assert (round(width, 2), round(height, 2)) == (595.28, 841.89)
    fonts = embedded_font_files(pdf)
    assert fonts, "no embedded TrueType font program (FontFile2) in the PDF"
    assert all("WenQuanYi" in name for name in fonts)


def qr_of_page(pdf: bytes, tmp_path: Path, page: int = 1) -> list[str]:
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    return decode_qr(render_page(path, page, tmp_path / f"page{page}"))


# --------------------------------------------------------------------------- guide


def test_guide_shows_the_matter_its_certificates_and_how_each_is_handled(
    catalog_db: Database, tmp_path: Path
) -> None:
    pdf = print_guide(catalog_db, "M0001")
    text = squeeze(pdf_text(pdf))
    for expected in (
        "公共租赁住房资格申请",
        "县住房和城乡建设局",
        "县行政服务中心二楼住建窗口",
        "不收费",
        "20个工作日",
        "10个工作日",
        "公共租赁住房申请表",
        # certificate, measure label, what the applicant does
        "居住证明",
        "直接取消",
        "无需提供",
        "无犯罪记录证明",
        "部门核验",
        "无需提供，由窗口核验",
        "最低生活保障证明",
        "数据查询",
        "无需提供，由窗口查询",
        "婚姻状况证明",
        "提供「结婚证」代替",
        "无经济收入证明",
        "告知承诺",
        "现场签署告知承诺书",
        "由窗口工作人员现场查看",
        "健康证明",
        "仍需提交",
        "《社会救助暂行办法》第九条",
        # the flow diagram's step names
        "窗口受理",
        "结果公示",
        # footer: catalog version and page numbers
        f"目录版本{CATALOG_VERSION}",
        "第1页/共1页",
    ):
        assert expected in text, expected
    assert_a4_with_embedded_font(pdf)
    [payload] = qr_of_page(pdf, tmp_path)
    qr = parse_guide_payload(payload)
    assert (qr.kind, qr.code, qr.catalog_version) == ("M", "M0001", CATALOG_VERSION)


def test_long_guide_flows_over_pages_with_the_table_header_repeated(
    catalog_db: Database,
) -> None:
    pdf = print_guide(catalog_db, LONG_MATTER)
    pages = [squeeze(t) for t in page_texts(pdf)]
    assert len(pages) >= 2
    table_pages = [p for p in pages if "长表测试证明" in p]
    assert len(table_pages) >= 2
    for page in table_pages:
        assert "证明名称" in page and "申请人需要做什么" in page  # header on every page
    for number, page in enumerate(pages, start=1):
        assert f"第{number}页/共{len(pages)}页" in page
        assert "县政务服务中心" in page  # header on every page
    everything = "".join(pages)
    for n in range(1, LONG_ITEMS + 1):
        assert f"长表测试证明第{n}号" in everything
    assert "第11步审查" in everything  # the diagram wrapped to several rows
    assert_a4_with_embedded_font(pdf)


def test_bundle_guide_lists_its_matters_and_each_certificate_once(
    catalog_db: Database, tmp_path: Path
) -> None:
    pdf = print_guide(catalog_db, "B0001")
    text = squeeze(pdf_text(pdf))
    assert "安居一件事" in text
    assert "公共租赁住房资格申请" in text and "住房租赁补贴申请" in text
    # C0002 and C0005 are demanded by both matters but listed once
    assert text.count("无犯罪记录证明县公安局") == 1
    assert text.count("无经济收入证明") == 1
    [payload] = qr_of_page(pdf, tmp_path)
    assert parse_guide_payload(payload).kind == "B"


def test_unknown_guide_code_is_refused_in_chinese(catalog_db: Database) -> None:
    with pytest.raises(UserError, match="没有编码为“NOPE”的事项或一件事"):
        print_guide(catalog_db, "NOPE")


# --------------------------------------------------------------------------- pledge form


def test_pledge_form_names_the_applicant_with_a_masked_id_and_holds_every_pledge(
    catalog_db: Database, case: SampleCase, tmp_path: Path
) -> None:
    pdf = print_pledge_form(catalog_db, case.number, key=KEY).pdf
    text = squeeze(pdf_text(pdf))
    assert PERSON_NAME in text
    assert PERSON_MASKED in text
    assert PERSON_ID not in text and PERSON_ID[6:14] not in text
    assert case.number in text
    for expected in (
        "证明事项告知承诺书",
        "无犯罪记录证明",
        "《公安机关办理无犯罪记录证明的意见》",  # the notice's legal basis
        "王秀英承诺本人无犯罪记录",  # the pledge text, in the applicant's name
        "无经济收入证明",
        "失信名单",
        "撤销",
        "申请人（签字并按指印）",
        "受理人（签字）：李娜",
    ):
        assert expected in text, expected
    assert "居住证明" not in text  # cancelled, not pledged
    assert_a4_with_embedded_font(pdf)

    [payload] = qr_of_page(pdf, tmp_path)
    assert verify_pledge_qr(payload, KEY).case_number == case.number
    scanned = check_pledge_paper(catalog_db, payload, KEY)  # resolves the pledges on the form
    assert scanned.case_number == case.number
    with catalog_db.session() as session:
        pledges = session.scalars(select(Pledge).where(Pledge.case_id == case.id)).all()
        assert len(pledges) == 2
        assert set(scanned.pledge_ids) == {p.id for p in pledges}
        hashes = {p.form_hash for p in pledges}
        assert len(hashes) == 1 and len(next(iter(hashes))) == 64
        assert next(iter(hashes)).startswith(scanned.form_hash)
        entry = session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
        assert entry is not None and entry.action == "pledge_form.printed"
        assert PERSON_ID not in str(entry.detail)
    assert check_pledge_paper(catalog_db, payload, KEY).case_number == case.number


def test_a_tampered_or_foreign_pledge_qr_is_rejected(
    catalog_db: Database, case: SampleCase, tmp_path: Path
) -> None:
    pdf = print_pledge_form(catalog_db, case.id, key=KEY).pdf
    [payload] = qr_of_page(pdf, tmp_path)
    body, _, signature = payload.rpartition("|")
    tampered = body.replace(case.number, case.number[:-1] + "9") + "|" + signature
    with pytest.raises(BadSignature):
        verify_pledge_qr(tampered, KEY)
    with pytest.raises(BadSignature, match="设备公钥"):
        verify_pledge_qr(payload, SigningKey.generate())  # another window's key
    with pytest.raises(UserError):
        verify_pledge_qr("WZ1|M|M0001|v1", KEY)


def test_reprinting_makes_the_earlier_paper_stale(
    catalog_db: Database, case: SampleCase, tmp_path: Path
) -> None:
    from datetime import date

    first = print_pledge_form(catalog_db, case.number, key=KEY, today=date(2026, 11, 9)).pdf
    [old_payload] = qr_of_page(first, tmp_path)
    print_pledge_form(catalog_db, case.number, key=KEY, today=date(2026, 11, 10))
    with pytest.raises(UserError, match="不是最近一次打印"):
        check_pledge_paper(catalog_db, old_payload, KEY)


def test_a_case_without_pledges_has_no_pledge_form_and_nothing_changes(
    catalog_db: Database,
) -> None:
    plain = take_in_case_without_pledge(catalog_db)
    with catalog_db.session() as session:
        before = session.scalar(select(func.count()).select_from(AuditEntry))
    with pytest.raises(UserError, match="无需打印承诺书"):
        print_pledge_form(catalog_db, plain.number, key=KEY)
    with catalog_db.session() as session:
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == before


# --------------------------------------------------------------------------- receipt


def test_receipt_shows_resolutions_pending_requests_and_asked_departments(
    catalog_db: Database, case: SampleCase, tmp_path: Path
) -> None:
    pdf = print_receipt(catalog_db, case.number)
    text = squeeze(pdf_text(pdf))
    assert PERSON_NAME in text and PERSON_MASKED in text
    assert PERSON_ID not in text
    assert "13812345678" not in text and "138****5678" in text
    for expected in (
        "受理回执",
        case.number,
        "HF01",
        "李娜",
        "公共租赁住房资格申请",
        # received materials, the substitute and the retained certificate
        "公共租赁住房申请表",
        "结婚证（代替“婚姻状况证明”）",
        "健康证明（证明原件）",
        # every certificate with its measure and state
        "居住证明",
        "直接取消",
        "已签署告知承诺书",
        "已提供「结婚证」代替",
        "已现场查看",
        # the pending data query with its deadline, and the department asked
        "尚待答复",
        "县民政局",
        "待发送",
    ):
        assert expected in text, expected
    assert_a4_with_embedded_font(pdf)
    [payload] = qr_of_page(pdf, tmp_path)
    assert parse_receipt_payload(payload) == case.number


def test_unknown_case_is_refused(catalog_db: Database) -> None:
    with pytest.raises(UserError, match="没有找到办件"):
        print_receipt(catalog_db, "HF01-20990101-0001")


def test_no_section_heading_is_left_alone_at_the_foot_of_a_page(db: Database) -> None:
    from app.catalog.sample import ensure_sample_catalog
    from app.catalog.views import all_matters

    ensure_sample_catalog(db)
    codes = ["B0001", "B0002", "B0003", "B0004"] + [m.code for m in all_matters(db)[:20]]
    for code in codes:
        for page in page_texts(print_guide(db, code)):
            text = squeeze(page)
            if "不再需要您开具的证明" in text and "下列证明材料" in text:
                # the heading, its lead-in and the table's header stand on one page
                assert "证明名称" in text, code


# --------------------------------------------------------------------------- fonts


def test_every_font_every_document_references_is_embedded(
    catalog_db: Database, case: SampleCase, tmp_path: Path
) -> None:
    """No document names a font it does not carry (reportlab's default Helvetica included):
    a print shop's or an archive's checker rejects such a PDF, and a viewer substitutes."""
    documents = {
        "guide": print_guide(catalog_db, "M0001"),
        "long guide": print_guide(catalog_db, LONG_MATTER),
        "bundle guide": print_guide(catalog_db, "B0001"),
        "pledge form": print_pledge_form(catalog_db, case.number, key=KEY).pdf,
        "receipt": print_receipt(catalog_db, case.number),
    }
    for kind, pdf in documents.items():
        path = tmp_path / "doc.pdf"
        path.write_bytes(pdf)
        fonts = pdf_fonts(path)
        assert fonts, kind
        for name, font_type, embedded in fonts:
            assert embedded, (kind, name, font_type)
            assert "Helvetica" not in name, kind
