"""identity numbers in their canonical form

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24

IDs and credit codes were stored as typed: full-width digits (１１０１…２Ｘ), spaces and dashes
made the same person two people, and a listed person typed full-width got past the credit list.
From now on only the canonical form is stored and compared (NFKC, no whitespace, format
characters or dashes, upper case); this brings the rows stored before into that form. The rule is
written out here, not imported, so that this migration keeps doing what it did when the app's
rules change.
"""
import unicodedata
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_DASHES = "-‐‑‒–—―−﹘﹣－_"
_COLUMNS = (
    ('case', 'applicant_id_no'),
    ('credit_record', 'subject_id_no'),
    ('verification_request', 'subject_id_no'),
)


def _canonical(value: str) -> str:
    text = unicodedata.normalize("NFKC", value)
    kept = [
        c
        for c in text
        if not c.isspace() and c not in _DASHES and unicodedata.category(c) not in ("Cf", "Cc")
    ]
    return "".join(kept).upper()


def upgrade() -> None:
    connection = op.get_bind()
    for table_name, column in _COLUMNS:
        table = sa.table(table_name, sa.column('id', sa.String), sa.column(column, sa.String))
        rows = connection.execute(sa.select(table.c.id, table.c[column])).all()
        for row_id, value in rows:
            if value is None:
                continue
            canonical = _canonical(value)
            if canonical != value:
                connection.execute(
                    table.update().where(table.c.id == row_id).values({column: canonical})
                )


def downgrade() -> None:
    """The typed forms are gone; the canonical form is valid for the older app as well."""
