"""`koffer wipe` removes what file choosers recorded about attached proofs outside the
profile: GTK's recent files (Koffer's entries only) and Qt's file dialog folder history.

The files are as GTK 3 and Qt 6 write them, with a citizen's name in the paths.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from koffer import cli
from koffer.desktop_traces import remove_koffer_recent_files
from koffer.store import Profile, ProfilePaths
from koffer.store.keys import TEST_KDF
from tests.helpers.keyring_backends import MemoryKeyring

MARKER = "Zqxmustermann"


def _bookmark(href: str, mime: str, *apps: tuple[str, str]) -> str:
    """One entry as GTK 3 writes it (`apps`: name and command of each program)."""
    stamp = 'added="2026-11-30T10:00:00.123456Z" modified="2026-11-30T10:00:00.123456Z"'
    programs = "".join(
        f'          <bookmark:application name="{name}" exec="&apos;{command} %u&apos;"'
        f' modified="2026-11-30T10:00:00.123456Z" count="1"/>\n'
        for name, command in apps
    )
    return (
        f'  <bookmark href="{href}" {stamp} visited="2026-11-30T10:00:00.123456Z">\n'
        "    <info>\n"
        '      <metadata owner="http://freedesktop.org">\n'
        f'        <mime:mime-type type="{mime}"/>\n'
        f"        <bookmark:applications>\n{programs}        </bookmark:applications>\n"
        "      </metadata>\n"
        "    </info>\n"
        "  </bookmark>\n"
    )


PROOFS = f"file:///home/erika/Nachweise/{MARKER}"
XBEL = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<xbel version="1.0"\n'
    '      xmlns:bookmark="http://www.freedesktop.org/standards/desktop-bookmarks"\n'
    '      xmlns:mime="http://www.freedesktop.org/standards/shared-mime-info"\n>\n'
    + _bookmark(f"{PROOFS}/Kontoauszug.pdf", "application/pdf", ("koffer", "koffer"))
    + _bookmark(
        f"{PROOFS}/Mietvertrag.pdf",
        "application/pdf",
        ("Koffer", "/opt/koffer/koffer"),
        ("Dokumentenbetrachter", "evince"),
    )
    + _bookmark("file:///home/erika/Urlaub.jpg", "image/jpeg", ("Bildbetrachter", "eog"))
    + "</xbel>\n"
)
QT_PROJECT = f"""[FileDialog]
history=file:///home/erika, file:///home/erika/Nachweise/{MARKER}
lastVisited=file:///home/erika/Nachweise/{MARKER}
qtVersion=6.8.1
shortcuts=file:, file:///home/erika
sidebarWidth=90
viewMode=Detail

[General]
other=kept
"""


@pytest.fixture
def desktop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    data, config = tmp_path / "data", tmp_path / "config"
    data.mkdir()
    config.mkdir()
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    xbel, qt = data / "recently-used.xbel", config / "QtProject.conf"
    xbel.write_text(XBEL, encoding="utf-8")
    qt.write_text(QT_PROJECT, encoding="utf-8")
    os.chmod(qt, 0o644)  # as Qt leaves it with the usual umask
    return xbel, qt


def test_wipe_leaves_no_proof_path_in_the_desktops_recent_files(
    desktop: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    xbel, qt = desktop
    backend = MemoryKeyring()
    paths = ProfilePaths(tmp_path / "profil")
    profile = Profile(paths, backend, kdf=TEST_KDF)
    profile.create("Erika", "Kennwort-2026")
    profile.close()
    monkeypatch.setattr(cli, "open_profile", lambda: Profile(paths, backend))
    monkeypatch.setattr(cli, "print_system_status", lambda: {"cups": False})

    assert cli.main(["wipe", "--yes"]) == cli.EXIT_OK

    recent = xbel.read_text(encoding="utf-8")
    assert "Kontoauszug.pdf" not in recent
    assert "koffer %u" not in recent  # no entry names Koffer any more
    assert "Urlaub.jpg" in recent  # another program's entry stays
    assert "xmlns:bookmark=" in recent  # GTK's prefixes, which GLib's reader expects
    assert "<bookmark:application " in recent
    dialog = qt.read_text(encoding="utf-8")
    assert MARKER not in dialog
    assert "sidebarWidth=90" in dialog
    assert "other=kept" in dialog
    assert stat.S_IMODE(qt.stat().st_mode) == 0o600


def test_an_entry_another_program_recorded_too_keeps_only_that_programs_part(
    desktop: tuple[Path, Path],
) -> None:
    xbel, _qt = desktop
    assert remove_koffer_recent_files(xbel) == 1  # the Koffer-only one
    recent = xbel.read_text(encoding="utf-8")
    assert "Kontoauszug.pdf" not in recent
    assert "Mietvertrag.pdf" in recent
    assert "evince" in recent
    assert "/opt/koffer/koffer" not in recent
