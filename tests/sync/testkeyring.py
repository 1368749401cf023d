"""A keyring backend for tests only: a JSON file named by $WUZHENG_TEST_KEYRING.

Separate processes (a CLI run, a sync killed and restarted) share it. Tests select it with
keyring's own switch: PYTHON_KEYRING_BACKEND=testkeyring.FileKeyring (with this folder on
PYTHONPATH). The application never uses a file for a token.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from jaraco.classes import properties
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

ENV = "WUZHENG_TEST_KEYRING"


class FileKeyring(KeyringBackend):
    @properties.classproperty
    def priority(cls) -> float:
        # keyring offers every imported backend class to its chainer: this one only where a
        # test asked for it, never to the other tests of the same run
        if ENV not in os.environ:
            raise RuntimeError(f"a test backend: needs ${ENV}")
        return 1

    @staticmethod
    def _path() -> Path:
        return Path(os.environ[ENV])

    def _load(self) -> dict[str, str]:
        path = self._path()
        return json.loads(path.read_text("utf-8")) if path.exists() else {}

    def _save(self, data: dict[str, str]) -> None:
        path = self._path()
        temp = path.with_suffix(".tmp")
        temp.write_text(json.dumps(data), "utf-8")
        temp.replace(path)

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}\x00{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        data = self._load()
        data[f"{service}\x00{username}"] = password
        self._save(data)

    def delete_password(self, service: str, username: str) -> None:
        data = self._load()
        if data.pop(f"{service}\x00{username}", None) is None:
            raise PasswordDeleteError(username)
        self._save(data)
