"""`koffer selbsttest`: does this installation work on this machine?

For the town's IT after installing or updating Koffer (and for `make package-test`,
which runs it against the installed package): are the catalog, fonts, styles and
translations where the program looks for them, is there a Secret Service, does a PDF
render, and optionally does it reach a printer and does the window open on the demo
profile. Every check prints one German line; the exit status is 0 only when all pass.
Nothing is written to disk: the PDF goes from memory to CUPS.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import forms
from forms.loader import load_template
from koffer.store.errors import StoreError
from printing.backend import PrintError

#: Longest wait for a print job to leave the queue, in seconds.
PRINT_TIMEOUT = 60.0
#: Title of the test print job (neutral: CUPS keeps job titles in its history). No space:
#: Debian 12's cupsd 2.4.2-3+deb12u10 crashed (SIGSEGV) on a job sent as Create-Job +
#: Send-Document whose name had one (the same job handed over as a file did not), and
#: a self test must test the installation, not that bug.
JOB_TITLE = "Koffer-Selbsttest"


@dataclass(frozen=True)
class Check:
    """The outcome of one check: a German line for the user."""

    ok: bool
    text: str


def check_resources() -> Check:
    """The shipped files the program loads by path: fonts, styles, translations, catalog."""
    from printing.resources import resource

    wanted = [
        ("fonts", "DejaVuSans.ttf"),
        ("fonts", "DejaVuSans-Bold.ttf"),
        ("styles", "koffer.qss"),
        ("translations", "koffer_en.qm"),
    ]
    missing = ["/".join(parts) for parts in wanted if not resource(*parts).is_file()]
    catalog = sorted(forms.catalog_dir().glob("*.yaml"))
    if not catalog:
        missing.append("forms/catalog/*.yaml")
    if missing:
        return Check(False, "Programmdateien fehlen: " + ", ".join(missing))
    return Check(True, f"Programmdateien vollständig ({len(catalog)} Formulare im Katalog)")


def check_keyring() -> Check:
    """A usable Secret Service (or Credential Locker), never a plaintext file."""
    from koffer.store.keys import Keyring

    try:
        backend = Keyring("selbsttest").backend()
    except StoreError as exc:
        return Check(False, exc.user_message)
    name = getattr(backend, "name", "") or type(backend).__name__
    return Check(True, f"Schlüsselbund erreichbar ({name})")


def render_sample() -> bytes:
    """A blank form of the shipped catalog as PDF bytes (the first form by file name)."""
    from printing.blank import render_blank

    first = sorted(forms.catalog_dir().glob("*.yaml"))[0]
    return render_blank(load_template(first))


def check_render() -> tuple[Check, bytes | None]:
    """Render one form; the PDF comes back for the print check."""
    try:
        pdf = render_sample()
    except Exception as exc:  # noqa: BLE001 - reported to the user, never a traceback
        return Check(False, f"PDF konnte nicht erzeugt werden ({type(exc).__name__})"), None
    if not pdf.startswith(b"%PDF-"):
        return Check(False, "PDF konnte nicht erzeugt werden (ungültige Ausgabe)"), None
    return Check(True, f"PDF erzeugt ({len(pdf) // 1024} KiB)"), pdf


def split_server(text: str | None) -> tuple[str | None, int | None]:
    """`host[:port]` from `--cups` into host and port (None: the CUPS defaults)."""
    if not text:
        return None, None
    host, _, port = text.rpartition(":") if text.count(":") == 1 else (text, "", "")
    return (host, int(port)) if port.isdigit() else (text, None)


def check_print(
    pdf: bytes,
    printer: str,
    server: str | None = None,
    *,
    clock: Callable[[], float] = time.monotonic,
) -> Check:
    """Send `pdf` to `printer` through CUPS and wait until the scheduler is done with it."""
    from printing.backend import choose_backend
    from printing.options import PrintOptions
    from printing.status import JobState

    try:
        backend = choose_backend(*split_server(server))
    except PrintError as exc:
        return Check(False, _described(exc))
    if backend is None:
        return Check(False, "Drucken über CUPS ist auf diesem System nicht verfügbar")
    try:
        job = backend.submit(pdf, JOB_TITLE, printer, PrintOptions()).job_id
    except PrintError as exc:
        return Check(False, f"Drucker „{printer}“: {_described(exc)}")
    deadline = clock() + PRINT_TIMEOUT
    try:
        state = backend.job_status(job).state
        while not state.final and clock() < deadline:
            time.sleep(0.2)
            state = backend.job_status(job).state
    except PrintError as exc:
        return Check(False, f"Druckauftrag {job} an „{printer}“: {_described(exc)}")
    if state is not JobState.COMPLETED:
        return Check(False, f"Druckauftrag {job} an „{printer}“: {state.name}")
    return Check(True, f"Druckauftrag {job} an „{printer}“ übergeben")


def _described(exc: PrintError) -> str:
    return f"{exc.message} ({exc.detail})" if exc.detail else exc.message


#: Opens the window on a profile folder, unlocks it, waits for the catalog and closes;
#: None when that worked, else a German description of where it stopped.
OpenWindow = Callable[[Path], str | None]


def check_window(folder: Path, open_window: OpenWindow) -> Check:
    """Open the window on the demo profile, unlock it, wait for the catalog, close.

    The window itself is the UI's (`koffer.ui.selftest_window`), handed in by the entry
    point (`koffer.cli`): this module stays free of Qt, like every command but the ones
    that open the window."""
    problem = open_window(folder)
    if problem:
        return Check(False, f"Fenster: {problem}")
    return Check(True, "Fenster geöffnet, Katalog angezeigt und geschlossen")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of `koffer selbsttest`."""
    parser.add_argument("--drucker", default=None, help="einen Test-Ausdruck an diesen Drucker")
    parser.add_argument(
        "--cups", default=None, metavar="RECHNER[:PORT]", help="Druckserver (Standard: CUPS hier)"
    )
    parser.add_argument(
        "--fenster",
        action="store_true",
        help="das Fenster mit dem Demo-Profil öffnen und wieder schließen",
    )
    parser.add_argument(
        "--ordner", dest="folder", type=Path, default=None, help="Ordner des Demo-Profils"
    )


def run(
    args: argparse.Namespace,
    out: Callable[[str], None],
    open_window: OpenWindow | None = None,
) -> int:
    """Run the checks, print one line each; 0 when every check passed, else 1.

    `open_window` is needed for `--fenster` only (without it that check fails)."""
    checks = [check_resources(), check_keyring()]
    rendered, pdf = check_render()
    checks.append(rendered)
    if args.drucker and pdf is not None:
        checks.append(check_print(pdf, args.drucker, args.cups))
    if args.fenster:
        from koffer.demo import demo_folder

        if open_window is None:
            checks.append(Check(False, "Fenster: in diesem Programm nicht verfügbar"))
        else:
            checks.append(check_window(args.folder or demo_folder(), open_window))
    for check in checks:
        out(f"{'OK    ' if check.ok else 'FEHLER'} {check.text}")
    return 0 if all(c.ok for c in checks) else 1
