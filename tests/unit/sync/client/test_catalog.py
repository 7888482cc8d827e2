"""Catalog updates with a fake server: ETag, signature, rollback, hash, expiry, atomicity."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest

from sync import crypto
from sync.client.api import TownHallApi
from sync.client.catalog import CATALOG_KEYS, update_catalog
from sync.client.errors import CatalogRejected
from sync.protocol import KNOWN_TEMPLATE_FORMATS, ManifestBody, ManifestTemplate

from .fakes import MemoryStore

#: A template format no laptop of this version knows (a later Koffer's).
FUTURE_FORMAT = max(KNOWN_TEMPLATE_FORMATS) + 1

NOW = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
YAML = """\
id: testantrag
version: {version}
title: Testantrag
topic: Test
office_id: sozialamt
sections:
  - id: person
    title: Angaben
    fields:
      - id: name
        type: text
        label: Name
"""
KEY = crypto.generate_signing_key()


class FakeCatalog:
    def __init__(self, version: int = 1, *, key: object = KEY, expires_in: float = 3600) -> None:
        self.files: dict[tuple[str, str], bytes] = {}
        self.tamper: bytes | None = None
        self.requests: list[str] = []
        self.publish(version, key=key, expires_in=expires_in)

    def publish(self, version: int, *, key: object = KEY, expires_in: float = 3600) -> None:
        text = YAML.format(version=f"{version}.0.0").encode()
        self.files[("testantrag", f"{version}.0.0")] = text
        body = ManifestBody(
            catalog_version=version,
            issued_at=NOW,
            expires_at=NOW + dt.timedelta(seconds=expires_in),
            templates=[
                ManifestTemplate(
                    id=tid, version=ver, sha256=crypto.sha256_hex(data), size=len(data), title="T"
                )
                for (tid, ver), data in self.files.items()
            ],
            office_keys={},
        )
        self.document = crypto.sign_manifest(body, key)  # type: ignore[arg-type]
        self.etag = f'"{crypto.sha256_hex(self.document.encode())}"'

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request.url.path)
        if request.url.path == "/v1/catalog/manifest":
            if request.headers.get("If-None-Match") == self.etag:
                return httpx.Response(304, headers={"ETag": self.etag})
            return httpx.Response(200, text=self.document, headers={"ETag": self.etag})
        _, _, _, _, tid, ver = request.url.path.split("/")
        return httpx.Response(200, content=self.tamper or self.files[(tid, ver)])


def _store() -> MemoryStore:
    store = MemoryStore()
    store.settings[CATALOG_KEYS] = [crypto.catalog_key(KEY).model_dump(mode="json")]
    return store


def _check(server: FakeCatalog, store: MemoryStore) -> object:
    api = TownHallApi("http://th.test", "tok", transport=httpx.MockTransport(server.handler))
    with api:
        return update_catalog(api, store, store, now=lambda: NOW)


def test_install_then_nothing_new_costs_one_request() -> None:
    server, store = FakeCatalog(), _store()
    result = _check(server, store)
    assert store.version == 1
    assert ("testantrag", "1.0.0") in store.templates
    assert getattr(result, "changed", None) is True
    server.requests.clear()
    again = _check(server, store)
    assert server.requests == ["/v1/catalog/manifest"]
    assert getattr(again, "changed", None) is False


def test_only_changed_templates_are_downloaded() -> None:
    server, store = FakeCatalog(), _store()
    _check(server, store)
    server.publish(2)
    server.requests.clear()
    _check(server, store)
    assert server.requests == ["/v1/catalog/manifest", "/v1/catalog/templates/testantrag/2.0.0"]
    assert store.version == 2
    assert ("testantrag", "1.0.0") in store.templates  # drafts keep their version


def test_unknown_signing_key_is_refused() -> None:
    server, store = FakeCatalog(key=crypto.generate_signing_key()), _store()
    with pytest.raises(CatalogRejected) as info:
        _check(server, store)
    assert info.value.code == "manifest_signature"
    assert store.version == 0
    assert "signiert" in info.value.user_message


def test_rollback_is_refused() -> None:
    server, store = FakeCatalog(version=3), _store()
    _check(server, store)
    older = FakeCatalog(version=2)
    with pytest.raises(CatalogRejected) as info:
        _check(older, store)
    assert info.value.code == "manifest_rollback"
    assert store.version == 3


def test_hash_mismatch_installs_nothing() -> None:
    server, store = FakeCatalog(), _store()
    server.tamper = YAML.format(version="1.0.0").replace("Name", "Nome").encode()
    with pytest.raises(CatalogRejected) as info:
        _check(server, store)
    assert info.value.code == "template_hash"
    assert store.templates == {}
    assert store.version == 0


def test_expired_manifest_marks_stale_only() -> None:
    server, store = FakeCatalog(expires_in=-1), _store()
    with pytest.raises(CatalogRejected) as info:
        _check(server, store)
    assert info.value.code == "manifest_expired"
    assert store.stale
    assert store.version == 0


# -- manifest layout 2: unknown fields, template formats, files, the service directory ---

PDF = b"%PDF-1.4 the town's form"
PDF_YAML = YAML.replace("id: testantrag", "format: 2\nid: pdfantrag") + (
    "source_pdf: {{file: pdfantrag.pdf, sha256: '{sha}', pages: 1}}\n"
)
DIRECTORY = b'{"format":1,"services":[{"id":"schuldnerberatung","name":"Schuldnerberatung"}]}'


class LayoutTwoServer:
    """A town hall publishing what only layout 2 can say, signed as a plain JSON object."""

    def __init__(self, *, extra: dict[str, object] | None = None, tamper_pdf: bool = False) -> None:
        self.requests: list[str] = []
        pdf_yaml = PDF_YAML.format(version="1.0.0", sha=crypto.sha256_hex(PDF)).encode()
        self.templates = {
            ("testantrag", "1.0.0"): YAML.format(version="1.0.0").encode(),
            ("pdfantrag", "1.0.0"): pdf_yaml,
            ("zukunft", "1.0.0"): f"format: {FUTURE_FORMAT}\nsomething: new\n".encode(),
        }
        self.files = {crypto.sha256_hex(PDF): PDF, crypto.sha256_hex(DIRECTORY): DIRECTORY}
        self.tamper_pdf = tamper_pdf
        entries = [
            {
                "id": tid,
                "version": ver,
                "sha256": crypto.sha256_hex(data),
                "size": len(data),
                "title": tid,
                "retired_after": None,
                "format": FUTURE_FORMAT if tid == "zukunft" else 2 if tid == "pdfantrag" else 1,
                "files": [
                    {
                        "name": "pdfantrag.pdf",
                        "sha256": crypto.sha256_hex(PDF),
                        "size": len(PDF),
                        "media_type": "application/pdf",
                        "printable_from": "2031",  # a field of a later layout
                    }
                ]
                if tid == "pdfantrag"
                else [],
            }
            for (tid, ver), data in self.templates.items()
        ]
        body = {
            "catalog_version": 5,
            "issued_at": "2026-03-01T08:00:00Z",
            "expires_at": "2026-06-01T08:00:00Z",
            "templates": entries,
            "office_keys": {},
            "directory": {
                "sha256": crypto.sha256_hex(DIRECTORY),
                "size": len(DIRECTORY),
                "services": 1,
            },
            **(extra or {}),
        }
        self.document = crypto.sign_manifest(body, KEY)

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request.url.path)
        path = request.url.path
        if path == "/v1/catalog/manifest":
            assert request.headers["Koffer-Manifest-Layout"] == "2"
            return httpx.Response(200, text=self.document, headers={"ETag": '"e5"'})
        if path.startswith("/v1/catalog/files/"):
            data = self.files[path.rsplit("/", 1)[1]]
            return httpx.Response(200, content=data + (b"!" if self.tamper_pdf else b""))
        _, _, _, _, tid, ver = path.split("/")
        return httpx.Response(200, content=self.templates[(tid, ver)])


def _check_with(server: LayoutTwoServer, store: MemoryStore) -> object:
    api = TownHallApi("http://th.test", "tok", transport=httpx.MockTransport(server.handler))
    with api:
        return update_catalog(api, store, store, now=lambda: NOW)


def test_a_manifest_with_fields_this_laptop_does_not_know_installs() -> None:
    server = LayoutTwoServer(extra={"announcement": {"text": "neu ab 2031", "level": 2}})
    store = _store()
    result = _check_with(server, store)
    assert store.version == 5
    assert store.document == server.document  # kept exactly as served (and signed)
    assert ("pdfantrag", "1.0.0") in store.templates
    assert getattr(result, "changed", None) is True


def test_templates_of_an_unknown_format_are_skipped_not_fatal() -> None:
    store = _store()
    result = _check_with(LayoutTwoServer(), store)
    assert getattr(result, "skipped", None) == [("zukunft", "1.0.0")]
    assert ("zukunft", "1.0.0") not in store.templates
    assert ("testantrag", "1.0.0") in store.templates


def test_source_pdf_and_directory_are_downloaded_by_hash() -> None:
    server, store = LayoutTwoServer(), _store()
    _check_with(server, store)
    assert store.files[crypto.sha256_hex(PDF)] == PDF
    assert store.files[crypto.sha256_hex(DIRECTORY)] == DIRECTORY
    again = LayoutTwoServer()  # the same publication once more (no ETag sent back)
    _check_with(again, store)
    assert again.requests == ["/v1/catalog/manifest"]  # stored files are not fetched again


def test_a_file_that_does_not_match_its_hash_installs_nothing() -> None:
    store = _store()
    with pytest.raises(CatalogRejected) as info:
        _check_with(LayoutTwoServer(tamper_pdf=True), store)
    assert info.value.code == "file_hash"
    assert store.version == 0
    assert store.files == {}


def test_stale_mark_goes_once_the_town_hall_offers_a_valid_manifest_again() -> None:
    server, store = FakeCatalog(), _store()
    _check(server, store)
    fresh_document, fresh_etag = server.document, server.etag
    server.publish(2, expires_in=-1)  # an expired publication is offered once
    with pytest.raises(CatalogRejected):
        _check(server, store)
    assert store.stale
    server.document, server.etag = fresh_document, fresh_etag  # the valid one is back
    result = _check(server, store)
    assert getattr(result, "changed", None) is False  # 304: the installed one
    assert not store.stale
