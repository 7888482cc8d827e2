"""Every secret Koffer keeps fits Windows' Credential Locker (1,280 characters).

Windows stores at most 2,560 bytes per credential and keyring writes UTF-16, so the
limit is 1,280 characters; a longer value would only fail on the Windows laptops.
"""

from __future__ import annotations

import pytest

from koffer.store import KeyringUnavailable, Profile, ProfilePaths
from koffer.store.keys import MAX_SECRET_CHARS, DraftsKeyMaterial, KdfParams, Keyring
from sync.server.security import new_token
from tests.helpers.keyring_backends import MemoryKeyring

WINDOWS_LIMIT = 2560 // 2  # CRED_MAX_CREDENTIAL_BLOB_SIZE in UTF-16 characters


class RecordingKeyring(MemoryKeyring):
    """Remembers the longest value ever written (the pending state of a passphrase change
    is overwritten before the change returns)."""

    def __init__(self) -> None:
        super().__init__()
        self.longest: dict[str, int] = {}

    def set_password(self, service: str, username: str, password: str) -> None:
        kind = username.rsplit(":", 1)[-1]
        self.longest[kind] = max(self.longest.get(kind, 0), len(password))
        super().set_password(service, username, password)


def test_the_limit_is_windows_credential_locker():
    assert MAX_SECRET_CHARS == WINDOWS_LIMIT


def test_every_entry_of_a_profile_fits(tmp_path):
    backend = RecordingKeyring()
    profile = Profile(ProfilePaths(tmp_path / "p"), backend, kdf=KdfParams(1, 8, 1))
    profile.create("Erika Beispiel", "erstes Kennwort")
    profile.change_passphrase("erstes Kennwort", "zweites, deutlich längeres Kennwort")
    keyring = profile.keyring()
    keyring.set(keyring.sync_user, new_token("kd"))  # what enrollment stores
    profile.close()
    assert set(backend.longest) == {"device", "drafts", "sync"}
    assert all(length <= WINDOWS_LIMIT for length in backend.longest.values()), backend.longest


def test_drafts_material_fits_with_the_largest_sensible_kdf_during_a_change():
    huge = KdfParams(time_cost=10**6, memory_kib=2**32, parallelism=2**24)
    material, _ = DraftsKeyMaterial.new("a", KdfParams(1, 8, 1))
    pending, _ = DraftsKeyMaterial.new("b", KdfParams(1, 8, 1))
    worst = DraftsKeyMaterial(
        material.secret,
        material.salt,
        huge,
        material.check,
        pending=DraftsKeyMaterial(pending.secret, pending.salt, huge, pending.check),
    )
    assert len(worst.to_json()) <= WINDOWS_LIMIT


def test_a_longer_secret_is_refused_on_every_platform_and_not_stored():
    backend = MemoryKeyring()
    keyring = Keyring("profile-x", backend)
    with pytest.raises(KeyringUnavailable) as caught:
        keyring.set(keyring.sync_user, "x" * (WINDOWS_LIMIT + 1))
    assert "zu lang" in caught.value.user_message
    assert backend.entries == {}
    keyring.set(keyring.sync_user, "x" * WINDOWS_LIMIT)  # exactly the limit is fine
