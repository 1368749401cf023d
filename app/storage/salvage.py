"""Reading what a damaged database still holds, and salvaging it into a restored one.

Used by :func:`app.storage.recovery.restore`: the current file is read row by row through
SQLite, as far as it can be read (a damaged page costs the rows on it, not the rest of the
table); the window's own records and the outbox are copied into the restored database where it
lacks them, and the newest audit entries as long as their chain and signatures still hold.

Public API::

    salvage(damaged, into, keeper) -> Salvage
    tolerant_rows(connection, table)   # the rows of a table that can still be read
    last_link(connection) -> Link | None
"""

from __future__ import annotations

import contextlib
import json
import logging
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.storage.backup import read_only_uri

if TYPE_CHECKING:
    from app.audit import AuditKeeper, Link

__all__ = ["Salvage", "last_link", "salvage", "tolerant_rows"]

# The window's own records, parents before children (foreign keys); those a table lacks in a
# schema revision are skipped. The outbox last: its entries describe the records above.
SALVAGED_TABLES = (
    "case",
    "pledge",
    "verification_request",
    "resolution",
    "credit_record",
    "inbox_request",
    "record_revision",
    "outbox_entry",
)
OUTBOX_TABLE = "outbox_entry"
AUDIT_TABLE = "audit_entry"
AUDIT_COLUMNS = (
    "seq",
    "prev_hash",
    "hash",
    "at",
    "actor",
    "action",
    "entity",
    "entity_id",
    "detail",
)

log = logging.getLogger("wuzheng.recovery")


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _columns(connection: sqlite3.Connection, table: str) -> list[tuple[str, int]]:
    """(name, position in the primary key or 0) of a table's columns; [] when it has none."""
    rows = connection.execute(f"PRAGMA table_info({_quote(table)})").fetchall()
    return [(str(r[1]), int(r[5])) for r in rows]


def tolerant_rows(
    connection: sqlite3.Connection, table: str, columns: Sequence[str], after: int | None = None
) -> tuple[list[tuple[Any, ...]], bool]:
    """The rows of ``table`` (``columns``, in rowid order) that can still be read, and whether
    that was all of them. A damaged page costs the rows on it: the read resumes at the first
    rowid past it (found by probing forward, then bisecting back)."""
    wanted = ", ".join(_quote(c) for c in columns)
    query = f"SELECT rowid, {wanted} FROM {_quote(table)} WHERE rowid > ? ORDER BY rowid"
    complete = True
    try:
        top = connection.execute(f"SELECT max(rowid) FROM {_quote(table)}").fetchone()[0]
    except sqlite3.DatabaseError:
        top, complete = None, False
    rows: list[tuple[Any, ...]] = []
    last = -(2**63) if after is None else after
    while True:
        try:
            for row in connection.execute(query, (last,)):
                rows.append(tuple(row[1:]))
                last = int(row[0])
            return rows, complete
        except sqlite3.DatabaseError:
            complete = False
            resumed = _past_damage(connection, table, last, top)
            if resumed is None:
                return rows, False
            last = resumed


def _readable_after(connection: sqlite3.Connection, table: str, rowid: int) -> bool:
    try:
        connection.execute(
            f"SELECT rowid FROM {_quote(table)} WHERE rowid > ? ORDER BY rowid LIMIT 1", (rowid,)
        ).fetchall()
    except sqlite3.DatabaseError:
        return False
    return True


def _past_damage(
    connection: sqlite3.Connection, table: str, failed: int, top: int | None
) -> int | None:
    """The smallest rowid after which reading works again (None: nothing more to read)."""
    start = max(failed, -1)
    step = 1
    while True:
        probe = start + step
        if (top is not None and probe >= top) or step > 2**40:
            return None
        if _readable_after(connection, table, probe):
            break
        failed, step = probe, step * 2
    low, high = failed, probe  # reading fails after low, works after high
    while high - low > 1:
        middle = (low + high) // 2
        if _readable_after(connection, table, middle):
            high = middle
        else:
            low = middle
    return high


@dataclass
class Salvage:
    """What was taken over from the damaged file into the restored database."""

    outbox: int = 0  # outbox entries (records waiting to sync) the backup lacked
    records: int = 0  # the window's records added or brought up to date
    audit: int = 0  # audit entries continuing the restored chain
    skipped: int = 0  # rows read but not accepted (a record whose parent is gone …)
    incomplete: list[str] = field(default_factory=list)  # tables not read to the end

    def to_dict(self) -> dict[str, Any]:
        return {
            "outbox": self.outbox,
            "records": self.records,
            "audit": self.audit,
            "skipped": self.skipped,
            "incomplete": list(self.incomplete),
        }


def _put(
    work: sqlite3.Connection,
    table: str,
    columns: Sequence[str],
    key: Sequence[str],
    row: tuple[Any, ...],
    *,
    update: bool,
) -> bool:
    """Insert ``row`` when its key is missing, or (``update``) overwrite a different row.
    True when something changed; a row the database refuses is skipped (raises nothing)."""
    values = dict(zip(columns, row, strict=True))
    where = " AND ".join(f"{_quote(k)} = ?" for k in key)
    names = ", ".join(_quote(c) for c in columns)
    existing = work.execute(
        f"SELECT {names} FROM {_quote(table)} WHERE {where}", [values[k] for k in key]
    ).fetchone()
    if existing is not None and (not update or tuple(existing) == row):
        return False
    work.execute("SAVEPOINT salvage_row")
    try:
        if existing is None:
            marks = ", ".join("?" for _ in columns)
            work.execute(f"INSERT INTO {_quote(table)} ({names}) VALUES ({marks})", row)
        else:
            assignments = ", ".join(f"{_quote(c)} = ?" for c in columns)
            work.execute(
                f"UPDATE {_quote(table)} SET {assignments} WHERE {where}",
                [*row, *(values[k] for k in key)],
            )
    except sqlite3.DatabaseError:
        work.execute("ROLLBACK TO salvage_row")
        work.execute("RELEASE salvage_row")
        raise
    work.execute("RELEASE salvage_row")
    return True


def _salvage_table(
    damaged: sqlite3.Connection, work: sqlite3.Connection, table: str, result: Salvage
) -> None:
    try:
        ours = _columns(work, table)
    except sqlite3.DatabaseError:
        return
    if not ours:
        return  # not in this schema
    try:
        theirs = {name for name, _ in _columns(damaged, table)}
    except sqlite3.DatabaseError:
        result.incomplete.append(table)
        return
    if not theirs:
        return
    columns = [name for name, _ in ours if name in theirs]
    key = [name for name, pk in sorted(ours, key=lambda c: c[1]) if pk and name in theirs]
    if not key:
        return
    rows, complete = tolerant_rows(damaged, table, columns)
    if not complete:
        result.incomplete.append(table)
    for row in rows:
        try:
            changed = _put(work, table, columns, key, row, update=table != OUTBOX_TABLE)
        except sqlite3.DatabaseError:
            result.skipped += 1
            continue
        if changed and table == OUTBOX_TABLE:
            result.outbox += 1
        elif changed:
            result.records += 1


def last_link(connection: sqlite3.Connection) -> Link | None:
    from app.audit import Link

    row = connection.execute(
        f"SELECT seq, hash FROM {AUDIT_TABLE} ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    return Link(int(row[0]), str(row[1])) if row else None


def _audit_row(raw: tuple[Any, ...]) -> tuple[Any, ...] | None:
    """A stored audit row as the chain check reads it (datetime, dict), or None."""
    values = list(raw)
    try:
        values[3] = datetime.fromisoformat(str(values[3]))
        values[8] = json.loads(values[8]) if isinstance(values[8], str) else values[8] or {}
    except (TypeError, ValueError):
        return None
    return tuple(values)


def _salvage_audit(
    damaged: sqlite3.Connection, work: sqlite3.Connection, keeper: AuditKeeper, result: Salvage
) -> None:
    from app.audit import continuing

    prev = last_link(work)
    try:
        raw_rows, complete = tolerant_rows(
            damaged, AUDIT_TABLE, AUDIT_COLUMNS, after=prev.seq if prev else None
        )
    except sqlite3.DatabaseError:
        result.incomplete.append(AUDIT_TABLE)
        return
    if not complete:
        result.incomplete.append(AUDIT_TABLE)
    by_seq = {int(raw[0]): raw for raw in raw_rows}
    readable = [row for row in (_audit_row(raw) for raw in raw_rows) if row is not None]
    for row in continuing(keeper, prev, readable):
        raw = by_seq[int(row[0])]
        try:
            _put(work, AUDIT_TABLE, AUDIT_COLUMNS, ("seq",), raw, update=False)
        except sqlite3.DatabaseError:
            result.skipped += 1
            return
        result.audit += 1


def salvage(damaged_path: Path, work_path: Path, keeper: AuditKeeper) -> Salvage:
    """Take over into ``work_path`` (the restored copy, same schema) what ``damaged_path``
    still holds and the copy lacks; see the module docstring."""
    result = Salvage()
    try:
        damaged = sqlite3.connect(read_only_uri(damaged_path), uri=True)
    except sqlite3.Error:
        result.incomplete.extend(SALVAGED_TABLES)
        return result
    work = sqlite3.connect(work_path, isolation_level=None)
    try:
        # a file shorter than its header says (truncated) opens only with this flag, as for
        # the sqlite3 shell's .recover; the connection is read-only all the same
        damaged.execute("PRAGMA writable_schema=ON")
        work.execute("PRAGMA foreign_keys=ON")
        work.execute("BEGIN IMMEDIATE")
        for table in SALVAGED_TABLES:
            _salvage_table(damaged, work, table, result)
        _salvage_audit(damaged, work, keeper, result)
        work.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            work.execute("ROLLBACK")
        raise
    finally:
        work.close()
        damaged.close()
    return result
