"""Encrypted local store (SQLCipher); no Qt.

`device.db` (catalog, outbox, audit, settings) opens with a keyring key alone;
`drafts.db` (everything personal) needs the keyring secret AND the passphrase.
See `koffer.store.profile` for the life cycle and `koffer.store.keys` for the keys.
"""

from koffer.store.attachments import MAX_ATTACHMENT_BYTES
from koffer.store.device import DeviceStore
from koffer.store.drafts import DraftStore
from koffer.store.errors import (
    AttachmentTooLarge,
    DatabaseDamaged,
    DiskFull,
    DraftLocked,
    DraftNotFound,
    KeyringUnavailable,
    MigrationFailed,
    ProfileExists,
    ProfileInUse,
    ProfileMissing,
    StorageFailure,
    StoreError,
    WrongPassphrase,
)
from koffer.store.keys import DEFAULT_KDF, KdfParams
from koffer.store.models import (
    AttachmentInfo,
    AuditEntry,
    AuditVerification,
    Draft,
    DraftStatus,
    DraftSummary,
    OutboxItem,
    PrintJob,
    PrintState,
    SignatureInfo,
    SignatureMethod,
    Strokes,
    TemplateRecord,
    Visit,
)
from koffer.store.paths import PROFILE_DIR_ENV, ProfilePaths
from koffer.store.profile import Profile

__all__ = [
    "DEFAULT_KDF",
    "MAX_ATTACHMENT_BYTES",
    "PROFILE_DIR_ENV",
    "AttachmentInfo",
    "AttachmentTooLarge",
    "AuditEntry",
    "AuditVerification",
    "DatabaseDamaged",
    "DeviceStore",
    "DiskFull",
    "Draft",
    "DraftLocked",
    "DraftNotFound",
    "DraftStatus",
    "DraftStore",
    "DraftSummary",
    "KdfParams",
    "KeyringUnavailable",
    "MigrationFailed",
    "OutboxItem",
    "PrintJob",
    "PrintState",
    "Profile",
    "ProfileExists",
    "ProfileInUse",
    "ProfileMissing",
    "ProfilePaths",
    "SignatureInfo",
    "SignatureMethod",
    "StorageFailure",
    "StoreError",
    "Strokes",
    "TemplateRecord",
    "Visit",
    "WrongPassphrase",
]
