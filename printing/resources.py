"""Find Koffer's shipped resources (fonts, images) the same way in a checkout and a wheel.

In the wheel the top-level `resources/` folder is installed as the package
`koffer_resources`; in the source tree it sits next to the `printing` package. Both are
reached through `importlib.resources`, so a zip or frozen build works as well.
"""

from __future__ import annotations

import importlib.resources
from importlib.resources.abc import Traversable
from pathlib import Path

_SOURCE_TREE = Path(__file__).resolve().parent.parent / "resources"


def resources_root() -> Traversable:
    """The root of the shipped resources: the source tree in a checkout (an editable
    install's copy in `koffer_resources` would go stale), else the installed package."""
    if (_SOURCE_TREE / "README.md").is_file():
        return _SOURCE_TREE
    try:
        return importlib.resources.files("koffer_resources")
    except ModuleNotFoundError:
        return _SOURCE_TREE


def resource(*parts: str) -> Traversable:
    """One shipped resource, e.g. `resource("fonts", "DejaVuSans.ttf")`."""
    node = resources_root()
    for part in parts:
        node = node.joinpath(part)
    return node


def read_resource(*parts: str) -> bytes:
    """The bytes of one shipped resource.

    Raises:
        FileNotFoundError: when the resource is not shipped (a broken installation).
    """
    node = resource(*parts)
    if not node.is_file():
        raise FileNotFoundError(f"resource missing: {'/'.join(parts)}")
    return node.read_bytes()
