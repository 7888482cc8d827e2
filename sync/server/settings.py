"""Settings of one backend process, read by pydantic-settings.

Every setting is one field of `ServerSettings` and nothing else: its environment
variable is derived from the name (`KOFFER_SERVER_` + upper-case name, e.g.
`enroll_max_failures` -> `KOFFER_SERVER_ENROLL_MAX_FAILURES`), the configuration file
(`--config FILE` or `$KOFFER_SERVER_CONFIG`, `KEY=value` lines, the format systemd's
`EnvironmentFile=` reads too) uses the same names, and `to_environment` hands every
field to worker processes (`serve --workers N`), so a new setting needs no second line
anywhere. Precedence: command-line options, then environment variables, then the file,
then the defaults here. An unknown `KOFFER_SERVER_…` key in the file is an error, so a
typo does not silently keep a default.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from sync.server.db import default_database_url

#: Prefix of every setting's environment variable.
ENV_PREFIX = "KOFFER_SERVER_"
#: Environment variable naming the configuration file when `--config` is not given.
CONFIG_ENV = "KOFFER_SERVER_CONFIG"


class SettingsError(Exception):
    """The configuration cannot be used; the message names the setting and the source."""


class ServerSettings(BaseSettings):
    """Everything a backend process needs to know besides the code."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, frozen=True, extra="forbid", env_file_encoding="utf-8"
    )

    #: Data folder; holds the SQLite database when no `database_url` is set.
    data_dir: Path = Path("koffer-server-data")
    #: e.g. postgresql+psycopg://koffer@db.rathaus.local/koffer; empty: SQLite in data_dir.
    database_url: str = ""
    #: Where `serve` listens.
    host: str = "127.0.0.1"
    port: int = Field(default=8443, ge=1, le=65535)
    #: Worker processes of `serve` (PostgreSQL: one per core).
    workers: int = Field(default=1, ge=1, le=64)
    #: TLS certificate chain and private key (PEM); both or neither.
    tls_cert: Path | None = None
    tls_key: Path | None = None
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
    device_quota_bytes: int = Field(default=512 * 1024 * 1024, ge=0)
    #: Submissions without a receipt are deleted this long after their PUT (the laptop
    #: still holds them and sends them again).
    upload_expiry: dt.timedelta = dt.timedelta(days=14)
    #: A request whose headers are not complete this long after the connection opened,
    #: or whose body pauses this long, is dropped (seconds).
    header_timeout: float = Field(default=10.0, gt=0)
    body_timeout: float = Field(default=30.0, gt=0)
    #: Open connections per process; more are closed at once (file descriptors stay free
    #: for the database and for the laptops already talking).
    max_connections: int = Field(default=512, ge=1)
    #: Remote expert sessions: how long a join code stays valid, how long a session may
    #: last, how often a relay connection re-checks revocation and expiry, and the town's
    #: conferencing room offered to both ends (Jitsi, BigBlueButton, …; empty: phone).
    assist_join_ttl: dt.timedelta = dt.timedelta(minutes=10)
    assist_session_max: dt.timedelta = dt.timedelta(hours=4)
    assist_check_interval: dt.timedelta = dt.timedelta(seconds=15)
    assist_conference_url: str = Field(default="", pattern=r"^(https://\S+)?$")
    #: Most bytes of encrypted draft backups kept per staff member.
    backup_quota_bytes: int = Field(default=4 * 1024**3, ge=1024**2)
    #: Only for the benchmark: a trivial upload endpoint to compare against.
    enable_sink: bool = False

    @classmethod
    def load(cls, config: Path | None = None, **overrides: Any) -> ServerSettings:
        """Settings from the file (`config`, else `$KOFFER_SERVER_CONFIG`), the environment
        and `overrides` (command-line options; None means "not given").

        Raises:
            SettingsError: the file is missing or a value is invalid (names the key).
        """
        named = config or os.environ.get(CONFIG_ENV) or None
        path = Path(named) if named else None
        if path is not None and not path.is_file():
            raise SettingsError(f"configuration file {path} does not exist")
        given = {k: v for k, v in overrides.items() if v is not None}
        try:
            return cls(_env_file=path, **given)
        except ValidationError as exc:
            raise SettingsError(describe(exc, path)) from None

    def to_environment(self) -> dict[str, str]:
        """Every setting as an environment variable, for worker processes (which build
        theirs with `from_environment`); None values are left out (their default)."""
        out: dict[str, str] = {}
        for name, value in self.model_dump(mode="json").items():
            if value is None:
                continue
            out[ENV_PREFIX + name.upper()] = value if isinstance(value, str) else json.dumps(value)
        return out

    @classmethod
    def from_environment(cls) -> ServerSettings:
        """The settings `to_environment` handed over (the file is not read again)."""
        try:
            return cls()
        except ValidationError as exc:
            raise SettingsError(describe(exc, None)) from None

    def resolved_database_url(self) -> str:
        """The database URL: the configured one, else SQLite in the data folder."""
        return self.database_url or default_database_url(self.data_dir)


def describe(exc: ValidationError, path: Path | None) -> str:
    """An admin-readable message: which key, what is wrong, never the value (it may be a
    password inside a database URL)."""
    where = f" in {path} or the environment" if path else " in the environment"
    parts = []
    for error in exc.errors():
        key = ENV_PREFIX + "_".join(str(p) for p in error["loc"]).upper()
        if key.startswith(ENV_PREFIX + ENV_PREFIX):
            key = key[len(ENV_PREFIX) :]
        parts.append(f"{key}: {error['msg']}")
    return f"invalid setting{where}: " + "; ".join(parts)
