"""The catalog exchange format (docs/catalog-format.md): one JSON document holds a whole catalog.

* :mod:`.document`: the format as pydantic models, with the range of every field (no database:
  the hub validates with the same models);
* :mod:`.validate`: every problem of a document with its JSON path, in Chinese; reading a file;
* :mod:`.apply`: making a valid document the catalog (one diff for every kind of row);
* :mod:`.export`: the installed catalog as a document, byte for byte the same on a round trip;
* :mod:`.builder`: building complete documents from a few fields (sample, generator, tests).

Importing a document makes it *the* catalog. Everything is validated before anything is
written; a document with problems raises :class:`CatalogFormatError` and changes nothing.
"""

from app.catalog.exchange.apply import apply_document, import_catalog, import_catalog_document
from app.catalog.exchange.document import (
    FORMAT,
    FORMAT_VERSION,
    CatalogDocument,
    document_bytes,
)
from app.catalog.exchange.export import export_catalog, export_catalog_document, export_document
from app.catalog.exchange.report import ImportReport, KindCounts, Progress
from app.catalog.exchange.validate import (
    CatalogFormatError,
    Problem,
    document_problems,
    parse_document,
    read_document,
)

__all__ = [
    "FORMAT",
    "FORMAT_VERSION",
    "CatalogDocument",
    "CatalogFormatError",
    "ImportReport",
    "KindCounts",
    "Problem",
    "Progress",
    "apply_document",
    "document_bytes",
    "document_problems",
    "export_catalog",
    "export_catalog_document",
    "export_document",
    "import_catalog",
    "import_catalog_document",
    "parse_document",
    "read_document",
]
