"""Remote expert sessions on the server: experts, join codes, session records.

The server's part of "Kollegin zuschalten" is small on purpose. It knows who may take
part (a device opens a session for itself; an expert, enrolled like a laptop but with
the expert role, joins with a join code), hands the ends each other's public session
keys, and counts what it relayed. It never sees content: the frames are encrypted end
to end (`sync.assist`), and this module keeps only metadata (who, when, how long, how
many frames and bytes).

A join code is nine digits (read out on the phone), single use, valid for minutes, and
stored only hashed. Failed joins are counted per expert in the database (shared by every
backend process), so an expert token cannot be used to guess codes; without an expert
token there is no way to try one at all.

The relay itself (WebSocket, across processes) is `sync.server.assist_relay`; the routes
are `sync.server.assist_routes`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from sync import protocol
from sync.crypto import b64url_decode, b64url_encode
from sync.protocol import (
    AssistJoined,
    AssistOpened,
    AssistPeer,
    AssistRole,
    EndReason,
    ExpertEnrollResponse,
    RelayHello,
)
from sync.server import security
from sync.server.auth import authenticate
from sync.server.db import (
    ApiToken,
    AssistSession,
    Database,
    Device,
    EnrollFailure,
    ExpertInvite,
    utcnow,
)
from sync.server.errors import MESSAGES, ApiError
from sync.server.settings import ServerSettings

EXPERT_ROLE = "expert"
#: Failed joins an expert may make within `JOIN_FAILURE_WINDOW` before 429.
JOIN_MAX_FAILURES = 5
JOIN_FAILURE_WINDOW = dt.timedelta(minutes=15)
#: An end's connection counts as online while its process vouched for it this recently.
ONLINE_GRACE = dt.timedelta(seconds=75)

MESSAGES.update(
    {
        "invalid_join_code": "Der Zugangscode ist falsch, abgelaufen oder wurde schon benutzt. "
        "Bitte die Kollegin im Außendienst um einen neuen Code bitten.",
        "too_many_join_attempts": "Zu viele falsche Zugangscodes. Bitte in einer Viertelstunde "
        "erneut versuchen.",
        "expert_unauthorized": "Dieser Koffer ist nicht als Experten-Zugang angemeldet. Bitte "
        "im Rathaus eine Einladung für den Experten-Zugang anfordern.",
        "expert_revoked": "Dieser Experten-Zugang wurde im Rathaus gesperrt.",
        "session_not_found": "Diese Sitzung gibt es nicht (mehr).",
        "session_ended": "Diese Sitzung ist beendet.",
        "session_forbidden": "Diese Sitzung gehört zu einem anderen Gerät oder einer anderen "
        "Expertin.",
        "invalid_key": "Der Sitzungsschlüssel passt nicht zur Zusage. Die Sitzung wurde aus "
        "Sicherheitsgründen nicht fortgesetzt.",
    }
)

#: German text for each way a session ends (shown by both ends).
END_MESSAGES: dict[str, str] = {
    "owner": "Die Sitzung wurde im Außendienst beendet.",
    "expert": "Die Expertin hat die Sitzung verlassen.",
    "expired": "Die Sitzung ist abgelaufen.",
    "revoked": "Der Zugang wurde im Rathaus gesperrt; die Sitzung ist beendet.",
    "superseded": "Für dieses Gerät wurde eine neue Sitzung begonnen; diese ist beendet.",
}


@dataclass(frozen=True)
class ExpertIdentity:
    """An authenticated expert (an `api_tokens` row with the expert role)."""

    id: str
    name: str


@dataclass(frozen=True)
class Participant:
    """Who is behind a relay connection: the session's device or its expert."""

    role: AssistRole
    id: str
    name: str


# --- join codes ------------------------------------------------------------------------


def new_join_code() -> str:
    """Nine random digits, grouped for reading aloud: `482-193-650`."""
    digits = "".join(secrets.choice("0123456789") for _ in range(protocol.JOIN_CODE_DIGITS))
    return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"


def normalize_join_code(code: str) -> str:
    """Only the digits, so `482 193 650`, `482-193-650` and `482.193.650` match."""
    return "".join(ch for ch in code if ch.isdigit())


def _code_hash(code: str) -> str:
    return security.hash_secret("assist:" + normalize_join_code(code))


def key_commitment(public_key: str) -> str:
    """The commitment to an X25519 public key (base64url): SHA-256 over its raw bytes.

    The laptop computes the same in `sync.assist.crypto.commitment`; the relay checks a
    revealed key against it so that a wrong reveal is caught at the first hop.
    """
    return b64url_encode(hashlib.sha256(b64url_decode(public_key)).digest())


# --- experts ---------------------------------------------------------------------------


def create_expert_invite(
    session: Session, name: str, ttl: dt.timedelta = dt.timedelta(hours=24)
) -> str:
    """Store a one-time expert invitation code for `name`; return it once."""
    code = security.new_enrollment_code()
    now = utcnow()
    session.add(
        ExpertInvite(
            code_hash=security.hash_secret(security.normalize_code(code)),
            name=name,
            created_at=now,
            expires_at=now + ttl,
        )
    )
    return code


def _failures(session: Session, key: str, window: dt.timedelta) -> int:
    since = utcnow() - window
    count = session.scalar(
        select(func.count())
        .select_from(EnrollFailure)
        .where(EnrollFailure.ip == key, EnrollFailure.at >= since)
    )
    return int(count or 0)


def _record_failure(db: Database, key: str, window: dt.timedelta) -> None:
    """Count a failed attempt under `key` (shares the enrollment's failure table)."""
    now = utcnow()
    with db.relaxed.begin() as session:
        session.add(EnrollFailure(ip=key[:64], at=now))
        session.execute(
            delete(EnrollFailure).where(
                EnrollFailure.ip == key[:64], EnrollFailure.at < now - 4 * window
            )
        )


def enroll_expert(
    db: Database, settings: ServerSettings, *, code: str, ip: str
) -> ExpertEnrollResponse:
    """Redeem an expert invitation for an expert token (403 invalid, 429 too many)."""
    key = f"expert-enroll:{ip}"
    code_hash = security.hash_secret(security.normalize_code(code))
    with db.write.begin() as session:
        if _failures(session, key, settings.enroll_window) >= settings.enroll_max_failures:
            raise ApiError(429, "too_many_attempts", headers={"Retry-After": "900"})
        row = session.get(ExpertInvite, code_hash)
        now = utcnow()
        if (
            row is not None
            and security.same_hash(row.code_hash, code_hash)
            and row.used_at is None
            and row.expires_at > now
        ):
            token = security.new_token("ke")
            expert = ApiToken(
                id=security.new_device_id(),
                role=EXPERT_ROLE,
                name=row.name,
                token_hash=security.hash_secret(token),
                created_at=now,
            )
            session.add(expert)
            row.used_at = now
            row.expert_id = expert.id
            return ExpertEnrollResponse(
                expert_id=expert.id, name=row.name, token=token, server_time=now
            )
    _record_failure(db, key, settings.enroll_window)
    raise ApiError(403, "invalid_code")


def authenticate_expert(db: Database, authorization: str | None) -> ExpertIdentity:
    """Resolve `Authorization: Bearer ke_…` to an expert; 401 unknown, 410 revoked."""
    token = _bearer(authorization)
    if token is None:
        raise ApiError(401, "expert_unauthorized", headers={"WWW-Authenticate": "Bearer"})
    token_hash = security.hash_secret(token)
    with db.read() as session:
        row = session.scalars(
            select(ApiToken).where(ApiToken.token_hash == token_hash, ApiToken.role == EXPERT_ROLE)
        ).first()
        if row is None or not security.same_hash(row.token_hash, token_hash):
            raise ApiError(401, "expert_unauthorized", headers={"WWW-Authenticate": "Bearer"})
        if row.revoked_at is not None:
            raise ApiError(410, "expert_revoked")
        return ExpertIdentity(id=row.id, name=row.name)


def _bearer(authorization: str | None) -> str | None:
    if not authorization:
        return None
    scheme, _, token = authorization.partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token or len(token) > 200:
        return None
    return token


def is_expert_token(authorization: str | None) -> bool:
    """Whether the bearer token has the expert prefix (`ke_`); decides which table to ask."""
    token = _bearer(authorization)
    return token is not None and token.startswith("ke_")


def list_experts(session: Session) -> list[ApiToken]:
    """Every expert token row, newest first."""
    return list(
        session.scalars(
            select(ApiToken)
            .where(ApiToken.role == EXPERT_ROLE)
            .order_by(ApiToken.created_at.desc())
        )
    )


def revoke_expert(session: Session, which: str) -> ApiToken:
    """Revoke an expert by id, id prefix or name; their open sessions end.

    Raises:
        ValueError: no expert or more than one matches.
    """
    matches = [
        row
        for row in list_experts(session)
        if row.id == which or (len(which) >= 4 and row.id.startswith(which)) or row.name == which
    ]
    if len(matches) != 1:
        raise ValueError(f"{len(matches)} experts match {which!r}; give the id")
    row = matches[0]
    now = utcnow()
    row.revoked_at = row.revoked_at or now
    session.execute(
        update(AssistSession)
        .where(AssistSession.expert_id == row.id, AssistSession.ended_at.is_(None))
        .values(ended_at=now, end_reason="revoked")
    )
    return row


# --- sessions --------------------------------------------------------------------------


def open_session(
    db: Database, settings: ServerSettings, device_id: str, commitment: str
) -> AssistOpened:
    """Open a session for the device; earlier open sessions of that device end."""
    now = utcnow()
    for _ in range(5):  # a code collision among open sessions is possible, if unlikely
        code = new_join_code()
        with db.write.begin() as session:
            if session.scalar(
                select(func.count())
                .select_from(AssistSession)
                .where(AssistSession.code_hash == _code_hash(code))
            ):
                continue
            session.execute(
                update(AssistSession)
                .where(AssistSession.device_id == device_id, AssistSession.ended_at.is_(None))
                .values(ended_at=now, end_reason="superseded", code_hash=None)
            )
            row = AssistSession(
                id=secrets.token_hex(16),
                device_id=device_id,
                code_hash=_code_hash(code),
                code_expires_at=now + settings.assist_join_ttl,
                created_at=now,
                expires_at=now + settings.assist_session_max,
                key_commitment=commitment,
                owner_frames=0,
                owner_bytes=0,
                expert_frames=0,
                expert_bytes=0,
            )
            session.add(row)
            return AssistOpened(
                session_id=row.id,
                join_code=code,
                code_expires_at=row.code_expires_at,
                expires_at=row.expires_at,
                conference_url=settings.assist_conference_url or None,
            )
    raise ApiError(503, "unavailable")


def join_session(
    db: Database,
    settings: ServerSettings,
    expert: ExpertIdentity,
    join_code: str,
    expert_key: str,
) -> AssistJoined:
    """Redeem a join code: the expert becomes the session's one expert (403, 429)."""
    failures_key = f"assist-join:{expert.id}"
    digits = normalize_join_code(join_code)
    now = utcnow()
    with db.write.begin() as session:
        if _failures(session, failures_key, JOIN_FAILURE_WINDOW) >= JOIN_MAX_FAILURES:
            raise ApiError(429, "too_many_join_attempts", headers={"Retry-After": "900"})
        row = None
        if len(digits) == protocol.JOIN_CODE_DIGITS:
            row = session.scalars(
                select(AssistSession).where(AssistSession.code_hash == _code_hash(digits))
            ).first()
        if (
            row is not None
            and row.ended_at is None
            and row.expert_id is None
            and row.code_expires_at > now
            and row.expires_at > now
        ):
            row.code_hash = None  # single use: the code is gone with its first use
            row.expert_id = expert.id
            row.expert_key = expert_key
            row.joined_at = now
            device = session.get(Device, row.device_id)
            return AssistJoined(
                session_id=row.id,
                device_id=row.device_id,
                device_name=(device.name if device else "Koffer")[:200] or "Koffer",
                expert_id=expert.id,
                expert_name=expert.name[:200] or "Expertin",
                key_commitment=row.key_commitment,
                expires_at=row.expires_at,
                conference_url=settings.assist_conference_url or None,
            )
    _record_failure(db, failures_key, JOIN_FAILURE_WINDOW)
    raise ApiError(403, "invalid_join_code")


def end_session(db: Database, session_id: str, reason: EndReason) -> bool:
    """Mark a session ended (once); True if this call ended it."""
    with db.write.begin() as session:
        row = session.get(AssistSession, session_id, with_for_update=True)
        if row is None or row.ended_at is not None:
            return False
        row.ended_at = utcnow()
        row.end_reason = reason
        row.code_hash = None
        return True


def participant(db: Database, session_id: str, authorization: str | None) -> Participant:
    """Who a relay connection is, checked against the session (401/403/404/410)."""
    if is_expert_token(authorization):
        expert = authenticate_expert(db, authorization)
        who = Participant("expert", expert.id, expert.name)
    else:
        device = authenticate(db, authorization)
        who = Participant("owner", device.id, device.name)
    with db.read() as session:
        row = session.get(AssistSession, session_id)
        if row is None:
            raise ApiError(404, "session_not_found")
        owner_id = row.device_id if who.role == "owner" else row.expert_id
        if owner_id != who.id:
            raise ApiError(403, "session_forbidden")
        if row.ended_at is not None or row.expires_at <= utcnow():
            raise ApiError(410, "session_ended")
    return who


def hello(db: Database, session_id: str, role: AssistRole) -> tuple[RelayHello, str | None]:
    """The first control frame for an end (the session's keys, the peer's state) and
    why the session ended, if it ended meanwhile (checked after the connection was
    registered, so an end that races the session's end always hears of it)."""
    with db.read() as session:
        row = session.get(AssistSession, session_id)
        if row is None:
            raise ApiError(404, "session_not_found")
        ended = (row.end_reason or "owner") if row.ended_at is not None else None
        return RelayHello(
            session_id=row.id,
            role=role,
            device_id=row.device_id,
            expert_id=row.expert_id,
            key_commitment=row.key_commitment,
            owner_key=row.owner_key,
            expert_key=row.expert_key,
            peer=_peer(session, row, "expert" if role == "owner" else "owner"),
        ), ended


def peer_of(db: Database, session_id: str, role: AssistRole) -> AssistPeer | None:
    """The end `role` of the session as its peer sees it (None: no expert yet)."""
    with db.read() as session:
        row = session.get(AssistSession, session_id)
        return None if row is None else _peer(session, row, role)


def _peer(session: Session, row: AssistSession, role: AssistRole) -> AssistPeer | None:
    now = utcnow()
    if role == "owner":
        device = session.get(Device, row.device_id)
        online = row.owner_online is not None and _fresh(row.owner_seen_at, now)
        return AssistPeer(
            role="owner",
            id=row.device_id,
            name=device.name if device else "Koffer",
            key=row.owner_key,
            online=online,
        )
    if row.expert_id is None:
        return None
    expert = session.get(ApiToken, row.expert_id)
    online = row.expert_online is not None and _fresh(row.expert_seen_at, now)
    return AssistPeer(
        role="expert",
        id=row.expert_id,
        name=expert.name if expert else "Expertin",
        key=row.expert_key,
        online=online,
    )


def _fresh(seen: dt.datetime | None, now: dt.datetime) -> bool:
    return seen is not None and now - seen < ONLINE_GRACE


def reveal_owner_key(db: Database, session_id: str, key: str) -> None:
    """Store the owner's revealed key if it matches the commitment (else 4xx)."""
    with db.write.begin() as session:
        row = session.get(AssistSession, session_id, with_for_update=True)
        if row is None:
            raise ApiError(404, "session_not_found")
        if not security.same_hash(row.key_commitment, key_commitment(key)):
            raise ApiError(409, "invalid_key")
        if row.owner_key is not None and row.owner_key != key:
            raise ApiError(409, "invalid_key")
        row.owner_key = key


def mark_online(db: Database, session_id: str, role: AssistRole, connection_id: str | None) -> None:
    """Record the end's current connection (None: it went away, if it still was this one)."""
    now = utcnow()
    with db.relaxed.begin() as session:
        row = session.get(AssistSession, session_id)
        if row is None:
            return
        if role == "owner":
            row.owner_online, row.owner_seen_at = connection_id, now
        else:
            row.expert_online, row.expert_seen_at = connection_id, now


def mark_offline(db: Database, session_id: str, role: AssistRole, connection_id: str) -> bool:
    """Clear the end's connection if it is still `connection_id` (a newer one stays);
    True if it was."""
    column = AssistSession.owner_online if role == "owner" else AssistSession.expert_online
    with db.relaxed.begin() as session:
        result = session.execute(
            update(AssistSession)
            .where(AssistSession.id == session_id, column == connection_id)
            .values({column: None})
        )
        return bool(getattr(result, "rowcount", 0))


def vouch(
    db: Database,
    session_id: str,
    role: AssistRole,
    connection_id: str,
    *,
    frames: int,
    size: int,
) -> tuple[str | None, bool]:
    """Periodic check of a live connection: add its counts, refresh `seen_at`.

    Returns:
        (why the session is over, or None; whether this connection is still the end's
        current one).
    """
    now = utcnow()
    with db.relaxed.begin() as session:
        row = session.get(AssistSession, session_id)
        if row is None:
            return "expired", False
        if role == "owner":
            row.owner_frames += frames
            row.owner_bytes += size
            current = row.owner_online == connection_id
            if current:
                row.owner_seen_at = now
        else:
            row.expert_frames += frames
            row.expert_bytes += size
            current = row.expert_online == connection_id
            if current:
                row.expert_seen_at = now
        if row.ended_at is not None:
            return row.end_reason or "owner", current
        if row.expires_at <= now:
            row.ended_at, row.end_reason, row.code_hash = now, "expired", None
            return "expired", current
        if row.expert_id is not None:
            expert = session.get(ApiToken, row.expert_id)
            if expert is None or expert.revoked_at is not None:
                row.ended_at, row.end_reason = now, "revoked"
                return "revoked", current
        device = session.get(Device, row.device_id)
        if device is None or device.revoked_at is not None:
            row.ended_at, row.end_reason = now, "revoked"
            return "revoked", current
        return None, current


@dataclass(frozen=True)
class SessionRecord:
    """What `koffer-admin assist sessions` shows: metadata, never content."""

    id: str
    device_name: str
    expert_name: str | None
    created_at: dt.datetime
    joined_at: dt.datetime | None
    ended_at: dt.datetime | None
    end_reason: str | None
    owner_frames: int
    expert_frames: int
    owner_bytes: int
    expert_bytes: int


def list_sessions(session: Session, limit: int = 50) -> list[SessionRecord]:
    """The newest sessions with who, when, how long and how much was relayed."""
    rows = session.scalars(
        select(AssistSession).order_by(AssistSession.created_at.desc()).limit(limit)
    )
    out = []
    for row in rows:
        device = session.get(Device, row.device_id)
        expert = session.get(ApiToken, row.expert_id) if row.expert_id else None
        out.append(
            SessionRecord(
                id=row.id,
                device_name=device.name if device else "?",
                expert_name=expert.name if expert else None,
                created_at=row.created_at,
                joined_at=row.joined_at,
                ended_at=row.ended_at,
                end_reason=row.end_reason,
                owner_frames=row.owner_frames,
                expert_frames=row.expert_frames,
                owner_bytes=row.owner_bytes,
                expert_bytes=row.expert_bytes,
            )
        )
    return out
