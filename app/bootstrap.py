"""Start-up: open (and migrate) the database, seed the sample catalog on first start.

The GUI and the command line both open the database here. ``Database`` is named here for the
GUI's type hints only (the GUI never imports :mod:`app.storage`): it holds the handle this
returns and passes it to the core's services.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the GUI imports this module without loading the database stack
    from app.storage.db import Database as Database


def open_database(directory: Path) -> Database:
    """Open the window's database; a new, empty one gets the built-in sample catalog."""
    from app.catalog.sample import ensure_sample_catalog
    from app.storage.db import Database

    db = Database.open(directory)
    ensure_sample_catalog(db)
    return db
