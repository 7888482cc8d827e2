"""Wire models: id formats, limits and the enrollment invitation."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from sync import protocol


def _request(**changes):
    data = {
        "template_id": "wohngeld",
        "template_version": "1.0.0",
        "office_id": "sozialamt",
        "created_at": "2026-11-21T10:00:00+01:00",
        "payload": "aGVhZA.a2V5.aXY.Y2lwaGVy.dGFn",
        "payload_sha512": "0" * 128,
        "attachments": [
            {"id": "a0", "size": 10, "sha512": "f" * 128, "media_type": "application/pdf"}
        ],
    }
    data.update(changes)
    return protocol.SubmissionRequest.model_validate(data)


def test_valid_request_parses():
    request = _request()
    assert request.created_at.utcoffset() == dt.timedelta(hours=1)


@pytest.mark.parametrize(
    "changes",
    [
        {"created_at": "2026-11-21T10:00:00"},  # no time zone
        {"template_id": "../etc"},
        {"template_version": "1.0"},
        {"office_id": "Sozialamt"},
        {"payload": "not a jwe"},
        {"payload_sha512": "xyz"},
        {"attachments": [{"id": "../a", "size": 1, "sha512": "f" * 128, "media_type": "a/b"}]},
        {"attachments": [{"id": "a", "size": 0, "sha512": "f" * 128, "media_type": "a/b"}]},
        {"unexpected": 1},
    ],
)
def test_invalid_requests_are_refused(changes):
    with pytest.raises(ValidationError):
        _request(**changes)


def test_attachment_count_is_limited():
    many = [
        {"id": f"a{i}", "size": 1, "sha512": "f" * 128, "media_type": "a/b"}
        for i in range(protocol.MAX_ATTACHMENTS + 1)
    ]
    with pytest.raises(ValidationError):
        _request(attachments=many)


def test_invite_round_trip():
    invite = protocol.EnrollmentInvite(
        url="https://koffer.rathaus.example:8443",
        code="ABCD-EFGH-JKMN-PQRS",
        ca_sha256=":".join(["AB"] * 32),
    )
    text = invite.to_uri()
    assert text.startswith("koffer-enroll:v1?")
    assert protocol.EnrollmentInvite.from_uri(text) == invite


def test_invite_without_ca_and_garbage():
    invite = protocol.EnrollmentInvite(url="http://127.0.0.1:8000", code="ABCD-EFGH")
    assert protocol.EnrollmentInvite.from_uri(invite.to_uri()).ca_sha256 is None
    with pytest.raises(ValueError, match="invitation"):
        protocol.EnrollmentInvite.from_uri("https://example.org/?code=1")


def test_signed_manifest_body_drops_signature():
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    signed = protocol.SignedManifest(
        catalog_version=1,
        issued_at=now,
        expires_at=now,
        templates=[],
        office_keys={},
        signature="sig",
        key_id="0" * 16,
    )
    assert "signature" not in signed.body().model_dump()
