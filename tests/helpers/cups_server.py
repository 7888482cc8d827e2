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

The scheduler can be killed and started again on the same port and spool
(`kill_scheduler`, `start_scheduler`), to play a crash or a restart. The `cups_server`
fixture notices a scheduler that died on its own: the test during which it died fails
with cupsd's exit status and the last lines of its error log, and the scheduler is
started again so that the tests after it do not fail for the same reason.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
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
#: Lines of cupsd's error log quoted when it died.
LOG_TAIL_LINES = 25

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


def _exit_text(returncode: int) -> str:
    """'status 1' or 'signal 11 (SIGSEGV)' for a Popen return code."""
    if returncode < 0:
        with contextlib.suppress(ValueError):
            return f"signal {-returncode} ({signal.Signals(-returncode).name})"
        return f"signal {-returncode}"
    return f"status {returncode}"


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

    # ------------------------------------------------------------------ the scheduler
    def alive(self) -> bool:
        """Whether cupsd is still running."""
        return self.cupsd.poll() is None

    def death_report(self) -> str:
        """How cupsd ended and the tail of its error log (for a failing test)."""
        returncode = self.cupsd.poll()
        ended = "is running" if returncode is None else f"exited with {_exit_text(returncode)}"
        lines: list[str] = []
        for name in ("error_log", "cupsd.out"):
            path = self.root / "log" / name
            if path.exists():
                tail = path.read_text(encoding="utf-8", errors="replace").splitlines()
                lines += [f"--- {name} ---", *tail[-LOG_TAIL_LINES:]]
        return f"the private cupsd (pid {self.cupsd.pid}) {ended}\n" + "\n".join(lines)

    def check_alive(self) -> None:
        """Fail the running test, with the death report, if cupsd has exited."""
        if not self.alive():
            pytest.fail(self.death_report(), pytrace=False)

    def kill_scheduler(self, sig: signal.Signals = signal.SIGKILL) -> None:
        """Stop cupsd with `sig` (SIGKILL: a crash; SIGTERM: an orderly restart)."""
        if self.alive():
            self.cupsd.send_signal(sig)
            self.cupsd.wait(timeout=10)

    def start_scheduler(self) -> None:
        """Start cupsd (again) on the same port, configuration and spool; re-add queues.

        The queues are added again in case the scheduler died before it saved them.
        """
        if self.alive():
            return
        self.cupsd = _spawn_cupsd(self.root, self.env)
        wait_for_port(self.port, self.cupsd, "cupsd")
        _add_queues(self)

    def clear_spool(self) -> None:
        """Remove every job from the spool of the stopped scheduler."""
        assert not self.alive()
        for path in (self.root / "spool").glob("[cd]0*"):
            path.unlink()
        (self.root / "cache" / "job.cache").unlink(missing_ok=True)

    def restart_scheduler(self) -> None:
        """An orderly restart (SIGTERM, then start): CUPS keeps its jobs."""
        self.kill_scheduler(signal.SIGTERM)
        self.start_scheduler()

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
        try:
            return subprocess.run(
                [tool, "-h", self.host, *rest],
                check=True,
                capture_output=True,
                text=True,
                env=self.env,
                timeout=30,
            )
        except subprocess.CalledProcessError as exc:
            self.check_alive()  # a dead scheduler is the news, not the tool's error
            raise AssertionError(f"{tool} {' '.join(rest)} failed: {exc.stderr.strip()}") from exc

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
            with contextlib.suppress(AssertionError):
                self.run("cancel", "-a", queue)

    def hold_new_jobs(self, queue: str, *, hold: bool = True) -> None:
        """Hold every job `queue` gets from now on (or stop doing so).

        A held job is accepted, document and all, but not printed until `release_job`:
        a job caught between Send-Document and completion, while the queue itself looks
        ready to the client.
        """
        if hold:
            self.run("lpadmin", "-p", queue, "-o", "job-hold-until-default=indefinite")
        else:
            self.run("lpadmin", "-p", queue, "-R", "job-hold-until-default")

    def release_job(self, job_id: int) -> None:
        """Let a held job print."""
        self.run("lp", "-i", str(job_id), "-H", "resume")

    def spool_files(self, job_id: int) -> list[Path]:
        """The scheduler's control and document files of a job."""
        spool = self.root / "spool"
        return sorted(spool.glob(f"c{job_id:05d}")) + sorted(spool.glob(f"d{job_id:05d}-*"))

    def stop(self) -> None:
        self.stop_printer()
        _stop(self.cupsd)
        _stop(self.dbus)


def _write_config(root: Path, port: int, *, save_at_once: bool, cups_defaults: bool) -> None:
    # DirtyCleanInterval 0: the scheduler writes jobs and queues to disk at once, so a
    # test can kill it knowing what it had saved; CUPS's default is every 30 s.
    dirty = "DirtyCleanInterval 0\n" if save_at_once else ""
    # What the README asks of a laptop, unless the test wants CUPS's built-in default
    # (no line, as in Debian's cupsd.conf: documents are kept for a day).
    preserve = "" if cups_defaults else "PreserveJobFiles No\n"
    (root / "cupsd.conf").write_text(
        f"""{dirty}{preserve}Listen 127.0.0.1:{port}
LogLevel info
Browsing Off
WebInterface No
DefaultAuthType None
JobRetryInterval 1
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


def _spawn_cupsd(root: Path, env: dict[str, str]) -> subprocess.Popen[bytes]:
    with (root / "log" / "cupsd.out").open("ab") as log:
        return subprocess.Popen(
            ["cupsd", "-f", "-c", str(root / "cupsd.conf"), "-s", str(root / "cups-files.conf")],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
        )


def _add_queues(server: CupsServer) -> None:
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


def _wait_for_path(path: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists() and time.monotonic() < deadline:
        time.sleep(0.02)


def start_cups_server(
    root: Path, *, save_at_once: bool = True, cups_defaults: bool = False
) -> CupsServer:
    """Start the private scheduler, the virtual printer and both queues in `root`.

    `save_at_once=False` keeps CUPS's default of saving its state every 30 s (what a
    laptop's scheduler does; for benchmarks). `cups_defaults=True` leaves out the
    `PreserveJobFiles No` line, as Debian's own cupsd.conf does.
    """
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
    _write_config(root, port, save_at_once=save_at_once, cups_defaults=cups_defaults)
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
    cupsd = _spawn_cupsd(root, env)
    server = CupsServer(root=root, port=port, ipp_port=ipp_port, cupsd=cupsd, dbus=dbus, env=env)
    try:
        wait_for_port(port, cupsd, "cupsd")
        _wait_for_path(root / "bus", 5)
        server.start_printer()
        _add_queues(server)
    except BaseException:
        server.stop()
        raise
    return server


@contextlib.contextmanager
def _private_scheduler(*, cups_defaults: bool = False) -> Iterator[CupsServer]:
    # A fresh folder under the system temp dir rather than pytest's tmp_path, whose
    # 0700 parents would keep cupsd's filters (user lp) out.
    root = Path(tempfile.mkdtemp(prefix="koffer-cups-"))
    try:
        server = start_cups_server(root, cups_defaults=cups_defaults)
        try:
            yield server
        finally:
            server.stop()
    finally:
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def cups_defaults() -> Iterator[CupsServer]:
    """A second private scheduler with CUPS's built-in `PreserveJobFiles` (no line in
    cupsd.conf, as Debian ships it): it keeps every printed document for a day.

    Do not ask it for its settings (`adminGetServerSettings`): libcups caches them per
    process by host name, so the answer may be the session scheduler's.
    """
    with _private_scheduler(cups_defaults=True) as server:
        yield server


@pytest.fixture(scope="session")
def cups_session() -> Iterator[CupsServer]:
    """A private CUPS scheduler for the whole test session (torn down at the end)."""
    with _private_scheduler() as server:
        yield server


@pytest.fixture
def cups_server(cups_session: CupsServer) -> Iterator[CupsServer]:
    """The session's scheduler, checked around each test.

    A scheduler that died during the test fails it (teardown) with cupsd's exit status
    and error log; it is started again first, so later tests find a working one.
    """
    cups_session.start_scheduler()  # no-op while it runs
    yield cups_session
    if not cups_session.alive():
        report = cups_session.death_report()
        cups_session.clear_spool()  # a job that crashed it would crash it again
        cups_session.start_scheduler()
        pytest.fail(report, pytrace=False)
