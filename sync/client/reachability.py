"""Is the town hall there? A health probe and an exponential backoff capped at 60 s.

No busy polling: after a failed probe the next one waits twice as long (1, 2, 4 … 60 s,
with a little jitter so a fleet of laptops on one VPN does not knock in step). A network
change (Qt's QNetworkInformation in the app, a NetworkManager hook for `koffer sync`)
resets the backoff, because that is when the town hall most likely became reachable.
"""

from __future__ import annotations

import enum
import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sync.client.errors import SyncError, Unreachable

if TYPE_CHECKING:  # the app imports Backoff at start; httpx loads only when a probe runs
    from sync.client.api import TownHallApi

#: The longest wait between two probes, in seconds (the issue's cap).
MAX_DELAY = 60.0


class Reachability(enum.Enum):
    """What a probe found."""

    OFFLINE = "offline"
    NO_TOWN_HALL = "no_town_hall"
    CONNECTED = "connected"


@dataclass
class Backoff:
    """Delays for the next attempt: initial × factor^n, capped, with ±jitter."""

    initial: float = 1.0
    factor: float = 2.0
    cap: float = MAX_DELAY
    jitter: float = 0.1
    rng: random.Random = field(default_factory=random.Random)
    _attempt: int = 0

    def next_delay(self) -> float:
        """The wait before the next attempt (grows until the cap)."""
        base = min(self.cap, self.initial * self.factor**self._attempt)
        self._attempt = min(self._attempt + 1, 64)
        spread = base * self.jitter
        return max(0.0, min(self.cap, base + self.rng.uniform(-spread, spread)))

    def reset(self) -> None:
        """Start again from the initial delay (success, or the network changed)."""
        self._attempt = 0

    @property
    def attempts(self) -> int:
        """Failed attempts since the last reset."""
        return self._attempt


def probe(api: TownHallApi) -> Reachability:
    """One `GET /v1/health`: CONNECTED, or NO_TOWN_HALL when it does not answer.

    OFFLINE (no network at all) is decided by the caller from the OS's network state;
    a failed probe alone cannot tell a dead VPN from a dead town hall.
    """
    try:
        api.health()
    except Unreachable:
        return Reachability.NO_TOWN_HALL
    except SyncError:
        return Reachability.NO_TOWN_HALL
    return Reachability.CONNECTED
