"""The catalog index: fresh for the shipped catalog, ignored when stale, light to import."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import forms
from forms.cli import main
from forms.loader import load_catalog
from forms.search import CatalogIndex
from forms.summary import (
    INDEX_NAME,
    TemplateSummary,
    index_text,
    read_summaries,
    write_index,
)

from .conftest import SMALL


def _folder(tmp_path, text=SMALL):
    (tmp_path / "form.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def test_shipped_index_is_fresh():
    """Fails after a change to forms/catalog/*.yaml: run `koffer-forms index forms/catalog`."""
    shipped = (forms.catalog_dir() / INDEX_NAME).read_text(encoding="utf-8")
    assert shipped == index_text(forms.catalog_dir())


def test_shipped_cards_match_the_templates():
    cards = read_summaries(forms.catalog_dir())
    assert cards is not None
    templates = load_catalog(forms.catalog_dir())
    assert {c.key: c for c in cards} == {t.key: TemplateSummary.of(t) for t in templates}


def test_cards_round_trip_through_json(tmp_path):
    folder = _folder(tmp_path)
    write_index(folder)
    cards = read_summaries(folder)
    assert cards is not None
    assert cards == [TemplateSummary.of(t) for t in load_catalog(folder)]


def test_changed_file_makes_the_index_stale(tmp_path):
    folder = _folder(tmp_path)
    write_index(folder)
    path = folder / "form.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert read_summaries(folder) is None


def test_added_or_removed_file_makes_the_index_stale(tmp_path):
    folder = _folder(tmp_path)
    write_index(folder)
    (folder / "other.yaml").write_text(SMALL, encoding="utf-8")
    assert read_summaries(folder) is None
    (folder / "other.yaml").unlink()
    assert read_summaries(folder) is not None
    (folder / "form.yaml").unlink()
    assert read_summaries(folder) is None


def test_missing_or_broken_index_is_ignored(tmp_path):
    folder = _folder(tmp_path)
    assert read_summaries(folder) is None
    (folder / INDEX_NAME).write_text("{not json", encoding="utf-8")
    assert read_summaries(folder) is None
    write_index(folder)
    document = json.loads((folder / INDEX_NAME).read_text(encoding="utf-8"))
    document["forms"][0]["keywords"] = "not a list"
    (folder / INDEX_NAME).write_text(json.dumps(document), encoding="utf-8")
    assert read_summaries(folder) is None
    document["format"] = 99
    (folder / INDEX_NAME).write_text(json.dumps(document), encoding="utf-8")
    assert read_summaries(folder) is None


def test_search_works_on_cards_like_on_templates():
    cards = read_summaries(forms.catalog_dir())
    assert cards is not None
    templates = load_catalog(forms.catalog_dir())
    for query in ("Miete", "Wohngelt", "Pflege", "Rundfunk"):
        by_card = [c.key for c in CatalogIndex(cards).search(query)]
        by_template = [t.key for t in CatalogIndex(templates).search(query)]
        assert by_card == by_template
        assert by_card


def test_cli_index_writes_a_fresh_index(tmp_path, capsys):
    folder = _folder(tmp_path)
    assert main(["index", str(folder)]) == 0
    assert "written" in capsys.readouterr().out
    assert read_summaries(folder) is not None


def test_cli_index_refuses_a_bad_template(tmp_path, capsys):
    folder = _folder(tmp_path, "id: [unclosed\n")
    assert main(["index", str(folder)]) == 1
    assert "form.yaml" in capsys.readouterr().err
    assert not (folder / INDEX_NAME).exists()


def test_reading_cards_does_not_import_pydantic_or_yaml():
    code = (
        "import sys, forms\n"
        "from forms.summary import read_summaries\n"
        "from forms.search import CatalogIndex\n"
        "cards = read_summaries(forms.catalog_dir())\n"
        "assert cards and CatalogIndex(cards).search('Miete')\n"
        "print(sorted(m for m in ('pydantic', 'yaml', 'forms.model') if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(forms.__file__).resolve().parent.parent,
    ).stdout
    assert out.strip() == "[]"
