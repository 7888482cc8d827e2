"""HTTPS with the town hall's own CA: the client trusts only the pinned CA."""

from __future__ import annotations

import ssl

import httpx
import pytest
import trustme

from sync.server.db import default_database_url
from sync.server.settings import ServerSettings
from tests.helpers.server import ApiClient, Seed, ThreadedServer, pinned_context

pytestmark = pytest.mark.integration


def test_https_with_pinned_town_hall_ca(tmp_path):
    town_hall_ca = trustme.CA(organization_name="Stadt Musterstadt")
    certificate = town_hall_ca.issue_cert("127.0.0.1", "koffer.rathaus.test")
    cert_file = tmp_path / "server.pem"
    key_file = tmp_path / "server.key"
    certificate.cert_chain_pems[0].write_to_path(str(cert_file))
    certificate.private_key_pem.write_to_path(str(key_file))
    url = default_database_url(tmp_path / "data")
    seed = Seed(url).prepare()
    settings = ServerSettings(data_dir=tmp_path / "data", database_url=url)
    with ThreadedServer(settings, certfile=cert_file, keyfile=key_file) as server:
        assert server.url.startswith("https://")
        client = ApiClient(server.url, verify=pinned_context(town_hall_ca.cert_pem.bytes()))
        try:
            client.enroll(seed.code())
            response = client.http.get("/v1/catalog/manifest", headers=client.headers())
            assert response.status_code == 200
        finally:
            client.close()
        # a client that trusts another CA (or only the public ones) refuses the server
        stranger = trustme.CA()
        with pytest.raises(httpx.ConnectError):
            httpx.get(f"{server.url}/v1/health", verify=pinned_context(stranger.cert_pem.bytes()))
        with pytest.raises(httpx.ConnectError):
            httpx.get(f"{server.url}/v1/health", verify=ssl.create_default_context())
