"""What can be checked of the packaging recipes without building them: the WiX source,
the cx_Freeze script, the shared exclude list and the server unit's settings file."""

from __future__ import annotations

import ast
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from sync.server.settings import ENV_PREFIX, ServerSettings

PACKAGING = Path(__file__).resolve().parents[3] / "packaging"
WIX = "{http://wixtoolset.org/schemas/v4/wxs}"


def _wxs() -> ET.Element:
    return ET.parse(PACKAGING / "windows" / "koffer.wxs").getroot()


def _freeze_targets() -> set[str]:
    tree = ast.parse((PACKAGING / "windows" / "freeze.py").read_text(encoding="utf-8"))
    return {
        kw.value.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Executable"
        for kw in node.keywords
        if kw.arg == "target_name" and isinstance(kw.value, ast.Constant)
    }


def test_msi_is_per_machine_with_the_documented_upgrade_code():
    package = _wxs().find(f"{WIX}Package")
    assert package is not None
    assert package.get("Scope") == "perMachine"
    code = package.get("UpgradeCode", "")
    assert re.fullmatch(r"[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}", code)
    readme = (PACKAGING / "windows" / "README.md").read_text(encoding="utf-8")
    assert code in readme  # the README tells IT which code never to change
    assert package.find(f"{WIX}MajorUpgrade") is not None


def test_start_menu_entry_starts_the_gui_program_freeze_builds():
    shortcut = next(_wxs().iter(f"{WIX}Shortcut"))
    target = shortcut.get("Target", "")
    assert target == "[INSTALLFOLDER]koffer.exe"
    assert {"koffer.exe", "koffer-cli.exe"} <= _freeze_targets()
    app_id = next(_wxs().iter(f"{WIX}ShortcutProperty")).get("Value")
    desktop = (PACKAGING / "de.koffer.Koffer.desktop").name.removesuffix(".desktop")
    assert app_id == desktop  # the same app id on Windows and Linux


def test_both_freezers_exclude_the_server_stack_and_file_keyrings():
    tree = ast.parse((PACKAGING / "excludes.py").read_text(encoding="utf-8"))
    excludes = {
        elt.value
        for node in ast.walk(tree)
        if isinstance(node, ast.List)
        for elt in node.elts
        if isinstance(elt, ast.Constant)
    }
    assert {"fastapi", "uvicorn", "sqlalchemy", "alembic", "psycopg", "keyrings"} <= excludes
    assert "excludes import EXCLUDES" in (PACKAGING / "linux" / "koffer.spec").read_text("utf-8")
    assert "excludes import EXCLUDES" in (PACKAGING / "windows" / "freeze.py").read_text("utf-8")


def test_packaged_settings_file_is_valid_for_the_server(tmp_path):
    """The shipped /etc/koffer-server/server.env loads (an unknown key would fail)."""
    settings = ServerSettings.load(PACKAGING / "server" / "server.env")
    assert settings.data_dir == Path("/var/lib/koffer-server")
    assert (settings.host, settings.port) == ("127.0.0.1", 8443)
    assert settings.workers == 2  # SQLite's measured configuration (docs/server.md)
    unit = (PACKAGING / "server" / "koffer-server.service").read_text(encoding="utf-8")
    assert f"Environment={ENV_PREFIX}CONFIG=/etc/koffer-server/server.env" in unit
    assert "StateDirectory=koffer-server" in unit
