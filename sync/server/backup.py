"""The draft backup on the server: a person's wrapped key and their encrypted records.

The server stores what the laptops made and can open none of it: the backup key only
wrapped (under the passphrase, and to the offline recovery key), every record and label
as AES-GCM ciphertext under that key. Backups belong to the staff member, not to a
laptop: a revoked laptop's token opens nothing any more (`auth` answers 410), while the
person's backups stay for the replacement laptop enrolled for the same person.

Every step is one transaction. Records are versioned by the laptop: the server keeps the
newest complete version and at most one newer upload in progress, which replaces it
only when its last byte arrived and its SHA-512 matched. Uploads resume like attachment
uploads (HEAD tells the offset, PATCH appends at exactly that offset).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, bindparam, case, delete, func, null, select, update
from sqlalchemy.orm import Session

from sync.protocol import (
    BackupKeyEnvelope,
    BackupKeyState,
    BackupListing,
    BackupRecordInfo,
    BackupRecordRequest,
    BackupRecordState,
    listing_digest,
)
from sync.server.db import (
    BackupChunk,
    BackupKey,
    BackupRecord,
    Database,
    Device,
    Setting,
    Staff,
    utcnow,
)
from sync.server.errors import ApiError
from sync.server.intake import PieceOutcome, UploadState, check_piece
from sync.server.settings import ServerSettings

log = logging.getLogger("koffer.server.backup")

#: `settings` row holding the town hall's public recovery key (JWK JSON).
RECOVERY_KEY_SETTING = "backup_recovery_jwk"


class StaffError(ValueError):
    """An admin action on staff or backups cannot be done; the message says why."""


# --- who ---------------------------------------------------------------------------------


def _staff_id(session: Session, device_id: str) -> str:
    """The staff member of an authenticated device; 409 `no_staff` for a laptop that was
    enrolled without one (it cannot back up until it is enrolled again for a person)."""
    staff_id = session.scalar(select(Device.staff_id).where(Device.id == device_id))
    if staff_id is None:
        raise ApiError(409, "no_staff")
    return staff_id


def _lock_staff(session: Session, staff_id: str) -> Staff:
    """The person's row, locked: their backup changes one at a time (PostgreSQL; SQLite
    has one writer anyway)."""
    staff = session.scalars(select(Staff).where(Staff.id == staff_id).with_for_update()).one()
    return staff


# --- the wrapped key ------------------------------------------------------------------------


def key_state(db: Database, device_id: str) -> BackupKeyState:
    """Whose backup this device writes and the wrapped key, if one was stored."""
    with db.read() as session:
        staff_id = _staff_id(session, device_id)
        staff = session.get(Staff, staff_id)
        assert staff is not None
        row = session.get(BackupKey, staff_id)
        return BackupKeyState(
            staff_id=staff.id,
            staff_name=staff.display_name,
            envelope=None if row is None else BackupKeyEnvelope.model_validate_json(row.envelope),
            updated_at=None if row is None else row.updated_at,
        )


def put_key(db: Database, device_id: str, envelope: BackupKeyEnvelope) -> BackupKeyState:
    """Store the person's wrapped key, or new wrappings of the SAME key (a new passphrase,
    a new recovery key). A different key is refused (409 `backup_key_differs`): that
    laptop must unwrap the existing key instead (restore), or the person's records could
    not all be opened with one passphrase any more."""
    with db.write.begin() as session:
        staff_id = _staff_id(session, device_id)
        staff = _lock_staff(session, staff_id)
        row = session.get(BackupKey, staff_id)
        now = utcnow()
        if row is None:
            session.add(
                BackupKey(
                    staff_id=staff_id,
                    key_id=envelope.key_id,
                    envelope=envelope.model_dump_json(),
                    updated_at=now,
                    device_id=device_id,
                )
            )
            log.info("backup key of staff member stored (device %s)", device_id)
        elif row.key_id != envelope.key_id:
            raise ApiError(409, "backup_key_differs")
        else:
            row.envelope = envelope.model_dump_json()
            row.updated_at = now
            row.device_id = device_id
        return BackupKeyState(
            staff_id=staff.id, staff_name=staff.display_name, envelope=envelope, updated_at=now
        )


# --- records ---------------------------------------------------------------------------------


def _versions(session: Session, staff_id: str, record_id: str) -> Sequence[BackupRecord]:
    return session.scalars(
        select(BackupRecord)
        .where(BackupRecord.staff_id == staff_id, BackupRecord.record_id == record_id)
        .order_by(BackupRecord.version)
        .with_for_update()
    ).all()


def _state(row: BackupRecord, *, newer: bool = False) -> BackupRecordState:
    return BackupRecordState(
        record_id=row.record_id,
        version=row.version,
        size=row.size,
        offset=row.offset,
        complete=row.complete,
        newer=newer,
    )


def _drop(session: Session, row: BackupRecord) -> None:
    session.execute(
        delete(BackupChunk).where(
            BackupChunk.staff_id == row.staff_id,
            BackupChunk.record_id == row.record_id,
            BackupChunk.version == row.version,
        )
    )
    session.delete(row)


def _stored_bytes(session: Session, staff_id: str, except_record: str) -> int:
    total = session.scalar(
        select(func.coalesce(func.sum(BackupRecord.size), 0)).where(
            BackupRecord.staff_id == staff_id, BackupRecord.record_id != except_record
        )
    )
    return int(total or 0)


def put_record(
    db: Database,
    settings: ServerSettings,
    device_id: str,
    record_id: str,
    request: BackupRecordRequest,
) -> BackupRecordState:
    """Announce a version of a record; answers where its upload stands.

    * a complete version at least as new exists: `newer` (or, for the same version with
      the same hash, simply complete): there is nothing to send;
    * the same version is being uploaded: its offset (resume);
    * otherwise a new upload starts at 0, and an older unfinished one is dropped.
    """
    with db.write.begin() as session:
        staff_id = _staff_id(session, device_id)
        _lock_staff(session, staff_id)
        rows = _versions(session, staff_id, record_id)
        complete = [r for r in rows if r.complete]
        newest = complete[-1] if complete else None
        if newest is not None and newest.version >= request.version:
            if newest.version == request.version and newest.sha512 != request.sha512:
                raise ApiError(409, "conflict")
            return _state(newest, newer=newest.version > request.version)
        for row in rows:
            if row.complete:
                continue
            if row.version == request.version and (row.sha512, row.size, row.label) == (
                request.sha512,
                request.size,
                request.label,
            ):
                return _state(row)
            _drop(session, row)
        if _stored_bytes(session, staff_id, record_id) + request.size > settings.backup_quota_bytes:
            raise ApiError(413, "backup_quota", limit=settings.backup_quota_bytes)
        row = BackupRecord(
            staff_id=staff_id,
            record_id=record_id,
            version=request.version,
            size=request.size,
            sha512=request.sha512,
            label=request.label,
            offset=0,
            complete=False,
            created_at=utcnow(),
            device_id=device_id,
        )
        session.add(row)
        session.flush()
        return _state(row)


def _upload(session: Session, staff_id: str, record_id: str, version: int) -> BackupRecord:
    row = session.scalars(
        select(BackupRecord).where(
            BackupRecord.staff_id == staff_id,
            BackupRecord.record_id == record_id,
            BackupRecord.version == version,
        )
    ).first()
    if row is None:
        raise ApiError(404, "not_found")
    return row


def _chunks(session: Session, row: BackupRecord) -> Iterator[bytes]:
    yield from session.scalars(
        select(BackupChunk.data)
        .where(
            BackupChunk.staff_id == row.staff_id,
            BackupChunk.record_id == row.record_id,
            BackupChunk.version == row.version,
        )
        .order_by(BackupChunk.offset)
    )


@dataclass(frozen=True)
class RecordUpload:
    """The upload of one version of a record: an `uploads.UploadTarget`, so it streams
    in committed pieces exactly like an attachment (same checks, same resume)."""

    db: Database
    device_id: str
    record_id: str
    version: int

    def state(self) -> UploadState:
        """Where the upload stands (for HEAD, and before an upload starts)."""
        with self.db.read() as session:
            staff_id = _staff_id(session, self.device_id)
            row = _upload(session, staff_id, self.record_id, self.version)
            return UploadState(row.offset, row.size, row.complete, row.sha512)

    def hasher(self) -> Any:
        """SHA-512 over the committed pieces."""
        digest = hashlib.sha512()
        with self.db.read() as session:
            row = _upload(session, _staff_id(session, self.device_id), self.record_id, self.version)
            for piece in _chunks(session, row):
                digest.update(piece)
        return digest

    def store(
        self,
        *,
        offset: int,
        data: bytes,
        expected: UploadState,
        whole: Any,
        crc32: int | None,
    ) -> PieceOutcome:
        """Commit one checked piece; the last one makes this version the record's current
        one in the same transaction (durably: the laptop then drops its copy)."""
        end, final, whole_ok = check_piece(
            offset=offset, data=data, expected=expected, whole=whole, crc32=crc32
        )
        with (self.db.write if final else self.db.relaxed).begin() as session:
            staff_id = _staff_id(session, self.device_id)
            moved = session.execute(
                update(BackupRecord)
                .where(
                    BackupRecord.staff_id == staff_id,
                    BackupRecord.record_id == self.record_id,
                    BackupRecord.version == self.version,
                    BackupRecord.offset == offset,
                    BackupRecord.complete.is_(False),
                )
                .values(offset=end if whole_ok else 0)
                .execution_options(synchronize_session=False)
            )
            if getattr(moved, "rowcount", 0) != 1:
                row = _upload(session, staff_id, self.record_id, self.version)
                raise ApiError(
                    409,
                    "offset_mismatch",
                    headers={"Upload-Offset": str(row.offset)},
                    offset=row.offset,
                )
            if not whole_ok:
                session.execute(
                    delete(BackupChunk).where(
                        BackupChunk.staff_id == staff_id,
                        BackupChunk.record_id == self.record_id,
                        BackupChunk.version == self.version,
                    )
                )
            else:
                session.add(
                    BackupChunk(
                        staff_id=staff_id,
                        record_id=self.record_id,
                        version=self.version,
                        offset=offset,
                        data=data,
                    )
                )
                if final:
                    session.flush()
                    _complete(session, _upload(session, staff_id, self.record_id, self.version))
        if not whole_ok:
            log.warning("backup record %s/%s failed its checksum", self.record_id, self.version)
            raise ApiError(422, "checksum_mismatch", headers={"Upload-Offset": "0"}, offset=0)
        return PieceOutcome(UploadState(end, expected.size, final, expected.sha512))

    def nothing_to_store(self, expected: UploadState) -> PieceOutcome:
        """An empty body: nothing changes."""
        return PieceOutcome(expected)


def _complete(session: Session, row: BackupRecord) -> None:
    """The record's last byte is in: it becomes the current version (older ones go)."""
    staff = _lock_staff(session, row.staff_id)
    staff.backup_seq += 1
    row.complete = True
    row.stored_at = utcnow()
    row.seq = staff.backup_seq
    for other in _versions(session, row.staff_id, row.record_id):
        if other.version != row.version:
            _drop(session, other)


def listing(db: Database, device_id: str, since: int) -> BackupListing:
    """The person's complete records stored after change `since`, with the digest and
    count of ALL of them (so the laptop notices records the server lost)."""
    with db.read() as session:
        staff_id = _staff_id(session, device_id)
        staff = session.get(Staff, staff_id)
        assert staff is not None
        every = session.execute(
            select(BackupRecord.record_id, BackupRecord.version, BackupRecord.sha512).where(
                BackupRecord.staff_id == staff_id, BackupRecord.complete.is_(True)
            )
        ).all()
        changed = session.scalars(
            select(BackupRecord)
            .where(
                BackupRecord.staff_id == staff_id,
                BackupRecord.complete.is_(True),
                BackupRecord.seq > since,
            )
            .order_by(BackupRecord.seq)
        ).all()
        return BackupListing(
            seq=staff.backup_seq,
            count=len(every),
            digest=listing_digest([(r[0], int(r[1]), r[2]) for r in every]),
            records=[
                BackupRecordInfo(
                    record_id=r.record_id,
                    version=r.version,
                    size=r.size,
                    sha512=r.sha512,
                    label=r.label,
                    stored_at=r.stored_at or r.created_at,
                    seq=r.seq or 0,
                )
                for r in changed
            ],
        )


#: Bytes of record pieces read from the database in one go while a record is sent.
READ_GROUP_BYTES = 4 * 1024 * 1024


def read_groups(pieces: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """(offset, length) pieces in runs of at most READ_GROUP_BYTES (at least one each)."""
    groups: list[list[tuple[int, int]]] = []
    size = READ_GROUP_BYTES
    for piece in pieces:
        if size + piece[1] > READ_GROUP_BYTES:
            groups.append([])
            size = 0
        groups[-1].append(piece)
        size += piece[1]
    return groups


@dataclass(frozen=True)
class StoredRecord:
    """A complete record version, ready to be sent from a byte on: its facts, the
    pieces to send in read groups, and the data of the first group."""

    record_id: str
    version: int
    size: int
    sha512: str
    staff_id: str
    #: (offset, length) of every committed piece from the wanted byte on, in groups:
    #: the first is every piece that begins before `start + READ_GROUP_BYTES` (read with
    #: the facts), the others at most READ_GROUP_BYTES each (`read_groups`)
    groups: list[list[tuple[int, int]]]
    #: the data of `groups[0]` (a record of up to READ_GROUP_BYTES, the usual draft, is
    #: sent without a second query and thread hop)
    head: list[bytes]


def _stored_record_query() -> Any:
    """Who the device's person is, the version's facts, and its pieces from byte
    `:start` on (data only for those that begin before `:head_end`), in ONE statement.

    WHY one Core statement: a restore downloads every record of the person, and the
    four ORM queries it took before (device, record, pieces, data) were about a third of
    the town hall's work per record (py-spy, docs/benchmarks.md, issue 17). Outer joins,
    so that the answer still tells a laptop without a person (409) from a version that is
    not stored (404), exactly as before; `length(data)` does not read a blob in SQLite.
    """
    piece = BackupChunk.__table__.c
    record = BackupRecord.__table__.c
    device = Device.__table__.c
    return (
        select(
            device.staff_id,
            record.size,
            record.sha512,
            record.complete,
            piece.offset,
            func.length(piece.data),
            case((piece.offset < bindparam("head_end"), piece.data), else_=null()),
        )
        .select_from(
            Device.__table__.outerjoin(
                BackupRecord.__table__,
                and_(
                    record.staff_id == device.staff_id,
                    record.record_id == bindparam("record_id"),
                    record.version == bindparam("version"),
                ),
            ).outerjoin(
                BackupChunk.__table__,
                and_(
                    piece.staff_id == record.staff_id,
                    piece.record_id == record.record_id,
                    piece.version == record.version,
                    piece.offset + func.length(piece.data) > bindparam("start"),
                ),
            )
        )
        .where(device.id == bindparam("device_id"))
        .order_by(piece.offset)
    )


_STORED_RECORD = _stored_record_query()


def stored_record(
    db: Database, device_id: str, record_id: str, version: int, start: int = 0
) -> StoredRecord:
    """The complete version of a record from byte `start` on (404 when it is not, or no
    longer, stored; 409 `no_staff` for a laptop enrolled without a person)."""
    with db.read_core.connect() as connection:
        rows = connection.execute(
            _STORED_RECORD,
            {
                "device_id": device_id,
                "record_id": record_id,
                "version": version,
                "start": start,
                "head_end": start + READ_GROUP_BYTES,
            },
        ).all()
    if not rows or rows[0][0] is None:
        raise ApiError(409, "no_staff")
    staff_id, size, sha512, complete = rows[0][0], rows[0][1], rows[0][2], rows[0][3]
    if size is None or not complete:
        raise ApiError(404, "not_found")
    pieces = [(int(r[4]), int(r[5])) for r in rows if r[4] is not None]
    head = [bytes(r[6]) for r in rows if r[4] is not None and r[6] is not None]
    groups = ([pieces[: len(head)]] if head else []) + read_groups(pieces[len(head) :])
    return StoredRecord(record_id, version, int(size), str(sha512), str(staff_id), groups, head)


def read_pieces(db: Database, record: StoredRecord, offsets: list[int]) -> list[bytes]:
    """Committed pieces of a record in one query, in the order of `offsets` (one read
    per few MB instead of one per piece: each read is a session and a thread hop). Only
    the pieces up to the first missing one: the version was replaced meanwhile (the
    laptop then sees a short body and asks the listing again)."""
    with db.read() as session:
        return _piece_data(session, record.staff_id, record.record_id, record.version, offsets)


def _piece_data(
    session: Session, staff_id: str, record_id: str, version: int, offsets: list[int]
) -> list[bytes]:
    rows = session.execute(
        select(BackupChunk.offset, BackupChunk.data).where(
            BackupChunk.staff_id == staff_id,
            BackupChunk.record_id == record_id,
            BackupChunk.version == version,
            BackupChunk.offset.in_(offsets),
        )
    ).all()
    found = {int(o): bytes(d) for o, d in rows}
    out: list[bytes] = []
    for offset in offsets:
        data = found.get(offset)
        if data is None:
            break
        out.append(data)
    return out


def delete_record(db: Database, device_id: str, record_id: str) -> None:
    """Remove every version of a record (idempotent: unknown ids are not an error)."""
    with db.write.begin() as session:
        staff_id = _staff_id(session, device_id)
        staff = _lock_staff(session, staff_id)
        rows = _versions(session, staff_id, record_id)
        for row in rows:
            _drop(session, row)
        if rows:
            staff.backup_seq += 1
            log.info("backup record %s deleted (device %s)", record_id, device_id)


# --- admin ---------------------------------------------------------------------------------


def ensure_staff(session: Session, staff_id: str, display_name: str | None) -> tuple[Staff, bool]:
    """The staff member `staff_id`, created (with `display_name`) if new; returns it and
    whether it was new. A given name replaces the stored one."""
    staff = session.get(Staff, staff_id)
    if staff is None:
        if not display_name:
            raise StaffError(
                f"staff id {staff_id!r} is new: give the person's name with --staff-name"
            )
        staff = Staff(id=staff_id, display_name=display_name, created_at=utcnow(), backup_seq=0)
        session.add(staff)
        session.flush()
        return staff, True
    if display_name and display_name != staff.display_name:
        staff.display_name = display_name
    return staff, False


@dataclass(frozen=True)
class StaffRow:
    """One line of `koffer-admin staff`."""

    id: str
    name: str
    active_devices: list[str]
    revoked_devices: list[str]
    records: int
    stored_bytes: int
    has_key: bool
    has_recovery: bool
    last_backup: dt.datetime | None


def staff_overview(session: Session) -> list[StaffRow]:
    """Every staff member with their laptops and the size of their backup."""
    out: list[StaffRow] = []
    for staff in session.scalars(select(Staff).order_by(Staff.id)).all():
        devices = session.scalars(select(Device).where(Device.staff_id == staff.id)).all()
        count, size, last = session.execute(
            select(
                func.count(),
                func.coalesce(func.sum(BackupRecord.size), 0),
                func.max(BackupRecord.stored_at),
            ).where(BackupRecord.staff_id == staff.id, BackupRecord.complete.is_(True))
        ).one()
        key = session.get(BackupKey, staff.id)
        envelope = None if key is None else BackupKeyEnvelope.model_validate_json(key.envelope)
        out.append(
            StaffRow(
                id=staff.id,
                name=staff.display_name,
                active_devices=[d.name for d in devices if d.revoked_at is None],
                revoked_devices=[d.name for d in devices if d.revoked_at is not None],
                records=int(count),
                stored_bytes=int(size),
                has_key=key is not None,
                has_recovery=envelope is not None and envelope.recovery is not None,
                last_backup=last,
            )
        )
    return out


def other_devices(session: Session, staff_id: str) -> list[Device]:
    """The laptops already enrolled for a person (to tell the admin at `enroll`)."""
    return list(
        session.scalars(
            select(Device).where(Device.staff_id == staff_id).order_by(Device.enrolled_at)
        ).all()
    )


def purge_staff(session: Session, staff_id: str) -> tuple[int, bool]:
    """Delete a person's backup: every record and the wrapped key (Art. 17 GDPR).

    Returns (records deleted, whether a key was deleted). The change counter moves on,
    so a laptop of theirs that is still active notices and backs up again what it holds.
    """
    staff = session.get(Staff, staff_id)
    if staff is None:
        raise StaffError(f"no staff member {staff_id!r}")
    records = session.scalar(
        select(func.count())
        .select_from(BackupRecord)
        .where(BackupRecord.staff_id == staff_id, BackupRecord.complete.is_(True))
    )
    session.execute(delete(BackupChunk).where(BackupChunk.staff_id == staff_id))
    session.execute(delete(BackupRecord).where(BackupRecord.staff_id == staff_id))
    had_key = session.get(BackupKey, staff_id) is not None
    session.execute(delete(BackupKey).where(BackupKey.staff_id == staff_id))
    session.execute(
        update(Staff).where(Staff.id == staff_id).values(backup_seq=Staff.backup_seq + 1)
    )
    return int(records or 0), had_key


def stored_envelope(session: Session, staff_id: str) -> BackupKeyEnvelope:
    """The wrapped key of a person (admin tool)."""
    row = session.get(BackupKey, staff_id)
    if row is None:
        raise StaffError(f"no backup key stored for {staff_id!r}")
    return BackupKeyEnvelope.model_validate_json(row.envelope)


def replace_envelope(session: Session, staff_id: str, envelope: BackupKeyEnvelope) -> None:
    """Store new wrappings of a person's key (admin tool: `backup recover`)."""
    row = session.get(BackupKey, staff_id)
    if row is None or row.key_id != envelope.key_id:
        raise StaffError("the new wrapping is not of the stored key")
    row.envelope = envelope.model_dump_json()
    row.updated_at = utcnow()
    row.device_id = "admin"


def recovery_key(session: Session) -> dict[str, object] | None:
    """The town hall's public recovery key (JWK), if one was registered."""
    row = session.get(Setting, RECOVERY_KEY_SETTING)
    return None if row is None else dict(json.loads(row.value))
