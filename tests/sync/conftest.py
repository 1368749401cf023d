"""Sync test fixtures: a real hub process per test (SQLite and PostgreSQL), devices with their
own data directories, one test keyring file shared by every process of a test."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends.fail import Keyring as FailKeyring

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hub"))  # hubkit

from cases_catalog import install
from hubkit import fresh_database
from synckit import Device, HubProcess, device_env, hub_process, take_in
from testkeyring import ENV, FileKeyring

from app.storage.db import Database

TEMPLATE_CASES = 500  # 1,000 requests: 500 verifications (D-GA), 500 data queries (D-MZ)


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def keyring_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The test keyring: this process and every device process it starts use one file."""
    path = tmp_path / "keyring.json"
    monkeypatch.setenv(ENV, str(path))
    keyring.set_keyring(FileKeyring())  # the autouse private_keyring fixture restores it
    return path


@pytest.fixture
def hub(backend: str, tmp_path: Path) -> Iterator[HubProcess]:
    with fresh_database(backend, tmp_path) as url, hub_process(url, tmp_path / "hub") as running:
        yield running


def _home(folder: Path, with_catalog: bool = True) -> Path:
    db = Database.open(folder)
    if with_catalog:
        install(db)
    db.engine.dispose()
    return folder


@pytest.fixture
def window(tmp_path: Path, keyring_file: Path) -> Device:
    """A window's data directory with the test catalog, not connected yet."""
    return Device(_home(tmp_path / "window"), device_env(keyring_file))


@pytest.fixture
def department(tmp_path: Path, keyring_file: Path) -> Device:
    return Device(_home(tmp_path / "dept-ga"), device_env(keyring_file))


@pytest.fixture(scope="session")
def busy_window(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A standalone window that took in 500 cases (1,000 requests) before it was connected:
    made once, copied by each test (its audit key in a file beside the database)."""
    folder = tmp_path_factory.mktemp("busy-window") / "home"
    previous = keyring.get_keyring()
    keyring.set_keyring(FailKeyring())
    try:
        db = Database.open(folder)
        install(db)
        take_in(db, TEMPLATE_CASES)
        db.engine.dispose()
    finally:
        keyring.set_keyring(previous)
    return folder


@pytest.fixture
def loaded_window(busy_window: Path, tmp_path: Path, keyring_file: Path) -> Device:
    home = tmp_path / "loaded-window"
    shutil.copytree(busy_window, home)
    return Device(home, device_env(keyring_file))
