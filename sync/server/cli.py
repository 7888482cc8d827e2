"""`koffer-server`: runs the town-hall backend (`serve`) or only migrates (`migrate`)."""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import sys
from pathlib import Path

from sync.server.settings import ServerSettings, SettingsError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="koffer-server", description="Koffer town-hall backend (API v1)."
    )
    add_settings_arguments(parser)
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the API server")
    serve.add_argument("--host", default=None, help="listen address (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=None, help="listen port (default 8443)")
    serve.add_argument("--cert", type=Path, help="TLS certificate chain (PEM)")
    serve.add_argument("--key", type=Path, help="TLS private key (PEM)")
    serve.add_argument(
        "--workers", type=int, default=None, help="worker processes (PostgreSQL: one per core)"
    )
    serve.add_argument(
        "--trusted-proxy",
        action="append",
        default=None,
        metavar="ADDRESS",
        help="address of a reverse proxy whose X-Forwarded-For is believed (repeatable)",
    )
    serve.add_argument(
        "--device-quota-mb", type=float, default=None, help="unreceipted MB per device (512)"
    )
    serve.add_argument(
        "--upload-expiry-days", type=float, default=None, help="unfinished uploads expire (14)"
    )
    serve.add_argument(
        "--max-connections", type=int, default=None, help="open connections per process (512)"
    )
    serve.add_argument(
        "--header-timeout", type=float, default=None, help="seconds for request headers (10)"
    )
    serve.add_argument(
        "--body-timeout", type=float, default=None, help="longest pause in a body, s (30)"
    )
    serve.add_argument("--benchmark-sink", action="store_true", help=argparse.SUPPRESS)
    commands.add_parser("migrate", help="bring the database schema up to date and exit")
    return parser


def add_settings_arguments(parser: argparse.ArgumentParser) -> None:
    """`--config`, `--data`, `--database`: shared with `koffer-admin`."""
    parser.add_argument(
        "--config",
        type=Path,
        default=None,
        help="settings file of KOFFER_SERVER_*=value lines (default: $KOFFER_SERVER_CONFIG)",
    )
    parser.add_argument(
        "--data", type=Path, default=None, help="data folder (KOFFER_SERVER_DATA_DIR)"
    )
    parser.add_argument(
        "--database",
        default=None,
        help="database URL, e.g. postgresql+psycopg://user@host/db (KOFFER_SERVER_DATABASE_URL;"
        " default: SQLite in the data folder)",
    )


def _scaled(value: float | None, factor: int) -> int | None:
    """An option given in a larger unit, in the setting's unit (None: not given)."""
    return None if value is None else int(value * factor)


def settings_from(args: argparse.Namespace) -> ServerSettings:
    """Server settings: file and environment, overridden by the options given."""
    serve: dict[str, object] = {}
    if args.command == "serve":
        serve = {
            "host": args.host,
            "port": args.port,
            "workers": args.workers,
            "tls_cert": args.cert,
            "tls_key": args.key,
            "enable_sink": args.benchmark_sink or None,
            "trusted_proxies": tuple(args.trusted_proxy) if args.trusted_proxy else None,
            "device_quota_bytes": _scaled(args.device_quota_mb, 1_000_000),
            "upload_expiry": (
                dt.timedelta(days=args.upload_expiry_days)
                if args.upload_expiry_days is not None
                else None
            ),
            "max_connections": args.max_connections,
            "header_timeout": args.header_timeout,
            "body_timeout": args.body_timeout,
        }
    return ServerSettings.load(args.config, data_dir=args.data, database_url=args.database, **serve)


def main(argv: list[str] | None = None) -> int:
    """Entry point of `koffer-server`."""
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("alembic").setLevel(logging.WARNING)
    try:
        settings = settings_from(args)
    except SettingsError as exc:
        sys.stderr.write(f"koffer-server: {exc}\n")
        return 2
    if args.command == "migrate":
        from sync.server.db import Database, restrict_sqlite_file
        from sync.server.migrate import upgrade

        if settings.resolved_database_url().startswith("sqlite"):
            settings.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        db = Database.connect(settings.resolved_database_url(), pool_size=1)
        upgrade(db.engine)
        db.dispose()
        restrict_sqlite_file(settings.resolved_database_url())
        sys.stdout.write("database is up to date\n")
        return 0
    if bool(settings.tls_cert) != bool(settings.tls_key):
        sys.stderr.write("koffer-server: --cert and --key (TLS_CERT, TLS_KEY) go together\n")
        return 2
    import os

    import uvicorn

    from sync.server.app import create_app
    from sync.server.transport import raise_file_limit, uvicorn_options

    raise_file_limit()
    app = create_app(settings)  # migrates, and fails early on a bad database URL
    target: object = app
    if settings.workers > 1:
        app.state.db.dispose()
        os.environ.update(settings.to_environment())  # every setting, to every worker
        target = "sync.server.app:create_app_from_environment"
    uvicorn.run(
        target,  # type: ignore[arg-type]
        factory=settings.workers > 1,
        workers=settings.workers if settings.workers > 1 else None,
        host=settings.host,
        port=settings.port,
        ssl_certfile=str(settings.tls_cert) if settings.tls_cert else None,
        ssl_keyfile=str(settings.tls_key) if settings.tls_key else None,
        log_level="info",
        timeout_graceful_shutdown=10,
        **uvicorn_options(settings),
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
