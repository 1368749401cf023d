"""The schema that migrations build is exactly the one the models describe."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from app.audit import record, verify_chain
from app.storage.db import Database
from app.storage.models import AuditEntry, Base


def test_migrations_produce_the_models_schema(db: Database) -> None:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diff = [
            d
            for d in compare_metadata(context, Base.metadata)
            # virtual tables of the search index are created by migrations on purpose
            if not (d[0] == "remove_table" and d[1].name.startswith("search_"))
        ]
    assert diff == []


def test_database_file_uses_wal(tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = Database.open(tmp_path)
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    assert (tmp_path / "wuzheng.sqlite3").exists()


def test_audit_chain_detects_tampering(db: Database) -> None:
    with db.session() as s:
        record(s, actor="clerk", action="case.new", entity="case", entity_id="1")
        record(s, actor="clerk", action="case.finish", entity="case", entity_id="1")
    with db.session() as s:
        assert verify_chain(s) is None
        first = s.get(AuditEntry, 1)
        assert first is not None
        first.action = "case.cancel"
    with db.session() as s:
        assert verify_chain(s) == 1


def test_schema_head_names_the_newest_migration() -> None:
    from alembic.script import ScriptDirectory

    from app.storage.db import SCHEMA_HEAD, alembic_config

    assert ScriptDirectory.from_config(alembic_config()).get_current_head() == SCHEMA_HEAD


def test_a_current_database_opens_without_loading_alembic(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import subprocess
    import sys

    Database.open(tmp_path)  # creates and migrates
    code = (
        "import sys; from pathlib import Path; from app.storage.db import Database; "
        f"Database.open(Path({str(tmp_path)!r})); "
        "print(any(m.startswith('alembic') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_an_old_database_is_upgraded(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from alembic import command

    from app.storage.db import SCHEMA_HEAD, alembic_config, make_engine, schema_revision

    engine = make_engine(tmp_path / "wuzheng.sqlite3")
    with engine.begin() as connection:
        cfg = alembic_config()
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "0001")
    assert schema_revision(engine) == "0001"
    engine.dispose()
    db = Database.open(tmp_path)
    assert schema_revision(db.engine) == SCHEMA_HEAD
