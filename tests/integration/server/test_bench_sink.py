"""The benchmark's durable sink (`sync.server.bench_sink`): it stores what it claims to,
so the floor it gives `bench_server` is a floor *with* durability; it exists only with
`--benchmark-sink`."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import httpx
from sqlalchemy import text

from sync import protocol
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
