"""The device's hub token, kept in the OS keyring (never in a file).

    check_keyring()                # UserError when there is no usable keyring
    store_token(key, token)        # the same
    load_token(key) -> str         # UserError when it is missing
    delete_token(key)

keyring picks the platform's store (Windows Credential Locker, macOS Keychain, Secret Service
on Linux); an operator can choose another with keyring's own ``PYTHON_KEYRING_BACKEND``. With
none available, keyring's ``fail`` backend raises NoKeyringError: the refusal is one sentence.
A backend that accepts the token but cannot give it back (the ``null`` backend) is refused too.
"""

from __future__ import annotations

import contextlib

import keyring
from keyring.errors import KeyringError, NoKeyringError, PasswordDeleteError

from app.errors import UserError

SERVICE = "Wuzheng hub token"

_NO_KEYRING = (
    "本机没有可用的系统密钥库（keyring），无法安全保存县级中心的凭据，未连接。"
    "请在 Windows/macOS 上使用系统账户登录，或在 Linux 上启用 Secret Service"
    "（也可用 PYTHON_KEYRING_BACKEND 指定其他密钥库）。"
)


def check_keyring() -> None:
    """Refuse (UserError) when no keyring can keep a secret and give it back.

    Called before a one-time enrolment code is spent.
    """
    probe = "wuzheng-keyring-check"
    store_token(probe, probe)
    delete_token(probe)


def store_token(key: str, token: str) -> None:
    """Keep the token under ``key``; refuse (UserError) when no keyring can keep it."""
    try:
        keyring.set_password(SERVICE, key, token)
        kept = keyring.get_password(SERVICE, key)
    except NoKeyringError:
        raise UserError(_NO_KEYRING) from None
    except KeyringError as exc:
        raise UserError(f"系统密钥库拒绝保存凭据（{exc}），未连接。") from None
    if kept != token:
        raise UserError(_NO_KEYRING)


def load_token(key: str) -> str:
    """The token kept under ``key``; UserError when there is none (enrol again)."""
    try:
        token = keyring.get_password(SERVICE, key)
    except NoKeyringError:
        raise UserError(_NO_KEYRING.replace("，未连接", "，无法同步")) from None
    except KeyringError as exc:
        raise UserError(f"无法读取系统密钥库中的凭据（{exc}）。") from None
    if not token:
        raise UserError(
            "系统密钥库中没有本机的县级中心凭据（可能换了系统账户），"
            "请向县信息中心申请新的注册码，重新连接（wuzheng connect）。"
        )
    return token


def signing_key_name(key: str) -> str:
    """Where the device's Ed25519 private key (base64 of the raw 32 bytes) is kept: beside the
    token, in the same keyring."""
    return f"{key}#signing-key"


def delete_token(key: str) -> None:
    with contextlib.suppress(PasswordDeleteError, NoKeyringError):
        keyring.delete_password(SERVICE, key)
