"""Typed errors: German messages, and real sqlite failures mapped to them."""

from __future__ import annotations

import errno
import inspect
from pathlib import Path

import pytest

from koffer.store import errors
from koffer.store._sqlcipher import Connection, translate
from koffer.store.errors import DatabaseDamaged, DiskFull, ProfileInUse, StorageFailure

KEY = bytes(range(32))
ERROR_TYPES = [
    cls
    for _, cls in inspect.getmembers(errors, inspect.isclass)
    if issubclass(cls, errors.StoreError) and cls is not errors.StoreError
]


@pytest.mark.parametrize("cls", ERROR_TYPES, ids=lambda c: c.__name__)
def test_every_error_has_its_own_german_message(cls: type[errors.StoreError]) -> None:
    err = cls("technical detail")
    assert err.user_message != errors.StoreError.default_message
    assert str(err) == "technical detail"
    assert err.user_message.endswith(".")
    words = (" die ", " der ", " ist ", " sie ", " nicht", "bitte ")
    assert any(w in err.user_message.lower() for w in words)


def test_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    path.write_bytes(b"this is no database at all" * 200)
    with pytest.raises(DatabaseDamaged):
        Connection(path, KEY)


def test_wrong_key_on_a_real_file_reads_as_damaged(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    Connection(path, KEY).execute("CREATE TABLE t (a)")
    with pytest.raises(DatabaseDamaged):
        Connection(path, bytes(32))


def test_size_limit_is_disk_full(tmp_path: Path) -> None:
    conn = Connection(tmp_path / "x.db", KEY)
    conn.execute("CREATE TABLE t (a)")
    conn.execute("PRAGMA max_page_count = 3")
    with pytest.raises(DiskFull), conn.transaction():
        conn.execute("INSERT INTO t VALUES (randomblob(100000))")
    assert conn.query("SELECT count(*) FROM t") == [(0,)]


def test_busy_is_in_use(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    first = Connection(path, KEY)
    first.execute("CREATE TABLE t (a)")
    second = Connection(path, KEY)
    second.execute("PRAGMA busy_timeout = 0")
    with first.transaction():
        first.execute("INSERT INTO t VALUES (1)")
        with pytest.raises(ProfileInUse):
            second.execute("INSERT INTO t VALUES (2)")


def test_os_errors() -> None:
    assert isinstance(translate(OSError(errno.ENOSPC, "full")), DiskFull)
    assert isinstance(translate(OSError(errno.EIO, "io")), StorageFailure)
    assert translate(OSError(errno.ENOENT, "missing")) is None
    assert translate(ValueError("a bug")) is None


def test_bugs_stay_bugs(tmp_path: Path) -> None:
    conn = Connection(tmp_path / "x.db", KEY)
    with pytest.raises(Exception) as err:
        conn.execute("SELEC nonsense")
    assert not isinstance(err.value, errors.StoreError)
