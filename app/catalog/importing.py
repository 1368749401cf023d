"""Importing catalog files, as the command line and the window do it.

One ``.json`` file is an exchange document (docs/catalog-format.md) and becomes the catalog;
one or more ``.xlsx`` / ``.csv`` files are the departments' registers (attachments 2 and 3)
and are merged into it. While the built-in sample is installed, either replaces it: the
report's :attr:`~app.catalog.exchange.ImportReport.replaces_sample` says so (a dry run tells it
beforehand, which is how the window asks first). Every refusal is a UserError and changes
nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from pathlib import Path

from app.catalog.exchange import ImportReport, Progress, import_catalog
from app.catalog.registers import import_registers
from app.catalog.sheets import REGISTER_SUFFIXES
from app.errors import UserError
from app.storage.db import Database

CATALOG_SUFFIXES = (".json",)
IMPORT_SUFFIXES = CATALOG_SUFFIXES + REGISTER_SUFFIXES  # what a file dialog offers


class ImportKind(Enum):
    CATALOG = "catalog"  # one exchange document
    REGISTERS = "registers"  # register files


def import_kind(paths: Sequence[Path]) -> ImportKind:
    """What the files are; a UserError listing every file that cannot be imported."""
    problems: list[str] = []
    kinds: set[ImportKind] = set()
    for path in map(Path, paths):
        suffix = path.suffix.lower()
        if not path.exists():
            problems.append(f"找不到文件“{path}”。")
        elif path.is_dir():
            problems.append(f"“{path}”是一个文件夹，请指定文件。")
        elif suffix in CATALOG_SUFFIXES:
            kinds.add(ImportKind.CATALOG)
        elif suffix in REGISTER_SUFFIXES:
            kinds.add(ImportKind.REGISTERS)
        elif suffix == ".xls":
            problems.append(
                f"{path.name}：这是旧版 Excel 格式（.xls），请在 Excel 中另存为 .xlsx 后再导入。"
            )
        else:
            problems.append(
                f"{path.name}：不支持的文件类型“{suffix or '无扩展名'}”。"
                "目录文件应为 .json，登记表应为 .xlsx 或 .csv。"
            )
    if not paths:
        problems.append("没有选择要导入的文件。")
    if not problems and ImportKind.CATALOG in kinds and len(paths) > 1:
        problems.append(
            "一次只能导入一个 .json 目录文件，且不能与登记表一起导入"
            "（目录文件会整体替换现有目录）。"
        )
    if problems:
        raise UserError("\n".join(["无法导入，没有修改任何内容：", *problems]))
    return ImportKind.CATALOG if ImportKind.CATALOG in kinds else ImportKind.REGISTERS


def import_files(
    db: Database,
    paths: Sequence[Path],
    *,
    dry_run: bool = False,
    actor: str = "",
    progress: Progress | None = None,
) -> ImportReport:
    """Import a catalog file or register files (see the module docstring); ``progress(done,
    total)`` is told as files are read, checked and written."""
    paths = [Path(p) for p in paths]
    if import_kind(paths) is ImportKind.CATALOG:
        return import_catalog(db, paths[0], dry_run=dry_run, actor=actor, progress=progress)
    return import_registers(db, paths, dry_run=dry_run, actor=actor, progress=progress)


__all__ = ["IMPORT_SUFFIXES", "ImportKind", "import_files", "import_kind"]
