"""A real, size-limited file system (tmpfs) for disk-full tests.

Mounting needs root; where it is refused, the test is skipped with the reason (the
store's SQLite-level disk-full test still runs everywhere).
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


@contextmanager
def small_disk(mount_point: Path, size_kib: int) -> Iterator[Path]:
    """A tmpfs of `size_kib` KiB mounted at `mount_point` (made if missing), owner-only;
    unmounted (lazily) afterwards."""
    mount_point.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        pytest.skip("mounting a size-limited tmpfs needs root")
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size_kib}k,mode=0700", "tmpfs", str(mount_point)],
        capture_output=True,
        check=False,
    )
    if result.returncode != 0:
        pytest.skip(f"cannot mount tmpfs here: {result.stderr.decode().strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def fill(folder: Path, name: str = "filler") -> Path:
    """Write into `folder/name` until the file system has not a byte left; the filler."""
    filler = folder / name
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        for chunk in (65536, 4096, 512, 1):  # big steps first, then the last crumbs
            try:
                while os.write(fd, b"\0" * chunk) == chunk:
                    pass
            except OSError:
                continue
    finally:
        os.close(fd)
    return filler
