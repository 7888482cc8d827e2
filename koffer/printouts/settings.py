"""The printing settings of a profile: the printer chosen last, the letterhead, the place."""

from __future__ import annotations

import base64
import binascii
import logging
from dataclasses import fields
from typing import Any

from koffer.settings import DEFAULT_PRINTER, LETTERHEAD, PLACE, SettingsSource
from koffer.store.lane import StoreLane, run_here
from printing.content import Letterhead

log = logging.getLogger(__name__)


class DevicePrinterSettings:
    """`printing.backend.PrinterSettings` kept in device.db (no personal data).

    Used from the print job's thread; the store calls go through `lane`.
    """

    def __init__(self, device: SettingsSource, *, lane: StoreLane = run_here) -> None:
        self._device = device
        self._lane = lane

    def get_default_printer(self) -> str | None:
        """The remembered printer's queue name, if any."""
        return self._lane(lambda: DEFAULT_PRINTER.read(self._device)) or None

    def set_default_printer(self, name: str) -> None:
        """Remember `name` as the printer to use."""
        self._lane(lambda: DEFAULT_PRINTER.write(self._device, name))


def load_letterhead(device: SettingsSource | None) -> Letterhead:
    """The letterhead from the settings; every missing or mistyped field keeps its default."""
    raw = LETTERHEAD.read(device)
    base = Letterhead()
    if raw is None:
        return base
    values: dict[str, Any] = {}
    for item in fields(Letterhead):
        value = raw.get(item.name)
        default = getattr(base, item.name)
        if item.name == "address_lines" and isinstance(value, list):
            values[item.name] = tuple(str(v) for v in value)
        elif isinstance(value, str | bool) and type(value) is type(default):
            values[item.name] = value
    logo = raw.get("logo_png_base64")
    if isinstance(logo, str) and logo:
        try:
            values["logo_png"] = base64.b64decode(logo, validate=True)
        except (binascii.Error, ValueError):
            log.warning("letterhead logo is not valid base64; the placeholder is printed")
    return Letterhead(**{**{f.name: getattr(base, f.name) for f in fields(base)}, **values})


def configured_place(device: SettingsSource | None) -> str:
    """The place set for this laptop (the setting, else the configured letterhead's town).

    Empty when neither is configured: a form's "Ort" is never filled with the sample
    letterhead's town, which is nobody's place.
    """
    value = PLACE.read(device).strip()
    if value or LETTERHEAD.read(device) is None:
        return value
    return load_letterhead(device).municipality.strip()


def print_place(device: SettingsSource | None, letterhead: Letterhead) -> str:
    """Where applications are taken, for the receipt ("Ort"): setting, else the town."""
    value = PLACE.read(device)
    return value if value.strip() else letterhead.municipality
