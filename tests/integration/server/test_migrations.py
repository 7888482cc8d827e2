"""The Alembic migrations build exactly the schema the models describe."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, select, text

from sync.server.db import Attachment, AttachmentChunk, Base, Database, Submission
from sync.server.migrate import current_revision, head_revision, upgrade

pytestmark = pytest.mark.integration


def test_migrations_match_the_models(database_url):
    db = Database.connect(database_url, pool_size=1)
    try:
        assert current_revision(db.engine) is None
        upgrade(db.engine)
        upgrade(db.engine)  # running again is harmless
        assert current_revision(db.engine) == head_revision()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, Base.metadata)
            assert differences == []
            tables = set(inspect(connection).get_table_names())
        assert {"submissions", "attachments", "attachment_chunks", "reference_counters"} <= tables
    finally:
        db.dispose()


def test_device_scoped_keys_keep_every_stored_submission(database_url):
    """0005 re-keys submissions by (device, id): what was stored before stays, whole."""
    db = Database.connect(database_url, pool_size=1)
    try:
        upgrade(db.engine, "0004_backup")  # the revision 0005 follows
        with db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO devices (id, name, token_hash, enrolled_at) "
                    "VALUES ('d1', 'A', 'h1', '2026-12-01 10:00:00'), "
                    "('d2', 'B', 'h2', '2026-12-01 10:00:00')"
                )
            )
            for device, sid in (("d1", "s1"), ("d2", "s2")):
                connection.execute(
                    text(
                        "INSERT INTO submissions (id, device_id, template_id, template_version,"
                        " office_id, created_at, payload, payload_sha512, request_sha256,"
                        " stored_at) VALUES (:sid, :dev, 't', '1', 'o', '2026-12-01 10:00:00',"
                        " 'p', 'x', 'y', '2026-12-01 10:00:00')"
                    ),
                    {"sid": sid, "dev": device},
                )
                connection.execute(
                    text(
                        "INSERT INTO attachments (submission_id, id, position, size, sha512,"
                        " media_type, \"offset\", complete) VALUES (:sid, 'a0', 0, 3, 'z',"
                        " 'application/octet-stream', 3, :done)"
                    ),
                    {"sid": sid, "done": True},
                )
                connection.execute(
                    text(
                        'INSERT INTO attachment_chunks (submission_id, attachment_id, "offset",'
                        " data) VALUES (:sid, 'a0', 0, :data)"
                    ),
                    {"sid": sid, "data": sid.encode() + b"!"},
                )
        upgrade(db.engine)
        assert current_revision(db.engine) == head_revision()
        with db.read() as session:
            attachments = session.execute(
                select(Attachment.device_id, Attachment.submission_id, Attachment.offset)
            ).all()
            assert sorted(attachments) == [("d1", "s1", 3), ("d2", "s2", 3)]
            chunks = session.execute(select(AttachmentChunk.device_id, AttachmentChunk.data)).all()
            assert sorted(chunks) == [("d1", b"s1!"), ("d2", b"s2!")]
        # the keys hold: the same id for another device is a row of its own, and deleting
        # a submission still takes its attachment and pieces with it
        with db.write.begin() as session:
            twin = session.get(Submission, ("d1", "s1"))
            assert twin is not None
            session.add(
                Submission(
                    **{
                        c.key: getattr(twin, c.key)
                        for c in Submission.__table__.columns
                        if c.key != "device_id"
                    },
                    device_id="d2",
                )
            )
        with db.write.begin() as session:
            session.execute(text("DELETE FROM submissions WHERE device_id = 'd1'"))
        with db.read() as session:
            left = session.execute(select(AttachmentChunk.device_id)).scalars().all()
            assert left == ["d2"]
            assert sorted(session.scalars(select(Submission.device_id)).all()) == ["d2", "d2"]
    finally:
        db.dispose()
