"""Print options the app offers, and their IPP/CUPS spelling.

Only what field work needs: copies, two-sided, A4 and black-and-white (saves the
portable printer's ink). The names are standard IPP job attributes, so they work for
CUPS driver queues and driverless IPP Everywhere queues alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Duplex = Literal["one-sided", "two-sided-long-edge", "two-sided-short-edge"]

#: IPP media name of A4 (PWG 5101.1); CUPS maps it for every queue.
MEDIA_A4 = "iso_a4_210x297mm"
MAX_COPIES = 99


@dataclass(frozen=True, slots=True)
class PrintOptions:
    """How to print one job.

    Attributes:
        copies: number of copies (1..99).
        duplex: one- or two-sided.
        media: IPP media name; A4 unless a printer needs something else.
        grayscale: True prints black and white.
    """

    copies: int = 1
    duplex: Duplex = "one-sided"
    media: str = MEDIA_A4
    grayscale: bool = False

    def __post_init__(self) -> None:
        if not 1 <= self.copies <= MAX_COPIES:
            raise ValueError(f"copies must be between 1 and {MAX_COPIES}")

    def to_ipp(self) -> dict[str, str]:
        """The options as CUPS job attributes (all values text, as pycups wants)."""
        return {
            "copies": str(self.copies),
            "sides": self.duplex,
            "media": self.media,
            "print-color-mode": "monochrome" if self.grayscale else "color",
        }

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready form, for storing a queued job."""
        return {
            "copies": self.copies,
            "duplex": self.duplex,
            "media": self.media,
            "grayscale": self.grayscale,
        }

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> PrintOptions:
        """The inverse of `to_dict` (unknown keys are ignored)."""
        copies = data.get("copies", 1)
        duplex = data.get("duplex", "one-sided")
        if duplex not in ("one-sided", "two-sided-long-edge", "two-sided-short-edge"):
            duplex = "one-sided"
        return cls(
            copies=int(copies) if isinstance(copies, int | str) else 1,
            duplex=duplex,  # type: ignore[arg-type]
            media=str(data.get("media", MEDIA_A4)),
            grayscale=bool(data.get("grayscale", False)),
        )
