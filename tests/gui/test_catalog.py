"""Catalog: search as you type with synonyms and typos, favourites, blank print disabled."""

from __future__ import annotations

import pytest

from koffer.settings import FAVOURITES

pytestmark = pytest.mark.gui

WOHNGELD = "Wohngeld – Antrag auf Mietzuschuss (Erstantrag)"


def _search(window, text):
    window.catalog_screen.search.setText(text)
    window.catalog_screen.refresh()
    return window.catalog_screen.visible_titles()


def test_lists_every_template_grouped(unlocked):
    titles = unlocked.catalog_screen.visible_titles()
    assert WOHNGELD in titles
    assert len(titles) == len(unlocked.catalog.latest)


@pytest.mark.parametrize("query", ["Miete", "Mietzuschus", "Wohngelt"])
def test_synonym_and_typo_find_wohngeld(unlocked, query):
    assert WOHNGELD in _search(unlocked, query)


def test_nonsense_finds_nothing_and_says_so(unlocked):
    assert _search(unlocked, "xqzvw") == []
    assert not unlocked.catalog_screen.empty.isHidden()


def test_favourite_is_listed_first_and_survives_restart(unlocked, make_window):
    screen = unlocked.catalog_screen
    screen._select("wohngeld-mietzuschuss")
    screen.favourite.click()
    first_group = screen.tree.topLevelItem(0)
    assert "Favoriten" in first_group.text(0)
    assert unlocked.settings[FAVOURITES] == ["wohngeld-mietzuschuss"]
    unlocked.close()
    again = make_window()
    assert again.settings[FAVOURITES] == ["wohngeld-mietzuschuss"]


def test_blank_print_is_offered_for_the_selected_form(unlocked):
    button = unlocked.catalog_screen.print_blank
    assert button.isEnabled()
    assert button.accessibleDescription()  # printing itself: tests/gui/test_printing.py


def test_catalog_shows_cards_before_any_template_is_parsed(qtbot):
    """The list and search need only the index; the full form loads when it is started."""
    import forms
    from forms.loader import load_catalog as load_folder
    from forms.summary import read_summaries
    from koffer.drafting.catalog import Catalog
    from koffer.ui.catalog_screen import CatalogScreen

    calls = []

    def load_rest():
        calls.append(1)
        return load_folder(forms.catalog_dir())

    cards = read_summaries(forms.catalog_dir())
    assert cards is not None
    catalog = Catalog(summaries=cards, load_rest=load_rest)
    screen = CatalogScreen()
    qtbot.addWidget(screen)
    screen.catalog = catalog  # set_catalog would also start the background load
    screen.refresh()
    assert WOHNGELD in screen.visible_titles()
    screen.search.setText("Miete")
    screen.refresh()
    assert screen.visible_titles()[0] == WOHNGELD
    assert calls == []
    assert not catalog.fully_loaded
    screen._select("wohngeld-mietzuschuss")
    with qtbot.waitSignal(screen.start_requested) as started:
        screen.start.click()  # the worker (synchronous here) loads the template
    template = started.args[0]
    assert template.id == "wohngeld-mietzuschuss"
    assert template.fields_by_id  # the full template, not the card
    assert calls == [1]
    assert catalog.fully_loaded


def test_set_catalog_loads_templates_in_the_background(qtbot):
    from koffer.drafting.catalog import load_catalog
    from koffer.ui.catalog_screen import CatalogScreen

    catalog = load_catalog(None)
    screen = CatalogScreen()
    qtbot.addWidget(screen)
    screen.set_catalog(catalog, [])
    qtbot.waitUntil(lambda: catalog.fully_loaded)
    assert {t.id for t in catalog.latest} == {c.id for c in catalog.cards}


def test_enter_in_the_search_starts_the_highlighted_form(unlocked):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    screen = unlocked.catalog_screen
    screen.search.setFocus()
    QTest.keyClicks(screen.search, "Wohngeld")
    screen.refresh()
    assert screen.selected_template().title == WOHNGELD
    QTest.keyClick(screen.search, Qt.Key.Key_Return)  # one Enter, not two
    assert unlocked.form is not None
    assert unlocked.form.template.title == WOHNGELD


def test_a_service_without_a_form_is_found_with_where_to_turn_and_what_to_bring(unlocked):
    screen = unlocked.catalog_screen
    _search(unlocked, "Beratungsschein")  # there is no form for it in the catalog
    name = "Beratungshilfe (anwaltliche Beratung für Menschen mit kleinem Einkommen)"
    assert screen.visible_services()[0] == name
    groups = [screen.tree.topLevelItem(i) for i in range(screen.tree.topLevelItemCount())]
    group = next(g for g in groups if g.text(0).startswith("Ohne Formular im Koffer"))
    assert group.text(0) == "Ohne Formular im Koffer – wohin sich wenden"
    screen.tree.setCurrentItem(group.child(0))
    details = screen.description.text()
    assert "kein Formular im Koffer" in details
    assert "Amtsgericht Musterstadt, Rechtsantragstelle" in details
    assert "Telefon: 0123 555-0" in details
    assert "• Personalausweis" in details
    assert not screen.start.isEnabled()  # nothing to start
    assert not screen.print_blank.isEnabled()


def test_a_form_found_through_its_service_shows_the_office_and_what_to_bring(unlocked):
    screen = unlocked.catalog_screen
    assert WOHNGELD in _search(unlocked, "Wohngeld")
    screen._select("wohngeld-mietzuschuss")
    assert "Wohngeldstelle der Stadt Musterstadt" in screen.description.text()
    assert "• Mietvertrag" in screen.description.text()


def test_no_heading_above_an_empty_result(unlocked):
    assert _search(unlocked, "xqzvw") == []
    assert unlocked.catalog_screen.tree.topLevelItemCount() == 0
