"""Settings of one backend process: where the data lives and the tunable limits."""

from __future__ import annotations

import datetime as dt
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
    #: Only for the benchmark: a trivial upload endpoint to compare against.
    enable_sink: bool = False

    def to_environment(self) -> dict[str, str]:
        """The settings a worker process needs, as environment variables."""
        return {
            DATA_ENV: str(self.data_dir),
            DATABASE_ENV: self.resolved_database_url(),
            SINK_ENV: "1" if self.enable_sink else "",
        }

    @classmethod
    def from_environment(cls) -> ServerSettings:
        """The settings `to_environment` handed over."""
        return cls(
            data_dir=default_data_dir(),
            database_url=os.environ.get(DATABASE_ENV, ""),
            enable_sink=os.environ.get(SINK_ENV, "") == "1",
        )

    def resolved_database_url(self) -> str:
        """The database URL: explicit, from the environment, or SQLite in the data folder."""
        return (
            self.database_url
            or os.environ.get(DATABASE_ENV, "")
            or default_database_url(self.data_dir)
        )
