"""Converting drafts.db from SQLCipher 4's default format to `DRAFTS_FORMAT`, crash-safe.

WHY a conversion at all: page size and HMAC are per-file settings fixed when the file
is created; an existing profile keeps its format until it is copied page by page into
a new file (`sqlcipher_export`). The format is found by trying: the new one first (one
page read), then the old one. A wrong key fails both and is left to the caller, which
reports it as before.

The steps, each leaving a usable file at `drafts.db` whatever is killed where:

1. `drafts.db-convert` (and its journal) left over from an earlier attempt: shredded.
2. The old file is exported into `drafts.db-convert` with the new settings (same key,
   attached without a key clause, so the key never appears in a statement's text),
   fsynced, then verified on its own connection: `integrity_check`,
   `cipher_integrity_check`, `user_version` and every table's row count equal the
   old file's.
3. `drafts.db-old` is made a second name (hard link) of the old file, the directory
   fsynced; `drafts.db-convert` is renamed over `drafts.db` (atomic), the directory
   fsynced again. Until this rename `drafts.db` is the old file, untouched.
4. `drafts.db-old`, now the old file's only name, is shredded like every deleted
   database file (`shred_file`).

Recovery: `drafts.db` opening in the new format means steps 1-3 are done, so a left
`drafts.db-old` is shredded (step 4) and a `drafts.db-convert` cannot be the live file.
`drafts.db` opening only in the old format means the conversion starts over; a left
`drafts.db-old` is then another name of the live file and is only unlinked, never
overwritten.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from koffer.secret_memory import SecretBuffer
from koffer.store._sqlcipher import (
    DRAFTS_FORMAT,
    SQLCIPHER4_DEFAULTS,
    CipherFormat,
    Connection,
    translating,
)
from koffer.store.errors import DatabaseDamaged, MigrationFailed, StoreError
from koffer.store.files import open_fd
from koffer.store.wipe import shred_file

#: Formats drafts.db had before `DRAFTS_FORMAT`, newest first.
LEGACY_FORMATS: tuple[CipherFormat, ...] = (SQLCIPHER4_DEFAULTS,)

_CONVERTED = "converted"


def _noop(step: str) -> None:
    del step


#: Called after each named step (tests put a simulated crash there).
after_step: Callable[[str], None] = _noop


def convert_path(db: Path) -> Path:
    """Where the converted copy is built."""
    return db.with_name(db.name + "-convert")


def old_path(db: Path) -> Path:
    """The old file's second name between the rename and its shredding."""
    return db.with_name(db.name + "-old")


def opens_as(db: Path, key: SecretBuffer | bytes, cipher: CipherFormat) -> bool:
    """Whether `db` opens with `key` in `cipher` (read only; changes nothing)."""
    try:
        conn = Connection(db, key, query_only=True, cipher=cipher)
    except DatabaseDamaged:
        return False
    conn.close()
    return True


def ensure_format(
    db: Path, key: SecretBuffer | bytes, target: CipherFormat = DRAFTS_FORMAT
) -> CipherFormat:
    """Bring an existing `db` into `target` (or finish an interrupted conversion); the
    format to open it with.

    A missing file (new profile) and a file that opens in no known format (wrong key,
    damaged) are left alone and get `target`: opening them reports them as before. A
    conversion that fails before its rename (disk full, a copy that does not verify,
    no hard links on this file system) leaves the old file in use and returns its
    format; the next unlock tries again.
    """
    if not db.exists() or opens_as(db, key, target):
        _finish(db)
        return target
    legacy = next((fmt for fmt in LEGACY_FORMATS if opens_as(db, key, fmt)), None)
    if legacy is None:
        return target
    _discard_attempt(db)
    try:
        _build_copy(db, key, legacy, target)
    except (StoreError, OSError):
        _discard_attempt(db)
        return legacy
    _swap(db)
    return target


def _finish(db: Path) -> None:
    """Step 4 of a conversion that got past its rename (or nothing to do)."""
    old = old_path(db)
    if old.exists() and not os.path.samefile(old, db):
        shred_file(old)
    _shred_convert_files(db)


def _discard_attempt(db: Path) -> None:
    """Remove what an interrupted attempt left before its rename."""
    old = old_path(db)
    if old.exists():
        if os.path.samefile(old, db):
            old.unlink()  # the live file's second name: never overwrite it
        else:
            shred_file(old)
    _shred_convert_files(db)


def _shred_convert_files(db: Path) -> None:
    target = convert_path(db)
    for suffix in ("", "-journal", "-wal", "-shm"):
        shred_file(target.with_name(target.name + suffix))


def _build_copy(
    db: Path, key: SecretBuffer | bytes, legacy: CipherFormat, target: CipherFormat
) -> None:
    """Steps 2 and 3 up to the rename: a verified copy, the old file's second name."""
    new = convert_path(db)
    source = Connection(db, key, cipher=legacy)
    try:
        expected = _facts(source)
        # No KEY clause: the attached file takes the main file's (raw) key.
        source.execute(f"ATTACH DATABASE ? AS {_CONVERTED}", (str(new),))
        source.execute(f"PRAGMA {_CONVERTED}.cipher_page_size = {target.page_size}")
        source.execute(f"PRAGMA {_CONVERTED}.cipher_hmac_algorithm = {target.hmac}")
        source.query_one(f"SELECT sqlcipher_export('{_CONVERTED}')")
        source.execute(f"PRAGMA {_CONVERTED}.user_version = {expected['user_version']}")
        source.execute(f"DETACH DATABASE {_CONVERTED}")
    finally:
        source.close()
    after_step("exported")
    _fsync(new)
    _verify(new, key, target, expected)
    after_step("verified")
    wal = db.with_name(db.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        # The old file's log was not folded in at close: its last commits would be lost.
        raise MigrationFailed("drafts.db-wal still holds frames; not converted")
    os.link(db, old_path(db))
    _fsync_dir(db.parent)
    after_step("linked")


def _swap(db: Path) -> None:
    """The atomic rename (the conversion's one point of no return), then step 4."""
    os.replace(convert_path(db), db)
    _fsync_dir(db.parent)
    after_step("renamed")
    _finish(db)
    _fsync_dir(db.parent)


def _facts(conn: Connection) -> dict[str, int]:
    """`user_version` and the row count of every table (FTS shadow tables included)."""
    facts = {"user_version": int(conn.pragma("user_version"))}
    names = conn.query(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND rootpage > 0 ORDER BY name"
    )
    for (name,) in names:
        quoted = '"' + str(name).replace('"', '""') + '"'
        row = conn.query_one(f"SELECT count(*) FROM {quoted}")  # noqa: S608 (a schema name, quoted)
        facts[f"rows:{name}"] = int(row[0]) if row is not None else -1
    return facts


def _verify(
    new: Path, key: SecretBuffer | bytes, target: CipherFormat, expected: dict[str, int]
) -> None:
    conn = Connection(new, key, query_only=True, cipher=target)
    try:
        problems = [
            str(row[0])
            for pragma in ("integrity_check", "cipher_integrity_check")
            for row in conn.query(f"PRAGMA {pragma}")
            if str(row[0]) != "ok"
        ]
        found = _facts(conn)
    finally:
        conn.close()
    if problems or found != expected:
        raise MigrationFailed("the converted drafts.db does not match the old one")


def _fsync(path: Path) -> None:
    with translating(path.parent):
        fd = open_fd(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _fsync_dir(folder: Path) -> None:
    """Make renames and links durable (POSIX; Windows has no directory handles for it)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
