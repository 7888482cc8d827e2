"""`koffer-admin staff` and `koffer-admin backup …`: staff members and their draft backups.

The recovery key is made and used here, on a machine of the town hall's choosing: its
private half is written to a file meant to live offline (a USB stick in the safe, like
the catalog signing key) and is read only by `backup recover`, which unwraps one
person's backup key with it and wraps it again for a new passphrase. The server never
holds the private half, so it can open no backup.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sync import backup_crypto, crypto
from sync.server import backup
from sync.server.db import Database, Setting

#: Shortest passphrase `backup recover` accepts (the laptop's own rule is 10).
MIN_RECOVERY_PASSPHRASE = 12
#: Letters of generated passphrases (no 0/O, 1/l/I: read aloud, typed from paper).
_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"

Handler = Callable[[Database, argparse.Namespace], None]
Add = Callable[..., argparse.ArgumentParser]


class BackupAdminError(Exception):
    """A backup command cannot be done; printed without a traceback."""


def _out(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def cmd_staff(db: Database, args: argparse.Namespace) -> None:
    """Staff members, their laptops and their backups."""
    del args
    with db.read() as session:
        rows = backup.staff_overview(session)
    if not rows:
        _out("no staff members yet (they are added by 'enroll --staff')")
        return
    _out(f"{'id':<16} {'name':<28} {'laptops':<34} {'records':>7} {'MB':>8}  key  last backup")
    for r in rows:
        laptops = ", ".join(r.active_devices + [f"{n} (revoked)" for n in r.revoked_devices])
        key = "yes+R" if r.has_recovery else ("yes" if r.has_key else "no")
        last = f"{r.last_backup:%Y-%m-%d %H:%M}" if r.last_backup else "never"
        _out(
            f"{r.id[:16]:<16} {r.name[:28]:<28} {laptops[:34]:<34} {r.records:>7} "
            f"{r.stored_bytes / 1e6:>8.1f}  {key:<4} {last}"
        )
    _out("key: yes = wrapped under the passphrase, +R = also to the recovery key")


def cmd_recovery_keygen(db: Database, args: argparse.Namespace) -> None:
    """Make the RSA-4096 recovery key pair (the private file goes offline)."""
    del db
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    key = crypto.generate_office_key()
    private_path = out / "backup-recovery-private.jwk"
    public_path = out / "backup-recovery-public.jwk"
    _write_new(private_path, key.export_private().encode("utf-8"), 0o600)
    _write_new(
        public_path, (json.dumps(crypto.public_jwk(key), indent=2) + "\n").encode("utf-8"), 0o644
    )
    _out(f"private key: {private_path} (mode 0600) — keep it offline, e.g. on a USB stick")
    _out(f"public key:  {public_path}  → koffer-admin backup recovery-key --public-key ...")


def _write_new(path: Path, data: bytes, mode: int) -> None:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    except FileExistsError as exc:
        raise BackupAdminError(f"{path} exists already; not overwriting a key") from exc
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise BackupAdminError(f"cannot read {path}: {exc.strerror}") from exc


def cmd_recovery_key(db: Database, args: argparse.Namespace) -> None:
    """Register the public recovery key; laptops get it with the next signed catalog."""
    public = crypto.public_jwk(crypto.load_encryption_key(_read(args.public_key), private=False))
    with db.write.begin() as session:
        session.merge(Setting(key=backup.RECOVERY_KEY_SETTING, value=json.dumps(public)))
    _out(
        f"recovery key {public['kid']} stored; run 'koffer-admin catalog publish' to hand it "
        "to the laptops (they wrap each person's backup key to it at their next unlock)"
    )


def generate_passphrase() -> str:
    """A random passphrase for a recovered backup: 4 groups of 5 (about 116 bits)."""
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(20))
    return "-".join(raw[i : i + 5] for i in range(0, 20, 5))


def _new_passphrase(args: argparse.Namespace) -> tuple[str, bool]:
    """(passphrase, generated): from the file given, or a fresh random one."""
    if args.passphrase_file is None:
        return generate_passphrase(), True
    text = _read(args.passphrase_file).decode("utf-8").splitlines()
    passphrase = text[0] if text else ""
    if len(passphrase) < MIN_RECOVERY_PASSPHRASE:
        raise BackupAdminError(
            f"the new passphrase must have at least {MIN_RECOVERY_PASSPHRASE} characters"
        )
    return passphrase, False


def recover(
    db: Database,
    staff_id: str,
    private_key: Any,
    passphrase: str,
    kdf: Any = backup_crypto.BACKUP_KDF,
) -> str:
    """Unwrap a person's backup key with the recovery key and wrap it for `passphrase`;
    returns the key id. The recovery wrapping is kept as it is."""
    with db.read() as session:
        current = backup.stored_envelope(session, staff_id)
    key = backup_crypto.unwrap_with_recovery(current, staff_id, private_key)
    kek = backup_crypto.derive_kek(passphrase, kdf)
    renewed = current.model_copy(
        update={"passphrase": backup_crypto.wrap_with_kek(key, staff_id, kek)}
    )
    with db.write.begin() as session:
        backup.replace_envelope(session, staff_id, renewed)
    return current.key_id


def cmd_recover(db: Database, args: argparse.Namespace) -> None:
    """Re-wrap a person's backup key for a new passphrase (needs the recovery key)."""
    private = crypto.load_encryption_key(_read(args.private_key), private=True)
    passphrase, generated = _new_passphrase(args)
    key_id = recover(db, args.staff, private, passphrase)
    _out(f"backup key {key_id} of {args.staff} is now wrapped for a new passphrase")
    if generated:
        _out(f"new passphrase (shown once; hand it over in person): {passphrase}")
    _out(
        "On the person's new laptop: 'Entwürfe wiederherstellen' with this passphrase; the "
        "laptop then wraps the key for its own passphrase again."
    )


def cmd_purge(db: Database, args: argparse.Namespace) -> None:
    """Delete every backup record and the wrapped key of a person."""
    if not args.yes:
        sys.stdout.write(
            f"This deletes every draft backup of {args.staff} and their backup key.\n"
            "Type the staff id to confirm: "
        )
        sys.stdout.flush()
        if sys.stdin.readline().strip() != args.staff:
            raise BackupAdminError("not confirmed; nothing was deleted")
    with db.write.begin() as session:
        records, had_key = backup.purge_staff(session, args.staff)
    key = "and the backup key" if had_key else "(no backup key was stored)"
    _out(f"deleted {records} backup record(s) of {args.staff} {key}")
    _out("laptops of this person that are still active back up their drafts again")


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser], add: Add) -> None:
    """Register `staff` and `backup …` with the admin tool's parser."""
    add("staff", cmd_staff, "staff members, their laptops and their draft backups")
    group = commands.add_parser("backup", help="draft backups and the recovery key")
    sub = group.add_subparsers(dest="backup_command", required=True)
    p = add("recovery-keygen", cmd_recovery_keygen, "make the RSA-4096 recovery key pair", sub)
    p.add_argument("--out", type=Path, default=Path(), help="folder for the key files")
    p = add("recovery-key", cmd_recovery_key, "register the public recovery key", sub)
    p.add_argument("--public-key", type=Path, required=True, help="backup-recovery-public.jwk")
    p = add("recover", cmd_recover, "re-wrap a person's backup key for a new passphrase", sub)
    p.add_argument("--staff", required=True, help="staff id")
    p.add_argument("--private-key", type=Path, required=True, help="backup-recovery-private.jwk")
    p.add_argument(
        "--passphrase-file",
        type=Path,
        help="first line is the new passphrase (default: generate one and print it)",
    )
    p = add("purge", cmd_purge, "delete every backup record and the key of a person", sub)
    p.add_argument("--staff", required=True, help="staff id")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")


#: Errors of these commands that `koffer-admin` prints without a traceback.
ERRORS: tuple[type[Exception], ...] = (
    BackupAdminError,
    backup.StaffError,
    backup_crypto.BackupCryptoError,
)
