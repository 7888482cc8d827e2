"""The sync port does its store work on the store lane, never on the pass's own thread."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import pytest

from koffer.store import Profile, ProfilePaths
from koffer.store.keys import TEST_KDF
from koffer.townhall.store_port import KofferSyncStore
from tests.helpers.keyring_backends import MemoryKeyring

T = TypeVar("T")


class Spy:
    """Records the thread of every call to the wrapped store."""

    def __init__(self, real: Any, calls: list[tuple[str, int]]) -> None:
        self._real = real
        self._calls = calls

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._real, name)
        if not callable(value):
            return value

        def call(*args: Any, **kwargs: Any) -> Any:
            self._calls.append((name, threading.get_ident()))
            return value(*args, **kwargs)

        return call


@pytest.fixture
def profile(tmp_path: Path) -> Iterator[Profile]:
    p = Profile(ProfilePaths(tmp_path / "p"), MemoryKeyring(), kdf=TEST_KDF)
    p.create("Petra Feld", "Korrekt Pferd Batterie")
    yield p
    p.close()


def test_a_pass_on_its_own_thread_touches_the_store_only_on_the_lane(profile: Profile) -> None:
    calls: list[tuple[str, int]] = []
    lane_thread: list[int] = []
    executor = ThreadPoolExecutor(1)
    executor.submit(lambda: lane_thread.append(threading.get_ident())).result()

    def lane(fn: Callable[[], T]) -> T:
        return executor.submit(fn).result()

    device = Spy(profile.open_device(), calls)
    store = KofferSyncStore(profile, device, None, lane=lane)  # type: ignore[arg-type]

    def a_pass() -> None:  # what a sync pass asks, from a thread of its own
        store.set_setting("sync.server_url", "https://rathaus.example")
        assert store.get_setting("sync.server_url") == "https://rathaus.example"
        assert store.pending() == []
        assert store.catalog_version() == 0
        store.set_catalog_stale(True, "test")
        assert store.catalog_stale()
        store.record_receipt("s-1", "d-1", "SOZ-1", dt.datetime.now(dt.UTC))
        assert store.rejected() == []

    pass_thread = threading.Thread(target=a_pass)
    try:
        pass_thread.start()
        pass_thread.join(10)
    finally:
        executor.shutdown()
    assert calls
    assert {ident for _, ident in calls} == set(lane_thread)
