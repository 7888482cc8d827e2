"""What can go wrong on the town-hall link, each with a stable code and a German text.

The code (no personal data) goes into the heartbeat's `last_error` so the admin sees it
in the fleet view; the German text is what the field worker reads in the status bar.
"""

# ruff: noqa: N818  (names say what happened; "Error" would only add noise)

from __future__ import annotations


class SyncError(Exception):
    """Base: `code` for logs and the fleet view, `user_message` for the field worker."""

    code = "sync_error"
    default_message = "Die Verbindung zum Rathaus ist gestört. Es wird später erneut versucht."

    def __init__(self, detail: str = "", user_message: str | None = None) -> None:
        """Keep a technical detail (never personal data) and the German text."""
        super().__init__(detail or self.code)
        self.detail = detail or self.code
        self.user_message = user_message or self.default_message


class NotEnrolled(SyncError):
    """This laptop has no device token yet."""

    code = "not_enrolled"
    default_message = "Dieses Gerät ist noch nicht mit dem Rathaus verbunden."


class Unreachable(SyncError):
    """No answer from the town hall (no network, VPN down, connection cut, timeout)."""

    code = "unreachable"
    default_message = "Das Rathaus ist gerade nicht erreichbar. Alles bleibt gespeichert."


class ServerTrouble(SyncError):
    """The town hall answered with a server error (5xx); try again later."""

    code = "server_error"
    default_message = "Im Rathaus gibt es gerade eine Störung. Es wird später erneut versucht."


class Unauthorized(SyncError):
    """401: the town hall does not know this device (token lost or replaced)."""

    code = "unauthorized"
    default_message = "Das Gerät ist im Rathaus nicht angemeldet. Bitte neu verbinden."


class Revoked(SyncError):
    """410: the admin revoked this device; the local profile must be wiped."""

    code = "revoked"
    default_message = "Dieses Gerät wurde im Rathaus gesperrt. Die Daten werden gelöscht."


class Rejected(SyncError):
    """A 4xx answer for a request: the server's German message is shown as is."""

    code = "rejected"
    default_message = "Das Rathaus hat die Anfrage abgelehnt."

    def __init__(
        self,
        status: int,
        error: str,
        user_message: str | None = None,
        body: dict[str, object] | None = None,
    ) -> None:
        """Keep status, the server's error code and its message."""
        super().__init__(f"{status} {error}", user_message)
        self.status = status
        self.error = error
        self.body = body or {}


class SubmissionsRejected(SyncError):
    """The town hall refused one or more submissions (reported in the heartbeat)."""

    code = "submission_rejected"
    default_message = "Das Rathaus hat einen Antrag abgelehnt. Bitte die Meldung beachten."


class EnrollmentFailed(SyncError):
    """The invitation is unusable or the town hall refused it."""

    code = "enrollment_failed"
    default_message = "Die Verbindung mit dem Rathaus konnte nicht eingerichtet werden."


class CatalogRejected(SyncError):
    """A catalog update was refused (bad signature, rollback, bad template, expired)."""

    code = "catalog_rejected"
    default_message = (
        "Eine Aktualisierung des Formularkatalogs wurde abgelehnt. Die bisherigen Formulare "
        "bleiben nutzbar. Das Rathaus wurde informiert."
    )

    def __init__(self, reason: str, detail: str = "", user_message: str | None = None) -> None:
        """`reason` is the stable code, e.g. 'manifest_signature'."""
        super().__init__(detail or reason, user_message)
        self.code = reason


class BackupUnavailable(SyncError):
    """This laptop cannot back up (no staff member, or the person's key differs)."""

    code = "backup_unavailable"
    default_message = "Die Sicherung der Entwürfe ist auf diesem Gerät nicht eingerichtet."


class RecordDownloadFailed(SyncError):
    """A record could not be fetched whole, or its bytes fail the announced SHA-512."""

    code = "backup_record_damaged"
    default_message = "Eine Sicherung kam nicht vollständig oder beschädigt an."
