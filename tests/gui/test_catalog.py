"""Catalog: search as you type with synonyms and typos, favourites, blank print disabled."""

from __future__ import annotations

import pytest

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
    assert unlocked.settings.favourites == ["wohngeld-mietzuschuss"]
    unlocked.close()
    again = make_window()
    assert again.settings.favourites == ["wohngeld-mietzuschuss"]


def test_blank_print_is_offered_for_the_selected_form(unlocked):
    button = unlocked.catalog_screen.print_blank
    assert button.isEnabled()
    assert button.accessibleDescription()  # printing itself: tests/gui/test_printing.py
