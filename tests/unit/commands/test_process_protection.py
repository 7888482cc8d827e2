"""The `koffer` program protects its process before it runs any command.

Checked in a fresh interpreter (the test process itself must stay as it is): the
command is replaced by a probe that reports what the kernel says about the process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib.metadata import entry_points

import pytest

PROBE = """
import ctypes, json, os, resource, sys
import koffer.cli as cli

def probe(argv=None):
    libc = ctypes.CDLL(None)
    umask = os.umask(0o022)
    print(json.dumps({
        "dumpable": libc.prctl(3, 0, 0, 0, 0),  # PR_GET_DUMPABLE
        "core": list(resource.getrlimit(resource.RLIMIT_CORE)),
        "umask": umask,
    }))
    return 0

cli.main = probe
cli.entry()
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux process controls")
def test_the_program_runs_commands_without_core_dumps_and_not_dumpable() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, timeout=60
    )
    report = json.loads(done.stdout)
    assert report == {"dumpable": 0, "core": [0, 0], "umask": 0o077}


def test_the_program_removes_what_a_killed_koffer_left_from_printing(tmp_path) -> None:
    leftover = tmp_path / "koffer-print-999999999-abc"  # no such process
    leftover.mkdir()
    (leftover / "koffer-Wohngeld.pdf").write_bytes(b"%PDF Zqxbuerger")
    probe = "import koffer.cli as cli\ncli.main = lambda argv=None: 0\ncli.entry()"
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    subprocess.run([sys.executable, "-c", probe], check=True, timeout=60, env=env)
    assert not leftover.exists()


def test_the_installed_program_goes_through_the_protecting_entry() -> None:
    (script,) = entry_points(group="console_scripts", name="koffer")
    assert script.value == "koffer.cli:entry"
