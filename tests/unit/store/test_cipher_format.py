"""drafts.db of an existing profile (SQLCipher 4 defaults) is converted to `DRAFTS_FORMAT`
on unlock, with nothing lost whatever step a crash interrupts."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from koffer.store import DraftStore, Profile, ProfilePaths, WrongPassphrase, cipher_format
from koffer.store import profile as profile_module
from koffer.store._sqlcipher import DRAFTS_FORMAT, SQLCIPHER4_DEFAULTS
from koffer.store.keys import TEST_KDF
from tests.helpers.keyring_backends import MemoryKeyring
from tests.unit.store.conftest import PASSPHRASE

ATTACHMENT = os.urandom(3 * 1024 * 1024 + 17)  # many pages in either format
STROKES = [[[1.0, 2.0], [3.5, 4.25]], [[10.0, 11.0]]]
SIGNATURE_SHA = "c" * 64


class Crash(BaseException):
    """Stands for a kill: nothing in the store catches a BaseException."""


def _old_profile(
    paths: ProfilePaths, backend: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> dict[str, object]:
    """A profile made the way Koffer made them before: drafts.db in SQLCipher 4 defaults."""
    with monkeypatch.context() as patch:
        patch.setattr(profile_module, "DRAFTS_FORMAT", SQLCIPHER4_DEFAULTS)
        profile = Profile(paths, backend, kdf=TEST_KDF)
        store = profile.create("Erika Mustermann", PASSPHRASE)
        assert int(store.connection.pragma("page_size")) == 4096  # really the old format
        assert str(store.connection.pragma("cipher_hmac_algorithm")).upper() == "HMAC_SHA512"
        expected = _fill(store)
        profile.close()
    return expected


def _fill(store: DraftStore) -> dict[str, object]:
    ids = []
    for n in range(12):
        draft = store.create_draft("wohngeld", "1.0", f"Müller {n}", form_title="Wohngeldantrag")
        store.set_answer(draft.id, "antragsteller_name", f"Müller {n}")
        store.set_answer(draft.id, "bemerkung", "Zqxmarker " * 40)
        ids.append(draft.id)
    info = store.add_attachment(ids[0], "nachweis", "konto.pdf", "application/pdf", ATTACHMENT)
    store.save_signature(ids[1], "unterschrift", STROKES, b"\x89PNG-sig", SIGNATURE_SHA)
    store.set_status(ids[2], "signed")
    return {"ids": ids, "attachment": info.id}


def _check(store: DraftStore, expected: dict[str, object]) -> None:
    ids = expected["ids"]
    assert isinstance(ids, list)
    assert store.connection.cipher == DRAFTS_FORMAT
    assert int(store.connection.pragma("page_size")) == DRAFTS_FORMAT.page_size
    assert {d.id for d in store.list_drafts()} == set(ids)
    for n, draft_id in enumerate(ids):
        draft = store.get_draft(draft_id)
        assert draft.answers["antragsteller_name"] == f"Müller {n}"
        assert draft.answers["bemerkung"] == "Zqxmarker " * 40
    assert store.get_draft(ids[2]).status == "signed"
    data = store.get_attachment_data(str(expected["attachment"]))
    assert hashlib.sha256(data).digest() == hashlib.sha256(ATTACHMENT).digest()
    signature = store.get_signature(ids[1], "unterschrift")
    assert signature is not None
    assert signature.strokes == STROKES
    assert signature.content_sha256 == SIGNATURE_SHA
    assert len(store.list_drafts("müll")) == 12  # the search index came along
    assert store.integrity_problems() == []


def _leftovers(paths: ProfilePaths) -> list[str]:
    return sorted(
        p.name
        for p in paths.root.glob("drafts.db-*")
        if p.name not in ("drafts.db-wal", "drafts.db-shm")
    )


@pytest.fixture
def backend() -> MemoryKeyring:
    return MemoryKeyring()


def test_an_old_profile_opens_converted_with_everything_intact(
    paths: ProfilePaths, backend: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = _old_profile(paths, backend, monkeypatch)
    profile = Profile(paths, backend, kdf=TEST_KDF)
    _check(profile.unlock(PASSPHRASE), expected)
    profile.close()
    assert _leftovers(paths) == []
    again = Profile(paths, backend, kdf=TEST_KDF)  # and it stays converted
    _check(again.unlock(PASSPHRASE), expected)
    again.close()


def test_a_new_profile_is_made_in_the_new_format(store: DraftStore) -> None:
    assert int(store.connection.pragma("page_size")) == DRAFTS_FORMAT.page_size
    assert str(store.connection.pragma("cipher_hmac_algorithm")).upper() == DRAFTS_FORMAT.hmac


@pytest.mark.parametrize("step", ["exported", "verified", "linked", "renamed"])
def test_a_crash_at_any_step_leaves_a_usable_file_and_the_next_unlock_finishes(
    step: str, paths: ProfilePaths, backend: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = _old_profile(paths, backend, monkeypatch)

    def crash_at(name: str) -> None:
        if name == step:
            raise Crash(name)

    monkeypatch.setattr(cipher_format, "after_step", crash_at)
    crashed = Profile(paths, backend, kdf=TEST_KDF)
    with pytest.raises(Crash):
        crashed.unlock(PASSPHRASE)
    crashed.close()
    assert paths.drafts_db.exists()  # never a moment without the live file
    if step in ("exported", "verified", "linked"):
        assert cipher_format.convert_path(paths.drafts_db).exists()  # the crash left work
    monkeypatch.setattr(cipher_format, "after_step", lambda name: None)
    profile = Profile(paths, backend, kdf=TEST_KDF)
    _check(profile.unlock(PASSPHRASE), expected)
    profile.close()
    assert _leftovers(paths) == []


def test_a_copy_that_does_not_verify_leaves_the_old_file_in_use(
    paths: ProfilePaths, backend: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = _old_profile(paths, backend, monkeypatch)
    before = hashlib.sha256(paths.drafts_db.read_bytes()).hexdigest()

    def lose_a_row(name: str) -> None:
        if name == "exported":
            converted = cipher_format.convert_path(paths.drafts_db)
            data = bytearray(converted.read_bytes())
            data[len(data) // 2] ^= 0x01  # a flipped bit in the copy
            converted.write_bytes(bytes(data))

    monkeypatch.setattr(cipher_format, "after_step", lose_a_row)
    profile = Profile(paths, backend, kdf=TEST_KDF)
    store = profile.unlock(PASSPHRASE)
    assert store.connection.cipher == SQLCIPHER4_DEFAULTS
    assert store.get_attachment_data(str(expected["attachment"])) == ATTACHMENT
    profile.close()
    assert hashlib.sha256(paths.drafts_db.read_bytes()).hexdigest() == before
    assert _leftovers(paths) == []
    monkeypatch.setattr(cipher_format, "after_step", lambda name: None)
    again = Profile(paths, backend, kdf=TEST_KDF)  # the next unlock converts
    _check(again.unlock(PASSPHRASE), expected)
    again.close()


def test_a_wrong_passphrase_on_an_old_profile_changes_nothing(
    paths: ProfilePaths, backend: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    _old_profile(paths, backend, monkeypatch)
    before = {p.name: p.read_bytes() for p in paths.database_files()}
    profile = Profile(paths, backend, kdf=TEST_KDF)
    with pytest.raises(WrongPassphrase) as err:
        profile.unlock("falsch")
    assert "Kennwort" in err.value.user_message
    profile.close()
    assert {p.name: p.read_bytes() for p in paths.database_files()} == before


def test_the_last_commits_in_the_old_files_wal_are_converted(
    paths: ProfilePaths, backend: MemoryKeyring, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A laptop that lost power: drafts.db plus a WAL that was never checkpointed."""
    with monkeypatch.context() as patch:
        patch.setattr(profile_module, "DRAFTS_FORMAT", SQLCIPHER4_DEFAULTS)
        profile = Profile(paths, backend, kdf=TEST_KDF)
        store = profile.create("Erika Mustermann", PASSPHRASE)
        expected = _fill(store)
        store.set_answer(str(expected["ids"][0]), "zuletzt", "im WAL")  # type: ignore[index]
        wal = paths.drafts_db.with_name("drafts.db-wal")
        assert wal.stat().st_size > 0
        frozen = {p.name: p.read_bytes() for p in paths.database_files()}  # as at the cut
        profile.close()
    for name, data in frozen.items():
        (paths.root / name).write_bytes(data)
    reopened = Profile(paths, backend, kdf=TEST_KDF)
    store = reopened.unlock(PASSPHRASE)
    _check(store, expected)
    assert store.get_draft(str(expected["ids"][0])).answers["zuletzt"] == "im WAL"  # type: ignore[index]
    reopened.close()
