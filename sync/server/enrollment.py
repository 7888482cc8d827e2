"""Enrollment: one-time codes made by the admin become device identities.

A code is single use, expires after 24 hours and is stored only hashed. Failed attempts
are counted per client address in the database (so the limit holds across several
backend processes), exactly even under parallel attempts; past the limit the address
gets 429 for a while. Behind a reverse proxy the address is the one the trusted proxy
forwarded (`ServerSettings.trusted_proxies`).
"""

from __future__ import annotations

import datetime as dt
import hashlib

from sqlalchemy import delete, func, select, text, update
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


def _lock_address(session: Session, ip: str) -> None:
    """Serialize the attempts of one address (PostgreSQL; SQLite has one writer anyway)."""
    if session.get_bind().dialect.name == "postgresql":
        key = int.from_bytes(hashlib.sha256(ip.encode()).digest()[:8], "big", signed=True)
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": key})


def _reserve_attempt(db: Database, ip: str, settings: ServerSettings) -> int:
    """Count this attempt as a failure before the code is even looked at; 429 if over.

    WHY first: "check the count, then record the failure" let parallel requests all pass
    the check (40 at once got 11 tries instead of 10). Counting and recording in one
    locked transaction makes the limit exact; a successful enrollment gives it back.
    """
    now = utcnow()
    with db.relaxed.begin() as session:
        _lock_address(session, ip)
        count = session.scalar(
            select(func.count())
            .select_from(EnrollFailure)
            .where(EnrollFailure.ip == ip, EnrollFailure.at >= now - settings.enroll_window)
        )
        if (count or 0) >= settings.enroll_max_failures:
            raise ApiError(429, "too_many_attempts", headers={"Retry-After": "900"})
        attempt = EnrollFailure(ip=ip, at=now)
        session.add(attempt)
        session.execute(
            delete(EnrollFailure).where(EnrollFailure.at < now - 4 * settings.enroll_window)
        )
        session.flush()
        return attempt.id


def enroll(
    db: Database,
    settings: ServerSettings,
    *,
    code: str,
    device_name: str,
    ip: str,
) -> EnrollResponse:
    """Redeem `code` for a new device identity, or raise ApiError (403 / 429).

    The code is redeemed by ONE conditional update (unused, not expired) that must hit
    exactly one row, so a code copied to several laptops enrolls exactly one of them,
    however many try at once and on either database. The device keeps the name the
    admin gave the code; `device_name` (what the laptop calls itself) is accepted for the
    protocol but not trusted for the fleet list.
    """
    del device_name
    code_hash = security.hash_secret(security.normalize_code(code))
    attempt = _reserve_attempt(db, ip, settings)
    device_id = security.new_device_id()
    with db.write.begin() as session:
        now = utcnow()
        redeemed = session.execute(
            update(EnrollmentCode)
            .where(
                EnrollmentCode.code_hash == code_hash,
                EnrollmentCode.used_at.is_(None),
                EnrollmentCode.expires_at > now,
            )
            .values(used_at=now, device_id=device_id)
            .execution_options(synchronize_session=False)
        )
        if getattr(redeemed, "rowcount", 0) == 1:
            name, staff_id = session.execute(
                select(EnrollmentCode.device_name, EnrollmentCode.staff_id).where(
                    EnrollmentCode.code_hash == code_hash
                )
            ).one()
            token = security.new_token("kd")
            session.add(
                Device(
                    id=device_id,
                    name=name or "Koffer",
                    token_hash=security.hash_secret(token),
                    enrolled_at=now,
                    last_seen_at=now,
                    staff_id=staff_id,
                )
            )
            session.execute(delete(EnrollFailure).where(EnrollFailure.id == attempt))
            return EnrollResponse(
                device_id=device_id,
                token=token,
                catalog_keys=catalog_keys(session),
                server_time=now,
            )
    raise ApiError(403, "invalid_code")
