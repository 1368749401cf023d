"""Reading register cells: merged ranges read as if their value were written in every cell."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from app.catalog.sheets import read_sheets


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
    assert sheet.rows[0] == ["本单位现行索取证明事项登记表"] * 4 + ["", ""]
    assert [row[1] for row in sheet.rows[2:5]] == ["区民政局"] * 3
    assert sheet.rows[2][3:6] == sheet.rows[3][3:6] == ["见附件"] * 3
    assert sheet.rows[4][3:] == ["", "", ""]
    assert [n for n, _row in sheet.numbered(2)] == [3, 4, 5]
