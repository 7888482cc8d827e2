"""Real town-hall servers for tests and benchmarks: uvicorn on loopback, SQLite or PostgreSQL.

* `ThreadedServer` runs the app in a thread of the test process (fast start).
* `ServerProcess` runs `koffer-server serve` as a child process, so a test can kill it
  hard in the middle of an upload and start it again on the same database.
* `PostgresCluster` starts a throwaway PostgreSQL 15 cluster from the Debian packages in a
  temporary folder (as the `postgres` user when the tests run as root, because postgres
  refuses to run as root) and hands out fresh databases.
* `Seed` fills a database like the admin would (templates, an office, a signed manifest,
  enrollment codes), and `ApiClient` is a small synchronous test client of API v1.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import uvicorn
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from jwcrypto import jwk

from sync import crypto, protocol
from sync.server import backup, catalog, enrollment
from sync.server.app import create_app
from sync.server.db import Database
from sync.server.migrate import upgrade
from sync.server.settings import ServerSettings
from sync.server.transport import uvicorn_options

if TYPE_CHECKING:
    import psycopg


def _debian_pg_bin() -> Path:
    """The newest Debian PostgreSQL's binaries (15 on Debian 12, 17 on Debian 13)."""
    found = sorted(
        (p for p in Path("/usr/lib/postgresql").glob("*/bin") if p.parent.name.isdigit()),
        key=lambda p: int(p.parent.name),
    )
    return found[-1] if found else Path("/usr/lib/postgresql/15/bin")


PG_BIN = Path(os.environ.get("KOFFER_PG_BIN") or _debian_pg_bin())
REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(url: str, *, verify: Any = True, timeout: float = 30.0) -> None:
    """Poll the health endpoint until it answers 200."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            if httpx.get(f"{url}/v1/health", verify=verify, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            raise TimeoutError(f"server at {url} did not come up")
        time.sleep(0.05)


# --- servers ---------------------------------------------------------------------------


class ThreadedServer:
    """uvicorn serving the app in a background thread on a free loopback port."""

    def __init__(
        self,
        settings: ServerSettings,
        *,
        certfile: Path | None = None,
        keyfile: Path | None = None,
    ) -> None:
        self.settings = settings
        self.port = free_port()
        scheme = "https" if certfile else "http"
        self.url = f"{scheme}://127.0.0.1:{self.port}"
        self.app = create_app(settings)
        config = uvicorn.Config(
            self.app,
            host="127.0.0.1",
            port=self.port,
            log_level="warning",
            ssl_certfile=str(certfile) if certfile else None,
            ssl_keyfile=str(keyfile) if keyfile else None,
            lifespan="off",
            timeout_graceful_shutdown=2,
            **uvicorn_options(settings),
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def start(self) -> ThreadedServer:
        """Start serving and wait until the socket accepts connections."""
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        """Stop serving and close the database pool."""
        self.server.should_exit = True
        self.thread.join(timeout=30)
        self.app.state.db.dispose()

    def __enter__(self) -> ThreadedServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def terminate(process: subprocess.Popen[bytes] | None) -> None:
    """SIGTERM a child process and wait for it; SIGKILL if it is not gone in 30 s."""
    if process is not None and process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=30)


class ServerProcess:
    """`koffer-server serve` as a child process (can be killed hard and restarted)."""

    def __init__(
        self,
        data_dir: Path,
        database_url: str,
        *,
        extra: list[str] | None = None,
        port: int | None = None,
    ) -> None:
        self.data_dir = data_dir
        self.database_url = database_url
        self.extra = extra or []
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None
        self.log = data_dir / "server-process.log"

    def start(self) -> ServerProcess:
        """Start the process and wait for its health endpoint."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        command = [
            sys.executable,
            "-m",
            "sync.server.cli",
            "--data",
            str(self.data_dir),
            "--database",
            self.database_url,
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            *self.extra,
        ]
        with self.log.open("ab") as log:
            # its own process group, so that `kill` reaches the workers of `--workers N`
            self.process = subprocess.Popen(
                command, cwd=REPO, stdout=log, stderr=log, start_new_session=True
            )
        try:
            wait_until_up(self.url, timeout=120)
        except TimeoutError:
            self.kill()
            raise
        return self

    def kill(self) -> None:
        """SIGKILL to every process of the server (its workers too): the hardest crash,
        no cleanup at all. WHY the group: a killed supervisor leaves its workers running,
        serving on the inherited socket, and the restarted server could not bind."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)
        self.process = None

    def stop(self) -> None:
        """SIGTERM and wait: an orderly shutdown."""
        terminate(self.process)
        self.process = None

    def __enter__(self) -> ServerProcess:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


# --- PostgreSQL ------------------------------------------------------------------------


def postgres_available() -> bool:
    """Whether the Debian PostgreSQL binaries are installed."""
    return (PG_BIN / "initdb").exists() and (PG_BIN / "pg_ctl").exists()


class PostgresCluster:
    """A throwaway PostgreSQL cluster in a temporary folder on a free loopback port."""

    def __init__(self, *, durable: bool = False) -> None:
        self.durable = durable
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="koffer-pg-"))
        self.datadir = self.root / "data"
        self._as_root = os.geteuid() == 0
        self._counter = 0
        self._databases: list[str] = []  # made by new_database, not yet dropped

    def _run(self, *command: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if self._as_root else []
        subprocess.run(
            [*prefix, *command], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )

    def start(self) -> PostgresCluster:
        """initdb + pg_ctl start; returns when the server accepts connections."""
        if self._as_root:
            shutil.chown(self.root, "postgres", "postgres")
        self._run(
            str(PG_BIN / "initdb"),
            "-D",
            str(self.datadir),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1"
        options += " -c max_connections=200"
        if not self.durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self._run(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(self.datadir),
            "-o",
            options,
            "-l",
            str(self.root / "postgres.log"),
            "-w",
            "start",
        )
        return self

    def url(self, database: str = "postgres") -> str:
        """SQLAlchemy URL of a database in this cluster."""
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """Create a fresh, empty database and return its URL."""
        self._counter += 1
        name = f"koffer_{os.getpid()}_{self._counter}"
        with self._maintenance() as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        self._databases.append(name)
        return self.url(name)

    def drop_databases(self) -> None:
        """Drop every database `new_database` made so far (their clients are gone)."""
        with self._maintenance() as connection:
            while self._databases:
                name = self._databases.pop()
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def _maintenance(self) -> psycopg.Connection[tuple[Any, ...]]:
        """A connection to the `postgres` database, outside any transaction (CREATE and
        DROP DATABASE refuse to run in one)."""
        import psycopg

        return psycopg.connect(
            f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True
        )

    def stop(self) -> None:
        """Stop the cluster and remove its folder."""
        with contextlib.suppress(subprocess.CalledProcessError):
            self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.datadir), "-m", "immediate", "stop")
        shutil.rmtree(self.root, ignore_errors=True)


# --- seeding like the admin ------------------------------------------------------------

OFFICE_ID = "sozialamt"
TEMPLATE_ID = "testantrag"
TEMPLATE_VERSION = "1.0.0"
TEMPLATE_YAML = f"""\
id: {TEMPLATE_ID}
version: {TEMPLATE_VERSION}
title: Testantrag
topic: Test
office_id: {OFFICE_ID}
sections:
  - id: person
    title: Angaben zur Person
    fields:
      - id: name
        type: text
        label: Name
        required: true
"""


@functools.cache
def office_key() -> jwk.JWK:
    """One RSA-4096 office key per test run (making one takes a moment)."""
    return crypto.generate_office_key()


@dataclass
class Seed:
    """What an admin put into a fresh database: keys, a catalog, enrollment codes."""

    database_url: str
    signing_key: Ed25519PrivateKey = field(default_factory=crypto.generate_signing_key)

    def prepare(self) -> Seed:
        """Migrate, add the test template and office, publish a signed manifest."""
        db = Database.connect(self.database_url, pool_size=1)
        try:
            upgrade(db.engine)
            with db.write.begin() as session:
                catalog.add_template(session, TEMPLATE_YAML.encode(), "testantrag.yaml")
                public = crypto.public_jwk(office_key())
                catalog.add_office(session, OFFICE_ID, json.dumps(public))
                catalog.publish(session, self.signing_key)
        finally:
            db.dispose()
        return self

    def code(
        self,
        name: str = "Testlaptop",
        ttl: dt.timedelta = dt.timedelta(hours=24),
        *,
        staff: str | None = None,
        staff_name: str | None = None,
    ) -> str:
        """A fresh enrollment code (for the staff member `staff`, made if new)."""
        db = Database.connect(self.database_url, pool_size=1)
        try:
            with db.write.begin() as session:
                if staff is not None:
                    backup.ensure_staff(session, staff, staff_name or staff.title())
                return enrollment.create_code(session, name, ttl, staff_id=staff)
        finally:
            db.dispose()


# --- a small client of API v1 ----------------------------------------------------------


@dataclass
class SealedSubmission:
    """A submission as a laptop would send it: request body plus attachment bytes."""

    submission_id: str
    body: dict[str, Any]
    attachments: dict[str, bytes]


def make_submission(
    attachment_sizes: tuple[int, ...] = (), *, seal_payload: bool = True
) -> SealedSubmission:
    """A sealed test submission with random attachments of the given sizes."""
    submission_id = str(uuid.uuid4())
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    if seal_payload:
        content = protocol.SealedContent(
            submission_id=submission_id,
            template_id=TEMPLATE_ID,
            template_version=TEMPLATE_VERSION,
            created_at=now,
            answers={"name": "Erika Mustermann"},
            attachments=[
                protocol.SealedAttachmentInfo(id=f"a{i}", filename=f"beleg{i}.bin")
                for i in range(len(attachment_sizes))
            ],
        )
        payload = crypto.seal(
            content.model_dump_json().encode(),
            crypto.public_jwk(office_key()),
            content_type="application/json",
        )
    else:
        payload = "eyJhbGciOiJSU0EtT0FFUC0yNTYifQ.a2V5.aXY.Y2lwaGVy.dGFn"
    attachments = {f"a{i}": os.urandom(size) for i, size in enumerate(attachment_sizes)}
    body = {
        "template_id": TEMPLATE_ID,
        "template_version": TEMPLATE_VERSION,
        "office_id": OFFICE_ID,
        "created_at": now.isoformat(),
        "payload": payload,
        "payload_sha512": crypto.sha512_hex(payload.encode()),
        "attachments": [
            {
                "id": aid,
                "size": len(data),
                "sha512": crypto.sha512_hex(data),
                "media_type": "application/octet-stream",
            }
            for aid, data in attachments.items()
        ],
    }
    return SealedSubmission(submission_id, body, attachments)


class ApiClient:
    """A synchronous client of API v1 for tests (the real client is sync.client)."""

    def __init__(self, base_url: str, token: str | None = None, **kwargs: Any) -> None:
        self.http = httpx.Client(base_url=base_url, timeout=60, **kwargs)
        self.token = token

    def headers(self, **extra: str) -> dict[str, str]:
        """Authorization plus extra headers."""
        out = dict(extra)
        if self.token:
            out["Authorization"] = f"Bearer {self.token}"
        return out

    def enroll(self, code: str, name: str = "Testlaptop") -> protocol.EnrollResponse:
        """Enroll and keep the token."""
        response = self.http.post("/v1/enroll", json={"code": code, "device_name": name})
        response.raise_for_status()
        enrolled = protocol.EnrollResponse.model_validate_json(response.content)
        self.token = enrolled.token
        return enrolled

    def put(self, submission: SealedSubmission) -> httpx.Response:
        """PUT the submission."""
        return self.http.put(
            f"/v1/submissions/{submission.submission_id}",
            json=submission.body,
            headers=self.headers(),
        )

    def patch(
        self, submission_id: str, attachment_id: str, offset: int, data: bytes
    ) -> httpx.Response:
        """PATCH one chunk."""
        return self.http.patch(
            f"/v1/submissions/{submission_id}/attachments/{attachment_id}",
            content=data,
            headers=self.headers(
                **{"Upload-Offset": str(offset), "Content-Type": protocol.CHUNK_MEDIA_TYPE}
            ),
        )

    def head(self, submission_id: str, attachment_id: str) -> httpx.Response:
        """HEAD: the stored offset."""
        return self.http.head(
            f"/v1/submissions/{submission_id}/attachments/{attachment_id}",
            headers=self.headers(),
        )

    def complete(self, submission_id: str) -> httpx.Response:
        """POST complete."""
        return self.http.post(f"/v1/submissions/{submission_id}/complete", headers=self.headers())

    def deliver(self, submission: SealedSubmission, chunk: int = 1 << 20) -> protocol.Receipt:
        """The whole exchange: PUT, upload every attachment, complete."""
        response = self.put(submission)
        response.raise_for_status()
        for aid, data in submission.attachments.items():
            for offset in range(0, len(data), chunk):
                self.patch(
                    submission.submission_id, aid, offset, data[offset : offset + chunk]
                ).raise_for_status()
        done = self.complete(submission.submission_id)
        done.raise_for_status()
        return protocol.Receipt.model_validate_json(done.content)

    def close(self) -> None:
        """Close the connection pool."""
        self.http.close()


def pinned_context(ca_pem: bytes) -> ssl.SSLContext:
    """A TLS context that trusts only the given CA (the town hall's)."""
    context = ssl.create_default_context(cadata=ca_pem.decode("ascii"))
    return context
