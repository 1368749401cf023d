"""A hub database from before issue 11, with devices, changes and feeds, upgrades in place and
keeps serving them; the newest schema is exactly what the models say (SQLite and PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from hubkit import fresh_database
from sqlalchemy import text

from app.hub import feed
from app.hub.models import HubBase
from app.hub.store import HUB_SCHEMA_HEAD, HubStore, migrations_dir


def test_a_database_from_h0001_upgrades_with_its_feeds(backend: str, tmp_path: Path) -> None:
    with fresh_database(backend, tmp_path) as url:
        store = HubStore(url)
        try:
            with store.engine.execution_options(hub_write=True).begin() as connection:
                cfg = Config()
                cfg.set_main_option("script_location", str(migrations_dir()))
                cfg.attributes["connection"] = connection
                command.upgrade(cfg, "h0001")
            with store.engine.execution_options(hub_write=True).begin() as connection:
                connection.execute(text(
                    "INSERT INTO device (id, kind, code, name, token_hash, enrolled_at) "
                    "VALUES (1, 'department', 'D1', 'd', 'abc', '2026-01-01')"
                ))  # fmt: skip
                connection.execute(text(
                    "INSERT INTO sync_change VALUES ('11111111-1111-1111-1111-111111111111', "
                    "'case', 1, '22222222-2222-2222-2222-222222222222', 1, 'h', 'window:W1', 1,"
                    " '', '', '2026-01-01', '2026-01-01', '{}')"
                ))  # fmt: skip
                connection.execute(text(
                    "INSERT INTO feed_entry VALUES "
                    "('department:D1', 1, '11111111-1111-1111-1111-111111111111')"
                ))  # fmt: skip
            store.migrate()
            assert store.revision() == HUB_SCHEMA_HEAD
            with store.read() as session:
                page = feed.read_page(session, ["department:D1", feed.BROADCAST], None, 10)
            assert [c["change_id"] for c in page["changes"]] == [
                "11111111-1111-1111-1111-111111111111"
            ]
            with store.engine.connect() as connection:
                context = MigrationContext.configure(connection, opts={"compare_type": True})
                assert compare_metadata(context, HubBase.metadata) == []
        finally:
            store.dispose()


def test_the_default_hub_file_is_private_whatever_the_umask(tmp_path: Path) -> None:
    """hub.sqlite holds subjects' IDs: 0600 (and its folder 0700 when made here), WAL included."""
    import os
    import stat

    from app.hub.store import database_url

    folder = tmp_path / "hubdata"
    old = os.umask(0o022)
    try:
        store = HubStore.open(database_url(None, folder))
        with store.read() as session:
            session.execute(text("SELECT 1"))
    finally:
        os.umask(old)
    try:
        files = [folder / "hub.sqlite", *folder.glob("hub.sqlite-*")]
        assert (folder / "hub.sqlite-wal").exists()
        modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in files}
        assert set(modes.values()) == {0o600}, modes
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    finally:
        store.dispose()
