"""`koffer-admin token --expert`, `experts`, `revoke-expert`, `assist-sessions`, end to end:
the invitation enrolls an expert's access like a laptop (CA pin, keyring), the relay
keeps metadata only."""

from __future__ import annotations

import re
import threading

import pytest

from koffer.assist import expert_access
from koffer.assist.connect import join_as_expert, open_as_owner
from koffer.assist.expert import ExpertSession
from koffer.store.keys import Keyring
from sync.assist.endpoint import Phase
from sync.client.errors import EnrollmentFailed
from sync.server.admin import main as admin
from sync.server.db import default_database_url
from sync.server.settings import ServerSettings
from tests.helpers.assist import wait_for
from tests.helpers.keyring_backends import MemoryKeyring
from tests.helpers.server import ApiClient, Seed, ThreadedServer

pytestmark = pytest.mark.integration


def run(capsys, data, *args):
    code = admin(["--data", str(data), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_an_expert_is_invited_enrolled_listed_and_revoked(tmp_path, capsys):
    data = tmp_path / "data"
    seed = Seed(default_database_url(data)).prepare()
    with ThreadedServer(ServerSettings(data_dir=data)) as server:
        code, out, err = run(
            capsys, data, "token", "--expert", "--name", "Frau Becker", "--url", server.url,
            "--insecure-http", "--qr", str(tmp_path / "invite.png"),
        )  # fmt: skip
        assert code == 0, err
        assert "Experten-Zugang für: Frau Becker" in out
        invitation = re.search(r"koffer-enroll:\S+", out).group(0)
        assert "role=expert" in invitation
        assert (tmp_path / "invite.png").stat().st_mode & 0o777 == 0o600

        keyring = Keyring("expert", MemoryKeyring())
        access = expert_access.enroll(invitation, folder=tmp_path / "expert", keyring=keyring)
        assert access.name == "Frau Becker"
        assert (tmp_path / "expert" / "expert.json").stat().st_mode & 0o777 == 0o600
        assert "ke_" not in (tmp_path / "expert" / "expert.json").read_text()
        with pytest.raises(EnrollmentFailed):  # single use
            expert_access.enroll(invitation, folder=tmp_path / "x", keyring=keyring)

        # a laptop's invitation is no expert's access
        code, out, _ = run(capsys, data, "enroll", "--name", "Laptop 1", "--staff", "mueller.e",
                           "--staff-name", "Erika Müller", "--url", server.url,
                           "--insecure-http")  # fmt: skip
        laptop_invitation = re.search(r"koffer-enroll:\S+", out).group(0)
        with pytest.raises(EnrollmentFailed) as caught:
            expert_access.enroll(laptop_invitation, folder=tmp_path / "y", keyring=keyring)
        assert "Experten-Einladung" in caught.value.user_message

        # a session through the enrolled access
        laptop = ApiClient(server.url)
        enrolled = laptop.enroll(seed.code())
        from koffer.assist.connect import TownHall

        owner, opened = open_as_owner(TownHall(server.url, enrolled.token), enrolled.device_id)
        wake = threading.Event()
        endpoint, joined = join_as_expert(access.town_hall(), opened.join_code, wake=wake.set)
        session = ExpertSession(endpoint)
        wait_for(lambda: session.phase is Phase.WAITING, [session], wake)
        assert joined.expert_name == "Frau Becker"

        code, out, _ = run(capsys, data, "experts")
        assert "Frau Becker" in out
        assert "active" in out
        code, out, _ = run(capsys, data, "assist-sessions")
        assert opened.session_id[:8] in out
        assert "OPEN" in out
        assert "Frau Becker" in out

        code, out, _ = run(capsys, data, "revoke-expert", "Frau Becker")
        assert code == 0
        assert "revoked expert" in out
        code, out, _ = run(capsys, data, "experts")
        assert "REVOKED" in out
        code, out, _ = run(capsys, data, "assist-sessions")
        assert "(revoked)" in out
        endpoint.close()
        owner.close()
        laptop.close()
