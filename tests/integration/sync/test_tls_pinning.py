"""Enrollment over https pins the town-hall CA from the invitation's fingerprint."""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from pathlib import Path

import pytest
import trustme

from sync.client.enrollment import CA_PEM, api_for, enroll, fingerprint
from sync.client.errors import EnrollmentFailed
from sync.protocol import EnrollmentInvite
from sync.server.db import default_database_url
from sync.server.settings import ServerSettings
from tests.helpers.server import Seed, ThreadedServer

from .conftest import make_laptop

pytestmark = pytest.mark.integration


def _der(ca: trustme.CA) -> bytes:
    return ssl.PEM_cert_to_DER_cert(ca.cert_pem.bytes().decode("ascii"))


@pytest.fixture
def tls_town_hall(tmp_path: Path) -> Iterator[tuple[Seed, ThreadedServer, trustme.CA]]:
    ca = trustme.CA(organization_name="Stadt Musterstadt")
    cert = ca.issue_cert("127.0.0.1")
    cert_file, key_file = tmp_path / "chain.pem", tmp_path / "key.pem"
    # the served chain: server certificate, then the town-hall CA (see docs/sync.md)
    cert_file.write_bytes(b"".join(p.bytes() for p in cert.cert_chain_pems) + ca.cert_pem.bytes())
    cert.private_key_pem.write_to_path(str(key_file))
    data = tmp_path / "server"
    data.mkdir()
    url = default_database_url(data)
    seed = Seed(url).prepare()
    settings = ServerSettings(data_dir=data, database_url=url)
    with ThreadedServer(settings, certfile=cert_file, keyfile=key_file) as server:
        yield seed, server, ca


def test_enroll_pins_the_ca_and_later_calls_trust_only_it(
    tmp_path: Path, tls_town_hall: tuple[Seed, ThreadedServer, trustme.CA]
) -> None:
    seed, server, ca = tls_town_hall
    laptop = make_laptop(tmp_path / "profil", None)
    try:
        invite = EnrollmentInvite(url=server.url, code=seed.code(), ca_sha256=fingerprint(_der(ca)))
        enroll(invite, "Laptop TLS", laptop.store, laptop.store)
        assert laptop.store.get_setting(CA_PEM) == ssl.DER_cert_to_PEM_cert(_der(ca))
        api = api_for(laptop.store, laptop.store, timeout=10)
        assert api is not None
        with api:
            assert api.health().status == "ok"
    finally:
        laptop.profile.close()


def test_a_server_with_another_ca_is_refused(
    tmp_path: Path, tls_town_hall: tuple[Seed, ThreadedServer, trustme.CA]
) -> None:
    seed, server, _ca = tls_town_hall
    laptop = make_laptop(tmp_path / "profil", None)
    try:
        stranger = trustme.CA()
        invite = EnrollmentInvite(
            url=server.url, code=seed.code(), ca_sha256=fingerprint(_der(stranger))
        )
        with pytest.raises(EnrollmentFailed) as info:
            enroll(invite, "Laptop TLS", laptop.store, laptop.store)
        assert "Zertifikat" in info.value.user_message
        assert laptop.store.get_token() is None
    finally:
        laptop.profile.close()
