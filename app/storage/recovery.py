"""Damage found at start, and restoring the database from a backup without losing the outbox.

Public API::

    check_file(directory, path) -> str | None   # at start (app.storage.schema): a zero-byte
                                            # file or damage refused, quick_check (integrity_check
                                            # weekly); the schema revision
    backup_before_migration(directory, revision)   # Database.open, before a migration
    DamagedDatabase                         # StorageError: what is wrong, in one Chinese line
    restore(directory, source, actor=...) -> RestoreReport    # wuzheng restore FILE
    newest_good_backup(directory) -> Backup | None            # wuzheng restore --latest
    start_warnings(directory) -> list[str]  # read-only database, a (nearly) full disk
    salvage(damaged, into, keeper) -> Salvage     # (app.storage.salvage, re-exported)

**At start.** A database file of zero bytes is damage (something emptied it), not a new
installation: only a missing file is one. ``PRAGMA quick_check`` runs at every start (tens of
milliseconds for a county's catalog), ``PRAGMA integrity_check`` once a week instead (the last
one is recorded in ``<data dir>/health.json``). A file that fails them, or is not a database at
all, raises :class:`DamagedDatabase`, and nothing writes to it.

**Restore.** ``restore`` takes the exclusive in-use lock (refused while the window, a command or
a backup has the database open), checks the backup (a good Wuzheng database, not from a newer
version), copies it through SQLite's backup API to a work file beside the database, brings it
to the current schema, and salvages from the current file whatever it holds that the backup
lacks: the outbox (records waiting to sync), the window's records (cases, resolutions, pledges,
requests, credit records: the ones the outbox entries describe, and any changed since), and the
newest audit entries as long as their chain and signatures still hold. The current file is
read row by row through SQLite, as far as it can be read: a damaged page costs the rows on it,
not the rest of the table. Then the current file (and its WAL) is kept beside as
``wuzheng.sqlite3.before-restore``, the work file takes its place, the audit checkpoint follows
the restored chain, and an audit entry records the restore (which backup, what was salvaged,
which entries were lost with the damaged file).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.errors import UserError, expected_condition, os_reason
from app.paths import database_path, private_file, tighten
from app.storage.backup import (
    Backup,
    BadDatabaseFile,
    Facts,
    inspect_database,
    list_backups,
    make_backup,
    read_only_uri,
)
from app.storage.inuse import hold_exclusive
from app.storage.salvage import Salvage, last_link, salvage
from app.storage.schema import StorageError

if TYPE_CHECKING:
    from app.audit import AuditKeeper, Link

__all__ = [
    "HEALTH_FILE",
    "DamagedDatabase",
    "RestoreReport",
    "Salvage",
    "backup_before_migration",
    "check_file",
    "newest_good_backup",
    "restore",
    "restore_latest",
    "salvage",
    "start_warnings",
]

HEALTH_FILE = "health.json"
INTEGRITY_EVERY = timedelta(days=7)
LOW_SPACE_BYTES = 32 * 1024 * 1024
RESTORE_HINT = "请从备份恢复：窗口端启动时会提供最新的完好备份，命令行用 wuzheng restore --latest。"

log = logging.getLogger("wuzheng.recovery")


class DamagedDatabase(StorageError):
    """The database file is damaged, emptied or not a database; ``str()`` says so in one line
    (with how to restore); ``kind`` is ``"empty"``, ``"corrupt"`` or ``"not_database"``."""

    def __init__(self, path: Path, kind: str, detail: str = "") -> None:
        self.path, self.kind, self.detail = path, kind, detail
        what = {
            "empty": f"数据库文件 {path} 是空的（0 字节）：原有的数据已经丢失，这不是新安装。",
            "not_database": f"数据库文件 {path} 已损坏：它已不是数据库（内容被覆盖或严重损坏）。",
            "corrupt": f"数据库文件 {path} 已损坏（完整性检查未通过）。",
        }[kind]
        super().__init__(what + RESTORE_HINT)
        log.warning("数据库损坏：%s %s %s", path, kind, detail)


# --------------------------------------------------------------------------- at start


def _health(directory: Path) -> dict[str, Any]:
    try:
        data = json.loads((directory / HEALTH_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _integrity_due(directory: Path, now: datetime) -> bool:
    try:
        last = datetime.fromisoformat(str(_health(directory)["integrity_checked_at"]))
    except (KeyError, ValueError):
        return True
    return not timedelta(0) <= now - last < INTEGRITY_EVERY


def _record_integrity(directory: Path, now: datetime) -> None:
    data = _health(directory)
    data["integrity_checked_at"] = now.isoformat(timespec="seconds")
    path = directory / HEALTH_FILE
    temporary = path.with_name(f".{HEALTH_FILE}.{os.getpid()}.tmp")
    try:
        private_file(temporary)
        temporary.write_text(json.dumps(data, ensure_ascii=False) + "\n", encoding="utf-8")
        os.replace(temporary, path)
    except OSError:  # a read-only data directory: check again next time
        with contextlib.suppress(OSError):
            temporary.unlink()


def _damage(path: Path, exc: sqlite3.Error) -> DamagedDatabase | None:
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    if code == 26:  # SQLITE_NOTADB
        return DamagedDatabase(path, "not_database")
    if code == 11:  # SQLITE_CORRUPT
        return DamagedDatabase(path, "corrupt", str(exc))
    return None


def check_file(directory: Path, path: Path, now: datetime | None = None) -> str | None:
    """Check an existing database file; raises :class:`DamagedDatabase`. Returns the schema
    revision it is at (None when unknown). Conditions of the machine (a file that cannot be
    opened, a busy database) are left to the normal open, which names them."""
    now = now or datetime.now()
    try:
        if path.stat().st_size == 0:
            raise DamagedDatabase(path, "empty")
    except FileNotFoundError:
        return None
    except OSError:
        return None
    full = _integrity_due(directory, now)
    try:
        connection = sqlite3.connect(read_only_uri(path), uri=True)
    except sqlite3.Error:
        return None
    try:
        with contextlib.closing(connection):
            pragma = "integrity_check" if full else "quick_check"
            first = connection.execute(f"PRAGMA {pragma}").fetchone()
            if first is None or first[0] != "ok":
                detail = str(first[0]) if first else "无法检查"
                raise DamagedDatabase(path, "corrupt", detail.splitlines()[0][:120])
            has_version = connection.execute(
                "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
            ).fetchone()
            row = (
                connection.execute("SELECT version_num FROM alembic_version").fetchone()
                if has_version
                else None
            )
    except sqlite3.Error as exc:
        damage = _damage(path, exc)
        if damage is not None:
            raise damage from exc
        return None  # busy, unreadable, …: the normal open says what it is
    if full:
        _record_integrity(directory, now)
    return str(row[0]) if row and row[0] else None


def backup_before_migration(directory: Path, revision: str) -> None:
    """Back the database up when it is at an older schema revision (before its migration)."""
    from app.storage.backup import known_revision
    from app.storage.schema import SCHEMA_HEAD

    if revision == SCHEMA_HEAD or not known_revision(revision):
        return  # current, or from a newer version (refused by the migration step)
    try:
        make_backup(directory, "migration")
    except UserError as exc:
        raise StorageError(f"数据库需要升级，但升级前的备份没有完成，所以没有升级：{exc}") from exc


def start_warnings(directory: Path) -> list[str]:
    """What the window says at start about conditions of the machine that do not stop it:
    a database that cannot be written, a disk (nearly) full."""
    path = database_path(directory)
    warnings = []
    if path.exists() and not (os.access(path, os.W_OK) and os.access(directory, os.W_OK)):
        warnings.append(
            f"数据库文件 {path} 是只读的：可以查询，但不能受理、保存或同步办件。"
            "请检查文件和数据目录的权限，或在“帮助 → 备份与恢复”中从备份恢复一份可写的数据库。"
        )
    try:
        free = shutil.disk_usage(directory).free
    except OSError:
        free = None
    if free is not None and free < LOW_SPACE_BYTES:
        warnings.append(
            f"数据目录所在的磁盘几乎已满（只剩 {free // (1024 * 1024)} MB）：办件可能无法保存，"
            "备份也无法进行。请尽快清理磁盘空间。"
        )
    return warnings


# --------------------------------------------------------------------------- restore


@dataclass(frozen=True)
class RestoreReport:
    """What a restore did; :meth:`lines` says it in Chinese."""

    source: Path
    facts: Facts  # of the restored database, after the salvage
    kept_as: Path | None  # the replaced database file, kept beside
    salvage: Salvage
    lost_audit: tuple[int, int] | None  # audit entries (first, last) gone with the damage

    def lines(self) -> list[str]:
        lines = [
            f"已从 {self.source.name} 恢复数据库：办件 {self.facts.cases} 件，"
            f"待同步 {self.facts.outbox} 条。"
        ]
        s = self.salvage
        nothing = not (s.outbox or s.records or s.audit)
        if self.kept_as is not None and nothing and s.incomplete:
            lines.append(f"原数据库已无法读取，没有抢救出记录；原文件保留为 {self.kept_as.name}。")
        elif self.kept_as is not None:
            lines.append(
                f"从原数据库中抢救出 {s.outbox} 条待同步记录、{s.records} 条办件数据、"
                f"{s.audit} 条审计记录；原文件保留为 {self.kept_as.name}。"
            )
        if s.incomplete and not nothing:
            lines.append(f"原数据库中有些部分已无法读取（{'、'.join(s.incomplete)}）。")
        if s.skipped:
            lines.append(f"有 {s.skipped} 条记录无法放回（它们所属的数据在备份中不存在）。")
        if self.lost_audit is not None:
            first, last = self.lost_audit
            which = f"第 {first} 条" if first == last else f"第 {first}—{last} 条"
            lines.append(f"{which}审计记录随损坏的文件丢失，已在审计日志中记录本次恢复。")
        return lines


def newest_good_backup(directory: Path) -> Backup | None:
    """The newest backup that passes ``integrity_check`` and this app can use."""
    for candidate in list_backups(directory):
        try:
            facts = inspect_database(candidate.path)
        except BadDatabaseFile as exc:
            log.warning("备份 %s 不可用：%s", candidate.path.name, exc)
            continue
        return Backup(candidate.path, candidate.taken_at, candidate.reason, facts)
    return None


def _free_kept_name(path: Path) -> Path:
    candidate = path.with_name(f"{path.name}.before-restore")
    number = 2
    while any(Path(f"{candidate}{s}").exists() for s in ("", "-wal", "-shm")):
        candidate = path.with_name(f"{path.name}.before-restore-{number}")
        number += 1
    return candidate


def _keep_beside(path: Path, kept: Path) -> None:
    """A second name for the current file (a hard link; a copy where links are not possible:
    nobody has the file open, we hold the exclusive lock). The file itself is not touched."""
    try:
        os.link(path, kept)
    except OSError:
        shutil.copyfile(path, kept)
    tighten(kept)


def _swap(work: Path, target: Path) -> Path | None:
    """Put ``work`` in the place of ``target``; the old file (and its WAL, which belongs to
    it alone) is kept beside. On failure everything is as before."""
    if not target.exists():
        os.replace(work, target)
        return None
    kept = _free_kept_name(target)
    _keep_beside(target, kept)
    moved: list[str] = []
    try:
        for suffix in ("-wal", "-shm"):
            if Path(f"{target}{suffix}").exists():
                os.replace(f"{target}{suffix}", f"{kept}{suffix}")
                moved.append(suffix)
        os.replace(work, target)
    except OSError:
        for suffix in moved:
            with contextlib.suppress(OSError):
                os.replace(f"{kept}{suffix}", f"{target}{suffix}")
        with contextlib.suppress(OSError):
            kept.unlink()
        raise
    return kept


def _prepare(source: Path, work: Path, revision: str) -> None:
    """Copy the backup to ``work`` through SQLite and bring it to the current schema."""
    from app.storage.db import make_engine, migrate
    from app.storage.schema import SCHEMA_HEAD

    for leftover in (work, Path(f"{work}-journal"), Path(f"{work}-wal"), Path(f"{work}-shm")):
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()
    private_file(work)
    reader = sqlite3.connect(read_only_uri(source), uri=True)
    try:
        writer = sqlite3.connect(work)
        try:
            reader.backup(writer)
        finally:
            writer.close()
    finally:
        reader.close()
    if revision != SCHEMA_HEAD:
        engine = make_engine(work)
        try:
            migrate(engine)
        finally:
            engine.dispose()


def restore(directory: Path, source: Path, *, actor: str = "") -> RestoreReport:
    """Replace the database of ``directory`` by the backup ``source``; see the module
    docstring. Raises :class:`UserError` (one line, nothing changed) when the backup is no good,
    the database is in use, or the disk or folder refuses."""
    from app.audit import AuditKeeper

    source = Path(source).expanduser().resolve()
    target = database_path(directory)
    if source == target.resolve():
        raise UserError("不能用数据库自己来恢复它：请指定一个备份文件。")
    try:
        revision = inspect_database(source).revision
    except BadDatabaseFile as exc:
        raise UserError(f"不能用它恢复：{exc}") from exc
    keeper = AuditKeeper(directory, target)
    work = target.with_name(f"{target.name}.restoring")
    with hold_exclusive(directory):
        try:
            _prepare(source, work, revision)
            damaged = target.exists() and target.stat().st_size > 0
            salvaged = salvage(target, work, keeper) if damaged else Salvage()
            last = _settle(work)
            facts = inspect_database(work)
            kept = _swap(work, target)
        except BaseException as exc:
            for suffix in ("", "-journal", "-wal", "-shm"):
                with contextlib.suppress(OSError):
                    Path(f"{work}{suffix}").unlink()
            reason = expected_condition(exc)
            if reason is None and isinstance(exc, OSError):
                reason = os_reason(exc)
            elif reason is None and isinstance(exc, (sqlite3.Error, UserError)):
                reason = str(exc)
            if reason is None:
                raise  # a bug: the CLI's crash report, the GUI's apology
            raise UserError(f"恢复没有完成，数据库保持原样：{reason}") from exc
        for suffix in ("", "-wal", "-shm"):
            tighten(Path(f"{target}{suffix}"))
        lost = _rebase_audit(keeper, last)
    report = RestoreReport(source, facts, kept, salvaged, lost)
    _record_restore(directory, report, actor)
    log.info("数据库已从备份 %s 恢复：%s", source.name, " ".join(report.lines()))
    return report


def _settle(work: Path) -> Link | None:
    """Leave the work file self-contained (no WAL beside it); its newest audit link."""
    connection = sqlite3.connect(work)
    try:
        connection.execute("PRAGMA journal_mode=DELETE")
        return last_link(connection)
    finally:
        connection.close()


def _rebase_audit(keeper: AuditKeeper, last: Link | None) -> tuple[int, int] | None:
    """Make the audit checkpoint follow the restored chain; the entries it knew of that are
    gone (first, last), if any."""
    found = keeper.find()
    checkpoint = found.checkpoint
    newest = last.seq if last else 0
    if checkpoint is None or checkpoint.head is None:
        return None
    if checkpoint.head.seq == newest and last is not None and checkpoint.head.hash == last.hash:
        return None
    lost = (newest + 1, checkpoint.head.seq) if checkpoint.head.seq > newest else None
    keeper.rebase(last)
    return lost


def _record_restore(directory: Path, report: RestoreReport, actor: str) -> None:
    """The restore's own audit entry, in the restored database."""
    from app import audit
    from app.storage.db import Database

    db = Database.open(directory)
    try:
        with db.session() as session:
            audit.record(
                session,
                actor=actor or "system",
                action="database.restore",
                entity="database",
                entity_id=report.source.name,
                detail={
                    "salvaged": report.salvage.to_dict(),
                    "lost_audit": list(report.lost_audit) if report.lost_audit else None,
                    "kept_as": report.kept_as.name if report.kept_as else None,
                },
            )
    finally:
        db.engine.dispose()


def restore_latest(directory: Path, *, actor: str = "") -> RestoreReport:
    """Restore from the newest good backup; :class:`UserError` when there is none."""
    backup = newest_good_backup(directory)
    if backup is None:
        raise UserError(
            f"在 {directory / 'backups'} 中没有可用的备份，无法恢复。"
            "如果这台电脑上从未办理过业务，可以把损坏的数据库文件移走后重新启动。"
        )
    return restore(directory, backup.path, actor=actor)


def facts_of(path: Path) -> Facts | None:
    """A database's facts, or None when it is not a good one (for the GUI's dialog)."""
    try:
        return inspect_database(path, full=False)
    except BadDatabaseFile:
        return None
