"""What the "Über Koffer" box says, gathered without Qt: version, catalog, licence, guide."""

from __future__ import annotations

import datetime as dt
import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest

from koffer import about
from printing import resources
from tests.helpers.town_pdf import install_source_pdf
from tests.unit.townhall.test_catalog_files import device

__all__ = ["device"]  # a real device.db (SQLCipher), shared with the catalog-file tests

ROOT = Path(__file__).resolve().parents[3]


def test_the_box_names_the_installed_version_and_the_declared_licence(device: object) -> None:
    facts = about.gather(device, 14)  # type: ignore[arg-type]
    assert facts.version == version("koffer")  # what the package metadata says
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["license"]
    assert facts.licence == declared["text"] == "EUPL-1.2"
    assert facts.forms == 14


def test_the_shipped_catalog_then_the_town_halls(device: object) -> None:
    shipped = about.gather(device, 14)  # type: ignore[arg-type]
    assert (shipped.catalog_version, shipped.catalog_issued) == (None, None)
    install_source_pdf(device, b"%PDF-1.4 irgendwas", version=7)  # a catalog update
    updated = about.gather(device, 15)  # type: ignore[arg-type]
    assert updated.catalog_version == 7
    issued = dt.datetime(2026, 12, 1, tzinfo=dt.UTC).astimezone().date()  # the manifest's
    assert updated.catalog_issued == issued


def test_the_guide_is_found_in_a_checkout_and_in_an_installed_layout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert about.gather(None, 0).user_guide == ROOT / "docs" / "user-guide.md"
    installed = tmp_path / "koffer_resources"
    monkeypatch.setattr(resources, "_SOURCE_TREE", tmp_path / "no-checkout")
    monkeypatch.setattr(resources, "resources_root", lambda: installed)
    assert resources.user_guide() is None  # a wheel built without it: the box says so
    (installed / "guide").mkdir(parents=True)
    (installed / "guide" / "user-guide.md").write_text("# Koffer", encoding="utf-8")
    assert resources.user_guide() == installed / "guide" / "user-guide.md"


def test_every_packaging_recipe_carries_the_guide() -> None:
    """The box points at `guide/user-guide.md` in every installed layout."""
    spec = (ROOT / "packaging" / "linux" / "koffer.spec").read_text(encoding="utf-8")
    freeze = (ROOT / "packaging" / "windows" / "freeze.py").read_text(encoding="utf-8")
    wheel = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["hatch"]["build"]
    assert '"docs" / "user-guide.md"), "koffer_resources/guide")' in spec
    assert '"koffer_resources/guide/user-guide.md")' in freeze
    included = wheel["targets"]["wheel"]["force-include"]
    assert included["docs/user-guide.md"] == "koffer_resources/guide/user-guide.md"
