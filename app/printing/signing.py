"""The signature on a pledge form's QR code: the window's Ed25519 key, checked offline by anyone.

A pledge form is signed with the private key of the window that printed it (issue 11): the
key pair it made when it was connected to the county hub (kept in the OS keyring beside its
hub token, :func:`app.sync.credentials.signing_key_name`), whose public half the hub
distributes to every device. Any enrolled window or supervisor checks any form offline with
those public keys (:class:`app.storage.models.DeviceKey`), and whoever can check a form cannot
forge one (the HMAC of before shared one secret for both). A window never connected signs with
a key pair of its own in the keyring (its forms check on that PC). There is no plain-file
fallback: without a keyring backend printing a pledge form is refused in one line.

The QR payload is ``WZ1|S|<case number>|<form hash 16>|<key id 16>|<signature>``: a reference
the checker resolves in its database (the pledges of that case whose stored form hash starts
with those 16 hex digits); the signature is Ed25519 (base64) over ``{"case", "form"}``,
purpose ``wuzheng/pledge/v1`` (:mod:`app.signing`), and the key id (first 16 hex of SHA-256 of
the public key) names the device key to check it with.

Forms printed before carry the installation's HMAC: ``WZ1|F|<case>|<form hash 16>|<key id
8>|<hmac 32>`` or ``WZ1|P|<case>|<pledge ids>|<form hash 16>|<key id 8>|<hmac 32>``; they
still check on the PC whose key is present (the old key, from the keyring).
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from app import signing
from app.errors import UserError
from app.keystore import KEY_BYTES as KEY_BYTES
from app.keystore import KEYRING_SERVICE as KEYRING_SERVICE
from app.keystore import StoredSecret, load_secret
from app.keystore import key_id as key_id
from app.paths import data_dir
from app.printing import qr
from app.signing import SigningKey

KEYRING_NAME = "pledge-signing-key"  # the old HMAC key (forms printed before issue 11)
KEY_FILE = "pledge-signing.key"
ED25519_NAME = "pledge-signing-ed25519"  # a never-connected window's own Ed25519 key
SIGNED = "S"  # a form signed with Ed25519
SIGNATURE_HEX = 32  # 128 bits of the old HMAC
FORM_HASH_HEX = 16

NO_KEYRING = (
    "本机没有可用的系统密钥库（keyring），不能安全保存承诺书签名私钥，未打印。"
    "请在 Windows/macOS 上使用系统账户登录，或在 Linux 上启用 Secret Service"
    "（也可用 PYTHON_KEYRING_BACKEND 指定其他密钥库）。"
)


class BadSignature(UserError):
    """The QR code's signature does not match: the form was altered or printed elsewhere."""


@dataclass(frozen=True)
class PledgeQr:
    """What a verified pledge QR code says."""

    case_number: str
    pledge_ids: tuple[str, ...]  # empty until resolved: a current form names only its case
    form_hash: str  # first 16 hex digits of Pledge.form_hash
    key_id: str
    signed_by: str = ""  # the device whose key checked it ("窗口 HF01"), "" for an old form
    note: str = ""  # e.g. the device was revoked since


@dataclass(frozen=True)
class PledgeKeys:
    """What a checker holds: Ed25519 public keys by key id (with who holds them), and this
    installation's old HMAC key where present."""

    public: Mapping[str, str] = field(default_factory=dict)  # key id -> public key (base64)
    holders: Mapping[str, str] = field(default_factory=dict)  # key id -> "窗口 HF01"
    revoked: Mapping[str, str] = field(default_factory=dict)  # key id -> when, for a note
    legacy: bytes | None = None

    @classmethod
    def of(cls, key: PledgeKeys | SigningKey | str | bytes | None) -> PledgeKeys:
        if isinstance(key, PledgeKeys):
            return key
        if isinstance(key, SigningKey):
            return cls(public={key.key_id: key.public_key})
        if isinstance(key, str):
            return cls(public={signing.key_id(key): key})
        return cls(legacy=key)


# --------------------------------------------------------------------------- keys


def _keyring_text(service: str, name: str) -> str | None:
    import keyring
    import keyring.errors

    try:
        return keyring.get_password(service, name)
    except keyring.errors.NoKeyringError:
        raise UserError(NO_KEYRING) from None
    except keyring.errors.KeyringError as exc:
        raise UserError(f"无法读取系统密钥库中的承诺书签名私钥（{exc}）。") from None


def _from_b64(text: str) -> SigningKey | None:
    try:
        return SigningKey.from_raw(base64.b64decode(text, validate=True))
    except (binascii.Error, ValueError, signing.KeyFormatError):
        return None


def load_pledge_signer(enrolment_key: str | None) -> SigningKey:
    """The Ed25519 key this window signs pledge forms with.

    ``enrolment_key``: the keyring entry of the window's hub enrolment
    (:attr:`app.sync.identity.Enrolment.key`), whose device key was made at connect; None for a
    window never connected (its own key pair, made on first use). Refused (UserError, one
    line) without a keyring backend: there is no file fallback.
    """
    if enrolment_key:
        from app.sync.credentials import SERVICE, signing_key_name

        text = _keyring_text(SERVICE, signing_key_name(enrolment_key))
        key = _from_b64(text) if text else None
        if key is None:
            raise UserError(
                "系统密钥库中没有本窗口的签名私钥（可能换了系统账户），不能打印承诺书。"
                "请向县信息中心申请新的注册码，重新连接（wuzheng connect）。"
            )
        return key
    import keyring
    import keyring.errors

    text = _keyring_text(KEYRING_SERVICE, ED25519_NAME)
    key = _from_b64(text) if text else None
    if key is not None:
        return key
    key = SigningKey.generate()
    raw = base64.b64encode(key.to_raw()).decode("ascii")
    try:
        keyring.set_password(KEYRING_SERVICE, ED25519_NAME, raw)
        kept = keyring.get_password(KEYRING_SERVICE, ED25519_NAME)
    except keyring.errors.NoKeyringError:
        raise UserError(NO_KEYRING) from None
    except keyring.errors.KeyringError as exc:
        raise UserError(f"系统密钥库拒绝保存承诺书签名私钥（{exc}），未打印。") from None
    if kept != raw:
        raise UserError(NO_KEYRING)
    return key


def own_public_key(enrolment_key: str | None) -> str | None:
    """This window's own signing public key if it has one (nothing is created)."""
    try:
        if enrolment_key:
            return load_pledge_signer(enrolment_key).public_key
        text = _keyring_text(KEYRING_SERVICE, ED25519_NAME)
    except UserError:
        return None
    key = _from_b64(text) if text else None
    return key.public_key if key is not None else None


def load_signing_key(directory: Path | None = None) -> StoredSecret:
    """The installation's old HMAC key (forms printed before issue 11 check with it)."""
    return load_secret(
        directory if directory is not None else data_dir(),
        name=KEYRING_NAME,
        file_name=KEY_FILE,
        purpose="承诺书签名密钥",
        risk="泄露后他人可伪造承诺书二维码",
    )


def legacy_key(directory: Path | None = None) -> bytes | None:
    """The old HMAC key where it is present: this PC's keyring, else the file a PC without a
    keyring kept it in (read to check old forms only; nothing is created, nothing new is
    signed with it)."""
    texts: list[str] = []
    with contextlib.suppress(UserError):
        texts.append(_keyring_text(KEYRING_SERVICE, KEYRING_NAME) or "")
    if directory is not None:
        with contextlib.suppress(OSError, UnicodeDecodeError):
            texts.append((directory / KEY_FILE).read_text(encoding="ascii"))
    for text in texts:
        try:
            key = bytes.fromhex(text.strip())
        except ValueError:
            continue
        if len(key) == KEY_BYTES:
            return key
    return None


# --------------------------------------------------------------------------- the payload


def _signed_fields(case_number: str, form_hash: str) -> dict[str, str]:
    return {"case": case_number, "form": form_hash}


def pledge_payload(case_number: str, form_hash: str, key: SigningKey) -> str:
    """The signed text of a pledge form's QR code: the case and the form it refers to."""
    short = form_hash[:FORM_HASH_HEX]
    body = qr.encode(SIGNED, case_number, short, key.key_id)
    signature = key.sign(signing.PURPOSE_PLEDGE, _signed_fields(case_number, short))
    return f"{body}|{signature}"


def _hmac(message: str, key: bytes) -> str:
    return hmac.new(key, message.encode("utf-8"), hashlib.sha256).hexdigest()[:SIGNATURE_HEX]


def legacy_pledge_payload(case_number: str, form_hash: str, key: bytes) -> str:
    """A form's QR code as printed before issue 11 (HMAC); for checking old paper."""
    body = qr.encode(qr.PLEDGE_FORM, case_number, form_hash[:FORM_HASH_HEX], key_id(key))
    return f"{body}|{_hmac(body, key)}"


def verify_pledge_qr(payload: str, keys: PledgeKeys | SigningKey | str | bytes | None) -> PledgeQr:
    """Check a scanned pledge QR code offline; raises :class:`BadSignature` if it was altered
    or no key held here can check it. A current form's code names its case and form hash
    (``pledge_ids`` is then empty: see :func:`app.printing.pledge.check_pledge_paper`)."""
    held = PledgeKeys.of(keys)
    text = payload.strip()
    body, _, signature = text.rpartition("|")
    fields = qr.decode(body) if body else []
    if fields[:1] == [SIGNED] and len(fields) == 4:
        return _verify_signed(fields, signature, held)
    if fields[:1] == [qr.PLEDGE_FORM] and len(fields) == 4:
        _, case_number, form_hash, kid = fields
        ids = ""
    elif fields[:1] == [qr.PLEDGE] and len(fields) == 5:
        _, case_number, ids, form_hash, kid = fields
    else:
        raise UserError("这不是告知承诺书的二维码。")
    key = held.legacy
    if key is None:
        raise BadSignature(
            "这份承诺书按旧方式签名（各窗口自己的密钥），只能在打印它的电脑上核查：本机没有该密钥。"
        )
    if not hmac.compare_digest(signature, _hmac(body, key)):
        if kid != key_id(key):
            raise BadSignature(
                "二维码签名无法用本机密钥核对：这份承诺书由其他窗口按旧方式打印，"
                "请在该窗口的电脑上核查。"
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


def _verify_signed(fields: list[str], signature: str, held: PledgeKeys) -> PledgeQr:
    _, case_number, form_hash, kid = fields
    if len(form_hash) != FORM_HASH_HEX:
        raise UserError("这不是告知承诺书的二维码。")
    public = held.public.get(kid)
    if public is None:
        raise BadSignature(
            f"本机没有签发这份承诺书的设备公钥（{kid}）：请先与县级中心同步，取得各窗口的公钥后再核查。"
        )
    try:
        signing.verify(
            public, signing.PURPOSE_PLEDGE, _signed_fields(case_number, form_hash), signature
        )
    except (signing.SignatureInvalid, signing.KeyFormatError):
        raise BadSignature("二维码签名不符：这份承诺书的二维码可能被改动过，请核实原件。") from None
    revoked = held.revoked.get(kid)
    return PledgeQr(
        case_number=case_number,
        pledge_ids=(),
        form_hash=form_hash,
        key_id=kid,
        signed_by=held.holders.get(kid, ""),
        note=f"签发设备已于 {revoked} 被吊销：请核对打印日期是否在此之前。" if revoked else "",
    )
