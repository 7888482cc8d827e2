"""The one typed doorway to sqlcipher3 (which ships no type hints).

Every connection is opened here and keyed before anything else runs; every sqlite
error code is translated into a `StoreError` here, so the rest of the store never
touches the untyped module.

The key goes to SQLCipher through the binding's key call (`sqlite3_key`), not as a
`PRAGMA key` statement: a statement's text is a Python `str` that the driver also keeps
in its statement cache, so the hex key would stay in memory as long as the connection
(and after it, in freed memory). The raw key spec (`x'<hex>'`) is built in a
`SecretBuffer` and wiped as soon as SQLCipher has copied it. SQLCipher's own memory
security (`cipher_memory_security`: its allocations are locked in RAM where the limits
allow and zeroed when freed) is switched on for the whole process before the first
database is keyed; once on, it cannot be switched off again.
"""

from __future__ import annotations

import errno
import shutil
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, cast

import sqlcipher3.dbapi2 as _dbapi

from koffer.secret_memory import SecretBuffer
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
#: Bytes per write into an open blob (`Connection.write_blob`): small enough that
#: SQLCipher's secure allocator never holds a copy of the whole value.
BLOB_PIECE_BYTES = 256 * 1024


@dataclass(frozen=True)
class CipherFormat:
    """The per-file SQLCipher settings a database was created with (fixed for its life).

    A file opened with other settings fails its page-1 HMAC exactly like a wrong key, so
    they must be known before the first read; changing them means copying the file
    (`koffer.store.cipher_format`). The KDF settings do not matter: the key is raw.
    """

    page_size: int
    hmac: str

    def pragmas(self) -> tuple[str, ...]:
        """The statements that select this format, run after the key, before any read."""
        return (
            f"PRAGMA cipher_page_size = {self.page_size}",
            f"PRAGMA cipher_hmac_algorithm = {self.hmac}",
        )


#: SQLCipher 4's defaults: device.db, and drafts.db until its conversion.
SQLCIPHER4_DEFAULTS = CipherFormat(page_size=4096, hmac="HMAC_SHA512")
#: drafts.db since issue 17: HMAC-SHA256 (SHA-NI on current x86 and ARM CPUs, and the
#: same 256-bit security as the AES key) on 16 KB pages; a restore writes 400 MB with
#: a third less CPU, a typed answer stays one small fsynced commit (docs/store.md has
#: the measurements and why not 64 KB).
DRAFTS_FORMAT = CipherFormat(page_size=16384, hmac="HMAC_SHA256")


class Cursor(Protocol):
    """The part of a DB-API cursor the store uses."""

    rowcount: int
    lastrowid: int | None

    def fetchone(self) -> tuple[Any, ...] | None: ...
    def fetchall(self) -> list[tuple[Any, ...]]: ...


class _RawBlob(Protocol):
    def write(self, data: memoryview) -> None: ...
    def close(self) -> None: ...


class _RawConnection(Protocol):
    def execute(self, sql: str, params: Params = ...) -> Cursor: ...
    def executescript(self, sql: str) -> Cursor: ...
    def open_blob(self, table: str, column: str, row: int) -> _RawBlob: ...
    def set_key(self, key: memoryview) -> None: ...
    def reset_key(self, key: memoryview) -> None: ...
    def close(self) -> None: ...


Error: type[Exception] = _dbapi.Error
DatabaseError: type[Exception] = _dbapi.DatabaseError
IntegrityError: type[Exception] = _dbapi.IntegrityError


def _configure_sqlcipher() -> None:
    """Process-wide SQLCipher settings, made before any database is keyed.

    Its memory security on (see the module docstring); its log silenced, because it
    writes every failed page HMAC to stderr and we report errors ourselves.
    """
    conn = cast(_RawConnection, _dbapi.connect(":memory:"))
    try:
        conn.execute("PRAGMA cipher_memory_security = ON")
        conn.execute("PRAGMA cipher_log_level = NONE")
    finally:
        conn.close()


_configure_sqlcipher()

_HEX_DIGITS = b"0123456789abcdef"


def raw_key_spec(key: SecretBuffer | bytes) -> SecretBuffer:
    """SQLCipher's raw-key form `x'<64 hex digits>'` (no PBKDF2) in a new buffer.

    Written digit by digit: `bytes.hex()` would leave a `str` copy of the key behind.
    The caller wipes the result.
    """
    source = key.view() if isinstance(key, SecretBuffer) else memoryview(key)
    with source:
        if len(source) != KEY_BYTES:
            raise ValueError("SQLCipher raw keys are 32 bytes")
        spec = SecretBuffer(2 * KEY_BYTES + 3)
        with spec.view() as out:
            out[0], out[1], out[-1] = ord("x"), ord("'"), ord("'")
            for i, byte in enumerate(source):
                out[2 + 2 * i] = _HEX_DIGITS[byte >> 4]
                out[3 + 2 * i] = _HEX_DIGITS[byte & 0x0F]
    return spec


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

    def __init__(
        self,
        path: Path,
        key: SecretBuffer | bytes,
        *,
        query_only: bool = False,
        cipher: CipherFormat = SQLCIPHER4_DEFAULTS,
    ) -> None:
        """Open `path` and key it with `cipher`'s settings; nothing else runs before.

        `key` stays the caller's to wipe; SQLCipher keeps its own copy (wiped on close).
        A file of another `CipherFormat` fails like a wrong key (`DatabaseDamaged`).

        Raises:
            StoreError: the file cannot be opened or the key does not fit.
        """
        self.path = path
        self.cipher = cipher
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
                _call_with_spec(raw.set_key, key)
                if cipher != SQLCIPHER4_DEFAULTS:
                    for statement in cipher.pragmas():
                        raw.execute(statement)
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

    def write_blob(self, table: str, column: str, rowid: int, data: bytes) -> None:
        """Fill a value inserted as `zeroblob(len(data))` (incremental blob I/O).

        WHY: a bound parameter of a few MB is copied twice inside SQLite (the bound
        value, then the record built from it), each copy in SQLCipher's locked and
        wiped memory; written into the row's own pages, the bytes are copied once. A
        restore of hundreds of MB spends a third less time in SQLCipher this way. Run it
        in the transaction of the INSERT, so the zeros are never committed.
        """
        with self._lock, translating(self.path.parent):
            blob = self._raw.open_blob(table, column, rowid)
            try:
                view = memoryview(data)
                for start in range(0, len(view), BLOB_PIECE_BYTES):
                    blob.write(view[start : start + BLOB_PIECE_BYTES])
            finally:
                blob.close()

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

    @contextmanager
    def overwriting_only_written_pages(self) -> Iterator[Connection]:
        """`secure_delete = FAST` for the statements inside, ON again after them.

        FAST still zeroes a deleted cell on the page SQLite writes anyway, but leaves a
        freed overflow page as it was instead of rewriting it (encrypted, authenticated,
        logged) full of zeros. Only for data that is ciphertext the laptop cannot open
        (`DeviceStore.outbox_record_receipt`: sealed parts after the receipt); the lock
        is held throughout, so no other statement of this connection runs in between.
        """
        with self._lock:
            with translating(self.path.parent):
                self._raw.execute("PRAGMA secure_delete = FAST")
            try:
                yield self
            finally:
                with translating(self.path.parent):
                    self._raw.execute("PRAGMA secure_delete = ON")

    def rekey(self, key: SecretBuffer | bytes) -> None:
        """Re-encrypt the whole database with `key` (`sqlite3_rekey`; the caller wipes it)."""
        with self._lock, translating(self.path.parent):
            _call_with_spec(self._raw.reset_key, key)

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


def _call_with_spec(call: Any, key: SecretBuffer | bytes) -> None:
    """`call(<raw key spec>)` with the spec wiped right after, whatever happens."""
    spec = raw_key_spec(key)
    try:
        with spec.view() as view:
            call(view)
    finally:
        spec.wipe()


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
