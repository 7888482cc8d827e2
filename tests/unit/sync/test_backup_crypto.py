"""The backup key's two wrappings and the AEAD of records and labels."""

from __future__ import annotations

import json

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from sync import backup_crypto as bc
from sync import crypto
from sync.protocol import BackupKeyEnvelope, listing_digest
from tests.helpers.server import office_key  # one RSA-4096 key per run: keygen is slow

KDF = bc.TEST_BACKUP_KDF


def test_the_passphrase_wrapping_is_aes_gcm_under_argon2id_of_the_passphrase():
    key = bc.new_backup_key()
    envelope = bc.envelope(key, "mueller.e", bc.derive_kek("Sommer-2026!", KDF), None)
    # open it by hand with the primitives, not with the module's own unwrap
    wrap = envelope.passphrase
    kek = Argon2id(
        salt=crypto.b64url_decode(wrap.salt),
        length=32,
        iterations=wrap.kdf.time_cost,
        lanes=wrap.kdf.parallelism,
        memory_cost=wrap.kdf.memory_kib,
    ).derive(b"Sommer-2026!")
    aad = b"koffer backup key v1\x00mueller.e\x00" + envelope.key_id.encode()
    opened = AESGCM(kek).decrypt(
        crypto.b64url_decode(wrap.nonce), crypto.b64url_decode(wrap.ciphertext), aad
    )
    assert opened == key
    assert bc.unwrap_with_passphrase(envelope, "mueller.e", "Sommer-2026!") == key


def test_a_wrong_passphrase_or_another_person_is_refused():
    key = bc.new_backup_key()
    envelope = bc.envelope(key, "mueller.e", bc.derive_kek("richtig-richtig", KDF), None)
    with pytest.raises(bc.WrongBackupPassphrase):
        bc.unwrap_with_passphrase(envelope, "mueller.e", "falsch-falsch")
    with pytest.raises(bc.WrongBackupPassphrase):
        bc.unwrap_with_passphrase(envelope, "schmidt.k", "richtig-richtig")


def test_the_key_id_names_the_key_without_revealing_it():
    key = bc.new_backup_key()
    assert bc.key_id(key) == bc.key_id(bytes(key))
    assert bc.key_id(key) != bc.key_id(bc.new_backup_key())
    assert len(bc.key_id(key)) == 32
    assert key.hex()[:32] != bc.key_id(key)


def test_an_envelope_with_a_swapped_key_id_does_not_open():
    key = bc.new_backup_key()
    envelope = bc.envelope(key, "mueller.e", bc.derive_kek("pass-pass-pass", KDF), None)
    forged = envelope.model_copy(update={"key_id": bc.key_id(bc.new_backup_key())})
    with pytest.raises(bc.BackupCryptoError):
        bc.unwrap_with_passphrase(forged, "mueller.e", "pass-pass-pass")


def test_the_recovery_wrapping_opens_only_with_the_private_key_and_for_its_person():
    recovery = office_key()
    public = crypto.public_jwk(recovery)
    key = bc.new_backup_key()
    envelope = bc.envelope(key, "mueller.e", bc.derive_kek("pass-pass-pass", KDF), public)
    assert envelope.recovery is not None
    assert envelope.recovery.recovery_key_id == public["kid"]
    # a JWE to the recovery key, as the office keys use
    header = crypto.jwe_header(envelope.recovery.jwe)
    assert (header["alg"], header["enc"]) == ("RSA-OAEP-256", "A256GCM")
    inner = json.loads(crypto.unseal(envelope.recovery.jwe, recovery))
    assert crypto.b64url_decode(inner["key"]) == key
    assert bc.unwrap_with_recovery(envelope, "mueller.e", recovery) == key
    with pytest.raises(bc.BackupCryptoError, match="another staff member"):
        bc.unwrap_with_recovery(envelope, "schmidt.k", recovery)
    stranger = crypto.load_encryption_key(
        json.dumps(json.loads(recovery.export_private()) | {"d": "AAAA"}), private=True
    )
    with pytest.raises(bc.BackupCryptoError):
        bc.unwrap_with_recovery(envelope, "mueller.e", stranger)


def test_an_envelope_without_recovery_says_so():
    envelope = bc.envelope(bc.new_backup_key(), "x", bc.derive_kek("pass-pass-pass", KDF), None)
    with pytest.raises(bc.BackupCryptoError, match="never wrapped"):
        bc.unwrap_with_recovery(envelope, "x", office_key())


def test_a_kek_derived_for_the_envelope_opens_it_without_the_passphrase():
    key = bc.new_backup_key()
    envelope = bc.envelope(key, "a", bc.derive_kek("pass-pass-pass", KDF), None)
    salt = crypto.b64url_decode(envelope.passphrase.salt)
    assert bc.unwrap_with_kek(envelope, "a", bc.derive_kek("pass-pass-pass", KDF, salt)) == key
    with pytest.raises(bc.WrongBackupPassphrase):
        bc.unwrap_with_kek(envelope, "a", bc.derive_kek("pass-pass-pass", KDF))


def test_records_are_bound_to_their_id_and_version():
    key = bc.new_backup_key()
    rid = "ab" * 16
    blob = bc.seal_record(key, rid, 7, b"Erika Mustermann")
    assert b"Erika" not in blob
    assert blob.startswith(b"KBR1")
    assert bc.open_record(key, rid, 7, blob) == b"Erika Mustermann"
    for other_id, other_version in ((rid, 6), ("cd" * 16, 7)):
        with pytest.raises(bc.RecordDamaged):
            bc.open_record(key, other_id, other_version, blob)
    flipped = bytearray(blob)
    flipped[-1] ^= 1
    with pytest.raises(bc.RecordDamaged):
        bc.open_record(key, rid, 7, bytes(flipped))
    with pytest.raises(bc.RecordDamaged):
        bc.open_record(bc.new_backup_key(), rid, 7, blob)
    with pytest.raises(bc.RecordDamaged):
        bc.open_record(key, rid, 7, b"KBR1short")


def test_labels_round_trip_and_refuse_another_record():
    key = bc.new_backup_key()
    rid = "ab" * 16
    text = bc.seal_label(key, rid, 2, {"citizen": "Müller", "form": "Wohngeld"})
    assert b"Wohngeld" not in crypto.b64url_decode(text)
    assert bc.open_label(key, rid, 2, text) == {"citizen": "Müller", "form": "Wohngeld"}
    with pytest.raises(bc.RecordDamaged):
        bc.open_label(key, rid, 3, text)


def test_the_production_kdf_is_far_above_the_unlock_kdf():
    from koffer.store.keys import DEFAULT_KDF

    assert bc.BACKUP_KDF.memory_kib >= 8 * DEFAULT_KDF.memory_kib
    assert bc.BACKUP_KDF.time_cost >= 2


def test_envelopes_with_absurd_costs_are_not_accepted():
    key = bc.new_backup_key()
    envelope = bc.envelope(key, "a", bc.derive_kek("pass-pass-pass", KDF), None)
    data = envelope.model_dump(mode="json")
    data["passphrase"]["kdf"]["memory_kib"] = 64 * 1024 * 1024  # 64 GiB
    with pytest.raises(ValueError, match="memory_kib"):
        BackupKeyEnvelope.model_validate(data)


def test_the_listing_digest_ignores_order_and_sees_every_field():
    a = ("a" * 32, 1, "0" * 128)
    b = ("b" * 32, 2, "1" * 128)
    assert listing_digest([a, b]) == listing_digest([b, a])
    assert listing_digest([a, b]) != listing_digest([a])
    assert listing_digest([a]) != listing_digest([("a" * 32, 2, "0" * 128)])
    assert listing_digest([a]) != listing_digest([("a" * 32, 1, "2" * 128)])
