"""Encryption proof: nothing personal is readable anywhere in the profile folder.

Real SQLCipher, the real Secret Service and the production KDF. Marker strings go into
every kind of personal data; then every file in the profile folder (databases, -wal,
-shm, journals, backups, temp files) is scanned for them in UTF-8 and UTF-16, in the
case they were written and in lower case (the search index folds case).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from koffer.store import DraftStore, Profile
from koffer.store.keys import Keyring

pytestmark = pytest.mark.integration

PASSPHRASE = "Lange Passphrase für den Außendienst"
MARKERS = {
    "name": "Zqxname Wvöllmerß",
    "title": "Zqxformtitel",
    "answer": "ZqxAntwortGeheim 1234",
    "row": "ZqxZeileHaushalt",
    "attachment": "ZqxAnhangInhalt",
    "filename": "zqxdateiname.pdf",
    "signature": "ZqxUnterschriftPNG",
    "sha": "ab" * 32,
    "visit": "ZqxBesuchAdresse",
    "print": "ZqxDruckPDF",
}


def _needles(text: str) -> list[bytes]:
    out = []
    for variant in {text, text.lower()}:
        for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
            out.append(variant.encode(encoding))
    return out


def _fill(store: DraftStore) -> None:
    draft = store.create_draft("wohngeld", "2.0.0", MARKERS["name"], form_title=MARKERS["title"])
    store.set_answer(draft.id, "name", MARKERS["answer"])
    store.set_answer(draft.id, "haushalt[0].name", MARKERS["row"])
    store.add_attachment(
        draft.id,
        "nachweis",
        MARKERS["filename"],
        "application/pdf",
        b"%PDF " + MARKERS["attachment"].encode() * 100,
    )
    store.save_signature(
        draft.id,
        "unterschrift",
        [[[1.5, 2.5], [3.0, 4.0]]],
        b"\x89PNG" + MARKERS["signature"].encode(),
        MARKERS["sha"],
    )
    store.add_visit(MARKERS["name"], address=MARKERS["visit"], note=MARKERS["answer"])
    store.enqueue_print(MARKERS["print"].encode() * 10, printer="p", draft_id=draft.id)
    # a deleted draft must not linger either
    gone = store.create_draft("t", "1.0.0", MARKERS["name"] + " Gelöscht")
    store.set_answer(gone.id, "x", MARKERS["answer"])
    store.delete_draft(gone.id)


def _scan(folder: Path, extra: list[str]) -> list[str]:
    found = []
    files = [p for p in folder.rglob("*") if p.is_file()]
    assert files
    for path in files:
        data = path.read_bytes()
        for label, text in [*MARKERS.items(), *(("secret", e) for e in extra)]:
            if any(n in data for n in _needles(text)):
                found.append(f"{label} in {path.name}")
    return found


def test_nothing_personal_is_readable(real_profile: Profile) -> None:
    store = real_profile.create("Sachbearbeiterin Zqx", PASSPHRASE)
    _fill(store)
    folder = real_profile.paths.root
    keyring = Keyring(real_profile._profile_id())
    with keyring.device_key() as device_key, device_key.view() as raw_device_key:
        device_key_bytes = bytes(raw_device_key)
    secrets = [PASSPHRASE, device_key_bytes.hex(), keyring.drafts_material().secret.hex()]
    # while open (WAL and SHM hold the latest pages) ...
    assert {p.name for p in folder.iterdir()} >= {"drafts.db", "drafts.db-wal", "device.db"}
    assert _scan(folder, secrets) == []
    # ... and after closing
    real_profile.close()
    assert _scan(folder, secrets) == []
    raw_keys = [device_key_bytes, keyring.drafts_material().secret]
    for path in folder.rglob("*"):
        if path.is_file():
            assert not any(k in path.read_bytes() for k in raw_keys)


@pytest.mark.parametrize("name", ["drafts.db", "device.db"])
def test_plain_sqlite_cannot_open(real_profile: Profile, name: str) -> None:
    _fill(real_profile.create("A", PASSPHRASE))
    real_profile.close()
    path = real_profile.paths.root / name
    assert not path.read_bytes().startswith(b"SQLite format 3")
    conn = sqlite3.connect(path)
    try:
        with pytest.raises(sqlite3.DatabaseError):
            conn.execute("SELECT count(*) FROM sqlite_master").fetchall()
    finally:
        conn.close()


def test_the_scan_does_find_plaintext(tmp_path: Path) -> None:
    """Control: the same scan over a plain SQLite file finds the markers."""
    conn = sqlite3.connect(tmp_path / "plain.db")
    conn.execute("CREATE TABLE t (a TEXT, b BLOB)")
    conn.execute("INSERT INTO t VALUES (?, ?)", (MARKERS["name"], MARKERS["print"].encode()))
    conn.commit()
    conn.close()
    found = _scan(tmp_path, [])
    assert "name in plain.db" in found
    assert "print in plain.db" in found
