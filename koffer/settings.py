"""Every setting of the laptop app: its key, type, default and where it is kept.

Following Picard's `options.py`: this module declares each setting once; code reads and
writes it through its `Setting` (`TEXT_SCALE.read(device)`), so a missing or mistyped
stored value gives the default instead of a crash, and no key is spelled twice.

Where they live:

- `Scope.DEVICE`: device.db (encrypted with the keyring key; never personal data), for
  everything of one profile.
- `Scope.LOCAL`: the desktop's per-user preferences file (Qt's QSettings, written by
  `koffer.ui`), for what is needed before a profile exists or is opened: the UI
  language (the setup screen is already in it) and window state. Nothing else goes there.

`sync` keeps its own keys (server URL, pinned keys, last error: `sync.client`), written
through the same device.db settings; those that koffer itself reads are declared here
too, with sync's key.
"""

from __future__ import annotations

import copy
import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar

T = TypeVar("T")


class Scope(enum.StrEnum):
    """Where a setting is kept."""

    DEVICE = "device"  # device.db settings table
    LOCAL = "local"  # the desktop's per-user preferences (QSettings), before any profile


class SettingsSource(Protocol):
    """What settings are read from and written to (`DeviceStore`, a QSettings adapter)."""

    def get_setting(self, key: str, default: Any = None) -> Any:
        """The JSON value under `key`, else `default`."""
        ...

    def set_setting(self, key: str, value: Any) -> None:
        """Store a JSON value under `key`."""
        ...


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_str(value: object) -> bool:
    return isinstance(value, str)


def _is_object(value: object) -> bool:
    return isinstance(value, dict)


def _is_str_list(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


@dataclass(frozen=True)
class Setting(Generic[T]):
    """One declared setting.

    Attributes:
        key: the stored name.
        default: the value when nothing (or something unusable) is stored.
        doc: what it is for.
        valid: whether a stored value can be used.
        scope: where it is kept.
    """

    key: str
    default: T
    doc: str
    valid: Callable[[object], bool] = field(repr=False)
    scope: Scope = Scope.DEVICE

    def read(self, source: SettingsSource | None) -> T:
        """The stored value, or (a copy of) the default when none or a mistyped one."""
        if source is None:
            return copy.deepcopy(self.default)
        raw = source.get_setting(self.key, None)
        if raw is None or not self.valid(raw):
            return copy.deepcopy(self.default)
        value: T = raw
        return value

    def write(self, target: SettingsSource, value: T) -> None:
        """Store `value`.

        Raises:
            ValueError: `value` is not of the declared kind (a bug).
        """
        if value is not None and not self.valid(value):
            raise ValueError(f"{self.key}: unusable value")
        target.set_setting(self.key, value)


REGISTRY: dict[str, Setting[Any]] = {}


def _declare(
    key: str,
    default: T,
    doc: str,
    valid: Callable[[object], bool],
    scope: Scope = Scope.DEVICE,
) -> Setting[T]:
    if key in REGISTRY:
        raise ValueError(f"setting {key} declared twice")
    setting = Setting(key, default, doc, valid, scope)
    REGISTRY[key] = setting
    return setting


def _choice(*allowed: object) -> Callable[[object], bool]:
    return lambda value: value in allowed and not isinstance(value, bool)


def _int_between(low: int, high: int) -> Callable[[object], bool]:
    return lambda value: _is_int(value) and low <= int(str(value)) <= high


# -- the profile and its store --------------------------------------------------------------

STAFF_NAME = _declare("profile.staff_name", "", "The staff member's name (audit actor).", _is_str)
RETENTION_DAYS = _declare(
    "retention.days_after_receipt",
    0,
    "Days a received draft is kept after the town hall's receipt before it is purged.",
    _int_between(0, 3650),
)
DRAFT_COUNTS: Setting[dict[str, Any]] = _declare(
    "drafts.counts_by_status",
    {},
    "Non-personal counts of drafts by stage, for `koffer status` without the passphrase.",
    _is_object,
)
AUDIT_HEAD: Setting[dict[str, Any] | None] = _declare(
    "audit.head", None, "Sequence number and hash of the newest audit entry.", _is_object
)

# -- the catalog and the town-hall link ------------------------------------------------------

CATALOG_VERSION: Setting[int | None] = _declare(
    "catalog.version", None, "Version of the installed catalog manifest.", _is_int
)
CATALOG_STALE: Setting[dict[str, Any]] = _declare(
    "catalog.stale", {}, "Whether the catalog is out of date, and why: {stale, reason}.", _is_object
)
MANIFEST_ETAG: Setting[str | None] = _declare(
    "sync.catalog_etag", None, "ETag of the installed manifest.", _is_str
)
REJECTED: Setting[dict[str, Any]] = _declare(
    "sync.rejected",
    {},
    "Submissions the town hall refused: {submission id: {draft_id, message}}.",
    _is_object,
)
VISIT_IDS: Setting[dict[str, Any]] = _declare(
    "sync.visit_ids",
    {},
    "Town-hall visit id → local visit id (ids only, nothing personal).",
    _is_object,
)
LAST_SYNC: Setting[str | None] = _declare(
    "sync.last_success",  # written by sync.client.runner.LAST_SUCCESS
    None,
    "When the last sync pass succeeded (ISO 8601).",
    _is_str,
)

SERVER_URL: Setting[str | None] = _declare(
    "sync.server_url",  # written at enrollment by sync.client.enrollment.SERVER_URL
    None,
    "The town hall's URL; set once this laptop is enrolled.",
    _is_str,
)

# -- the draft backup (koffer.townhall.backup): ids, key ids and ciphertext only --------------

BACKUP_STAFF: Setting[dict[str, Any] | None] = _declare(
    "backup.staff",
    None,
    "Whose backup this laptop writes, as the town hall named them: {staff_id, staff_name}.",
    _is_object,
)
BACKUP_SERVER_KEY: Setting[dict[str, Any] | None] = _declare(
    "backup.server_key",
    None,
    "The person's backup key on the server at the last look: {key_id} (null: none); "
    "unset: never asked.",
    _is_object,
)
BACKUP_LOCAL_KEY: Setting[dict[str, Any] | None] = _declare(
    "backup.local_key",
    None,
    "What the server's envelope holds of this laptop's key: {key_id, wrapped_for "
    "(passphrase tag), recovery_key_id}.",
    _is_object,
)
BACKUP_LAST_ENVELOPE: Setting[dict[str, Any] | None] = _declare(
    "backup.last_envelope",
    None,
    "The wrapped key last stored on the server (JSON), to send again without the "
    "passphrase (a new recovery key, a server that lost it).",
    _is_object,
)
BACKUP_ENVELOPE_WAITING: Setting[dict[str, Any] | None] = _declare(
    "backup.envelope_waiting",
    None,
    "A wrapped key waiting to be sent: {key_id, wrapped_for, recovery_key_id, envelope}.",
    _is_object,
)
BACKUP_REFUSED: Setting[str | None] = _declare(
    "backup.refused",
    None,
    "Why the server refused this laptop's key (another key is the person's): restore first.",
    _is_str,
)
BACKUP_MIRROR_SEQ = _declare(
    "backup.mirror_seq",
    0,
    "The person's change counter on the server at the last listing.",
    _is_int,
)

# -- printing ---------------------------------------------------------------------------------

DEFAULT_PRINTER = _declare("print.default_printer", "", "The printer chosen last.", _is_str)
LETTERHEAD: Setting[dict[str, Any] | None] = _declare(
    "print.letterhead",
    None,
    "The municipality's letterhead: `printing.content.Letterhead`'s fields, the logo as "
    "base64 PNG under logo_png_base64 (written by an admin or the town's configuration).",
    _is_object,
)
PLACE = _declare(
    "print.place", "", "Where applications are taken (receipt); empty: the town.", _is_str
)

# -- the desktop app --------------------------------------------------------------------------

TEXT_SCALE = _declare("ui.text_scale", 100, "Text size in percent.", _int_between(100, 200))
THEME = _declare("ui.theme", "default", "Colour theme.", _choice("default", "high_contrast"))
IDLE_LOCK_MINUTES = _declare(
    "ui.idle_lock_minutes",
    5,
    "Lock after this many minutes without input.",
    _choice(2, 5, 10, 15, 30),
)
FAVOURITES: Setting[list[str]] = _declare(
    "ui.favourites", [], "Template ids starred in the catalog.", _is_str_list
)
DEMO_PASSPHRASE = _declare(
    "ui.demo_passphrase",
    "",
    "The demo profile's public passphrase, shown on its unlock screen (demo only).",
    _is_str,
)
UI_LANGUAGE = _declare(
    "ui/language",
    "",
    "Language of the window (de, en); empty: the system's. Needed before a profile is "
    "open (the setup screen), so it is a desktop preference, not a profile setting.",
    _choice("", "de", "en"),
    Scope.LOCAL,
)


def of_scope(scope: Scope) -> Iterable[Setting[Any]]:
    """Every setting kept in `scope`."""
    return (s for s in REGISTRY.values() if s.scope is scope)


class Values:
    """An in-memory copy of some settings (read on the store lane, used on the UI thread).

    Reading the store on every paint would block the window; this copy is read once
    and changed in memory, and the caller writes a changed setting back on the lane.
    """

    def __init__(self, settings: Iterable[Setting[Any]], source: SettingsSource | None) -> None:
        self._values: dict[str, Any] = {s.key: s.read(source) for s in settings}

    def __getitem__(self, setting: Setting[T]) -> T:
        value: T = self._values[setting.key]
        return value

    def __setitem__(self, setting: Setting[T], value: T) -> None:
        if value is not None and not setting.valid(value):
            raise ValueError(f"{setting.key}: unusable value")
        self._values[setting.key] = value
