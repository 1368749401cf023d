"""Characters beyond the main font print: rare name characters (CJK Extension A, B, E) come
from the embedded fallback fonts, in every document and in the flow diagram; a character no
font has prints as □, and the caller can tell which ones before printing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from printing_support import (
    RARE_MATTER,
    RARE_NAME,
    RARE_PLACE,
    RARE_STREET,
    UNPRINTABLE,
    body_text,
    header_text,
    install_long_catalog,
    long_catalog_home,
    pdf_fonts,
    take_in_case,
    take_in_pledges,
)

from app.cli import main
from app.paths import resource
from app.printing import fonts
from app.printing.diagram import flow_diagram
from app.printing.guide import print_guide
from app.printing.layout import PageChrome, build_pdf
from app.printing.pledge_form import print_pledge_form
from app.printing.receipt import print_receipt
from app.signing import SigningKey
from app.storage.db import Database

KEY = SigningKey.from_raw(bytes(range(32)))


@pytest.fixture
def long_db(db: Database) -> Database:
    install_long_catalog(db)
    return db


def assert_all_fonts_embedded(pdf: Path) -> list[str]:
    rows = pdf_fonts(pdf)
    assert rows and all(embedded for _, _, embedded in rows), rows
    return [name for name, _, _ in rows]


def test_the_main_font_lacks_them_and_the_fallback_fonts_ship_with_their_licence() -> None:
    assert fonts.missing_glyphs(RARE_NAME + RARE_PLACE) == {"䶮", "𠮷", "𬇙"}
    folder = resource("fonts", fonts.FALLBACK_DIR)
    assert sorted(p.name for p in folder.glob("*.ttf")) == [
        "hanamin-a-subset.ttf",
        "hanamin-b-subset.ttf",
    ]
    licence = (folder / "hanazono.LICENSE.txt").read_text(encoding="utf-8")
    assert "Hanazono Font License" in licence and "SIL OPEN FONT LICENSE" in licence


def test_rare_name_characters_print_in_the_pledge_form_and_the_receipt(
    long_db: Database, tmp_path: Path
) -> None:
    case = take_in_case(long_db, name=RARE_NAME)
    for kind, pdf in (
        ("pledge", print_pledge_form(long_db, case.number, key=KEY).pdf),
        ("receipt", print_receipt(long_db, case.number)),
    ):
        path = tmp_path / f"{kind}.pdf"
        path.write_bytes(pdf)
        # the text layer says what the paper shows: copy, search and screen readers work
        assert RARE_NAME in body_text(path), kind
        names = assert_all_fonts_embedded(path)
        assert any("HanaMinA" in n for n in names), names  # the glyphs of 䶮 and 𠮷


def test_a_matter_with_rare_characters_prints_them_in_the_title_facts_diagram_and_header(
    long_db: Database, tmp_path: Path
) -> None:
    path = tmp_path / "guide.pdf"
    path.write_bytes(print_guide(long_db, RARE_MATTER))
    text = "".join(body_text(path).split())
    assert f"{RARE_PLACE}村集体经济组织成员身份确认" in text  # the title
    assert f"{RARE_PLACE}村村民委员会（䶮山路1号，{RARE_STREET}口）" in text  # the facts
    assert "䶮山村委会审核" in text  # a box of the flow diagram
    assert all(RARE_PLACE in header for header in header_text(path))
    names = assert_all_fonts_embedded(path)
    assert any("HanaMinA" in n for n in names), names  # 䶮 (Extension A), 𬇙 (Extension E)
    assert any("HanaMinB" in n for n in names), names  # 𤭢 (Extension B)


def test_runs_switch_font_only_where_the_main_font_lacks_a_character() -> None:
    assert fonts.font_runs("王秀英") == [("WZHei", "王秀英")]
    assert fonts.font_runs("王䶮𠮷 秀英") == [
        ("WZHei", "王"),
        ("WZHanaA", "䶮𠮷 "),
        ("WZHei", "秀英"),
    ]
    # a variation selector (of a name character's glyph) is invisible: dropped, never a box
    assert fonts.font_runs("王秀\ufe00英\U000e0100") == [("WZHei", "王秀英")]
    assert fonts.unprintable_characters("王秀\ufe00英\U000e0100") == []


def test_unprintable_characters_are_named_before_printing_and_print_as_boxes(
    long_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    name = f"阿依古丽{UNPRINTABLE}"
    assert fonts.unprintable_characters(RARE_NAME + RARE_PLACE + "Nguyễn Ñúñez Σωκράτης") == []
    assert fonts.unprintable_characters(name + "བོད" + UNPRINTABLE) == [UNPRINTABLE, "བ", "ོ", "ད"]
    case = take_in_pledges(long_db, RARE_MATTER, name=name)
    with fonts.collect_unprintable() as report:
        pdf = print_receipt(long_db, case.number)
    assert report.characters == [UNPRINTABLE]
    assert "U+0626" in report.describe()
    path = tmp_path / "receipt.pdf"
    path.write_bytes(pdf)
    assert "阿依古丽□" in body_text(path)


def test_the_flow_diagram_alone_embeds_the_fallback_glyphs(tmp_path: Path) -> None:
    diagram = flow_diagram(["受理", f"{RARE_STREET}审核", "办结"], 400)
    path = tmp_path / "diagram.pdf"
    chrome = PageChrome("县政务服务中心", "流程图", "")
    path.write_bytes(build_pdf([diagram], chrome, title="", subject=""))
    assert f"{RARE_STREET}审核" in body_text(path)
    assert any("HanaMinB" in n for n in assert_all_fonts_embedded(path))


@pytest.fixture
def installed(home: Path) -> Iterator[Database]:
    with long_catalog_home(home) as db:
        yield db


def test_the_print_commands_warn_on_stderr(
    installed: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    case = take_in_pledges(installed, RARE_MATTER, name=f"阿依古丽{UNPRINTABLE}")
    for command in ("receipt", "pledge"):
        out = tmp_path / f"{command}.pdf"
        assert main(["print", command, case.number, "-o", str(out)]) == 0
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and err[0].startswith("提示：") and "U+0626" in err[0], err
        assert out.is_file()
    # nothing to say when everything prints (rare characters included)
    assert main(["print", "guide", RARE_MATTER, "-o", str(tmp_path / "g.pdf")]) == 0
    assert capsys.readouterr().err == ""
