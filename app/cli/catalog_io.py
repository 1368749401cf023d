"""`wuzheng catalog import PATH… [--dry-run]` and `wuzheng catalog export PATH`.

A ``.json`` file is an exchange document (docs/catalog-format.md) and replaces the catalog;
``.xlsx`` / ``.csv`` files are the departments' registers (attachments 2 and 3) and are merged
into it (:mod:`app.catalog.importing`); either replaces the built-in sample, and the report says
so in one line. Every refusal is a UserError: printed as "错误：…" with exit code 2, nothing
changed.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.catalog.exchange import export_catalog
from app.catalog.importing import import_files, import_kind
from app.catalog.views import catalog_info
from app.errors import UserError

ACTOR = "命令行"


def register(sub: Any) -> None:
    """Add ``import`` and ``export`` to the `catalog` subparsers."""
    imp = sub.add_parser(
        "import",
        help="导入目录文件（.json）或部门填报的登记表（.xlsx / .csv）",
        description=(
            "导入目录：一个 .json 目录文件会整体替换现有目录；"
            "一个或多个 .xlsx / .csv 登记表（附件2、附件3）会合并进现有目录。"
            "当前是内置示例目录时，两者都会替换示例目录。"
        ),
    )
    imp.add_argument("paths", nargs="+", metavar="PATH", help="要导入的文件")
    imp.add_argument(
        "--dry-run", action="store_true", help="只检查并报告将要发生的变化，不修改数据库"
    )
    imp.set_defaults(handler=cmd_import)

    exp = sub.add_parser("export", help="把现有目录导出为 .json 目录文件")
    exp.add_argument("path", metavar="PATH", help="要写入的文件，例如 catalog.json")
    exp.set_defaults(handler=cmd_export)


def cmd_import(args: argparse.Namespace, ctx: Any) -> int:
    paths = [Path(p) for p in args.paths]
    import_kind(paths)  # refuses files it cannot import before the database is opened
    report = import_files(ctx.db, paths, dry_run=args.dry_run, actor=ACTOR)
    for line in report.summary_lines():
        ctx.print(line)
    return 0


def cmd_export(args: argparse.Namespace, ctx: Any) -> int:
    path = Path(args.path)
    if not path.is_dir() and path.suffix.lower() != ".json":
        raise UserError(f"导出的目录文件应以 .json 结尾，例如 {path.with_suffix('.json').name}。")
    export_catalog(ctx.db, path)
    info = catalog_info(ctx.db)
    ctx.print(
        f"已导出目录到 {path}：部门 {info.departments} 个，证明事项 {info.items} 项，"
        f"事项 {info.matters} 项，一件事 {info.bundles} 项。"
    )
    return 0
