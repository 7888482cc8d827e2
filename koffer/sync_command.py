"""`koffer sync [--once] [--enroll TEXT]`: the headless sync, keyring only (an entry point).

Meant for a VPN-up hook (packaging/networkmanager): it needs the OS keyring, never the
passphrase, so it can run while nobody is logged in to Koffer. It opens device.db only:
it delivers what was sealed, sends the draft backup's records the app prepared (and
deletes those of delivered drafts), keeps receipts for the next unlock and installs
catalog updates. What needs drafts.db waits for the next unlock of the app: applying receipts to
the drafts and sealing a finalised application whose office key this pass brought (see
docs/lifecycle.md). When the app is open it syncs by itself, so a profile in use is not
an error here.
"""

from __future__ import annotations

import argparse
import sys
import time

from koffer import __version__
from koffer.drafting.wording import amount, by_count
from koffer.exit_codes import EXIT_NO_PROFILE, EXIT_OK, EXIT_SYNC_FAILED
from koffer.store import DeviceStore, DraftStatus, Profile
from koffer.store.errors import ProfileInUse
from koffer.townhall.store_port import KofferSyncStore
from sync.client.runner import SyncReport

#: Seconds between passes of `koffer sync` (without --once) while the town hall answers.
DEFAULT_INTERVAL = 300.0


def _out(text: str) -> None:
    sys.stdout.write(text + "\n")


def describe_sync(report: SyncReport, device: DeviceStore | None = None) -> list[str]:
    """German lines summarising one pass (no personal data: counts and codes only).

    Args:
        device: to say how many finalised applications wait for the next unlock.
    """
    lines: list[str] = []
    if report.revoked:
        return ["Dieses Gerät wurde im Rathaus gesperrt. Das Profil wurde gelöscht."]
    if not report.reachable:
        return [report.error.user_message if report.error else "Das Rathaus ist nicht erreichbar."]
    stats = report.delivery
    lines.append(
        f"Gesendet: {amount(len(stats.delivered), 'Antrag', 'Anträge')}, "
        f"Postausgang: {report.outbox_left}."
    )
    for rejection in stats.rejected:
        lines.append(f"Vom Rathaus abgelehnt: {rejection.message}")
    if report.catalog is not None:
        state = "aktualisiert" if report.catalog.changed else "aktuell"
        lines.append(f"Formularkatalog: Version {report.catalog.catalog_version} ({state}).")
    if report.catalog_problem is not None:
        lines.append(report.catalog_problem.user_message)
    if report.error is not None:
        lines.append(report.error.user_message)
    if report.backup is not None:
        backup = report.backup
        if backup.records_sent or backup.deletions_sent:
            lines.append(
                f"Sicherung: {amount(backup.records_sent, 'Entwurf', 'Entwürfe')} gesichert, "
                f"{backup.deletions_sent} gelöscht."
            )
        if backup.lost:
            lines.append(
                by_count(
                    backup.lost,
                    "Das Rathaus hatte eine Sicherung nicht mehr; sie wird beim nächsten "
                    "Entsperren neu gesendet.",
                    f"Das Rathaus hatte {backup.lost} Sicherungen nicht mehr; sie werden beim "
                    "nächsten Entsperren neu gesendet.",
                )
            )
        if backup.waiting:
            waits = by_count(backup.waiting, "wartet", "warten")
            lines.append(
                f"Sicherung: {amount(backup.waiting, 'Entwurf', 'Entwürfe')} {waits} auf das "
                "Rathaus."
            )
        if backup.problem is not None:
            lines.append(backup.problem.user_message)
    waiting = device.draft_counts().get(DraftStatus.AWAITING_KEY, 0) if device else 0
    if waiting:
        what = by_count(
            waiting,
            "Ein abgeschlossener Antrag wird",
            f"{waiting} abgeschlossene Anträge werden",
        )
        lines.append(
            f"{what} gesendet, sobald Koffer das nächste Mal entsperrt ist und Verbindung "
            "zum Rathaus hat."
        )
    return lines


def run(args: argparse.Namespace, profile: Profile) -> int:
    """Run `koffer sync` on `profile` (see the module docstring)."""
    from koffer.townhall.backup import BackupOutbox
    from sync.client.enrollment import api_for, enroll, parse_invitation
    from sync.client.errors import EnrollmentFailed
    from sync.client.reachability import Backoff
    from sync.client.runner import SyncOptions, sync_once

    if not profile.exists():
        _out("Auf diesem Gerät ist noch kein Koffer-Profil eingerichtet.")
        return EXIT_NO_PROFILE
    try:
        device = profile.open_device()
    except ProfileInUse:
        _out("Koffer ist geöffnet und synchronisiert selbst; hier ist nichts zu tun.")
        return EXIT_OK
    store = KofferSyncStore(profile, device)
    try:
        if args.enroll:
            try:
                enrolled = enroll(parse_invitation(args.enroll), args.device_name, store, store)
            except EnrollmentFailed as exc:
                _out(exc.user_message)
                return EXIT_SYNC_FAILED
            _out(f"Mit dem Rathaus verbunden: {enrolled.server_url}")
        backoff = Backoff()
        options = SyncOptions(app_version=__version__)
        while True:
            api = api_for(store, store)
            if api is None:
                _out(
                    "Dieses Gerät ist noch nicht mit dem Rathaus verbunden. Bitte in Koffer "
                    "unten in der Statusleiste „Verbinden …“ wählen oder "
                    "`koffer sync --enroll EINLADUNG` aufrufen."
                )
                return EXIT_NO_PROFILE
            with api:
                # no passphrase here: the backup step only sends what the app prepared
                report = sync_once(store, api, options, backup=BackupOutbox(device))
            for line in describe_sync(report, None if store.wiped else device):
                _out(line)
            if report.revoked:
                return EXIT_SYNC_FAILED
            if args.once:
                return EXIT_OK if report.error is None else EXIT_SYNC_FAILED
            if report.reachable:
                backoff.reset()
                time.sleep(args.interval)
            else:
                time.sleep(backoff.next_delay())
    finally:
        if not store.wiped:
            profile.close()


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of `koffer sync`."""
    parser.add_argument("--once", action="store_true", help="einmal synchronisieren und enden")
    parser.add_argument(
        "--enroll", metavar="EINLADUNG", help="vorher mit dieser Einladung (Text) verbinden"
    )
    parser.add_argument("--device-name", default="Koffer-Laptop", help="Name des Geräts im Rathaus")
    parser.add_argument(
        "--interval",
        type=float,
        default=DEFAULT_INTERVAL,
        help="Sekunden zwischen zwei Durchläufen (ohne --once)",
    )
