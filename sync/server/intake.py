"""Submission intake, exactly once: idempotent PUT, resumable uploads, receipt.

Every step is one database transaction, so a crash or a dropped connection leaves either
the old or the new state, never half of a submission:

* PUT stores the sealed payload and the announced attachments. A repeat with the same
  body answers the same; a different body under the same id is a conflict.
* An upload (one PATCH per attachment, streamed) is stored piece by piece: each piece is
  checked (the client's CRC-32, when it sent one) and committed at exactly the stored
  offset, so a cut resumes at the last committed piece and a corrupt piece is refused
  alone. When the last byte arrives, size and SHA-512 of the whole are checked; a
  mismatch throws the bytes away so the client starts over.
* complete hands out the receipt reference in the same transaction that marks the
  submission received; doing it again returns the same receipt. The client may ask for
  it with the last upload (or with the PUT of a submission without attachments): then
  the last piece, the attachment's completion and the receipt are one transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import threading
import time
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import Connection, bindparam, delete, func, insert, select, tuple_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from sync.crypto import canonical_json, sha256_hex, sha512_hex
from sync.protocol import AttachmentState, Receipt, SubmissionRequest, SubmissionState
from sync.server import security
from sync.server.db import (
    Attachment,
    AttachmentChunk,
    Database,
    PublishedManifest,
    StoredTemplate,
    Submission,
    utcnow,
)
from sync.server.errors import ApiError
from sync.server.references import format_reference, next_number, reference_year
from sync.server.settings import ServerSettings

log = logging.getLogger("koffer.server.intake")


def _state(session: Session, submission: Submission) -> SubmissionState:
    attachments = session.scalars(
        select(Attachment)
        .where(
            Attachment.device_id == submission.device_id,
            Attachment.submission_id == submission.id,
        )
        .order_by(Attachment.position)
    ).all()
    return SubmissionState(
        submission_id=submission.id,
        attachments=[
            AttachmentState(id=a.id, size=a.size, offset=a.offset, complete=a.complete)
            for a in attachments
        ],
        receipt=_receipt(submission),
    )


def _receipt(submission: Submission) -> Receipt | None:
    if submission.reference is None or submission.received_at is None:
        return None
    return Receipt(
        submission_id=submission.id,
        reference=submission.reference,
        received_at=submission.received_at,
    )


def _owned(session: Session, device_id: str, submission_id: str, *, lock: bool) -> Submission:
    """This device's submission with that id; 404 otherwise.

    Submissions are keyed by (device, id), so another device's id is as unknown here
    as an id nobody used: the answers cannot tell them apart.
    """
    query = select(Submission).where(
        Submission.device_id == device_id, Submission.id == submission_id
    )
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    submission = session.scalars(query).first()
    if submission is None:
        raise ApiError(404, "not_found")
    return submission


def request_fingerprint(request: SubmissionRequest) -> str:
    """SHA-256 of the canonical JSON of a submission request (what "same body" means)."""
    return sha256_hex(canonical_json(request.model_dump(mode="json")))


# --- what may be submitted -------------------------------------------------------------


@dataclass(frozen=True)
class _Accepted:
    """The template versions the newest published manifest offers, with their office."""

    catalog_version: int
    #: (template id, version) → (office id, retired after)
    templates: dict[tuple[str, str], tuple[str, dt.date | None]] = field(default_factory=dict)
    #: when the newest version number was last looked up (time.monotonic)
    checked: float = 0.0


_accepted_lock = threading.Lock()
_accepted: dict[str, _Accepted] = {}


#: How long a process goes on with the manifest it knows before it looks for a newer one.
ACCEPTED_RECHECK_SECONDS = 1.0


def _accepted_templates(db: Database, session: Session | Connection) -> _Accepted:
    """What the newest manifest publishes; re-read only when a newer one appears.

    WHY cached: every PUT needs it, and it changes only when the admin publishes. The
    newest version number is one primary-key lookup at most once a second; the manifest
    is parsed once per publication and process.
    """
    key = str(db.engine.url)
    now = time.monotonic()
    with _accepted_lock:
        cached = _accepted.get(key)
    if cached is not None and now - cached.checked < ACCEPTED_RECHECK_SECONDS:
        return cached
    newest = session.scalar(select(func.max(PublishedManifest.catalog_version))) or 0
    if cached is not None and cached.catalog_version == newest:
        with _accepted_lock:
            _accepted[key] = replace(cached, checked=now)
        return cached
    templates: dict[tuple[str, str], tuple[str, dt.date | None]] = {}
    if newest:
        document = session.scalar(
            select(PublishedManifest.document).where(PublishedManifest.catalog_version == newest)
        )
        listed = json.loads(document or "{}").get("templates", [])
        offices = {
            (row.template_id, row.version): row.office_id
            for row in session.execute(
                select(StoredTemplate.template_id, StoredTemplate.version, StoredTemplate.office_id)
            )
        }
        for entry in listed:
            office = offices.get((entry["id"], entry["version"]))
            if office is None:
                continue
            retired = entry.get("retired_after")
            templates[(entry["id"], entry["version"])] = (
                office,
                dt.date.fromisoformat(retired) if retired else None,
            )
    accepted = _Accepted(newest, templates, now)
    with _accepted_lock:
        _accepted[key] = accepted
    return accepted


def _check_request(
    db: Database, session: Session | Connection, request: SubmissionRequest, *, payload_ok: bool
) -> None:
    if not payload_ok:
        raise ApiError(422, "payload_checksum_mismatch")
    ids = [a.id for a in request.attachments]
    if len(ids) != len(set(ids)):
        raise ApiError(422, "duplicate_attachment")
    accepted = _accepted_templates(db, session)
    published = accepted.templates.get((request.template_id, request.template_version))
    if published is None:  # never stored, or stored but not (or no longer) published
        raise ApiError(422, "unknown_template")
    office_id, retired_after = published
    # A form sealed before its last day still counts; one made later is refused.
    if retired_after is not None and request.created_at.date() > retired_after:
        raise ApiError(422, "template_retired")
    if request.office_id != office_id:
        raise ApiError(422, "office_mismatch")


_PENDING_ATTACHMENT_BYTES = (
    select(func.coalesce(func.sum(Attachment.size), 0))
    .join(
        Submission,
        (Submission.device_id == Attachment.device_id)
        & (Submission.id == Attachment.submission_id),
    )
    .where(Submission.device_id == bindparam("device_id"), Submission.received_at.is_(None))
)
_PENDING_PAYLOAD_BYTES = select(func.coalesce(func.sum(func.length(Submission.payload)), 0)).where(
    Submission.device_id == bindparam("device_id"), Submission.received_at.is_(None)
)


#: Both sums in one statement (one round trip on PostgreSQL).
_PENDING_BYTES = select(
    _PENDING_ATTACHMENT_BYTES.scalar_subquery(), _PENDING_PAYLOAD_BYTES.scalar_subquery()
)


def _pending_bytes(connection: Connection, device_id: str) -> int:
    """Bytes this device announced in submissions that have no receipt yet."""
    row = connection.execute(_PENDING_BYTES, {"device_id": device_id}).one()
    return int(row[0] or 0) + int(row[1] or 0)


#: How often a process looks for a device's expired uploads (at its next PUT).
EXPIRY_CHECK_SECONDS = 600.0
_expiry_checked: dict[str, float] = {}


def expire_abandoned(
    session: Session | Connection, before: dt.datetime, device_id: str | None = None
) -> int:
    """Delete submissions started before `before` that never got a receipt.

    Nothing is lost: without a receipt the laptop still holds the sealed copy and sends
    it again (a 404 on its upload makes it PUT again).
    """
    keys = [
        tuple(row)
        for row in session.execute(
            select(Submission.device_id, Submission.id).where(
                Submission.received_at.is_(None),
                Submission.stored_at < before,
                *([Submission.device_id == device_id] if device_id is not None else []),
            )
        ).all()
    ]
    if not keys:
        return 0
    # Children first: SQLite's cascades need its foreign_keys pragma, which other tools
    # opening the file may not set.
    for table in (AttachmentChunk, Attachment):
        session.execute(delete(table).where(tuple_(table.device_id, table.submission_id).in_(keys)))
    session.execute(delete(Submission).where(tuple_(Submission.device_id, Submission.id).in_(keys)))
    for owner, submission_id in keys:
        log.info("abandoned upload %s of device %s expired", submission_id, owner)
    return len(keys)


def put_submission(
    db: Database,
    settings: ServerSettings,
    device_id: str,
    submission_id: str,
    request: SubmissionRequest,
    *,
    complete_now: bool = False,
) -> SubmissionState:
    """Store a new submission or answer a repeat of the same one (idempotent PUT).

    With `complete_now` a submission that has nothing left to upload (no attachments)
    gets its receipt in the same, durable transaction.
    """
    fingerprint = request_fingerprint(request)
    # Hashed before the write transaction, so its lock is not held while hashing up to
    # 10 MiB; the outcome is reported at the same point as before (a conflict first).
    payload_ok = sha512_hex(request.payload.encode("ascii")) == request.payload_sha512
    finish = complete_now and not request.attachments
    state = _insert_new(
        db,
        settings,
        device_id,
        submission_id,
        request,
        fingerprint=fingerprint,
        payload_ok=payload_ok,
        finish=finish,
    )
    if state is not None:
        return state
    # This device used the id before (a repeat after a lost answer, or a race): the ORM
    # path, rarely taken. Another device's use of the same id is not seen here at all.
    with (db.write if finish else db.relaxed).begin() as session:
        existing = session.get(Submission, (device_id, submission_id))
        if existing is None:  # deleted in between (expired): start over once
            raise ApiError(503, "unavailable", headers={"Retry-After": "1"})
        if not security.same_hash(existing.request_sha256, fingerprint):
            raise ApiError(409, "conflict")
        if finish and existing.reference is None:
            _finish(session, settings, existing)
        return _state(session, existing)


#: INSERT … ON CONFLICT DO NOTHING RETURNING id, by "is SQLite". Built once with its values
#: as parameters: built per call with `.values(…)`, SQLAlchemy walked the literal values
#: (the whole payload) for its statement cache key on every PUT (issue 16's profile).
_INSERT_IF_NEW = {
    is_sqlite: dialect.insert(Submission.__table__)
    .on_conflict_do_nothing(index_elements=["device_id", "id"])
    .returning(Submission.id)
    for is_sqlite, dialect in ((True, sqlite), (False, postgresql))
}


def _insert_new(
    db: Database,
    settings: ServerSettings,
    device_id: str,
    submission_id: str,
    request: SubmissionRequest,
    *,
    fingerprint: str,
    payload_ok: bool,
    finish: bool,
) -> SubmissionState | None:
    """Insert a new submission in one transaction; None when the id exists already."""
    now = utcnow()
    with (db.write_core if finish else db.relaxed_core).begin() as connection:
        inserted = connection.execute(
            _INSERT_IF_NEW[connection.dialect.name == "sqlite"],
            {
                "id": submission_id,
                "device_id": device_id,
                "template_id": request.template_id,
                "template_version": request.template_version,
                "office_id": request.office_id,
                "created_at": request.created_at,
                "payload": request.payload,
                "payload_sha512": request.payload_sha512,
                "request_sha256": fingerprint,
                "stored_at": now,
            },
        )
        if inserted.first() is None:
            return None
        _check_request(db, connection, request, payload_ok=payload_ok)
        announced = sum(a.size for a in request.attachments)
        last_expiry = _expiry_checked.get(device_id, 0.0)
        over = _pending_bytes(connection, device_id) + announced > settings.device_quota_bytes
        if over or time.monotonic() - last_expiry > EXPIRY_CHECK_SECONDS:
            # now and then, and always before refusing: forget what was abandoned
            _expiry_checked[device_id] = time.monotonic()
            if expire_abandoned(connection, now - settings.upload_expiry, device_id):
                over = (
                    _pending_bytes(connection, device_id) + announced > settings.device_quota_bytes
                )
        if over:
            log.warning("device %s over its quota of unreceipted bytes", device_id)
            raise ApiError(507, "quota_exceeded", limit=settings.device_quota_bytes)
        if request.attachments:
            connection.execute(
                insert(Attachment),
                [
                    {
                        "device_id": device_id,
                        "submission_id": submission_id,
                        "id": a.id,
                        "position": index,
                        "size": a.size,
                        "sha512": a.sha512,
                        "media_type": a.media_type,
                        "offset": 0,
                        "complete": False,
                    }
                    for index, a in enumerate(request.attachments)
                ],
            )
        receipt = (
            _give_reference(connection, settings, device_id, submission_id) if finish else None
        )
    log.info("submission %s stored (device %s)", submission_id, device_id)
    if receipt is not None:
        log.info("submission %s received as %s", submission_id, receipt.reference)
    return SubmissionState(
        submission_id=submission_id,
        attachments=[
            AttachmentState(id=a.id, size=a.size, offset=0, complete=False)
            for a in request.attachments
        ],
        receipt=receipt,
    )


# --- uploads ---------------------------------------------------------------------------


@dataclass(frozen=True)
class UploadState:
    """Where an attachment upload stands, and what it must add up to."""

    offset: int
    size: int
    complete: bool
    sha512: str = ""


#: One attachment of one device's submission, and its stored pieces (bound by name).
_THIS_ATTACHMENT = (
    (Attachment.device_id == bindparam("dev"))
    & (Attachment.submission_id == bindparam("sid"))
    & (Attachment.id == bindparam("aid"))
)
_ITS_CHUNKS = (
    (AttachmentChunk.device_id == bindparam("dev"))
    & (AttachmentChunk.submission_id == bindparam("sid"))
    & (AttachmentChunk.attachment_id == bindparam("aid"))
)
_UPLOAD_STATE = select(
    Attachment.offset, Attachment.size, Attachment.complete, Attachment.sha512
).where(_THIS_ATTACHMENT)


def upload_state(
    db: Database, device_id: str, submission_id: str, attachment_id: str
) -> UploadState:
    """The stored offset of an attachment (for HEAD, and before an upload starts)."""
    with db.read_core.connect() as connection:
        row = connection.execute(
            _UPLOAD_STATE, {"dev": device_id, "sid": submission_id, "aid": attachment_id}
        ).first()
    if row is None:
        raise ApiError(404, "not_found")
    return UploadState(offset=row[0], size=row[1], complete=bool(row[2]), sha512=row[3])


def stored_hasher(db: Database, device_id: str, submission_id: str, attachment_id: str) -> Any:
    """A SHA-512 over the bytes committed so far, to go on with when an upload resumes."""
    digest = hashlib.sha512()
    with db.read() as session:
        for data in session.scalars(
            select(AttachmentChunk.data)
            .where(
                AttachmentChunk.device_id == device_id,
                AttachmentChunk.submission_id == submission_id,
                AttachmentChunk.attachment_id == attachment_id,
            )
            .order_by(AttachmentChunk.offset)
        ):
            digest.update(data)
    return digest


def check_piece(
    *, offset: int, data: bytes, expected: UploadState, whole: Any, crc32: int | None
) -> tuple[int, bool, bool]:
    """Check one piece before its write transaction: (end, final, whole_ok).

    Shared by every upload (`uploads.UploadTarget`): the piece must fit the announced
    size; a corrupt piece (its CRC-32) is refused alone and the offset stays; the last
    piece completes the SHA-512 of the whole (`whole`: the hash of everything before,
    None when the upload does not reach the end in this request), and `whole_ok` says
    whether it matches (if not, the caller throws the upload away: it starts over).
    """
    end = offset + len(data)
    if end > expected.size:
        raise ApiError(422, "attachment_too_long", size=expected.size)
    final = end == expected.size
    whole_ok = True
    if final:
        if whole is None:
            raise AssertionError("the last piece needs the hash of the whole")
        whole.update(data)
        whole_ok = whole.hexdigest() == expected.sha512
    # The CRC of the last piece is needed only to tell where a mismatch of the whole lies.
    if crc32 is not None and (not final or not whole_ok) and zlib.crc32(data) != crc32:
        log.info("piece at %d arrived corrupt", offset)
        raise ApiError(
            422, "piece_checksum_mismatch", headers={"Upload-Offset": str(offset)}, offset=offset
        )
    if not final and whole is not None:
        whole.update(data)
    return end, final, whole_ok


@dataclass(frozen=True)
class PieceOutcome:
    """What storing one piece did: the new upload state and, if asked, the receipt."""

    state: UploadState
    receipt: Receipt | None = None


def store_piece(
    db: Database,
    settings: ServerSettings,
    device_id: str,
    submission_id: str,
    attachment_id: str,
    *,
    offset: int,
    data: bytes,
    expected: UploadState,
    whole: Any,
    crc32: int | None,
    complete_submission: bool = False,
) -> PieceOutcome:
    """Check one piece and commit it at `offset` (its own transaction).

    Hashing happens before the write transaction, so its lock is held for the insert
    only. `whole` is the SHA-512 of everything before this piece (None: not known, the
    upload does not reach the end in this request).

    Raises:
        ApiError: 404 unknown attachment, 409 wrong offset (with the right one),
            422 longer than announced, a corrupt piece (offset stays) or a whole that
            does not match its SHA-512 (the upload restarts at 0).
    """
    end, final, whole_ok = check_piece(
        offset=offset, data=data, expected=expected, whole=whole, crc32=crc32
    )
    finish = final and whole_ok and complete_submission
    receipt: Receipt | None = None
    key = {"dev": device_id, "sid": submission_id, "aid": attachment_id}
    with (db.write_core if finish else db.relaxed_core).begin() as connection:
        # Moves the offset only if it is still where this piece starts: the conditional
        # update is the lock, the check and the step in one statement.
        moved = connection.execute(
            _ADVANCE,
            {**key, "at": offset, "new_offset": 0 if not whole_ok else end, "done": final},
        )
        if getattr(moved, "rowcount", 0) != 1:
            current = connection.scalar(_OFFSET, key)
            if current is None:
                raise ApiError(404, "not_found")
            raise ApiError(
                409,
                "offset_mismatch",
                headers={"Upload-Offset": str(current)},
                offset=current,
            )
        if not whole_ok:
            connection.execute(_FORGET_CHUNKS, key)
            connection.execute(_RESTART, key)
        else:
            connection.execute(
                _STORE_CHUNK,
                {
                    "device_id": device_id,
                    "submission_id": submission_id,
                    "attachment_id": attachment_id,
                    "offset": offset,
                    "data": data,
                },
            )
            if finish:
                receipt = _give_reference(connection, settings, device_id, submission_id)
    state = UploadState(
        0 if not whole_ok else end, expected.size, final and whole_ok, expected.sha512
    )
    if not whole_ok:
        log.warning("attachment %s/%s failed its checksum", submission_id, attachment_id)
        raise ApiError(422, "checksum_mismatch", headers={"Upload-Offset": "0"}, offset=0)
    if receipt is not None:
        log.info("submission %s received as %s", submission_id, receipt.reference)
    return PieceOutcome(state, receipt)


_ADVANCE = (
    update(Attachment)
    .where(_THIS_ATTACHMENT, Attachment.offset == bindparam("at"))
    .values(offset=bindparam("new_offset"), complete=bindparam("done"))
)
_OFFSET = select(Attachment.offset).where(_THIS_ATTACHMENT)
_FORGET_CHUNKS = delete(AttachmentChunk).where(_ITS_CHUNKS)
_RESTART = update(Attachment).where(_THIS_ATTACHMENT).values(offset=0, complete=False)
_STORE_CHUNK = insert(AttachmentChunk)
_THIS_SUBMISSION = (Submission.device_id == bindparam("dev")) & (Submission.id == bindparam("sid"))
_SUBMISSION_FOR_RECEIPT = (
    select(Submission.reference, Submission.received_at).where(_THIS_SUBMISSION).with_for_update()
)
_MISSING = (
    select(func.count())
    .select_from(Attachment)
    .where(
        Attachment.device_id == bindparam("dev"),
        Attachment.submission_id == bindparam("sid"),
        Attachment.complete.is_(False),
    )
)
_SET_REFERENCE = (
    update(Submission)
    .where(_THIS_SUBMISSION)
    .values(reference=bindparam("ref"), received_at=bindparam("at"))
)


def _give_reference(
    connection: Connection, settings: ServerSettings, device_id: str, submission_id: str
) -> Receipt | None:
    """The receipt of a submission whose attachments are complete, made now if it has
    none yet (row lock on PostgreSQL, the one writer on SQLite); None while incomplete."""
    key = {"dev": device_id, "sid": submission_id}
    row = connection.execute(_SUBMISSION_FOR_RECEIPT, key).first()
    if row is None:
        raise ApiError(404, "not_found")
    if row[0] is not None:
        return Receipt(submission_id=submission_id, reference=row[0], received_at=row[1])
    # A statement of its own, after the lock: on PostgreSQL it sees the attachments that
    # a concurrent completion committed while this one waited for the row.
    if connection.scalar(_MISSING, key):
        return None
    now = utcnow()
    year = reference_year(now, settings.reference_timezone)
    reference = format_reference(settings.reference_prefix, year, next_number(connection, year))
    connection.execute(_SET_REFERENCE, {**key, "ref": reference, "at": now})
    return Receipt(submission_id=submission_id, reference=reference, received_at=now)


# --- receipt ---------------------------------------------------------------------------


def _finish(session: Session, settings: ServerSettings, submission: Submission) -> Receipt | None:
    """Give the submission its reference if nothing is missing (in the caller's
    transaction); None while attachments are incomplete."""
    missing: Sequence[str] = session.scalars(
        select(Attachment.id).where(
            Attachment.device_id == submission.device_id,
            Attachment.submission_id == submission.id,
            Attachment.complete.is_(False),
        )
    ).all()
    if missing:
        return None
    now = utcnow()
    year = reference_year(now, settings.reference_timezone)
    number = next_number(session, year)
    submission.reference = format_reference(settings.reference_prefix, year, number)
    submission.received_at = now
    return _receipt(submission)


def complete(db: Database, settings: ServerSettings, device_id: str, submission_id: str) -> Receipt:
    """Mark the submission received and return its receipt (the same one every time)."""
    with db.write.begin() as session:
        submission = _owned(session, device_id, submission_id, lock=True)
        receipt = _receipt(submission)
        if receipt is not None:
            return receipt
        receipt = _finish(session, settings, submission)
        if receipt is None:
            missing = session.scalars(
                select(Attachment.id).where(
                    Attachment.device_id == device_id,
                    Attachment.submission_id == submission_id,
                    Attachment.complete.is_(False),
                )
            ).all()
            raise ApiError(409, "attachments_incomplete", missing=list(missing))
    log.info("submission %s received as %s", submission_id, receipt.reference)
    return receipt
