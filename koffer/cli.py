"""`koffer`: the command line entry point.

Subcommands are rows of the `_commands` table; other parts of the app register theirs
with `register_command` (the UI adds `demo` and the default "open the window", the sync
layer adds `sync`). Every user-facing text is German; a `StoreError` is shown as its
`user_message` with exit status 2, never as a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from koffer import __version__
from koffer.drafting.wording import STAGE_LABELS
from koffer.exit_codes import EXIT_ABORTED, EXIT_NO_PROFILE, EXIT_OK, EXIT_STORE_ERROR
from koffer.settings import CATALOG_VERSION, LAST_SYNC, STAFF_NAME
from koffer.store import Profile, ProfilePaths, StoreError
from koffer.store.device import DeviceStore

#: Word the user must type to confirm `koffer wipe` (or pass --yes).
WIPE_CONFIRMATION = "LÖSCHEN"

STATUS_LABELS = dict(STAGE_LABELS)


@dataclass(frozen=True)
class Command:
    """One subcommand: its help text, its arguments and what it runs."""

    name: str
    help: str
    run: Callable[[argparse.Namespace], int]
    add_arguments: Callable[[argparse.ArgumentParser], None] = lambda parser: None


_commands: dict[str, Command] = {}
#: Name of the command run when none is given (the UI sets "gui"); None prints help.
default_command: str | None = None


def _out(text: str) -> None:
    sys.stdout.write(text + "\n")


def _err(text: str) -> None:
    sys.stderr.write(text + "\n")


def register_command(command: Command) -> None:
    """Add (or replace) a subcommand."""
    _commands[command.name] = command


def open_profile() -> Profile:
    """The profile the CLI acts on (tests replace this to inject a keyring)."""
    return Profile(ProfilePaths.default())


# -- status ----------------------------------------------------------------------------


def collect_status(profile: Profile) -> dict[str, Any]:
    """What `koffer status` reports; needs only the keyring, never the passphrase."""
    info: dict[str, Any] = {"profile": str(profile.paths.root), "exists": profile.exists()}
    if not info["exists"]:
        return info
    device = profile.open_device(read_only=True)
    try:
        info.update(_device_status(device))
    finally:
        device.close()
    return info


def _device_status(device: DeviceStore) -> dict[str, Any]:
    templates = device.list_templates()
    counts = device.draft_counts()
    stale = counts.pop("stale", 0)
    return {
        "staff_name": STAFF_NAME.read(device),
        "catalog_version": CATALOG_VERSION.read(device),
        "templates": len({t.template_id for t in templates}),
        "template_versions": len(templates),
        "drafts_by_status": {s: counts.get(s, 0) for s in STATUS_LABELS},
        "stale_drafts": stale,
        "outbox": device.outbox_count(),
        "last_sync": LAST_SYNC.read(device),
    }


def _format_time(text: str | None) -> str:
    if not text:
        return "noch nie"
    try:
        return datetime.fromisoformat(text).astimezone().strftime("%d.%m.%Y %H:%M")
    except ValueError:
        return text


def format_status(info: dict[str, Any]) -> str:
    """German text form of `collect_status` (and of `print_system_status`, if there)."""
    lines = [f"Koffer-Profil: {info['profile']}"]
    printing = [format_print_system(info["printing"])] if "printing" in info else []
    if not info["exists"]:
        lines.append("Auf diesem Gerät ist noch kein Profil eingerichtet.")
        return "\n".join(lines + printing)
    version = info["catalog_version"]
    lines += [
        f"Mitarbeiter/in: {info['staff_name'] or '(unbekannt)'}",
        f"Formularkatalog: Version {version if version is not None else 'unbekannt'}, "
        f"{info['templates']} Formulare ({info['template_versions']} Fassungen)",
        "Anträge:",
    ]
    for status, label in STATUS_LABELS.items():
        lines.append(f"  {label}: {info['drafts_by_status'][status]}")
    if info["stale_drafts"]:
        lines.append(f"  davon seit über 30 Tagen unverändert: {info['stale_drafts']}")
    lines += [
        f"Postausgang: {info['outbox']} warten auf Versand",
        f"Letzte Synchronisation: {_format_time(info['last_sync'])}",
    ]
    return "\n".join(lines + printing)


#: What `koffer status` says about the print system keeping printed documents.
SPOOL_TEXTS = {
    True: (
        "bewahrt gedruckte Dokumente auf (CUPS: PreserveJobFiles). Koffer lässt seine "
        "eigenen Aufträge nach dem Druck löschen; für alle anderen bitte als "
        "Administrator abstellen: sudo cupsctl PreserveJobFiles=No"
    ),
    False: "bewahrt keine gedruckten Dokumente auf",
    None: (
        "Einstellung nicht lesbar (nur mit Administratorrechten). Bitte als Administrator "
        "prüfen: sudo cupsctl | grep -i PreserveJobFiles (erwartet: PreserveJobFiles=No)"
    ),
}
NO_CUPS_TEXT = "kein CUPS; gedruckt wird über das Betriebssystem"


def print_system_status() -> dict[str, Any]:
    """Whether the laptop's print system keeps copies of printed documents (for IT).

    CUPS's built-in default keeps them for a day; the offline queue has Koffer's own
    jobs purged, but IT should switch it off for every program (packaging/README.md).
    """
    from printing.backend import choose_backend

    backend = choose_backend()
    if backend is None:
        return {"cups": False, "keeps_printed_documents": None}
    check = getattr(backend, "preserves_job_files", None)
    return {"cups": True, "keeps_printed_documents": check() if callable(check) else None}


def format_print_system(info: dict[str, Any]) -> str:
    """The German status line of `print_system_status`."""
    text = SPOOL_TEXTS[info["keeps_printed_documents"]] if info["cups"] else NO_CUPS_TEXT
    return f"Druckdienst: {text}"


def _run_status(args: argparse.Namespace) -> int:
    info = collect_status(open_profile())
    info["printing"] = print_system_status()
    if args.json:
        _out(json.dumps(info, ensure_ascii=False, indent=2))
    else:
        _out(format_status(info))
    return EXIT_OK if info["exists"] else EXIT_NO_PROFILE


def _status_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="Ausgabe als JSON")


# -- wipe ------------------------------------------------------------------------------


def confirm_wipe(profile: Profile, stdin: TextIO, stdout: TextIO) -> bool:
    """Ask the user to type the confirmation word; False on anything else or no input."""
    stdout.write(
        f"Achtung: Dies löscht das Koffer-Profil in {profile.paths.root} unwiderruflich:\n"
        "alle Anträge, Anhänge, Unterschriften, den Postausgang und die Schlüssel im\n"
        "Schlüsselbund. Noch nicht gesendete Anträge gehen verloren.\n"
        f"Zum Bestätigen bitte {WIPE_CONFIRMATION} eingeben: "
    )
    stdout.flush()
    answer = stdin.readline().strip()
    return answer.upper() in (WIPE_CONFIRMATION, "LOESCHEN")


def _run_wipe(args: argparse.Namespace) -> int:
    profile = open_profile()
    if not profile.paths.root.exists():
        _remove_desktop_traces()
        _out("Hier ist kein Koffer-Profil; es gibt nichts zu löschen.")
        return EXIT_NO_PROFILE
    if not args.yes and not confirm_wipe(profile, sys.stdin, sys.stdout):
        _out("Abgebrochen. Es wurde nichts gelöscht.")
        return EXIT_ABORTED
    profile.wipe()
    _remove_desktop_traces()
    _out("Das Profil und seine Schlüssel wurden gelöscht.")
    return EXIT_OK


def _remove_desktop_traces() -> None:
    from koffer.desktop_traces import remove_desktop_traces

    if remove_desktop_traces():
        _out("Die Spuren der Dateiauswahl (zuletzt benutzte Dateien und Ordner) wurden gelöscht.")


def _wipe_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--yes", action="store_true", help="ohne Rückfrage löschen")


register_command(
    Command(
        "status",
        "Zustand des Profils anzeigen (ohne Kennwort)",
        _run_status,
        _status_arguments,
    )
)
register_command(
    Command(
        "wipe",
        "Profil mit allen Daten und Schlüsseln unwiderruflich löschen",
        _run_wipe,
        _wipe_arguments,
    )
)


# -- desktop app (Qt is imported lazily, so status and wipe never load it) ------------


def _run_gui(args: argparse.Namespace) -> int:
    from koffer.ui.app import run

    return run(sys.argv[:1])


def _run_demo(args: argparse.Namespace) -> int:
    from koffer import demo

    return demo.run(args)


def _demo_arguments(parser: argparse.ArgumentParser) -> None:
    from koffer import demo

    demo.add_arguments(parser)


def _run_sync(args: argparse.Namespace) -> int:
    from koffer import sync_command

    return sync_command.run(args, open_profile())


def _sync_arguments(parser: argparse.ArgumentParser) -> None:
    from koffer import sync_command

    sync_command.add_arguments(parser)


register_command(
    Command(
        "sync",
        "Mit dem Rathaus synchronisieren (ohne Kennwort, z. B. beim VPN-Start)",
        _run_sync,
        _sync_arguments,
    )
)
register_command(Command("gui", "Koffer-Fenster öffnen (Standard ohne Befehl)", _run_gui))


def _run_expert(args: argparse.Namespace) -> int:
    from koffer.ui.assist.app import run_expert

    return run_expert(sys.argv[:1])


register_command(
    Command(
        "experte",
        "Experten-Zugang: einer Sitzung aus dem Außendienst beitreten (Kollegin zuschalten)",
        _run_expert,
    )
)
register_command(
    Command("demo", "Demo-Profil anlegen und Koffer damit öffnen", _run_demo, _demo_arguments)
)
default_command = "gui"


def _run_selftest(args: argparse.Namespace) -> int:
    from koffer import selftest

    return selftest.run(args, _out, _open_selftest_window)


def _open_selftest_window(folder: Path) -> str | None:
    from koffer.ui.selftest_window import open_catalog_and_close

    return open_catalog_and_close(folder)


def _selftest_arguments(parser: argparse.ArgumentParser) -> None:
    from koffer import selftest

    selftest.add_arguments(parser)


register_command(
    Command(
        "selbsttest",
        "Prüfen, ob Koffer auf diesem Gerät vollständig und lauffähig ist (für die IT)",
        _run_selftest,
        _selftest_arguments,
    )
)


# -- the installed program refuses to start without a Secret Service ------------------


def is_frozen() -> bool:
    """Whether this is the packaged program (PyInstaller or cx_Freeze bundle)."""
    return bool(getattr(sys, "frozen", False))


def keyring_problem() -> str | None:
    """The German reason why no usable keyring is there, or None when there is one."""
    from koffer.store.keys import Keyring

    try:
        Keyring("startup-check").backend()
    except StoreError as exc:
        return exc.user_message
    return None


def opens_window(name: str, args: argparse.Namespace) -> bool:
    """Whether the command `name` would open the desktop window."""
    if name in ("gui", "experte"):
        return True
    return name == "demo" and not getattr(args, "create_only", False)


def refuse_without_keyring(name: str, args: argparse.Namespace) -> int | None:
    """In the packaged program: without a usable keyring, say so (in a dialog too when a
    window would have opened) and return the exit status; None means "go on". Nothing
    is written before this check, so a refused start leaves no file behind."""
    if not is_frozen() or name == "selbsttest":
        return None
    problem = keyring_problem()
    if problem is None:
        return None
    _err(f"Koffer kann nicht starten. {problem}")
    if opens_window(name, args):
        from koffer.ui.startup_error import show_startup_error

        show_startup_error(problem)
    return EXIT_STORE_ERROR


# -- entry point -----------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every registered command."""
    parser = argparse.ArgumentParser(
        prog="koffer", description="Koffer – Verwaltung aus dem Koffer"
    )
    parser.add_argument("--version", action="version", version=f"Koffer {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="BEFEHL")
    for command in _commands.values():
        child = sub.add_parser(command.name, help=command.help, description=command.help)
        command.add_arguments(child)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run `koffer [BEFEHL]`; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    name = args.command or default_command
    if name is None:
        parser.print_help()
        return EXIT_OK
    if args.command is None:
        args = parser.parse_args([name, *(argv if argv is not None else sys.argv[1:])])
    refused = refuse_without_keyring(name, args)
    if refused is not None:
        return refused
    try:
        return _commands[name].run(args)
    except StoreError as exc:
        _err(exc.user_message)
        return EXIT_STORE_ERROR
    except KeyboardInterrupt:
        _err("\nAbgebrochen.")
        return EXIT_ABORTED


def entry() -> None:
    """The `koffer` program (console script and frozen app): the process is protected
    (no core dumps, not dumpable, private umask; `koffer.process_protection`) before
    any key or citizen data exists in it, and print hand-over files a killed Koffer
    left behind are removed; then the command runs."""
    from koffer.process_protection import protect_process
    from printing.handover_files import remove_stale_temp_pdfs

    protect_process()
    remove_stale_temp_pdfs()
    sys.exit(main())


if __name__ == "__main__":
    entry()
