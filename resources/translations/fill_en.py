"""Fill koffer_en.ts with the English texts below (run after pyside6-lupdate).

Usage: python resources/translations/fill_en.py  (keeps existing translations).
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

EN = {
    "— keine Angabe —": "— not given —",
    "Ja": "Yes",
    "Nein": "No",
    "{n} Datei(en)": "{n} file(s)",
    "unterschrieben": "signed",
    "Angehängte Dateien": "Attached files",
    "Datei anhängen …": "Attach a file …",
    "Foto aufnehmen …": "Take a photo …",
    "Entfernen": "Remove",
    "Datei anhängen: {name}": "Attach a file: {name}",
    "Ausgewählten Anhang entfernen: {name}": "Remove the selected attachment: {name}",
    "Die Anhänge konnten nicht geladen werden.": "The attachments could not be loaded.",
    "Nachweis anhängen": "Attach a proof",
    "Nachweise (*.pdf *.jpg *.jpeg *.png)": "Proofs (*.pdf *.jpg *.jpeg *.png)",
    "Die Datei kann nicht gelesen werden.": "The file cannot be read.",
    "Foto.jpg": "Photo.jpg",
    "Foto aufnehmen": "Take a photo",
    "Abbrechen": "Cancel",
    "Aufnehmen": "Take",
    "Die Kamera meldet einen Fehler.": "The camera reports an error.",
    "Welches Formular brauchen Sie?": "Which form do you need?",
    "Suchen, z. B. Miete, Rente, Pflege …": "Search, e.g. rent, pension, care …",
    "Formular suchen": "Search forms",
    "Sucht in Titel, Stichworten und Beschreibung, auch bei Tippfehlern.": (
        "Searches titles, keywords and descriptions, even with typos."
    ),
    "Formulare nach Thema": "Forms by topic",
    "Beschreibung des Formulars": "Description of the form",
    "Kein Formular gefunden. Versuchen Sie ein anderes Wort.": "No form found. Try another word.",
    "☆ Als Favorit merken": "☆ Add to favourites",
    "Leeres Formular drucken": "Print a blank form",
    "Drucken kommt mit dem Druckmodul": "Printing comes with the printing module",
    "Neuen Antrag beginnen": "Start a new application",
    "Ohne Formular im Koffer – wohin sich wenden": "No form in the case – where to turn",
    "Telefon: {phone}": "Phone: {phone}",
    "E-Mail: {mail}": "E-mail: {mail}",
    "Geöffnet: {hours}": "Open: {hours}",
    "Zuständig:": "Responsible:",
    "Bitte mitbringen:": "Please bring:",
    "Für diese Leistung gibt es kein Formular im Koffer.": (
        "There is no form in the case for this service."
    ),
    "★ Favoriten": "★ Favourites",
    "★ Favorit entfernen": "★ Remove from favourites",
    "— bitte wählen —": "— please choose —",
    "Kein Rathaus eingerichtet": "No town hall set up",
    "Offline – alles wird lokal gespeichert": "Offline – everything is saved locally",
    "Netz da, Rathaus nicht erreichbar": "Network up, town hall not reachable",
    "Mit dem Rathaus verbunden": "Connected to the town hall",
    "Verbindung: {state}": "Connection: {state}",
    "Anträge auf diesem Laptop": "Applications on this laptop",
    "Auf diesem Laptop ist noch kein Antrag. Einen neuen beginnen Sie unter „Formulare“.": (
        "There is no application on this laptop yet. Start a new one under “Forms”."
    ),
    "Kein Antrag passt zu „{query}“. Gesucht wird nach Name, Geburtsdatum, Adresse und "
    "Formular; jedes Wort muss passen.": (
        "No application matches “{query}”. The search looks at name, date of birth, "
        "address and form; every word must match."
    ),
    "Den Antrag „{form}“ von {name} mit allen Angaben, Anhängen und der Unterschrift "
    "endgültig löschen?": (
        "Delete the application “{form}” of {name} with all its answers, attachments and "
        "the signature for good?"
    ),
    "Den Antrag „{form}“ (ohne Namen) mit allen Angaben, Anhängen und der Unterschrift "
    "endgültig löschen?": (
        "Delete the application “{form}” (without a name) with all its answers, "
        "attachments and the signature for good?"
    ),
    "Name, Geburtsdatum, Adresse oder Formular …": "Name, date of birth, address or form …",
    "Findet Anträge auch bei Tippfehlern; jedes Wort muss passen.": (
        "Finds applications even with typos; every word must match."
    ),
    "Anträge durchsuchen": "Search applications",
    "Bürgerin / Bürger": "Citizen",
    "Formular": "Form",
    "Letzte Änderung": "Last change",
    "Vollständig": "Complete",
    "Stand": "Status",
    "Anträge": "Applications",
    "Löschen …": "Delete …",
    "Öffnen": "Open",
    " – lange nicht bearbeitet": " – not worked on for a long time",
    "(ohne Namen)": "(no name)",
    "(Pflichtfeld)": "(required)",
    "Wird automatisch berechnet.": "Calculated automatically.",
    "Alles gespeichert": "All saved",
    "Speicherstand": "Save status",
    "Unterschrift ungültig – bitte erneut prüfen und unterschreiben": (
        "Signature void – please review and sign again"
    ),
    "Leichte Sprache": "Easy language",
    "Zeigt Erklärungen in Leichter Sprache, wo es sie gibt.": (
        "Shows explanations in easy language where available."
    ),
    "Sprache des Formulars:": "Language of the form:",
    "Sprache des Formulars": "Language of the form",
    "Rückgängig": "Undo",
    "Letzte Änderung zurücknehmen (Strg+Z)": "Undo the last change (Ctrl+Z)",
    "Abschnitte des Formulars": "Sections of the form",
    "Mitzubringende Unterlagen": "Documents to provide",
    "Noch offen": "Still open",
    "Noch offene Angaben": "Answers still open",
    "Zurück": "Back",
    "Weiter": "Next",
    "Fertig für heute": "Done for today",
    "Alles ist gespeichert. Schließt den Antrag.": "Everything is saved. Closes the application.",
    "Prüfen und unterschreiben": "Review and sign",
    "ohne Namen": "no name",
    "für {name}": "for {name}",
    "Diese Nachweise braucht das Amt nach den bisherigen Angaben:": (
        "According to the answers so far, the office needs these proofs:"
    ),
    "(falls vorhanden)": "(if available)",
    "Mitzubringende Unterlagen ({n})": "Documents to provide ({n})",
    "{title}: {p} % ausgefüllt": "{title}: {p} % filled in",
    "Wird gespeichert …": "Saving …",
    "Nicht gespeichert!": "Not saved!",
    "Die Änderung konnte nicht gespeichert werden.": "The change could not be saved.",
    "Ihre Eingaben bleiben hier stehen; es wird erneut versucht.": (
        "Your input stays here; saving is tried again."
    ),
    "Eintrag": "Entry",
    "{item} hinzufügen": "Add {item}",
    "{label} entfernen": "Remove {label}",
    "entfernen": "remove",
    "Euro": "Euro",
    "Bitte eine ganze Zahl eingeben.": "Please enter a whole number.",
    "Bitte eine Zahl eingeben, z. B. 1234,50.": "Please enter a number, e.g. 1234,50.",
    "Bitte das Datum so eingeben: TT.MM.JJJJ": "Please enter the date as DD.MM.YYYY",
    "Das hat leider nicht geklappt. Ihre Daten sind sicher gespeichert. Bitte versuchen Sie "
    "es noch einmal.": "Sorry, that did not work. Your data is saved safely. Please try again.",
    "Koffer – Verwaltung aus dem Koffer": "Koffer – the town hall in a suitcase",
    "Koffer startet …": "Koffer is starting …",
    "Formulare": "Forms",
    "Offener Antrag": "Open application",
    "Einstellungen": "Settings",
    "Sperren": "Lock",
    "Sperren (Strg+L)": "Lock (Ctrl+L)",
    "Schließen": "Close",
    "Arbeitet": "Working",
    "Schrift größer (Strg++)": "Larger text (Ctrl++)",
    "Schrift kleiner (Strg+-)": "Smaller text (Ctrl+-)",
    "Normale Schriftgröße (Strg+0)": "Normal text size (Ctrl+0)",
    "Hoher Kontrast": "High contrast",
    "Automatisch sperren nach": "Lock automatically after",
    "{n} Minuten": "{n} minutes",
    "Sprache der Oberfläche": "Language of the app",
    "Schrift {p} %": "Text {p} %",
    "Die Sprache wechselt beim nächsten Start von Koffer.": (
        "The language changes when Koffer starts next time."
    ),
    "Neuer Antrag": "New application",
    "Für wen ist der Antrag? Name der Bürgerin oder des Bürgers:": (
        "Who is the application for? Name of the citizen:"
    ),
    "Das Formular dieses Antrags fehlt im Katalog dieses Geräts.": (
        "The form of this application is missing from this device's catalogue."
    ),
    "Antrag löschen?": "Delete application?",
    "Der Antrag ist fertig und unterschrieben.": "The application is complete and signed.",
    "Bitte lesen Sie alle Angaben in Ruhe durch. Stimmt alles, unterschreiben Sie unten. "
    "Möchten Sie etwas ändern, wählen Sie „Zurück zum Formular“.": (
        "Please read all answers calmly. If everything is right, sign below. To change "
        "something, choose “Back to the form”."
    ),
    "Antrag von {name}": "Application of {name}",
    "Bevor unterschrieben werden kann, fehlt noch:": "Before signing, this is still missing:",
    "Unterschrift": "Signature",
    "Mit Ihrer Unterschrift bestätigen Sie die Angaben oben, genau so wie sie hier stehen.": (
        "With your signature you confirm the answers above, exactly as they stand here."
    ),
    "Löschen": "Clear",
    "Letzten Strich zurück": "Undo last stroke",
    "Strich wiederholen": "Redo stroke",
    "Unterschrift übernehmen": "Accept signature",
    "Zurück zum Formular": "Back to the form",
    "Abschließen": "Finish",
    "✓ Unterschrieben. Sie können jetzt abschließen.": "✓ Signed. You can finish now.",
    "Noch nicht unterschrieben.": "Not signed yet.",
    "{label} – unterschrieben von:": "{label} – signed by:",
    "{label} (freiwillig, kann leer bleiben) – unterschrieben von:": (
        "{label} (optional, may stay empty) – signed by:"
    ),
    "✓ Alle nötigen Unterschriften sind gegeben. Sie können jetzt abschließen.": (
        "✓ Every signature needed is given. You can finalise now."
    ),
    "Noch zu unterschreiben: {who}.": "Still to sign: {who}.",
    "Mit dieser Unterschrift werden die Angaben oben bestätigt, genau so wie sie hier stehen.": (
        "This signature confirms the answers above, exactly as they are shown here."
    ),
    "Diese Unterschrift ist freiwillig. Sie kann auch leer bleiben.": (
        "This signature is optional. It may also stay empty."
    ),
    "Unterschriftenfeld: {label}": "Signature pad: {label}",
    "{action} – {label}": "{action} – {label}",
    "✓ Unterschrieben.": "✓ Signed.",
    "Freiwillig – noch nicht unterschrieben.": "Optional – not signed yet.",
    "Willkommen bei Koffer": "Welcome to Koffer",
    "Legen Sie zuerst Ihr Profil an. Das Kennwort schützt die Daten der Bürgerinnen und "
    "Bürger auf diesem Gerät. Ohne Kennwort kann niemand sie lesen – auch Sie nicht. Bitte "
    "merken Sie es sich gut.": (
        "First create your profile. The passphrase protects the citizens' data on this "
        "device. Without it nobody can read the data – not even you. Please remember it well."
    ),
    "Ihr Name": "Your name",
    "Kennwort": "Passphrase",
    "Mindestens 10 Zeichen": "At least 10 characters",
    "Kennwort wiederholen": "Repeat passphrase",
    "Ihr &Name": "Your &name",
    "&Kennwort (mindestens 10 Zeichen)": "&Passphrase (at least 10 characters)",
    "Kennwort &wiederholen": "&Repeat passphrase",
    "Stärke des Kennworts": "Strength of the passphrase",
    "Profil wird angelegt": "Creating the profile",
    "Profil anlegen": "Create profile",
    "Stärke: ": "Strength: ",
    "Bitte geben Sie Ihren Namen ein.": "Please enter your name.",
    "Das Kennwort ist zu kurz: bitte mindestens 10 Zeichen.": (
        "The passphrase is too short: at least 10 characters, please."
    ),
    "Die beiden Kennwörter sind verschieden. Bitte noch einmal.": (
        "The two passphrases differ. Please try again."
    ),
    "Unterschriftenfeld": "Signature pad",
    "Mit Finger, Stift oder Maus unterschreiben.": "Sign with finger, pen or mouse.",
    "Koffer ist gesperrt": "Koffer is locked",
    "Bitte geben Sie Ihr Kennwort ein, um weiterzuarbeiten.": (
        "Please enter your passphrase to continue."
    ),
    "&Kennwort": "&Passphrase",
    "Wird entsperrt": "Unlocking",
    "Entsperren": "Unlock",
    "Hallo {name}, bitte geben Sie Ihr Kennwort ein.": (
        "Hello {name}, please enter your passphrase."
    ),
    "Demo-Profil – das Kennwort lautet: {p}": "Demo profile – the passphrase is: {p}",
    "Bitte geben Sie Ihr Kennwort ein.": "Please enter your passphrase.",
    "Die Unterschrift folgt nach der Prüfung durch die Bürgerin oder den Bürger.": (
        "The signature follows after the citizen's review."
    ),
    "Der Formularkatalog wird noch geladen. Bitte einen Moment.": (
        "The form catalogue is still loading. One moment, please."
    ),
    "Anhänge können erst nach dem Entsperren hinzugefügt werden.": (
        "Attachments can only be added after unlocking."
    ),
    # printing in the app (print dialog, print queue)
    "Leeres Formular drucken …": "Print a blank form …",
    "Druckt das gewählte Formular leer zum Ausfüllen von Hand, auf Wunsch groß.": (
        "Prints the selected form blank for filling in by hand, in large print if wanted."
    ),
    "Drucken …": "Print …",
    "Druckt den gewählten Antrag erneut: für die Bürgerin / den Bürger oder das Amt.": (
        "Prints the selected application again: for the citizen or for the office."
    ),
    "Termine": "Appointments",
    "Mit dem Rathaus verbinden …": "Connect to the town hall …",
    "Druckwarteschlange …": "Print queue …",
    "Drucken": "Print",
    "Druckwarteschlange": "Print queue",
    "Druckwarteschlange öffnen": "Open the print queue",
    "Druckwarteschlange ({n})": "Print queue ({n})",
    (
        "Der Antrag ist abgeschlossen. Drucken Sie jetzt die Ausfertigung mit "
        "Eingangsbestätigung für die Bürgerin oder den Bürger und die "
        "Ausfertigung für das Amt."
    ): (
        "The application is finished. Now print the copy with the receipt for "
        "the citizen and the copy for the office."
    ),
    "Koffer ist gesperrt.": "Koffer is locked.",
    "Druckauftrag wird vorbereitet …": "Preparing the print job …",
    "Drucken hat nicht geklappt. Der Antrag selbst ist sicher gespeichert.": (
        "Printing did not work. The application itself is saved safely."
    ),
    "Auftrag verworfen.": "Job discarded.",
    "Der Auftrag wird erneut gedruckt.": "The job is printed again.",
    "Für die antragstellende Person (mit Eingangsbestätigung)": "For the applicant (with receipt)",
    "Für das Amt": "For the office",
    "Hausbesuchsprotokoll": "Home visit record",
    "Leeres Formular zum Ausfüllen von Hand": "Blank form to fill in by hand",
    "Drucken: {title}": "Print: {title}",
    "Was soll gedruckt werden?": "What should be printed?",
    "Vorgangsnummer: {ref}": "Reference number: {ref}",
    (
        "Die Nummer ist vorläufig. Die endgültige Nummer vergibt das Rathaus, "
        "sobald der Antrag übertragen ist."
    ): (
        "The number is provisional. The town hall gives the final number once "
        "the application has been transferred."
    ),
    "Drucker": "Printer",
    "Der gewählte Drucker wird für das nächste Mal gemerkt.": (
        "The chosen printer is remembered for next time."
    ),
    "&Drucker:": "&Printer:",
    "Anzahl der Exemplare": "Number of copies",
    "&Exemplare:": "&Copies:",
    "&Beidseitig drucken": "&Two-sided",
    "Beidseitig drucken": "Print on both sides",
    "&Schwarzweiß (spart Farbe)": "&Black and white (saves ink)",
    "Schwarzweiß drucken": "Print in black and white",
    "&Großdruck": "&Large print",
    "Großdruck": "Large print",
    "Stand des Druckauftrags": "State of the print job",
    "Druckt": "Printing",
    "Vorschau": "Preview",
    "Druckvorschau": "Print preview",
    "Die Seiten genau so, wie sie gedruckt werden.": "The pages exactly as they will be printed.",
    "Drucker werden gesucht …": "Looking for printers …",
    "Kein Drucker eingerichtet. Bitte den mobilen Drucker einschalten und im System einrichten.": (
        "No printer set up. Please switch on the portable printer and set it up in the system."
    ),
    "Drucksystem nicht erreichbar.": "Print system not reachable.",
    "Vorschau: {kind}": "Preview: {kind}",
    "Vorschau wird erstellt …": "Making the preview …",
    "Vorschau nicht verfügbar": "Preview not available",
    "Seite {n} von {total}": "Page {n} of {total}",
    "Die Vorschau konnte nicht erstellt werden.": "The preview could not be made.",
    "Der Auftrag wird vorbereitet …": "Preparing the job …",
    (
        "Hier steht jeder Ausdruck, der noch nicht fertig ist. Koffer druckt ihn, "
        "sobald der Drucker bereit ist. Die Dokumente sind verschlüsselt "
        "gespeichert."
    ): (
        "Every printout that is not finished yet is listed here. Koffer prints it as "
        "soon as the printer is ready. The documents are stored encrypted."
    ),
    "Versucht jetzt noch einmal, den Ausdruck zu drucken.": "Tries once more to print it now.",
    "Warteschlange ansehen": "View the print queue",
    "Zeigt alle Ausdrucke, die noch nicht fertig sind.": (
        "Shows every printout that is not finished yet."
    ),
    "Koffer versucht es noch einmal …": "Koffer is trying again …",
    "Erstellt": "Created",
    "Dokument": "Document",
    "Wartende Druckaufträge": "Waiting print jobs",
    "Keine Aufträge in der Warteschlange.": "No jobs in the queue.",
    "Meldung der Druckwarteschlange": "Print queue message",
    "Verwerfen …": "Discard …",
    "Entfernt den gewählten Auftrag endgültig aus der Warteschlange.": (
        "Removes the selected job from the queue for good."
    ),
    "Erneut drucken": "Print again",
    "Jetzt drucken": "Print now",
    "Versucht jetzt, alle wartenden Aufträge zu drucken.": "Tries now to print every waiting job.",
    "Auftrag verwerfen?": "Discard the job?",
    "Den Druckauftrag „{title}“ endgültig verwerfen? Er wird dann nicht gedruckt.": (
        "Discard the print job “{title}” for good? It will not be printed then."
    ),
    "Mit dem Rathaus verbinden": "Connect to the town hall",
    (
        "Fügen Sie den Text der Einladung aus dem Rathaus ein (er beginnt mit "
        "„koffer-enroll:“) oder öffnen Sie das Bild mit dem QR-Code."
    ): (
        "Paste the text of the invitation from the town hall (it starts with "
        "“koffer-enroll:”) or open the picture of the QR code."
    ),
    "Einladung": "Invitation",
    "Name dieses Geräts": "Name of this device",
    "QR-Code-Bild öffnen …": "Open QR code picture …",
    "Verbinden": "Connect",
    "Verbinde …": "Connecting …",
    "QR-Code-Bild öffnen": "Open QR code picture",
    "Bilder (*.png *.jpg *.jpeg)": "Pictures (*.png *.jpg *.jpeg)",
    "Bitte einen Namen für dieses Gerät eingeben.": "Please enter a name for this device.",
    "Die Verbindung konnte nicht eingerichtet werden.": "The connection could not be set up.",
    "Abschnitt:": "Section:",
    "Abschnitt des Formulars wählen": "Choose a section of the form",
    "Zeigt die noch offenen Angaben; ein Eintrag springt zum Feld.": (
        "Shows the answers still missing; an entry jumps to its field."
    ),
    "Noch offen: {n}": "Still open: {n}",
    "Termine …": "Appointments …",
    "angemeldet: {name}": "signed in: {name}",
    "Sende {n} von {m} …": "Sending {n} of {m} …",
    "{n} Antrag/Anträge vom Rathaus abgelehnt": "{n} application(s) rejected by the town hall",
    "{n} gesendet, Eingangsnummer {refs}": "{n} sent, reference number {refs}",
    "Fehler bei der Synchronisation": "Synchronisation failed",
    "Der Antrag konnte nicht versiegelt werden. Er bleibt gespeichert.": (
        "The application could not be sealed. It stays saved."
    ),
    "Verbunden": "Connected",
    "Bitte zuerst einen Antrag in der Liste auswählen.": (
        "Please choose an application in the list first."
    ),
    "Für diesen Antrag gibt es keine neuere Formularfassung.": (
        "There is no newer version of the form for this application."
    ),
    ("Es wird ein neuer Antrag in der neuen Fassung angelegt; der bisherige bleibt erhalten."): (
        "A new application in the new version is created; the previous one is kept."
    ),
    "Auf neue Formularfassung umstellen?": "Move to the new version of the form?",
    "Nur Anträge in Bearbeitung können umgestellt werden.": (
        "Only applications in progress can be moved."
    ),
    "Es gibt keine abgelehnten Anträge.": "There are no rejected applications.",
    "Keine Termine. Termine kommen bei der nächsten Verbindung aus dem Rathaus.": (
        "No appointments. Appointments arrive with the next connection to the town hall."
    ),
    "Formular beginnen …": "Start a form …",
    "ohne Zeit": "no time given",
    "Formular wählen": "Choose a form",
    "Welches Formular?": "Which form?",
    "Das hat leider nicht geklappt. Ihre Daten sind sicher gespeichert.": (
        "That did not work, sorry. Your data is stored safely."
    ),
    "Der Antrag ist abgeschlossen und kann nicht mehr geändert werden.": (
        "The application is finalised and can no longer be changed."
    ),
    "in Arbeit": "in progress",
    "unterschrieben – noch abschließen": "signed – still to finalise",
    "abgeschlossen – wartet auf das Rathaus": "finalised – waiting for the town hall",
    "abgeschlossen – wird gesendet": "finalised – will be sent",
    "gesendet – Bestätigung folgt": "sent – confirmation to follow",
    "im Rathaus angekommen": "arrived at the town hall",
    "Für dieses Formular fehlt noch eine Angabe aus dem Rathaus. Sie kommt beim nächsten "
    "Kontakt mit dem Rathaus; dann wird der Antrag gesendet. Sie müssen nichts tun.": (
        "This form still needs something from the town hall. It comes with the next contact "
        "with the town hall; then the application is sent. You need not do anything."
    ),
    "Antrag abschließen?": "Finalise the application?",
    "heute {time}": "today {time}",
    "gestern {time}": "yesterday {time}",
    "Diese Unterlage fehlt noch: {documents}. Der Antrag kann trotzdem abgeschlossen "
    "werden; die Eingangsbestätigung bittet darum, sie nachzureichen.": (
        "This document is still missing: {documents}. The application can be finalised all "
        "the same; the receipt asks for it to be sent in later."
    ),
    "Diese Unterlagen fehlen noch: {documents}. Der Antrag kann trotzdem abgeschlossen "
    "werden; die Eingangsbestätigung bittet darum, sie nachzureichen.": (
        "These documents are still missing: {documents}. The application can be finalised "
        "all the same; the receipt asks for them to be sent in later."
    ),
    "Nach dem Abschließen lässt sich der Antrag nicht mehr ändern. Der Antrag wird beim "
    "nächsten Kontakt mit dem Rathaus gesendet. Die Bürgerin oder der Bürger erhält eine "
    "Ausfertigung mit Eingangsbestätigung.": (
        "Once finalised, the application can no longer be changed. It is sent at the next "
        "contact with the town hall. The citizen receives a copy with a confirmation of "
        "receipt."
    ),
    "Der Antrag ist abgeschlossen. Er wird beim nächsten Kontakt mit dem Rathaus gesendet.": (
        "The application is finalised. It is sent at the next contact with the town hall."
    ),
    "Der Antrag ist noch nicht abgeschlossen. Jeder Ausdruck trägt den Vermerk „ENTWURF – "
    "kein Antrag gestellt“ und hat keine Vorgangsnummer.": (
        "The application is not finalised yet. Every printout is marked “ENTWURF – kein "
        "Antrag gestellt” (draft – no application made) and has no reference number."
    ),
    "Auf Papier unterschreiben": "Sign on paper",
    "1. Drucken Sie das Unterschriftenblatt. Es zeigt alle Angaben und eine Prüfsumme.\n"
    "2. Die Bürgerin oder der Bürger unterschreibt es mit dem Stift.\n3. Tragen Sie hier "
    "ein, wer wann unterschrieben hat. Das Blatt geht mit dem Antrag an das Amt.": (
        "1. Print the signature sheet. It shows every answer and a checksum.\n2. The citizen "
        "signs it with a pen.\n3. Enter here who signed and when. The sheet goes to the "
        "office with the application."
    ),
    "Unterschriftenblatt drucken …": "Print the signature sheet …",
    "Wer hat unterschrieben?": "Who signed?",
    "Unterschrieben von:": "Signed by:",
    "Wann wurde unterschrieben?": "When was it signed?",
    "Unterschrieben am:": "Signed on:",
    "Unterschrift eintragen": "Record the signature",
    "Entwurf für die antragstellende Person (zum Durchsehen)": (
        "Draft for the applicant (to read through)"
    ),
    "Unterschriftenblatt (auf Papier unterschreiben)": "Signature sheet (sign on paper)",
    "Neu unterschreiben": "Sign again",
    "Auf Papier unterschreiben …": "Sign on paper …",
    "Druckt das Unterschriftenblatt. Danach tragen Sie ein, wer es wann unterschrieben hat.": (
        "Prints the signature sheet. Afterwards you enter who signed it and when."
    ),
    "Abschließen …": "Finalise …",
    "✓ Auf Papier unterschrieben von {name}, {when}.": "✓ Signed on paper by {name}, {when}.",
    "Sie können jetzt abschließen.": "You can finalise now.",
    "Der Antrag ist abgeschlossen. Schließt die Ansicht.": (
        "The application is finalised. Closes the view."
    ),
    "Voriger Abschnitt (Strg+Bild auf oder Alt+Pfeil links)": (
        "Previous section (Ctrl+Page Up or Alt+Left)"
    ),
    "Nächster Abschnitt (Strg+Bild ab oder Alt+Pfeil rechts)": (
        "Next section (Ctrl+Page Down or Alt+Right)"
    ),
    "{screen} ({keys})": "{screen} ({keys})",
    "Zur Prüfung durch die Bürgerin oder den Bürger (Strg+Eingabe)": (
        "To the citizen's review (Ctrl+Enter)"
    ),
    "{title}: ausgefüllt, aber eine Angabe stimmt noch nicht": (
        "{title}: filled in, but one answer is not right yet"
    ),
    "Name": "Name",
    "Liste der Anträge": "List of applications",
    "Sprache": "Language",
    "Sprache des Formulars, Leichte Sprache und Kollegin zuschalten": (
        "Language of the form, easy language and call in a colleague"
    ),
    "Angaben zum Prüfen": "Answers to review",
    "Suche leeren": "Clear the search",
    "Weiterlesen": "Keep reading",
    "Neue Formularfassung …": "New form version …",
    "Legt den gewählten Antrag in der neuesten Fassung seines Formulars neu an; "
    "der bisherige bleibt erhalten.": (
        "Creates the chosen application anew in the newest version of its form; the "
        "previous one is kept."
    ),
    "Abgelehnte wieder bearbeiten": "Edit refused ones again",
    "Holt die Anträge, die das Rathaus abgelehnt hat, zurück in Bearbeitung.": (
        "Brings the applications the town hall refused back into editing."
    ),
    "Ein abgelehnter Antrag ist wieder in Bearbeitung. Grund: {why}": (
        "A refused application is being edited again. Reason: {why}"
    ),
    "{n} abgelehnte Anträge sind wieder in Bearbeitung. Gründe: {why}": (
        "{n} refused applications are being edited again. Reasons: {why}"
    ),
    "Koffer sperrt sich in {seconds} Sekunden, weil nichts eingegeben wurde. Weiterlesen?": (
        "Koffer locks itself in {seconds} seconds because nothing was entered. Keep reading?"
    ),
    "Kollegin zugeschaltet": "Colleague connected",
    "Die Expertin zeigt auf: {label}": "The expert points at: {label}",
    "Kommentare": "Comments",
    "Neuer Kommentar": "New comment",
    "Kommentar schreiben …": "Write a comment …",
    "Senden": "Send",
    "Vollständigkeit": "Completeness",
    "Warten auf den Antrag …": "Waiting for the application …",
    "%p % vollständig": "%p % complete",
    "Keine Sitzung": "No session",
    "Unterlagen": "Documents",
    "freiwillig": "optional",
    "wird benötigt": "needed",
    "Keine Unterlagen nötig.": "No documents needed.",
    "Koffer – Experten-Zugang": "Koffer – expert access",
    "Experten-Zugang einrichten": "Set up the expert access",
    "Fügen Sie die Einladung ein, die Sie von der Verwaltung des Rathauses bekommen haben "
    "(sie beginnt mit „koffer-enroll:“).": (
        "Paste the invitation you received from the town hall's administration (it starts "
        "with “koffer-enroll:”)."
    ),
    "Zugang einrichten": "Set up access",
    "Einer Sitzung beitreten": "Join a session",
    "Die Kollegin im Außendienst liest Ihnen am Telefon einen Zugangscode vor. Er gilt "
    "einmal und nur wenige Minuten.": (
        "Your colleague in the field reads you an access code on the phone. It works once "
        "and only for a few minutes."
    ),
    "Zugangscode": "Access code",
    "Beitreten": "Join",
    "Verbindung": "Connection",
    "Ihre Vorschläge": "Your proposals",
    "Sitzung verlassen": "Leave the session",
    "Verbindung zum Rathaus wird aufgebaut …": "Connecting to the town hall …",
    "Der Koffer im Außendienst ist gerade nicht verbunden.": (
        "The laptop in the field is not connected right now."
    ),
    "Verbunden mit {name}.": "Connected with {name}.",
    "Bitte die Prüfnummer vergleichen.": "Please compare the verification number.",
    "offen": "open",
    "übernommen": "accepted",
    "abgelehnt": "rejected",
    "nicht übernommen": "not taken",
    "Außendienst": "Field",
    "Sie": "You",
    "Expertin": "Expert",
    "Kollegin zuschalten": "Bring in a colleague",
    "Eine Expertin aus dem Rathaus hilft bei diesem Antrag mit.": (
        "An expert from the town hall helps with this application."
    ),
    "Zugangscode zum Vorlesen:": "Access code to read out:",
    "Wer ist verbunden": "Who is connected",
    "Vorschläge": "Proposals",
    "Noch keine Vorschläge.": "No proposals yet.",
    "Verdeckte Angaben": "Hidden answers",
    "Sitzung beenden": "End the session",
    "Warten auf die Kollegin …": "Waiting for the colleague …",
    "Verbunden: {name}": "Connected: {name}",
    "{name} ist gerade nicht verbunden.": "{name} is not connected right now.",
    "(leer)": "(empty)",
    "Keine.": "None.",
    "Freigeben: {label}": "Show to the expert: {label}",
    "Die Expertin sieht danach diese eine Angabe.": "The expert then sees this one answer.",
    "Wert vorschlagen": "Propose a value",
    "Die Kollegin im Außendienst sieht Ihren Vorschlag und entscheidet, ob er übernommen wird.": (
        "Your colleague in the field sees your proposal and decides whether to take it."
    ),
    "Kurze Begründung, z. B. „laut Mietvertrag“": (
        "Short reason, e.g. “as in the tenancy agreement”"
    ),
    "Begründung": "Reason",
    "Vorschlag senden": "Send proposal",
    "Bitte kurz begründen, warum dieser Wert richtig ist.": (
        "Please say briefly why this value is right."
    ),
    "Eine Expertin oder ein Experte aus dem Rathaus sieht diesen einen Antrag, zeigt auf "
    "Felder und macht Vorschläge. Sie entscheiden über jeden Vorschlag. Besonders "
    "schützenswerte Angaben (IBAN, Steuer-ID, Gesundheit) bleiben verdeckt, bis Sie eine "
    "freigeben.": (
        "An expert from the town hall sees this one application, points at fields and makes "
        "proposals. You decide on every proposal. Especially sensitive answers (IBAN, tax "
        "ID, health) stay hidden until you show one."
    ),
    "Die Bürgerin / der Bürger ist einverstanden.": "The citizen agrees.",
    "Diese Anlagen darf die Expertin sehen:": "The expert may see these attachments:",
    "Der Antrag hat keine Anlagen.": "The application has no attachments.",
    "Zugangscode erzeugen": "Create access code",
    "Bitte zuerst fragen, ob die Bürgerin oder der Bürger einverstanden ist.": (
        "Please ask the citizen first whether they agree."
    ),
    "Prüfnummer vergleichen": "Compare the verification number",
    "Lesen Sie sich die Prüfnummer gegenseitig am Telefon vor. Nur wenn beide gleich sind, "
    "ist die Verbindung sicher.": (
        "Read the verification number to each other on the phone. Only if both are the same "
        "is the connection safe."
    ),
    "Prüfnummer": "Verification number",
    "Stimmt überein": "It matches",
    "Stimmt nicht": "It does not match",
    "Sprechen Sie am Telefon miteinander.": "Talk to each other on the phone.",
    "Sprechen Sie am Telefon miteinander oder im Videoraum des Rathauses.": (
        "Talk to each other on the phone or in the town hall's video room."
    ),
    "Videoraum öffnen": "Open the video room",
    "Vorschlag: {value}": "Proposal: {value}",
    "Begründung: {reason}": "Reason: {reason}",
    "Übernehmen": "Accept",
    "Vorschlag übernehmen: {label}": "Accept the proposal: {label}",
    "Ablehnen": "Reject",
    "Vorschlag ablehnen: {label}": "Reject the proposal: {label}",
    "Zeigen": "Point",
    "Zeigen: {label}": "Point at: {label}",
    "Die Kollegin sieht das Feld hervorgehoben.": "Your colleague sees the field highlighted.",
    "Vorschlagen …": "Propose …",
    "Vorschlagen: {label}": "Propose: {label}",
    "verdeckt (besonders schützenswerte Angabe)": "hidden (especially sensitive answer)",
    "verdeckt (Unterschrift)": "hidden (signature)",
    "verdeckt (Anlage nicht freigegeben)": "hidden (attachment not shared)",
    "verdeckt": "hidden",
    "Freigegebene Anlagen": "Shared attachments",
    "Die Anlage wird noch übertragen …": "The attachment is still being transferred …",
    "Diese Anlage kann hier nicht angezeigt werden.": "This attachment cannot be shown here.",
    "Auf dem &Formular der Stadt drucken": "Print on the &town's own form",
    "Auf dem Formular der Stadt drucken": "Print on the town's own form",
    "Zuerst die Seiten des Formulars der Stadt, ausgefüllt; danach Koffers eigene Seiten "
    "mit allen Angaben.": (
        "First the pages of the town's own form, filled in; then Koffer's own pages with "
        "every answer."
    ),
    "&Über Koffer …": "&About Koffer …",
    "Über Koffer": "About Koffer",
    "Version {version}": "Version {version}",
    "Lizenz: {name}": "Licence: {name}",
    "EUPL 1.2 (Open-Source-Lizenz für die Europäische Union)": (
        "EUPL 1.2 (European Union Public Licence)"
    ),
    "&Benutzerhandbuch öffnen": "Open the &user guide",
    "Öffnet das Benutzerhandbuch mit dem Programm, das der Laptop dafür hat.": (
        "Opens the user guide with the program the laptop has for it."
    ),
    "Formularkatalog: mitgeliefert mit dem Programm ({forms} Formulare), "
    "noch nicht vom Rathaus aktualisiert": (
        "Form catalogue: shipped with the program ({forms} forms), not yet updated by the town hall"
    ),
    "Formularkatalog: Version {n} ({forms} Formulare)": (
        "Form catalogue: version {n} ({forms} forms)"
    ),
    "Formularkatalog: Version {n} vom {date} ({forms} Formulare)": (
        "Form catalogue: version {n} of {date} ({forms} forms)"
    ),
    "Das Benutzerhandbuch ist in dieser Installation nicht enthalten. "
    "Die IT Ihrer Verwaltung hat es.": (
        "The user guide is not part of this installation. Your administration's IT has it."
    ),
    "Benutzerhandbuch: {path}": "User guide: {path}",
    "Sicherung": "Backup",
    "gesichert {time}": "backed up {time}",
    "wird beim nächsten Kontakt gesichert": "backed up at the next contact",
    "noch nicht gesichert": "not backed up yet",
    "Sicherung: {n} Entwürfe warten auf das Rathaus": "Backup: {n} drafts wait for the town hall",
    "Sicherung: ein Entwurf wartet auf das Rathaus": "Backup: one draft waits for the town hall",
    "Ein Antrag wurde vom Rathaus abgelehnt": "The town hall refused one application",
    "{n} Anträge wurden vom Rathaus abgelehnt": "The town hall refused {n} applications",
    "Ein Antrag gesendet, Eingangsnummer {refs}": "One application sent, reference {refs}",
    "{n} Anträge gesendet, Eingangsnummern {refs}": "{n} applications sent, references {refs}",
    "Wiederhergestellt: ein Entwurf.": "Restored: one draft.",
    "Ein abgeschlossener Antrag wird beim nächsten Kontakt mit dem Rathaus gesendet.": (
        "One finalised application will be sent at the next contact with the town hall."
    ),
    "Verbinden …": "Connect …",
    "{percent} ausgefüllt": "{percent} filled in",
    "geändert {when}": "changed {when}",
    "Entwürfe wiederherstellen …": "Restore drafts …",
    "Im Rathaus liegt eine Sicherung Ihrer Entwürfe von einem anderen Laptop. Mit dem "
    "Kennwort jenes Laptops holen Sie alle Entwürfe hierher.": (
        "The town hall holds a backup of your drafts from another laptop. With that "
        "laptop's passphrase you bring every draft here."
    ),
    "Entwürfe wiederherstellen": "Restore drafts",
    "Kennwort Ihres bisherigen Laptops (oder das neue Kennwort, das Ihnen das Rathaus "
    "gegeben hat):": (
        "Passphrase of your previous laptop (or the new passphrase the town hall gave you):"
    ),
    "Entwürfe werden wiederhergestellt: {n} von {m} …": "Restoring drafts: {n} of {m} …",
    "Das Kennwort passt nicht zu Ihrer Sicherung im Rathaus. Es wurde nichts verändert. "
    "Wurde das Kennwort vergessen, kann das Rathaus die Sicherung für ein neues Kennwort "
    "freigeben.": (
        "The passphrase does not fit your backup at the town hall. Nothing was changed. If "
        "the passphrase was forgotten, the town hall can release the backup for a new one."
    ),
    "Im Rathaus liegt für Sie keine Sicherung von Entwürfen vor.": (
        "The town hall holds no backup of drafts for you."
    ),
    "Wiederhergestellt: {n} Entwürfe.": "Restored: {n} drafts.",
    "Schon auf diesem Laptop: {n}.": "Already on this laptop: {n}.",
    "{n} abgeschlossene Anträge werden beim nächsten Kontakt mit dem Rathaus gesendet.": (
        "{n} finalised applications are sent at the next contact with the town hall."
    ),
    "Nicht wiederhergestellt: {name} – die Sicherung ist beschädigt.": (
        "Not restored: {name} – the backup is damaged."
    ),
    "Nicht wiederhergestellt: {name} – die Sicherung passt nicht zu Ihrem Schlüssel.": (
        "Not restored: {name} – the backup does not fit your key."
    ),
    "Kennwort der Sicherung": "Passphrase of the backup",
    "Später": "Later",
    "Wiederherstellen": "Restore",
    "Das hat nicht geklappt.": "That did not work.",
    "Ihre letzte Eingabe ist noch nicht gespeichert: {reason} Sie geht nicht verloren. "
    "Nach dem Entsperren zeigt Koffer den Antrag mit dieser Eingabe wieder und speichert "
    "sie erneut.": (
        "Your last input is not saved yet: {reason} It is not lost. After unlocking, "
        "Koffer shows the application with this input again and saves it once more."
    ),
    "Der Speicher des Geräts ist voll. Bitte geben Sie Speicherplatz frei.": (
        "The device's storage is full. Please free up some space."
    ),
    "Ihre Eingabe von vor dem Sperren ist wieder da. Koffer speichert sie jetzt.": (
        "Your input from before the lock is back. Koffer is saving it now."
    ),
    "Eingabe nicht gespeichert": "Input not saved",
    "Eine Eingabe ist noch nicht gespeichert, weil sie nicht geschrieben werden konnte "
    "(zum Beispiel: der Speicher des Geräts ist voll). Wenn Sie Koffer jetzt beenden, geht "
    "sie verloren. Trotzdem beenden?": (
        "Some input is not saved yet because it could not be written (for example: the "
        "device's storage is full). If you quit Koffer now, it is lost. Quit anyway?"
    ),
    "Nicht gespeicherte Eingabe": "Input not saved",
    "Wird gesperrt": "Locking",
    # the document checklist (koffer/ui/form/documents.py)
    "Diese Nachweise braucht das Amt nach den bisherigen Angaben. Haken Sie ab, was Sie im "
    "Original gesehen haben, oder wählen Sie den Anhang, der es belegt.": (
        "The office needs these proofs for the answers so far. Tick what you have seen in "
        "the original, or choose the attachment that proves it."
    ),
    "Noch keine Anhänge: Nachweise, die Sie im Formular anhängen, können Sie hier "
    "verknüpfen.": "No attachments yet: proofs you attach in the form can be linked here.",
    "Nach den bisherigen Angaben sind keine Nachweise nötig.": (
        "No proofs are needed for the answers so far."
    ),
    "Noch offen: {n} von {total} nötigen Unterlagen. Sie können auch nachgereicht werden; "
    "der Antrag kann trotzdem abgeschlossen werden.": (
        "Still open: {n} of {total} required documents. They can also be sent in later; "
        "the application can be finalised all the same."
    ),
    "Alle nötigen Unterlagen sind vorgelegt oder beigefügt.": (
        "All required documents are presented or attached."
    ),
    "Falls vorhanden: {done} von {total} vorgelegt.": "If available: {done} of {total} presented.",
    "{n} offen – {title}": "{n} open – {title}",
    "{label}, vorgelegt": "{label}, presented",
    "Nachweis für {label}": "Proof of {label}",
    "— noch offen —": "— still open —",
    "Original vorgelegt": "Original presented",
    "Anhang: {name}": "Attachment: {name}",
    "beigefügt: {name}": "attached: {name}",
    "im Original vorgelegt": "presented in the original",
    "Der verknüpfte Anhang wurde entfernt. Bitte erneut beifügen oder „Original vorgelegt“ "
    "wählen.": (
        "The linked attachment was removed. Please attach it again or choose “Original presented”."
    ),
    "nicht vorgelegt (nur falls vorhanden)": "not presented (only if available)",
    "fehlt noch – kann nachgereicht werden": "still missing – can be sent in later",
}


def fill(path: Path) -> int:
    """Fill empty translations in `path`; returns how many are still missing."""
    tree = ET.parse(path)  # noqa: S314 - our own generated file
    missing = 0
    for message in tree.iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        if translation is None:
            continue
        if source in EN:
            translation.text = EN[source]
            translation.attrib.pop("type", None)
        elif translation.get("type") == "unfinished":
            missing += 1
    tree.write(path, encoding="utf-8", xml_declaration=True)
    return missing


if __name__ == "__main__":
    here = Path(__file__).resolve().parent
    left = fill(here / "koffer_en.ts")
    print(f"untranslated: {left}")  # noqa: T201
    sys.exit(0)
