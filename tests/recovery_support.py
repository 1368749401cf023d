"""A window's data directory with cases waiting to sync, and the ways its database gets damaged.

Damage is done to the file's bytes, as a disk, a power cut or a careless program would; which
pages belong to which table is read from SQLite's ``dbstat`` table (tests skip without it).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

import pytest
from cases_catalog import PERSON_ID, install

from app.cases import CaseService, validate_applicant
from app.storage.db import Database

DATABASE = "wuzheng.sqlite3"


def new_home(directory: Path) -> Path:
    """A data directory with the test catalog (no sample) and no cases."""
    db = Database.open(directory)
    try:
        install(db)
    finally:
        db.engine.dispose()
    return directory


def add_cases(directory: Path, count: int, *, read_back: int = 0, matter: str = "M1") -> list[str]:
    """Take in ``count`` cases (each queues its records in the outbox) and read one case
    ``read_back`` times (each reading is audited, nothing is queued). Returns the case ids."""
    db = Database.open(directory)
    try:
        service = CaseService(db, clerk="李娜")
        applicant = validate_applicant("person", "王秀英", PERSON_ID, "13812345678")
        ids = [service.new_case(applicant, matter_code=matter).id for _ in range(count)]
        for _ in range(read_back):
            service.get(ids[-1], audit_access=True)
        return ids
    finally:
        db.engine.dispose()


def count(directory: Path, table: str) -> int:
    with contextlib.closing(sqlite3.connect(directory / DATABASE)) as connection:
        return int(connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])


def outbox(directory: Path) -> set[str]:
    """The outbox entries, by their key (what would be pushed)."""
    with contextlib.closing(sqlite3.connect(directory / DATABASE)) as connection:
        columns = [r[1] for r in connection.execute("PRAGMA table_info(outbox_entry)")]
        key = "change_id" if "change_id" in columns else "id"
        return {str(r[0]) for r in connection.execute(f"SELECT {key} FROM outbox_entry")}


def pages(path: Path, table: str) -> tuple[list[int], list[int]]:
    """(leaf pages, all pages) of ``table`` (its indexes not included)."""
    with contextlib.closing(sqlite3.connect(path)) as connection:
        try:
            rows = connection.execute(
                "SELECT pageno, pagetype FROM dbstat WHERE name = ? ORDER BY pageno", (table,)
            ).fetchall()
        except sqlite3.OperationalError:
            pytest.skip("this SQLite has no dbstat table")
    return [p for p, kind in rows if kind == "leaf"], [p for p, _ in rows]


def page_size(path: Path) -> int:
    with contextlib.closing(sqlite3.connect(path)) as connection:
        return int(connection.execute("PRAGMA page_size").fetchone()[0])


def flip_page(path: Path, page: int) -> None:
    """Invert the header and cell pointers of one page (as a failing sector would)."""
    size = page_size(path)
    data = bytearray(path.read_bytes())
    start = (page - 1) * size
    for i in range(start, start + 32):
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))


def truncate_pages(path: Path, keep: int) -> None:
    size = page_size(path)
    with open(path, "rb+") as handle:
        handle.truncate(keep * size)


def random_bytes(path: Path) -> None:
    path.write_bytes(os.urandom(path.stat().st_size))


def zero_bytes(path: Path) -> None:
    path.write_bytes(b"")
