"""A private CUPS scheduler for integration tests, never the machine's own CUPS.

`start_cups_server(folder)` runs `cupsd -f` with configuration, spool, logs and backends
all inside `folder`, listening on a free loopback port, with two queues:

- `koffer-pdf`: a raw queue whose backend (`pdfdir`, a small script in the private
  ServerBin) writes each job's PDF into `pdf_dir`. The Debian cups-pdf backend cannot be
  used here: it reads its output folder from the fixed /etc/cups/cups-pdf.conf, so using
  it would mean touching system configuration.
- `koffer-mobil`: a driverless IPP Everywhere queue (`lpadmin -m everywhere`) to an
  `ippeveprinter` virtual printer on another free port, which can be stopped and
  started again to play a portable printer that goes flat.

ippeveprinter insists on a D-Bus system bus for DNS-SD; it gets a private dbus-daemon
through DBUS_SYSTEM_BUS_ADDRESS (no Avahi is needed: it only waits for one).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

PDF_QUEUE = "koffer-pdf"
IPP_QUEUE = "koffer-mobil"
SYSTEM_SERVER_BIN = Path("/usr/lib/cups")

PDFDIR_BACKEND = """#!/bin/sh
# Koffer test backend: writes each job's document into the folder named by the URI.
if [ $# -eq 0 ]; then echo 'direct pdfdir "Unknown" "Koffer test PDF folder"'; exit 0; fi
dir="${DEVICE_URI#pdfdir:}"
out="$dir/job-$1.pdf"
if [ -n "$6" ]; then cat "$6" > "$out.part"; else cat > "$out.part"; fi
mv "$out.part" "$out"
exit 0
"""


def free_port() -> int:
    """A TCP port on loopback that nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_port(
    port: int,
    process: subprocess.Popen[bytes],
    what: str,
    timeout: float = 15.0,
    host: str = "127.0.0.1",
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with status {process.returncode}")
        with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=0.2):
            return
        time.sleep(0.02)
    raise RuntimeError(f"{what} did not listen on port {port} within {timeout} s")


def _stop(process: subprocess.Popen[bytes] | None) -> None:
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


@dataclass
class CupsServer:
    """A running private scheduler and its virtual IPP Everywhere printer."""

    root: Path
    port: int
    ipp_port: int
    cupsd: subprocess.Popen[bytes]
    dbus: subprocess.Popen[bytes]
    ippeve: subprocess.Popen[bytes] | None = None
    env: dict[str, str] = field(default_factory=dict)

    @property
    def host(self) -> str:
        """host:port for the CUPS command line tools' -h option."""
        return f"127.0.0.1:{self.port}"

    @property
    def pdf_dir(self) -> Path:
        return self.root / "printed"

    @property
    def ipp_spool(self) -> Path:
        return self.root / "ippeve-spool"

    @property
    def ipp_uri(self) -> str:
        return f"ipp://localhost:{self.ipp_port}/ipp/print"

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run a CUPS client tool against this scheduler."""
        tool, *rest = args
        return subprocess.run(
            [tool, "-h", self.host, *rest],
            check=True,
            capture_output=True,
            text=True,
            env=self.env,
            timeout=30,
        )

    def start_printer(self) -> None:
        """Switch the virtual portable printer on."""
        if self.ippeve is not None and self.ippeve.poll() is None:
            return
        self.ipp_spool.mkdir(exist_ok=True)
        with (self.root / "log" / "ippeveprinter.log").open("ab") as log:
            self.ippeve = subprocess.Popen(
                [
                    "ippeveprinter",
                    "-p",
                    str(self.ipp_port),
                    "-n",
                    "localhost",
                    "-f",
                    "application/pdf",
                    "-d",
                    str(self.ipp_spool),
                    "-k",
                    "-r",
                    "off",
                    # a print command that returns at once; without one, ippeveprinter
                    # "prints" each job for a random 5 to 15 seconds
                    "-c",
                    shutil.which("true") or "/bin/true",
                    "-M",
                    "Koffer",
                    "-m",
                    "Mobildrucker",
                    "Koffer Mobildrucker",
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
                env={**self.env, "DBUS_SYSTEM_BUS_ADDRESS": f"unix:path={self.root / 'bus'}"},
            )
        wait_for_port(self.ipp_port, self.ippeve, "ippeveprinter")

    def stop_printer(self) -> None:
        """Switch the virtual portable printer off (battery flat)."""
        _stop(self.ippeve)
        self.ippeve = None

    def printed_pdfs(self) -> list[Path]:
        """PDFs that reached the PDF queue's folder, oldest job first."""
        return sorted(self.pdf_dir.glob("job-*.pdf"), key=lambda p: int(p.stem.split("-")[1]))

    def printer_received(self) -> list[Path]:
        """Documents the virtual IPP printer received."""
        return sorted(p for p in self.ipp_spool.iterdir() if p.is_file())

    def cancel_all_jobs(self) -> None:
        for queue in (PDF_QUEUE, IPP_QUEUE):
            with contextlib.suppress(subprocess.CalledProcessError):
                self.run("cancel", "-a", queue)

    def stop(self) -> None:
        self.stop_printer()
        _stop(self.cupsd)
        _stop(self.dbus)


def _write_config(root: Path, port: int) -> None:
    (root / "cupsd.conf").write_text(
        f"""Listen 127.0.0.1:{port}
LogLevel info
Browsing Off
WebInterface No
DefaultAuthType None
JobRetryInterval 1
PreserveJobFiles No
MaxJobs 0
<Location />
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
    Allow all
  </Limit>
</Policy>
""",
        encoding="utf-8",
    )
    (root / "cups-files.conf").write_text(
        f"""ServerRoot {root}
RequestRoot {root}/spool
CacheDir {root}/cache
StateDir {root}/state
TempDir {root}/tmp
ServerBin {root}/serverbin
ErrorLog {root}/log/error_log
AccessLog {root}/log/access_log
PageLog {root}/log/page_log
Printcap {root}/printcap
FileDevice No
Sandboxing Relaxed
""",
        encoding="utf-8",
    )


def _server_bin(root: Path) -> None:
    """A ServerBin with the system's filters and our backends (ipp + pdfdir)."""
    server_bin = root / "serverbin"
    (server_bin / "backend").mkdir(parents=True)
    for name in ("filter", "daemon", "cgi-bin", "notifier", "monitor", "driver"):
        if (SYSTEM_SERVER_BIN / name).exists():
            (server_bin / name).symlink_to(SYSTEM_SERVER_BIN / name)
    (server_bin / "backend" / "ipp").symlink_to(SYSTEM_SERVER_BIN / "backend" / "ipp")
    backend = server_bin / "backend" / "pdfdir"
    backend.write_text(PDFDIR_BACKEND, encoding="utf-8")
    backend.chmod(0o700)  # root-owned 0700: cupsd runs it as root, writing to our folder


def start_cups_server(root: Path) -> CupsServer:
    """Start the private scheduler, the virtual printer and both queues in `root`."""
    for tool in ("cupsd", "ippeveprinter", "lpadmin", "dbus-daemon"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed (see scripts/system-deps.sh)")
    if os.geteuid() != 0:
        pytest.skip("the private CUPS scheduler needs root (it runs backends as root)")
    root.chmod(0o755)  # cupsd's filters run as user lp and must reach the spool
    for sub in ("spool", "cache", "state", "tmp", "log", "printed"):
        (root / sub).mkdir()
    _server_bin(root)
    port, ipp_port = free_port(), free_port()
    _write_config(root, port)
    env = {k: v for k, v in os.environ.items() if not k.startswith("CUPS_")}
    dbus = subprocess.Popen(
        [
            "dbus-daemon",
            "--session",
            f"--address=unix:path={root / 'bus'}",
            "--nofork",
            "--nopidfile",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    with (root / "log" / "cupsd.out").open("ab") as log:
        cupsd = subprocess.Popen(
            ["cupsd", "-f", "-c", str(root / "cupsd.conf"), "-s", str(root / "cups-files.conf")],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
        )
    server = CupsServer(root=root, port=port, ipp_port=ipp_port, cupsd=cupsd, dbus=dbus, env=env)
    try:
        wait_for_port(port, cupsd, "cupsd")
        deadline = time.monotonic() + 5
        while not (root / "bus").exists() and time.monotonic() < deadline:
            time.sleep(0.02)
        server.start_printer()
        server.run(
            "lpadmin",
            "-p",
            PDF_QUEUE,
            "-E",
            "-v",
            f"pdfdir:{server.pdf_dir}",
            "-m",
            "raw",
            "-D",
            "Koffer PDF",
        )
        server.run(
            "lpadmin",
            "-p",
            IPP_QUEUE,
            "-E",
            "-v",
            server.ipp_uri,
            "-m",
            "everywhere",
            "-D",
            "Mobildrucker",
        )
    except BaseException:
        server.stop()
        raise
    return server


@pytest.fixture(scope="session")
def cups_server() -> Iterator[CupsServer]:
    """A private CUPS scheduler for the whole test session (torn down at the end).

    Its folder is a fresh one under the system temp dir rather than pytest's tmp_path,
    whose 0700 parents would keep cupsd's filters (user lp) out.
    """
    root = Path(tempfile.mkdtemp(prefix="koffer-cups-"))
    try:
        server = start_cups_server(root)
        try:
            yield server
        finally:
            server.stop()
    finally:
        shutil.rmtree(root, ignore_errors=True)
