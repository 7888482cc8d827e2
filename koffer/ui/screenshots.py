"""`python -m koffer.ui.screenshots OUT_DIR`: pictures of the main screens on a demo profile.

Used by `make screenshots` (under Xvfb). The demo profile lives in a temporary folder
with an in-memory keyring, so taking pictures never touches a real profile or keyring.
"""

from __future__ import annotations

import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from keyring.backend import KeyringBackend

from PySide6.QtTest import QTest
from PySide6.QtWidgets import QScrollArea, QWidget

from koffer.demo import DEMO_PASSPHRASE, create_demo
from koffer.store import Profile, ProfilePaths
from koffer.store.keys import TEST_KDF
from koffer.ui import worker
from koffer.ui.app import make_app
from koffer.ui.session import Session
from koffer.ui.window.shell import MainWindow


class _ThrowawayKeyring(KeyringBackend):
    """Secrets of the throwaway demo profile, in memory only."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        """Look up a secret."""
        return self._entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        """Keep a secret."""
        self._entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        """Forget a secret."""
        self._entries.pop((service, username), None)


def _settle(ms: int = 250) -> None:
    QTest.qWait(ms)


def _save(widget: QWidget, out: Path, name: str) -> None:
    _settle()
    widget.grab().save(str(out / name), "PNG")
    _shrink(out / name)
    print(out / name)  # noqa: T201


def _shrink(path: Path) -> None:
    """A 256-colour palette: about a third of the size, same look for flat UI pictures.

    Pillow comes with reportlab (printing). Qt's own 8-bit conversion shifts the colours.
    """
    from PIL import Image

    with Image.open(path) as image:
        small = image.convert("RGB").quantize(
            colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
        )
    small.save(path, optimize=True)


def _select(window: MainWindow, citizen: str) -> None:
    table = window.drafts_screen.table
    table.selectRow(
        next(r for r in range(table.rowCount()) if (i := table.item(r, 0)) and i.text() == citizen)
    )


def _print_dialog(window: MainWindow, out: Path) -> None:
    """The print dialog with its preview, for a sample portable printer (nothing prints):
    a finalised application (receipt, provisional reference), a draft (marked), and a
    draft printed while the printer is off (it waits in the queue)."""
    from koffer.ui.qt_print_backend import QtPrintBackend
    from printing.backend import PrinterInfo

    mobile = PrinterInfo(
        "koffer-mobil", "Mobildrucker", "im Koffer", "IPP Everywhere", "", True, True, True, False
    )
    window.printing.use_backend(QtPrintBackend(printers=lambda: [mobile]))
    window.show_drafts()
    for citizen, name in (
        ("Maria Schmidt", "08-drucken.png"),
        ("Erika Mustermann", "08-drucken-entwurf.png"),
    ):
        _select(window, citizen)
        window.drafts_screen.reprint.click()
        dialog = window.printing.dialog
        assert dialog is not None
        _save(dialog, out, name)
        dialog.reject()
    # the portable printer is off: the job waits in the queue, said in large type
    off = replace(mobile, accepting=False)
    window.printing.use_backend(QtPrintBackend(printers=lambda: [off]))
    _select(window, "Erika Mustermann")
    window.drafts_screen.reprint.click()
    dialog = window.printing.dialog
    assert dialog is not None
    dialog.print_button.click()
    _save(dialog, out, "08-drucken-wartet.png")
    dialog.reject()


def _large_text(window: MainWindow, out: Path) -> None:
    """The form page at 150 % and 200 % text on the two common 13-inch screen sizes."""
    for width, height in ((1280, 800), (1366, 768)):
        window.resize(width, height)
        for scale in (150, 200):
            window.set_scale(scale)
            _save(window, out, f"09-formular-{scale}-{width}x{height}.png")


def _screens(window: MainWindow, out: Path, suffix: str) -> None:
    """The catalog, the applications list, the open form, the review and the print
    dialog as they are now (text size, contrast), as `NN-name-<suffix>.png`."""
    window.show_catalog()
    _save(window, out, f"10-katalog-{suffix}.png")
    window.show_drafts()
    _save(window, out, f"10-antraege-{suffix}.png")
    _select(window, "Erika Mustermann")
    window.drafts_screen.open.click()
    form = window.form
    assert form is not None
    form.go_to("wohnung")
    _save(window, out, f"10-formular-{suffix}.png")
    from koffer.ui.form.sections import DOCUMENTS_PAGE

    form.go_to(DOCUMENTS_PAGE)
    _save(window, out, f"10-unterlagen-{suffix}.png")
    form.review.click()
    _save(window, out, f"10-pruefung-{suffix}.png")
    review = window.review
    if review is not None:
        review.back.click()
    window.show_drafts()
    _select(window, "Maria Schmidt")
    window.drafts_screen.reprint.click()
    dialog = window.printing.dialog
    if dialog is not None:
        _save(dialog, out, f"10-drucken-{suffix}.png")
        dialog.reject()


def _variants(window: MainWindow, out: Path) -> None:
    """The main screens at 200 % text on a 1366×768 laptop, and in high contrast (issue
    12: the fixed screens as a worker with low vision sees them)."""
    window.resize(1366, 768)
    window.set_scale(200)
    _screens(window, out, "200")
    window.set_scale(100)
    window.resize(1280, 800)
    window.set_high_contrast(True)
    _screens(window, out, "kontrast")
    window.set_high_contrast(False)


def main(argv: list[str]) -> int:
    """Take the pictures into argv[0] (default docs/screenshots)."""
    out = Path(argv[0] if argv else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    app = make_app([])
    worker.set_runner(worker.SyncRunner())
    folder = Path(tempfile.mkdtemp(prefix="koffer-screens-"))
    keyring = _ThrowawayKeyring()
    create_demo(folder, kdf=TEST_KDF, keyring_backend=keyring)
    window = MainWindow(Session(Profile(ProfilePaths(folder), keyring, kdf=TEST_KDF)))
    window.resize(1280, 800)
    window.show()
    window.start()
    _save(window, out, "00-entsperren.png")
    window.unlock_screen.passphrase.setText(DEMO_PASSPHRASE)
    window.unlock_screen.unlock.click()
    window.catalog_screen.search.setText("Miete")
    window.catalog_screen.refresh()
    _save(window, out, "01-katalog-suche.png")
    window.catalog_screen.search.clear()
    window.catalog_screen.refresh()
    _save(window, out, "02-katalog.png")
    window.show_drafts()
    _save(window, out, "03-antraege.png")
    window.drafts_screen.table.selectRow(
        next(
            r
            for r in range(window.drafts_screen.table.rowCount())
            if (item := window.drafts_screen.table.item(r, 0)) and item.text() == "Erika Mustermann"
        )
    )
    window.drafts_screen.open.click()
    form = window.form
    assert form is not None
    form.go_to("wohnung")
    _save(window, out, "04-formular.png")
    form.go_to("haushaltsmitglieder")
    form.apply_change("weitere_personen", True)
    form.rows["weitere_personen"].editor.set_value(True)
    form.add_group_row("haushalt")
    _save(window, out, "05-formular-haushalt.png")
    form.review.click()
    _save(window, out, "06-pruefung.png")
    window.idle.stop()
    window.idle.warning.emit(30)  # as 30 s before the idle lock
    _save(window, out, "06-pruefung-sperrwarnung.png")
    window.lock_warning.hide()
    review = window.review
    if review is not None:
        review.pad.setFocus()  # scrolls the signature into view
        scroll = review.findChild(QScrollArea)
        if scroll is not None:
            scroll.verticalScrollBar().setValue(scroll.verticalScrollBar().maximum())
        _save(window, out, "06-unterschrift.png")
        review.paper.click()
        paper = window.drafts.paper_dialog
        if paper is not None:
            _save(paper, out, "06-auf-papier.png")
            paper.reject()
        review.back.click()
    window.set_high_contrast(True)
    window.set_scale(200)
    form.go_to("wohnung")
    _save(window, out, "07-hoher-kontrast-200.png")
    window.set_high_contrast(False)
    _large_text(window, out)
    window.set_scale(100)
    window.resize(1280, 800)
    _print_dialog(window, out)
    _variants(window, out)
    window.close()
    app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
