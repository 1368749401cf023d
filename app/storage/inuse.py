"""'The database is in use': a lock every process holds while it has the window's database open.

Public API::

    hold_shared(directory) -> InUse      # every process that opens the database (GUI, CLI,
                                         # a backup); waits briefly while a restore runs
    hold_exclusive(directory) -> InUse   # a restore: refused while anyone has it open
    InUse.release()                      # idempotent
    InUse.follow(engine)                 # released when the engine is disposed
    DatabaseInUse, RestoreRunning        # StorageError: one Chinese line

The lock is SQLite's own file locking on a small lock database beside the real one
(``wuzheng.lock``, rollback journal, never written after it was created): a holder keeps a read
transaction open on it (a shared lock); a restore asks for ``BEGIN EXCLUSIVE``, which SQLite
grants only when nobody holds a shared lock. SQLite implements this on every platform the app
runs on (POSIX advisory locks, Windows ``LockFileEx``), within one process as between processes,
and the operating system drops a lock when its process ends, even by a crash or a kill, so a
stale lock cannot keep a restore out. The live database cannot serve for this: in WAL mode its
readers take no file lock, and a read transaction held open there would stop checkpoints.

A data directory that cannot be written (a read-only medium) or a full disk before the lock
file ever existed gives no lock: opening still works (reading), and a restore there is
impossible anyway.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from app.errors import UserError, expected_condition
from app.paths import private_file

if TYPE_CHECKING:
    from sqlalchemy import Engine

__all__ = [
    "LOCK_FILE",
    "DatabaseInUse",
    "InUse",
    "RestoreRunning",
    "hold_exclusive",
    "hold_shared",
]

LOCK_FILE = "wuzheng.lock"
SHARED_WAIT_S = 15.0  # a restore takes seconds: wait for it rather than fail
EXCLUSIVE_WAIT_S = 3.0  # a short command (case show) finishes within this

log = logging.getLogger("wuzheng.storage")


class DatabaseInUse(UserError):
    """Someone (the window, a command, a backup) has the database open."""


class RestoreRunning(UserError):
    """A restore is replacing the database right now."""


class InUse:
    """One hold of the lock (shared or exclusive); :meth:`release` ends it."""

    def __init__(self, connection: sqlite3.Connection | None, exclusive: bool) -> None:
        self._connection = connection
        self.exclusive = exclusive
        self._lock = threading.Lock()

    @property
    def held(self) -> bool:
        return self._connection is not None

    def release(self) -> None:
        with self._lock:
            connection, self._connection = self._connection, None
        if connection is None:
            return
        with contextlib.suppress(sqlite3.Error):
            connection.execute("ROLLBACK")
        connection.close()

    def follow(self, engine: Engine) -> None:
        """Release this hold when ``engine`` is disposed (the database is closed)."""
        from sqlalchemy import event

        event.listen(engine, "engine_disposed", lambda _engine: self.release())

    def __enter__(self) -> InUse:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.release()

    def __del__(self) -> None:  # a forgotten hold must not outlive its owner
        self.release()


def _connect(directory: Path, wait_s: float) -> sqlite3.Connection | None:
    path = directory / LOCK_FILE
    try:
        private_file(path)
        connection = sqlite3.connect(
            path, timeout=wait_s, isolation_level=None, check_same_thread=False
        )
    except (OSError, sqlite3.Error) as exc:
        log.warning("无法使用数据库占用锁 %s：%s", path, exc)
        return None
    return connection


def hold_shared(directory: Path) -> InUse:
    """A shared hold for a process that opens the database; see the module docstring.

    Raises :class:`RestoreRunning` when a restore holds the database for longer than
    :data:`SHARED_WAIT_S`.
    """
    connection = _connect(directory, SHARED_WAIT_S)
    if connection is None:
        return InUse(None, exclusive=False)
    try:
        connection.execute("BEGIN")
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError as exc:
        connection.close()
        if exc.sqlite_errorcode & 0xFF in (5, 6):  # BUSY, LOCKED
            raise RestoreRunning("正在从备份恢复数据库，暂时不能打开。请稍等片刻再试。") from exc
        log.warning("数据库占用锁不可用：%s", exc)
        return InUse(None, exclusive=False)
    except sqlite3.DatabaseError as exc:  # the lock file itself was damaged: no lock
        connection.close()
        log.warning("数据库占用锁文件已损坏：%s", exc)
        return InUse(None, exclusive=False)
    return InUse(connection, exclusive=False)


def hold_exclusive(directory: Path, wait_s: float = EXCLUSIVE_WAIT_S) -> InUse:
    """The exclusive hold a restore needs: nobody else has the database open.

    Raises :class:`DatabaseInUse` (one Chinese line) while a window, a command or a backup
    has it open, and :class:`UserError` when no lock can be taken at all (the data directory
    cannot be written).
    """
    connection = _connect(directory, wait_s)
    if connection is None:
        raise UserError(
            f"无法在数据目录 {directory} 中建立锁文件（目录只读或磁盘已满），不能恢复数据库。"
        )
    try:
        connection.execute("BEGIN EXCLUSIVE")
    except sqlite3.OperationalError as exc:
        connection.close()
        if exc.sqlite_errorcode & 0xFF in (5, 6):
            raise DatabaseInUse(
                "数据库正在使用中（窗口端或另一个 wuzheng 命令打开着它），不能恢复。"
                "请先关闭窗口端和其他 wuzheng 命令，再重试。"
            ) from exc
        reason = expected_condition(exc) or str(exc)
        raise UserError(f"恢复没有完成，数据库保持原样：无法锁定数据库（{reason}）") from exc
    return InUse(connection, exclusive=True)
