"""Writer processes for the crash test, started by a small fork server.

Spawning a fresh Python per round would cost ~0.1-0.3 s (interpreter + imports), so this
script imports the store once and then, for each line on stdin, forks a writer child:
a separate process with its own SQLite connection, which the test SIGKILLs. The writer
opens drafts.db with an already derived key (unlocking is not what this test is about),
prints "ready", then sets answers in a loop and prints "ack <path> <value>" after each
`set_answer` returned. Every line is one write() to the pipe, so a kill never tears it.

Environment: KOFFER_CRASH_DB (path), KOFFER_CRASH_KEY (hex), KOFFER_CRASH_DRAFT (id).
Protocol on stdout: "child <pid>", then the writer's lines, then "done <wait status>".
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from koffer.store.profile import open_drafts_store


def _say(text: str) -> None:
    os.write(1, (text + "\n").encode())


def writer(round_no: str, parent: int) -> None:
    """Open the database and write answers until killed (or orphaned)."""
    store = open_drafts_store(
        Path(os.environ["KOFFER_CRASH_DB"]), bytes.fromhex(os.environ["KOFFER_CRASH_KEY"])
    )
    draft_id = os.environ["KOFFER_CRASH_DRAFT"]
    _say("ready")
    i = 0
    while os.getppid() == parent:
        path = f"r{round_no}[{i}].wert" if i % 3 == 0 else f"r{round_no}_{i}"
        store.set_answer(draft_id, path, f"v{i}")
        _say(f"ack {path} v{i}")
        i += 1


def main() -> None:
    parent = os.getpid()
    for line in sys.stdin:
        round_no = line.strip()
        go_read, go_write = os.pipe()
        pid = os.fork()
        if pid == 0:
            try:
                os.read(go_read, 1)  # start only after "child <pid>" went out
                writer(round_no, parent)
            except Exception as exc:  # noqa: BLE001 (reported; the test then fails)
                sys.stderr.write(f"writer failed: {exc!r}\n")
            finally:
                os._exit(1)
        _say(f"child {pid}")
        os.write(go_write, b"x")
        os.close(go_read)
        os.close(go_write)
        _, status = os.waitpid(pid, 0)
        _say(f"done {status}")


if __name__ == "__main__":
    main()
