"""`koffer status` and `koffer wipe` (the CLI's store commands)."""

from __future__ import annotations

import io
import json

import pytest

from koffer import cli
from koffer.settings import LAST_SYNC
from koffer.store import DraftStore, Profile, ProfilePaths
from koffer.store.keys import TEST_KDF
from tests.helpers.keyring_backends import LockedKeyring, MemoryKeyring


@pytest.fixture(autouse=True)
def own_desktop_folders(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    """`koffer wipe` cleans the desktop's recent files: never this machine user's."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))


@pytest.fixture(autouse=True)
def no_print_system(monkeypatch: pytest.MonkeyPatch) -> None:
    """`koffer status` must not ask the machine's own CUPS from a unit test."""
    monkeypatch.setattr(
        cli, "print_system_status", lambda: {"cups": True, "keeps_printed_documents": True}
    )


@pytest.mark.parametrize(
    ("cups", "keeps", "expected"),
    [
        (True, True, "sudo cupsctl PreserveJobFiles=No"),
        (True, False, "bewahrt keine gedruckten Dokumente auf"),
        (True, None, "nicht lesbar"),
        (False, None, "kein CUPS"),
    ],
)
def test_status_says_whether_the_print_system_keeps_printed_documents(
    cups: bool, keeps: bool | None, expected: str
) -> None:
    line = cli.format_print_system({"cups": cups, "keeps_printed_documents": keeps})
    assert line.startswith("Druckdienst: ")
    assert expected in line


@pytest.fixture
def cli_profile(
    monkeypatch: pytest.MonkeyPatch, paths: ProfilePaths, keyring_backend: MemoryKeyring
) -> None:
    monkeypatch.setattr(cli, "open_profile", lambda: Profile(paths, keyring_backend))


def _filled(store: DraftStore, profile: Profile) -> None:
    a = store.create_draft("wohngeld", "2.0.0", "Geheimer Name")
    store.create_draft("wohngeld", "2.0.0")
    store.set_status(a.id, "sealed")
    device = profile.open_device()
    device.put_template("wohngeld", "2.0.0", "title: Wohngeld")
    device.put_template("wohngeld", "1.0.0", "title: Wohngeld")
    device.put_manifest(7, "{}", "sig")
    device.outbox_add("s1", a.id, "wohngeld", "2.0.0", b"jwe")
    LAST_SYNC.write(device, "2026-03-01T08:00:00+00:00")
    profile.close()  # status must work without the passphrase


def test_status_json(
    cli_profile: None, store: DraftStore, profile: Profile, capsys: pytest.CaptureFixture[str]
) -> None:
    _filled(store, profile)
    assert cli.main(["status", "--json"]) == cli.EXIT_OK
    out = capsys.readouterr().out
    info = json.loads(out)
    assert info["catalog_version"] == 7
    assert (info["templates"], info["template_versions"]) == (1, 2)
    assert info["drafts_by_status"] == {
        "draft": 1,
        "signed": 0,
        "awaiting_key": 0,
        "sealed": 1,
        "sent": 0,
        "received": 0,
    }
    assert info["outbox"] == 1
    assert info["last_sync"] == "2026-03-01T08:00:00+00:00"
    assert "Geheimer" not in out


def test_status_text(
    cli_profile: None, store: DraftStore, profile: Profile, capsys: pytest.CaptureFixture[str]
) -> None:
    _filled(store, profile)
    assert cli.main(["status"]) == cli.EXIT_OK
    out = capsys.readouterr().out
    assert "Formularkatalog: Version 7, 1 Formulare (2 Fassungen)" in out
    assert "abgeschlossen – wird gesendet: 1" in out
    assert "abgeschlossen – wartet auf das Rathaus: 0" in out
    assert "Postausgang: 1 warten auf Versand" in out
    assert "01.03.2026" in out


def test_status_while_the_app_holds_the_profile(
    cli_profile: None, store: DraftStore, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["status", "--json"]) == cli.EXIT_OK
    assert json.loads(capsys.readouterr().out)["staff_name"] == "Erika Mustermann"


def test_status_without_profile(cli_profile: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["status"]) == cli.EXIT_NO_PROFILE
    assert "noch kein Profil" in capsys.readouterr().out


def test_store_error_is_a_german_message_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch,
    paths: ProfilePaths,
    store: DraftStore,
    profile: Profile,
    capsys: pytest.CaptureFixture[str],
) -> None:
    profile.close()
    monkeypatch.setattr(cli, "open_profile", lambda: Profile(paths, LockedKeyring()))
    assert cli.main(["status"]) == cli.EXIT_STORE_ERROR
    err = capsys.readouterr().err
    assert "Schlüsselbund ist gesperrt" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("answer", ["nein\n", "", "löschen bitte\n"])
def test_wipe_needs_confirmation(
    cli_profile: None,
    store: DraftStore,
    profile: Profile,
    paths: ProfilePaths,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    answer: str,
) -> None:
    profile.close()
    monkeypatch.setattr("sys.stdin", io.StringIO(answer))
    assert cli.main(["wipe"]) == cli.EXIT_ABORTED
    assert "Es wurde nichts gelöscht" in capsys.readouterr().out
    assert paths.drafts_db.exists()


@pytest.mark.parametrize(("argv", "stdin"), [(["wipe", "--yes"], ""), (["wipe"], "löschen\n")])
def test_wipe(
    cli_profile: None,
    store: DraftStore,
    profile: Profile,
    paths: ProfilePaths,
    keyring_backend: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    argv: list[str],
    stdin: str,
) -> None:
    profile.close()
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    assert cli.main(argv) == cli.EXIT_OK
    assert not paths.root.exists()
    assert keyring_backend.entries == {}


def test_wipe_refused_while_open(
    cli_profile: None, store: DraftStore, paths: ProfilePaths, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["wipe", "--yes"]) == cli.EXIT_STORE_ERROR
    assert "bereits geöffnet" in capsys.readouterr().err
    assert paths.drafts_db.exists()


def test_registered_commands_and_default(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    seen: list[str] = []
    monkeypatch.setattr(cli, "_commands", dict(cli._commands))
    monkeypatch.setattr(cli, "default_command", None)
    cli.register_command(cli.Command("probe", "Probe", lambda args: seen.append("probe") or 0))
    assert cli.main(["probe"]) == 0
    assert cli.main([]) == 0
    assert "BEFEHL" in capsys.readouterr().out
    monkeypatch.setattr(cli, "default_command", "probe")
    assert cli.main([]) == 0
    assert seen == ["probe", "probe"]


def test_kdf_is_cheap_in_tests() -> None:
    assert TEST_KDF.memory_kib < 1024
