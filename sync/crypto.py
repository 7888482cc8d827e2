"""Signatures for the catalog manifest and JWE sealing for submissions.

Two jobs, both shared by the server's admin tool and the laptop client:

* The catalog manifest is signed with an Ed25519 key that stays offline with the admin.
  The signature covers the RFC 8785 (JCS) canonical form of the manifest document *as
  served*, minus `signature` and `key_id`, computed by the maintained `rfc8785` library
  from the parsed JSON itself, never from a pydantic model. So a field the laptop does
  not know is covered too (and ignored by its tolerant models), and a pydantic upgrade
  on either end cannot change what is verified. For every manifest made so far this is
  byte for byte what laptops before this change compute (`canonical_json` of their
  model), which is how they keep verifying the legacy manifest (docs/sync.md).
* Submissions and attachments are sealed as JWE (RSA-OAEP-256 + A256GCM, as in
  FIT-Connect) to the public key of the office that processes the form. Only the office's
  private key opens them; the server stores ciphertext only.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Mapping
from typing import Any

import rfc8785
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from jwcrypto import jwe, jwk
from jwcrypto.common import JWException, json_encode
from pydantic import ValidationError

from sync.protocol import MAX_MANIFEST_BYTES, CatalogKey, ManifestBody

#: Key-management algorithm of every JWE Koffer makes.
JWE_ALG = "RSA-OAEP-256"
#: Content-encryption algorithm of every JWE Koffer makes.
JWE_ENC = "A256GCM"
#: Smallest accepted RSA modulus of an office key, in bits.
MIN_RSA_BITS = 4096


class CryptoError(ValueError):
    """A key, signature or ciphertext is unusable; the message says which and why."""


class ManifestSignatureError(CryptoError):
    """The manifest signature does not verify with any trusted key."""


# --- helpers ---------------------------------------------------------------------------


def b64url_encode(data: bytes) -> str:
    """Base64url without padding (RFC 7515 style)."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    """Inverse of `b64url_encode`; raises CryptoError on malformed input."""
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (ValueError, TypeError) as exc:
        raise CryptoError("not valid base64url") from exc


def canonical_json(value: Any) -> bytes:
    """The canonical JSON bytes of a JSON-compatible value: sorted keys, no spaces, UTF-8.

    Both signer and verifier must produce byte-identical output, so only plain JSON types
    are allowed (dump pydantic models with `mode="json"` first).
    """
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def sha256_hex(data: bytes) -> str:
    """Hex SHA-256 of `data`."""
    return hashlib.sha256(data).hexdigest()


def sha512_hex(data: bytes) -> str:
    """Hex SHA-512 of `data`."""
    return hashlib.sha512(data).hexdigest()


# --- Ed25519 catalog signing -----------------------------------------------------------


def generate_signing_key() -> Ed25519PrivateKey:
    """A fresh Ed25519 catalog signing key."""
    return Ed25519PrivateKey.generate()


def private_key_to_pem(key: Ed25519PrivateKey) -> bytes:
    """PKCS#8 PEM of the private key (unencrypted: protect the file itself)."""
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def load_signing_key(pem: bytes) -> Ed25519PrivateKey:
    """Load an Ed25519 private key from PEM; CryptoError if it is something else."""
    try:
        key = serialization.load_pem_private_key(pem, password=None)
    except (ValueError, TypeError) as exc:
        raise CryptoError("the file is not an unencrypted PEM private key") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise CryptoError("the key is not an Ed25519 key")
    return key


def public_key_text(key: Ed25519PrivateKey | Ed25519PublicKey) -> str:
    """The raw 32-byte public key as base64url (how it travels and is pinned)."""
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return b64url_encode(raw)


def key_id_of(public_key: str) -> str:
    """Short stable id of a public key: the first 16 hex digits of its SHA-256."""
    return sha256_hex(b64url_decode(public_key))[:16]


def catalog_key(key: Ed25519PrivateKey | Ed25519PublicKey) -> CatalogKey:
    """The wire description of a signing key's public half."""
    text = public_key_text(key)
    return CatalogKey(key_id=key_id_of(text), public_key=text)


def load_public_key_text(text: str) -> Ed25519PublicKey:
    """Parse a base64url raw Ed25519 public key; CryptoError when malformed."""
    raw = b64url_decode(text.strip())
    if len(raw) != 32:
        raise CryptoError("an Ed25519 public key has 32 bytes")
    return Ed25519PublicKey.from_public_bytes(raw)


def manifest_signing_input(body: Mapping[str, Any]) -> bytes:
    """The bytes an Ed25519 manifest signature covers: RFC 8785 of the body (plain JSON).

    Raises:
        CryptoError: the body holds something JSON cannot carry exactly (NaN, an integer
            beyond 2**53), so no verifier could recompute the same bytes.
    """
    try:
        return bytes(rfc8785.dumps(dict(body)))
    except rfc8785.CanonicalizationError as exc:
        raise CryptoError(f"the manifest cannot be canonicalised: {exc}") from exc


def sign_manifest(body: ManifestBody | Mapping[str, Any], key: Ed25519PrivateKey) -> str:
    """The manifest document as it is served: the body plus signature and key id.

    Args:
        body: the model (dumped as JSON) or a plain JSON object, which may carry fields
            no model knows (tests publish such manifests).
    """
    data = body.model_dump(mode="json") if isinstance(body, ManifestBody) else dict(body)
    signature = key.sign(manifest_signing_input(data))
    document = {**data, "signature": b64url_encode(signature), "key_id": catalog_key(key).key_id}
    return manifest_signing_input(document).decode("utf-8")


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise CryptoError(f"the manifest has the key {key!r} twice")
        out[key] = value
    return out


def parse_manifest_document(document: str | bytes) -> dict[str, Any]:
    """The manifest document as a JSON object; CryptoError unless it is one, plainly.

    Duplicate keys are refused: two parsers could otherwise read two different values
    under one signature.
    """
    raw = document.encode("utf-8") if isinstance(document, str) else document
    if len(raw) > MAX_MANIFEST_BYTES:
        raise CryptoError("the manifest is too large")
    try:
        data = json.loads(raw, object_pairs_hook=_no_duplicate_keys)
    except CryptoError:
        raise
    except (ValueError, RecursionError) as exc:  # JSONDecodeError, bad UTF-8
        raise CryptoError("the manifest is not valid JSON") from exc
    if not isinstance(data, dict):
        raise CryptoError("the manifest is not a JSON object")
    return data


def verify_manifest(document: str | bytes, trusted: list[CatalogKey]) -> ManifestBody:
    """The manifest body, if the document's signature verifies with a `trusted` key.

    The signed bytes are recomputed from the document's own JSON, so fields unknown to
    `ManifestBody` are covered by the signature and ignored afterwards.

    Raises:
        ManifestSignatureError: unknown key id or a signature that does not match.
        CryptoError: the document is not a manifest (malformed JSON or fields).
    """
    data = parse_manifest_document(document)
    signature, key_id = data.pop("signature", None), data.pop("key_id", None)
    if not isinstance(signature, str) or not isinstance(key_id, str):
        raise ManifestSignatureError("the manifest carries no signature")
    candidate = next((k for k in trusted if k.key_id == key_id), None)
    if candidate is None:
        raise ManifestSignatureError(f"the manifest is signed with an unknown key {key_id}")
    public = load_public_key_text(candidate.public_key)
    try:
        public.verify(b64url_decode(signature), manifest_signing_input(data))
    except (InvalidSignature, CryptoError) as exc:
        raise ManifestSignatureError("the manifest signature does not match") from exc
    try:
        return ManifestBody.model_validate(data)
    except ValidationError as exc:
        raise CryptoError("the signed manifest has malformed fields") from exc


# --- JWE sealing -----------------------------------------------------------------------


def generate_office_key(bits: int = MIN_RSA_BITS) -> jwk.JWK:
    """A fresh RSA key pair for an office (private part stays with the office)."""
    key = jwk.JWK.generate(kty="RSA", size=bits)
    key.update(kid=key.thumbprint())
    return key


def _rsa_bits(key: jwk.JWK) -> int:
    modulus = b64url_decode(str(key.export_public(as_dict=True)["n"]))
    return int.from_bytes(modulus, "big").bit_length()


def load_encryption_key(text: str | bytes, *, private: bool) -> jwk.JWK:
    """Load an office RSA key from a JWK (JSON) or PEM text.

    Args:
        text: the file content.
        private: whether the private part is required.

    Raises:
        CryptoError: not an RSA key, too short, or the private part missing/present
            when it should not matter.
    """
    raw = text.encode("utf-8") if isinstance(text, str) else text
    try:
        if raw.lstrip().startswith(b"{"):
            key = jwk.JWK.from_json(raw.decode("utf-8"))
        else:
            key = jwk.JWK.from_pem(raw)
    except (JWException, ValueError, TypeError, UnicodeDecodeError) as exc:
        raise CryptoError("the file is neither a JWK nor a PEM key") from exc
    if key.get("kty") != "RSA":
        raise CryptoError("an office key must be an RSA key")
    if _rsa_bits(key) < MIN_RSA_BITS:
        raise CryptoError(f"an office key needs at least {MIN_RSA_BITS} bits")
    if private and not key.has_private:
        raise CryptoError("the private part of the key is missing")
    if not key.get("kid"):
        key.update(kid=key.thumbprint())
    return key


def public_jwk(key: jwk.JWK) -> dict[str, Any]:
    """The public half of an office key as a JWK dict (with `kid`, `use`, `alg`)."""
    data: dict[str, Any] = dict(key.export_public(as_dict=True))
    data.setdefault("kid", key.thumbprint())
    data["use"] = "enc"
    data["alg"] = JWE_ALG
    return data


def seal(plaintext: bytes, recipient: Mapping[str, Any], *, content_type: str = "") -> str:
    """Encrypt `plaintext` for the holder of `recipient` (a public JWK) as compact JWE."""
    try:
        key = jwk.JWK(**dict(recipient))
    except (JWException, ValueError, TypeError) as exc:
        raise CryptoError("the recipient key is not a valid JWK") from exc
    header: dict[str, str] = {"alg": JWE_ALG, "enc": JWE_ENC}
    if recipient.get("kid"):
        header["kid"] = str(recipient["kid"])
    if content_type:
        header["cty"] = content_type
    token = jwe.JWE(plaintext, protected=json_encode(header))
    token.add_recipient(key)
    return str(token.serialize(compact=True))


def unseal(compact: str | bytes, private_key: jwk.JWK) -> bytes:
    """Decrypt a compact JWE made by `seal`; CryptoError if it is not for this key."""
    token = jwe.JWE(algs=[JWE_ALG, JWE_ENC])
    try:
        token.deserialize(compact.decode("ascii") if isinstance(compact, bytes) else compact)
        token.decrypt(private_key)
    except (JWException, ValueError, TypeError, UnicodeDecodeError) as exc:
        raise CryptoError("the ciphertext cannot be opened with this key") from exc
    return bytes(token.payload)


def jwe_header(compact: str) -> dict[str, Any]:
    """The protected header of a compact JWE, unverified (for kid/cty only)."""
    try:
        header = json.loads(b64url_decode(compact.split(".", 1)[0]))
    except (ValueError, CryptoError) as exc:
        raise CryptoError("not a compact JWE") from exc
    if not isinstance(header, dict):
        raise CryptoError("not a compact JWE")
    return header
