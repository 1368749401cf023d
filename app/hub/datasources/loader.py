"""``wuzheng hub load-dataset``: a department's table for the built-in source ``table``.

    load_dataset(store, department, path, item_code, *, key_column=None, name_column=None,
                 result_column=None, fact="", replace=False, actor="") -> LoadReport

The file (.csv in UTF-8 or GB18030, or .xlsx: the first sheet) has one header row, then one row
per subject. Columns are found by their header (spaces and full-width forms ignored):

- the key column: ``--key-column``, else the first of 身份证号码 / 公民身份号码 / 身份证号 /
  证件号码 / 统一社会信用代码 / 信用代码 / subject_id; each value must be a valid ID document
  number or credit code (app/cases/applicant.py), stored in its canonical form;
- the name column (optional): ``--name-column``, else 姓名 / 名称 / 企业名称 / 单位名称;
- the result column (optional): ``--result-column``, else 结果 / 核验结果 / 查询结果 / 核查结果;
  empty, 是, 属实, 确认 … mean confirmed; 否, 不属实 … denied; 无法确定, 不确定 … undetermined;
- every other named column is a fact, shown in the answer's note.

Everything is checked before anything is written; each bad row is reported with file, row and
column (``data.csv 第12行「身份证号码」：身份证号码校验位不正确…``) and nothing is loaded.
A good file is written in one transaction as a new version of the item's dataset: with
``replace`` its rows replace the dataset's rows; otherwise they are added, and a subject already
held is updated (merge). The hub keeps a record of every load (file name and SHA-256, who,
when, counts) but only the newest rows. In the same transaction, data queries for the item that
no one has answered yet (pushed before the dataset existed) are answered and fed to their
windows.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import delete, func, insert, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from app.cases.applicant import normalize_id_no
from app.catalog.sheets import SheetReadError, cell_text, decode_text
from app.domain import Answer, ApplicantKind
from app.errors import UserError
from app.hub import audit
from app.hub.datasources import queries
from app.hub.models import Dataset, DatasetLoad, DatasetRow, core
from app.hub.store import HubStore
from app.ids import utcnow

KEY_HEADERS = ("身份证号码", "公民身份号码", "身份证号", "证件号码", "统一社会信用代码", "信用代码")
KEY_HEADERS_ASCII = ("subject_id", "id_no")
NAME_HEADERS = ("姓名", "名称", "企业名称", "单位名称", "subject_name")
RESULT_HEADERS = ("结果", "核验结果", "查询结果", "核查结果", "result")
RESULTS: dict[str, Answer | None] = {
    **dict.fromkeys(("", "是", "属实", "确认", "符合", "有", "√", "Y", "1", "CONFIRMED"), None),
    **dict.fromkeys(("否", "不属实", "不符合", "无", "×", "N", "0", "DENIED"), Answer.DENIED),
    **dict.fromkeys(("无法确定", "不确定", "待核实", "UNDETERMINED"), Answer.UNDETERMINED),
}
MAX_LISTED = 200
MAX_CELL = 500
MAX_COLUMNS = 50
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$")
_CHUNK = 20_000


class DatasetError(UserError):
    """A file that cannot be loaded; ``problems`` names file, row and column of each."""

    def __init__(self, problems: list[str], total: int | None = None) -> None:
        self.problems = problems
        count = total if total is not None else len(problems)
        lines = [f"数据表有 {count} 处问题，未导入任何内容：", *problems[:MAX_LISTED]]
        if count > MAX_LISTED:
            lines.append(f"……另有 {count - MAX_LISTED} 处问题未列出。")
        super().__init__("\n".join(lines))


@dataclass
class LoadReport:
    item_code: str
    department: str
    version: int
    replace: bool
    rows_in_file: int
    added: int
    updated: int
    removed: int
    rows: int  # the dataset's rows after the load
    answered: int  # open data queries answered by this load
    columns: list[str] = field(default_factory=list)

    def summary(self) -> str:
        mode = "替换" if self.replace else "合并"
        return (
            f"已导入证明事项 {self.item_code} 的数据表（{self.department}，第 {self.version} 版，"
            f"{mode}）：文件 {self.rows_in_file} 行，新增 {self.added}，更新 {self.updated}，"
            f"移除 {self.removed}，现有 {self.rows} 行；"
            f"答复了此前待答的数据查询 {self.answered} 条。"
        )


def _header_key(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split()).casefold()


# --------------------------------------------------------------------------- reading


def _csv_rows(path: Path) -> Iterator[list[str]]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SheetReadError(f"{path.name}：无法读取文件（{exc.strerror or exc}）。") from exc
    text = decode_text(path, data)
    del data
    first = next((line for line in text.splitlines()[:5] if line.strip()), "")
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    try:
        yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    except csv.Error as exc:
        raise SheetReadError(f"{path.name}：不是有效的 CSV 文件（{exc}）。") from exc


def _xlsx_rows(path: Path) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken or foreign file
        raise SheetReadError(f"{path.name}：不是有效的 Excel 文件（.xlsx），可能已损坏。") from exc
    try:
        sheet = workbook.worksheets[0]
        # bound the width: one stray far cell would pad every row (read-only mode)
        for row in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS):
            yield [cell_text(value) for value in row]
    except (KeyError, ValueError, OSError) as exc:
        raise SheetReadError(f"{path.name}：Excel 文件内容已损坏，无法读取。") from exc
    finally:
        workbook.close()


def _rows(path: Path) -> Iterator[list[str]]:
    suffix = path.suffix.lower()
    if not path.exists():
        raise SheetReadError(f"找不到文件“{path}”。")
    if path.is_dir():
        raise SheetReadError(f"“{path}”是一个文件夹，请选择数据表文件。")
    if suffix == ".xls":
        raise SheetReadError(f"{path.name}：这是旧版 Excel 格式（.xls），请另存为 .xlsx 后再导入。")
    if suffix not in (".csv", ".xlsx", ".xlsm"):
        raise SheetReadError(f"{path.name}：不支持的文件类型，数据表只能是 .csv 或 .xlsx 文件。")
    if path.stat().st_size == 0:
        raise SheetReadError(f"{path.name}：文件是空的。")
    return _csv_rows(path) if suffix == ".csv" else _xlsx_rows(path)


# --------------------------------------------------------------------------- checking


@dataclass
class _Columns:
    headers: list[str]
    key: int
    name: int | None
    result: int | None
    facts: list[int]


def _find(headers: list[str], given: str | None, wanted: tuple[str, ...], what: str) -> int | None:
    keys = [_header_key(h) for h in headers]
    if given:
        target = _header_key(given)
        if target not in keys:
            shown = "、".join(f"「{h}」" for h in headers if h.strip())
            raise DatasetError([f"表头中没有{what}「{given}」（表头：{shown}）"])
        return keys.index(target)
    for name in wanted:
        if _header_key(name) in keys:
            return keys.index(_header_key(name))
    return None


def _columns(
    label: str, headers: list[str], key: str | None, name: str | None, result: str | None
) -> _Columns:
    headers = [" ".join(h.split()) for h in headers]
    seen: dict[str, int] = {}
    for n, header in enumerate(headers):
        if header and _header_key(header) in seen:
            first = seen[_header_key(header)] + 1
            raise DatasetError(
                [f"{label} 第1行：列名「{header}」重复（第 {first} 列和第 {n + 1} 列）"]
            )
        seen[_header_key(header)] = n
    key_at = _find(headers, key, KEY_HEADERS + KEY_HEADERS_ASCII, "主键列")
    if key_at is None:
        shown = "、".join(f"「{h}」" for h in headers if h.strip()) or "（空）"
        raise DatasetError(
            [
                f"{label} 第1行：找不到证件号码列（{'、'.join(KEY_HEADERS)}），"
                f"请用 --key-column 指定。表头：{shown}"
            ]
        )
    name_at = _find(headers, name, NAME_HEADERS, "姓名列")
    result_at = _find(headers, result, RESULT_HEADERS, "结果列")
    used = {key_at, name_at, result_at}
    facts = [n for n, h in enumerate(headers) if h and n not in used]
    return _Columns(headers, key_at, name_at, result_at, facts)


def _subject(raw: str) -> str:
    """The canonical ID (person first, then enterprise); UserError with the likelier reason."""
    try:
        return normalize_id_no(ApplicantKind.PERSON, raw)
    except UserError as person:
        try:
            return normalize_id_no(ApplicantKind.ENTERPRISE, raw)
        except UserError as enterprise:
            text = "".join(raw.split()).upper()
            credit_like = len(text) == 18 and any(c.isalpha() for c in text[:17])
            raise (enterprise if credit_like else person) from None


@dataclass
class _Parsed:
    columns: _Columns
    rows: list[tuple[str, str | None, str, str]]  # subject, result, name, facts JSON


def read_dataset(
    path: Path, *, key: str | None = None, name: str | None = None, result: str | None = None
) -> _Parsed:
    """Read and check a whole file; :class:`DatasetError` lists every bad row."""
    label = path.name
    problems: list[str] = []
    total = 0
    columns: _Columns | None = None
    rows: list[tuple[str, str | None, str, str]] = []
    first_row: dict[str, int] = {}

    def problem(number: int, column: str, message: str) -> None:
        nonlocal total
        total += 1
        if len(problems) < MAX_LISTED:
            problems.append(f"{label} 第{number}行「{column}」：{message}")

    for number, cells in enumerate(_rows(path), start=1):
        if not any(c.strip() for c in cells):
            continue
        if columns is None:
            columns = _columns(label, cells, key, name, result)
            width = len(columns.headers)
            key_name = columns.headers[columns.key]
            continue
        cells = [c.strip() for c in cells[:width]] + [""] * (width - len(cells))
        raw = cells[columns.key]
        if not raw:
            problem(number, key_name, "不能为空")
            continue
        try:
            subject = _subject(raw)
        except UserError as exc:
            problem(number, key_name, str(exc))
            continue
        earlier = first_row.setdefault(subject, number)
        if earlier != number:
            problem(number, key_name, f"与第{earlier}行重复（同一证件号码只能出现一次）")
            continue
        verdict: Answer | None = None
        if columns.result is not None:
            mark = unicodedata.normalize("NFKC", cells[columns.result]).strip().upper()
            if mark not in RESULTS:
                problem(
                    number,
                    columns.headers[columns.result],
                    f"无法识别“{cells[columns.result]}”："
                    "请填 属实 / 不属实 / 无法确定（空白为属实）",
                )
                continue
            verdict = RESULTS[mark]
        who = cells[columns.name] if columns.name is not None else ""
        long = [columns.headers[n] for n in columns.facts if len(cells[n]) > MAX_CELL]
        if len(who) > 200 or long:
            problem(number, long[0] if long else columns.headers[columns.name or 0], "内容过长")
            continue
        facts = [[columns.headers[n], cells[n]] for n in columns.facts if cells[n]]
        rows.append(
            (
                subject,
                verdict.value if verdict else None,
                who,
                json.dumps(facts, ensure_ascii=False, separators=(",", ":")) if facts else "",
            )
        )
    if columns is None:
        raise DatasetError([f"{label}：表格中没有任何内容。"])
    if problems:
        raise DatasetError(problems, total)
    if not rows:
        raise DatasetError([f"{label}：只有表头，没有数据行。"])
    return _Parsed(columns, rows)


# --------------------------------------------------------------------------- writing


def _write_rows(
    session: Session, dataset_id: int, version: int, parsed: _Parsed, merge: bool
) -> None:
    dialect = session.get_bind().dialect.name
    records: Iterator[dict[str, object]] = (
        {
            "dataset_id": dataset_id,
            "subject_id": s,
            "result": r,
            "name": n,
            "facts": f,
            "version": version,
        }
        for s, r, n, f in parsed.rows
    )
    if dialect == "postgresql":
        _copy_rows(session, dataset_id, version, parsed, merge)
        return
    statement = sqlite_insert(DatasetRow) if merge else insert(core(DatasetRow))
    if merge:
        excluded = statement.excluded  # type: ignore[attr-defined]
        statement = statement.on_conflict_do_update(  # type: ignore[attr-defined]
            index_elements=["dataset_id", "subject_id"],
            set_={c: excluded[c] for c in ("result", "name", "facts", "version")},
        )
    batch: list[dict[str, object]] = []
    for record in records:
        batch.append(record)
        if len(batch) >= _CHUNK:
            session.execute(statement, batch)
            batch = []
    if batch:
        session.execute(statement, batch)


def _copy_rows(
    session: Session, dataset_id: int, version: int, parsed: _Parsed, merge: bool
) -> None:
    """PostgreSQL: COPY (straight into the table, or into a staging table and upsert)."""
    cursor = session.connection().connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    target = "hub_dataset_row"
    if merge:
        cursor.execute(
            "CREATE TEMP TABLE hub_dataset_stage (LIKE hub_dataset_row INCLUDING DEFAULTS) "
            "ON COMMIT DROP"
        )
        target = "hub_dataset_stage"
    columns = "(dataset_id, subject_id, result, name, facts, version)"
    with cursor.copy(f"COPY {target} {columns} FROM STDIN") as copy:
        for subject, result, name, facts in parsed.rows:
            copy.write_row((dataset_id, subject, result, name, facts, version))
    if merge:
        cursor.execute(
            "INSERT INTO hub_dataset_row SELECT * FROM hub_dataset_stage "
            "ON CONFLICT (dataset_id, subject_id) DO UPDATE SET result = EXCLUDED.result, "
            "name = EXCLUDED.name, facts = EXCLUDED.facts, version = EXCLUDED.version"
        )
        cursor.execute("DROP TABLE hub_dataset_stage")


def _row_count(session: Session, dataset_id: int) -> int:
    return int(
        session.scalar(
            select(func.count()).select_from(DatasetRow).where(DatasetRow.dataset_id == dataset_id)
        )
        or 0
    )


def load_dataset(
    store: HubStore,
    department: str,
    path: Path,
    item_code: str,
    *,
    key_column: str | None = None,
    name_column: str | None = None,
    result_column: str | None = None,
    fact: str = "",
    replace: bool = False,
    actor: str = "operator",
) -> LoadReport:
    """Check ``path`` whole, then load it as the next version of ``item_code``'s dataset."""
    department, item_code, fact = department.strip(), item_code.strip(), " ".join(fact.split())
    if not _CODE.match(department):
        raise UserError(
            f"部门编码“{department}”格式不正确：只能用字母、数字、_ . -，最长 64 个字符。"
        )
    if not item_code or len(item_code) > 64 or any(c.isspace() for c in item_code):
        raise UserError(f"证明事项编码“{item_code}”格式不正确。")
    if len(fact) > 200:
        raise UserError("--fact 过长（最多 200 个字）。")
    path = Path(path)
    parsed = read_dataset(path, key=key_column, name=name_column, result=result_column)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    cols = parsed.columns

    def work(session: Session) -> LoadReport:
        now = utcnow()
        dataset = session.scalar(
            select(Dataset).where(Dataset.item_code == item_code).with_for_update()
        )
        if dataset is None:
            dataset = Dataset(item_code=item_code, department=department, version=0, rows=0,
                              fact="", key_column="", updated_at=now)  # fmt: skip
            session.add(dataset)
            session.flush()
        elif dataset.department != department:
            raise UserError(
                f"证明事项 {item_code} 的数据表由部门 {dataset.department} 维护，"
                f"不能由 {department} 导入。"
            )
        before = dataset.rows
        version = dataset.version + 1
        if replace:
            session.execute(delete(DatasetRow).where(DatasetRow.dataset_id == dataset.id))
        _write_rows(session, dataset.id, version, parsed, merge=not replace)
        after = len(parsed.rows) if replace else _row_count(session, dataset.id)
        added = len(parsed.rows) if replace else after - before
        updated = 0 if replace else len(parsed.rows) - added
        removed = before if replace else 0
        fact_columns = [cols.headers[n] for n in cols.facts]
        dataset.version, dataset.rows, dataset.updated_at = version, after, now
        dataset.fact = fact or dataset.fact
        dataset.key_column = cols.headers[cols.key]
        dataset.name_column = cols.headers[cols.name] if cols.name is not None else None
        dataset.result_column = cols.headers[cols.result] if cols.result is not None else None
        session.add(
            DatasetLoad(
                dataset_id=dataset.id, version=version, loaded_at=now, loaded_by=actor,
                file_name=path.name[:300], file_sha256=digest, replace=replace,
                rows_in_file=len(parsed.rows), added=added, updated=updated, removed=removed,
                columns=json.dumps(fact_columns, ensure_ascii=False),
            )
        )  # fmt: skip
        session.flush()
        audit.append(
            session,
            [
                audit.AuditItem(
                    actor, "dataset.loaded", "dataset", item_code,
                    {"department": department, "version": version, "file_sha256": digest,
                     "rows_in_file": len(parsed.rows), "replace": replace, "rows": after},
                )
            ],
            now,
        )  # fmt: skip
        answered = queries.answer_open_queries(session, item_code, now=now, actor=actor)
        return LoadReport(
            item_code, department, version, replace, len(parsed.rows), added, updated, removed,
            after, answered, fact_columns,
        )  # fmt: skip

    return store.write(work)
