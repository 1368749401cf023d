"""The window's database kept safe: backups, restore, checks at start (the GUI's entry point).

The work is done in :mod:`app.storage.backup`, :mod:`app.storage.recovery` and
:mod:`app.storage.inuse`; the GUI, which never imports :mod:`app.storage`, calls it here (on a
worker thread: every function reads or writes files).

    Backup, RestoreReport, DamagedDatabase, REASONS
    is_damage(exc) -> bool                   # offer a restore for this error?
    daily_backup(directory) -> Backup | None # at the window's start, when one is due
    make_backup(directory) -> Backup         # the menu's 立即备份
    list_backups(directory) -> list[Backup]  # newest first, with their counts
    newest_good_backup(directory) -> Backup | None
    restore(directory, path, actor=...) -> RestoreReport
    start_warnings(directory) -> list[str]   # a read-only database, a (nearly) full disk
    log_folder(directory), backup_folder(directory) -> Path
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from app.errors import UserError
from app.logs import LOG_FOLDER
from app.storage.backup import REASONS, Backup, backup_folder, daily_backup_due
from app.storage.backup import list_backups as _list_backups
from app.storage.backup import make_backup as _make_backup
from app.storage.recovery import (
    DamagedDatabase,
    RestoreReport,
    newest_good_backup,
    restore,
    start_warnings,
)

__all__ = [
    "REASONS",
    "Backup",
    "DamagedDatabase",
    "RestoreReport",
    "backup_folder",
    "daily_backup",
    "is_damage",
    "list_backups",
    "log_folder",
    "make_backup",
    "newest_good_backup",
    "restore",
    "start_warnings",
]


def is_damage(exc: BaseException) -> bool:
    """Whether ``exc`` says the database file is damaged (a restore can help), as opposed to a
    condition of the machine or a database from a newer version (a restore must not be
    offered: it would lose what the newer version wrote)."""
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen:
        seen.append(current)
        if isinstance(current, DamagedDatabase):
            return True
        for candidate in (current, getattr(current, "orig", None)):
            if isinstance(candidate, sqlite3.DatabaseError):
                code = getattr(candidate, "sqlite_errorcode", 0) & 0xFF
                if code in (11, 26):  # SQLITE_CORRUPT, SQLITE_NOTADB
                    return True
        current = current.__cause__ or current.__context__
    return False


def daily_backup(directory: Path) -> Backup | None:
    """The day's backup, when the newest is older than a day (or there is none)."""
    if not daily_backup_due(directory):
        return None
    return _make_backup(directory, "daily")


def make_backup(directory: Path) -> Backup:
    """A backup now (the menu's 立即备份)."""
    return _make_backup(directory, "manual")


def list_backups(directory: Path) -> list[Backup]:
    """The good backups in ``backups/``, newest first, with their counts."""
    return _list_backups(directory, with_facts=True)


def log_folder(directory: Path) -> Path:
    """``<data dir>/logs`` (created, private, when missing)."""
    from app.logs import prepare_log_folder

    try:
        return prepare_log_folder(directory)
    except OSError as exc:
        raise UserError(f"无法打开日志文件夹 {directory / LOG_FOLDER}：{exc.strerror}") from exc
