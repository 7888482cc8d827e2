"""Sealing a finished draft: only the office that processes the form can open it again.

At "Abschließen" the relevant answers (the form engine decides which), the signature
images and the attached files are encrypted as JWE (RSA-OAEP-256 + A256GCM, as in
FIT-Connect) to the office's public key from the signed catalog manifest. The result is
ciphertext plus FIT-Connect-style metadata: SHA-512 of the sealed payload and of every
sealed attachment (checked by the server), and inside the payload the SHA-512 of every
plaintext file (checked by the office after decryption).

After sealing the laptop cannot read the submission any more, which is why a headless
`koffer sync` may send it without the passphrase. Nothing here touches a store.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from forms.engine import compile_template
from forms.model import Template
from forms.paths import texts_in
from sync import crypto
from sync.protocol import (
    AttachmentAnnouncement,
    SealedAttachmentInfo,
    SealedContent,
    SubmissionRequest,
)

#: Media type of the sealed payload's plaintext.
PAYLOAD_CONTENT_TYPE = "application/json"


class SealingError(ValueError):
    """A draft cannot be sealed; `user_message` says why in German."""

    def __init__(self, detail: str, user_message: str) -> None:
        """Keep the technical detail and the German text for the user."""
        super().__init__(detail)
        self.user_message = user_message


@dataclass(frozen=True)
class FileToSeal:
    """An attached file or a signature image of the draft, in plaintext."""

    id: str
    field_id: str
    filename: str
    media_type: str
    data: bytes


@dataclass(frozen=True)
class SealedSubmission:
    """A submission as it enters the outbox: ciphertext and metadata only."""

    submission_id: str
    draft_id: str
    template_id: str
    template_version: str
    office_id: str
    created_at: dt.datetime
    payload: str
    #: part id → (media type of the file inside, sealed bytes: a compact JWE)
    parts: dict[str, tuple[str, bytes]] = field(default_factory=dict)

    def request(self, created_at: dt.datetime | None = None) -> SubmissionRequest:
        """The PUT body; `created_at` lets the outbox keep its own stable timestamp."""
        return build_request(
            template_id=self.template_id,
            template_version=self.template_version,
            office_id=self.office_id,
            created_at=created_at or self.created_at,
            payload=self.payload,
            parts=self.parts,
        )


def build_request(
    *,
    template_id: str,
    template_version: str,
    office_id: str,
    created_at: dt.datetime,
    payload: str,
    parts: Mapping[str, tuple[str, bytes]],
    digests: Mapping[str, str] | None = None,
) -> SubmissionRequest:
    """The PUT body for a sealed submission: the same input always gives the same body,
    which is what makes a repeated PUT idempotent.

    `digests`: part id → hex SHA-512 where the outbox already took it (when the part
    was queued); the other parts are hashed here.
    """
    known = digests or {}
    return SubmissionRequest(
        template_id=template_id,
        template_version=template_version,
        office_id=office_id,
        created_at=created_at,
        payload=payload,
        payload_sha512=crypto.sha512_hex(payload.encode("ascii")),
        attachments=[
            AttachmentAnnouncement(
                id=part_id,
                size=len(data),
                sha512=known.get(part_id) or crypto.sha512_hex(data),
                media_type=media,
            )
            for part_id, (media, data) in sorted(parts.items())
        ],
    )


def office_key_for(template: Template, office_keys: Mapping[str, Mapping[str, Any]]) -> Any:
    """The public JWK of the template's office, checked (RSA, at least 4096 bits).

    Raises:
        SealingError: no key for that office in the catalog, or an unusable key.
    """
    recipient = office_keys.get(template.office_id)
    if recipient is None:
        raise SealingError(
            f"no key for office {template.office_id}",
            "Für die zuständige Stelle dieses Formulars liegt noch kein Schlüssel vor. "
            "Bitte einmal mit dem Rathaus verbinden; der Antrag bleibt gespeichert.",
        )
    try:
        key = crypto.load_encryption_key(json.dumps(dict(recipient)), private=False)
    except crypto.CryptoError as exc:
        raise SealingError(
            f"office key unusable: {exc}",
            "Der Schlüssel der zuständigen Stelle ist ungültig. Bitte das Rathaus informieren; "
            "der Antrag bleibt gespeichert.",
        ) from exc
    return crypto.public_jwk(key)


def seal_submission(
    template: Template,
    answers: Mapping[str, Any],
    *,
    draft_id: str,
    files: Iterable[FileToSeal],
    office_keys: Mapping[str, Mapping[str, Any]],
    submission_id: str | None = None,
    created_at: dt.datetime | None = None,
    today: dt.date | None = None,
    extra: Mapping[str, Any] | None = None,
) -> SealedSubmission:
    """Encrypt the relevant answers and the files they reference for the template's office.

    Args:
        files: attachments and signature images of the draft; only those referenced by
            a relevant answer are sealed (data minimisation: a file of a question that
            no longer applies never leaves the laptop).
        office_keys: `office_keys` of the verified catalog manifest.
        extra: non-answer facts for the office copy (e.g. staff name, place).

    Raises:
        SealingError: no usable office key.
    """
    recipient = office_key_for(template, office_keys)
    now = created_at or dt.datetime.now(dt.UTC)
    sid = submission_id or str(uuid.uuid4())
    evaluation = compile_template(template).evaluate(dict(answers), today=today or now.date())
    relevant = evaluation.relevant_answers()
    wanted = set(texts_in(relevant))
    infos: list[SealedAttachmentInfo] = []
    parts: dict[str, tuple[str, bytes]] = {}
    for item in files:
        if item.id not in wanted or item.id in parts:
            continue
        sealed = crypto.seal(item.data, recipient, content_type=item.media_type)
        parts[item.id] = (item.media_type, sealed.encode("ascii"))
        infos.append(
            SealedAttachmentInfo.model_validate(
                {
                    "id": item.id,
                    "field_id": item.field_id,
                    "filename": item.filename,
                    "media_type": item.media_type,
                    "size": len(item.data),
                    "sha512": crypto.sha512_hex(item.data),
                }
            )
        )
    content = SealedContent.model_validate(
        {
            **dict(extra or {}),
            "submission_id": sid,
            "template_id": template.id,
            "template_version": template.version,
            "created_at": now,
            "answers": relevant,
            "attachments": infos,
        }
    )
    payload = crypto.seal(
        content.model_dump_json().encode("utf-8"), recipient, content_type=PAYLOAD_CONTENT_TYPE
    )
    return SealedSubmission(
        submission_id=sid,
        draft_id=draft_id,
        template_id=template.id,
        template_version=template.version,
        office_id=template.office_id,
        created_at=now,
        payload=payload,
        parts=parts,
    )
