"""The in-process queue of SQLite writers (sync.server.db.QueuedSQLiteConnection)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import select

from sync.server.db import SQLITE_PAGE_SIZE, Database, Setting, _writer_lock, default_database_url
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
