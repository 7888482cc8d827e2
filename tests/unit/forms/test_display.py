import datetime as dt

import pytest

from forms.display import (
    NO_ANSWER,
    format_currency,
    format_date,
    format_iban,
    format_number,
    format_value,
)
from forms.model import FormField


def test_dates_print_german_style():
    assert format_date("2026-11-21") == "21.11.2026"
    assert format_date(dt.date(2000, 1, 2)) == "02.01.2000"
    assert format_date("not a date") == "not a date"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1234.5", "1.234,50 €"), (0, "0,00 €"), ("1000000", "1.000.000,00 €"), ("-3.456", "-3,46 €")],
)
def test_currency_in_euro(value, expected):
    assert format_currency(value) == expected


def test_numbers_keep_their_precision():
    assert format_number("54.5") == "54,5"
    assert format_number("1234") == "1.234"


def test_iban_in_groups_of_four():
    assert format_iban("de02120300000000202051") == "DE02 1203 0000 0000 2020 51"


def test_choice_prints_the_option_label_and_unanswered_a_dash():
    field = FormField.model_validate(
        {
            "id": "f",
            "type": "multichoice",
            "label": "F",
            "options": [{"value": "a", "label": "Äpfel"}, {"value": "b", "label": "Birnen"}],
        }
    )
    assert format_value(field, ["b", "a"]) == "Birnen, Äpfel"
    assert format_value(field, []) == NO_ANSWER
    assert format_value(field, None) == NO_ANSWER


def test_booleans_print_ja_nein():
    field = FormField(id="b", type="boolean", label="B")
    assert format_value(field, True) == "Ja"
    assert format_value(field, False) == "Nein"


def test_control_characters_do_not_reach_paper():
    from printing.text import printable

    assert printable("a\x00b\x0bc\td\ne\x7f") == "a b c d\ne "


def test_integers_are_plain_digits_not_thousands():
    field = FormField(id="jahr", type="integer", label="Jahr")
    assert format_value(field, 1948) == "1948"
    assert format_value(field, 3) == "3"


def test_attachments_are_named_when_their_files_are_known():
    field = FormField(id="n", type="attachment", label="Nachweise")
    assert format_value(field, ["a1", "a2"], files={"a1": "miete.pdf", "a2": "rente.jpg"}) == (
        "miete.pdf, rente.jpg"
    )
    assert format_value(field, ["a1", "a2"]) == "2 Dateien"
    assert format_value(field, ["a1"], "en") == "1 file"
    assert format_value(field, ["a1"]) == "1 Datei"


def test_fixed_words_follow_the_form_language():
    field = FormField(id="b", type="boolean", label="B")
    assert format_value(field, True, "en") == "Yes"
    assert format_value(field, False, "tr") == "Hayır"
    assert format_value(field, True, "xx") == "Ja"  # no words for it: German


def test_computed_decimals_format_like_stored_ones():
    from decimal import Decimal

    field = FormField(id="s", type="currency", label="Summe")
    assert format_value(field, Decimal("1500")) == format_value(field, "1500.00") == "1.500,00 €"
