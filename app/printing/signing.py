"""The keyed signature on a pledge form's QR code, checked offline by a supervisor's app.

Each installation has a random 32-byte secret. It lives in the OS keyring (service
``wuzheng``, name ``pledge-signing-key``); where no keyring backend exists (a Linux box without
Secret Service) it falls back to a file in the data directory, and :func:`load_signing_key`
says so in :attr:`SigningKey.warning` so the app can show it.

The QR payload is ``WZ1|F|<case number>|<form hash 16>|<key id>|<sig>``: a reference the
checker resolves in its database (the pledges of that case whose stored form hash starts with
those 16 hex digits), so a form of 100 pledges has as small a code as a form of one.
``sig`` is HMAC-SHA256 over everything before it, truncated to 128 bits (hex), and the key id
(first 8 hex of SHA-256 of the key) tells a supervisor holding several windows' keys which one
to use. Forms printed before carry ``WZ1|P|<case number>|<pledge id>,<pledge id>…|<form hash
16>|<key id>|<sig>``, which still verifies.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

import keyring
import keyring.errors

from app.errors import UserError
from app.paths import data_dir
from app.printing import qr

KEYRING_SERVICE = "wuzheng"
KEYRING_NAME = "pledge-signing-key"
KEY_FILE = "pledge-signing.key"
KEY_BYTES = 32
SIGNATURE_HEX = 32  # 128 bits of the HMAC
FORM_HASH_HEX = 16


class BadSignature(UserError):
    """The QR code's signature does not match: the form was altered or printed elsewhere."""


@dataclass(frozen=True)
class SigningKey:
    key: bytes
    stored_in: str  # "keyring" or the path of the fallback file
    warning: str | None = None

    @property
    def key_id(self) -> str:
        return key_id(self.key)


@dataclass(frozen=True)
class PledgeQr:
    """What a verified pledge QR code says."""

    case_number: str
    pledge_ids: tuple[str, ...]  # empty until resolved: a current form names only its case
    form_hash: str  # first 16 hex digits of Pledge.form_hash
    key_id: str


def key_id(key: bytes) -> str:
    return hashlib.sha256(key).hexdigest()[:8]


def _from_text(text: str) -> bytes | None:
    try:
        key = bytes.fromhex(text.strip())
    except ValueError:
        return None
    return key if len(key) == KEY_BYTES else None


def _file_key(directory: Path) -> tuple[bytes | None, Path]:
    path = directory / KEY_FILE
    try:
        return _from_text(path.read_text(encoding="ascii")), path
    except (OSError, UnicodeDecodeError):
        return None, path


def _write_file_key(path: Path, key: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(key.hex())
    except OSError as exc:
        raise UserError(f"无法保存承诺书签名密钥文件 {path}：{exc.strerror}。") from exc


def load_signing_key(directory: Path | None = None) -> SigningKey:
    """This installation's signing key, created on first use.

    Keyring first; with no keyring backend, a file ``pledge-signing.key`` in the data
    directory (with a warning). A key found in that file is moved into the keyring once one
    exists, so forms printed earlier still verify.
    """
    folder = directory if directory is not None else data_dir()
    file_key, path = _file_key(folder)
    try:
        stored = keyring.get_password(KEYRING_SERVICE, KEYRING_NAME)
        key = _from_text(stored) if stored else None
        if key is None:
            key = file_key or secrets.token_bytes(KEY_BYTES)
            keyring.set_password(KEYRING_SERVICE, KEYRING_NAME, key.hex())
        return SigningKey(key=key, stored_in="keyring")
    except keyring.errors.NoKeyringError:
        key = file_key
        if key is None:
            key = secrets.token_bytes(KEY_BYTES)
            _write_file_key(path, key)
        warning = (
            f"本机没有可用的系统密钥环，承诺书签名密钥保存在文件 {path} 中。"
            "请限制他人访问该文件；泄露后他人可伪造承诺书二维码。"
        )
        return SigningKey(key=key, stored_in=str(path), warning=warning)
    except keyring.errors.KeyringError as exc:
        raise UserError(f"无法读取系统密钥环中的承诺书签名密钥：{exc}。") from exc


def _signature(message: str, key: bytes) -> str:
    digest = hmac.new(key, message.encode("utf-8"), hashlib.sha256).hexdigest()
    return digest[:SIGNATURE_HEX]


def pledge_payload(case_number: str, form_hash: str, key: bytes) -> str:
    """The signed text of a pledge form's QR code: the case and the form it refers to."""
    body = qr.encode(qr.PLEDGE_FORM, case_number, form_hash[:FORM_HASH_HEX], key_id(key))
    return f"{body}|{_signature(body, key)}"


def verify_pledge_qr(payload: str, key: bytes) -> PledgeQr:
    """Check a scanned pledge QR code offline; raises :class:`BadSignature` if it was altered.

    A current form's code names its case and form hash (``pledge_ids`` is then empty: see
    :func:`app.printing.pledge.check_pledge_paper`); a form printed before lists its pledges.
    """
    text = payload.strip()
    body, _, signature = text.rpartition("|")
    fields = qr.decode(body) if body else []
    if fields[:1] == [qr.PLEDGE_FORM] and len(fields) == 4:
        _, case_number, form_hash, kid = fields
        ids = ""
    elif fields[:1] == [qr.PLEDGE] and len(fields) == 5:
        _, case_number, ids, form_hash, kid = fields
    else:
        raise UserError("这不是告知承诺书的二维码。")
    if not hmac.compare_digest(signature, _signature(body, key)):
        if kid != key_id(key):
            raise BadSignature(
                "二维码签名无法用本机密钥核对：这份承诺书由其他窗口打印，请使用该窗口的密钥核查。"
            )
        raise BadSignature("二维码签名不符：这份承诺书的二维码可能被改动过，请核实原件。")
    if len(form_hash) != FORM_HASH_HEX:
        raise UserError("这不是告知承诺书的二维码。")
    return PledgeQr(
        case_number=case_number,
        pledge_ids=tuple(i for i in ids.split(",") if i),
        form_hash=form_hash,
        key_id=kid,
    )
