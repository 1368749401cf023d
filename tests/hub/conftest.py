"""The hub's fixtures: every test runs against a real hub process, on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hubkit import Hub, fresh_database, running_hub


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="session")
def hub(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hub]:
    """One hub process per backend for the session (tests use their own window/department
    codes, so they do not see each other's records)."""
    folder: Path = tmp_path_factory.mktemp(f"hub-{backend}")
    with fresh_database(backend, folder) as url, running_hub(url, folder) as running:
        yield running
