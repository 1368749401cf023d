"""Reading the cells of a register file: .xlsx (openpyxl) or .csv (UTF-8 / GB18030).

The result is plain text per cell with the row number the user sees in Excel, so that every
error can point at a row. Merged ranges are filled with their top-left value, so a unit name
merged down a block of rows reads as if it were written on each row.

Size. Cells are read as they are written, never padded to the sheet's declared size: a workbook
of a few kilobytes can declare, or hold one cell at, the last of Excel's 1,048,576 rows and
16,384 columns. A sheet whose content reaches past row :data:`MAX_ROWS` or column
:data:`MAX_COLUMNS` is refused, naming the first such cell; so is a workbook whose parts unpack
to more than :data:`MAX_UNPACKED_MB` MB and a CSV file larger than :data:`MAX_CSV_MB` MB.
Formatting is not content: a styled empty cell far away is ignored, and a range merged across
the whole width is read up to :data:`MAX_COLUMNS`. Trailing empty cells and rows are dropped.

Hidden worksheets (hidden or "very hidden" in Excel) are not read: they come back with
``hidden`` set and no rows, so that the caller can say it skipped them.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from app.errors import UserError

EXCEL_SUFFIXES = (".xlsx", ".xlsm")
CSV_SUFFIXES = (".csv",)
REGISTER_SUFFIXES = EXCEL_SUFFIXES + CSV_SUFFIXES

# The documented size of a register (README, docs/catalog-format.md). A city's whole catalog
# in one sheet (Jinhua: 4,052 certificates) fits five times; the registers have ten columns.
# The file limits keep what a hostile file can make the reader hold to a few hundred MB.
MAX_ROWS = 20_000
MAX_COLUMNS = 50
MAX_UNPACKED_MB = 50  # a workbook's parts, unpacked (a 20,000-row register: about 15 MB)
MAX_CSV_MB = 20

_MERGE_REF = re.compile(rb'<(?:\w+:)?mergeCell\s[^>]*?ref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)"')
_SAVE_AS_UTF8 = "请在 Excel 中另存为“CSV UTF-8（逗号分隔）”后再导入。"


class SheetReadError(UserError):
    """A whole file cannot be read; the message names the file."""


@dataclass
class Sheet:
    """One table of text cells: ``rows[k]`` is sheet row ``first_row + k`` (1-based).

    Rows hold their cells up to the last one with content (an empty row is ``[]``).
    """

    label: str  # what errors call it: the file name, plus the sheet name if there are several
    rows: list[list[str]] = field(default_factory=list)
    first_row: int = 1
    hidden: bool = False  # a hidden worksheet: not read

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


def _fill_merged(
    label: str, rows: list[list[str]], ranges: list[tuple[int, int, int, int]]
) -> None:
    """Give every cell of a merged range its top-left value (a unit merged down a block).

    Ranges are cut to the rows read and to :data:`MAX_COLUMNS`; ranges that would together
    fill more cells than a sheet of the documented size has are refused.
    """
    budget = MAX_ROWS * MAX_COLUMNS
    for min_col, min_row, max_col, max_row in ranges:
        max_row, max_col = min(max_row, len(rows)), min(max_col, MAX_COLUMNS)
        if min_row > max_row or min_col > max_col:
            continue
        budget -= (max_row - min_row + 1) * (max_col - min_col + 1)
        if budget < 0:
            raise SheetReadError(
                f"{label}：合并单元格过多或相互重叠，无法读取。请取消多余的合并后再导入。"
            )
        first = rows[min_row - 1]
        value = first[min_col - 1] if min_col - 1 < len(first) else ""
        for row in rows[min_row - 1 : max_row]:
            if len(row) < max_col:
                row.extend([""] * (max_col - len(row)))
            row[min_col - 1 : max_col] = [value] * (max_col - min_col + 1)


def _too_large(label: str, row: int, column: int) -> SheetReadError:
    from openpyxl.utils.cell import get_column_letter

    return SheetReadError(
        f"{label}：第{row}行第{column}列有内容（{get_column_letter(column)}{row}），"
        f"超出登记表的大小上限（最多 {MAX_ROWS} 行、{MAX_COLUMNS} 列）。"
        "请删除表格以外多余的内容，或把登记表分成几个文件后再导入。"
    )


def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value == "")


def _row_cells(label: str, number: int, values: Sequence[Any]) -> list[str]:
    """One row's cells as text, without its trailing empty cells; SheetReadError for content
    past the documented size. ``values`` may be padded far to the right (by openpyxl, or a
    CSV line of commas): what lies past :data:`MAX_COLUMNS` is only counted, at C speed."""
    width = len(values)
    if width > MAX_COLUMNS:
        beyond = values[MAX_COLUMNS:]
        if beyond.count(None) + beyond.count("") != len(beyond):
            offset = next(i for i, v in enumerate(beyond) if not _is_empty(v))
            raise _too_large(label, number, MAX_COLUMNS + 1 + offset)
        width = MAX_COLUMNS
    while width and _is_empty(values[width - 1]):
        width -= 1
    if width and number > MAX_ROWS:
        first = next(i for i in range(width) if not _is_empty(values[i]))
        raise _too_large(label, number, first + 1)
    return [cell_text(v) for v in values[:width]]


def _table(label: str, lines: Iterator[Sequence[Any]]) -> list[list[str]]:
    """The rows of a sheet (numbered from 1), trailing empty rows dropped."""
    rows: list[list[str]] = []
    for number, values in enumerate(lines, start=1):
        cells = _row_cells(label, number, values)
        if number <= MAX_ROWS:
            rows.append(cells)
    while rows and not rows[-1]:
        rows.pop()
    return rows


def _not_excel(path: Path) -> SheetReadError:
    return SheetReadError(
        f"{path.name}：不是有效的 Excel 文件（.xlsx），可能已损坏或是其他格式的文件。"
    )


def _check_unpacked_size(path: Path) -> None:
    """Refuse a workbook whose parts unpack to more than the documented size (a zip bomb)."""
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise _not_excel(path) from exc
    if unpacked > MAX_UNPACKED_MB * 2**20:
        raise SheetReadError(
            f"{path.name}：Excel 文件解压后超过 {MAX_UNPACKED_MB} MB，超出登记表的大小上限。"
            "请只保留登记表所在的工作表后再导入。"
        )


def read_xlsx(path: Path) -> list[Sheet]:
    from openpyxl.reader.excel import ExcelReader

    _check_unpacked_size(path)
    try:
        reader = ExcelReader(path, read_only=True, data_only=True)  # what load_workbook runs
        reader.read()
    except Exception as exc:  # openpyxl raises many kinds for a broken or foreign file
        raise _not_excel(path) from exc
    workbook = reader.wb
    sheets: list[Sheet] = []
    try:
        parts = {sheet.name: rel.target for sheet, rel in reader.parser.find_sheets()}
        worksheets = list(workbook.worksheets)  # chart sheets are not worksheets
        for ws in worksheets:
            label = path.name if len(worksheets) == 1 else f"{path.name}［{ws.title}］"
            if ws.sheet_state != "visible":
                sheets.append(Sheet(label=label, hidden=True))
                continue
            ws.reset_dimensions()  # the declared size is not trusted: rows as written
            rows = _table(label, ws.iter_rows(values_only=True))  # iter_rows() starts at row 1
            _fill_merged(label, rows, _merged_ranges(reader.archive, parts[ws.title]))
            sheets.append(Sheet(label=label, rows=rows))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError) as exc:
        raise SheetReadError(f"{path.name}：Excel 文件内容已损坏，无法读取。") from exc
    finally:
        workbook.close()
    return sheets


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def decode_text(path: Path, data: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030; anything else is refused.

    A UTF-8 byte-order mark in front of GBK text (an editor that added one) is named as such:
    which of the two the file means cannot be known.
    """
    if b"\x00" in data:
        raise SheetReadError(f"{path.name}：无法识别文件编码。{_SAVE_AS_UTF8}")
    if data.startswith(codecs.BOM_UTF8):
        body = data[len(codecs.BOM_UTF8) :]
        if _decodes(body, "utf-8"):
            return body.decode("utf-8")
        if _decodes(body, "gb18030"):
            raise SheetReadError(
                f"{path.name}：文件开头有 UTF-8 编码的标记（BOM），内容却是 GBK/GB18030 编码，"
                f"无法确定应按哪种编码读取。{_SAVE_AS_UTF8}"
            )
    else:
        for encoding in ("utf-8", "gb18030"):
            if _decodes(data, encoding):
                return data.decode(encoding)
    raise SheetReadError(
        f"{path.name}：无法识别文件编码（只支持 UTF-8 和 GB18030/GBK）。{_SAVE_AS_UTF8}"
    )


def read_csv(path: Path) -> list[Sheet]:
    try:
        if path.stat().st_size > MAX_CSV_MB * 2**20:
            raise SheetReadError(
                f"{path.name}：文件超过 {MAX_CSV_MB} MB，超出登记表的大小上限。"
                "请把登记表分成几个文件后再导入。"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise SheetReadError(f"{path.name}：无法读取文件（{exc.strerror or exc}）。") from exc
    text = decode_text(path, data)
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = _table(path.name, reader)
    except csv.Error as exc:
        raise SheetReadError(
            f"{path.name}：第{reader.line_num}行不是有效的 CSV 内容（引号不成对或单元格过长）。"
        ) from exc
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
