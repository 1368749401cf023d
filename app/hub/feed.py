"""The feeds: per-recipient, gap-free sequences of changes, and the opaque pull cursor.

A change is addressed to one *address*: ``window:HF01`` (answers to that window's requests),
``department:D001`` (requests to that department, new and withdrawn: every device of the
department reads the same feed), ``supervisor:NAME``, or ``all`` (broadcasts, signed by the hub:
catalog versions, the credit list, device keys, the calendar, the freshness limits). A device
reads its own address and ``all``.

**Why no change can be skipped.** A writer allocates sequence numbers for an address with
``UPDATE feed_counter SET last_seq = last_seq + n … RETURNING last_seq`` inside its own
transaction. The counter row stays locked until that transaction commits, so a second writer
for the same address waits and gets the numbers after it. Hence the entries of one address
become visible in exactly their sequence order: when a reader sees entry *k*, every entry
below *k* is already committed, and reading ``seq > cursor`` never passes over one that commits
later. Counters are taken in sorted address order at the end of the transaction (short locks,
no deadlock between two writers).

The cursor is ``c1.`` + base64url(JSON ``{address: last seq read}``); clients store it as an
opaque string and send it back.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from app.hub.models import FeedCounter, FeedEntry, SyncChange, core

BROADCAST = "all"
_PREFIX = "c1."
_MAX_CURSOR = 4096
_MAX_SEQ = 2**62


class CursorError(ValueError):
    """A cursor this hub did not hand out to this device."""


def address(kind: str, code: str) -> str:
    return f"{kind}:{code}"


def encode_cursor(positions: dict[str, int]) -> str:
    body = json.dumps(dict(sorted(positions.items())), separators=(",", ":"), ensure_ascii=False)
    return _PREFIX + base64.urlsafe_b64encode(body.encode("utf-8")).decode("ascii").rstrip("=")


def decode_cursor(cursor: str | None, addresses: Sequence[str]) -> dict[str, int]:
    """Positions per address (0 for an address the cursor does not name yet)."""
    positions = dict.fromkeys(addresses, 0)
    if not cursor:
        return positions
    if len(cursor) > _MAX_CURSOR or not cursor.startswith(_PREFIX):
        raise CursorError("游标格式不正确（cursor is not one this hub handed out）")
    text = cursor[len(_PREFIX) :]
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        data = json.loads(raw.decode("utf-8"))
    except (binascii.Error, ValueError):
        raise CursorError("游标格式不正确（cursor is not one this hub handed out）") from None
    if not isinstance(data, dict):
        raise CursorError("游标格式不正确（cursor is not one this hub handed out）")
    for key, value in data.items():
        if key not in positions:
            raise CursorError("游标不属于本设备（cursor names a feed this device may not read）")
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= _MAX_SEQ:
            raise CursorError("游标格式不正确（cursor position out of range）")
        positions[key] = value
    return positions


def allocate(session: Session, entries: Sequence[tuple[str, str]]) -> None:
    """Append ``(address, change_id)`` entries to their feeds, in order, in this transaction."""
    by_address: dict[str, list[str]] = defaultdict(list)
    for recipient, change_id in entries:
        by_address[recipient].append(change_id)
    dialect = session.get_bind().dialect.name
    make_insert = pg_insert if dialect == "postgresql" else sqlite_insert
    for recipient in sorted(by_address):
        ids = by_address[recipient]
        session.execute(
            make_insert(FeedCounter)
            .values(recipient=recipient, last_seq=0)
            .on_conflict_do_nothing(index_elements=["recipient"])
        )
        last = session.execute(
            update(FeedCounter)
            .where(FeedCounter.recipient == recipient)
            .values(last_seq=FeedCounter.last_seq + len(ids))
            .returning(FeedCounter.last_seq)
        ).scalar_one()
        first = last - len(ids) + 1
        session.execute(
            insert(core(FeedEntry)),
            [
                {"recipient": recipient, "seq": first + i, "change_id": change_id}
                for i, change_id in enumerate(ids)
            ],
        )


def _as_wire(row: SyncChange) -> dict[str, Any]:
    wire = {
        "change_id": row.change_id,
        "kind": row.kind,
        "wire_version": row.wire_version,
        "record_id": row.record_id,
        "revision": row.revision,
        "content_hash": row.content_hash,
        "clerk": row.clerk,
        "case_number": row.case_number,
        "device_time": row.device_time.isoformat() + "Z",  # stored naive UTC
        "payload": json.loads(row.payload),
    }
    if row.signature is not None:  # a broadcast: the hub's signature travels with it
        wire["signature"] = json.loads(row.signature)
    return wire


def read_page(
    session: Session, addresses: Sequence[str], cursor: str | None, limit: int
) -> dict[str, Any]:
    """The next page for a device reading ``addresses``: ``{changes, cursor, more}``.

    Changes are wire dicts (exactly what was pushed); within one address in feed order.
    """
    positions = decode_cursor(cursor, addresses)
    changes: list[dict[str, Any]] = []
    more = False
    for recipient in addresses:
        room = limit - len(changes)
        query = (
            select(FeedEntry.seq, SyncChange)
            .join(SyncChange, SyncChange.change_id == FeedEntry.change_id)
            .where(FeedEntry.recipient == recipient, FeedEntry.seq > positions[recipient])
            .order_by(FeedEntry.seq)
            .limit(room + 1)
        )
        rows = session.execute(query).all() if room > 0 else []
        if room <= 0:
            waiting = session.scalar(
                select(FeedEntry.seq)
                .where(FeedEntry.recipient == recipient, FeedEntry.seq > positions[recipient])
                .limit(1)
            )
            more = more or waiting is not None
            continue
        if len(rows) > room:
            more = True
            rows = rows[:room]
        for seq, change in rows:
            changes.append(_as_wire(change))
            positions[recipient] = seq
    return {"changes": changes, "cursor": encode_cursor(positions), "more": more}
