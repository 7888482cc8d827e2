"""`koffer sync --once`: headless, keyring only, receipts applied at the next unlock."""

from __future__ import annotations

from pathlib import Path

import pytest

from koffer import cli
from koffer.settings import RETENTION_DAYS
from koffer.store import DraftStatus, Profile, ProfilePaths
from koffer.store.keys import TEST_KDF
from tests.helpers.keyring_backends import MemoryKeyring

from .conftest import TownHall, make_laptop

pytestmark = pytest.mark.integration


def test_headless_sync_delivers_without_passphrase(
    tmp_path: Path,
    town_hall: TownHall,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    laptop = make_laptop(tmp_path / "profil", None)
    backend = laptop.profile._backend
    assert isinstance(backend, MemoryKeyring)
    monkeypatch.setattr(
        cli,
        "open_profile",
        lambda: Profile(ProfilePaths(tmp_path / "profil"), backend, kdf=TEST_KDF),
    )
    RETENTION_DAYS.write(laptop.device, 30)
    laptop.profile.close()  # the app is closed: the VPN hook runs `koffer sync`

    assert cli.main(["sync", "--once", "--enroll", town_hall.invite()]) == 0
    assert "Formularkatalog: Version" in capsys.readouterr().out

    laptop.profile = Profile(ProfilePaths(tmp_path / "profil"), backend, kdf=TEST_KDF)
    laptop.unlock()
    draft_id = laptop.finished_draft("Erika Beispiel", b"%PDF-1.4 test")
    laptop.profile.close()

    assert cli.main(["sync", "--once"]) == 0
    assert "Gesendet: 1 Antrag, Postausgang: 0." in capsys.readouterr().out

    laptop.profile = Profile(ProfilePaths(tmp_path / "profil"), backend, kdf=TEST_KDF)
    try:
        workspace = laptop.unlock()  # applies the receipt koffer sync kept
        draft = workspace.drafts.get_draft(draft_id)
        assert draft.status == DraftStatus.RECEIVED
        assert draft.reference
    finally:
        laptop.profile.close()


def test_not_enrolled_says_how(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    laptop = make_laptop(tmp_path / "profil", None)
    backend = laptop.profile._backend
    laptop.profile.close()
    monkeypatch.setattr(
        cli,
        "open_profile",
        lambda: Profile(ProfilePaths(tmp_path / "profil"), backend, kdf=TEST_KDF),
    )
    assert cli.main(["sync", "--once"]) == cli.EXIT_NO_PROFILE
    assert "noch nicht mit dem Rathaus verbunden" in capsys.readouterr().out


def test_app_open_is_not_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    laptop = make_laptop(tmp_path / "profil", None)
    backend = laptop.profile._backend
    monkeypatch.setattr(
        cli,
        "open_profile",
        lambda: Profile(ProfilePaths(tmp_path / "profil"), backend, kdf=TEST_KDF),
    )
    try:
        assert cli.main(["sync", "--once"]) == 0
        assert "synchronisiert selbst" in capsys.readouterr().out
    finally:
        laptop.profile.close()
