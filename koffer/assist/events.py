"""What a session model tells its screen after handling something (both ends)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Changed:
    """What the screen should refresh: "presence", "code", "draft", "proposals", …"""

    what: str


@dataclass(frozen=True)
class Notice:
    """Something the person should read (a refusal, a problem), in German."""

    message: str


@dataclass(frozen=True)
class Ended:
    """The session is over; `message` says why (German)."""

    message: str
