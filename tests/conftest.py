"""Shared fixtures. Qt runs offscreen; tests that use ``qtbot`` are marked ``gui`` automatically."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring_support import MemoryKeyring

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app.storage.db import Database


@pytest.fixture
def db() -> Database:
    """A fresh, migrated, empty in-memory database."""
    return Database.in_memory()


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty data directory, used through $WUZHENG_HOME like a real installation."""
    directory = tmp_path / "home"
    monkeypatch.setenv("WUZHENG_HOME", str(directory))
    yield directory


@pytest.fixture(autouse=True)
def private_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[MemoryKeyring]:
    """Tests never touch the machine's keyring: an in-memory one in this process, keyring's
    ``fail`` backend in the processes tests start (their keys fall back to files in their own
    data directory)."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    yield backend
    keyring.set_keyring(previous)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "qtbot" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.gui)
