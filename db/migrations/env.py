"""Alembic environment for the window's SQLite database (batch mode for SQLite)."""

from alembic import context
from sqlalchemy import Connection, Engine

from app.storage.models import Base

config = context.config
target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
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
