"""Benchmark peer: ODK Central's backend, run here as a child process on loopback.

Issue 16 measures Koffer's intake against ODK Central on the same machine and load. This
module runs the real thing: the backend at a pinned tag on Node 24 (installed by
`scripts/setup-odk-central.sh` into /var/cache/koffer-bench, never into Koffer), on a
fresh database of a throwaway durable PostgreSQL cluster that the benchmark starts, set
up like an admin would (migrations, `cli.js user-create`/`user-promote`, a project, one
published XForm with a binary field). A submission is ODK Collect's request: ONE
OpenRosa multipart POST (`xml_submission_file` plus the attachment) with a session
token; the backend answers 201 after its transaction (submission row, attachment row,
the bytes as a blob row) has committed, so with PostgreSQL's fsync and synchronous
commit on, the submission is durable at its 201.

Config: the backend's own config/default.json with the database, port and domain set,
and Enketo, Sentry, analytics and the mailing-list reporter disabled (their clients
then use the backend's built-in no-op mocks); mail uses nodemailer's JSON transport,
which sends nothing. One process (`lib/bin/run-server.js`, as pm2 runs it with
WORKER_COUNT=1), its default pool of 10 database connections, NODE_ENV=production.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import json
import os
import secrets
import subprocess
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.helpers.server import REPO, PostgresCluster, free_port, terminate

ODK_VERSION = "v2026.2.2"
CACHE = Path(os.environ.get("KOFFER_BENCH_CACHE", "/var/cache/koffer-bench"))
SETUP_SCRIPT = REPO / "scripts" / "setup-odk-central.sh"
FORM_ID = "koffer_bench"
EMAIL = "bench@example.invalid"

#: One text field, one binary field (the attachment), the instance id ODK Collect sends.
FORM_XML = f"""<?xml version="1.0"?>
<h:html xmlns="http://www.w3.org/2002/xforms" xmlns:h="http://www.w3.org/1999/xhtml"
        xmlns:jr="http://openrosa.org/javarosa" xmlns:orx="http://openrosa.org/xforms">
  <h:head>
    <h:title>Koffer bench</h:title>
    <model>
      <instance>
        <data id="{FORM_ID}" version="1">
          <name/>
          <file/>
          <meta><instanceID/></meta>
        </data>
      </instance>
      <bind nodeset="/data/name" type="string"/>
      <bind nodeset="/data/file" type="binary"/>
      <bind nodeset="/data/meta/instanceID" type="string" readonly="true()" jr:preload="uid"/>
    </model>
  </h:head>
  <h:body>
    <input ref="/data/name"><label>Name</label></input>
    <upload ref="/data/file" mediatype="*/*"><label>Beleg</label></upload>
  </h:body>
</h:html>
"""


@dataclass(frozen=True)
class Installed:
    """Where the setup script put Node 24 and the backend."""

    node: Path
    root: Path

    @property
    def node_version(self) -> str:
        """`node --version` of the installed binary."""
        return subprocess.run(
            [str(self.node), "--version"], check=True, capture_output=True, text=True
        ).stdout.strip()


def install() -> Installed | str:
    """Run the (idempotent) setup script; the installation, or why the peer cannot run.

    `KOFFER_BENCH_ODK=0` skips the peer on purpose.
    """
    if os.environ.get("KOFFER_BENCH_ODK", "1") == "0":
        return "skipped: KOFFER_BENCH_ODK=0"
    try:
        done = subprocess.run(
            ["bash", str(SETUP_SCRIPT)],
            check=False,
            capture_output=True,
            text=True,
            timeout=900,
            env={**os.environ, "KOFFER_BENCH_CACHE": str(CACHE)},
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"not installed: {error}"
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or [f"exit {done.returncode}"])[-1]
        return f"not installed ({SETUP_SCRIPT.name}: {last})"
    paths = dict(line.split("=", 1) for line in done.stdout.splitlines() if "=" in line)
    return Installed(node=Path(paths["node"]), root=Path(paths["odk_central"]))


@dataclass(frozen=True)
class Stored:
    """What ODK Central's database holds after a run."""

    submissions: int
    attachments_with_blob: int
    blob_bytes: int
    blob_shas: frozenset[str]


def _config(installed: Installed, port: int, pg_port: int, database: str) -> dict[str, object]:
    """The backend's default config with our database and port, outside services off."""
    shipped = json.loads((installed.root / "config" / "default.json").read_text())
    config = copy.deepcopy(shipped["default"])
    config["database"] = {
        "host": "127.0.0.1",
        "port": pg_port,
        "user": "postgres",  # the throwaway cluster trusts loopback
        "database": database,
    }
    config["server"] = {"port": port}
    config["env"] = {
        "domain": f"http://127.0.0.1:{port}",
        "sysadminAccount": EMAIL,
    }
    config["email"] = {"serviceAccount": EMAIL, "transport": "json"}
    config["enketo"] = {"url": "", "apiKey": ""}
    config["external"] = {
        "sentry": {},
        "analytics": {},
        "mailingListOptIn": {},
        "s3blobStore": {},
    }
    return {"default": config}


class OdkCentral:
    """One ODK Central backend on a fresh database of `cluster`, ready for submissions."""

    def __init__(self, installed: Installed, cluster: PostgresCluster, folder: Path) -> None:
        self.installed = installed
        self.cluster = cluster
        self.folder = folder
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.database = ""
        self.process: subprocess.Popen[bytes] | None = None
        self.project_id = 0
        self.token = ""
        self.log = folder / "odk-central.log"

    @property
    def pid(self) -> int:
        """The backend process's id (for its CPU time)."""
        return self.process.pid if self.process is not None else 0

    def _env(self) -> dict[str, str]:
        return {
            "PATH": f"{self.installed.node.parent}:{os.environ.get('PATH', '/usr/bin:/bin')}",
            "HOME": str(self.folder),
            "NODE_ENV": "production",
            "NODE_CONFIG_DIR": str(self.folder / "config"),
            "BCRYPT": "",  # real bcrypt cost (only the login uses it)
        }

    def _node(self, script: str, *args: str, stdin: str | None = None) -> None:
        with self.log.open("ab") as log:
            subprocess.run(
                [str(self.installed.node), script, *args],
                cwd=self.installed.root,
                env=self._env(),
                input=stdin.encode() if stdin is not None else None,
                stdout=log,
                stderr=log,
                check=True,
                timeout=600,
            )

    def start(self) -> OdkCentral:
        """Database, migrations, admin user, server process, project and published form."""
        self.folder.mkdir(parents=True, exist_ok=True)
        self.database = self.cluster.new_database().rsplit("/", 1)[1]
        (self.folder / "config").mkdir(exist_ok=True)
        config = _config(self.installed, self.port, self.cluster.port, self.database)
        (self.folder / "config" / "default.json").write_text(json.dumps(config, indent=2))
        self._node("lib/bin/run-migrations.js")
        password = secrets.token_urlsafe(18)
        self._node("lib/bin/cli.js", "-u", EMAIL, "user-create", stdin=password + "\n")
        self._node("lib/bin/cli.js", "-u", EMAIL, "user-promote")
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [str(self.installed.node), "lib/bin/run-server.js"],
                cwd=self.installed.root,
                env=self._env(),
                stdout=log,
                stderr=log,
            )
        try:
            self._wait_until_up()
            with httpx.Client(base_url=self.url, timeout=60) as client:
                answer = client.post("/v1/sessions", json={"email": EMAIL, "password": password})
                answer.raise_for_status()
                self.token = answer.json()["token"]
                auth = {"Authorization": f"Bearer {self.token}"}
                answer = client.post("/v1/projects", json={"name": "Koffer bench"}, headers=auth)
                answer.raise_for_status()
                self.project_id = int(answer.json()["id"])
                answer = client.post(
                    f"/v1/projects/{self.project_id}/forms",
                    params={"publish": "true"},
                    content=FORM_XML.encode(),
                    headers={**auth, "Content-Type": "application/xml"},
                )
                answer.raise_for_status()
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_until_up(self, timeout: float = 120.0) -> None:
        deadline = time.monotonic() + timeout
        while True:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"ODK Central exited at start; see {self.log}")
            with contextlib.suppress(httpx.HTTPError):
                # any HTTP answer (401 without a session) means it is listening
                httpx.get(f"{self.url}/v1/users/current", timeout=2)
                return
            if time.monotonic() > deadline:
                raise TimeoutError(f"ODK Central at {self.url} did not come up")
            time.sleep(0.1)

    @staticmethod
    def submission_xml(name: str) -> tuple[str, bytes]:
        """A fresh instance id and the submission XML that names attachment `name`."""
        instance = f"uuid:{uuid.uuid4()}"
        xml = (
            f'<data id="{FORM_ID}" version="1"><name>Erika Mustermann</name>'
            f"<file>{name}</file><meta><instanceID>{instance}</instanceID></meta></data>"
        )
        return instance, xml.encode()

    def submit(self, client: httpx.Client, xml: bytes, name: str, attachment: bytes) -> None:
        """ONE OpenRosa multipart POST: the submission XML and its attachment; expects 201."""
        answer = client.post(
            f"/v1/projects/{self.project_id}/submission",
            files={
                "xml_submission_file": ("submission.xml", xml, "text/xml"),
                name: (name, attachment, "application/octet-stream"),
            },
            headers={"Authorization": f"Bearer {self.token}", "X-OpenRosa-Version": "1.0"},
        )
        if answer.status_code != 201:
            raise RuntimeError(f"ODK Central answered {answer.status_code}: {answer.text[:300]}")

    def stored(self) -> Stored:
        """Count what the database holds: submissions, attachments with bytes, blobs."""
        import psycopg

        dsn = f"host=127.0.0.1 port={self.cluster.port} user=postgres dbname={self.database}"
        with psycopg.connect(dsn) as connection:
            submissions = connection.execute(
                'select count(*) from submissions where "deletedAt" is null'
            ).fetchone()
            attached = connection.execute(
                'select count(*) from submission_attachments where "blobId" is not null'
            ).fetchone()
            blobs = connection.execute(
                "select sha, octet_length(content) from blobs b where exists"
                ' (select 1 from submission_attachments a where a."blobId" = b.id)'
            ).fetchall()
        assert submissions is not None
        assert attached is not None
        return Stored(
            submissions=int(submissions[0]),
            attachments_with_blob=int(attached[0]),
            blob_bytes=sum(int(size) for _, size in blobs),
            blob_shas=frozenset(str(sha) for sha, _ in blobs),
        )

    def stop(self) -> None:
        """SIGTERM (the backend drains and closes its pool), SIGKILL after 30 s."""
        terminate(self.process)
        self.process = None


def sha1_hex(data: bytes) -> str:
    """ODK Central names a blob by the SHA-1 of its bytes."""
    return hashlib.sha1(data, usedforsecurity=False).hexdigest()
