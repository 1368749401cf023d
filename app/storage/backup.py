"""Backups of the window's database, made with SQLite's online backup API.

Public API::

    make_backup(directory, reason) -> Backup      # into <data dir>/backups/, then prune
    backup_to(directory, target) -> Backup        # wuzheng backup --to FILE
    list_backups(directory) -> list[Backup]       # newest first (the files' names say when)
    daily_backup_due(directory, now=None) -> bool # no backup, or the newest older than a day
    backup_before_change(session, reason)         # hook: before a catalog replacement
    inspect_database(path, full=True) -> Facts    # is it a good Wuzheng database? (refusals)
    kept_count(directory) -> int                  # the "backups_kept" setting (default 14)
    BadDatabaseFile                               # UserError: why a file is no good

A backup is never a file copy of the live database: ``sqlite3.Connection.backup`` reads a
consistent snapshot through SQLite (a reader in WAL mode: the window and the commands keep
working meanwhile). The copy is written under a temporary name, switched to the rollback
journal (a backup is one self-contained file), checked with ``PRAGMA integrity_check`` and only
then renamed to its final name: every file named ``wuzheng-…sqlite3`` in ``backups/`` is a good
backup. The folder is 0700 and the files 0600 on POSIX, like the data directory. After each
backup made there, only the newest N are kept (``wuzheng config set backups_kept N``).

Reasons (in the file name): ``daily`` (at the window's start when the newest is older than a
day), ``migration`` (before a schema upgrade), ``catalog`` (before a catalog replacement),
``manual`` (``wuzheng backup``, the window's menu).
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from app.errors import UserError, expected_condition, os_reason
from app.paths import database_path, ensure_private_dir, private_file, tighten

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

__all__ = [
    "BACKUP_FOLDER",
    "REASONS",
    "Backup",
    "BadDatabaseFile",
    "Facts",
    "backup_before_change",
    "backup_folder",
    "backup_to",
    "daily_backup_due",
    "inspect_database",
    "kept_count",
    "list_backups",
    "make_backup",
]

BACKUP_FOLDER = "backups"
DEFAULT_KEPT = 14
DAILY = timedelta(days=1)
REASONS = {
    "daily": "每日备份",
    "migration": "升级前备份",
    "catalog": "更换目录前备份",
    "manual": "手动备份",
}
_NAME = re.compile(r"^wuzheng-(\d{8}-\d{6})(?:-(\d+))?-(" + "|".join(REASONS) + r")\.sqlite3$")
_STAMP = "%Y%m%d-%H%M%S"
# what every Wuzheng database has had since the first revision
_CORE_TABLES = {"alembic_version", "catalog_meta", "matter", "case", "outbox_entry", "audit_entry"}

log = logging.getLogger("wuzheng.backup")


class BadDatabaseFile(UserError):
    """A file that is not a good Wuzheng database (or one from a newer version)."""


@dataclass(frozen=True)
class Facts:
    """What a good Wuzheng database holds (for choosing a backup)."""

    revision: str
    cases: int
    outbox: int


@dataclass(frozen=True)
class Backup:
    """One good backup file; ``taken_at`` is local time, from the file's name."""

    path: Path
    taken_at: datetime
    reason: str
    facts: Facts | None = None

    @property
    def label(self) -> str:
        return REASONS.get(self.reason, self.reason)

    def describe(self) -> str:
        text = f"{self.taken_at:%Y-%m-%d %H:%M} 的{self.label}（{self.path.name}"
        if self.facts is not None:
            text += f"，办件 {self.facts.cases} 件，待同步 {self.facts.outbox} 条"
        return text + "）"


# --------------------------------------------------------------------------- checking


def read_only_uri(path: Path) -> str:
    """An SQLite URI opening ``path`` read-only (never changes the file)."""
    return Path(path).resolve().as_uri() + "?mode=ro"


def known_revision(revision: str) -> bool:
    """Whether this app's migrations know ``revision`` (an older or the current schema)."""
    from alembic.script import ScriptDirectory
    from alembic.util.exc import CommandError

    from app.storage.db import alembic_config

    try:
        return ScriptDirectory.from_config(alembic_config()).get_revision(revision) is not None
    except CommandError:
        return False


def inspect_database(path: Path, *, full: bool = True) -> Facts:
    """Check that ``path`` is a good Wuzheng database this app can use; its facts.

    ``full``: ``PRAGMA integrity_check`` (else ``quick_check``). Raises
    :class:`BadDatabaseFile` with the reason in one Chinese line; reads only.
    """
    path = Path(path)
    name = f"文件 {path}"
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise BadDatabaseFile(f"无法读取{name}：{os_reason(exc)}。") from exc
    if not path.is_file():
        raise BadDatabaseFile(f"{name}不是一个文件。")
    if size == 0:
        raise BadDatabaseFile(f"{name}是空的（0 字节），不是数据库。")
    try:
        connection = sqlite3.connect(read_only_uri(path), uri=True)
    except sqlite3.Error as exc:
        raise BadDatabaseFile(f"无法打开{name}：{exc}。") from exc
    try:
        with contextlib.closing(connection):
            pragma = "integrity_check" if full else "quick_check"
            problems = [row[0] for row in connection.execute(f"PRAGMA {pragma}").fetchmany(3)]
            if problems != ["ok"]:
                raise BadDatabaseFile(f"{name}已损坏（{problems[0]}）。")
            tables = {
                row[0]
                for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if not tables >= _CORE_TABLES:
                raise BadDatabaseFile(f"{name}不是无证程序的数据库。")
            revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            cases = connection.execute('SELECT count(*) FROM "case"').fetchone()[0]
            outbox = connection.execute("SELECT count(*) FROM outbox_entry").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        if isinstance(exc, sqlite3.OperationalError) and exc.sqlite_errorcode & 0xFF == 14:
            raise BadDatabaseFile(f"无法打开{name}（文件或所在文件夹不可读）。") from exc
        code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
        why = "不是数据库文件" if code == 26 else f"已损坏（{exc}）"
        raise BadDatabaseFile(f"{name}{why}。") from exc
    if revision is None or not revision[0]:
        raise BadDatabaseFile(f"{name}不是无证程序的数据库（没有版本记录）。")
    if not known_revision(str(revision[0])):
        raise BadDatabaseFile(
            f"{name}来自较新版本的无证程序（数据库版本 {revision[0]}），本程序不能使用它。"
        )
    return Facts(revision=str(revision[0]), cases=int(cases), outbox=int(outbox))


# --------------------------------------------------------------------------- listing


def backup_folder(directory: Path) -> Path:
    return directory / BACKUP_FOLDER


def _parse(path: Path) -> Backup | None:
    match = _NAME.match(path.name)
    if match is None:
        return None
    try:
        taken_at = datetime.strptime(match.group(1), _STAMP)
    except ValueError:
        return None
    return Backup(path=path, taken_at=taken_at, reason=match.group(3))


def list_backups(directory: Path, *, with_facts: bool = False) -> list[Backup]:
    """The backups in ``<directory>/backups/``, newest first. ``with_facts`` opens each one
    (quickly) for its revision and counts; one that fails is left out."""
    folder = backup_folder(directory)
    try:
        paths = list(folder.iterdir())
    except OSError:
        return []
    found = [b for b in (_parse(p) for p in paths) if b is not None]
    found.sort(key=lambda b: (b.taken_at, _sequence(b.path), _mtime(b.path)), reverse=True)
    if not with_facts:
        return found
    result = []
    for item in found:
        try:
            facts = inspect_database(item.path, full=False)
        except BadDatabaseFile:
            continue
        result.append(Backup(item.path, item.taken_at, item.reason, facts))
    return result


def _mtime(path: Path) -> int:
    """Orders backups made within the same second."""
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


def _sequence(path: Path) -> int:
    match = _NAME.match(path.name)
    return int(match.group(2) or 1) if match else 0


def daily_backup_due(directory: Path, now: datetime | None = None) -> bool:
    """True when the database exists and no backup is younger than a day."""
    database = database_path(directory)
    try:
        if database.stat().st_size == 0:
            return False
    except OSError:
        return False
    backups = list_backups(directory)
    if not backups:
        return True
    return (now or datetime.now()) - backups[0].taken_at >= DAILY


def kept_count(directory: Path) -> int:
    """How many backups ``backups/`` keeps (setting ``backups_kept``, default 14)."""
    from app.station import load_station

    return load_station(directory).backups_kept or DEFAULT_KEPT


def _prune(directory: Path, keep: int) -> list[Path]:
    removed = []
    for item in list_backups(directory)[max(keep, 1) :]:
        with contextlib.suppress(FileNotFoundError):
            item.path.unlink()
            removed.append(item.path)
    if removed:
        log.info("删除了 %d 份较早的备份（保留最新 %d 份）", len(removed), keep)
    return removed


# --------------------------------------------------------------------------- making


def _copy(source: Path, target: Path) -> Facts:
    """Copy the database ``source`` into the new file ``target`` (0600), checked."""
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        private_file(temporary)
        reader = sqlite3.connect(read_only_uri(source), uri=True)
        try:
            writer = sqlite3.connect(temporary)
            try:
                reader.backup(writer)
                writer.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            finally:
                writer.close()
        finally:
            reader.close()
        facts = inspect_database(temporary)
        with open(temporary, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(temporary, target)
        tighten(target)
    except BadDatabaseFile as exc:
        _discard(temporary)
        raise BadDatabaseFile(f"备份没有完成：数据库本身有问题，{exc}") from exc
    except (OSError, sqlite3.Error) as exc:
        _discard(temporary)
        reason = expected_condition(exc) or (
            os_reason(exc) if isinstance(exc, OSError) else str(exc)
        )
        raise UserError(f"备份没有完成：{reason}") from exc
    return facts


def _discard(path: Path) -> None:
    for leftover in (path, Path(f"{path}-journal")):
        with contextlib.suppress(OSError):
            leftover.unlink()


def _free_name(folder: Path, reason: str, now: datetime) -> Path:
    """A new name; backups within one second are numbered on (-2, -3 …), never reusing the
    name of one pruned meanwhile, so that the names keep their order."""
    stamp = now.strftime(_STAMP)
    taken = [_sequence(p) for p in folder.glob(f"wuzheng-{stamp}-*.sqlite3")]
    number = max(taken, default=0) + 1
    if number == 1:
        return folder / f"wuzheng-{stamp}-{reason}.sqlite3"
    return folder / f"wuzheng-{stamp}-{number}-{reason}.sqlite3"


def _source(directory: Path) -> Path:
    database = database_path(directory)
    if not database.is_file():
        raise UserError(f"数据目录 {directory} 中还没有数据库，无需备份。")
    return database


def make_backup(directory: Path, reason: str, *, keep: int | None = None) -> Backup:
    """Back the database of ``directory`` up into ``backups/`` and keep the newest N.

    Raises :class:`UserError` (one line; nothing left behind) when it cannot be done: a full
    disk, a damaged database, no database yet.
    """
    from app.storage.inuse import hold_shared

    if reason not in REASONS:
        raise ValueError(reason)
    source = _source(directory)
    try:
        folder = ensure_private_dir(backup_folder(directory))
    except OSError as exc:
        raise UserError(
            f"备份没有完成：无法创建备份文件夹 {backup_folder(directory)}：{os_reason(exc)}。"
        ) from exc
    now = datetime.now()
    target = _free_name(folder, reason, now)
    with hold_shared(directory):
        facts = _copy(source, target)
    backup = Backup(path=target, taken_at=now.replace(microsecond=0), reason=reason, facts=facts)
    log.info("%s：%s", backup.label, target.name)
    _prune(directory, kept_count(directory) if keep is None else keep)
    return backup


def backup_to(directory: Path, target: Path) -> Backup:
    """``wuzheng backup --to FILE``: a checked backup at ``target`` (not pruned).

    An existing ``target`` is replaced only when it is itself a Wuzheng database (last
    night's backup); anything else there is refused, so a typo cannot overwrite a document.
    """
    from app.storage.inuse import hold_shared

    source = _source(directory)
    target = Path(target).expanduser().resolve()
    if target == source.resolve():
        raise UserError("不能把数据库备份到它自己。请指定另一个文件。")
    if target.is_dir():
        raise UserError(f"{target} 是一个文件夹，请指定备份文件的名字。")
    if target.exists():
        try:
            inspect_database(target, full=False)
        except BadDatabaseFile as exc:
            raise UserError(
                f"{target} 已存在，而且不是无证程序的数据库备份，没有覆盖它。请换一个文件名。"
            ) from exc
    if not target.parent.is_dir():
        raise UserError(f"文件夹 {target.parent} 不存在。")
    with hold_shared(directory):
        facts = _copy(source, target)
    log.info("备份到 %s", target)
    return Backup(
        path=target, taken_at=datetime.now().replace(microsecond=0), reason="manual", facts=facts
    )


def backup_before_change(session: Session, reason: str) -> Backup | None:
    """Hook for a change that replaces much of the database (a catalog import): back up the
    committed state first, from a separate read-only connection (the caller's transaction is
    not disturbed). Nothing for an in-memory database, or one with neither catalog nor cases
    (a first start)."""
    from sqlalchemy import text

    database = session.get_bind().engine.url.database
    if not database or database == ":memory:":
        return None
    directory = Path(database).parent
    if Path(database).name != database_path(directory).name:  # not a data directory's
        return None
    holds = session.execute(
        text('SELECT EXISTS (SELECT 1 FROM matter) OR EXISTS (SELECT 1 FROM "case")')
    ).scalar()
    if not holds:
        return None
    return make_backup(directory, reason)
