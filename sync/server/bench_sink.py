"""Benchmark only (`--benchmark-sink`): the cheapest *durable* intake this stack allows.

WHY: `bench_server` compares the intake with a sink that only reads the body; that says
how cheap uvicorn's trivial endpoint is, not how close the intake is to what durability
costs. This endpoint does the least a durable receipt needs, on the same server stack
(uvicorn, httptools, uvloop, the request guard): the body is hashed (SHA-512, as the
protocol's digests), written to a new file with one `fdatasync` (with `?dirsync=1` also
the folder's fsync, which a new file needs to survive a power cut), and one row is
committed durably (SQLite: the group fsync; PostgreSQL: synchronous commit), one
thread-pool hop for all of it. No authentication, no checks, no resumption: a floor,
never a way to receive anything.
"""

from __future__ import annotations

import hashlib
import os
import threading
import uuid
from pathlib import Path

from sqlalchemy import text
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from sync.server.db import Database
from sync.server.guard import DURABLE_SINK_PATH

PATH = DURABLE_SINK_PATH

_made = threading.Lock()
_ready: set[int] = set()


def _store(db: Database, folder: Path, parts: list[bytes], dirsync: bool) -> str:
    digest = hashlib.sha512()
    for part in parts:
        digest.update(part)
    name = uuid.uuid4().hex
    fd = os.open(folder / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.writev(fd, parts)
        os.fdatasync(fd)
    finally:
        os.close(fd)
    if dirsync:
        dfd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
    with db.write_core.begin() as connection:
        connection.execute(
            text("INSERT INTO bench_sink (id, sha512) VALUES (:id, :sha)"),
            {"id": name, "sha": digest.hexdigest()},
        )
    return name


def _prepare(db: Database, folder: Path) -> None:
    with _made:
        if id(db) in _ready:
            return
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        with db.write_core.begin() as connection:
            if connection.dialect.name == "postgresql":
                # Several workers start at once: PostgreSQL's CREATE TABLE IF NOT EXISTS
                # is not safe against a concurrent one ("type bench_sink already exists").
                connection.execute(text("SELECT pg_advisory_xact_lock(hashtext('bench_sink'))"))
            connection.execute(
                text(
                    "CREATE TABLE IF NOT EXISTS bench_sink "
                    "(id VARCHAR(32) PRIMARY KEY, sha512 VARCHAR(128))"
                )
            )
        _ready.add(id(db))


async def durable_sink(request: Request) -> Response:
    """Read the body, then hash, write, fdatasync and commit one row (one hop)."""
    db: Database = request.app.state.db
    folder = Path(request.app.state.settings.data_dir) / "bench-sink"
    parts = [chunk async for chunk in request.stream() if chunk]
    dirsync = request.query_params.get("dirsync") == "1"
    if id(db) not in _ready:
        await run_in_threadpool(_prepare, db, folder)
    name = await run_in_threadpool(_store, db, folder, parts, dirsync)
    return Response(status_code=204, headers={"X-Stored": name})
