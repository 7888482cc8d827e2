"""The demo profile: the bundled catalog and a few invented applications to look at.

`koffer demo` creates it (once) in its own folder and opens the window on it. Its
passphrase is public on purpose (README and the demo's unlock screen); every name and
number in it is invented. Never use the demo profile for real citizens.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

import platformdirs

import forms
from forms.loader import load_template
from forms.model import Template
from koffer.drafting.catalog import Catalog
from koffer.drafting.workspace import Workspace
from koffer.settings import DEMO_PASSPHRASE as DEMO_PASSPHRASE_SETTING
from koffer.store import PROFILE_DIR_ENV, Profile, ProfilePaths
from koffer.store.keys import DEFAULT_KDF, KdfParams

DEMO_PASSPHRASE = "Koffer-Demo-2026"  # noqa: S105 - public on purpose (README)
DEMO_STAFF = "Demo-Mitarbeiterin"

#: Invented applications in work: (template id, citizen, answers).
SAMPLES: list[tuple[str, str, dict[str, Any]]] = [
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
    ),
]


#: An invented application that was signed on paper and finalised. The demo has no
#: office keys (no town hall), so it waits for its office's key: "wartet auf das Rathaus".
FINALISED: tuple[str, str, dict[str, Any]] = (
    "wohngeld-mietzuschuss",
    "Maria Schmidt",
    {
        "familienname": "Schmidt",
        "vorname": "Maria",
        "geburtsdatum": "1944-07-19",
        "familienstand": "verwitwet",
        "strasse": "Am Brunnen 7",
        "plz": "34117",
        "ort": "Kassel",
        "einzugsdatum": "1998-05-01",
        "wohnflaeche": "48.0",
        "wohnverhaeltnis": "miete",
        "vermieter_name": "Wohnbau Kassel GmbH",
        "verwandt_mit_vermieter": False,
        "gesamtmiete": "498.00",
        "weitere_personen": False,
        "einkommensart": "rente",
        "einkommen_brutto": "980.00",
        "transferleistungen": False,
        "iban": "DE02120300000000202051",
        "erklaerung_richtig": True,
        "erklaerung_aenderungen": True,
        "ort_unterschrift": "Kassel",
    },
)


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
        DEMO_PASSPHRASE_SETTING.write(device, DEMO_PASSPHRASE)
        templates: dict[str, Template] = {}
        for path in sorted(forms.catalog_dir().glob("*.yaml")):
            loaded = load_template(path)
            device.put_template(loaded.id, loaded.version, path.read_text(encoding="utf-8"))
            templates[loaded.id] = loaded
        workspace = Workspace(drafts, device, Catalog(templates.values()), staff_name=DEMO_STAFF)
        for template_id, citizen, answers in SAMPLES:
            sample = templates.get(template_id)
            if sample is None:
                continue
            opened = workspace.create_draft(sample, citizen, answers=answers)
            evaluation = workspace.catalog.compiled(sample).evaluate(opened.draft.answers)
            drafts.set_completeness(opened.draft.id, float(evaluation.completeness))
        _finalised_sample(workspace, templates)
    finally:
        profile.close()
    return True


def _finalised_sample(workspace: Workspace, templates: dict[str, Template]) -> None:
    """The finalised sample, through the same steps a worker takes (paper signature)."""
    template_id, citizen, answers = FINALISED
    template = templates.get(template_id)
    if template is None:
        return
    today = workspace.today().isoformat()
    draft_id = workspace.create_draft(
        template, citizen, answers={**answers, "datum_unterschrift": today}
    ).draft.id
    workspace.drafts.set_completeness(draft_id, 1.0)
    workspace.sign_on_paper(draft_id, workspace.check(draft_id).digest, signer=citizen)
    workspace.finalise(draft_id)


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
