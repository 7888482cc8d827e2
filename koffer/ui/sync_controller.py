"""The app's link to the town hall: when to sync, and what the status bar says about it.

No busy polling. The controller listens to the system's network changes
(`QNetworkInformation`); with no network it waits for the next change. Otherwise it runs
a sync pass (whose first request is the health probe) and schedules the next one: after
a failed probe with exponential backoff (1 s … 60 s), after a good pass every 5 minutes.
A network change resets the backoff. Every pass runs through the UI's worker helper, so
the UI thread never waits on the network; the store connections are thread-safe.

Every store call of a pass runs on the worker's store lane (`worker.on_store_lane`),
in order with the autosaves; the pass itself waits on the network on the CPU lane. What a
pass changes for a draft (a receipt) is the application layer's step, taken through the
unlocked workspace (`koffer.townhall.store_port`).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget

from koffer import __version__
from koffer.drafting import wording
from koffer.ui.connection import ConnectionIndicator, ConnectionState
from koffer.ui.worker import Lane, on_store_lane, run_in_background
from sync.client.reachability import Backoff

if TYPE_CHECKING:
    from koffer.ui.session import Session

log = logging.getLogger(__name__)

#: Seconds between passes while the town hall answers (heartbeat, catalog, visits).
CONNECTED_INTERVAL = 300.0
#: Seconds to wait after a network change before the first probe (VPN settles).
SETTLE_DELAY = 2.0


class SyncController(QObject):
    """Schedules sync passes and feeds the connection indicator and a detail label."""

    #: (n, m): sending the n-th of m submissions (emitted from the worker thread).
    progress = Signal(int, int)
    #: Receipts arrived or submissions were refused: the drafts list should refresh.
    drafts_changed = Signal()
    #: The town hall revoked this laptop; the profile was wiped.
    revoked = Signal()
    #: A new catalog was installed: the catalog screen should reload.
    catalog_changed = Signal()
    #: A German message for the user (refused submission, refused catalog).
    message = Signal(str)
    #: The draft backup after a pass: how many records wait (the status bar, the list).
    backup_changed = Signal(int)
    #: The town hall holds a backup of this person that this laptop lacks (a new laptop).
    restore_offered = Signal()

    def __init__(
        self,
        session: Session,
        indicator: ConnectionIndicator,
        parent: QObject | None = None,
        *,
        transport: Any = None,
    ) -> None:
        """Args:
        session: the UI session (profile, device and drafts stores, both may be None).
        transport: an httpx transport for tests (None: the network).
        """
        super().__init__(parent)
        self.session = session
        self.indicator = indicator
        self.transport = transport
        self.detail = QLabel("")
        self.detail.setObjectName("syncDetail")
        # Beside "Kein Rathaus eingerichtet", where a worker looks for it (issue 12: in
        # the settings menu nobody found it). Shown only while no town hall is set up.
        # Short, so that it fits beside the state at 200 % text; the name says it whole.
        # Without a parent, like `detail`: the status bar that takes it puts it last in
        # the Tab chain, where it is on screen, and shows it.
        self.connect_button = QPushButton(self.tr("Verbinden …"))
        self.connect_button.setAccessibleName(self.tr("Mit dem Rathaus verbinden"))
        self.connect_button.setToolTip(self.tr("Mit dem Rathaus verbinden …"))
        self.connect_button.setObjectName("connectTownHall")
        self.connect_button.clicked.connect(
            lambda: self.open_enrollment(self.connect_button.window())
        )
        self.backoff = Backoff()
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.sync_now)
        self.running = False
        self.started = False
        self.online: bool | None = None
        self.last_report: Any = None
        self.progress.connect(self._show_progress)

    # -- life cycle ------------------------------------------------------------------

    def start(self) -> None:
        """Begin watching the network (call once device.db is open)."""
        if self.started:
            return
        self.started = True
        self._watch_network()
        self._schedule(0.5)

    def stop(self) -> None:
        """Stop scheduling (quit, wipe)."""
        self.started = False
        self.timer.stop()

    def _watch_network(self) -> None:
        try:
            from PySide6.QtNetwork import QNetworkInformation
        except ImportError:  # pragma: no cover - QtNetwork is part of PySide6
            return
        if QNetworkInformation.instance() is None and not QNetworkInformation.loadDefaultBackend():
            return
        info = QNetworkInformation.instance()
        if info is None:
            return
        info.reachabilityChanged.connect(self._network_changed)
        self.online = self._is_online(info.reachability())

    @staticmethod
    def _is_online(reachability: Any) -> bool | None:
        name = getattr(reachability, "name", str(reachability))
        if name == "Disconnected":
            return False
        if name == "Unknown":
            return None
        return True

    @Slot(object)
    def _network_changed(self, reachability: Any) -> None:
        """The system's network changed: reset the backoff and look soon."""
        self.online = self._is_online(reachability)
        self.backoff.reset()
        if self.online is False:
            self.timer.stop()
            self._set_state(ConnectionState.OFFLINE)
            return
        self._schedule(SETTLE_DELAY)

    def _schedule(self, seconds: float) -> None:
        if self.started:
            self.timer.start(int(seconds * 1000))

    # -- state display ---------------------------------------------------------------

    def _set_state(self, state: ConnectionState, detail: str = "") -> None:
        self.indicator.set_state(state)
        self.connect_button.setVisible(state is ConnectionState.NOT_CONFIGURED)
        self.detail.setText(detail)
        self.detail.setAccessibleName(detail)

    @Slot(int, int)
    def _show_progress(self, done: int, total: int) -> None:
        self._set_state(
            ConnectionState.CONNECTED, self.tr("Sende {n} von {m} …").format(n=done, m=total)
        )

    # -- one pass --------------------------------------------------------------------

    def store(self) -> Any:
        """The sync ports over this session's stores (None before device.db is open)."""
        return self._store()

    def _store(self) -> Any:
        from koffer.townhall.store_port import KofferSyncStore

        device = self.session.device
        if device is None:
            return None
        session = self.session
        return KofferSyncStore(
            session.profile, device, lambda: session.workspace, lane=on_store_lane
        )

    def _backup_outbox(self) -> Any:
        """The draft backup's queue for a pass: the unlocked workspace's (it prepares
        what changed), or device.db's alone while locked (it sends what waits)."""
        from koffer.townhall.backup import BackupOutbox

        session = self.session
        workspace = session.workspace
        backups = None if workspace is None else workspace.backups
        if backups is not None:
            return backups.outbox(on_store_lane)
        device = session.device
        return None if device is None else BackupOutbox(device, lane=on_store_lane)

    @Slot()
    def sync_now(self) -> None:
        """Run one pass in the background (ignored while one runs or with no network)."""
        if self.running or not self.started:
            return
        if self.online is False:
            self._set_state(ConnectionState.OFFLINE)
            return
        store = self._store()
        if store is None:
            return
        self.running = True
        transport = self.transport
        backup = self._backup_outbox()

        def job() -> Any:
            from sync.client.enrollment import api_for
            from sync.client.runner import SyncOptions, sync_once

            api = api_for(store, store, transport=transport)
            if api is None:
                return None
            with api:
                return sync_once(
                    store,
                    api,
                    SyncOptions(app_version=__version__),
                    self.progress.emit,
                    backup=backup,
                )

        run_in_background(job, self._pass_done, self._pass_failed, Lane.CPU)

    def _pass_done(self, report: Any) -> None:
        self.running = False
        self.last_report = report
        if report is None:
            self._set_state(ConnectionState.NOT_CONFIGURED)
            return
        if report.revoked:
            self.stop()
            self._set_state(ConnectionState.NOT_CONFIGURED, report.error.user_message)
            self.revoked.emit()
            return
        if not report.reachable:
            state = (
                ConnectionState.OFFLINE
                if self.online is False
                else ConnectionState.NETWORK_NO_TOWN_HALL
            )
            self._set_state(state)
            self._schedule(self.backoff.next_delay())
            return
        self.backoff.reset()
        detail = ""
        if report.error is not None:
            detail = report.error.user_message
        elif report.delivery.rejected:
            rejected = len(report.delivery.rejected)
            source = wording.by_count(rejected, wording.REJECTED_ONE, wording.REJECTED_MANY)
            detail = QApplication.translate(wording.CONTEXT, source).format(n=rejected)
        elif report.delivery.delivered:
            delivered = len(report.delivery.delivered)
            references = [ref for _draft, ref in report.delivery.references]
            source = wording.by_count(delivered, wording.DELIVERED_ONE, wording.DELIVERED_MANY)
            detail = QApplication.translate(wording.CONTEXT, source).format(
                n=delivered, refs=", ".join(references[-3:])
            )
        self._set_state(ConnectionState.CONNECTED, detail)
        for rejection in report.delivery.rejected:
            self.message.emit(rejection.message)
        if report.catalog_problem is not None:
            self.message.emit(report.catalog_problem.user_message)
        if report.delivery.delivered or report.delivery.rejected:
            self.drafts_changed.emit()
        if report.catalog is not None and report.catalog.changed:
            self.catalog_changed.emit()
        if report.backup is not None:
            self.backup_changed.emit(report.backup.waiting)
            if report.backup.problem is not None and not detail:
                self._set_state(ConnectionState.CONNECTED, report.backup.problem.user_message)
        self._offer_restore()
        self._schedule(self.backoff.next_delay() if report.error else CONNECTED_INTERVAL)

    def _pass_failed(self, exc: BaseException) -> None:
        self.running = False
        log.warning("sync pass failed: %s", type(exc).__name__)
        message = getattr(exc, "user_message", "") or self.tr("Fehler bei der Synchronisation")
        self._set_state(ConnectionState.NETWORK_NO_TOWN_HALL, str(message))
        self._schedule(self.backoff.next_delay())

    def _offer_restore(self) -> None:
        """Ask the application layer (on the store lane) whether to offer the restore."""
        workspace = self.session.workspace
        backups = None if workspace is None else workspace.backups
        if backups is None:
            return

        def offered(yes: bool) -> None:
            if yes:
                self.restore_offered.emit()

        run_in_background(backups.restore_offered, offered, lambda _exc: None)

    def deliver_soon(self) -> None:
        """Something was sealed into the outbox: deliver now if the town hall is near."""
        if self.indicator.state is ConnectionState.CONNECTED:
            self.sync_now()

    # -- enrollment ------------------------------------------------------------------

    def open_enrollment(self, parent: QWidget | None = None) -> None:
        """Show "Mit dem Rathaus verbinden"; a successful enrollment starts a pass."""
        from koffer.ui.enrollment_dialog import EnrollmentDialog

        store = self._store()
        if store is None:
            return
        dialog = EnrollmentDialog(store, parent, transport=self.transport)
        if dialog.exec():
            self.backoff.reset()
            self.started = True
            self._set_state(ConnectionState.CONNECTED, self.tr("Verbunden"))
            self.sync_now()
