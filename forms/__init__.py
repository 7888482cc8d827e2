"""Form templates: the format, expressions, validation and migration (no Qt, no network)."""

from __future__ import annotations

from pathlib import Path


def catalog_dir() -> Path:
    """The folder of the shipped catalog (`forms/catalog/*.yaml`, packaged with the wheel)."""
    return Path(__file__).resolve().parent / "catalog"
