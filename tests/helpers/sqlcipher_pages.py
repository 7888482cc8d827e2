"""Decrypt every page of a SQLCipher 4 file as someone holding the key would.

Not through SQLite: a reader of the raw file sees free pages, old page versions in the
write-ahead log and deleted cells that SQLite itself no longer shows. SQLCipher 4's
default page format (https://www.zetetic.net/sqlcipher/design/): 4096-byte pages, each
AES-256-CBC encrypted except its last 80 bytes (16-byte IV, 64-byte HMAC-SHA512); page 1
starts with the 16-byte salt instead of SQLite's header. A raw key (`x'…'`) is the AES
key itself. The WAL has a 32-byte header, then frames of a 24-byte header and one page.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

PAGE_SIZE = 4096
RESERVE = 80  # IV (16) + HMAC-SHA512 (64)
SALT = 16
WAL_HEADER = 32
FRAME_HEADER = 24


def file_pages(path: Path, key: bytes) -> Iterator[bytes]:
    """Every page of a database file, decrypted."""
    data = path.read_bytes()
    for number, at in enumerate(range(0, len(data) - PAGE_SIZE + 1, PAGE_SIZE), start=1):
        yield _decrypt_page(data[at : at + PAGE_SIZE], key, first=number == 1)


def wal_pages(path: Path, key: bytes) -> Iterator[bytes]:
    """Every page image in a write-ahead log, decrypted (old versions included)."""
    if not path.exists():
        return
    data = path.read_bytes()
    frame = FRAME_HEADER + PAGE_SIZE
    for at in range(WAL_HEADER, len(data) - frame + 1, frame):
        number = int.from_bytes(data[at : at + 4], "big")
        page = data[at + FRAME_HEADER : at + frame]
        yield _decrypt_page(page, key, first=number == 1)


def _decrypt_page(page: bytes, key: bytes, *, first: bool) -> bytes:
    iv = page[PAGE_SIZE - RESERVE : PAGE_SIZE - RESERVE + 16]
    body = page[SALT if first else 0 : PAGE_SIZE - RESERVE]
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    return decryptor.update(body) + decryptor.finalize()


def every_page(database: Path, key: bytes) -> list[bytes]:
    """The pages of `database` and of its WAL, decrypted."""
    wal = database.with_name(database.name + "-wal")
    return [*file_pages(database, key), *wal_pages(wal, key)]
