"""One process per profile: an exclusive, non-blocking flock on `<profile>/.lock`."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from koffer.store.errors import ProfileInUse


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
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
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
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)
