"""The laptop's side of the town-hall link (httpx; no Qt, no koffer imports).

* `api.TownHallApi`: one method per API call, injectable httpx transport.
* `enrollment`: invitation (text or QR) → device token, pinned CA and catalog keys.
* `reachability`: health probe and the capped exponential backoff.
* `catalog`: signed manifest check (ETag), rollback/expiry refusal, atomic install.
* `delivery`: exactly-once outbox delivery with resumable chunked uploads.
* `runner.sync_once`: one whole pass, as `koffer sync --once` and the app run it.

The local store is reached only through the Protocols of `sync.ports`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from sync.client.errors import (
    CatalogRejected,
    EnrollmentFailed,
    NotEnrolled,
    Rejected,
    Revoked,
    ServerTrouble,
    SyncError,
    Unauthorized,
    Unreachable,
)

if TYPE_CHECKING:
    from sync.client.api import TownHallApi
    from sync.client.runner import SyncOptions, SyncReport, sync_once

# These load on first use (PEP 562): the desktop app imports a small piece of this
# package at start, and httpx, jwcrypto and the wire models would cost it a second.
_LAZY = {
    "TownHallApi": "sync.client.api",
    "SyncOptions": "sync.client.runner",
    "SyncReport": "sync.client.runner",
    "sync_once": "sync.client.runner",
}

__all__ = [
    "CatalogRejected",
    "EnrollmentFailed",
    "NotEnrolled",
    "Rejected",
    "Revoked",
    "ServerTrouble",
    "SyncError",
    "SyncOptions",
    "SyncReport",
    "TownHallApi",
    "Unauthorized",
    "Unreachable",
    "sync_once",
]


def __getattr__(name: str) -> Any:
    """Import the module of a lazily exported name when the name is first used."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'sync.client' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
