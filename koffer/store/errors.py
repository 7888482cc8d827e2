"""Errors of the local store that a user can act on, each with a German message.

Everything raised from `koffer.store` that is NOT a subclass of `StoreError` is a bug
(a wrong call, a broken invariant) and should surface as such. The UI shows
`user_message` verbatim; `str(error)` stays English and technical for logs, and never
contains personal data.
"""

# ruff: noqa: N818  (the names are fixed by the agreed store API)
from __future__ import annotations


class StoreError(Exception):
    """Base of every store error a user can act on.

    Attributes:
        user_message: German text for the user: what happened and what to do.
    """

    default_message = "Die lokale Datenablage meldet einen Fehler."

    def __init__(self, detail: str = "", user_message: str | None = None) -> None:
        super().__init__(detail or type(self).__name__)
        self.user_message = user_message or self.default_message


class WrongPassphrase(StoreError):
    """The passphrase does not match this profile (the stored key check failed)."""

    default_message = (
        "Das Kennwort ist nicht richtig. Bitte prüfen Sie die Feststelltaste und "
        "versuchen Sie es erneut. Ihre Daten sind unverändert."
    )


class DatabaseDamaged(StoreError):
    """The key is right, but the file cannot be read: it is damaged or not ours."""

    default_message = (
        "Die verschlüsselte Datenablage ist beschädigt und kann nicht gelesen werden. "
        "Bitte schalten Sie das Gerät nicht aus und wenden Sie sich an die IT; "
        "die Datei wurde nicht verändert."
    )


class DiskFull(StoreError):
    """The disk (or the database's size limit) is full; the last change was not saved."""

    default_message = (
        "Der Speicher des Geräts ist voll. Die letzte Änderung wurde nicht gespeichert, "
        "alles vorher Gespeicherte ist erhalten. Bitte geben Sie Speicherplatz frei "
        "(zum Beispiel alte Dateien im Download-Ordner löschen) und versuchen Sie es erneut."
    )


class StorageFailure(StoreError):
    """The operating system refused to read or write the file (I/O error, read-only)."""

    default_message = (
        "Der Datenträger hat einen Lese- oder Schreibfehler gemeldet. Die letzte Änderung "
        "wurde nicht gespeichert. Bitte starten Sie das Gerät neu; hilft das nicht, "
        "wenden Sie sich an die IT."
    )


class KeyringUnavailable(StoreError):
    """No usable OS keyring: missing, plaintext-only, locked or refusing access.

    Koffer never falls back to storing keys in a file, so without a keyring it refuses
    to open a profile.
    """

    default_message = (
        "Kein Schlüsselbund-Dienst (Secret Service) erreichbar. Koffer bewahrt seine "
        "Schlüssel nur im Schlüsselbund des Betriebssystems auf. Bitte melden Sie sich an "
        "der Desktop-Sitzung an, damit GNOME Schlüsselbund oder KWallet läuft, "
        "oder wenden Sie sich an die IT."
    )


class ProfileInUse(StoreError):
    """Another Koffer instance (or `koffer sync`) has this profile open."""

    default_message = (
        "Koffer ist bereits geöffnet (oder eine Synchronisation läuft gerade). Bitte "
        "wechseln Sie zum offenen Fenster oder warten Sie einen Moment und versuchen "
        "Sie es erneut."
    )


class ProfileMissing(StoreError):
    """There is no (complete) profile in the profile folder."""

    default_message = (
        "Auf diesem Gerät ist noch kein Koffer-Profil eingerichtet. Bitte richten Sie "
        "zuerst ein Profil ein."
    )


class ProfileExists(StoreError):
    """`Profile.create` was called where a profile already exists."""

    default_message = (
        "Auf diesem Gerät gibt es bereits ein Koffer-Profil. Es wurde nicht verändert."
    )


class MigrationFailed(StoreError):
    """Upgrading the database schema failed; the copy taken before it is kept."""

    default_message = (
        "Die Datenablage konnte nicht auf die neue Programmversion umgestellt werden. "
        "Eine Sicherungskopie wurde vorher angelegt und bleibt erhalten. Bitte wenden "
        "Sie sich an die IT."
    )


class DraftLocked(StoreError):
    """The draft is sealed, sent or received: its answers can no longer change."""

    default_message = "Dieser Antrag ist bereits abgeschlossen und kann nicht mehr geändert werden."


class DraftNotFound(StoreError):
    """No draft (or attachment, signature, job) with that id exists (any more)."""

    default_message = "Dieser Antrag ist nicht mehr vorhanden (vielleicht schon gelöscht)."


class AttachmentTooLarge(StoreError):
    """An attachment is larger than the 50 MB limit."""

    default_message = (
        "Die Datei ist zu groß (höchstens 50 MB). Bitte scannen oder fotografieren Sie "
        "das Dokument mit geringerer Auflösung."
    )
