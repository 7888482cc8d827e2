"""The main window's shell: the screens, the top bar, the status bar, messages, lock.

It lays out the screens and wires the parts: the profile flow (start, unlock, lock), the
draft flow (an open draft's screens and steps), the "Einstellungen" menu, printing and sync.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from shiboken6 import isValid

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import (
    QClipboard,
    QCloseEvent,
    QGuiApplication,
    QKeySequence,
    QResizeEvent,
    QScreen,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from koffer.drafting.wording import NOT_SAVED_ON_LOCK, QUIT_UNSAVED_QUESTION, QUIT_UNSAVED_TITLE
from koffer.settings import FAVOURITES, IDLE_LOCK_MINUTES, Scope, Setting, Values, of_scope
from koffer.ui import placement
from koffer.ui.catalog_screen import CatalogScreen
from koffer.ui.connection import ConnectionIndicator
from koffer.ui.drafts_screen import DraftsScreen
from koffer.ui.idle import IdleWatcher
from koffer.ui.print_controller import PrintController
from koffer.ui.profile_screens import SetupScreen, UnlockScreen
from koffer.ui.sync_controller import SyncController
from koffer.ui.widgets import STATUS_BAR, announce, paragraph, status_bar_last
from koffer.ui.window.draft_flow import DraftFlow, say
from koffer.ui.window.profile_flow import ProfileFlow, Started
from koffer.ui.window.view_menu import ViewMenu
from koffer.ui.worker import Lane, on_store_lane, run_in_background, runner, set_error_hook
from koffer.ui.wrap_layout import WrapLayout

if TYPE_CHECKING:
    from collections.abc import Callable

    from forms.model import Template
    from koffer.drafting.backups import BackupLine
    from koffer.drafting.catalog import Catalog
    from koffer.drafting.lifecycle import Event
    from koffer.drafting.locking import Unsaved
    from koffer.drafting.workspace import Workspace
    from koffer.store import DraftSummary
    from koffer.ui.form.screen import FormScreen
    from koffer.ui.review_screen import ReviewScreen
    from koffer.ui.session import Session

log = logging.getLogger(__name__)


def user_message(exc: BaseException) -> str:
    """German text for a failure: the store's own message, or a calm general one."""
    text = getattr(exc, "user_message", None)
    if isinstance(text, str) and text:
        return text
    return QApplication.translate(
        "MainWindow",
        "Das hat leider nicht geklappt. Ihre Daten sind sicher gespeichert. "
        "Bitte versuchen Sie es noch einmal.",
    )


class _Relay(QObject):
    """Carries the workspace's steps (announced on the store lane) to the UI thread."""

    transition = Signal(object)


class MainWindow(QMainWindow):
    """Koffer's one window."""

    ready = Signal()  # unlocked, the catalog page shown (benchmarks, screenshots)
    first_screen = Signal()  # setup or unlock screen usable
    catalog_ready = Signal()  # the catalog is loaded
    locked_changed = Signal(bool)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.settings = Values(of_scope(Scope.DEVICE), None)
        self.catalog: Catalog | None = None
        self.visits_dialog: QDialog | None = None
        self.restore_dialog: QDialog | None = None
        self._restore_asked = False
        self._locking = False
        self.setWindowTitle(self.tr("Koffer – Verwaltung aus dem Koffer"))
        self._placed = False
        self.profile_flow = ProfileFlow(session, self)
        self._relay = _Relay(self)
        self._relay.transition.connect(self._transition)
        self.idle = IdleWatcher(self.settings[IDLE_LOCK_MINUTES], self)
        self.idle.idle.connect(self.lock)
        self.idle.warning.connect(self._warn_of_lock)
        self.idle.resumed.connect(self._lock_warning_answered)
        self._build()
        set_error_hook(self.show_alert)
        self.apply_view()

    # ----------------------------------------------------------------- what others read
    @property
    def form(self) -> FormScreen | None:
        """The open draft's form."""
        return self.drafts.form

    @property
    def review(self) -> ReviewScreen | None:
        """The open draft's review."""
        return self.drafts.review

    # ----------------------------------------------------------------- layout
    def _build(self) -> None:
        self.root = QStackedWidget(self)
        self.setCentralWidget(self.root)
        self.starting = paragraph(self.tr("Koffer startet …"), self.root, "h2")
        self.starting.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setup = SetupScreen(self.root)
        self.unlock_screen = UnlockScreen(self.root)
        self.work = QWidget(self.root)
        for widget in (self.starting, self.setup, self.unlock_screen, self.work):
            self.root.addWidget(widget)

        layout = QVBoxLayout(self.work)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.navbar = QFrame(self.work)
        self.navbar.setObjectName("navbar")
        nav = WrapLayout(self.navbar, spacing=8)
        nav.setContentsMargins(16, 8, 16, 8)
        self.brand = QLabel("Koffer", self.navbar)
        font = self.brand.font()
        font.setBold(True)
        self.brand.setFont(font)
        nav.add(self.brand)
        self.nav_catalog = self._nav_button(self.tr("Formulare"))
        self.nav_drafts = self._nav_button(self.tr("Anträge"))
        self.nav_form = self._nav_button(self.tr("Offener Antrag"))
        self.nav_visits = self._nav_button(self.tr("Termine"))
        self.nav_visits.setCheckable(False)  # opens a dialog, not a screen
        self.nav_form.hide()
        for b in (self.nav_catalog, self.nav_drafts, self.nav_form, self.nav_visits):
            nav.add(b)
        self.staff = QLabel("", self.navbar)
        nav.add_right(self.staff)
        self.view = ViewMenu(self.settings, self)
        self.contrast_action = self.view.contrast_action
        self.visits_action = self.view.visits_action
        self.view_button = QPushButton(self.tr("Einstellungen"), self.navbar)
        self.view_button.setMenu(self.view.menu)
        nav.add_right(self.view_button)
        self.lock_button = QPushButton(self.tr("Sperren"), self.navbar)
        self.lock_button.setToolTip(self.tr("Sperren (Strg+L)"))
        nav.add_right(self.lock_button)
        layout.addWidget(self.navbar)
        self.navbar.installEventFilter(self)

        self.alert, self.alert_text, close_alert = self._banner(self.tr("Schließen"))
        close_alert.clicked.connect(self.alert.hide)
        layout.addWidget(self.alert)

        # "Weiterlesen?": shown 30 s before the idle lock, on every screen (the review too)
        self.lock_warning, self.lock_warning_text, self.keep_reading = self._banner(
            self.tr("Weiterlesen")
        )
        self.keep_reading.clicked.connect(self.idle.keep_going)
        self._focus_before_warning: QWidget | None = None
        layout.addWidget(self.lock_warning)

        self.content = QStackedWidget(self.work)
        self.catalog_screen = CatalogScreen(self.content)
        self.content.addWidget(self.catalog_screen)
        self.drafts_screen = self._make_drafts_screen()
        layout.addWidget(self.content, 1)
        self.drafts = DraftFlow(self.session, self.content, self, self)
        self.assist: Any = None  # koffer.ui.assist.owner_flow.AssistFlow, made when first used
        self.drafts.assist_requested.connect(self._assist)

        # The bottom bar: a wrapping row, not a QStatusBar, which cannot grow a second
        # line: at 200 % the connection state, "Verbinden …", the printer's state and the
        # print queue did not fit one line and were cut (issue 12).
        self.status_bar = QFrame(self.work)
        self.status_bar.setObjectName(STATUS_BAR)
        status = WrapLayout(self.status_bar, spacing=8)
        status.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.status_bar)
        self.connection = ConnectionIndicator(self.status_bar)
        status.add(self.connection)
        self.sync = SyncController(self.session, self.connection, self)
        status.add(self.sync.connect_button)
        status.add(self.sync.detail)
        self.backup_label = QLabel("", self.status_bar)
        self.backup_label.setObjectName("backupWaiting")
        self.backup_label.hide()
        status.add(self.backup_label)
        self.printing = PrintController(self.session, self)
        for text in (self.sync.detail, self.printing.status_label):
            text.setWordWrap(True)  # a long message takes a second line, not the screen
        status.add(self.printing.status_label)
        self.busy = QProgressBar(self.status_bar)
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(160)
        self.busy.setAccessibleName(self.tr("Arbeitet"))
        self.busy.hide()
        status.add_right(self.busy)
        status.add_right(self.printing.queue_button)
        self.scale_label = QLabel("", self.status_bar)
        status.add_right(self.scale_label)
        self.content.currentChanged.connect(lambda _index: status_bar_last(self))
        busy_signal = getattr(runner(), "busy_changed", None)
        if busy_signal is not None:
            busy_signal.connect(self.busy.setVisible)
        self._connect()

    def _banner(self, button_text: str) -> tuple[QFrame, QLabel, QPushButton]:
        """A hidden bar above the screens: a wrapping text and one button."""
        frame = QFrame(self.work)
        frame.setProperty("role", "banner")
        row = QHBoxLayout(frame)
        text = QLabel("", frame)
        text.setWordWrap(True)
        row.addWidget(text, 1)
        answer = QPushButton(button_text, frame)
        row.addWidget(answer)
        frame.hide()
        return frame, text, answer

    def _connect(self) -> None:
        flow, drafts, view = self.profile_flow, self.drafts, self.view
        flow.started.connect(self._started)
        flow.start_failed.connect(self._start_failed)
        flow.created.connect(self._unlocked)
        flow.create_failed.connect(lambda exc: self.setup.show_error(user_message(exc)))
        flow.unlocked.connect(self._unlocked)
        flow.unlock_failed.connect(lambda exc: self.unlock_screen.show_error(user_message(exc)))
        self.setup.submitted.connect(flow.create)
        self.unlock_screen.submitted.connect(flow.unlock)

        drafts.opened.connect(self._form_opened)
        drafts.closed.connect(self.nav_form.hide)
        drafts.drafts_changed.connect(self._drafts_changed)
        drafts.print_requested.connect(
            lambda draft_id, kinds, intro: self.printing.print_draft(
                draft_id, preselected=kinds, intro=intro
            )
        )
        drafts.finalised.connect(lambda _draft_id, _stage: self.sync.deliver_soon())
        drafts.place_changed.connect(self._remember_place)
        drafts.reviewing.connect(self.idle.set_reviewing)

        self.sync.drafts_changed.connect(self.refresh_drafts)
        self.sync.message.connect(self.show_alert)
        self.sync.revoked.connect(self.start)
        self.sync.catalog_changed.connect(self._load_catalog)
        self.sync.backup_changed.connect(self._backup_changed)
        self.sync.restore_offered.connect(self._offer_restore)
        self.printing.alert.connect(lambda text: self.show_alert(text, error=False))

        view.changed.connect(self._save_setting)
        view.applied.connect(self.fit_navbar)
        view.idle_minutes_changed.connect(self._idle_minutes_changed)
        view.visits_requested.connect(self._show_visits)
        view.restore_requested.connect(self.restore_drafts)
        view.language_chosen.connect(self._set_ui_language)
        view.about_requested.connect(self.show_about)

        self.nav_catalog.clicked.connect(self.show_catalog)
        self.nav_drafts.clicked.connect(self.show_drafts)
        self.nav_form.clicked.connect(self.show_open_form)
        self.nav_visits.clicked.connect(self._show_visits)
        self.lock_button.clicked.connect(self.lock)
        self.catalog_screen.start_requested.connect(self.start_draft)
        self.catalog_screen.favourite_toggled.connect(self._toggle_favourite)
        self.catalog_screen.print_blank_requested.connect(self.printing.print_blank)
        self._connect_drafts_screen()

        lock = QShortcut(QKeySequence("Ctrl+L"), self)
        lock.setContext(Qt.ShortcutContext.ApplicationShortcut)
        lock.activated.connect(self.lock)
        for keys, step in (("Ctrl++", 1), ("Ctrl+=", 1), ("Ctrl+-", -1)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
            shortcut.activated.connect(lambda s=step: self.change_scale(s))
        # The main screens by keyboard, numbered as the top bar shows them.
        for keys, button_, show in (
            ("Ctrl+1", self.nav_catalog, self.show_catalog),
            ("Ctrl+2", self.nav_drafts, self.show_drafts),
            ("Ctrl+3", self.nav_form, self.show_open_form),
            ("Ctrl+4", self.nav_visits, self._show_visits),
        ):
            screen = QShortcut(QKeySequence(keys), self)
            screen.setContext(Qt.ShortcutContext.WindowShortcut)
            screen.activated.connect(lambda show=show: self._by_key(show))
            button_.setToolTip(
                self.tr("{screen} ({keys})").format(
                    screen=button_.text(),
                    keys=QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText),
                )
            )
        reset = QShortcut(QKeySequence("Ctrl+0"), self)
        reset.setContext(Qt.ShortcutContext.ApplicationShortcut)
        reset.activated.connect(lambda: self.set_scale(100))

    def _by_key(self, show: Callable[[], None]) -> None:
        """A main screen's shortcut: only while unlocked (the lock screen has no screens)."""
        if not self.is_locked:
            show()

    def show_open_form(self) -> None:
        """The open application (its form, or its review)."""
        self.drafts.show_open()
        if self.drafts.form is not None:
            self._mark_nav(self.nav_form)

    def _mark_nav(self, current: QPushButton) -> None:
        """Show which screen is on: its button checked, the others not."""
        for entry in (self.nav_catalog, self.nav_drafts, self.nav_form, self.nav_visits):
            entry.setChecked(entry is current)

    def _make_drafts_screen(self) -> DraftsScreen:
        """The drafts page (made anew at every lock: it showed citizens' names)."""
        screen = DraftsScreen(self.content)
        self.content.insertWidget(1, screen)
        return screen

    def _connect_drafts_screen(self) -> None:
        screen = self.drafts_screen
        screen.print_requested.connect(self.printing.print_draft)
        screen.open_requested.connect(self.open_draft)
        screen.delete_requested.connect(self.drafts.delete_draft)
        screen.search_changed.connect(self.refresh_drafts)
        screen.move_requested.connect(self.drafts.offer_move)
        screen.take_back_requested.connect(self.drafts.take_back_refused)

    def _nav_button(self, text: str) -> QPushButton:
        result = QPushButton(text, self.navbar)
        result.setCheckable(True)
        # Not auto-exclusive: Qt takes Tab away from the unchecked buttons of an
        # exclusive group, and the other screens were only reachable by the mouse.
        return result

    # ----------------------------------------------------------------- view settings
    def apply_view(self) -> None:
        """Apply theme and text scale to the whole application."""
        self.scale_label.setText(self.view.apply())

    def set_scale(self, percent: int) -> None:
        """Text size in percent (100–200)."""
        self.view.set_scale(percent)
        self.scale_label.setText(self.view.apply())

    def change_scale(self, steps: int) -> None:
        """Ctrl+plus / Ctrl+minus."""
        self.view.change_scale(steps)
        self.scale_label.setText(self.view.apply())

    def set_high_contrast(self, on: bool) -> None:
        """Switch the high-contrast theme."""
        self.view.set_high_contrast(on)

    def set_idle_minutes(self, minutes: int) -> None:
        """Lock after `minutes` without input."""
        self.view.set_idle_minutes(minutes)

    def _idle_minutes_changed(self, minutes: int) -> None:
        self.idle.set_minutes(minutes)
        if not self.session.locked:
            self.idle.start()

    def _save_setting(self, setting: Setting[Any]) -> None:
        device, value = self.session.device, self.settings[setting]
        if device is not None:
            run_in_background(lambda: setting.write(device, value), None, self.show_alert)

    def _set_ui_language(self, code: str) -> None:
        from koffer.ui.i18n import remember_language

        remember_language(code)
        self.show_alert(
            self.tr("Die Sprache wechselt beim nächsten Start von Koffer."), error=False
        )

    def fit_navbar(self) -> None:
        """Keep the top bar on one line at large text (150–200 % on a 13-inch screen).

        The brand and the staff name are the least needed entries: they go first, the staff
        name stays in the lock button's tooltip and description. Then "Termine" moves into
        the "Einstellungen" menu. If it still does not fit, the bar wraps as before.
        """
        nav = self.navbar.layout()
        if not isinstance(nav, WrapLayout):
            return
        staff = self.staff.text()
        self.staff.setVisible(bool(staff))
        self.brand.show()
        self.nav_visits.show()
        width = self.navbar.width()
        one_line = nav.heightForWidth(1_000_000)
        for optional in (self.staff, self.brand, self.nav_visits):
            if nav.heightForWidth(width) <= one_line:
                break
            optional.hide()
        self.visits_action.setVisible(self.nav_visits.isHidden())
        hint = self.tr("Sperren (Strg+L)")
        if staff and self.staff.isHidden():
            hint += " – " + self.tr("angemeldet: {name}").format(name=staff)
        self.lock_button.setToolTip(hint)
        self.lock_button.setAccessibleDescription(hint)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Fit the top bar whenever its width changes (window resized or first shown)."""
        if (
            watched is self.navbar
            and isinstance(event, QResizeEvent)
            and event.size().width() != event.oldSize().width()
        ):
            # Later, not inside the resize: showing/hiding entries would resize again.
            QTimer.singleShot(0, self, self.fit_navbar)
        return super().eventFilter(watched, event)

    # ----------------------------------------------------------------- messages, questions
    def show_alert(self, problem: BaseException | str, *, error: bool = True) -> None:
        """A calm, non-blocking message at the top of the window (until the next screen)."""
        del error
        text = problem if isinstance(problem, str) else user_message(problem)
        self.alert_text.setText(text)
        self.alert.show()

    def ask_citizen_name(self) -> str | None:
        """Ask whom the new application is for (None: cancelled)."""
        name, ok = QInputDialog.getText(
            self,
            self.tr("Neuer Antrag"),
            self.tr("Für wen ist der Antrag? Name der Bürgerin oder des Bürgers:"),
        )
        return name.strip() if ok else None

    def confirm(self, title: str, text: str) -> bool:
        """Ask before something that cannot be undone."""
        answer = QMessageBox.question(
            self,
            title,
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    # ----------------------------------------------------------------- start, unlock
    def start(self) -> None:
        """Open the device store and read settings, ask for setup or unlock; the catalog
        loads in the background meanwhile (it is ready long before a passphrase is typed).
        """
        self.root.setCurrentWidget(self.starting)
        self.profile_flow.start()

    def _load_catalog(self) -> None:
        from koffer.drafting.catalog import load_catalog

        device = self.session.device
        run_in_background(
            lambda: load_catalog(device, lane=on_store_lane),
            self._catalog_loaded,
            self._start_failed,
            Lane.CPU,
        )

    def _catalog_loaded(self, catalog: Catalog) -> None:
        self.session.catalog = self.catalog = catalog
        self.catalog_screen.set_catalog(catalog, self.settings[FAVOURITES])
        workspace = self.session.workspace
        if workspace is not None:
            workspace.catalog = catalog
            run_in_background(workspace.seal_waiting, self._sealed_waiting, self.show_alert)
        self.catalog_ready.emit()

    def _sealed_waiting(self, sealed: list[str]) -> None:
        if sealed:
            self.refresh_drafts()
            self.sync.deliver_soon()

    def _started(self, started: Started) -> None:
        if started.device is not None:
            self.sync.start()
        self.settings = started.settings
        self.view.settings = started.settings
        self.idle.set_minutes(self.settings[IDLE_LOCK_MINUTES])
        self.apply_view()
        if started.exists:
            self.unlock_screen.set_staff_name(started.staff_name)
            self.unlock_screen.set_demo_passphrase(started.demo_passphrase)
            self._show_unlock()
        else:
            self.root.setCurrentWidget(self.setup)
            self.setup.name.setFocus()
        self.first_screen.emit()
        self._load_catalog()

    def _start_failed(self, exc: BaseException) -> None:
        self.starting.setText(user_message(exc))
        self.starting.setProperty("role", "error")

    def _show_unlock(self) -> None:
        self.unlock_screen.reset()
        self.root.setCurrentWidget(self.unlock_screen)
        self.unlock_screen.passphrase.setFocus()
        self.locked_changed.emit(True)

    def _unlocked(self, workspace: Workspace) -> None:
        self._restore_asked = False
        relay = self._relay
        workspace.subscribe(relay.transition.emit)  # from the store lane to the UI thread
        self.staff.setText(workspace.staff_name)
        self.fit_navbar()
        self.root.setCurrentWidget(self.work)
        self.sync.start()
        self.idle.start()
        self.printing.start()
        self.locked_changed.emit(False)
        self.show_catalog()
        unsaved, self.session.unsaved = self.session.unsaved, None
        if unsaved is not None:
            self.drafts.restore_unsaved(unsaved)  # the draft the worker was in, input back
        else:
            self._go_back_to_where_the_worker_was(workspace)
        self.ready.emit()

    def _go_back_to_where_the_worker_was(self, workspace: Workspace) -> None:
        """After unlocking (or a crash): the application and section the worker was in."""
        from koffer.drafting.idle import place_to_return

        device = self.session.device
        if device is None:
            return
        run_in_background(
            lambda: place_to_return(device, workspace.drafts),
            lambda place: self.drafts.return_to(place) if place is not None else None,
            lambda _exc: None,  # nothing to go back to: the catalog is shown already
        )

    def _remember_place(self, place: Any) -> None:
        """Keep where the worker is (`koffer.drafting.idle.Place`, ids only)."""
        from koffer.drafting.idle import remember_place

        device = self.session.device
        if device is not None:
            run_in_background(lambda: remember_place(device, place), None, lambda _e: None)

    def _warn_of_lock(self, seconds: int) -> None:
        """The idle lock comes in `seconds`: ask, put the focus on the answer, and have a
        screen reader say the question at once (a citizen listening to the review hears
        it even where the focus move alone is not read out)."""
        if self.is_locked:
            return
        self.lock_warning_text.setText(
            self.tr(
                "Koffer sperrt sich in {seconds} Sekunden, weil nichts eingegeben wurde. "
                "Weiterlesen?"
            ).format(seconds=seconds)
        )
        self.keep_reading.setAccessibleDescription(self.lock_warning_text.text())
        self._focus_before_warning = QApplication.focusWidget()
        self.lock_warning.show()
        self.keep_reading.setFocus()
        announce(self.lock_warning_text, self.lock_warning_text.text(), assertive=True)

    def _lock_warning_answered(self) -> None:
        """Input came: the warning goes, the focus back where it was if nobody moved it."""
        answered_here = QApplication.focusWidget() is self.keep_reading
        self.lock_warning.hide()
        before, self._focus_before_warning = self._focus_before_warning, None
        if answered_here and before is not None and isValid(before):
            before.setFocus()

    def _transition(self, event: Event) -> None:
        """A draft took a step (here, or in a sync pass): the list shows it."""
        from koffer.drafting.lifecycle import Transition

        if not isinstance(event, Transition):
            return  # a save: the list is read again when it is shown
        if self.content.currentWidget() is self.drafts_screen:
            self.refresh_drafts(self.drafts_screen.search.text())

    # ----------------------------------------------------------------- lock
    def _assist(self, form: Any) -> None:
        """ "Kollegin zuschalten" on the open form (the session code loads only now)."""
        if self.assist is None:
            from koffer.ui.assist.owner_flow import AssistFlow

            self.assist = AssistFlow(self.session, self.drafts, self)
        self.assist.start(form)

    def lock(self) -> None:
        """Hide every personal datum at once, destroy what showed it, close drafts.db.

        The open draft's queued input is written first; on a full disk it is retried a
        moment and otherwise kept for the unlock (`koffer.drafting.locking`), never
        dropped. Meanwhile the lock screen is up and unlocking waits.
        """
        if self._locking or (self.session.locked and self.root.currentWidget() is not self.work):
            return
        from koffer.drafting.locking import LockFlush

        self._locking = True
        self.root.setCurrentWidget(self.unlock_screen)
        self.unlock_screen.reset()
        self.unlock_screen.set_locking(True)
        self._close_dialogs()
        self.printing.stop()
        self.lock_warning.hide()
        self.idle.stop()
        saver = self.drafts.close_form(left=False)  # unlocking comes back to it
        workspace = self.profile_flow.lock()
        self._forget_screens()

        def locked(unsaved: Unsaved | None) -> None:
            self._locking = False
            if unsaved is not None:
                self.session.unsaved = unsaved
            self.profile_flow.close(workspace)
            self._show_unlock()
            if self.session.unsaved is not None:
                reason = say(self.session.unsaved.reason)
                self.unlock_screen.show_unsaved(say(NOT_SAVED_ON_LOCK).format(reason=reason))

        LockFlush(saver, lambda ms, then: QTimer.singleShot(ms, self, then), locked).start()

    def _forget_screens(self) -> None:
        """Destroy every widget that showed a citizen's data; unlocking builds them anew
        from the store. (The form and the review went with `DraftFlow.close_form`.)"""
        old = self.drafts_screen
        self.drafts_screen = self._make_drafts_screen()
        self._connect_drafts_screen()
        self.content.removeWidget(old)
        old.deleteLater()
        if self.visits_dialog is not None:
            self.visits_dialog.deleteLater()
            self.visits_dialog = None
        self.catalog_screen.search.clear()  # someone may have typed a name there
        self.alert_text.clear()
        self.alert.hide()
        clipboard = QGuiApplication.clipboard()
        if clipboard is not None:  # what was copied out of a form (Koffer's own only)
            if clipboard.ownsClipboard():
                clipboard.clear(QClipboard.Mode.Clipboard)
            if clipboard.ownsSelection():
                clipboard.clear(QClipboard.Mode.Selection)

    def _close_dialogs(self) -> None:
        """Close open menus and dialogs: a confirmation may name a citizen."""
        for _ in range(10):  # dialogs can stack; never loop forever
            widget = QApplication.activePopupWidget() or QApplication.activeModalWidget()
            if widget is None or widget is self:
                break
            if isinstance(widget, QDialog):
                widget.reject()
            widget.close()
        QToolTip.hideText()

    @property
    def is_locked(self) -> bool:
        """Whether the lock screen is shown."""
        return self.root.currentWidget() is not self.work

    # ----------------------------------------------------------------- navigation
    def show_about(self) -> None:
        """ "Über Koffer": version, catalog, licence, where the guide is."""
        from koffer.ui.about_dialog import show_about

        show_about(self, self.session.device, len(self.catalog.cards) if self.catalog else 0)

    def show_catalog(self) -> None:
        """The catalog page."""
        self.alert.hide()
        self._mark_nav(self.nav_catalog)
        self.content.setCurrentWidget(self.catalog_screen)
        self.catalog_screen.search.setFocus()

    def show_drafts(self) -> None:
        """The drafts page."""
        self.alert.hide()
        self._mark_nav(self.nav_drafts)
        self.content.setCurrentWidget(self.drafts_screen)
        self.refresh_drafts(self.drafts_screen.search.text())
        self.drafts_screen.table.setFocus()

    def refresh_drafts(self, query: str = "") -> None:
        """Reload the drafts list."""
        workspace = self.session.workspace
        if workspace is None:
            return

        def job() -> tuple[list[DraftSummary], dict[str, BackupLine], int]:
            backups = workspace.backups
            lines = {} if backups is None else backups.lines()
            return workspace.list_drafts(query), lines, workspace.refused_count()

        run_in_background(
            job, lambda result: self.drafts_screen.set_drafts(*result), self.show_alert
        )

    def _drafts_changed(self) -> None:
        if self.drafts.form is None:
            self.show_drafts()
        else:
            self.refresh_drafts(self.drafts_screen.search.text())

    def _form_opened(self) -> None:
        self.alert.hide()
        self.nav_form.show()
        self._mark_nav(self.nav_form)

    def _toggle_favourite(self, template_id: str) -> None:
        current: list[str] = self.settings[FAVOURITES]
        favourites = list(current)
        if template_id in favourites:
            favourites.remove(template_id)
        else:
            favourites.append(template_id)
        self.settings[FAVOURITES] = favourites
        self.catalog_screen.set_favourites(favourites)
        self._save_setting(FAVOURITES)

    def _show_visits(self) -> None:
        drafts = self.session.drafts
        if drafts is None:
            return
        from koffer.ui.visits_dialog import VisitsDialog

        dialog = VisitsDialog(drafts, self.session.catalog, self)
        dialog.start_requested.connect(
            lambda template, name, visit_id: self.drafts.start_from_visit(
                template, name, dialog.address_of(visit_id), visit_id
            )
        )
        dialog.open()
        self.visits_dialog = dialog

    # ----------------------------------------------------------------- draft backup
    def _backup_changed(self, waiting: int) -> None:
        """After a pass: how many records wait (status bar); the list shows "gesichert"."""
        from koffer.drafting.wording import BACKUP_WAITING_ONE, BACKUPS_WAITING, CONTEXT, by_count

        source = by_count(waiting, BACKUP_WAITING_ONE, BACKUPS_WAITING)
        text = QApplication.translate(CONTEXT, source).format(n=waiting)
        self.backup_label.setText(text if waiting else "")
        self.backup_label.setAccessibleName(text if waiting else "")
        self.backup_label.setVisible(bool(waiting))
        if self.content.currentWidget() is self.drafts_screen and not self.is_locked:
            self.refresh_drafts(self.drafts_screen.search.text())

    def _offer_restore(self) -> None:
        """A backup of this person that this laptop lacks: offer it (once per unlock)."""
        self.view.restore_action.setVisible(True)
        if self._restore_asked or self.is_locked:
            return
        self._restore_asked = True
        self.restore_drafts()

    def restore_drafts(self) -> None:
        """ "Entwürfe wiederherstellen": the passphrase dialog, then the restore."""
        if self.session.workspace is None:
            return
        from koffer.ui.restore_dialog import RestoreDialog

        dialog = RestoreDialog(self.session, self.sync.store(), self, transport=self.sync.transport)
        dialog.accepted.connect(self._restored)
        dialog.open()
        self.restore_dialog = dialog

    def _restored(self) -> None:
        self.view.restore_action.setVisible(False)
        self.show_drafts()
        self.sync.deliver_soon()  # finalised ones come back with their sealed copy

    # ----------------------------------------------------------------- drafts
    def start_draft(self, template: Template) -> None:
        """Create a draft of `template` and open it."""
        self.drafts.start_draft(template)

    def open_draft(self, draft_id: str) -> None:
        """Load a draft and show it."""
        self.drafts.open_draft(draft_id)

    # ----------------------------------------------------------------- where the window is
    def showEvent(self, event: QShowEvent) -> None:
        """The first time: where the worker left the window, or as large as fits the screen."""
        if not self._placed:
            self._placed = True
            placement.restore(self)
            # The window manager's frame is known once the window is on screen.
            QTimer.singleShot(0, self, lambda: placement.keep_on_screen(self))
        super().showEvent(event)

    def move_to_screen(self, screen: QScreen) -> None:
        """Open the window on `screen` (as large as fits it)."""
        self._placed = True
        self.setScreen(screen)
        placement.fit(self, placement.MAIN_SIZE, screen)

    # ----------------------------------------------------------------- quit
    def closeEvent(self, event: QCloseEvent) -> None:
        """Save what is queued, close both stores, then quit (after asking, when input
        could not be saved and would be lost)."""
        form = self.drafts.form
        stuck = self.session.unsaved is not None or (form is not None and form.saver.stuck)
        if stuck and not self.confirm(say(QUIT_UNSAVED_TITLE), say(QUIT_UNSAVED_QUESTION)):
            event.ignore()
            return
        placement.remember(self)
        self.drafts.close_form(left=False)
        self.sync.stop()
        session = self.session
        run_in_background(session.close_all, None, lambda _e: None, Lane.STORE)
        runner().drain(10_000)
        set_error_hook(None)
        super().closeEvent(event)
