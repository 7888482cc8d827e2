"""The cryptography of the draft backup: the backup key, its two wrappings, the records.

Each staff member has ONE random 256-bit backup key. The town hall keeps it only
wrapped, twice, and can open neither wrapping:

* **under the passphrase**: `KEK = Argon2id(passphrase, salt, m, t, p)`, then
  AES-256-GCM of the key under the KEK (the tag tells a wrong passphrase apart, so no
  extra check value is needed). The server holds this envelope, so whoever steals the
  server's database can try passphrases offline: the cost parameters are therefore far
  above the drafts.db unlock (which also needs the laptop's keyring secret), see
  `BACKUP_KDF`.
* **to the town hall's recovery key**: a JWE (RSA-OAEP-256 + A256GCM, the office keys'
  choice) to the public half of an RSA-4096 key whose private half the office keeps
  offline, like the catalog signing key. The laptop takes the public key only from the
  signed catalog manifest, so the server cannot slip in a key of its own.

Records and their labels are AES-256-GCM under the backup key with a random 96-bit
nonce; the associated data binds each ciphertext to its record id and version (and its
purpose), so the server can neither swap records nor pass an old version off as another.

Everything here is shared by the laptop (which makes all of it) and the admin tool
(`koffer-admin backup recover`, which opens the recovery wrapping with the offline key
and wraps again for a new passphrase); it uses `cryptography` (whose Argon2id both ends
have) and `jwcrypto`, nothing of either end's stack.
"""

# ruff: noqa: N818  (names say what happened, like sync.client.errors)

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from sync import crypto
from sync.protocol import BackupKdfParams, BackupKeyEnvelope, PassphraseWrap, RecoveryWrap

#: Bytes of the backup key.
KEY_BYTES = 32
#: Bytes of an AES-GCM nonce.
NONCE_BYTES = 12
#: Bytes of the Argon2id salt.
SALT_BYTES = 16
#: Magic prefix of a record ciphertext (format 1: nonce, then AES-GCM output).
RECORD_MAGIC = b"KBR1"

#: Argon2id cost of the passphrase wrapping: 512 MiB, 2 passes, 1 lane.
#: Derived only when the backup is set up, the passphrase changes or a restore runs, so
#: it may take seconds. Measured (`python -m bench bench_backup`, docs/benchmarks.md) at
#: about 1.3 s on an idle core of this project's build machine and 2.5–4 s under the
#: shared load; the 64 MiB of the drafts.db unlock take 0.15–0.5 s there. 512 MiB is
#: eight times the memory of RFC 9106's second recommendation (64 MiB, t=3) at a
#: comparable number of passes, i.e. eight times the memory an attacker must dedicate
#: to each guess, while a field laptop (4 GB and more) can still spare it for a second.
#: One lane: `cryptography`'s Argon2id computes lanes one after the other, so more
#: lanes would cost the laptop time without costing an attacker more.
BACKUP_KDF = BackupKdfParams(memory_kib=512 * 1024, time_cost=2, parallelism=1)
#: For tests only: the cheapest setting that `BackupKdfParams` allows; NEVER for real.
TEST_BACKUP_KDF = BackupKdfParams(memory_kib=8, time_cost=1, parallelism=1)

_KEY_ID_INFO = b"koffer backup key id v1"
_WRAP_AAD = b"koffer backup key v1\x00"
_RECORD_AAD = b"koffer backup record v1\x00"
_LABEL_AAD = b"koffer backup label v1\x00"


class BackupCryptoError(crypto.CryptoError):
    """A wrapping or a record cannot be opened; the message says which and why."""


class WrongBackupPassphrase(BackupCryptoError):
    """The passphrase does not open the passphrase wrapping (nothing was changed)."""


class RecordDamaged(BackupCryptoError):
    """A record or label fails its authentication: damaged, or not made with this key."""


def new_backup_key() -> bytes:
    """A fresh random backup key."""
    return secrets.token_bytes(KEY_BYTES)


def key_id(key: bytes) -> str:
    """A public name of the key (hex, 32 digits): HMAC of a constant under the key.

    The server compares key ids to refuse a second, different key for one person; the
    id reveals nothing about the key.
    """
    return hmac.new(key, _KEY_ID_INFO, hashlib.sha256).hexdigest()[:32]


def _check_key(key: bytes) -> None:
    if len(key) != KEY_BYTES:
        raise BackupCryptoError(f"a backup key has {KEY_BYTES} bytes, not {len(key)}")


# --- the passphrase wrapping ------------------------------------------------------------


@dataclass(frozen=True)
class PassphraseKek:
    """A key-encryption key derived from a passphrase, with the salt and cost it used.

    The laptop derives it once after unlock (slow) and keeps it in memory while
    unlocked, so the wrapping can be made when the backup key arrives, without keeping
    the passphrase.
    """

    kek: bytes
    salt: bytes
    kdf: BackupKdfParams

    def __repr__(self) -> str:
        return f"PassphraseKek(salt={self.salt.hex()}, kdf={self.kdf!r})"


def derive_kek(
    passphrase: str | bytes | bytearray | memoryview,
    kdf: BackupKdfParams = BACKUP_KDF,
    salt: bytes | None = None,
) -> PassphraseKek:
    """Argon2id of the passphrase (slow by design; run it off the UI thread).

    The passphrase may be UTF-8 bytes in a buffer the caller wipes afterwards (no
    immutable copy is made of it here).
    """
    if not passphrase:  # an empty text or buffer
        raise BackupCryptoError("a passphrase is required")
    salt = salt if salt is not None else os.urandom(SALT_BYTES)
    kek = Argon2id(
        salt=salt,
        length=KEY_BYTES,
        iterations=kdf.time_cost,
        lanes=kdf.parallelism,
        memory_cost=kdf.memory_kib,
    ).derive(
        # cryptography's stub says bytes; its Rust side takes any buffer, which spares an
        # immutable copy of a passphrase the caller wipes
        passphrase.encode("utf-8") if isinstance(passphrase, str) else passphrase  # type: ignore[arg-type]
    )
    return PassphraseKek(kek, salt, kdf)


def _wrap_aad(staff_id: str, the_key_id: str) -> bytes:
    return _WRAP_AAD + staff_id.encode("utf-8") + b"\x00" + the_key_id.encode("ascii")


def wrap_with_kek(key: bytes, staff_id: str, kek: PassphraseKek) -> PassphraseWrap:
    """The passphrase wrapping of `key` for `staff_id`, with an already derived KEK."""
    _check_key(key)
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(kek.kek).encrypt(nonce, key, _wrap_aad(staff_id, key_id(key)))
    return PassphraseWrap(
        kdf=kek.kdf,
        salt=crypto.b64url_encode(kek.salt),
        nonce=crypto.b64url_encode(nonce),
        ciphertext=crypto.b64url_encode(sealed),
    )


def unwrap_with_passphrase(envelope: BackupKeyEnvelope, staff_id: str, passphrase: str) -> bytes:
    """The backup key from its passphrase wrapping.

    Raises:
        WrongBackupPassphrase: the passphrase does not fit (nothing changes anywhere).
        BackupCryptoError: the envelope is malformed.
    """
    wrap = envelope.passphrase
    kek = derive_kek(passphrase, wrap.kdf, crypto.b64url_decode(wrap.salt))
    return _open_wrap(envelope, staff_id, kek)


def unwrap_with_kek(envelope: BackupKeyEnvelope, staff_id: str, kek: PassphraseKek) -> bytes:
    """Like `unwrap_with_passphrase` with a KEK derived from the envelope's salt."""
    if crypto.b64url_decode(envelope.passphrase.salt) != kek.salt:
        raise WrongBackupPassphrase("the KEK was derived for another salt")
    return _open_wrap(envelope, staff_id, kek)


def _open_wrap(envelope: BackupKeyEnvelope, staff_id: str, kek: PassphraseKek) -> bytes:
    wrap = envelope.passphrase
    try:
        key = AESGCM(kek.kek).decrypt(
            crypto.b64url_decode(wrap.nonce),
            crypto.b64url_decode(wrap.ciphertext),
            _wrap_aad(staff_id, envelope.key_id),
        )
    except InvalidTag as exc:
        raise WrongBackupPassphrase("the passphrase does not open the backup key") from exc
    except ValueError as exc:
        raise BackupCryptoError("the passphrase wrapping is malformed") from exc
    if key_id(key) != envelope.key_id:
        raise BackupCryptoError("the unwrapped key does not have the announced key id")
    return key


# --- the recovery wrapping ----------------------------------------------------------------


def recovery_key_id(public_jwk: Mapping[str, Any]) -> str:
    """The id of a recovery key (its JWK thumbprint, as `kid` when it has none)."""
    kid = public_jwk.get("kid")
    if isinstance(kid, str) and kid:
        return kid
    key = crypto.load_encryption_key(json.dumps(dict(public_jwk)), private=False)
    return str(key.thumbprint())


def wrap_for_recovery(key: bytes, staff_id: str, recovery_jwk: Mapping[str, Any]) -> RecoveryWrap:
    """`key` sealed to the town hall's recovery key, bound to the staff member."""
    _check_key(key)
    inner = json.dumps(
        {"v": 1, "staff_id": staff_id, "key": crypto.b64url_encode(key)}, sort_keys=True
    ).encode("utf-8")
    return RecoveryWrap(
        recovery_key_id=recovery_key_id(recovery_jwk),
        jwe=crypto.seal(inner, recovery_jwk, content_type="koffer-backup-key"),
    )


def unwrap_with_recovery(envelope: BackupKeyEnvelope, staff_id: str, private_jwk: Any) -> bytes:
    """The backup key from its recovery wrapping (the offline private key opens it).

    Raises:
        BackupCryptoError: no recovery wrapping, another key, or another staff member.
    """
    if envelope.recovery is None:
        raise BackupCryptoError("this backup key was never wrapped to a recovery key")
    try:
        inner = json.loads(crypto.unseal(envelope.recovery.jwe, private_jwk))
        key = crypto.b64url_decode(str(inner["key"]))
        bound_to = str(inner["staff_id"])
    except crypto.CryptoError as exc:
        raise BackupCryptoError(
            "the recovery wrapping cannot be opened with this private key "
            f"(it was made for recovery key {envelope.recovery.recovery_key_id})"
        ) from exc
    except (ValueError, KeyError, TypeError) as exc:
        raise BackupCryptoError("the recovery wrapping is malformed") from exc
    if bound_to != staff_id:
        raise BackupCryptoError("the recovery wrapping belongs to another staff member")
    if key_id(key) != envelope.key_id:
        raise BackupCryptoError("the unwrapped key does not have the announced key id")
    return key


def envelope(
    key: bytes,
    staff_id: str,
    kek: PassphraseKek,
    recovery_jwk: Mapping[str, Any] | None,
) -> BackupKeyEnvelope:
    """Both wrappings of `key` (the recovery one only when a recovery key is known)."""
    return BackupKeyEnvelope(
        key_id=key_id(key),
        passphrase=wrap_with_kek(key, staff_id, kek),
        recovery=None if recovery_jwk is None else wrap_for_recovery(key, staff_id, recovery_jwk),
    )


# --- records and labels ----------------------------------------------------------------


def _record_aad(purpose: bytes, record_id: str, version: int) -> bytes:
    return purpose + record_id.encode("ascii") + b"\x00" + str(version).encode("ascii")


def seal_record(key: bytes, record_id: str, version: int, plaintext: bytes) -> bytes:
    """A record's ciphertext: magic, nonce, AES-256-GCM (ciphertext and tag)."""
    _check_key(key)
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(key).encrypt(nonce, plaintext, _record_aad(_RECORD_AAD, record_id, version))
    return RECORD_MAGIC + nonce + sealed


def open_record(key: bytes, record_id: str, version: int, blob: bytes) -> bytes:
    """The plaintext of a record; `RecordDamaged` when it fails its authentication."""
    _check_key(key)
    head = len(RECORD_MAGIC) + NONCE_BYTES
    if len(blob) < head + 16 or not blob.startswith(RECORD_MAGIC):
        raise RecordDamaged("not a backup record")
    view = memoryview(blob)  # no copy of a record of many MB for the slices
    try:
        return AESGCM(key).decrypt(
            view[len(RECORD_MAGIC) : head],
            view[head:],
            _record_aad(_RECORD_AAD, record_id, version),
        )
    except InvalidTag as exc:
        raise RecordDamaged("the record fails its authentication") from exc


def seal_label(key: bytes, record_id: str, version: int, label: Mapping[str, Any]) -> str:
    """A small encrypted description of a record (base64url), readable before download.

    It lets the restore name a draft (citizen, form, time) even when the record itself
    turns out damaged; the server sees only ciphertext.
    """
    _check_key(key)
    nonce = os.urandom(NONCE_BYTES)
    plain = json.dumps(dict(label), ensure_ascii=False, sort_keys=True).encode("utf-8")
    sealed = AESGCM(key).encrypt(nonce, plain, _record_aad(_LABEL_AAD, record_id, version))
    return crypto.b64url_encode(nonce + sealed)


def open_label(key: bytes, record_id: str, version: int, text: str) -> dict[str, Any]:
    """The label of a record; `RecordDamaged` when it fails its authentication."""
    _check_key(key)
    try:
        raw = crypto.b64url_decode(text)
        plain = AESGCM(key).decrypt(
            raw[:NONCE_BYTES], raw[NONCE_BYTES:], _record_aad(_LABEL_AAD, record_id, version)
        )
        value = json.loads(plain)
    except (InvalidTag, ValueError, crypto.CryptoError) as exc:
        raise RecordDamaged("the label fails its authentication") from exc
    if not isinstance(value, dict):
        raise RecordDamaged("the label is not an object")
    return value


def record_sha512(blob: bytes) -> str:
    """Hex SHA-512 of a record's ciphertext (announced to the server, checked on restore)."""
    return hashlib.sha512(blob).hexdigest()
