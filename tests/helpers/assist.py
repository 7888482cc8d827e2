"""Remote expert sessions for tests and benchmarks: a town hall with a laptop and an expert.

`AssistWorld` enrolls a device and an expert with a running server and opens/joins real
sessions over the real relay (no fake transport). `wait_for` pumps both sessions until a
condition holds, woken by the links (no fixed sleeps). `MemoryDraft` is a draft in memory
evaluated by the real form engine, for tests of the session logic that do not need the
application layer.
"""

from __future__ import annotations

import contextlib
import copy
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from forms.engine import Evaluation, compile_template
from forms.loader import load_template_text
from forms.model import Answers, AnswerValue
from forms.paths import set_value
from koffer.assist.connect import TownHall, join_as_expert, open_as_owner
from koffer.assist.expert import ExpertSession
from koffer.assist.owner import OwnerSession, ProposalRefused
from sync.server import assist
from sync.server.db import Database
from tests.helpers.server import ApiClient, Seed

REPO = Path(__file__).resolve().parents[2]
WOHNGELD = REPO / "forms" / "catalog" / "wohngeld-mietzuschuss.yaml"


class MemoryDraft:
    """A draft in memory (the session's `DraftPort`), evaluated by the real engine."""

    def __init__(self, template_text: str, answers: Answers | None = None) -> None:
        self.draft_id = "d-memory"
        self.template_text = template_text
        self.template = load_template_text(template_text, "test")
        self.compiled = compile_template(self.template)
        self._answers: Answers = answers if answers is not None else self.compiled.initial_answers()
        self.finalised = False
        self.applied: list[tuple[str, AnswerValue, str]] = []
        self.files: dict[str, bytes] = {}

    def answers(self) -> Answers:
        return self._answers

    def set(self, path: str, value: AnswerValue) -> None:
        self._answers = set_value(copy.deepcopy(self._answers), path, value)

    def evaluation(self) -> Evaluation:
        return self.compiled.evaluate(self._answers)

    def stage(self) -> str:
        return "finalised" if self.finalised else "draft"

    def label(self, path: str) -> str:
        field_id = path.split("[", 1)[0]
        member = path.rsplit(".", 1)[1] if "." in path else None
        return self.template.fields_by_id[member or field_id].label

    def apply_proposal(self, path: str, value: AnswerValue, expert_name: str) -> None:
        if self.finalised:
            raise ProposalRefused("Der Antrag ist abgeschlossen.")
        self.set(path, value)
        self.applied.append((path, value, expert_name))

    def file_content(self, attachment_id: str) -> bytes:
        return self.files[attachment_id]


@contextlib.contextmanager
def real_draft(folder: Path, citizen: str = "Erika Mustermann") -> Iterator[Any]:
    """A Wohngeld draft of a real, unlocked profile (SQLCipher, in-memory keyring) open in
    a real `DraftEditor` whose saves run at once, as the session's `EditorDraft`; the
    profile's device store is its `audit`."""
    import forms
    from forms.loader import load_catalog
    from koffer.assist.draft_port import EditorDraft
    from koffer.drafting.catalog import Catalog
    from koffer.drafting.editor import DraftEditor
    from koffer.drafting.saving import Saver
    from koffer.drafting.workspace import Workspace
    from koffer.store import Profile, ProfilePaths
    from koffer.store.keys import TEST_KDF
    from tests.helpers.keyring_backends import MemoryKeyring

    def at_once(job: Any, done: Any, failed: Any) -> None:
        try:
            result = job()
        except Exception as exc:  # noqa: BLE001 - like the app's worker helper
            failed(exc)
            return
        done(result)

    profile = Profile(ProfilePaths(folder / "profil"), MemoryKeyring(), kdf=TEST_KDF)
    profile.create("Petra Feld", "Korrekt Pferd Batterie")
    drafts = profile.unlock("Korrekt Pferd Batterie")
    templates = list(load_catalog(forms.catalog_dir()))
    workspace = Workspace(
        drafts, profile.open_device(), Catalog(templates), staff_name="Petra Feld"
    )
    wohngeld = next(t for t in templates if t.id == "wohngeld-mietzuschuss")
    opened = workspace.open_draft(workspace.create_draft(wohngeld, citizen).draft.id)
    editor = DraftEditor(opened)
    editor.saver = Saver(opened.draft.id, workspace.save, at_once, on_stage=editor.moved_to)
    draft = EditorDraft(editor)
    draft.workspace = workspace  # type: ignore[attr-defined]
    try:
        yield draft
    finally:
        profile.close()


class DeviceAudit:
    """The audit port in memory (entries as (action, draft id, detail))."""

    def __init__(self) -> None:
        self.entries: list[tuple[str, str | None, str]] = []

    def audit(self, action: str, draft_id: str | None = None, detail: str = "") -> object:
        self.entries.append((action, draft_id, detail))
        return None

    def actions(self) -> list[str]:
        return [a for a, _, _ in self.entries]


@dataclass
class Pair:
    """An opened and joined session: both ends' models."""

    owner: OwnerSession
    expert: ExpertSession
    draft: Any
    audit: Any
    wake: threading.Event
    events: list[Any] = field(default_factory=list)

    def pump(self) -> None:
        self.events += self.owner.pump()
        self.events += self.expert.pump()

    def wait_for(self, condition: Callable[[], bool], timeout: float = 15.0) -> None:
        wait_for(condition, [self.owner, self.expert], self.wake, timeout, self.events)

    def verify(self) -> None:
        """Both ends see the code, compare it (equal), confirm; the expert has the draft."""
        self.wait_for(lambda: bool(self.owner.verification_code and self.expert.verification_code))
        assert self.owner.verification_code == self.expert.verification_code
        self.events += self.owner.confirm_code()
        self.events += self.expert.confirm_code()
        self.wait_for(lambda: self.expert.template is not None)

    def close(self) -> None:
        self.owner.endpoint.close()
        self.expert.endpoint.close()


def wait_for(
    condition: Callable[[], bool],
    sessions: Iterable[OwnerSession | ExpertSession],
    wake: threading.Event,
    timeout: float = 15.0,
    sink: list[Any] | None = None,
) -> None:
    """Pump `sessions` until `condition()` holds; woken by their links."""
    deadline = time.monotonic() + timeout
    sessions = list(sessions)
    while True:
        for session in sessions:
            events = session.pump()
            if sink is not None:
                sink += events
        if condition():
            return
        if time.monotonic() > deadline:
            raise TimeoutError("condition not reached")
        wake.wait(0.05)
        wake.clear()


@dataclass
class AssistWorld:
    """A running town hall with one enrolled laptop and one enrolled expert."""

    url: str
    seed: Seed
    device_token: str
    device_id: str
    expert_token: str
    expert_id: str
    expert_name: str

    @classmethod
    def create(cls, url: str, seed: Seed, expert_name: str = "Frau Becker") -> AssistWorld:
        client = ApiClient(url)
        enrolled = client.enroll(seed.code())
        client.close()
        db = Database.connect(seed.database_url, pool_size=1)
        try:
            with db.write.begin() as session:
                code = assist.create_expert_invite(session, expert_name)
        finally:
            db.dispose()
        from sync.assist.api import AssistApi

        with AssistApi(url) as api:
            expert = api.enroll_expert(code, expert_name)
        return cls(
            url,
            seed,
            enrolled.token,
            enrolled.device_id,
            expert.token,
            expert.expert_id,
            expert.name,
        )

    def laptop(self, url: str | None = None) -> TownHall:
        return TownHall(url or self.url, self.device_token)

    def expert(self, url: str | None = None) -> TownHall:
        return TownHall(url or self.url, self.expert_token)

    def pair(
        self,
        draft: Any = None,
        *,
        audit: Any = None,
        owner_url: str | None = None,
        expert_url: str | None = None,
        shared_files: dict[str, Any] | None = None,
    ) -> Pair:
        """Open a session on the laptop and join it as the expert."""
        wake = threading.Event()
        draft = draft or MemoryDraft(WOHNGELD.read_text(encoding="utf-8"))
        audit = audit or DeviceAudit()
        endpoint, opened = open_as_owner(self.laptop(owner_url), self.device_id, wake=wake.set)
        owner = OwnerSession(
            endpoint, draft, audit, join_code=opened.join_code, shared_files=shared_files
        )
        e_endpoint, joined = join_as_expert(
            self.expert(expert_url), opened.join_code, wake=wake.set
        )
        expert = ExpertSession(e_endpoint, laptop_name=joined.device_name)
        return Pair(owner, expert, draft, audit, wake)
