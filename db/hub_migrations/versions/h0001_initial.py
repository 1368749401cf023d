"""the hub's initial schema: devices, enrolment codes, changes, records, feeds, audit chain

Revision ID: h0001
Revises:
Create Date: 2026-11-29

The hub's own chain (the window's is db/migrations); "h" keeps the two revision namespaces
apart. The audit head starts at the genesis hash; the hub gets its id here, once.
"""
import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = 'h0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('device',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('code', sa.String(length=100), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('public_key', sa.String(length=64), nullable=True),
    sa.Column('enrolled_at', sa.DateTime(), nullable=False),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('token_hash')
    )
    with op.batch_alter_table('device', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_device_code'), ['code'], unique=False)

    op.create_table('feed_counter',
    sa.Column('recipient', sa.String(length=120), nullable=False),
    sa.Column('last_seq', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('recipient')
    )
    op.create_table('hub_audit',
    sa.Column('seq', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('actor', sa.String(length=200), nullable=False),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('entity', sa.String(length=64), nullable=False),
    sa.Column('entity_id', sa.String(length=100), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('seq')
    )
    op.create_table('hub_audit_head',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.Column('entries', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('hub_meta',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('hub_record',
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('record_id', sa.String(length=36), nullable=False),
    sa.Column('owner', sa.String(length=120), nullable=False),
    sa.Column('addressee', sa.String(length=120), nullable=True),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('change_id', sa.String(length=36), nullable=False),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('kind', 'record_id')
    )
    with op.batch_alter_table('hub_record', schema=None) as batch_op:
        batch_op.create_index('ix_hub_record_addressee', ['addressee'], unique=False)

    op.create_table('enrolment',
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('code', sa.String(length=100), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('used_at', sa.DateTime(), nullable=True),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.Column('device_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.ForeignKeyConstraint(['device_id'], ['device.id'], ),
    sa.PrimaryKeyConstraint('code_hash')
    )
    with op.batch_alter_table('enrolment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_enrolment_code'), ['code'], unique=False)

    op.create_table('sync_change',
    sa.Column('change_id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('wire_version', sa.Integer(), nullable=False),
    sa.Column('record_id', sa.String(length=36), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('owner', sa.String(length=120), nullable=False),
    sa.Column('device_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('clerk', sa.String(length=200), nullable=False),
    sa.Column('case_number', sa.String(length=40), nullable=False),
    sa.Column('device_time', sa.DateTime(), nullable=False),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['device_id'], ['device.id'], ),
    sa.PrimaryKeyConstraint('change_id')
    )
    with op.batch_alter_table('sync_change', schema=None) as batch_op:
        batch_op.create_index('ix_sync_change_record', ['kind', 'record_id'], unique=False)

    op.create_table('feed_entry',
    sa.Column('recipient', sa.String(length=120), nullable=False),
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.Column('change_id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['change_id'], ['sync_change.change_id'], ),
    sa.PrimaryKeyConstraint('recipient', 'seq')
    )
    head = sa.table('hub_audit_head', sa.column('id'), sa.column('hash'), sa.column('entries'))
    op.bulk_insert(head, [{'id': 1, 'hash': '0' * 64, 'entries': 0}])
    meta = sa.table('hub_meta', sa.column('key'), sa.column('value'))
    op.bulk_insert(
        meta, [{'key': 'hub_id', 'value': str(uuid.uuid4())}, {'key': 'name', 'value': '县级中心'}]
    )


def downgrade() -> None:
    op.drop_table('feed_entry')
    with op.batch_alter_table('sync_change', schema=None) as batch_op:
        batch_op.drop_index('ix_sync_change_record')

    op.drop_table('sync_change')
    with op.batch_alter_table('enrolment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_enrolment_code'))

    op.drop_table('enrolment')
    with op.batch_alter_table('hub_record', schema=None) as batch_op:
        batch_op.drop_index('ix_hub_record_addressee')

    op.drop_table('hub_record')
    op.drop_table('hub_meta')
    op.drop_table('hub_audit_head')
    op.drop_table('hub_audit')
    op.drop_table('feed_counter')
    with op.batch_alter_table('device', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_device_code'))

    op.drop_table('device')
