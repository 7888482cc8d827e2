"""One process per profile: an exclusive, non-blocking lock on `<profile>/.lock`.

flock on Linux and macOS (msvcrt byte lock on Windows); the OS drops it when the holder
dies, so a crashed instance never leaves the profile locked.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from koffer.store.errors import ProfileInUse
from koffer.store.files import open_fd


class ProfileLock:
    """Held by the process that has the profile open; the OS drops it if that dies."""

    def __init__(self, path: Path) -> None:
        """Remember the lock file; `acquire()` takes it."""
        self.path = path
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        """Whether this object holds the lock."""
        return self._fd is not None

    def acquire(self) -> None:
        """Take the lock, or raise `ProfileInUse` at once (never waits)."""
        if self._fd is not None:
            return
        fd = open_fd(self.path, os.O_RDWR | os.O_CREAT)
        try:
            _lock(fd)
        except OSError as exc:
            os.close(fd)
            raise ProfileInUse("profile lock held by another process") from exc
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd

    def release(self) -> None:
        """Give the lock back (idempotent)."""
        if self._fd is not None:
            fd, self._fd = self._fd, None
            _unlock(fd)
            os.close(fd)


if sys.platform == "win32":
    import msvcrt

    def _lock(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
