"""the sync's outbox in push order with wire payloads; record revisions; the department inbox

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29

The outbox held raw rows (local integer ids, the applicant's full ID and phone) in no reliable
order. It now holds wire changes (app/sync/wire.py) numbered by an AUTOINCREMENT ``seq``, each
with its record's revision (``record_revision``). Nothing was ever pushed before this revision
(there was no hub), so the old entries are dropped and the outbox is refilled with the current
state of every case, resolution, pledge and request: after the upgrade, app.storage.db.migrate
calls app.sync.outbox.after_migration, which sees the ``outbox.rebuild`` flag set here and
queues them with the code of the newest revision (one place builds wire payloads).

``inbox_request``: a department's verification requests pulled from the hub, and its answers.
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_table('outbox_entry')
    op.create_table(
        'outbox_entry',
        sa.Column('seq', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('change_id', sa.String(length=36), nullable=False),
        sa.Column('kind', sa.String(length=32), nullable=False),
        sa.Column('record_id', sa.String(length=36), nullable=False),
        sa.Column('revision', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.String(length=36), nullable=True),
        sa.Column('case_number', sa.String(length=40), nullable=False),
        sa.Column('clerk', sa.String(length=100), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('payload', sa.Text(), nullable=False),
        sa.Column('refused_at', sa.DateTime(), nullable=True),
        sa.Column('refused_status', sa.Integer(), nullable=True),
        sa.Column('refused_outcome', sa.String(length=16), nullable=False),
        sa.Column('refused_message', sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint('seq'),
        sa.UniqueConstraint('change_id'),
        sqlite_autoincrement=True,
    )
    op.create_index('ix_outbox_entry_record_id', 'outbox_entry', ['record_id'])
    op.create_index('ix_outbox_entry_case_id', 'outbox_entry', ['case_id'])
    op.create_table(
        'record_revision',
        sa.Column('record_id', sa.String(length=36), nullable=False),
        sa.Column('revision', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('record_id'),
    )
    op.create_table(
        'inbox_request',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('revision', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.String(length=36), nullable=False),
        sa.Column('case_number', sa.String(length=40), nullable=False),
        sa.Column('window_code', sa.String(length=64), nullable=False),
        sa.Column('requested_by', sa.String(length=100), nullable=False),
        sa.Column('item_code', sa.String(length=64), nullable=False),
        sa.Column(
            'kind',
            sa.Enum('cancel', 'share', 'verify', 'substitute', 'pledge', 'other', 'retained',
                    name='measure', native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column(
            'subject_kind',
            sa.Enum('person', 'enterprise', 'both', name='applicant_kind', native_enum=False,
                    length=16),
            nullable=False,
        ),
        sa.Column('subject_name', sa.String(length=200), nullable=False),
        sa.Column('subject_id_no', sa.String(length=32), nullable=False),
        sa.Column('fact', sa.Text(), nullable=False),
        sa.Column('provider_code', sa.String(length=64), nullable=False),
        sa.Column('deadline', sa.Date(), nullable=True),
        sa.Column(
            'status',
            sa.Enum('queued', 'sent', 'answered', 'overdue', 'withdrawn', name='request_status',
                    native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column('requested_at', sa.DateTime(), nullable=False),
        sa.Column('received_at', sa.DateTime(), nullable=False),
        sa.Column(
            'answer',
            sa.Enum('confirmed', 'denied', 'undetermined', name='answer', native_enum=False,
                    length=16),
            nullable=True,
        ),
        sa.Column('answer_note', sa.Text(), nullable=False),
        sa.Column('answered_by', sa.String(length=100), nullable=False),
        sa.Column('answered_at', sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_inbox_open', 'inbox_request', ['answer', 'deadline'])
    op.execute(
        "INSERT INTO sync_state (key, value) VALUES ('outbox.rebuild', '1') "
        "ON CONFLICT (key) DO UPDATE SET value = '1'"
    )


def downgrade() -> None:
    op.execute("DELETE FROM sync_state WHERE key = 'outbox.rebuild'")
    op.drop_index('ix_inbox_open', table_name='inbox_request')
    op.drop_table('inbox_request')
    op.drop_table('record_revision')
    op.drop_index('ix_outbox_entry_case_id', table_name='outbox_entry')
    op.drop_index('ix_outbox_entry_record_id', table_name='outbox_entry')
    op.drop_table('outbox_entry')
    op.create_table(
        'outbox_entry',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('entity', sa.String(length=64), nullable=False),
        sa.Column('entity_id', sa.String(length=64), nullable=False),
        sa.Column('payload', sa.JSON(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
