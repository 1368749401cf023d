"""Import the two Haishu registers that departments fill in (seed 003, attachments 2 and 3).

* 附件2《本系统（本单位）现行索取证明事项登记表》: 序号 | 管理或服务单位名称 | 证明材料名称 |
  证明开具单位 | 证明对应的办理事项 | 索取证明依据 | 梳理结果建议（取消 / 保留）.
* 附件3《本系统（本单位）“无证明办事”措施登记表》: 序号 | 管理或服务单位名称 |
  保留的证明材料名称 | 证明开具单位 | 可采取的“无证明办事”措施（共享 / 核实 / 替代 / 承诺 /
  其他） | 暂时无法实现.

Which register a file holds is told by its header cells, not its name. Rows are merged into the
installed catalog: units become departments, matters are found by name within their unit (or
created), certificate items by name and issuing unit (or created), with deterministic codes so
that importing the same register twice changes nothing. Every bad row is reported with file,
row and column; any error means nothing is written. While the built-in sample is installed,
the registers replace it instead (see :mod:`app.catalog.exchange.apply`): nothing fictional is
merged with a county's own rows.

Rules beyond the single cell:

* a cell holds no more than the catalog field it becomes (a certificate's name 300 characters,
  a unit 200, a legal basis 10,000, no control characters): the same bounds as the exchange
  format, reported at the cell;
* the same certificate (name and issuing unit) of the same matter of the same unit marked 取消
  on one row and 保留 on another is an error naming both rows (in one file or across files);
* a register that has its header and no rows is refused, unless a row says 无 (the unit has
  nothing to register); hidden worksheets are skipped with a note.

Who applies for a matter a register creates, and the matching of names:
:mod:`app.catalog.register_words`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any

from app.catalog.exchange import (
    CatalogFormatError,
    ImportReport,
    Progress,
    apply_document,
    export_document,
    parse_document,
)
from app.catalog.exchange.builder import CatalogBuilder
from app.catalog.exchange.document import LIST_LENGTH, LongText, Name, ShortName, ShortText
from app.catalog.exchange.validate import bulk_work, value_problem
from app.catalog.register_words import (
    applicant_kind_of,
    clean,
    department_level,
    key,
    split_matters,
    stable_code,
    tick_text,
)
from app.catalog.sheets import Sheet, SheetReadError, read_sheets
from app.storage.db import Database
from app.storage.models import Measure

TICKS = frozenset({"√", "✓", "✔", "☑", "✅", "V", "v", "是", "1", "Y", "y"})
NOT_TICKED = frozenset({"", "×", "✗", "✘", "否", "0", "N", "n", "无", "-", "—", "/"})
_HEADER_SCAN_ROWS = 30
_FOOTER_STARTS = ("分管领导", "填表说明", "联系人")


class RegisterKind(Enum):
    CURRENT = "附件2 现行索取证明事项登记表"
    MEASURES = "附件3 “无证明办事”措施登记表"


# columns: internal key -> header label (whitespace removed)
_CURRENT_COLUMNS = {
    "unit": "管理或服务单位名称",
    "name": "证明材料名称",
    "issuer": "证明开具单位",
    "matters": "证明对应的办理事项",
    "basis": "索取证明依据",
    "cancel": "取消",
    "keep": "保留",
}
_MEASURE_COLUMNS = {
    "unit": "管理或服务单位名称",
    "name": "保留的证明材料名称",
    "issuer": "证明开具单位",
    "share": "共享",
    "verify": "核实",
    "substitute": "替代",
    "pledge": "承诺",
    "other": "其他",
    "retained": "暂时无法实现",
}
_MEASURE_OF = {
    "share": Measure.SHARE,
    "verify": Measure.VERIFY,
    "substitute": Measure.SUBSTITUTE,
    "pledge": Measure.PLEDGE,
    "other": Measure.OTHER,
}
_TEXT_ALLOWED = frozenset({"substitute", "other"})  # these cells may hold words, not a tick
# the exchange format's type of the catalog field each cell becomes (its bounds)
_FIELD_TYPES: dict[str, Any] = {
    "unit": ShortName,
    "name": Name,
    "issuer": ShortText,
    "matters": Name,
    "basis": LongText,
    "substitute": LongText,
    "other": LongText,
}


class RegisterImportError(CatalogFormatError):
    """Problems in register files; ``problems`` names file, row and column of each."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__(problems, heading=f"登记表有 {len(problems)} 处问题，未导入任何内容：")


# --------------------------------------------------------------------------- reading rows


@dataclass
class _Row:
    label: str  # file (and sheet)
    number: int  # sheet row, 1-based
    unit: str
    name: str
    issuer: str
    matters: list[str] = field(default_factory=list)
    basis: str = ""
    measures: list[tuple[Measure, str]] = field(default_factory=list)


@dataclass
class _Table:
    kind: RegisterKind
    sheet: Sheet
    columns: dict[str, int]
    data_start: int  # index into sheet.rows
    title_unit: str


def _detect(sheet: Sheet) -> _Table | None:
    """Find the header row by its cells and tell the register kind from it."""
    title_unit = ""
    limit = min(len(sheet.rows), _HEADER_SCAN_ROWS)
    for index in range(limit):
        cells = [key(c) for c in sheet.rows[index]]
        for cell in cells:
            if cell.startswith("填报单位名称") and not title_unit:
                title_unit = _title_unit(cell)
        if "证明对应的办理事项" in cells and "证明材料名称" in cells:
            kind, wanted = RegisterKind.CURRENT, _CURRENT_COLUMNS
        elif "保留的证明材料名称" in cells:
            kind, wanted = RegisterKind.MEASURES, _MEASURE_COLUMNS
        else:
            continue
        below = [key(c) for c in sheet.rows[index + 1]] if index + 1 < len(sheet.rows) else []
        columns: dict[str, int] = {}
        sub_row_used = False
        for name, label in wanted.items():
            if label in cells:
                columns[name] = cells.index(label)
            elif label in below:
                columns[name] = below.index(label)
                sub_row_used = True
        return _Table(
            kind=kind,
            sheet=sheet,
            columns=columns,
            data_start=index + (2 if sub_row_used else 1),
            title_unit=title_unit,
        )
    return None


def _title_unit(cell: str) -> str:
    """The unit from “填报单位名称（加盖公章）：海曙区民政局 填报日期…”, if filled in."""
    _, _, rest = cell.partition("：") if "：" in cell else cell.partition(":")
    rest = rest.split("填报日期")[0]
    return rest.strip("_＿ ")


def _cell(row: list[str], column: int | None) -> str:
    if column is None or column >= len(row):
        return ""
    return row[column]


def _read_table(table: _Table, errors: list[str], notes: list[str]) -> list[_Row]:
    label = table.sheet.label
    wanted = _CURRENT_COLUMNS if table.kind is RegisterKind.CURRENT else _MEASURE_COLUMNS
    missing = [f"「{wanted[k]}」" for k in wanted if k not in table.columns]
    if missing:
        errors.append(f"{label}：表头缺少 {'、'.join(missing)} 列，请使用原登记表格式。")
        return []
    cols = table.columns
    content_cols = [c for k, c in cols.items() if k != "unit"]
    rows: list[_Row] = []
    says_nothing = False  # a row says 无: the unit has nothing to register
    unit_above = ""
    for number, cells in table.sheet.numbered(table.data_start):
        first = next((clean(c) for c in cells if clean(c)), "")
        if first.startswith(_FOOTER_STARTS):
            break
        content = [clean(_cell(cells, c)) for c in content_cols]
        if all(v in ("", "无") for v in content):
            if any(clean(c) == "无" for c in cells):
                says_nothing = True
                unit = clean(_cell(cells, cols["unit"])) or unit_above or table.title_unit
                who = f"（{unit}）" if unit else ""
                notes.append(f"{label} 第{number}行{who}填报“无”，没有需要登记的证明事项。")
            continue

        def problem(column: str, message: str, number: int = number) -> None:
            errors.append(f"{label} 第{number}行「{column}」：{message}")

        def checked(column: str, value: str) -> str:
            """The value, or a problem when the catalog field it becomes cannot hold it."""
            if value:
                bad = value_problem(_FIELD_TYPES[column], value)
                if bad is not None:
                    problem(wanted[column], bad)
            return value

        unit = clean(_cell(cells, cols["unit"])) or unit_above or table.title_unit
        if not unit:
            problem(wanted["unit"], "不能为空")
        unit_above = unit
        checked("unit", unit)
        name = checked("name", clean(_cell(cells, cols["name"])))
        if not name:
            problem(wanted["name"], "不能为空")
        issuer = checked("issuer", clean(_cell(cells, cols["issuer"])))
        row = _Row(label=label, number=number, unit=unit, name=name, issuer=issuer)
        if table.kind is RegisterKind.CURRENT:
            if not issuer:
                problem(wanted["issuer"], "不能为空")
            row.matters = split_matters(_cell(cells, cols["matters"]))
            if not row.matters:
                problem(wanted["matters"], "不能为空")
            for matter in row.matters:
                checked("matters", matter)
            row.basis = checked("basis", clean(_cell(cells, cols["basis"])))
            cancel = _tick(cells, cols["cancel"], "取消", problem)
            keep = _tick(cells, cols["keep"], "保留", problem)
            if cancel and keep:
                problem("梳理结果建议", "「取消」和「保留」只能勾选一项")
            elif cancel is False and keep is False:
                problem("梳理结果建议", "请在「取消」或「保留」栏中打“√”")
            elif cancel:
                row.measures = [(Measure.CANCEL, "")]
            elif keep:
                row.measures = [(Measure.RETAINED, "")]
        else:
            order = sorted(_MEASURE_OF, key=lambda k: cols[k])
            for column in order:
                raw = clean(_cell(cells, cols[column]))
                mark = tick_text(raw)
                if mark in TICKS:
                    if column == "other":
                        problem("其他", "采用其他措施的，请写明具体方式，不能只打“√”")
                    row.measures.append((_MEASURE_OF[column], ""))
                elif mark in NOT_TICKED:
                    continue
                elif column in _TEXT_ALLOWED:
                    row.measures.append((_MEASURE_OF[column], checked(column, raw)))
                else:
                    problem(_MEASURE_COLUMNS[column], f"无法识别“{raw}”，请打“√”或留空")
            retained = _tick(cells, cols["retained"], "暂时无法实现", problem)
            if retained and row.measures:
                problem("暂时无法实现", "已勾选了“无证明办事”措施，不能同时勾选「暂时无法实现」")
            elif retained:
                row.measures = [(Measure.RETAINED, "")]
            elif retained is False and not row.measures:
                problem(
                    "可采取的“无证明办事”措施",
                    "请至少勾选一项措施，或在「暂时无法实现」栏中打“√”",
                )
        rows.append(row)
    if not rows and not says_nothing:
        errors.append(
            f"{label}：登记表只有表头，没有登记任何证明事项。"
            "本单位没有需要登记的证明的，请在表中填写“无”后再导入。"
        )
    return rows


def _decision(row: _Row) -> str:
    return "取消" if row.measures[0][0] is Measure.CANCEL else "保留"


def _conflicts(rows: Sequence[_Row], errors: list[str]) -> None:
    """The same certificate of the same matter marked 取消 on one row and 保留 on another:
    an error at the later row, naming the first row that decided otherwise."""
    first: dict[tuple[str, str, str, str], tuple[_Row, str]] = {}
    for row in rows:
        if not row.measures or not row.unit or not row.name:
            continue  # a row with problems of its own
        decision = _decision(row)
        clashes: dict[tuple[str, int], tuple[_Row, list[str]]] = {}
        for matter in row.matters:
            ident = (key(row.unit), key(matter), key(row.name), key(row.issuer))
            earlier = first.setdefault(ident, (row, matter))
            if _decision(earlier[0]) != decision:
                other = earlier[0]
                clash = clashes.setdefault((other.label, other.number), (other, []))
                clash[1].append(earlier[1])
        for other, matters in clashes.values():
            errors.append(
                f"{row.label} 第{row.number}行「梳理结果建议」：证明“{row.name}”"
                f"（{row.issuer}）用于事项“{'、'.join(matters)}”，此处勾选「{decision}」，"
                f"与 {other.label} 第{other.number}行勾选的「{_decision(other)}」矛盾，"
                "请统一为一项。"
            )


def _tick(cells: list[str], column: int, header: str, problem: Any) -> bool | None:
    """True / False for a tick cell; None (and a problem) when the mark is not understood."""
    raw = clean(_cell(cells, column))
    mark = tick_text(raw)
    if mark in TICKS:
        return True
    if mark in NOT_TICKED:
        return False
    problem(header, f"无法识别“{raw}”，请打“√”或留空")
    return None


# --------------------------------------------------------------------------- merging


class _Merger:
    """Merges register rows into an exchange document, finding rows by name."""

    def __init__(self, doc: dict[str, Any]) -> None:
        self.doc = doc
        self.dept_by_key: dict[str, str] = {}
        for d in doc["departments"]:
            self.dept_by_key.setdefault(key(d["name"]), d["code"])
        self.dept_codes = {d["code"] for d in doc["departments"]}
        self.dept_level = {d["code"]: d["level"] for d in doc["departments"]}
        self.matters: dict[str, dict[str, Any]] = {m["code"]: m for m in doc["matters"]}
        self.matter_by_key: dict[tuple[str, str], str] = {}
        for m in doc["matters"]:
            self.matter_by_key.setdefault((m["department"], key(m["name"])), m["code"])
        self.items: dict[str, dict[str, Any]] = {i["code"]: i for i in doc["certificate_items"]}
        self.item_by_key: dict[tuple[str, str], str] = {}
        self.items_by_name: dict[str, list[str]] = {}
        for i in doc["certificate_items"]:
            self.item_by_key.setdefault((key(i["name"]), key(i["issuer"])), i["code"])
            self.items_by_name.setdefault(key(i["name"]), []).append(i["code"])
        self.created: set[str] = set()  # codes of the matters the registers create
        self.errors: list[str] = []

    def _free(self, prefix: str, taken: Any, *parts: str) -> str:
        length = 10
        code = stable_code(prefix, *parts, length=length)
        while code in taken:
            length += 2
            code = stable_code(prefix, *parts, length=length)
        return code

    def department(self, name: str) -> str:
        k = key(name)
        code = self.dept_by_key.get(k)
        if code is None:
            code = self._free("D", self.dept_codes, k)
            self.doc["departments"].append(
                {"code": code, "name": name, "level": department_level(name)}
            )
            self.dept_by_key[k] = code
            self.dept_codes.add(code)
            self.dept_level[code] = department_level(name)
        return code

    def matter(self, dept: str, name: str) -> dict[str, Any]:
        k = (dept, key(name))
        code = self.matter_by_key.get(k)
        if code is None:
            code = self._free("M", self.matters, dept, key(name))
            level = self.dept_level[dept]
            matter: dict[str, Any] = {
                "code": code,
                "name": name,
                "department": dept,
                "level": level,
                "applicant_kind": "person",
                "legal_limit_days": None,
                "promised_limit_days": None,
                "fee": "",
                "where": "",
                "hours": "",
                "steps": [],
                "materials": [],
                "items": [],
            }
            self.doc["matters"].append(matter)
            self.matters[code] = matter
            self.matter_by_key[k] = code
            self.created.add(code)
        return self.matters[code]

    def settle_applicant_kinds(self) -> None:
        """Who applies for each matter the registers created (:func:`applicant_kind_of`)."""
        for code in self.created:
            matter = self.matters[code]
            certificates = [self.items[i]["name"] for i in matter["items"]]
            matter["applicant_kind"] = applicant_kind_of(matter["name"], certificates).value

    def item(self, name: str, issuer: str, *, by_name_alone: bool) -> dict[str, Any]:
        k = (key(name), key(issuer))
        code = self.item_by_key.get(k)
        if code is None and by_name_alone:
            same_name = self.items_by_name.get(k[0], [])
            if len(same_name) == 1:  # attachment 3 may spell the issuing unit differently
                code = same_name[0]
        if code is None:
            code = self._free("C", self.items, *k)
            item: dict[str, Any] = {
                "code": code,
                "name": name,
                "issuer": issuer,
                "legal_basis": "",
                "measures": [],
            }
            self.doc["certificate_items"].append(item)
            self.items[code] = item
            self.item_by_key[k] = code
            self.items_by_name.setdefault(k[0], []).append(code)
        return self.items[code]

    def provider_for(self, issuer: str) -> str | None:
        return self.dept_by_key.get(key(issuer)) if issuer else None

    def apply_current(self, row: _Row) -> None:
        dept = self.department(row.unit)
        item = self.item(row.name, row.issuer, by_name_alone=False)
        if row.basis:
            item["legal_basis"] = row.basis
        wanted = row.measures[0][0]
        present = [m["measure"] for m in item["measures"]]
        if wanted is Measure.CANCEL:
            item["measures"] = [_measure(Measure.CANCEL)]
        elif not present or present == [Measure.CANCEL.value]:
            item["measures"] = [_measure(Measure.RETAINED)]
        for name in row.matters:
            matter = self.matter(dept, name)
            if item["code"] in matter["items"]:
                continue
            if len(matter["items"]) == LIST_LENGTH:
                self.errors.append(
                    f"{row.label} 第{row.number}行「证明对应的办理事项」：事项“{name}”"
                    f"已有 {LIST_LENGTH} 项证明，一个事项最多 {LIST_LENGTH} 项"
                )
            matter["items"].append(item["code"])

    def apply_measures(self, row: _Row) -> None:
        self.department(row.unit)
        item = self.item(row.name, row.issuer, by_name_alone=True)
        before = {m["measure"]: m for m in item["measures"]}
        measures = []
        for measure, detail in row.measures:
            old = before.get(measure.value)
            new = _measure(measure, detail)
            if old is not None:  # keep what the register does not say (provider, deadline…)
                new.update({k: old[k] for k in ("provider", "one_click", "deadline_days")})
                new["detail"] = detail or old["detail"]
            elif measure in (Measure.SHARE, Measure.VERIFY):
                new["provider"] = self.provider_for(item["issuer"])
            measures.append(new)
        item["measures"] = measures


def _measure(measure: Measure, detail: str = "") -> dict[str, Any]:
    return {
        "measure": measure.value,
        "detail": detail,
        "provider": None,
        "one_click": False,
        "deadline_days": None,
    }


# --------------------------------------------------------------------------- entry point


def _sheets_of(path: Path, errors: list[str], notes: list[str]) -> list[Sheet]:
    """The visible sheets of a file that hold anything; a problem when there are none."""
    try:
        sheets = read_sheets(path)
    except SheetReadError as exc:
        errors.append(str(exc))
        return []
    hidden = [s for s in sheets if s.hidden]
    for sheet in hidden:
        notes.append(f"{sheet.label}：隐藏的工作表，已跳过。")
    visible = [s for s in sheets if not s.hidden]
    if hidden and not any(_detect(s) for s in visible):
        names = "、".join(f"“{s.label.removeprefix(path.name).strip('［］')}”" for s in hidden)
        errors.append(
            f"{path.name}：可见的工作表中找不到登记表，隐藏的工作表（{names}）没有读取。"
            "如登记表在其中，请在 Excel 中取消隐藏后再导入。"
        )
        return []
    if not any(any(clean(c) for c in row) for s in visible for row in s.rows):
        errors.append(f"{path.name}：表格中没有任何内容。")
        return []
    return visible


def read_registers(
    paths: Sequence[Path], progress: Progress | None = None, *, steps: int = 0
) -> tuple[list[_Row], list[_Row], list[str]]:
    """Read and check every file: (attachment-2 rows, attachment-3 rows, notes).

    ``progress(done, total)`` is told after each file (``steps`` more are still to come after
    reading). Raises RegisterImportError listing every problem of every file.
    """
    errors: list[str] = []
    notes: list[str] = []
    current: list[_Row] = []
    measures: list[_Row] = []
    total = len(paths) + steps
    for done, path in enumerate(paths, start=1):
        path = Path(path)
        sheets = _sheets_of(path, errors, notes)
        tables = [t for t in (_detect(s) for s in sheets) if t is not None]
        if sheets and not tables:
            errors.append(
                f"{path.name}：无法识别登记表格式，找不到「证明材料名称」"
                "或「保留的证明材料名称」表头。请使用附件2或附件3的登记表格式。"
            )
        for table in tables:
            rows = _read_table(table, errors, notes)
            (current if table.kind is RegisterKind.CURRENT else measures).extend(rows)
            notes.append(f"{table.sheet.label}：{table.kind.value}，{len(rows)} 条。")
        if progress is not None:
            progress(done, total)
    _conflicts(current, errors)
    if errors:
        raise RegisterImportError(errors)
    return current, measures, notes


def _merged_document(
    stored: dict[str, Any], current: Sequence[_Row], measure_rows: Sequence[_Row]
) -> dict[str, Any]:
    """The installed catalog with the register rows merged in; the built-in sample is not
    merged into but replaced (the registers start from an empty catalog)."""
    doc = CatalogBuilder("").document() if stored["catalog"]["sample"] else stored
    merger = _Merger(doc)
    for row in current:
        merger.apply_current(row)
    for row in measure_rows:
        merger.apply_measures(row)
    if merger.errors:
        raise RegisterImportError(merger.errors)
    merger.settle_applicant_kinds()
    catalog = doc["catalog"]
    if not catalog["version"]:
        catalog["version"] = f"登记表导入-{date.today().isoformat()}"
    if not catalog["source"]:
        catalog["source"] = "部门填报的证明事项登记表"
    for rows_key in ("departments", "certificate_items", "matters"):
        doc[rows_key].sort(key=lambda r: r["code"])
    return doc


def import_registers(
    db: Database,
    paths: Sequence[Path],
    *,
    dry_run: bool = False,
    actor: str = "",
    progress: Progress | None = None,
) -> ImportReport:
    """Merge register files into the installed catalog, all in one transaction.

    Attachment-2 rows are applied before attachment-3 rows, whatever the file order, so the
    measures of attachment 3 win. While the built-in sample is installed the registers replace
    it (the report says so). With ``dry_run`` the report says what would change and nothing
    is written. ``progress(done, total)``: after each file, after checking, after writing.
    """
    if not paths:
        raise RegisterImportError(["没有选择要导入的登记表文件。"])
    with bulk_work():
        current, measure_rows, notes = read_registers(paths, progress, steps=2)
        total = len(paths) + 2
        with db.session() as session:
            doc = _merged_document(export_document(session), current, measure_rows)
            parsed = parse_document(doc)
            if progress is not None:
                progress(len(paths) + 1, total)
            report = apply_document(
                session,
                parsed,
                dry_run=dry_run,
                actor=actor,
                action="catalog.import_registers",
                source="、".join(Path(p).name for p in paths),
            )
    if progress is not None:
        progress(total, total)
    report.notes = notes
    return report
