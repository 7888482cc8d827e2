"""Real failures give typed errors with German messages and never damage data:
damaged file, disk full (a real small tmpfs when we may mount one), missing keyring."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from koffer.store import DatabaseDamaged, DiskFull, DraftStore, Profile, ProfilePaths
from koffer.store._sqlcipher import DRAFTS_FORMAT
from koffer.store.keys import TEST_KDF
from tests.helpers.keyring_backends import MemoryKeyring
from tests.helpers.small_disk import fill
from tests.helpers.small_disk import small_disk as mount_small_disk

pytestmark = pytest.mark.integration

PASSPHRASE = "richtig"
PAGE = DRAFTS_FORMAT.page_size  # drafts.db's page size


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _make(root: Path, backend: MemoryKeyring) -> tuple[Profile, DraftStore, str]:
    profile = Profile(ProfilePaths(root), backend, kdf=TEST_KDF)
    store = profile.create("A", PASSPHRASE)
    draft = store.create_draft("t", "1.0.0", "Anna")
    store.set_answer(draft.id, "name", "Anna")
    return profile, store, draft.id


def _flip(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))


def test_flipped_byte_in_first_page(tmp_path: Path) -> None:
    backend = MemoryKeyring()
    profile, _, _ = _make(tmp_path / "p", backend)
    profile.close()
    db = profile.paths.drafts_db
    _flip(db, 200)
    before = _sha(db)
    again = Profile(profile.paths, backend)
    with pytest.raises(DatabaseDamaged) as err:
        again.unlock(PASSPHRASE)  # the right passphrase: not a WrongPassphrase
    assert "beschädigt" in err.value.user_message
    again.close()
    assert _sha(db) == before


def test_flipped_byte_in_a_data_page(tmp_path: Path) -> None:
    backend = MemoryKeyring()
    profile, store, draft_id = _make(tmp_path / "p", backend)
    info = store.add_attachment(draft_id, "a", "a.bin", "x", os.urandom(4 * 1024 * 1024))
    profile.close()
    db = profile.paths.drafts_db
    pages = db.stat().st_size // PAGE
    _flip(db, (pages // 2) * PAGE + 1000)  # inside the attachment's pages
    again = Profile(profile.paths, backend)
    reopened = again.unlock(PASSPHRASE)
    assert reopened.get_draft(draft_id).answers["name"] == "Anna"  # other pages fine
    with pytest.raises(DatabaseDamaged):
        reopened.get_attachment_data(info.id)
    assert reopened.integrity_problems() != []
    again.close()


def test_size_limit_full(tmp_path: Path) -> None:
    """Simulated at the SQLite level: runs everywhere."""
    profile, store, draft_id = _make(tmp_path / "p", MemoryKeyring())
    pages = store.connection.pragma("page_count")
    store.connection.execute(f"PRAGMA max_page_count = {pages + 2}")
    with pytest.raises(DiskFull) as err:
        store.add_attachment(draft_id, "a", "gross.bin", "x", os.urandom(200 * 1024))
    assert "Speicher" in err.value.user_message
    assert store.list_attachments(draft_id) == []
    assert store.get_draft(draft_id).answers == {"name": "Anna"}
    store.set_answer(draft_id, "weiter", "geht")  # small writes still fit
    assert store.integrity_problems() == []
    profile.close()


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 3 MB tmpfs, when this sandbox lets us mount one."""
    with mount_small_disk(tmp_path / "klein", 3 * 1024) as mount_point:
        yield mount_point


def test_real_disk_full(small_disk: Path) -> None:
    backend = MemoryKeyring()
    profile, store, draft_id = _make(small_disk / "p", backend)
    filler = fill(small_disk)
    with pytest.raises(DiskFull) as err:
        store.add_attachment(draft_id, "a", "scan.jpg", "image/jpeg", os.urandom(512 * 1024))
    assert "Speicher des Geräts ist voll" in err.value.user_message
    assert store.get_draft(draft_id).answers == {"name": "Anna"}
    filler.unlink()
    store.set_answer(draft_id, "nach", "platz")
    profile.close()
    again = Profile(profile.paths, backend)
    reopened = again.unlock(PASSPHRASE)
    assert reopened.get_draft(draft_id).answers == {"name": "Anna", "nach": "platz"}
    assert reopened.list_attachments(draft_id) == []
    assert reopened.integrity_problems() == []
    again.close()


def test_missing_secret_service(tmp_path: Path) -> None:
    """`koffer status` in a session without any D-Bus / Secret Service."""
    profile, _, _ = _make(tmp_path / "p", MemoryKeyring())
    profile.close()
    before = {p.name: _sha(p) for p in profile.paths.database_files()}
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DBUS_", "GNOME_KEYRING", "PYTHON_KEYRING", "KOFFER_"))
    }
    env["DBUS_SESSION_BUS_ADDRESS"] = f"unix:path={tmp_path}/kein-bus"
    env["KOFFER_PROFILE_DIR"] = str(profile.paths.root)
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")  # no keyringrc.cfg override
    result = subprocess.run(
        [sys.executable, "-m", "koffer.cli", "status"],
        capture_output=True,
        env=env,
        cwd=Path(__file__).resolve().parents[3],
        timeout=60,
        check=False,
    )
    stderr = result.stderr.decode()
    assert result.returncode == 2, stderr
    assert "Kein Schlüsselbund-Dienst (Secret Service) erreichbar" in stderr
    assert "Traceback" not in stderr
    assert {p.name: _sha(p) for p in profile.paths.database_files()} == before
