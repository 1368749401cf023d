"""Start-up: open (and migrate) the database, seed the sample catalog on first start.

The GUI and the command line both open the database here. ``Database`` is named here for the
GUI's type hints only (the GUI never imports :mod:`app.storage`): it holds the handle this
returns and passes it to the core's services.

The window opens the database in two parts through :class:`Opening` (see
:mod:`app.storage.schema`): the cheap check first, answering searches from the read-only index
of a current database at once, then the heavy part.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the GUI imports this module without loading the database stack
    import sqlite3

    from app.catalog.search_query import SearchHit
    from app.storage.db import Database as Database
    from app.storage.schema import Checked as Checked


def open_database(directory: Path, checked: Checked | None = None) -> Database:
    """Open the window's database; a new, empty one gets the built-in sample catalog.

    ``checked``: the cheap first part of opening, done already
    (:func:`app.storage.schema.check_database`, which the GUI runs before anything heavy).
    """
    from app.catalog.sample import ensure_sample_catalog
    from app.storage.db import Database

    db = Database.open(directory, checked)
    ensure_sample_catalog(db)
    return db


HOLD_S = 1.0  # how long Opening.finish waits at most for the window's proceed()


class Opening:
    """The window's database being opened in two parts, and the first searches meanwhile.

    :meth:`check` then :meth:`finish` run one after the other on one worker; :meth:`search`
    may run on another one at the same time, until :meth:`finish` closes the read-only
    connection (before it returns, so a restore after a failed open finds it closed).
    """

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._checked: Checked | None = None
        self._index: sqlite3.Connection | None = None  # read-only, for search()
        self._lock = threading.Lock()
        self._go = threading.Event()  # finish() may start (see hold())
        self._go.set()

    def check(self) -> bool:
        """The cheap part (:func:`app.storage.schema.check_database`); True when
        :meth:`search` can answer now: a current database with a catalog. Raises
        ``StorageError`` (damage, a restore running…)."""
        from app.storage.schema import check_database

        checked = check_database(self.directory)
        self._checked = checked
        index = checked.search_connection()
        with self._lock:
            self._index = index
        return index is not None

    def finish(self) -> Database | None:
        """The heavy part: the database, open. None when :meth:`check` failed (its error was
        reported already)."""
        checked, self._checked = self._checked, None
        try:
            if checked is None:
                return None
            self._go.wait(HOLD_S)
            return open_database(self.directory, checked)
        finally:
            self.close()

    def hold(self) -> None:
        """Let :meth:`finish` wait for :meth:`proceed` (at most :data:`HOLD_S`): the window
        shows the first results and finishes its own start-up before the heavy part competes
        with it for the interpreter."""
        self._go.clear()

    def proceed(self) -> None:
        self._go.set()

    def search(self, text: str, limit: int) -> list[SearchHit] | None:
        """The hits from the read-only index; None once it is closed (the database is open, or
        failed to open): then the full database answers, or nothing does."""
        from app.catalog.search_query import search_readonly

        with self._lock:  # close() waits for a search under way
            if self._index is None:
                return None
            return search_readonly(self._index, text, limit)

    def close(self) -> None:
        with self._lock:
            index, self._index = self._index, None
        if index is not None:
            index.close()
