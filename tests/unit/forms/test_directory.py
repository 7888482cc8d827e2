"""The service directory: the shipped demo, LeiKa CSV import, one search over forms and services."""

from __future__ import annotations

import json

import pytest

from forms import catalog_dir
from forms.directory import (
    DirectoryError,
    ServiceDirectory,
    ServiceEntry,
    demo_directory_path,
    import_leika_csv,
    load_directory,
    load_directory_bytes,
)
from forms.finder import Finder
from forms.loader import load_catalog
from forms.summary import read_summaries


@pytest.fixture(scope="module")
def demo() -> ServiceDirectory:
    return load_directory(demo_directory_path())


def test_demo_directory_has_every_shipped_form_and_services_without_one(
    demo: ServiceDirectory,
) -> None:
    shipped = {t.id: t for t in load_catalog(catalog_dir())}
    linked = {s.template_id for s in demo.services if s.template_id}
    assert linked == set(shipped)
    assert len([s for s in demo.services if s.template_id is None]) >= 4


def test_demo_leika_keys_come_only_from_a_source(demo: ServiceDirectory) -> None:
    shipped = {t.id: t for t in load_catalog(catalog_dir())}
    for service in demo.services:
        if service.leika is None:
            continue
        assert service.leika_source, service.id
        form = shipped.get(service.template_id or "")
        # the one source in this repository: the key the shipped form carries itself
        assert form is not None
        assert form.leika == service.leika


def test_published_bytes_are_stable_and_load_again(demo: ServiceDirectory) -> None:
    data = demo.to_bytes()
    assert data == load_directory_bytes(data).to_bytes()
    assert b"\n" not in data


def test_duplicate_ids_and_keys_are_refused() -> None:
    entry = {"id": "a-1", "name": "A", "leika": "99000000000000", "leika_source": "x"}
    with pytest.raises(DirectoryError, match="duplicate service id"):
        load_directory_bytes(json.dumps({"services": [entry, entry]}).encode())
    twice = [entry, {**entry, "id": "b-2"}]
    with pytest.raises(ValueError, match="used twice"):
        ServiceDirectory(services=[ServiceEntry.model_validate(e) for e in twice])


LEIKA_CSV = (
    "Schlüssel;Bezeichnung;Synonyme;Kurztext;Irgendwas\n"
    "99107023037000;Wohngeld Bewilligung Mietzuschuss;Mietzuschuss;Zuschuss;x\n"
    "99999999999001;Beratungshilfe Bewilligung;Beratungsschein|Anwalt;;x\n"
    "123;Kaputt;;;x\n"
).encode("cp1252")


def test_leika_csv_import_merges_by_key_and_keeps_local_facts(demo: ServiceDirectory) -> None:
    result = import_leika_csv(LEIKA_CSV, demo, source="LeiKa-Export 2026-11")
    entries = result.directory.by_id()
    wohngeld = entries["wohngeld"]
    assert wohngeld.name == "Wohngeld Bewilligung Mietzuschuss"  # updated from the export
    assert wohngeld.office is not None  # the town's office stays
    assert wohngeld.template_id == "wohngeld-mietzuschuss"
    assert wohngeld.leika_source == "LeiKa-Export 2026-11"
    assert result.updated == ["wohngeld"]
    new = entries[result.added[0]]
    assert (new.leika, new.synonyms) == ("99999999999001", ["Beratungsschein", "Anwalt"])
    assert result.skipped == ["line 4: no 14-digit key or no name"]
    assert result.ignored_columns == ["Irgendwas"]


def test_leika_csv_without_key_column_is_refused() -> None:
    with pytest.raises(DirectoryError, match="no key and name columns"):
        import_leika_csv(b"Name,Wert\nA,1\n")


def test_one_search_finds_forms_and_services_without_form(demo: ServiceDirectory) -> None:
    cards = read_summaries(catalog_dir())
    assert cards is not None
    finder = Finder(cards, demo)
    anwalt = finder.search("Anwalt kostenlos")
    assert anwalt[0].service is not None
    assert anwalt[0].service.id == "beratungshilfe"
    assert not anwalt[0].has_form
    miete = finder.search("Mietzuschuss")
    assert miete[0].card is not None
    assert miete[0].card.id == "wohngeld-mietzuschuss"
    assert miete[0].service is not None  # its office and what to bring come with it
    titles = [h.title for h in miete]
    assert len(titles) == len(set(titles))  # the form and its service are shown once
