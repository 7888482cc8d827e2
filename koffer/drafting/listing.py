"""The list of applications on this laptop, and finding one in it as people search.

A worker looks for "Mustermann", for "12.03.1948" or for "Lindenweg" and mistypes it:
the list is searched like the catalog (`forms.search`: folded words, parts of words,
typos), over the citizen's name, the form's title, and the birth date and address the
form holds (in the fields every catalog form uses for them, `koffer.drafting.defaults`).
Every word typed must match, so "Erika 1948" narrows the list to that person.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from forms.display import format_date
from forms.search import CatalogIndex, words
from koffer.drafting.defaults import BIRTH_DATE, CITY, POSTAL_CODE, STREET, WHOLE_ADDRESS
from koffer.drafting.wording import CHANGED_TODAY, CHANGED_YESTERDAY, LIST_EMPTY, LIST_NO_MATCH
from koffer.store import DraftStore, DraftSummary

#: The answers besides name and form title that the list is searched by.
SEARCHED_FIELDS = (BIRTH_DATE, STREET, POSTAL_CODE, CITY, WHOLE_ADDRESS)


@dataclass(frozen=True)
class _Entry:
    """One draft as `forms.search` reads it (`Searchable`)."""

    summary: DraftSummary
    title: str
    keywords: Sequence[str]
    title_i18n: Mapping[str, str] = field(default_factory=dict)
    synonyms: Sequence[str] = ()
    topic: str = ""
    description: str = ""


def _texts(answers: Mapping[str, Any]) -> list[str]:
    out: list[str] = []
    birth = answers.get(BIRTH_DATE)
    if isinstance(birth, str) and birth:
        out.append(format_date(birth))  # as typed: 12.03.1948
        try:
            day = dt.date.fromisoformat(birth)
        except ValueError:
            pass
        else:
            out.append(f"{day.day}.{day.month}.{day.year}")  # 12.3.1948
    for key in SEARCHED_FIELDS[1:]:
        value = answers.get(key)
        if isinstance(value, str | int) and str(value).strip():
            out.append(str(value))
    return out


def find_drafts(drafts: DraftStore, query: str = "") -> list[DraftSummary]:
    """Drafts, newest change first; for a query those matching every word, best first."""
    summaries = drafts.list_drafts()
    if not words(query):  # nothing searchable typed (blank, a stopword): no filter
        return summaries
    answers = drafts.answers_for_search(SEARCHED_FIELDS)
    entries = [
        _Entry(
            summary,
            summary.citizen_name or "",
            [summary.form_title, *_texts(answers.get(summary.id, {}))],
        )
        for summary in summaries
    ]
    index: CatalogIndex[_Entry] = CatalogIndex(entries)
    return [e.summary for e in index.search(query, limit=len(entries), every_word=True)]


def changed_short(moment: dt.datetime, now: dt.datetime) -> tuple[str, dict[str, str]]:
    """When a draft was changed, short: the (untranslated) text and what fills it in.

    "heute 07:26", "gestern 18:02", else the date "28.11.2026" (the hour of a change
    days ago does not help to find a draft). Both in `now`'s time zone: the laptop's.
    For the compact list at large text, where "02.12.2026 07:26" took a line of its own.
    """
    local = moment.astimezone(now.tzinfo)
    days = (now.date() - local.date()).days
    time = local.strftime("%H:%M")
    if days == 0:
        return CHANGED_TODAY, {"time": time}
    if days == 1:
        return CHANGED_YESTERDAY, {"time": time}
    return "{date}", {"date": format_date(local.date())}


def empty_message(query: str) -> str:
    """What the list says when it shows nothing (`koffer.drafting.wording`, untranslated).

    A query that was searched finds nothing ("{query}" to fill in); without one, there
    is no application on the laptop yet.
    """
    return LIST_NO_MATCH if words(query) else LIST_EMPTY
