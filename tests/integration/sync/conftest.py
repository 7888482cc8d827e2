"""A real town hall on loopback and a real laptop profile (SQLCipher, keyring in memory)."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from koffer.drafting.catalog import load_catalog
from koffer.drafting.lifecycle import Stage
from koffer.drafting.workspace import Workspace
from koffer.store import DraftStore, Profile, ProfilePaths
from koffer.store.device import DeviceStore
from koffer.store.keys import TEST_KDF
from koffer.townhall.store_port import KofferSyncStore
from sync.client.enrollment import api_for, enroll, parse_invitation
from sync.protocol import EnrollmentInvite
from sync.server import catalog
from sync.server.db import Database, default_database_url
from sync.server.settings import ServerSettings
from tests.helpers.keyring_backends import MemoryKeyring
from tests.helpers.sample_forms import HILFEANTRAG_ID, HILFEANTRAG_YAML
from tests.helpers.server import Seed, ThreadedServer

PASSPHRASE = "Korrekt Pferd Batterie"
FORM_ID = HILFEANTRAG_ID
FORM_YAML = HILFEANTRAG_YAML


def publish_form(seed: Seed, text: str = FORM_YAML, name: str = "hilfeantrag.yaml") -> None:
    """Add a template to the town hall's catalog and publish a new signed manifest."""
    db = Database.connect(seed.database_url, pool_size=1)
    try:
        with db.write.begin() as session:
            catalog.add_template(session, text.encode(), name)
            catalog.publish(session, seed.signing_key)
    finally:
        db.dispose()


@dataclass
class Laptop:
    """One staff member's profile, enrolled with the town hall, and its open workspace."""

    profile: Profile
    workspace: Workspace
    store: KofferSyncStore
    sealed: dict[str, str] = field(default_factory=dict)  # draft id → sha512 of attachment

    @property
    def drafts(self) -> DraftStore:
        return self.workspace.drafts

    @property
    def device(self) -> DeviceStore:
        return self.workspace.device

    def unlock(self) -> Workspace:
        """Unlock again (after `koffer sync` or an idle lock): catch up, as the app does."""
        drafts = self.profile.unlock(PASSPHRASE)
        self.workspace = open_workspace(self.profile, drafts)
        self.store.device = self.workspace.device
        return self.workspace

    def api(self, url: str | None = None, timeout: float = 10.0) -> object:
        api = api_for(self.store, self.store, timeout=timeout)
        assert api is not None
        if url is not None:
            api.close()
            from sync.client.api import TownHallApi

            api = TownHallApi(url, self.store.get_token(), timeout=timeout)
        return api

    def finished_draft(self, name: str, attachment: bytes | None = None) -> str:
        """Fill, sign and finalise a draft of the test form; returns the draft id.

        Needs the catalog with the office's key (one sync pass before).
        """
        workspace = self.workspace
        workspace.catalog = load_catalog(self.device)  # what the town hall published
        template = workspace.catalog.exact(FORM_ID, "1.0.0")
        assert template is not None, "sync once first: the form comes from the town hall"
        draft_id = workspace.create_draft(template, name).draft.id
        self.drafts.set_answer(draft_id, "name", name)
        if attachment is not None:
            self.drafts.set_answer(draft_id, "hat_nachweis", True)
            self.drafts.add_attachment(
                draft_id, "nachweis", "beleg.bin", "application/octet-stream", attachment
            )
        png = b"\x89PNG\r\n\x1a\n" + os.urandom(64)
        digest = workspace.check(draft_id).digest
        workspace.sign_on_pad(draft_id, digest, strokes=[[[0.0, 0.0], [1.0, 1.0]]], png=png)
        assert workspace.finalise(draft_id) is Stage.SEALED
        self.sealed[draft_id] = hashlib.sha512(attachment or b"").hexdigest()
        return draft_id


def open_workspace(profile: Profile, drafts: DraftStore) -> Workspace:
    """The workspace over open drafts, caught up (receipts, retention), as at unlock."""
    device = profile.open_device()
    workspace = Workspace(drafts, device, load_catalog(device), staff_name=profile.staff_name)
    workspace.catch_up()
    return workspace


@dataclass
class TownHall:
    """A seeded server (threaded, SQLite)."""

    seed: Seed
    server: ThreadedServer
    settings: ServerSettings

    @property
    def url(self) -> str:
        return self.server.url

    def invite(self) -> str:
        return EnrollmentInvite(url=self.url, code=self.seed.code(), insecure_http=True).to_uri()


@pytest.fixture
def town_hall(tmp_path: Path) -> Iterator[TownHall]:
    url = default_database_url(tmp_path / "server")
    (tmp_path / "server").mkdir()
    seed = Seed(url).prepare()
    publish_form(seed)
    settings = ServerSettings(data_dir=tmp_path / "server", database_url=url)
    with ThreadedServer(settings) as server:
        yield TownHall(seed, server, settings)


def make_laptop(root: Path, invite: str | None) -> Laptop:
    profile = Profile(ProfilePaths(root), MemoryKeyring(), kdf=TEST_KDF)
    drafts = profile.create("Erika Mustermann", PASSPHRASE)
    workspace = open_workspace(profile, drafts)
    holder: list[Laptop] = []
    store = KofferSyncStore(profile, workspace.device, lambda: holder[0].workspace)
    laptop = Laptop(profile, workspace, store)
    holder.append(laptop)
    if invite is not None:
        enroll(parse_invitation(invite), "Laptop 1", store, store)
    return laptop


@pytest.fixture
def laptop(tmp_path: Path, town_hall: TownHall) -> Iterator[Laptop]:
    machine = make_laptop(tmp_path / "profil", town_hall.invite())
    yield machine
    machine.profile.close()


def new_app(qtbot: Any, root: Path, passphrase: str = PASSPHRASE) -> tuple[Any, Profile]:
    """A new laptop's app (`MainWindow`), its profile set up through the setup screen as a
    worker does it (name "Petra Feld"), and that profile. The caller sets
    KOFFER_PROFILE_DIR to `root` (the app's own processes look there)."""
    from koffer.ui.session import Session
    from koffer.ui.window.shell import MainWindow

    profile = Profile(ProfilePaths(root), MemoryKeyring(), kdf=TEST_KDF)
    window = MainWindow(Session(profile))
    qtbot.addWidget(window)
    window.show()
    window.start()
    window.setup.name.setText("Petra Feld")
    window.setup.passphrase.setText(passphrase)
    window.setup.repeat.setText(passphrase)
    window.setup.create_button.click()
    qtbot.waitUntil(lambda: window.session.drafts is not None, timeout=10_000)
    return window, profile


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
