"""search index: distinct names (FTS5 trigram), departments and catalog entries

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22

The index is derived data: app.catalog.search.rebuild_index() refills it from the catalog.
Names repeat across counties at province scale, so the text indexes hold each distinct name
once (search_name / search_fts) and search_entry points at them.
"""
from collections.abc import Sequence

from alembic import op


revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # one row per distinct (lower-cased) name, with its pinyin; entry_count = entries using it
    op.execute(
        """
        CREATE TABLE search_name (
            id INTEGER PRIMARY KEY,
            name_key TEXT NOT NULL UNIQUE,
            pinyin TEXT NOT NULL DEFAULT '',
            initials TEXT NOT NULL DEFAULT '',
            name_len INTEGER NOT NULL DEFAULT 0,
            entry_count INTEGER NOT NULL DEFAULT 0
        )
        """
    )
    # departments (owning departments of matters, issuers of items), distinct names
    op.execute(
        """
        CREATE TABLE search_department (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            name_key TEXT NOT NULL DEFAULT '',
            pinyin TEXT NOT NULL DEFAULT '',
            initials TEXT NOT NULL DEFAULT ''
        )
        """
    )
    # one row per matter, certificate item and bundle
    op.execute(
        """
        CREATE TABLE search_entry (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            kind_order INTEGER NOT NULL DEFAULT 0,
            code TEXT NOT NULL,
            code_key TEXT NOT NULL,
            name TEXT NOT NULL,
            name_id INTEGER NOT NULL,
            name_len INTEGER NOT NULL DEFAULT 0,
            department TEXT NOT NULL DEFAULT '',
            department_id INTEGER,
            primary_measure TEXT,
            -- the lookups' indexes, as UNIQUE constraints (always unique: they end with id)
            UNIQUE (code_key, id),
            UNIQUE (name_id, kind_order, code_key, id),
            UNIQUE (department_id, name_len, code_key, id)
        )
        """
    )
    op.execute(
        """
        CREATE VIRTUAL TABLE search_fts USING fts5(
            name_key, pinyin, initials,
            content='search_name', content_rowid='id', tokenize='trigram'
        )
        """
    )


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS search_fts")
    op.execute("DROP TABLE IF EXISTS search_entry")
    op.execute("DROP TABLE IF EXISTS search_department")
    op.execute("DROP TABLE IF EXISTS search_name")
