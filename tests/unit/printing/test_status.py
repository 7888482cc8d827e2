import pytest

from printing.status import JobState, JobStatus, german_reasons, means_unreachable


@pytest.mark.parametrize(
    ("reasons", "text"),
    [
        (["media-empty-error"], "Papier fehlt"),
        (["media-needed-warning"], "Papier fehlt"),
        (["media-jam-error"], "Papierstau"),
        (["offline-report"], "Drucker nicht erreichbar"),
        (["paused"], "Drucker angehalten"),
        (["job-canceled-by-user"], "Auftrag abgebrochen"),
    ],
)
def test_reasons_in_german(reasons, text):
    assert german_reasons(reasons) == [text]


def test_unknown_reasons_are_not_shown():
    assert german_reasons(["com.vendor.frobnicated", "none"]) == []


def test_unreachable_from_reason_or_cups_message():
    assert means_unreachable(["connecting-to-device"])
    assert means_unreachable([], "The printer may not exist or is unavailable at this time.")
    assert not means_unreachable(["media-empty-error"], "Out of paper")


def test_messages_name_state_and_reason():
    assert JobStatus(1, JobState.PROCESSING, printer_unreachable=True).message == (
        "Wird gedruckt: Drucker nicht erreichbar"
    )
    assert JobStatus(1, JobState.PENDING, printer_stopped=True).message == (
        "Wartet auf den Drucker: Drucker angehalten"
    )
    assert JobStatus(1, JobState.PROCESSING, ("media-empty-error",)).message == (
        "Wird gedruckt: Papier fehlt"
    )
    assert JobStatus(1, JobState.CANCELED, ("job-canceled-by-user",)).message == (
        "Auftrag abgebrochen"
    )


def test_completed_does_not_claim_paper():
    status = JobStatus(1, JobState.COMPLETED)
    assert status.final
    assert "übergeben" in status.message
    assert "prüfen" in status.message


def test_an_untracked_job_says_that_koffer_cannot_see_the_paper():
    """Qt's print support knows nothing after handing over: no "an den Drucker übergeben"."""
    handed = JobStatus(5, JobState.COMPLETED, tracked=False).message
    assert handed.startswith("An die Druckerwarteschlange des Laptops übergeben.")
    assert "kann Koffer von dort nicht sehen" in handed
    assert "An den Drucker" not in handed
    assert JobStatus(5, JobState.COMPLETED).message.startswith("An den Drucker übergeben")
