"""The benchmark's durable sink (`sync.server.bench_sink`): it stores what it claims to,
so the floor it gives `bench_server` is a floor *with* durability; it exists only with
`--benchmark-sink`."""

from __future__ import annotations

import contextlib
import hashlib
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text

from sync import protocol
from sync.server import bench_sink
from sync.server.db import Database
from sync.server.settings import ServerSettings
from tests.helpers.server import Seed, ThreadedServer


def test_the_durable_sink_keeps_the_body_in_a_file_and_its_digest_in_a_row(
    database_url: str, tmp_path: Path
) -> None:
    Seed(database_url).prepare()
    data_dir = tmp_path / "data"
    settings = ServerSettings(data_dir=data_dir, database_url=database_url, enable_sink=True)
    body = os.urandom(300_000)
    with ThreadedServer(settings) as server, httpx.Client(base_url=server.url) as client:
        answers = [
            client.put(
                "/v1/_durable_sink" + query,
                content=body,
                headers={"Content-Type": protocol.CHUNK_MEDIA_TYPE},
            )
            for query in ("", "?dirsync=1")
        ]
    assert [a.status_code for a in answers] == [204, 204]
    names = [a.headers["X-Stored"] for a in answers]
    for name in names:
        assert (data_dir / "bench-sink" / name).read_bytes() == body
    db = Database.connect(database_url, pool_size=1)
    try:
        with db.read_core.connect() as connection:
            rows = dict(connection.execute(text("SELECT id, sha512 FROM bench_sink")).all())
    finally:
        db.dispose()
    assert rows == {name: hashlib.sha512(body).hexdigest() for name in names}


def test_without_the_benchmark_flag_there_is_no_durable_sink(running) -> None:
    answer = httpx.put(
        running.url + "/v1/_durable_sink",
        content=b"x",
        headers={"Content-Type": protocol.CHUNK_MEDIA_TYPE},
    )
    assert answer.status_code == 404
    assert not (running.settings.data_dir / "bench-sink").exists()


def test_workers_starting_at_once_all_prepare_the_sink(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With several server workers each one's first request creates the sink's table at
    the same moment; on PostgreSQL a concurrent CREATE TABLE IF NOT EXISTS fails with a
    "type already exists" unless the creations are serialised (the 500s seen with 2 workers).
    Threads stand in for the worker processes: each has its own Database, and the
    in-process lock is lifted, so only the database can keep them apart."""
    Seed(database_url).prepare()
    monkeypatch.setattr(bench_sink, "_made", contextlib.nullcontext())
    workers = 8
    databases = [Database.connect(database_url, pool_size=1) for _ in range(workers)]
    try:
        for _round in range(5):
            start = threading.Barrier(workers)

            def prepare(db: Database, start: threading.Barrier = start) -> None:
                start.wait(timeout=30)
                bench_sink._prepare(db, tmp_path / "bench-sink")

            bench_sink._ready.clear()
            with databases[0].write_core.begin() as connection:
                connection.execute(text("DROP TABLE IF EXISTS bench_sink"))
            with ThreadPoolExecutor(workers) as pool:
                for done in [pool.submit(prepare, db) for db in databases]:
                    done.result(timeout=60)
            with databases[0].read_core.connect() as connection:
                rows = connection.execute(text("SELECT count(*) FROM bench_sink")).scalar_one()
            assert rows == 0
    finally:
        bench_sink._ready.clear()
        for db in databases:
            db.dispose()
