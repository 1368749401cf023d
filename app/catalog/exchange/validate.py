"""Validating an exchange document: every problem, with its JSON path, in Chinese.

Two passes over the same document, so that one import lists every problem at once:

* the models of :mod:`app.catalog.exchange.document` check each field (type, presence, range);
  pydantic's errors are turned into Chinese lines here;
* the rules across rows are checked on the raw document, leniently (a field of the wrong type
  is the first pass's problem): codes are unique, and every department, item and matter a row
  names exists.

No database here: the hub validates with :func:`document_problems` / :func:`parse_document` too.
"""

from __future__ import annotations

import codecs
import gc
import json
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pydantic_core
from pydantic import TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from app.catalog.exchange.document import (
    DAY_FIELDS,
    DOCUMENT,
    FORMAT,
    FORMAT_VERSION,
    SECTIONS,
    CatalogDocument,
)
from app.domain import Measure
from app.errors import UserError

_MAX_LISTED_PROBLEMS = 200
_SHOWN_LENGTH = 60  # characters of a bad value repeated in a message
_MEASURES = frozenset(m.value for m in Measure)
_ROOT = "（根）"


class CatalogFormatError(UserError):
    """The document is not a valid catalog; ``problems`` lists each one with its JSON path."""

    def __init__(self, problems: Sequence[str], *, heading: str = "") -> None:
        self.problems = list(problems)
        heading = heading or f"目录文件有 {len(self.problems)} 处问题，未导入任何内容："
        self.heading = heading  # the first line, for a window that lists the problems below
        if len(self.problems) == 1:  # one line, for the CLI's one-line refusals
            super().__init__(heading + self.problems[0])
            return
        shown = self.problems[:_MAX_LISTED_PROBLEMS]
        lines = [heading, *shown]
        if len(self.problems) > len(shown):
            lines.append(f"……另有 {len(self.problems) - len(shown)} 处问题未列出。")
        super().__init__("\n".join(lines))


@dataclass(frozen=True)
class Problem:
    """One problem of a document: where (``matters[3].items[0]``) and what, in Chinese."""

    loc: tuple[str | int, ...]
    message: str

    @property
    def path(self) -> str:
        return format_path(self.loc)

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


def format_path(loc: Sequence[str | int]) -> str:
    """``("matters", 0, "items", 2)`` → ``matters[0].items[2]``; the root is （根）."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text or _ROOT


def _printable(char: str) -> str:
    """A control character, a lone surrogate or an odd space spelled as its escape."""
    if char.isprintable():
        return char
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def shown(value: Any) -> str:
    """A bad value as a message repeats it: short, printable, JSON spelling."""
    if isinstance(value, str):
        text = value if value.isprintable() else "".join(map(_printable, value))
        return text if len(text) <= _SHOWN_LENGTH else text[:_SHOWN_LENGTH] + "…"
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    if isinstance(value, int):
        return str(value) if abs(value) < 10**_SHOWN_LENGTH else "（位数过多的数）"
    if isinstance(value, float):
        return repr(value)
    return "[…]" if isinstance(value, list) else "{…}" if isinstance(value, dict) else "…"


# --------------------------------------------------------------------------- field problems


def _days_message(bound: int, value: Any) -> str:
    now = f"（现为 {shown(value)}）" if isinstance(value, int | str) else ""
    return f"应为 0 到 {bound} 之间的整数（工作日）或 null{now}"


def _options(expected: str) -> str:
    return " / ".join(sorted(re.findall(r"'([^']*)'", expected)))


def _message(error: ErrorDetails) -> str:
    """pydantic's error as a Chinese line (without the path)."""
    kind, value, ctx = error["type"], error.get("input"), error.get("ctx") or {}
    field = next((p for p in reversed(error["loc"]) if isinstance(p, str)), "")
    if field in DAY_FIELDS and isinstance(error["loc"][-1], str) and kind != "missing":
        return _days_message(DAY_FIELDS[field], value)
    if kind == "string_type" and field == "provider":
        return "应为部门编码或 null"
    if kind == "string_type" and value is None and isinstance(error["loc"][-1], str):
        return _MESSAGES["missing"]  # null where text is required
    if kind == "string_pattern_mismatch" and isinstance(value, str) and not value.strip():
        return "不能为空"
    if kind == "string_too_long":
        length = f"（现有 {len(value)} 个字符）" if isinstance(value, str) else ""
        return f"文字过长{length}，最多 {ctx.get('max_length')} 个字符"
    if kind == "too_long":
        return f"最多 {ctx.get('max_length')} 项（现有 {ctx.get('actual_length')} 项）"
    if kind in ("enum", "literal_error"):
        return f"取值“{shown(value)}”无效，应为 {_options(str(ctx.get('expected', '')))}"
    return _MESSAGES.get(kind, "取值无效")


_MESSAGES = {
    "missing": "缺少必填字段",
    "string_type": "应为文字",
    "string_unicode": "含有无效的字符（孤立的 UTF-16 代理项，如 \\ud800），请改正",
    "string_pattern_mismatch": "含有控制字符（如 \\x00），请删除",
    "bool_type": "应为 true 或 false",
    "int_type": "应为整数",
    "list_type": "应为列表（[…]）",
    "dataclass_type": "应为对象（{…}）",
    "dict_type": "应为对象（{…}）",
}


@lru_cache(maxsize=16)
def _adapter(kind: Any) -> TypeAdapter[Any]:
    return TypeAdapter(kind)


def value_problem(kind: Any, value: Any) -> str | None:
    """What is wrong with one value of a field of the format, in Chinese; None when it is valid.

    ``kind`` is one of the field types of :mod:`app.catalog.exchange.document` (``Name``,
    ``ShortText``, ``LongText``…): a register checks its cells with the same bounds as the
    document they become, so that a refusal names the register's row, not a JSON path.
    """
    try:
        _adapter(kind).validate_python(value)
    except ValidationError as exc:
        return _message(exc.errors(include_url=False)[0])
    return None


def _validated(doc: dict[str, Any]) -> tuple[CatalogDocument | None, list[Problem]]:
    """The model of a document, or the problems of its fields."""
    try:
        return DOCUMENT.validate_python(doc), []
    except ValidationError as exc:
        return None, [Problem(tuple(e["loc"]), _message(e)) for e in exc.errors(include_url=False)]


# --------------------------------------------------------------------------- rules across rows


def _rows(parent: Any, key: str) -> list[tuple[int, dict[str, Any]]]:
    """The objects of a list field, with their index; anything malformed is skipped."""
    values = parent.get(key) if isinstance(parent, dict) else None
    if not isinstance(values, list):
        return []
    return [(i, value) for i, value in enumerate(values) if isinstance(value, dict)]


def _text(row: dict[str, Any], key: str) -> str | None:
    value = row.get(key)
    return value if isinstance(value, str) else None


class _References:
    """Collects the problems of the rules across rows."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, loc: tuple[str | int, ...], message: str) -> None:
        self.problems.append(Problem(loc, message))

    def codes(self, doc: dict[str, Any], section: str, what: str) -> set[str]:
        """The codes of a section; a code given twice is a problem."""
        seen: dict[str, int] = {}
        for i, row in _rows(doc, section):
            code = _text(row, "code")
            if not code or not code.strip():
                continue
            if code in seen:
                first = format_path((section, seen[code]))
                self.add((section, i, "code"), f"{what}编码“{shown(code)}”重复（与 {first} 相同）")
            else:
                seen[code] = i
        return set(seen)

    def links(
        self,
        loc: tuple[str | int, ...],
        values: Any,
        known: set[str],
        what: str,
        where: str,
    ) -> None:
        """A list of codes: each must exist, and none may be given twice."""
        if not isinstance(values, list):
            return
        try:
            if known.issuperset(values) and len(set(values)) == len(values):
                return  # the usual case, at set speed
        except TypeError:  # something unhashable: its type is the first pass's problem
            pass
        seen: set[str] = set()
        for j, code in enumerate(values):
            if not isinstance(code, str):
                continue
            if code not in known:
                self.add((*loc, j), f"未知{what}编码“{shown(code)}”")
            elif code in seen:
                self.add((*loc, j), f"{what}“{shown(code)}”在{where}中重复")
            seen.add(code)


def reference_problems(doc: dict[str, Any]) -> list[Problem]:
    """The rules across rows of a document (its fields may still be of the wrong type)."""
    refs = _References()
    departments = refs.codes(doc, "departments", "部门")
    items = refs.codes(doc, "certificate_items", "证明事项")
    matters = refs.codes(doc, "matters", "事项")
    refs.codes(doc, "bundles", "一件事")
    for i, item in _rows(doc, "certificate_items"):
        used: set[str] = set()
        for j, measure in _rows(item, "measures"):
            kind, provider = measure.get("measure"), measure.get("provider")
            if isinstance(kind, str) and kind in _MEASURES:
                if kind in used:
                    loc = ("certificate_items", i, "measures", j, "measure")
                    refs.add(loc, f"措施“{kind}”在同一证明事项中重复")
                used.add(kind)
            if isinstance(provider, str) and provider not in departments:
                loc = ("certificate_items", i, "measures", j, "provider")
                refs.add(loc, f"未知部门编码“{shown(provider)}”")
    for i, matter in _rows(doc, "matters"):
        department = _text(matter, "department")
        if department and department not in departments:
            refs.add(("matters", i, "department"), f"未知部门编码“{shown(department)}”")
        refs.links(("matters", i, "items"), matter.get("items"), items, "证明事项", "同一事项")
    for i, bundle in _rows(doc, "bundles"):
        refs.links(("bundles", i, "matters"), bundle.get("matters"), matters, "事项", "同一件事")
    return refs.problems


# --------------------------------------------------------------------------- the document


def _header_problem(doc: Any) -> Problem | None:
    """A file that is not a catalog of this version at all: nothing else is worth listing."""
    if not isinstance(doc, dict):
        return Problem((), "应为对象（{…}）")
    if doc.get("format") != FORMAT:
        return Problem(("format",), f"应为“{FORMAT}”，这不是无证明办事目录文件")
    version = doc.get("format_version")
    if type(version) is not int or version != FORMAT_VERSION:
        return Problem(
            ("format_version",),
            f"不支持的版本“{shown(version)}”，本程序支持版本 {FORMAT_VERSION}",
        )
    return None


_ORDER = {"format": -3, "format_version": -2, "catalog": -1} | {
    s: n for n, s in enumerate(SECTIONS)
}


def _document_order(problem: Problem) -> tuple[int, int]:
    """Problems in the order of the document: by section, then by row."""
    loc = problem.loc
    section = _ORDER.get(loc[0], len(_ORDER)) if loc and isinstance(loc[0], str) else -4
    row = loc[1] if len(loc) > 1 and isinstance(loc[1], int) else -1
    return section, row


def _checked(doc: Any) -> tuple[CatalogDocument | None, list[Problem]]:
    header = _header_problem(doc)
    if header is not None:
        return None, [header]
    model, problems = _validated(doc)
    problems += reference_problems(doc)
    return model, sorted(problems, key=_document_order)


def document_problems(doc: Any) -> list[Problem]:
    """Every problem of a document, in document order; empty when it is a valid catalog."""
    return _checked(doc)[1]


@contextmanager
def bulk_work() -> Iterator[None]:
    """Pause the cyclic garbage collector while a whole catalog is read, checked or written.

    Such work allocates hundreds of thousands of objects that all live to its end; each full
    pass of the collector over them (about 0.1 s at Jinhua scale, seconds for a province)
    frees nothing, and whether one lands inside an import was the largest part of its time.
    Reference counting still frees everything as usual.
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def parse_document(doc: Any) -> CatalogDocument:
    """The validated document; CatalogFormatError listing every problem otherwise."""
    with bulk_work():
        model, problems = _checked(doc)
    if problems or model is None:
        raise CatalogFormatError([str(p) for p in problems])
    return model


# --------------------------------------------------------------------------- the file

_NESTING_SHOWN = 6  # path elements of a too-deep structure (the format itself has 5 levels)
_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}:,]')


def _too_deep(text: str, limit: int = 100) -> str:
    """The path where a JSON text nests deeper than ``limit`` (it is valid only that deep)."""
    path: list[str | int] = []
    last = ""
    for match in _TOKENS.finditer(text):
        token = match.group()
        if token[0] == '"':
            last = token
        elif token == ":" and path:
            path[-1] = shown(last[1:-1])
        elif token == "," and path and isinstance(path[-1], int):
            path[-1] += 1
        elif token in "[{":
            if len(path) >= limit:
                break
            path.append(0 if token == "[" else "")
        elif token in "]}" and path:
            path.pop()
    return format_path([p for p in path[:_NESTING_SHOWN] if p != ""])


class _Huge:
    """An integer of more digits than any field allows (and than int() reads): no field accepts
    it, so the document is refused with the path of the field that holds it."""


def _int(digits: str) -> int | _Huge:
    return int(digits) if len(digits) <= 30 else _Huge()


def _loads(text: str, name: str) -> Any:
    """The JSON value of a text, or a CatalogFormatError saying where it is broken."""
    try:
        try:
            return json.loads(text)
        except ValueError as exc:
            if isinstance(exc, json.JSONDecodeError):
                raise
            return json.loads(text, parse_int=_int)  # int() refuses thousands of digits
    except json.JSONDecodeError as exc:
        raise CatalogFormatError(
            [f"{name}: 不是有效的 JSON，第 {exc.lineno} 行第 {exc.colno} 列附近有语法错误"]
        ) from exc
    except RecursionError as exc:
        raise CatalogFormatError(
            [f"{_too_deep(text)}: 嵌套层数过多，目录文件没有这样的结构（{name}）"]
        ) from exc


def read_document(path: Path) -> dict[str, Any]:
    """Read an exchange document from a file, with friendly messages for every failure.

    jiter (pydantic-core) reads a good file fast; what it refuses (broken JSON, another
    encoding, a nesting or a number it will not read, a lone surrogate) is read again by the
    standard parser, which says where and what, or lets validation name the field.
    """
    path = Path(path)
    if not path.exists():
        raise UserError(f"找不到文件“{path}”。")
    if path.is_dir():
        raise UserError(f"“{path}”是一个文件夹，不是目录文件。")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UserError(f"无法读取文件“{path}”：{exc.strerror or exc}。") from exc
    try:
        doc = pydantic_core.from_json(data.removeprefix(codecs.BOM_UTF8))
    except ValueError:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            problem = f"{path.name}: 文件不是 UTF-8 编码的文本，不是目录文件"
            raise CatalogFormatError([problem]) from exc
        if not text.strip():
            raise CatalogFormatError([f"{path.name}: 文件是空的"]) from None
        doc = _loads(text, path.name)
    if not isinstance(doc, dict):
        raise CatalogFormatError([f"{path.name}: 文件内容应为一个 JSON 对象"])
    return doc


__all__ = [
    "CatalogFormatError",
    "Problem",
    "bulk_work",
    "document_problems",
    "format_path",
    "parse_document",
    "read_document",
    "reference_problems",
    "value_problem",
]
