"""The FastAPI application of API v1 (see PROTOCOL.md); wiring only, logic lives beside it.

Handlers that need the raw body are `async` and hand the database work to the thread
pool; all others are plain functions, which FastAPI runs in the thread pool itself, so
the event loop never waits on the database.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Header, Path, Query, Request, Security
from fastapi.responses import Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from sync import protocol
from sync.protocol import (
    MANIFEST_LAYOUT,
    MANIFEST_LAYOUT_HEADER,
    DeviceStatus,
    EnrollRequest,
    EnrollResponse,
    ErrorBody,
    Health,
    Receipt,
    SignedManifest,
    StatusResponse,
    SubmissionRequest,
    SubmissionState,
    VisitList,
)
from sync.server import (
    assist_routes,
    backup_routes,
    bench_sink,
    catalog,
    enrollment,
    errors,
    fleet,
    intake,
    uploads,
)
from sync.server.assist_relay import relay_for
from sync.server.auth import DeviceIdentity, authenticate
from sync.server.db import Database, StoredTemplate, restrict_sqlite_file, utcnow
from sync.server.errors import ApiError
from sync.server.fast_intake import FastIntake
from sync.server.guard import DEVICE_STATE_KEY, SINK_PATH, RequestGuard
from sync.server.migrate import upgrade
from sync.server.settings import ServerSettings

log = logging.getLogger("koffer.server")

_bearer = HTTPBearer(auto_error=False, description="device token from enrollment")

SubmissionIdPath = Annotated[
    str, Path(pattern=protocol.UUID_PATTERN, max_length=36, description="client-chosen UUID")
]
AttachmentIdPath = Annotated[str, Path(pattern=protocol.ATTACHMENT_ID_PATTERN, max_length=64)]
TemplateIdPath = Annotated[str, Path(pattern=protocol.TEMPLATE_ID_PATTERN, max_length=64)]
VersionPath = Annotated[str, Path(pattern=protocol.VERSION_PATTERN, max_length=20)]
Sha256Path = Annotated[str, Path(pattern=protocol.SHA256_PATTERN, max_length=64)]

#: Error answers every authenticated route may give (documented in OpenAPI).
_AUTH_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody, "description": "unknown device"},
    410: {"model": ErrorBody, "description": "device revoked: wipe local data"},
    413: {"model": ErrorBody, "description": "body too large"},
    415: {"model": ErrorBody, "description": "wrong content type"},
    422: {"model": ErrorBody, "description": "invalid request"},
}


def _db(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


def _settings(request: Request) -> ServerSettings:
    settings: ServerSettings = request.app.state.settings
    return settings


async def current_device(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)],
) -> DeviceIdentity:
    """The authenticated device of the request (401 unknown, 410 revoked).

    `RequestGuard` authenticated it from the headers before any body was read; the
    lookup here is only for an app run without the guard, and runs on the thread pool.
    WHY async: FastAPI runs a plain `def` dependency on the thread pool, one hop per
    request just to read the guard's identity (a restore makes one request per record;
    docs/benchmarks.md, issue 17).
    """
    del credentials  # declared for the OpenAPI security scheme; the header is read below
    known = getattr(request.state, DEVICE_STATE_KEY, None)
    if isinstance(known, DeviceIdentity):
        return known
    return await run_in_threadpool(authenticate, _db(request), request.headers.get("authorization"))


def client_address(request: Request, settings: ServerSettings) -> str:
    """The laptop's address: the peer, or what a trusted reverse proxy forwarded.

    `X-Forwarded-For` is believed only from the proxies in `trusted_proxies`, and then
    its right-most address that is not itself a trusted proxy (the left part is whatever
    the client wrote).
    """
    peer = request.client.host if request.client else "unknown"
    if peer not in settings.trusted_proxies:
        return peer[:64]
    forwarded = [a.strip() for a in request.headers.get("x-forwarded-for", "").split(",")]
    for address in reversed([a for a in forwarded if a]):
        if address not in settings.trusted_proxies:
            return address[:64]
    return peer[:64]


Device = Annotated[DeviceIdentity, Depends(current_device)]


def _router(settings: ServerSettings) -> APIRouter:
    router = APIRouter(prefix=protocol.API_PREFIX)

    @router.get("/health", tags=["meta"])
    def health() -> Health:
        """The server is up and speaks API v1."""
        return Health(server_time=utcnow())

    @router.post(
        "/enroll",
        tags=["identity"],
        responses={
            403: {"model": ErrorBody, "description": "invalid, used or expired code"},
            429: {"model": ErrorBody, "description": "too many failed attempts"},
            **_AUTH_ERRORS,
        },
    )
    def enroll(body: EnrollRequest, request: Request) -> EnrollResponse:
        """Redeem a one-time enrollment code for a device token."""
        return enrollment.enroll(
            _db(request),
            settings,
            code=body.code,
            device_name=body.device_name,
            ip=client_address(request, settings),
        )

    @router.get(
        "/catalog/manifest",
        tags=["catalog"],
        response_model=SignedManifest,
        responses={
            304: {"description": "unchanged (If-None-Match)"},
            404: {"model": ErrorBody, "description": "nothing published yet"},
            **_AUTH_ERRORS,
        },
    )
    def manifest(
        request: Request,
        device: Device,
        if_none_match: Annotated[str | None, Header(max_length=1000)] = None,
        koffer_manifest_layout: Annotated[
            str | None, Header(alias=MANIFEST_LAYOUT_HEADER, max_length=10)
        ] = None,
    ) -> Response:
        """The newest signed manifest, exactly as the admin signed it.

        Laptops that announce layout 2 get the full manifest; older ones, which send no
        layout, get the legacy manifest made for them at the same publication.
        """
        del device
        with _db(request).read() as session:
            row = catalog.latest_manifest(session)
            if row is None:
                raise ApiError(404, "no_catalog")
            modern = (koffer_manifest_layout or "").strip().isdigit() and int(
                koffer_manifest_layout or "0"
            ) >= MANIFEST_LAYOUT
            document, tag = row.document, row.etag
            if not modern and row.legacy_document is not None and row.legacy_etag:
                document, tag = row.legacy_document, row.legacy_etag
            etag = f'"{tag}"'
            headers = {
                "ETag": etag,
                "Cache-Control": "no-cache",
                "Vary": MANIFEST_LAYOUT_HEADER,
            }
            if if_none_match is not None:
                wanted = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
                if etag in wanted or "*" in wanted:
                    return Response(status_code=304, headers=headers)
            return Response(document, media_type="application/json", headers=headers)

    @router.get(
        "/catalog/files/{sha256}",
        tags=["catalog"],
        responses={
            200: {"content": {"application/octet-stream": {}}, "description": "the file"},
            404: {"model": ErrorBody, "description": "unknown file"},
            **_AUTH_ERRORS,
        },
        response_class=Response,
    )
    def catalog_file(request: Request, device: Device, sha256: Sha256Path) -> Response:
        """A file of the catalog (a town's PDF, the service directory) by its SHA-256."""
        del device
        with _db(request).read() as session:
            row = catalog.catalog_file(session, sha256)
            if row is None:
                raise ApiError(404, "not_found")
            return Response(
                row.content,
                media_type=row.media_type,
                headers={"ETag": f'"{row.sha256}"', "Cache-Control": "max-age=31536000"},
            )

    @router.get(
        "/catalog/templates/{template_id}/{version}",
        tags=["catalog"],
        responses={
            200: {"content": {"application/yaml": {}}, "description": "the template file"},
            404: {"model": ErrorBody, "description": "unknown template"},
            **_AUTH_ERRORS,
        },
        response_class=Response,
    )
    def template_file(
        request: Request, device: Device, template_id: TemplateIdPath, version: VersionPath
    ) -> Response:
        """One template file; the client checks its SHA-256 against the manifest."""
        del device
        with _db(request).read() as session:
            row = session.get(StoredTemplate, (template_id, version))
            if row is None:
                raise ApiError(404, "not_found")
            return Response(
                row.content,
                media_type="application/yaml",
                headers={"ETag": f'"{row.sha256}"', "Cache-Control": "max-age=31536000"},
            )

    @router.put(
        "/submissions/{submission_id}",
        tags=["submissions"],
        responses={
            404: {"model": ErrorBody, "description": "not found"},
            409: {"model": ErrorBody, "description": "same id, different body"},
            **_AUTH_ERRORS,
        },
    )
    def put_submission(
        request: Request,
        device: Device,
        submission_id: SubmissionIdPath,
        body: SubmissionRequest,
        submission_complete: Annotated[
            str | None, Header(alias=protocol.SUBMISSION_COMPLETE_HEADER, max_length=1)
        ] = None,
    ) -> SubmissionState:
        """Store a sealed submission; the same body again gives the same answer.

        With `Submission-Complete: 1` and nothing to upload, the answer carries the receipt.
        """
        return intake.put_submission(
            _db(request),
            settings,
            device.id,
            submission_id,
            body,
            complete_now=submission_complete == "1",
        )

    @router.head(
        "/submissions/{submission_id}/attachments/{attachment_id}",
        tags=["submissions"],
        responses={404: {"model": ErrorBody, "description": "not found"}, **_AUTH_ERRORS},
    )
    def attachment_offset(
        request: Request,
        device: Device,
        submission_id: SubmissionIdPath,
        attachment_id: AttachmentIdPath,
    ) -> Response:
        """Where to resume: `Upload-Offset` (bytes stored) and `Upload-Length`."""
        state = intake.upload_state(_db(request), device.id, submission_id, attachment_id)
        return Response(
            status_code=200,
            headers={
                protocol.UPLOAD_OFFSET_HEADER: str(state.offset),
                protocol.UPLOAD_LENGTH_HEADER: str(state.size),
                "Cache-Control": "no-store",
            },
        )

    @router.patch(
        "/submissions/{submission_id}/attachments/{attachment_id}",
        tags=["submissions"],
        status_code=204,
        response_class=Response,
        responses={
            404: {"model": ErrorBody, "description": "not found"},
            409: {"model": ErrorBody, "description": "wrong offset; the right one is given"},
            **_AUTH_ERRORS,
        },
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {
                    protocol.CHUNK_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}}
                },
            }
        },
    )
    async def append_chunk(
        request: Request,
        *,
        device: Device,
        submission_id: SubmissionIdPath,
        attachment_id: AttachmentIdPath,
        upload_offset: Annotated[
            int, Header(alias=protocol.UPLOAD_OFFSET_HEADER, ge=0, le=protocol.MAX_ATTACHMENT_BYTES)
        ],
        piece_size: uploads.PieceSizeHeader = protocol.DEFAULT_PIECE_BYTES,
        piece_checksums: uploads.PieceChecksumsHeader = None,
        submission_complete: Annotated[
            str | None, Header(alias=protocol.SUBMISSION_COMPLETE_HEADER, max_length=1)
        ] = None,
    ) -> Response:
        """Append the body at `Upload-Offset`, committed piece by piece as it streams in.

        Each piece (`Upload-Piece-Size` bytes from the offset on, the last one shorter)
        is checked against its CRC-32 from `Upload-Piece-Checksums` and committed in its
        own transaction, while the next piece is being received. A cut resumes at the
        last committed piece; a corrupt piece ends the request with 422 and the offset
        where it starts. With `Submission-Complete: 1` the piece that completes the last
        attachment also completes the submission: the answer is 200 with the receipt.
        """
        target = uploads.AttachmentUpload(
            _db(request),
            settings,
            device.id,
            submission_id,
            attachment_id,
            complete_submission=submission_complete == "1",
        )
        outcome = await uploads.receive(
            request,
            target,
            offset=upload_offset,
            piece_size=piece_size,
            checksums=uploads.piece_checksums(piece_checksums),
        )
        headers = {protocol.UPLOAD_OFFSET_HEADER: str(outcome.state.offset)}
        if outcome.receipt is not None:
            return Response(
                outcome.receipt.model_dump_json(),
                status_code=200,
                media_type="application/json",
                headers=headers,
            )
        return Response(status_code=204, headers=headers)

    @router.post(
        "/submissions/{submission_id}/complete",
        tags=["submissions"],
        responses={
            404: {"model": ErrorBody, "description": "not found"},
            409: {"model": ErrorBody, "description": "attachments still missing"},
            **_AUTH_ERRORS,
        },
    )
    def complete(request: Request, device: Device, submission_id: SubmissionIdPath) -> Receipt:
        """Finish the submission: the receipt with its reference (same one every time)."""
        return intake.complete(_db(request), settings, device.id, submission_id)

    @router.get("/visits", tags=["visits"], responses=_AUTH_ERRORS)
    def visits(
        request: Request,
        device: Device,
        from_: Annotated[dt.date | None, Query(alias="from")] = None,
        to: Annotated[dt.date | None, Query()] = None,
    ) -> VisitList:
        """The appointments of this device's staff member from `from` up to `to`."""
        start_day = from_ or utcnow().date()
        end_day = to or start_day + dt.timedelta(days=60)
        if end_day < start_day or (end_day - start_day).days > 400:
            raise ApiError(422, "invalid_request", where="query.to")
        start = dt.datetime.combine(start_day, dt.time(), tzinfo=dt.UTC)
        end = dt.datetime.combine(end_day + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)
        with _db(request).read() as session:
            return VisitList(visits=fleet.visits_for(session, device.id, start, end))

    @router.post("/devices/me/status", tags=["fleet"], responses=_AUTH_ERRORS)
    def status(request: Request, device: Device, body: DeviceStatus) -> StatusResponse:
        """Heartbeat: the laptop reports its versions and outbox; the server its clock."""
        with _db(request).relaxed.begin() as session:
            fleet.record_status(session, device.id, body)
        return StatusResponse(server_time=utcnow(), actions=[])

    return router


def create_app_from_environment() -> FastAPI:
    """App factory for `koffer-server serve --workers N` (each worker process calls it).

    The parent process has migrated already; every setting travels in the environment
    (`ServerSettings.to_environment`).
    """
    from sync.server.transport import configure_worker

    settings = ServerSettings.from_environment()
    configure_worker(settings)  # this worker's connection limits
    return create_app(settings, migrate=False)


def create_app(settings: ServerSettings, *, migrate: bool = True) -> FastAPI:
    """Build the application: migrate the database, then wire routes and error handlers."""
    url = settings.resolved_database_url()
    if url.startswith("sqlite"):
        settings.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    db = Database.connect(url)
    if migrate:
        upgrade(db.engine)
    restrict_sqlite_file(url)
    app = FastAPI(
        title="Koffer town-hall API",
        version=protocol.API_VERSION,
        openapi_url=f"{protocol.API_PREFIX}/openapi.json",
        docs_url=f"{protocol.API_PREFIX}/docs",
        redoc_url=None,
    )
    app.state.db = db
    app.state.settings = settings
    app.state.assist_relay = relay_for(url)
    errors.install(app)
    # Inside the guard (added first: innermost), so it sees only authenticated requests
    # whose head passed every bound; see `sync.server.fast_intake` for why it exists.
    app.add_middleware(FastIntake, settings=settings)
    app.add_middleware(RequestGuard, body_timeout=settings.body_timeout)
    app.add_middleware(errors.ContainErrors)  # added last: outermost of ours
    app.include_router(_router(settings))
    app.include_router(assist_routes.router(settings))
    app.include_router(backup_routes.router(settings))
    if settings.enable_sink:
        # The sinks take bodies without a token (the durable one writes them to disk):
        # a benchmark baseline, never a production setting, so say so loudly.
        log.warning(
            "benchmark sinks enabled: %s and %s accept uploads without a token; "
            "never enable this on a town-hall server",
            SINK_PATH,
            bench_sink.PATH,
        )

        @app.put(SINK_PATH, include_in_schema=False, status_code=204)
        async def sink(request: Request) -> Response:
            """Benchmark baseline: read the body and throw it away."""
            size = 0
            async for chunk in request.stream():
                size += len(chunk)
            return Response(status_code=204, headers={"X-Received": str(size)})

        app.add_api_route(
            bench_sink.PATH, bench_sink.durable_sink, methods=["PUT"], include_in_schema=False
        )

    return app
