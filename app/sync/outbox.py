"""The window's outbox: records created here that wait to be pushed to the hub."""

from __future__ import annotations

from sqlalchemy import func, select

from app.storage.db import Database
from app.storage.models import OutboxEntry


def pending_count(db: Database) -> int:
    """How many outbox entries have not been acknowledged by the hub yet."""
    with db.session() as session:
        return int(session.scalar(select(func.count()).select_from(OutboxEntry)) or 0)
