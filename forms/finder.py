"""One search over the catalog's forms and the town's service directory.

WHY its own module: the catalog screen searches from its first paint, before the
directory (pydantic models, `forms.directory`) is parsed on the worker; this module
imports neither pydantic nor the directory's models, so the first screen does not
wait for them (`bench_ui`: cold start to a usable catalog).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from forms.search import CatalogIndex, Searchable

if TYPE_CHECKING:
    from forms.directory import ServiceDirectory, ServiceEntry


@dataclass(frozen=True)
class Hit:
    """One search result: a form (with its service, if the directory has one) or a
    service without a form in this catalog."""

    card: Searchable | None
    service: ServiceEntry | None

    @property
    def title(self) -> str:
        """What the result list shows."""
        if self.card is not None:
            return self.card.title
        assert self.service is not None
        return self.service.name

    @property
    def has_form(self) -> bool:
        """Whether a form can be started (else: where to turn, what to bring)."""
        return self.card is not None


class Finder:
    """The catalog search over the forms' cards and the directory's services together.

    A service linked to a form in the catalog is found through either and shown once, as
    that form; a service whose form is not in the catalog (or that has none) is shown as
    a service, so the worker still learns where to turn.
    """

    def __init__(self, cards: Iterable[Any], directory: ServiceDirectory | None) -> None:
        """Args:
        cards: the forms' cards (`forms.summary.TemplateSummary` or templates), newest
            version of each form.
        """
        self.cards = list(cards)
        #: the directory searched (None: the forms only)
        self.directory = directory
        ids = {c.id for c in self.cards}
        services = list(directory.services) if directory is not None else []
        self.service_of: dict[str, ServiceEntry] = {
            s.template_id: s for s in services if s.template_id in ids and s.template_id
        }
        self.without_form = [s for s in services if s.template_id not in ids]
        #: the index holds cards and services together; these are the services
        self._services = {id(s) for s in services}
        self._index: CatalogIndex[Any] = CatalogIndex([*self.cards, *services])

    def _hit(self, item: Any) -> Hit:
        if id(item) in self._services:
            card = next((c for c in self.cards if c.id == item.template_id), None)
            return Hit(card=card, service=item)
        return Hit(card=item, service=self.service_of.get(item.id))

    def search(self, query: str, limit: int = 30) -> list[Hit]:
        """Forms and services matching `query`, best first, each form at most once."""
        out: list[Hit] = []
        seen: set[str] = set()
        for item in self._index.search(query, limit=limit * 2):
            hit = self._hit(item)
            key = f"form:{hit.card.id}" if hit.card is not None else f"service:{item.id}"  # type: ignore[attr-defined]
            if key in seen:
                continue
            seen.add(key)
            out.append(hit)
            if len(out) >= limit:
                break
        return out
