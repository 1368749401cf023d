"""Ed25519 over canonical JSON (app/signing.py): what the hub and the windows sign with."""

from __future__ import annotations

import pytest

from app import signing
from app.signing import SignatureInvalid, SigningKey


def test_sign_verify_and_what_breaks_a_signature() -> None:
    key = SigningKey.generate()
    value = {"b": [1, "二", None, True], "a": {"z": "证明", "y": 2}}
    signature = key.sign(signing.PURPOSE_PLEDGE, value)
    # the order of keys does not matter: the canonical form sorts them
    signing.verify(key.public_key, signing.PURPOSE_PLEDGE, dict(reversed(value.items())), signature)
    assert signing.signed_message("p", value) == (
        b'p\x00{"a":{"y":2,"z":"\xe8\xaf\x81\xe6\x98\x8e"},"b":[1,"\xe4\xba\x8c",null,true]}'
    )
    tampered = {**value, "b": [1, "三", None, True]}
    for args in (
        (key.public_key, signing.PURPOSE_PLEDGE, tampered, signature),  # other content
        (key.public_key, signing.PURPOSE_BROADCAST, value, signature),  # other purpose
        (SigningKey.generate().public_key, signing.PURPOSE_PLEDGE, value, signature),  # other key
        (key.public_key, signing.PURPOSE_PLEDGE, value, "AAAA"),  # not a signature
    ):
        with pytest.raises(SignatureInvalid):
            signing.verify(*args)
        assert not signing.is_valid(*args)
    with pytest.raises(TypeError):
        signing.canonical_json({"amount": 1.5})  # floats have no canonical form


def test_keys_round_trip_and_never_print_the_private_half() -> None:
    key = SigningKey.generate()
    again = SigningKey.from_pem(key.to_pem())
    assert again.public_key == key.public_key and len(key.key_id) == 16
    assert SigningKey.from_raw(key.to_raw()).key_id == key.key_id
    assert key.to_pem().decode() not in repr(key)
    data = b"catalog bytes"
    signing.verify_bytes(key.public_key, "x/v1", data, again.sign_bytes("x/v1", data))
    with pytest.raises(SignatureInvalid):
        signing.verify_bytes(key.public_key, "x/v1", data + b" ", key.sign_bytes("x/v1", data))
    with pytest.raises(signing.KeyFormatError):
        SigningKey.from_pem(b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")
