"""Upgrading a window's database loses nothing: saved databases of every schema revision.

tests/data/schema/NNNN/ are data directories made by the code of revision NNNN
(tests/data/make_schema_fixtures.py): their databases hold cases, resolutions, pledges,
requests, credit records, audit entries and outbox entries (and, from 0004, the audit chain's
key and checkpoint beside them). Each is upgraded to the newest schema here.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from alembic.operations import Operations
from alembic.runtime.migration import MigrationContext
from outbox_check import assert_outbox_matches_rows
from sqlalchemy import Column, Integer, text

from app.audit import verify_chain
from app.storage.db import (
    SCHEMA_HEAD,
    Database,
    StorageError,
    make_engine,
    migration_connection,
    schema_revision,
)

SCHEMA = Path(__file__).parent / "data" / "schema"
REVISIONS = sorted(p.name for p in SCHEMA.iterdir() if (p / "wuzheng.sqlite3").exists())


def _copy(revision: str, target: Path) -> Path:
    """A copy of a saved data directory; the database's path."""
    shutil.copytree(SCHEMA / revision, target, dirs_exist_ok=True)
    return target / "wuzheng.sqlite3"


# what must survive an upgrade: (query, parameters) -> rows
KEPT = {
    "cases": 'SELECT id, number, status, applicant_id_no, phone, window_code FROM "case"',
    "resolutions": "SELECT id, case_id, item_id, measure, pledge_id, request_id FROM resolution",
    "pledges": "SELECT id, case_id, item_id, text, form_hash FROM pledge",
    "requests": (
        "SELECT id, case_id, status, answer, answered_by, subject_id_no, deadline "
        "FROM verification_request"
    ),
    "credit": "SELECT id, subject_id_no, reason FROM credit_record",
    "audit": "SELECT seq, action, hash FROM audit_entry",
    "catalog": "SELECT code, name FROM matter UNION ALL SELECT code, name FROM certificate_item",
}


def _read(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    with sqlite3.connect(path) as connection:
        return {name: sorted(connection.execute(sql).fetchall()) for name, sql in KEPT.items()}


def test_every_revision_has_a_saved_database() -> None:
    from alembic.script import ScriptDirectory

    from app.storage.db import alembic_config

    script = ScriptDirectory.from_config(alembic_config())
    assert sorted(r.revision for r in script.walk_revisions()) == REVISIONS


@pytest.mark.parametrize("revision", REVISIONS)
def test_upgrading_a_saved_database_keeps_every_record(revision: str, tmp_path: Path) -> None:
    path = _copy(revision, tmp_path)
    before = _read(path)
    assert before["cases"] and before["resolutions"] and before["pledges"] and before["requests"]
    assert schema_revision(make_engine(path)) == revision

    db = Database.open(tmp_path)
    assert schema_revision(db.engine) == SCHEMA_HEAD
    after = _read(path)
    for name, rows in before.items():
        assert after[name] == rows, name  # counts and every value compared
    with db.reading() as session:
        assert session.execute(text("PRAGMA foreign_key_check")).all() == []
        assert verify_chain(session) is None
        # the outbox now holds the wire state of every record, in push order
        assert_outbox_matches_rows(session)
        # 0007: every case names the catalog version it was taken in under; credit records
        # typed at the window stay local and active
        versions = session.execute(text('SELECT DISTINCT catalog_version FROM "case"')).all()
        installed = session.execute(
            text("SELECT value FROM catalog_meta WHERE key = 'version'")
        ).scalar()
        assert versions == [(installed or "",)]
        local = session.execute(
            text("SELECT count(*) FROM credit_record WHERE origin = 'local' AND ended_at IS NULL")
        ).scalar_one()
        assert local >= 1
    db.engine.dispose()


def _rebuild_case_table(connection: Any) -> None:
    """What a future migration might do: rebuild ``case`` (Alembic batch mode on SQLite)."""
    context = MigrationContext.configure(connection, opts={"render_as_batch": True})
    with Operations(context).batch_alter_table("case", recreate="always") as batch:
        batch.add_column(Column("extra", Integer(), nullable=True))


def test_a_migration_that_rebuilds_the_case_table_keeps_its_records(tmp_path: Path) -> None:
    _copy(SCHEMA_HEAD, tmp_path)
    db = Database.open(tmp_path)
    before = _read(tmp_path / "wuzheng.sqlite3")
    with migration_connection(db.engine) as connection:
        _rebuild_case_table(connection)
    after = _read(tmp_path / "wuzheng.sqlite3")
    assert after == before
    # with foreign keys on (every ordinary connection), the same rebuild deletes by cascade:
    # exactly what migration_connection prevents
    copy = tmp_path / "copy"
    _copy(SCHEMA_HEAD, copy)
    plain = Database.open(copy)
    with plain.engine.begin() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        _rebuild_case_table(connection)
    assert len(_read(copy / "wuzheng.sqlite3")["resolutions"]) < len(before["resolutions"])


def test_a_migration_that_leaves_a_dangling_reference_changes_nothing(tmp_path: Path) -> None:
    _copy(SCHEMA_HEAD, tmp_path)
    db = Database.open(tmp_path)
    before = _read(tmp_path / "wuzheng.sqlite3")
    with (
        pytest.raises(StorageError, match="引用失效"),
        migration_connection(db.engine) as connection,
    ):
        connection.exec_driver_sql('DELETE FROM "case"')
    assert _read(tmp_path / "wuzheng.sqlite3") == before
    with db.engine.connect() as connection:  # and foreign keys are on again afterwards
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
