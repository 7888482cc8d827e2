"""What the sync client needs from the laptop's local store, declared as small Protocols.

`sync` must never import `koffer` (the layering contract), yet it has to read the outbox,
install a catalog and keep receipts. So it declares these ports and `koffer.townhall`
implements them over device.db and drafts.db. Tests implement them in memory.

Methods are called from the sync worker thread and, during delivery, from ONE helper
thread beside it (reading the next submission's parts, keeping the last receipt), so
implementations must be thread-safe; each call is one transaction, so a crash between
two calls leaves a consistent store.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Protocol

from sync.protocol import BackupKeyEnvelope, BackupKeyState, BackupRecordInfo, Visit


@dataclass(frozen=True)
class OutboxPart:
    """One sealed attachment of a queued submission (the bytes are fetched on demand)."""

    id: str
    media_type: str
    #: hex SHA-512 of the sealed bytes, taken when they were queued (None: not known,
    #: the delivery hashes the bytes it reads)
    sha512: str | None = None


@dataclass(frozen=True)
class OutboxEntry:
    """A sealed submission waiting in the outbox (ciphertext only, nothing readable)."""

    submission_id: str
    draft_id: str
    template_id: str
    template_version: str
    office_id: str
    payload: str
    created_at: dt.datetime
    parts: list[OutboxPart] = field(default_factory=list)


@dataclass(frozen=True)
class CatalogFile:
    """A file of the signed catalog (a town's source PDF, the service directory), stored
    by its SHA-256: templates and the manifest refer to it by that hash."""

    sha256: str
    media_type: str
    data: bytes


@dataclass(frozen=True)
class Rejection:
    """A submission the town hall refused: it goes back to the field worker."""

    submission_id: str
    draft_id: str
    message: str


class OutboxPort(Protocol):
    """The outbox of sealed submissions in device.db."""

    def pending(self) -> list[OutboxEntry]:
        """Submissions still to deliver, oldest first (rejected ones excluded)."""

    def part_bytes(self, submission_id: str, part_id: str) -> bytes:
        """The sealed bytes of one attachment."""

    def mark_attempt_failed(self, submission_id: str, error_code: str) -> None:
        """Count a transient failure (no personal data in `error_code`)."""

    def mark_rejected(self, submission_id: str, message: str) -> None:
        """The server refused the submission for good; keep it with the server's message."""


class ReceiptsPort(Protocol):
    """Where the town hall's receipt goes."""

    def record_receipt(
        self, submission_id: str, draft_id: str, reference: str, received_at: dt.datetime
    ) -> None:
        """Keep the receipt: on the draft when drafts.db is open, else in device.db."""

    def receipts_done(self) -> None:
        """Called once after a delivery run that got receipts (e.g. the retention purge)."""


class CatalogPort(Protocol):
    """The signed form catalog in device.db."""

    def catalog_version(self) -> int:
        """Version of the last accepted manifest, 0 when none."""

    def manifest_etag(self) -> str | None:
        """ETag of the last accepted (or last seen unchanged) manifest."""

    def catalog_expires_at(self) -> dt.datetime | None:
        """Expiry of the installed manifest, None when there is none."""

    def has_template(self, template_id: str, version: str, sha256: str) -> bool:
        """Whether exactly this template file is stored already."""

    def has_catalog_file(self, sha256: str) -> bool:
        """Whether the catalog file with this SHA-256 is stored already."""

    def install_catalog(
        self,
        *,
        catalog_version: int,
        document: str,
        signature: str,
        etag: str | None,
        templates: list[tuple[str, str, str]],
        files: list[CatalogFile],
    ) -> None:
        """Store the manifest, the new (id, version, yaml) templates and the new files in
        ONE transaction."""

    def set_catalog_stale(self, stale: bool, reason: str = "") -> None:
        """Mark (or clear) the catalog as stale: still usable, but out of date."""


class SettingsPort(Protocol):
    """Non-personal settings in device.db (server URL, pinned keys, last error)."""

    def get_setting(self, key: str, default: Any = None) -> Any:
        """The JSON value stored under `key`, else `default`."""

    def set_setting(self, key: str, value: Any) -> None:
        """Store a JSON value under `key`."""


class VisitsPort(Protocol):
    """The staff member's appointments; personal, so only into drafts.db."""

    def store_visits(self, visits: list[Visit]) -> bool:
        """Replace the planned visits from the town hall; False when drafts.db is locked."""


class TokenPort(Protocol):
    """The device token in the OS keyring."""

    def get_token(self) -> str | None:
        """The bearer token, or None when this laptop is not enrolled."""

    def set_token(self, token: str) -> None:
        """Keep the bearer token."""


@dataclass(frozen=True)
class WaitingRecord:
    """An encrypted backup record waiting to be sent (the bytes are fetched on demand)."""

    record_id: str
    version: int
    size: int
    sha512: str
    label: str


class BackupPort(Protocol):
    """The draft backup's queue in device.db: what waits to be sent, and what the laptop
    knows of the person's backup on the server. Everything in it is ciphertext or ids:
    the app prepares the records while unlocked, a headless pass only sends them."""

    def prepare(self) -> None:
        """Called first in every backup step: the unlocked app prepares what changed since
        (a headless pass, which has no passphrase, does nothing)."""

    def wants_key_state(self) -> bool:
        """Whether the pass should ask the server for the person's key (not set up yet)."""

    def key_state_seen(self, state: BackupKeyState) -> None:
        """What the server holds for the person: staff identity and the wrapped key."""

    def waiting_envelope(self) -> BackupKeyEnvelope | None:
        """New wrappings of the backup key to store on the server, if any."""

    def envelope_sent(self, envelope: BackupKeyEnvelope) -> None:
        """The server keeps `envelope` now."""

    def envelope_refused(self, code: str) -> None:
        """The server refused the wrapped key (another key exists for the person)."""

    def waiting_deletions(self) -> list[str]:
        """Record ids to delete on the server (drafts deleted, purged or delivered)."""

    def deletion_sent(self, record_id: str) -> None:
        """The server deleted the record."""

    def waiting_records(self) -> list[WaitingRecord]:
        """Records to send, oldest first (at most one version per record)."""

    def record_bytes(self, record_id: str, version: int) -> bytes:
        """The ciphertext of a waiting record."""

    def record_sent(self, record_id: str, version: int) -> None:
        """The server holds this version completely (or a newer one): drop the copy."""

    def mirror_seq(self) -> int:
        """The server's change counter at the last listing (0: never listed)."""

    def mirror(self) -> dict[str, tuple[int, str]]:
        """What the laptop believes the server holds: record id → (version, sha512)."""

    def update_mirror(self, seq: int, records: list[BackupRecordInfo], *, full: bool) -> None:
        """Take in a listing (`full`: it names every record, so the others are gone)."""

    def server_lost(self) -> int:
        """Compare the (full) mirror with this laptop's own backed-up drafts: those the
        server no longer holds are prepared again (or marked, while locked). Returns how
        many records wait again."""


class LocalStore(
    OutboxPort, ReceiptsPort, CatalogPort, SettingsPort, VisitsPort, TokenPort, Protocol
):
    """Everything sync needs, in one object (koffer's adapter implements it)."""

    def wipe(self) -> None:
        """Destroy the local profile (the town hall revoked this device)."""
