"""The store lane: where store calls run when the caller is on another thread.

The desktop app keeps every store call on ONE thread, strictly in order (its worker
helper's store lane): an autosave typed before "Sperren" lands before drafts.db is
closed, and nothing reads a store that a lock closed a moment ago. Work that runs on
another thread for a long time (a sync pass waiting on the network, a print job
waiting on the printer) hands each of its store calls to that lane through a
`StoreLane` and waits for the answer. Where there is no such thread (the headless
`koffer sync`, tests of logic), `run_here` calls at once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar

T = TypeVar("T")


class StoreLane(Protocol):
    """Runs `fn` on the store's thread, waits, and returns its result (or raises)."""

    def __call__(self, fn: Callable[[], T], /) -> T:
        """Run `fn` where the store runs."""
        ...


def run_here(fn: Callable[[], T], /) -> T:
    """The lane of a single-threaded caller: call `fn` now, on this thread."""
    return fn()
