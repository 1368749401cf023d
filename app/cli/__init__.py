"""The ``wuzheng`` command. With no arguments it opens the GUI; subcommands are scriptable.

Each area registers its subcommands from its own module (``catalog_cmd``, ``case_cmd``,
``print_cmd``). A command function takes the parsed arguments and a :class:`CliContext` and
returns an exit code; it raises :class:`app.errors.UserError` for refusals, which is printed as
one line on stderr with exit code 2 — never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.errors import UserError
from app.paths import data_dir

EXIT_OK = 0
EXIT_INTERNAL = 1  # a bug: the traceback went to a log file, not to the user
EXIT_REFUSED = 2  # bad input or refusal; nothing was changed

Command = Callable[[argparse.Namespace, "CliContext"], int]


@dataclass
class CliContext:
    """What a command needs: the data directory and an opened database (opened lazily)."""

    directory: Path
    out: Any = field(default_factory=lambda: sys.stdout)
    _db: Any = None

    @property
    def db(self) -> Any:
        if self._db is None:
            from app.bootstrap import open_database

            self._db = open_database(self.directory)
        return self._db

    def print(self, text: str = "") -> None:
        print(text, file=self.out)

    def print_json(self, value: Any) -> None:
        print(json.dumps(value, ensure_ascii=False, indent=2, default=str), file=self.out)


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors in one Chinese line and exits with EXIT_REFUSED."""

    def error(self, message: str) -> Any:
        self.exit(EXIT_REFUSED, f"{self.prog}: 参数错误：{message}\n（用 --help 查看用法）\n")


def build_parser() -> argparse.ArgumentParser:
    from app.cli import case_cmd, catalog_cmd, hub_cmd, print_cmd

    parser = _Parser(prog="wuzheng", description="无证明办事 — 窗口端")
    parser.add_argument("--data-dir", help="数据目录（默认：系统用户数据目录，或 $WUZHENG_HOME）")
    sub = parser.add_subparsers(dest="area", parser_class=_Parser)
    for module in (catalog_cmd, case_cmd, print_cmd, hub_cmd):
        module.register(sub)
    return parser


def _gui_only(args: list[str]) -> tuple[bool, str | None]:
    """(True, data dir) when the arguments ask for the GUI alone (none, or only --data-dir).

    Then the subcommands' modules, which load the whole database stack, are not imported: the
    GUI shows its window first and opens the database on a worker thread.
    """
    if not args:
        return True, None
    if len(args) == 2 and args[0] == "--data-dir":
        return True, args[1]
    if len(args) == 1 and args[0].startswith("--data-dir="):
        return True, args[0].split("=", 1)[1]
    return False, None


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    gui, directory = _gui_only(args_list)
    if gui:
        from app.bootstrap import launch_gui

        return launch_gui(directory)
    parser = build_parser()
    args = parser.parse_args(args_list)
    if args.area is None:
        from app.bootstrap import launch_gui

        return launch_gui(args.data_dir)
    handler: Command | None = getattr(args, "handler", None)
    if handler is None:
        # an area without its subcommand: show that area's usage, as a refusal
        area_parser = _find_subparser(parser, [a for a in args_list if not a.startswith("-")])
        area_parser.print_usage(sys.stderr)
        print("请指定要执行的子命令（用 --help 查看用法）。", file=sys.stderr)
        return EXIT_REFUSED
    ctx = CliContext(directory=data_dir(args.data_dir))
    try:
        return handler(args, ctx)
    except UserError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_REFUSED
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return 130
    except Exception:
        log = _write_crash_log(ctx.directory)
        print(
            f"错误：程序内部出错，操作未完成。详细信息已写入 {log}，请交给县信息中心。",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


def _find_subparser(parser: argparse.ArgumentParser, words: list[str]) -> argparse.ArgumentParser:
    """The deepest parser named by the leading words (``catalog`` → the catalog parser)."""
    for word in words:
        actions = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if not actions or word not in actions[0].choices:
            break
        parser = actions[0].choices[word]
    return parser


def _write_crash_log(directory: Path) -> Path:
    """Keep the traceback for IT in a log file; the user sees one line (never a full ID:
    the traceback holds code, not the records)."""
    import tempfile
    import traceback

    from app.ids import utcnow

    text = f"{utcnow().isoformat()} wuzheng {' '.join(sys.argv[1:2])}\n{traceback.format_exc()}\n"
    for folder in (directory / "logs", Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            log = folder / "wuzheng-error.log"
            with log.open("a", encoding="utf-8") as handle:
                handle.write(text)
            return log
        except OSError:
            continue
    return Path("wuzheng-error.log")


if __name__ == "__main__":
    raise SystemExit(main())
