"""Where things live: the user data directory and the shipped resources.

The same helper works from a source checkout, an installed package and a PyInstaller bundle
(where ``sys._MEIPASS`` is the ``_internal`` folder holding ``resources/`` and ``db/``).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "Wuzheng"
ENV_HOME = "WUZHENG_HOME"


def project_root() -> Path:
    """The folder that holds ``resources/`` and ``db/migrations/``."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def resource(*parts: str) -> Path:
    """A file shipped in ``resources/``."""
    return project_root().joinpath("resources", *parts)


def migrations_dir() -> Path:
    return project_root() / "db" / "migrations"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The user data directory: ``--data-dir``, else ``$WUZHENG_HOME``, else the platform's."""
    if override:
        path = Path(override)
    elif os.environ.get(ENV_HOME):
        path = Path(os.environ[ENV_HOME])
    else:
        path = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    return path.expanduser().resolve()


def database_path(directory: Path) -> Path:
    return directory / "wuzheng.sqlite3"
