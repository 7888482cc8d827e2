"""`koffer-admin` end to end: keys, catalog, enrollment, delivery, inbox export."""

from __future__ import annotations

import datetime as dt
import json
import os
import pwd
import re

import pytest
import zxingcpp
from PIL import Image
from sqlalchemy import func, select

from sync import crypto, protocol
from sync.server.admin import main as admin
from sync.server.db import AttachmentChunk, Database, Device, Submission, default_database_url
from sync.server.migrate import upgrade
from sync.server.settings import ServerSettings
from tests.helpers.server import (
    OFFICE_ID,
    TEMPLATE_ID,
    TEMPLATE_VERSION,
    TEMPLATE_YAML,
    ApiClient,
    ThreadedServer,
)

pytestmark = pytest.mark.integration


def run(capsys, data, *args) -> tuple[int, str, str]:
    code = admin(["--data", str(data), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _sealed_submission(public_jwk, attachment: bytes):
    import datetime as dt
    import uuid

    submission_id = str(uuid.uuid4())
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    content = protocol.SealedContent(
        submission_id=submission_id,
        template_id=TEMPLATE_ID,
        template_version=TEMPLATE_VERSION,
        created_at=now,
        answers={"name": "Erika Mustermann"},
        attachments=[
            protocol.SealedAttachmentInfo(
                id="a0", filename="../../Mietvertrag.pdf", media_type="application/pdf"
            )
        ],
    )
    payload = crypto.seal(content.model_dump_json().encode(), public_jwk)
    sealed_attachment = crypto.seal(attachment, public_jwk, content_type="application/pdf")
    return (
        submission_id,
        {
            "template_id": TEMPLATE_ID,
            "template_version": TEMPLATE_VERSION,
            "office_id": OFFICE_ID,
            "created_at": now.isoformat(),
            "payload": payload,
            "payload_sha512": crypto.sha512_hex(payload.encode()),
            "attachments": [
                {
                    "id": "a0",
                    "size": len(sealed_attachment),
                    "sha512": crypto.sha512_hex(sealed_attachment.encode()),
                    "media_type": "application/pdf",
                }
            ],
        },
        sealed_attachment.encode(),
    )


def test_admin_workflow_from_keys_to_inbox_export(tmp_path, capsys):
    data = tmp_path / "data"
    keys = tmp_path / "keys"
    template_file = tmp_path / "testantrag.yaml"
    template_file.write_text(TEMPLATE_YAML, encoding="utf-8")

    assert run(capsys, data, "keygen", "--out", str(keys))[0] == 0
    assert (keys / "catalog-signing.key").stat().st_mode & 0o777 == 0o600
    assert run(capsys, data, "office", "keygen", "--id", OFFICE_ID, "--out", str(keys))[0] == 0
    private_jwk = keys / f"{OFFICE_ID}-private.jwk"
    assert private_jwk.stat().st_mode & 0o777 == 0o600
    assert run(capsys, data, "catalog", "add", str(template_file))[0] == 0
    # publishing without the office key is refused with a clear message
    code, _, err = run(
        capsys, data, "catalog", "publish", "--key", str(keys / "catalog-signing.key")
    )
    assert code == 1
    assert OFFICE_ID in err
    public = keys / f"{OFFICE_ID}-public.jwk"
    assert run(capsys, data, "office", "add", OFFICE_ID, "--public-key", str(public))[0] == 0
    code, out, _ = run(
        capsys, data, "catalog", "publish", "--key", str(keys / "catalog-signing.key")
    )
    assert code == 0
    assert "version 1" in out

    settings = ServerSettings(data_dir=data, database_url=default_database_url(data))
    with ThreadedServer(settings) as server:
        qr = tmp_path / "invite.png"
        code, out, _ = run(
            capsys,
            data,
            "enroll",
            "--name",
            "Laptop Seniorenbüro 3",
            "--staff",
            "mueller.e",
            "--staff-name",
            "Erika Müller",
            "--url",
            server.url,
            "--qr",
            str(qr),
            "--insecure-http",  # the test server speaks plain http
        )
        assert code == 0
        uri = re.search(r"koffer-enroll:\S+", out).group(0)
        invite = protocol.EnrollmentInvite.from_uri(uri)
        decoded = zxingcpp.read_barcodes(Image.open(qr))
        assert [b.text for b in decoded] == [uri]

        client = ApiClient(invite.url)
        try:
            enrolled = client.enroll(invite.code)
            document = client.http.get("/v1/catalog/manifest", headers=client.headers()).text
            body = crypto.verify_manifest(document, enrolled.catalog_keys)
            office_public = body.office_keys[OFFICE_ID]
            attachment = b"%PDF-1.4 Mietvertrag"
            sid, request, sealed = _sealed_submission(office_public, attachment)
            assert (
                client.http.put(
                    f"/v1/submissions/{sid}", json=request, headers=client.headers()
                ).status_code
                == 200
            )
            client.patch(sid, "a0", 0, sealed).raise_for_status()
            receipt = client.complete(sid).json()
        finally:
            client.close()

    code, out, _ = run(capsys, data, "devices")
    assert "Laptop Seniorenbüro 3" in out
    code, out, _ = run(capsys, data, "inbox", "list")
    assert receipt["reference"] in out
    assert "new" in out

    export_dir = tmp_path / "export"
    code, out, _ = run(
        capsys,
        data,
        "inbox",
        "export",
        "--office",
        OFFICE_ID,
        "--private-key",
        str(private_jwk),
        "--out",
        str(export_dir),
    )
    assert code == 0, out
    folder = export_dir / receipt["reference"]
    record = json.loads((folder / "submission.json").read_text(encoding="utf-8"))
    assert record["content"]["answers"] == {"name": "Erika Mustermann"}
    files = list((folder / "attachments").iterdir())
    assert [f.name for f in files] == ["a0-Mietvertrag.pdf"]  # no path escapes
    assert files[0].read_bytes() == attachment
    assert files[0].stat().st_mode & 0o777 == 0o600
    # printing is part of the distribution, so the office copy must be there
    assert (folder / "antrag.pdf").read_bytes().startswith(b"%PDF")
    # a second export has nothing new
    code, out, _ = run(
        capsys,
        data,
        "inbox",
        "export",
        "--office",
        OFFICE_ID,
        "--private-key",
        str(private_jwk),
        "--out",
        str(export_dir),
    )
    assert "0 exported" in out

    # retention: the server keeps the exported ciphertext until the purge
    db = Database.connect(default_database_url(data), pool_size=1)
    try:
        assert run(capsys, data, "inbox", "purge", "--days", "1")[1].startswith("0 exported")
        code, out, _ = run(capsys, data, "inbox", "purge", "--days", "0")
        assert code == 0
        assert f"ciphertext deleted on the server: {receipt['reference']}" in out
        with db.read() as session:
            row = session.scalars(select(Submission).where(Submission.id == sid)).first()
            assert row is not None
            assert row.purged_at is not None
            assert row.payload == ""
            assert row.reference == receipt["reference"]  # the record of the receipt stays
            chunks = session.scalar(
                select(func.count())
                .select_from(AttachmentChunk)
                .where(AttachmentChunk.submission_id == sid)
            )
            assert chunks == 0
    finally:
        db.dispose()
    code, out, _ = run(
        capsys,
        data,
        "inbox",
        "export",
        "--office",
        OFFICE_ID,
        "--private-key",
        str(private_jwk),
        "--out",
        str(tmp_path / "again"),
        "--all",
    )
    assert code == 0
    assert "ciphertext deleted after its export, skipped" in out

    code, out, _ = run(capsys, data, "revoke", "Laptop Seniorenbüro 3")
    assert code == 0
    assert "REVOKED" in run(capsys, data, "devices")[1]


def test_admin_output_shows_control_characters_instead_of_obeying_them(tmp_path, capsys):
    data = tmp_path / "data"
    db = Database.connect(default_database_url(data), pool_size=1)
    try:
        upgrade(db.engine)
        with db.write.begin() as session:
            session.add(
                Device(
                    id="a" * 32,
                    name="Laptop\x1b[2J\rEvil",
                    token_hash="0" * 64,
                    enrolled_at=dt.datetime.now(dt.UTC),
                    app_version="1.0\x1b]0;title\x07",
                    last_error="timeout\r\x1b[1Aadmin ok\nnext line\x9b",
                )
            )
    finally:
        db.dispose()
    code, out, _ = run(capsys, data, "devices")
    assert code == 0
    assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]", out)
    assert out.count("\n") == 2  # header and one device line: nothing breaks the lines
    assert "\\x1b" in out
    assert "\\x0d" in out
    code, _, err = run(capsys, data, "revoke", "no\x1b[31mdevice")
    assert code == 1
    assert "\x1b" not in err


def test_wrong_office_key_fails_export_without_marking(tmp_path, capsys):
    data = tmp_path / "data"
    keys = tmp_path / "keys"
    assert run(capsys, data, "office", "keygen", "--id", "other", "--out", str(keys))[0] == 0
    code, out, _ = run(
        capsys,
        data,
        "inbox",
        "export",
        "--office",
        OFFICE_ID,
        "--private-key",
        str(keys / "other-private.jwk"),
        "--out",
        str(tmp_path / "out"),
    )
    assert code == 0  # nothing received yet: nothing to fail on
    assert "0 exported, 0 failed" in out


def test_bad_template_and_retire(tmp_path, capsys):
    data = tmp_path / "data"
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: Kaputt\nversion: eins\n", encoding="utf-8")
    code, _, err = run(capsys, data, "catalog", "add", str(broken))
    assert code == 1
    assert "broken.yaml" in err
    good = tmp_path / "t.yaml"
    good.write_text(TEMPLATE_YAML, encoding="utf-8")
    assert run(capsys, data, "catalog", "add", str(good))[0] == 0
    changed = tmp_path / "t2.yaml"
    changed.write_text(TEMPLATE_YAML.replace("Testantrag", "Anderer Titel"), encoding="utf-8")
    code, _, err = run(capsys, data, "catalog", "add", str(changed))
    assert code == 1
    assert "raise the version" in err
    assert run(capsys, data, "catalog", "retire", TEMPLATE_ID, "--after", "2027-01-31")[0] == 0
    assert "retired after 2027-01-31" in run(capsys, data, "catalog", "list")[1]
    assert run(capsys, data, "catalog", "retire", TEMPLATE_ID, "--after", "morgen")[0] == 1


def test_visits_import_checks_rows(tmp_path, capsys):
    data = tmp_path / "data"
    csv_file = tmp_path / "visits.csv"
    csv_file.write_text(
        "device,starts_at,citizen_name,address,purpose,suggested_forms\n"
        "Unbekannt,2026-12-01T10:00:00+01:00,A,B,C,\n",
        encoding="utf-8",
    )
    code, _, err = run(capsys, data, "visits", "import", str(csv_file))
    assert code == 1
    assert "no device" in err


def test_visits_import_and_purge(tmp_path, capsys):
    data = tmp_path / "data"
    db_url = default_database_url(data)
    from tests.helpers.server import Seed

    seed = Seed(db_url).prepare()
    settings = ServerSettings(data_dir=data, database_url=db_url)
    with ThreadedServer(settings) as server:
        client = ApiClient(server.url)
        try:
            client.enroll(seed.code("Laptop Purge"))
        finally:
            client.close()
    csv_file = tmp_path / "visits.csv"
    csv_file.write_text(
        "id,device,starts_at,citizen_name,address,purpose,suggested_forms\n"
        "old,Laptop Purge,2026-01-05T10:00:00+01:00,A,B,C,\n"
        "new,Laptop Purge,2026-12-05T10:00:00+01:00,A,B,C,testantrag\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, data, "visits", "import", str(csv_file))
    assert (code, out.strip()) == (0, "imported 2 visit(s)")
    code, out, _ = run(capsys, data, "visits", "purge", "--before", "2026-06-01")
    assert (code, out.strip()) == (0, "deleted 1 visit(s) before 2026-06-01")


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root: the refusal is about root's files")
def test_root_is_refused_on_a_data_folder_of_the_service_user(tmp_path, capsys):
    """As root on the service user's folder, the tool would leave a root-owned -wal file
    and writer lock there and stop the server's writes: it refuses before opening it."""
    data = tmp_path / "server"
    data.mkdir()
    service_uid = 65534  # nobody: any user but root
    os.chown(data, service_uid, -1)

    code, _out, err = run(capsys, data, "devices")

    assert code == 2
    assert f"sudo -u {pwd.getpwuid(service_uid).pw_name} koffer-admin" in err
    assert list(data.iterdir()) == []  # nothing created, not even the database

    os.chown(data, 0, -1)  # the same folder, owned by root: root may work on it
    code, _out, err = run(capsys, data, "devices")
    assert code == 0, err
    assert (data / "koffer-server.db").exists()
