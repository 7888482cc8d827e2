"""Catalog updates: a signed manifest, pinned keys, no rollback, atomic switch.

The check with nothing new costs exactly one request: `If-None-Match` with the stored
ETag, answered 304. A new manifest is accepted only if

1. its Ed25519 signature verifies with a key pinned at enrollment,
2. its catalog version is not older than the one installed (no rollback),
3. it has not expired (an expired one only marks the catalog stale: every stored form
   stays usable offline),
4. every template it adds downloads with exactly the announced size and SHA-256 and
   loads with `forms.loader` under the announced id and version.

Then manifest and templates are switched in ONE transaction of device.db. Drafts keep
the template version they started with: old versions are never removed here.
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
from sync.ports import CatalogPort, SettingsPort
from sync.protocol import CatalogKey, ManifestBody

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


def _verify(answer_manifest: Any, keys: list[CatalogKey]) -> ManifestBody:
    try:
        return crypto.verify_manifest(answer_manifest, keys)
    except crypto.CryptoError as exc:
        raise CatalogRejected("manifest_signature", str(exc), _MSG_SIGNATURE) from exc


def update_catalog(
    api: TownHallApi,
    store: CatalogPort,
    settings: SettingsPort,
    *,
    now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
) -> CatalogResult:
    """Check the town hall for a new catalog and install it if it is trustworthy.

    Raises:
        CatalogRejected: with reason manifest_signature, manifest_rollback,
            manifest_expired (the catalog was marked stale), template_hash or
            template_invalid. Nothing was installed then.
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
    manifest = answer.manifest
    body = _verify(manifest, pinned_keys(settings))
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
    for entry in body.templates:
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
        fetched.append((entry.id, entry.version, text))
    store.install_catalog(
        catalog_version=body.catalog_version,
        document=answer.document,
        signature=manifest.signature,
        etag=answer.etag,
        templates=fetched,
    )
    store.set_catalog_stale(False)
    return CatalogResult(
        changed=True,
        catalog_version=body.catalog_version,
        downloaded=[(t[0], t[1]) for t in fetched],
        requests=requests,
    )


def check_expiry(expires_at: dt.datetime | None, store: CatalogPort, now: dt.datetime) -> bool:
    """Mark the installed catalog stale once its manifest expired; returns stale."""
    stale = expires_at is not None and expires_at <= now
    if stale:
        store.set_catalog_stale(True, "manifest_expired")
    return stale
