"""Where things live: the user data directory and the shipped resources.

The same helper works from a source checkout, an installed package and a PyInstaller bundle
(where ``sys._MEIPASS`` is the ``_internal`` folder holding ``resources/`` and ``db/``).
"""

from __future__ import annotations

import contextlib
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


# --------------------------------------------------------------------------- private files

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600


def _private_modes() -> bool:
    """POSIX modes are how privacy is set there; on Windows the user profile's ACLs do it."""
    return os.name == "posix"


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and missing parents) if needed; a folder created here is 0700 on POSIX,
    whatever the umask. A folder that already existed keeps its mode (it may be one the user
    chose, like their documents). Raises :class:`OSError`."""
    if path.is_dir():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        path.mkdir(mode=PRIVATE_DIR)
    except FileExistsError:
        if not path.is_dir():
            raise
        return path
    if _private_modes():
        os.chmod(path, PRIVATE_DIR)
    return path


def private_file(path: Path) -> Path:
    """Make sure ``path`` exists and only its owner can read or write it (0600 on POSIX,
    whatever the umask). An existing file is only tightened (it may be read-only: reading it
    must still work); tightening someone else's file is skipped. Raises :class:`OSError` when
    a missing file cannot be created."""
    if path.exists():
        tighten(path)
        return path
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    except FileExistsError:
        tighten(path)
        return path
    try:
        if _private_modes():
            os.fchmod(fd, PRIVATE_FILE)
    finally:
        os.close(fd)
    return path


def tighten(path: Path) -> None:
    """0600 for an existing file (POSIX); missing files and foreign ones are left alone."""
    if not _private_modes():
        return
    with contextlib.suppress(OSError):
        os.chmod(path, PRIVATE_FILE)
