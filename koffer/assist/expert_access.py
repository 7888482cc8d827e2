"""The expert's access to the town hall: enrolled once like a laptop, with the expert role.

`koffer-admin token --expert` gives an invitation (the same `koffer-enroll:` text or QR
code as for a laptop, marked `role=expert`). Redeeming it pins the town hall's CA the
same way a laptop does and keeps the expert token in the OS keyring; the file beside it
(`expert.json`, 0600) holds only what is not secret: server URL, CA certificate, the
expert's id and name. Nothing of any session is ever written here.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass
from pathlib import Path

import httpx
import platformdirs

from koffer.assist.connect import TownHall
from koffer.store.keys import Keyring
from sync.assist.api import AssistApi
from sync.client.enrollment import parse_invitation, trust_for
from sync.client.errors import EnrollmentFailed, Rejected, SyncError

#: Overrides the folder of the expert access (tests, a second account).
EXPERT_DIR_ENV = "KOFFER_EXPERT_DIR"
ACCESS_FILE = "expert.json"
_KEYRING_PROFILE = "expert"

MSG_NOT_EXPERT_INVITE = (
    "Das ist eine Einladung für einen Koffer im Außendienst, nicht für den Experten-Zugang. "
    "Bitte im Rathaus eine Experten-Einladung anfordern."
)


def default_folder() -> Path:
    """`$KOFFER_EXPERT_DIR`, else the user's config folder for Koffer's expert access."""
    override = os.environ.get(EXPERT_DIR_ENV)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_config_dir("koffer", appauthor=False)) / "expert"


@dataclass(frozen=True)
class ExpertAccess:
    """An enrolled expert access."""

    folder: Path
    server_url: str
    expert_id: str
    name: str
    ca_pem: str | None
    keyring: Keyring

    def town_hall(self) -> TownHall:
        """Where and as whom to connect.

        Raises:
            EnrollmentFailed: the token is gone from the keyring.
        """
        token = self.keyring.get(self.keyring.sync_user)
        if not token:
            raise EnrollmentFailed(
                "expert token missing",
                "Der Experten-Zugang ist unvollständig. Bitte neu einrichten.",
            )
        return TownHall(self.server_url, token, self.ca_pem)

    def forget(self) -> None:
        """Remove the access (token and file)."""
        self.keyring.delete(self.keyring.sync_user)
        (self.folder / ACCESS_FILE).unlink(missing_ok=True)


def load(folder: Path | None = None, keyring: Keyring | None = None) -> ExpertAccess | None:
    """The enrolled access, or None when this machine has none."""
    folder = folder or default_folder()
    path = folder / ACCESS_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return ExpertAccess(
            folder=folder,
            server_url=str(data["server_url"]),
            expert_id=str(data["expert_id"]),
            name=str(data["name"]),
            ca_pem=data.get("ca_pem"),
            keyring=keyring or Keyring(_KEYRING_PROFILE),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def enroll(
    invitation: str,
    *,
    folder: Path | None = None,
    keyring: Keyring | None = None,
    transport: httpx.BaseTransport | None = None,
) -> ExpertAccess:
    """Redeem an expert invitation (text) and keep the access.

    Raises:
        EnrollmentFailed: not an expert invitation, CA mismatch, refused code, no
            connection (German message).
    """
    invite = parse_invitation(invitation)
    if invite.role != "expert":
        raise EnrollmentFailed("laptop invitation", MSG_NOT_EXPERT_INVITE)
    verify, ca_pem = trust_for(invite, transport)
    try:
        with AssistApi(invite.url, transport=transport, verify=verify) as api:
            answer = api.enroll_expert(invite.code, "Experten-Zugang")
    except Rejected as exc:
        raise EnrollmentFailed(f"refused: {exc.error}", exc.user_message) from exc
    except SyncError as exc:
        raise EnrollmentFailed(exc.detail, exc.user_message) from exc
    folder = folder or default_folder()
    keyring = keyring or Keyring(_KEYRING_PROFILE)
    keyring.set(keyring.sync_user, answer.token)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    record = {
        "server_url": invite.url.rstrip("/"),
        "expert_id": answer.expert_id,
        "name": answer.name,
        "ca_pem": ca_pem,
        "enrolled_at": dt.datetime.now(dt.UTC).isoformat(),
    }
    path = folder / ACCESS_FILE
    descriptor = os.open(
        path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o600
    )
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(json.dumps(record, indent=2).encode("utf-8"))
    loaded = load(folder, keyring)
    assert loaded is not None
    return loaded
