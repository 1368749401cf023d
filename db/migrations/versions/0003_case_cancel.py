"""case cancellation (撤销办件) and an index for the case lists

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23

A clerk cancels an open case when the applicant leaves or the case was opened for the wrong
matter; the reason is kept on the case (and synced with it), not only in the audit log.
The case lists select one status newest first: (status, created_at, id) serves them without a
sort, at a year of cases (about 12,000 at a busy window).
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cancelled_at', sa.DateTime(), nullable=True))
        batch_op.add_column(
            sa.Column('cancel_reason', sa.Text(), nullable=False, server_default='')
        )
        batch_op.create_index(
            'ix_case_status_created', ['status', 'created_at', 'id'], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.drop_index('ix_case_status_created')
        batch_op.drop_column('cancel_reason')
        batch_op.drop_column('cancelled_at')
