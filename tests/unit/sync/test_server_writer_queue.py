"""The queue of SQLite writers: in-process (sync.server.db.QueuedSQLiteConnection) and
across processes (its lock file, sync.server.db.WriterFileLock)."""

from __future__ import annotations

import contextlib
import fcntl
import multiprocessing
import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.exc import OperationalError

from sync.server import db as db_module
from sync.server.db import (
    SQLITE_PAGE_SIZE,
    Database,
    QueuedSQLiteConnection,
    Setting,
    _group_sync,
    _writer_lock,
    default_database_url,
    writer_lock_path,
)
from sync.server.migrate import upgrade


@pytest.fixture
def db(tmp_path: Path):
    database = Database.connect(default_database_url(tmp_path), pool_size=4)
    upgrade(database.engine)
    yield database
    database.dispose()


def _url(tmp_path: Path) -> str:
    return default_database_url(tmp_path)


def test_writer_lock_is_held_during_a_write_and_freed_by_commit(db, tmp_path):
    lock = _writer_lock(_url(tmp_path))
    with db.write.begin() as session:
        session.add(Setting(key="a", value="1"))
        session.flush()
        assert lock.locked()
    assert not lock.locked()
    with db.relaxed.begin() as session:
        session.add(Setting(key="b", value="2"))
        session.flush()
        assert lock.locked()
    assert not lock.locked()


def _write_then_fail(db: Database) -> None:
    with db.write.begin() as session:
        session.add(Setting(key="half", value="x"))
        session.flush()
        raise RuntimeError("boom")


def test_failed_write_frees_the_lock_and_keeps_nothing(db, tmp_path):
    lock = _writer_lock(_url(tmp_path))
    with pytest.raises(RuntimeError):
        _write_then_fail(db)
    assert not lock.locked()
    with db.read() as session:
        assert session.get(Setting, "half") is None


def test_new_database_uses_large_pages(db):
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA page_size").scalar() == SQLITE_PAGE_SIZE


def test_reads_do_not_queue(db, tmp_path):
    lock = _writer_lock(_url(tmp_path))
    with db.read() as session:
        session.scalars(select(Setting)).all()
        assert not lock.locked()


def test_concurrent_writers_lose_no_update(db):
    with db.write.begin() as session:
        session.add(Setting(key="counter", value="0"))

    def bump() -> None:
        for _ in range(25):
            with db.relaxed.begin() as session:
                row = session.get(Setting, "counter")
                assert row is not None
                row.value = str(int(row.value) + 1)

    threads = [threading.Thread(target=bump) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with db.read() as session:
        row = session.get(Setting, "counter")
        assert row is not None
        assert row.value == str(6 * 25)


def test_durable_commits_wait_for_a_group_fsync_that_started_after_them(db, tmp_path):
    """Receipts share fsyncs, outside the writer lock, and none returns before its own
    commit is covered; relaxed commits never wait for one."""
    sync = _group_sync(_url(tmp_path))
    assert sync is not None
    started: list[float] = []
    real = sync._fsync

    def counting_fsync() -> None:
        started.append(time.monotonic())
        time.sleep(0.02)  # a slow disk, so that commits pile up behind one fsync
        real()

    sync._fsync = counting_fsync  # type: ignore[method-assign]
    try:
        with db.relaxed.begin() as session:
            session.add(Setting(key="relaxed", value="1"))
        assert started == []
        committed: list[float] = []
        returned: list[float] = []
        guard = threading.Lock()

        def durable(i: int) -> None:
            with db.write.begin() as session:
                session.add(Setting(key=f"k{i}", value="v"))
                session.flush()
                with guard:
                    committed.append(time.monotonic())
            with guard:
                returned.append(time.monotonic())

        threads = [threading.Thread(target=durable, args=(i,)) for i in range(12)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sync._fsync = real  # type: ignore[method-assign]
    assert 1 <= len(started) < 12  # shared: fewer fsyncs than durable commits
    # every durable commit returned only after an fsync that began after its commit
    for at, back in zip(sorted(committed), sorted(returned), strict=True):
        assert any(at <= s <= back for s in started)


def test_a_large_wal_is_checkpointed_once_per_interval_not_at_every_commit(
    db, tmp_path, monkeypatch
):
    """SQLite never shrinks the WAL file, so its size alone would start a checkpoint at
    every commit once it had been large; the interval bounds them."""
    sync = _group_sync(_url(tmp_path))
    assert sync is not None
    monkeypatch.setattr(db_module, "WAL_CHECKPOINT_BYTES", 1)  # every WAL counts as large
    monkeypatch.setattr(db_module, "WAL_CHECKPOINT_INTERVAL", 3600.0)
    ran: list[int] = []
    real = sync._checkpoint

    def counting_checkpoint() -> None:
        ran.append(1)
        real()

    monkeypatch.setattr(sync, "_checkpoint", counting_checkpoint)
    for i in range(10):
        with db.relaxed.begin() as session:
            session.add(Setting(key=f"r{i}", value="v"))
        assert len(ran) == 1  # the first commit's; the interval holds the others off

    monkeypatch.setattr(db_module, "WAL_CHECKPOINT_INTERVAL", 0.0)
    for i in range(3):
        with db.relaxed.begin() as session:
            session.add(Setting(key=f"s{i}", value="v"))
    assert len(ran) == 4  # without the interval, one per commit


class _Answer:
    """What a PRAGMA's cursor would give `fetchone` (already read)."""

    def __init__(self, row: Any) -> None:
        self.row = row

    def fetchone(self) -> Any:
        return self.row


def test_a_checkpoint_restarts_the_wal_although_writers_commit_during_it(db, tmp_path, monkeypatch):
    """Writers that never pause: a commit lands as every checkpoint pass beside them ends.
    SQLite restarts the WAL only after a complete checkpoint, so before the last pass
    held the writer queue none ever completed, and the WAL grew by every frame written
    (2.1 GB after 1,400 submissions in issue 16's benchmark)."""
    sync = _group_sync(_url(tmp_path))
    assert sync is not None
    monkeypatch.setattr(db_module, "WAL_CHECKPOINT_INTERVAL", 3600.0)
    sync._checkpointed = time.monotonic()  # the commits here start no checkpoint of their own
    blob = "x" * 200_000  # several 32 KiB pages per commit

    def write(key: str) -> None:
        with db.relaxed.begin() as session:
            session.merge(Setting(key=key, value=blob))

    for i in range(10):
        write(f"before {i}")
    landed: list[str] = []
    real_connect = sqlite3.connect

    class Outrun(sqlite3.Connection):
        """The checkpoint's connection: each PASSIVE pass runs while a writer is inside
        its transaction, which commits as the pass ends (the intake's steady state)."""

        def execute(self, sql: str, *args: Any) -> Any:  # type: ignore[override]
            if "wal_checkpoint(PASSIVE)" not in sql:
                return super().execute(sql, *args)
            inside, go = threading.Event(), threading.Event()
            key = f"during {len(landed)}"

            def writer() -> None:
                with db.relaxed.begin() as session:
                    session.merge(Setting(key=key, value=blob))
                    session.flush()
                    inside.set()
                    go.wait(timeout=30)

            thread = threading.Thread(target=writer)
            thread.start()
            assert inside.wait(timeout=30)
            row = super().execute(sql, *args).fetchone()
            go.set()
            thread.join(timeout=30)
            landed.append(key)
            return _Answer(row)

    def connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        kwargs.setdefault("factory", Outrun)  # SQLAlchemy's connections bring their own
        return real_connect(*args, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", connect)
    sync._checkpoint()
    monkeypatch.setattr(sqlite3, "connect", real_connect)
    assert landed  # the pass beside the writers was outrun
    write("after")
    with contextlib.closing(real_connect(tmp_path / "koffer-server.db")) as connection:
        _busy, frames, _copied = connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    # restarted: only the last commit's frames (one value: 7 pages and the b-tree's),
    # not the 11 or more commits' before it
    assert 0 < frames < 2 * (len(blob) // SQLITE_PAGE_SIZE + 3), frames
    with db.read() as session:
        assert {"before 0", "after", *landed} <= set(session.scalars(select(Setting.key)))


def test_syncing_the_database_file_leaves_sqlites_locks_in_place(db, tmp_path):
    """Closing any descriptor of the database file would drop this process's POSIX locks
    on it (SQLite's included): a connection of another process closing then takes itself
    for the last one and deletes the WAL under our open connections, whose later commits
    are lost. The group commit syncs the database file without ever closing it."""
    sync = _group_sync(_url(tmp_path))
    assert sync is not None
    with db.relaxed.begin() as session:
        session.add(Setting(key="kept", value="1"))
    wal = tmp_path / "koffer-server.db-wal"
    assert wal.exists()
    sync._sync_database()
    sync._sync_database()  # the same descriptor again
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
            "c.execute('SELECT count(*) FROM settings').fetchone(); c.close()",
            str(tmp_path / "koffer-server.db"),
        ],
        check=True,
        timeout=60,
    )
    assert wal.exists()  # the other process did not take itself for the last one
    with db.relaxed.begin() as session:
        session.add(Setting(key="after", value="1"))
    with contextlib.closing(sqlite3.connect(tmp_path / "koffer-server.db")) as connection:
        keys = {row[0] for row in connection.execute("SELECT key FROM settings")}
    assert {"kept", "after"} <= keys


# --- across processes: the lock file beside the database ----------------------------


def _file_lock_is_free(database: Path) -> bool:
    """Whether another open file (another process's, or this one's) could take the
    writers' file lock now: flock locks of different open files conflict."""
    fd = os.open(writer_lock_path(database), os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(fd)  # closing the only descriptor of this open file unlocks it
    return True


def test_the_file_lock_is_held_during_a_write_and_freed_by_commit_rollback_and_close(db, tmp_path):
    database = tmp_path / "koffer-server.db"
    assert _file_lock_is_free(database)
    assert writer_lock_path(database).stat().st_mode & 0o777 == 0o600
    with db.write.begin() as session:
        session.add(Setting(key="a", value="1"))
        session.flush()
        assert not _file_lock_is_free(database)
    assert _file_lock_is_free(database)
    with pytest.raises(RuntimeError):
        _write_then_fail(db)
    assert _file_lock_is_free(database)
    with db.read() as session:
        session.scalars(select(Setting)).all()
        assert _file_lock_is_free(database)  # reads do not queue
    with db.engine.connect() as connection:
        raw = connection.connection.dbapi_connection
        assert isinstance(raw, QueuedSQLiteConnection)
        raw.begin_write()
        assert not _file_lock_is_free(database)
        raw.close()  # closed mid-transaction: SQLite rolls back, both locks are freed
        assert _file_lock_is_free(database)
        assert not _writer_lock(_url(tmp_path)).locked()
        connection.invalidate()


def _write_beside_another_process(
    url: str, me: str, other: str, rounds: int, barrier: Any, results: Any
) -> None:
    """One server-like process: writes until both it and the other process have made
    `rounds` commits (so the two really wrote at the same time), with SQLite's busy
    handler switched off: any wait at SQLite's lock is an error, not a sleep."""
    mine = seen = locked = attempts = 0
    try:
        database = Database.connect(url, pool_size=1)

        @event.listens_for(database.engine, "connect")
        def _no_busy_wait(dbapi_connection: Any, record: Any) -> None:
            del record
            dbapi_connection.execute("PRAGMA busy_timeout=0")

        barrier.wait(timeout=60)
        while (mine < rounds or seen < rounds) and attempts < 20 * rounds:
            attempts += 1
            try:
                with database.relaxed.begin() as session:
                    session.add(Setting(key=f"{me}{mine}", value="v"))
                    seen = session.scalar(
                        select(func.count())
                        .select_from(Setting)
                        .where(Setting.key.like(f"{other}%"))
                    )
                mine += 1
            except (OperationalError, sqlite3.OperationalError) as error:
                if "locked" not in str(error):
                    raise
                locked += 1
        barrier.wait(timeout=60)  # no one closes its last connection while the other writes
        database.dispose()
    except BaseException as error:
        results.put((me, mine, seen, locked, repr(error)))
        barrier.abort()  # the other process need not wait for this one
        raise
    results.put((me, mine, seen, locked, ""))


def test_writers_of_two_processes_queue_without_meeting_at_sqlites_lock(db, tmp_path):
    """Two processes (as two server workers) write the same file at the same time with
    SQLite's busy timeout at 0: without the lock file, a writer of one process found the
    other's SQLite lock taken and got "database is locked" (with the timeout, it slept in
    SQLite's busy handler); with it, each waits in the kernel and is handed the lock."""
    db.dispose()
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(2)
    results = context.Queue()
    rounds = 150
    workers = [
        context.Process(
            target=_write_beside_another_process,
            args=(_url(tmp_path), me, other, rounds, barrier, results),
        )
        for me, other in (("a", "b"), ("b", "a"))
    ]
    for worker in workers:
        worker.start()
    outcome = sorted(results.get(timeout=120) for _ in workers)
    for worker in workers:
        worker.join(timeout=60)
    assert [(locked, error) for *_, locked, error in outcome] == [(0, ""), (0, "")]
    assert all(mine >= rounds and seen >= rounds for _, mine, seen, *_ in outcome)
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(Setting)) == sum(
            mine for _, mine, *_ in outcome
        )


def _hold_a_write_and_hang(url: str, holding: Any) -> None:
    database = Database.connect(url, pool_size=1)
    with database.relaxed.begin() as session:
        session.add(Setting(key="never", value="v"))
        session.flush()
        holding.set()
        threading.Event().wait()  # until killed


def test_a_writer_process_that_dies_mid_transaction_frees_the_queue(db, tmp_path):
    """The kernel drops a dead process's flock, as SQLite drops its lock: a worker that
    crashed while writing never blocks the others."""
    database = tmp_path / "koffer-server.db"
    context = multiprocessing.get_context("spawn")
    holding = context.Event()
    worker = context.Process(target=_hold_a_write_and_hang, args=(_url(tmp_path), holding))
    worker.start()
    try:
        assert holding.wait(timeout=60)
        assert not _file_lock_is_free(database)
    finally:
        worker.kill()
        worker.join(timeout=60)
    with db.write.begin() as session:
        session.add(Setting(key="after", value="v"))
    with db.read() as session:
        assert session.get(Setting, "never") is None
        assert session.get(Setting, "after") is not None
