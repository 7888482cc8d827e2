"""Koffer's own file chooser for proofs: a Qt widget dialog that records nothing.

Folder and file names of proofs often carry the citizen's name ("…/Mustermann/
Kontoauszug.pdf"). The desktop's chooser (GNOME's, in the process or through the
portal) adds every file it opens to `~/.local/share/recently-used.xbel`; Qt's own widget
dialog writes the folders it visited into `~/.config/QtProject.conf` (shared by every Qt
program, usually world-readable) when it is destroyed, and shows that history the next
time. Neither is in the encrypted store. So this chooser:

- never uses the native dialog (`DontUseNativeDialog`): GTK and the portal never see
  the file;
- points Qt's user settings at a place that cannot exist while the dialog lives, so it
  neither reads an old history nor writes a new one, and destroys the dialog (its
  destructor is what saves) before the settings are pointed back;
- offers the usual places instead of a history: home, documents, downloads, pictures
  and removable media.

Koffer's own settings are not written while the modal dialog is open. On Windows and
macOS Qt keeps native-format settings elsewhere (registry, plist) and `setPath` does not
reach them; there the widget dialog's history may still be recorded (README, "Where the
code differs").
"""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import shiboken6

from PySide6.QtCore import QSettings, QStandardPaths, QUrl
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

#: Where Qt's user settings point while a chooser is open: a folder below a device file,
#: which cannot be made, so nothing is read from or written to it.
NOWHERE = "/dev/null/koffer-keeps-no-file-dialog-history"
_FORMATS = (QSettings.Format.NativeFormat, QSettings.Format.IniFormat)


@contextmanager
def _no_dialog_history() -> Iterator[None]:
    original = QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.GenericConfigLocation
    )
    for settings_format in _FORMATS:
        QSettings.setPath(settings_format, QSettings.Scope.UserScope, NOWHERE)
    try:
        yield
    finally:
        for settings_format in _FORMATS:
            QSettings.setPath(settings_format, QSettings.Scope.UserScope, original)


def places() -> list[Path]:
    """The sidebar: home, documents, downloads, pictures, removable media (those there)."""
    found: list[Path] = [Path.home()]
    for location in (
        QStandardPaths.StandardLocation.DocumentsLocation,
        QStandardPaths.StandardLocation.DownloadLocation,
        QStandardPaths.StandardLocation.PicturesLocation,
    ):
        text = QStandardPaths.writableLocation(location)
        if text:
            found.append(Path(text))
    user = getpass.getuser()
    found += [Path("/media") / user, Path("/run/media") / user]
    unique = dict.fromkeys(p for p in found if p.is_dir())
    return list(unique)


def choose_file(
    parent: QWidget, title: str, name_filter: str, start: Path | None = None
) -> Path | None:
    """Let the worker pick one existing file; None when cancelled.

    The dialog is a child of `parent`'s window, not of `parent` (a form a lock may
    destroy while the dialog is open).
    """
    with _no_dialog_history():
        dialog = QFileDialog(parent.window(), title, str(start or Path.home()), name_filter)
        dialog.setObjectName("proofChooser")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        dialog.setHistory([])
        dialog.setSidebarUrls([QUrl.fromLocalFile(str(p)) for p in places()])
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        chosen = dialog.selectedFiles()
        shiboken6.delete(dialog)  # now, while its saved state goes nowhere
    return Path(chosen[0]) if accepted and chosen else None
