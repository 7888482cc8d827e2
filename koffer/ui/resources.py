"""Find the files under `resources/` the same way from a checkout, a wheel or a frozen build."""

from __future__ import annotations

from pathlib import Path


def resource_dir() -> Path:
    """The folder holding fonts, icons, styles and translations.

    In a wheel the folder is installed as the package ``koffer_resources``; in a checkout
    it is ``resources/`` beside the packages. A checkout wins: an editable install also
    holds a copy as ``koffer_resources``, which would go stale as the sources change.
    """
    source = Path(__file__).resolve().parents[2] / "resources"
    if (source / "README.md").is_file():
        return source
    try:
        import koffer_resources  # type: ignore[import-untyped,unused-ignore]

        return Path(next(iter(koffer_resources.__path__)))
    except ImportError:
        return source


def resource(*parts: str) -> Path:
    """A path below the resource folder."""
    return resource_dir().joinpath(*parts)
