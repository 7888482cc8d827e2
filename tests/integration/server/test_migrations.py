"""The Alembic migrations build exactly the schema the models describe."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from sync.server.db import Base, Database
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
