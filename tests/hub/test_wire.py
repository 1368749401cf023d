"""The wire models: canonical content hash, UTC timestamps, what a payload may carry."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hubkit import answer_change, case_change, request_change
from pydantic import ValidationError

from app.sync.wire import (
    CHANGE_ADAPTER,
    CasePayload,
    PushRequest,
    content_hash,
)


def plain_hash(change: object) -> str:
    """The definition in docs/sync-protocol.md, written out the slow way."""
    document = {
        "kind": change.kind,  # type: ignore[attr-defined]
        "wire_version": change.wire_version,  # type: ignore[attr-defined]
        "record_id": str(change.record_id),  # type: ignore[attr-defined]
        "revision": change.revision,  # type: ignore[attr-defined]
        "payload": change.payload.model_dump(mode="json"),  # type: ignore[attr-defined]
    }
    text = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_content_hash_is_the_documented_canonical_json() -> None:
    case = case_change("HF01")
    changes = [
        case,
        request_change(case, "D1", fact='引号 " 与反斜杠 \\ 与 emoji 😀'),
        answer_change(case.record_id, "denied", "查无此人\n第二行"),
    ]
    for change in changes:
        assert change.content_hash == plain_hash(change)
        assert change.hash_matches
        # what travels parses back to an equal change with the same hash
        again = CHANGE_ADAPTER.validate_json(change.model_dump_json())
        assert again == change and again.hash_matches
        assert (
            content_hash(change.kind, 1, change.record_id, change.revision, change.payload)
            == change.content_hash
        )
    tampered = case.model_copy(update={"revision": 2})
    assert not tampered.hash_matches


def test_timestamps_travel_in_utc_with_z() -> None:
    beijing = timezone(timedelta(hours=8))
    naive = CasePayload(
        number="HF01-1", window_code="HF01", matter_code="M1", applicant_kind="person",
        status="open", created_at=datetime(2026, 12, 1, 8, 0),
    )  # fmt: skip
    local = naive.model_copy(update={"created_at": datetime(2026, 12, 1, 16, 0, tzinfo=beijing)})
    local = CasePayload.model_validate(local.model_dump())
    assert naive.model_dump(mode="json")["created_at"] == "2026-12-01T08:00:00Z"
    assert local.model_dump(mode="json") == naive.model_dump(mode="json")
    assert naive.created_at == datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


def test_a_case_carries_no_personal_data() -> None:
    fields = set(CasePayload.model_fields)
    assert not fields & {"applicant_name", "applicant_id_no", "phone", "id_no", "name"}
    with pytest.raises(ValidationError):
        CasePayload.model_validate(
            {**case_change("HF01").payload.model_dump(), "phone": "13812345678"}
        )


def test_batch_limits_are_in_the_schema() -> None:
    schema = PushRequest.model_json_schema()
    assert schema["properties"]["changes"]["maxItems"] == 500
    assert schema["properties"]["changes"]["minItems"] == 1
