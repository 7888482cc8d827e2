"""Staff identity of laptops and the draft backup (wrapped keys, records, chunks).

Revision ID: 0004_backup
Revises: 0003
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_backup"
down_revision = "0003_assist"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """`staff`, `devices.staff_id`, `enrollment_codes.staff_id`, the backup tables."""
    op.create_table(
        "staff",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("display_name", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("backup_seq", sa.BigInteger(), nullable=False),
    )
    with op.batch_alter_table("devices") as batch:
        batch.add_column(sa.Column("staff_id", sa.String(64), nullable=True))
        batch.create_foreign_key("fk_devices_staff_id", "staff", ["staff_id"], ["id"])
    with op.batch_alter_table("enrollment_codes") as batch:
        batch.add_column(sa.Column("staff_id", sa.String(64), nullable=True))
    op.create_table(
        "backup_keys",
        sa.Column(
            "staff_id",
            sa.String(64),
            sa.ForeignKey("staff.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("key_id", sa.String(32), nullable=False),
        sa.Column("envelope", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("device_id", sa.String(32), nullable=False),
    )
    op.create_table(
        "backup_records",
        sa.Column(
            "staff_id",
            sa.String(64),
            sa.ForeignKey("staff.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("record_id", sa.String(32), primary_key=True),
        sa.Column("version", sa.BigInteger(), primary_key=True, autoincrement=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("sha512", sa.String(128), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("offset", sa.BigInteger(), nullable=False),
        sa.Column("complete", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("stored_at", sa.DateTime(), nullable=True),
        sa.Column("seq", sa.BigInteger(), nullable=True),
        sa.Column("device_id", sa.String(32), nullable=False),
    )
    op.create_index("ix_backup_records_staff_seq", "backup_records", ["staff_id", "seq"])
    op.create_table(
        "backup_chunks",
        sa.Column("staff_id", sa.String(64), primary_key=True),
        sa.Column("record_id", sa.String(32), primary_key=True),
        sa.Column("version", sa.BigInteger(), primary_key=True, autoincrement=False),
        sa.Column("offset", sa.BigInteger(), primary_key=True, autoincrement=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["staff_id", "record_id", "version"],
            ["backup_records.staff_id", "backup_records.record_id", "backup_records.version"],
            ondelete="CASCADE",
        ),
    )
    if op.get_bind().dialect.name == "postgresql":
        # Ciphertext does not compress: store it out of line without trying.
        op.execute("ALTER TABLE backup_chunks ALTER COLUMN data SET STORAGE EXTERNAL")


def downgrade() -> None:
    """Drop the backup and the staff identity again (development databases only)."""
    op.drop_table("backup_chunks")
    op.drop_index("ix_backup_records_staff_seq", table_name="backup_records")
    op.drop_table("backup_records")
    op.drop_table("backup_keys")
    with op.batch_alter_table("enrollment_codes") as batch:
        batch.drop_column("staff_id")
    with op.batch_alter_table("devices") as batch:
        batch.drop_constraint("fk_devices_staff_id", type_="foreignkey")
        batch.drop_column("staff_id")
    op.drop_table("staff")
