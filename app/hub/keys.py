"""The hub's own Ed25519 signing key: where it lives and how it is made once.

The private key is a PKCS#8 PEM file, by default ``hub-signing.key`` in the hub's data
directory, else the path of ``--signing-key`` or ``$WUZHENG_HUB_SIGNING_KEY``. It is created
0600 (owner only) on POSIX by ``wuzheng hub init-keys`` or the first ``wuzheng hub serve``, and
refused when group or others may read it. The public key and its id are recorded in the hub's
database (``hub_meta``) the first time, and from then on the file must hold the matching key:
every device has pinned that public key at enrolment, so a hub never silently makes another.
Several hosts serving one PostgreSQL database each get a copy of the same file.

Back the file up with the database: without it the hub can still sync requests and answers,
but cannot publish (catalog, credit list, calendar) or enrol devices.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import UserError
from app.hub.models import HubMeta
from app.hub.store import HubStore
from app.signing import KeyFormatError, SigningKey

KEY_FILE = "hub-signing.key"
ENV_KEY = "WUZHENG_HUB_SIGNING_KEY"
META_PUBLIC_KEY = "signing_public_key"
META_KEY_ID = "signing_key_id"


class HubKeyError(UserError):
    """The signing key is missing, unreadable, too open or not the hub's registered one."""


def key_path(option: str | Path | None, directory: Path) -> Path:
    """``--signing-key``, else ``$WUZHENG_HUB_SIGNING_KEY``, else the data directory's file."""
    chosen = option or os.environ.get(ENV_KEY) or directory / KEY_FILE
    return Path(chosen).expanduser().resolve()


def registered_key(session: Session) -> tuple[str, str] | None:
    """(public key, key id) recorded in the database, or None before the first key."""
    rows = session.execute(
        select(HubMeta.key, HubMeta.value).where(HubMeta.key.in_([META_PUBLIC_KEY, META_KEY_ID]))
    )
    meta = {key: value for key, value in rows}
    if META_PUBLIC_KEY not in meta:
        return None
    return meta[META_PUBLIC_KEY], meta.get(META_KEY_ID, "")


def _read(path: Path) -> SigningKey:
    try:
        info = path.stat()
    except OSError as exc:
        raise HubKeyError(f"无法读取签名私钥文件 {path}：{exc.strerror or exc}。") from exc
    if os.name == "posix" and info.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise HubKeyError(
            f"签名私钥文件 {path} 的权限过宽（其他用户可读）：请执行 chmod 600 {path} 后再试。"
        )
    try:
        return SigningKey.from_pem(path.read_bytes())
    except OSError as exc:
        raise HubKeyError(f"无法读取签名私钥文件 {path}：{exc.strerror or exc}。") from exc
    except KeyFormatError:
        raise HubKeyError(f"{path} 不是 Ed25519 私钥文件（PKCS#8 PEM）。") from None


def _write(path: Path, key: SigningKey) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise HubKeyError(f"签名私钥文件 {path} 已存在。") from None
    except OSError as exc:
        raise HubKeyError(f"无法创建签名私钥文件 {path}：{exc.strerror or exc}。") from exc
    with os.fdopen(fd, "wb") as handle:
        handle.write(key.to_pem())
        handle.flush()
        os.fsync(handle.fileno())


def init_keys(store: HubStore, path: Path) -> tuple[SigningKey, bool]:
    """The hub's key, made (file 0600 and database record) if it has none: (key, created)."""

    def work(session: Session) -> tuple[SigningKey, bool]:
        registered = registered_key(session)
        created = False
        if path.exists():
            key = _read(path)
        elif registered is None:
            key = SigningKey.generate()
            _write(path, key)
            created = True
        else:
            raise HubKeyError(_missing(path, registered[1]))
        if registered is None:
            session.add(HubMeta(key=META_PUBLIC_KEY, value=key.public_key))
            session.add(HubMeta(key=META_KEY_ID, value=key.key_id))
        elif registered[0] != key.public_key:
            raise HubKeyError(_mismatch(path, registered[1], key.key_id))
        return key, created

    return store.write(work)


def load_key(store: HubStore, path: Path) -> SigningKey:
    """The hub's key from ``path``; it must be the one recorded in the database."""
    with store.read() as session:
        registered = registered_key(session)
    if registered is None:
        raise HubKeyError(
            "本中心还没有签名密钥：请先运行 wuzheng hub init-keys（或启动一次 wuzheng hub serve）。"
        )
    if not path.exists():
        raise HubKeyError(_missing(path, registered[1]))
    key = _read(path)
    if key.public_key != registered[0]:
        raise HubKeyError(_mismatch(path, registered[1], key.key_id))
    return key


def _missing(path: Path, key_id: str) -> str:
    return (
        f"找不到签名私钥文件 {path}。本中心已登记公钥（key id {key_id}），各设备只认这把密钥："
        "请从备份恢复该文件，或用 --signing-key 指定它的位置。"
    )


def _mismatch(path: Path, registered: str, found: str) -> str:
    return (
        f"签名私钥文件 {path}（key id {found}）不是本中心登记的密钥（key id {registered}），"
        "请指定正确的文件。"
    )
