"""The cheap first part of opening the database (app.storage.schema) and the early searches.

The window checks the database with plain sqlite3 (lock, damage, schema revision) and answers
the first searches from the read-only search index while SQLAlchemy loads; a database that
needs a migration, a new one and a damaged one go the slow, safe way.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from recovery_support import DATABASE, flip_page, pages, random_bytes, zero_bytes

from app.bootstrap import Opening, open_database
from app.catalog.registers import import_registers
from app.catalog.search import search
from app.catalog.search_query import search_readonly
from app.storage.db import SCHEMA_HEAD, Database, schema_revision
from app.storage.recovery import DamagedDatabase
from app.storage.schema import check_database

ROOT = Path(__file__).resolve().parent.parent
REGISTERS = ROOT / "tests" / "data" / "registers"
SCHEMAS = ROOT / "tests" / "data" / "schema"

# Chinese, pinyin, initials, an abbreviation, a code and its prefix, a department, several
# words (ASCII and full-width spaces), one character, nothing found, FTS5 syntax, blank.
QUERIES = [
    "低保",
    "最低生活保障",
    "dibao",
    "zdshbz",
    "gzzf",
    "M0007",
    "M00",
    "民政局",
    "派出所",
    "mzj",
    "住房 公共",
    "住房　证明",
    "d",
    "户",
    "没有这个事项啊",
    '"OR" AND *',
    "   ",
]


@pytest.fixture(scope="module")
def sample_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("sample")
    open_database(directory).engine.dispose()
    return directory


@pytest.fixture
def home(sample_dir: Path, tmp_path: Path) -> Path:
    target = tmp_path / "home"
    shutil.copytree(sample_dir, target)
    return target


def assert_same_hits(directory: Path, queries: list[str]) -> int:
    """The read-only search finds what the full search finds, in the same order; returns how
    many hits there were in all (so that a test knows it compared something)."""
    checked = check_database(directory)
    index = checked.search_connection()
    checked.release()
    assert index is not None
    db = Database.open(directory)
    found = 0
    try:
        for query in queries:
            for limit in (1, 7, 100):
                early = search_readonly(index, query, limit)
                assert early == search(db, query, limit), (query, limit)
                found += len(early)
    finally:
        index.close()
        db.engine.dispose()
    return found


def test_a_current_database_is_checked_and_searchable_at_once(home: Path) -> None:
    checked = check_database(home)
    try:
        assert checked.revision == SCHEMA_HEAD and checked.current
        assert checked.in_use.held
        index = checked.search_connection()
        assert index is not None
        hits = search_readonly(index, "dibao", 10)
        assert [h.code for h in hits] == ["M0007"]
        with pytest.raises(Exception, match="readonly"):  # read-only: never writes
            index.execute("DELETE FROM search_entry")
        index.close()
        db = Database.open(home, checked)  # the heavy part takes the hold over
    finally:
        checked.release()
    assert schema_revision(db.engine) == SCHEMA_HEAD
    db.engine.dispose()


def test_read_only_search_finds_what_the_full_search_finds(home: Path) -> None:
    assert assert_same_hits(home, QUERIES) > 100


def test_after_a_register_import_too(home: Path) -> None:
    db = Database.open(home)
    try:
        import_registers(
            db,
            [
                REGISTERS / "海曙区民政局-附件2.xlsx",
                REGISTERS / "海曙区民政局-附件3.xlsx",
                REGISTERS / "人社局-现行证明.csv",
                REGISTERS / "人社局-措施.csv",
            ],
        )
        names = [h.name for h in search(db, "证明", 100)]
    finally:
        db.engine.dispose()
    assert names
    words = ["证明", "民政", "社保", "就业", "居住", "gz", "zm", *names[:5], *QUERIES]
    assert assert_same_hits(home, words) > 50


def test_the_check_loads_neither_sqlalchemy_nor_pypinyin(home: Path) -> None:
    code = (
        "import sys; from pathlib import Path; from app.bootstrap import Opening\n"
        f"opening = Opening(Path({str(home)!r}))\n"
        "assert opening.check()\n"
        "assert [h.code for h in opening.search('低保', 5)] == ['M0007']\n"
        "heavy = [m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'alembic', "
        "'pypinyin')]\n"
        "assert not heavy, heavy\n"
        "opening.close()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr


def test_opening_answers_until_the_database_is_open_then_hands_over(home: Path) -> None:
    opening = Opening(home)
    assert opening.check()
    early = opening.search("gzzf", 20)
    assert early
    db = opening.finish()
    assert db is not None
    try:
        assert opening.search("gzzf", 20) is None  # closed: the full database answers
        assert search(db, "gzzf", 20) == early
    finally:
        db.engine.dispose()
    # the hold followed the engine: a restore may take the database now
    from app.storage.inuse import hold_exclusive

    hold_exclusive(home, wait_s=0.5).release()


def test_a_new_data_directory_is_not_searched_early(tmp_path: Path) -> None:
    opening = Opening(tmp_path / "new")
    assert not opening.check()
    assert opening.search("低保", 5) is None
    db = opening.finish()  # created, migrated, the sample imported
    assert db is not None
    try:
        assert [h.code for h in search(db, "低保", 5)] == ["M0007"]
    finally:
        db.engine.dispose()


def test_a_database_without_a_catalog_is_not_searched_early(home: Path) -> None:
    import sqlite3

    with sqlite3.connect(home / DATABASE) as connection:
        connection.execute("DELETE FROM catalog_meta")
    connection.close()
    opening = Opening(home)
    assert not opening.check()  # the heavy part imports the sample first
    db = opening.finish()
    assert db is not None
    try:
        assert [h.code for h in search(db, "低保", 5)] == ["M0007"]
    finally:
        db.engine.dispose()


@pytest.mark.parametrize("revision", ["0002", "0005"])
def test_a_database_needing_a_migration_waits_for_it(tmp_path: Path, revision: str) -> None:
    home = tmp_path / "old"
    shutil.copytree(SCHEMAS / revision, home)
    checked = check_database(home)
    assert checked.revision == revision and not checked.current
    assert checked.search_connection() is None
    checked.release()
    opening = Opening(home)
    assert not opening.check()
    assert opening.search("低保", 5) is None
    db = opening.finish()  # backed up, migrated
    assert db is not None
    try:
        assert schema_revision(db.engine) == SCHEMA_HEAD
    finally:
        db.engine.dispose()
    assert list((home / "backups").glob("*-migration.sqlite3"))


def test_a_newer_database_is_refused_by_the_heavy_part_and_not_searched(home: Path) -> None:
    import sqlite3

    with sqlite3.connect(home / DATABASE) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.close()
    opening = Opening(home)
    assert not opening.check()
    with pytest.raises(Exception, match="较新版本"):
        opening.finish()


@pytest.mark.parametrize("damage", ["empty", "random", "flipped"])
def test_a_damaged_database_is_refused_by_the_check(home: Path, damage: str) -> None:
    path = home / DATABASE
    if damage == "empty":
        zero_bytes(path)
    elif damage == "random":
        random_bytes(path)
    else:
        leaves, _ = pages(path, "search_entry")
        flip_page(path, leaves[len(leaves) // 2])
    opening = Opening(home)
    with pytest.raises(DamagedDatabase):
        opening.check()
    assert opening.search("低保", 5) is None
    assert opening.finish() is None  # nothing more is tried; the check said what is wrong
    from app.storage.inuse import hold_exclusive

    hold_exclusive(home, wait_s=0.5).release()  # and nothing holds the database
