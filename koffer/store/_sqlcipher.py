"""The one typed doorway to sqlcipher3 (which ships no type hints).

Every connection is opened here, and `PRAGMA key` is always its first statement;
every sqlite error code is translated into a `StoreError` here, so the rest of the
store never touches the untyped module.
"""

from __future__ import annotations

import errno
import shutil
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, Protocol, cast

import sqlcipher3.dbapi2 as _dbapi

from koffer.store.errors import (
    DatabaseDamaged,
    DiskFull,
    ProfileInUse,
    StorageFailure,
    StoreError,
)

#: A value SQLite can store.
SqlValue = str | int | float | bytes | None
Params = Sequence[SqlValue]

# sqlite primary result codes (extended codes carry these in the low byte)
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_NOTADB = 26

KEY_BYTES = 32
BUSY_TIMEOUT_MS = 5000
JOURNAL_SIZE_LIMIT = 8 * 1024 * 1024


class Cursor(Protocol):
    """The part of a DB-API cursor the store uses."""

    rowcount: int
    lastrowid: int | None

    def fetchone(self) -> tuple[Any, ...] | None: ...
    def fetchall(self) -> list[tuple[Any, ...]]: ...


class _RawConnection(Protocol):
    def execute(self, sql: str, params: Params = ...) -> Cursor: ...
    def executescript(self, sql: str) -> Cursor: ...
    def close(self) -> None: ...


Error: type[Exception] = _dbapi.Error
DatabaseError: type[Exception] = _dbapi.DatabaseError
IntegrityError: type[Exception] = _dbapi.IntegrityError


def _silence_cipher_log() -> None:
    """SQLCipher logs every failed page HMAC to stderr; we report errors ourselves."""
    conn = cast(_RawConnection, _dbapi.connect(":memory:"))
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
    finally:
        conn.close()


_silence_cipher_log()


def key_pragma(key: bytes) -> str:
    """The `PRAGMA key` statement for a raw 256-bit key (no SQLCipher PBKDF2)."""
    if len(key) != KEY_BYTES:
        raise ValueError("SQLCipher raw keys are 32 bytes")
    return f"PRAGMA key = \"x'{key.hex()}'\""


def error_code(exc: BaseException) -> int | None:
    """The primary sqlite result code of a driver exception, if it carries one."""
    code = getattr(exc, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def translate(exc: BaseException, folder: Path | None = None) -> StoreError | None:
    """The `StoreError` a user can act on for `exc`, or None when `exc` is a bug."""
    if isinstance(exc, StoreError):
        return exc
    if isinstance(exc, OSError) and not isinstance(exc, DatabaseError):
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return DiskFull(f"os: {exc.strerror}")
        if exc.errno in (errno.EIO, errno.EROFS, errno.EACCES, errno.EPERM):
            return StorageFailure(f"os: {exc.strerror}")
        return None
    if not isinstance(exc, DatabaseError):
        return None
    code = error_code(exc)
    message = str(exc)
    if code is None:
        # Older drivers: fall back to sqlite's fixed English texts.
        lowered = message.lower()
        if "not a database" in lowered or "malformed" in lowered:
            return DatabaseDamaged(message)
        if "database or disk is full" in lowered:
            return DiskFull(message)
        return None
    if code == SQLITE_FULL:
        return DiskFull(message)
    if code in (SQLITE_NOTADB, SQLITE_CORRUPT):
        return DatabaseDamaged(message)
    if code in (SQLITE_BUSY, SQLITE_LOCKED):
        return ProfileInUse(message)
    if code == SQLITE_IOERR:
        if folder is not None and _nearly_full(folder):
            return DiskFull(message)
        return StorageFailure(message)
    if code in (SQLITE_READONLY, SQLITE_CANTOPEN):
        return StorageFailure(message)
    return None


def _nearly_full(folder: Path) -> bool:
    try:
        return shutil.disk_usage(folder).free < 1024 * 1024
    except OSError:
        return False


class Connection:
    """A keyed SQLCipher connection: thread-safe, autocommit, typed.

    The store is used from the UI's worker pool, so calls can come from different
    threads; one lock per connection serialises them. Transactions are explicit
    (`transaction()`), everything else runs in autocommit mode.
    """

    def __init__(self, path: Path, key: bytes, *, query_only: bool = False) -> None:
        """Open `path` and key it; nothing else runs before the key.

        Raises:
            StoreError: the file cannot be opened or the key does not fit.
        """
        self.path = path
        self._lock = threading.RLock()
        self._closed = False
        with translating(path.parent):
            raw = cast(
                _RawConnection,
                _dbapi.connect(
                    str(path), isolation_level=None, check_same_thread=False, timeout=5.0
                ),
            )
        self._raw = raw
        try:
            with translating(path.parent):
                raw.execute(key_pragma(key))
                raw.execute("PRAGMA cipher_memory_security = ON")
                # The first real read proves the key (HMAC of page 1) and the header.
                raw.execute("SELECT count(*) FROM sqlite_master").fetchone()
                raw.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
                raw.execute("PRAGMA foreign_keys = ON")
                raw.execute("PRAGMA secure_delete = ON")
                raw.execute("PRAGMA temp_store = MEMORY")  # no temp files, not even encrypted
                # After a 50 MB attachment the WAL would keep its size; cap what stays.
                raw.execute(f"PRAGMA journal_size_limit = {JOURNAL_SIZE_LIMIT}")
                if query_only:
                    raw.execute("PRAGMA query_only = ON")
        except BaseException:
            raw.close()
            raise

    def execute(self, sql: str, params: Params = ()) -> Cursor:
        """Run one statement; driver errors become `StoreError` where the user can act."""
        with self._lock, translating(self.path.parent):
            return self._raw.execute(sql, params)

    def query(self, sql: str, params: Params = ()) -> list[tuple[Any, ...]]:
        """Run a SELECT and return every row."""
        with self._lock, translating(self.path.parent):
            return self._raw.execute(sql, params).fetchall()

    def query_one(self, sql: str, params: Params = ()) -> tuple[Any, ...] | None:
        """Run a SELECT and return its first row, or None."""
        with self._lock, translating(self.path.parent):
            return self._raw.execute(sql, params).fetchone()

    def script(self, sql: str) -> None:
        """Run several statements (schema creation); it commits any open transaction."""
        with self._lock, translating(self.path.parent):
            self._raw.executescript(sql)

    def pragma(self, statement: str) -> Any:
        """Run `PRAGMA <statement>` and return the first column of the first row."""
        row = self.query_one(f"PRAGMA {statement}")
        return None if row is None else row[0]

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """`BEGIN IMMEDIATE` … `COMMIT`; rollback on any exception.

        IMMEDIATE takes the write lock up front, so a transaction never fails half way
        with SQLITE_BUSY after it has read.
        """
        with self._lock:
            with translating(self.path.parent):
                self._raw.execute("BEGIN IMMEDIATE")
            try:
                yield self
            except BaseException:
                # sqlite may already have rolled back (SQLITE_FULL, SQLITE_CORRUPT)
                with suppress(DatabaseError):
                    self._raw.execute("ROLLBACK")
                raise
            try:
                with translating(self.path.parent):
                    self._raw.execute("COMMIT")
            except BaseException:
                # sqlite may already have rolled back (e.g. SQLITE_FULL at commit)
                with suppress(DatabaseError):
                    self._raw.execute("ROLLBACK")
                raise

    def rekey(self, key: bytes) -> None:
        """Re-encrypt the whole database with `key` (`PRAGMA rekey`)."""
        with self._lock, translating(self.path.parent):
            self._raw.execute(key_pragma(key).replace("PRAGMA key", "PRAGMA rekey", 1))

    @property
    def closed(self) -> bool:
        """Whether `close()` was called."""
        return self._closed

    def close(self) -> None:
        """Close the connection (idempotent); SQLCipher wipes the key from memory."""
        with self._lock:
            if not self._closed:
                self._closed = True
                self._raw.close()


@contextmanager
def translating(folder: Path | None = None) -> Iterator[None]:
    """Re-raise driver and OS errors a user can act on as `StoreError`."""
    try:
        yield
    except StoreError:
        raise
    except Exception as exc:
        typed = translate(exc, folder)
        if typed is None:
            raise
        raise typed from exc
