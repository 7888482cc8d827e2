"""Device authentication: bearer token → device row, with revocation.

The token is hashed and looked up by its hash; the final comparison is constant-time.
A revoked device gets 410 `revoked` on every call, so the laptop knows to wipe itself.

A successful look-up is remembered for `AUTH_CACHE_SECONDS` (per process, by token
hash): a delivery makes two requests per submission, and with 20 laptops the look-up,
its pooled connection and the hop to the thread pool were a tenth of the server's
work (issue 16). Revocation therefore reaches a running server within that bound: a
request that starts more than `AUTH_CACHE_SECONDS` after `koffer-admin revoke`
committed gets 410 in every process; in the process that revoked (`fleet.revoke`) at
once. Failures are never remembered.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from dataclasses import dataclass

from sqlalchemy import bindparam, select

from sync.server import security
from sync.server.db import Database, Device, utcnow
from sync.server.errors import ApiError

#: `last_seen_at` is written at most this often, so reads do not turn into writes.
LAST_SEEN_RESOLUTION = dt.timedelta(minutes=1)


_BY_TOKEN = select(
    Device.id, Device.name, Device.token_hash, Device.revoked_at, Device.last_seen_at
).where(Device.token_hash == bindparam("token_hash"))


@dataclass(frozen=True)
class DeviceIdentity:
    """The authenticated device of a request."""

    id: str
    name: str


#: How long a process trusts a successful token look-up (the bound on revocation).
AUTH_CACHE_SECONDS = 1.0
#: Remembered look-ups per process, at most (expired ones go first when it is full).
_CACHE_LIMIT = 10_000
_CHALLENGE = {"WWW-Authenticate": "Bearer"}

_cache_lock = threading.Lock()
#: (database URL, token hash) → (monotonic time the entry expires, identity)
_cache: dict[tuple[str, str], tuple[float, DeviceIdentity]] = {}


def _token_hash(authorization: str | None) -> str:
    """The stored form of the bearer token in the header; 401 when there is none."""
    if not authorization:
        raise ApiError(401, "unauthorized", headers=_CHALLENGE)
    scheme, _, token = authorization.partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token or len(token) > 200:
        raise ApiError(401, "unauthorized", headers=_CHALLENGE)
    return security.hash_secret(token)


def cached_identity(db: Database, authorization: str | None) -> DeviceIdentity | None:
    """The device of a token looked up less than `AUTH_CACHE_SECONDS` ago; None when it
    must be looked up (`authenticate`). Does no I/O: the event loop may call it."""
    key = (str(db.engine.url), _token_hash(authorization))
    with _cache_lock:
        entry = _cache.get(key)
    if entry is None or entry[0] <= time.monotonic():
        return None
    return entry[1]


def forget_device(device_id: str) -> None:
    """Drop what this process remembers of a device (it was just revoked here: then the
    revocation holds at once in this process, and within the bound in the others)."""
    with _cache_lock:
        for key in [k for k, (_, identity) in _cache.items() if identity.id == device_id]:
            del _cache[key]


def _remember(key: tuple[str, str], identity: DeviceIdentity) -> None:
    now = time.monotonic()
    with _cache_lock:
        if len(_cache) >= _CACHE_LIMIT:
            for stale in [k for k, (until, _) in _cache.items() if until <= now]:
                del _cache[stale]
            if len(_cache) >= _CACHE_LIMIT:
                _cache.clear()
        _cache[key] = (now + AUTH_CACHE_SECONDS, identity)


def authenticate(db: Database, authorization: str | None) -> DeviceIdentity:
    """Resolve an `Authorization: Bearer …` header from the database; raise 401 or 410."""
    challenge = _CHALLENGE
    token_hash = _token_hash(authorization)
    # Core, not the ORM: this runs for every request of every laptop.
    with db.read_core.connect() as connection:
        row = connection.execute(_BY_TOKEN, {"token_hash": token_hash}).first()
    if row is None or not security.same_hash(row.token_hash, token_hash):
        raise ApiError(401, "unauthorized", headers=challenge)
    if row.revoked_at is not None:
        raise ApiError(410, "revoked")
    identity = DeviceIdentity(id=row.id, name=row.name)
    _remember((str(db.engine.url), token_hash), identity)
    last_seen = row.last_seen_at
    stale = last_seen is None or utcnow() - last_seen > LAST_SEEN_RESOLUTION
    if stale:
        touch(db, identity.id)
    return identity


def touch(db: Database, device_id: str) -> None:
    """Record that the device was seen now."""
    with db.relaxed.begin() as session:
        device = session.get(Device, device_id)
        if device is not None:
            device.last_seen_at = utcnow()
