"""`koffer-admin enroll --staff`, `staff` and `backup …` on a real database."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import select

from sync import backup_crypto as bc
from sync import crypto, protocol
from sync.server import backup, backup_admin, fleet
from sync.server.admin import main as admin
from sync.server.db import (
    BackupKey,
    BackupRecord,
    Database,
    Device,
    EnrollmentCode,
    default_database_url,
)
from tests.helpers.server import TEMPLATE_YAML, ApiClient, Seed, ThreadedServer

pytestmark = pytest.mark.integration


def run(capsys, data, *args, stdin: str | None = None, monkeypatch=None) -> tuple[int, str, str]:
    if stdin is not None:
        import io

        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = admin(["--data", str(data), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _enroll(capsys, data, name: str, *staff: str) -> tuple[int, str, str]:
    return run(
        capsys,
        data,
        "enroll",
        "--name",
        name,
        "--url",
        "http://127.0.0.1:1",
        "--insecure-http",
        *staff,
    )


def test_enroll_names_the_person_and_recognises_their_second_laptop(tmp_path, capsys):
    data = tmp_path / "data"
    code, _, err = _enroll(capsys, data, "Laptop 1", "--staff", "mueller.e")
    assert code == 1
    assert "--staff-name" in err  # a new person needs a name

    code, out, _ = _enroll(
        capsys, data, "Laptop 1", "--staff", "mueller.e", "--staff-name", "Erika Müller"
    )
    assert code == 0
    assert "Mitarbeiter/in: Erika Müller (mueller.e)" in out
    assert "Weitere Laptops" not in out
    invite = protocol.EnrollmentInvite.from_uri(re.search(r"koffer-enroll:\S+", out).group(0))

    db = Database.connect(default_database_url(data), pool_size=1)
    try:
        with db.read() as session:
            row = session.scalars(select(EnrollmentCode)).one()
        assert row.staff_id == "mueller.e"
        # the laptop redeems it: the device belongs to the person
        from sync.server import enrollment
        from sync.server.settings import ServerSettings

        settings = ServerSettings(data_dir=data)
        enrollment.enroll(db, settings, code=invite.code, device_name="x", ip="127.0.0.1")
        with db.write.begin() as session:
            device = session.scalars(select(Device)).one()
            assert device.staff_id == "mueller.e"
            fleet.revoke(session, device.id)
    finally:
        db.dispose()

    code, out, _ = _enroll(capsys, data, "Laptop 2", "--staff", "mueller.e")
    assert code == 0
    assert "Weitere Laptops:  Laptop 1 (gesperrt)" in out

    code, out, _ = run(capsys, data, "staff")
    assert code == 0
    line = next(x for x in out.splitlines() if x.startswith("mueller.e"))
    assert "Erika Müller" in line
    assert "Laptop 1 (revoked)" in line


def test_the_recovery_key_reaches_laptops_only_through_the_signed_manifest(tmp_path, capsys):
    data = tmp_path / "data"
    keys = tmp_path / "keys"
    template = tmp_path / "testantrag.yaml"
    template.write_text(TEMPLATE_YAML, encoding="utf-8")
    assert run(capsys, data, "keygen", "--out", str(keys))[0] == 0
    assert run(capsys, data, "office", "keygen", "--id", "sozialamt", "--out", str(keys))[0] == 0
    public_office = keys / "sozialamt-public.jwk"
    assert (
        run(capsys, data, "office", "add", "sozialamt", "--public-key", str(public_office))[0] == 0
    )
    assert run(capsys, data, "catalog", "add", str(template))[0] == 0
    code, out, _ = run(capsys, data, "backup", "recovery-keygen", "--out", str(keys))
    assert code == 0
    private = keys / "backup-recovery-private.jwk"
    assert private.stat().st_mode & 0o777 == 0o600
    assert "koffer-admin backup recovery-key" in out
    # a second keygen never overwrites the offline key
    assert run(capsys, data, "backup", "recovery-keygen", "--out", str(keys))[0] == 1

    public = keys / "backup-recovery-public.jwk"
    assert run(capsys, data, "backup", "recovery-key", "--public-key", str(public))[0] == 0
    signing = keys / "catalog-signing.key"
    assert run(capsys, data, "catalog", "publish", "--key", str(signing))[0] == 0

    db = Database.connect(default_database_url(data), pool_size=1)
    try:
        from sync.server import catalog

        with db.read() as session:
            document = catalog.latest_manifest(session).document
            legacy = catalog.latest_manifest(session).legacy_document
    finally:
        db.dispose()
    trusted = [crypto.catalog_key(crypto.load_signing_key(signing.read_bytes()))]
    body = crypto.verify_manifest(document, trusted)
    assert body.backup_recovery_key == json.loads(public.read_text())
    assert "backup_recovery_key" not in json.loads(legacy)  # laptops of app 0.1 know no such key


def test_recover_rewraps_for_a_new_passphrase_and_purge_deletes_everything(
    tmp_path, capsys, monkeypatch
):
    data = tmp_path / "data"
    url = default_database_url(data)
    seed = Seed(url).prepare()
    recovery = crypto.generate_office_key()
    private = tmp_path / "recovery.jwk"
    private.write_text(recovery.export_private(), encoding="utf-8")
    key = bc.new_backup_key()
    old = bc.envelope(
        key,
        "mueller.e",
        bc.derive_kek("altes Kennwort", bc.TEST_BACKUP_KDF),
        crypto.public_jwk(recovery),
    )
    settings_data = data
    from sync.server.settings import ServerSettings

    with ThreadedServer(ServerSettings(data_dir=settings_data, database_url=url)) as server:
        client = ApiClient(server.url)
        try:
            client.enroll(seed.code("Laptop", staff="mueller.e"))
            client.http.put(
                "/v1/backup/key", json=old.model_dump(mode="json"), headers=client.headers()
            ).raise_for_status()
            blob = b"KBR1" + bytes(40)
            response = client.http.put(
                "/v1/backup/records/" + "a" * 32,
                json={
                    "version": 1,
                    "size": len(blob),
                    "sha512": crypto.sha512_hex(blob),
                    "label": "",
                },
                headers=client.headers(),
            )
            response.raise_for_status()
            client.http.patch(
                "/v1/backup/records/" + "a" * 32 + "/1",
                content=blob,
                headers=client.headers(
                    **{"Upload-Offset": "0", "Content-Type": "application/offset+octet-stream"}
                ),
            ).raise_for_status()
        finally:
            client.close()

    # the wrong private key changes nothing
    stranger = tmp_path / "stranger.jwk"
    stranger.write_text(crypto.generate_office_key().export_private(), encoding="utf-8")
    code, _, err = run(
        capsys, data, "backup", "recover", "--staff", "mueller.e", "--private-key", str(stranger)
    )
    assert code == 1
    assert "cannot be opened" in err

    short = tmp_path / "short.txt"
    short.write_text("kurz\n", encoding="utf-8")
    code, _, err = run(
        capsys,
        data,
        "backup",
        "recover",
        "--staff",
        "mueller.e",
        "--private-key",
        str(private),
        "--passphrase-file",
        str(short),
    )
    assert code == 1
    assert "12 characters" in err

    # the real thing, with a generated passphrase (real Argon2id cost)
    code, out, _ = run(
        capsys, data, "backup", "recover", "--staff", "mueller.e", "--private-key", str(private)
    )
    assert code == 0
    passphrase = re.search(r"new passphrase .*: (\S+)", out).group(1)
    db = Database.connect(url, pool_size=1)
    try:
        with db.read() as session:
            renewed = backup.stored_envelope(session, "mueller.e")
        assert renewed.passphrase.kdf == bc.BACKUP_KDF
        assert renewed.recovery == old.recovery
        assert bc.unwrap_with_passphrase(renewed, "mueller.e", passphrase) == key
        with pytest.raises(bc.WrongBackupPassphrase):
            bc.unwrap_with_passphrase(renewed, "mueller.e", "altes Kennwort")

        code, out, _ = run(
            capsys,
            data,
            "backup",
            "purge",
            "--staff",
            "mueller.e",
            stdin="nein\n",
            monkeypatch=monkeypatch,
        )
        assert code == 1
        with db.read() as session:
            assert session.get(BackupKey, "mueller.e") is not None
        code, out, _ = run(capsys, data, "backup", "purge", "--staff", "mueller.e", "--yes")
        assert code == 0
        assert "deleted 1 backup record(s) of mueller.e and the backup key" in out
        with db.read() as session:
            assert session.scalars(select(BackupRecord)).all() == []
            assert session.get(BackupKey, "mueller.e") is None
    finally:
        db.dispose()


def test_generated_passphrases_are_long_and_readable():
    words = {backup_admin.generate_passphrase() for _ in range(50)}
    assert len(words) == 50
    for word in words:
        assert re.fullmatch(r"[a-zA-Z2-9]{5}(-[a-zA-Z2-9]{5}){3}", word)
        assert not set(word) & set("0O1lI")
