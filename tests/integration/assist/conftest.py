"""A real town hall on loopback (SQLite) with an enrolled laptop and an enrolled expert."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from sync.server.db import default_database_url
from sync.server.settings import ServerSettings
from tests.helpers.assist import AssistWorld
from tests.helpers.server import Seed, ThreadedServer


@pytest.fixture
def world(tmp_path: Path) -> Iterator[AssistWorld]:
    """A seeded server with one laptop and one expert ("Frau Becker")."""
    url = default_database_url(tmp_path / "data")
    seed = Seed(url).prepare()
    settings = ServerSettings(
        data_dir=tmp_path / "data",
        assist_conference_url="https://jitsi.rathaus.example/sozialamt",
        assist_check_interval=dt.timedelta(milliseconds=300),
    )
    with ThreadedServer(settings) as server:
        yield AssistWorld.create(server.url, seed)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[object]:
    """One PostgreSQL cluster for the whole run (the assist tests' own)."""
    from tests.helpers.server import PostgresCluster, postgres_available

    if not postgres_available():
        pytest.skip("PostgreSQL binaries not installed (scripts/system-deps.sh)")
    cluster = PostgresCluster().start()
    yield cluster
    cluster.stop()
