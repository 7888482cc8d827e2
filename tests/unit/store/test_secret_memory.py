"""Secrets in overwritable memory: buffers, in-place wipes, and keys that never become
`str` or `bytes` on their way to Argon2, HKDF and SQLCipher."""

from __future__ import annotations

import pickle
import secrets
from pathlib import Path

import pytest
from argon2.low_level import Type, hash_secret_raw
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from koffer.secret_memory import SecretBuffer, SecretText, wipe_bytes, wipe_str
from koffer.store._sqlcipher import Connection, raw_key_spec
from koffer.store.errors import DatabaseDamaged
from koffer.store.keys import TEST_KDF, derive_drafts_key

TEXTS = ["Kennwort-2026", "Grüße aus Köln", "Ǆemal Ŧest", "Пароль €", "Koffer 😀 ẞ"]


def _runtime(text: str) -> str:
    """A str built at run time (a literal would be a shared constant)."""
    return "".join(list(text))


@pytest.mark.parametrize("text", TEXTS)
def test_text_goes_into_the_buffer_as_utf8(text: str) -> None:
    buffer = SecretBuffer.from_text(text)
    assert buffer == text.encode("utf-8")


def test_a_lone_surrogate_is_refused_as_str_encode_would() -> None:
    with pytest.raises(ValueError):
        SecretBuffer.from_text("ab\ud800")


def test_a_buffer_is_wiped_and_hard_to_copy_out() -> None:
    buffer = SecretBuffer.copy_of(b"geheim-geheim")
    assert repr(buffer) == "SecretBuffer(13 bytes)"
    with pytest.raises(TypeError):
        bytes(buffer)  # type: ignore[call-overload]
    with pytest.raises(TypeError):
        pickle.dumps(buffer)
    with pytest.raises(TypeError):
        hash(buffer)
    buffer.wipe()
    assert buffer.wiped
    assert buffer == bytes(13)


@pytest.mark.parametrize("text", TEXTS)
def test_wipe_str_overwrites_a_string_in_place(text: str) -> None:
    made = _runtime(text)
    assert wipe_str(made)
    assert [ord(c) for c in made] == [0] * len(text)  # (== would compare CPython's kinds)
    assert text == _runtime(text)  # the constant is untouched


def test_wipe_str_leaves_strings_others_hold_or_python_shares() -> None:
    shared = _runtime("Kennwort")
    holder = [shared]
    assert not wipe_str(shared)
    assert holder == ["Kennwort"]
    single = _runtime("K")
    assert not wipe_str(single)  # CPython's one-character cache
    assert single == "K"


def test_wipe_bytes_overwrites_in_place() -> None:
    made = secrets.token_bytes(32)
    assert wipe_bytes(made)
    assert made == bytes(32)


def test_the_drafts_key_is_the_documented_derivation() -> None:
    """Unchanged from the `bytes` version: profiles made before open with the same key."""
    secret, salt = secrets.token_bytes(32), secrets.token_bytes(16)
    pw_key = hash_secret_raw(
        "Grüße 2026".encode(), salt, time_cost=1, memory_cost=8, parallelism=1,
        hash_len=32, type=Type.ID,
    )  # fmt: skip
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=b"koffer drafts.db key v1")
    expected = hkdf.derive(secret + pw_key)
    passphrase = SecretBuffer.from_text("Grüße 2026")
    assert derive_drafts_key(passphrase, secret, salt, TEST_KDF) == expected
    assert not passphrase.wiped  # the caller's buffer stays the caller's
    assert derive_drafts_key("Grüße 2026", secret, salt, TEST_KDF) == expected


def test_the_raw_key_spec_is_sqlciphers_blob_literal() -> None:
    key = secrets.token_bytes(32)
    assert raw_key_spec(key) == f"x'{key.hex()}'".encode()
    with pytest.raises(ValueError):
        raw_key_spec(bytes(16))


def test_a_database_keyed_from_a_buffer_opens_with_it_and_only_with_it(tmp_path: Path) -> None:
    key = SecretBuffer.copy_of(secrets.token_bytes(32))
    conn = Connection(tmp_path / "x.db", key)
    conn.execute("CREATE TABLE t (a)")
    assert conn.pragma("cipher_memory_security") == "1"
    conn.close()
    again = Connection(tmp_path / "x.db", key)
    assert again.query("SELECT name FROM sqlite_master") == [("t",)]
    new_key = secrets.token_bytes(32)
    again.rekey(new_key)
    again.close()
    with pytest.raises(DatabaseDamaged):
        Connection(tmp_path / "x.db", key)
    Connection(tmp_path / "x.db", new_key).close()


def _typed(*edits: tuple[int, int, str]) -> SecretText:
    text = SecretText()
    for start, end, insert in edits:
        text.replace(start, end, insert)
    return text


def test_secret_text_edits_like_a_text_field() -> None:
    text = _typed((0, 0, "Grüne"), (5, 5, " Wiese"), (0, 1, "g"), (2, 4, "ÜN"), (11, 11, " 😀"))
    assert text.to_buffer() == "grÜNe Wiese 😀".encode()
    text.replace(5, 11, "")  # delete a selection
    assert text.to_buffer() == "grÜNe 😀".encode()
    assert len(text) == 7
    assert text.kinds() == (True, True, False, True)
    assert text.matches(_typed((0, 0, "grÜNe 😀")))
    assert not text.matches(_typed((0, 0, "grÜNe 😁")))
    text.wipe()
    assert len(text) == 0
    assert text.to_buffer() == b""


def test_secret_text_takes_no_more_than_its_capacity() -> None:
    text = SecretText()
    assert text.replace(0, 0, "x" * (SecretText.CAPACITY + 5)) == SecretText.CAPACITY
    assert len(text) == SecretText.CAPACITY
    assert text.replace(3, 3, "yy") == 3  # full: nothing more goes in
    with pytest.raises(ValueError):
        _typed((0, 0, "ab\ud800"))
