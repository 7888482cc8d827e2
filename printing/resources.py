"""Find Koffer's shipped resources (fonts, images, styles, translations) in a checkout, a
wheel and a frozen build alike: the one place that knows the three layouts.

- checkout: the top-level `resources/` folder next to the `printing` package;
- wheel: that folder installed as the package `koffer_resources`;
- frozen (PyInstaller on Linux, cx_Freeze on Windows): the folder `koffer_resources`
  beside the bundled code, i.e. in PyInstaller's `sys._MEIPASS` or next to the
  cx_Freeze executable (both recipes in packaging/ put it there).

The form catalog is package data of `forms` (`forms.catalog_dir()`, beside its module in
all three layouts), because `forms` may import nothing of ours. The field workers' guide
(`docs/user-guide.md` with its screenshots) is `guide/` in the installed layouts
(`user_guide`), so the app can say where it is.
"""

from __future__ import annotations

import importlib.resources
import sys
from importlib.resources.abc import Traversable
from pathlib import Path

_SOURCE_TREE = Path(__file__).resolve().parent.parent / "resources"
#: Name of the resource folder in the wheel and in frozen builds.
PACKAGE = "koffer_resources"


def frozen_root() -> Path | None:
    """The folder of a frozen build's bundled files, or None when not frozen."""
    if not getattr(sys, "frozen", False):
        return None
    bundle = getattr(sys, "_MEIPASS", None)  # PyInstaller
    return Path(bundle) if bundle else Path(sys.executable).resolve().parent  # cx_Freeze


def resources_root() -> Traversable:
    """The root of the shipped resources: a frozen build's own folder; in a checkout the
    source tree (an editable install's copy in `koffer_resources` would go stale); else
    the installed package."""
    frozen = frozen_root()
    if frozen is not None:
        return frozen / PACKAGE
    if (_SOURCE_TREE / "README.md").is_file():
        return _SOURCE_TREE
    try:
        return importlib.resources.files(PACKAGE)
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


def user_guide() -> Path | None:
    """The field workers' guide (German, Markdown beside its screenshots), or None.

    `docs/user-guide.md` in a checkout; `guide/user-guide.md` among the resources of a
    wheel or a frozen build (the recipes in packaging/ and pyproject.toml put it there).
    """
    checkout = _SOURCE_TREE.parent / "docs" / "user-guide.md"
    if (_SOURCE_TREE / "README.md").is_file() and checkout.is_file():
        return checkout
    node = resource("guide", "user-guide.md")
    return Path(str(node)) if node.is_file() else None
