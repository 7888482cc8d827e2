"""Key agreement, verification code and frames of a remote expert session."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from sync.assist import crypto
from sync.crypto import CryptoError, b64url_encode

SESSION = "0" * 32
DEVICE = "d" * 32
EXPERT = "e" * 32


def _pair(owner: X25519PrivateKey, expert: X25519PrivateKey, **overrides: str):
    fields = {
        "session_id": SESSION,
        "device_id": DEVICE,
        "expert_id": EXPERT,
        "owner_key": crypto.public_text(owner),
        "expert_key": crypto.public_text(expert),
    }
    return crypto.Transcript(**{**fields, **overrides})


def test_both_ends_get_the_same_code_and_crossed_keys():
    owner, expert = crypto.new_session_key(), crypto.new_session_key()
    transcript = _pair(owner, expert)
    mine = crypto.agree(owner, "owner", transcript)
    theirs = crypto.agree(expert, "expert", transcript)
    assert mine.verification_code == theirs.verification_code
    assert len(mine.verification_code.replace(" ", "")) == crypto.CODE_DIGITS
    assert mine.send == theirs.receive
    assert mine.receive == theirs.send
    assert mine.send != mine.receive


def test_a_relay_in_the_middle_gives_the_two_ends_different_codes():
    owner, expert = crypto.new_session_key(), crypto.new_session_key()
    relay_to_owner, relay_to_expert = crypto.new_session_key(), crypto.new_session_key()
    # the owner sees the relay's key as "the expert's", the expert the relay's as "the owner's"
    owner_side = crypto.agree(owner, "owner", _pair(owner, relay_to_owner))
    expert_side = crypto.agree(expert, "expert", _pair(relay_to_expert, expert))
    assert owner_side.verification_code != expert_side.verification_code


def test_the_code_is_bound_to_the_identities():
    owner, expert = crypto.new_session_key(), crypto.new_session_key()
    honest = crypto.agree(owner, "owner", _pair(owner, expert))
    other_expert = crypto.agree(owner, "owner", _pair(owner, expert, expert_id="f" * 32))
    assert honest.verification_code != other_expert.verification_code or (
        honest.send != other_expert.send
    )
    assert honest.send != other_expert.send


def test_commitment():
    key = crypto.new_session_key()
    promised = crypto.commitment(crypto.public_text(key))
    assert crypto.matches_commitment(crypto.public_text(key), promised)
    assert not crypto.matches_commitment(crypto.public_text(crypto.new_session_key()), promised)


def test_a_small_order_key_is_refused():
    owner = crypto.new_session_key()
    zero = b64url_encode(bytes(32))
    with pytest.raises(CryptoError):
        crypto.agree(owner, "owner", _pair(owner, crypto.new_session_key(), expert_key=zero))


def test_an_announced_own_key_that_is_not_ours_is_refused():
    owner, expert = crypto.new_session_key(), crypto.new_session_key()
    transcript = _pair(crypto.new_session_key(), expert)
    with pytest.raises(CryptoError):
        crypto.agree(owner, "owner", transcript)


def _ciphers():
    owner, expert = crypto.new_session_key(), crypto.new_session_key()
    transcript = _pair(owner, expert)
    return (
        crypto.FrameCipher(crypto.agree(owner, "owner", transcript), SESSION),
        crypto.FrameCipher(crypto.agree(expert, "expert", transcript), SESSION),
    )


def test_frames_open_once_in_order_and_not_when_changed():
    laptop, expert = _ciphers()
    first = laptop.seal(b"eins")
    second = laptop.seal(b"zwei", more=True)
    assert b"eins" not in first
    assert expert.open(first) == (b"eins", False)
    assert expert.open(second) == (b"zwei", True)
    with pytest.raises(crypto.FrameError):
        expert.open(first)  # replayed
    changed = bytearray(laptop.seal(b"drei"))
    changed[-1] ^= 1
    with pytest.raises(crypto.FrameError):
        expert.open(bytes(changed))
    with pytest.raises(crypto.FrameError):
        laptop.open(laptop.seal(b"own"))  # a frame of this end is not the peer's


def test_a_frame_of_another_session_does_not_open():
    owner, expert = crypto.new_session_key(), crypto.new_session_key()
    transcript = _pair(owner, expert)
    laptop = crypto.FrameCipher(crypto.agree(owner, "owner", transcript), SESSION)
    elsewhere = crypto.FrameCipher(crypto.agree(expert, "expert", transcript), "1" * 32)
    with pytest.raises(crypto.FrameError):
        elsewhere.open(laptop.seal(b"x"))
