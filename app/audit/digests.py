"""The digests of the audit chain: the unkeyed SHA-256 of entries from before the chain was
keyed, the HMAC-SHA256 of every entry since, and the canonical JSON both are taken over (the
checkpoint's signature is taken over it too). ``GENESIS`` is the first entry's ``prev_hash``."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import datetime
from typing import Any

GENESIS = "0" * 64


def _body(values: list[Any]) -> bytes:
    return json.dumps(values, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode(
        "utf-8"
    )


def _legacy_digest(
    prev_hash: str,
    at: datetime,
    actor: str,
    action: str,
    entity: str,
    entity_id: str,
    detail: dict[str, Any],
) -> str:
    """The unkeyed SHA-256 of entries written before the chain was keyed."""
    body = _body([prev_hash, at.isoformat(), actor, action, entity, entity_id, detail])
    return hashlib.sha256(body).hexdigest()


def _keyed_digest(key: bytes, seq: int, prev_hash: str, at: datetime, *rest: Any) -> str:
    """HMAC-SHA256 over the seq, the previous hash and the entry (actor, action, entity,
    entity id, detail)."""
    body = _body([seq, prev_hash, at.isoformat(), *rest])
    return hmac.new(key, body, hashlib.sha256).hexdigest()
