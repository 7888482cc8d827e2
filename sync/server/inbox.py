"""The admin's inbox: received submissions, opened with the office's private key.

The server itself never decrypts anything. `koffer-admin inbox export` runs on a machine
that holds the office's private key, reads the ciphertext from the database and writes
each application as a folder: `submission.json` (the decrypted answers and facts), the
attachments, and a PDF office copy when the `printing` package can render one. Files
are owner-only (0600/0700) because they hold personal data.

Retention: once exported, the server's ciphertext has done its job. `purge_exported`
deletes it a configurable time after the export (`koffer-admin inbox purge`, or at once
with `inbox export --purge`), keeping the row as the record of the receipt.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jwcrypto import jwk
from pydantic import ValidationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from sync import crypto
from sync.protocol import SealedContent
from sync.server.catalog import CatalogError, validate_template
from sync.server.db import (
    Attachment,
    AttachmentChunk,
    Device,
    StoredTemplate,
    Submission,
    utcnow,
)

log = logging.getLogger("koffer.server.inbox")


@dataclass(frozen=True)
class InboxEntry:
    """One line of `koffer-admin inbox list`."""

    reference: str
    submission_id: str
    template_id: str
    template_version: str
    office_id: str
    received_at: dt.datetime
    device_name: str
    attachments: int
    exported_at: dt.datetime | None


def list_received(session: Session, office_id: str | None = None) -> list[InboxEntry]:
    """Every received submission, oldest first (optionally of one office)."""
    query = (
        select(Submission, Device.name)
        .join(Device, Device.id == Submission.device_id)
        .where(Submission.received_at.is_not(None))
        .order_by(Submission.received_at)
    )
    if office_id:
        query = query.where(Submission.office_id == office_id)
    out: list[InboxEntry] = []
    for submission, device_name in session.execute(query).all():
        count = len(
            session.scalars(
                select(Attachment.id).where(
                    Attachment.device_id == submission.device_id,
                    Attachment.submission_id == submission.id,
                )
            ).all()
        )
        assert submission.reference is not None
        assert submission.received_at is not None
        out.append(
            InboxEntry(
                reference=submission.reference,
                submission_id=submission.id,
                template_id=submission.template_id,
                template_version=submission.template_version,
                office_id=submission.office_id,
                received_at=submission.received_at,
                device_name=device_name,
                attachments=count,
                exported_at=submission.exported_at,
            )
        )
    return out


@dataclass
class ExportReport:
    """What an export did: folders written, problems per reference, notes."""

    written: list[Path] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_filename(name: str, fallback: str) -> str:
    """A file name without folders or odd characters (names come from the laptop)."""
    base = _UNSAFE.sub("_", Path(name.replace("\\", "/")).name).strip("._")
    return base[:100] or fallback


def _attachment_ciphertext(session: Session, submission: Submission, attachment_id: str) -> bytes:
    chunks = session.scalars(
        select(AttachmentChunk.data)
        .where(
            AttachmentChunk.device_id == submission.device_id,
            AttachmentChunk.submission_id == submission.id,
            AttachmentChunk.attachment_id == attachment_id,
        )
        .order_by(AttachmentChunk.offset)
    )
    return b"".join(chunks)


def _write_private(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def _render_pdf(
    session: Session, submission: Submission, content: SealedContent, device_name: str
) -> bytes | None:
    """The office copy as PDF via `printing`, or None when it cannot be rendered here."""
    try:
        from printing.content import AttachmentInfo, PrintJobContent
        from printing.render import render_filled
    except ImportError:
        return None
    row = session.get(StoredTemplate, (submission.template_id, submission.template_version))
    if row is None:
        return None
    template = validate_template(row.content.decode("utf-8"), row.template_id)
    extra: dict[str, Any] = content.model_extra or {}
    job = PrintJobContent(
        template=template,
        answers=content.answers,
        reference=submission.reference or "",
        staff_name=str(extra.get("staff_name") or device_name),
        place=str(extra.get("place") or ""),
        created_at=content.created_at,
        attachments=tuple(
            AttachmentInfo(filename=a.filename or a.id, media_type=a.media_type or "", id=a.id)
            for a in content.attachments
        ),
    )
    return render_filled(job, "office")


def _export_one(
    session: Session, submission: Submission, key: jwk.JWK, target: Path, device_name: str
) -> list[str]:
    notes: list[str] = []
    plaintext = crypto.unseal(submission.payload, key)
    try:
        content = SealedContent.model_validate_json(plaintext)
    except ValidationError as exc:
        raise crypto.CryptoError("the decrypted payload is not a Koffer submission") from exc
    infos = {a.id: a for a in content.attachments}
    target.mkdir(mode=0o700)
    (target / "attachments").mkdir(mode=0o700)
    record = {
        "reference": submission.reference,
        "submission_id": submission.id,
        "received_at": submission.received_at.isoformat() if submission.received_at else None,
        "device": device_name,
        "content": json.loads(plaintext),
    }
    _write_private(
        target / "submission.json",
        json.dumps(record, ensure_ascii=False, indent=2).encode("utf-8"),
    )
    attachments = session.scalars(
        select(Attachment)
        .where(
            Attachment.device_id == submission.device_id,
            Attachment.submission_id == submission.id,
        )
        .order_by(Attachment.position)
    ).all()
    for attachment in attachments:
        data = crypto.unseal(_attachment_ciphertext(session, submission, attachment.id), key)
        info = infos.get(attachment.id)
        name = safe_filename(info.filename if info and info.filename else "", "datei")
        _write_private(target / "attachments" / f"{attachment.id}-{name}", data)
    try:
        pdf = _render_pdf(session, submission, content, device_name)
    except (CatalogError, ValueError, KeyError) as exc:
        pdf = None
        notes.append(f"{submission.reference}: no PDF ({type(exc).__name__})")
    if pdf is None:
        notes.append(f"{submission.reference}: PDF office copy not available")
    else:
        _write_private(target / "antrag.pdf", pdf)
    return notes


def export(
    session: Session,
    *,
    office_id: str,
    private_key: jwk.JWK,
    out_dir: Path,
    include_exported: bool = False,
) -> ExportReport:
    """Decrypt the office's received submissions into `out_dir`, one folder each.

    Folders are written under a temporary name and renamed when complete, so a crash
    never leaves a half-written application that looks finished. A submission that
    cannot be opened (wrong key, damaged) is reported and left for the next run.
    """
    report = ExportReport()
    out_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    query = (
        select(Submission, Device.name)
        .join(Device, Device.id == Submission.device_id)
        .where(Submission.office_id == office_id, Submission.received_at.is_not(None))
        .order_by(Submission.received_at)
    )
    if not include_exported:
        query = query.where(Submission.exported_at.is_(None))
    for submission, device_name in session.execute(query).all():
        reference = submission.reference or submission.id
        if submission.purged_at is not None:
            report.notes.append(f"{reference}: ciphertext deleted after its export, skipped")
            continue
        final = out_dir / reference
        partial = out_dir / f".{reference}.partial"
        shutil.rmtree(partial, ignore_errors=True)
        try:
            report.notes.extend(_export_one(session, submission, private_key, partial, device_name))
        except crypto.CryptoError as exc:
            shutil.rmtree(partial, ignore_errors=True)
            report.failed[reference] = str(exc)
            continue
        if final.exists():
            shutil.rmtree(final)
        partial.rename(final)
        submission.exported_at = utcnow()
        report.written.append(final)
    return report


def purge_exported(session: Session, exported_before: dt.datetime) -> list[str]:
    """Delete the ciphertext of submissions exported before `exported_before`.

    The row stays (reference, times, device: the record that it was received); payload
    and attachment bytes go. Returns the references purged, for the log.
    """
    rows = session.scalars(
        select(Submission).where(
            Submission.exported_at.is_not(None),
            Submission.exported_at < exported_before,
            Submission.purged_at.is_(None),
        )
    ).all()
    now = utcnow()
    for submission in rows:
        session.execute(
            delete(AttachmentChunk).where(
                AttachmentChunk.device_id == submission.device_id,
                AttachmentChunk.submission_id == submission.id,
            )
        )
        submission.payload = ""
        submission.purged_at = now
        log.info("ciphertext of %s deleted after its export", submission.reference)
    return [s.reference or s.id for s in rows]
