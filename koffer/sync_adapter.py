"""koffer's side of the sync ports: the outbox, catalog and receipts over the encrypted store.

`sync` declares what it needs (`sync.ports.LocalStore`); this module implements it over
`DeviceStore` (always open: keyring key only) and `DraftStore` (only while unlocked).
It also holds the app-side steps around the town-hall link that need both stores:
sealing a draft at "Abschließen", moving a draft to a newer template version, and
sending a refused submission back to editing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from forms.loader import load_template_text
from forms.migration import MigrationReport, migrate_answers
from forms.model import Answers, Template
from koffer.store import DeviceStore, DraftStatus, DraftStore, Profile
from koffer.store.errors import DraftNotFound, StoreError
from sync import crypto
from sync.client.runner import SyncReport
from sync.ports import CatalogFile, OutboxEntry, OutboxPart, Rejection
from sync.protocol import SignedManifest, Visit
from sync.sealing import FileToSeal, SealedSubmission, SealingError, seal_submission

log = logging.getLogger("koffer.sync")

#: device.db setting: refused submissions {submission id: {draft_id, message}}.
REJECTED = "sync.rejected"
#: device.db setting: catalog staleness {stale: bool, reason: str}.
CATALOG_STALE = "catalog.stale"
#: device.db setting: ETag of the installed manifest.
MANIFEST_ETAG = "sync.catalog_etag"
#: device.db setting: town-hall visit id → local visit id (ids only, nothing personal).
VISIT_MAP = "sync.visit_ids"
#: device.db page cache while syncing (KiB). Delivery reads a sealed part, reads the next
#: submission's parts, then deletes the first (secure_delete zeroes every page): with
#: SQLCipher's default 2 MB cache each page of a 2.6 MB part was decrypted twice.
OUTBOX_CACHE_KIB = 32 * 1024


class KofferSyncStore:
    """`sync.ports.LocalStore` over one profile's device.db and (when open) drafts.db."""

    def __init__(
        self,
        profile: Profile,
        device: DeviceStore,
        drafts: Callable[[], DraftStore | None] | DraftStore | None = None,
    ) -> None:
        """Args:
        drafts: the open drafts store, or a callable returning it (None while locked),
            so the app can hand in "whatever is open right now".
        """
        self.profile = profile
        self.device = device
        self._drafts = drafts
        self.wiped = False
        # Sealed ciphertext only; the cache is freed with the connection.
        device.connection.execute(f"PRAGMA cache_size = -{OUTBOX_CACHE_KIB}")

    def drafts(self) -> DraftStore | None:
        """The open drafts store, or None while locked."""
        value = self._drafts() if callable(self._drafts) else self._drafts
        if value is None or value.closed:
            return None
        return value

    # -- settings --------------------------------------------------------------------

    def get_setting(self, key: str, default: Any = None) -> Any:
        """Passthrough to device.db settings."""
        return self.device.get_setting(key, default)

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

    def rejected(self) -> list[Rejection]:
        """Submissions the town hall refused, with its message (shown to the worker)."""
        raw = self.device.get_setting(REJECTED, {})
        return [
            Rejection(sid, str(v.get("draft_id", "")), str(v.get("message", "")))
            for sid, v in (raw.items() if isinstance(raw, dict) else [])
        ]

    def pending(self) -> list[OutboxEntry]:
        """Pending outbox entries, oldest first, without the refused ones."""
        refused = {r.submission_id for r in self.rejected()}
        entries = []
        for item in self.device.outbox_items("pending"):
            if item.submission_id in refused:
                continue
            parts = [
                OutboxPart(part_id, media)
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

    def part_bytes(self, submission_id: str, part_id: str) -> bytes:
        """Sealed bytes of one attachment."""
        part = self.device.outbox_part(submission_id, part_id)
        if part is None:
            raise KeyError(f"{submission_id}/{part_id}")
        return part[1]

    def mark_attempt_failed(self, submission_id: str, error_code: str) -> None:
        """Count a transient failure."""
        self.device.outbox_mark_failed(submission_id, error_code)

    def mark_rejected(self, submission_id: str, message: str) -> None:
        """Keep a refused submission aside with the server's message."""
        raw = self.device.get_setting(REJECTED, {})
        refused = dict(raw) if isinstance(raw, dict) else {}
        draft_id = next(
            (
                i.draft_id
                for i in self.device.outbox_items(None)
                if i.submission_id == submission_id
            ),
            "",
        )
        refused[submission_id] = {"draft_id": draft_id, "message": message}
        self.device.set_setting(REJECTED, refused)
        self.device.outbox_mark_failed(submission_id, "rejected")
        self.device.audit("rejected", draft_id or None, f"submission={submission_id}")

    # -- receipts --------------------------------------------------------------------

    def record_receipt(
        self, submission_id: str, draft_id: str, reference: str, received_at: dt.datetime
    ) -> None:
        """Receipt into device.db first (durable), then onto the draft if unlocked."""
        self.device.outbox_record_receipt(submission_id, reference, received_at)
        drafts = self.drafts()
        if drafts is None:
            return  # applied by Profile.unlock (DraftStore.apply_receipts)
        try:
            drafts.record_receipt(draft_id, reference, received_at)
        except (DraftNotFound, ValueError):
            pass  # deleted or already received: device.db keeps the receipt anyway
        except Exception as exc:  # noqa: BLE001 - the idle lock closed drafts.db mid-pass
            log.info("receipt kept in device.db until unlock (%s)", type(exc).__name__)

    def receipts_done(self) -> None:
        """After a delivery run: purge received drafts whose retention has passed."""
        drafts = self.drafts()
        if drafts is not None:
            try:
                drafts.purge_expired()
            except Exception as exc:  # noqa: BLE001 - locked mid-pass: purged at unlock
                log.info("purge deferred to unlock (%s)", type(exc).__name__)

    # -- catalog ---------------------------------------------------------------------

    def catalog_version(self) -> int:
        """Version of the installed manifest (0 before the first)."""
        latest = self.device.latest_manifest()
        return 0 if latest is None else latest[0]

    def _installed_manifest(self) -> SignedManifest | None:
        return installed_manifest(self.device)

    def catalog_expires_at(self) -> dt.datetime | None:
        """Expiry of the installed manifest."""
        manifest = self._installed_manifest()
        return None if manifest is None else manifest.expires_at

    def office_keys(self) -> dict[str, dict[str, Any]]:
        """Office encryption keys of the installed (verified) manifest."""
        return office_keys(self.device)

    def manifest_etag(self) -> str | None:
        """ETag of the installed manifest."""
        value = self.device.get_setting(MANIFEST_ETAG)
        return str(value) if value else None

    def has_template(self, template_id: str, version: str, sha256: str) -> bool:
        """Whether exactly this file is stored."""
        record = self.device.get_template_record(template_id, version)
        return record is not None and record.sha256 == sha256

    def has_catalog_file(self, sha256: str) -> bool:
        """Whether this catalog file is stored."""
        return self.device.has_catalog_file(sha256)

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
            {MANIFEST_ETAG: etag},
            files=[(f.sha256, f.media_type, f.data) for f in files],
        )
        self.device.audit("catalog_updated", None, f"version={catalog_version}")

    def set_catalog_stale(self, stale: bool, reason: str = "") -> None:
        """Remember whether the catalog is out of date."""
        self.device.set_setting(CATALOG_STALE, {"stale": stale, "reason": reason})

    def catalog_stale(self) -> bool:
        """Whether the catalog is marked stale."""
        value = self.device.get_setting(CATALOG_STALE, {})
        return bool(value.get("stale")) if isinstance(value, dict) else False

    def retired_templates(self, today: dt.date) -> set[str]:
        """Template ids no longer offered for NEW drafts (existing drafts keep working)."""
        return retired_template_ids(self.device, today)

    # -- visits ----------------------------------------------------------------------

    def store_visits(self, visits: list[Visit]) -> bool:
        """Add new town-hall visits to drafts.db, drop those the town hall cancelled."""
        drafts = self.drafts()
        if drafts is None:
            return False
        raw = self.device.get_setting(VISIT_MAP, {})
        known: dict[str, str] = dict(raw) if isinstance(raw, dict) else {}
        local = {v.id: v for v in drafts.list_visits()}
        wanted = {v.id for v in visits}
        for remote_id, local_id in list(known.items()):
            if remote_id not in wanted:
                mine = local.get(local_id)
                if mine is not None and not mine.done and mine.draft_id is None:
                    drafts.remove_visit(local_id)
                known.pop(remote_id)
        for visit in visits:
            if visit.id in known and known[visit.id] in local:
                continue
            note = visit.purpose
            if visit.suggested_forms:
                note += "\nFormulare: " + ", ".join(visit.suggested_forms)
            added = drafts.add_visit(
                visit.citizen_name, visit.starts_at, address=visit.address, note=note
            )
            known[visit.id] = added.id
        self.device.set_setting(VISIT_MAP, known)
        return True

    # -- revocation ------------------------------------------------------------------

    def wipe(self) -> None:
        """The town hall revoked this laptop: destroy the profile."""
        log.warning("device revoked by the town hall: wiping the profile")
        self.wiped = True
        self.profile.wipe()


# -- app-side steps that need both stores -------------------------------------------------


def installed_manifest(device: DeviceStore) -> SignedManifest | None:
    """The installed manifest (verified before it was stored), or None."""
    latest = device.latest_manifest()
    if latest is None:
        return None
    try:
        return SignedManifest.model_validate_json(latest[1])
    except ValueError:
        return None


def retired_template_ids(device: DeviceStore, today: dt.date) -> set[str]:
    """Ids whose every version is retired (`retired_after` before `today`) in the installed
    manifest: no new drafts of them; drafts already started keep their version."""
    manifest = installed_manifest(device)
    if manifest is None:
        return set()
    by_id: dict[str, bool] = {}
    for t in manifest.templates:
        retired = t.retired_after is not None and t.retired_after < today
        by_id[t.id] = by_id.get(t.id, True) and retired
    return {tid for tid, retired in by_id.items() if retired}


def office_keys(device: DeviceStore) -> dict[str, dict[str, Any]]:
    """Office encryption keys of the installed manifest, by office id."""
    manifest = installed_manifest(device)
    return {} if manifest is None else dict(manifest.office_keys)


def load_template(device: DeviceStore, template_id: str, version: str) -> Template:
    """A stored template version (from device.db).

    Raises:
        SealingError: the version is not stored (should not happen: drafts keep theirs).
    """
    text = device.get_template_text(template_id, version)
    if text is None:
        from forms import catalog_dir

        path = catalog_dir() / f"{template_id}.yaml"
        if path.is_file():
            shipped = load_template_text(path.read_text(encoding="utf-8"), str(path))
            if shipped.version == version:
                return shipped
        raise SealingError(
            f"template {template_id} {version} missing",
            "Die Formularfassung dieses Antrags fehlt auf dem Gerät. Bitte mit dem Rathaus "
            "verbinden; der Antrag bleibt gespeichert.",
        )
    return load_template_text(text, f"{template_id}-{version}.yaml")


def _files_of(drafts: DraftStore, draft_id: str, template: Template) -> list[FileToSeal]:
    files = [
        FileToSeal(a.id, a.field_id, a.filename, a.media_type, drafts.get_attachment_data(a.id))
        for a in drafts.list_attachments(draft_id)
    ]
    for field_id in _signature_fields(template):
        signature = drafts.get_signature(draft_id, field_id)
        if signature is not None:
            files.append(
                FileToSeal(
                    signature.id,
                    field_id,
                    f"unterschrift-{field_id}.png",
                    "image/png",
                    signature.png,
                )
            )
    return files


def _signature_fields(template: Template) -> list[str]:
    out: list[str] = []
    for section in template.sections:
        for field in section.fields:
            if field.type == "signature":
                out.append(field.id)
    return out


def seal_draft(
    drafts: DraftStore,
    device: DeviceStore,
    draft_id: str,
    *,
    staff_name: str = "",
    place: str = "",
    now: dt.datetime | None = None,
) -> SealedSubmission | None:
    """Seal a draft at "Abschließen": encrypt to the office, queue it, mark it "sealed".

    The outbox row is written first and the status second; if a crash falls between the
    two, sealing again finds the queued submission and only sets the status (no twin).

    Returns:
        The sealed submission, or None when it was already queued.

    Raises:
        SealingError: no office key or template version (German `user_message`).
        StoreError: the store failed.
    """
    draft = drafts.get_draft(draft_id)
    queued = [
        i for i in device.outbox_items(None) if i.draft_id == draft_id and i.state == "pending"
    ]
    if queued:
        if draft.status != DraftStatus.SEALED:
            drafts.set_status(draft_id, DraftStatus.SEALED)
        return None
    template = load_template(device, draft.template_id, draft.template_version)
    sealed = seal_submission(
        template,
        draft.answers,
        draft_id=draft_id,
        files=_files_of(drafts, draft_id, template),
        office_keys=office_keys(device),
        created_at=now,
        extra={"staff_name": staff_name, "place": place},
    )
    device.outbox_add(
        sealed.submission_id,
        draft_id,
        sealed.template_id,
        sealed.template_version,
        sealed.payload.encode("ascii"),
        office_id=sealed.office_id,
        parts=sealed.parts,
    )
    drafts.set_status(draft_id, DraftStatus.SEALED)
    return sealed


def return_to_editing(store: KofferSyncStore, submission_id: str) -> str:
    """Send a refused submission back to the field worker: drop it from the outbox and
    make its draft editable again. Returns the draft id.

    Raises:
        StoreError: drafts.db is locked or the store failed.
    """
    drafts = store.drafts()
    if drafts is None:
        raise StoreError("drafts locked", "Bitte zuerst mit dem Kennwort entsperren.")
    refused = {r.submission_id: r for r in store.rejected()}
    rejection = refused.get(submission_id)
    if rejection is None:
        raise KeyError(submission_id)
    with contextlib.suppress(DraftNotFound):
        drafts.set_status(rejection.draft_id, DraftStatus.DRAFT)
    store.device.outbox_remove(submission_id)
    raw = store.device.get_setting(REJECTED, {})
    remaining = {
        k: v for k, v in (raw.items() if isinstance(raw, dict) else []) if k != submission_id
    }
    store.device.set_setting(REJECTED, remaining)
    return rejection.draft_id


@dataclass(frozen=True)
class MoveOffer:
    """A draft could move to a newer version of its form."""

    draft_id: str
    template_id: str
    from_version: str
    to_version: str


def newest_version(device: DeviceStore, template_id: str) -> str | None:
    """The newest stored version of a template (by semantic version)."""
    versions = [t.version for t in device.list_templates() if t.template_id == template_id]
    if not versions:
        return None
    return max(versions, key=lambda v: tuple(int(x) for x in v.split(".")))


def preview_move(drafts: DraftStore, device: DeviceStore, draft_id: str) -> MigrationReport | None:
    """What moving a draft to the newest version would carry and drop (nothing changes)."""
    draft = drafts.get_draft(draft_id)
    target = newest_version(device, draft.template_id)
    if target is None or target == draft.template_version:
        return None
    old = load_template(device, draft.template_id, draft.template_version)
    new = load_template(device, draft.template_id, target)
    return migrate_answers(old, new, draft.answers)


def move_draft_to_newest(
    drafts: DraftStore, device: DeviceStore, draft_id: str
) -> tuple[str, MigrationReport] | None:
    """Move an editable draft to the newest template version; returns (version, report).

    The answers are rewritten in one transaction as a NEW draft of the new version (the
    old one is kept, so nothing the citizen said is lost; the worker deletes it when
    satisfied). Returns None when there is nothing newer.
    """
    draft = drafts.get_draft(draft_id)
    if not draft.status.editable:
        raise ValueError("only editable drafts can move")
    report = preview_move(drafts, device, draft_id)
    target = newest_version(device, draft.template_id)
    if report is None or target is None:
        return None
    moved = drafts.create_draft(
        draft.template_id,
        target,
        draft.citizen_name,
        answers=json.loads(json.dumps(report.answers)),
    )
    device.audit("migrated", moved.id, f"from={draft_id} {draft.template_version}->{target}")
    return moved.id, report


def describe_report(report: MigrationReport) -> str:
    """German summary of a migration report for the worker."""
    lines = [f"Übernommen: {len(report.carried)} Angaben."]
    if report.renamed:
        lines.append(f"Umbenannt: {len(report.renamed)} Felder.")
    if report.dropped:
        lines.append("Nicht übernommen:")
        lines += [f"• {path}: {reason}" for path, reason in report.dropped]
    return "\n".join(lines)


def manifest_signature_ok(device: DeviceStore) -> bool:
    """Re-verify the installed manifest against the pinned keys (diagnostics)."""
    from sync.client.catalog import pinned_keys

    latest = device.latest_manifest()
    if latest is None:
        return False
    try:
        crypto.verify_manifest(latest[1], pinned_keys(device))
    except crypto.CryptoError:
        return False
    return True


# -- `koffer sync [--once]`: headless, keyring only ----------------------------------------

EXIT_SYNC_FAILED = 4
#: Seconds between passes of `koffer sync` (without --once) while the town hall answers.
DEFAULT_INTERVAL = 300.0


def describe_sync(report: SyncReport) -> list[str]:
    """German lines summarising one pass (no personal data: counts and codes only)."""
    lines: list[str] = []
    if report.revoked:
        return ["Dieses Gerät wurde im Rathaus gesperrt. Das Profil wurde gelöscht."]
    if not report.reachable:
        return [report.error.user_message if report.error else "Das Rathaus ist nicht erreichbar."]
    stats = report.delivery
    lines.append(f"Gesendet: {len(stats.delivered)} Anträge, Postausgang: {report.outbox_left}.")
    for rejection in stats.rejected:
        lines.append(f"Vom Rathaus abgelehnt: {rejection.message}")
    if report.catalog is not None:
        state = "aktualisiert" if report.catalog.changed else "aktuell"
        lines.append(f"Formularkatalog: Version {report.catalog.catalog_version} ({state}).")
    if report.catalog_problem is not None:
        lines.append(report.catalog_problem.user_message)
    if report.error is not None:
        lines.append(report.error.user_message)
    return lines


def run_sync_command(args: Any) -> int:
    """`koffer sync [--once] [--enroll TEXT]`: needs the keyring only, never the passphrase.

    Meant for a VPN-up hook: when the app is open it syncs by itself, so a locked
    profile is not an error here.
    """
    import sys
    import time

    from koffer import __version__, cli
    from koffer.draft_backup import BackupOutbox
    from koffer.store.errors import ProfileInUse
    from sync.client.enrollment import api_for, enroll, parse_invitation
    from sync.client.errors import EnrollmentFailed
    from sync.client.reachability import Backoff
    from sync.client.runner import SyncOptions, sync_once

    def out(text: str) -> None:
        sys.stdout.write(text + "\n")

    profile = cli.open_profile()
    if not profile.exists():
        out("Auf diesem Gerät ist noch kein Koffer-Profil eingerichtet.")
        return cli.EXIT_NO_PROFILE
    try:
        device = profile.open_device()
    except ProfileInUse:
        out("Koffer ist geöffnet und synchronisiert selbst; hier ist nichts zu tun.")
        return cli.EXIT_OK
    try:
        store = KofferSyncStore(profile, device, None)
        if args.enroll:
            try:
                enrolled = enroll(parse_invitation(args.enroll), args.device_name, store, store)
            except EnrollmentFailed as exc:
                out(exc.user_message)
                return EXIT_SYNC_FAILED
            out(f"Mit dem Rathaus verbunden: {enrolled.server_url}")
        backoff = Backoff()
        options = SyncOptions(app_version=__version__)
        while True:
            api = api_for(store, store)
            if api is None:
                out(
                    "Dieses Gerät ist noch nicht mit dem Rathaus verbunden. Bitte in Koffer "
                    "unter Einstellungen „Mit dem Rathaus verbinden“ wählen oder "
                    "`koffer sync --enroll EINLADUNG` aufrufen."
                )
                return cli.EXIT_NO_PROFILE
            with api:
                report = sync_once(store, api, options, backup=BackupOutbox(device))
            for line in describe_sync(report):
                out(line)
            if report.revoked:
                return EXIT_SYNC_FAILED
            if args.once:
                return cli.EXIT_OK if report.error is None else EXIT_SYNC_FAILED
            if report.reachable:
                backoff.reset()
                time.sleep(args.interval)
            else:
                time.sleep(backoff.next_delay())
    finally:
        if not store.wiped:
            profile.close()


def add_sync_arguments(parser: Any) -> None:
    """Arguments of `koffer sync`."""
    parser.add_argument("--once", action="store_true", help="einmal synchronisieren und enden")
    parser.add_argument(
        "--enroll", metavar="EINLADUNG", help="vorher mit dieser Einladung (Text) verbinden"
    )
    parser.add_argument("--device-name", default="Koffer-Laptop", help="Name des Geräts im Rathaus")
    parser.add_argument(
        "--interval",
        type=float,
        default=DEFAULT_INTERVAL,
        help="Sekunden zwischen zwei Durchläufen (ohne --once)",
    )


# -- visits ("Termine") -----------------------------------------------------------------

_ADDRESS = re.compile(r"^\s*(?P<street>[^,\n]+?)\s*[,\n]\s*(?P<plz>\d{5})\s+(?P<city>[^,\n]+?)\s*$")


def _top_level_fields(template: Template) -> dict[str, str]:
    return {f.id: f.type for section in template.sections for f in section.fields}


def visit_prefill(template: Template, citizen_name: str, address: str) -> Answers:
    """Answers a form started from a visit begins with: name and address, where the
    template has the usual fields for them (vorname/familienname, strasse/plz/ort,
    anschrift). Nothing is guessed beyond that; the worker checks it with the citizen."""
    fields = _top_level_fields(template)
    answers: Answers = {}
    words = citizen_name.split()
    if len(words) >= 2 and fields.get("vorname") == "text" and fields.get("familienname") == "text":
        answers["vorname"] = " ".join(words[:-1])
        answers["familienname"] = words[-1]
    match = _ADDRESS.match(address)
    if match and {"strasse", "plz", "ort"} <= fields.keys():
        answers["strasse"] = match["street"]
        answers["plz"] = match["plz"]
        answers["ort"] = match["city"]
    elif address.strip() and fields.get("anschrift") in ("text", "textarea"):
        answers["anschrift"] = address.strip()
    return answers


def suggested_forms(note: str) -> list[str]:
    """Template ids the town hall suggested for a visit (kept in the visit's note)."""
    for line in note.splitlines():
        if line.startswith("Formulare: "):
            return [t.strip() for t in line.removeprefix("Formulare: ").split(",") if t.strip()]
    return []
