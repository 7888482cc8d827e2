"""The catalog's files on the laptop: a form's source PDF, the service directory.

Qt-free read access for the app (this is the hook the UI wiring uses, see
docs/importing.md, "In the app"):

* `has_source_pdf(device, template)` / `source_pdf(device, template)`: whether the town's
  PDF a template prints on is here, and the PDF itself, from the signed
  catalog in device.db (stored by SHA-256 when the catalog was installed), or from the
  shipped catalog folder for a shipped form; always checked against the SHA-256 the
  template names, so only the very PDF the admin imported is ever filled in.
* `service_directory(device)`: the directory of the installed manifest, else the
  shipped demo directory, so the catalog search (`forms.finder.Finder`) always finds
  every service and where to turn.
"""

from __future__ import annotations

import hashlib
import logging

from forms import catalog_dir
from forms.directory import (
    DirectoryError,
    ServiceDirectory,
    demo_directory_path,
    load_directory,
    load_directory_bytes,
)
from forms.model import Template
from koffer.store import DeviceStore
from koffer.townhall.manifest import installed_manifest

log = logging.getLogger(__name__)


def has_source_pdf(device: DeviceStore | None, template: Template) -> bool:
    """Whether the PDF `template` prints on is on the laptop (cheap: no bytes read; the
    hash is checked when `source_pdf` reads it)."""
    pdf = template.source_pdf
    if pdf is None:
        return False
    if device is not None and device.has_catalog_file(pdf.sha256):
        return True
    return (catalog_dir() / pdf.file).is_file()


def source_pdf(device: DeviceStore | None, template: Template) -> bytes | None:
    """The PDF `template` prints on, or None (no source PDF, or it is not on the laptop)."""
    pdf = template.source_pdf
    if pdf is None:
        return None
    data = device.get_catalog_file(pdf.sha256) if device is not None else None
    if data is None:
        shipped = catalog_dir() / pdf.file
        data = shipped.read_bytes() if shipped.is_file() else None
    if data is None or hashlib.sha256(data).hexdigest() != pdf.sha256:
        return None
    return data


def service_directory(device: DeviceStore | None) -> ServiceDirectory:
    """The installed (signed) service directory, else the shipped demo directory."""
    if device is not None:
        manifest = installed_manifest(device)
        if manifest is not None and manifest.directory is not None:
            data = device.get_catalog_file(manifest.directory.sha256)
            if data is not None and hashlib.sha256(data).hexdigest() == manifest.directory.sha256:
                try:
                    return load_directory_bytes(data, "catalog")
                except DirectoryError as exc:  # verified, so an app too old to read it
                    log.warning("service directory not readable: %s", type(exc).__name__)
    return load_directory(demo_directory_path())
