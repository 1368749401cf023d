"""The ``wuzheng`` command line: every subcommand is scriptable and none loads Qt.

The installed ``wuzheng`` command is :func:`ui.launch.main`, which opens the window when no
command is given and otherwise calls :func:`main` here (passing how to open the window).

Each area registers its subcommands from its own module (``catalog_cmd``, ``case_cmd``,
``print_cmd``, ``audit_cmd``, ``config_cmd``, ``backup_cmd``). A command function takes the
parsed arguments and a :class:`CliContext` and returns an exit code; it raises
:class:`app.errors.UserError` for refusals, which is printed as one line on stderr with exit
code 2 — never a traceback.

Expected conditions are not bugs: a full disk, a read-only or locked database, a database from
a newer version of the app get one Chinese line and exit code 2; output cut off by a closed
pipe (``| head``) one line and exit code 141. Only a real bug writes a crash report, to
``<data dir>/logs/wuzheng-error.log`` (masked: no ID, name or phone; never the temp folder), and
exits 1. Argument errors and ``--help`` are in Chinese (argparse's own texts are translated).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.errors import user_text
from app.paths import data_dir

EXIT_OK = 0
EXIT_INTERNAL = 1  # a bug: the traceback went to a log file, not to the user
EXIT_REFUSED = 2  # bad input, a refusal or an expected condition; nothing was changed
EXIT_CHECK_FAILED = 3  # a check found a problem (wuzheng audit verify)
EXIT_PIPE = 141  # the reader of our output went away (| head), like a shell's SIGPIPE

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
            start_logging(self.directory)  # a first start has just made the data directory
        return self._db

    def print(self, text: str = "") -> None:
        print(text, file=self.out)

    def clerk(self, args: argparse.Namespace) -> str:
        """Who is acting: ``--clerk``, else ``$WUZHENG_CLERK``, else the window's setting
        (``wuzheng config set clerk …``), else the operating-system account."""
        from app.station import acting_clerk

        return acting_clerk(self.directory, getattr(args, "clerk", "") or "")

    def window_code(self, args: argparse.Namespace) -> str:
        """``--window``, else ``$WUZHENG_WINDOW``, else the window's setting."""
        from app.station import window_code

        return window_code(self.directory, getattr(args, "window", "") or "")

    def close(self) -> None:
        if self._db is not None:
            self._db.engine.dispose()
            self._db = None

    def print_json(self, value: Any) -> None:
        print(json.dumps(value, ensure_ascii=False, indent=2, default=str), file=self.out)


# argparse's own texts (Python 3.11), in Chinese. tests/test_cli_core.py checks that every
# message argparse can produce is here.
ARGPARSE_TEXTS: dict[str, str] = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：参数错误：%(message)s\n",
    "the following arguments are required: %s": "缺少必填参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "无效的选择 %(value)r（可选：%(choices)s）"
    ),
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "invalid %(type)s value: %(value)r": "%(value)r 不是有效的%(type)s",
    "expected one argument": "需要一个值",
    "expected at least one argument": "至少需要一个值",
    "expected at most one argument": "最多只能有一个值",
    "ambiguous option: %(option)s could match %(matches)s": (
        "选项 %(option)s 不明确，可能是：%(matches)s"
    ),
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "one of the arguments %s is required": "参数 %s 中必须给出一个",
    "ignored explicit argument %r": "多余的值 %r",
    "unexpected option string: %s": "意外的选项：%s",
    "can't open '%(filename)s': %(error)s": "无法打开“%(filename)s”：%(error)s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "未知的子命令 %(parser_name)r（可选：%(choices)s）"
    ),
    "expected %s argument": "需要 %s 个值",
    "expected %s arguments": "需要 %s 个值",
    # mistakes in our own parser definitions: shown only to developers, still translated
    "%r is not callable": "%r 不可调用",
    "'required' is an invalid argument for positionals": "位置参数不能使用 required",
    ".__call__() not defined": ".__call__() 未定义",
    'argument "-" with mode %r': "参数“-”不能使用模式 %r",
    "cannot have multiple subparser arguments": "不能有多组子命令",
    "cannot merge actions - two groups are named %r": "无法合并：两个参数组都叫 %r",
    "conflicting subparser alias: %s": "子命令别名冲突：%s",
    "conflicting subparser: %s": "子命令冲突：%s",
    "dest= is required for options like %r": "%r 这样的选项需要 dest=",
    "invalid conflict_resolution value: %r": "无效的 conflict_resolution 值：%r",
    "invalid option string %(option)r: must start with a character %(prefix_chars)r": (
        "无效的选项 %(option)r：必须以 %(prefix_chars)r 中的字符开头"
    ),
    "mutually exclusive arguments must be optional": "互斥的参数必须是可选参数",
    "conflicting option string: %s": "选项冲突：%s",
    "conflicting option strings: %s": "选项冲突：%s",
}
# Type names argparse puts into "invalid %(type)s value".
_TYPE_NAMES = {"int": "整数", "float": "数字"}


def _translate(message: str) -> str:
    return ARGPARSE_TEXTS.get(message, message)


def _ntranslate(singular: str, plural: str, n: int) -> str:
    return _translate(singular if n == 1 else plural)


@contextmanager
def chinese_argparse() -> Iterator[None]:
    """argparse speaks Chinese inside this block (it looks its texts up through the module's
    ``_`` and ``ngettext`` at the moment it builds a parser or a message)."""
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._ = _translate  # type: ignore[attr-defined]
    argparse.ngettext = _ntranslate  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors in one Chinese line and exits with EXIT_REFUSED."""

    def _print_message(self, message: str, file: Any = None) -> None:
        # argparse swallows write errors; a closed pipe must reach main() (exit code 141)
        if message:
            (file or sys.stderr).write(message)

    def error(self, message: str) -> Any:
        for english, chinese in _TYPE_NAMES.items():
            message = message.replace(f"不是有效的{english}", f"不是有效的{chinese}")
        self.exit(EXIT_REFUSED, f"{self.prog}：参数错误：{message}\n（用 --help 查看用法）\n")


def build_parser() -> argparse.ArgumentParser:
    """The whole ``wuzheng`` parser (build and use it inside :func:`chinese_argparse`)."""
    from app.cli import (
        audit_cmd,
        backup_cmd,
        case_cmd,
        catalog_cmd,
        config_cmd,
        hub_cmd,
        print_cmd,
        sync_cmd,
    )

    parser = _Parser(prog="wuzheng", description="无证明办事 — 窗口端")
    parser.add_argument(
        "--data-dir", metavar="目录", help="数据目录（默认：系统用户数据目录，或 $WUZHENG_HOME）"
    )
    sub = parser.add_subparsers(dest="area", metavar="命令", parser_class=_Parser)
    for module in (
        catalog_cmd,
        case_cmd,
        print_cmd,
        audit_cmd,
        config_cmd,
        backup_cmd,
        sync_cmd,
        hub_cmd,
    ):
        module.register(sub)
    _name_subcommands(parser)
    return parser


def _name_subcommands(parser: argparse.ArgumentParser) -> None:
    """Every group of subcommands shows as 子命令 (not its internal dest) in usage and errors."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            if action.metavar is None:
                action.metavar = "子命令"
            for child in action.choices.values():
                _name_subcommands(child)


def main(
    argv: Sequence[str] | None = None,
    *,
    open_window: Callable[[str | None], int] | None = None,
) -> int:
    """Run a subcommand; returns the exit code.

    Without a subcommand, ``open_window(data dir)`` opens the GUI (the launcher passes it; the
    core cannot import the GUI); without ``open_window`` that is refused with the usage.
    """
    args_list = list(sys.argv[1:] if argv is None else argv)
    from app.logs import install_masking

    install_masking()
    try:
        try:
            return _run(args_list, open_window)
        finally:  # also after argparse's --help (SystemExit): a closed pipe shows here
            sys.stdout.flush()
    except BrokenPipeError:
        _silence(sys.stdout)
        print("输出已中断：接收输出的程序（如 head）提前关闭了管道。", file=sys.stderr)
        return EXIT_PIPE


def _run(args_list: list[str], open_window: Callable[[str | None], int] | None) -> int:
    with chinese_argparse():
        parser = build_parser()
        args = parser.parse_args(args_list)
        handler: Command | None = getattr(args, "handler", None)
        if args.area is None:
            if open_window is not None:  # only options such as --data-dir=… given: the window
                return open_window(args.data_dir)
            parser.print_usage(sys.stderr)
            print("请指定要执行的命令（用 --help 查看用法）。", file=sys.stderr)
            return EXIT_REFUSED
        if handler is None:
            # an area without its subcommand: show that area's usage, as a refusal
            area_parser = _find_subparser(parser, [a for a in args_list if not a.startswith("-")])
            area_parser.print_usage(sys.stderr)
            print("请指定要执行的子命令（用 --help 查看用法）。", file=sys.stderr)
            return EXIT_REFUSED
    ctx = CliContext(directory=data_dir(args.data_dir))
    start_logging(ctx.directory, _command_name(args))
    try:
        code = handler(args, ctx)
        _flush(ctx.out)  # a closed pipe shows here, inside the handling below
        return code
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return 130
    except BrokenPipeError:
        raise
    except Exception as exc:
        text = user_text(exc)
        if text is not None:
            print(f"错误：{text}", file=sys.stderr)
            return EXIT_REFUSED
        log = _write_crash_log(ctx.directory, args)
        where = f"详细信息已写入 {log}" if log else "详细信息无法写入日志（数据目录不可写）"
        print(
            f"错误：程序内部出错，操作未完成。{where}，请交给县信息中心。",
            file=sys.stderr,
        )
        return EXIT_INTERNAL
    finally:
        ctx.close()


def _flush(stream: Any) -> None:
    flush = getattr(stream, "flush", None)
    if flush is not None:
        flush()


def _silence(stream: Any) -> None:
    """After a broken pipe, point the stream at the null device so that the interpreter's
    final flush does not raise again (and print an English traceback on exit)."""
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fd)
    finally:
        os.close(devnull)


def _find_subparser(parser: argparse.ArgumentParser, words: list[str]) -> argparse.ArgumentParser:
    """The deepest parser named by the leading words (``catalog`` → the catalog parser)."""
    for word in words:
        actions = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if not actions or word not in actions[0].choices:
            break
        parser = actions[0].choices[word]
    return parser


def _command_name(args: argparse.Namespace) -> str:
    """``catalog import``: the command's words, none of its arguments (they may name people)."""
    return " ".join(str(v) for k in ("area", *_SUBCOMMAND_DESTS) if (v := getattr(args, k, None)))


def start_logging(directory: Path, command: str = "") -> None:
    """Log to ``<data dir>/logs/`` (:func:`app.logs.setup_logging`) once the data directory
    exists (a command that needs none does not create it); nothing when it cannot be written."""
    if not directory.is_dir():
        return
    import logging

    from app.logs import setup_logging

    try:
        setup_logging(directory)
    except OSError:
        return
    if command:
        logging.getLogger("wuzheng.cli").info("wuzheng %s", command)


def _write_crash_log(directory: Path, args: argparse.Namespace) -> Path | None:
    """Keep the traceback for IT in ``<data dir>/logs/wuzheng-error.log``; the user sees one
    line. Masked (no ID, name or phone: the database hides statement parameters, and the log
    masks IDs and phones); never written anywhere else. None when it cannot be written."""
    import logging

    from app.logs import ERROR_LOG, setup_logging

    command = _command_name(args)
    try:
        folder = setup_logging(directory)
        logging.getLogger("wuzheng.cli").error("wuzheng %s 出错", command, exc_info=True)
    except OSError:
        return None
    return folder / ERROR_LOG


_SUBCOMMAND_DESTS = (
    "catalog_command",
    "case_command",
    "credit_command",
    "print_command",
    "audit_command",
    "config_command",
)


if __name__ == "__main__":
    raise SystemExit(main())
