"""Engine, sessions and start-up migration of the window's SQLite database (WAL)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from app.errors import UserError
from app.paths import database_path, migrations_dir

if TYPE_CHECKING:
    from alembic.config import Config

MIN_SQLITE = (3, 34, 0)  # FTS5 trigram tokenizer

# The newest revision in db/migrations/versions (a test keeps the two equal). Knowing it lets a
# start on a current database skip loading Alembic at all: a third of the start-up time.
SCHEMA_HEAD = "0004"


class StorageError(UserError):
    """The database cannot be opened or migrated; the message is for the user."""


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def make_engine(path: Path | str) -> Engine:
    """An engine on one SQLite file (``":memory:"`` for a throw-away database)."""
    if sqlite3.sqlite_version_info < MIN_SQLITE:
        raise StorageError(
            f"SQLite {sqlite3.sqlite_version} 版本过低，需要 3.34 或更高版本（FTS5 trigram）。"
        )
    url = "sqlite://" if str(path) == ":memory:" else f"sqlite:///{Path(path)}"
    engine = create_engine(url)
    event.listen(engine, "connect", _on_connect)
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
        has_table = connection.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        ).scalar()
        if not has_table:
            return None
        value = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        return str(value) if value is not None else None


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision (run at every start; cheap when current)."""
    if schema_revision(engine) == SCHEMA_HEAD:
        return
    from alembic import command

    with engine.begin() as connection:
        cfg = alembic_config()
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "head")


class Database:
    """The window's database: one engine and a session factory."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.sessions = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def open(cls, directory: Path) -> Database:
        """Open (creating and migrating if needed) the database in a data directory."""
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(f"无法创建数据目录 {directory}：{exc.strerror}") from exc
        path = database_path(directory)
        engine = make_engine(path)
        try:
            migrate(engine)
        except OperationalError as exc:
            engine.dispose()
            raise StorageError(
                f"无法打开数据库 {path}：文件被占用、只读或所在磁盘已满（{exc.orig}）。"
            ) from exc
        except DatabaseError as exc:
            engine.dispose()
            raise StorageError(
                f"数据库文件 {path} 已损坏或不是本程序的数据库。"
                "请从备份恢复，或改用另一个数据目录（--data-dir）。"
            ) from exc
        return cls(engine)

    @classmethod
    def in_memory(cls) -> Database:
        from sqlalchemy.pool import StaticPool

        engine = create_engine(
            "sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False}
        )
        event.listen(engine, "connect", _on_connect)
        migrate(engine)
        return cls(engine)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on any error."""
        with self.sessions() as session, session.begin():
            yield session
