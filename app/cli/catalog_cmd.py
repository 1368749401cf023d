"""`wuzheng catalog …`: the subcommands come from catalog_io (import/export),
catalog_query (search/show/stats/generate) and catalog_diff_cmd (diff)."""

from __future__ import annotations

from typing import Any

from app.cli import catalog_diff_cmd, catalog_io, catalog_query


def register(sub: Any) -> None:
    parser = sub.add_parser("catalog", help="证明事项目录：导入、导出、检索、统计、比较")
    parser.set_defaults(handler=None)
    catalog_sub = parser.add_subparsers(dest="catalog_command", parser_class=type(parser))
    catalog_io.register(catalog_sub)
    catalog_query.register(catalog_sub)
    catalog_diff_cmd.register(catalog_sub)
