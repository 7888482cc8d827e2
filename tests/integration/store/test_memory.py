"""After locking, the store's process holds neither the passphrase nor the drafts key.

A child process (`memory_child.py`) creates a profile on the real keyring with the
production KDF, locks, unlocks, writes citizen answers and locks again; this test then
reads all of the child's memory through procfs, as someone with the stolen, running
laptop could, and counts the secrets in every form a program may hold them. The keys
are taken from the keyring and derived here, independently of the code under test.
"""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from argon2.low_level import Type, hash_secret_raw
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from keyring.backend import KeyringBackend

from tests.helpers.process_memory import count_in_memory, text_forms

CHILD = Path(__file__).with_name("memory_child.py")
PASSPHRASE = "Grüne Wiese 7 am Kennwortmarker"
CITIZEN = "Zqxbürgermarker"
HKDF_INFO = b"koffer drafts.db key v1"  # docs/store.md, "Keys"


def _drafts_key(entry: dict[str, object], passphrase: str = PASSPHRASE) -> bytes:
    """The drafts.db key as docs/store.md defines it (not through koffer's code)."""
    kdf = entry["kdf"]
    assert isinstance(kdf, dict)
    salt = bytes.fromhex(str(entry["salt"]))
    pw_key = hash_secret_raw(
        passphrase.encode(),
        salt,
        time_cost=kdf["time_cost"],
        memory_cost=kdf["memory_kib"],
        parallelism=kdf["parallelism"],
        hash_len=32,
        type=Type.ID,
    )
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=HKDF_INFO)
    return hkdf.derive(bytes.fromhex(str(entry["secret"])) + pw_key)


def _key_forms(name: str, key: bytes) -> dict[str, bytes]:
    return {
        f"{name} raw": key,
        f"{name} hex": key.hex().encode(),
        f"{name} HEX": key.hex().upper().encode(),
    }


@contextlib.contextmanager
def locked_child(
    script: Path, folder: Path, answers: dict[bytes, str], keyring: KeyringBackend
) -> Iterator[tuple[int, dict[str, Any], dict[str, Any]]]:
    """Run `script` on the profile `folder`, answer what it asks for ("passphrase?",
    "citizen?") until it says "locked"; yields its pid and the profile's two keyring
    entries (device, drafts) while it waits, then lets it end and removes the entries."""
    child = subprocess.Popen(
        [sys.executable, str(script), str(folder)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    assert child.stdin is not None
    assert child.stdout is not None
    profile_id = ""
    try:
        while (line := child.stdout.readline()) != b"locked\n":
            if not line:
                child.wait(timeout=30)
                pytest.fail(f"{script.name} ended early with status {child.returncode}")
            assert line in answers, line
            child.stdin.write(answers[line].encode() + b"\n")
            child.stdin.flush()
        profile_id = json.loads((folder / "profile.json").read_text())["profile_id"]
        device = json.loads(keyring.get_password("koffer", f"{profile_id}:device") or "")
        drafts = json.loads(keyring.get_password("koffer", f"{profile_id}:drafts") or "")
        yield child.pid, device, drafts
    finally:
        child.stdin.close()
        child.wait(timeout=30)
        child.stdout.close()
        if profile_id:
            keyring.delete_password("koffer", f"{profile_id}:device")
            keyring.delete_password("koffer", f"{profile_id}:drafts")


def test_a_locked_store_holds_no_passphrase_and_no_drafts_key(
    tmp_path: Path, secret_service: KeyringBackend
) -> None:
    answers = {b"passphrase?\n": PASSPHRASE, b"citizen?\n": CITIZEN}
    with locked_child(CHILD, tmp_path / "profil", answers, secret_service) as (pid, device, drafts):
        needles = {
            **{f"passphrase {k}": v for k, v in text_forms(PASSPHRASE).items()},
            **_key_forms("drafts key", _drafts_key(drafts)),
            **_key_forms("device key", bytes.fromhex(device["key"])),
            **{f"citizen {k}": v for k, v in text_forms(CITIZEN).items()},
        }
        counts = count_in_memory(pid, needles)
    print(json.dumps(counts, indent=1))  # the citizen's copies: see docs/store.md
    secrets = {k: v for k, v in counts.items() if not k.startswith("citizen")}
    # device.db stays open while locked (sync, status), yet SQLCipher 4.19 keeps its key
    # in no form this scan finds; the drafts key and the passphrase must be gone anyway
    assert secrets == dict.fromkeys(secrets, 0)
