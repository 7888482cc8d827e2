"""API errors: one exception type, one JSON shape, German messages.

Every error leaves the server as `{"error": code, "message": German text, ...}` with a
fitting status. The handlers here also turn FastAPI's own validation and routing errors
into that shape, never echo the request body (it may hold personal data) and never show
a stack trace.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("koffer.server")

#: German texts by error code; codes are stable, texts may improve.
MESSAGES: dict[str, str] = {
    "unauthorized": "Das Gerät ist nicht angemeldet. Bitte das Gerät neu einrichten lassen.",
    "revoked": "Dieses Gerät wurde im Rathaus gesperrt. Die Daten auf dem Gerät werden gelöscht.",
    "invalid_code": "Der Anmeldecode ist ungültig, abgelaufen oder wurde schon benutzt.",
    "too_many_attempts": "Zu viele Anmeldeversuche. Bitte in einer Viertelstunde erneut versuchen.",
    "not_found": "Das Gesuchte gibt es auf dem Server nicht.",
    "method_not_allowed": "Diese Aktion ist an dieser Adresse nicht erlaubt.",
    "no_catalog": "Im Rathaus wurde noch kein Formularkatalog veröffentlicht.",
    "invalid_request": "Die Anfrage ist fehlerhaft und wurde nicht gespeichert.",
    "malformed_json": "Die Anfrage ist kein gültiges JSON und wurde nicht gespeichert.",
    "too_large": "Die Anfrage ist zu groß und wurde nicht gespeichert.",
    "unsupported_media_type": "Die Anfrage hat einen falschen Inhaltstyp.",
    "conflict": "Unter dieser Kennung liegt schon ein anderer Antrag vor.",
    "checksum_mismatch": "Die Prüfsumme stimmt nicht. Die Übertragung muss neu beginnen.",
    "payload_checksum_mismatch": "Die Prüfsumme des Antrags stimmt nicht.",
    "offset_mismatch": "Die Übertragung ist an einer anderen Stelle. Bitte dort fortsetzen.",
    "attachment_too_long": "Die Anlage ist länger als angekündigt.",
    "attachments_incomplete": "Es fehlen noch Anlagen. Der Antrag ist noch nicht eingegangen.",
    "duplicate_attachment": "Eine Anlage ist doppelt angekündigt.",
    "unknown_template": "Diese Formularfassung ist im Rathaus nicht (mehr) veröffentlicht.",
    "unknown_office": "Die zuständige Stelle ist im Rathaus nicht bekannt.",
    "bad_header": "Eine Kopfzeile der Anfrage fehlt oder ist fehlerhaft.",
    "not_utf8": "Die Anfrage ist nicht in UTF-8 geschrieben und wurde nicht gespeichert.",
    "body_timeout": "Die Anfrage kam zu langsam an und wurde abgebrochen.",
    "piece_checksum_mismatch": "Ein Teil der Übertragung war beschädigt. Bitte ab dort neu senden.",
    "quota_exceeded": "Auf dem Server liegen schon zu viele unvollständige Anträge dieses Geräts. "
    "Bitte später erneut versuchen; das Rathaus ist informiert.",
    "template_retired": "Dieses Formular wird im Rathaus nicht mehr angenommen. "
    "Bitte die neue Fassung verwenden.",
    "office_mismatch": "Die zuständige Stelle passt nicht zu diesem Formular.",
    "no_staff": "Dieses Gerät ist im Rathaus keiner Mitarbeiterin und keinem Mitarbeiter "
    "zugeordnet; Entwürfe können nicht gesichert werden. Bitte das Gerät neu einrichten lassen.",
    "backup_key_differs": "Für Sie gibt es im Rathaus schon eine Sicherung mit einem anderen "
    "Schlüssel. Bitte zuerst „Entwürfe wiederherstellen“ wählen.",
    "bad_range": "Der angefragte Ausschnitt der Sicherung ist ungültig.",
    "backup_quota": "Der Speicherplatz für Ihre Sicherungen im Rathaus ist voll. "
    "Bitte wenden Sie sich an das Rathaus.",
    "internal": "Auf dem Server ist ein Fehler aufgetreten. Bitte später erneut versuchen.",
    "unavailable": "Der Server ist gerade überlastet oder nicht bereit. "
    "Bitte gleich erneut versuchen.",
}


class ApiError(StarletteHTTPException):
    """An error answer of the API. Subclassing Starlette's exception lets it pass through
    FastAPI's body parsing unchanged (a limit hit while the body is read stays a 413)."""

    def __init__(
        self,
        status_code: int,
        code: str,
        *,
        headers: dict[str, str] | None = None,
        message: str | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(status_code=status_code, detail=code, headers=headers)
        self.code = code
        self.message = message or MESSAGES.get(code, MESSAGES["invalid_request"])
        self.extra = extra


def error_response(
    status_code: int,
    code: str,
    *,
    headers: Mapping[str, str] | None = None,
    message: str | None = None,
    **extra: Any,
) -> JSONResponse:
    """The JSON error answer for `code`."""
    body: dict[str, Any] = {"error": code, "message": message or MESSAGES[code], **extra}
    return JSONResponse(body, status_code=status_code, headers=headers)


_STATUS_CODES = {
    401: "unauthorized",
    404: "not_found",
    405: "method_not_allowed",
    410: "revoked",
    413: "too_large",
    415: "unsupported_media_type",
}


async def _api_error(request: Request, exc: Exception) -> Response:
    del request
    if isinstance(exc, ApiError):
        return error_response(
            exc.status_code, exc.code, headers=exc.headers, message=exc.message, **exc.extra
        )
    assert isinstance(exc, StarletteHTTPException)
    code = _STATUS_CODES.get(exc.status_code, "invalid_request")
    if exc.status_code >= 500:
        code = "internal"
    return error_response(exc.status_code, code, headers=exc.headers)


def _where(loc: tuple[Any, ...] | list[Any]) -> str:
    return ".".join(str(part) for part in loc)


async def _validation_error(request: Request, exc: Exception) -> Response:
    del request
    assert isinstance(exc, RequestValidationError)
    problems = [
        {"where": _where(e.get("loc", ())), "problem": str(e.get("type", "invalid"))}
        for e in exc.errors()
    ]
    if any(p["problem"] == "json_invalid" for p in problems):
        return error_response(422, "malformed_json", problems=problems)
    places = ", ".join(sorted({p["where"] for p in problems}))[:300]
    message = f"{MESSAGES['invalid_request']} Betroffen: {places}."
    return error_response(422, "invalid_request", message=message, problems=problems)


class ContainErrors:
    """Turn an unexpected exception into a JSON 500 and log it without its message.

    Starlette's own last-resort handler re-raises, and the server then logs the full
    exception, whose text might quote a request value (personal data). This middleware
    stops it here: the log gets the exception type and the code locations only.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Run the app; on an exception answer 500 if nothing was sent yet."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watching_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, watching_send)
        except ClientDisconnect:
            # The laptop went away mid-request (VPN dropped, lid closed): normal on this
            # link, and the protocol resumes from what was committed. Not an error.
            log.info(
                "client went away during %s %s", scope.get("method", "?"), scope.get("path", "?")
            )
        except ApiError as exc:
            if not started:  # raised by the guard while a route streamed the body
                await error_response(
                    exc.status_code, exc.code, headers=exc.headers, message=exc.message, **exc.extra
                )(scope, receive, send)
        except Exception as exc:  # noqa: BLE001 - the last line of defence
            frames = traceback.extract_tb(exc.__traceback__)
            where = " <- ".join(f"{f.filename}:{f.lineno} {f.name}" for f in reversed(frames))
            log.error(
                "unexpected error on %s %s: %s at %s",
                scope.get("method", "?"),
                scope.get("path", "?"),
                type(exc).__name__,
                where,
            )
            if not started:
                if isinstance(exc, OperationalError):
                    # database down, busy or locked: temporary, the client retries later
                    response = error_response(503, "unavailable", headers={"Retry-After": "30"})
                else:
                    response = error_response(500, "internal")
                await response(scope, receive, send)


def install(app: FastAPI) -> None:
    """Register the handlers that give every error the common JSON shape."""
    app.add_exception_handler(StarletteHTTPException, _api_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
