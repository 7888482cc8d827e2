"""The laptop's side of the town-hall link (httpx; no Qt, no koffer imports).

* `api.TownHallApi`: one method per API call, injectable httpx transport.
* `enrollment`: invitation (text or QR) → device token, pinned CA and catalog keys.
* `reachability`: health probe and the capped exponential backoff.
* `catalog`: signed manifest check (ETag), rollback/expiry refusal, atomic install.
* `delivery`: exactly-once outbox delivery with resumable chunked uploads.
* `runner.sync_once`: one whole pass, as `koffer sync --once` and the app run it.

The local store is reached only through the Protocols of `sync.ports`.
"""

from sync.client.api import TownHallApi
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
from sync.client.runner import SyncOptions, SyncReport, sync_once

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
