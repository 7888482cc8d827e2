"""`sync.ports.LocalStore` over one profile: device.db always, the open drafts when unlocked.

A sync pass runs for a long time on a thread of its own (it waits on the network), but
the store belongs to the store lane (`koffer.store.lane`): every method here hands its
store work to that lane and waits, so a pass never writes beside an autosave or after
the idle lock closed drafts.db. The keyring (device token) is not the store and is used
directly.

What needs the passphrase goes through the application layer's open drafts
(`OpenDrafts`, None while locked): a receipt moves a draft to "received" by the life
cycle's rules; while locked it waits in device.db and is applied at the next unlock.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections.abc import Callable
from typing import Any, Concatenate, ParamSpec, Protocol, TypeVar

from koffer.settings import CATALOG_STALE, MANIFEST_ETAG, REJECTED
from koffer.store import DeviceStore, DraftStore, Profile
from koffer.store.lane import StoreLane, run_here
from koffer.townhall import manifest
from koffer.townhall.visits import store_visits
from sync.ports import CatalogFile, OutboxEntry, OutboxPart, Rejection
from sync.protocol import Visit

log = logging.getLogger("koffer.sync")

#: device.db page cache while syncing (KiB). Delivery reads a sealed part, reads the next
#: submission's parts, then deletes the first at its receipt: freeing a part walks its
#: chain of overflow pages, and with SQLCipher's default 2 MB cache each page of a
#: 2.6 MB part was decrypted twice.
OUTBOX_CACHE_KIB = 32 * 1024

P = ParamSpec("P")
R = TypeVar("R")


class OpenDrafts(Protocol):
    """What a sync pass needs from the unlocked profile (`koffer.drafting.workspace`)."""

    @property
    def drafts(self) -> DraftStore:
        """The open drafts store."""
        ...

    def take_receipt(self, draft_id: str, reference: str, received_at: dt.datetime) -> None:
        """The town hall's receipt for a draft (the life cycle's "receive" step)."""
        ...

    def purge_expired(self) -> list[str]:
        """Delete received drafts whose retention is over; their ids."""
        ...


class HasLane(Protocol):
    """An object whose store calls run on `lane`."""

    lane: StoreLane


L = TypeVar("L", bound=HasLane)


def on_lane(method: Callable[Concatenate[L, P], R]) -> Callable[Concatenate[L, P], R]:
    """Run the method on its object's store lane (the caller waits for it)."""

    @functools.wraps(method)
    def run(self: L, /, *args: P.args, **kwargs: P.kwargs) -> R:
        return self.lane(lambda: method(self, *args, **kwargs))

    return run


class KofferSyncStore:
    """`sync.ports.LocalStore` over one profile's device.db and (when open) its drafts."""

    def __init__(
        self,
        profile: Profile,
        device: DeviceStore,
        unlocked: Callable[[], OpenDrafts | None] | None = None,
        *,
        lane: StoreLane = run_here,
    ) -> None:
        """Args:
        unlocked: returns the open drafts right now (None while locked); None: the
            headless `koffer sync`, which never has them.
        lane: where store calls run (the app's store lane; `run_here` headless).
        """
        self.profile = profile
        self.device = device
        self.lane = lane
        self._unlocked = unlocked
        self.wiped = False
        self._cache_sized = False

    def _open(self) -> OpenDrafts | None:
        value = self._unlocked() if self._unlocked is not None else None
        if value is None or value.drafts.closed:
            return None
        return value

    # -- settings --------------------------------------------------------------------

    @on_lane
    def get_setting(self, key: str, default: Any = None) -> Any:
        """Passthrough to device.db settings."""
        return self.device.get_setting(key, default)

    @on_lane
    def set_setting(self, key: str, value: Any) -> None:
        """Passthrough to device.db settings."""
        self.device.set_setting(key, value)

    # -- token -----------------------------------------------------------------------

    def get_token(self) -> str | None:
        """The device token from the keyring."""
        keyring = self.profile.keyring()
        return keyring.get(keyring.sync_user)

    def set_token(self, token: str) -> None:
        """Keep the device token in the keyring (never in a file)."""
        keyring = self.profile.keyring()
        keyring.set(keyring.sync_user, token)

    # -- outbox ----------------------------------------------------------------------

    @on_lane
    def rejected(self) -> list[Rejection]:
        """Submissions the town hall refused, with its message (shown to the worker)."""
        return [
            Rejection(sid, str(v.get("draft_id", "")), str(v.get("message", "")))
            for sid, v in REJECTED.read(self.device).items()
            if isinstance(v, dict)
        ]

    @on_lane
    def pending(self) -> list[OutboxEntry]:
        """Pending outbox entries, oldest first, without the refused ones.

        The first call (a delivery starts with it) gives device.db the page cache the
        parts in flight need; sealed ciphertext only, freed with the connection.
        """
        if not self._cache_sized:
            self.device.connection.execute(f"PRAGMA cache_size = -{OUTBOX_CACHE_KIB}")
            self._cache_sized = True
        refused = set(REJECTED.read(self.device))
        entries = []
        for item in self.device.outbox_items("pending"):
            if item.submission_id in refused:
                continue
            digests = self.device.outbox_part_digests(item.submission_id)
            parts = [
                OutboxPart(part_id, media, digests.get(part_id))
                for part_id, media in self.device.outbox_part_types(item.submission_id)
            ]
            entries.append(
                OutboxEntry(
                    submission_id=item.submission_id,
                    draft_id=item.draft_id,
                    template_id=item.template_id,
                    template_version=item.template_version,
                    office_id=item.office_id,
                    payload=item.payload.decode("ascii"),
                    created_at=item.created_at,
                    parts=parts,
                )
            )
        return entries

    @on_lane
    def part_bytes(self, submission_id: str, part_id: str) -> bytes:
        """Sealed bytes of one attachment."""
        part = self.device.outbox_part(submission_id, part_id)
        if part is None:
            raise KeyError(f"{submission_id}/{part_id}")
        return part[1]

    @on_lane
    def mark_attempt_failed(self, submission_id: str, error_code: str) -> None:
        """Count a transient failure."""
        self.device.outbox_mark_failed(submission_id, error_code)

    @on_lane
    def mark_rejected(self, submission_id: str, message: str) -> None:
        """Keep a refused submission aside with the server's message.

        The draft stays finalised until the worker takes it back
        (`koffer.drafting.workspace.Workspace.return_refused`).
        """
        refused = REJECTED.read(self.device)
        draft_id = next(
            (
                i.draft_id
                for i in self.device.outbox_items(None)
                if i.submission_id == submission_id
            ),
            "",
        )
        refused[submission_id] = {"draft_id": draft_id, "message": message}
        REJECTED.write(self.device, refused)
        self.device.outbox_mark_failed(submission_id, "rejected")
        self.device.audit("rejected", draft_id or None, f"submission={submission_id}")

    # -- receipts --------------------------------------------------------------------

    @on_lane
    def record_receipt(
        self, submission_id: str, draft_id: str, reference: str, received_at: dt.datetime
    ) -> None:
        """Receipt into device.db first (durable), then onto the draft if unlocked."""
        self.device.outbox_record_receipt(submission_id, reference, received_at)
        unlocked = self._open()
        if unlocked is None:
            return  # applied at the next unlock (`Workspace.catch_up`)
        unlocked.take_receipt(draft_id, reference, received_at)

    @on_lane
    def receipts_done(self) -> None:
        """After a delivery run: purge received drafts whose retention has passed."""
        unlocked = self._open()
        if unlocked is not None:
            unlocked.purge_expired()

    # -- catalog ---------------------------------------------------------------------

    @on_lane
    def catalog_version(self) -> int:
        """Version of the installed manifest (0 before the first)."""
        latest = self.device.latest_manifest()
        return 0 if latest is None else latest[0]

    @on_lane
    def catalog_expires_at(self) -> dt.datetime | None:
        """Expiry of the installed manifest."""
        installed = manifest.installed_manifest(self.device)
        return None if installed is None else installed.expires_at

    @on_lane
    def office_keys(self) -> dict[str, dict[str, Any]]:
        """Office encryption keys of the installed (verified) manifest."""
        return manifest.office_keys(self.device)

    @on_lane
    def manifest_etag(self) -> str | None:
        """ETag of the installed manifest."""
        return MANIFEST_ETAG.read(self.device) or None

    @on_lane
    def has_template(self, template_id: str, version: str, sha256: str) -> bool:
        """Whether exactly this file is stored."""
        record = self.device.get_template_record(template_id, version)
        return record is not None and record.sha256 == sha256

    @on_lane
    def has_catalog_file(self, sha256: str) -> bool:
        """Whether this catalog file is stored."""
        return self.device.has_catalog_file(sha256)

    @on_lane
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
        """One device.db transaction: templates, files, manifest, ETag."""
        self.device.install_catalog(
            catalog_version,
            document,
            signature,
            templates,
            {MANIFEST_ETAG.key: etag},
            files=[(f.sha256, f.media_type, f.data) for f in files],
        )
        self.device.audit("catalog_updated", None, f"version={catalog_version}")

    @on_lane
    def set_catalog_stale(self, stale: bool, reason: str = "") -> None:
        """Remember whether the catalog is out of date."""
        CATALOG_STALE.write(self.device, {"stale": stale, "reason": reason})

    @on_lane
    def catalog_stale(self) -> bool:
        """Whether the catalog is marked stale."""
        return bool(CATALOG_STALE.read(self.device).get("stale"))

    @on_lane
    def retired_templates(self, today: dt.date) -> set[str]:
        """Template ids no longer offered for NEW drafts (existing drafts keep working)."""
        return manifest.retired_template_ids(self.device, today)

    # -- visits ----------------------------------------------------------------------

    @on_lane
    def store_visits(self, visits: list[Visit]) -> bool:
        """Add new town-hall visits to drafts.db, drop those the town hall cancelled."""
        unlocked = self._open()
        if unlocked is None:
            return False
        store_visits(unlocked.drafts, self.device, visits)
        return True

    # -- revocation ------------------------------------------------------------------

    @on_lane
    def wipe(self) -> None:
        """The town hall revoked this laptop: destroy the profile."""
        log.warning("device revoked by the town hall: wiping the profile")
        self.wiped = True
        self.profile.wipe()
        from koffer.desktop_traces import remove_desktop_traces

        remove_desktop_traces()  # what file choosers recorded about attached proofs
