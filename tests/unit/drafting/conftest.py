"""A real, unlocked profile (SQLCipher files, in-memory keyring) and its workspace; no Qt."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import forms
from forms.loader import load_catalog, load_template_text
from forms.model import Template
from koffer.drafting.catalog import Catalog
from koffer.drafting.workspace import Workspace
from koffer.store import Profile, ProfilePaths
from koffer.store.keys import TEST_KDF
from sync import crypto
from tests.helpers.keyring_backends import MemoryKeyring
from tests.helpers.sample_forms import HILFEANTRAG_YAML
from tests.helpers.server import office_key
from tests.unit.store.conftest import Clock

PASSPHRASE = "Korrekt Pferd Batterie"
STAFF = "Petra Feld"

__all__ = ["Clock"]  # the settable clock of the store tests, used here too


class OfficeKeys:
    """The offices' public keys as the catalog would bring them; empty until `arrive`."""

    def __init__(self) -> None:
        self.keys: dict[str, dict[str, Any]] = {}

    def __call__(self) -> dict[str, dict[str, Any]]:
        return dict(self.keys)

    def arrive(self, office_id: str) -> None:
        self.keys[office_id] = json.loads(json.dumps(crypto.public_jwk(office_key())))


@pytest.fixture(scope="session")
def templates() -> list[Template]:
    shipped = list(load_catalog(forms.catalog_dir()))
    return [*shipped, load_template_text(HILFEANTRAG_YAML, "hilfeantrag.yaml")]


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def keys() -> OfficeKeys:
    return OfficeKeys()


@pytest.fixture
def profile(tmp_path: Path, clock: Clock) -> Iterator[Profile]:
    p = Profile(ProfilePaths(tmp_path / "profil"), MemoryKeyring(), kdf=TEST_KDF, clock=clock)
    p.create(STAFF, PASSPHRASE)
    yield p
    p.close()


@pytest.fixture
def workspace(
    profile: Profile, templates: list[Template], clock: Clock, keys: OfficeKeys
) -> Workspace:
    drafts = profile.unlock(PASSPHRASE)
    return Workspace(
        drafts,
        profile.open_device(),
        Catalog(templates),
        staff_name=STAFF,
        clock=clock,
        office_keys=keys,
    )


def template(templates: list[Template], template_id: str) -> Template:
    return next(t for t in templates if t.id == template_id)
