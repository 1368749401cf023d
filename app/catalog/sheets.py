"""Reading the cells of a register file: .xlsx (openpyxl) or .csv (UTF-8 / GB18030).

The result is plain text per cell with the row number the user sees in Excel, so that every
error can point at a row. Merged ranges are filled with their top-left value, so a unit name
merged down a block of rows reads as if it were written on each row.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from app.errors import UserError

EXCEL_SUFFIXES = (".xlsx", ".xlsm")
CSV_SUFFIXES = (".csv",)
REGISTER_SUFFIXES = EXCEL_SUFFIXES + CSV_SUFFIXES


_MERGE_REF = re.compile(rb'<(?:\w+:)?mergeCell\s[^>]*?ref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)"')


class SheetReadError(UserError):
    """A whole file cannot be read; the message names the file."""


@dataclass
class Sheet:
    """One table of text cells: ``rows[k]`` is sheet row ``first_row + k`` (1-based)."""

    label: str  # what errors call it: the file name, plus the sheet name if there are several
    rows: list[list[str]] = field(default_factory=list)
    first_row: int = 1

    def numbered(self, start: int = 0) -> Iterator[tuple[int, list[str]]]:
        for k in range(start, len(self.rows)):
            yield self.first_row + k, self.rows[k]


def cell_text(value: Any) -> str:
    """A cell value as text: whole numbers without ".0", dates as ISO dates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _merged_ranges(archive: zipfile.ZipFile, part: str) -> list[tuple[int, int, int, int]]:
    """(min_col, min_row, max_col, max_row) of each merged range of one worksheet part.

    A read-only worksheet (fast, and it never builds a cell object) does not parse its merged
    ranges, so the part's <mergeCell ref="…"/> elements are read here and their references
    parsed with openpyxl's ``range_boundaries``.
    """
    from openpyxl.utils.cell import range_boundaries

    with archive.open(part.lstrip("/")) as handle:
        data = handle.read()
    return [range_boundaries(ref.decode("ascii")) for ref in _MERGE_REF.findall(data)]


def _fill_merged(rows: list[list[str]], ranges: list[tuple[int, int, int, int]]) -> None:
    """Give every cell of a merged range its top-left value (a unit merged down a block)."""
    for min_col, min_row, max_col, max_row in ranges:
        if min_row > len(rows):
            continue
        first = rows[min_row - 1]
        value = first[min_col - 1] if min_col - 1 < len(first) else ""
        for row in rows[min_row - 1 : max_row]:
            if len(row) < max_col:
                row.extend([""] * (max_col - len(row)))
            row[min_col - 1 : max_col] = [value] * (max_col - min_col + 1)


def read_xlsx(path: Path) -> list[Sheet]:
    from openpyxl.reader.excel import ExcelReader

    try:
        reader = ExcelReader(path, read_only=True, data_only=True)  # what load_workbook runs
        reader.read()
    except Exception as exc:  # openpyxl raises many kinds for a broken or foreign file
        raise SheetReadError(
            f"{path.name}：不是有效的 Excel 文件（.xlsx），可能已损坏或是其他格式的文件。"
        ) from exc
    workbook = reader.wb
    sheets: list[Sheet] = []
    try:
        parts = {sheet.name: rel.target for sheet, rel in reader.parser.find_sheets()}
        worksheets = list(workbook.worksheets)  # chart sheets are not worksheets
        for ws in worksheets:
            label = path.name if len(worksheets) == 1 else f"{path.name}［{ws.title}］"
            rows = [[cell_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
            _fill_merged(rows, _merged_ranges(reader.archive, parts[ws.title]))
            sheets.append(Sheet(label=label, rows=rows))  # iter_rows() starts at row 1
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise SheetReadError(f"{path.name}：Excel 文件内容已损坏，无法读取。") from exc
    finally:
        workbook.close()
    return sheets


def decode_text(path: Path, data: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030; anything else is refused."""
    if b"\x00" in data:
        raise SheetReadError(
            f"{path.name}：无法识别文件编码。请在 Excel 中另存为“CSV UTF-8（逗号分隔）”后再导入。"
        )
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SheetReadError(
        f"{path.name}：无法识别文件编码（只支持 UTF-8 和 GB18030/GBK）。"
        "请在 Excel 中另存为“CSV UTF-8（逗号分隔）”后再导入。"
    )


def read_csv(path: Path) -> list[Sheet]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SheetReadError(f"{path.name}：无法读取文件（{exc.strerror or exc}）。") from exc
    text = decode_text(path, data)
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
    try:
        rows = [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as exc:
        raise SheetReadError(f"{path.name}：不是有效的 CSV 文件（{exc}）。") from exc
    return [Sheet(label=path.name, rows=rows)]


def read_sheets(path: Path) -> list[Sheet]:
    """Every table in a register file; SheetReadError for a file that cannot be read."""
    path = Path(path)
    suffix = path.suffix.lower()
    if not path.exists():
        raise SheetReadError(f"找不到文件“{path}”。")
    if path.is_dir():
        raise SheetReadError(f"“{path}”是一个文件夹，请选择登记表文件。")
    if suffix == ".xls":
        raise SheetReadError(
            f"{path.name}：这是旧版 Excel 格式（.xls），请在 Excel 中另存为 .xlsx 后再导入。"
        )
    if suffix not in REGISTER_SUFFIXES:
        raise SheetReadError(f"{path.name}：不支持的文件类型，登记表只能是 .xlsx 或 .csv 文件。")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise SheetReadError(f"{path.name}：无法读取文件（{exc.strerror or exc}）。") from exc
    if size == 0:
        raise SheetReadError(f"{path.name}：文件是空的。")
    if suffix in EXCEL_SUFFIXES:
        return read_xlsx(path)
    return read_csv(path)
