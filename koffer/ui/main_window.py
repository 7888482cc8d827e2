"""The main window: profile setup, unlock, catalog, drafts, form, review; lock and view settings."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QFont,
    QKeySequence,
    QResizeEvent,
    QShortcut,
)
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from koffer.ui import theme
from koffer.ui.catalog_screen import CatalogScreen
from koffer.ui.connection import ConnectionIndicator, ConnectionState
from koffer.ui.drafts_screen import DraftsScreen
from koffer.ui.idle import IdleWatcher
from koffer.ui.print_controller import PrintController
from koffer.ui.profile_screens import SetupScreen, UnlockScreen
from koffer.ui.session import Catalog, Session, load_catalog
from koffer.ui.settings import UiSettings
from koffer.ui.sync_controller import SyncController
from koffer.ui.widgets import paragraph
from koffer.ui.worker import Lane, run_in_background, runner, set_error_hook
from koffer.ui.wrap_layout import WrapLayout

if TYPE_CHECKING:  # the form screens load on first use, not at start
    from forms.model import Answers, Template
    from koffer.ui.form_screen import FormScreen
    from koffer.ui.review_screen import ReviewScreen

#: Device setting holding the demo profile's public passphrase (see koffer.demo).
DEMO_SETTING = "ui.demo_passphrase"

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


def default_answers(template: Template) -> Answers:
    """The template's defaults for top-level fields (a new draft starts with them)."""
    return {
        f.id: f.default  # type: ignore[misc]
        for section in template.sections
        for f in section.fields
        if f.default is not None and f.compute is None and f.type != "group"
    }


class MainWindow(QMainWindow):
    """Koffer's one window."""

    ready = Signal()  # unlocked, the catalog page shown (benchmarks, screenshots)
    first_screen = Signal()  # setup or unlock screen usable
    catalog_ready = Signal()  # the catalog is loaded
    locked_changed = Signal(bool)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.settings = UiSettings()
        self.catalog: Catalog | None = None
        self.form: FormScreen | None = None
        self.review: ReviewScreen | None = None
        self.setWindowTitle(self.tr("Koffer – Verwaltung aus dem Koffer"))
        self.resize(1200, 820)
        self._build()
        self.idle = IdleWatcher(self.settings.idle_lock_minutes, self)
        self.idle.idle.connect(self.lock)
        set_error_hook(self.show_alert)
        self.apply_view()

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
        self.nav_form.hide()
        for b in (self.nav_catalog, self.nav_drafts, self.nav_visits, self.nav_form):
            nav.add(b)
        self.staff = QLabel("", self.navbar)
        nav.add_right(self.staff)
        self.view_button = QPushButton(self.tr("Ansicht"), self.navbar)
        self.view_button.setMenu(self._view_menu())
        nav.add_right(self.view_button)
        self.lock_button = QPushButton(self.tr("Sperren"), self.navbar)
        self.lock_button.setToolTip(self.tr("Sperren (Strg+L)"))
        nav.add_right(self.lock_button)
        layout.addWidget(self.navbar)
        self.navbar.installEventFilter(self)

        self.alert = QFrame(self.work)
        self.alert.setProperty("role", "banner")
        alert_layout = QHBoxLayout(self.alert)
        self.alert_text = QLabel("", self.alert)
        self.alert_text.setWordWrap(True)
        alert_layout.addWidget(self.alert_text, 1)
        close_alert = QPushButton(self.tr("Schließen"), self.alert)
        close_alert.clicked.connect(self.alert.hide)
        alert_layout.addWidget(close_alert)
        self.alert.hide()
        layout.addWidget(self.alert)

        self.content = QStackedWidget(self.work)
        self.catalog_screen = CatalogScreen(self.content)
        self.drafts_screen = DraftsScreen(self.content)
        self.content.addWidget(self.catalog_screen)
        self.content.addWidget(self.drafts_screen)
        layout.addWidget(self.content, 1)

        status = self.statusBar()
        status.setSizeGripEnabled(False)
        self.connection = ConnectionIndicator(status)
        status.addWidget(self.connection)
        self.sync = SyncController(self.session, self.connection, self)
        status.addWidget(self.sync.detail)
        self.sync.drafts_changed.connect(self.refresh_drafts)
        self.sync.message.connect(self.show_alert)
        self.sync.revoked.connect(self.start)
        self.sync.catalog_changed.connect(self._load_catalog)
        self.busy = QProgressBar(status)
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(160)
        self.busy.setAccessibleName(self.tr("Arbeitet"))
        self.busy.hide()
        status.addPermanentWidget(self.busy)
        self.printing = PrintController(self.session, self)
        status.addWidget(self.printing.status_label)
        status.addPermanentWidget(self.printing.queue_button)
        self.printing.alert.connect(lambda text: self.show_alert(text, error=False))
        self.scale_label = QLabel("", status)
        status.addPermanentWidget(self.scale_label)
        busy_signal = getattr(runner(), "busy_changed", None)
        if busy_signal is not None:
            busy_signal.connect(self._set_busy)

        self.setup.submitted.connect(self._create_profile)
        self.unlock_screen.submitted.connect(self._unlock)
        self.nav_catalog.clicked.connect(self.show_catalog)
        self.nav_drafts.clicked.connect(self.show_drafts)
        self.nav_form.clicked.connect(self._show_open_form)
        self.nav_visits.clicked.connect(lambda: self.sync.show_visits(self))
        self.lock_button.clicked.connect(self.lock)
        self.catalog_screen.start_requested.connect(self.start_draft)
        self.catalog_screen.favourite_toggled.connect(self._toggle_favourite)
        self.catalog_screen.print_blank_requested.connect(self.printing.print_blank)
        self.drafts_screen.print_requested.connect(self.printing.print_draft)
        self.drafts_screen.open_requested.connect(self.open_draft)
        self.drafts_screen.delete_requested.connect(self._delete_draft)
        self.drafts_screen.search_changed.connect(self.refresh_drafts)

        lock = QShortcut(QKeySequence("Ctrl+L"), self)
        lock.setContext(Qt.ShortcutContext.ApplicationShortcut)
        lock.activated.connect(self.lock)
        for keys, step in (("Ctrl++", 1), ("Ctrl+=", 1), ("Ctrl+-", -1)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
            shortcut.activated.connect(lambda s=step: self.change_scale(s))
        reset = QShortcut(QKeySequence("Ctrl+0"), self)
        reset.setContext(Qt.ShortcutContext.ApplicationShortcut)
        reset.activated.connect(lambda: self.set_scale(100))

    def _nav_button(self, text: str) -> QPushButton:
        result = QPushButton(text, self.navbar)
        result.setCheckable(True)
        result.setAutoExclusive(True)
        return result

    def _view_menu(self) -> QMenu:
        menu = QMenu(self)
        bigger = QAction(self.tr("Schrift größer (Strg++)"), menu)
        bigger.triggered.connect(lambda: self.change_scale(1))
        smaller = QAction(self.tr("Schrift kleiner (Strg+-)"), menu)
        smaller.triggered.connect(lambda: self.change_scale(-1))
        normal = QAction(self.tr("Normale Schriftgröße (Strg+0)"), menu)
        normal.triggered.connect(lambda: self.set_scale(100))
        self.contrast_action = QAction(self.tr("Hoher Kontrast"), menu)
        self.contrast_action.setCheckable(True)
        self.contrast_action.toggled.connect(self.set_high_contrast)
        # Stands in for the "Termine" button when large text leaves no room for it in the bar.
        self.visits_action = QAction(self.tr("Termine …"), menu)
        self.visits_action.triggered.connect(lambda: self.sync.show_visits(self))
        self.visits_action.setVisible(False)
        menu.addAction(self.visits_action)
        menu.addActions([bigger, smaller, normal])
        menu.addSeparator()
        menu.addAction(self.contrast_action)
        menu.addSeparator()
        lock_menu = menu.addMenu(self.tr("Automatisch sperren nach"))
        self.lock_actions = QActionGroup(lock_menu)
        for minutes in (2, 5, 10, 15, 30):
            action = QAction(self.tr("{n} Minuten").format(n=minutes), lock_menu)
            action.setCheckable(True)
            action.setData(minutes)
            action.triggered.connect(lambda _c=False, m=minutes: self.set_idle_minutes(m))
            self.lock_actions.addAction(action)
            lock_menu.addAction(action)
        menu.addSeparator()
        town_hall = QAction(self.tr("Mit dem Rathaus verbinden …"), menu)
        town_hall.triggered.connect(lambda: self.sync.open_enrollment(self))
        menu.addAction(town_hall)
        print_queue = QAction(self.tr("Druckwarteschlange …"), menu)
        print_queue.triggered.connect(lambda: self.printing.show_queue())  # noqa: PLW0108 - made later
        menu.addAction(print_queue)
        move = QAction(self.tr("Antrag auf neue Formularfassung umstellen …"), menu)
        move.triggered.connect(lambda: self.sync.offer_move(self))
        menu.addAction(move)
        take_back = QAction(self.tr("Abgelehnte Anträge wieder bearbeiten"), menu)
        take_back.triggered.connect(lambda: self.sync.take_back_rejected(self))
        menu.addAction(take_back)
        menu.addSeparator()
        language = menu.addMenu(self.tr("Sprache der Oberfläche"))
        for code, name in (("de", "Deutsch"), ("en", "English")):
            action = QAction(name, language)
            action.triggered.connect(lambda _c=False, c=code: self._set_ui_language(c))
            language.addAction(action)
        return menu

    # ----------------------------------------------------------------- view settings
    def apply_view(self) -> None:
        """Apply theme and text scale to the whole application."""
        app = QApplication.instance()
        if not isinstance(app, QApplication):
            return
        scale = theme.clamp_scale(self.settings.text_scale)
        font = QFont(app.font())
        font.setPointSize(theme.point_size(scale))
        if app.font().pointSize() != font.pointSize():
            app.setFont(font)
        sheet = theme.stylesheet(self.settings.theme, scale)
        if app.styleSheet() != sheet:  # re-polishing every widget is costly: only on change
            app.setStyleSheet(sheet)
        self.scale_label.setText(self.tr("Schrift {p} %").format(p=scale))
        self.contrast_action.blockSignals(True)
        self.contrast_action.setChecked(self.settings.theme == "high_contrast")
        self.contrast_action.blockSignals(False)
        for action in self.lock_actions.actions():
            action.setChecked(action.data() == self.settings.idle_lock_minutes)
        QTimer.singleShot(0, self, self.fit_navbar)  # once the new sizes are polished

    def fit_navbar(self) -> None:
        """Keep the top bar on one line at large text (150–200 % on a 13-inch screen).

        The brand and the staff name are the least needed entries: they go first, the staff
        name stays in the lock button's tooltip and description. Then "Termine" moves into
        the "Ansicht" menu. If it still does not fit, the bar wraps as before.
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

    def _save_setting(self, name: str) -> None:
        device, settings = self.session.device, self.settings
        if device is not None:
            run_in_background(lambda: settings.save(device, name), None, self.show_alert)

    def set_scale(self, percent: int) -> None:
        """Text size in percent (100–200)."""
        self.settings.text_scale = theme.clamp_scale(percent)
        self.apply_view()
        self._save_setting("text_scale")

    def change_scale(self, steps: int) -> None:
        """Ctrl+plus / Ctrl+minus."""
        self.set_scale(self.settings.text_scale + steps * theme.SCALE_STEP)

    def set_high_contrast(self, on: bool) -> None:
        """Switch the high-contrast theme."""
        self.settings.theme = "high_contrast" if on else "default"
        self.apply_view()
        self._save_setting("theme")

    def set_idle_minutes(self, minutes: int) -> None:
        """Lock after `minutes` without input."""
        self.settings.idle_lock_minutes = minutes
        self.idle.set_minutes(minutes)
        if not self.session.locked:
            self.idle.start()
        self.apply_view()
        self._save_setting("idle_lock_minutes")

    def _set_ui_language(self, code: str) -> None:
        from koffer.ui.i18n import remember_language

        remember_language(code)
        self.show_alert(
            self.tr("Die Sprache wechselt beim nächsten Start von Koffer."), error=False
        )

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)

    def show_alert(self, problem: BaseException | str, *, error: bool = True) -> None:
        """A calm, non-blocking message at the top of the window."""
        del error
        text = problem if isinstance(problem, str) else user_message(problem)
        self.alert_text.setText(text)
        self.alert.show()

    # ----------------------------------------------------------------- start
    def start(self) -> None:
        """Open the device store and read settings, ask for setup or unlock; the catalog
        loads in the background meanwhile (it is ready long before a passphrase is typed).
        """
        self.root.setCurrentWidget(self.starting)
        profile = self.session.profile

        def job() -> tuple[bool, Any, UiSettings, str, str]:
            exists = profile.exists()
            device = profile.open_device() if exists else None
            settings = UiSettings.load(device)
            demo = ""
            if device is not None:
                raw = device.get_setting(DEMO_SETTING, None)
                demo = str(raw) if raw else ""
            staff = str(getattr(profile, "staff_name", "") or "") if exists else ""
            return exists, device, settings, demo, staff

        run_in_background(job, self._started, self._start_failed)

    def _load_catalog(self) -> None:
        device = self.session.device
        run_in_background(
            lambda: load_catalog(device), self._catalog_loaded, self._start_failed, Lane.CPU
        )

    def _catalog_loaded(self, catalog: Catalog) -> None:
        self.session.catalog = self.catalog = catalog
        self.catalog_screen.set_catalog(catalog, self.settings.favourites)
        self.catalog_ready.emit()

    def _started(self, result: tuple[bool, Any, UiSettings, str, str]) -> None:
        exists, device, settings, demo, staff = result
        self.session.device = device
        if device is not None:
            self.sync.start()
        self.settings = settings
        self.idle.set_minutes(settings.idle_lock_minutes)
        self.apply_view()
        if exists:
            self.unlock_screen.set_staff_name(staff)
            self.unlock_screen.set_demo_passphrase(demo)
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

    def _create_profile(self, name: str, passphrase: str) -> None:
        profile = self.session.profile

        def job() -> tuple[Any, Any]:
            drafts = profile.create(name, passphrase)
            return drafts, profile.open_device()

        def done(result: tuple[Any, Any]) -> None:
            self.session.drafts, self.session.device = result
            self.staff.setText(name)
            self.fit_navbar()
            self._unlocked()

        run_in_background(job, done, lambda exc: self.setup.show_error(user_message(exc)))

    def _unlock(self, passphrase: str) -> None:
        profile = self.session.profile

        def done(drafts: Any) -> None:
            self.session.drafts = drafts
            self.staff.setText(str(getattr(profile, "staff_name", "") or ""))
            self.fit_navbar()
            self._unlocked()

        run_in_background(
            lambda: profile.unlock(passphrase),
            done,
            lambda exc: self.unlock_screen.show_error(user_message(exc)),
        )

    def _unlocked(self) -> None:
        self.root.setCurrentWidget(self.work)
        self.sync.start()
        self.idle.start()
        self.printing.start()
        self.locked_changed.emit(False)
        self.show_catalog()
        self.ready.emit()

    # ----------------------------------------------------------------- lock
    def lock(self) -> None:
        """Hide every personal datum at once, close drafts.db and ask for the passphrase."""
        if self.session.locked and self.root.currentWidget() is not self.work:
            return
        self.root.setCurrentWidget(self.unlock_screen)
        self.unlock_screen.reset()
        self._close_dialogs()
        self.printing.stop()
        self._close_form()
        self.drafts_screen.clear()
        self.alert.hide()
        self.idle.stop()
        session = self.session
        run_in_background(session.close_drafts, None, self.show_alert)
        self._show_unlock()

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
    def show_catalog(self) -> None:
        """The catalog page."""
        self.nav_catalog.setChecked(True)
        self.content.setCurrentWidget(self.catalog_screen)
        self.catalog_screen.search.setFocus()

    def show_drafts(self) -> None:
        """The drafts page."""
        self.nav_drafts.setChecked(True)
        self.content.setCurrentWidget(self.drafts_screen)
        self.refresh_drafts(self.drafts_screen.search.text())
        self.drafts_screen.table.setFocus()

    def refresh_drafts(self, query: str = "") -> None:
        """Reload the drafts list."""
        store = self.session.drafts
        if store is None:
            return
        run_in_background(
            lambda: store.list_drafts(query), self.drafts_screen.set_drafts, self.show_alert
        )

    def _show_open_form(self) -> None:
        if self.review is not None:
            self.content.setCurrentWidget(self.review)
        elif self.form is not None:
            self.content.setCurrentWidget(self.form)

    def _toggle_favourite(self, template_id: str) -> None:
        favourites = self.settings.favourites
        if template_id in favourites:
            favourites.remove(template_id)
        else:
            favourites.append(template_id)
        self.catalog_screen.set_favourites(favourites)
        self._save_setting("favourites")

    # ----------------------------------------------------------------- drafts
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

    def start_draft(self, template: Template) -> None:
        """Create a draft of `template` and open it."""
        store = self.session.drafts
        if store is None:
            return
        name = self.ask_citizen_name()
        if name is None:
            return
        defaults = default_answers(template)

        def job() -> Any:
            draft = store.create_draft(template.id, template.version, name)
            if defaults and not draft.answers:
                store.set_answers(draft.id, defaults)
                draft = store.get_draft(draft.id)
            return draft

        run_in_background(job, lambda draft: self._open_loaded(draft, None), self.show_alert)

    def start_prefilled_draft(
        self, template: Template, name: str, answers: Answers, visit_id: str | None = None
    ) -> None:
        """Create a draft that starts with `answers` (e.g. from a visit) and open it."""
        store = self.session.drafts
        if store is None:
            return
        initial = {**default_answers(template), **answers}

        def job() -> Any:
            draft = store.create_draft(template.id, template.version, name, answers=initial)
            if visit_id:
                store.set_visit_done(visit_id, True, draft.id)
            return draft

        run_in_background(job, lambda draft: self._open_loaded(draft, None), self.show_alert)

    def open_draft(self, draft_id: str) -> None:
        """Load a draft (and its signature) and show it."""
        store = self.session.drafts
        if store is None:
            return

        from koffer.ui.review_screen import signature_field

        def job() -> tuple[Any, str | None]:
            draft = store.get_draft(draft_id)
            template = (
                self.catalog.get(draft.template_id, draft.template_version)
                if self.catalog
                else None
            )
            field = signature_field(template) if template else "unterschrift"
            signature = store.get_signature(draft_id, field)
            digest = getattr(signature, "content_sha256", None) if signature else None
            return draft, digest

        run_in_background(job, lambda r: self._open_loaded(*r), self.show_alert)

    def _open_loaded(self, draft: Any, digest: str | None) -> None:
        if self.catalog is None or self.session.drafts is None:
            self.show_alert(self.tr("Der Formularkatalog wird noch geladen. Bitte einen Moment."))
            return
        template = self.catalog.get(draft.template_id, draft.template_version)
        if template is None:
            self.show_alert(self.tr("Das Formular dieses Antrags fehlt im Katalog dieses Geräts."))
            return
        from koffer.ui.form_screen import FormScreen

        self._close_form()
        form = FormScreen(
            template,
            self.catalog.compiled(template),
            draft,
            self.session.drafts,
            self.content,
            signature_digest=digest,
        )
        form.finished.connect(self._form_finished)
        form.review_requested.connect(self.show_review)
        self.form = form
        self.content.addWidget(form)
        self.content.setCurrentWidget(form)
        self.nav_form.show()
        self.nav_form.setChecked(True)
        form.focus_sections()

    def _close_form(self) -> None:
        self._close_review()
        form, self.form = self.form, None
        if form is not None:
            form.saver.flush_now()
            form.close_form()
            self.content.removeWidget(form)
            form.deleteLater()
        self.nav_form.hide()

    def _close_review(self) -> None:
        review, self.review = self.review, None
        if review is not None:
            self.content.removeWidget(review)
            review.deleteLater()

    def _form_finished(self) -> None:
        self._close_form()
        self.show_drafts()

    def _delete_draft(self, draft_id: str, citizen_name: str) -> None:
        if not self.confirm(
            self.tr("Antrag löschen?"),
            self.tr(
                "Den Antrag von {name} mit allen Angaben, Anhängen und der Unterschrift "
                "endgültig löschen?"
            ).format(name=citizen_name),
        ):
            return
        store = self.session.drafts
        if store is None:
            return
        if self.form is not None and self.form.draft_id == draft_id:
            self._close_form()
        run_in_background(
            lambda: store.delete_draft(draft_id),
            lambda _r: self.refresh_drafts(self.drafts_screen.search.text()),
            self.show_alert,
        )

    # ----------------------------------------------------------------- review
    def show_review(self) -> None:
        """The citizen's review of the open form."""
        form = self.form
        if form is None:
            return
        from koffer.ui.review_screen import ReviewScreen

        form.reveal_all_findings()
        self._close_review()
        review = ReviewScreen(
            form.template,
            form.evaluation,
            form.citizen_name,
            form.language,
            signed_digest=form.signature_digest,
            parent=self.content,
        )
        review.back_requested.connect(self._review_back)
        review.sign_requested.connect(self._sign)
        review.finish_requested.connect(self._finish_draft)
        self.review = review
        self.content.addWidget(review)
        self.content.setCurrentWidget(review)
        review.back.setFocus()

    def _review_back(self) -> None:
        self._close_review()
        if self.form is not None:
            self.content.setCurrentWidget(self.form)

    def _sign(self, strokes: Any, png: bytes, digest: str) -> None:
        form, store = self.form, self.session.drafts
        if form is None or store is None:
            return
        from koffer.ui.review_screen import signature_field

        field = signature_field(form.template)
        draft_id = form.draft_id

        def job() -> str:
            info = store.save_signature(draft_id, field, strokes, png, digest)
            return str(getattr(info, "id", "") or field)

        def done(signature_id: str) -> None:
            if self.form is not form:
                return
            if field in form.template.fields_by_id:
                form.apply_change(field, signature_id)
            form.set_signature_digest(digest)
            if self.review is not None:
                self.review.evaluation = form.evaluation
                self.review.mark_signed(digest)

        run_in_background(job, done, self.show_alert)

    def _finish_draft(self) -> None:
        form, store = self.form, self.session.drafts
        if form is None or store is None or not form.signature_valid:
            return
        draft_id = form.draft_id
        form.saver.flush_now()

        def done(_r: object) -> None:
            self._close_form()
            self.show_drafts()
            self.show_alert(self.tr("Der Antrag ist fertig und unterschrieben."), error=False)
            self.sync.seal(draft_id)
            self.printing.offer_after_finish(draft_id)

        run_in_background(lambda: store.set_status(draft_id, "ready"), done, self.show_alert)

    # ----------------------------------------------------------------- sync hook
    def set_connection_state(self, state: ConnectionState) -> None:
        """For the sync layer: show how far the town hall is."""
        self.connection.set_state(state)

    # ----------------------------------------------------------------- quit
    def closeEvent(self, event: QCloseEvent) -> None:
        """Save what is queued, close both stores, then quit."""
        self._close_form()
        self.sync.stop()
        session = self.session
        run_in_background(session.close_all, None, lambda _e: None, Lane.STORE)
        runner().drain(10_000)
        set_error_hook(None)
        super().closeEvent(event)
