"""Attachments (files up to 50 MB, with sha256) and signatures (vector + PNG + the
SHA-256 of the reviewed content) of drafts; part of `DraftStore`."""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from datetime import datetime

from forms.paths import get_value, parse_path, set_value
from koffer.store._base import StoreBase, dumps
from koffer.store.errors import AttachmentTooLarge, DraftNotFound
from koffer.store.models import (
    AttachmentInfo,
    SignatureInfo,
    SignatureMethod,
    Strokes,
    from_text,
    to_text,
)

#: Largest attachment accepted (matches the template format's max_size_mb limit).
MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024


class AttachmentsMixin(StoreBase):
    """Files and signatures; each id is kept in the draft's answer at its field path."""

    def add_attachment(
        self, draft_id: str, field_id: str, filename: str, media_type: str, data: bytes
    ) -> AttachmentInfo:
        """Attach a file; its id is appended to the answer at `field_id` (a path)."""
        if len(data) > MAX_ATTACHMENT_BYTES:
            raise AttachmentTooLarge(f"{len(data)} bytes")
        parse_path(field_id)
        attachment_id = str(uuid.uuid4())
        digest = hashlib.sha256(data).hexdigest()
        now = to_text(self._clock())
        with self._conn.transaction():
            answers = self._editable_answers(draft_id)
            self._conn.execute(
                "INSERT INTO attachments (id, draft_id, field_id, filename, media_type, size, "
                "sha256, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (attachment_id, draft_id, field_id, filename, media_type, len(data), digest, now),
            )
            self._conn.execute(
                "INSERT INTO attachment_data (attachment_id, data) VALUES (?, ?)",
                (attachment_id, data),
            )
            current = get_value(answers, field_id)
            ids = [v for v in current if isinstance(v, str)] if isinstance(current, list) else []
            ids.append(attachment_id)
            self._write_answers(draft_id, set_value(answers, field_id, ids))
        return AttachmentInfo(
            attachment_id,
            draft_id,
            field_id,
            filename,
            media_type,
            len(data),
            digest,
            from_text(now),
        )

    def list_attachments(self, draft_id: str) -> list[AttachmentInfo]:
        """The draft's attachments, oldest first."""
        rows = self._conn.query(
            "SELECT id, draft_id, field_id, filename, media_type, size, sha256, created_at "
            "FROM attachments WHERE draft_id = ? ORDER BY created_at, rowid",
            (draft_id,),
        )
        return [
            AttachmentInfo(r[0], r[1], r[2], r[3], r[4], int(r[5]), r[6], from_text(r[7]))
            for r in rows
        ]

    def get_attachment_data(self, attachment_id: str) -> bytes:
        """The attached file's bytes."""
        row = self._conn.query_one(
            "SELECT data FROM attachment_data WHERE attachment_id = ?", (attachment_id,)
        )
        if row is None:
            raise DraftNotFound(f"attachment {attachment_id}")
        return bytes(row[0])

    def remove_attachment(self, attachment_id: str) -> None:
        """Remove an attachment and its id from the answer that listed it."""
        with self._conn.transaction():
            row = self._conn.query_one(
                "SELECT draft_id, field_id FROM attachments WHERE id = ?", (attachment_id,)
            )
            if row is None:
                raise DraftNotFound(f"attachment {attachment_id}")
            draft_id, field_id = str(row[0]), str(row[1])
            answers = self._editable_answers(draft_id)
            current = get_value(answers, field_id)
            if isinstance(current, list):
                kept = [v for v in current if v != attachment_id]
                answers = set_value(answers, field_id, kept)  # type: ignore[arg-type]
            self._conn.execute("DELETE FROM attachments WHERE id = ?", (attachment_id,))
            self._write_answers(draft_id, answers)
        self._erase_deleted()

    # -- signatures ------------------------------------------------------------------

    def save_signature(
        self,
        draft_id: str,
        field_id: str,
        strokes: Strokes,
        png: bytes,
        content_sha256: str,
        *,
        method: SignatureMethod = SignatureMethod.PAD,
        signer: str = "",
        signed_at: datetime | None = None,
    ) -> SignatureInfo:
        """Store a signature bound to the SHA-256 of the reviewed content.

        Replaces an earlier signature of the same field; the signature id becomes the
        answer at `field_id`.

        Args:
            strokes, png: the pad's vector strokes and image (empty for paper).
            method: on the pad, or on the printed sheet (`SignatureMethod.PAPER`).
            signer: who signed on paper.
            signed_at: when it was signed (paper: as the worker records it); now if None.
        """
        if not re.fullmatch(r"[0-9a-f]{64}", content_sha256):
            raise ValueError("content_sha256 must be 64 lower-case hex digits")
        parse_path(field_id)
        signature_id = str(uuid.uuid4())
        now = to_text(signed_at or self._clock())
        with self._conn.transaction():
            answers = self._editable_answers(draft_id)
            self._conn.execute(
                "DELETE FROM signatures WHERE draft_id = ? AND field_id = ?", (draft_id, field_id)
            )
            self._conn.execute(
                "INSERT INTO signatures (id, draft_id, field_id, strokes, png, content_sha256, "
                "created_at, method, signer) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    signature_id,
                    draft_id,
                    field_id,
                    dumps(strokes),
                    png,
                    content_sha256,
                    now,
                    SignatureMethod(method).value,
                    signer.strip(),
                ),
            )
            self._write_answers(draft_id, set_value(answers, field_id, signature_id))
        return SignatureInfo(
            signature_id,
            draft_id,
            field_id,
            strokes,
            png,
            content_sha256,
            from_text(now),
            SignatureMethod(method),
            signer.strip(),
        )

    def get_signature(self, draft_id: str, field_id: str) -> SignatureInfo | None:
        """The signature of a field, or None."""
        row = self._conn.query_one(
            "SELECT id, strokes, png, content_sha256, created_at, method, signer "
            "FROM signatures WHERE draft_id = ? AND field_id = ?",
            (draft_id, field_id),
        )
        if row is None:
            return None
        return SignatureInfo(
            row[0],
            draft_id,
            field_id,
            json.loads(row[1]),
            bytes(row[2]),
            row[3],
            from_text(row[4]),
            SignatureMethod(row[5]),
            row[6],
        )

    def clear_signature(self, draft_id: str, field_id: str) -> None:
        """Remove a field's signature (e.g. the content changed after signing)."""
        with self._conn.transaction():
            answers = self._editable_answers(draft_id)
            self._conn.execute(
                "DELETE FROM signatures WHERE draft_id = ? AND field_id = ?", (draft_id, field_id)
            )
            self._write_answers(draft_id, set_value(answers, field_id, None))
