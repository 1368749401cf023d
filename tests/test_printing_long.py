"""What real catalogs contain, at its longest, prints in full: never a crash, nothing cut off.

A legal basis quoting a whole article, a long address and matter name, a flow of 200 steps, a
case with 100 pledges (whose form's QR code must stay small enough to scan and still let
`wuzheng print check-pledge` find every pledge).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from printing_support import (
    LONG_BASIS_MATTER,
    MANY_PLEDGES,
    MANY_PLEDGES_MATTER,
    MANY_STEPS,
    MANY_STEPS_MATTER,
    body_text,
    header_text,
    install_long_catalog,
    long_address,
    long_catalog_home,
    long_matter_name,
    page_texts,
    render_page,
    scan_qr,
    squeeze,
    take_in_pledges,
    whole_article,
)
from sqlalchemy import select

from app.cli import main
from app.errors import UserError
from app.printing.guide import print_guide
from app.printing.pledge import check_pledge_paper
from app.printing.pledge_form import print_pledge_form
from app.printing.receipt import print_receipt
from app.printing.signing import key_id, load_signing_key, pledge_payload
from app.signing import SigningKey
from app.storage.db import Database
from app.storage.models import Pledge

KEY = SigningKey.from_raw(bytes(range(32)))


@pytest.fixture
def long_db(db: Database) -> Database:
    install_long_catalog(db)
    return db


def write(pdf: bytes, path: Path) -> Path:
    path.write_bytes(pdf)
    return path


def test_a_legal_basis_quoting_a_whole_article_prints_in_full(
    long_db: Database, tmp_path: Path
) -> None:
    article = whole_article()
    assert len(article) > 700
    guide = write(print_guide(long_db, LONG_BASIS_MATTER), tmp_path / "guide.pdf")
    text = squeeze(body_text(guide))
    # the narrow table column names the law and points to the note with the whole article
    assert "《县公共服务管理条例》第二十三条：（全文见表后注1）" in text
    assert "注1：" + squeeze(article) in text
    # the pledge form's notice quotes it whole, across pages
    case = take_in_pledges(long_db, LONG_BASIS_MATTER)
    pledge = write(print_pledge_form(long_db, case.number, key=KEY).pdf, tmp_path / "pledge.pdf")
    assert squeeze(article) in squeeze(body_text(pledge))


def test_a_long_matter_name_and_address_print_whole_and_the_header_stays_on_the_page(
    long_db: Database, tmp_path: Path
) -> None:
    name, address = long_matter_name(), long_address()
    case = take_in_pledges(long_db, LONG_BASIS_MATTER)
    documents = {
        "guide": print_guide(long_db, LONG_BASIS_MATTER),
        "pledge": print_pledge_form(long_db, case.number, key=KEY).pdf,
        "receipt": print_receipt(long_db, case.number),
    }
    for kind, pdf in documents.items():
        path = write(pdf, tmp_path / f"{kind}.pdf")
        assert squeeze(name) in squeeze(body_text(path)), kind
    guide = tmp_path / "guide.pdf"
    assert squeeze(address) in squeeze(body_text(guide))
    # the header names the hall on the left and the shortened title on the right, both whole
    # on the page: a title run off the left edge would lose its start and overlap the hall
    for header in header_text(guide):
        hall, title = header.split()
        assert hall == "县政务服务中心"
        assert title.endswith("…") and squeeze(name).startswith(title[:-1])


def test_a_flow_of_200_steps_continues_on_the_next_pages(long_db: Database) -> None:
    pages = [squeeze(text) for text in page_texts(print_guide(long_db, MANY_STEPS_MATTER))]
    diagram_pages = [n for n, text in enumerate(pages) if "材料审查" in text]
    assert len(diagram_pages) >= 3
    # every step, each once, in order: on the page of the step before it or a later one
    page_of = {}
    for step in range(1, MANY_STEPS + 1):
        holding = [n for n, text in enumerate(pages) if f"第{step}步：" in text]
        assert len(holding) == 1, step
        page_of[step] = holding[0]
        assert step == 1 or page_of[step] >= page_of[step - 1]
    # where it breaks, the reader is told where it goes on
    first, *middle, last = diagram_pages
    assert "接下页" in pages[first] and "接上页" not in pages[first]
    for n in middle:
        assert "接上页" in pages[n] and "接下页" in pages[n]
    assert "接上页" in pages[last] and "接下页" not in pages[last]


@pytest.fixture
def installed(home: Path) -> Iterator[Database]:
    with long_catalog_home(home) as db:
        yield db


def test_a_case_with_100_pledges_has_a_scannable_code_that_check_pledge_resolves(
    installed: Database, home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = take_in_pledges(installed, MANY_PLEDGES_MATTER)
    pdf = tmp_path / "pledge.pdf"
    assert main(["print", "pledge", case.number, "-o", str(pdf)]) == 0
    [code] = scan_qr(render_page(pdf, 1, tmp_path / "scan", dpi=150), dpi=150)
    assert code.module_mm >= 0.5, code
    capsys.readouterr()

    assert main(["print", "check-pledge", code.text]) == 0
    out = capsys.readouterr().out
    assert f"{MANY_PLEDGES} 项承诺" in out
    with installed.session() as session:
        ids = session.scalars(select(Pledge.id)).all()
    assert len(ids) == MANY_PLEDGES
    assert all(pledge_id in out for pledge_id in ids)


def legacy_payload(case_number: str, ids: list[str], form_hash: str, key: bytes) -> str:
    """A pledge form's QR code as printed before forms named only their case: every id."""
    body = "|".join(["WZ1", "P", case_number, ",".join(ids), form_hash[:16], key_id(key)])
    return body + "|" + hmac.new(key, body.encode(), hashlib.sha256).hexdigest()[:32]


def test_check_pledge_still_verifies_a_form_printed_before(
    installed: Database, home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = take_in_pledges(installed, LONG_BASIS_MATTER)
    assert main(["print", "pledge", case.number, "-o", str(tmp_path / "p.pdf")]) == 0
    with installed.session() as session:
        rows = session.execute(select(Pledge.id, Pledge.form_hash)).all()
    key = load_signing_key(home).key
    old_paper = legacy_payload(case.number, [r[0] for r in rows], rows[0][1], key)
    capsys.readouterr()
    assert main(["print", "check-pledge", old_paper]) == 0
    assert "真实有效" in capsys.readouterr().out
    # reprinted since (another day, so other content): the old paper is stale
    print_pledge_form(installed, case.number, today=date(2027, 1, 4))
    assert main(["print", "check-pledge", old_paper]) == 2
    assert "不是最近一次打印" in capsys.readouterr().err


def test_a_form_of_a_case_this_window_has_not_synced_is_named(installed: Database) -> None:
    payload = pledge_payload("HF09-20261109-0042", "ab" * 32, KEY)
    with pytest.raises(UserError, match="本机没有办件 HF09-20261109-0042 的承诺记录"):
        check_pledge_paper(installed, payload, KEY)
