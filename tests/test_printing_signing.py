"""Pledge form signatures: the window's Ed25519 key (keyring only), and the old per-installation
HMAC key that still checks forms printed before (keyring first, a file with a warning)."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring_support import MemoryKeyring, NoKeyring

from app.errors import UserError
from app.printing.signing import (
    ED25519_NAME,
    KEY_FILE,
    KEYRING_NAME,
    KEYRING_SERVICE,
    BadSignature,
    key_id,
    load_pledge_signer,
    load_signing_key,
    own_public_key,
    pledge_payload,
    verify_pledge_qr,
)
from app.signing import SigningKey


@pytest.fixture
def restore_keyring() -> Iterator[None]:
    previous = keyring.get_keyring()
    yield
    keyring.set_keyring(previous)


def test_key_is_created_once_and_kept_in_the_keyring(tmp_path: Path, restore_keyring: None) -> None:
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    first = load_signing_key(tmp_path)
    second = load_signing_key(tmp_path)
    assert first.key == second.key and len(first.key) == 32
    assert first.stored_in == "keyring" and first.warning is None
    assert backend.store[(KEYRING_SERVICE, KEYRING_NAME)] == first.key.hex()
    assert not (tmp_path / KEY_FILE).exists()


def test_without_a_keyring_the_key_lives_in_a_file_with_a_warning(
    tmp_path: Path, restore_keyring: None
) -> None:
    keyring.set_keyring(NoKeyring())
    first = load_signing_key(tmp_path)
    assert first.warning is not None and "密钥环" in first.warning
    assert (tmp_path / KEY_FILE).is_file()
    assert load_signing_key(tmp_path).key == first.key
    # once a keyring appears the same key moves there: earlier forms still verify
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    moved = load_signing_key(tmp_path)
    assert moved.key == first.key and moved.stored_in == "keyring"


def test_signature_covers_every_field() -> None:
    key = SigningKey.from_raw(b"k" * 32)
    payload = pledge_payload("HF01-20261109-0001", "f" * 64, key)
    scanned = verify_pledge_qr(payload, key)
    assert scanned.case_number == "HF01-20261109-0001"
    assert scanned.pledge_ids == ()  # resolved from the database by check_pledge_paper
    assert scanned.form_hash == "f" * 16
    body, _, sig = payload.rpartition("|")
    for tampered in (
        body.replace("ffff", "fffe", 1) + "|" + sig,
        body.replace("HF01", "HF02") + "|" + sig,
        body + "|" + sig[:10] + ("A" if sig[10] != "A" else "B") + sig[11:],
    ):
        with pytest.raises(BadSignature):
            verify_pledge_qr(tampered, key)


def legacy_payload(case_number: str, ids: list[str], form_hash: str, key: bytes) -> str:
    """A pledge form's QR code as printed before forms named only their case: every id."""
    body = "|".join(["WZ1", "P", case_number, ",".join(ids), form_hash[:16], key_id(key)])
    return body + "|" + hmac.new(key, body.encode(), hashlib.sha256).hexdigest()[:32]


def test_a_form_printed_before_still_verifies_and_is_still_tamper_evident() -> None:
    key = b"k" * 32
    payload = legacy_payload("HF01-20261109-0001", ["a1", "b2"], "f" * 64, key)
    scanned = verify_pledge_qr(payload, key)
    assert scanned.pledge_ids == ("a1", "b2")
    assert scanned.form_hash == "f" * 16
    body, _, sig = payload.rpartition("|")
    with pytest.raises(BadSignature):
        verify_pledge_qr(body.replace("a1", "a9") + "|" + sig, key)


def test_a_standalone_window_signs_with_its_own_ed25519_key_in_the_keyring(
    tmp_path: Path, restore_keyring: None
) -> None:
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    first = load_pledge_signer(None)
    assert load_pledge_signer(None).public_key == first.public_key  # made once, kept
    assert (KEYRING_SERVICE, ED25519_NAME) in backend.store
    payload = pledge_payload("HF01-20261109-0001", "e" * 64, first)
    assert payload.startswith("WZ1|S|HF01-20261109-0001|eeeeeeeeeeeeeeee|")
    # whoever holds only the public key checks it, and cannot sign
    assert verify_pledge_qr(payload, first.public_key).form_hash == "e" * 16
    assert own_public_key(None) == first.public_key


def test_without_a_keyring_the_pledge_key_has_no_file_fallback(
    tmp_path: Path, restore_keyring: None
) -> None:
    keyring.set_keyring(NoKeyring())
    with pytest.raises(UserError) as refused:
        load_pledge_signer(None)
    assert "没有可用的系统密钥库" in str(refused.value) and "\n" not in str(refused.value)
    assert list(tmp_path.iterdir()) == []
    assert own_public_key(None) is None
