"""What the packaged program does differently, checked without packaging it: the frozen
layouts of the resource locator, the keyring gate of a frozen start, the version."""

from __future__ import annotations

import importlib.metadata
import sys
import tomllib
from pathlib import Path

import pytest

import printing.resources
from koffer import __version__, cli, selftest

REPO = Path(__file__).resolve().parents[3]


def test_checkout_uses_the_source_tree():
    assert Path(str(printing.resources.resources_root())) == REPO / "resources"


def test_pyinstaller_layout(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path / "_internal"), raising=False)
    root = printing.resources.resources_root()
    assert Path(str(root)) == tmp_path / "_internal" / "koffer_resources"


def test_cx_freeze_layout(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.delattr(sys, "_MEIPASS", raising=False)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "koffer.exe"))
    assert Path(str(printing.resources.resources_root())) == tmp_path / "koffer_resources"


def test_version_is_the_installed_distributions():
    with (REPO / "pyproject.toml").open("rb") as f:
        declared = tomllib.load(f)["project"]["version"]
    assert __version__ == importlib.metadata.version("koffer") == declared


def test_version_option(capsys):
    with pytest.raises(SystemExit) as done:
        cli.main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == f"Koffer {__version__}"


@pytest.fixture
def frozen_without_keyring(monkeypatch):
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(cli, "keyring_problem", lambda: "Kein Schlüsselbund.")
    shown: list[str] = []
    import koffer.ui.startup_error as startup_error

    monkeypatch.setattr(startup_error, "show_startup_error", shown.append)
    return shown


@pytest.mark.parametrize(
    ("argv", "dialog"),
    [(["status"], False), (["demo", "--nur-anlegen"], False), (["demo"], True), ([], True)],
)
def test_frozen_start_without_keyring_is_refused(frozen_without_keyring, capsys, argv, dialog):
    ran: list[str] = []
    for name in ("status", "demo", "gui"):
        command = cli._commands[name]
        cli.register_command(
            cli.Command(
                command.name,
                command.help,
                lambda a, n=name: ran.append(n) or 0,
                command.add_arguments,
            )
        )
    try:
        assert cli.main(argv) == cli.EXIT_STORE_ERROR
    finally:
        for name in ("status", "demo", "gui"):
            cli.register_command(_ORIGINAL[name])
    assert ran == []  # nothing ran, so nothing was written
    assert "Koffer kann nicht starten. Kein Schlüsselbund." in capsys.readouterr().err
    assert frozen_without_keyring == (["Kein Schlüsselbund."] if dialog else [])


_ORIGINAL = {name: cli._commands[name] for name in ("status", "demo", "gui")}


def test_checkout_is_not_gated(monkeypatch):
    monkeypatch.delattr(sys, "frozen", raising=False)
    monkeypatch.setattr(cli, "keyring_problem", lambda: pytest.fail("must not be asked"))
    assert cli.refuse_without_keyring("status", cli.build_parser().parse_args(["status"])) is None


def test_selftest_is_never_gated(frozen_without_keyring):
    args = cli.build_parser().parse_args(["selbsttest"])
    assert cli.refuse_without_keyring("selbsttest", args) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (None, (None, None)),
        ("127.0.0.1:631", ("127.0.0.1", 631)),
        ("druck.rathaus", ("druck.rathaus", None)),
        ("/run/cups/cups.sock", ("/run/cups/cups.sock", None)),
    ],
)
def test_selftest_cups_server_option(text, expected):
    assert selftest.split_server(text) == expected


def test_selftest_resources_and_render_pass_in_the_checkout():
    assert selftest.check_resources().ok
    rendered, pdf = selftest.check_render()
    assert rendered.ok
    assert pdf is not None
    assert pdf.startswith(b"%PDF-")
