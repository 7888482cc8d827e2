"""Fixtures: a real server on loopback over SQLite and over a throwaway PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from sync.server.db import Database, default_database_url
from sync.server.settings import ServerSettings
from tests.helpers.server import (
    ApiClient,
    PostgresCluster,
    Seed,
    ThreadedServer,
    postgres_available,
)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PostgresCluster]:
    """One PostgreSQL cluster for the whole run; each test gets its own database."""
    if not postgres_available():
        pytest.skip("PostgreSQL binaries not installed (scripts/system-deps.sh)")
    cluster = PostgresCluster().start()
    yield cluster
    cluster.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database of each backend."""
    if request.param == "sqlite":
        return default_database_url(tmp_path / "data")
    cluster: PostgresCluster = request.getfixturevalue("pg_cluster")
    return cluster.new_database()


@dataclass
class Running:
    """A seeded, running server and what the tests need to talk to it."""

    server: ThreadedServer
    seed: Seed
    settings: ServerSettings
    _clients: list[ApiClient] = field(default_factory=list)
    _databases: list[Database] = field(default_factory=list)

    @property
    def url(self) -> str:
        return self.server.url

    def client(self, token: str | None = None) -> ApiClient:
        client = ApiClient(self.url, token)
        self._clients.append(client)
        return client

    def enrolled(self, name: str = "Testlaptop") -> ApiClient:
        client = self.client()
        client.enroll(self.seed.code(name), name)
        return client

    def db(self) -> Database:
        if not self._databases:
            self._databases.append(Database.connect(self.seed.database_url, pool_size=2))
        return self._databases[0]

    def close(self) -> None:
        for client in self._clients:
            client.close()
        for db in self._databases:
            db.dispose()


@pytest.fixture
def running(database_url: str, tmp_path: Path) -> Iterator[Running]:
    """A server with the test catalog published, on the parametrized backend."""
    seed = Seed(database_url).prepare()
    settings = ServerSettings(data_dir=tmp_path / "data", database_url=database_url)
    with ThreadedServer(settings) as server:
        state = Running(server, seed, settings)
        try:
            yield state
        finally:
            state.close()
