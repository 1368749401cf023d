"""What changed between two versions of the catalog (``wuzheng catalog diff``, 比较目录版本…).

Two catalog exchange documents (docs/catalog-format.md) are compared row by row, keyed by
code: certificate items, matters, bundles and departments added and removed, and for a row in
both, what changed in it. For a certificate item that is the measures (their kinds in order of
preference), the measures' own content (a pledge text, a substitute document, one-click, the
provider's deadline), the legal basis, the provider departments, and its name or issuing unit;
for a matter its list of certificate items and its other fields; for a bundle its matters.
Catalog metadata (version label, publication day, source) is shown, never counted as a change:
two catalogs with the same rows under different version labels have no changes.

:func:`diff_documents` is a pure function of two documents (validated here with the import's
own models, so a document with problems is refused exactly as an import refuses it); the hub's
published versions, files and the installed catalog all come down to it. :func:`load_document`
and :func:`compare` read what the command line and the window name: the installed catalog, one
``.json`` document, or the departments' registers (``.xlsx`` / ``.csv``), which are merged into
the old catalog exactly as importing them would merge them (so ``installed`` against registers
previews an import), or into an empty catalog on the old side.

* :mod:`.changes`: the result (kinds of change, a change, the two sides, the diff) and its
  report text and JSON;
* :mod:`.rows`: the comparison itself, one builder of changes per section;
* :mod:`.sources`: what a side names, reading it, comparing two sides, saving the report.

Nothing here imports Qt; nothing here writes to the window's database.
"""

from app.catalog.diff.changes import (
    FIELD_LABELS,
    KIND_LABELS,
    KIND_SECTIONS,
    NEW_SIDE,
    OLD_SIDE,
    CatalogDiff,
    CatalogSide,
    Change,
    ChangeKind,
    Ref,
)
from app.catalog.diff.rows import diff_documents, parsed
from app.catalog.diff.sources import (
    DIFF_SUFFIXES,
    INSTALLED,
    CatalogSource,
    compare,
    load_document,
    save_report,
    source_of,
)

__all__ = [
    "DIFF_SUFFIXES",
    "FIELD_LABELS",
    "INSTALLED",
    "KIND_LABELS",
    "KIND_SECTIONS",
    "NEW_SIDE",
    "OLD_SIDE",
    "CatalogDiff",
    "CatalogSide",
    "CatalogSource",
    "Change",
    "ChangeKind",
    "Ref",
    "compare",
    "diff_documents",
    "load_document",
    "parsed",
    "save_report",
    "source_of",
]
