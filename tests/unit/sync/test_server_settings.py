"""Server settings: file, environment, options, and every setting reaching every worker."""

from __future__ import annotations

import datetime as dt
import multiprocessing
from pathlib import Path

import pytest

from sync.server.cli import main
from sync.server.settings import CONFIG_ENV, ENV_PREFIX, ServerSettings, SettingsError


def _other_value(name: str, default: object) -> object:
    """A valid value different from the default, chosen by the field's type. A new
    setting of a new type fails here until a sample is added: that is the point."""
    samples: dict[object, object] = {
        bool: not default,
        int: (default if isinstance(default, int) else 0) + 3,
        float: (default if isinstance(default, float) else 0.0) + 1.5,
        str: f"https://example.org/{name}" if name.endswith("_url") else f"other-{name}",
        dt.timedelta: dt.timedelta(minutes=77),
        Path: Path(f"/srv/{name}"),
        tuple[str, ...]: ("192.0.2.7", "192.0.2.8"),
    }
    annotation = ServerSettings.model_fields[name].annotation
    for kind, value in samples.items():
        if annotation == kind or annotation == (kind | None):
            return value
    raise AssertionError(f"no sample value for setting {name} of type {annotation}")


def _all_changed() -> ServerSettings:
    fields = ServerSettings.model_fields
    return ServerSettings(**{name: _other_value(name, f.default) for name, f in fields.items()})


def _settings_in_child(queue: multiprocessing.Queue[str]) -> None:
    queue.put(ServerSettings.from_environment().model_dump_json())


def test_every_setting_reaches_a_spawned_worker(monkeypatch):
    """uvicorn starts workers with the spawn method: only the environment goes across."""
    wanted = _all_changed()
    fields = ServerSettings.model_fields
    assert all(getattr(wanted, name) != field.default for name, field in fields.items())
    for name, value in wanted.to_environment().items():
        monkeypatch.setenv(name, value)
    context = multiprocessing.get_context("spawn")
    queue: multiprocessing.Queue[str] = context.Queue()
    child = context.Process(target=_settings_in_child, args=(queue,))
    child.start()
    got = queue.get(timeout=60)
    child.join(timeout=60)
    assert ServerSettings.model_validate_json(got) == wanted


def test_file_then_environment_then_options(tmp_path, monkeypatch):
    config = tmp_path / "server.env"
    config.write_text(
        "# Koffer town hall\n"
        f"{ENV_PREFIX}PORT=9001\n"
        f"{ENV_PREFIX}REFERENCE_PREFIX=SEN\n"
        f"{ENV_PREFIX}ENROLLMENT_TTL=PT2H\n"
        f"{ENV_PREFIX}WORKERS=3\n",
        encoding="utf-8",
    )
    monkeypatch.setenv(f"{ENV_PREFIX}WORKERS", "2")
    settings = ServerSettings.load(config, port=None, data_dir=tmp_path / "d")
    assert (settings.port, settings.reference_prefix) == (9001, "SEN")
    assert settings.enrollment_ttl == dt.timedelta(hours=2)
    assert settings.workers == 2  # the environment beats the file
    assert settings.data_dir == tmp_path / "d"
    assert ServerSettings.load(config, port=9100).port == 9100  # an option beats both


def test_config_file_from_the_environment(tmp_path, monkeypatch):
    config = tmp_path / "server.env"
    config.write_text(f"{ENV_PREFIX}HOST=0.0.0.0\n", encoding="utf-8")
    monkeypatch.setenv(CONFIG_ENV, str(config))
    assert ServerSettings.load().host == "0.0.0.0"


def test_a_typo_in_the_file_is_an_error_naming_the_key(tmp_path):
    config = tmp_path / "server.env"
    config.write_text(f"{ENV_PREFIX}WOKERS=4\n", encoding="utf-8")
    with pytest.raises(SettingsError, match=f"{ENV_PREFIX}WOKERS"):
        ServerSettings.load(config)


def test_a_bad_value_names_the_key_but_not_the_value(tmp_path):
    config = tmp_path / "server.env"
    config.write_text(f"{ENV_PREFIX}PORT=geheim-123\n", encoding="utf-8")
    with pytest.raises(SettingsError) as caught:
        ServerSettings.load(config)
    assert f"{ENV_PREFIX}PORT" in str(caught.value)
    assert "geheim-123" not in str(caught.value)


def test_missing_config_file_is_reported_by_the_command(tmp_path, capsys):
    code = main(["--config", str(tmp_path / "nope.env"), "migrate"])
    assert code == 2
    assert "nope.env does not exist" in capsys.readouterr().err


def test_serve_options_come_from_the_file(tmp_path, capsys):
    config = tmp_path / "server.env"
    config.write_text(f"{ENV_PREFIX}TLS_CERT={tmp_path / 'c.pem'}\n", encoding="utf-8")
    code = main(["--config", str(config), "--data", str(tmp_path), "serve"])
    assert code == 2
    assert "--cert and --key" in capsys.readouterr().err
