"""Catalog updates: a signed manifest, pinned keys, no rollback, atomic switch.

The check with nothing new costs exactly one request: `If-None-Match` with the stored
ETag, answered 304. A new manifest is accepted only if

1. its Ed25519 signature verifies with a key pinned at enrollment (over the document as
   served, so fields this laptop does not know yet are covered and then ignored),
2. its catalog version is not older than the one installed (no rollback),
3. it has not expired (an expired one only marks the catalog stale: every stored form
   stays usable offline),
4. every template it adds downloads with exactly the announced size and SHA-256 and
   loads with `forms.loader` under the announced id and version,
5. every file it adds (a template's source PDF, the service directory) downloads with
   exactly the announced size and SHA-256.

Templates of a format this laptop cannot load (`protocol.KNOWN_TEMPLATE_FORMATS`) are
skipped, not fatal: the rest of the catalog still installs, and the app update brings
them. Then manifest, templates and files are switched in ONE transaction of device.db.
Drafts keep the template version they started with: old versions are never removed here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from forms.errors import TemplateError
from forms.loader import load_template_text
from sync import crypto
from sync.client.api import TownHallApi
from sync.client.errors import CatalogRejected, Rejected
from sync.ports import CatalogFile, CatalogPort, SettingsPort
from sync.protocol import KNOWN_TEMPLATE_FORMATS, CatalogKey, ManifestBody

#: Media type of the service directory file (`forms.directory`).
DIRECTORY_MEDIA_TYPE = "application/json"

#: device.db setting holding the pinned catalog keys (list of CatalogKey dicts).
CATALOG_KEYS = "sync.catalog_keys"

_MSG_SIGNATURE = (
    "Der neue Formularkatalog ist nicht gültig signiert und wurde abgelehnt. Die bisherigen "
    "Formulare bleiben nutzbar. Bitte das Rathaus informieren."
)
_MSG_ROLLBACK = (
    "Der Server bot einen älteren Formularkatalog an; er wurde abgelehnt. Die bisherigen "
    "Formulare bleiben nutzbar."
)
_MSG_TEMPLATE = (
    "Ein Formular des neuen Katalogs ist beschädigt und wurde abgelehnt. Die bisherigen "
    "Formulare bleiben nutzbar. Bitte das Rathaus informieren."
)
_MSG_EXPIRED = (
    "Der Formularkatalog ist abgelaufen. Alle Formulare bleiben nutzbar, sind aber "
    "eventuell nicht mehr aktuell. Bitte mit dem Rathaus verbinden."
)


@dataclass
class CatalogResult:
    """What a catalog check did."""

    changed: bool
    catalog_version: int
    downloaded: list[tuple[str, str]] = field(default_factory=list)
    stale: bool = False
    requests: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    files: int = 0


def pinned_keys(settings: SettingsPort) -> list[CatalogKey]:
    """The catalog keys pinned at enrollment."""
    raw: Any = settings.get_setting(CATALOG_KEYS, [])
    keys: list[CatalogKey] = []
    for item in raw if isinstance(raw, list) else []:
        try:
            keys.append(CatalogKey.model_validate(item))
        except ValidationError:
            continue
    return keys


def _verify(document: str, keys: list[CatalogKey]) -> tuple[ManifestBody, str]:
    """The verified body and the signature text."""
    try:
        body = crypto.verify_manifest(document, keys)
    except crypto.ManifestSignatureError as exc:
        raise CatalogRejected("manifest_signature", str(exc), _MSG_SIGNATURE) from exc
    except crypto.CryptoError as exc:
        raise CatalogRejected("manifest_invalid", str(exc), _MSG_SIGNATURE) from exc
    return body, str(crypto.parse_manifest_document(document)["signature"])


def _fetch_file(
    api: TownHallApi, sha256: str, size: int, media_type: str, what: str
) -> CatalogFile:
    data = api.catalog_file(sha256)
    if len(data) != size or crypto.sha256_hex(data) != sha256:
        raise CatalogRejected("file_hash", f"{what}: hash mismatch", _MSG_TEMPLATE)
    return CatalogFile(sha256=sha256, media_type=media_type, data=data)


def update_catalog(
    api: TownHallApi,
    store: CatalogPort,
    settings: SettingsPort,
    *,
    now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
) -> CatalogResult:
    """Check the town hall for a new catalog and install it if it is trustworthy.

    Raises:
        CatalogRejected: with reason manifest_signature, manifest_invalid,
            manifest_rollback, manifest_expired (the catalog was marked stale),
            template_hash, template_invalid or file_hash. Nothing was installed then.
        SyncError: the network or the server failed (nothing was installed).
    """
    current = store.catalog_version()
    requests = 1
    try:
        answer = api.manifest(store.manifest_etag())
    except Rejected as exc:
        if exc.status == 404:  # nothing published yet: not an error of this laptop
            return CatalogResult(changed=False, catalog_version=current, requests=requests)
        raise
    if answer is None:
        # The installed manifest is what the town hall offers again: if it is still
        # valid, an earlier offer of an expired one no longer makes the catalog stale.
        expires_at = store.catalog_expires_at()
        if expires_at is not None and expires_at > now():
            store.set_catalog_stale(False)
        return CatalogResult(changed=False, catalog_version=current, requests=requests)
    body, signature = _verify(answer.document, pinned_keys(settings))
    if body.catalog_version < current:
        raise CatalogRejected(
            "manifest_rollback",
            f"offered version {body.catalog_version} < installed {current}",
            _MSG_ROLLBACK,
        )
    if body.expires_at <= now():
        store.set_catalog_stale(True, "manifest_expired")
        raise CatalogRejected(
            "manifest_expired", f"manifest {body.catalog_version} expired", _MSG_EXPIRED
        )
    fetched: list[tuple[str, str, str]] = []
    files: dict[str, CatalogFile] = {}
    skipped: list[tuple[str, str]] = []
    for entry in body.templates:
        if entry.format not in KNOWN_TEMPLATE_FORMATS:
            skipped.append((entry.id, entry.version))
            continue
        for item in entry.files:
            if item.sha256 not in files and not store.has_catalog_file(item.sha256):
                files[item.sha256] = _fetch_file(
                    api, item.sha256, item.size, item.media_type, f"{entry.id} {item.name}"
                )
                requests += 1
        if store.has_template(entry.id, entry.version, entry.sha256):
            continue
        data = api.template(entry.id, entry.version)
        requests += 1
        if len(data) != entry.size or crypto.sha256_hex(data) != entry.sha256:
            raise CatalogRejected(
                "template_hash", f"{entry.id} {entry.version}: hash mismatch", _MSG_TEMPLATE
            )
        try:
            text = data.decode("utf-8")
            template = load_template_text(text, f"{entry.id}-{entry.version}.yaml")
        except (UnicodeDecodeError, TemplateError) as exc:
            raise CatalogRejected(
                "template_invalid", f"{entry.id} {entry.version}: does not load", _MSG_TEMPLATE
            ) from exc
        if template.id != entry.id or template.version != entry.version:
            raise CatalogRejected(
                "template_invalid", f"{entry.id} {entry.version}: id/version differ", _MSG_TEMPLATE
            )
        pdf = template.source_pdf
        if pdf is not None and pdf.sha256 not in {f.sha256 for f in entry.files}:
            raise CatalogRejected(
                "template_invalid",
                f"{entry.id} {entry.version}: its PDF is not in the manifest",
                _MSG_TEMPLATE,
            )
        fetched.append((entry.id, entry.version, text))
    directory = body.directory
    if directory is not None and not store.has_catalog_file(directory.sha256):
        files[directory.sha256] = _fetch_file(
            api, directory.sha256, directory.size, DIRECTORY_MEDIA_TYPE, "service directory"
        )
        requests += 1
    store.install_catalog(
        catalog_version=body.catalog_version,
        document=answer.document,
        signature=signature,
        etag=answer.etag,
        templates=fetched,
        files=list(files.values()),
    )
    store.set_catalog_stale(False)
    return CatalogResult(
        changed=True,
        catalog_version=body.catalog_version,
        downloaded=[(t[0], t[1]) for t in fetched],
        requests=requests,
        skipped=skipped,
        files=len(files),
    )


def check_expiry(expires_at: dt.datetime | None, store: CatalogPort, now: dt.datetime) -> bool:
    """Mark the installed catalog stale once its manifest expired; returns stale."""
    stale = expires_at is not None and expires_at <= now
    if stale:
        store.set_catalog_stale(True, "manifest_expired")
    return stale
