"""cx_Freeze build of Koffer for Windows: `python packaging\\windows\\freeze.py build_exe`.

Run on the Windows build machine from the repository root in an environment of
`koffer[laptop]` plus the `windows` group (see README.md). It makes two programs from
the same entry script as the Linux bundle (packaging/koffer_entry.py):

- `koffer.exe`: the desktop app, GUI subsystem (no console window);
- `koffer-cli.exe`: the same program with a console, for `status`, `sync`, `selbsttest`.

Layout, which printing/resources.py relies on: the resources in `koffer_resources\\`
next to the executables, the catalog beside its package in `lib\\forms\\catalog\\`.
"""

from __future__ import annotations

import sys
from importlib import metadata
from pathlib import Path

from cx_Freeze import Executable, setup

ROOT = Path(__file__).resolve().parents[2]
# packaging/ itself, not the repository root: that would shadow the `packaging` library.
sys.path.insert(0, str(ROOT / "packaging"))

from excludes import EXCLUDES  # noqa: E402  (shared with packaging/linux/koffer.spec)

VERSION = metadata.version("koffer")
_METADATA = next(f for f in metadata.distribution("koffer").files or [] if f.name == "METADATA")
DIST_INFO = Path(str(_METADATA.locate())).parent
ICON = str(ROOT / "build" / "windows" / "koffer.ico")  # build.ps1 renders it from the SVG
ENTRY = str(ROOT / "packaging" / "koffer_entry.py")

build_exe = {
    "build_exe": str(ROOT / "build" / "windows" / "Koffer"),
    "packages": ["koffer", "forms", "printing", "sync", "keyring.backends.Windows"],
    "excludes": EXCLUDES,
    "include_files": [
        (str(ROOT / "resources"), "koffer_resources"),
        # the field workers' guide, named in the app's "Über Koffer" box
        (str(ROOT / "docs" / "user-guide.md"), "koffer_resources/guide/user-guide.md"),
        (str(ROOT / "docs" / "screenshots"), "koffer_resources/guide/screenshots"),
        (str(ROOT / "forms" / "catalog"), "lib/forms/catalog"),
        (str(ROOT / "packaging" / "licenses" / "THIRD-PARTY.md"), "licenses/THIRD-PARTY.md"),
        (str(ROOT / "resources" / "fonts" / "LICENSE-DejaVu.txt"), "licenses/LICENSE-DejaVu.txt"),
        # importlib.metadata.version("koffer"): the version sent with every heartbeat.
        (str(DIST_INFO), f"lib/{DIST_INFO.name}"),
    ],
    "include_msvcr": True,
    "optimize": 0,
}

setup(
    name="Koffer",
    version=VERSION,
    description="Koffer – Verwaltung aus dem Koffer",
    options={"build_exe": build_exe},
    executables=[
        Executable(
            ENTRY,
            base="gui",
            target_name="koffer.exe",
            icon=ICON,
            shortcut_name=None,
            copyright="Koffer developers, EUPL-1.2",
        ),
        Executable(ENTRY, base="console", target_name="koffer-cli.exe", icon=ICON),
    ],
)
