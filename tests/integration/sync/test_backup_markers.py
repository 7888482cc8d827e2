"""The town hall can prove that its server never held a readable draft.

Markers typed into drafts (citizen names, answers, a file's bytes and name) are backed
up, restored on a second laptop and partly delivered; then every file the server wrote
(its database, the WAL, its log, everything in its data folder, and for PostgreSQL the
cluster's files and log) is searched byte for byte. A positive control proves that the
search sees what the server stores in plain form: a visit's citizen name, which the
server holds readable by design, must be found.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from koffer.drafting.backups import attach
from koffer.townhall.backup import BackupOutbox, DraftBackup, passphrase_tag
from koffer.townhall.restore import restore_drafts
from sync import backup_crypto
from sync.client.api import TownHallApi
from sync.client.backup import BackupApi
from sync.client.runner import SyncOptions, sync_once
from sync.protocol import EnrollmentInvite
from sync.server import fleet
from sync.server.db import Database, default_database_url
from tests.helpers.server import PostgresCluster, Seed, ServerProcess, postgres_available

from .conftest import FORM_ID, PASSPHRASE, make_laptop, publish_form

pytestmark = pytest.mark.integration


def _files(root: Path) -> Iterator[Path]:
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path


def _found(roots: list[Path], needle: bytes) -> list[str]:
    hits = []
    for root in roots:
        for path in _files(root):
            try:
                data = path.read_bytes()
            except OSError:
                continue
            if needle in data or needle.decode().encode("utf-16-le") in data:
                hits.append(str(path))
    return hits


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, list[Path]]]:
    """A database URL and the folders where the database keeps its files."""
    if request.param == "sqlite":
        yield default_database_url(tmp_path / "server"), []
        return
    if not postgres_available():
        pytest.skip("PostgreSQL binaries not installed (scripts/system-deps.sh)")
    cluster = PostgresCluster(durable=True).start()
    try:
        yield cluster.new_database(), [cluster.root]
    finally:
        cluster.stop()


def _pass(laptop, backup, url: str) -> None:
    with TownHallApi(url, laptop.store.get_token(), timeout=20) as api:
        report = sync_once(
            laptop.store,
            api,
            SyncOptions(fetch_visits=False),
            backup=BackupOutbox(laptop.device, lambda: backup),
        )
    assert report.error is None, report.error


def _backup(laptop) -> DraftBackup:
    """What the unlocked app holds: the workspace's backup (`drafting.backups.attach`)."""
    backups = laptop.workspace.backups or attach(laptop.workspace, laptop.profile)
    return backups.backup


def _finalise(laptop, draft_id: str) -> None:
    """Sign what the citizen reviewed and finalise (sealed into the outbox)."""
    from koffer.drafting.catalog import load_catalog
    from koffer.drafting.lifecycle import Stage

    workspace = laptop.workspace
    workspace.catalog = load_catalog(laptop.device)
    digest = workspace.check(draft_id).digest
    png = b"\x89PNG\r\n\x1a\n" + os.urandom(500)
    workspace.sign_on_pad(draft_id, digest, strokes=[[[0.0, 1.0], [2.5, 3.0]]], png=png)
    assert workspace.finalise(draft_id) is Stage.SEALED


def test_markers_typed_into_drafts_never_reach_the_server_in_plain_form(tmp_path, backend):
    url, database_folders = backend
    data_dir = tmp_path / "server"
    data_dir.mkdir()
    seed = Seed(url).prepare()
    publish_form(seed)
    marker = f"KOFFERMARKER{uuid.uuid4().hex[:12]}"
    control = f"KOFFERCONTROL{uuid.uuid4().hex[:12]}"

    with ServerProcess(data_dir, url) as server:

        def invite(name: str) -> str:
            code = seed.code(name, staff="mueller.e", staff_name="Erika Müller")
            return EnrollmentInvite(url=server.url, code=code, insecure_http=True).to_uri()

        a = make_laptop(tmp_path / "a", invite("Laptop A"))
        try:
            _pass(a, None, server.url)
            backup = _backup(a)
            backup.use_kek(backup_crypto.derive_kek(PASSPHRASE, backup_crypto.TEST_BACKUP_KDF))
            for index in range(3):
                draft = a.drafts.create_draft(FORM_ID, "1.0.0", f"{marker} Bürger {index}")
                a.drafts.set_answer(draft.id, "name", f"Name {marker} {index}")
                a.drafts.set_answer(draft.id, "hat_nachweis", True)
                a.drafts.add_attachment(
                    draft.id,
                    "nachweis",
                    f"{marker}-{index}.pdf",
                    "application/pdf",
                    f"%PDF {marker} ".encode() + os.urandom(50_000),
                )
                a.drafts.save_signature(
                    draft.id, "unterschrift", [[[1.0, 2.0]]], marker.encode(), "ab" * 32
                )
            _pass(a, backup, server.url)  # key and records
            _finalise(a, draft.id)
            assert a.device.backup.waiting_count() == 1  # made at the step
            _pass(a, backup, server.url)  # the sealed one delivered, its record deleted
            db = Database.connect(url, pool_size=1)
            try:
                with db.write.begin() as session:
                    device = fleet.find_device(session, "Laptop A")
                    fleet.import_visits(
                        session,
                        "device,starts_at,citizen_name,address,purpose,suggested_forms\n"
                        f"{device.id},2026-12-01T10:00:00+01:00,{control},Hauptstr. 1,Besuch,\n",
                    )
                    fleet.revoke(session, device.id)
            finally:
                db.dispose()
        finally:
            a.profile.wipe()

        b = make_laptop(tmp_path / "b", invite("Laptop B"))
        try:
            _pass(b, None, server.url)
            with TownHallApi(server.url, b.store.get_token(), timeout=20) as api:
                report = restore_drafts(
                    BackupApi(api),
                    b.drafts,
                    b.device,
                    PASSPHRASE,
                    passphrase_tag=passphrase_tag(b.profile),
                    is_profile_passphrase=lambda p: p == PASSPHRASE,
                )
            assert len(report.restored) == 2
            assert all(marker in name for name in report.restored)
        finally:
            b.profile.close()

        roots = [data_dir, *database_folders]
        # while the server runs (SQLite's WAL holds the newest pages)
        assert _found(roots, control.encode()), "the scan does not see what is stored"
        assert _found(roots, marker.encode()) == []
    # and after it stopped (checkpointed, logs closed)
    assert _found(roots, control.encode())
    assert _found(roots, marker.encode()) == []
    assert (data_dir / "server-process.log").stat().st_size > 0
