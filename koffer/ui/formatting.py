"""Show answers the German way: 1.234,50 €, 03.02.1950, Ja/Nein, option labels."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QCoreApplication

from forms.model import AnswerValue, FormField


def tr(text: str) -> str:
    """Translate a text of this module."""
    return QCoreApplication.translate("formatting", text)


def german_number(value: Decimal, places: int | None) -> str:
    """1234.5 → "1.234,50" with `places` decimals (None: as given)."""
    text = f"{value:,.{places}f}" if places is not None else f"{value:,f}"
    if places is None and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")


def parse_german_decimal(text: str) -> Decimal | None:
    """ "1.234,50" or "1234.50" or "1234,5" → Decimal; None if it is no number."""
    cleaned = text.strip().replace(" ", "").replace("€", "")
    if not cleaned:
        return None
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        return None


DATE_RE = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*$")


def parse_german_date(text: str) -> dt.date | None:
    """ "3.2.1950" → date; None if it is no valid date."""
    match = DATE_RE.match(text)
    if not match:
        return None
    day, month, year = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def iso_to_german(value: str) -> str:
    """ "1950-02-03" → "03.02.1950" (other text unchanged)."""
    try:
        return dt.date.fromisoformat(value).strftime("%d.%m.%Y")
    except ValueError:
        return value


def option_label(field: FormField, value: str, language: str) -> str:
    """The label of a choice option in `language`."""
    for option in field.options:
        if option.value == value:
            return option.label_i18n.get(language, option.label)
    return value


def display_value(field: FormField, value: AnswerValue | Decimal, language: str = "de") -> str:
    """An answer as the citizen should read it."""
    if value is None or value in ("", []):
        return tr("— keine Angabe —")
    kind = field.type
    if kind == "boolean":
        return tr("Ja") if value else tr("Nein")
    if kind == "choice" and isinstance(value, str):
        return option_label(field, value, language)
    if kind == "multichoice" and isinstance(value, list):
        return ", ".join(option_label(field, str(v), language) for v in value)
    if kind == "date" and isinstance(value, str):
        return iso_to_german(value)
    if kind in ("currency", "decimal", "integer"):
        number = parse_german_decimal(str(value)) if not isinstance(value, Decimal) else value
        if number is None:
            return str(value)
        if kind == "currency":
            return german_number(number, 2) + " €"
        if kind == "integer":
            return german_number(number, 0)
        return german_number(number, None)
    if kind == "attachment" and isinstance(value, list):
        return tr("{n} Datei(en)").format(n=len(value))
    if kind == "signature":
        return tr("unterschrieben")
    return str(value)
