"""What to compare and where the report goes: the two sides of a comparison.

A side (:class:`CatalogSource`, named by :func:`source_of`) is the installed catalog, one
``.json`` exchange document, or the departments' registers (``.xlsx`` / ``.csv``), merged into
the old catalog exactly as importing them would merge them (so ``installed`` against registers
previews an import), or into an empty catalog on the old side. :func:`load_document` reads one
side, :func:`compare` both (a refusal names the side), :func:`save_report` writes the report.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from app.catalog.diff.changes import NEW_SIDE, OLD_SIDE, CatalogDiff, ChangeKind
from app.catalog.diff.rows import diff_documents, parsed
from app.catalog.exchange.document import DOCUMENT, CatalogDocument
from app.errors import UserError

if TYPE_CHECKING:
    from app.storage.db import Database

INSTALLED: Final = "installed"  # the word naming this window's installed catalog
CATALOG_SUFFIX: Final = ".json"
REGISTER_SUFFIXES: Final = (".xlsx", ".xlsm", ".csv")
DIFF_SUFFIXES: Final = (CATALOG_SUFFIX, *REGISTER_SUFFIXES)
_ACTOR = "比较目录"  # the actor of the imports into a scratch database (never the window's)


@dataclass(frozen=True)
class CatalogSource:
    """What one side of a comparison names: the installed catalog (no paths), one ``.json``
    exchange document, or one or more register files."""

    paths: tuple[Path, ...] = ()

    @property
    def installed(self) -> bool:
        return not self.paths

    @property
    def registers(self) -> bool:
        return bool(self.paths) and self.paths[0].suffix.lower() in REGISTER_SUFFIXES

    @property
    def label(self) -> str:
        if self.installed:
            return "当前安装的目录"
        return "、".join(p.name for p in self.paths)


def source_of(words: Sequence[str | Path], side: str = "") -> CatalogSource:
    """The source the words name (``installed`` or file paths); a UserError listing every
    file that cannot be compared (missing, a folder, another kind of file)."""
    prefix = f"{side}：" if side else ""
    names = [str(w) for w in words]
    if names == [INSTALLED]:
        return CatalogSource()
    if not names:
        raise UserError(f"{prefix}请指定目录文件（.json）、登记表（.xlsx / .csv）或 {INSTALLED}。")
    if INSTALLED in names:
        raise UserError(f"{prefix}{INSTALLED}（当前安装的目录）不能与文件一起指定。")
    problems: list[str] = []
    kinds: set[str] = set()
    for path in map(Path, names):
        suffix = path.suffix.lower()
        if not path.exists():
            problems.append(f"找不到文件“{path}”。")
        elif path.is_dir():
            problems.append(f"“{path}”是一个文件夹，请指定文件。")
        elif suffix == CATALOG_SUFFIX:
            kinds.add("catalog")
        elif suffix in REGISTER_SUFFIXES:
            kinds.add("registers")
        elif suffix == ".xls":
            problems.append(f"{path.name}：这是旧版 Excel 格式（.xls），请另存为 .xlsx 后再比较。")
        else:
            problems.append(
                f"{path.name}：不支持的文件类型“{suffix or '无扩展名'}”。"
                "目录文件应为 .json，登记表应为 .xlsx 或 .csv。"
            )
    if not problems and "catalog" in kinds and len(names) > 1:
        problems.append("一次只能比较一个 .json 目录文件，且不能与登记表一起指定。")
    if len(problems) == 1:  # one line, for the command line's one-line refusals
        raise UserError(f"{prefix}无法比较：{problems[0]}")
    if problems:
        raise UserError("\n".join([f"{prefix}无法比较：", *problems]))
    return CatalogSource(tuple(Path(n) for n in names))


def _registers_document(
    paths: Sequence[Path], base: CatalogDocument | None, actor: str = _ACTOR
) -> dict[str, Any]:
    """The document the registers make merged into ``base`` (or an empty catalog), by the
    window's own import on a scratch in-memory database."""
    from app.catalog.exchange import export_document, import_catalog_document
    from app.catalog.registers import import_registers
    from app.storage.db import Database

    scratch = Database.in_memory()
    try:
        if base is not None:
            import_catalog_document(scratch, DOCUMENT.dump_python(base, mode="json"), actor=actor)
        import_registers(scratch, list(paths), actor=actor)
        with scratch.session() as session:
            return export_document(session)
    finally:
        scratch.engine.dispose()


def load_document(
    source: CatalogSource,
    db: Database | None = None,
    *,
    base: CatalogDocument | None = None,
) -> CatalogDocument:
    """The validated document a source names: the installed catalog of ``db``, a ``.json``
    file, or registers merged into ``base`` (an empty catalog when None)."""
    if source.installed:
        if db is None:
            raise UserError("没有打开数据库，无法读取当前安装的目录。")
        from app.catalog.exchange import export_catalog_document

        return parsed(export_catalog_document(db))
    if source.registers:
        return parsed(_registers_document(source.paths, base))
    from app.catalog.exchange import read_document

    return parsed(read_document(source.paths[0]))


def _refused(side: str, source: CatalogSource, exc: UserError) -> UserError:
    """The same refusal, saying which of the two catalogs it is about."""
    from app.catalog.exchange import CatalogFormatError

    where = f"{side}（{source.label}）"
    if isinstance(exc, CatalogFormatError):
        heading = f"{where}有 {len(exc.problems)} 处问题，无法比较："
        return CatalogFormatError(exc.problems, heading=heading)
    text = str(exc)
    return UserError(text if text.startswith(side) else f"{where}：{text}")


def compare(old: CatalogSource, new: CatalogSource, db: Database | None = None) -> CatalogDiff:
    """Read both sides (registers on the new side are merged into the old catalog) and
    compare them. A side that cannot be read raises a UserError naming the side."""
    try:
        old_doc = load_document(old, db)
    except UserError as exc:
        raise _refused(OLD_SIDE, old, exc) from exc
    try:
        new_doc = load_document(new, db, base=old_doc)
    except UserError as exc:
        raise _refused(NEW_SIDE, new, exc) from exc
    return diff_documents(old_doc, new_doc, old_source=old.label, new_source=new.label)


def save_report(diff: CatalogDiff, path: Path, kinds: Iterable[ChangeKind] | None = None) -> None:
    """Write the report to ``path``: the JSON form for a ``.json`` file, else the text (UTF-8
    with a byte-order mark, so that Windows Notepad and Excel read it as UTF-8)."""
    path = Path(path)
    if path.suffix.lower() == ".json":
        data = json.dumps(diff.to_json(), ensure_ascii=False, indent=1) + "\n"
        encoding = "utf-8"
    else:
        data = diff.report(kinds)
        encoding = "utf-8-sig"
    try:
        path.write_text(data, encoding=encoding, newline="")
    except OSError as exc:
        from app.errors import os_reason

        raise UserError(f"无法写入文件“{path}”：{os_reason(exc)}。") from exc
