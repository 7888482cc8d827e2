"""When the idle laptop warns and locks, and where the worker comes back to after it.

A citizen who reads the review in large print touches nothing for minutes; a lock
without warning takes the page away from them. So:

- 30 seconds before the lock the window asks "Weiterlesen?" (`idle_times`); any input
  answers it.
- While the review is on screen the laptop waits at least `REVIEW_MINUTES` (reading a
  whole application takes longer than filling in a field); it still locks then, with the
  warning: an unattended laptop must not stay open.
- The application and section the worker was in (`Place`: ids only, nothing personal)
  is kept in the device settings (`koffer.settings.LAST_PLACE`) while a draft is open,
  so unlocking, or unlocking after a crash, goes back there (`place_to_return`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from koffer.settings import LAST_PLACE, SettingsSource

if TYPE_CHECKING:
    from koffer.store import DraftStore

#: How long before the lock the window warns, in seconds.
WARNING_SECONDS = 30.0
#: Shortest time without input before the lock while the citizen reads the review.
REVIEW_MINUTES = 10.0


@dataclass(frozen=True)
class IdleTimes:
    """Seconds without input until the warning, and until the lock."""

    warn_after: float
    lock_after: float


def idle_times(minutes: float, *, reviewing: bool = False) -> IdleTimes:
    """The warning and the lock for an idle time of `minutes` (the worker's setting).

    The warning comes `WARNING_SECONDS` ahead; for idle times shorter than a minute
    (tests, a strict setting) halfway, so there is always time to answer it.
    """
    if reviewing:
        minutes = max(minutes, REVIEW_MINUTES)
    total = max(1.0, minutes * 60)
    warning = min(WARNING_SECONDS, total / 2)
    return IdleTimes(total - warning, total)


@dataclass(frozen=True)
class Place:
    """Where the worker was: a draft, the section shown, whether its review was open."""

    draft_id: str
    section: str | None = None
    review: bool = False

    def as_setting(self) -> dict[str, Any]:
        """The JSON object stored under `LAST_PLACE`."""
        return {"draft_id": self.draft_id, "section": self.section, "review": self.review}

    @classmethod
    def from_setting(cls, value: object) -> Place | None:
        """The place a stored value names; None for anything else (an old or broken value)."""
        if not isinstance(value, dict):
            return None
        draft_id, section, review = value.get("draft_id"), value.get("section"), value.get("review")
        if not isinstance(draft_id, str) or not draft_id:
            return None
        return cls(
            draft_id,
            section if isinstance(section, str) and section else None,
            review is True,
        )


def remember_place(device: SettingsSource, place: Place | None) -> None:
    """Keep `place` for the next unlock; None: the worker left the draft themselves."""
    LAST_PLACE.write(device, place.as_setting() if place is not None else None)


def place_to_return(device: SettingsSource, drafts: DraftStore) -> Place | None:
    """The place to go back to after unlocking, if its draft is still on the laptop."""
    place = Place.from_setting(LAST_PLACE.read(device))
    if place is None:
        return None
    if not drafts.has_draft(place.draft_id):  # deleted, or gone after delivery
        remember_place(device, None)
        return None
    return place
