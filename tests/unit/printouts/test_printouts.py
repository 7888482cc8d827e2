"""koffer.printouts: settings, references, content from the store, the queue in drafts.db."""

from __future__ import annotations

import base64
import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

import forms
from forms.loader import load_catalog
from forms.model import Template
from koffer.printouts.content import Claims, PrintFacts, build_content, render_document
from koffer.printouts.queue_store import StorePrintQueue
from koffer.printouts.references import is_provisional, job_title, provisional_reference
from koffer.printouts.service import QUEUED_MESSAGE, PrintService
from koffer.printouts.settings import DevicePrinterSettings, load_letterhead, print_place
from koffer.store import DraftStore, Profile, ProfilePaths
from koffer.store.keys import TEST_KDF
from printing.backend import SubmittedJob
from printing.content import Letterhead
from printing.options import PrintOptions
from printing.queue import NOT_DONE, PrintRequest, QueueState
from printing.status import JobState, JobStatus
from tests.helpers.keyring_backends import MemoryKeyring
from tests.unit.printing.fakes import FakeBackend
from tests.unit.printing.samples import signature_png

NOW = dt.datetime(2026, 11, 21, 14, 5, tzinfo=dt.UTC)


class DictSettings:
    """The settings part of DeviceStore, in a dict."""

    def __init__(self, values: dict[str, Any] | None = None) -> None:
        self.values = dict(values or {})

    def get_setting(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    def set_setting(self, key: str, value: Any) -> None:
        self.values[key] = value


@pytest.fixture
def profile(tmp_path: Path) -> Iterator[Profile]:
    p = Profile(ProfilePaths(tmp_path / "profil"), MemoryKeyring(), kdf=TEST_KDF)
    yield p
    p.close()


@pytest.fixture
def store(profile: Profile) -> DraftStore:
    return profile.create("Petra Feld", "Sehr-geheim-2026")


@pytest.fixture(scope="module")
def catalog() -> dict[str, Template]:
    return {t.id: t for t in load_catalog(forms.catalog_dir())}


def facts() -> PrintFacts:
    letterhead = Letterhead(municipality="Stadt Beispielhausen")
    return PrintFacts("Petra Feld", letterhead, "Beispielhausen", NOW)


def text_of(pdf: bytes) -> str:
    return "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages)


# ------------------------------------------------------------------ references, settings


def test_provisional_reference_is_marked() -> None:
    reference = provisional_reference("1a2b3c4d-5e6f-7a8b-9c0d-112233445566")
    assert reference == "VORL-1a2b3c4d"
    assert is_provisional(reference)
    assert not is_provisional("SOZ-2026-000123")


def test_remembered_printer_lives_in_the_device_settings() -> None:
    device = DictSettings()
    settings = DevicePrinterSettings(device)
    assert settings.get_default_printer() is None
    settings.set_default_printer("mobil")
    assert DevicePrinterSettings(device).get_default_printer() == "mobil"
    service = PrintService(FakeBackend(("buero", "mobil")), StorePrintQueue(object()), settings)  # type: ignore[arg-type]
    printers, default = service.printers()
    assert [p.name for p in printers] == ["buero", "mobil"]
    assert default == "mobil"


def test_letterhead_from_settings_keeps_defaults_for_bad_values() -> None:
    logo = b"\x89PNG fake"
    device = DictSettings(
        {
            "print.letterhead": {
                "municipality": "Gemeinde Au",
                "office": 42,
                "address_lines": ["Hauptstr. 1", "99999 Au"],
                "show_logo": False,
                "logo_png_base64": base64.b64encode(logo).decode(),
            }
        }
    )
    letterhead = load_letterhead(device)
    assert letterhead.municipality == "Gemeinde Au"
    assert letterhead.office == Letterhead().office
    assert letterhead.address_lines == ("Hauptstr. 1", "99999 Au")
    assert letterhead.show_logo is False
    assert letterhead.logo_png == logo
    assert load_letterhead(DictSettings({"print.letterhead": "kaputt"})) == Letterhead()
    assert load_letterhead(None) == Letterhead()
    assert print_place(device, letterhead) == "Gemeinde Au"
    device.set_setting("print.place", "Au am Inn")
    assert print_place(device, letterhead) == "Au am Inn"


def test_job_titles_never_carry_the_citizens_name(catalog: dict[str, Template]) -> None:
    template = catalog["wohngeld-mietzuschuss"]
    title = job_title(template, "citizen", "VORL-1a2b3c4d")
    assert title == f"{template.title} – Ausfertigung Bürger – VORL-1a2b3c4d"


# ------------------------------------------------------------------ content from the store


def test_content_of_a_signed_draft_with_attachment(
    store: DraftStore, catalog: dict[str, Template]
) -> None:
    template = catalog["rundfunkbeitrag-befreiung"]
    draft = store.create_draft(template.id, template.version, "Erika Mustermann")
    store.set_answers(draft.id, {"familienname": "Mustermann", "vorname": "Erika"})
    field = next(f.id for f in template.iter_fields() if f.type == "signature")
    attachment_field = next(f.id for f in template.iter_fields() if f.type == "attachment")
    store.add_attachment(draft.id, attachment_field, "Bescheid.pdf", "application/pdf", b"%PDF")
    store.save_signature(draft.id, field, [[[0, 0], [1, 1]]], signature_png(), "ab" * 32)

    claims = Claims(draft=False, reference=provisional_reference(draft.id), provisional=True)
    content = build_content(store, draft.id, template, facts(), claims)

    assert content.printed_reference == f"{provisional_reference(draft.id)} (vorläufig)"
    assert content.signature is not None
    assert content.signature.signer == "Erika Mustermann"
    assert content.signature.content_sha256 == "ab" * 32
    assert content.created_at == content.signature.signed_at
    assert [a.filename for a in content.attachments] == ["Bescheid.pdf"]
    assert content.visit is None
    citizen = text_of(render_document("citizen", template, content))
    assert "Eingangsbestätigung" in citizen
    assert "Mustermann" in citizen
    assert "Bescheid.pdf" in citizen
    assert "Petra Feld" in citizen


def test_visit_record_takes_its_facts_from_answers_and_the_linked_visit(
    store: DraftStore, catalog: dict[str, Template]
) -> None:
    template = catalog["hausbesuchsprotokoll"]
    draft = store.create_draft(template.id, template.version, "Erika Mustermann")
    store.add_visit("Erika Mustermann", address="Lindenweg 3, Au", draft_id=draft.id)
    store.set_answers(
        draft.id,
        {
            "besuchsdatum": "2026-11-20",
            "uhrzeit_beginn": "10:30 Uhr",
            "anwesende": [{"anw_name": "Hans Mustermann"}, {"anw_name": ""}],
        },
    )
    content = build_content(
        store, draft.id, template, facts(), Claims(draft=True), visit_record=True
    )
    assert content.visit is not None
    assert content.visit.address == "Lindenweg 3, Au"
    assert content.visit.visited_at.date() == dt.date(2026, 11, 20)
    assert (content.visit.visited_at.hour, content.visit.visited_at.minute) == (10, 30)
    assert content.visit.participants == ("Hans Mustermann",)
    assert content.visit.staff_name == "Petra Feld"
    assert "Lindenweg 3" in text_of(render_document("visit", template, content))


def test_blank_needs_no_content_but_filled_kinds_do(catalog: dict[str, Template]) -> None:
    template = catalog["vollmacht"]
    assert template.title in text_of(render_document("blank", template, None, large_print=True))
    with pytest.raises(ValueError, match="content"):
        render_document("office", template, None)


# ------------------------------------------------------------------ queue in drafts.db


def test_queue_in_drafts_db_waits_prints_and_forgets(store: DraftStore) -> None:
    backend = FakeBackend()
    backend.reachable["mobil"] = False
    service = PrintService(backend, StorePrintQueue(store), sleep=lambda _s: None)
    request = PrintRequest(b"%PDF-1.4 personal", "probe", "mobil", PrintOptions(copies=2))

    result = service.print_pdf(request, draft_id=None)

    assert result.queued
    assert result.message == QUEUED_MESSAGE
    (job,) = store.list_print_jobs()
    assert store.get_print_pdf(job.id) == b"%PDF-1.4 personal"
    (item,) = service.items()
    assert item.state is QueueState.WAITING
    assert item.request.options == PrintOptions(copies=2)

    backend.reachable["mobil"] = True
    (item,) = service.retry_queue()
    assert item.state is QueueState.SUBMITTED
    assert backend.submitted[0][1] == b"%PDF-1.4 personal"
    backend.set_state(item.job_id, JobState.COMPLETED)
    assert service.retry_queue() == []
    assert store.list_print_jobs() == []


def test_after_a_restart_a_handed_over_job_is_asked_about_not_printed_again(
    store: DraftStore,
) -> None:
    backend = FakeBackend()
    backend.reachable["mobil"] = False
    first = PrintService(backend, StorePrintQueue(store))
    first.print_pdf(PrintRequest(b"%PDF", "probe", "mobil"))
    backend.reachable["mobil"] = True
    first.retry_queue()

    second = PrintService(backend, StorePrintQueue(store))  # new process
    (item,) = second.items()
    assert item.state is QueueState.SUBMITTED
    assert item.job == SubmittedJob(1, "urn:uuid:0-1")  # kept in drafts.db
    backend.set_state(1, JobState.COMPLETED)
    assert second.retry_queue() == []
    assert len(backend.submitted) == 1  # never printed twice


def test_a_job_handed_over_by_an_older_koffer_waits_for_the_user(store: DraftStore) -> None:
    job = store.enqueue_print(b"%PDF", printer="mobil", title="probe")
    store.set_print_state(job.id, "printing")  # no print system job id was kept then
    (item,) = PrintService(FakeBackend(), StorePrintQueue(store)).items()
    assert item.state is QueueState.FAILED
    assert "prüfen" in item.message


def test_every_job_is_in_drafts_db_until_the_print_system_completed_it(
    store: DraftStore,
) -> None:
    backend = FakeBackend()
    seen: list[int] = []
    original = backend.job_status

    def job_status(job_id: int) -> JobStatus:
        seen.append(len(store.list_print_jobs()))
        return original(job_id)

    backend.job_status = job_status  # type: ignore[method-assign]
    complete = lambda _s: backend.set_state(1, JobState.COMPLETED)  # noqa: E731
    service = PrintService(backend, StorePrintQueue(store), sleep=complete)
    result = service.print_pdf(PrintRequest(b"%PDF", "probe", "mobil"))
    assert not result.queued
    assert seen
    assert all(count == 1 for count in seen)
    assert store.list_print_jobs() == []


def test_a_print_straight_to_the_printer_is_in_the_audit_log(
    store: DraftStore, profile: Profile
) -> None:
    draft = store.create_draft("wohngeld", "1.0", form_title="Wohngeld")
    backend = FakeBackend()
    complete = lambda _s: backend.set_state(1, JobState.COMPLETED)  # noqa: E731
    service = PrintService(backend, StorePrintQueue(store), sleep=complete)
    assert not service.print_pdf(PrintRequest(b"%PDF", "probe", "mobil"), draft_id=draft.id).queued
    printed = [e for e in profile.open_device().audit_entries(draft.id) if e.action == "printed"]
    assert len(printed) == 1


def test_scheduler_gone_while_following_keeps_the_job(store: DraftStore) -> None:
    backend = FakeBackend()
    original = backend.job_status

    def crash(job_id: int) -> JobStatus:
        backend.down = True
        return original(job_id)

    backend.job_status = crash  # type: ignore[method-assign]
    service = PrintService(backend, StorePrintQueue(store), sleep=lambda _s: None)
    result = service.print_pdf(PrintRequest(b"%PDF", "probe", "mobil"))
    assert result.queued
    assert result.message == f"Der Laptop kann gerade nicht drucken. {NOT_DONE}"
    assert "CUPS" not in result.message
    (item,) = PrintService(backend, StorePrintQueue(store)).items()  # as after a restart
    assert result.item_id == item.id
    assert item.state is QueueState.SUBMITTED
    assert item.job is not None
    assert item.job.contact_lost  # kept in drafts.db: an unknown job later means "lost"


def test_job_stuck_at_a_vanished_printer_goes_to_the_queue(store: DraftStore) -> None:
    backend = FakeBackend()

    def submit_then_vanish(
        pdf: bytes, title: str, printer: str, options: PrintOptions
    ) -> SubmittedJob:
        job = FakeBackend.submit(backend, pdf, title, printer, options)
        backend.set_state(job.job_id, JobState.PENDING, printer_unreachable=True)
        return job

    backend.submit = submit_then_vanish  # type: ignore[method-assign]
    updates: list[str] = []
    service = PrintService(backend, StorePrintQueue(store), sleep=lambda _s: None)

    result = service.print_pdf(PrintRequest(b"%PDF", "probe", "mobil"), on_update=updates.append)

    assert result.queued
    assert result.message == QUEUED_MESSAGE
    assert backend.cancelled == [1]
    assert updates[0] == "An den Drucker gesendet"
    assert len(store.list_print_jobs()) == 1


def test_completed_job_says_handed_over_not_printed(store: DraftStore) -> None:
    backend = FakeBackend()
    service = PrintService(backend, StorePrintQueue(store), sleep=lambda _s: None)
    original = backend.job_status

    def job_status(job_id: int) -> JobStatus:
        status = original(job_id)
        backend.set_state(job_id, JobState.COMPLETED)
        return status

    backend.job_status = job_status  # type: ignore[method-assign]
    updates: list[str] = []
    result = service.print_pdf(PrintRequest(b"%PDF", "probe", "mobil"), on_update=updates.append)
    assert not result.queued
    assert result.message.startswith("An den Drucker übergeben")
    assert updates == ["An den Drucker gesendet", "Wird gedruckt", result.message]
    assert store.list_print_jobs() == []


def test_a_draft_prints_with_the_marker_and_without_reference(
    store: DraftStore, catalog: dict[str, Template]
) -> None:
    template = catalog["rundfunkbeitrag-befreiung"]
    draft = store.create_draft(template.id, template.version, "Erika Mustermann")
    store.set_answers(draft.id, {"familienname": "Mustermann"})
    content = build_content(store, draft.id, template, facts(), Claims(draft=True))
    for kind in ("review_copy", "office"):
        text = text_of(render_document(kind, template, content))
        assert "ENTWURF – kein Antrag gestellt" in text
        assert "VORL-" not in text
        assert "Eingangsbestätigung" not in text


def test_every_store_call_of_the_print_queue_runs_on_the_store_lane(store: DraftStore) -> None:
    """Printing waits on the printer on a pool thread; its store work must not run there."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    lane_thread: list[int] = []
    calls: list[tuple[str, int]] = []
    executor = ThreadPoolExecutor(1)
    executor.submit(lambda: lane_thread.append(threading.get_ident())).result()

    def lane(fn):  # the app's store lane: one thread, the caller waits
        return executor.submit(fn).result()

    class Spy:
        def __getattr__(self, name: str) -> Any:
            real = getattr(store, name)

            def call(*args: Any, **kwargs: Any) -> Any:
                calls.append((name, threading.get_ident()))
                return real(*args, **kwargs)

            return call

    backend = FakeBackend()
    backend.reachable["mobil"] = False
    service = PrintService(backend, StorePrintQueue(Spy(), lane=lane), sleep=lambda _s: None)
    try:
        service.print_pdf(PrintRequest(b"%PDF", "probe", "mobil"))
        backend.reachable["mobil"] = True
        service.retry_queue()
    finally:
        executor.shutdown()
    assert {name for name, _ in calls} >= {"enqueue_print", "list_print_jobs", "set_print_state"}
    assert {ident for _, ident in calls} == set(lane_thread)
