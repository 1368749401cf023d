"""Errors meant for the user (Chinese): raised by services, shown by the CLI and the GUI.

Public API::

    UserError, NotFound                   # refusals: str(error) is the sentence to show
    expected_condition(exc) -> str | None # disk full, read-only, locked …: a sentence, or None
    os_reason(exc) -> str                 # an OSError's reason in Chinese ("磁盘已满")
    user_text(exc) -> str | None          # what to show for exc: a UserError's sentence (with any
                                          # English OS reason replaced), an expected condition's
                                          # sentence, or None for a bug

An *expected condition* is not a bug: the machine is in a state the user can change (the disk is
full, the database or the output folder is read-only, another program holds the database). The
CLI prints the sentence as its one line and the GUI shows it instead of "internal error";
neither writes a crash report for it.
"""

from __future__ import annotations

import errno
import sqlite3


class UserError(Exception):
    """A refusal or bad input. ``str(error)`` is a complete, polite sentence in Chinese.

    Services raise it before changing anything (or inside a transaction that is rolled back),
    so a UserError never leaves partial changes behind.
    """


class NotFound(UserError):
    """A code or id that names nothing."""


# SQLite primary result codes (sqlite3.Error.sqlite_errorcode & 0xFF)
_SQLITE: dict[int, str] = {
    3: "没有权限访问数据库文件，操作未完成。请检查数据目录的权限。",  # SQLITE_PERM
    5: "数据库正被另一个程序使用（例如窗口端正在导入），操作未完成。请稍后重试。",  # BUSY
    6: "数据库正被另一个程序使用（例如窗口端正在导入），操作未完成。请稍后重试。",  # LOCKED
    8: "数据库是只读的（文件或所在文件夹不可写），操作未完成，没有保存任何更改。"
    "请检查数据目录的权限，或换用可写的数据目录（--data-dir）。",  # SQLITE_READONLY
    10: "读写数据库时磁盘出错，操作未完成。请检查磁盘后重试。",  # SQLITE_IOERR
    11: "数据库文件已损坏。请从备份恢复，或改用另一个数据目录（--data-dir）。",  # CORRUPT
    13: "磁盘已满，数据库无法写入，操作未完成，没有保存任何更改。请清理磁盘空间后重试。",  # FULL
    14: "无法打开数据库文件：数据目录不存在、不可写或已被移走。",  # SQLITE_CANTOPEN
    26: "数据库文件已损坏或不是本程序的数据库。请从备份恢复，或改用另一个数据目录（--data-dir）。",
}

# Extended result codes (sqlite3.Error.sqlite_errorcode) that say more than their primary code
_SQLITE_EXTENDED: dict[int, str] = {
    # the shared-memory file beside a WAL database cannot grow: no space left on the disk
    4874: "磁盘已满，数据库无法打开（即使只是读取，也需要少量磁盘空间）。请清理磁盘空间后重试。",
    778: "写入数据库时磁盘出错（磁盘可能已满），操作未完成。请检查磁盘空间后重试。",  # IOERR_WRITE
}

_OS: dict[int, str] = {
    errno.ENOSPC: "磁盘已满，文件无法写入，操作未完成。请清理磁盘空间后重试。",
    errno.EDQUOT: "磁盘配额已用完，文件无法写入，操作未完成。请清理空间后重试。",
    errno.EROFS: "目标位置在只读的磁盘上，文件无法写入，操作未完成。",
    errno.EACCES: "没有权限写入{where}，操作未完成。请检查权限或换一个位置。",
    errno.EPERM: "没有权限写入{where}，操作未完成。请检查权限或换一个位置。",
}


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen and len(seen) < 10:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def expected_condition(exc: BaseException) -> str | None:
    """The Chinese sentence for an expected condition behind ``exc``, or None for a bug.

    Looks through the exception, its cause and context, and the database driver's error a
    SQLAlchemy exception wraps (``.orig``).
    """
    for item in _chain(exc):
        candidates = [item, getattr(item, "orig", None)]
        for candidate in candidates:
            if isinstance(candidate, sqlite3.Error):
                code = getattr(candidate, "sqlite_errorcode", None)
                if isinstance(code, int) and code in _SQLITE_EXTENDED:
                    return _SQLITE_EXTENDED[code]
                if isinstance(code, int) and (code & 0xFF) in _SQLITE:
                    return _SQLITE[code & 0xFF]
            if isinstance(candidate, OSError) and candidate.errno in _OS:
                where = f" {candidate.filename}" if candidate.filename else "文件"
                return _OS[candidate.errno].format(where=where)
    return None


_OS_REASONS: dict[int, str] = {
    errno.ENOSPC: "磁盘已满",
    errno.EDQUOT: "磁盘配额已用完",
    errno.EROFS: "磁盘是只读的",
    errno.EACCES: "没有权限",
    errno.EPERM: "没有权限",
    errno.ENOENT: "文件或文件夹不存在",
    errno.EISDIR: "这是一个文件夹",
    errno.ENOTDIR: "路径中有一项不是文件夹",
    errno.EEXIST: "文件已存在",
    errno.ENAMETOOLONG: "文件名太长",
    errno.EBUSY: "文件正被其他程序占用",
    errno.EIO: "磁盘读写出错",
    errno.EMFILE: "打开的文件过多",
    errno.EINVAL: "文件名或路径无效",
}


def os_reason(exc: OSError) -> str:
    """An OSError's reason in Chinese (the OS's own strerror is English on most systems)."""
    if exc.errno in _OS_REASONS:
        return _OS_REASONS[exc.errno]
    return exc.strerror or type(exc).__name__


def user_text(exc: BaseException) -> str | None:
    """The sentence to show the user for ``exc``, or None when it is a bug (log it).

    A :class:`UserError` raised for an :class:`OSError` often quotes the OS's English reason
    ("No space left on device"): it is replaced by the Chinese one.
    """
    if isinstance(exc, UserError):
        text = str(exc)
        for item in _chain(exc)[1:]:
            if isinstance(item, OSError) and item.strerror and item.strerror in text:
                text = text.replace(item.strerror, os_reason(item))
        return text
    return expected_condition(exc)
