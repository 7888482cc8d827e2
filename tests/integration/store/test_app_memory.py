"""After the app locked, its memory holds neither the passphrase nor the drafts key.

The store-level proof (`test_memory.py`) holds the store user to it; this one runs the
whole desktop app in a child process (`app_memory_child.py`: the real window, the
real keyring, the real background threads), types the passphrase into the setup
screen and a citizen marker into a form, locks, and reads all of the child's memory
through procfs, as someone with the stolen, running laptop could (issue 18, finding 2).
"""

from __future__ import annotations

import json
from pathlib import Path

from keyring.backend import KeyringBackend

from tests.helpers.process_memory import count_in_memory, text_forms
from tests.integration.store.test_memory import _drafts_key, _key_forms, locked_child

CHILD = Path(__file__).with_name("app_memory_child.py")
PASSPHRASE = "Gruene-Wiese-7-Kennwortmarker"  # typed key by key: ASCII
CITIZEN = "Zqxbuergermarker"


def test_a_locked_app_holds_no_passphrase_and_no_drafts_key(
    tmp_path: Path, secret_service: KeyringBackend
) -> None:
    answers = {b"passphrase?\n": PASSPHRASE, b"citizen?\n": CITIZEN}
    with locked_child(CHILD, tmp_path / "profil", answers, secret_service) as (pid, _, drafts):
        needles = {
            **{f"passphrase {k}": v for k, v in text_forms(PASSPHRASE).items()},
            **_key_forms("drafts key", _drafts_key(drafts, PASSPHRASE)),
            **{f"citizen {k}": v for k, v in text_forms(CITIZEN).items()},
        }
        counts = count_in_memory(pid, needles)
    print(json.dumps(counts, indent=1))
    # The citizen's last answers on screen leave a few freed copies (docs/store.md, "What
    # the lock protects"); the passphrase and the key none, in any form. The backup's
    # KEK is made from the passphrase too: with cryptography's Argon2id 1-3 freed UTF-8
    # copies were left in a worker thread's malloc arena, hence libargon2 on our buffer.
    secrets = {k: v for k, v in counts.items() if not k.startswith("citizen")}
    assert secrets == dict.fromkeys(secrets, 0)
