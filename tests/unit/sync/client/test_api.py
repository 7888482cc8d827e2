"""Error mapping, backoff, invitation parsing, enrollment and the runner with fakes."""

from __future__ import annotations

import random
from pathlib import Path

import httpx
import pytest

from sync import crypto
from sync.client.api import TownHallApi
from sync.client.enrollment import CA_SHA256, SERVER_URL, enroll, parse_invitation, read_qr_image
from sync.client.errors import (
    EnrollmentFailed,
    Rejected,
    Revoked,
    ServerTrouble,
    Unauthorized,
    Unreachable,
)
from sync.client.reachability import MAX_DELAY, Backoff, Reachability, probe
from sync.client.runner import SyncOptions, sync_once
from sync.protocol import EnrollmentInvite

from .fakes import FakeIntake, MemoryStore, entry


def _api(status: int, body: dict[str, object] | None = None) -> TownHallApi:
    transport = httpx.MockTransport(lambda request: httpx.Response(status, json=body or {}))
    return TownHallApi("http://th.test", "tok", transport=transport)


@pytest.mark.parametrize(
    ("status", "kind"),
    [(410, Revoked), (401, Unauthorized), (503, ServerTrouble), (422, Rejected), (404, Rejected)],
)
def test_error_statuses_map_to_sync_errors(status: int, kind: type[Exception]) -> None:
    with pytest.raises(kind):
        _api(status, {"error": "x", "message": "Deutsche Meldung"}).health()


def test_rejection_keeps_the_servers_german_message() -> None:
    with pytest.raises(Rejected) as info:
        _api(422, {"error": "unknown_office", "message": "Die Stelle ist unbekannt."}).health()
    assert info.value.user_message == "Die Stelle ist unbekannt."
    assert info.value.error == "unknown_office"


def test_transport_failure_is_unreachable_and_probe_says_so() -> None:
    def down(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("no route")

    api = TownHallApi("http://th.test", transport=httpx.MockTransport(down))
    with pytest.raises(Unreachable):
        api.health()
    assert probe(api) is Reachability.NO_TOWN_HALL


def test_backoff_doubles_and_caps_at_sixty_seconds() -> None:
    backoff = Backoff(jitter=0.0, rng=random.Random(1))
    delays = [backoff.next_delay() for _ in range(10)]
    assert delays[:4] == [1.0, 2.0, 4.0, 8.0]
    assert max(delays) == MAX_DELAY
    backoff.reset()
    assert backoff.next_delay() == 1.0


def test_backoff_jitter_never_exceeds_cap() -> None:
    backoff = Backoff(rng=random.Random(7))
    assert all(0 < backoff.next_delay() <= MAX_DELAY for _ in range(50))


def test_invitation_found_in_pasted_text() -> None:
    invite = EnrollmentInvite(
        url="https://rathaus.example/", code="ABCD-EFGH", ca_sha256="AB:" * 31 + "CD"
    )
    text = f"Koffer-Einrichtung\nAls Text:      {invite.to_uri()}\n"
    assert parse_invitation(text) == invite


@pytest.mark.parametrize("text", ["", "hallo", "koffer-enroll:v1?url=ftp://x&code=1"])
def test_garbage_is_not_an_invitation(text: str) -> None:
    with pytest.raises(EnrollmentFailed) as info:
        parse_invitation(text)
    assert "Einladung" in info.value.user_message


def test_qr_image_round_trip(tmp_path: Path) -> None:
    segno = pytest.importorskip("segno")
    pytest.importorskip("zxingcpp")
    invite = EnrollmentInvite(url="http://127.0.0.1:8080", code="ABCD-1234")
    path = tmp_path / "code.png"
    segno.make(invite.to_uri(), error="m").save(str(path), scale=8, border=4)
    assert read_qr_image(path) == invite


def test_enroll_keeps_token_and_pins(tmp_path: Path) -> None:
    key = crypto.generate_signing_key()

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200,
            json={
                "device_id": "0" * 32,
                "token": "geheim",
                "catalog_keys": [crypto.catalog_key(key).model_dump(mode="json")],
                "server_time": "2026-03-01T09:00:00Z",
            },
        )

    store = MemoryStore()
    invite = EnrollmentInvite(url="http://th.test", code="ABCD-1234", insecure_http=True)
    result = enroll(invite, "Laptop", store, store, transport=httpx.MockTransport(handler))
    assert store.token == "geheim"
    assert store.settings[SERVER_URL] == "http://th.test"
    assert store.settings[CA_SHA256] is None
    assert result.catalog_key_ids == [crypto.catalog_key(key).key_id]
    assert "geheim" not in str(store.settings)


def test_plain_http_invitation_is_refused_unless_the_admin_allowed_it() -> None:
    requests: list[httpx.Request] = []
    store = MemoryStore()
    invite = EnrollmentInvite.from_uri(
        EnrollmentInvite(url="http://th.test", code="ABCD-1234").to_uri()
    )
    with pytest.raises(EnrollmentFailed) as refused:
        enroll(invite, "L", store, store, transport=httpx.MockTransport(requests.append))
    assert "http" in refused.value.user_message
    assert requests == []  # not even the code was sent
    assert store.token is None
    allowed = EnrollmentInvite(url="http://th.test", code="ABCD-1234", insecure_http=True)
    assert EnrollmentInvite.from_uri(allowed.to_uri()).insecure_http


def test_https_invitation_without_ca_is_refused() -> None:
    store = MemoryStore()
    with pytest.raises(EnrollmentFailed):
        enroll(EnrollmentInvite(url="https://th.test", code="ABCD-1234"), "L", store, store)
    assert store.token is None


def test_runner_reports_unreachable_without_raising() -> None:
    def down(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("no route")

    store = MemoryStore()
    store.add(*entry("0b5e6f0c-6f4e-4c7a-9a51-3b1e1c1d2e3f", {}))
    api = TownHallApi("http://th.test", "tok", transport=httpx.MockTransport(down))
    report = sync_once(store, api)
    assert not report.reachable
    assert isinstance(report.error, Unreachable)
    assert report.error.user_message.startswith("Das Rathaus")
    assert len(store.pending()) == 1


def test_runner_wipes_on_revocation() -> None:
    store = MemoryStore()
    report = sync_once(store, _api(410, {"error": "revoked", "message": "gesperrt"}))
    assert report.revoked
    assert store.wiped


def test_runner_skips_visits_while_locked_and_sends_heartbeat() -> None:
    intake = FakeIntake()
    sent: list[bytes] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/devices/me/status":
            sent.append(request.content)
        if request.url.path == "/v1/catalog/manifest":
            return httpx.Response(404, json={"error": "no_catalog", "message": "kein Katalog"})
        return intake.handler(request)

    store = MemoryStore(unlocked=False)
    api = TownHallApi("http://th.test", "tok", transport=httpx.MockTransport(handler))
    report = sync_once(store, api, SyncOptions(app_version="1.2.3"))
    assert report.visits is None
    assert store.visits is None
    assert len(sent) == 1
    assert b'"app_version":"1.2.3"' in sent[0]
