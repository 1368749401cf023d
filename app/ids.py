"""Identifiers and clock: client-generated, time-ordered UUIDv7 ids and naive-UTC timestamps."""

from datetime import UTC, date, datetime, time

import uuid6


def new_id() -> str:
    """A UUIDv7 string: unique across windows and sortable by creation time."""
    return str(uuid6.uuid7())


def utcnow() -> datetime:
    """Now in UTC, naive (SQLite stores no zone; every timestamp in the database is UTC)."""
    return datetime.now(UTC).replace(tzinfo=None)


def local_midnight_utc(day: date) -> datetime:
    """The stored (naive-UTC) timestamp at which a local calendar day begins.

    Timestamps are stored in UTC, but "today's cases" means today on the hall's clock: in
    Beijing a day starts at 16:00 UTC the day before.
    """
    return datetime.combine(day, time()).astimezone(UTC).replace(tzinfo=None)
