"""Keep the running app's memory and files to the staff member's own session.

Called first thing by the `koffer` program (`koffer.cli.entry`), before any key or
citizen data exists in the process:

- **No core dumps** (`RLIMIT_CORE` 0): a crash would otherwise write the process's
  memory, with the open profile's keys and whatever was typed, to disk as a plain
  file (systemd-coredump keeps them under /var/lib/systemd/coredump).
- **Not dumpable** (Linux `prctl(PR_SET_DUMPABLE, 0)`): other processes of the same
  user can no longer attach a debugger or read `/proc/<pid>/mem`; only root can.
  A program the user runs by mistake cannot lift the keys out of Koffer.
- **Private files** (umask 077): anything the process creates without an explicit
  mode (toolkit settings, a print hand-over file) is readable by the user alone.

What this does not do, and why, is in docs/store.md ("What the lock protects against").
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import sys
from dataclasses import dataclass

PR_SET_DUMPABLE = 4
PR_GET_DUMPABLE = 3
PRIVATE_UMASK = 0o077


@dataclass(frozen=True)
class Protection:
    """What `protect_process` achieved (the platform may not offer every part)."""

    core_dumps_off: bool
    not_dumpable: bool
    umask: int


def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        return ctypes.CDLL(name, use_errno=True)
    except OSError:
        return None


def _core_dumps_off() -> bool:
    try:
        import resource
    except ImportError:  # Windows: no core files; Windows Error Reporting is the admin's
        return False
    try:
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ValueError, OSError):
        return False
    return resource.getrlimit(resource.RLIMIT_CORE) == (0, 0)


def _not_dumpable() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    libc = _libc()
    if libc is None:
        return False
    if libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0:
        return False
    return bool(libc.prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 0)


def is_dumpable() -> bool | None:
    """Whether this process may be dumped or traced (None: the platform cannot say)."""
    if not sys.platform.startswith("linux"):
        return None
    libc = _libc()
    return None if libc is None else bool(libc.prctl(PR_GET_DUMPABLE, 0, 0, 0, 0))


def release_freed_memory() -> None:
    """After a lock: collect Python's garbage and give freed heap pages back to the OS.

    Freed memory keeps its content until it is reused; `malloc_trim` returns the free
    pages of glibc's heap (their content is gone for good) and its free top. Small blocks
    inside pages still in use stay as they are: what that leaves is measured by
    tests/gui/test_lock_memory.py. Call it on the UI thread: collecting may destroy Qt
    objects, which must die where they live.
    """
    import gc

    gc.collect()
    if sys.platform.startswith("linux"):
        libc = _libc()
        trim = getattr(libc, "malloc_trim", None) if libc is not None else None
        if trim is not None:
            trim(0)


def protect_process() -> Protection:
    """Switch core dumps off, make the process non-dumpable, set a private umask.

    Never fails: a part the platform does not offer is reported as not achieved.
    """
    core_off = False
    with contextlib.suppress(OSError):
        core_off = _core_dumps_off()
    not_dumpable = _not_dumpable()
    os.umask(PRIVATE_UMASK)
    return Protection(core_dumps_off=core_off, not_dumpable=not_dumpable, umask=PRIVATE_UMASK)
