"""Overwrite-then-delete for database files.

On SSDs and copy-on-write file systems an overwrite may not reach the old blocks, so
the real guarantee of a wipe is that the keys are gone from the keyring (the files are
encrypted). Overwriting first still removes the ciphertext wherever the disk honours it.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from koffer.store.files import open_fd

_CHUNK = 1024 * 1024


def shred_file(path: Path) -> None:
    """Overwrite `path` with random bytes, fsync, then unlink (missing file: no-op)."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return
    try:
        fd = open_fd(path, os.O_WRONLY)
    except OSError:
        path.unlink(missing_ok=True)
        return
    try:
        written = 0
        while written < size:
            written += os.write(fd, secrets.token_bytes(min(_CHUNK, size - written)))
        os.fsync(fd)
    except OSError:
        pass  # a full or failing disk: deleting (and the removed keys) must still happen
    finally:
        os.close(fd)
    path.unlink(missing_ok=True)
