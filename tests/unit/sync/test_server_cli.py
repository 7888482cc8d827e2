"""`koffer-server` command line: migrate, option checks."""

from __future__ import annotations

from sync.server.cli import main
from sync.server.db import Database, default_database_url
from sync.server.migrate import current_revision, head_revision


def test_migrate_creates_the_schema_in_the_data_folder(tmp_path, capsys):
    data = tmp_path / "data"
    assert main(["--data", str(data), "migrate"]) == 0
    assert "up to date" in capsys.readouterr().out
    database = data / "koffer-server.db"
    assert database.stat().st_mode & 0o777 == 0o600
    db = Database.connect(default_database_url(data), pool_size=1)
    try:
        assert current_revision(db.engine) == head_revision()
    finally:
        db.dispose()


def test_cert_without_key_is_refused(tmp_path, capsys):
    code = main(["--data", str(tmp_path), "serve", "--cert", str(tmp_path / "c.pem")])
    assert code == 2
    assert "--cert and --key" in capsys.readouterr().err
