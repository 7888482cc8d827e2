"""Resource paths for Qt, which needs real files (style sheets, icons, translations).

Where the resources are (checkout first, else the installed `koffer_resources`) is
decided once, in `printing.resources`; this module only turns that into `Path`s.
"""

from __future__ import annotations

from pathlib import Path

from printing.resources import resources_root


def resource_dir() -> Path:
    """The folder holding fonts, icons, styles and translations."""
    return Path(str(resources_root()))


def resource(*parts: str) -> Path:
    """A path below the resource folder."""
    return resource_dir().joinpath(*parts)
