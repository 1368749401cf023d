"""signed broadcasts, device keys, catalog versions, the credit list, data-source datasets

Revision ID: h0002
Revises: h0001
Create Date: 2026-12-01

Issue 11. Changes the hub makes itself have no device (sync_change.device_id becomes
nullable) and broadcasts carry the hub's signature. Devices get a key id. New tables: the
published catalog versions, the credit list, the departments' datasets (one per certificate
item, each load a version, rows kept as of the newest load) and the data queries still open.
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = 'h0002'
down_revision: str | None = 'h0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BigId = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == 'sqlite'
    op.add_column('device', sa.Column('key_id', sa.String(length=16), nullable=True))
    op.add_column('sync_change', sa.Column('signature', sa.Text(), nullable=True))
    if sqlite:
        # SQLite rebuilds sync_change to make a column nullable, and dropping the old table
        # would break feed_entry's references to it (foreign keys are on, and cannot be turned
        # off inside the migration's transaction): set the feed aside and put it back after
        op.execute('CREATE TEMP TABLE feed_entry_kept AS SELECT * FROM feed_entry')
        op.execute('DELETE FROM feed_entry')
    with op.batch_alter_table('sync_change', schema=None) as batch_op:
        batch_op.alter_column('device_id', existing_type=BigId, nullable=True)
    if sqlite:
        op.execute(
            'INSERT INTO feed_entry (recipient, seq, change_id) '
            'SELECT recipient, seq, change_id FROM feed_entry_kept'
        )
        op.execute('DROP TABLE feed_entry_kept')

    op.create_table('hub_catalog',
    sa.Column('version', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('label', sa.String(length=300), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('document_gzip', sa.LargeBinary(), nullable=False),
    sa.Column('signature', sa.String(length=100), nullable=False),
    sa.Column('published_at', sa.DateTime(), nullable=False),
    sa.Column('published_by', sa.String(length=200), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('change_id', sa.String(length=36), nullable=False),
    sa.PrimaryKeyConstraint('version')
    )
    op.create_table('hub_credit',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('subject_kind', sa.String(length=16), nullable=False),
    sa.Column('subject_id_no', sa.String(length=32), nullable=False),
    sa.Column('subject_name', sa.String(length=200), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_until', sa.Date(), nullable=True),
    sa.Column('source_pledge_id', sa.String(length=36), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('recorded_by', sa.String(length=200), nullable=False),
    sa.Column('ended_at', sa.DateTime(), nullable=True),
    sa.Column('end_reason', sa.Text(), nullable=False),
    sa.Column('ended_by', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('hub_credit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hub_credit_subject_id_no'), ['subject_id_no'], unique=False)

    op.create_table('hub_dataset',
    sa.Column('id', BigId, autoincrement=True, nullable=False),
    sa.Column('item_code', sa.String(length=64), nullable=False),
    sa.Column('department', sa.String(length=64), nullable=False),
    sa.Column('fact', sa.Text(), nullable=False),
    sa.Column('key_column', sa.String(length=100), nullable=False),
    sa.Column('name_column', sa.String(length=100), nullable=True),
    sa.Column('result_column', sa.String(length=100), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('rows', sa.BigInteger(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('item_code')
    )
    op.create_table('hub_dataset_load',
    sa.Column('dataset_id', BigId, nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('loaded_at', sa.DateTime(), nullable=False),
    sa.Column('loaded_by', sa.String(length=200), nullable=False),
    sa.Column('file_name', sa.String(length=300), nullable=False),
    sa.Column('file_sha256', sa.String(length=64), nullable=False),
    sa.Column('replace', sa.Boolean(), nullable=False),
    sa.Column('rows_in_file', sa.BigInteger(), nullable=False),
    sa.Column('added', sa.BigInteger(), nullable=False),
    sa.Column('updated', sa.BigInteger(), nullable=False),
    sa.Column('removed', sa.BigInteger(), nullable=False),
    sa.Column('columns', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['dataset_id'], ['hub_dataset.id'], ),
    sa.PrimaryKeyConstraint('dataset_id', 'version')
    )
    op.create_table('hub_dataset_row',
    sa.Column('dataset_id', sa.BigInteger(), nullable=False),
    sa.Column('subject_id', sa.String(length=32), nullable=False),
    sa.Column('result', sa.String(length=16), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('facts', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('dataset_id', 'subject_id'),
    sqlite_with_rowid=False
    )
    op.create_table('hub_open_query',
    sa.Column('request_id', sa.String(length=36), nullable=False),
    sa.Column('item_code', sa.String(length=64), nullable=False),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('request_id')
    )
    with op.batch_alter_table('hub_open_query', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hub_open_query_item_code'), ['item_code'], unique=False)


def downgrade() -> None:
    op.drop_table('hub_open_query')
    op.drop_table('hub_dataset_row')
    op.drop_table('hub_dataset_load')
    op.drop_table('hub_dataset')
    op.drop_table('hub_credit')
    op.drop_table('hub_catalog')
    with op.batch_alter_table('sync_change', schema=None) as batch_op:
        batch_op.drop_column('signature')
        batch_op.alter_column('device_id', existing_type=BigId, nullable=False)
    with op.batch_alter_table('device', schema=None) as batch_op:
        batch_op.drop_column('key_id')
