"""The laptop package's CUPS step (packaging/linux/cups-privacy): it asks CUPS to keep no
copies of printed documents, but never overrides an administrator's explicit setting.

Run with a stand-in `cupsctl` on PATH that records how it was called (the real one
would change this machine's scheduler).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

PACKAGING = Path(__file__).resolve().parents[3] / "packaging" / "linux"
SCRIPT = PACKAGING / "cups-privacy"
DEBIAN_DEFAULT = """LogLevel warn
Listen localhost:631
Listen /run/cups/cups.sock
# PreserveJobFiles No
<Location />
  Order allow,deny
</Location>
"""


def _run(tmp_path: Path, conf_text: str | None, *, cupsctl_works: bool = True) -> tuple[str, str]:
    """(what the stand-in cupsctl was called with, the script's output)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    calls = tmp_path / "calls"
    status = 0 if cupsctl_works else 1
    fake = bin_dir / "cupsctl"
    fake.write_text(f'#!/bin/sh\necho "$@" >> "{calls}"\nexit {status}\n', encoding="utf-8")
    fake.chmod(0o755)
    conf = tmp_path / "cupsd.conf"
    if conf_text is not None:
        conf.write_text(conf_text, encoding="utf-8")
    done = subprocess.run(
        ["sh", str(SCRIPT), str(conf)],
        env={**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}"},
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    return (calls.read_text() if calls.exists() else ""), done.stdout + done.stderr


def test_debians_default_configuration_is_set_to_keep_no_copies(tmp_path: Path) -> None:
    calls, said = _run(tmp_path, DEBIAN_DEFAULT)  # a commented line is no decision
    assert calls == "PreserveJobFiles=No\n"
    assert "keeps no copies" in said


@pytest.mark.parametrize("line", ["PreserveJobFiles 3600", "  preservejobfiles Yes"])
def test_an_explicit_setting_is_the_admins_and_left_alone(tmp_path: Path, line: str) -> None:
    calls, said = _run(tmp_path, DEBIAN_DEFAULT + line + "\n")
    assert calls == ""
    assert "left as it is" in said


def test_without_cups_nothing_happens(tmp_path: Path) -> None:
    assert _run(tmp_path, None) == (
        "",
        f"koffer: no CUPS configuration ({tmp_path}/cupsd.conf); nothing to do.\n",
    )


def test_a_scheduler_that_is_not_running_gets_the_fix_printed(tmp_path: Path) -> None:
    calls, said = _run(tmp_path, DEBIAN_DEFAULT, cupsctl_works=False)
    assert calls == "PreserveJobFiles=No\n"
    assert "sudo cupsctl PreserveJobFiles=No" in said


def test_the_package_runs_it_on_configure() -> None:
    postinst = (PACKAGING / "postinst").read_text(encoding="utf-8")
    assert '"$1" = "configure"' in postinst
    assert "/usr/lib/koffer/cups-privacy" in postinst
    recipe = (PACKAGING.parents[1] / "scripts" / "package-laptop.sh").read_text(encoding="utf-8")
    assert 'packaging/linux/postinst "$stage/DEBIAN/postinst"' in recipe
    assert 'packaging/linux/cups-privacy "$stage/usr/lib/koffer/cups-privacy"' in recipe
