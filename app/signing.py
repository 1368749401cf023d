"""Ed25519 signatures over canonical JSON: what the hub publishes and what a window prints.

Both the county hub (broadcasts: catalog versions, the credit list, device keys, the calendar,
freshness limits) and a window (pledge forms) sign with their own Ed25519 key; whoever checks a
signature holds only the public key, so a checker can never forge.

Public API::

    SigningKey.generate() / SigningKey.from_pem(data) / .to_pem()
    key.public_key -> str                  # raw 32-byte public key, base64 (standard, padded)
    key.key_id -> str                      # key_id(public_key)
    key.sign(purpose, value) -> str        # base64 of the 64-byte signature
    key.sign_bytes(purpose, data) -> str
    key_id(public_key) -> str              # first 16 hex digits of SHA-256 of the raw key
    canonical_json(value) -> bytes         # the one byte form that is signed
    signed_message(purpose, value) -> bytes
    verify(public_key, purpose, value, signature) -> None     # SignatureInvalid if not valid
    verify_bytes(public_key, purpose, data, signature) -> None
    is_valid(public_key, purpose, value, signature) -> bool

**What is signed.** ``purpose`` (an ASCII label such as ``wuzheng/broadcast/v1``), one NUL
byte, then the value's canonical JSON: ``json.dumps(value, sort_keys=True,
separators=(",", ":"), ensure_ascii=False)`` encoded as UTF-8. Only JSON's own types are allowed
(dict with str keys, list, str, int, bool, None): no floats (their text form differs between
languages), so dates and decimals travel as strings. The purpose makes a signature made for one
use worthless for another (a pledge form's signature can never pass as a broadcast's).
:func:`sign_bytes`/:func:`verify_bytes` sign raw bytes the same way (purpose, NUL, bytes), for a
document whose exact bytes travel (the catalog file).

Keys: the private key as PKCS#8 PEM (what ``openssl pkey`` reads); the public key as the raw 32
bytes in base64, the form the wire carries.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

PUBLIC_KEY_BYTES = 32
SIGNATURE_BYTES = 64
KEY_ID_HEX = 16

PURPOSE_BROADCAST = "wuzheng/broadcast/v1"  # a change the hub publishes to every device
PURPOSE_CATALOG = "wuzheng/catalog/v1"  # the bytes of a published catalog document
PURPOSE_PLEDGE = "wuzheng/pledge/v1"  # a printed pledge form (the window side)


class SignatureInvalid(ValueError):
    """A signature that does not verify (wrong key, changed content, or not a signature)."""


class KeyFormatError(ValueError):
    """Bytes that are not an Ed25519 key in the expected form."""


def canonical_json(value: Any) -> bytes:
    """The canonical UTF-8 bytes of a JSON value (keys sorted, no spaces, no floats)."""
    _check_json(value)
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def _check_json(value: Any) -> None:
    if value is None or isinstance(value, bool | int | str):
        return
    if isinstance(value, float):
        raise TypeError("floats have no canonical form: send them as strings")
    if isinstance(value, list):
        for item in value:
            _check_json(item)
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError("object keys must be strings")
            _check_json(item)
        return
    raise TypeError(f"{type(value).__name__} is not a JSON type")


def _purpose(purpose: str) -> bytes:
    if not purpose or not purpose.isascii() or "\x00" in purpose:
        raise ValueError("purpose must be non-empty ASCII without NUL")
    return purpose.encode("ascii") + b"\x00"


def signed_message(purpose: str, value: Any) -> bytes:
    """Exactly the bytes a signature over ``value`` for ``purpose`` covers."""
    return _purpose(purpose) + canonical_json(value)


def key_id(public_key: str) -> str:
    """A short, stable name for a public key: 16 hex digits of SHA-256 of its raw bytes."""
    return hashlib.sha256(_public_raw(public_key)).hexdigest()[:KEY_ID_HEX]


def _public_raw(public_key: str) -> bytes:
    try:
        raw = base64.b64decode(public_key, validate=True)
    except (binascii.Error, ValueError):
        raise KeyFormatError("public key is not base64") from None
    if len(raw) != PUBLIC_KEY_BYTES:
        raise KeyFormatError("public key is not a raw Ed25519 key (32 bytes)")
    return raw


def load_public_key(public_key: str) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(_public_raw(public_key))


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


class SigningKey:
    """An Ed25519 private key with its public half (base64) and key id."""

    def __init__(self, private: Ed25519PrivateKey) -> None:
        self._private = private
        raw = private.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        self.public_key = _b64(raw)
        self.key_id = key_id(self.public_key)

    @classmethod
    def generate(cls) -> SigningKey:
        return cls(Ed25519PrivateKey.generate())

    @classmethod
    def from_pem(cls, data: bytes) -> SigningKey:
        try:
            private = serialization.load_pem_private_key(data, password=None)
        except (ValueError, TypeError) as exc:
            raise KeyFormatError("not an unencrypted PKCS#8 PEM private key") from exc
        if not isinstance(private, Ed25519PrivateKey):
            raise KeyFormatError("not an Ed25519 private key")
        return cls(private)

    @classmethod
    def from_raw(cls, data: bytes) -> SigningKey:
        """From the raw 32-byte private key (what a device may keep in the OS keyring)."""
        try:
            return cls(Ed25519PrivateKey.from_private_bytes(data))
        except ValueError as exc:
            raise KeyFormatError("not a raw Ed25519 private key (32 bytes)") from exc

    def to_pem(self) -> bytes:
        return self._private.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )

    def to_raw(self) -> bytes:
        return self._private.private_bytes(
            serialization.Encoding.Raw,
            serialization.PrivateFormat.Raw,
            serialization.NoEncryption(),
        )

    def sign(self, purpose: str, value: Any) -> str:
        """Base64 signature over ``purpose`` and the canonical JSON of ``value``."""
        return _b64(self._private.sign(signed_message(purpose, value)))

    def sign_bytes(self, purpose: str, data: bytes) -> str:
        return _b64(self._private.sign(_purpose(purpose) + data))

    def __repr__(self) -> str:  # never the private key
        return f"SigningKey(key_id={self.key_id!r})"


def _check(public_key: str, message: bytes, signature: str) -> None:
    try:
        raw = base64.b64decode(signature, validate=True)
    except (binascii.Error, ValueError):
        raise SignatureInvalid("signature is not base64") from None
    if len(raw) != SIGNATURE_BYTES:
        raise SignatureInvalid("signature is not 64 bytes")
    try:
        key = load_public_key(public_key)
    except KeyFormatError as exc:
        raise SignatureInvalid(str(exc)) from None
    try:
        key.verify(raw, message)
    except InvalidSignature:
        raise SignatureInvalid("signature does not match the content and key") from None


def verify(public_key: str, purpose: str, value: Any, signature: str) -> None:
    """Check a signature made by :meth:`SigningKey.sign`; :class:`SignatureInvalid` if not."""
    _check(public_key, signed_message(purpose, value), signature)


def verify_bytes(public_key: str, purpose: str, data: bytes, signature: str) -> None:
    """Check a signature made by :meth:`SigningKey.sign_bytes`."""
    _check(public_key, _purpose(purpose) + data, signature)


def is_valid(public_key: str, purpose: str, value: Any, signature: str) -> bool:
    try:
        verify(public_key, purpose, value, signature)
    except SignatureInvalid:
        return False
    return True
