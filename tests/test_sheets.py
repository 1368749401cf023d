"""Reading register cells: merged ranges read as if their value were written in every cell."""

from __future__ import annotations

import codecs
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.styles import Font

from app.catalog.sheets import (
    MAX_COLUMNS,
    MAX_CSV_MB,
    MAX_ROWS,
    MAX_UNPACKED_MB,
    SheetReadError,
    read_sheets,
)


def test_merged_blocks_fill_every_cell(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["本单位现行索取证明事项登记表"])
    ws.append(["序号", "单位", "证明材料名称", "备注"])
    ws.append([1, "区民政局", "居住证明", "见附件"])
    ws.append([2, None, "收入证明", ""])
    ws.append([3, None, "亲属关系证明"])
    ws.merge_cells("A1:D1")  # a title across the table
    ws.merge_cells("B3:B5")  # a unit merged down a block
    ws.merge_cells("D3:F4")  # a block wider than the rows around it
    path = tmp_path / "附件2.xlsx"
    wb.save(path)

    [sheet] = read_sheets(path)
    assert sheet.label == "附件2.xlsx" and sheet.first_row == 1
    assert sheet.rows[0] == ["本单位现行索取证明事项登记表"] * 4  # unpadded
    assert [row[1] for row in sheet.rows[2:5]] == ["区民政局"] * 3
    assert sheet.rows[2][3:6] == sheet.rows[3][3:6] == ["见附件"] * 3
    assert sheet.rows[4] == ["3", "区民政局", "亲属关系证明"]
    assert [n for n, _row in sheet.numbered(2)] == [3, 4, 5]


# --------------------------------------------------------------------------- oversized sheets

_LIMITED_IMPORT = """
import resource, sys
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
from app.cli import main
sys.exit(main(["--data-dir", sys.argv[2], "catalog", "import", sys.argv[3]]))
"""


def _far_cell_workbook(path: Path) -> Path:
    """A register header, then one cell at the sheet's last column and row (XFD1048576)."""
    wb = Workbook()
    ws = wb.active
    ws.append(["序号", "管理或服务单位名称", "证明材料名称", "证明开具单位", "证明对应的办理事项"])
    ws.cell(row=1_048_576, column=16_384, value="x")
    wb.save(path)
    return path


def test_a_6_kb_workbook_with_a_far_cell_is_refused_within_bounded_memory(tmp_path: Path) -> None:
    """Every row used to be padded to the sheet's width (16,384 cells × a million rows): the
    import now reads no more than the cells written and refuses content past its size limit,
    in a process that may not use more than 512 MB of address space."""
    resource = pytest.importorskip("resource")
    assert resource.RLIMIT_AS
    path = _far_cell_workbook(tmp_path / "远单元格.xlsx")
    assert path.stat().st_size < 8_000
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            _LIMITED_IMPORT,
            str(512 * 2**20),
            str(tmp_path / "home"),
            str(path),
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )
    assert result.returncode == 2, result.stderr[-2000:]
    assert result.stderr.count("\n") == 1
    assert "远单元格.xlsx" in result.stderr and "XFD1048576" in result.stderr
    assert f"{MAX_ROWS} 行" in result.stderr and f"{MAX_COLUMNS} 列" in result.stderr


@pytest.mark.parametrize(
    ("row", "column", "refused"),
    [
        (MAX_ROWS, MAX_COLUMNS, False),
        (MAX_ROWS + 1, 1, True),
        (1, MAX_COLUMNS + 1, True),
    ],
)
def test_the_documented_size_is_the_limit(
    tmp_path: Path, row: int, column: int, refused: bool
) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["序号", "证明材料名称"])
    ws.cell(row=row, column=column, value="末")
    path = tmp_path / "边界.xlsx"
    wb.save(path)
    if refused:
        with pytest.raises(SheetReadError, match="超出登记表的大小上限"):
            read_sheets(path)
        return
    [sheet] = read_sheets(path)
    assert sheet.rows[-1][-1] == "末" and len(sheet.rows) == MAX_ROWS
    assert len(sheet.rows[-1]) == MAX_COLUMNS and sheet.rows[5] == []


def test_far_formatting_without_content_is_not_a_size(tmp_path: Path) -> None:
    """A styled but empty cell far away (Excel keeps those) is no content: nothing is padded."""
    wb = Workbook()
    ws = wb.active
    ws.append(["序号", "证明材料名称"])
    ws.cell(row=300, column=16_000).font = Font(bold=True)
    ws.merge_cells("A1:XFD1")  # a title merged across the whole width
    path = tmp_path / "格式.xlsx"
    wb.save(path)
    [sheet] = read_sheets(path)
    assert len(sheet.rows) == 1 and len(sheet.rows[0]) == MAX_COLUMNS


def test_csv_past_the_size_is_refused(tmp_path: Path) -> None:
    wide = tmp_path / "宽.csv"
    wide.write_text("序号," + "," * MAX_COLUMNS + "x\n", encoding="utf-8")
    with pytest.raises(SheetReadError, match=rf"宽.csv：第1行第{MAX_COLUMNS + 2}列有内容"):
        read_sheets(wide)
    long = tmp_path / "长.csv"
    long.write_text("序号,名称\n" + "1,甲\n" * MAX_ROWS, encoding="utf-8")
    with pytest.raises(SheetReadError, match=rf"长.csv：第{MAX_ROWS + 1}行第1列有内容"):
        read_sheets(long)
    trailing = tmp_path / "空列.csv"
    trailing.write_text("序号,名称" + "," * 5 * MAX_COLUMNS + "\n1,甲\n", encoding="utf-8")
    assert read_sheets(trailing)[0].rows == [["序号", "名称"], ["1", "甲"]]


def test_hidden_worksheets_are_not_read(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "登记表"
    ws.append(["序号", "证明材料名称"])
    for title, state in (("旧表", "hidden"), ("草稿", "veryHidden")):
        other = wb.create_sheet(title)
        other.append(["序号", "证明材料名称"])
        other.sheet_state = state
    path = tmp_path / "隐藏.xlsx"
    wb.save(path)
    sheets = read_sheets(path)
    assert [(s.label, s.hidden, len(s.rows)) for s in sheets] == [
        ("隐藏.xlsx［登记表］", False, 1),
        ("隐藏.xlsx［旧表］", True, 0),
        ("隐藏.xlsx［草稿］", True, 0),
    ]


def test_gbk_with_a_utf8_byte_order_mark_is_named(tmp_path: Path) -> None:
    path = tmp_path / "混合.csv"
    path.write_bytes(codecs.BOM_UTF8 + "序号,证明材料名称\n1,居住证明\n".encode("gbk"))
    with pytest.raises(SheetReadError) as info:
        read_sheets(path)
    message = str(info.value)
    assert "UTF-8" in message and "BOM" in message and "GBK" in message
    assert "只支持" not in message


def test_files_past_the_documented_size_are_refused_before_reading(tmp_path: Path) -> None:
    """A workbook that unpacks far beyond its file size (a zip bomb), and a huge CSV file."""
    wb = Workbook()
    wb.active.append(["序号", "证明材料名称"])
    bomb = tmp_path / "炸弹.xlsx"
    wb.save(bomb)
    with zipfile.ZipFile(bomb, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b"\0" * (MAX_UNPACKED_MB * 2**20 + 1))
    assert bomb.stat().st_size < 200_000
    with pytest.raises(
        SheetReadError, match=f"炸弹.xlsx：Excel 文件解压后超过 {MAX_UNPACKED_MB} MB"
    ):
        read_sheets(bomb)
    big = tmp_path / "大.csv"
    with big.open("wb") as handle:
        handle.truncate(MAX_CSV_MB * 2**20 + 1)
    with pytest.raises(SheetReadError, match=f"大.csv：文件超过 {MAX_CSV_MB} MB"):
        read_sheets(big)
