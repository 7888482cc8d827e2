"""Every UI setting in one typed registry, stored in the device store.

Following Picard's `options.py`: one place declares each setting, its type and its
default. Values live in device.db (encrypted, keyring key); QSettings is not used for
anything but window geometry.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, fields
from typing import Any

log = logging.getLogger(__name__)

PREFIX = "ui."


@dataclass
class UiSettings:
    """The settings of the desktop app."""

    text_scale: int = 100  # percent, 100..200
    theme: str = "default"  # "default" or "high_contrast"
    idle_lock_minutes: int = 5
    favourites: list[str] = field(default_factory=list)  # template ids

    @classmethod
    def load(cls, device: Any) -> UiSettings:
        """Read every setting; a missing or mistyped one keeps its default."""
        settings = cls()
        if device is None:
            return settings
        for item in fields(cls):
            try:
                raw = device.get_setting(PREFIX + item.name, None)
            except Exception:  # noqa: BLE001 - a bad setting must not stop the app
                log.warning("cannot read setting %s", item.name)
                continue
            if raw is None:
                continue
            default = getattr(settings, item.name)
            if isinstance(raw, type(default)) and not isinstance(raw, bool):
                setattr(settings, item.name, raw)
        return settings

    def save(self, device: Any, name: str) -> None:
        """Write one setting (call on the store thread)."""
        device.set_setting(PREFIX + name, getattr(self, name))
