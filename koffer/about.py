"""What the "Über Koffer" box says: the installed version, the catalog, the licence, the
guide. Qt-free, so the facts are gathered (on the store lane) and tested without a window.

The version is the installed one (`koffer.__version__`, from the wheel, .deb or MSI
metadata, the same the heartbeat sends), so a worker reads to the town's IT exactly what
`koffer-admin devices` shows for the laptop. The catalog is the signed manifest the
laptop installed last, or the catalog that came with the program.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, metadata
from pathlib import Path

import koffer
from koffer.settings import CATALOG_VERSION
from koffer.store import DeviceStore
from koffer.townhall.manifest import installed_manifest
from printing.resources import user_guide

#: Koffer's licence where the installed metadata does not name it (a bare source tree).
LICENCE = "EUPL-1.2"


@dataclass(frozen=True, slots=True)
class About:
    """The facts of the "Über Koffer" box.

    Attributes:
        version: the installed version (`koffer.__version__`).
        licence: the licence's SPDX identifier.
        catalog_version: version of the installed catalog manifest; None: the catalog
            that came with the program (no update from the town hall yet).
        catalog_issued: when the town hall issued that catalog.
        forms: how many forms the catalog on screen has.
        user_guide: the field workers' guide, or None when this installation has none.
    """

    version: str
    licence: str
    catalog_version: int | None
    catalog_issued: dt.date | None
    forms: int
    user_guide: Path | None


def installed_licence() -> str:
    """The licence the installed package declares."""
    try:
        declared = metadata("koffer")["License"]  # None where it is not declared
    except PackageNotFoundError:
        return LICENCE
    return str(declared) if declared else LICENCE


def gather(device: DeviceStore | None, forms: int) -> About:
    """The box's facts; reads device.db (call it on the store lane)."""
    version = CATALOG_VERSION.read(device) if device is not None else None
    manifest = installed_manifest(device) if device is not None else None
    issued = (
        manifest.issued_at.astimezone().date()
        if manifest is not None and version is not None
        else None
    )
    return About(
        version=koffer.__version__,
        licence=installed_licence(),
        catalog_version=version,
        catalog_issued=issued,
        forms=forms,
        user_guide=user_guide(),
    )
