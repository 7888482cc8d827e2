"""How Koffer names a draft's stage and the finalise step: one table, plain German.

The drafts list, the finalise dialog, the banner of an open draft and `koffer status`
say the same thing because they read it here. No technical words (no "Schlüssel", no
"versiegelt"): the worker needs to know whether the application is made, and whether
anything is left to do.

The texts are German sources of the Qt translation: `koffer.ui` shows them through
`QCoreApplication.translate(CONTEXT, text)`, and `pyside6-lupdate` finds them here by
the `QT_TRANSLATE_NOOP` marker (a plain function: this module stays free of Qt).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the stage values are plain strings: this module stays light to import
    from koffer.store import DraftStatus

#: The translation context of every text here.
CONTEXT = "Lifecycle"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name lupdate knows
    """Mark `text` for translation in `context`; returns it unchanged."""
    del context
    return text


def by_count(count: int, one: str, many: str) -> str:
    """The text for `count` things: `one` for exactly one, else `many`.

    Every counted message comes as such a pair so that nothing reads "Antrag/Anträge" or
    "1 Entwürfe" (issue 12). A pair, not Qt's numerus forms: the German source is shown
    untranslated, and Qt picks plural forms only from a loaded translation.
    """
    return one if count == 1 else many


def amount(count: int, one: str, many: str) -> str:
    """`count` with its noun in the right number: "1 Antrag", "3 Anträge" (plain German)."""
    return f"{count} {by_count(count, one, many)}"


#: Short words for the drafts list and `koffer status`, by stage (`DraftStatus` values).
STAGE_LABELS: dict[str, str] = {
    "draft": QT_TRANSLATE_NOOP("Lifecycle", "in Arbeit"),
    "signed": QT_TRANSLATE_NOOP("Lifecycle", "unterschrieben – noch abschließen"),
    "awaiting_key": QT_TRANSLATE_NOOP("Lifecycle", "abgeschlossen – wartet auf das Rathaus"),
    "sealed": QT_TRANSLATE_NOOP("Lifecycle", "abgeschlossen – wird gesendet"),
    "sent": QT_TRANSLATE_NOOP("Lifecycle", "gesendet – Bestätigung folgt"),
    "received": QT_TRANSLATE_NOOP("Lifecycle", "im Rathaus angekommen"),
}

#: Said only where the one draft is shown (its row, its open form): it waits for the
#: office's key, which the next catalog update brings; nothing for the worker to do but
#: to let Koffer reach the town hall while it is unlocked.
AWAITING_KEY_NOTE = QT_TRANSLATE_NOOP(
    "Lifecycle",
    "Für dieses Formular fehlt noch eine Angabe aus dem Rathaus. Sie kommt beim nächsten "
    "Kontakt mit dem Rathaus; dann wird der Antrag gesendet. Sie müssen nichts tun.",
)

#: The one finalise step: the question, and what happens next.
FINALISE_TITLE = QT_TRANSLATE_NOOP("Lifecycle", "Antrag abschließen?")
FINALISE_QUESTION = QT_TRANSLATE_NOOP(
    "Lifecycle",
    "Nach dem Abschließen lässt sich der Antrag nicht mehr ändern. Der Antrag wird beim "
    "nächsten Kontakt mit dem Rathaus gesendet. Die Bürgerin oder der Bürger erhält eine "
    "Ausfertigung mit Eingangsbestätigung.",
)
#: Added to the question while required documents are missing: finalising does not wait
#: for them (an office takes late proofs, `koffer.drafting.documents`), but the worker
#: decides knowing it, and the receipt asks the citizen for them.
FINALISE_MISSING_ONE = QT_TRANSLATE_NOOP(
    "Lifecycle",
    "Diese Unterlage fehlt noch: {documents}. Der Antrag kann trotzdem abgeschlossen "
    "werden; die Eingangsbestätigung bittet darum, sie nachzureichen.",
)
FINALISE_MISSING_MANY = QT_TRANSLATE_NOOP(
    "Lifecycle",
    "Diese Unterlagen fehlen noch: {documents}. Der Antrag kann trotzdem abgeschlossen "
    "werden; die Eingangsbestätigung bittet darum, sie nachzureichen.",
)
FINALISE_CONFIRM = QT_TRANSLATE_NOOP("Lifecycle", "Abschließen")
FINALISED = QT_TRANSLATE_NOOP(
    "Lifecycle",
    "Der Antrag ist abgeschlossen. Er wird beim nächsten Kontakt mit dem Rathaus gesendet.",
)
PRINT_AFTER_FINALISE = QT_TRANSLATE_NOOP(
    "Lifecycle",
    "Der Antrag ist abgeschlossen. Drucken Sie jetzt die Ausfertigung mit "
    "Eingangsbestätigung für die Bürgerin oder den Bürger und die Ausfertigung für das Amt.",
)
#: What a print dialog of an unfinished draft says before anything is printed.
DRAFT_PRINT_NOTE = QT_TRANSLATE_NOOP(
    "Lifecycle",
    "Der Antrag ist noch nicht abgeschlossen. Jeder Ausdruck trägt den Vermerk "
    "„ENTWURF – kein Antrag gestellt“ und hat keine Vorgangsnummer.",
)


#: The applications list: it holds every application on this laptop, finished ones too.
LIST_TITLE = QT_TRANSLATE_NOOP("Lifecycle", "Anträge auf diesem Laptop")
LIST_EMPTY = QT_TRANSLATE_NOOP(
    "Lifecycle",
    "Auf diesem Laptop ist noch kein Antrag. Einen neuen beginnen Sie unter „Formulare“.",
)
#: A search that finds nothing says what was searched for and by what one can search.
#: When a draft was last changed, short (the compact list at large text): today and
#: yesterday by the clock, anything older by its date.
CHANGED_TODAY = QT_TRANSLATE_NOOP("Lifecycle", "heute {time}")
CHANGED_YESTERDAY = QT_TRANSLATE_NOOP("Lifecycle", "gestern {time}")
LIST_NO_MATCH = QT_TRANSLATE_NOOP(
    "Lifecycle",
    "Kein Antrag passt zu „{query}“. Gesucht wird nach Name, Geburtsdatum, Adresse und "
    "Formular; jedes Wort muss passen.",
)

#: Deleting asks with the form and the citizen named: "which one?" is the question.
DELETE_TITLE = QT_TRANSLATE_NOOP("Lifecycle", "Antrag löschen?")
DELETE_QUESTION = QT_TRANSLATE_NOOP(
    "Lifecycle",
    "Den Antrag „{form}“ von {name} mit allen Angaben, Anhängen und der Unterschrift "
    "endgültig löschen?",
)
DELETE_QUESTION_NO_NAME = QT_TRANSLATE_NOOP(
    "Lifecycle",
    "Den Antrag „{form}“ (ohne Namen) mit allen Angaben, Anhängen und der Unterschrift "
    "endgültig löschen?",
)


def delete_question(citizen_name: str) -> str:
    """The question before deleting, to be filled with {form} (and {name} if there is one)."""
    return DELETE_QUESTION if citizen_name.strip() else DELETE_QUESTION_NO_NAME


#: Refused applications taken back to editing, by how many (no "Antrag/Anträge").
RETURNED_ONE = QT_TRANSLATE_NOOP(
    "Lifecycle", "Ein abgelehnter Antrag ist wieder in Bearbeitung. Grund: {why}"
)
RETURNED_MANY = QT_TRANSLATE_NOOP(
    "Lifecycle", "{n} abgelehnte Anträge sind wieder in Bearbeitung. Gründe: {why}"
)


def returned_message(count: int) -> str:
    """What taking back `count` refused applications says, to be filled with {n}, {why}."""
    return by_count(count, RETURNED_ONE, RETURNED_MANY)


#: After a sync pass, in the status bar: submissions the town hall refused.
REJECTED_ONE = QT_TRANSLATE_NOOP("Lifecycle", "Ein Antrag wurde vom Rathaus abgelehnt")
REJECTED_MANY = QT_TRANSLATE_NOOP("Lifecycle", "{n} Anträge wurden vom Rathaus abgelehnt")
#: After a sync pass, in the status bar: what was delivered, with the reference numbers.
DELIVERED_ONE = QT_TRANSLATE_NOOP("Lifecycle", "Ein Antrag gesendet, Eingangsnummer {refs}")
DELIVERED_MANY = QT_TRANSLATE_NOOP("Lifecycle", "{n} Anträge gesendet, Eingangsnummern {refs}")


#: Locking while the open draft's last input could not be written (`koffer.drafting.locking`).
NOT_SAVED_ON_LOCK = QT_TRANSLATE_NOOP(
    "Lifecycle",
    "Ihre letzte Eingabe ist noch nicht gespeichert: {reason} Sie geht nicht verloren. "
    "Nach dem Entsperren zeigt Koffer den Antrag mit dieser Eingabe wieder und speichert "
    "sie erneut.",
)
DISK_FULL_REASON = QT_TRANSLATE_NOOP(
    "Lifecycle", "Der Speicher des Geräts ist voll. Bitte geben Sie Speicherplatz frei."
)
RESTORED_AFTER_UNLOCK = QT_TRANSLATE_NOOP(
    "Lifecycle",
    "Ihre Eingabe von vor dem Sperren ist wieder da. Koffer speichert sie jetzt.",
)
QUIT_UNSAVED_TITLE = QT_TRANSLATE_NOOP("Lifecycle", "Eingabe nicht gespeichert")
QUIT_UNSAVED_QUESTION = QT_TRANSLATE_NOOP(
    "Lifecycle",
    "Eine Eingabe ist noch nicht gespeichert, weil sie nicht geschrieben werden konnte "
    "(zum Beispiel: der Speicher des Geräts ist voll). Wenn Sie Koffer jetzt beenden, geht "
    "sie verloren. Trotzdem beenden?",
)


def stage_label(stage: DraftStatus | str) -> str:
    """The short German word for `stage`."""
    return STAGE_LABELS[str(stage)]


# -- the draft backup (`koffer.drafting.backups`) -----------------------------------------------

#: The drafts list's column, per draft: its latest change is on the town hall's server.
BACKUP_COLUMN = QT_TRANSLATE_NOOP("Lifecycle", "Sicherung")
BACKED_UP_AT = QT_TRANSLATE_NOOP("Lifecycle", "gesichert {time}")
BACKUP_WAITING = QT_TRANSLATE_NOOP("Lifecycle", "wird beim nächsten Kontakt gesichert")
NOT_BACKED_UP = QT_TRANSLATE_NOOP("Lifecycle", "noch nicht gesichert")
#: The status bar while records wait for the town hall.
BACKUP_WAITING_ONE = QT_TRANSLATE_NOOP("Lifecycle", "Sicherung: ein Entwurf wartet auf das Rathaus")
BACKUPS_WAITING = QT_TRANSLATE_NOOP("Lifecycle", "Sicherung: {n} Entwürfe warten auf das Rathaus")

#: The offer on a new (or a second) laptop of the same person.
RESTORE_ACTION = QT_TRANSLATE_NOOP("Lifecycle", "Entwürfe wiederherstellen …")
RESTORE_OFFER = QT_TRANSLATE_NOOP(
    "Lifecycle",
    "Im Rathaus liegt eine Sicherung Ihrer Entwürfe von einem anderen Laptop. Mit dem "
    "Kennwort jenes Laptops holen Sie alle Entwürfe hierher.",
)
RESTORE_TITLE = QT_TRANSLATE_NOOP("Lifecycle", "Entwürfe wiederherstellen")
RESTORE_PROMPT = QT_TRANSLATE_NOOP(
    "Lifecycle",
    "Kennwort Ihres bisherigen Laptops (oder das neue Kennwort, das Ihnen das Rathaus "
    "gegeben hat):",
)
RESTORE_RUNNING = QT_TRANSLATE_NOOP("Lifecycle", "Entwürfe werden wiederhergestellt: {n} von {m} …")
RESTORE_WRONG = QT_TRANSLATE_NOOP(
    "Lifecycle",
    "Das Kennwort passt nicht zu Ihrer Sicherung im Rathaus. Es wurde nichts verändert. "
    "Wurde das Kennwort vergessen, kann das Rathaus die Sicherung für ein neues Kennwort "
    "freigeben.",
)
RESTORE_NOTHING = QT_TRANSLATE_NOOP(
    "Lifecycle", "Im Rathaus liegt für Sie keine Sicherung von Entwürfen vor."
)
RESTORED_ONE = QT_TRANSLATE_NOOP("Lifecycle", "Wiederhergestellt: ein Entwurf.")
RESTORED = QT_TRANSLATE_NOOP("Lifecycle", "Wiederhergestellt: {n} Entwürfe.")
RESTORED_ALREADY = QT_TRANSLATE_NOOP("Lifecycle", "Schon auf diesem Laptop: {n}.")
RESTORED_SEALED_ONE = QT_TRANSLATE_NOOP(
    "Lifecycle",
    "Ein abgeschlossener Antrag wird beim nächsten Kontakt mit dem Rathaus gesendet.",
)
RESTORED_SEALED = QT_TRANSLATE_NOOP(
    "Lifecycle",
    "{n} abgeschlossene Anträge werden beim nächsten Kontakt mit dem Rathaus gesendet.",
)
RESTORE_DAMAGED = QT_TRANSLATE_NOOP(
    "Lifecycle", "Nicht wiederhergestellt: {name} – die Sicherung ist beschädigt."
)
RESTORE_UNREADABLE = QT_TRANSLATE_NOOP(
    "Lifecycle",
    "Nicht wiederhergestellt: {name} – die Sicherung passt nicht zu Ihrem Schlüssel.",
)
