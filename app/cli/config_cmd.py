"""`wuzheng config …`: this window's settings, kept in the data directory (``config.json``).

    wuzheng config show
    wuzheng config set clerk 李娜          # 经办人: who reads and changes cases (CLI)
    wuzheng config set window HF01         # 窗口编码
    wuzheng config set backups_kept 30     # 保留备份份数 (default 14)
    wuzheng config unset clerk

Commands act as ``--clerk`` if given, else ``$WUZHENG_CLERK``, else the ``clerk`` setting,
else the operating-system account; the audit log records it (see :mod:`app.station`).
"""

from __future__ import annotations

import argparse
from typing import Any

from app.cli import EXIT_OK, CliContext


def _show(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.station import SETTINGS, load_station

    station = load_station(ctx.directory)
    for name, label in SETTINGS.items():
        value = getattr(station, name) or (
            "（未设置，默认 14）" if name == "backups_kept" else "（未设置）"
        )
        ctx.print(f"{name}（{label}）：{value}")
    ctx.print(f"命令行当前的经办人：{ctx.clerk(args)}")
    return EXIT_OK


def _set(args: argparse.Namespace, ctx: CliContext) -> int:
    from app.station import SETTINGS, save_station, setting_name

    name = setting_name(args.name)
    value = args.value if args.command == "set" else ""
    if args.command == "set" and not " ".join(value.split()):
        from app.errors import UserError

        raise UserError(f"请填写{SETTINGS[name]}（清除设置请用 wuzheng config unset {name}）。")
    save_station(ctx.directory, **{name: value})
    ctx.print(f"已设置{SETTINGS[name]}：{value}" if value else f"已清除{SETTINGS[name]}。")
    return EXIT_OK


NAMES = "clerk（经办人）、window（窗口编码）或 backups_kept（保留备份份数）"


def register(sub: Any) -> None:
    """Add the `config` area."""
    parser = sub.add_parser("config", help="本窗口的设置：经办人、窗口编码、保留备份份数")
    parser.set_defaults(handler=None)
    config = parser.add_subparsers(dest="config_command", parser_class=type(parser))
    p = config.add_parser("show", help="显示设置")
    p.set_defaults(handler=_show)
    p = config.add_parser("set", help="修改一项设置，如：wuzheng config set clerk 李娜")
    p.add_argument("name", metavar="名称", help=NAMES)
    p.add_argument("value", metavar="值", help="新的值")
    p.set_defaults(handler=_set, command="set")
    p = config.add_parser("unset", help="清除一项设置")
    p.add_argument("name", metavar="名称", help=NAMES)
    p.set_defaults(handler=_set, command="unset", value="")
