"""`wuzheng catalog diff OLD NEW… [--json]`: what changed between two versions of the catalog.

OLD and NEW are a ``.json`` catalog document each, or the word ``installed`` for this window's
catalog; NEW may also be one or more register files (``.xlsx`` / ``.csv``), merged into OLD as
importing them would merge them, so ``wuzheng catalog diff installed 附件3.xlsx`` previews an
import. The report is grouped by kind of change (:mod:`app.catalog.diff`); identical catalogs
say so. Either way the exit code is 0; a file that cannot be read or is not a valid catalog is
a UserError (one line, exit code 2). Nothing is written: the database is opened only to read
the installed catalog.
"""

from __future__ import annotations

import argparse
from typing import Any

from app.cli import EXIT_OK, CliContext

INSTALLED = "installed"  # app.catalog.diff.INSTALLED, named here without importing the diff


def register(sub: Any) -> None:
    """Add ``diff`` to the `catalog` subparsers."""
    p = sub.add_parser(
        "diff",
        help="比较两个目录版本：新增和删除的证明事项、措施、依据、部门的变化",
        description=(
            "比较两个目录版本，按变化类型列出：新增和删除的证明事项、替代措施的变化、"
            "索取依据的变化、核验或查询部门的变化，以及事项和一件事的变化。"
            f"OLD、NEW 为 .json 目录文件，或 {INSTALLED}（本窗口当前安装的目录）；"
            "NEW 也可以是一个或多个登记表（.xlsx / .csv），按导入时的方式合并进 OLD，"
            "用于预览导入会带来的变化。不修改任何数据。"
        ),
    )
    p.add_argument("old", metavar="OLD", help=f"旧目录：.json 文件、{INSTALLED} 或登记表")
    p.add_argument(
        "new", metavar="NEW", nargs="+", help=f"新目录：.json 文件、{INSTALLED} 或登记表"
    )
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(handler=cmd_diff)


def cmd_diff(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.catalog.diff import compare, source_of

    old = source_of([args.old], "旧目录")
    new = source_of(args.new, "新目录")
    db = ctx.db if old.installed or new.installed else None
    diff = compare(old, new, db)
    if args.json:
        ctx.print_json(diff.to_json())
    else:
        for line in diff.report_lines():
            ctx.print(line)
    return EXIT_OK
