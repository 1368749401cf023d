"""The built-in sample catalog: installed on the first start of a new database.

The catalog is a data file, ``resources/sample_catalog.toml``: the exchange format written as
TOML, with explicit codes (tests and the documentation name M0001, C0001…). It is read through
the same builder as the synthetic and test catalogs, and imported like any catalog file.

It is installed only on a database that has never had a catalog (``catalog_meta`` holds no
version: every import writes one), never because the catalog has no matters: a county may
load its certificate items before its matters. It is marked by its own flag (``sample`` in
``catalog_meta``, from the document's ``catalog.sample``), which the status bar shows as
示例数据 and which makes the next real catalog or register import replace it
(:mod:`app.catalog.exchange.apply`).
"""

from __future__ import annotations

import tomllib
from typing import Any

from sqlalchemy import select

from app.paths import resource
from app.storage.db import Database
from app.storage.models import CatalogMeta

SAMPLE_FILE = "sample_catalog.toml"


def sample_catalog_document() -> dict[str, Any]:
    """The sample catalog as an exchange document."""
    from app.catalog.exchange.builder import CatalogBuilder

    with resource(SAMPLE_FILE).open("rb") as handle:
        tables = tomllib.load(handle)
    return CatalogBuilder.from_tables(tables).document()


def ensure_sample_catalog(db: Database) -> bool:
    """Import the sample catalog if the database never had a catalog; True when it did.

    Called at every start: once a catalog was installed this costs one indexed lookup. A start
    interrupted during the first import (one transaction) installs it at the next start.
    """
    with db.session() as session:
        if session.scalar(select(CatalogMeta.key).where(CatalogMeta.key == "version")):
            return False
    from app.catalog.exchange import import_catalog_document

    import_catalog_document(db, sample_catalog_document(), actor="system", source=SAMPLE_FILE)
    return True


__all__ = ["SAMPLE_FILE", "ensure_sample_catalog", "sample_catalog_document"]
