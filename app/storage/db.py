"""Engine, sessions and start-up migration of the window's SQLite database (WAL).

The engine never puts a statement's parameters (names, IDs, phones) into its exceptions
(``hide_parameters=True``), so no error text or log can carry them. On POSIX the data folder is
created 0700 and the database (with its WAL and shared-memory files) is 0600, whatever the umask.
A database written by a newer version of the app (a schema revision this one does not know) is
refused with a clear message and left untouched.

Transactions: the GUI, the CLI and a sync may write one database at once (separate processes).
pysqlite's own transaction handling is switched off and every transaction is begun here:
``Database.session()`` (every write) with ``BEGIN IMMEDIATE``, which takes the write lock at
the start and waits for it (busy timeout), so a writer never reads a snapshot that another
writer then outdates (SQLITE_BUSY_SNAPSHOT), and what it reads before writing (the day's last
case number, a record's revision) cannot change under it. ``Database.reading()`` and
``engine.connect()`` begin a deferred transaction: readers never wait for writers (WAL).

Migrations run with foreign keys off (a batch rebuild of ``case`` must not cascade into its
resolutions, pledges and requests) and ``PRAGMA foreign_key_check`` must find nothing after.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from app.audit import SESSION_KEEPER, AuditKeeper
from app.audit import install as install_audit
from app.errors import expected_condition
from app.paths import migrations_dir, private_file, tighten
from app.storage.schema import SCHEMA_HEAD as SCHEMA_HEAD  # named here too (the tests, the CLI)
from app.storage.schema import Checked, check_database
from app.storage.schema import StorageError as StorageError

if TYPE_CHECKING:
    from alembic.config import Config

MIN_SQLITE = (3, 34, 0)  # FTS5 trigram tokenizer

BUSY_TIMEOUT_MS = 30_000  # how long a writer waits for another one (a sync page, an import)
_BEGIN = "wuzheng_begin"  # execution option: "IMMEDIATE" for writers, else deferred


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    # pysqlite must not begin transactions itself (it would BEGIN DEFERRED before the first
    # write, not before the first read): _on_begin does, with the right mode
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.close()


def _on_begin(connection: Connection) -> None:
    mode = connection.get_execution_options().get(_BEGIN, "")
    connection.exec_driver_sql("BEGIN IMMEDIATE" if mode == "IMMEDIATE" else "BEGIN")


def _listen(engine: Engine) -> None:
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)


def writer(engine: Engine) -> Engine:
    """The engine whose transactions begin with ``BEGIN IMMEDIATE`` (every write)."""
    return engine.execution_options(**{_BEGIN: "IMMEDIATE"})


def make_engine(path: Path | str) -> Engine:
    """An engine on one SQLite file (``":memory:"`` for a throw-away database)."""
    if sqlite3.sqlite_version_info < MIN_SQLITE:
        raise StorageError(
            f"SQLite {sqlite3.sqlite_version} 版本过低，需要 3.34 或更高版本（FTS5 trigram）。"
        )
    url = "sqlite://" if str(path) == ":memory:" else f"sqlite:///{Path(path)}"
    engine = create_engine(url, hide_parameters=True)
    _listen(engine)
    return engine


def alembic_config(engine: Engine | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    cfg.attributes["engine"] = engine
    return cfg


def schema_revision(engine: Engine) -> str | None:
    """The revision the database is at (None for a new, empty database)."""
    with engine.connect() as connection:
        return _current_revision(connection)


def _current_revision(connection: Connection) -> str | None:
    has_table = connection.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
    ).scalar()
    if not has_table:
        return None
    value = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    return str(value) if value is not None else None


@contextmanager
def migration_connection(engine: Engine) -> Iterator[Connection]:
    """A connection in one write transaction with foreign keys off, for schema changes.

    ``PRAGMA foreign_keys`` cannot change inside a transaction, so it is switched off before
    the transaction begins and on again after it ends. Before the commit,
    ``PRAGMA foreign_key_check`` must find no dangling reference; otherwise nothing is kept.
    """
    with writer(engine).connect() as connection:
        raw = connection.connection.dbapi_connection
        assert raw is not None
        raw.execute("PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                yield connection
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                if broken:
                    table, rowid, parent, _ = broken[0]
                    raise StorageError(
                        f"数据库升级后有 {len(broken)} 处引用失效（如 {table} 第 {rowid} 行引用的"
                        f" {parent}），升级未执行。请把数据目录交给县信息中心。"
                    )
        finally:
            raw.execute("PRAGMA foreign_keys=ON")


class NewerDatabase(StorageError):
    """The database was written by a newer version of the app."""


def _refuse_unknown_revision(revision: str | None) -> None:
    if revision is None:
        return
    from alembic.script import ScriptDirectory
    from alembic.util.exc import CommandError

    try:
        known = ScriptDirectory.from_config(alembic_config()).get_revision(revision)
    except CommandError:
        known = None
    if known is None:
        raise NewerDatabase(
            f"这个数据库来自较新版本的无证程序（数据库版本 {revision}，本程序只认识到 "
            f"{SCHEMA_HEAD}）。请安装新版本后再打开；本程序没有改动它。"
        )


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision (run at every start; cheap when current).

    Raises :class:`NewerDatabase` (and changes nothing) for a revision this app does not know.
    """
    revision = schema_revision(engine)
    if revision == SCHEMA_HEAD:
        return
    _refuse_unknown_revision(revision)
    from alembic import command

    with migration_connection(engine) as connection:
        if _current_revision(connection) == SCHEMA_HEAD:  # another process was quicker
            return
        cfg = alembic_config()
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "head")
        from app.sync.outbox import after_migration

        after_migration(connection)


class Database:
    """The window's database: one engine, a session factory and the audit chain's keeper
    (key and checkpoint, :mod:`app.audit`; an in-memory one when none is given)."""

    def __init__(self, engine: Engine, audit: AuditKeeper | None = None) -> None:
        self.engine = engine
        self.audit = audit or AuditKeeper()
        self.sessions = sessionmaker(
            writer(engine), expire_on_commit=False, info={SESSION_KEEPER: self.audit}
        )
        install_audit(self.sessions)
        self.readers = sessionmaker(
            engine, expire_on_commit=False, info={SESSION_KEEPER: self.audit}
        )

    @classmethod
    def open(cls, directory: Path, checked: Checked | None = None) -> Database:
        """Open (creating and migrating if needed) the database in a data directory.

        ``checked``: the first part of opening, already done (:mod:`app.storage.schema`);
        this then does the heavy part only, and the hold it carries follows the engine.
        """
        from app.storage.recovery import backup_before_migration

        # the in-use lock (app.storage.inuse); damage refused; the revision read
        checked = checked or check_database(directory)
        path, in_use = checked.path, checked.in_use
        try:
            if checked.revision is not None:
                backup_before_migration(directory, checked.revision)
            private_file(path)  # SQLite gives the WAL and shared-memory files the same mode
        except OSError as exc:
            in_use.release()
            raise StorageError(
                f"无法打开数据库 {path}：{expected_condition(exc) or exc.strerror}"
            ) from exc
        except BaseException:
            in_use.release()
            raise
        for companion in (Path(f"{path}-wal"), Path(f"{path}-shm")):
            tighten(companion)
        engine = make_engine(path)
        in_use.follow(engine)  # released when the engine is disposed
        try:
            migrate(engine)
        except StorageError:
            engine.dispose()
            raise
        except OperationalError as exc:
            engine.dispose()
            reason = expected_condition(exc) or "文件被占用、只读或所在磁盘已满。"
            raise StorageError(f"无法打开数据库 {path}：{reason}") from exc
        except DatabaseError as exc:
            engine.dispose()
            raise StorageError(
                f"数据库文件 {path} 已损坏或不是本程序的数据库。"
                "请从备份恢复，或改用另一个数据目录（--data-dir）。"
            ) from exc
        return cls(engine, AuditKeeper(directory, path))

    @classmethod
    def in_memory(cls) -> Database:
        from sqlalchemy.pool import StaticPool

        engine = create_engine(
            "sqlite://",
            poolclass=StaticPool,
            connect_args={"check_same_thread": False},
            hide_parameters=True,
        )
        _listen(engine)
        migrate(engine)
        return cls(engine)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in one write transaction (``BEGIN IMMEDIATE``): committed on success,
        rolled back on any error."""
        with self.sessions() as session, session.begin():
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session in one read-only transaction (deferred: never waits for a writer).

        Never write in it: a deferred transaction that writes after another process committed
        fails (SQLITE_BUSY_SNAPSHOT). Nothing is committed: closing the session ends the
        transaction, and the objects read stay readable (detached, not expired).
        """
        with self.readers() as session:
            yield session
