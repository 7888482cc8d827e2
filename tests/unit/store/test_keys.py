"""Key derivation, key check values and the refusal of unusable keyrings."""

from __future__ import annotations

import keyring.backends.chainer
import keyring.backends.fail
import keyring.backends.null
import pytest

from koffer.store import KeyringUnavailable
from koffer.store.keys import TEST_KDF, DraftsKeyMaterial, Keyring, derive_drafts_key, key_check
from tests.helpers.keyring_backends import LockedKeyring, MemoryKeyring, PlaintextKeyring

SECRET = bytes(32)


class _EmptyChainer(keyring.backends.chainer.ChainerBackend):
    """keyring's chainer when no backend is viable at all."""

    backends = []  # type: ignore[assignment]  # noqa: RUF012


SALT = bytes(range(16))


def test_key_needs_both_halves() -> None:
    key = derive_drafts_key("pw", SECRET, SALT, TEST_KDF)
    assert len(key) == 32
    assert key == derive_drafts_key("pw", SECRET, SALT, TEST_KDF)
    assert key != derive_drafts_key("pw2", SECRET, SALT, TEST_KDF)
    assert key != derive_drafts_key("pw", b"\x01" * 32, SALT, TEST_KDF)
    assert key != derive_drafts_key("pw", SECRET, bytes(16), TEST_KDF)


def test_material_roundtrip_and_check() -> None:
    material, key = DraftsKeyMaterial.new("Kennwort", TEST_KDF)
    assert material.check == key_check(key)
    parsed = DraftsKeyMaterial.from_json(material.to_json())
    assert parsed == material
    assert parsed.derive("Kennwort") == key
    assert parsed.derive("kennwort") is None
    assert "Kennwort" not in material.to_json()


def test_malformed_entry_is_keyring_problem() -> None:
    with pytest.raises(KeyringUnavailable):
        DraftsKeyMaterial.from_json("{nope")


@pytest.mark.parametrize(
    ("backend", "words"),
    [
        (keyring.backends.fail.Keyring(), "Secret Service"),
        (keyring.backends.null.Keyring(), "Secret Service"),
        (PlaintextKeyring(), "unverschlüsselt"),
        (_EmptyChainer(), "Secret Service"),
    ],
)
def test_unusable_backends_are_refused(backend: object, words: str) -> None:
    ring = Keyring("p", backend)  # type: ignore[arg-type]
    with pytest.raises(KeyringUnavailable) as err:
        ring.set("x", "y")
    assert words in err.value.user_message


def test_locked_keyring_says_so() -> None:
    with pytest.raises(KeyringUnavailable) as err:
        Keyring("p", LockedKeyring()).get("x")
    assert "gesperrt" in err.value.user_message


def test_entries_and_delete() -> None:
    backend = MemoryKeyring()
    ring = Keyring("profile-1", backend)
    ring.store_device_key(b"\x07" * 32)
    assert ring.device_key() == b"\x07" * 32
    ring.delete_all()
    ring.delete_all()  # already gone: no error
    assert backend.entries == {}
    with pytest.raises(KeyringUnavailable):
        ring.device_key()
