"""Fixtures shared across test folders: which background runner the app uses.

The app runs background work through `koffer.ui.worker`; tests of logic swap in a
runner that runs every job at once on the test's thread (`sync_worker`), tests of
threading use the real threaded one (`threaded`). Import the fixtures into a conftest
(or a test module) to use them.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from koffer.ui import worker


@pytest.fixture
def sync_worker() -> Iterator[worker.SyncRunner]:
    """Background jobs run at once, on the test's thread."""
    runner = worker.SyncRunner()
    worker.set_runner(runner)
    yield runner
    worker.set_runner(None)
    worker.set_error_hook(None)


@pytest.fixture
def threaded() -> Iterator[worker.ThreadRunner]:
    """The real threaded runner (store thread + pool); drained before the test ends."""
    runner = worker.ThreadRunner()
    worker.set_runner(runner)
    yield runner
    runner.drain(10_000)
    worker.set_runner(worker.SyncRunner())
