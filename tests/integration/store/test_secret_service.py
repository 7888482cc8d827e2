"""The profile against the real Secret Service (gnome-keyring in dbus-run-session)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from keyring.backend import KeyringBackend

from koffer.store import Profile, WrongPassphrase
from koffer.store.keys import SERVICE

pytestmark = pytest.mark.integration


def _entries(backend: KeyringBackend, profile_id: str) -> dict[str, str | None]:
    return {
        kind: backend.get_password(SERVICE, f"{profile_id}:{kind}") for kind in ("device", "drafts")
    }


def test_life_cycle_with_the_real_keyring(
    real_profile: Profile, secret_service: KeyringBackend
) -> None:
    store = real_profile.create("Erika", "erstes Kennwort")
    draft = store.create_draft("t", "1.0.0", "Anna")
    store.set_answer(draft.id, "name", "Anna")
    profile_id = real_profile._profile_id()
    entries = _entries(secret_service, profile_id)
    assert entries["device"] is not None
    assert entries["drafts"] is not None
    assert "erstes Kennwort" not in json.dumps(entries)
    real_profile.close()

    again = Profile(real_profile.paths)  # default backend: the Secret Service
    with pytest.raises(WrongPassphrase):
        again.unlock("falsch")
    assert again.unlock("erstes Kennwort").get_draft(draft.id).answers == {"name": "Anna"}
    again.change_passphrase("erstes Kennwort", "zweites Kennwort")
    again.close()

    third = Profile(real_profile.paths)
    with pytest.raises(WrongPassphrase):
        third.unlock("erstes Kennwort")
    assert third.unlock("zweites Kennwort").list_drafts()[0].citizen_name == "Anna"
    assert third.open_device().verify_audit_chain()
    third.wipe()
    assert _entries(secret_service, profile_id) == {"device": None, "drafts": None}
    assert not real_profile.paths.root.exists()


def test_headless_device_access_needs_no_passphrase(real_profile: Profile) -> None:
    real_profile.create("Erika", "pw").close()
    real_profile.close()
    sync_side = Profile(real_profile.paths)
    device = sync_side.open_device()
    device.outbox_add("s1", "d1", "t", "1.0.0", b"sealed")
    assert device.outbox_count() == 1
    sync_side.close()


def _koffer(args: list[str], profile: Profile, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KOFFER_PROFILE_DIR": str(profile.paths.root)}
    return subprocess.run(
        [sys.executable, "-m", "koffer.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=Path(__file__).resolve().parents[3],
        timeout=60,
        check=False,
    )


def test_cli_status_and_wipe_with_the_real_keyring(
    real_profile: Profile, secret_service: KeyringBackend
) -> None:
    store = real_profile.create("Erika", "pw")
    store.create_draft("t", "1.0.0", "Anna")
    profile_id = real_profile._profile_id()
    real_profile.close()
    status = _koffer(["status", "--json"], real_profile)
    assert status.returncode == 0, status.stderr
    assert json.loads(status.stdout)["drafts_by_status"]["draft"] == 1
    refused = _koffer(["wipe"], real_profile, stdin="nein\n")
    assert refused.returncode == 3
    assert real_profile.paths.drafts_db.exists()
    wiped = _koffer(["wipe"], real_profile, stdin="LÖSCHEN\n")
    assert wiped.returncode == 0, wiped.stderr
    assert not real_profile.paths.root.exists()
    assert _entries(secret_service, profile_id) == {"device": None, "drafts": None}
