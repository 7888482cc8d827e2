"""Integration fixtures: the real Secret Service (gnome-keyring in dbus-run-session)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from keyring.backend import KeyringBackend

from koffer.store import Profile, ProfilePaths


@pytest.fixture
def secret_service() -> KeyringBackend:
    """The OS keyring as `keyring` finds it; skipped (with the reason) without one."""
    if os.environ.get("KOFFER_SECRET_SERVICE_AVAILABLE") != "1":
        pytest.skip(
            "no Secret Service: run inside `dbus-run-session -- "
            "scripts/with-test-keyring.sh` (make test does), which sets "
            "KOFFER_SECRET_SERVICE_AVAILABLE=1"
        )
    import keyring

    backend = keyring.get_keyring()
    assert "SecretService" in type(backend).__module__, f"unexpected backend {backend}"
    return backend


@pytest.fixture
def real_profile(tmp_path: Path, secret_service: KeyringBackend) -> Iterator[Profile]:
    """A profile using the real keyring and the production KDF; wiped afterwards."""
    profile = Profile(ProfilePaths(tmp_path / "profil"))
    yield profile
    profile.wipe()
