"""Routes of remote expert sessions under `/v1/assist` (see docs/assist.md).

REST for what needs the database once (expert enrollment, opening, joining, ending) and
one WebSocket per end for the session itself. Unauthenticated or unfitting WebSocket
requests are refused before the upgrade with the API's JSON error body (the WebSocket
Denial Response extension), so they cost one token lookup like any other request.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import re
from typing import Annotated

from fastapi import APIRouter, Path, Request, Response, WebSocket
from pydantic import TypeAdapter, ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.websockets import WebSocketDisconnect

from sync import protocol
from sync.protocol import (
    AssistJoined,
    AssistJoinRequest,
    AssistOpened,
    AssistOpenRequest,
    EnrollRequest,
    ErrorBody,
    ExpertEnrollResponse,
    RelayEnd,
    RelayRequest,
    RelayRevealKey,
)
from sync.server import assist
from sync.server.assist_relay import Connection, Relay, other
from sync.server.auth import authenticate
from sync.server.db import Database
from sync.server.errors import ApiError, error_response
from sync.server.settings import ServerSettings

log = logging.getLogger("koffer.server.assist")

SessionPath = Annotated[str, Path(pattern=protocol.ASSIST_SESSION_PATTERN, max_length=32)]
_SESSION_ID = re.compile(protocol.ASSIST_SESSION_PATTERN)
_REQUEST: TypeAdapter[RelayRequest] = TypeAdapter(RelayRequest)

_ERRORS: dict[int | str, dict[str, object]] = {
    401: {"model": ErrorBody, "description": "unknown device or expert"},
    403: {"model": ErrorBody, "description": "wrong code, or not this session's end"},
    404: {"model": ErrorBody, "description": "no such session"},
    410: {"model": ErrorBody, "description": "revoked, or the session ended"},
    429: {"model": ErrorBody, "description": "too many failed attempts"},
}


def _db(request: Request | WebSocket) -> Database:
    db: Database = request.app.state.db
    return db


def _relay(request: Request | WebSocket) -> Relay:
    relay: Relay = request.app.state.assist_relay
    return relay


def router(settings: ServerSettings) -> APIRouter:
    """The `/v1/assist` routes."""
    routes = APIRouter(prefix=protocol.ASSIST_PREFIX, tags=["assist"])
    check_seconds = settings.assist_check_interval.total_seconds()

    @routes.post("/enroll", responses=_ERRORS)
    def enroll_expert(body: EnrollRequest, request: Request) -> ExpertEnrollResponse:
        """Redeem an expert invitation (`koffer-admin token --expert`) for an expert token."""
        ip = request.client.host if request.client else "unknown"
        return assist.enroll_expert(_db(request), settings, code=body.code, ip=ip[:40])

    @routes.post("/sessions", responses=_ERRORS)
    def open_session(body: AssistOpenRequest, request: Request) -> AssistOpened:
        """The laptop opens a session for one draft and gets the join code to read out."""
        device = authenticate(_db(request), request.headers.get("authorization"))
        return assist.open_session(_db(request), settings, device.id, body.key_commitment)

    @routes.post("/join", responses=_ERRORS)
    async def join(body: AssistJoinRequest, request: Request) -> AssistJoined:
        """The expert redeems the join code (single use) and hands over its session key."""
        db = _db(request)
        expert = await run_in_threadpool(
            assist.authenticate_expert, db, request.headers.get("authorization")
        )
        joined = await run_in_threadpool(
            assist.join_session, db, settings, expert, body.join_code, body.expert_key
        )
        peer = await run_in_threadpool(assist.peer_of, db, joined.session_id, "expert")
        if peer is not None:
            await _relay(request).announce(joined.session_id, "owner", peer)
        return joined

    @routes.delete("/sessions/{session_id}", status_code=204, responses=_ERRORS)
    async def end(session_id: SessionPath, request: Request) -> Response:
        """Either end ends the session (the expert: leaves it for good)."""
        db = _db(request)
        who = await run_in_threadpool(
            assist.participant, db, session_id, request.headers.get("authorization")
        )
        await _end(db, _relay(request), session_id, "owner" if who.role == "owner" else "expert")
        return Response(status_code=204)

    @routes.websocket("/sessions/{session_id}/ws")
    async def relay_socket(websocket: WebSocket, session_id: str) -> None:
        """One end's connection: binary frames are forwarded, text frames are control."""
        db, relay = _db(websocket), _relay(websocket)
        try:
            if not _SESSION_ID.fullmatch(session_id):
                raise ApiError(404, "session_not_found")
            who = await run_in_threadpool(
                assist.participant, db, session_id, websocket.headers.get("authorization")
            )
        except ApiError as exc:
            await websocket.send_denial_response(
                error_response(exc.status_code, exc.code, headers=exc.headers, message=exc.message)
            )
            return
        await relay.ensure_started()
        await websocket.accept()
        connection = Connection(session_id, who.role)
        await run_in_threadpool(assist.mark_online, db, session_id, who.role, connection.id)
        await relay.attach(connection)
        hello, ended = await run_in_threadpool(assist.hello, db, session_id, who.role)
        connection.put(("text", hello.model_dump_json()))
        if ended is not None:  # ended while this end connected: the end missed the news
            await relay.end(session_id, ended, assist.END_MESSAGES.get(ended, ""))
        me = await run_in_threadpool(assist.peer_of, db, session_id, who.role)
        if me is not None:
            await relay.announce(session_id, other(who.role), me)
        writer = asyncio.create_task(_write(websocket, connection))
        watchdog = asyncio.create_task(_watch(db, relay, connection, check_seconds))
        try:
            await _read(websocket, db, relay, connection)
        except WebSocketDisconnect:
            pass
        finally:
            watchdog.cancel()
            if not connection.closing:
                connection.close(1000)
            with contextlib.suppress(Exception):
                await asyncio.wait_for(writer, timeout=5)
            writer.cancel()
            relay.detach(connection)
            await _went_away(db, relay, connection)

    return routes


async def _end(db: Database, relay: Relay, session_id: str, reason: protocol.EndReason) -> None:
    await run_in_threadpool(assist.end_session, db, session_id, reason)
    await relay.end(session_id, reason, assist.END_MESSAGES[reason])


async def _read(websocket: WebSocket, db: Database, relay: Relay, connection: Connection) -> None:
    """Forward binary frames, act on control frames, until the end goes away."""
    session_id, role = connection.session_id, connection.role
    while not connection.closing:
        message = await websocket.receive()
        if message["type"] == "websocket.disconnect":
            return
        data = message.get("bytes")
        if data is not None:
            if len(data) > protocol.MAX_ASSIST_FRAME_BYTES:
                connection.close(protocol.ASSIST_CLOSE_TOO_BIG)
                return
            connection.frames += 1
            connection.size += len(data)
            await relay.forward(session_id, other(role), data)
            continue
        text = message.get("text") or ""
        try:
            if len(text) > protocol.MAX_ASSIST_CONTROL_BYTES:
                raise ValueError("control frame too large")
            request = _REQUEST.validate_json(text)
        except (ValueError, ValidationError):
            connection.close(protocol.ASSIST_CLOSE_BAD_FRAME)
            return
        if isinstance(request, RelayEnd):
            await _end(db, relay, session_id, "owner" if role == "owner" else "expert")
            return
        if isinstance(request, RelayRevealKey):
            if role != "owner":
                connection.close(protocol.ASSIST_CLOSE_FORBIDDEN)
                return
            try:
                await run_in_threadpool(assist.reveal_owner_key, db, session_id, request.key)
            except ApiError:
                connection.close(protocol.ASSIST_CLOSE_BAD_FRAME)
                return
            me = await run_in_threadpool(assist.peer_of, db, session_id, "owner")
            if me is not None:
                await relay.announce(session_id, "expert", me)


async def _write(websocket: WebSocket, connection: Connection) -> None:
    """Send what the relay queued for this end; close when asked to."""
    while True:
        kind, item = await connection.queue.get()
        if kind == "close":
            assert isinstance(item, int)
            with contextlib.suppress(Exception):
                await websocket.close(code=item)
            return
        if kind == "bytes":
            assert isinstance(item, bytes)
            await websocket.send_bytes(item)
        else:
            assert isinstance(item, str)
            await websocket.send_text(item)


async def _watch(db: Database, relay: Relay, connection: Connection, every: float) -> None:
    """Every few seconds: count what passed, vouch for the connection, end the session
    when it expired or an end's token was revoked."""
    while True:
        await asyncio.sleep(every)
        frames, size = connection.frames, connection.size
        connection.frames = connection.size = 0
        over, current = await run_in_threadpool(
            functools.partial(
                assist.vouch,
                db,
                connection.session_id,
                connection.role,
                connection.id,
                frames=frames,
                size=size,
            )
        )
        if over is not None:
            await relay.end(connection.session_id, over, assist.END_MESSAGES.get(over, ""))
            return
        if not current:
            connection.close(protocol.ASSIST_CLOSE_REPLACED)
            return


async def _went_away(db: Database, relay: Relay, connection: Connection) -> None:
    """Book the last counts; if this was the end's current connection, say it is offline."""
    with contextlib.suppress(Exception):
        await run_in_threadpool(
            functools.partial(
                assist.vouch,
                db,
                connection.session_id,
                connection.role,
                connection.id,
                frames=connection.frames,
                size=connection.size,
            )
        )
        still_current = await run_in_threadpool(
            assist.mark_offline, db, connection.session_id, connection.role, connection.id
        )
        if still_current:
            me = await run_in_threadpool(assist.peer_of, db, connection.session_id, connection.role)
            if me is not None:
                await relay.announce(connection.session_id, other(connection.role), me)
