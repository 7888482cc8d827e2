"""The in-process queue of SQLite writers (sync.server.db.QueuedSQLiteConnection)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from sync.server import db as db_module
from sync.server.db import (
    SQLITE_PAGE_SIZE,
    Database,
    Setting,
    _group_sync,
    _writer_lock,
    default_database_url,
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
