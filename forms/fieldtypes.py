"""Per-field-type parsing and checks of one answer, with German messages.

`make_parser(field)` is called once per field when a template is compiled; it returns a
function raw answer -> (typed value, problem or None). Typed values are what expressions
see: Decimal for numbers, datetime.date for dates, str, bool, list. A value that does not
parse becomes None (it still counts as answered, and the problem is reported).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple

from stdnum import iban as stdnum_iban
from stdnum import numdb
from stdnum.de import idnr as stdnum_idnr
from stdnum.exceptions import InvalidChecksum, ValidationError

from forms.display import count_files
from forms.model import FormField


class AnswerProblem(NamedTuple):
    """What is wrong with one answer, said for the person who typed it.

    Messages say what is wrong and what to do, never the field's label: the field shows
    them under its own label, and a list of open points puts the label in front once.
    """

    code: str  # machine-readable: "type", "min", "iban", ...
    message: str  # German
    easy: str | None = None  # Leichte Sprache
    i18n: Mapping[str, str] = {}  # other languages of the form, by code ("en")


Parsed = tuple[Any, AnswerProblem | None]
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


def _problem(code: str, message: str, english: str, easy: str | None = None) -> AnswerProblem:
    return AnswerProblem(code, message, easy, {"en": english})


def _type(message: str, english: str, easy: str | None = None) -> AnswerProblem:
    return _problem("type", message, english, easy)


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


def _range(field: FormField) -> Callable[[Decimal], AnswerProblem | None]:
    low, high = field.min, field.max

    def check(value: Decimal) -> AnswerProblem | None:
        if low is not None and value < low:
            return _problem(
                "min",
                f"Der Wert muss mindestens {german_number(low)} sein.",
                f"The value must be at least {german_number(low)}.",
                f"Die Zahl ist zu klein. Sie muss mindestens {german_number(low)} sein.",
            )
        if high is not None and value > high:
            return _problem(
                "max",
                f"Der Wert darf höchstens {german_number(high)} sein.",
                f"The value must be at most {german_number(high)}.",
                f"Die Zahl ist zu groß. Sie darf höchstens {german_number(high)} sein.",
            )
        return None

    return check


def _integer(field: FormField) -> Parser:
    in_range = _range(field)
    wrong = _type(
        "Bitte eine ganze Zahl eingeben, zum Beispiel 3.",
        "Please enter a whole number, for example 3.",
        "Bitte eine Zahl ohne Komma.",
    )

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
            "Please enter an amount in euros, for example 12,50.",
            "Bitte einen Betrag in Euro. Zum Beispiel: 12,50",
        )
    else:
        wrong = _type(
            "Bitte eine Zahl eingeben, zum Beispiel 12,5.",
            "Please enter a number, for example 12,5.",
            "Bitte eine Zahl.",
        )
    cents = _type(
        "Bitte höchstens zwei Stellen nach dem Komma eingeben (Cent).",
        "Please enter at most two digits after the comma (cents).",
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


_MONTHS = (
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
)
_MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
#: A date as a person types it: 3.2.1950, 03.02.50, 30.02.1950 (not checked for sense).
_TYPED_DATE = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{1,4})\s*$")


def _typed_date_problem(text: str) -> AnswerProblem:
    """Why `text`, which is not an ISO date, is no date: as precisely as it can be said.

    The screen keeps what a person typed when it is no date, so "30.02.1950" stays in
    the field (and in the draft) with this message until it is corrected.
    """
    example = "zum Beispiel 31.12.1950"
    match = _TYPED_DATE.match(text)
    if match is None:
        return _type(
            f"Bitte das Datum so eingeben: TT.MM.JJJJ, {example}.",
            "Please enter the date as DD.MM.YYYY, for example 31.12.1950.",
            "Das Datum stimmt nicht. Bitte so schreiben: 31.12.1950",
        )
    day, month, year = (int(g) for g in match.groups())
    if len(match.group(3)) != 4:
        return _type(
            f"Bitte das Jahr mit vier Ziffern eingeben, {example}.",
            "Please enter the year with four digits, for example 31.12.1950.",
            "Das Jahr hat 4 Ziffern. Zum Beispiel: 1950",
        )
    if not 1 <= month <= 12:
        return _type(
            f"Einen Monat {month} gibt es nicht. Der Monat ist eine Zahl von 1 bis 12.",
            f"There is no month {month}. The month is a number from 1 to 12.",
            "Der Monat stimmt nicht. Er ist eine Zahl von 1 bis 12.",
        )
    days = (31, 29 if calendar.isleap(year) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
    if not 1 <= day <= days[month - 1]:
        name, name_en = _MONTHS[month - 1], _MONTHS_EN[month - 1]
        return _type(
            f"Den {text.strip()} gibt es nicht: Der {name} {year} hat {days[month - 1]} Tage. "
            "Bitte den Tag prüfen.",
            f"There is no {text.strip()}: {name_en} {year} has {days[month - 1]} days. "
            "Please check the day.",
            f"Diesen Tag gibt es nicht. Der {name} hat {days[month - 1]} Tage.",
        )
    # A real day, but not in the stored form (ISO): only other programs send that.
    return _type(
        "Das Datum muss als JJJJ-MM-TT angegeben sein, zum Beispiel 1950-12-31.",
        "The date must be given as YYYY-MM-DD, for example 1950-12-31.",
    )


def _date(field: FormField) -> Parser:
    implausible = _problem(
        "date_range",
        "Das Datum ist nicht plausibel. Bitte das Jahr prüfen.",
        "The date is not plausible. Please check the year.",
        "Das Jahr stimmt wohl nicht. Bitte prüfen.",
    )

    def parse(raw: Any) -> Parsed:
        if not isinstance(raw, str) or len(raw) > _MAX_TOKEN:
            return None, _typed_date_problem("")
        if not _ISO_DATE.match(raw):
            return None, _typed_date_problem(raw)
        try:
            value = dt.date.fromisoformat(raw)
        except ValueError:
            year, month, day = raw.split("-")
            return None, _typed_date_problem(f"{day}.{month}.{year}")
        if not _EARLIEST <= value <= _LATEST:
            return None, implausible
        return value, None

    return parse


def _boolean(field: FormField) -> Parser:
    wrong = _type("Bitte Ja oder Nein wählen.", "Please choose Yes or No.", "Bitte Ja oder Nein.")

    def parse(raw: Any) -> Parsed:
        if isinstance(raw, bool):
            return raw, None
        return None, wrong

    return parse


#: Why a declaration is not given: asked when it is required and not ticked.
DECLARATION_MISSING = _problem(
    "required",
    "Bitte ankreuzen, wenn die Erklärung zutrifft.",
    "Please tick the box if the declaration is true.",
    "Bitte ein Kreuz machen, wenn es stimmt.",
)


def _declaration(field: FormField) -> Parser:
    """A declaration is given (true) or not given (unanswered); `false` is no answer."""
    not_given = DECLARATION_MISSING._replace(code="type")

    def parse(raw: Any) -> Parsed:
        if raw is True:
            return True, None
        return None, not_given

    return parse


def _text(field: FormField) -> Parser:
    limit = field.max_length or MAX_TEXT_ANSWER
    wrong = _type("Bitte einen Text eingeben.", "Please enter a text.")

    def parse(raw: Any) -> Parsed:
        if not isinstance(raw, str):
            return None, wrong
        if len(raw) > limit:
            return raw[:limit], _problem(
                "max_length",
                f"Bitte höchstens {limit} Zeichen eingeben (jetzt {len(raw)}).",
                f"Please enter at most {limit} characters (now {len(raw)}).",
                f"Der Text ist zu lang. Höchstens {limit} Zeichen.",
            )
        return raw, None

    return parse


def _pattern(
    field: FormField, check: Callable[[str], str | None], problem: AnswerProblem
) -> Parser:
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


_IBAN_DB = numdb.get("iban")
_IBAN_PART = re.compile(r"([1-9][0-9]*)!([nac])")


def _iban_shape(country: str) -> tuple[int, bool] | None:
    """(length, digits only) of an IBAN of `country` by stdnum's register; None if none."""
    found = _IBAN_DB.info(country)
    if not found or not found[0][1]:
        return None
    parts = _IBAN_PART.findall(found[0][1].get("bban", ""))
    return 4 + sum(int(count) for count, _kind in parts), all(k == "n" for _c, k in parts)


def _iban_problem(compact: str) -> AnswerProblem | None:
    """What is wrong with an IBAN, in the order a person checks it: country, length, digits.

    stdnum checks the check digits first, so "DE1234" would be told its check digits are
    wrong, when it is simply too short.
    """
    country = compact[:2]
    if not re.fullmatch(r"[A-Z]{2}", country):
        return _problem(
            "iban",
            "Eine IBAN beginnt mit zwei Buchstaben für das Land, zum Beispiel DE.",
            "An IBAN starts with two letters for the country, for example DE.",
            "Die IBAN beginnt mit DE.",
        )
    shape = _iban_shape(country)
    if shape is None:
        return _problem(
            "iban",
            f"Eine IBAN mit {country} am Anfang gibt es nicht. Bitte die ersten Buchstaben prüfen.",
            f"There is no IBAN starting with {country}. Please check the first letters.",
            "Die IBAN stimmt nicht. Sie beginnt mit DE.",
        )
    length, digits_only = shape
    if len(compact) != length:
        where = "deutsche IBAN" if country == "DE" else f"IBAN aus dem Land {country}"
        where_en = "German IBAN" if country == "DE" else f"IBAN from {country}"
        return _problem(
            "iban",
            f"Eine {where} hat {length} Zeichen, hier sind es {len(compact)}. "
            "Bitte auf fehlende oder doppelte Ziffern prüfen.",
            f"A {where_en} has {length} characters; this one has {len(compact)}. "
            "Please check for missing or repeated digits.",
            f"Die IBAN hat {length} Zeichen. Bitte jede Ziffer prüfen.",
        )
    if not compact[2:].isdigit() and digits_only:
        return _problem(
            "iban",
            f"Nach {country} folgen in dieser IBAN nur Ziffern. Steht irgendwo ein O statt "
            "einer 0 oder ein I statt einer 1?",
            f"After {country} this IBAN has digits only. Is there an O instead of a 0 or an "
            "I instead of a 1?",
            f"Nach {country} kommen nur Ziffern.",
        )
    try:
        stdnum_iban.validate(compact)
    except InvalidChecksum:
        return _problem(
            "iban",
            "Die Prüfziffer der IBAN stimmt nicht. Vermutlich ist eine Ziffer vertauscht.",
            "The IBAN's check digits do not match. Probably two digits are swapped.",
            "Die IBAN stimmt nicht. Bitte jede Ziffer prüfen.",
        )
    except ValidationError:
        return _problem(
            "iban",
            "Das ist keine gültige IBAN. Bitte jedes Zeichen prüfen.",
            "This is not a valid IBAN. Please check every character.",
            "Die IBAN stimmt nicht. Bitte jede Ziffer prüfen.",
        )
    return None


def _iban(field: FormField) -> Parser:
    text = _text(field)

    def parse(raw: Any) -> Parsed:
        _, trouble = text(raw)
        if trouble is not None:
            return None, trouble
        problem = _iban_problem(stdnum_iban.compact(raw[:60]))
        if problem is None and len(raw) > 60:  # pragma: no cover - no IBAN is this long
            problem = _iban_problem(raw)
        if problem is not None:
            return None, problem
        return raw.strip(), None

    return parse


def _tax_id(field: FormField) -> Parser:
    invalid = _problem(
        "tax_id",
        "Die Steuer-Identifikationsnummer ist nicht gültig. Sie hat 11 Ziffern.",
        "The tax identification number is not valid. It has 11 digits.",
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
    unknown = _problem(
        "choice",
        "Diese Auswahl gibt es nicht. Bitte neu auswählen.",
        "This choice does not exist. Please choose again.",
        "Bitte noch einmal auswählen.",
    )

    def parse(raw: Any) -> Parsed:
        if isinstance(raw, str) and raw in values:
            return raw, None
        return None, unknown

    return parse


def _multichoice(field: FormField) -> Parser:
    values = frozenset(o.value for o in field.options)
    unknown = _problem(
        "choice",
        "Mindestens eine Auswahl gibt es nicht. Bitte neu auswählen.",
        "At least one choice does not exist. Please choose again.",
        "Bitte noch einmal auswählen.",
    )

    def parse(raw: Any) -> Parsed:
        if isinstance(raw, list) and all(isinstance(v, str) and v in values for v in raw):
            return list(raw), None
        return None, unknown

    return parse


def _string_list(field: FormField) -> Parser:
    wrong = _type(
        "Die Anhänge sind beschädigt. Bitte neu hinzufügen.",
        "The attachments are damaged. Please add them again.",
    )
    most, least = field.max_count, field.min_count
    too_many = _problem(
        "max_count",
        f"Bitte höchstens {count_files(most)} anhängen.",
        f"Please attach at most {count_files(most, 'en')}.",
        f"Höchstens {count_files(most)}.",
    )
    too_few = _problem(
        "min_count",
        f"Bitte mindestens {count_files(least)} anhängen.",
        f"Please attach at least {count_files(least, 'en')}.",
        f"Mindestens {count_files(least)}.",
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
    wrong = _type(
        "Die Unterschrift ist beschädigt. Bitte neu unterschreiben.",
        "The signature is damaged. Please sign again.",
    )

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
    if kind == "declaration":
        return _declaration(field)
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
                "Please enter a valid e-mail address, for example name@example.org.",
                "Die E-Mail-Adresse stimmt nicht.",
            ),
        )
    if kind == "phone":
        return _pattern(
            field,
            _check_regex(_PHONE),
            _type(
                "Bitte eine Telefonnummer nur mit Ziffern, +, Leerzeichen, / oder - eingeben.",
                "Please enter a phone number with digits, +, spaces, / or - only.",
                "Die Telefon-Nummer stimmt nicht.",
            ),
        )
    if kind == "postal_code":
        return _pattern(
            field,
            _check_regex(_POSTAL_CODE),
            _type(
                "Bitte eine Postleitzahl mit 5 Ziffern eingeben.",
                "Please enter a German postcode with 5 digits.",
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
