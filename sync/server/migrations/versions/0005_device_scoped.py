"""Submissions keyed by (device, id): one device's submission ids are its own.

WHY: with a global id, a PUT under an id another device had already used could only be
refused (409), while an unused id was accepted: whoever held a device token could tell
which ids exist. Scoped per device, another device's id is simply unknown to the caller,
on PUT as on HEAD, PATCH and complete. Attachments and their stored pieces carry the
device id as part of their key.

SQLite cannot change a primary key in place: the three tables are rebuilt and copied
(`sync.server.migrate` runs SQLite migrations with foreign-key enforcement off and checks
every foreign key before committing). PostgreSQL changes them in place; the stored
attachment bytes are not rewritten.

Revision ID: 0005_device_scoped
Revises: 0004_backup
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_device_scoped"
down_revision = "0004_backup"
branch_labels = None
depends_on = None

_SUBMISSION_COLUMNS = (
    "id",
    "device_id",
    "template_id",
    "template_version",
    "office_id",
    "created_at",
    "payload",
    "payload_sha512",
    "request_sha256",
    "stored_at",
    "received_at",
    "reference",
    "exported_at",
    "purged_at",
)
_ATTACHMENT_COLUMNS = (
    "submission_id",
    "id",
    "position",
    "size",
    "sha512",
    "media_type",
    "offset",
    "complete",
)
_CHUNK_COLUMNS = ("submission_id", "attachment_id", "offset", "data")


def upgrade() -> None:
    """Key submissions, attachments and pieces by the device as well."""
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_sqlite(scoped=True)
    else:
        _alter_postgresql(scoped=True)


def downgrade() -> None:
    """Back to global submission ids; refused while two devices use the same id."""
    shared = op.get_bind().execute(
        sa.text("SELECT id FROM submissions GROUP BY id HAVING count(*) > 1")
    )
    if shared.first() is not None:
        raise RuntimeError("two devices hold submissions with the same id: cannot downgrade")
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_sqlite(scoped=False)
    else:
        _alter_postgresql(scoped=False)


def _create_tables(suffix: str, *, scoped: bool) -> None:
    """The three tables in their scoped (or old) shape, named with `suffix`."""
    device_key = ["device_id"] if scoped else []
    op.create_table(
        f"submissions{suffix}",
        sa.Column("device_id", sa.String(32), sa.ForeignKey("devices.id"), nullable=False),
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("template_id", sa.String(64), nullable=False),
        sa.Column("template_version", sa.String(32), nullable=False),
        sa.Column("office_id", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("payload_sha512", sa.String(128), nullable=False),
        sa.Column("request_sha256", sa.String(64), nullable=False),
        sa.Column("stored_at", sa.DateTime(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=True),
        sa.Column("reference", sa.String(32), nullable=True, unique=True),
        sa.Column("exported_at", sa.DateTime(), nullable=True),
        sa.Column("purged_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint(*device_key, "id"),
    )
    op.create_table(
        f"attachments{suffix}",
        *([sa.Column("device_id", sa.String(32), nullable=False)] if scoped else []),
        sa.Column("submission_id", sa.String(36), nullable=False),
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("sha512", sa.String(128), nullable=False),
        sa.Column("media_type", sa.String(130), nullable=False),
        sa.Column("offset", sa.BigInteger(), nullable=False),
        sa.Column("complete", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint(*device_key, "submission_id", "id"),
        # the final names: the tables are renamed to them below
        sa.ForeignKeyConstraint(
            [*device_key, "submission_id"],
            [f"submissions.{c}" for c in (*device_key, "id")],
            ondelete="CASCADE",
        ),
    )
    op.create_table(
        f"attachment_chunks{suffix}",
        *([sa.Column("device_id", sa.String(32), nullable=False)] if scoped else []),
        sa.Column("submission_id", sa.String(36), nullable=False),
        sa.Column("attachment_id", sa.String(64), nullable=False),
        sa.Column("offset", sa.BigInteger(), nullable=False, autoincrement=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint(*device_key, "submission_id", "attachment_id", "offset"),
        sa.ForeignKeyConstraint(
            [*device_key, "submission_id", "attachment_id"],
            [f"attachments.{c}" for c in (*device_key, "submission_id", "id")],
            ondelete="CASCADE",
        ),
    )


def _table(name: str, columns: tuple[str, ...]) -> sa.TableClause:
    return sa.table(name, *(sa.column(c) for c in columns))


def _rebuild_sqlite(*, scoped: bool) -> None:
    """Create the new shape beside the old one, copy, drop the old, rename."""
    suffix = "_v5"
    _create_tables(suffix, scoped=scoped)
    device = ("device_id",)
    copies = (
        ("submissions", _SUBMISSION_COLUMNS),
        ("attachments", _ATTACHMENT_COLUMNS),
        ("attachment_chunks", _CHUNK_COLUMNS),
    )
    submissions = _table("submissions", ("id", "device_id"))
    for name, columns in copies:
        source = _table(name, columns)
        if scoped and name != "submissions":
            # the device comes from the submission the row belongs to
            target = _table(f"{name}{suffix}", device + columns)
            rows = sa.select(submissions.c.device_id, *source.c).join(
                submissions, submissions.c.id == source.c.submission_id
            )
        else:
            target = _table(f"{name}{suffix}", columns)
            rows = sa.select(*source.c)
        op.execute(sa.insert(target).from_select(list(target.c.keys()), rows))
    for table in ("attachment_chunks", "attachments", "submissions"):
        op.drop_table(table)
    for table in ("submissions", "attachments", "attachment_chunks"):
        op.rename_table(f"{table}{suffix}", table)
    op.create_index("ix_submissions_office_received", "submissions", ["office_id", "received_at"])
    op.create_index("ix_submissions_device_received", "submissions", ["device_id", "received_at"])


def _alter_postgresql(*, scoped: bool) -> None:
    """Change keys in place (the attachment bytes stay where they are)."""
    inspector = sa.inspect(op.get_bind())
    for table in ("attachment_chunks", "attachments"):
        for foreign_key in inspector.get_foreign_keys(table):
            if foreign_key["referred_table"] in ("submissions", "attachments"):
                op.drop_constraint(str(foreign_key["name"]), table, type_="foreignkey")
    for table in ("attachment_chunks", "attachments", "submissions"):
        name = inspector.get_pk_constraint(table)["name"]
        op.drop_constraint(str(name), table, type_="primary")
    if scoped:
        submissions = _table("submissions", ("id", "device_id"))
        for table in ("attachments", "attachment_chunks"):
            op.add_column(table, sa.Column("device_id", sa.String(32), nullable=True))
            rows = _table(table, ("submission_id", "device_id"))
            op.execute(
                sa.update(rows)
                .values(device_id=submissions.c.device_id)
                .where(submissions.c.id == rows.c.submission_id)
            )
            op.alter_column(table, "device_id", nullable=False)
    else:
        op.drop_column("attachment_chunks", "device_id")
        op.drop_column("attachments", "device_id")
    device_key = ["device_id"] if scoped else []
    op.create_primary_key("submissions_pkey", "submissions", [*device_key, "id"])
    op.create_primary_key("attachments_pkey", "attachments", [*device_key, "submission_id", "id"])
    op.create_primary_key(
        "attachment_chunks_pkey",
        "attachment_chunks",
        [*device_key, "submission_id", "attachment_id", "offset"],
    )
    op.create_foreign_key(
        None,
        "attachments",
        "submissions",
        [*device_key, "submission_id"],
        [*device_key, "id"],
        ondelete="CASCADE",
    )
    op.create_foreign_key(
        None,
        "attachment_chunks",
        "attachments",
        [*device_key, "submission_id", "attachment_id"],
        [*device_key, "submission_id", "id"],
        ondelete="CASCADE",
    )
