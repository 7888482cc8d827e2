"""Who does something to a draft: the field worker, the town hall, or (later) an expert.

Every edit and every step names its actor, so the audit log can say who changed what,
and an input that does not come from the worker at the laptop (an expert's accepted
proposal) goes through the same rules with its own attribution.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Role(enum.StrEnum):
    """What kind of actor."""

    WORKER = "worker"  # the staff member at this laptop (the profile's owner)
    EXPERT = "expert"  # a colleague at the town hall proposing a value
    TOWN_HALL = "town_hall"  # the backend: receipts, refusals
    SYSTEM = "system"  # the app itself: retention, sealing once a key arrived


@dataclass(frozen=True, slots=True)
class Actor:
    """Someone (or something) acting on a draft.

    Attributes:
        role: the kind of actor.
        name: a display name (staff name); never a citizen's.
    """

    role: Role
    name: str = ""

    @classmethod
    def worker(cls, name: str) -> Actor:
        """The staff member at this laptop."""
        return cls(Role.WORKER, name)

    @property
    def audit_detail(self) -> str:
        """How the audit log names the actor beside the profile's owner ("" for them)."""
        if self.role is Role.WORKER:
            return ""
        return f"by={self.role}" + (f":{self.name}" if self.name else "")


TOWN_HALL = Actor(Role.TOWN_HALL)
SYSTEM = Actor(Role.SYSTEM)
