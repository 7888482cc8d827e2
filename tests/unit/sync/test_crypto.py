"""Manifest signatures (Ed25519 over canonical JSON) and JWE sealing."""

from __future__ import annotations

import datetime as dt

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from jwcrypto import jwk

from sync import crypto
from sync.protocol import ManifestBody, ManifestTemplate, SignedManifest
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
    signed = crypto.sign_manifest(_body(), key)
    assert signed.key_id == crypto.catalog_key(key).key_id
    assert crypto.verify_manifest(signed, [crypto.catalog_key(key)]) == _body()


def test_signature_survives_a_json_round_trip():
    key = crypto.generate_signing_key()
    wire = crypto.sign_manifest(_body(), key).model_dump_json()
    parsed = SignedManifest.model_validate_json(wire)
    assert crypto.verify_manifest(parsed, [crypto.catalog_key(key)]).catalog_version == 3


@pytest.mark.parametrize(
    "change",
    [
        {"catalog_version": 99},
        {"expires_at": "2099-01-01T00:00:00Z"},
        {"office_keys": {"sozialamt": {"kty": "RSA", "n": "evil", "e": "AQAB"}}},
    ],
)
def test_tampered_manifest_is_refused(change):
    key = crypto.generate_signing_key()
    data = crypto.sign_manifest(_body(), key).model_dump(mode="json")
    forged = SignedManifest.model_validate({**data, **change})
    with pytest.raises(crypto.ManifestSignatureError):
        crypto.verify_manifest(forged, [crypto.catalog_key(key)])


def test_manifest_signed_by_another_key_is_refused():
    pinned = crypto.generate_signing_key()
    attacker = crypto.generate_signing_key()
    signed = crypto.sign_manifest(_body(), attacker)
    with pytest.raises(crypto.ManifestSignatureError, match="unknown key"):
        crypto.verify_manifest(signed, [crypto.catalog_key(pinned)])
    # even when the attacker reuses the pinned key id
    relabelled = SignedManifest.model_validate(
        {**signed.model_dump(mode="json"), "key_id": crypto.catalog_key(pinned).key_id}
    )
    with pytest.raises(crypto.ManifestSignatureError):
        crypto.verify_manifest(relabelled, [crypto.catalog_key(pinned)])


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
