"""Fixtures for store unit tests: a profile in tmp_path with an in-memory keyring."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from koffer.store import DraftStore, Profile, ProfilePaths
from koffer.store.keys import TEST_KDF
from tests.helpers.keyring_backends import MemoryKeyring

PASSPHRASE = "Korrekt Pferd Batterie"


class Clock:
    """A settable clock, so staleness and retention can be tested without waiting."""

    def __init__(self) -> None:
        self.now = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += timedelta(**kwargs)


@pytest.fixture
def keyring_backend() -> MemoryKeyring:
    return MemoryKeyring()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def paths(tmp_path: Path) -> ProfilePaths:
    return ProfilePaths(tmp_path / "profil")


@pytest.fixture
def profile(paths: ProfilePaths, keyring_backend: MemoryKeyring, clock: Clock) -> Iterator[Profile]:
    p = Profile(paths, keyring_backend, kdf=TEST_KDF, clock=clock)
    yield p
    p.close()


@pytest.fixture
def store(profile: Profile) -> DraftStore:
    return profile.create("Erika Mustermann", PASSPHRASE)
