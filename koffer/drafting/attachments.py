"""Check a file before it becomes an attachment: its real type (from its first bytes,
never its name) and its size, against what the form's field allows and the store's
hard limit."""

from __future__ import annotations

from dataclasses import dataclass

#: The hard limit of the store, whatever a template says.
MAX_MB = 50.0
DEFAULT_TYPES = ("application/pdf", "image/jpeg", "image/png")
TYPE_NAMES = {"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG"}


@dataclass(frozen=True)
class Checked:
    """A file that may be attached."""

    media_type: str
    size: int


class AttachmentRejectedError(Exception):
    """The file cannot be attached; `message` says why, in German."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def sniff_media_type(head: bytes) -> str | None:
    """The media type from the first bytes (never trust the file name)."""
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    return None


def _mb(size: int) -> str:
    return f"{size / 1_000_000:.1f}".replace(".", ",")


def check_attachment(
    name: str,
    size: int,
    head: bytes,
    media_types: list[str] | tuple[str, ...] = (),
    max_size_mb: float | None = None,
) -> Checked:
    """Accept or reject a file; raises AttachmentRejectedError with a German message."""
    allowed = tuple(media_types) or DEFAULT_TYPES
    limit = min(max_size_mb or MAX_MB, MAX_MB)
    kind = sniff_media_type(head)
    if kind is None or kind not in allowed:
        names = ", ".join(TYPE_NAMES.get(t, t) for t in allowed)
        raise AttachmentRejectedError(
            f"Die Datei „{name}“ kann nicht angehängt werden: erlaubt sind nur {names}."
        )
    if size > limit * 1_000_000:
        raise AttachmentRejectedError(
            f"Die Datei „{name}“ ist zu groß ({_mb(size)} MB). Erlaubt sind höchstens "
            f"{_mb(int(limit * 1_000_000))} MB. Bitte mit geringerer Auflösung scannen "
            "oder fotografieren."
        )
    if size == 0:
        raise AttachmentRejectedError(f"Die Datei „{name}“ ist leer.")
    return Checked(kind, size)
