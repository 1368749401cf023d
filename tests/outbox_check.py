"""The outbox invariant: every synced row equals its latest queued wire payload."""

from __future__ import annotations

import json
from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.storage.models import Case, OutboxEntry, Pledge, Resolution, VerificationRequest
from app.sync.outbox import as_change
from app.sync.payloads import payload_json, wire_payload

KINDS = {
    Case: "case",
    Resolution: "resolution",
    Pledge: "pledge",
    VerificationRequest: "verification_request",
}


def assert_outbox_matches_rows(session: Session) -> int:
    """Check the invariant; returns how many rows were compared."""
    entries = session.scalars(select(OutboxEntry).order_by(OutboxEntry.seq)).all()
    latest: dict[str, OutboxEntry] = {}
    revisions: dict[str, list[int]] = defaultdict(list)
    for entry in entries:
        latest[entry.record_id] = entry
        revisions[entry.record_id].append(entry.revision)
        change = as_change(entry)
        assert change.hash_matches
    for record_id, seen in revisions.items():
        assert seen == sorted(set(seen)), f"revisions of {record_id} out of order: {seen}"
    compared = 0
    phones = set(session.scalars(select(Case.phone).where(Case.phone != "")))
    ids = set(session.scalars(select(Case.applicant_id_no)))
    rows: set[str] = set()
    for model, kind in KINDS.items():
        for row in session.scalars(select(model)):
            rows.add(row.id)
            entry = latest.get(row.id)
            assert entry is not None, f"{kind} {row.id} never queued"
            assert entry.kind == kind
            assert entry.payload == payload_json(wire_payload(session, row)), (kind, row.id)
            compared += 1
    for record_id, entry in latest.items():
        data = json.loads(entry.payload)
        if record_id not in rows:  # only a dropped pledge's last state outlives its row
            assert entry.kind == "pledge" and data["deleted"] is True
        text = entry.payload
        assert not any(phone in text for phone in phones), "a phone number in the outbox"
        if entry.kind != "verification_request":
            assert not any(id_no in text for id_no in ids), "a subject's ID outside a request"
        assert "item_id" not in data and "matter_id" not in data
    return compared
