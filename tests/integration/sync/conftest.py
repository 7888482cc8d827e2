"""A real town hall on loopback and a real laptop profile (SQLCipher, keyring in memory)."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from koffer.store import DraftStore, Profile, ProfilePaths
from koffer.store.device import DeviceStore
from koffer.store.keys import TEST_KDF
from koffer.sync_adapter import KofferSyncStore, seal_draft
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
    """One staff member's profile, enrolled with the town hall."""

    profile: Profile
    drafts: DraftStore
    device: DeviceStore
    store: KofferSyncStore
    sealed: dict[str, str] = field(default_factory=dict)  # draft id → sha512 of attachment

    def api(self, url: str | None = None, timeout: float = 10.0) -> object:
        api = api_for(self.store, self.store, timeout=timeout)
        assert api is not None
        if url is not None:
            api.close()
            from sync.client.api import TownHallApi

            api = TownHallApi(url, self.store.get_token(), timeout=timeout)
        return api

    def finished_draft(self, name: str, attachment: bytes | None = None) -> str:
        """Fill, sign and seal a draft of the test form; returns the draft id."""
        draft = self.drafts.create_draft(FORM_ID, "1.0.0", name)
        self.drafts.set_answer(draft.id, "name", name)
        if attachment is not None:
            self.drafts.set_answer(draft.id, "hat_nachweis", True)
            self.drafts.add_attachment(
                draft.id, "nachweis", "beleg.bin", "application/octet-stream", attachment
            )
        png = b"\x89PNG\r\n\x1a\n" + os.urandom(64)
        self.drafts.save_signature(
            draft.id, "unterschrift", [[[0.0, 0.0], [1.0, 1.0]]], png, "0" * 64
        )
        sealed = seal_draft(self.drafts, self.device, draft.id, staff_name="Erika Mustermann")
        assert sealed is not None
        self.sealed[draft.id] = hashlib.sha512(attachment or b"").hexdigest()
        return draft.id


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
    device = profile.open_device()
    store = KofferSyncStore(profile, device, drafts)
    if invite is not None:
        enroll(parse_invitation(invite), "Laptop 1", store, store)
    return Laptop(profile, drafts, device, store)


@pytest.fixture
def laptop(tmp_path: Path, town_hall: TownHall) -> Iterator[Laptop]:
    machine = make_laptop(tmp_path / "profil", town_hall.invite())
    yield machine
    machine.profile.close()


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
