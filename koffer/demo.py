"""The demo profile: the bundled catalog and a few invented applications to look at.

`koffer demo` creates it (once) in its own folder and opens the window on it. Its
passphrase is public on purpose (README and the demo's unlock screen); every name and
number in it is invented. Never use the demo profile for real citizens.
"""

from __future__ import annotations

import argparse
import os
from datetime import date
from pathlib import Path
from typing import Any

import platformdirs

import forms
from forms.engine import compile_template
from forms.loader import load_template
from forms.model import Template
from koffer.store import PROFILE_DIR_ENV, Profile, ProfilePaths
from koffer.store.keys import DEFAULT_KDF, KdfParams

DEMO_PASSPHRASE = "Koffer-Demo-2026"  # noqa: S105 - public on purpose (README)
DEMO_STAFF = "Demo-Mitarbeiterin"
#: The unlock screen shows the passphrase only where this setting is present
#: (the same key as `koffer.ui.main_window.DEMO_SETTING`).
DEMO_SETTING = "ui.demo_passphrase"

#: Invented applications: (template id, citizen, answers, status).
SAMPLES: list[tuple[str, str, dict[str, Any], str]] = [
    (
        "wohngeld-mietzuschuss",
        "Erika Mustermann",
        {
            "familienname": "Mustermann",
            "vorname": "Erika",
            "geburtsdatum": "1948-03-12",
            "familienstand": "verwitwet",
            "staatsangehoerigkeit": "deutsch",
            "strasse": "Lindenweg 4",
            "plz": "34117",
            "ort": "Kassel",
            "wohnverhaeltnis": "miete",
            "gesamtmiete": "612.40",
            "heizkosten": "85.00",
        },
        "draft",
    ),
    (
        "wohngeld-mietzuschuss",
        "Hans Beispiel",
        {
            "familienname": "Beispiel",
            "vorname": "Hans",
            "geburtsdatum": "1956-11-02",
            "familienstand": "verheiratet",
            "wohnverhaeltnis": "untermiete",
        },
        "draft",
    ),
]


def demo_folder() -> Path:
    """Where the demo profile lives (never the real profile's folder)."""
    return Path(platformdirs.user_data_dir("koffer-demo", appauthor=False))


def create_demo(folder: Path, *, kdf: KdfParams = DEFAULT_KDF, keyring_backend: Any = None) -> bool:
    """Create the demo profile in `folder` unless it exists; True if it was created."""
    profile = Profile(ProfilePaths(folder), keyring_backend, kdf=kdf)
    if profile.exists():
        return False
    drafts = profile.create(DEMO_STAFF, DEMO_PASSPHRASE)
    try:
        device = profile.open_device()
        device.set_setting(DEMO_SETTING, DEMO_PASSPHRASE)
        templates: dict[str, Template] = {}
        for path in sorted(forms.catalog_dir().glob("*.yaml")):
            loaded = load_template(path)
            device.put_template(loaded.id, loaded.version, path.read_text(encoding="utf-8"))
            templates[loaded.id] = loaded
        for template_id, citizen, answers, status in SAMPLES:
            sample = templates.get(template_id)
            if sample is None:
                continue
            draft = drafts.create_draft(sample.id, sample.version, citizen)
            drafts.set_answers(draft.id, answers)
            evaluation = compile_template(sample).evaluate(answers, today=date.today())  # noqa: DTZ011
            drafts.set_completeness(draft.id, float(evaluation.completeness))
            drafts.set_status(draft.id, status)
    finally:
        profile.close()
    return True


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of `koffer demo`."""
    parser.add_argument(
        "--ordner", dest="folder", type=Path, default=None, help="Ordner des Demo-Profils"
    )
    parser.add_argument(
        "--nur-anlegen",
        dest="create_only",
        action="store_true",
        help="nur anlegen, kein Fenster öffnen",
    )


def run(args: argparse.Namespace) -> int:
    """`koffer demo`: create the demo profile if needed, then open the window on it."""
    folder: Path = args.folder or demo_folder()
    created = create_demo(folder)
    if created:
        print(f"Demo-Profil angelegt in {folder} (Kennwort: {DEMO_PASSPHRASE})")  # noqa: T201
    if args.create_only:
        return 0
    os.environ[PROFILE_DIR_ENV] = str(folder)
    from koffer.ui.app import run as run_app

    return run_app()
