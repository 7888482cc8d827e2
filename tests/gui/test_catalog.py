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
