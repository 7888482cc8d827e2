"""Profile: create, unlock, passphrase change, lock, wipe — with an in-memory keyring."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from koffer.store import (
    DatabaseDamaged,
    DraftStore,
    KeyringUnavailable,
    Profile,
    ProfileExists,
    ProfileInUse,
    ProfileMissing,
    ProfilePaths,
    WrongPassphrase,
)
from koffer.store.keys import TEST_KDF, DraftsKeyMaterial, Keyring
from tests.helpers.keyring_backends import LockedKeyring, MemoryKeyring, PlaintextKeyring
from tests.unit.store.conftest import PASSPHRASE


def _digest(paths: ProfilePaths) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths.database_files()}


def _profile_id(paths: ProfilePaths) -> str:
    return str(json.loads(paths.profile_file.read_text())["profile_id"])


def test_create_makes_private_files_and_two_keyring_entries(
    store: DraftStore, paths: ProfilePaths, keyring_backend: MemoryKeyring
) -> None:
    assert paths.device_db.is_file()
    assert paths.drafts_db.is_file()
    assert paths.root.stat().st_mode & 0o777 == 0o700
    assert paths.drafts_db.stat().st_mode & 0o077 == 0
    pid = _profile_id(paths)
    assert set(keyring_backend.entries) == {
        ("koffer", f"{pid}:device"),
        ("koffer", f"{pid}:drafts"),
    }
    entry = json.loads(keyring_backend.entries[("koffer", f"{pid}:drafts")])
    assert PASSPHRASE not in json.dumps(entry)
    assert set(entry) >= {"secret", "salt", "kdf", "check"}


def test_unlock_again(
    store: DraftStore, profile: Profile, paths: ProfilePaths, keyring_backend: MemoryKeyring
) -> None:
    draft = store.create_draft("t", "1.0.0", "Anna")
    store.set_answer(draft.id, "a", "b")
    profile.close()
    again = Profile(paths, keyring_backend)
    try:
        reopened = again.unlock(PASSPHRASE)
        assert reopened.get_draft(draft.id).answers == {"a": "b"}
        assert again.staff_name == "Erika Mustermann"
    finally:
        again.close()


def test_wrong_passphrase_changes_nothing(
    store: DraftStore, profile: Profile, paths: ProfilePaths, keyring_backend: MemoryKeyring
) -> None:
    store.create_draft("t", "1.0.0", "Anna")
    profile.close()
    before = _digest(paths)
    entries = dict(keyring_backend.entries)
    again = Profile(paths, keyring_backend)
    with pytest.raises(WrongPassphrase) as err:
        again.unlock("falsch")
    assert "Kennwort ist nicht richtig" in err.value.user_message
    again.close()
    assert _digest(paths) == before
    assert keyring_backend.entries == entries


def test_profile_in_use(
    store: DraftStore, paths: ProfilePaths, keyring_backend: MemoryKeyring
) -> None:
    other = Profile(paths, keyring_backend)
    with pytest.raises(ProfileInUse) as err:
        other.unlock(PASSPHRASE)
    assert "bereits geöffnet" in err.value.user_message
    # status works meanwhile: read-only, no lock
    device = other.open_device(read_only=True)
    assert device.get_setting("profile.staff_name") == "Erika Mustermann"
    device.close()


def test_lock_is_released_on_close(
    store: DraftStore, profile: Profile, paths: ProfilePaths, keyring_backend: MemoryKeyring
) -> None:
    profile.close()
    other = Profile(paths, keyring_backend)
    other.unlock(PASSPHRASE)
    other.close()


def test_missing_and_existing(paths: ProfilePaths, keyring_backend: MemoryKeyring) -> None:
    profile = Profile(paths, keyring_backend, kdf=TEST_KDF)
    assert not profile.exists()
    with pytest.raises(ProfileMissing) as err:
        profile.unlock("x")
    assert "kein Koffer-Profil" in err.value.user_message
    with pytest.raises(ProfileMissing):
        profile.open_device()
    profile.create("A", "pw")
    profile.close()
    with pytest.raises(ProfileExists):
        Profile(paths, keyring_backend).create("B", "pw")


@pytest.mark.parametrize("backend", [LockedKeyring(), PlaintextKeyring()])
def test_create_without_usable_keyring_writes_nothing(
    paths: ProfilePaths, backend: MemoryKeyring
) -> None:
    profile = Profile(paths, backend, kdf=TEST_KDF)
    with pytest.raises(KeyringUnavailable) as err:
        profile.create("A", "pw")
    assert "Schlüsselbund" in err.value.user_message
    assert not paths.root.exists()
    profile.close()


def test_keyring_entry_lost(
    store: DraftStore, profile: Profile, paths: ProfilePaths, keyring_backend: MemoryKeyring
) -> None:
    profile.close()
    keyring_backend.entries.pop(("koffer", f"{_profile_id(paths)}:drafts"))
    again = Profile(paths, keyring_backend)
    with pytest.raises(KeyringUnavailable) as err:
        again.unlock(PASSPHRASE)
    assert "fehlt der Schlüssel" in err.value.user_message
    again.close()


def test_change_passphrase(
    store: DraftStore, profile: Profile, paths: ProfilePaths, keyring_backend: MemoryKeyring
) -> None:
    draft = store.create_draft("t", "1.0.0", "Anna")
    with pytest.raises(WrongPassphrase):
        profile.change_passphrase("falsch", "neu")
    profile.change_passphrase(PASSPHRASE, "neues Kennwort")
    store.set_answer(draft.id, "nach", "wechsel")  # the open store keeps working
    profile.close()
    again = Profile(paths, keyring_backend)
    with pytest.raises(WrongPassphrase):
        again.unlock(PASSPHRASE)
    reopened = again.unlock("neues Kennwort")
    assert reopened.get_draft(draft.id).answers == {"nach": "wechsel"}
    assert reopened.integrity_problems() == []
    assert "passphrase_changed" in [e.action for e in again.open_device().audit_entries()]
    again.close()


def test_change_passphrase_while_locked(store: DraftStore, profile: Profile) -> None:
    store.close()
    profile.change_passphrase(PASSPHRASE, "zwei")
    assert profile.unlock("zwei").list_drafts() == []


def _interrupted_change(
    profile: Profile, paths: ProfilePaths, backend: MemoryKeyring, *, rekeyed: bool
) -> None:
    """Leave the state a crash during change_passphrase would leave."""
    keyring = Keyring(_profile_id(paths), backend)
    material = keyring.drafts_material()
    new_material, new_key = DraftsKeyMaterial.new("neu", TEST_KDF, material.secret)
    keyring.store_drafts_material(
        DraftsKeyMaterial(
            material.secret, material.salt, material.kdf, material.check, new_material
        )
    )
    if rekeyed:
        profile._drafts_connection().rekey(new_key)
    profile.close()


@pytest.mark.parametrize("rekeyed", [False, True])
def test_interrupted_passphrase_change_never_locks_out(
    store: DraftStore,
    profile: Profile,
    paths: ProfilePaths,
    keyring_backend: MemoryKeyring,
    rekeyed: bool,
) -> None:
    draft = store.create_draft("t", "1.0.0", "Anna")
    _interrupted_change(profile, paths, keyring_backend, rekeyed=rekeyed)
    again = Profile(paths, keyring_backend)
    valid, invalid = ("neu", PASSPHRASE) if rekeyed else (PASSPHRASE, "neu")
    with pytest.raises(WrongPassphrase):
        again.unlock(invalid)
    assert again.unlock(valid).get_draft(draft.id).citizen_name == "Anna"
    again.close()
    # the keyring entry is settled: only the valid passphrase remains
    assert Keyring(_profile_id(paths), keyring_backend).drafts_material().pending is None


def test_wipe_removes_files_and_keys(
    store: DraftStore, profile: Profile, paths: ProfilePaths, keyring_backend: MemoryKeyring
) -> None:
    store.create_draft("t", "1.0.0", "Anna")
    (paths.root / "drafts.db.bak-v1").write_bytes(b"old copy")
    outside = paths.root.parent / "nicht-von-koffer.txt"
    outside.write_text("bleibt")
    profile.wipe()
    assert not paths.root.exists()
    assert keyring_backend.entries == {}
    assert outside.read_text() == "bleibt"
    assert store.closed


def test_wipe_keeps_foreign_files_in_the_folder(
    store: DraftStore, profile: Profile, paths: ProfilePaths
) -> None:
    (paths.root / "notiz.txt").write_text("fremd")
    profile.wipe()
    assert [p.name for p in paths.root.iterdir()] == ["notiz.txt"]


def test_wipe_refused_while_another_process_has_it(
    store: DraftStore, paths: ProfilePaths, keyring_backend: MemoryKeyring
) -> None:
    other = Profile(paths, keyring_backend)
    with pytest.raises(ProfileInUse):
        other.wipe()
    assert paths.drafts_db.exists()


def test_default_paths_follow_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("KOFFER_PROFILE_DIR", str(tmp_path / "x"))
    assert ProfilePaths.default().root == tmp_path / "x"
    monkeypatch.delenv("KOFFER_PROFILE_DIR")
    assert ProfilePaths.default().root.name == "koffer"


def test_wipe_without_keyring_still_deletes_the_files(
    store: DraftStore, profile: Profile, paths: ProfilePaths, keyring_backend: MemoryKeyring
) -> None:
    profile.close()
    locked = Profile(paths, LockedKeyring())
    with pytest.raises(KeyringUnavailable) as err:
        locked.wipe()
    assert "wurden gelöscht" in err.value.user_message
    assert not paths.root.exists()


def test_wrong_passphrase_keeps_the_open_store(store: DraftStore, profile: Profile) -> None:
    with pytest.raises(WrongPassphrase):
        profile.unlock("falsch")
    assert not store.closed
    assert store.create_draft("t", "1.0.0").status == "draft"
    again = profile.unlock(PASSPHRASE)
    assert store.closed
    assert not again.closed


def test_missing_database_file_is_damage_not_a_new_profile(
    store: DraftStore, profile: Profile, paths: ProfilePaths, keyring_backend: MemoryKeyring
) -> None:
    profile.close()
    paths.drafts_db.unlink()
    for suffix in ("-wal", "-shm"):
        Path(str(paths.drafts_db) + suffix).unlink(missing_ok=True)
    again = Profile(paths, keyring_backend, kdf=TEST_KDF)
    assert again.exists()
    with pytest.raises(DatabaseDamaged) as err:
        again.unlock(PASSPHRASE)
    assert "drafts.db" in err.value.user_message
    with pytest.raises(ProfileExists):
        again.create("B", "pw")
    assert paths.device_db.exists()  # the outbox is not thrown away
    assert again.open_device().draft_counts() == {}
    again.close()
