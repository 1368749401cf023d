"""The built-in sample catalog: installed on the first start, when the catalog is empty.

The catalog is a data file, ``resources/sample_catalog.toml``: the exchange format written as
TOML, with explicit codes (tests and the documentation name M0001, C0001…). It is read through
the same builder as the synthetic and test catalogs, and imported like any catalog file.
"""

from __future__ import annotations

import tomllib
from typing import Any

from sqlalchemy import func, select

from app.paths import resource
from app.storage.db import Database
from app.storage.models import Matter

SAMPLE_FILE = "sample_catalog.toml"


def sample_catalog_document() -> dict[str, Any]:
    """The sample catalog as an exchange document."""
    from app.catalog.exchange.builder import CatalogBuilder

    with resource(SAMPLE_FILE).open("rb") as handle:
        tables = tomllib.load(handle)
    return CatalogBuilder.from_tables(tables).document()


def ensure_sample_catalog(db: Database) -> bool:
    """Import the sample catalog if the catalog has no matters; True when it did.

    Called at every start: when a catalog exists this costs one COUNT query.
    """
    with db.session() as session:
        if session.scalar(select(func.count()).select_from(Matter)):
            return False
    from app.catalog.exchange import import_catalog_document

    import_catalog_document(db, sample_catalog_document(), actor="system", source=SAMPLE_FILE)
    return True


__all__ = ["SAMPLE_FILE", "ensure_sample_catalog", "sample_catalog_document"]
