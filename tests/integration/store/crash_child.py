"""Child of the crash test: writes answers in a loop, acknowledging each committed one.

Environment: KOFFER_CRASH_DB (path of drafts.db), KOFFER_CRASH_KEY (hex of the already
derived key: unlocking is not what this test is about, and spawn cost must stay low),
KOFFER_CRASH_DRAFT (draft id), KOFFER_CRASH_ROUND (prefix of the answer paths).
Prints "ack <path> <value>" after each set_answer returned; the parent SIGKILLs it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from koffer.store.profile import open_drafts_store


def main() -> None:
    store = open_drafts_store(
        Path(os.environ["KOFFER_CRASH_DB"]), bytes.fromhex(os.environ["KOFFER_CRASH_KEY"])
    )
    draft_id = os.environ["KOFFER_CRASH_DRAFT"]
    prefix = os.environ["KOFFER_CRASH_ROUND"]
    out = sys.stdout
    out.write("ready\n")
    out.flush()
    i = 0
    while True:
        path = f"r{prefix}[{i}].wert" if i % 3 == 0 else f"r{prefix}_{i}"
        store.set_answer(draft_id, path, f"v{i}")
        out.write(f"ack {path} v{i}\n")
        out.flush()
        i += 1


if __name__ == "__main__":
    main()
