"""`koffer-admin`: the town-hall administrator's command line.

Runs on the server host (or any machine that reaches the database) and works on the
database directly. Signing the catalog happens here, with a private key file that is
meant to live offline (a USB stick in the safe), never on the server.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import pwd
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from sqlalchemy import select

from forms.errors import TemplateError
from sync import crypto
from sync.protocol import EnrollmentInvite
from sync.server import (
    assist,
    backup,
    backup_admin,
    catalog,
    enrollment,
    fleet,
    inbox,
    intake,
    security,
)
from sync.server.cli import add_settings_arguments
from sync.server.db import (
    ApiToken,
    Database,
    Office,
    Setting,
    StoredTemplate,
    restrict_sqlite_file,
    sqlite_file,
    utcnow,
)
from sync.server.migrate import upgrade
from sync.server.settings import ServerSettings, SettingsError


class AdminError(Exception):
    """A command cannot be done; the message is printed without a traceback."""


#: C0 and C1 control characters and DEL: ESC/OSC sequences and `\r` in a value (a
#: device's heartbeat, a file name) would rewrite the admin's terminal.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def neutral(value: object, *, keep_newlines: bool = False) -> str:
    """`value` as text that shows control characters instead of obeying them."""

    def escape(match: re.Match[str]) -> str:
        char = match.group()
        if keep_newlines and char == "\n":
            return char
        return f"\\x{ord(char):02x}"

    return _CONTROL.sub(escape, str(value))


def _out(text: str = "") -> None:
    """Print one result line; every admin output passes here, neutralised."""
    sys.stdout.write(neutral(text, keep_newlines=True) + "\n")


def _write_secret(path: Path, data: bytes) -> None:
    """Create a file only the owner can read; refuse to overwrite an existing key."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError as exc:
        raise AdminError(f"{path} exists already; not overwriting a key") from exc
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise AdminError(f"cannot read {path}: {exc.strerror}") from exc


def ca_fingerprint(pem: bytes) -> str:
    """SHA-256 fingerprint of a CA certificate, as `AB:CD:…` (what laptops pin)."""
    try:
        certificate = x509.load_pem_x509_certificate(pem)
    except ValueError as exc:
        raise AdminError("the CA file is not a PEM certificate") from exc
    return certificate.fingerprint(hashes.SHA256()).hex(":").upper()


# --- commands --------------------------------------------------------------------------


def cmd_keygen(db: Database, args: argparse.Namespace) -> None:
    """Make an Ed25519 catalog signing key pair and register its public half."""
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    key = crypto.generate_signing_key()
    private_path = out / "catalog-signing.key"
    public_path = out / "catalog-signing.pub"
    _write_secret(private_path, crypto.private_key_to_pem(key))
    public = crypto.public_key_text(key)
    public_path.write_text(public + "\n", encoding="ascii")
    with db.write.begin() as session:
        key_id = catalog.register_signing_key(session, public)
    _out(f"private key: {private_path} (mode 0600) — keep it offline, e.g. on a USB stick")
    _out(f"public key:  {public_path}  key id {key_id} (registered; laptops pin it)")


def cmd_config(db: Database, args: argparse.Namespace) -> None:
    """Store the public server URL and the town-hall CA used in enrollment invitations."""
    with db.write.begin() as session:
        if args.url:
            session.merge(Setting(key="server_url", value=args.url.rstrip("/")))
        if args.ca:
            session.merge(Setting(key="ca_sha256", value=ca_fingerprint(_read(args.ca))))
        for row in session.scalars(select(Setting).order_by(Setting.key)):
            _out(f"{row.key} = {row.value}")


def _setting(db: Database, key: str) -> str | None:
    with db.read() as session:
        row = session.get(Setting, key)
        return row.value if row else None


def cmd_enroll(db: Database, args: argparse.Namespace) -> None:
    """Make a one-time enrollment code and print it with URL and CA fingerprint."""
    _invite(db, args, "device")


def _invite(db: Database, args: argparse.Namespace, role: str) -> None:
    """Make a one-time code for a laptop (`role` "device") or an expert's Koffer and print
    the invitation: server URL, code, CA fingerprint, as text and optionally QR code."""
    url = (args.url or _setting(db, "server_url") or "").rstrip("/")
    if not url:
        raise AdminError("no server URL: pass --url or run 'koffer-admin config --url URL'")
    if url.startswith("http://") and not args.insecure_http:
        raise AdminError(
            f"{url} is plain http: laptops refuse it. Use the https URL, or pass "
            "--insecure-http for a laboratory setup"
        )
    ca = ca_fingerprint(_read(args.ca)) if args.ca else _setting(db, "ca_sha256")
    ttl = dt.timedelta(hours=args.hours)
    with db.write.begin() as session:
        staff_line, others = "", []
        if role == "expert":
            code = assist.create_expert_invite(session, args.name, ttl)
        else:
            staff, _ = backup.ensure_staff(session, args.staff, args.staff_name)
            others = [
                f"{d.name} ({'gesperrt' if d.revoked_at else 'aktiv'})"
                for d in backup.other_devices(session, staff.id)
            ]
            code = enrollment.create_code(session, args.name, ttl, staff_id=staff.id)
            staff_line = f"{staff.display_name} ({staff.id})"
    invite = EnrollmentInvite(
        url=url,
        code=code,
        ca_sha256=ca,
        insecure_http=url.startswith("http://"),
        role="expert" if role == "expert" else "device",
    )
    expires = (utcnow() + ttl).strftime("%Y-%m-%d %H:%M UTC")
    title = "Experten-Zugang für" if role == "expert" else "Koffer-Einrichtung für"
    _out(f"{title}: {args.name}")
    if staff_line:
        _out(f"Mitarbeiter/in: {staff_line}")
    if others:
        _out(f"Weitere Laptops:  {', '.join(others)} – die Sicherung der Entwürfe gilt auch hier")
    _out(f"Server:        {url}")
    _out(f"Code:          {code}")
    _out(f"CA (SHA-256):  {ca or '— (kein TLS)'}")
    _out(f"Gültig bis:    {expires} (einmalig)")
    _out(f"Als Text:      {invite.to_uri()}")
    if args.qr:
        import segno

        qr_path: Path = args.qr
        segno.make(invite.to_uri(), error="m").save(str(qr_path), scale=8, border=4)
        qr_path.chmod(0o600)
        _out(f"QR-Code:       {qr_path}")


def cmd_token(db: Database, args: argparse.Namespace) -> None:
    """An admin token (shown once, stored hashed), or an expert's invitation: the expert's
    Koffer enrolls with it like a laptop and gets an expert token (`koffer experte`)."""
    role = "expert" if args.expert else args.role
    if role is None:
        raise AdminError("say which token: --expert or --role admin")
    if role == "expert":
        _invite(db, args, "expert")
        return
    token = security.new_token("ka")
    with db.write.begin() as session:
        session.add(
            ApiToken(
                id=security.new_device_id(),
                role=role,
                name=args.name,
                token_hash=security.hash_secret(token),
                created_at=utcnow(),
            )
        )
    _out(token)


def cmd_experts(db: Database, args: argparse.Namespace) -> None:
    """List the experts' accesses."""
    del args
    with db.read() as session:
        rows = assist.list_experts(session)
    if not rows:
        _out("no experts enrolled")
        return
    for row in rows:
        state = f"REVOKED {_when(row.revoked_at)}" if row.revoked_at else "active"
        _out(f"{row.id[:8]}  {row.name[:40]:<40}  since {_when(row.created_at)}  {state}")


def cmd_revoke_expert(db: Database, args: argparse.Namespace) -> None:
    """Revoke an expert (by id, id prefix or name); running sessions end within seconds."""
    with db.write.begin() as session:
        try:
            row = assist.revoke_expert(session, args.expert)
        except ValueError as exc:
            raise AdminError(str(exc)) from exc
        _out(f"revoked expert {row.id} ({row.name}); open sessions end")


def cmd_assist_sessions(db: Database, args: argparse.Namespace) -> None:
    """Remote expert sessions: who, when, how long, how much was relayed (never content)."""
    with db.read() as session:
        records = assist.list_sessions(session, args.limit)
    if not records:
        _out("no sessions")
        return
    for r in records:
        minutes = ""
        if r.joined_at and r.ended_at:
            minutes = f"{(r.ended_at - r.joined_at).total_seconds() / 60:.0f} min"
        ended = f"ended {_when(r.ended_at)} ({r.end_reason})" if r.ended_at else "OPEN"
        _out(
            f"{r.id[:8]}  {_when(r.created_at)}  {r.device_name[:24]:<24} "
            f"{(r.expert_name or '—')[:24]:<24} {minutes:>7}  "
            f"frames {r.owner_frames}/{r.expert_frames}  "
            f"bytes {r.owner_bytes}/{r.expert_bytes}  {ended}"
        )


def _files_beside(path: Path) -> dict[str, bytes]:
    """The PDF a template is printed on, read from beside the template file."""
    from forms.loader import load_template_text

    try:
        template = load_template_text(_read(path).decode("utf-8", "replace"), str(path))
    except TemplateError:
        return {}  # add_template reports the problems
    pdf = template.source_pdf
    if pdf is None or not (path.parent / pdf.file).is_file():
        return {}
    return {pdf.file: _read(path.parent / pdf.file)}


def cmd_catalog_add(db: Database, args: argparse.Namespace) -> None:
    """Validate template files and store them (all or none), each with its source PDF."""
    with db.write.begin() as session:
        for path in args.paths:
            added = catalog.add_template(session, _read(path), str(path), _files_beside(path))
            state = "added" if added.new else "unchanged"
            _out(f"{state}: {added.template_id} {added.version} — {added.title}")
    _out("run 'koffer-admin catalog publish --key FILE' to hand the change to the laptops")


def cmd_catalog_list(db: Database, args: argparse.Namespace) -> None:
    """List stored templates and the newest published catalog version."""
    del args
    with db.read() as session:
        for t in session.scalars(
            select(StoredTemplate).order_by(StoredTemplate.template_id, StoredTemplate.added_at)
        ):
            retired = f"  retired after {t.retired_after}" if t.retired_after else ""
            _out(f"{t.template_id} {t.version}  {t.size} B  {t.title}{retired}")
        latest = catalog.latest_manifest(session)
        _out(f"published catalog version: {latest.catalog_version if latest else 'none'}")


def cmd_catalog_publish(db: Database, args: argparse.Namespace) -> None:
    """Build, sign (with the offline key) and store the next manifest."""
    key = crypto.load_signing_key(_read(args.key))
    with db.write.begin() as session:
        published = catalog.publish(session, key, dt.timedelta(days=args.valid_days))
    body = published.body
    services = body.directory.services if body.directory else 0
    _out(
        f"published catalog version {body.catalog_version} with {len(body.templates)} "
        f"template(s) and {services} service(s), valid until {body.expires_at:%Y-%m-%d}, "
        f"key {published.key_id}"
    )
    skipped = len(body.templates) - published.legacy_templates
    if skipped:
        _out(
            f"laptops with an app from before manifest layout 2 get {published.legacy_templates} "
            f"template(s); {skipped} need the new app (PDF or format-2 forms)"
        )


def cmd_services_import(db: Database, args: argparse.Namespace) -> None:
    """Merge a LeiKa CSV export or a directory file (YAML/JSON) into the service directory."""
    from forms.directory import DirectoryError, import_leika_csv, load_directory_bytes

    data = _read(args.file)
    with db.write.begin() as session:
        try:
            if args.leika:
                result = import_leika_csv(data, catalog.directory(session), source=args.source)
                entries = result.directory.services
                for line in result.skipped[:20]:
                    _out(f"skipped {line}")
                if result.ignored_columns:
                    _out("ignored columns: " + ", ".join(result.ignored_columns))
            else:
                entries = load_directory_bytes(data, str(args.file)).services
        except DirectoryError as exc:
            raise AdminError(str(exc)) from exc
        added, replaced = catalog.put_services(session, list(entries))
    _out(f"services: {added} added, {replaced} updated; publish to hand them to the laptops")


def cmd_services_add(db: Database, args: argparse.Namespace) -> None:
    """Add or replace one entry of the service directory."""
    from pydantic import ValidationError

    from forms.directory import ServiceEntry

    office = None
    if args.office:
        office = {
            "name": args.office,
            "address_lines": args.address or [],
            "phone": args.phone or "",
            "email": args.email or "",
            "opening_hours": args.hours or "",
        }
    data = {
        "id": args.id,
        "name": args.name,
        "leika": args.leika,
        "leika_source": args.leika_source if args.leika else None,
        "synonyms": args.synonym or [],
        "topic": args.topic,
        "description": args.description or "",
        "office": office,
        "bring": args.bring or [],
        "template_id": args.form,
    }
    if args.leika and not args.leika_source:
        raise AdminError("--leika needs --leika-source (where the key comes from; never guess it)")
    try:
        entry = ServiceEntry.model_validate(data)
    except ValidationError as exc:
        problem = exc.errors(include_url=False)[0]
        raise AdminError(f"{'.'.join(str(p) for p in problem['loc'])}: {problem['msg']}") from exc
    with db.write.begin() as session:
        added, _ = catalog.put_services(session, [entry])
    _out(f"service {entry.id}: {'added' if added else 'updated'}; publish to take effect")


def cmd_services_list(db: Database, args: argparse.Namespace) -> None:
    """List the service directory."""
    del args
    with db.read() as session:
        for entry in catalog.directory(session).services:
            form = f"  form {entry.template_id}" if entry.template_id else "  (no form)"
            leika = f"  LeiKa {entry.leika}" if entry.leika else ""
            _out(f"{entry.id}  {entry.name}{leika}{form}")


def cmd_services_remove(db: Database, args: argparse.Namespace) -> None:
    """Remove one entry of the service directory."""
    with db.write.begin() as session:
        catalog.remove_service(session, args.id)
    _out(f"service {args.id} removed; publish to take effect")


def cmd_catalog_retire(db: Database, args: argparse.Namespace) -> None:
    """Mark a template as retired after a day (takes effect with the next publish)."""
    try:
        after = dt.date.fromisoformat(args.after)
    except ValueError as exc:
        raise AdminError("--after needs a date like 2026-12-31") from exc
    with db.write.begin() as session:
        count = catalog.retire(session, args.id, after)
    _out(f"{args.id}: {count} version(s) retired after {after}; publish to take effect")


def cmd_office_add(db: Database, args: argparse.Namespace) -> None:
    """Store an office's public encryption key (JWK or PEM, RSA 4096)."""
    with db.write.begin() as session:
        public = catalog.add_office(session, args.id, _read(args.public_key))
    _out(f"office {args.id}: key {public['kid']} stored; publish to hand it to the laptops")


def cmd_office_keygen(db: Database, args: argparse.Namespace) -> None:
    """Make an RSA-4096 key pair for an office (for tests or a small office)."""
    del db
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    key = crypto.generate_office_key()
    private_path = out / f"{args.id}-private.jwk"
    public_path = out / f"{args.id}-public.jwk"
    _write_secret(private_path, key.export_private().encode("utf-8"))
    public_path.write_text(json.dumps(crypto.public_jwk(key), indent=2) + "\n", encoding="utf-8")
    _out(f"private key: {private_path} (mode 0600) — stays with the office, never on the server")
    _out(f"public key:  {public_path}  → koffer-admin office add {args.id} --public-key ...")


def cmd_office_list(db: Database, args: argparse.Namespace) -> None:
    """List offices and their key ids."""
    del args
    with db.read() as session:
        for office in session.scalars(select(Office).order_by(Office.id)):
            _out(f"{office.id}  key {json.loads(office.public_jwk).get('kid', '?')}")


def _when(moment: dt.datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if moment else "never"


def cmd_devices(db: Database, args: argparse.Namespace) -> None:
    """The fleet: name, last seen, app and catalog version, outbox, last error."""
    del args
    with db.read() as session:
        rows = fleet.list_devices(session)
    if not rows:
        _out("no devices enrolled")
        return
    _out(
        f"{'id':<10} {'name':<28} {'state':<8} {'last seen (UTC)':<17} {'app':<10} "
        f"{'catalog':>7} {'outbox':>6}  last error"
    )
    for r in rows:
        state = "REVOKED" if r.revoked else "active"
        name, app = neutral(r.name)[:28], neutral(r.app_version or "-")[:10]
        pending = ""
        if r.pending:
            pending = f"  [{r.pending} unfinished upload(s), {r.pending_bytes / 1e6:.1f} MB]"
        _out(
            f"{r.id[:8]:<10} {name:<28} {state:<8} {_when(r.last_seen_at):<17} "
            f"{app:<10} {r.catalog_version or 0:>7} "
            f"{r.outbox_length or 0:>6}  {neutral(r.last_error or '')}{pending}"
        )


def cmd_uploads(db: Database, args: argparse.Namespace) -> None:
    """Submissions without a receipt; `--expire` deletes those older than the expiry now
    (the server does it too, at the device's next submission)."""
    expiry = dt.timedelta(days=args.days)
    before = utcnow() - expiry
    if args.expire:
        with db.write.begin() as session:
            count = intake.expire_abandoned(session, before)
        _out(f"deleted {count} unfinished upload(s) started before {_when(before)} UTC")
        return
    with db.read() as session:
        rows = fleet.unfinished_uploads(session)
    if not rows:
        _out("no unfinished uploads")
        return
    for row in rows:
        mark = "  EXPIRED" if row.stored_at < before else ""
        _out(
            f"{row.submission_id}  {neutral(row.device_name)[:28]:<28} "
            f"started {_when(row.stored_at)}  {row.received_bytes / 1e6:.1f} of "
            f"{row.announced_bytes / 1e6:.1f} MB{mark}"
        )
    _out(f"uploads without a receipt are deleted {args.days} days after they started")


def cmd_revoke(db: Database, args: argparse.Namespace) -> None:
    """Revoke a device (by id, id prefix or name)."""
    with db.write.begin() as session:
        device = fleet.revoke(session, args.device)
        _out(f"revoked {device.id} ({device.name}); it wipes its data on its next contact")


def cmd_visits_import(db: Database, args: argparse.Namespace) -> None:
    """Import appointments from CSV."""
    text = _read(args.file).decode("utf-8-sig")
    with db.write.begin() as session:
        count = fleet.import_visits(session, text)
    _out(f"imported {count} visit(s)")


def cmd_visits_purge(db: Database, args: argparse.Namespace) -> None:
    """Delete appointments that started before a day."""
    try:
        day = dt.date.fromisoformat(args.before)
    except ValueError as exc:
        raise AdminError("--before needs a date like 2026-12-31") from exc
    with db.write.begin() as session:
        count = fleet.purge_visits(session, dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC))
    _out(f"deleted {count} visit(s) before {day}")


def cmd_inbox_list(db: Database, args: argparse.Namespace) -> None:
    """List received submissions."""
    with db.read() as session:
        entries = inbox.list_received(session, args.office)
    if not entries:
        _out("no received submissions")
        return
    for e in entries:
        exported = f"exported {_when(e.exported_at)}" if e.exported_at else "new"
        _out(
            f"{e.reference}  {_when(e.received_at)}  {e.office_id:<12} "
            f"{e.template_id} {e.template_version}  {e.attachments} attachment(s)  "
            f"{neutral(e.device_name)}  {exported}"
        )


def cmd_inbox_export(db: Database, args: argparse.Namespace) -> None:
    """Decrypt the office's submissions into a folder (key stays on this machine)."""
    key = crypto.load_encryption_key(_read(args.private_key), private=True)
    with db.write.begin() as session:
        report = inbox.export(
            session,
            office_id=args.office,
            private_key=key,
            out_dir=args.out,
            include_exported=args.all,
        )
        purged = inbox.purge_exported(session, utcnow()) if args.purge else []
    for path in report.written:
        _out(f"written: {path}")
    for reference in purged:
        _out(f"ciphertext deleted on the server: {reference}")
    for note in report.notes:
        _out(f"note: {note}")
    for reference, problem in report.failed.items():
        _out(f"FAILED: {reference}: {problem}")
    _out(f"{len(report.written)} exported, {len(report.failed)} failed")
    if not args.purge and report.written:
        _out("the server keeps the ciphertext until 'koffer-admin inbox purge' (30 days)")
    if report.failed:
        raise AdminError("some submissions could not be opened with this key")


def cmd_inbox_purge(db: Database, args: argparse.Namespace) -> None:
    """Delete the ciphertext of submissions exported more than `--days` days ago."""
    before = utcnow() - dt.timedelta(days=args.days)
    with db.write.begin() as session:
        purged = inbox.purge_exported(session, before)
    for reference in purged:
        _out(f"ciphertext deleted on the server: {reference}")
    _out(f"{len(purged)} exported submission(s) purged (exported before {_when(before)} UTC)")


# --- parser ----------------------------------------------------------------------------

Handler = Callable[[Database, argparse.Namespace], None]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="koffer-admin", description="Administer the Koffer town-hall backend."
    )
    add_settings_arguments(parser)
    commands = parser.add_subparsers(dest="command", required=True)

    def add(
        name: str,
        handler: Handler,
        help_text: str,
        parent: argparse._SubParsersAction[argparse.ArgumentParser] = commands,
    ) -> argparse.ArgumentParser:
        sub = parent.add_parser(name, help=help_text, description=help_text)
        sub.set_defaults(handler=handler)
        return sub

    p = add("keygen", cmd_keygen, "make the Ed25519 catalog signing key pair")
    p.add_argument("--out", type=Path, default=Path(), help="folder for the key files")
    p = add("config", cmd_config, "set the server URL and town-hall CA for invitations")
    p.add_argument("--url", help="public URL of the server, e.g. https://koffer.rathaus.example")
    p.add_argument("--ca", type=Path, help="the town-hall CA certificate (PEM)")
    p = add("enroll", cmd_enroll, "make a one-time enrollment code for a laptop")
    p.add_argument("--name", required=True, help='e.g. "Laptop Seniorenbüro 3"')
    p.add_argument(
        "--staff", required=True, help="id of the staff member the laptop is for, e.g. mueller.e"
    )
    p.add_argument("--staff-name", help='display name, needed for a new staff id: "Erika Müller"')
    p.add_argument("--url", help="server URL (default: from 'config')")
    p.add_argument("--ca", type=Path, help="town-hall CA certificate (default: from 'config')")
    p.add_argument("--qr", type=Path, help="write the invitation as QR code PNG here")
    p.add_argument(
        "--insecure-http",
        action="store_true",
        help="allow a plain http URL (laboratory only; laptops refuse http otherwise)",
    )
    p.add_argument("--hours", type=int, default=24, choices=range(1, 25), metavar="1..24")
    p = add("token", cmd_token, "an admin token, or an invitation for an expert's Koffer")
    p.add_argument("--expert", action="store_true", help="an expert's access (invitation)")
    p.add_argument("--role", choices=["admin", "expert"], default=None)
    p.add_argument("--name", required=True, help='e.g. "Frau Becker, Wohngeldstelle"')
    p.add_argument("--url", help="server URL for the invitation (default: from 'config')")
    p.add_argument("--ca", type=Path, help="town-hall CA certificate (default: from 'config')")
    p.add_argument("--qr", type=Path, help="write the invitation as QR code PNG here")
    p.add_argument("--insecure-http", action="store_true", help="allow a plain http URL")
    p.add_argument("--hours", type=int, default=24, choices=range(1, 25), metavar="1..24")
    add("experts", cmd_experts, "list the experts' accesses")
    p = add("revoke-expert", cmd_revoke_expert, "revoke an expert's access")
    p.add_argument("expert", help="expert id, id prefix or name")
    p = add("assist-sessions", cmd_assist_sessions, "remote expert sessions (metadata only)")
    p.add_argument("--limit", type=int, default=50)

    cat = commands.add_parser("catalog", help="form templates and the signed manifest")
    cat_commands = cat.add_subparsers(dest="catalog_command", required=True)
    p = add("add", cmd_catalog_add, "validate and store template files", cat_commands)
    p.add_argument("paths", nargs="+", type=Path)
    add("list", cmd_catalog_list, "list stored templates", cat_commands)
    p = add("publish", cmd_catalog_publish, "sign and publish the next manifest", cat_commands)
    p.add_argument("--key", type=Path, required=True, help="catalog-signing.key")
    p.add_argument("--valid-days", type=int, default=90)
    p = add("retire", cmd_catalog_retire, "retire a template after a day", cat_commands)
    p.add_argument("id")
    p.add_argument("--after", required=True, help="last day it is offered, e.g. 2026-12-31")

    services = commands.add_parser("services", help="the service directory (with or without form)")
    service_commands = services.add_subparsers(dest="subcommand", required=True)
    p = add(
        "import", cmd_services_import, "merge a directory file or a LeiKa CSV", service_commands
    )
    p.add_argument("file", type=Path)
    p.add_argument("--leika", action="store_true", help="the file is a LeiKa CSV export")
    p.add_argument("--source", default="LeiKa-Export", help="name of the export (kept per key)")
    p = add("add", cmd_services_add, "add or replace one service", service_commands)
    p.add_argument("--id", required=True, help="e.g. schuldnerberatung")
    p.add_argument("--name", required=True)
    p.add_argument("--leika", help="14-digit LeiKa key, only from a source")
    p.add_argument("--leika-source", help="where the key comes from, e.g. LeiKa-Export 2026-05")
    p.add_argument("--synonym", action="append", help="another name people use (repeatable)")
    p.add_argument("--topic", default="Allgemein")
    p.add_argument("--description")
    p.add_argument("--office", help="name of the responsible office")
    p.add_argument("--address", action="append", help="one address line (repeatable)")
    p.add_argument("--phone")
    p.add_argument("--email")
    p.add_argument("--hours", help="opening hours")
    p.add_argument("--bring", action="append", help="what to bring (repeatable)")
    p.add_argument("--form", help="id of the catalog form for this service")
    add("list", cmd_services_list, "list the service directory", service_commands)
    p = add("remove", cmd_services_remove, "remove one service", service_commands)
    p.add_argument("id")

    office = commands.add_parser("office", help="offices and their encryption keys")
    office_commands = office.add_subparsers(dest="office_command", required=True)
    p = add("add", cmd_office_add, "store an office's public key", office_commands)
    p.add_argument("id")
    p.add_argument("--public-key", type=Path, required=True, help="JWK or PEM, RSA 4096")
    p = add("keygen", cmd_office_keygen, "make an RSA-4096 office key pair", office_commands)
    p.add_argument("--id", default="office", help="office id (names the files)")
    p.add_argument("--out", type=Path, default=Path())
    add("list", cmd_office_list, "list offices", office_commands)

    backup_admin.add_commands(commands, add)
    add("devices", cmd_devices, "list enrolled laptops")
    p = add("uploads", cmd_uploads, "list (or expire) submissions that never got a receipt")
    p.add_argument("--days", type=float, default=14, help="expiry in days (default 14)")
    p.add_argument("--expire", action="store_true", help="delete the expired ones now")
    p = add("revoke", cmd_revoke, "revoke a laptop")
    p.add_argument("device", help="device id, id prefix or name")

    visits = commands.add_parser("visits", help="appointments for the laptops")
    visits_commands = visits.add_subparsers(dest="visits_command", required=True)
    p = add("import", cmd_visits_import, "import appointments from CSV", visits_commands)
    p.add_argument("file", type=Path)
    p = add("purge", cmd_visits_purge, "delete past appointments", visits_commands)
    p.add_argument("--before", required=True, help="first day to keep, e.g. 2026-12-01")

    box = commands.add_parser("inbox", help="received applications")
    box_commands = box.add_subparsers(dest="inbox_command", required=True)
    p = add("list", cmd_inbox_list, "list received submissions", box_commands)
    p.add_argument("--office", default=None)
    p = add("export", cmd_inbox_export, "decrypt submissions into a folder", box_commands)
    p.add_argument("--office", required=True)
    p.add_argument("--private-key", type=Path, required=True)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--all", action="store_true", help="also those exported before")
    p.add_argument(
        "--purge", action="store_true", help="delete the server's ciphertext once exported"
    )
    p = add("purge", cmd_inbox_purge, "delete ciphertext of exported submissions", box_commands)
    p.add_argument("--days", type=float, default=30, help="exported at least this long ago")
    return parser


def foreign_owner_under_root(folder: Path) -> str | None:
    """Why root must not work on this data folder, or None when it may.

    Run as root on a folder that belongs to the service user, the admin tool would
    create files the service can no longer write: SQLite's `-wal` and `-shm` beside the
    database and the writer queue's lock file (`sync.server.db.WriterFileLock`). The
    service's next write then fails, so the tool refuses before it opens anything and
    says how to run it instead. A folder root owns itself (a test, a developer's
    machine) is fine.
    """
    if os.geteuid() != 0 or not folder.exists():
        return None
    owner = folder.stat().st_uid
    if owner == 0:
        return None
    try:
        name = pwd.getpwuid(owner).pw_name
    except KeyError:
        name = str(owner)
    return (
        f"{folder} belongs to the user {name}, and root would leave files there that "
        f"{name} cannot write (the database's -wal file, the writer lock), which stops "
        f"the server's writes. Run it as that user: sudo -u {name} koffer-admin …"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `koffer-admin`."""
    args = _parser().parse_args(argv)
    try:
        settings = ServerSettings.load(args.config, data_dir=args.data, database_url=args.database)
    except SettingsError as exc:
        sys.stderr.write(f"koffer-admin: {exc}\n")
        return 2
    url = settings.resolved_database_url()
    database_file = sqlite_file(url)
    if database_file is not None and (refusal := foreign_owner_under_root(database_file.parent)):
        sys.stderr.write(f"koffer-admin: {neutral(refusal)}\n")
        return 2
    if url.startswith("sqlite"):
        settings.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    db = Database.connect(url, pool_size=1)
    try:
        upgrade(db.engine)
        restrict_sqlite_file(url)
        args.handler(db, args)
    except (
        AdminError,
        catalog.CatalogError,
        fleet.FleetError,
        crypto.CryptoError,
    ) as exc:
        sys.stderr.write(f"koffer-admin: {neutral(exc, keep_newlines=True)}\n")
        return 1
    except backup_admin.ERRORS as exc:
        sys.stderr.write(f"koffer-admin: {neutral(exc, keep_newlines=True)}\n")
        return 1
    finally:
        db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
