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
from dataclasses import dataclass
from pathlib import Path

from app.errors import UserError
from app.keystore import KEY_BYTES as KEY_BYTES
from app.keystore import KEYRING_SERVICE as KEYRING_SERVICE
from app.keystore import StoredSecret, load_secret
from app.keystore import key_id as key_id
from app.paths import data_dir
from app.printing import qr

KEYRING_NAME = "pledge-signing-key"
KEY_FILE = "pledge-signing.key"
SIGNATURE_HEX = 32  # 128 bits of the HMAC
FORM_HASH_HEX = 16


class BadSignature(UserError):
    """The QR code's signature does not match: the form was altered or printed elsewhere."""


SigningKey = StoredSecret  # key, stored_in ("keyring" or the fallback file), warning, key_id


@dataclass(frozen=True)
class PledgeQr:
    """What a verified pledge QR code says."""

    case_number: str
    pledge_ids: tuple[str, ...]  # empty until resolved: a current form names only its case
    form_hash: str  # first 16 hex digits of Pledge.form_hash
    key_id: str


def load_signing_key(directory: Path | None = None) -> SigningKey:
    """This installation's signing key, created on first use.

    Keyring first; with no keyring backend, a file ``pledge-signing.key`` in the data
    directory (with a warning). A key found in that file is moved into the keyring once one
    exists, so forms printed earlier still verify (:func:`app.keystore.load_secret`).
    """
    return load_secret(
        directory if directory is not None else data_dir(),
        name=KEYRING_NAME,
        file_name=KEY_FILE,
        purpose="承诺书签名密钥",
        risk="泄露后他人可伪造承诺书二维码",
    )


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
