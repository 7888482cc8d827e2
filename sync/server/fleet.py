"""The fleet of laptops: heartbeats, the admin's device list, revocation and visits."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import uuid
from dataclasses import dataclass

from pydantic import TypeAdapter, ValidationError
from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from sync.protocol import DeviceStatus, TemplateId, Visit
from sync.server.auth import forget_device
from sync.server.db import Attachment, Device, Submission, VisitRow, utcnow


class FleetError(ValueError):
    """An admin action on devices or visits cannot be done; the message says why."""


def record_status(session: Session, device_id: str, status: DeviceStatus) -> None:
    """Store what the laptop reported in its heartbeat."""
    device = session.get(Device, device_id)
    if device is None:
        return
    device.app_version = status.app_version
    device.catalog_version = status.catalog_version
    device.outbox_length = status.outbox_length
    device.last_error = status.last_error
    device.last_seen_at = utcnow()


@dataclass(frozen=True)
class DeviceRow:
    """One line of `koffer-admin devices`."""

    id: str
    name: str
    enrolled_at: dt.datetime
    last_seen_at: dt.datetime | None
    app_version: str | None
    catalog_version: int | None
    outbox_length: int | None
    last_error: str | None
    revoked: bool
    #: submissions started but without a receipt, and their announced bytes
    pending: int = 0
    pending_bytes: int = 0


@dataclass(frozen=True)
class UnfinishedUpload:
    """A submission that was PUT but never got a receipt (`koffer-admin uploads`)."""

    submission_id: str
    device_id: str
    device_name: str
    stored_at: dt.datetime
    announced_bytes: int
    received_bytes: int


def unfinished_uploads(session: Session) -> list[UnfinishedUpload]:
    """Every submission without a receipt, oldest first."""
    sizes = (
        select(
            Attachment.device_id,
            Attachment.submission_id,
            func.sum(Attachment.size).label("announced"),
            func.sum(Attachment.offset).label("received"),
        )
        .group_by(Attachment.device_id, Attachment.submission_id)
        .subquery()
    )
    rows = session.execute(
        select(
            Submission.id,
            Submission.device_id,
            Device.name,
            Submission.stored_at,
            func.length(Submission.payload),
            sizes.c.announced,
            sizes.c.received,
        )
        .join(Device, Device.id == Submission.device_id)
        .outerjoin(
            sizes,
            (sizes.c.device_id == Submission.device_id) & (sizes.c.submission_id == Submission.id),
        )
        .where(Submission.received_at.is_(None))
        .order_by(Submission.stored_at)
    ).all()
    return [
        UnfinishedUpload(
            submission_id=sid,
            device_id=device_id,
            device_name=name,
            stored_at=stored_at,
            announced_bytes=int(payload or 0) + int(announced or 0),
            received_bytes=int(payload or 0) + int(received or 0),
        )
        for sid, device_id, name, stored_at, payload, announced, received in rows
    ]


def list_devices(session: Session) -> list[DeviceRow]:
    """Every device, by name, with its unfinished uploads."""
    pending: dict[str, list[int]] = {}
    for upload in unfinished_uploads(session):
        entry = pending.setdefault(upload.device_id, [0, 0])
        entry[0] += 1
        entry[1] += upload.announced_bytes
    return [
        DeviceRow(
            id=d.id,
            name=d.name,
            enrolled_at=d.enrolled_at,
            last_seen_at=d.last_seen_at,
            app_version=d.app_version,
            catalog_version=d.catalog_version,
            outbox_length=d.outbox_length,
            last_error=d.last_error,
            revoked=d.revoked_at is not None,
            pending=pending.get(d.id, [0, 0])[0],
            pending_bytes=pending.get(d.id, [0, 0])[1],
        )
        for d in session.scalars(select(Device).order_by(Device.name, Device.id)).all()
    ]


def find_device(session: Session, key: str) -> Device:
    """A device by id, id prefix (8+ characters) or exact name; FleetError if unclear."""
    matches = session.scalars(
        select(Device).where(
            or_(
                Device.id == key,
                Device.name == key,
                Device.id.startswith(key) if len(key) >= 8 else Device.id == key,
            )
        )
    ).all()
    if not matches:
        raise FleetError(f"no device {key!r}")
    if len(matches) > 1:
        raise FleetError(f"{key!r} names {len(matches)} devices; use the device id")
    return matches[0]


def revoke(session: Session, key: str) -> Device:
    """Revoke a device: its token stops working and it is told to wipe itself (410)."""
    device = find_device(session, key)
    if device.revoked_at is None:
        device.revoked_at = utcnow()
    # remembered look-ups of this process end now; other processes' within the bound
    # of `sync.server.auth.AUTH_CACHE_SECONDS`
    forget_device(device.id)
    return device


def pending_submissions(session: Session, device_id: str) -> int:
    """Submissions of a device that were started but not completed."""
    return len(
        session.scalars(
            select(Submission.id).where(
                Submission.device_id == device_id, Submission.received_at.is_(None)
            )
        ).all()
    )


# --- visits ----------------------------------------------------------------------------

VISIT_COLUMNS = (
    "device",
    "starts_at",
    "ends_at",
    "citizen_name",
    "address",
    "purpose",
    "suggested_forms",
)
_FORM_LIST = TypeAdapter(list[TemplateId])


def _parse_time(text: str, line: int, column: str) -> dt.datetime:
    try:
        value = dt.datetime.fromisoformat(text.strip())
    except ValueError as exc:
        raise FleetError(f"line {line}: {column} is not an ISO date and time") from exc
    if value.tzinfo is None:
        raise FleetError(f"line {line}: {column} needs a time zone, e.g. +01:00")
    return value


def import_visits(session: Session, text: str) -> int:
    """Import appointments from CSV (header: see VISIT_COLUMNS; `id` optional).

    `device` is a device id or name; `suggested_forms` is a list of template ids
    separated by spaces or semicolons. A row with an existing `id` replaces it, so the
    same export can be imported again. All rows or none are stored.
    """
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in VISIT_COLUMNS if c not in (reader.fieldnames or []) and c != "ends_at"]
    if missing:
        raise FleetError("missing column(s): " + ", ".join(missing))
    count = 0
    for line, row in enumerate(reader, start=2):
        device = find_device(session, (row.get("device") or "").strip())
        forms_text = (row.get("suggested_forms") or "").replace(";", " ")
        try:
            forms = _FORM_LIST.validate_python(forms_text.split())
        except ValidationError as exc:
            raise FleetError(f"line {line}: suggested_forms holds an invalid form id") from exc
        ends_text = (row.get("ends_at") or "").strip()
        visit_id = (row.get("id") or "").strip() or str(uuid.uuid4())
        if len(visit_id) > 64:
            raise FleetError(f"line {line}: id is longer than 64 characters")
        values = {
            "device_id": device.id,
            "starts_at": _parse_time(row.get("starts_at") or "", line, "starts_at"),
            "ends_at": _parse_time(ends_text, line, "ends_at") if ends_text else None,
            "citizen_name": (row.get("citizen_name") or "").strip()[:200],
            "address": (row.get("address") or "").strip()[:500],
            "purpose": (row.get("purpose") or "").strip()[:500],
            "suggested_forms": json.dumps(forms),
        }
        existing = session.get(VisitRow, visit_id)
        if existing is None:
            session.add(VisitRow(id=visit_id, **values))
        else:
            for key, value in values.items():
                setattr(existing, key, value)
        count += 1
    return count


def visits_for(
    session: Session, device_id: str, start: dt.datetime, end: dt.datetime
) -> list[Visit]:
    """The device's appointments starting in [start, end)."""
    rows = session.scalars(
        select(VisitRow)
        .where(
            VisitRow.device_id == device_id,
            VisitRow.starts_at >= start,
            VisitRow.starts_at < end,
        )
        .order_by(VisitRow.starts_at)
    ).all()
    return [
        Visit(
            id=r.id,
            starts_at=r.starts_at,
            ends_at=r.ends_at,
            citizen_name=r.citizen_name,
            address=r.address,
            purpose=r.purpose,
            suggested_forms=json.loads(r.suggested_forms),
        )
        for r in rows
    ]


def purge_visits(session: Session, before: dt.datetime) -> int:
    """Delete appointments that started before `before` (they are personal data)."""
    result = session.execute(delete(VisitRow).where(VisitRow.starts_at < before))
    return int(getattr(result, "rowcount", 0) or 0)
