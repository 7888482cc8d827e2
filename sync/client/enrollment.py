"""Enrollment: turn the admin's invitation (text or QR image) into a device identity.

The invitation carries the server URL, a one-time code and the SHA-256 fingerprint of
the town hall's CA. Over https the client first fetches the certificate chain WITHOUT
trusting it, keeps only the certificate whose fingerprint matches the invitation and
from then on trusts that CA alone (so neither a rogue public CA nor a forged server can
slip in). Then it redeems the code; the token goes into the keyring, the CA and the
catalog signing keys are pinned in device.db.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import socket
import ssl
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
from pydantic import ValidationError

from sync.client.api import TownHallApi
from sync.client.catalog import CATALOG_KEYS
from sync.client.errors import EnrollmentFailed, Rejected, SyncError
from sync.ports import SettingsPort, TokenPort
from sync.protocol import EnrollmentInvite

log = logging.getLogger("koffer.sync")

SERVER_URL = "sync.server_url"
DEVICE_ID = "sync.device_id"
CA_SHA256 = "sync.ca_sha256"
CA_PEM = "sync.ca_pem"
ENROLLED_AT = "sync.enrolled_at"

_MSG_NOT_INVITE = (
    "Das ist keine Koffer-Einladung. Bitte den ganzen Text aus der Einladung einfügen "
    "(er beginnt mit „koffer-enroll:“) oder das Bild mit dem QR-Code öffnen."
)
_MSG_NO_QR = "Auf dem Bild wurde kein lesbarer QR-Code gefunden. Bitte den Text einfügen."
_MSG_QR_UNAVAILABLE = (
    "QR-Codes können hier nicht gelesen werden. Bitte den Text der Einladung einfügen."
)
_MSG_CA_MISMATCH = (
    "Der Server weist sich nicht mit dem Zertifikat aus der Einladung aus. Aus Sicherheitsgründen "
    "wurde die Verbindung nicht eingerichtet. Bitte das Rathaus informieren."
)
_MSG_PLAIN_HTTP = (
    "Die Einladung nennt eine unverschlüsselte Adresse (http). So wird keine Verbindung "
    "eingerichtet. Bitte eine neue Einladung mit https-Adresse anfordern."
)
_MSG_CA_MISSING = (
    "Die Einladung enthält keinen Fingerabdruck des Rathaus-Zertifikats. Bitte eine neue "
    "Einladung anfordern."
)


@dataclass(frozen=True)
class Enrollment:
    """What enrollment produced (the token is already in the keyring)."""

    device_id: str
    server_url: str
    catalog_key_ids: list[str]


def parse_invitation(text: str) -> EnrollmentInvite:
    """Parse the invitation text (also accepts it surrounded by other pasted lines).

    Raises:
        EnrollmentFailed: not an invitation, with a German hint.
    """
    for word in text.split():
        if word.startswith("koffer-enroll:"):
            try:
                return EnrollmentInvite.from_uri(word)
            except (ValueError, ValidationError) as exc:
                raise EnrollmentFailed("malformed invitation", _MSG_NOT_INVITE) from exc
    raise EnrollmentFailed("no invitation in text", _MSG_NOT_INVITE)


def read_qr_image(path: Path) -> EnrollmentInvite:
    """Read the invitation from a QR code image (PNG/JPEG) with zxing-cpp.

    Raises:
        EnrollmentFailed: no readable code, or zxing-cpp/Pillow missing.
    """
    try:
        import zxingcpp
        from PIL import Image
    except ImportError as exc:
        raise EnrollmentFailed("zxing-cpp not installed", _MSG_QR_UNAVAILABLE) from exc
    try:
        with Image.open(path) as image:
            results = zxingcpp.read_barcodes(image.convert("L"))
    except (OSError, ValueError) as exc:
        raise EnrollmentFailed("image unreadable", _MSG_NO_QR) from exc
    for result in results:
        text = str(getattr(result, "text", ""))
        if text.startswith("koffer-enroll:"):
            return parse_invitation(text)
    raise EnrollmentFailed("no invitation QR", _MSG_NO_QR)


def fingerprint(der: bytes) -> str:
    """SHA-256 fingerprint of a DER certificate as `AB:CD:…`."""
    digest = hashlib.sha256(der).hexdigest().upper()
    return ":".join(digest[i : i + 2] for i in range(0, len(digest), 2))


def _peer_chain(host: str, port: int, timeout: float) -> list[bytes]:
    """The certificates the server presents (DER), read without trusting them."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    with (
        socket.create_connection((host, port), timeout=timeout) as raw,
        context.wrap_socket(raw, server_hostname=host) as tls,
    ):
        chain: list[bytes] = []
        public: Any = getattr(tls, "get_unverified_chain", None)  # Python ≥ 3.13: DER bytes
        if public is not None:
            chain = [bytes(der) for der in public() or []]
        else:  # Python 3.10-3.12 have it on the private SSL object only
            getter = getattr(getattr(tls, "_sslobj", None), "get_unverified_chain", None)
            for cert in (getter() if getter is not None else None) or []:
                chain.append(bytes(cert.public_bytes(ssl._ssl.ENCODING_DER)))  # type: ignore[attr-defined]
        leaf = tls.getpeercert(binary_form=True)
        if leaf and leaf not in chain:
            chain.insert(0, leaf)
        return chain


def fetch_pinned_ca(url: str, expected: str, *, timeout: float = 10.0) -> str:
    """PEM of the certificate in the server's chain whose fingerprint is `expected`.

    Raises:
        EnrollmentFailed: no certificate of the chain matches (possible impostor).
        Unreachable-like EnrollmentFailed: the server cannot be reached.
    """
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or 443
    try:
        chain = _peer_chain(host, port, timeout)
    except OSError as exc:
        raise EnrollmentFailed(
            f"TLS connect failed: {type(exc).__name__}",
            "Das Rathaus ist nicht erreichbar. Bitte prüfen, ob das VPN verbunden ist.",
        ) from exc
    for der in chain:
        if fingerprint(der) == expected.upper():
            return ssl.DER_cert_to_PEM_cert(der)
    raise EnrollmentFailed("CA fingerprint mismatch", _MSG_CA_MISMATCH)


def tls_context(ca_pem: str) -> ssl.SSLContext:
    """An SSL context that trusts only the pinned town-hall CA."""
    return ssl.create_default_context(cadata=ca_pem)


def trust_for(
    invite: EnrollmentInvite, transport: httpx.BaseTransport | None = None
) -> tuple[ssl.SSLContext | bool, str | None]:
    """What to trust for an invitation's server: the pinned town-hall CA (https) and its
    PEM, or plain http only when the admin marked the invitation for it.

    Shared by the laptop's enrollment and the expert's (`koffer.assist.expert_access`).

    Raises:
        EnrollmentFailed: http without the mark, https without a fingerprint, a CA that
            does not match, or no connection.
    """
    if invite.url.startswith("http://"):
        # Plain http carries the device token and the sealed applications' metadata
        # unprotected; only an invitation the admin made for it on purpose is followed.
        if not invite.insecure_http:
            raise EnrollmentFailed("http invitation without insecure flag", _MSG_PLAIN_HTTP)
        log.warning("enrolling over plain http, as the invitation explicitly allows")
        return True, None
    if not invite.ca_sha256:
        raise EnrollmentFailed("https invitation without CA", _MSG_CA_MISSING)
    if transport is not None:
        return True, None
    ca_pem = fetch_pinned_ca(invite.url, invite.ca_sha256)
    return tls_context(ca_pem), ca_pem


def enroll(
    invite: EnrollmentInvite,
    device_name: str,
    settings: SettingsPort,
    tokens: TokenPort,
    *,
    transport: httpx.BaseTransport | None = None,
    now: dt.datetime | None = None,
) -> Enrollment:
    """Redeem the invitation; keep token (keyring), CA and catalog keys (device.db).

    Raises:
        EnrollmentFailed: the code was refused, the CA does not match, or the server
            could not be reached (German message for the user).
    """
    verify, ca_pem = trust_for(invite, transport)
    try:
        with TownHallApi(invite.url, transport=transport, verify=verify) as api:
            answer = api.enroll(invite.code, device_name.strip()[:120] or "Koffer")
    except Rejected as exc:
        raise EnrollmentFailed(f"enroll refused: {exc.error}", exc.user_message) from exc
    except SyncError as exc:
        raise EnrollmentFailed(exc.detail, exc.user_message) from exc
    tokens.set_token(answer.token)
    settings.set_setting(SERVER_URL, invite.url.rstrip("/"))
    settings.set_setting(DEVICE_ID, answer.device_id)
    settings.set_setting(CA_SHA256, invite.ca_sha256)
    settings.set_setting(CA_PEM, ca_pem)
    settings.set_setting(CATALOG_KEYS, [k.model_dump(mode="json") for k in answer.catalog_keys])
    settings.set_setting(ENROLLED_AT, (now or dt.datetime.now(dt.UTC)).isoformat())
    return Enrollment(
        device_id=answer.device_id,
        server_url=invite.url.rstrip("/"),
        catalog_key_ids=[k.key_id for k in answer.catalog_keys],
    )


def api_for(
    settings: SettingsPort,
    tokens: TokenPort,
    *,
    transport: httpx.BaseTransport | None = None,
    timeout: httpx.Timeout | float | None = None,
) -> TownHallApi | None:
    """A client of the enrolled town hall, or None when this laptop is not enrolled."""
    url = settings.get_setting(SERVER_URL)
    token = tokens.get_token()
    if not url or not token:
        return None
    ca_pem = settings.get_setting(CA_PEM)
    verify: ssl.SSLContext | bool = tls_context(str(ca_pem)) if ca_pem else True
    kwargs: dict[str, Any] = {}
    if timeout is not None:
        kwargs["timeout"] = timeout
    return TownHallApi(str(url), token, transport=transport, verify=verify, **kwargs)
