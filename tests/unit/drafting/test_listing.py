"""The applications list is found by what a worker knows of the citizen, typos forgiven.

Real SQLCipher drafts of the shipped forms; the queries are what a worker types, the
expected drafts are the ones the test itself filled in.
"""

from __future__ import annotations

import datetime as dt

import pytest

from forms.model import Template
from koffer.drafting.listing import changed_short
from koffer.drafting.workspace import Workspace
from tests.unit.drafting.conftest import Clock, template


@pytest.fixture
def three(workspace: Workspace, templates: list[Template], clock: Clock) -> dict[str, str]:
    """Three drafts (name -> draft id), created in this order, one second apart."""
    grundsicherung = template(templates, "grundsicherung-sgb12")
    visit = template(templates, "hausbesuchsprotokoll")
    made = {}
    made["erika"] = workspace.create_draft(
        grundsicherung,
        "Erika Mustermann",
        address="Lindenweg 4, 34117 Kassel",
        answers={"geburtsdatum": "1948-03-12"},
    ).draft.id
    clock.advance(seconds=1)
    made["otto"] = workspace.create_draft(
        grundsicherung,
        "Otto Beispiel",
        address="Am Markt 1, 34121 Kassel",
        answers={"geburtsdatum": "1950-07-01"},
    ).draft.id
    clock.advance(seconds=1)
    made["frieda"] = workspace.create_draft(
        visit, "Frieda Fröhlich", address="Lindenweg 9\n34117 Kassel"
    ).draft.id
    return made


def _found(workspace: Workspace, query: str) -> list[str]:
    return [d.id for d in workspace.list_drafts(query)]


def test_no_query_lists_the_newest_change_first(workspace: Workspace, three) -> None:
    assert _found(workspace, "") == [three["frieda"], three["otto"], three["erika"]]
    # a query of no searchable word (a stopword, a single letter) is no filter either
    assert _found(workspace, "  a ") == [three["frieda"], three["otto"], three["erika"]]


@pytest.mark.parametrize("query", ["12.03.1948", "12.3.1948", "1948"])
def test_found_by_birth_date_as_people_write_it(workspace: Workspace, three, query) -> None:
    assert _found(workspace, query) == [three["erika"]]


def test_found_by_street_and_by_the_whole_address(workspace: Workspace, three) -> None:
    # Erika's form has street/plz/ort, Frieda's visit record one address field
    assert set(_found(workspace, "Lindenweg")) == {three["erika"], three["frieda"]}
    assert _found(workspace, "Markt") == [three["otto"]]
    assert set(_found(workspace, "34117")) == {three["erika"], three["frieda"]}


def test_numbers_are_not_typos_of_each_other(workspace: Workspace, three) -> None:
    """A year or postal code one digit off is someone else's, not a typo."""
    assert _found(workspace, "1984") == []
    assert _found(workspace, "34121") == [three["otto"]]
    assert set(_found(workspace, "341")) == set(three.values())  # the beginning counts


def test_a_typo_in_the_name_still_finds_the_citizen(workspace: Workspace, three) -> None:
    assert _found(workspace, "Musterman") == [three["erika"]]
    assert _found(workspace, "Fröhlich") == [three["frieda"]]
    assert _found(workspace, "frohlich") == [three["frieda"]]


def test_every_word_must_match(workspace: Workspace, three) -> None:
    # both live in Kassel; the birth year narrows it to one person
    assert set(_found(workspace, "Kassel")) == set(three.values())
    assert _found(workspace, "Kassel 1950") == [three["otto"]]
    assert _found(workspace, "Erika Markt") == []


def test_found_by_the_form_title(workspace: Workspace, three) -> None:
    assert _found(workspace, "Hausbesuch") == [three["frieda"]]


def test_only_identifiers_are_read_from_the_answers(workspace: Workspace) -> None:
    with pytest.raises(ValueError):
        workspace.drafts.answers_for_search(["geburtsdatum", "x') OR 1=1 --"])
    with pytest.raises(ValueError):
        workspace.drafts.answers_for_search([])


def test_an_empty_list_says_why() -> None:
    from koffer.drafting import wording
    from koffer.drafting.listing import empty_message

    assert empty_message("") == wording.LIST_EMPTY
    assert empty_message(" a ") == wording.LIST_EMPTY  # nothing searchable: nothing searched
    message = empty_message("Mustermann").format(query="Mustermann")
    assert "„Mustermann“" in message
    assert "Geburtsdatum" in message


def test_the_delete_question_names_the_form_and_the_citizen() -> None:
    from koffer.drafting.wording import delete_question

    named = delete_question("Erika Mustermann").format(form="Wohngeld", name="Erika Mustermann")
    assert "„Wohngeld“" in named
    assert "Erika Mustermann" in named
    nameless = delete_question("  ").format(form="Wohngeld", name="")
    assert "„Wohngeld“ (ohne Namen)" in nameless


def test_taking_back_refused_applications_counts_in_words() -> None:
    from koffer.drafting.wording import returned_message

    one = returned_message(1).format(n=1, why="Nachweis fehlt")
    assert one.startswith("Ein abgelehnter Antrag ist")
    many = returned_message(3).format(n=3, why="x")
    assert many.startswith("3 abgelehnte Anträge sind")
    assert "/" not in one + many


def test_when_a_draft_was_changed_is_said_short_by_the_day() -> None:
    """The compact list at 200 %: "heute 07:26", not a fourth line for the date."""
    zone = dt.timezone(dt.timedelta(hours=1))
    now = dt.datetime(2026, 12, 2, 9, 30, tzinfo=zone)
    assert changed_short(dt.datetime(2026, 12, 2, 6, 26, tzinfo=dt.UTC), now) == (
        "heute {time}",
        {"time": "07:26"},  # the laptop's clock, not UTC
    )
    assert changed_short(dt.datetime(2026, 12, 1, 23, 30, tzinfo=dt.UTC), now) == (
        "heute {time}",
        {"time": "00:30"},  # still today where the laptop is
    )
    assert changed_short(dt.datetime(2026, 12, 1, 17, 2, tzinfo=zone), now) == (
        "gestern {time}",
        {"time": "17:02"},
    )
    assert changed_short(dt.datetime(2026, 11, 28, 8, 0, tzinfo=zone), now) == (
        "{date}",
        {"date": "28.11.2026"},
    )
