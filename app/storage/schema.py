"""The cheap first part of opening the window's database, with plain ``sqlite3`` only.

Opening the database has two parts (:meth:`app.storage.db.Database.open` runs both):

1. :func:`check_database` — the data folder, the in-use lock (:mod:`app.storage.inuse`), a
   zero-byte or damaged file refused (``PRAGMA quick_check``, ``integrity_check`` weekly:
   :func:`app.storage.recovery.check_file`) and the schema revision read. This loads neither
   SQLAlchemy nor Alembic and takes milliseconds, so the window runs it right after it shows.
2. The heavy part: the backup before a migration, the SQLAlchemy engine, the migration itself.

When the first part finds the current schema (:attr:`Checked.current`), the catalog's search
index can be read at once through :meth:`Checked.search_connection` (read-only): the window
answers the first searches with it while the second part runs. A new data folder, a database
that needs a migration or one that is damaged gets no such connection: the caller waits for the
full open (which migrates, or says what is wrong), the safe way.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app.errors import UserError

if TYPE_CHECKING:
    from app.storage.inuse import InUse

# The newest revision in db/migrations/versions (a test keeps the two equal). Knowing it lets a
# start on a current database skip loading Alembic at all: a third of the start-up time.
SCHEMA_HEAD = "0007"

# What the read-only search needs (migration 0002); a database without them is not served early.
SEARCH_TABLES = frozenset(
    {"catalog_meta", "search_name", "search_entry", "search_department", "search_fts"}
)


class StorageError(UserError):
    """The database cannot be opened or migrated; the message is for the user."""


def revision_of(connection: sqlite3.Connection) -> str | None:
    """The schema revision recorded in a database (None for a new, empty one)."""
    has_table = connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
    ).fetchone()
    if not has_table:
        return None
    row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    return str(row[0]) if row and row[0] is not None else None


@dataclass
class Checked:
    """What the first part of opening found; hand it to ``Database.open(checked=...)``.

    ``revision`` is None for a new database (and when the check could not read it: the full
    open then says why). Whoever does not pass it on calls :meth:`release`.
    """

    directory: Path
    path: Path
    in_use: InUse
    revision: str | None

    @property
    def current(self) -> bool:
        """The database exists, passed the check and needs no migration."""
        return self.revision == SCHEMA_HEAD

    def search_connection(self) -> sqlite3.Connection | None:
        """A read-only connection for the search index of a current database with a catalog,
        else None (a database without one gets the sample catalog in the heavy part).

        It may be used from another thread (one at a time) and must be closed before the
        database is restored or replaced.
        """
        if not self.current:
            return None
        from app.storage.backup import read_only_uri

        try:
            connection = sqlite3.connect(
                read_only_uri(self.path), uri=True, check_same_thread=False
            )
        except sqlite3.Error:
            return None
        try:
            tables = {
                name
                for (name,) in connection.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table'"
                )
            }
            has_catalog = (
                tables >= SEARCH_TABLES
                and connection.execute(
                    "SELECT 1 FROM catalog_meta WHERE key = 'version'"
                ).fetchone()
            )
            if has_catalog and revision_of(connection) == SCHEMA_HEAD:
                return connection
        except sqlite3.Error:
            pass
        connection.close()
        return None

    def release(self) -> None:
        self.in_use.release()


def check_database(directory: Path) -> Checked:
    """The first, cheap part of opening the database in a data folder (see the module
    docstring). Raises :class:`StorageError` (a damaged or zero-byte file:
    ``DamagedDatabase``; a restore running; a folder that cannot be created)."""
    from app.paths import database_path, ensure_private_dir
    from app.storage.inuse import hold_shared
    from app.storage.recovery import check_file

    try:
        ensure_private_dir(directory)
    except OSError as exc:
        raise StorageError(f"无法创建数据目录 {directory}：{exc.strerror}") from exc
    path = database_path(directory)
    in_use = hold_shared(directory)
    try:
        revision = check_file(directory, path)
    except BaseException:
        in_use.release()
        raise
    return Checked(directory, path, in_use, revision)


__all__ = [
    "SCHEMA_HEAD",
    "Checked",
    "StorageError",
    "check_database",
    "revision_of",
]
