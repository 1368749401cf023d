"""Identifiers and clock: client-generated, time-ordered UUIDv7 ids and naive-UTC timestamps."""

from datetime import UTC, datetime

import uuid6


def new_id() -> str:
    """A UUIDv7 string: unique across windows and sortable by creation time."""
    return str(uuid6.uuid7())


def utcnow() -> datetime:
    """Now in UTC, naive (SQLite stores no zone; every timestamp in the database is UTC)."""
    return datetime.now(UTC).replace(tzinfo=None)
