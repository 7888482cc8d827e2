"""Every form the laptop knows: the shipped catalog and what the town hall published.

The catalog screen and its search work on light cards (`forms.summary.TemplateSummary`)
that the shipped index gives without parsing a template; the full templates (needed to
start, open, finalise or print a draft) are parsed once, on the worker. A draft keeps
the exact version it was started with (`Catalog.exact`).
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import threading
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported lazily: the first screen must not wait for them
    from forms.directory import ServiceDirectory
    from forms.engine import CompiledTemplate
    from forms.finder import Hit
    from forms.model import Template
    from forms.summary import TemplateSummary
    from koffer.store import DeviceStore
    from koffer.store.lane import StoreLane

log = logging.getLogger(__name__)


class Catalog:
    """Every template the laptop knows, the newest version of each searchable.

    The screen and search work on light cards (`forms.summary.TemplateSummary`), which
    the shipped index gives without parsing a single template. The full templates (needed
    to start, open or print a form) come from `load_rest`, run once: in the background
    right after the catalog is shown (`load_all` on the worker), or at the latest by the
    first `get` that needs one. Every method is safe to call from any thread.
    """

    def __init__(
        self,
        templates: Iterable[Template] = (),
        *,
        summaries: Iterable[TemplateSummary] = (),
        load_rest: Callable[[], Iterable[Template]] | None = None,
        directory: ServiceDirectory | None = None,
        load_directory: Callable[[], ServiceDirectory | None] | None = None,
    ) -> None:
        """Build the catalog.

        Args:
            templates: templates already loaded (e.g. published by the town hall).
            summaries: cards of templates that `load_rest` will load when needed.
            load_rest: loads the templates behind `summaries` (once).
            directory: the town's service directory: what search finds besides forms.
            load_directory: reads the directory (once, in `load_all`) when it is not
                given: parsing it takes pydantic, which the first screen must not wait
                for; until then search finds the forms only.
        """
        from forms.summary import TemplateSummary

        self._templates: dict[tuple[str, str], Template] = {}
        self._cards: dict[tuple[str, str], TemplateSummary] = {s.key: s for s in summaries}
        for template in templates:
            self._templates[template.key] = template
            self._cards[template.key] = TemplateSummary.of(template)
        self._load_rest = load_rest if self._cards.keys() - self._templates.keys() else None
        self._lock = threading.Lock()
        self._compile_lock = threading.Lock()
        newest: dict[str, TemplateSummary] = {}
        for card in self._cards.values():
            current = newest.get(card.id)
            if current is None or _version(card.version) > _version(current.version):
                newest[card.id] = card
        #: The newest version of every offered form, by topic and title (what is shown).
        self.cards: list[TemplateSummary] = sorted(
            newest.values(), key=lambda t: (t.topic, t.title)
        )
        self._compiled: dict[tuple[str, str], CompiledTemplate] = {}
        self._index: Any = None
        #: Every service of the town, with or without a form (`forms.directory`);
        #: None until `load_all` has read it (if it comes from `load_directory`).
        self.directory = directory
        self._load_directory = load_directory if directory is None else None
        self._finder: Any = None

    @property
    def latest(self) -> list[Template]:
        """The full templates of `cards` (loads them if that has not happened yet)."""
        found = (self.get(card.id, card.version) for card in self.cards)
        return [t for t in found if t is not None]

    def retire(self, template_ids: Iterable[str]) -> None:
        """Offer no new drafts of these forms; drafts of them keep working (`get` by version)."""
        gone = set(template_ids)
        self.cards = [c for c in self.cards if c.id not in gone]
        self._index = None
        self._finder = None

    def search(self, query: str) -> list[TemplateSummary]:
        """Cards matching `query` best first; all (by topic) for an empty query."""
        if not query.strip():
            return list(self.cards)
        if self._index is None:
            from forms.search import CatalogIndex

            self._index = CatalogIndex(self.cards)
        return list(self._index.search(query))

    def find(self, query: str) -> list[Hit]:
        """Forms and services for `query`, best first (`forms.finder.Finder`).

        A service whose form is in the catalog comes as that form, with its office and
        what to bring; a service without a form here comes on its own, so the worker
        still learns where the citizen can turn. An empty query lists every form by
        topic (the directory is searched, not browsed).
        """
        from forms.finder import Finder, Hit

        finder: Finder | None = self._finder
        directory = self.directory  # `load_all` may set it on the worker meanwhile
        if finder is None or finder.directory is not directory:
            finder = self._finder = Finder(self.cards, directory)
        if not query.strip():
            return [Hit(card, finder.service_of.get(card.id)) for card in self.cards]
        return finder.search(query)

    @property
    def fully_loaded(self) -> bool:
        """Whether every template and the service directory are read (`get` will not
        block, search finds the services too)."""
        return self._load_rest is None and self._load_directory is None

    def load_all(self) -> None:
        """Parse every template not loaded yet, then the service directory (slow: run it
        on the worker, not the UI). Searches after it find the services as well."""
        with self._lock:
            if self._load_rest is not None:
                loaded = {t.key: t for t in self._load_rest()}
                for key in self._cards.keys() - self._templates.keys():
                    if key in loaded:
                        self._templates[key] = loaded[key]
                self._load_rest = None
            if self._load_directory is not None:
                self.directory = self._load_directory()
                self._load_directory = None
                self._finder = None  # the next search includes the services

    def loaded(self, card: TemplateSummary | Template) -> Template | None:
        """The full template of `card` if it is loaded already (never blocks)."""
        return self._templates.get((card.id, card.version))

    def get(self, template_id: str, version: str | None = None) -> Template | None:
        """A template by id and version (newest if no version or unknown version).

        Loads the full templates first if they are not yet: call it off the UI thread
        unless `fully_loaded` (or `loaded` says the template is there).
        """
        if version is not None and (template_id, version) in self._cards:
            key: tuple[str, str] | None = (template_id, version)
        else:
            card = next((c for c in self.cards if c.id == template_id), None)
            key = card.key if card is not None else None
        if key is None:
            return None
        if key not in self._templates:
            self.load_all()
        return self._templates.get(key)

    def exact(self, template_id: str, version: str) -> Template | None:
        """Exactly this version of a form, or None (never another version).

        What a draft was started, reviewed and signed on must be what it is finalised
        and printed with; `get` would fall back to the newest version.
        """
        if (template_id, version) not in self._cards:
            return None
        if (template_id, version) not in self._templates:
            self.load_all()
        return self._templates.get((template_id, version))

    def versions(self, template_id: str) -> list[str]:
        """Every known version of a form, oldest first (by semantic version)."""
        found = [v for (tid, v) in self._cards if tid == template_id]
        return sorted(found, key=_version)

    def compiled(self, template: Template) -> CompiledTemplate:
        """The compiled template (cached): what evaluates answers."""
        key = template.key
        with self._compile_lock:
            cached = self._compiled.get(key)
        if cached is None:
            from forms.engine import compile_template

            cached = compile_template(template)
            with self._compile_lock:
                cached = self._compiled.setdefault(key, cached)
        return cached


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(p) for p in text.split("."))


def load_catalog(device: DeviceStore | None, *, lane: StoreLane | None = None) -> Catalog:
    """The shipped catalog plus every template the town hall published to this laptop.

    The shipped forms come as cards from their index (fast, no pydantic); they are parsed
    later by `Catalog.load_all`. Only if the index is stale (a developer changed a YAML
    file without `koffer-forms index`) are they parsed here, as before.

    Args:
        lane: where device.db is read (the app's store lane: parsing runs on the
            caller's thread, the reads on the store's); None: right here.
    """
    cards = _shipped_summaries()
    templates: list[Template] = [] if cards is not None else list(_shipped_templates())
    known = {c.key for c in cards} if cards is not None else {t.key for t in templates}
    published: list[tuple[str, str, str]] = []
    retired: set[str] = set()
    if device is not None:
        try:
            if lane is None:
                published, retired = _published(device, known)
            else:
                published, retired = lane(lambda: _published(device, known))
        except Exception:
            log.exception("cannot read the device catalog")
    for template_id, version, text in published:
        try:
            from forms.loader import load_template_text

            templates.append(load_template_text(text, f"{template_id}@{version}"))
        except Exception:  # noqa: BLE001 - skip one bad template, keep the rest
            log.warning("skipping an unreadable catalog template")
    catalog = Catalog(
        templates,
        summaries=cards or (),
        load_rest=_shipped_templates,
        load_directory=lambda: _directory(device, lane),
    )
    catalog.retire(retired)  # retired forms: no new drafts, existing ones keep working
    return catalog


def _directory(device: DeviceStore | None, lane: StoreLane | None) -> ServiceDirectory | None:
    """The town's service directory (device.db read on the lane); None if unreadable."""
    from koffer.townhall.catalog_files import service_directory

    try:
        return lane(lambda: service_directory(device)) if lane else service_directory(device)
    except Exception:
        log.exception("cannot read the service directory")
        return None


def _published(
    device: DeviceStore, known: set[tuple[str, str]]
) -> tuple[list[tuple[str, str, str]], set[str]]:
    """(id, version, YAML) of every stored template not shipped, and the retired ids."""
    from koffer.townhall.manifest import retired_template_ids

    texts = []
    for entry in device.list_templates():
        key = (entry.template_id, entry.version)
        if key in known:
            continue
        text = device.get_template_text(*key)
        if text is not None:
            texts.append((*key, text))
    today = dt.datetime.now(dt.UTC).astimezone().date()
    return texts, retired_template_ids(device, today)


@functools.cache
def _shipped_summaries() -> tuple[TemplateSummary, ...] | None:
    """The cards of the shipped catalog from its index; None when the index is stale."""
    import forms
    from forms.summary import read_summaries

    cards = read_summaries(forms.catalog_dir())
    if cards is None:
        log.warning("the shipped catalog index is stale: run `koffer-forms index`")
        return None
    return tuple(cards)


@functools.cache
def _shipped_templates() -> tuple[Template, ...]:
    """The catalog shipped with the app, parsed once per process (templates are immutable)."""
    import forms
    from forms.loader import load_catalog as load_folder

    return tuple(load_folder(forms.catalog_dir()))
