"""The fixed wording of the printed documents, kept in editable TOML files.

Each document has a file in ``resources/templates/`` (``guide.toml``, ``pledge.toml``,
``receipt.toml``) plus ``common.toml`` for what they share (hall name, hotline). A county may
edit them; an installation may override any key by putting a file of the same name into
``<data dir>/templates/`` (keys there win, missing keys come from the shipped file).
Texts hold ``{placeholders}`` filled at print time. A broken file, a value of the wrong type
(a number where a text belongs) or an unknown placeholder is a :class:`UserError` that names
the file and the key, so whoever edited it knows what to fix; :func:`check_templates` also
finds keys no document uses (a misspelt key would silently leave the shipped wording).
Files may start with a UTF-8 byte-order mark (Windows Notepad writes one).
"""

from __future__ import annotations

import difflib
import string
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from app.errors import UserError
from app.paths import data_dir, resource

DOCUMENTS = ("guide", "pledge", "receipt")
COMMON = "common"

TEXT = "text"  # a string
TEXTS = "texts"  # a list of strings
Schema = dict[str, "str | Schema"]  # key -> TEXT, TEXTS or a table of its own

# Every key each file may hold, with its type: what the documents read. A county edits the
# shipped files themselves too, so the files cannot be their own reference.
SCHEMAS: dict[str, Schema] = {
    COMMON: {"hall_name": TEXT, "hotline": TEXT},
    "guide": {
        "document_title": TEXT,
        "subtitle": TEXT,
        "certificates_intro": TEXT,
        "no_certificates": TEXT,
        "no_materials": TEXT,
        "no_steps": TEXT,
        "qr_caption": TEXT,
        "footer": TEXT,
        "actions": {
            "cancel": TEXT,
            "share": TEXT,
            "verify": TEXT,
            "substitute": TEXT,
            "pledge": TEXT,
            "other": TEXT,
            "retained": TEXT,
        },
    },
    "pledge": {
        "document_title": TEXT,
        "intro": TEXT,
        "notice": TEXT,
        "pledge": TEXT,
        "declaration": TEXT,
        "consequences_title": TEXT,
        "consequences": TEXTS,
        "applicant_signature": TEXT,
        "clerk_signature": TEXT,
        "date_line": TEXT,
        "copies_note": TEXT,
        "qr_caption": TEXT,
    },
    "receipt": {
        "document_title": TEXT,
        "intro": TEXT,
        "no_pending": TEXT,
        "no_departments": TEXT,
        "departments_intro": TEXT,
        "footer": TEXT,
        "qr_caption": TEXT,
    },
}
_EXPECTED = {
    TEXT: "文字（用英文双引号括起来）",
    TEXTS: "文字列表（方括号中用逗号隔开的多条文字）",
    "table": "一个表（以 [名称] 开头的一段）",
}


def shipped_dir() -> Path:
    return resource("templates")


def override_dir(directory: Path | None = None) -> Path:
    """Where an installation's own templates live (``<data dir>/templates``)."""
    return (directory if directory is not None else data_dir()) / "templates"


@dataclass(frozen=True)
class Template:
    """The merged wording of one document; picklable, so batch workers can receive it."""

    name: str
    values: dict[str, Any]
    sources: dict[str, str] = field(default_factory=dict)  # key -> file it came from
    bound: dict[str, str] = field(default_factory=dict)  # placeholders every text may use

    def bind(self, **fields: str) -> Template:
        """A copy whose texts may all use these placeholders (e.g. the matter's name)."""
        return replace(self, bound={**self.bound, **fields})

    def _source(self, key: str) -> str:
        return self.sources.get(key.split(".")[0], f"{self.name}.toml")

    def _raw(self, key: str) -> Any:
        value: Any = self.values
        for part in key.split("."):
            if not isinstance(value, Mapping) or part not in value:
                raise UserError(
                    f"打印模板文件 {self._source(key)} 缺少“{key}”一项，"
                    "请补上或删除该文件以恢复默认文字。"
                )
            value = value[part]
        return value

    def _fill(self, key: str, text: Any, fields: Mapping[str, Any]) -> str:
        if not isinstance(text, str):
            raise UserError(f"打印模板文件 {self._source(key)} 中“{key}”一项应为文字。")
        context = {**self.common_fields(), **fields}
        try:
            names = [name for _, name, _, _ in string.Formatter().parse(text) if name]
        except ValueError as exc:
            raise UserError(
                f"打印模板文件 {self._source(key)} 中“{key}”一项的花括号不成对，"
                "请检查 { 和 } 是否配对。"
            ) from exc
        unknown = [name for name in names if name not in context]
        if unknown:
            allowed = "、".join("{" + n + "}" for n in sorted(context))
            raise UserError(
                f"打印模板文件 {self._source(key)} 中“{key}”一项使用了未知的占位符 "
                f"{{{unknown[0]}}}。可用的占位符：{allowed}。"
            )
        try:
            return text.format_map(context)
        except (ValueError, IndexError, AttributeError, KeyError) as exc:
            raise UserError(
                f"打印模板文件 {self._source(key)} 中“{key}”一项的占位符写法有误：{exc}。"
            ) from exc

    def common_fields(self) -> dict[str, str]:
        return {
            "hall_name": str(self.values.get("hall_name", "")),
            "hotline": str(self.values.get("hotline", "")),
            **self.bound,
        }

    def text(self, key: str, **fields: Any) -> str:
        """The text at ``key`` (dots for tables: ``actions.pledge``) with placeholders filled."""
        return self._fill(key, self._raw(key), fields)

    def texts(self, key: str, **fields: Any) -> list[str]:
        """A list of texts (e.g. the consequences of a false pledge), each filled."""
        raw = self._raw(key)
        if not isinstance(raw, list):
            raise UserError(f"打印模板文件 {self._source(key)} 中“{key}”一项应为文字列表。")
        return [self._fill(key, item, fields) for item in raw]

    @property
    def hall_name(self) -> str:
        return self.text("hall_name")


def _read(path: Path) -> dict[str, Any]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UserError(f"无法读取打印模板文件 {path}：{exc.strerror}。") from exc
    try:
        return tomllib.loads(data.decode("utf-8-sig"))  # with or without a byte-order mark
    except UnicodeDecodeError as exc:
        raise UserError(f"打印模板文件 {path} 不是 UTF-8 编码，请另存为 UTF-8。") from exc
    except tomllib.TOMLDecodeError as exc:
        raise UserError(f"打印模板文件 {path} 格式有误（{exc}），请修正或删除该文件。") from exc


def _kind(value: Any) -> str:
    """What a TOML value is, in the words of the messages."""
    if isinstance(value, str):
        return "文字"
    if isinstance(value, bool):
        return "真假值"
    if isinstance(value, int | float):
        return "数字"
    if isinstance(value, dict):
        return "表"
    if isinstance(value, list):
        return "列表"
    return "日期或时间"


def _fits(value: Any, expected: str | Schema) -> bool:
    if expected == TEXT:
        return isinstance(value, str)
    if expected == TEXTS:
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    return isinstance(value, dict)


@dataclass(frozen=True)
class Problem:
    """A key of a template file that is not what the documents expect."""

    message: str  # one Chinese sentence naming the file and the key
    breaks_printing: bool  # a wrong type; an unknown key is only ignored


def template_problems(values: Mapping[str, Any], schema: Schema, path: Path | str) -> list[Problem]:
    """The wrong types and unknown keys among the values of one file."""
    problems: list[Problem] = []

    def visit(table: Mapping[str, Any], expected: Schema, prefix: str) -> None:
        for key, value in table.items():
            name = prefix + key
            want = expected.get(key)
            if want is None:
                guess = difflib.get_close_matches(key, list(expected), n=1, cutoff=0.6)
                hint = f"，是否应为“{prefix}{guess[0]}”" if guess else ""
                known = "、".join(prefix + k for k in expected)
                message = (
                    f"打印模板文件 {path} 中的“{name}”不是可用的项目{hint}（可用的项目：{known}）"
                )
                problems.append(Problem(message, breaks_printing=False))
            elif not _fits(value, want):
                kind = want if isinstance(want, str) else "table"
                if want == TEXTS and isinstance(value, list):
                    found = "列表中有不是文字的一项"
                else:
                    found = f"现在是{_kind(value)}"
                message = f"打印模板文件 {path} 中“{name}”一项应为{_EXPECTED[kind]}，{found}"
                problems.append(Problem(message, breaks_printing=True))
            elif isinstance(want, dict):
                visit(value, want, f"{name}.")

    visit(values, schema, "")
    return problems


def _merge(
    values: dict[str, Any], sources: dict[str, str], extra: dict[str, Any], origin: str
) -> None:
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(values.get(key), dict):
            values[key] = {**values[key], **value}
        else:
            values[key] = value
        sources[key] = origin


def load_template(name: str, directory: Path | None = None) -> Template:
    """The wording of document ``name`` (guide / pledge / receipt), with local overrides.

    ``directory`` is the data directory (default: the current one, honouring $WUZHENG_HOME).
    """
    if name not in DOCUMENTS:
        raise UserError(f"没有名为“{name}”的打印模板。")
    local = override_dir(directory)
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    for file_name, schema in _schemas(name):
        for folder in (shipped_dir(), local):
            path = folder / file_name
            if folder is local and not path.is_file():
                continue
            content = _read(path)
            for problem in template_problems(content, schema, path):
                if problem.breaks_printing:  # say where, now, not halfway through a document
                    raise UserError(problem.message + "。")
            _merge(values, sources, content, str(path))
    return Template(name=name, values=values, sources=sources)


def _schemas(name: str) -> list[tuple[str, Schema]]:
    """The files of document ``name`` with the keys each may hold (a document's own file may
    also override the common keys for that document alone)."""
    return [
        (f"{COMMON}.toml", SCHEMAS[COMMON]),
        (f"{name}.toml", {**SCHEMAS[COMMON], **SCHEMAS[name]}),
    ]


def load_all(directory: Path | None = None) -> dict[str, Template]:
    """Every document's wording: used to check an edited template set in one go."""
    return {name: load_template(name, directory) for name in DOCUMENTS}


# The placeholders each document fills: for every text, and for particular keys only.
DOCUMENT_FIELDS: dict[str, tuple[str, ...]] = {
    "guide": ("catalog_version", "matter_name", "matter_code"),
    "pledge": ("applicant_name", "id_masked", "case_number", "matter_name"),
    "receipt": ("case_number", "applicant_name", "matter_name"),
}
_ITEM_FIELDS = ("item_name", "issuer", "legal_basis", "pledge_text")
KEY_FIELDS: dict[str, dict[str, tuple[str, ...]]] = {
    "guide": {"actions.substitute": ("document",), "actions.other": ("detail",)},
    "pledge": {"notice": _ITEM_FIELDS, "pledge": _ITEM_FIELDS},
    "receipt": {},
}


def _keys(values: Mapping[str, Any], prefix: str = "") -> list[str]:
    keys: list[str] = []
    for key, value in values.items():
        if isinstance(value, Mapping):
            keys += _keys(value, f"{prefix}{key}.")
        else:
            keys.append(f"{prefix}{key}")
    return keys


def check_templates(directory: Path | None = None) -> list[str]:
    """Check every template file: types, unknown keys, missing keys and placeholders.

    Fills every text of every document with sample values. Raises a UserError naming each
    problem (file, key, what was expected); returns one line per document for the person who
    edited the files.
    """
    local = override_dir(directory)
    problems: list[Problem] = []
    for name in (COMMON, *DOCUMENTS):
        schema = SCHEMAS[COMMON] if name == COMMON else _schemas(name)[1][1]
        for folder in (shipped_dir(), local):
            path = folder / f"{name}.toml"
            if folder is shipped_dir() or path.is_file():
                problems += template_problems(_read(path), schema, path)
    if problems:
        count = f"打印模板有 {len(problems)} 处问题：" if len(problems) > 1 else ""
        raise UserError(count + "；".join(p.message for p in problems) + "。")
    lines: list[str] = []
    for name, template in load_all(directory).items():
        keys = _keys(template.values)
        for key in _keys({**SCHEMAS[COMMON], **SCHEMAS[name]}):
            template._raw(key)  # a key the document reads is missing: say which
        for key in keys:
            fields = dict.fromkeys(DOCUMENT_FIELDS[name], "示例")
            fields.update(dict.fromkeys(KEY_FIELDS[name].get(key, ()), "示例"))
            raw = template._raw(key)
            if isinstance(raw, list):
                template.texts(key, **fields)
            elif isinstance(raw, str):
                template.text(key, **fields)
        files = "、".join(sorted(set(template.sources.values())))
        lines.append(f"{name}：{len(keys)} 项文字均可正常使用（{files}）")
    return lines
