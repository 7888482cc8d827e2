"""`koffer-server`: runs the town-hall backend (`serve`) or only migrates (`migrate`)."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from sync.server.settings import ServerSettings, default_data_dir


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="koffer-server", description="Koffer town-hall backend (API v1)."
    )
    parser.add_argument(
        "--data", type=Path, default=None, help="data folder (default: $KOFFER_SERVER_DATA)"
    )
    parser.add_argument(
        "--database",
        default="",
        help="database URL, e.g. postgresql+psycopg://user@host/db (default: SQLite in --data)",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the API server")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8443)
    serve.add_argument("--cert", type=Path, help="TLS certificate chain (PEM)")
    serve.add_argument("--key", type=Path, help="TLS private key (PEM)")
    serve.add_argument(
        "--workers", type=int, default=1, help="worker processes (PostgreSQL: one per core)"
    )
    serve.add_argument(
        "--trusted-proxy",
        action="append",
        default=[],
        metavar="ADDRESS",
        help="address of a reverse proxy whose X-Forwarded-For is believed (repeatable)",
    )
    serve.add_argument(
        "--device-quota-mb", type=float, default=512, help="unreceipted MB per device (512)"
    )
    serve.add_argument(
        "--upload-expiry-days", type=float, default=14, help="unfinished uploads expire (14)"
    )
    serve.add_argument(
        "--max-connections", type=int, default=512, help="open connections per process (512)"
    )
    serve.add_argument(
        "--header-timeout", type=float, default=10.0, help="seconds for request headers (10)"
    )
    serve.add_argument(
        "--body-timeout", type=float, default=30.0, help="longest pause in a body, s (30)"
    )
    serve.add_argument("--benchmark-sink", action="store_true", help=argparse.SUPPRESS)
    commands.add_parser("migrate", help="bring the database schema up to date and exit")
    return parser


def settings_from(args: argparse.Namespace) -> ServerSettings:
    """Server settings from the common options."""
    import datetime as dt

    tuning: dict[str, object] = {}
    if args.command == "serve":
        tuning = {
            "trusted_proxies": tuple(args.trusted_proxy),
            "device_quota_bytes": int(args.device_quota_mb * 1e6),
            "upload_expiry": dt.timedelta(days=args.upload_expiry_days),
            "max_connections": args.max_connections,
            "header_timeout": args.header_timeout,
            "body_timeout": args.body_timeout,
        }
    return ServerSettings(
        data_dir=args.data or default_data_dir(),
        database_url=args.database,
        enable_sink=bool(getattr(args, "benchmark_sink", False)),
        **tuning,  # type: ignore[arg-type]
    )


def main(argv: list[str] | None = None) -> int:
    """Entry point of `koffer-server`."""
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("alembic").setLevel(logging.WARNING)
    settings = settings_from(args)
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
    if bool(args.cert) != bool(args.key):
        sys.stderr.write("koffer-server: --cert and --key go together\n")
        return 2
    import os

    import uvicorn

    from sync.server.app import create_app
    from sync.server.transport import raise_file_limit, uvicorn_options

    raise_file_limit()
    app = create_app(settings)  # migrates, and fails early on a bad database URL
    target: object = app
    if args.workers > 1:
        app.state.db.dispose()
        os.environ.update(settings.to_environment())
        target = "sync.server.app:create_app_from_environment"
    uvicorn.run(
        target,  # type: ignore[arg-type]
        factory=args.workers > 1,
        workers=args.workers if args.workers > 1 else None,
        host=args.host,
        port=args.port,
        ssl_certfile=str(args.cert) if args.cert else None,
        ssl_keyfile=str(args.key) if args.key else None,
        log_level="info",
        timeout_graceful_shutdown=10,
        **uvicorn_options(settings),
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
