"""Opening (laptop) and joining (expert) a session over the town-hall link.

Both go the same way: make a fresh session key, call the REST route (the laptop sends
only the commitment to its key, the expert its key), start the reconnecting relay link
and hand back the `Endpoint`. Network calls block: the desktop app runs these on its
worker pool, never on the UI thread.
"""

from __future__ import annotations

import ssl
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from sync.assist import crypto
from sync.assist.api import AssistApi
from sync.assist.endpoint import Endpoint
from sync.assist.link import RelayLink, relay_url
from sync.client.enrollment import CA_PEM, DEVICE_ID, SERVER_URL, tls_context
from sync.client.errors import NotEnrolled
from sync.ports import SettingsPort, TokenPort
from sync.protocol import AssistJoined, AssistOpened


@dataclass(frozen=True)
class TownHall:
    """Where and as whom to reach the town hall (the laptop's or the expert's access)."""

    url: str
    token: str
    ca_pem: str | None = None

    def ssl_context(self) -> ssl.SSLContext | None:
        """Trusts only the pinned town-hall CA (https), or None (plain http, tests)."""
        return tls_context(self.ca_pem) if self.ca_pem else None

    def api(self, transport: httpx.BaseTransport | None = None) -> AssistApi:
        """A REST client of the town hall with this identity."""
        context = self.ssl_context()
        return AssistApi(
            self.url, self.token, transport=transport, verify=context if context else True
        )


def laptop_town_hall(settings: SettingsPort, tokens: TokenPort) -> tuple[TownHall, str]:
    """The enrolled laptop's access and device id.

    Raises:
        NotEnrolled: the laptop is not connected to a town hall (German message).
    """
    url, token = settings.get_setting(SERVER_URL), tokens.get_token()
    device_id = settings.get_setting(DEVICE_ID)
    if not url or not token or not device_id:
        raise NotEnrolled("no town hall")
    ca = settings.get_setting(CA_PEM)
    return TownHall(str(url), token, str(ca) if ca else None), str(device_id)


def open_as_owner(
    town_hall: TownHall,
    device_id: str,
    *,
    wake: Callable[[], None] | None = None,
    transport: httpx.BaseTransport | None = None,
) -> tuple[Endpoint, AssistOpened]:
    """Open a session (the laptop) and start its link.

    Raises:
        sync.client.errors.SyncError: the town hall refused or cannot be reached.
    """
    key = crypto.new_session_key()
    commitment = crypto.commitment(crypto.public_text(key))
    with town_hall.api(transport) as api:
        opened = api.open_session(commitment)
    link = RelayLink(
        relay_url(town_hall.url, opened.session_id),
        town_hall.token,
        ssl_context=town_hall.ssl_context(),
        wake=wake,
    ).start()
    endpoint = Endpoint(
        "owner",
        link,
        key,
        session_id=opened.session_id,
        device_id=device_id,
        commitment=commitment,
    )
    return endpoint, opened


def join_as_expert(
    town_hall: TownHall,
    join_code: str,
    *,
    wake: Callable[[], None] | None = None,
    transport: httpx.BaseTransport | None = None,
) -> tuple[Endpoint, AssistJoined]:
    """Join with the code the worker read out, and start the link.

    Raises:
        sync.client.errors.SyncError: a wrong, used or expired code (the server's German
            message), a revoked token, or no connection.
    """
    key = crypto.new_session_key()
    with town_hall.api(transport) as api:
        joined = api.join(join_code, crypto.public_text(key))
    link = RelayLink(
        relay_url(town_hall.url, joined.session_id),
        town_hall.token,
        ssl_context=town_hall.ssl_context(),
        wake=wake,
    ).start()
    endpoint = Endpoint(
        "expert",
        link,
        key,
        session_id=joined.session_id,
        device_id=joined.device_id,
        commitment=joined.key_commitment,
        expert_id=joined.expert_id,
    )
    return endpoint, joined
