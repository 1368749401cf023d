"""The built-in sample catalog: installed on the first start, when the catalog is empty."""

from __future__ import annotations

from sqlalchemy import func, select

from app.paths import resource
from app.storage.db import Database
from app.storage.models import Matter

SAMPLE_FILE = "sample_catalog.json"


def sample_catalog_path() -> str:
    """Where the shipped sample catalog lives (``resources/sample_catalog.json``)."""
    return str(resource(SAMPLE_FILE))


def ensure_sample_catalog(db: Database) -> bool:
    """Import the sample catalog if the catalog has no matters; True when it did.

    Called at every start: when a catalog exists this costs one COUNT query.
    """
    with db.session() as session:
        if session.scalar(select(func.count()).select_from(Matter)):
            return False
    from app.catalog.exchange import import_catalog

    import_catalog(db, resource(SAMPLE_FILE), actor="system")
    return True


__all__ = ["ensure_sample_catalog", "sample_catalog_path"]
