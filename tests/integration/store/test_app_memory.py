"""After the app locked, its memory holds neither the passphrase nor the drafts key.

The store-level proof (`test_memory.py`) holds the store user to it; this one runs the
whole desktop app in a child process (`app_memory_child.py`: the real window, the
real keyring, the real background threads), types the passphrase into the setup
screen and a citizen marker into a form, locks, and reads all of the child's memory
through procfs, as someone with the stolen, running laptop could (issue 18, finding 2).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from keyring.backend import KeyringBackend

from tests.helpers.process_memory import count_in_memory, text_forms
from tests.integration.store.test_memory import _drafts_key, _key_forms

CHILD = Path(__file__).with_name("app_memory_child.py")
PASSPHRASE = "Gruene-Wiese-7-Kennwortmarker"  # typed key by key: ASCII
CITIZEN = "Zqxbuergermarker"


def _run_child(folder: Path) -> subprocess.Popen[bytes]:
    child = subprocess.Popen(
        [sys.executable, str(CHILD), str(folder)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    assert child.stdin is not None
    assert child.stdout is not None
    answers = {b"passphrase?\n": PASSPHRASE, b"citizen?\n": CITIZEN}
    while (line := child.stdout.readline()) != b"locked\n":
        if not line:
            child.wait(timeout=30)
            child.stdin.close()
            child.stdout.close()
            pytest.fail(f"app memory child ended early with status {child.returncode}")
        assert line in answers, line
        child.stdin.write(answers[line].encode() + b"\n")
        child.stdin.flush()
    return child


def test_a_locked_app_holds_no_passphrase_and_no_drafts_key(
    tmp_path: Path, secret_service: KeyringBackend
) -> None:
    folder = tmp_path / "profil"
    child = _run_child(folder)
    try:
        profile_id = json.loads((folder / "profile.json").read_text())["profile_id"]
        drafts = json.loads(secret_service.get_password("koffer", f"{profile_id}:drafts") or "")
        device = json.loads(secret_service.get_password("koffer", f"{profile_id}:device") or "")
        needles = {
            **{f"passphrase {k}": v for k, v in text_forms(PASSPHRASE).items()},
            **_key_forms("drafts key", _drafts_key(drafts, PASSPHRASE)),
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
    del device
    print(json.dumps(counts, indent=1))
    # The citizen's last answers on screen leave a few freed copies (docs/store.md, "What
    # the lock protects"); the passphrase and the key none, in any form. The backup's
    # KEK is made from the passphrase too: with cryptography's Argon2id 1-3 freed UTF-8
    # copies were left in a worker thread's malloc arena, hence libargon2 on our buffer.
    secrets = {k: v for k, v in counts.items() if not k.startswith("citizen")}
    assert secrets == dict.fromkeys(secrets, 0)
