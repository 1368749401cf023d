"""`wuzheng backup` and `wuzheng restore`: the window's database, kept safe by county IT.

    wuzheng backup                  # a checked backup into <data dir>/backups/ (newest N kept)
    wuzheng backup --to FILE        # … to FILE instead (a USB disk, a network share)
    wuzheng backup --list           # the backups in <data dir>/backups/, newest first
    wuzheng restore FILE            # replace the database by a backup (window closed)
    wuzheng restore --latest        # … by the newest good backup in <data dir>/backups/

A restore is refused while the window or another command has the database open; the replaced
file is kept beside as ``wuzheng.sqlite3.before-restore``, and what it still holds that the
backup lacks (records waiting to sync, the newest cases, audit entries) is salvaged into the
restored database (:mod:`app.storage.recovery`).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli import EXIT_OK, CliContext


def _backup(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.storage.backup import backup_to, list_backups, make_backup

    if args.list:
        backups = list_backups(ctx.directory, with_facts=True)
        if not backups:
            ctx.print(f"{ctx.directory / 'backups'} 中还没有备份。")
        for item in backups:
            ctx.print(f"{item.path}  {item.describe()}")
        return EXIT_OK
    if args.to:
        backup = backup_to(ctx.directory, Path(args.to))
    else:
        backup = make_backup(ctx.directory, "manual")
    assert backup.facts is not None
    ctx.print(
        f"已备份到 {backup.path}（已检查完好；办件 {backup.facts.cases} 件，"
        f"待同步 {backup.facts.outbox} 条）。"
    )
    return EXIT_OK


def _restore(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.storage.recovery import restore, restore_latest

    clerk = ctx.clerk(args)
    if args.latest:
        report = restore_latest(ctx.directory, actor=clerk)
    else:
        report = restore(ctx.directory, Path(args.file), actor=clerk)
    for line in report.lines():
        ctx.print(line)
    return EXIT_OK


def register(sub: Any) -> None:
    """Add the `backup` and `restore` commands."""
    p = sub.add_parser(
        "backup", help="备份数据库（经检查完好；默认保存在数据目录的 backups 文件夹）"
    )
    p.add_argument("--to", metavar="文件", help="备份到这个文件（如移动硬盘、共享文件夹）")
    p.add_argument("--list", action="store_true", help="列出 backups 文件夹中的备份")
    p.set_defaults(handler=_backup)
    p = sub.add_parser(
        "restore",
        help="用备份替换数据库（须先关闭窗口端；原文件保留为 .before-restore，"
        "其中待同步的记录会被抢救到恢复后的数据库）",
    )
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("file", nargs="?", metavar="备份文件", help="用来恢复的备份文件")
    which.add_argument("--latest", action="store_true", help="用 backups 文件夹中最新的完好备份")
    p.add_argument("--clerk", default="", help="经办人（记入审计日志）")
    p.set_defaults(handler=_restore)
