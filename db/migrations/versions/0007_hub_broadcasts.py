"""the hub's signed broadcasts at the window: device keys, calendar years, the hub's credit
records and their endings; the catalog version every case was taken in under

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30

``case.catalog_version``: the installed catalog's version (``catalog_meta`` ``version``) when
the case was taken in; cases already in the database take the version installed now (the best
that is known: until this revision a catalog was only ever replaced by hand).

``credit_record`` gains where a record came from (``origin``: ``local`` typed at this window,
``hub`` pulled from the county hub, with its broadcast ``revision``), when and by whom the hub
recorded it, and its ending (``ended_at``, ``end_reason``, ``ended_by``): a record is ended,
never deleted. ``device_key``: the public keys of every enrolled device (pledge forms are
checked with them). ``calendar_year``: one year's working-day calendar as the hub published it.
Only tables and columns are added (no table is rebuilt).
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        'case',
        sa.Column('catalog_version', sa.String(length=64), nullable=False, server_default=''),
    )
    op.execute(
        "UPDATE \"case\" SET catalog_version = COALESCE("
        "(SELECT value FROM catalog_meta WHERE key = 'version'), '')"
    )
    op.add_column(
        'credit_record',
        sa.Column('origin', sa.String(length=8), nullable=False, server_default='local'),
    )
    op.add_column('credit_record', sa.Column('revision', sa.Integer(), nullable=True))
    op.add_column('credit_record', sa.Column('recorded_at', sa.DateTime(), nullable=True))
    op.add_column(
        'credit_record',
        sa.Column('recorded_by', sa.String(length=200), nullable=False, server_default=''),
    )
    op.add_column('credit_record', sa.Column('ended_at', sa.DateTime(), nullable=True))
    op.add_column(
        'credit_record', sa.Column('end_reason', sa.Text(), nullable=False, server_default='')
    )
    op.add_column(
        'credit_record',
        sa.Column('ended_by', sa.String(length=200), nullable=False, server_default=''),
    )
    op.create_table(
        'device_key',
        sa.Column('key_id', sa.String(length=16), nullable=False),
        sa.Column('record_id', sa.String(length=36), nullable=False),
        sa.Column('revision', sa.Integer(), nullable=False),
        sa.Column('device_kind', sa.String(length=16), nullable=False),
        sa.Column('device_code', sa.String(length=200), nullable=False),
        sa.Column('device_name', sa.String(length=200), nullable=False),
        sa.Column('public_key', sa.String(length=64), nullable=False),
        sa.Column('enrolled_at', sa.DateTime(), nullable=False),
        sa.Column('revoked', sa.Boolean(), nullable=False),
        sa.Column('revoked_at', sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint('key_id'),
    )
    op.create_index('ix_device_key_record_id', 'device_key', ['record_id'])
    op.create_table(
        'calendar_year',
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('record_id', sa.String(length=36), nullable=False),
        sa.Column('revision', sa.Integer(), nullable=False),
        sa.Column('source', sa.Text(), nullable=False),
        sa.Column('document', sa.Text(), nullable=False),
        sa.Column('received_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('year'),
    )


def downgrade() -> None:
    op.drop_table('calendar_year')
    op.drop_index('ix_device_key_record_id', table_name='device_key')
    op.drop_table('device_key')
    with op.batch_alter_table('credit_record') as batch:
        for column in ('ended_by', 'end_reason', 'ended_at', 'recorded_by', 'recorded_at',
                       'revision', 'origin'):
            batch.drop_column(column)
    with op.batch_alter_table('case') as batch:
        batch.drop_column('catalog_version')
