"""Decrypt every page of a SQLCipher 4 file as someone holding the key would.

Not through SQLite: a reader of the raw file sees free pages, old page versions in the
write-ahead log and deleted cells that SQLite itself no longer shows. SQLCipher 4's
default page format (https://www.zetetic.net/sqlcipher/design/): 4096-byte pages, each
AES-256-CBC encrypted except its last 80 bytes (16-byte IV, 64-byte HMAC-SHA512); page 1
starts with the 16-byte salt instead of SQLite's header. drafts.db's `DRAFTS_FORMAT`
has larger pages and HMAC-SHA256 (16 + 32 reserved bytes). A raw key (`x'…'`) is the
AES key itself. The WAL has a 32-byte header, then frames of a 24-byte header and one
page.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from koffer.store._sqlcipher import SQLCIPHER4_DEFAULTS, CipherFormat

PAGE_SIZE = 4096
RESERVE = 80  # IV (16) + HMAC-SHA512 (64)
SALT = 16
WAL_HEADER = 32
FRAME_HEADER = 24


_HMAC_BYTES = {"HMAC_SHA512": 64, "HMAC_SHA256": 32}


def file_pages(
    path: Path, key: bytes, cipher: CipherFormat = SQLCIPHER4_DEFAULTS
) -> Iterator[bytes]:
    """Every page of a database file, decrypted."""
    data = path.read_bytes()
    size = cipher.page_size
    for number, at in enumerate(range(0, len(data) - size + 1, size), start=1):
        yield _decrypt_page(data[at : at + size], key, cipher, first=number == 1)


def wal_pages(
    path: Path, key: bytes, cipher: CipherFormat = SQLCIPHER4_DEFAULTS
) -> Iterator[bytes]:
    """Every page image in a write-ahead log, decrypted (old versions included)."""
    if not path.exists():
        return
    data = path.read_bytes()
    frame = FRAME_HEADER + cipher.page_size
    for at in range(WAL_HEADER, len(data) - frame + 1, frame):
        number = int.from_bytes(data[at : at + 4], "big")
        page = data[at + FRAME_HEADER : at + frame]
        yield _decrypt_page(page, key, cipher, first=number == 1)


def _decrypt_page(page: bytes, key: bytes, cipher: CipherFormat, *, first: bool) -> bytes:
    reserve = 16 + _HMAC_BYTES[cipher.hmac]  # both already whole AES blocks
    end = cipher.page_size - reserve
    iv = page[end : end + 16]
    body = page[SALT if first else 0 : end]
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    return decryptor.update(body) + decryptor.finalize()


def every_page(
    database: Path, key: bytes, cipher: CipherFormat = SQLCIPHER4_DEFAULTS
) -> list[bytes]:
    """The pages of `database` and of its WAL, decrypted (in `cipher`'s page format)."""
    wal = database.with_name(database.name + "-wal")
    return [*file_pages(database, key, cipher), *wal_pages(wal, key, cipher)]
