"""Submission intake, exactly once: idempotent PUT, resumable uploads, receipt.

Every step is one database transaction, so a crash or a dropped connection leaves either
the old or the new state, never half of a submission:

* PUT stores the sealed payload and the announced attachments. A repeat with the same
  body answers the same; a different body under the same id is a conflict.
* PATCH appends one chunk at exactly the stored offset; when the last byte arrives the
  size and SHA-512 are checked, and a mismatch throws the bytes away so the client
  starts over (the chunks committed before stay until then, which makes uploads resume
  after a server restart).
* complete hands out the receipt reference in the same transaction that marks the
  submission received; doing it again returns the same receipt.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from sync.crypto import canonical_json, sha256_hex, sha512_hex
from sync.protocol import AttachmentState, Receipt, SubmissionRequest, SubmissionState
from sync.server import security
from sync.server.db import (
    Attachment,
    AttachmentChunk,
    Database,
    Office,
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
        .where(Attachment.submission_id == submission.id)
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
    """The submission if it belongs to this device; 404 otherwise (no existence leak)."""
    query = select(Submission).where(Submission.id == submission_id)
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    submission = session.scalars(query).first()
    if submission is None or submission.device_id != device_id:
        raise ApiError(404, "not_found")
    return submission


def request_fingerprint(request: SubmissionRequest) -> str:
    """SHA-256 of the canonical JSON of a submission request (what "same body" means)."""
    return sha256_hex(canonical_json(request.model_dump(mode="json")))


def _check_request(
    db: Database, session: Session, request: SubmissionRequest, *, payload_ok: bool
) -> None:
    if not payload_ok:
        raise ApiError(422, "payload_checksum_mismatch")
    ids = [a.id for a in request.attachments]
    if len(ids) != len(set(ids)):
        raise ApiError(422, "duplicate_attachment")
    template_key = ("template", request.template_id, request.template_version)
    if template_key not in db.known_to_exist:
        if session.get(StoredTemplate, template_key[1:]) is None:
            raise ApiError(422, "unknown_template")
        db.known_to_exist.add(template_key)
    office_key = ("office", request.office_id)
    if office_key not in db.known_to_exist:
        if session.get(Office, request.office_id) is None:
            raise ApiError(422, "unknown_office")
        db.known_to_exist.add(office_key)


def put_submission(
    db: Database, device_id: str, submission_id: str, request: SubmissionRequest
) -> SubmissionState:
    """Store a new submission or answer a repeat of the same one (idempotent PUT)."""
    fingerprint = request_fingerprint(request)
    # Hashed before the write transaction, so its lock is not held while hashing up to
    # 10 MiB; the outcome is reported at the same point as before (a conflict first).
    payload_ok = sha512_hex(request.payload.encode("ascii")) == request.payload_sha512
    for attempt in range(2):
        try:
            with db.relaxed.begin() as session:
                existing = session.get(Submission, submission_id)
                if existing is not None:
                    if existing.device_id != device_id or not security.same_hash(
                        existing.request_sha256, fingerprint
                    ):
                        raise ApiError(409, "conflict")
                    return _state(session, existing)
                _check_request(db, session, request, payload_ok=payload_ok)
                submission = Submission(
                    id=submission_id,
                    device_id=device_id,
                    template_id=request.template_id,
                    template_version=request.template_version,
                    office_id=request.office_id,
                    created_at=request.created_at,
                    payload=request.payload,
                    payload_sha512=request.payload_sha512,
                    request_sha256=fingerprint,
                    stored_at=utcnow(),
                )
                session.add(submission)
                session.flush()
                session.add_all(
                    Attachment(
                        submission_id=submission_id,
                        id=a.id,
                        position=index,
                        size=a.size,
                        sha512=a.sha512,
                        media_type=a.media_type,
                        offset=0,
                        complete=False,
                    )
                    for index, a in enumerate(request.attachments)
                )
                session.flush()
                log.info("submission %s stored (device %s)", submission_id, device_id)
                # Just inserted: nothing uploaded, no receipt (no need to read it back).
                return SubmissionState(
                    submission_id=submission_id,
                    attachments=[
                        AttachmentState(id=a.id, size=a.size, offset=0, complete=False)
                        for a in request.attachments
                    ],
                    receipt=None,
                )
        except IntegrityError:
            # A concurrent PUT of the same id won the insert; answer like a repeat.
            if attempt:
                raise
    raise AssertionError("unreachable")


@dataclass(frozen=True)
class UploadState:
    """Where an attachment upload stands."""

    offset: int
    size: int
    complete: bool


def _attachment(
    session: Session, device_id: str, submission_id: str, attachment_id: str, *, lock: bool
) -> Attachment:
    """The attachment if its submission belongs to this device; 404 otherwise.

    One query (joined with the submission) instead of two: a round trip less per chunk.
    """
    query = (
        select(Attachment)
        .join(Submission, Submission.id == Attachment.submission_id)
        .where(
            Attachment.submission_id == submission_id,
            Attachment.id == attachment_id,
            Submission.device_id == device_id,
        )
    )
    if lock:
        query = query.with_for_update(of=Attachment).execution_options(populate_existing=True)
    attachment = session.scalars(query).first()
    if attachment is None:
        raise ApiError(404, "not_found")
    return attachment


def upload_state(
    db: Database, device_id: str, submission_id: str, attachment_id: str
) -> UploadState:
    """The stored offset of an attachment (for HEAD)."""
    with db.read() as session:
        a = _attachment(session, device_id, submission_id, attachment_id, lock=False)
        return UploadState(offset=a.offset, size=a.size, complete=a.complete)


def _stored_digest(session: Session, attachment: Attachment, tail: bytes) -> str:
    digest = hashlib.sha512()
    chunks = session.scalars(
        select(AttachmentChunk.data)
        .where(
            AttachmentChunk.submission_id == attachment.submission_id,
            AttachmentChunk.attachment_id == attachment.id,
        )
        .order_by(AttachmentChunk.offset)
    )
    for data in chunks:
        digest.update(data)
    digest.update(tail)
    return digest.hexdigest()


def append_chunk(
    db: Database,
    device_id: str,
    submission_id: str,
    attachment_id: str,
    *,
    offset: int,
    data: bytes,
) -> UploadState:
    """Append `data` at `offset`; check size and SHA-512 when the last byte arrives.

    Raises:
        ApiError: 404 unknown attachment, 409 wrong offset (with the right one),
            422 longer than announced or checksum mismatch (upload restarts at 0).
    """
    # A first chunk is hashed before taking the write lock, so the lock is held for the
    # insert only (hashing 1 MB takes longer than writing it). Most attachments arrive
    # in one chunk; for a longer one the hash of its first chunk goes unused, which is
    # cheaper than a separate read transaction to find out beforehand.
    precomputed = hashlib.sha512(data).hexdigest() if offset == 0 and data else None
    checksum_failed = False
    with db.relaxed.begin() as session:
        attachment = _attachment(session, device_id, submission_id, attachment_id, lock=True)
        if offset != attachment.offset:
            raise ApiError(
                409,
                "offset_mismatch",
                headers={"Upload-Offset": str(attachment.offset)},
                offset=attachment.offset,
            )
        if not data:
            return UploadState(attachment.offset, attachment.size, attachment.complete)
        end = attachment.offset + len(data)
        if end > attachment.size:
            raise ApiError(422, "attachment_too_long", size=attachment.size)
        if end == attachment.size:
            if attachment.offset == 0:
                digest = precomputed or hashlib.sha512(data).hexdigest()
            else:
                digest = _stored_digest(session, attachment, data)
            if digest != attachment.sha512:
                session.execute(
                    delete(AttachmentChunk).where(
                        AttachmentChunk.submission_id == submission_id,
                        AttachmentChunk.attachment_id == attachment_id,
                    )
                )
                attachment.offset = 0
                checksum_failed = True
        if not checksum_failed:
            session.add(
                AttachmentChunk(
                    submission_id=submission_id,
                    attachment_id=attachment_id,
                    offset=attachment.offset,
                    data=data,
                )
            )
            attachment.offset = end
            attachment.complete = end == attachment.size
        state = UploadState(attachment.offset, attachment.size, attachment.complete)
    if checksum_failed:
        log.warning("attachment %s/%s failed its checksum", submission_id, attachment_id)
        raise ApiError(422, "checksum_mismatch", headers={"Upload-Offset": "0"}, offset=0)
    return state


def complete(db: Database, settings: ServerSettings, device_id: str, submission_id: str) -> Receipt:
    """Mark the submission received and return its receipt (the same one every time)."""
    with db.write.begin() as session:
        submission = _owned(session, device_id, submission_id, lock=True)
        receipt = _receipt(submission)
        if receipt is not None:
            return receipt
        missing: Sequence[str] = session.scalars(
            select(Attachment.id).where(
                Attachment.submission_id == submission_id, Attachment.complete.is_(False)
            )
        ).all()
        if missing:
            raise ApiError(409, "attachments_incomplete", missing=list(missing))
        now = utcnow()
        year = reference_year(now, settings.reference_timezone)
        number = next_number(session, year)
        submission.reference = format_reference(settings.reference_prefix, year, number)
        submission.received_at = now
        receipt = _receipt(submission)
        assert receipt is not None
    log.info("submission %s received as %s", submission_id, receipt.reference)
    return receipt
