"""Device authentication: bearer token → device row, with revocation.

The token is hashed and looked up by its hash; the final comparison is constant-time.
A revoked device gets 410 `revoked` on every call, so the laptop knows to wipe itself.
"""

from __future__ import annotations

import datetime as dt
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


def authenticate(db: Database, authorization: str | None) -> DeviceIdentity:
    """Resolve an `Authorization: Bearer …` header; raise 401 or 410."""
    challenge = {"WWW-Authenticate": "Bearer"}
    if not authorization:
        raise ApiError(401, "unauthorized", headers=challenge)
    scheme, _, token = authorization.partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token or len(token) > 200:
        raise ApiError(401, "unauthorized", headers=challenge)
    token_hash = security.hash_secret(token)
    # Core, not the ORM: this runs for every request of every laptop.
    with db.read_core.connect() as connection:
        row = connection.execute(_BY_TOKEN, {"token_hash": token_hash}).first()
    if row is None or not security.same_hash(row.token_hash, token_hash):
        raise ApiError(401, "unauthorized", headers=challenge)
    if row.revoked_at is not None:
        raise ApiError(410, "revoked")
    identity = DeviceIdentity(id=row.id, name=row.name)
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
