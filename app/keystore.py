"""Per-installation secrets in the OS keyring, with a private file where no keyring exists.

Public API::

    load_secret(directory, name=..., file_name=..., purpose=...) -> StoredSecret
    StoredSecret(key, stored_in, warning)         # .key_id: first 8 hex of SHA-256 of the key
    keyring_get(name) / keyring_set(name, value)  # small texts; None / False without a keyring

A secret is 32 random bytes, created on first use and kept in the OS keyring (service
``wuzheng``: Windows Credential Locker, macOS Keychain, Secret Service on Linux). Where no
keyring backend exists (a Linux box without Secret Service) it lives in a file of the data
directory (0600 on POSIX) and :attr:`StoredSecret.warning` says so, for the app to show; a key
found in that file moves into the keyring once one exists, so what it signed stays valid.
(The audit key uses this. Pledge forms are signed with the device's Ed25519 key, which needs a
keyring; the old pledge HMAC key of :mod:`app.printing.signing` is only read, to check old
forms.) ``keyring`` is imported on first use, not at start-up.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
from dataclasses import dataclass
from pathlib import Path

from app.errors import UserError, os_reason
from app.paths import ensure_private_dir, private_file

KEYRING_SERVICE = "wuzheng"
KEY_BYTES = 32

_lock = threading.Lock()


@dataclass(frozen=True)
class StoredSecret:
    key: bytes
    stored_in: str  # "keyring" or the path of the fallback file
    warning: str | None = None

    @property
    def key_id(self) -> str:
        return key_id(self.key)


def key_id(key: bytes) -> str:
    return hashlib.sha256(key).hexdigest()[:8]


def _from_text(text: str | None) -> bytes | None:
    if not text:
        return None
    try:
        key = bytes.fromhex(text.strip())
    except ValueError:
        return None
    return key if len(key) == KEY_BYTES else None


def _read_file(path: Path) -> bytes | None:
    try:
        return _from_text(path.read_text(encoding="ascii"))
    except (OSError, UnicodeDecodeError):
        return None


def _write_file(path: Path, key: bytes, purpose: str) -> None:
    try:
        ensure_private_dir(path.parent)
        private_file(path)
        path.write_text(key.hex(), encoding="ascii")
    except OSError as exc:
        raise UserError(f"无法保存{purpose}文件 {path}：{os_reason(exc)}。") from exc


def load_secret(
    directory: Path, *, name: str, file_name: str, purpose: str, risk: str
) -> StoredSecret:
    """This installation's secret ``name``, created on first use (see the module docstring).

    ``purpose`` names it in messages (for example ``审计密钥``), ``risk`` says what a leaked
    file allows (for the warning). Raises :class:`UserError` when the keyring refuses or the
    fallback file cannot be written.
    """
    import keyring
    import keyring.errors

    path = directory / file_name
    with _lock:
        file_key = _read_file(path)
        try:
            key = _from_text(keyring.get_password(KEYRING_SERVICE, name))
            if key is None:
                key = file_key or secrets.token_bytes(KEY_BYTES)
                keyring.set_password(KEYRING_SERVICE, name, key.hex())
            return StoredSecret(key=key, stored_in="keyring")
        except keyring.errors.NoKeyringError:
            key = file_key
            if key is None:
                key = secrets.token_bytes(KEY_BYTES)
                _write_file(path, key, purpose)
            warning = (
                f"本机没有可用的系统密钥环，{purpose}保存在文件 {path} 中。"
                f"请限制他人访问该文件；{risk}。"
            )
            return StoredSecret(key=key, stored_in=str(path), warning=warning)
        except keyring.errors.KeyringError as exc:
            raise UserError(f"无法读取系统密钥环中的{purpose}：{exc}。") from exc


def keyring_get(name: str) -> str | None:
    """A small text kept in the keyring, or None (also when there is no keyring)."""
    import keyring
    import keyring.errors

    try:
        return keyring.get_password(KEYRING_SERVICE, name)
    except keyring.errors.KeyringError:
        return None


def keyring_set(name: str, value: str) -> bool:
    """Keep a small text in the keyring; False when there is no keyring or it refused."""
    import keyring
    import keyring.errors

    try:
        keyring.set_password(KEYRING_SERVICE, name, value)
    except keyring.errors.KeyringError:
        return False
    return True
