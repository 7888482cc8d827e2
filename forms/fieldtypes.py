"""Per-field-type parsing and checks of one answer, with German messages.

`make_parser(field)` is called once per field when a template is compiled; it returns a
function raw answer -> (typed value, problem or None). Typed values are what expressions
see: Decimal for numbers, datetime.date for dates, str, bool, list. A value that does not
parse becomes None (it still counts as answered, and the problem is reported).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from stdnum import iban as stdnum_iban
from stdnum.de import idnr as stdnum_idnr
from stdnum.exceptions import InvalidChecksum, ValidationError

from forms.model import FormField

#: (code, German message, Leichte-Sprache message or None)
Problem = tuple[str, str, str | None]
Parsed = tuple[Any, Problem | None]
Parser = Callable[[Any], Parsed]

#: Longest answer text looked at for numbers, dates and ids; longer is a type error.
_MAX_TOKEN = 40
#: Longest text answer accepted when the field sets no max_length.
MAX_TEXT_ANSWER = 100_000

_INTEGER = re.compile(r"^[+-]?\d{1,18}$")
_DECIMAL = re.compile(r"^[+-]?\d{1,18}(?:[.,]\d{1,10})?$")
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s.]+(?:\.[^@\s.]+)+$")
_PHONE = re.compile(r"^\+?[0-9][0-9 /-]{3,30}$")
_POSTAL_CODE = re.compile(r"^\d{5}$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_EARLIEST = dt.date(1900, 1, 1)
_LATEST = dt.date(2150, 12, 31)


def german_number(value: Decimal) -> str:
    """`value` as Germans write it: comma as decimal separator."""
    return format(value, "f").replace(".", ",")


def _type(message: str, easy: str | None = None) -> Problem:
    return ("type", message, easy)


def _as_decimal(raw: Any) -> Decimal | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return Decimal(raw) if abs(raw) < 10**18 else None
    if isinstance(raw, str) and len(raw) <= _MAX_TOKEN:
        text = raw.strip()
        if _DECIMAL.match(text):
            try:
                return Decimal(text.replace(",", "."))
            except InvalidOperation:  # pragma: no cover - regex guarantees a number
                return None
    return None


def _range(field: FormField) -> Callable[[Decimal], Problem | None]:
    low, high = field.min, field.max

    def check(value: Decimal) -> Problem | None:
        if low is not None and value < low:
            return (
                "min",
                f"Der Wert muss mindestens {german_number(low)} sein.",
                f"Die Zahl ist zu klein. Sie muss mindestens {german_number(low)} sein.",
            )
        if high is not None and value > high:
            return (
                "max",
                f"Der Wert darf höchstens {german_number(high)} sein.",
                f"Die Zahl ist zu groß. Sie darf höchstens {german_number(high)} sein.",
            )
        return None

    return check


def _integer(field: FormField) -> Parser:
    in_range = _range(field)
    wrong = _type("Bitte eine ganze Zahl eingeben, zum Beispiel 3.", "Bitte eine Zahl ohne Komma.")

    def parse(raw: Any) -> Parsed:
        if isinstance(raw, bool):
            return None, wrong
        if isinstance(raw, int):
            value = Decimal(raw) if abs(raw) < 10**18 else None
        elif isinstance(raw, str) and _INTEGER.match(raw.strip()):
            value = Decimal(raw.strip())
        else:
            value = None
        if value is None:
            return None, wrong
        return value, in_range(value)

    return parse


def _decimal(field: FormField, currency: bool) -> Parser:
    in_range = _range(field)
    if currency:
        wrong = _type(
            "Bitte einen Betrag in Euro eingeben, zum Beispiel 12,50.",
            "Bitte einen Betrag in Euro. Zum Beispiel: 12,50",
        )
    else:
        wrong = _type("Bitte eine Zahl eingeben, zum Beispiel 12,5.", "Bitte eine Zahl.")
    cents = _type(
        "Bitte höchstens zwei Stellen nach dem Komma eingeben (Cent).",
        "Nach dem Komma nur 2 Ziffern.",
    )

    def parse(raw: Any) -> Parsed:
        value = _as_decimal(raw)
        if value is None:
            return None, wrong
        if currency and value.as_tuple().exponent < -2:  # type: ignore[operator]
            return None, cents
        return value, in_range(value)

    return parse


def _date(field: FormField) -> Parser:
    wrong = _type(
        "Bitte ein gültiges Datum eingeben, zum Beispiel 31.12.1950.",
        "Das Datum stimmt nicht. Bitte prüfen.",
    )
    implausible = (
        "date_range",
        "Das Datum ist nicht plausibel. Bitte das Jahr prüfen.",
        "Das Jahr stimmt wohl nicht. Bitte prüfen.",
    )

    def parse(raw: Any) -> Parsed:
        if not isinstance(raw, str) or not _ISO_DATE.match(raw):
            return None, wrong
        try:
            value = dt.date.fromisoformat(raw)
        except ValueError:
            return None, wrong
        if not _EARLIEST <= value <= _LATEST:
            return None, implausible
        return value, None

    return parse


def _boolean(field: FormField) -> Parser:
    wrong = _type("Bitte Ja oder Nein wählen.", "Bitte Ja oder Nein.")

    def parse(raw: Any) -> Parsed:
        if isinstance(raw, bool):
            return raw, None
        return None, wrong

    return parse


def _text(field: FormField) -> Parser:
    limit = field.max_length or MAX_TEXT_ANSWER
    wrong = _type("Bitte einen Text eingeben.")

    def parse(raw: Any) -> Parsed:
        if not isinstance(raw, str):
            return None, wrong
        if len(raw) > limit:
            return raw[:limit], (
                "max_length",
                f"Bitte höchstens {limit} Zeichen eingeben (jetzt {len(raw)}).",
                f"Der Text ist zu lang. Höchstens {limit} Zeichen.",
            )
        return raw, None

    return parse


def _pattern(field: FormField, check: Callable[[str], str | None], problem: Problem) -> Parser:
    """Text that must pass `check`, which returns the normalized value or None."""
    text = _text(field)

    def parse(raw: Any) -> Parsed:
        value, trouble = text(raw)
        if trouble is not None:
            return value, trouble
        if len(raw) > 100:
            return None, problem
        normalized = check(raw.strip())
        if normalized is None:
            return None, problem
        return raw.strip(), None

    return parse


def _check_regex(pattern: re.Pattern[str]) -> Callable[[str], str | None]:
    return lambda s: s if pattern.match(s) else None


def _iban(field: FormField) -> Parser:
    checksum = (
        "iban",
        "Die Prüfziffer der IBAN stimmt nicht. Vermutlich ist eine Ziffer vertauscht.",
        "Die IBAN stimmt nicht. Bitte jede Ziffer prüfen.",
    )
    invalid = (
        "iban",
        "Das ist keine gültige IBAN. Eine deutsche IBAN beginnt mit DE und hat 22 Zeichen.",
        "Die IBAN stimmt nicht. Sie beginnt mit DE.",
    )
    text = _text(field)

    def parse(raw: Any) -> Parsed:
        _, trouble = text(raw)
        if trouble is not None or len(raw) > 60:
            return None, trouble or invalid
        try:
            stdnum_iban.validate(raw)
        except InvalidChecksum:
            return None, checksum
        except ValidationError:
            return None, invalid
        return raw.strip(), None

    return parse


def _tax_id(field: FormField) -> Parser:
    invalid = (
        "tax_id",
        "Die Steuer-Identifikationsnummer ist nicht gültig. Sie hat 11 Ziffern.",
        "Die Steuer-Nummer stimmt nicht. Sie hat 11 Ziffern.",
    )

    def check(s: str) -> str | None:
        try:
            return str(stdnum_idnr.validate(s))
        except ValidationError:
            return None

    return _pattern(field, check, invalid)


def _choice(field: FormField) -> Parser:
    values = frozenset(o.value for o in field.options)
    unknown = (
        "choice",
        "Diese Auswahl gibt es nicht. Bitte neu auswählen.",
        "Bitte noch einmal auswählen.",
    )

    def parse(raw: Any) -> Parsed:
        if isinstance(raw, str) and raw in values:
            return raw, None
        return None, unknown

    return parse


def _multichoice(field: FormField) -> Parser:
    values = frozenset(o.value for o in field.options)
    unknown = (
        "choice",
        "Mindestens eine Auswahl gibt es nicht. Bitte neu auswählen.",
        "Bitte noch einmal auswählen.",
    )

    def parse(raw: Any) -> Parsed:
        if isinstance(raw, list) and all(isinstance(v, str) and v in values for v in raw):
            return list(raw), None
        return None, unknown

    return parse


def _string_list(field: FormField) -> Parser:
    wrong = _type("Die Anhänge sind beschädigt. Bitte neu hinzufügen.")
    too_many = (
        "max_count",
        f"Bitte höchstens {field.max_count} Dateien anhängen.",
        f"Höchstens {field.max_count} Dateien.",
    )
    too_few = (
        "min_count",
        f"Bitte mindestens {field.min_count} Dateien anhängen.",
        f"Mindestens {field.min_count} Dateien.",
    )

    def parse(raw: Any) -> Parsed:
        if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
            return None, wrong
        if len(raw) > field.max_count:
            return list(raw), too_many
        if len(raw) < field.min_count:
            return list(raw), too_few
        return list(raw), None

    return parse


def _signature(field: FormField) -> Parser:
    wrong = _type("Die Unterschrift ist beschädigt. Bitte neu unterschreiben.")

    def parse(raw: Any) -> Parsed:
        if isinstance(raw, str):
            return raw, None
        return None, wrong

    return parse


def _group(field: FormField) -> Parser:  # rows are handled by the engine itself
    def parse(raw: Any) -> Parsed:  # pragma: no cover
        return raw, None

    return parse


def make_parser(field: FormField) -> Parser:
    """The parser of answers of `field`."""
    kind = field.type
    if kind == "integer":
        return _integer(field)
    if kind in ("decimal", "currency"):
        return _decimal(field, currency=kind == "currency")
    if kind == "date":
        return _date(field)
    if kind == "boolean":
        return _boolean(field)
    if kind == "choice":
        return _choice(field)
    if kind == "multichoice":
        return _multichoice(field)
    if kind == "iban":
        return _iban(field)
    if kind == "tax_id":
        return _tax_id(field)
    if kind == "email":
        return _pattern(
            field,
            _check_regex(_EMAIL),
            _type(
                "Bitte eine gültige E-Mail-Adresse eingeben, zum Beispiel name@beispiel.de.",
                "Die E-Mail-Adresse stimmt nicht.",
            ),
        )
    if kind == "phone":
        return _pattern(
            field,
            _check_regex(_PHONE),
            _type(
                "Bitte eine Telefonnummer nur mit Ziffern, +, Leerzeichen, / oder - eingeben.",
                "Die Telefon-Nummer stimmt nicht.",
            ),
        )
    if kind == "postal_code":
        return _pattern(
            field,
            _check_regex(_POSTAL_CODE),
            _type(
                "Bitte eine Postleitzahl mit 5 Ziffern eingeben.",
                "Die Post-Leit-Zahl hat 5 Ziffern.",
            ),
        )
    if kind == "attachment":
        return _string_list(field)
    if kind == "signature":
        return _signature(field)
    if kind == "group":
        return _group(field)
    return _text(field)


def is_unanswered(raw: Any) -> bool:
    """Missing, None, empty text or empty list: the contract's "unanswered"."""
    return raw is None or raw in ("", [])


def to_json(value: Any, field_type: str) -> Any:
    """A typed value (as expressions see it) as a JSON-ready answer of `field_type`."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        if field_type == "integer" and value == value.to_integral_value():
            return int(value)
        if field_type == "currency":
            try:
                return format(value.quantize(Decimal("0.01")), "f")
            except InvalidOperation:
                return format(value, "f")
        return format(value.normalize(), "f") if value else "0"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [to_json(v, "") for v in value]
    return value
