"""A store user whose memory `test_memory.py` reads after it locked.

Does what the app does with the passphrase and the keys, on the real keyring and the
production KDF: the passphrase arrives as a `str` (as Qt hands over a field's text), is
copied into a `SecretBuffer` and the `str` overwritten; the profile is created, locked
(drafts.db closed), unlocked again, citizen answers written, and locked again. Then it
prints "locked" and waits until stdin closes, so the test can read its memory.

argv: the profile folder. stdin: one line (UTF-8) each time the child asks with
"passphrase?" or "citizen?" (a marker for a citizen's name); never argv, which stays in
memory.
"""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from koffer.secret_memory import SecretBuffer, wipe_str
from koffer.store import Profile, ProfilePaths


def _ask(what: bytes) -> str:
    """One line from the test (asked for on stdout), as the str a text field gives."""
    os.write(1, what + b"?\n")
    raw = bytearray(4096)
    size = os.readv(0, [raw])  # straight into our buffer: no io buffer copy
    text = raw[:size].rstrip(b"\n").decode("utf-8")
    raw[:] = bytes(len(raw))
    return text


def _typed() -> SecretBuffer:
    text = _ask(b"passphrase")
    secret = SecretBuffer.from_text(text)
    if not wipe_str(text):
        sys.exit("could not overwrite the passphrase text")
    return secret


def main() -> None:
    folder = sys.argv[1]
    profile = Profile(ProfilePaths(Path(folder)))
    passphrase = _typed()
    store = profile.create("Erika Muster", passphrase)
    passphrase.wipe()
    store.close()  # lock
    passphrase = _typed()
    store = profile.unlock(passphrase)
    passphrase.wipe()
    draft = store.create_draft("wohngeld", "1.0", form_title="Wohngeld")
    marker = _ask(b"citizen")
    store.set_answer(draft.id, "antragsteller_name", marker)
    store.set_answer(draft.id, "iban", f"DE02 {marker}")
    store.close()  # lock
    del store, draft, passphrase, marker
    gc.collect()
    os.write(1, b"locked\n")
    sys.stdin.read()  # until the test is done reading
    profile.close()


if __name__ == "__main__":
    main()
