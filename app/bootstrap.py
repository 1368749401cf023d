"""Start-up: open (and migrate) the database, seed the sample catalog on first start."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

from app.paths import data_dir

if TYPE_CHECKING:  # the GUI starts without loading the database stack (see launch_gui)
    from app.storage.db import Database


def open_database(directory: Path) -> Database:
    """Open the window's database; a new, empty one gets the built-in sample catalog."""
    from app.storage.db import Database

    db = Database.open(directory)
    try:
        from app.catalog.sample import ensure_sample_catalog
    except ImportError:  # pragma: no cover - during early development only
        return db
    ensure_sample_catalog(db)
    return db


def launch_gui(data_dir_override: str | None) -> int:
    """Open the Qt application (imported lazily so the core never loads Qt).

    Every log record of the process is masked (no ID or phone), and the log folder is made
    private before the GUI opens its log file there.
    """
    from app.logs import install_masking, prepare_log_folder

    directory = data_dir(data_dir_override)
    install_masking()
    # an unusable data directory is reported when the GUI opens the database
    with contextlib.suppress(OSError):
        prepare_log_folder(directory)
    from ui.application import run

    return run(directory)
