"""Schema upgrades from every earlier drafts.db version (committed fixture files).

The fixtures in tests/fixtures/store/drafts-v<N>.db are made by make_fixtures.py there
and encrypted with the fixed, public TEST key bytes(range(32)) — not a secret.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from koffer.store import DiskFull, DraftStatus, MigrationFailed, Profile, ProfilePaths
from koffer.store._sqlcipher import Connection
from koffer.store.drafts import DraftStore
from koffer.store.keys import TEST_KDF
from koffer.store.migrations import DRAFTS_STEPS, Step, backup_path, latest_version, migrate
from koffer.store.profile import open_database
from tests.helpers.keyring_backends import MemoryKeyring
from tests.helpers.small_disk import small_disk
from tests.unit.store.conftest import PASSPHRASE

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "store"
FIXTURE_KEY = bytes(range(32))
OLD_VERSIONS = list(range(1, latest_version(DRAFTS_STEPS)))


def _copy_fixture(version: int, tmp_path: Path) -> Path:
    target = tmp_path / "drafts.db"
    shutil.copyfile(FIXTURES / f"drafts-v{version}.db", target)
    return target


def _schema(conn: Connection) -> list[tuple[str, str]]:
    rows = conn.query(
        "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE "
        "'drafts_fts_%' ORDER BY name"
    )
    return [(str(n), " ".join(str(s).split())) for n, s in rows]


def test_there_is_a_fixture_for_every_old_version() -> None:
    assert OLD_VERSIONS
    for version in OLD_VERSIONS:
        conn = Connection(FIXTURES / f"drafts-v{version}.db", FIXTURE_KEY, query_only=True)
        assert conn.pragma("user_version") == version
        conn.close()


@pytest.mark.parametrize("version", OLD_VERSIONS)
def test_upgrade_keeps_data_and_equals_a_fresh_schema(version: int, tmp_path: Path) -> None:
    path = _copy_fixture(version, tmp_path)
    conn = open_database(path, FIXTURE_KEY, DRAFTS_STEPS)
    assert conn.pragma("user_version") == latest_version(DRAFTS_STEPS)
    assert not any(tmp_path.glob("drafts.db.bak-*"))  # removed after success
    fresh = open_database(tmp_path / "fresh.db", FIXTURE_KEY, DRAFTS_STEPS)
    assert _schema(conn) == _schema(fresh)
    store = DraftStore(conn)
    names = sorted(d.citizen_name for d in store.list_drafts())
    assert names == ["Anna Ölmann", "Bernd Weiß"]
    assert [d.citizen_name for d in store.list_drafts("olmann")] == ["Anna Ölmann"]
    anna = store.get_draft("00000000-0000-4000-8000-000000000001")
    assert anna.answers == {"name": "Anna", "haushalt": [{"einkommen": "1200.00"}]}
    assert store.get_attachment_data("att-1") == b"abc"
    assert store.get_draft("00000000-0000-4000-8000-000000000002").status is DraftStatus.SEALED
    assert store.integrity_problems() == []
    if version >= 3:
        (job,) = store.list_print_jobs()
        kept = (17, "urn:uuid:6f1c2e0a-93b4-4c8e-9d51-2a7b0c3d4e5f", True)  # make_fixtures.py
        expected = kept if version >= 4 else (None, "", False)
        assert job.title == "Wohngeld"
        assert (job.cups_job_id, job.cups_job_uuid, job.cups_contact_lost) == expected


def test_failed_step_keeps_backup_and_data(tmp_path: Path) -> None:
    path = _copy_fixture(1, tmp_path)
    conn = Connection(path, FIXTURE_KEY)
    broken = (*DRAFTS_STEPS[:2], Step(3, "broken", ("CREATE TABLE visits (x)", "SELEC oops")))
    with pytest.raises(MigrationFailed) as err:
        migrate(conn, broken)
    assert "Sicherungskopie" in err.value.user_message
    assert conn.pragma("user_version") == 2  # step 2 committed, step 3 rolled back
    assert conn.query("SELECT name FROM sqlite_master WHERE name = 'visits'") == []
    assert backup_path(path, 2).exists()
    assert not backup_path(path, 1).exists()
    backup = Connection(backup_path(path, 2), FIXTURE_KEY, query_only=True)  # same key
    assert backup.pragma("user_version") == 2
    assert backup.query("SELECT count(*) FROM drafts") == [(2,)]


def test_newer_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "drafts.db"
    conn = open_database(path, FIXTURE_KEY, DRAFTS_STEPS)
    conn.execute("PRAGMA user_version = 99")
    with pytest.raises(MigrationFailed) as err:
        migrate(conn, DRAFTS_STEPS)
    assert "neueren Koffer-Version" in err.value.user_message
    assert conn.pragma("user_version") == 99


@pytest.mark.parametrize("version", OLD_VERSIONS)
def test_unlock_upgrades_an_old_profile(version: int, tmp_path: Path) -> None:
    backend = MemoryKeyring()
    paths = ProfilePaths(tmp_path / "p")
    profile = Profile(paths, backend, kdf=TEST_KDF)
    profile.create("A", PASSPHRASE)
    key = profile._derive(PASSPHRASE)[0]
    profile.close()
    old = _copy_fixture(version, tmp_path)
    conn = Connection(old, FIXTURE_KEY)
    conn.rekey(key)
    conn.close()
    for suffix in ("", "-wal", "-shm"):
        Path(str(paths.drafts_db) + suffix).unlink(missing_ok=True)
    shutil.move(old, paths.drafts_db)
    again = Profile(paths, backend)
    store = again.unlock(PASSPHRASE)
    assert len(store.list_drafts()) == 2
    assert store.connection.pragma("user_version") == latest_version(DRAFTS_STEPS)
    again.close()


@pytest.mark.parametrize("version", [v for v in OLD_VERSIONS if v >= 3])
def test_v5_rebuild_keeps_what_refers_to_a_draft_and_names_ready_signed(
    version: int, tmp_path: Path
) -> None:
    path = _copy_fixture(version, tmp_path)
    conn = open_database(path, FIXTURE_KEY, DRAFTS_STEPS)
    store = DraftStore(conn)
    anna_id = "00000000-0000-4000-8000-000000000001"
    assert store.get_draft(anna_id).status is DraftStatus.SIGNED
    signature = store.get_signature(anna_id, "unterschrift")
    assert signature is not None
    assert signature.content_sha256 == "ab" * 32
    assert signature.method == "pad"
    assert [v.draft_id for v in store.list_visits()] == [anna_id]
    assert [j.draft_id for j in store.list_print_jobs()] == [anna_id]
    assert conn.query("PRAGMA foreign_key_check") == []
    assert conn.pragma("foreign_keys") == 1
    # the references still hold: deleting the draft takes its signature and print job
    store.delete_draft(anna_id)
    assert store.get_signature(anna_id, "unterschrift") is None
    assert store.list_print_jobs() == []
    assert [v.draft_id for v in store.list_visits()] == [None]
    assert [d.citizen_name for d in store.list_drafts("weiß")] == ["Bernd Weiß"]


def test_a_backup_the_full_disk_cut_short_leaves_no_readable_copy(tmp_path: Path) -> None:
    """The copy taken before an upgrade is never world-readable, not even when the disk
    fills up halfway through copying (it used to be created 0644 and chmod-ed later)."""
    fixture = FIXTURES / f"drafts-v{OLD_VERSIONS[-1]}.db"
    size_kib = fixture.stat().st_size // 1024
    # room for the file, its WAL index and a little WAL, not for a second copy
    with small_disk(tmp_path / "klein", size_kib + 32 + 24) as disk:
        path = disk / "drafts.db"
        shutil.copyfile(fixture, path)
        path.chmod(0o600)  # as the profile keeps it
        with pytest.raises(DiskFull):
            open_database(path, FIXTURE_KEY, DRAFTS_STEPS)
        readable = [p.name for p in disk.iterdir() if p.stat().st_mode & 0o077]
        assert readable == []
        conn = Connection(path, FIXTURE_KEY, query_only=True)  # unchanged and readable
        assert conn.pragma("user_version") == OLD_VERSIONS[-1]
        conn.close()
