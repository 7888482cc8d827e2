"""Remote expert sessions (metadata only) and expert invitations.

Revision ID: 0003_assist
Revises: 0003
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_assist"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add `assist_sessions` and `expert_invites`."""
    op.create_table(
        "assist_sessions",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column(
            "device_id",
            sa.String(32),
            sa.ForeignKey("devices.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("code_hash", sa.String(64), nullable=True, unique=True),
        sa.Column("code_expires_at", sa.DateTime(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("key_commitment", sa.String(43), nullable=False),
        sa.Column("owner_key", sa.String(43), nullable=True),
        sa.Column(
            "expert_id",
            sa.String(32),
            sa.ForeignKey("api_tokens.id", ondelete="CASCADE"),
            nullable=True,
        ),
        sa.Column("expert_key", sa.String(43), nullable=True),
        sa.Column("joined_at", sa.DateTime(), nullable=True),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.Column("end_reason", sa.String(16), nullable=True),
        sa.Column("owner_frames", sa.BigInteger(), nullable=False),
        sa.Column("owner_bytes", sa.BigInteger(), nullable=False),
        sa.Column("expert_frames", sa.BigInteger(), nullable=False),
        sa.Column("expert_bytes", sa.BigInteger(), nullable=False),
        sa.Column("owner_online", sa.String(32), nullable=True),
        sa.Column("owner_seen_at", sa.DateTime(), nullable=True),
        sa.Column("expert_online", sa.String(32), nullable=True),
        sa.Column("expert_seen_at", sa.DateTime(), nullable=True),
    )
    op.create_index("ix_assist_sessions_device", "assist_sessions", ["device_id", "ended_at"])
    op.create_table(
        "expert_invites",
        sa.Column("code_hash", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=True),
        sa.Column("expert_id", sa.String(32), nullable=True),
    )


def downgrade() -> None:
    """Drop them again."""
    op.drop_table("expert_invites")
    op.drop_index("ix_assist_sessions_device", table_name="assist_sessions")
    op.drop_table("assist_sessions")
