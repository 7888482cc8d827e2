"""Private hand-over files of PDFs, for where the print system needs a file.

The app streams PDFs to CUPS from memory; where a file is unavoidable (a client that
only takes paths), it is a 0600 file in a fresh 0700 folder, removed in a `finally`
as soon as the print system has taken it. A process killed in between cannot run the
`finally`, so the program removes such leftovers when it starts
(`remove_stale_temp_pdfs`, called by `koffer.cli.entry`).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

#: Hand-over folders are named `koffer-print-<pid>-…`: the pid tells a leftover of a
#: killed process from the folder of a Koffer that is printing right now.
TEMP_PREFIX = "koffer-print-"


@contextmanager
def private_temp_pdf(pdf: bytes, name: str = "job.pdf") -> Iterator[Path]:
    """The PDF in a 0600 file inside a fresh 0700 folder, both removed on exit.

    `name` (a safe token, see `printing.job_names`) becomes the document name CUPS
    records: `lp` and libcups send the file's name. A process killed meanwhile cannot
    run the `finally`: `remove_stale_temp_pdfs` removes what it left at the next start.
    """
    folder = Path(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{os.getpid()}-"))  # mode 0700
    path = folder / name
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(pdf)
        yield path
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def remove_stale_temp_pdfs(temp_dir: Path | None = None) -> list[Path]:
    """Remove hand-over folders of Koffer processes that are gone; the removed ones.

    Only this user's folders, and only those whose process no longer runs (a running
    Koffer may be handing a PDF over right now). Called when the program starts.
    """
    removed: list[Path] = []
    if not hasattr(os, "getuid"):  # Windows: Qt prints without hand-over files
        return removed
    folder = temp_dir if temp_dir is not None else Path(tempfile.gettempdir())
    for candidate in folder.glob(f"{TEMP_PREFIX}*"):
        pid_text = candidate.name.removeprefix(TEMP_PREFIX).split("-", 1)[0]
        try:
            if candidate.is_symlink() or candidate.stat().st_uid != os.getuid():
                continue
        except OSError:
            continue
        if pid_text.isdigit() and _process_runs(int(pid_text)):
            continue
        shutil.rmtree(candidate, ignore_errors=True)
        removed.append(candidate)
    return removed


def _process_runs(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: not ours to judge
    return True
