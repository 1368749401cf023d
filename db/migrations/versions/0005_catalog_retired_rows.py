"""catalog rows kept only for cases: the retired flag (catalog, issue 8)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29

A catalog import removes the rows the new catalog no longer holds, except those a case still
refers to: those stay so that the case reads as it was taken in. Until now they also stayed
in the catalog (searched, exported, offered for new cases, and the built-in sample's made-up
matters stood next to a county's real ones). From now on such a row is marked retired: kept
for its cases, out of the catalog. Rows stored before keep what they were (not retired).
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TABLES = ('department', 'certificate_item', 'matter', 'bundle')


def upgrade() -> None:
    for table in _TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column('retired', sa.Boolean(), nullable=False, server_default='0')
            )


def downgrade() -> None:
    for table in _TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('retired')
