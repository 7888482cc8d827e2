"""Answers as a German reader expects to see them on paper.

Stored answers are machine-friendly (ISO dates, "1234.50", option values); the paper
shows "21.11.2026", "1.234,50 €" and the option's label.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from forms.model import AnswerValue, FormField

NO_ANSWER = "—"
#: Control characters (C0, DEL, C1) except newline: they have no glyph and no meaning on
#: paper; a pasted NUL or vertical tab would otherwise end up raw in the PDF.
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """`text` with control characters replaced by spaces (newlines kept)."""
    return _CONTROL.sub(" ", text)


def format_date(value: object) -> str:
    """An ISO date as TT.MM.JJJJ; anything else as given."""
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    try:
        return dt.date.fromisoformat(str(value)).strftime("%d.%m.%Y")
    except ValueError:
        return str(value)


def format_datetime(value: dt.datetime) -> str:
    """A point in time as "21.11.2026, 14:05 Uhr"."""
    return value.strftime("%d.%m.%Y, %H:%M Uhr")


def _decimal(value: object) -> Decimal | None:
    if isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def format_number(value: object, places: int | None = None) -> str:
    """A number with German separators: 1.234,5 (or with `places` decimals)."""
    number = _decimal(value)
    if number is None:
        return str(value)
    if places is not None:
        number = number.quantize(Decimal(1).scaleb(-places))
    text = f"{number:,f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def format_currency(value: object) -> str:
    """An amount in euro: 1.234,50 €."""
    if _decimal(value) is None:
        return str(value)
    return f"{format_number(value, 2)} €"


def format_iban(value: str) -> str:
    """An IBAN in groups of four, as printed on bank cards."""
    compact = "".join(value.split()).upper()
    return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))


def option_label(field: FormField, value: str, language: str = "de") -> str:
    """The label of a choice option, or the raw value when the option is unknown."""
    for option in field.options:
        if option.value == value:
            return option.label_i18n.get(language, option.label)
    return value


def is_unanswered(value: AnswerValue) -> bool:
    """Missing, None, "" and [] all mean: not answered."""
    return value is None or value in ("", [])


def format_value(field: FormField, value: AnswerValue, language: str = "de") -> str:
    """One answer as text for the paper (choices and booleans as text too)."""
    if is_unanswered(value):
        return NO_ANSWER
    kind = field.type
    if kind == "date":
        return format_date(value)
    if kind == "currency":
        return format_currency(value)
    if kind == "decimal":
        return format_number(value)
    if kind == "integer":
        return str(value)
    if kind == "boolean":
        return "Ja" if value is True else "Nein"
    if kind == "choice":
        return option_label(field, str(value), language)
    if kind == "multichoice" and isinstance(value, list):
        return ", ".join(option_label(field, str(v), language) for v in value)
    if kind == "iban":
        return format_iban(str(value))
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)
