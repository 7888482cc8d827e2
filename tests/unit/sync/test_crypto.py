"""Manifest signatures (Ed25519 over RFC 8785 of the served JSON) and JWE sealing."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from jwcrypto import jwk
from pydantic import AwareDatetime, BaseModel, ConfigDict, ValidationError

from sync import crypto, protocol
from sync.protocol import ManifestBody, ManifestTemplate
from tests.helpers.server import office_key  # one RSA-4096 key per run: keygen is slow


def _body(version: int = 3) -> ManifestBody:
    now = dt.datetime(2026, 11, 21, 12, 0, tzinfo=dt.UTC)
    return ManifestBody(
        catalog_version=version,
        issued_at=now,
        expires_at=now + dt.timedelta(days=90),
        templates=[
            ManifestTemplate(
                id="wohngeld", version="1.0.0", sha256="a" * 64, size=10, title="Wohngeld – Ä"
            )
        ],
        office_keys={"sozialamt": {"kty": "RSA", "n": "x", "e": "AQAB"}},
    )


def test_canonical_json_is_sorted_compact_utf8():
    assert crypto.canonical_json({"b": 1, "a": ["ä", None]}) == '{"a":["ä",null],"b":1}'.encode()


def test_canonical_json_refuses_nan():
    with pytest.raises(ValueError, match="JSON"):
        crypto.canonical_json({"x": float("nan")})


def test_signed_manifest_verifies_with_the_pinned_key():
    key = crypto.generate_signing_key()
    document = crypto.sign_manifest(_body(), key)
    assert json.loads(document)["key_id"] == crypto.catalog_key(key).key_id
    assert crypto.verify_manifest(document, [crypto.catalog_key(key)]) == _body()


def test_signature_covers_the_served_json_not_its_layout():
    """Whitespace, key order and escapes of the served text do not matter; its values do."""
    key = crypto.generate_signing_key()
    data = json.loads(crypto.sign_manifest(_body(), key))
    relaid = json.dumps(dict(reversed(list(data.items()))), indent=3, ensure_ascii=True)
    assert crypto.verify_manifest(relaid, [crypto.catalog_key(key)]).catalog_version == 3


def test_a_field_this_code_does_not_know_is_signed_and_ignored():
    key = crypto.generate_signing_key()
    data = {**_body().model_dump(mode="json"), "added_in_2030": {"x": [1, "ä"]}}
    data["templates"][0]["colour"] = "blue"
    document = crypto.sign_manifest(data, key)
    body = crypto.verify_manifest(document, [crypto.catalog_key(key)])
    assert body.templates[0].id == "wohngeld"
    # ... and it is covered by the signature: changing it breaks the signature
    forged = json.loads(document)
    forged["added_in_2030"]["x"][0] = 2
    with pytest.raises(crypto.ManifestSignatureError):
        crypto.verify_manifest(json.dumps(forged), [crypto.catalog_key(key)])


@pytest.mark.parametrize(
    "change",
    [
        {"catalog_version": 99},
        {"expires_at": "2099-01-01T00:00:00Z"},
        {"office_keys": {"sozialamt": {"kty": "RSA", "n": "evil", "e": "AQAB"}}},
        {"unknown_but_signed": True},
    ],
)
def test_tampered_manifest_is_refused(change):
    key = crypto.generate_signing_key()
    data = json.loads(crypto.sign_manifest(_body(), key))
    with pytest.raises(crypto.ManifestSignatureError):
        crypto.verify_manifest(json.dumps({**data, **change}), [crypto.catalog_key(key)])


def test_duplicate_keys_and_non_objects_are_refused():
    key = crypto.generate_signing_key()
    document = crypto.sign_manifest(_body(), key)
    doubled = document[:-1] + ',"catalog_version":4}'
    with pytest.raises(crypto.CryptoError, match="twice"):
        crypto.verify_manifest(doubled, [crypto.catalog_key(key)])
    for bad in ("[]", "{", "\ufeff{}", "x" * (protocol.MAX_MANIFEST_BYTES + 1)):
        with pytest.raises(crypto.CryptoError):
            crypto.verify_manifest(bad, [crypto.catalog_key(key)])


def test_manifest_signed_by_another_key_is_refused():
    pinned = crypto.generate_signing_key()
    attacker = crypto.generate_signing_key()
    document = crypto.sign_manifest(_body(), attacker)
    with pytest.raises(crypto.ManifestSignatureError, match="unknown key"):
        crypto.verify_manifest(document, [crypto.catalog_key(pinned)])
    # even when the attacker reuses the pinned key id
    relabelled = {**json.loads(document), "key_id": crypto.catalog_key(pinned).key_id}
    with pytest.raises(crypto.ManifestSignatureError):
        crypto.verify_manifest(json.dumps(relabelled), [crypto.catalog_key(pinned)])


# -- laptops from before this change ------------------------------------------------------


class _OldTemplate(BaseModel):
    """The manifest models of app 0.1 (extra keys forbidden), frozen here as they were."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    version: str
    sha256: str
    size: int
    title: str
    retired_after: dt.date | None = None


class _OldBody(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    catalog_version: int
    issued_at: AwareDatetime
    expires_at: AwareDatetime
    templates: list[_OldTemplate]
    office_keys: dict[str, dict[str, Any]]


class _OldSigned(_OldBody):
    signature: str
    key_id: str


def _old_laptop_verifies(document: str, key: Any) -> _OldBody:
    """What app 0.1 did: parse with its models, re-dump, canonical JSON, verify."""
    signed = _OldSigned.model_validate_json(document)
    body = _OldBody.model_validate(signed.model_dump(exclude={"signature", "key_id"}, mode="json"))
    key.public_key().verify(
        crypto.b64url_decode(signed.signature), crypto.canonical_json(body.model_dump(mode="json"))
    )
    return body


def test_an_old_laptop_verifies_the_legacy_manifest():
    from sync.server.catalog import legacy_body

    key = crypto.generate_signing_key()
    body = _body().model_copy(
        update={
            "templates": [
                *_body().templates,
                ManifestTemplate(
                    id="pdf-form", version="1.0.0", sha256="b" * 64, size=9, title="PDF", format=2
                ),
            ]
        }
    )
    legacy = crypto.sign_manifest(legacy_body(body), key)
    old = _old_laptop_verifies(legacy, key)
    assert [t.id for t in old.templates] == ["wohngeld"]  # the format-2 form is left out
    # the new code verifies the same document too
    assert crypto.verify_manifest(legacy, [crypto.catalog_key(key)]).catalog_version == 3
    # while the full manifest would have been refused by an old laptop (unknown keys)
    with pytest.raises(ValidationError):
        _old_laptop_verifies(crypto.sign_manifest(body, key), key)


def test_signing_key_pem_round_trip_and_wrong_type():
    key = crypto.generate_signing_key()
    loaded = crypto.load_signing_key(crypto.private_key_to_pem(key))
    assert crypto.public_key_text(loaded) == crypto.public_key_text(key)
    other = ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    with pytest.raises(crypto.CryptoError, match="Ed25519"):
        crypto.load_signing_key(other)
    with pytest.raises(crypto.CryptoError):
        crypto.load_signing_key(b"not a key")


def test_seal_and_unseal_round_trip():
    key = office_key()
    token = crypto.seal(
        b"Antwort: \xc3\xa4", crypto.public_jwk(key), content_type="application/json"
    )
    assert token.count(".") == 4
    header = crypto.jwe_header(token)
    assert header["alg"] == "RSA-OAEP-256"
    assert header["enc"] == "A256GCM"
    assert header["kid"] == key.thumbprint()
    assert b"Antwort" not in token.encode()
    assert crypto.unseal(token, key) == b"Antwort: \xc3\xa4"


def test_unseal_with_the_wrong_key_fails():
    token = crypto.seal(b"geheim", crypto.public_jwk(office_key()))
    other = jwk.JWK.generate(kty="RSA", size=2048)
    with pytest.raises(crypto.CryptoError):
        crypto.unseal(token, other)
    with pytest.raises(crypto.CryptoError):
        crypto.unseal(token[:-4] + "AAAA", office_key())


def test_office_keys_must_be_rsa_4096():
    small = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = small.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    with pytest.raises(crypto.CryptoError, match="4096"):
        crypto.load_encryption_key(pem, private=False)
    curve = (
        ec.generate_private_key(ec.SECP256R1())
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    with pytest.raises(crypto.CryptoError, match="RSA"):
        crypto.load_encryption_key(curve, private=False)
    with pytest.raises(crypto.CryptoError):
        crypto.load_encryption_key("{not json", private=False)


def test_office_key_from_pem_and_jwk():
    key = office_key()
    pem = key.export_to_pem()
    from_pem = crypto.load_encryption_key(pem, private=False)
    assert from_pem.thumbprint() == key.thumbprint()
    public_only = crypto.load_encryption_key(key.export_public(), private=False)
    with pytest.raises(crypto.CryptoError, match="private"):
        crypto.load_encryption_key(key.export_public(), private=True)
    assert crypto.public_jwk(public_only)["use"] == "enc"
