"""The plaintext of a backup record: one draft's rows, its files and its sealed copy.

Layout (before `sync.backup_crypto.seal_record` encrypts it):

    b"KOFFER-DRAFT\\x00\\x01" | u32 big-endian length of the header | header (JSON) | blobs

The header names every row of the draft by table (`koffer.store.snapshots`); a value
that is bytes (an attachment, a signature PNG, a sealed part) stands in it as
`{"$b": n}` and is the n-th blob, whose size and SHA-256 the header lists. Files are not
base64-encoded: a record of a draft with a 2 MB scan is 2 MB and a little.

The digests travel inside the encrypted record, so the record's AES-GCM tag
authenticates them together with the files: once `open_record` succeeded, no file can
differ from its digest, and the restore does not hash the files a second time
(`unpack(..., check_files=False)`). Plaintext of any other origin is checked file by
file (the default).

A draft that was finalised but not yet delivered carries its sealed submission (the
ciphertext for the office, exactly as queued): a restoring laptop puts it back into its
outbox under the same submission id, so the town hall receives it exactly once even if
the lost laptop had already delivered it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import struct
from dataclasses import dataclass, field
from typing import Any

from koffer.store.snapshots import DraftSnapshot

MAGIC = b"KOFFER-DRAFT\x00\x01"
FORMAT = 1
_LENGTH = struct.Struct(">I")
#: Largest header accepted when reading (a draft's rows without its files).
MAX_HEADER_BYTES = 16 * 1024 * 1024


class RecordFormatError(ValueError):
    """The plaintext is not a draft record of a known format (or a file fails its hash)."""


@dataclass(frozen=True)
class SealedCopy:
    """A queued sealed submission of the draft, as in the outbox (ciphertext only)."""

    submission_id: str
    template_id: str
    template_version: str
    office_id: str
    payload: bytes
    created_at: dt.datetime
    #: part id → (media type, sealed bytes)
    parts: dict[str, tuple[str, bytes]] = field(default_factory=dict)


@dataclass(frozen=True)
class DraftRecord:
    """What one record holds: the draft, its sealed copy if queued, and the YAML of the
    template version it was filled in (a new laptop may no longer get that version from
    the catalog, and without it the draft could not be opened)."""

    snapshot: DraftSnapshot
    sealed: SealedCopy | None = None
    template_yaml: str | None = None


class _Blobs:
    """Collects bytes values while the header is built."""

    def __init__(self) -> None:
        self.data: list[bytes] = []

    def ref(self, value: bytes) -> dict[str, int]:
        self.data.append(value)
        return {"$b": len(self.data) - 1}


def pack(record: DraftRecord) -> bytes:
    """The plaintext bytes of a record."""
    blobs = _Blobs()

    def encode(value: Any) -> Any:
        return blobs.ref(value) if isinstance(value, bytes) else value

    snapshot = record.snapshot
    header: dict[str, Any] = {
        "format": FORMAT,
        "draft_id": snapshot.draft_id,
        "schema": snapshot.schema,
        "tables": {
            name: [{column: encode(value) for column, value in row.items()} for row in rows]
            for name, rows in snapshot.tables.items()
        },
        "sealed": None,
        "template_yaml": record.template_yaml,
    }
    if record.sealed is not None:
        sealed = record.sealed
        header["sealed"] = {
            "submission_id": sealed.submission_id,
            "template_id": sealed.template_id,
            "template_version": sealed.template_version,
            "office_id": sealed.office_id,
            "payload": blobs.ref(sealed.payload),
            "created_at": sealed.created_at.isoformat(),
            "parts": [
                {"id": part_id, "media_type": media, "data": blobs.ref(data)}
                for part_id, (media, data) in sealed.parts.items()
            ],
        }
    header["blobs"] = [
        {"size": len(b), "sha256": hashlib.sha256(b).hexdigest()} for b in blobs.data
    ]
    text = json.dumps(header, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    encoded = text.encode("utf-8")
    return b"".join([MAGIC, _LENGTH.pack(len(encoded)), encoded, *blobs.data])


def unpack(data: bytes, *, check_files: bool = True) -> DraftRecord:
    """Read a record, checking every file's size and (unless `check_files` is False)
    SHA-256.

    `check_files=False` only for plaintext that `backup_crypto.open_record` returned: its
    tag authenticated every byte, the header's digests included, so a file can only
    differ from its digest if the laptop that packed it computed a wrong one (`pack`
    hashes the very bytes it joins). Hashing again cost the restore 0.25 CPU-seconds per
    400 MB.

    Raises:
        RecordFormatError: not a record, an unknown format, or a file that fails its hash.
    """
    if not data.startswith(MAGIC) or len(data) < len(MAGIC) + _LENGTH.size:
        raise RecordFormatError("not a Koffer draft record")
    start = len(MAGIC) + _LENGTH.size
    (length,) = _LENGTH.unpack(data[len(MAGIC) : start])
    if length > MAX_HEADER_BYTES or start + length > len(data):
        raise RecordFormatError("the record header is cut off")
    try:
        header = json.loads(data[start : start + length])
    except (UnicodeDecodeError, ValueError) as exc:
        raise RecordFormatError("the record header is not JSON") from exc
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise RecordFormatError("a record format this app does not know")
    blobs: list[bytes] = []
    offset = start + length
    for entry in header.get("blobs", []):
        size = int(entry["size"])
        blob = data[offset : offset + size]
        if len(blob) != size or (
            check_files and hashlib.sha256(blob).hexdigest() != entry["sha256"]
        ):
            raise RecordFormatError(f"file {len(blobs) + 1} of the record fails its hash")
        blobs.append(blob)
        offset += size
    if offset != len(data):
        raise RecordFormatError("the record has bytes beyond its files")

    def decode(value: Any) -> Any:
        if isinstance(value, dict) and set(value) == {"$b"}:
            try:
                return blobs[int(value["$b"])]
            except (IndexError, ValueError, TypeError) as exc:
                raise RecordFormatError("the record names a file it does not hold") from exc
        return value

    try:
        tables = {
            str(name): [{str(c): decode(v) for c, v in row.items()} for row in rows]
            for name, rows in dict(header["tables"]).items()
        }
        snapshot = DraftSnapshot(str(header["draft_id"]), int(header["schema"]), tables)
        sealed = None
        if header.get("sealed") is not None:
            raw = header["sealed"]
            sealed = SealedCopy(
                submission_id=str(raw["submission_id"]),
                template_id=str(raw["template_id"]),
                template_version=str(raw["template_version"]),
                office_id=str(raw["office_id"]),
                payload=decode(raw["payload"]),
                created_at=dt.datetime.fromisoformat(str(raw["created_at"])),
                parts={
                    str(p["id"]): (str(p["media_type"]), decode(p["data"])) for p in raw["parts"]
                },
            )
        template = header.get("template_yaml")
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        if isinstance(exc, RecordFormatError):
            raise
        raise RecordFormatError("the record header is incomplete") from exc
    return DraftRecord(snapshot, sealed, template if isinstance(template, str) else None)
