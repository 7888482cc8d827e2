"""One sync pass, as `koffer sync --once` and the app's sync controller run it.

Order matters: health first (cheap, tells whether to go on), then the outbox (the
citizen's applications are the most important thing to get out of a short VPN window),
then the draft backup (what waits of the unfinished ones), the catalog, visits, and
last the heartbeat, which reports what happened, including
the last error, so the admin sees a refused catalog in the fleet view.
A 410 at any point wipes the local profile: the admin revoked this laptop.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from sync.client.api import TownHallApi
from sync.client.backup import BackupSender, BackupStats
from sync.client.catalog import CatalogResult, check_expiry, update_catalog
from sync.client.delivery import DEFAULT_CHUNK, Deliverer, DeliveryStats, Progress, RetryPolicy
from sync.client.errors import (
    CatalogRejected,
    NotEnrolled,
    Revoked,
    ServerTrouble,
    SubmissionsRejected,
    SyncError,
    Unreachable,
)
from sync.ports import BackupPort, LocalStore
from sync.protocol import DeviceStatus

log = logging.getLogger("koffer.sync")

LAST_ERROR = "sync.last_error"
LAST_SUCCESS = "sync.last_success"
#: How many days of visits are fetched.
VISIT_DAYS = 60


@dataclass
class SyncReport:
    """What one pass did; `error` is the German text of the problem that ended it."""

    reachable: bool = False
    delivery: DeliveryStats = field(default_factory=DeliveryStats)
    catalog: CatalogResult | None = None
    catalog_problem: CatalogRejected | None = None
    visits: int | None = None
    backup: BackupStats | None = None
    outbox_left: int = 0
    error: SyncError | None = None
    revoked: bool = False


@dataclass
class SyncOptions:
    """Tunables of a pass (tests use small chunks and short budgets)."""

    app_version: str = "0"
    chunk_size: int = DEFAULT_CHUNK
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    fetch_visits: bool = True
    now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC)


def _printable(text: str, limit: int) -> str:
    """Without control characters (the server refuses them in the heartbeat)."""
    return re.sub(r"[\x00-\x1f\x7f-\x9f]", " ", text)[:limit]


def _record_error(store: LocalStore, error: SyncError | None) -> None:
    message = None if error is None else _printable(f"{error.code}: {error.detail}", 500)
    store.set_setting(LAST_ERROR, message)


def sync_once(
    store: LocalStore,
    api: TownHallApi | None,
    options: SyncOptions | None = None,
    progress: Progress | None = None,
    backup: BackupPort | None = None,
) -> SyncReport:
    """Run one pass; never raises a SyncError (it ends up in `report.error`).

    Args:
        backup: the draft backup's queue; None where this laptop keeps no backup.
    """
    opts = options or SyncOptions()
    report = SyncReport()
    if api is None:
        report.error = NotEnrolled()
        return report
    try:
        api.health()
        report.reachable = True
        report.delivery = Deliverer(
            api,
            store,
            store,
            chunk_size=opts.chunk_size,
            retry=opts.retry,
            progress=progress,
        ).deliver_all()
        if backup is not None:
            report.backup = BackupSender(
                api, backup, chunk_size=opts.chunk_size, retry=opts.retry
            ).run()
        try:
            report.catalog = update_catalog(api, store, store, now=opts.now)
        except CatalogRejected as exc:
            report.catalog_problem = exc
            log.warning("catalog update refused: %s", exc.code)
        check_expiry(store.catalog_expires_at(), store, opts.now())
        if opts.fetch_visits:
            today = opts.now().date()
            visits = api.visits(today, today + dt.timedelta(days=VISIT_DAYS)).visits
            report.visits = len(visits) if store.store_visits(visits) else None
        problem: SyncError | None = report.catalog_problem
        if problem is None and report.delivery.rejected:
            problem = SubmissionsRejected(f"{len(report.delivery.rejected)} refused")
        if problem is None and report.backup is not None:
            problem = report.backup.problem
        _record_error(store, problem)
        api.status(
            DeviceStatus(
                app_version=_printable(opts.app_version, 200).strip() or "0",
                catalog_version=store.catalog_version(),
                outbox_length=len(store.pending()),
                last_error=_printable(str(store.get_setting(LAST_ERROR) or ""), 500) or None,
            )
        )
        store.set_setting(LAST_SUCCESS, opts.now().isoformat())
    except Revoked as exc:
        report.revoked = True
        report.error = exc
        store.wipe()
        return report
    except (Unreachable, ServerTrouble) as exc:
        report.error = exc
        _record_error(store, exc)
    except SyncError as exc:
        report.error = exc
        _record_error(store, exc)
        log.warning("sync failed: %s", exc.code)
    report.outbox_left = len(store.pending())
    return report
