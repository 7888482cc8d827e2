"""Catalog files (source PDFs, service directory), services, legacy manifests.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the file store, the service directory and the legacy manifest columns."""
    op.create_table(
        "catalog_files",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("media_type", sa.String(128), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "services",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("entry", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    with op.batch_alter_table("manifests") as batch:
        batch.add_column(sa.Column("legacy_document", sa.Text(), nullable=True))
        batch.add_column(sa.Column("legacy_etag", sa.String(64), nullable=True))


def downgrade() -> None:
    """Drop them again (published manifests keep their main document)."""
    with op.batch_alter_table("manifests") as batch:
        batch.drop_column("legacy_etag")
        batch.drop_column("legacy_document")
    op.drop_table("services")
    op.drop_table("catalog_files")
