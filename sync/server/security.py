"""Tokens and enrollment codes: made random, stored hashed, compared in constant time.

A token is 256 random bits; the database keeps only its SHA-256, so a copy of the
database does not let anyone act as a device. A plain hash (not a slow password hash)
is right here because the secret has full entropy and cannot be guessed.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

#: Alphabet of enrollment codes: no 0/O, 1/I/L, so they can be read aloud and typed.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
#: Characters of an enrollment code (about 79 bits), shown in groups of four.
CODE_LENGTH = 16


def new_token(prefix: str) -> str:
    """A new bearer token, e.g. `kd_…` for devices; the prefix tells tokens apart."""
    return f"{prefix}_{secrets.token_urlsafe(32)}"


def hash_secret(secret: str) -> str:
    """Hex SHA-256 of a token or a normalized code, as stored in the database."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def same_hash(stored: str, presented: str) -> bool:
    """Constant-time comparison of two hex digests."""
    return hmac.compare_digest(stored.encode("ascii"), presented.encode("ascii"))


def new_enrollment_code() -> str:
    """A new one-time code, grouped for reading: `ABCD-EFGH-JKMN-PQRS`."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def normalize_code(code: str) -> str:
    """Upper case without dashes and spaces, so `abcd efgh…` matches `ABCD-EFGH-…`."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def new_device_id() -> str:
    """A random 128-bit device id in hex."""
    return secrets.token_hex(16)
