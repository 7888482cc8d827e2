"""After locking, the store's process holds neither the passphrase nor the drafts key.

A child process (`memory_child.py`) creates a profile on the real keyring with the
production KDF, locks, unlocks, writes citizen answers and locks again; this test then
reads all of the child's memory through procfs, as someone with the stolen, running
laptop could, and counts the secrets in every form a program may hold them. The keys
are taken from the keyring and derived here, independently of the code under test.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

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


def _run_child(folder: Path) -> subprocess.Popen[bytes]:
    child = subprocess.Popen(
        [sys.executable, str(CHILD), str(folder)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    assert child.stdin is not None
    assert child.stdout is not None
    while (line := child.stdout.readline()) != b"locked\n":
        if not line:
            child.wait(timeout=30)
            child.stdin.close()
            child.stdout.close()
            pytest.fail(f"memory child ended early with status {child.returncode}")
        answers = {b"passphrase?\n": PASSPHRASE, b"citizen?\n": CITIZEN}
        assert line in answers, line
        child.stdin.write(answers[line].encode() + b"\n")
        child.stdin.flush()
    return child


def test_a_locked_store_holds_no_passphrase_and_no_drafts_key(
    tmp_path: Path, secret_service: KeyringBackend
) -> None:
    folder = tmp_path / "profil"
    child = _run_child(folder)
    try:
        profile_id = json.loads((folder / "profile.json").read_text())["profile_id"]
        device = json.loads(secret_service.get_password("koffer", f"{profile_id}:device") or "")
        drafts = json.loads(secret_service.get_password("koffer", f"{profile_id}:drafts") or "")
        needles = {
            **{f"passphrase {k}": v for k, v in text_forms(PASSPHRASE).items()},
            **_key_forms("drafts key", _drafts_key(drafts)),
            **_key_forms("device key", bytes.fromhex(device["key"])),
            **{f"citizen {k}": v for k, v in text_forms(CITIZEN).items()},
        }
        counts = count_in_memory(child.pid, needles)
    finally:
        assert child.stdin is not None
        assert child.stdout is not None
        child.stdin.close()
        child.wait(timeout=30)
        child.stdout.close()
        secret_service.delete_password("koffer", f"{profile_id}:device")
        secret_service.delete_password("koffer", f"{profile_id}:drafts")
    print(json.dumps(counts, indent=1))  # the citizen's copies: see docs/store.md
    secrets = {k: v for k, v in counts.items() if not k.startswith("citizen")}
    # device.db stays open while locked (sync, status), yet SQLCipher 4.19 keeps its key
    # in no form this scan finds; the drafts key and the passphrase must be gone anyway
    assert secrets == dict.fromkeys(secrets, 0)
