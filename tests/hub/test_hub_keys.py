"""The hub's signing key file: made once, 0600, pinned in the database; old devices without a
key keep working (no hub process needed: the store on a SQLite file)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from hubkit import cli

from app.hub import admin, keys
from app.hub.models import Device
from app.hub.store import HubStore
from app.ids import utcnow
from app.signing import SigningKey
from app.sync.wire import DeviceKind


def test_the_key_is_made_once_private_and_never_replaced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = f"sqlite:///{tmp_path / 'hub.sqlite'}"
    key_file = tmp_path / "keys" / "hub-signing.key"
    code, out, err = cli(capsys, "hub", "init-keys", "--db", db, "--signing-key", str(key_file))
    assert code == 0 and "已生成" in err
    public = out.strip()
    if os.name == "posix":
        assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    code, out, err = cli(capsys, "hub", "init-keys", "--db", db, "--signing-key", str(key_file))
    assert (code, out.strip()) == (0, public) and "已存在" in err

    store = HubStore.open(db)
    try:
        assert keys.load_key(store, key_file).public_key == public
        with pytest.raises(keys.HubKeyError, match="找不到签名私钥文件"):
            keys.init_keys(store, tmp_path / "elsewhere.key")  # never a second key
        other = tmp_path / "other.key"
        other.write_bytes(SigningKey.generate().to_pem())
        other.chmod(0o600)
        with pytest.raises(keys.HubKeyError, match="不是本中心登记的密钥"):
            keys.load_key(store, other)
        if os.name == "posix":
            key_file.chmod(0o644)
            with pytest.raises(keys.HubKeyError, match="chmod 600"):
                keys.load_key(store, key_file)
            key_file.chmod(0o600)

        # a device enrolled before keys existed keeps its token and can still be revoked
        token = "old-device-token"
        store.write(
            lambda s: s.add(
                Device(kind="window", code="OLD01", name="旧电脑",
                       token_hash=admin.sha256_hex(token), enrolled_at=utcnow())
            )
        )  # fmt: skip
        device = admin.authenticate(store, token)
        assert device is not None and device.kind is DeviceKind.WINDOW
        assert admin.revoke(store, "OLD01", None) == (1, 0)  # no key: nothing to re-publish
    finally:
        store.dispose()
