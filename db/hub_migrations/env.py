"""Alembic environment for the hub's database (SQLite or PostgreSQL; batch mode on SQLite)."""

from alembic import context
from sqlalchemy import Connection, Engine

from app.hub.models import HubBase

config = context.config
target_metadata = HubBase.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if isinstance(connection, Connection):
    _run(connection)
else:
    engine = config.attributes.get("engine")
    if not isinstance(engine, Engine):
        raise RuntimeError("pass a connection or an engine in Config.attributes")
    with engine.begin() as conn:
        _run(conn)
