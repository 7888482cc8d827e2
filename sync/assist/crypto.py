"""End-to-end encryption of a remote expert session: keys, verification code, frames.

Each end makes a fresh X25519 key pair per session. The laptop first publishes only a
commitment to its key (SHA-256), then reveals the key after the expert's key has
arrived; so nobody in the middle, not even the town hall's relay, can pick keys until
the two verification codes agree (the commitment scheme of ZRTP, RFC 6189). From the
shared secret HKDF derives one key per direction and the short verification code. The
HKDF salt binds the result to the session, the device, the expert and both public keys
as the relay announced them; if the relay substituted any of these, the two ends get
different codes, which the worker and the expert notice when they compare them on the
phone.

Frames are AES-256-GCM (`cryptography`): the 12-byte nonce is the sender's frame
counter, which never repeats under one direction's key, and the receiver accepts each
counter at most once and only upwards, so a frame can neither be forged nor replayed.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import struct
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from sync.crypto import CryptoError, b64url_decode, b64url_encode
from sync.protocol import MAX_ASSIST_FRAME_BYTES, AssistRole

#: First byte of every frame: the frame format.
FRAME_VERSION = 1
#: Flag: more frames of the same message follow.
FLAG_MORE = 0x01
_HEADER = struct.Struct(">BBQ")  # version, flags, counter
HEADER_BYTES = _HEADER.size
TAG_BYTES = 16
#: Plaintext bytes one frame can carry.
FRAME_PAYLOAD_BYTES = MAX_ASSIST_FRAME_BYTES - HEADER_BYTES - TAG_BYTES
_INFO = b"koffer-assist/v1"
#: Digits of the verification code.
CODE_DIGITS = 6


class FrameError(CryptoError):
    """A frame is not ours, was changed, or was seen before."""


def new_session_key() -> X25519PrivateKey:
    """A fresh X25519 key pair for one session (kept in memory only)."""
    return X25519PrivateKey.generate()


def public_text(key: X25519PrivateKey) -> str:
    """The public half as the wire carries it (base64url of the 32 raw bytes)."""
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return b64url_encode(raw)


def commitment(public: str) -> str:
    """The commitment to a public key: base64url SHA-256 of its raw bytes."""
    return b64url_encode(hashlib.sha256(b64url_decode(public)).digest())


def matches_commitment(public: str, promised: str) -> bool:
    """Whether a revealed key is the one committed to (constant-time compare)."""
    return hmac.compare_digest(commitment(public).encode(), promised.encode())


@dataclass(frozen=True)
class Transcript:
    """Everything the session key is bound to, as the relay announced it."""

    session_id: str
    device_id: str
    expert_id: str
    owner_key: str
    expert_key: str

    def digest(self) -> bytes:
        """SHA-256 of the canonical JSON of the transcript (the HKDF salt)."""
        text = json.dumps(
            {
                "v": 1,
                "session": self.session_id,
                "device": self.device_id,
                "expert": self.expert_id,
                "owner_key": self.owner_key,
                "expert_key": self.expert_key,
            },
            sort_keys=True,
            separators=(",", ":"),
        )
        return hashlib.sha256(text.encode("utf-8")).digest()


@dataclass(frozen=True)
class SessionKeys:
    """What the key agreement gives one end: its frame cipher keys and the code."""

    send: bytes
    receive: bytes
    verification_code: str


def agree(own: X25519PrivateKey, role: AssistRole, transcript: Transcript) -> SessionKeys:
    """Derive this end's keys and the verification code.

    Raises:
        CryptoError: a peer key is malformed or of small order (all-zero secret).
    """
    peer_text = transcript.expert_key if role == "owner" else transcript.owner_key
    if public_text(own) != (transcript.owner_key if role == "owner" else transcript.expert_key):
        raise CryptoError("the announced key of this end is not ours")
    try:
        peer = X25519PublicKey.from_public_bytes(b64url_decode(peer_text))
        shared = own.exchange(peer)
    except ValueError as exc:
        raise CryptoError("the peer's session key is unusable") from exc
    if not any(shared):
        raise CryptoError("the peer's session key is unusable")
    material = HKDF(
        algorithm=hashes.SHA256(), length=72, salt=transcript.digest(), info=_INFO
    ).derive(shared)
    owner_to_expert, expert_to_owner, code_bytes = material[:32], material[32:64], material[64:]
    number = int.from_bytes(code_bytes, "big") % 10**CODE_DIGITS
    digits = f"{number:0{CODE_DIGITS}d}"
    code = f"{digits[:3]} {digits[3:]}"
    if role == "owner":
        return SessionKeys(owner_to_expert, expert_to_owner, code)
    return SessionKeys(expert_to_owner, owner_to_expert, code)


class FrameCipher:
    """Seals this end's frames and opens the peer's (see the module docstring)."""

    def __init__(self, keys: SessionKeys, session_id: str) -> None:
        self._seal = AESGCM(keys.send)
        self._open = AESGCM(keys.receive)
        self._session = session_id.encode("ascii")
        self._sent = 0
        self._received = 0

    def seal(self, payload: bytes, *, more: bool = False) -> bytes:
        """One frame carrying `payload` (at most FRAME_PAYLOAD_BYTES)."""
        if len(payload) > FRAME_PAYLOAD_BYTES:
            raise ValueError("payload larger than one frame")
        self._sent += 1
        header = _HEADER.pack(FRAME_VERSION, FLAG_MORE if more else 0, self._sent)
        nonce = b"\0\0\0\0" + header[2:]
        return header + self._seal.encrypt(nonce, payload, header + self._session)

    def open(self, frame: bytes) -> tuple[bytes, bool]:
        """The payload of a peer's frame and whether more frames of its message follow.

        Raises:
            FrameError: wrong format, forged or changed, or a counter seen before.
        """
        if len(frame) < HEADER_BYTES + TAG_BYTES or len(frame) > MAX_ASSIST_FRAME_BYTES:
            raise FrameError("frame of impossible size")
        version, flags, counter = _HEADER.unpack_from(frame)
        if version != FRAME_VERSION or flags & ~FLAG_MORE:
            raise FrameError("unknown frame format")
        if counter <= self._received:
            raise FrameError("frame replayed or out of order")
        header = frame[:HEADER_BYTES]
        try:
            payload = self._open.decrypt(
                b"\0\0\0\0" + header[2:], frame[HEADER_BYTES:], header + self._session
            )
        except InvalidTag as exc:
            raise FrameError("frame does not authenticate") from exc
        self._received = counter
        return payload, bool(flags & FLAG_MORE)
