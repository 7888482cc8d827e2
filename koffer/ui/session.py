"""What the UI holds while it runs: the profile, its stores and the form catalog.

A thin adapter over `koffer.store` and `forms`: the UI calls these methods only from
background jobs (see `koffer.ui.worker`), never on the UI thread, except for the
catalog, which is pure in-memory work.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported lazily: the first screen must not wait for them
    from forms.model import Answers, Template
    from koffer.store import DeviceStore, DraftStore, Profile

log = logging.getLogger(__name__)


class Catalog:
    """Every template the laptop knows, the newest version of each searchable."""

    def __init__(self, templates: list[Template]) -> None:
        self._by_key: dict[tuple[str, str], Template] = {t.key: t for t in templates}
        latest: dict[str, Template] = {}
        for template in templates:
            current = latest.get(template.id)
            if current is None or _version(template.version) > _version(current.version):
                latest[template.id] = template
        self.latest = sorted(latest.values(), key=lambda t: (t.topic, t.title))
        self._compiled: dict[tuple[str, str], Any] = {}
        self._index: Any = None

    def search(self, query: str) -> list[Template]:
        """Templates matching `query` best first; all (by topic) for an empty query."""
        if not query.strip():
            return list(self.latest)
        if self._index is None:
            try:
                from forms.search import CatalogIndex
            except ImportError:  # the engine's index is not there: plain substring search
                self._index = _SubstringIndex(self.latest)
            else:
                self._index = CatalogIndex(self.latest)
        return list(self._index.search(query))

    def get(self, template_id: str, version: str | None = None) -> Template | None:
        """A template by id and version (newest if no version or unknown version)."""
        if version is not None and (template_id, version) in self._by_key:
            return self._by_key[(template_id, version)]
        return next((t for t in self.latest if t.id == template_id), None)

    def compiled(self, template: Template) -> Any:
        """The compiled template (cached): what evaluates answers."""
        key = template.key
        if key not in self._compiled:
            from forms.engine import compile_template

            self._compiled[key] = compile_template(template)
        return self._compiled[key]


class _SubstringIndex:
    """Fallback search: case-insensitive substring over title, keywords, synonyms."""

    def __init__(self, templates: list[Template]) -> None:
        self._texts = [
            (t, " ".join([t.title, t.description, *t.keywords, *t.synonyms]).casefold())
            for t in templates
        ]

    def search(self, query: str) -> list[Template]:
        words = query.casefold().split()
        return [t for t, text in self._texts if all(w in text for w in words)]


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(p) for p in text.split("."))


def load_catalog(device: DeviceStore | None) -> Catalog:
    """The shipped catalog plus every template the town hall published to this laptop."""
    from forms.loader import load_template_text

    templates = list(_shipped_templates())
    if device is not None:
        known = {t.key for t in templates}
        try:
            listed = device.list_templates()
        except Exception:
            log.exception("cannot list the device catalog")
            listed = []
        for entry in listed:
            template_id, version = _entry_key(entry)
            if (template_id, version) in known:
                continue
            try:
                text = device.get_template_text(template_id, version)
                if text is None:
                    continue
                templates.append(load_template_text(text, f"{template_id}@{version}"))
            except Exception:  # noqa: BLE001 - skip one bad template, keep the rest
                log.warning("skipping an unreadable catalog template")
    catalog = Catalog(templates)
    if device is not None:  # retired forms: no new drafts, existing ones keep working
        from koffer.sync_adapter import retired_template_ids

        retired = retired_template_ids(device, dt.datetime.now(dt.UTC).astimezone().date())
        catalog.latest = [t for t in catalog.latest if t.id not in retired]
    return catalog


@functools.cache
def _shipped_templates() -> tuple[Template, ...]:
    """The catalog shipped with the app, parsed once per process (templates are immutable)."""
    import forms
    from forms.loader import load_catalog as load_folder

    return tuple(load_folder(forms.catalog_dir()))


def _entry_key(entry: Any) -> tuple[str, str]:
    if isinstance(entry, tuple):
        return str(entry[0]), str(entry[1])
    template_id = getattr(entry, "template_id", None) or getattr(entry, "id", "")
    return str(template_id), str(getattr(entry, "version", ""))


def review_digest(template: Template, relevant_answers: Answers) -> str:
    """SHA-256 of exactly what the citizen reviewed: canonical JSON of the relevant answers.

    Signature fields are left out (their answer is the signature itself), so signing does
    not change what was signed. Keys are sorted and separators fixed, so the same answers
    always give the same digest on every machine.
    """
    signed = {
        key: value
        for key, value in relevant_answers.items()
        if not (key in template.fields_by_id and template.fields_by_id[key].type == "signature")
    }
    document = {
        "template_id": template.id,
        "template_version": template.version,
        "answers": signed,
    }
    text = json.dumps(
        document, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class Session:
    """The open profile: its stores (None while locked) and the catalog."""

    profile: Profile
    device: DeviceStore | None = None
    drafts: DraftStore | None = None
    catalog: Catalog | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def default(cls) -> Session:
        """The session of the default profile (KOFFER_PROFILE_DIR overrides the folder)."""
        from koffer.store import Profile, ProfilePaths

        return cls(Profile(ProfilePaths.default()))

    @property
    def locked(self) -> bool:
        """Whether personal data is closed."""
        return self.drafts is None

    def close_drafts(self) -> None:
        """Close drafts.db and forget its key (runs on the store thread)."""
        store, self.drafts = self.drafts, None
        if store is not None and not store.closed:
            store.close()

    def close_all(self) -> None:
        """Close both stores (quit)."""
        self.close_drafts()
        self.device = None
        self.profile.close()
