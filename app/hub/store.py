"""The hub's database: SQLite by default (one file, WAL), PostgreSQL in production.

The same code runs on both. Writes run in :meth:`HubStore.write`: on SQLite the transaction
starts with ``BEGIN IMMEDIATE`` (writers queue on the busy timeout instead of failing), on
PostgreSQL at READ COMMITTED with row locks; a transaction that lost a race (a unique key taken
by a concurrent writer, a deadlock, a serialization failure) is rolled back and run again, so a
caller sees the outcome as if the writers had run one after the other.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, create_engine, event, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from app.errors import UserError
from app.hub.models import HubMeta
from app.paths import ensure_private_dir, private_file, project_root

T = TypeVar("T")

HUB_SCHEMA_HEAD = "h0002"
HUB_DB_FILE = "hub.sqlite"
SQLITE_BUSY_MS = 30_000
_RETRIES = 8
_RETRY_PGCODES = {"40001", "40P01"}  # serialization failure, deadlock detected


class HubStoreError(UserError):
    """The hub's database cannot be opened or migrated (the message is for the operator)."""


def migrations_dir() -> Path:
    return project_root() / "db" / "hub_migrations"


def database_url(value: str | None, directory: Path) -> str:
    """A SQLAlchemy URL from ``--db``: a URL, a file path, or (None) hub.sqlite in ``directory``."""
    if not value:
        return f"sqlite:///{directory / HUB_DB_FILE}"
    if "://" not in value:
        return f"sqlite:///{Path(value).expanduser().resolve()}"
    if value.startswith(("postgresql://", "postgres://")):
        value = "postgresql+psycopg://" + value.split("://", 1)[1]
    return value


def redact(url: str) -> str:
    """The URL without its password, for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(invalid URL)"


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # SQLAlchemy's "begin" event issues BEGIN itself
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    write = connection.get_execution_options().get("hub_write", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def make_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise HubStoreError(f"数据库地址“{redact(url)}”格式不正确。") from None
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:":
            # the hub's file holds subjects' IDs: only its owner may read it (SQLite gives the
            # WAL and shared-memory files the database file's mode)
            try:
                ensure_private_dir(Path(database).parent)
                private_file(Path(database))
            except OSError as exc:
                raise HubStoreError(f"无法创建数据库文件 {database}：{exc}") from exc
        engine = create_engine(
            parsed, connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_MS / 1000}
        )
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    if parsed.get_backend_name() != "postgresql":
        raise HubStoreError("县级中心只支持 SQLite 与 PostgreSQL（postgresql+psycopg://…）。")
    try:
        return create_engine(parsed, pool_size=5, max_overflow=10, pool_pre_ping=True)
    except ImportError:
        raise HubStoreError(
            "缺少 PostgreSQL 驱动：请安装县级中心组件（pip install 'wuzheng[hub]'）。"
        ) from None


def _retryable(exc: DBAPIError) -> bool:
    if isinstance(exc, IntegrityError):
        return True  # a concurrent writer took the key first: run again, it is a duplicate now
    code = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
    if code in _RETRY_PGCODES:
        return True
    return isinstance(exc, OperationalError) and "locked" in str(exc.orig).lower()


class HubStore:
    """The hub's engine, a reading and a writing session factory, and the migrations."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self.is_sqlite = self.engine.dialect.name == "sqlite"
        self._read = sessionmaker(self.engine, expire_on_commit=False)
        self._write = sessionmaker(
            self.engine.execution_options(hub_write=True), expire_on_commit=False
        )

    @classmethod
    def open(cls, url: str, *, migrate: bool = True) -> HubStore:
        store = cls(url)
        if migrate:
            store.migrate()
        return store

    def migrate(self) -> None:
        """Bring the schema to the newest revision of the hub's Alembic chain."""
        try:
            if self.revision() == HUB_SCHEMA_HEAD:
                return
            from alembic import command
            from alembic.config import Config

            with self.engine.execution_options(hub_write=True).begin() as connection:
                cfg = Config()
                cfg.set_main_option("script_location", str(migrations_dir()))
                cfg.attributes["connection"] = connection
                command.upgrade(cfg, "head")
        except OperationalError as exc:
            raise HubStoreError(
                f"无法打开县级中心数据库 {redact(self.url)}：{' '.join(str(exc.orig).split())}"
            ) from exc

    def revision(self) -> str | None:
        from sqlalchemy import inspect, text

        with self.engine.connect() as connection:
            if not inspect(connection).has_table("alembic_version"):
                return None
            value = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
            return str(value) if value is not None else None

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only session (a deferred transaction: never blocks writers on SQLite)."""
        with self._read() as session, session.begin():
            yield session

    def write(self, work: Callable[[Session], T]) -> T:
        """Run ``work`` in one write transaction, again from the start if it lost a race."""
        for attempt in range(_RETRIES):
            try:
                with self._write() as session, session.begin():
                    return work(session)
            except DBAPIError as exc:
                if attempt == _RETRIES - 1 or not _retryable(exc):
                    raise
                time.sleep(random.uniform(0.005, 0.05) * (attempt + 1))
        raise AssertionError("unreachable")

    def meta(self, key: str) -> str | None:
        with self.read() as session:
            return session.scalar(select(HubMeta.value).where(HubMeta.key == key))

    def dispose(self) -> None:
        self.engine.dispose()
