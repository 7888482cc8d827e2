"""Retention of exported ciphertext, and a fast look-up of a device's unfinished uploads.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """`submissions.purged_at` (ciphertext deleted after export) and an index on
    (device_id, received_at) for the per-device quota of unreceipted bytes."""
    with op.batch_alter_table("submissions") as batch:
        batch.add_column(sa.Column("purged_at", sa.DateTime(), nullable=True))
    op.create_index("ix_submissions_device_received", "submissions", ["device_id", "received_at"])


def downgrade() -> None:
    """Drop both again."""
    op.drop_index("ix_submissions_device_received", table_name="submissions")
    with op.batch_alter_table("submissions") as batch:
        batch.drop_column("purged_at")
