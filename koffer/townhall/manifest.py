"""What the installed catalog manifest says: the offices' keys and the retired forms.

The manifest was verified before it was stored (`sync.client.catalog`); these helpers
read it back from device.db for sealing (the office's public key) and for the catalog
(forms retired for new drafts).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from koffer.store import DeviceStore
from sync.protocol import SignedManifest


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
