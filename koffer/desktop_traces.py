"""What desktop toolkits record outside the profile when Koffer opens files, and its removal.

Folder and file names of citizens' proofs carry names ("…/Mustermann/Kontoauszug.pdf"),
and two desktop stores outside the encrypted profile record them:

- GTK's recent files, `$XDG_DATA_HOME/recently-used.xbel`: the GNOME file chooser (in
  the process, through Qt's GTK theme, or in the desktop portal) adds every file it
  opened, with the program's name.
- Qt's file dialog state, `$XDG_CONFIG_HOME/QtProject.conf`, group `[FileDialog]`:
  `history` (folders visited) and `lastVisited`, shared by every Qt program of the user
  and written with the user's umask (often world-readable).

Koffer's attachment dialog writes neither (`koffer.ui` opens files with a widget dialog
whose state is never saved). What older versions, or another dialog, recorded is removed
by `koffer wipe` and by a remote wipe: Koffer's bookmarks in the recent files, and the
file dialog's folder history, which other Qt programs then forget as well (it cannot
tell whose folders they are). Qt-free, so the CLI and the sync layer can call it.
"""

from __future__ import annotations

import contextlib
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import platformdirs
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import parse as parse_xml

#: Names a bookmark's application has when Koffer's process recorded it.
KOFFER_APP_NAMES = frozenset({"koffer", "de.koffer.koffer"})
BOOKMARK_NS = "http://www.freedesktop.org/standards/desktop-bookmarks"
MIME_NS = "http://www.freedesktop.org/standards/shared-mime-info"
#: Keys of Qt's `[FileDialog]` group that hold paths.
FILE_DIALOG_PATH_KEYS = ("history", "lastVisited")


def recent_files_path() -> Path:
    """GTK's recent files list of this user."""
    return Path(platformdirs.user_data_dir()) / "recently-used.xbel"


def qt_dialog_state_path() -> Path:
    """Qt's shared file dialog settings of this user."""
    return Path(platformdirs.user_config_dir()) / "QtProject.conf"


def _is_koffers(application: ET.Element) -> bool:
    name = application.get("name", "").strip().lower()
    program = (application.get("exec", "").strip("'\" ").split() or [""])[0]
    return name in KOFFER_APP_NAMES or Path(program).name.lower() == "koffer"


def remove_koffer_recent_files(path: Path | None = None) -> int:
    """Remove the bookmarks Koffer recorded from GTK's recent files; how many.

    A bookmark that another program recorded too keeps that program's part.
    """
    target = path or recent_files_path()
    try:
        tree = parse_xml(target)  # any process of the user may have written it
    except (OSError, ET.ParseError, DefusedXmlException):
        return 0
    root = tree.getroot()
    if root is None:
        return 0
    removed = 0
    changed = False
    tag = f"{{{BOOKMARK_NS}}}application"
    for bookmark in root.findall("bookmark"):
        apps = [a for a in bookmark.iter(tag) if _is_koffers(a)]
        if not apps:
            continue
        changed = True
        parents = {child: parent for parent in bookmark.iter() for child in parent}
        for app in apps:
            parents[app].remove(app)
        if not list(bookmark.iter(tag)):
            root.remove(bookmark)
            removed += 1
    if changed:
        _write_xbel(root, target)
    return removed


def _write_xbel(root: ET.Element, target: Path) -> None:
    # GLib's reader matches "bookmark:" and "mime:" literally: keep GTK's prefixes.
    ET.register_namespace("bookmark", BOOKMARK_NS)
    ET.register_namespace("mime", MIME_NS)
    _replace(target, ET.tostring(root, encoding="utf-8", xml_declaration=True))


def remove_file_dialog_history(path: Path | None = None) -> bool:
    """Drop the folder history from Qt's file dialog state; whether there was one."""
    target = path or qt_dialog_state_path()
    try:
        lines = target.read_text(encoding="utf-8").splitlines(keepends=True)
    except (OSError, UnicodeDecodeError):
        return False
    kept: list[str] = []
    group = ""
    for line in lines:
        stripped = line.strip()
        if stripped.startswith("[") and stripped.endswith("]"):
            group = stripped[1:-1]
        key = stripped.split("=", 1)[0].strip()
        if group == "FileDialog" and "=" in stripped and key in FILE_DIALOG_PATH_KEYS:
            continue
        kept.append(line)
    if len(kept) == len(lines):
        return False
    _replace(target, "".join(kept).encode("utf-8"))
    return True


def _replace(target: Path, data: bytes) -> None:
    """Write `data` over `target` atomically, owner-only (the old file may be 0644)."""
    temporary = target.with_name(f".{target.name}.koffer-tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()


def remove_desktop_traces() -> list[str]:
    """Remove both kinds of traces; what was removed (English, for the wipe's report)."""
    done: list[str] = []
    count = remove_koffer_recent_files()
    if count:
        done.append(f"{count} recent-files entries")
    if remove_file_dialog_history():
        done.append("Qt file dialog history")
    return done
