"""Answers as a reader expects to see them (review screen, every printout) and as typed.

Stored answers are machine-friendly (ISO dates, "1234.50", option values); a person reads
"21.11.2026", "1.234,50 €" and the option's label. This is the one formatter for that:
the citizen's review in large print and each PDF show an answer with the same words, so
what is signed on screen is what stands on paper.

The few fixed words (Ja/Nein, "unterschrieben", "2 Dateien") follow the language the
form is shown in, like the template's own labels; numbers and dates keep the German
style in every language, because the office reads them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the models load pydantic: the window's first screen must not wait
    from forms.model import AnswerValue, FormField

#: What an unanswered question shows.
NO_ANSWER = "—"


@dataclass(frozen=True, slots=True)
class Words:
    """The fixed words of one language: what a form says besides the template's texts.

    They follow the form's language, not the window's: a citizen who reads the form in
    English sees "required", "— please choose —" and "DD.MM.YYYY" next to the English
    labels, whatever language the worker's window is in.
    """

    yes: str
    no: str
    signed: str
    one_file: str
    files: str  # "{n}" is replaced by the count (two or more, or none)
    ticked: str  # a declaration that is ticked
    required: str  # the marker of a question that must be answered
    choose: str  # the empty entry of a list of choices
    date_hint: str  # how a date is typed
    digits: str  # "{n}" is replaced by the number of digits to type


_WORDS: dict[str, Words] = {
    "de": Words(
        "Ja",
        "Nein",
        "unterschrieben",
        "1 Datei",
        "{n} Dateien",
        "angekreuzt",
        "Pflichtfeld",
        "— bitte wählen —",
        "TT.MM.JJJJ",
        "{n} Ziffern",
    ),
    "en": Words(
        "Yes",
        "No",
        "signed",
        "1 file",
        "{n} files",
        "ticked",
        "required",
        "— please choose —",
        "DD.MM.YYYY",
        "{n} digits",
    ),
    "tr": Words(
        "Evet",
        "Hayır",
        "imzalandı",
        "1 dosya",
        "{n} dosya",
        "işaretlendi",
        "zorunlu",
        "— lütfen seçin —",
        "GG.AA.YYYY",
        "{n} rakam",
    ),
    "ar": Words(
        "نعم",
        "لا",
        "موقَّع",
        "ملف واحد",
        "{n} ملفات",
        "محدَّد",
        "إلزامي",
        "— يرجى الاختيار —",
        "DD.MM.YYYY",
        "{n} أرقام",
    ),
    "ru": Words(
        "Да",
        "Нет",
        "подписано",
        "Файлов: 1",
        "Файлов: {n}",
        "отмечено",
        "обязательно",
        "— выберите —",
        "ДД.ММ.ГГГГ",
        "Цифр: {n}",
    ),
    "uk": Words(
        "Так",
        "Ні",
        "підписано",
        "Файлів: 1",
        "Файлів: {n}",
        "позначено",
        "обов'язково",
        "— оберіть —",
        "ДД.ММ.РРРР",
        "Цифр: {n}",
    ),
    "pl": Words(
        "Tak",
        "Nie",
        "podpisano",
        "Pliki: 1",
        "Pliki: {n}",
        "zaznaczone",
        "wymagane",
        "— proszę wybrać —",
        "DD.MM.RRRR",
        "Cyfry: {n}",
    ),
}


def words(language: str) -> Words:
    """The fixed words for `language` (German when there are none for it)."""
    return _WORDS.get(language, _WORDS["de"])


def count_files(count: int, language: str = "de") -> str:
    """ "1 Datei", "2 Dateien": a number of files in the form's language."""
    fixed = words(language)
    return fixed.one_file if count == 1 else fixed.files.format(n=count)


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
    if isinstance(value, Decimal):
        return value
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def format_number(value: object, places: int | None = None) -> str:
    """A number with German separators: 1.234,5 (or with `places` decimals)."""
    number = _decimal(value)
    if number is None or not number.is_finite():
        return str(value)
    if places is not None:
        number = number.quantize(Decimal(1).scaleb(-places))
    text = f"{number:,f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def format_currency(value: object) -> str:
    """An amount in euro: 1.234,50 €."""
    number = _decimal(value)
    if number is None or not number.is_finite():
        return str(value)
    return f"{format_number(number, 2)} €"


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


def format_value(
    field: FormField,
    value: AnswerValue | Decimal,
    language: str = "de",
    *,
    files: Mapping[str, str] | None = None,
) -> str:
    """One answer as text for a reader.

    Args:
        field: the question (its type and options decide the text).
        value: the stored (or computed) answer.
        language: the language the form is shown in (option labels, Ja/Nein).
        files: attachment id → file name, so attached proofs are named; without it
            only their number is given.
    """
    if value is None or (not isinstance(value, Decimal) and value in ("", [])):
        return NO_ANSWER  # the engine's "unanswered" (`forms.fieldtypes.is_unanswered`)
    kind = field.type
    fixed = words(language)
    if kind == "date":
        return format_date(value)
    if kind == "currency":
        return format_currency(value)
    if kind == "decimal":
        return format_number(value)
    if kind == "integer":
        # Plain digits: an integer is a count or a year ("1948"), never "1.948".
        number = _decimal(value)
        return str(int(number)) if number is not None and number == int(number) else str(value)
    if kind == "boolean":
        return fixed.yes if value is True else fixed.no
    if kind == "declaration":
        return fixed.ticked if value is True else NO_ANSWER
    if kind == "choice":
        return option_label(field, str(value), language)
    if kind == "multichoice" and isinstance(value, list):
        return ", ".join(option_label(field, str(v), language) for v in value)
    if kind == "iban":
        return format_iban(str(value))
    if kind == "signature":
        return fixed.signed
    if kind == "attachment":
        ids = [str(v) for v in value] if isinstance(value, list) else [str(value)]
        names = [files[i] for i in ids if files is not None and i in files]
        if names and len(names) == len(ids):
            return ", ".join(names)
        return count_files(len(ids), language)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


# -- what a person types ---------------------------------------------------------------


def parse_german_decimal(text: str) -> Decimal | None:
    """ "1.234,50", "1234.50" or "1234,5" → Decimal; None if it is no number."""
    cleaned = text.strip().replace(" ", "").replace("€", "")
    if not cleaned:
        return None
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


_DATE = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*$")


def parse_german_date(text: str) -> dt.date | None:
    """ "3.2.1950" → date; None if it is no valid date."""
    match = _DATE.match(text)
    if not match:
        return None
    day, month, year = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def editable_number(value: object, places: int | None = None) -> str:
    """A stored number as a person types it: German comma, no thousands dots ("1234,50")."""
    number = parse_german_decimal(str(value))
    if number is None:
        return ""
    return format_number(number, places).replace(".", "")
