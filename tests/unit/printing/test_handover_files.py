"""Hand-over files of a process that was killed mid-print are removed at the next start."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from printing.handover_files import remove_stale_temp_pdfs

ROOT = Path(__file__).resolve().parents[3]
PRINTING_CHILD = """
import sys
from printing.handover_files import private_temp_pdf
with private_temp_pdf(b"%PDF Zqxbuerger", "koffer-probe.pdf") as path:
    print(path, flush=True)
    sys.stdin.read()  # "printing" until killed
"""


def test_a_killed_process_leaves_its_pdf_only_until_the_next_start(tmp_path: Path) -> None:
    env = {**os.environ, "TMPDIR": str(tmp_path), "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-c", PRINTING_CHILD],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=env,
        text=True,
    )
    assert child.stdout is not None
    assert child.stdin is not None
    path = Path(child.stdout.readline().strip())
    assert path.parent.parent == tmp_path
    assert remove_stale_temp_pdfs(tmp_path) == []  # its process is printing right now
    child.kill()
    child.wait(timeout=10)
    child.stdin.close()
    child.stdout.close()
    assert path.read_bytes() == b"%PDF Zqxbuerger"  # the `finally` could not run
    assert remove_stale_temp_pdfs(tmp_path) == [path.parent]
    assert list(tmp_path.iterdir()) == []


def test_other_files_in_the_temp_folder_are_left_alone(tmp_path: Path) -> None:
    (tmp_path / "koffer-screens-1").mkdir()
    (tmp_path / "andere.pdf").write_bytes(b"%PDF")
    assert remove_stale_temp_pdfs(tmp_path) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["andere.pdf", "koffer-screens-1"]
