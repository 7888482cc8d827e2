"""The "Über Koffer" box: which Koffer this is, which catalog, the licence, the guide.

Reached from the "Ansicht" menu ("Über Koffer …", its last entry; by keyboard: Tab to
"Ansicht", Space, then Ü, the entry's mnemonic). What it says is gathered Qt-free by
`koffer.about` on the store lane; the texts can be selected and copied, so a worker can
read or paste the version to the town's IT.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from koffer.ui.widgets import button, heading, paragraph, primary_button
from koffer.ui.worker import Lane, run_in_background

if TYPE_CHECKING:  # imported when the box opens: the window's first screen loads light
    from koffer.about import About
    from koffer.store import DeviceStore


class AboutDialog(QDialog):
    """The facts of `about`, in plain words, with the guide one click away."""

    def __init__(self, about: About, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.about = about
        self.setWindowTitle(self.tr("Über Koffer"))
        self.setModal(True)
        self.setMinimumWidth(560)  # the facts on one line each at normal text size
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addWidget(heading(self.tr("Koffer – Verwaltung aus dem Koffer"), self, level=2))
        self.version = self._fact(self.tr("Version {version}").format(version=about.version))
        self.catalog = self._fact(self.catalog_text())
        self.licence = self._fact(self.tr("Lizenz: {name}").format(name=self.licence_name()))
        self.guide = self._fact(self.guide_text())
        for label in (self.version, self.catalog, self.licence, self.guide):
            layout.addWidget(label)
        actions = QHBoxLayout()
        self.open_guide = button(self.tr("&Benutzerhandbuch öffnen"), self)
        self.open_guide.setAccessibleDescription(
            self.tr("Öffnet das Benutzerhandbuch mit dem Programm, das der Laptop dafür hat.")
        )
        self.open_guide.setVisible(about.user_guide is not None)
        self.open_guide.clicked.connect(self._open_guide)
        self.close_button = primary_button(self.tr("Schließen"), self)
        self.close_button.clicked.connect(self.accept)
        actions.addWidget(self.open_guide)
        actions.addStretch(1)
        actions.addWidget(self.close_button)
        layout.addLayout(actions)
        self.close_button.setFocus()

    def _fact(self, text: str) -> QLabel:
        label = paragraph(text, self)
        label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        label.setAccessibleName(text)
        return label

    def catalog_text(self) -> str:
        """Which catalog the laptop has."""
        about = self.about
        if about.catalog_version is None:
            return self.tr(
                "Formularkatalog: mitgeliefert mit dem Programm ({forms} Formulare), "
                "noch nicht vom Rathaus aktualisiert"
            ).format(forms=about.forms)
        if about.catalog_issued is None:
            return self.tr("Formularkatalog: Version {n} ({forms} Formulare)").format(
                n=about.catalog_version, forms=about.forms
            )
        return self.tr("Formularkatalog: Version {n} vom {date} ({forms} Formulare)").format(
            n=about.catalog_version,
            date=about.catalog_issued.strftime("%d.%m.%Y"),
            forms=about.forms,
        )

    def licence_name(self) -> str:
        """The licence's name (its SPDX identifier where Koffer does not know it)."""
        if self.about.licence == "EUPL-1.2":
            return self.tr("EUPL 1.2 (Open-Source-Lizenz für die Europäische Union)")
        return self.about.licence

    def guide_text(self) -> str:
        """Where the field workers' guide is."""
        if self.about.user_guide is None:
            return self.tr(
                "Das Benutzerhandbuch ist in dieser Installation nicht enthalten. "
                "Die IT Ihrer Verwaltung hat es."
            )
        return self.tr("Benutzerhandbuch: {path}").format(path=str(self.about.user_guide))

    def _open_guide(self) -> None:
        if self.about.user_guide is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.about.user_guide)))


def show_about(parent: QWidget, device: DeviceStore | None, forms: int) -> None:
    """Gather the facts on the store lane (device.db), then open the box over `parent`."""
    from koffer.about import gather

    def opened(about: About) -> None:
        dialog = AboutDialog(about, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    run_in_background(lambda: gather(device, forms), opened, None, Lane.STORE)
