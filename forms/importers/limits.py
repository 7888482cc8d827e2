"""Bounds for reading files from outside: size, nesting, time and memory.

Importers read what a town's systems or a download produced, so a file may be huge,
nested a million levels deep, an entity bomb or a PDF whose page tree loops. The parsers
refuse what they can see coming (size, depth, DTDs, object counts); `bounded` is the
backstop for the rest: the command line runs an import under a wall-clock alarm and an
address-space limit, so a hostile file ends in a clear message and exit code 1, never
in a hang or an exhausted machine.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from types import FrameType

#: Wall-clock seconds one import may take (real files take well under a second).
IMPORT_SECONDS = 45
#: Address space one import process may use (the interpreter itself takes ~0.3 GB).
IMPORT_MEMORY_BYTES = 3 * 1024**3


class ImportLimitError(Exception):
    """An import hit a bound; the message says which (English, for the admin)."""


@contextlib.contextmanager
def bounded(seconds: int = IMPORT_SECONDS, memory_bytes: int | None = None) -> Iterator[None]:
    """Run the block under a time limit (main thread only) and optionally a memory limit.

    The memory limit is a process-wide `RLIMIT_AS`: only the command line sets it, in its
    own short-lived process, never a test run or the app.

    Raises:
        ImportLimitError: the time ran out, or memory did (MemoryError).
    """
    use_alarm = threading.current_thread() is threading.main_thread() and hasattr(signal, "SIGALRM")
    previous = None
    if use_alarm:

        def expire(signum: int, frame: FrameType | None) -> None:
            del signum, frame
            raise ImportLimitError(f"the import took longer than {seconds} s and was stopped")

        previous = signal.signal(signal.SIGALRM, expire)
        signal.alarm(seconds)
    if memory_bytes is not None:
        _limit_memory(memory_bytes)
    try:
        yield
    except MemoryError:
        raise ImportLimitError(
            f"the import needed more than {(memory_bytes or 0) // 2**20} MB of memory"
        ) from None
    except RecursionError:
        raise ImportLimitError("the file is nested too deeply to read") from None
    finally:
        if use_alarm:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, previous)


def _limit_memory(memory_bytes: int) -> None:
    try:
        import resource
    except ImportError:  # pragma: no cover - not on Windows
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = memory_bytes if hard == resource.RLIM_INFINITY else min(memory_bytes, hard)
    if soft == resource.RLIM_INFINITY or soft > wanted:
        resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
