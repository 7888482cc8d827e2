"""Settings of one backend process: where the data lives and the tunable limits."""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from sync.server.db import default_database_url

#: Environment variable naming the data folder when `--data` is not given.
DATA_ENV = "KOFFER_SERVER_DATA"
#: Environment variable naming the database URL when `--database` is not given.
DATABASE_ENV = "KOFFER_DATABASE_URL"
#: Internal: hands `--benchmark-sink` to worker processes.
SINK_ENV = "KOFFER_SERVER_BENCHMARK_SINK"
#: Internal: hands the tunable limits to worker processes.
TUNING_ENV = "KOFFER_SERVER_TUNING"


def default_data_dir() -> Path:
    """`$KOFFER_SERVER_DATA`, else `./koffer-server-data`."""
    return Path(os.environ.get(DATA_ENV, "koffer-server-data"))


@dataclass(frozen=True)
class ServerSettings:
    """Everything a backend process needs to know besides the code."""

    data_dir: Path = field(default_factory=default_data_dir)
    database_url: str = ""
    #: Prefix of receipt references, e.g. "SOZ" for the social services office.
    reference_prefix: str = "SOZ"
    #: Time zone whose calendar year numbers the receipts.
    reference_timezone: str = "Europe/Berlin"
    #: How long an enrollment code stays valid.
    enrollment_ttl: dt.timedelta = dt.timedelta(hours=24)
    #: Failed enrollment attempts allowed per client address within `enroll_window`.
    enroll_max_failures: int = 10
    enroll_window: dt.timedelta = dt.timedelta(minutes=15)
    #: Client addresses of reverse proxies whose `X-Forwarded-For` is believed (for the
    #: enrollment rate limit); from anyone else the header is ignored.
    trusted_proxies: tuple[str, ...] = ()
    #: Bytes one device may have announced in submissions without a receipt (payloads
    #: plus attachments). Bounds what a stolen laptop can make the server store.
    device_quota_bytes: int = 512 * 1024 * 1024
    #: Submissions without a receipt are deleted this long after their PUT (the laptop
    #: still holds them and sends them again).
    upload_expiry: dt.timedelta = dt.timedelta(days=14)
    #: A request whose headers are not complete this long after the connection opened,
    #: or whose body pauses this long, is dropped.
    header_timeout: float = 10.0
    body_timeout: float = 30.0
    #: Open connections per process; more are closed at once (file descriptors stay free
    #: for the database and for the laptops already talking).
    max_connections: int = 512
    #: Only for the benchmark: a trivial upload endpoint to compare against.
    enable_sink: bool = False

    def to_environment(self) -> dict[str, str]:
        """The settings a worker process needs, as environment variables."""
        return {
            DATA_ENV: str(self.data_dir),
            DATABASE_ENV: self.resolved_database_url(),
            SINK_ENV: "1" if self.enable_sink else "",
            TUNING_ENV: json.dumps(
                {
                    "trusted_proxies": list(self.trusted_proxies),
                    "device_quota_bytes": self.device_quota_bytes,
                    "upload_expiry_days": self.upload_expiry / dt.timedelta(days=1),
                    "header_timeout": self.header_timeout,
                    "body_timeout": self.body_timeout,
                    "max_connections": self.max_connections,
                }
            ),
        }

    @classmethod
    def from_environment(cls) -> ServerSettings:
        """The settings `to_environment` handed over."""
        tuning = json.loads(os.environ.get(TUNING_ENV) or "{}")
        return cls(
            data_dir=default_data_dir(),
            database_url=os.environ.get(DATABASE_ENV, ""),
            enable_sink=os.environ.get(SINK_ENV, "") == "1",
            trusted_proxies=tuple(tuning.get("trusted_proxies", ())),
            device_quota_bytes=int(tuning.get("device_quota_bytes", cls.device_quota_bytes)),
            upload_expiry=dt.timedelta(days=float(tuning.get("upload_expiry_days", 14))),
            header_timeout=float(tuning.get("header_timeout", cls.header_timeout)),
            body_timeout=float(tuning.get("body_timeout", cls.body_timeout)),
            max_connections=int(tuning.get("max_connections", cls.max_connections)),
        )

    def resolved_database_url(self) -> str:
        """The database URL: explicit, from the environment, or SQLite in the data folder."""
        return (
            self.database_url
            or os.environ.get(DATABASE_ENV, "")
            or default_database_url(self.data_dir)
        )
