"""Enrollment: one-time codes made by the admin become device identities.

A code is single use, expires after 24 hours and is stored only hashed. Failed attempts
are counted per client address in the database (so the limit holds across several
backend processes); past the limit the address gets 429 for a while.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from sync.protocol import CatalogKey, EnrollResponse
from sync.server import security
from sync.server.db import Database, Device, EnrollFailure, EnrollmentCode, SigningKey, utcnow
from sync.server.errors import ApiError
from sync.server.settings import ServerSettings


def create_code(
    session: Session,
    device_name: str,
    ttl: dt.timedelta = dt.timedelta(hours=24),
    *,
    staff_id: str | None = None,
) -> str:
    """Store a new enrollment code for a laptop called `device_name` of the staff member
    `staff_id` (who must exist, see `backup.ensure_staff`); return it once."""
    code = security.new_enrollment_code()
    now = utcnow()
    session.add(
        EnrollmentCode(
            code_hash=security.hash_secret(security.normalize_code(code)),
            device_name=device_name,
            created_at=now,
            expires_at=now + ttl,
            staff_id=staff_id,
        )
    )
    return code


def catalog_keys(session: Session) -> list[CatalogKey]:
    """Every registered catalog signing key, oldest first."""
    rows = session.scalars(select(SigningKey).order_by(SigningKey.added_at)).all()
    return [CatalogKey(key_id=r.key_id, public_key=r.public_key) for r in rows]


def _too_many_failures(session: Session, ip: str, settings: ServerSettings) -> bool:
    since = utcnow() - settings.enroll_window
    count = session.scalar(
        select(func.count())
        .select_from(EnrollFailure)
        .where(EnrollFailure.ip == ip, EnrollFailure.at >= since)
    )
    return (count or 0) >= settings.enroll_max_failures


def _record_failure(db: Database, ip: str, settings: ServerSettings) -> None:
    now = utcnow()
    with db.relaxed.begin() as session:
        session.add(EnrollFailure(ip=ip, at=now))
        session.execute(
            delete(EnrollFailure).where(EnrollFailure.at < now - 4 * settings.enroll_window)
        )


def enroll(
    db: Database,
    settings: ServerSettings,
    *,
    code: str,
    device_name: str,
    ip: str,
) -> EnrollResponse:
    """Redeem `code` for a new device identity, or raise ApiError (403 / 429).

    The device keeps the name the admin gave the code; `device_name` (what the laptop
    calls itself) is accepted for the protocol but not trusted for the fleet list.
    """
    del device_name
    code_hash = security.hash_secret(security.normalize_code(code))
    with db.write.begin() as session:
        if _too_many_failures(session, ip, settings):
            raise ApiError(429, "too_many_attempts", headers={"Retry-After": "900"})
        row = session.get(EnrollmentCode, code_hash)
        now = utcnow()
        valid = (
            row is not None
            and security.same_hash(row.code_hash, code_hash)
            and row.used_at is None
            and row.expires_at > now
        )
        if valid and row is not None:
            token = security.new_token("kd")
            device = Device(
                id=security.new_device_id(),
                name=row.device_name,
                token_hash=security.hash_secret(token),
                enrolled_at=now,
                last_seen_at=now,
                staff_id=row.staff_id,
            )
            session.add(device)
            row.used_at = now
            row.device_id = device.id
            return EnrollResponse(
                device_id=device.id,
                token=token,
                catalog_keys=catalog_keys(session),
                server_time=now,
            )
    _record_failure(db, ip, settings)
    raise ApiError(403, "invalid_code")
