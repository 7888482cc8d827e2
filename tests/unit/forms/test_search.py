"""Catalog search: typo-tolerant, umlaut-folding, ranked."""

from __future__ import annotations

import pytest

from forms import catalog_dir
from forms.loader import load_catalog
from forms.model import Template
from forms.search import CatalogIndex, fold, words


def template(tid: str, title: str, **extra) -> Template:
    data = {
        "id": tid,
        "version": "1.0.0",
        "title": title,
        "topic": extra.pop("topic", "Allgemein"),
        "office_id": "amt",
        "sections": [
            {"id": "s", "title": "S", "fields": [{"id": "a", "type": "text", "label": "A"}]}
        ],
        **extra,
    }
    return Template.model_validate(data)


@pytest.fixture(scope="module")
def index():
    return CatalogIndex(
        [
            template(
                "wohngeld",
                "Wohngeld – Mietzuschuss",
                keywords=["Miete", "Wohnkosten"],
                synonyms=["Zuschuss zur Miete"],
                topic="Wohnen",
            ),
            template("pflege", "Hilfe zur Pflege", keywords=["Pflegegrad", "Heim"], topic="Pflege"),
            template(
                "rundfunk",
                "Befreiung vom Rundfunkbeitrag",
                synonyms=["GEZ"],
                description="Für Menschen mit Grundsicherung oder Blindheit.",
            ),
            template("gruen", "Grünflächen-Patenschaft", keywords=["Straße", "Baum"]),
        ]
    )


def test_fold_spells_out_umlauts_and_drops_accents():
    assert fold("Größe Straße Café") == "groesse strasse cafe"
    assert words("Antrag für die Miete") == ["miete"]


@pytest.mark.parametrize(
    ("query", "best"),
    [
        ("Miete", "wohngeld"),
        ("Mitzuschuss", "wohngeld"),
        ("wohngelt", "wohngeld"),
        ("WOHNGELD", "wohngeld"),
        ("pflegegrad", "pflege"),
        ("gez", "rundfunk"),
        ("Blindheit", "rundfunk"),
        ("gruenflaechen", "gruen"),
        ("Strasse", "gruen"),
        ("straße", "gruen"),
        ("Hilfe Pflege", "pflege"),
    ],
)
def test_finds_the_right_form_first(index, query, best):
    results = index.search(query)
    assert results, query
    assert results[0].id == best


def test_unrelated_query_finds_nothing(index):
    assert index.search("Hundesteuer") == []


def test_empty_query_lists_all_by_title_and_limit_applies(index):
    assert [t.id for t in index.search("")] == ["rundfunk", "gruen", "pflege", "wohngeld"]
    assert len(index.search("", limit=2)) == 2


def test_shipped_catalog_finds_wohngeld_for_the_issue_examples():
    templates = load_catalog(catalog_dir())
    index = CatalogIndex(templates)
    for query in ("Miete", "Mitzuschuss", "wohngelt"):
        assert "wohngeld" in index.search(query)[0].id, query


def test_every_word_narrows_instead_of_ranking(index):
    # any word: both forms that match a word; every word: only the one matching both
    assert {t.id for t in index.search("Miete Pflegegrad")} == {"wohngeld", "pflege"}
    assert index.search("Miete Pflegegrad", every_word=True) == []
    assert [t.id for t in index.search("Miete Wohnen", every_word=True)] == ["wohngeld"]


def test_a_number_matches_itself_or_its_beginning_never_a_typo():
    index = CatalogIndex(
        [
            template("aa", "Jahrgang 1948", keywords=["34117"]),
            template("bb", "Jahrgang 1984", keywords=["34121"]),
        ]
    )
    assert [t.id for t in index.search("1948")] == ["aa"]
    assert [t.id for t in index.search("34121")] == ["bb"]
    assert {t.id for t in index.search("341")} == {"aa", "bb"}
