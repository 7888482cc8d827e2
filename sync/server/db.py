"""Database schema and engine of the town-hall backend (SQLAlchemy 2).

One schema for SQLite (one town, one process) and PostgreSQL (several processes behind a
load balancer). The schema itself is created and changed only by the Alembic migrations
in `sync.server.migrations`; these classes must stay in step with them (a test compares
both).

Submissions and attachments are stored exactly as the laptop sealed them (JWE); nothing
here can be read without the office's private key. Attachment bytes live in the database
as chunks, so an upload interrupted by a crash resumes at the last committed chunk and
several backend processes need no shared disk.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Dialect,
    Engine,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    create_engine,
    event,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker
from sqlalchemy.types import TypeDecorator


class UtcDateTime(TypeDecorator[dt.datetime]):
    """A timestamp stored as naive UTC and always returned time-zone aware (UTC).

    SQLite has no time zones; storing naive UTC everywhere keeps both engines identical.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        """Convert an aware datetime to naive UTC; naive input is a programming error."""
        del dialect
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(
        self, value: dt.datetime | None, dialect: Dialect
    ) -> dt.datetime | None:
        """Attach UTC to the stored naive value."""
        del dialect
        return None if value is None else value.replace(tzinfo=dt.UTC)


class Base(DeclarativeBase):
    """Declarative base of all tables."""


class Device(Base):
    """An enrolled laptop profile and what it last reported about itself."""

    __tablename__ = "devices"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    enrolled_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    last_seen_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    app_version: Mapped[str | None] = mapped_column(String(200))
    catalog_version: Mapped[int | None] = mapped_column(Integer)
    outbox_length: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(String(500))
    #: The staff member this laptop profile belongs to (backups are theirs, not its).
    staff_id: Mapped[str | None] = mapped_column(ForeignKey("staff.id"))


class EnrollmentCode(Base):
    """A one-time enrollment code (stored hashed) and whether it was used."""

    __tablename__ = "enrollment_codes"

    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    device_name: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    used_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    device_id: Mapped[str | None] = mapped_column(String(32))
    staff_id: Mapped[str | None] = mapped_column(String(64))


class EnrollFailure(Base):
    """A failed enrollment attempt, for the per-address rate limit."""

    __tablename__ = "enroll_failures"
    __table_args__ = (Index("ix_enroll_failures_ip_at", "ip", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    ip: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class ApiToken(Base):
    """An admin or expert token (stored hashed)."""

    __tablename__ = "api_tokens"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    role: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(120))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())


class SigningKey(Base):
    """Public half of an Ed25519 catalog signing key that laptops pin at enrollment."""

    __tablename__ = "signing_keys"

    key_id: Mapped[str] = mapped_column(String(16), primary_key=True)
    public_key: Mapped[str] = mapped_column(String(64))
    added_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class StoredTemplate(Base):
    """A template file of the catalog, exactly as the admin added it."""

    __tablename__ = "templates"

    template_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[str] = mapped_column(String(32), primary_key=True)
    title: Mapped[str] = mapped_column(String(500))
    office_id: Mapped[str] = mapped_column(String(64))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    added_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    retired_after: Mapped[dt.date | None] = mapped_column(Date)


class Office(Base):
    """An office that processes forms, with its public RSA encryption key (JWK)."""

    __tablename__ = "offices"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    public_jwk: Mapped[str] = mapped_column(Text)
    added_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class PublishedManifest(Base):
    """A signed catalog manifest as published by the admin; the newest one is served.

    `legacy_document` is the same publication signed for laptops from before manifest
    layout 2 (only the fields and templates they know); None for manifests published
    before it existed, which were legacy documents themselves.
    """

    __tablename__ = "manifests"

    catalog_version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    document: Mapped[str] = mapped_column(Text)
    etag: Mapped[str] = mapped_column(String(64))
    published_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    legacy_document: Mapped[str | None] = mapped_column(Text)
    legacy_etag: Mapped[str | None] = mapped_column(String(64))


class CatalogFile(Base):
    """A file of the catalog by SHA-256: a town's source PDF, a published service directory."""

    __tablename__ = "catalog_files"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    media_type: Mapped[str] = mapped_column(String(128))
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    added_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class Service(Base):
    """One entry of the service directory (`forms.directory.ServiceEntry` as JSON)."""

    __tablename__ = "services"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    entry: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class Submission(Base):
    """A sealed application; `reference` is set once, when it is complete.

    Keyed by (device, id): the id is the laptop's UUID, and one device's ids are its own.
    WHY: with a global id, a PUT under an id another device had used could only be
    refused, which told the caller that the id exists (an existence oracle). Scoped per
    device, another device's id is simply unknown to the caller, on every endpoint.
    """

    __tablename__ = "submissions"
    __table_args__ = (
        Index("ix_submissions_office_received", "office_id", "received_at"),
        Index("ix_submissions_device_received", "device_id", "received_at"),
    )

    device_id: Mapped[str] = mapped_column(ForeignKey("devices.id"), primary_key=True)
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    template_id: Mapped[str] = mapped_column(String(64))
    template_version: Mapped[str] = mapped_column(String(32))
    office_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    payload: Mapped[str] = mapped_column(Text)
    payload_sha512: Mapped[str] = mapped_column(String(128))
    request_sha256: Mapped[str] = mapped_column(String(64))
    stored_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    received_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    reference: Mapped[str | None] = mapped_column(String(32), unique=True)
    exported_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    #: When the ciphertext was deleted after the export (the row stays as the record).
    purged_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())


class Attachment(Base):
    """An announced attachment and how many of its (sealed) bytes are stored."""

    __tablename__ = "attachments"
    __table_args__ = (
        ForeignKeyConstraint(
            ["device_id", "submission_id"],
            ["submissions.device_id", "submissions.id"],
            ondelete="CASCADE",
        ),
    )

    device_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    submission_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    size: Mapped[int] = mapped_column(BigInteger)
    sha512: Mapped[str] = mapped_column(String(128))
    media_type: Mapped[str] = mapped_column(String(130))
    offset: Mapped[int] = mapped_column(BigInteger)
    complete: Mapped[bool] = mapped_column(Boolean)


class AttachmentChunk(Base):
    """One committed piece of an attachment upload, starting at `offset`."""

    __tablename__ = "attachment_chunks"
    __table_args__ = (
        ForeignKeyConstraint(
            ["device_id", "submission_id", "attachment_id"],
            ["attachments.device_id", "attachments.submission_id", "attachments.id"],
            ondelete="CASCADE",
        ),
    )

    device_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    submission_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    attachment_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    offset: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class ReferenceCounter(Base):
    """The last receipt number handed out in a year (one row per year, gap-free)."""

    __tablename__ = "reference_counters"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_number: Mapped[int] = mapped_column(Integer)


class VisitRow(Base):
    """An appointment of the staff member using a device (imported from CSV)."""

    __tablename__ = "visits"
    __table_args__ = (Index("ix_visits_device_start", "device_id", "starts_at"),)

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    device_id: Mapped[str] = mapped_column(ForeignKey("devices.id", ondelete="CASCADE"))
    starts_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    ends_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    citizen_name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(500))
    purpose: Mapped[str] = mapped_column(String(500))
    suggested_forms: Mapped[str] = mapped_column(Text)


class Setting(Base):
    """A server setting kept in the database (e.g. the public URL for enrollment)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class AssistSession(Base):
    """A remote expert session: who, when, how long, how many frames; never content.

    The join code is kept only hashed and only until it is used or expired; the public
    keys are the ends' X25519 session keys (not secret). Frames pass through the relay
    unstored; `*_frames`/`*_bytes` count them. `*_online` hold the id of the end's
    current connection and `*_seen_at` when its server process last vouched for it, so
    every process knows whether the peer is there (see `sync.server.assist_relay`).
    """

    __tablename__ = "assist_sessions"
    __table_args__ = (Index("ix_assist_sessions_device", "device_id", "ended_at"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    device_id: Mapped[str] = mapped_column(ForeignKey("devices.id", ondelete="CASCADE"))
    code_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    code_expires_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    key_commitment: Mapped[str] = mapped_column(String(43))
    owner_key: Mapped[str | None] = mapped_column(String(43))
    expert_id: Mapped[str | None] = mapped_column(ForeignKey("api_tokens.id", ondelete="CASCADE"))
    expert_key: Mapped[str | None] = mapped_column(String(43))
    joined_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    ended_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    end_reason: Mapped[str | None] = mapped_column(String(16))
    owner_frames: Mapped[int] = mapped_column(BigInteger, default=0)
    owner_bytes: Mapped[int] = mapped_column(BigInteger, default=0)
    expert_frames: Mapped[int] = mapped_column(BigInteger, default=0)
    expert_bytes: Mapped[int] = mapped_column(BigInteger, default=0)
    owner_online: Mapped[str | None] = mapped_column(String(32))
    owner_seen_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    expert_online: Mapped[str | None] = mapped_column(String(32))
    expert_seen_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())


class ExpertInvite(Base):
    """A one-time invitation (stored hashed) that enrolls an expert's Koffer."""

    __tablename__ = "expert_invites"

    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    used_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    expert_id: Mapped[str | None] = mapped_column(String(32))


class Staff(Base):
    """A staff member as the admin named them at enrollment; their laptops and backups.

    `backup_seq` counts every change of the person's backup (a record stored or deleted):
    listings are asked for "since" a value of it.
    """

    __tablename__ = "staff"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    display_name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    backup_seq: Mapped[int] = mapped_column(BigInteger)


class BackupKey(Base):
    """A person's backup key, wrapped under their passphrase and to the recovery key
    (`sync.protocol.BackupKeyEnvelope` as JSON); the server can open neither."""

    __tablename__ = "backup_keys"

    staff_id: Mapped[str] = mapped_column(
        ForeignKey("staff.id", ondelete="CASCADE"), primary_key=True
    )
    key_id: Mapped[str] = mapped_column(String(32))
    envelope: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    device_id: Mapped[str] = mapped_column(String(32))


class BackupRecord(Base):
    """One version of one backup record (AES-GCM ciphertext of a draft, opaque here).

    At most two versions of a record exist: the newest complete one (what a restore
    gets) and an upload of a newer one in progress. Completing the newer one removes
    the older in the same transaction, so a half-uploaded change never costs the last
    good backup.
    """

    __tablename__ = "backup_records"
    __table_args__ = (Index("ix_backup_records_staff_seq", "staff_id", "seq"),)

    staff_id: Mapped[str] = mapped_column(
        ForeignKey("staff.id", ondelete="CASCADE"), primary_key=True
    )
    record_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    size: Mapped[int] = mapped_column(BigInteger)
    sha512: Mapped[str] = mapped_column(String(128))
    label: Mapped[str] = mapped_column(Text)
    offset: Mapped[int] = mapped_column(BigInteger)
    complete: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    stored_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    seq: Mapped[int | None] = mapped_column(BigInteger)
    device_id: Mapped[str] = mapped_column(String(32))


class BackupChunk(Base):
    """One committed piece of a backup record's upload, starting at `offset`."""

    __tablename__ = "backup_chunks"
    __table_args__ = (
        ForeignKeyConstraint(
            ["staff_id", "record_id", "version"],
            ["backup_records.staff_id", "backup_records.record_id", "backup_records.version"],
            ondelete="CASCADE",
        ),
    )

    staff_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    record_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    offset: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    data: Mapped[bytes] = mapped_column(LargeBinary)


# --- engine ----------------------------------------------------------------------------


def default_database_url(data_dir: Path) -> str:
    """SQLite database inside the data folder."""
    return f"sqlite:///{(data_dir / 'koffer-server.db').resolve()}"


def is_sqlite(url: str) -> bool:
    """Whether the URL names an SQLite database."""
    return url.startswith("sqlite")


def sqlite_file(url: str) -> Path | None:
    """The file of an SQLite file database; None for in-memory and other databases.

    One place for reading the path out of the URL: the writer queue, the group fsync,
    the folder made at connect, the file modes and the admin tool's owner check all
    need the same file.
    """
    if not is_sqlite(url) or ":///" not in url or url.endswith(":memory:"):
        return None
    return Path(url.split(":///", 1)[1])


#: Seconds a writer waits for the database (in-process queue and SQLite busy timeout).
WRITE_WAIT_SECONDS = 60

#: Page size of a new SQLite database. Attachment chunks are 1 MiB blobs; with the
#: default 4 KiB pages each one is a chain of 256 overflow pages, with 16 KiB pages 64,
#: which makes storing a chunk about a third cheaper. Small rows barely notice.
SQLITE_PAGE_SIZE = 32768

#: WAL size from which a commit of this process starts a PASSIVE checkpoint.
WAL_CHECKPOINT_BYTES = 64 * 1024 * 1024
#: A process starts at most one checkpoint per this many seconds (see `maybe_checkpoint`).
WAL_CHECKPOINT_INTERVAL = 1.0
#: What a checkpoint beside the writers may leave for the last pass, which holds the
#: writer queue (see `GroupSync._checkpoint`); more is copied beside them first.
WAL_CATCH_UP_BYTES = 8 * 1024 * 1024
#: Passes beside the writers before the one that holds them off, whatever is left.
WAL_CATCH_UP_PASSES = 3
#: How long the pass under the writer queue waits for readers on old frames (a long
#: read, such as an inbox export, must not stall the intake: the next interval retries).
WAL_RESTART_WAIT_MS = 50

_writer_locks: dict[str, threading.Lock] = {}
_writer_locks_guard = threading.Lock()


def _writer_lock(url: str) -> threading.Lock:
    """The in-process lock that queues this process's writers of one SQLite file."""
    with _writer_locks_guard:
        return _writer_locks.setdefault(url, threading.Lock())


def writer_lock_path(database: Path) -> Path:
    """The lock file beside an SQLite database on which its writers of all processes
    queue (see `WriterFileLock`)."""
    return Path(f"{database}-writer-lock")


class WriterFileLock:
    """The queue of one SQLite file's writers across processes: a blocking `flock`.

    WHY: the in-process queue hands the database from thread to thread at once, but
    the writers of two server workers met at SQLite's own lock, whose busy handler
    sleeps in growing steps (up to 100 ms) instead of waking when it frees: with two
    workers the intake was slower than with one. A thread waiting in `flock` releases
    the GIL, the kernel wakes it as soon as the holder unlocks, and frees the lock when
    the holder's process dies, so a crashed worker never blocks the others.

    Taken after this process's `threading.Lock` (so at most one thread per process
    waits here) and released before it; held from before `BEGIN IMMEDIATE` to after
    COMMIT, ROLLBACK or close. Only writers that connect through `make_engine` queue
    here (the server's workers, `koffer-admin`); any other program still meets them at
    SQLite's lock, whose busy timeout stays the backstop, so correctness never depends
    on this queue.

    No timeout: `flock` has none. The wait is bounded by the holder's transaction,
    which holds SQLite's write lock too (a writer that waited there instead would give
    up after `WRITE_WAIT_SECONDS`); the other threads of the waiting process keep their
    timeout on the in-process lock.

    One descriptor per process (reopened after a fork: a descriptor inherited from the
    parent shares its lock, which would let both in at once). Used only under the
    in-process lock, so it needs no lock of its own.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None
        self._pid = 0

    def _descriptor(self) -> int:
        if self._fd is not None and self._pid != os.getpid():
            with contextlib.suppress(OSError):
                os.close(self._fd)  # the parent's: closing it here does not unlock
            self._fd = None
        if self._fd is None:
            # same permissions as the database: the data folder is the owner's only
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
            self._pid = os.getpid()
        return self._fd

    def acquire(self) -> None:
        """Wait (without the GIL) until no writer of another process holds the lock."""
        fcntl.flock(self._descriptor(), fcntl.LOCK_EX)

    def release(self) -> None:
        """Let the next process's writer in."""
        if self._fd is not None and self._pid == os.getpid():
            fcntl.flock(self._fd, fcntl.LOCK_UN)


_writer_file_locks: dict[str, WriterFileLock] = {}
_T = TypeVar("_T")


def _per_file(registry: dict[str, _T], url: str, make: Callable[[Path], _T]) -> _T | None:
    """This process's one `make(file)` for an SQLite file database (None in memory)."""
    path = sqlite_file(url)
    if path is None:
        return None
    with _writer_locks_guard:
        made = registry.get(url)
        if made is None:
            made = registry[url] = make(path)
        return made


def _writer_file_lock(url: str) -> WriterFileLock | None:
    """The cross-process writer queue of an SQLite file database (None in memory)."""
    return _per_file(_writer_file_locks, url, lambda db: WriterFileLock(writer_lock_path(db)))


class GroupSync:
    """Makes committed SQLite transactions durable with one fsync for many (group commit).

    WHY: a receipt must be on disk before it is sent, and SQLite's `synchronous=FULL`
    fsyncs the WAL inside the commit, that is while the one writer lock is held: with 20
    laptops delivering at once the receipts queued behind each other's fsync (4–9 ms
    each on this machine's disk). Instead a durable transaction commits like a relaxed
    one (`synchronous=NORMAL`, frames written to the WAL, not yet synced), releases the
    writer lock, and then waits here until an fsync of the WAL that *started after its
    commit* has finished. One thread does the fsync; every commit that finished before
    it started is covered by it, so concurrent receipts share one fsync, outside the lock.

    Why an fsync of the WAL file is enough: either the transaction's frames are still in
    the WAL (then they are on disk now), or the WAL was restarted, which SQLite does only
    after a complete checkpoint, and a checkpoint under `synchronous=NORMAL` syncs the
    database file before it completes.
    """

    def __init__(
        self,
        database: Path,
        writer_lock: threading.Lock,
        file_lock: WriterFileLock | None,
    ) -> None:
        self.wal = Path(f"{database}-wal")
        self.database = database
        #: the writer queue (this process's lock, then the file lock) that the last
        #: checkpoint pass holds, so that it completes and the WAL is restarted
        self._writer_lock = writer_lock
        self._file_lock = file_lock
        #: see `_sync_database`: opened once, on first need, and never closed
        self._database_fd: int | None = None
        self._database_fd_lock = threading.Lock()
        self._cond = threading.Condition()
        self._requested = 0
        self._done = 0
        self._running = False
        self._checkpointing = threading.Lock()
        #: when this process last started a checkpoint (time.monotonic; never: -inf, as
        #: the monotonic clock may start near 0 at boot, so any finite "long ago" is not)
        self._checkpointed = float("-inf")

    def maybe_checkpoint(self) -> None:
        """Copy the WAL into the database once it is large, outside the writer lock.

        WHY here: SQLite's automatic checkpoint runs inside the commit that crosses the
        threshold, that is while the writer lock is held; copying 32 MB and syncing
        stalled every writer for a few hundred ms. A PASSIVE checkpoint runs beside the
        writers; the connections of this process have the automatic one switched off.

        WHY at most once per `WAL_CHECKPOINT_INTERVAL`: SQLite never shrinks the WAL
        file (after a complete checkpoint the next writer overwrites it from the start),
        so once it has reached the threshold its size says so for ever, and every commit
        started a checkpoint of its own: a new connection, two fsyncs and the copy of
        that one commit, about 2 ms of CPU per delivery (issue 16's profile). Now the
        frames of about a second of commits are copied together.
        """
        if time.monotonic() - self._checkpointed < WAL_CHECKPOINT_INTERVAL:
            return
        try:
            if self.wal.stat().st_size < WAL_CHECKPOINT_BYTES:
                return
        except FileNotFoundError:
            return
        if not self._checkpointing.acquire(blocking=False):
            return  # another thread is at it
        try:
            if time.monotonic() - self._checkpointed < WAL_CHECKPOINT_INTERVAL:
                return  # one just finished
            self._checkpointed = time.monotonic()
            self._checkpoint()
        except sqlite3.Error:
            pass  # busy: a commit after the interval tries again
        finally:
            self._checkpointing.release()

    def _checkpoint(self) -> None:
        """Copy the WAL into the database beside the writers, then finish under the
        writer queue, so that the next writer starts the WAL from its beginning.

        WHY the last pass holds the writers off: SQLite restarts the WAL only after a
        checkpoint has copied every frame in it, and a PASSIVE checkpoint beside
        writers that never pause never gets there (each pass ends behind the frames
        appended meanwhile). Under sustained intake the WAL then grew without bound, a
        megabyte and a half per submission (2.1 GB after 1,400), every frame written
        into newly allocated page cache and disk: the kernel's share of the intake's CPU
        tripled past about 600 submissions (issue 16, seventh round). The passes beside
        the writers copy the bulk; the one under the queue copies only what they left
        (at most `WAL_CATCH_UP_BYTES` unless the writers outrun every pass) and, as
        RESTART, waits for the readers still on old frames (short look-ups) so the next
        writer overwrites the WAL from its start, in pages that are already cached;
        for at most `WAL_RESTART_WAIT_MS`, so a long read never stalls the intake.
        """
        with contextlib.closing(sqlite3.connect(self.database, timeout=1)) as connection:
            connection.execute("PRAGMA synchronous=NORMAL")
            page = int(connection.execute("PRAGMA page_size").fetchone()[0])
            for _pass in range(WAL_CATCH_UP_PASSES):
                _busy, log, done = connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
                if log < 0 or (log - done) * page <= WAL_CATCH_UP_BYTES:
                    break
            # What the passes copied is not synced yet (SQLite syncs the database file
            # only when a checkpoint completes): sync it here, not under the queue.
            self._sync_database()
            if not self._writer_lock.acquire(timeout=WRITE_WAIT_SECONDS):
                return  # the queue is stuck elsewhere; the next interval tries again
            try:
                if self._file_lock is not None:
                    self._file_lock.acquire()
                try:
                    connection.execute(f"PRAGMA busy_timeout={WAL_RESTART_WAIT_MS}")
                    connection.execute("PRAGMA wal_checkpoint(RESTART)")
                finally:
                    if self._file_lock is not None:
                        self._file_lock.release()
            finally:
                self._writer_lock.release()

    def wait_durable(self) -> None:
        """Return once everything committed before this call is on disk."""
        with self._cond:
            self._requested += 1
            ticket = self._requested
            while self._done < ticket:
                if self._running:
                    self._cond.wait()
                    continue
                self._running = True
                target = self._requested
                self._cond.release()
                try:
                    self._fsync()
                finally:
                    self._cond.acquire()
                    self._running = False
                    self._cond.notify_all()
                self._done = max(self._done, target)

    def _fsync(self) -> None:
        try:
            fd = os.open(self.wal, os.O_RDONLY | os.O_CLOEXEC)
        except FileNotFoundError:
            self._sync_database()  # no WAL: everything is in the database file
            return
        try:  # SQLite holds no POSIX locks on the WAL file itself: closing is safe
            os.fsync(fd)
        finally:
            os.close(fd)

    def _sync_database(self) -> None:
        """fsync the database file through a descriptor this process never closes.

        WHY never closed: closing *any* descriptor of a file drops every POSIX lock the
        process holds on it, SQLite's too (sqlite.org/howtocorrupt.html, 2.2). A
        connection closing while no process seemed to hold the database then took it
        as the last one, checkpointed and deleted the WAL under the other worker, whose
        next commits went to the deleted file: the fault proof's server lost a whole
        run's receipted submissions when this was an open-fsync-close per checkpoint.
        """
        with self._database_fd_lock:
            if self._database_fd is None:
                try:
                    self._database_fd = os.open(self.database, os.O_RDONLY | os.O_CLOEXEC)
                except FileNotFoundError:
                    return
            fd = self._database_fd
        os.fsync(fd)


_group_syncs: dict[str, GroupSync] = {}


def _group_sync(url: str) -> GroupSync | None:
    """The group commit of an SQLite file database (None for in-memory ones)."""
    writer_lock, file_lock = _writer_lock(url), _writer_file_lock(url)
    return _per_file(_group_syncs, url, lambda db: GroupSync(db, writer_lock, file_lock))


class QueuedSQLiteConnection(sqlite3.Connection):
    """An SQLite connection whose writing transactions queue on an in-process lock.

    WHY: SQLite lets one writer in at a time; the others wait in its busy handler, which
    sleeps in growing steps (up to 100 ms) instead of waking when the lock frees. With
    20 clients that sleeping, not the work, made most of the intake time. Queueing the
    writers of this process on a `threading.Lock` hands the database over at once, and
    the lock file (`WriterFileLock`) does the same between processes (extra workers,
    the admin tool). Lock order: the thread lock, then the file lock; released in
    reverse. Programs that do not take the file lock still meet at SQLite's own lock,
    so correctness never depends on these queues; they only remove idle waiting.
    """

    writer_lock: threading.Lock | None = None
    file_lock: WriterFileLock | None = None
    holds_writer_lock = False
    holds_file_lock = False
    group_sync: GroupSync | None = None
    #: the open transaction must be on disk before `commit` returns
    durable = False

    def begin_write(self) -> None:
        """Wait for this process's turn, then `BEGIN IMMEDIATE` (SQLite's write lock)."""
        lock = self.writer_lock
        if lock is not None and not self.holds_writer_lock:
            if not lock.acquire(timeout=WRITE_WAIT_SECONDS):
                raise sqlite3.OperationalError("database is locked")
            self.holds_writer_lock = True
        try:
            file_lock = self.file_lock
            if file_lock is not None and not self.holds_file_lock:
                file_lock.acquire()
                self.holds_file_lock = True
            self.execute("BEGIN IMMEDIATE")
        except BaseException:
            self._release_writer()
            raise

    def _release_writer(self) -> None:
        try:
            if self.holds_file_lock and self.file_lock is not None:
                self.holds_file_lock = False
                self.file_lock.release()
        finally:
            if self.holds_writer_lock and self.writer_lock is not None:
                self.holds_writer_lock = False
                self.writer_lock.release()

    def commit(self) -> None:
        """Commit, let the next writer of this process in, then (durable) wait for the
        group fsync that covers this commit."""
        durable, self.durable = self.durable, False
        try:
            super().commit()
        finally:
            self._release_writer()
        if self.group_sync is not None:
            if durable:
                self.group_sync.wait_durable()
            self.group_sync.maybe_checkpoint()

    def rollback(self) -> None:
        """Roll back, then let the next writer of this process in."""
        self.durable = False
        try:
            super().rollback()
        finally:
            self._release_writer()

    def close(self) -> None:
        """Close (a connection never leaves the queue blocked)."""
        try:
            super().close()
        finally:
            self._release_writer()


def make_engine(url: str, *, pool_size: int = 20) -> Engine:
    """Create the engine with the settings each backend needs for safe concurrent writes.

    SQLite: WAL journal, foreign keys, and every writing transaction starts with
    `BEGIN IMMEDIATE`, so two writers never deadlock on a lock upgrade; writers queue on
    an in-process lock and then a lock file beside the database (`QueuedSQLiteConnection`),
    writers of other programs on the busy timeout. PostgreSQL: plain READ COMMITTED plus
    explicit row locks (`SELECT ... FOR UPDATE`) where order matters.

    Durability per transaction (see `Database`): a *durable* transaction is flushed to
    disk before its commit returns (SQLite `synchronous=FULL`, PostgreSQL
    `synchronous_commit=on`); a *relaxed* one is not. Both engines write one sequential
    log, so a durable commit also makes every earlier relaxed commit durable.
    """
    sqlite_url = is_sqlite(url)
    if sqlite_url:
        engine = create_engine(
            url,
            connect_args={
                "timeout": WRITE_WAIT_SECONDS,
                "check_same_thread": False,
                "factory": QueuedSQLiteConnection,
            },
            pool_size=pool_size,
            max_overflow=20,
        )
    else:
        engine = create_engine(url, pool_size=pool_size, max_overflow=10, pool_pre_ping=True)

    if sqlite_url:
        writer_lock = _writer_lock(url)
        file_lock = _writer_file_lock(url)
        group_sync = _group_sync(url)

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_connection: Any, record: Any) -> None:
            del record
            dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
            if isinstance(dbapi_connection, QueuedSQLiteConnection):
                dbapi_connection.writer_lock = writer_lock
                dbapi_connection.file_lock = file_lock
                dbapi_connection.group_sync = group_sync
            cursor = dbapi_connection.cursor()
            # Only takes effect while the file is still empty (a new data folder).
            cursor.execute(f"PRAGMA page_size={SQLITE_PAGE_SIZE}")
            cursor.execute("PRAGMA journal_mode=WAL")
            # With the group commit every transaction commits at NORMAL and the durable
            # ones wait for the group fsync; without it (in-memory) FULL is set per begin.
            cursor.execute(f"PRAGMA synchronous={'NORMAL' if group_sync else 'FULL'}")
            cursor.execute("PRAGMA foreign_keys=ON")
            if group_sync is not None:  # checkpoints run outside the writer lock
                cursor.execute("PRAGMA wal_autocheckpoint=0")
            cursor.execute(f"PRAGMA busy_timeout={WRITE_WAIT_SECONDS * 1000}")
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        options = connection.get_execution_options()
        if sqlite_url:
            if options.get(READ_ONLY_OPTION):
                connection.exec_driver_sql("BEGIN")
                return
            relaxed = bool(options.get(RELAXED_OPTION))
            dbapi_connection = connection.connection.dbapi_connection
            if isinstance(dbapi_connection, QueuedSQLiteConnection) and (
                dbapi_connection.group_sync is not None
            ):
                # durable through the group fsync after the commit (see GroupSync)
                dbapi_connection.durable = not relaxed
            else:
                level = "NORMAL" if relaxed else "FULL"
                connection.exec_driver_sql(f"PRAGMA synchronous={level}")
            if isinstance(dbapi_connection, QueuedSQLiteConnection):
                dbapi_connection.begin_write()
            else:
                connection.exec_driver_sql("BEGIN IMMEDIATE")
        elif options.get(RELAXED_OPTION):
            connection.exec_driver_sql("SET LOCAL synchronous_commit TO OFF")

    return engine


#: Execution option marking read-only work (SQLite then starts a plain, shared BEGIN).
READ_ONLY_OPTION = "koffer_read_only"
#: Execution option marking writes that need not be on disk when the commit returns.
RELAXED_OPTION = "koffer_relaxed"


@dataclass
class Database:
    """The engine plus three session factories, by what a transaction promises.

    * `write`: durable changes (receipts, enrollment, admin actions): on disk at commit.
    * `relaxed`: changes the client re-checks anyway (submission PUT, upload chunks,
      heartbeats): committed atomically but flushed with the next durable commit or
      checkpoint. A power cut may undo the newest of them, never half of one, and never
      one that a receipt covers: the receipt's durable commit flushes everything before.
    * `read`: lookups. On SQLite a plain, shared transaction beside the one writer
      (`BEGIN IMMEDIATE`); on PostgreSQL an ordinary transaction.
    """

    engine: Engine
    write: sessionmaker[Session]
    relaxed: sessionmaker[Session]
    read: sessionmaker[Session]
    #: The same three promises for Core statements without the ORM (the intake's hot
    #: path: a unit of work per statement costs more than the statement).
    write_core: Engine
    relaxed_core: Engine
    read_core: Engine

    @classmethod
    def connect(cls, url: str, *, pool_size: int = 20) -> Database:
        """Open the database at `url` (the schema is made by `sync.server.migrate`).

        For SQLite the folder of the file is created (owner only) when missing.
        """
        if (path := sqlite_file(url)) is not None:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        engine = make_engine(url, pool_size=pool_size)
        relaxed = engine.execution_options(**{RELAXED_OPTION: True})
        read = engine.execution_options(**{READ_ONLY_OPTION: True})
        return cls(
            engine=engine,
            write=sessionmaker(engine, expire_on_commit=False),
            relaxed=sessionmaker(relaxed, expire_on_commit=False),
            read=sessionmaker(read, expire_on_commit=False),
            write_core=engine,
            relaxed_core=relaxed,
            read_core=read,
        )

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


def utcnow() -> dt.datetime:
    """The current time, UTC, aware."""
    return dt.datetime.now(dt.UTC)


def restrict_sqlite_file(url: str) -> None:
    """Make an SQLite database file (and its WAL files) readable by the owner only."""
    path = sqlite_file(url)
    if path is None:
        return
    for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), writer_lock_path(path)):
        if candidate.exists():
            candidate.chmod(0o600)
