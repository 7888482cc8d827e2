"""Find a form in the catalog the way people ask for it: "Miete", "Mitzuschuss", "wohngelt".

Every template's title, keywords, synonyms, topic and description are folded (lower case,
ä→ae, ß→ss, accents dropped) and split into words once, into one vocabulary shared by the
whole catalog. A query word then matches vocabulary words exactly, as a part of a word
("miet" in "mietzuschuss") or with typos (rapidfuzz ratio), and each template scores the
best match per query word, weighted by where the word was found (title counts most).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import Generic, Protocol, TypeVar

from rapidfuzz import fuzz, process

#: How much a match counts, by where in the template it is found.
WEIGHTS = {"title": 3.0, "keywords": 2.5, "synonyms": 2.0, "topic": 1.5, "description": 1.0}
#: Lowest rapidfuzz ratio that still counts as a typo of a word.
TYPO_CUTOFF = 75.0
#: Words that say nothing about which form is meant.
STOPWORDS = frozenset(
    [
        "der",
        "die",
        "das",
        "den",
        "dem",
        "des",
        "ein",
        "eine",
        "einen",
        "einer",
        "und",
        "oder",
        "fuer",
        "zum",
        "zur",
        "zu",
        "von",
        "mit",
        "bei",
        "auf",
        "in",
        "im",
        "ich",
        "mein",
        "meine",
        "antrag",
        "formular",
    ]
)

_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_NON_WORD = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Lower case, umlauts spelled out, accents and punctuation dropped."""
    text = text.casefold().translate(_FOLD)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", text).strip()


def words(text: str) -> list[str]:
    """Folded words of `text` without stopwords."""
    return [w for w in fold(text).split() if len(w) > 1 and w not in STOPWORDS]


class Searchable(Protocol):
    """What search reads of a form: a `forms.model.Template` or a `forms.summary` card."""

    @property
    def title(self) -> str: ...
    @property
    def title_i18n(self) -> Mapping[str, str]: ...
    @property
    def keywords(self) -> Sequence[str]: ...
    @property
    def synonyms(self) -> Sequence[str]: ...
    @property
    def topic(self) -> str: ...
    @property
    def description(self) -> str: ...


T = TypeVar("T", bound=Searchable)


class CatalogIndex(Generic[T]):
    """A search index over templates or their catalog cards; build once, query many times.

    It works on anything `Searchable`, so the catalog screen can search the light cards
    from `forms.summary` without loading (and validating) every template first.
    """

    def __init__(self, templates: Iterable[T]) -> None:
        self.templates: list[T] = list(templates)
        postings: dict[str, dict[int, float]] = {}
        for index, template in enumerate(self.templates):
            for where, texts in self._texts(template):
                weight = WEIGHTS[where]
                for text in texts:
                    for word in words(text):
                        slot = postings.setdefault(word, {})
                        if slot.get(index, 0.0) < weight:
                            slot[index] = weight
        self._vocabulary: list[str] = sorted(postings)
        self._postings = postings
        self._by_title = sorted(
            range(len(self.templates)), key=lambda i: self.templates[i].title.casefold()
        )

    @staticmethod
    def _texts(template: Searchable) -> list[tuple[str, Sequence[str]]]:
        return [
            ("title", [template.title, *template.title_i18n.values()]),
            ("keywords", template.keywords),
            ("synonyms", template.synonyms),
            ("topic", [template.topic]),
            ("description", [template.description]),
        ]

    def _matches(self, word: str) -> dict[str, float]:
        """Vocabulary words matching one query word, with a 0..1 score."""
        found: dict[str, float] = {}
        if word in self._postings:
            found[word] = 1.0
        if word.isdigit():
            # a number is a year, a postal code, a house number: one digit off is another
            # one ("1948" is not "1984", 34117 not 34121), so only its beginning counts
            for candidate in self._vocabulary:
                if len(word) >= 3 and candidate.startswith(word) and candidate != word:
                    found[candidate] = 0.9
            return found
        if len(word) >= 3:
            for candidate in self._vocabulary:
                if word in candidate and candidate != word:
                    found[candidate] = 0.9 if candidate.startswith(word) else 0.8
        if len(word) >= 4:
            for candidate, score, _ in process.extract(
                word, self._vocabulary, scorer=fuzz.ratio, score_cutoff=TYPO_CUTOFF, limit=None
            ):
                found[candidate] = max(found.get(candidate, 0.0), score / 100 * 0.95)
        return found

    def search(self, query: str, limit: int = 20, *, every_word: bool = False) -> list[T]:
        """Templates matching `query`, best first; all templates by title if it is empty.

        Args:
            every_word: only entries that match every word of the query (a list of
                people narrowed by "Erika 1950"), not the best of any word (a catalog).
        """
        query_words = words(query)[:10]
        if not query_words:
            return [self.templates[i] for i in self._by_title][:limit]
        scores: dict[int, float] = {}
        hits: dict[int, int] = {}
        for word in query_words:
            best: dict[int, float] = {}
            for candidate, score in self._matches(word).items():
                for index, weight in self._postings[candidate].items():
                    value = score * weight
                    if value > best.get(index, 0.0):
                        best[index] = value
            for index, value in best.items():
                scores[index] = scores.get(index, 0.0) + value
                hits[index] = hits.get(index, 0) + 1
        matching = [i for i in scores if hits[i] == len(query_words)] if every_word else scores
        ranked = sorted(
            matching,
            key=lambda i: (-hits[i], -scores[i], self.templates[i].title.casefold()),
        )
        return [self.templates[i] for i in ranked[:limit]]
