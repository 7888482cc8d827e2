"""The draft backup API over real HTTP, on SQLite and PostgreSQL.

Expected values come from the bytes the test made itself (hashes, digests computed
here with hashlib), never from the server's own helpers.
"""

from __future__ import annotations

import hashlib
import os

import pytest
from sqlalchemy import select

from sync import backup_crypto as bc
from sync.server import fleet
from sync.server.db import BackupChunk, BackupRecord, Device
from tests.helpers.server import ApiClient

pytestmark = pytest.mark.integration

RECORD = "0123456789abcdef0123456789abcdef"
OTHER = "fedcba9876543210fedcba9876543210"


def _enrolled(running, staff: str | None, name: str = "Laptop") -> ApiClient:
    client = running.client()
    client.enroll(running.seed.code(name, staff=staff), name)
    return client


def _announce(client: ApiClient, record_id: str, version: int, blob: bytes, label: str = "bGFiZWw"):
    return client.http.put(
        f"/v1/backup/records/{record_id}",
        json={
            "version": version,
            "size": len(blob),
            "sha512": hashlib.sha512(blob).hexdigest(),
            "label": label,
        },
        headers=client.headers(),
    )


def _patch(client: ApiClient, record_id: str, version: int, offset: int, data: bytes):
    return client.http.patch(
        f"/v1/backup/records/{record_id}/{version}",
        content=data,
        headers=client.headers(
            **{"Upload-Offset": str(offset), "Content-Type": "application/offset+octet-stream"}
        ),
    )


def _store(client: ApiClient, record_id: str, version: int, blob: bytes) -> None:
    assert _announce(client, record_id, version, blob).status_code == 200
    half = len(blob) // 2
    assert _patch(client, record_id, version, 0, blob[:half]).status_code == 204
    done = _patch(client, record_id, version, half, blob[half:])
    assert done.status_code == 204
    assert done.headers["Upload-Offset"] == str(len(blob))


def _listing(client: ApiClient, since: int = 0) -> dict:
    response = client.http.get(
        "/v1/backup/records", params={"since": since}, headers=client.headers()
    )
    assert response.status_code == 200
    return response.json()


def _expected_digest(records: list[tuple[str, int, bytes]]) -> str:
    lines = sorted(f"{rid}:{v}:{hashlib.sha512(b).hexdigest()}\n" for rid, v, b in records)
    return hashlib.sha256("".join(lines).encode()).hexdigest()


def _envelope(key: bytes, staff: str, passphrase: str = "Kennwort-123") -> dict:
    kek = bc.derive_kek(passphrase, bc.TEST_BACKUP_KDF)
    return bc.envelope(key, staff, kek, None).model_dump(mode="json")


def test_a_laptop_without_a_staff_member_cannot_back_up(running):
    client = _enrolled(running, staff=None)
    response = client.http.get("/v1/backup/key", headers=client.headers())
    assert response.status_code == 409
    assert response.json()["error"] == "no_staff"
    assert "zugeordnet" in response.json()["message"]
    assert _announce(client, RECORD, 1, b"x" * 10).status_code == 409


def test_the_wrapped_key_is_kept_and_only_the_same_key_may_be_rewrapped(running):
    client = _enrolled(running, staff="mueller.e")
    state = client.http.get("/v1/backup/key", headers=client.headers()).json()
    assert state["staff_id"] == "mueller.e"
    assert state["envelope"] is None

    key = bc.new_backup_key()
    first = _envelope(key, "mueller.e")
    response = client.http.put("/v1/backup/key", json=first, headers=client.headers())
    assert response.status_code == 200
    stored = client.http.get("/v1/backup/key", headers=client.headers()).json()["envelope"]
    assert stored == first

    rewrapped = _envelope(key, "mueller.e", "ein neues Kennwort")
    response = client.http.put("/v1/backup/key", json=rewrapped, headers=client.headers())
    assert response.status_code == 200
    stored = client.http.get("/v1/backup/key", headers=client.headers()).json()["envelope"]
    assert stored["passphrase"]["salt"] == rewrapped["passphrase"]["salt"]

    foreign = _envelope(bc.new_backup_key(), "mueller.e")
    response = client.http.put("/v1/backup/key", json=foreign, headers=client.headers())
    assert response.status_code == 409
    assert response.json()["error"] == "backup_key_differs"


def test_a_record_uploads_in_pieces_lists_and_downloads_whole_and_from_an_offset(running):
    client = _enrolled(running, staff="mueller.e")
    blob = os.urandom(300_000)
    _store(client, RECORD, 1, blob)

    listing = _listing(client)
    assert listing["count"] == 1
    assert listing["digest"] == _expected_digest([(RECORD, 1, blob)])
    [info] = listing["records"]
    assert (info["record_id"], info["version"], info["size"]) == (RECORD, 1, len(blob))
    assert info["sha512"] == hashlib.sha512(blob).hexdigest()
    assert info["label"] == "bGFiZWw"

    whole = client.http.get(f"/v1/backup/records/{RECORD}/1", headers=client.headers())
    assert whole.status_code == 200
    assert whole.content == blob
    assert whole.headers["Backup-SHA512"] == hashlib.sha512(blob).hexdigest()
    tail = client.http.get(
        f"/v1/backup/records/{RECORD}/1", headers=client.headers(Range="bytes=200000-")
    )
    assert tail.status_code == 206
    assert tail.content == blob[200_000:]
    assert tail.headers["Content-Range"] == f"bytes 200000-{len(blob) - 1}/{len(blob)}"

    # nothing new since the listing's change counter
    assert _listing(client, since=listing["seq"])["records"] == []


def test_a_record_of_several_read_groups_downloads_from_any_byte(running):
    """Pieces of 1 MiB in read groups of 4 MiB: every start (in the first group, at a
    group's edge, in the last piece) gets exactly the bytes from there on."""
    client = _enrolled(running, staff="mueller.e")
    blob = os.urandom(9 * 1024 * 1024 + 12_345)
    _store(client, RECORD, 1, blob)
    mib = 1024 * 1024
    for start in (0, 1, 4 * mib - 1, 4 * mib, 4 * mib + 5, 8 * mib + 7, len(blob) - 1):
        headers = client.headers(Range=f"bytes={start}-") if start else client.headers()
        response = client.http.get(f"/v1/backup/records/{RECORD}/1", headers=headers)
        assert response.status_code == (206 if start else 200)
        assert response.content == blob[start:], start
        assert response.headers["Content-Length"] == str(len(blob) - start)
    beyond = client.http.get(
        f"/v1/backup/records/{RECORD}/1", headers=client.headers(Range=f"bytes={len(blob)}-")
    )
    assert beyond.status_code == 416
    assert beyond.headers["Content-Range"] == f"bytes */{len(blob)}"


def test_a_half_upload_and_a_laptop_without_a_person_download_nothing(running):
    client = _enrolled(running, staff="mueller.e")
    blob = os.urandom(5000)
    assert _announce(client, RECORD, 1, blob).status_code == 200
    assert _patch(client, RECORD, 1, 0, blob[:3000]).status_code == 204
    half = client.http.get(f"/v1/backup/records/{RECORD}/1", headers=client.headers())
    assert half.status_code == 404
    assert half.json()["error"] == "not_found"
    nobody = _enrolled(running, staff=None, name="Ohne Person")
    response = nobody.http.get(f"/v1/backup/records/{RECORD}/1", headers=nobody.headers())
    assert response.status_code == 409
    assert response.json()["error"] == "no_staff"


def test_a_wrong_offset_is_answered_with_the_right_one_and_a_bad_hash_restarts(running):
    client = _enrolled(running, staff="mueller.e")
    blob = os.urandom(1000)
    assert _announce(client, RECORD, 1, blob).json()["offset"] == 0
    assert _patch(client, RECORD, 1, 0, blob[:400]).status_code == 204
    wrong = _patch(client, RECORD, 1, 0, blob[:400])
    assert wrong.status_code == 409
    assert wrong.json()["offset"] == 400
    head = client.http.head(f"/v1/backup/records/{RECORD}/1", headers=client.headers())
    assert head.headers["Upload-Offset"] == "400"
    # the announcement again resumes where it stands
    assert _announce(client, RECORD, 1, blob).json()["offset"] == 400
    bad = _patch(client, RECORD, 1, 400, os.urandom(600))
    assert bad.status_code == 422
    assert bad.json()["error"] == "checksum_mismatch"
    assert _announce(client, RECORD, 1, blob).json()["offset"] == 0
    assert _listing(client)["count"] == 0


def test_the_newest_version_wins_and_a_half_upload_never_costs_the_last_good_one(running):
    client = _enrolled(running, staff="mueller.e")
    v1, v2 = os.urandom(5000), os.urandom(6000)
    _store(client, RECORD, 1, v1)
    # version 2 half uploaded: the listing and downloads still give version 1
    assert _announce(client, RECORD, 2, v2).json() == {
        "record_id": RECORD,
        "version": 2,
        "size": len(v2),
        "offset": 0,
        "complete": False,
        "newer": False,
    }
    assert _patch(client, RECORD, 2, 0, v2[:3000]).status_code == 204
    listing = _listing(client)
    assert [(r["version"], r["size"]) for r in listing["records"]] == [(1, len(v1))]
    assert client.http.get(f"/v1/backup/records/{RECORD}/1", headers=client.headers()).content == v1

    assert _patch(client, RECORD, 2, 3000, v2[3000:]).status_code == 204
    after = _listing(client, since=listing["seq"])
    assert [(r["version"], r["size"]) for r in after["records"]] == [(2, len(v2))]
    assert after["digest"] == _expected_digest([(RECORD, 2, v2)])
    gone = client.http.get(f"/v1/backup/records/{RECORD}/1", headers=client.headers())
    assert gone.status_code == 404
    with running.db().read() as session:
        versions = session.scalars(
            select(BackupRecord.version).where(BackupRecord.record_id == RECORD)
        ).all()
        chunk_versions = set(
            session.scalars(select(BackupChunk.version).where(BackupChunk.record_id == RECORD))
        )
    assert list(versions) == [2]
    assert chunk_versions == {2}

    # an older version announced later is not stored: the server keeps the newest
    older = _announce(client, RECORD, 1, v1).json()
    assert older["newer"] is True
    assert older["version"] == 2


def test_delete_removes_every_version_and_changes_the_digest(running):
    client = _enrolled(running, staff="mueller.e")
    a, b = os.urandom(100), os.urandom(200)
    _store(client, RECORD, 1, a)
    _store(client, OTHER, 4, b)
    before = _listing(client)
    assert before["digest"] == _expected_digest([(RECORD, 1, a), (OTHER, 4, b)])
    response = client.http.delete(f"/v1/backup/records/{RECORD}", headers=client.headers())
    assert response.status_code == 204
    # idempotent
    again = client.http.delete(f"/v1/backup/records/{RECORD}", headers=client.headers())
    assert again.status_code == 204
    after = _listing(client)
    assert after["count"] == 1
    assert after["digest"] == _expected_digest([(OTHER, 4, b)])
    assert after["seq"] > before["seq"]


def test_revoked_laptops_open_nothing_and_the_replacement_gets_the_persons_backup(running):
    old = _enrolled(running, staff="mueller.e", name="Laptop alt")
    blob = os.urandom(2048)
    key = bc.new_backup_key()
    envelope = _envelope(key, "mueller.e")
    old.http.put("/v1/backup/key", json=envelope, headers=old.headers()).raise_for_status()
    _store(old, RECORD, 3, blob)
    with running.db().write.begin() as session:
        fleet.revoke(session, "Laptop alt")

    for response in (
        old.http.get("/v1/backup/key", headers=old.headers()),
        old.http.get("/v1/backup/records", headers=old.headers()),
        old.http.get(f"/v1/backup/records/{RECORD}/3", headers=old.headers()),
        _announce(old, OTHER, 1, blob),
        old.http.delete(f"/v1/backup/records/{RECORD}", headers=old.headers()),
    ):
        assert response.status_code == 410
        assert response.json()["error"] == "revoked"

    new = _enrolled(running, staff="mueller.e", name="Laptop neu")
    state = new.http.get("/v1/backup/key", headers=new.headers()).json()
    assert state["envelope"] == envelope
    assert [r["record_id"] for r in _listing(new)["records"]] == [RECORD]
    assert new.http.get(f"/v1/backup/records/{RECORD}/3", headers=new.headers()).content == blob
    with running.db().read() as session:
        staff_of = dict(session.execute(select(Device.name, Device.staff_id)).all())
    assert staff_of == {"Laptop alt": "mueller.e", "Laptop neu": "mueller.e"}


def test_another_persons_laptop_sees_nothing_of_it(running):
    mine = _enrolled(running, staff="mueller.e", name="A")
    theirs = _enrolled(running, staff="schmidt.k", name="B")
    _store(mine, RECORD, 1, os.urandom(64))
    assert _listing(theirs)["records"] == []
    assert _listing(theirs)["count"] == 0
    response = theirs.http.get(f"/v1/backup/records/{RECORD}/1", headers=theirs.headers())
    assert response.status_code == 404
    assert theirs.http.get("/v1/backup/key", headers=theirs.headers()).json()["envelope"] is None


def test_the_quota_refuses_a_record_that_would_not_fit(running, tmp_path):
    # the running server's quota is the default; check the refusal with a tiny one
    from sync.server.settings import ServerSettings
    from tests.helpers.server import ThreadedServer

    settings = ServerSettings(
        data_dir=tmp_path / "q", database_url=running.seed.database_url, backup_quota_bytes=1 << 20
    )
    with ThreadedServer(settings) as small:
        client = ApiClient(small.url)
        try:
            client.enroll(running.seed.code("Q", staff="quota.q"), "Q")
            _store(client, RECORD, 1, os.urandom(600_000))
            # replacing the same record counts only once
            assert _announce(client, RECORD, 2, os.urandom(900_000)).status_code == 200
            refused = _announce(client, OTHER, 1, os.urandom(600_000))
            assert refused.status_code == 413
            assert refused.json()["error"] == "backup_quota"
        finally:
            client.close()
