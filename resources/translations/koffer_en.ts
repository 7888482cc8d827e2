<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_GB">
<context>
    <name />
    <message>
        <location filename="../../koffer/ui/formatting.py" line="74" />
        <source>— keine Angabe —</source>
        <translation>— not given —</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/formatting.py" line="77" />
        <source>Ja</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/formatting.py" line="77" />
        <source>Nein</source>
        <translation>No</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/formatting.py" line="94" />
        <source>{n} Datei(en)</source>
        <translation>{n} file(s)</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/formatting.py" line="96" />
        <source>unterschrieben</source>
        <translation>signed</translation>
    </message>
</context>
<context>
    <name>AttachmentEditor</name>
    <message>
        <location filename="../../koffer/ui/attachments.py" line="73" />
        <source>Angehängte Dateien</source>
        <translation>Attached files</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/attachments.py" line="79" />
        <source>Datei anhängen …</source>
        <translation>Attach a file …</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/attachments.py" line="80" />
        <source>Foto aufnehmen …</source>
        <translation>Take a photo …</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/attachments.py" line="82" />
        <source>Entfernen</source>
        <translation>Remove</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/attachments.py" line="103" />
        <source>Datei anhängen: {name}</source>
        <translation>Attach a file: {name}</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/attachments.py" line="107" />
        <source>Ausgewählten Anhang entfernen: {name}</source>
        <translation>Remove the selected attachment: {name}</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/attachments.py" line="166" />
        <source>Die Anhänge konnten nicht geladen werden.</source>
        <translation>The attachments could not be loaded.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/attachments.py" line="177" />
        <source>Nachweis anhängen</source>
        <translation>Attach a proof</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/attachments.py" line="179" />
        <source>Nachweise (*.pdf *.jpg *.jpeg *.png)</source>
        <translation>Proofs (*.pdf *.jpg *.jpeg *.png)</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/attachments.py" line="197" />
        <source>Die Datei kann nicht gelesen werden.</source>
        <translation>The file cannot be read.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/attachments.py" line="245" />
        <source>Foto.jpg</source>
        <translation>Photo.jpg</translation>
    </message>
</context>
<context>
    <name>CameraDialog</name>
    <message>
        <location filename="../../koffer/ui/camera.py" line="20" />
        <source>Foto aufnehmen</source>
        <translation>Take a photo</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/camera.py" line="29" />
        <source>Abbrechen</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/camera.py" line="30" />
        <source>Aufnehmen</source>
        <translation>Take</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/camera.py" line="43" />
        <source>Die Kamera meldet einen Fehler.</source>
        <translation>The camera reports an error.</translation>
    </message>
</context>
<context>
    <name>CatalogScreen</name>
    <message>
        <location filename="../../koffer/ui/catalog_screen.py" line="49" />
        <source>Welches Formular brauchen Sie?</source>
        <translation>Which form do you need?</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/catalog_screen.py" line="51" />
        <source>Suchen, z. B. Miete, Rente, Pflege …</source>
        <translation>Search, e.g. rent, pension, care …</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/catalog_screen.py" line="52" />
        <source>Formular suchen</source>
        <translation>Search forms</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/catalog_screen.py" line="54" />
        <source>Sucht in Titel, Stichworten und Beschreibung, auch bei Tippfehlern.</source>
        <translation>Searches titles, keywords and descriptions, even with typos.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/catalog_screen.py" line="60" />
        <source>Formulare nach Thema</source>
        <translation>Forms by topic</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/catalog_screen.py" line="67" />
        <source>Beschreibung des Formulars</source>
        <translation>Description of the form</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/catalog_screen.py" line="70" />
        <source>Kein Formular gefunden. Versuchen Sie ein anderes Wort.</source>
        <translation>No form found. Try another word.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/catalog_screen.py" line="75" />
        <location filename="../../koffer/ui/catalog_screen.py" line="209" />
        <source>☆ Als Favorit merken</source>
        <translation>☆ Add to favourites</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/catalog_screen.py" line="76" />
        <source>Leeres Formular drucken …</source>
        <translation>Print a blank form …</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/catalog_screen.py" line="78" />
        <source>Druckt das gewählte Formular leer zum Ausfüllen von Hand, auf Wunsch groß.</source>
        <translation>Prints the selected form blank for filling in by hand, in large print if wanted.</translation>
    </message>
    <message>
        <source>Leeres Formular drucken</source>
        <translation>Print a blank form</translation>
    </message>
    <message>
        <source>Drucken kommt mit dem Druckmodul</source>
        <translation>Printing comes with the printing module</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/catalog_screen.py" line="80" />
        <source>Neuen Antrag beginnen</source>
        <translation>Start a new application</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/catalog_screen.py" line="130" />
        <source>Gefunden</source>
        <translation>Found</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/catalog_screen.py" line="136" />
        <source>★ Favoriten</source>
        <translation>★ Favourites</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/catalog_screen.py" line="209" />
        <source>★ Favorit entfernen</source>
        <translation>★ Remove from favourites</translation>
    </message>
</context>
<context>
    <name>ComboEditor</name>
    <message>
        <location filename="../../koffer/ui/fields.py" line="291" />
        <source>— bitte wählen —</source>
        <translation>— please choose —</translation>
    </message>
</context>
<context>
    <name>ConnectionIndicator</name>
    <message>
        <location filename="../../koffer/ui/connection.py" line="30" />
        <source>Kein Rathaus eingerichtet</source>
        <translation>No town hall set up</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/connection.py" line="31" />
        <source>Offline – alles wird lokal gespeichert</source>
        <translation>Offline – everything is saved locally</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/connection.py" line="32" />
        <source>Netz da, Rathaus nicht erreichbar</source>
        <translation>Network up, town hall not reachable</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/connection.py" line="33" />
        <source>Mit dem Rathaus verbunden</source>
        <translation>Connected to the town hall</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/connection.py" line="42" />
        <source>Verbindung: {state}</source>
        <translation>Connection: {state}</translation>
    </message>
</context>
<context>
    <name>DraftsScreen</name>
    <message>
        <location filename="../../koffer/ui/drafts_screen.py" line="43" />
        <source>Anträge in Arbeit</source>
        <translation>Applications in progress</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/drafts_screen.py" line="45" />
        <source>Nach Name oder Formular suchen …</source>
        <translation>Search by name or form …</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/drafts_screen.py" line="46" />
        <source>Anträge durchsuchen</source>
        <translation>Search applications</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/drafts_screen.py" line="51" />
        <source>Bürgerin / Bürger</source>
        <translation>Citizen</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/drafts_screen.py" line="52" />
        <source>Formular</source>
        <translation>Form</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/drafts_screen.py" line="53" />
        <source>Letzte Änderung</source>
        <translation>Last change</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/drafts_screen.py" line="54" />
        <source>Vollständig</source>
        <translation>Complete</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/drafts_screen.py" line="55" />
        <source>Stand</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/drafts_screen.py" line="57" />
        <source>Anträge</source>
        <translation>Applications</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/drafts_screen.py" line="63" />
        <source>Noch keine Anträge. Beginnen Sie im Katalog.</source>
        <translation>No applications yet. Start in the catalogue.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/drafts_screen.py" line="67" />
        <source>Löschen …</source>
        <translation>Delete …</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/drafts_screen.py" line="68" />
        <source>Drucken …</source>
        <translation>Print …</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/drafts_screen.py" line="71" />
        <source>Druckt den gewählten Antrag erneut: für die Bürgerin / den Bürger oder das Amt.</source>
        <translation>Prints the selected application again: for the citizen or for the office.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/drafts_screen.py" line="74" />
        <source>Öffnen</source>
        <translation>Open</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/drafts_screen.py" line="100" />
        <source> – lange nicht bearbeitet</source>
        <translation> – not worked on for a long time</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/drafts_screen.py" line="102" />
        <source>(ohne Namen)</source>
        <translation>(no name)</translation>
    </message>
</context>
<context>
    <name>EnrollmentDialog</name>
    <message>
        <location filename="../../koffer/ui/enrollment_dialog.py" line="42" />
        <source>Mit dem Rathaus verbinden</source>
        <translation>Connect to the town hall</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/enrollment_dialog.py" line="48" />
        <source>Fügen Sie den Text der Einladung aus dem Rathaus ein (er beginnt mit „koffer-enroll:“) oder öffnen Sie das Bild mit dem QR-Code.</source>
        <translation>Paste the text of the invitation from the town hall (it starts with “koffer-enroll:”) or open the picture of the QR code.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/enrollment_dialog.py" line="56" />
        <location filename="../../koffer/ui/enrollment_dialog.py" line="59" />
        <source>Einladung</source>
        <translation>Invitation</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/enrollment_dialog.py" line="61" />
        <location filename="../../koffer/ui/enrollment_dialog.py" line="62" />
        <source>Name dieses Geräts</source>
        <translation>Name of this device</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/enrollment_dialog.py" line="70" />
        <source>QR-Code-Bild öffnen …</source>
        <translation>Open QR code picture …</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/enrollment_dialog.py" line="71" />
        <source>Abbrechen</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/enrollment_dialog.py" line="72" />
        <location filename="../../koffer/ui/enrollment_dialog.py" line="93" />
        <source>Verbinden</source>
        <translation>Connect</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/enrollment_dialog.py" line="93" />
        <source>Verbinde …</source>
        <translation>Connecting …</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/enrollment_dialog.py" line="97" />
        <source>QR-Code-Bild öffnen</source>
        <translation>Open QR code picture</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/enrollment_dialog.py" line="97" />
        <source>Bilder (*.png *.jpg *.jpeg)</source>
        <translation>Pictures (*.png *.jpg *.jpeg)</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/enrollment_dialog.py" line="128" />
        <source>Bitte einen Namen für dieses Gerät eingeben.</source>
        <translation>Please enter a name for this device.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/enrollment_dialog.py" line="146" />
        <source>Die Verbindung konnte nicht eingerichtet werden.</source>
        <translation>The connection could not be set up.</translation>
    </message>
</context>
<context>
    <name>FieldRow</name>
    <message>
        <location filename="../../koffer/ui/fields.py" line="503" />
        <source>(Pflichtfeld)</source>
        <translation>(required)</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/fields.py" line="511" />
        <source>Wird automatisch berechnet.</source>
        <translation>Calculated automatically.</translation>
    </message>
</context>
<context>
    <name>FormScreen</name>
    <message>
        <location filename="../../koffer/ui/form_screen.py" line="211" />
        <location filename="../../koffer/ui/form_screen.py" line="879" />
        <source>Alles gespeichert</source>
        <translation>All saved</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form_screen.py" line="213" />
        <source>Speicherstand</source>
        <translation>Save status</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form_screen.py" line="222" />
        <source>Unterschrift ungültig – bitte erneut prüfen und unterschreiben</source>
        <translation>Signature void – please review and sign again</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form_screen.py" line="233" />
        <source>Leichte Sprache</source>
        <translation>Easy language</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form_screen.py" line="235" />
        <source>Zeigt Erklärungen in Leichter Sprache, wo es sie gibt.</source>
        <translation>Shows explanations in easy language where available.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form_screen.py" line="238" />
        <source>Sprache des Formulars:</source>
        <translation>Language of the form:</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form_screen.py" line="243" />
        <source>Sprache des Formulars</source>
        <translation>Language of the form</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form_screen.py" line="246" />
        <source>Rückgängig</source>
        <translation>Undo</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form_screen.py" line="247" />
        <source>Letzte Änderung zurücknehmen (Strg+Z)</source>
        <translation>Undo the last change (Ctrl+Z)</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form_screen.py" line="257" />
        <source>Abschnitte des Formulars</source>
        <translation>Sections of the form</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form_screen.py" line="265" />
        <location filename="../../koffer/ui/form_screen.py" line="514" />
        <source>Mitzubringende Unterlagen</source>
        <translation>Documents to provide</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form_screen.py" line="268" />
        <source>Noch offen</source>
        <translation>Still open</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form_screen.py" line="271" />
        <source>Noch offene Angaben</source>
        <translation>Answers still open</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form_screen.py" line="287" />
        <source>Zurück</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form_screen.py" line="288" />
        <source>Weiter</source>
        <translation>Next</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form_screen.py" line="289" />
        <source>Fertig für heute</source>
        <translation>Done for today</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form_screen.py" line="290" />
        <source>Alles ist gespeichert. Schließt den Antrag.</source>
        <translation>Everything is saved. Closes the application.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form_screen.py" line="291" />
        <source>Prüfen und unterschreiben</source>
        <translation>Review and sign</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form_screen.py" line="324" />
        <source>Abschnitt:</source>
        <translation>Section:</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form_screen.py" line="327" />
        <source>Abschnitt des Formulars wählen</source>
        <translation>Choose a section of the form</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form_screen.py" line="338" />
        <source>Zeigt die noch offenen Angaben; ein Eintrag springt zum Feld.</source>
        <translation>Shows the answers still missing; an entry jumps to its field.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form_screen.py" line="423" />
        <source>ohne Namen</source>
        <translation>no name</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form_screen.py" line="424" />
        <source>für {name}</source>
        <translation>for {name}</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form_screen.py" line="517" />
        <source>Diese Nachweise braucht das Amt nach den bisherigen Angaben:</source>
        <translation>According to the answers so far, the office needs these proofs:</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form_screen.py" line="546" />
        <source>(falls vorhanden)</source>
        <translation>(if available)</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form_screen.py" line="724" />
        <source>Mitzubringende Unterlagen ({n})</source>
        <translation>Documents to provide ({n})</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form_screen.py" line="735" />
        <source>{title}: {p} % ausgefüllt</source>
        <translation>{title}: {p} % filled in</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form_screen.py" line="803" />
        <source>Noch offen: {n}</source>
        <translation>Still open: {n}</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form_screen.py" line="878" />
        <source>Wird gespeichert …</source>
        <translation>Saving …</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form_screen.py" line="880" />
        <source>Nicht gespeichert!</source>
        <translation>Not saved!</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form_screen.py" line="891" />
        <source>Die Änderung konnte nicht gespeichert werden.</source>
        <translation>The change could not be saved.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form_screen.py" line="894" />
        <source>Ihre Eingaben bleiben hier stehen; es wird erneut versucht.</source>
        <translation>Your input stays here; saving is tried again.</translation>
    </message>
</context>
<context>
    <name>GroupEditor</name>
    <message>
        <location filename="../../koffer/ui/form_screen.py" line="112" />
        <source>Eintrag</source>
        <translation>Entry</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form_screen.py" line="119" />
        <source>{item} hinzufügen</source>
        <translation>Add {item}</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form_screen.py" line="134" />
        <source>{label} entfernen</source>
        <translation>Remove {label}</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form_screen.py" line="148" />
        <source>entfernen</source>
        <translation>remove</translation>
    </message>
</context>
<context>
    <name>LineEditor</name>
    <message>
        <location filename="../../koffer/ui/fields.py" line="119" />
        <source>Euro</source>
        <extracomment>Up to this many options a choice shows radio buttons (all visible, one key press each).</extracomment>
        <translation>Euro</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/fields.py" line="151" />
        <source>Bitte eine ganze Zahl eingeben.</source>
        <translation>Please enter a whole number.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/fields.py" line="156" />
        <source>Bitte eine Zahl eingeben, z. B. 1234,50.</source>
        <translation>Please enter a number, e.g. 1234,50.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/fields.py" line="163" />
        <source>Bitte das Datum so eingeben: TT.MM.JJJJ</source>
        <translation>Please enter the date as DD.MM.YYYY</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../koffer/ui/main_window.py" line="66" />
        <source>Das hat leider nicht geklappt. Ihre Daten sind sicher gespeichert. Bitte versuchen Sie es noch einmal.</source>
        <extracomment>Device setting holding the demo profile's public passphrase (see koffer.demo).</extracomment>
        <translation>Sorry, that did not work. Your data is saved safely. Please try again.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/main_window.py" line="98" />
        <source>Koffer – Verwaltung aus dem Koffer</source>
        <translation>Koffer – the town hall in a suitcase</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/main_window.py" line="110" />
        <source>Koffer startet …</source>
        <translation>Koffer is starting …</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/main_window.py" line="130" />
        <source>Formulare</source>
        <translation>Forms</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/main_window.py" line="131" />
        <source>Anträge</source>
        <translation>Applications</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/main_window.py" line="132" />
        <source>Offener Antrag</source>
        <translation>Open application</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/main_window.py" line="133" />
        <source>Termine</source>
        <translation>Appointments</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/main_window.py" line="139" />
        <source>Ansicht</source>
        <translation>View</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/main_window.py" line="142" />
        <source>Sperren</source>
        <translation>Lock</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/main_window.py" line="143" />
        <location filename="../../koffer/ui/main_window.py" line="318" />
        <source>Sperren (Strg+L)</source>
        <translation>Lock (Ctrl+L)</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/main_window.py" line="154" />
        <source>Schließen</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/main_window.py" line="180" />
        <source>Arbeitet</source>
        <translation>Working</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/main_window.py" line="227" />
        <source>Schrift größer (Strg++)</source>
        <translation>Larger text (Ctrl++)</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/main_window.py" line="229" />
        <source>Schrift kleiner (Strg+-)</source>
        <translation>Smaller text (Ctrl+-)</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/main_window.py" line="231" />
        <source>Normale Schriftgröße (Strg+0)</source>
        <translation>Normal text size (Ctrl+0)</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/main_window.py" line="233" />
        <source>Hoher Kontrast</source>
        <translation>High contrast</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/main_window.py" line="237" />
        <source>Termine …</source>
        <translation>Appointments …</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/main_window.py" line="245" />
        <source>Automatisch sperren nach</source>
        <translation>Lock automatically after</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/main_window.py" line="248" />
        <source>{n} Minuten</source>
        <translation>{n} minutes</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/main_window.py" line="255" />
        <source>Mit dem Rathaus verbinden …</source>
        <translation>Connect to the town hall …</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/main_window.py" line="258" />
        <source>Druckwarteschlange …</source>
        <translation>Print queue …</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/main_window.py" line="261" />
        <source>Antrag auf neue Formularfassung umstellen …</source>
        <translation>Move the application to the new form version …</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/main_window.py" line="264" />
        <source>Abgelehnte Anträge wieder bearbeiten</source>
        <translation>Edit rejected applications again</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/main_window.py" line="268" />
        <source>Sprache der Oberfläche</source>
        <translation>Language of the app</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/main_window.py" line="289" />
        <source>Schrift {p} %</source>
        <translation>Text {p} %</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/main_window.py" line="320" />
        <source>angemeldet: {name}</source>
        <translation>signed in: {name}</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/main_window.py" line="370" />
        <source>Die Sprache wechselt beim nächsten Start von Koffer.</source>
        <translation>The language changes when Koffer starts next time.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/main_window.py" line="558" />
        <source>Neuer Antrag</source>
        <translation>New application</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/main_window.py" line="559" />
        <source>Für wen ist der Antrag? Name der Bürgerin oder des Bürgers:</source>
        <translation>Who is the application for? Name of the citizen:</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/main_window.py" line="634" />
        <source>Der Formularkatalog wird noch geladen. Bitte einen Moment.</source>
        <translation>The form catalogue is still loading. One moment, please.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/main_window.py" line="638" />
        <source>Das Formular dieses Antrags fehlt im Katalog dieses Geräts.</source>
        <translation>The form of this application is missing from this device's catalogue.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/main_window.py" line="682" />
        <source>Antrag löschen?</source>
        <translation>Delete application?</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/main_window.py" line="684" />
        <source>Den Antrag von {name} mit allen Angaben, Anhängen und der Unterschrift endgültig löschen?</source>
        <translation>Delete the application of {name} with all answers, attachments and the signature for good?</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/main_window.py" line="766" />
        <source>Der Antrag ist fertig und unterschrieben.</source>
        <translation>The application is complete and signed.</translation>
    </message>
</context>
<context>
    <name>PrintController</name>
    <message>
        <location filename="../../koffer/ui/print_controller.py" line="83" />
        <source>Drucken</source>
        <extracomment>How often the offline queue is retried while the app is unlocked.</extracomment>
        <translation>Print</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_controller.py" line="84" />
        <source>Druckwarteschlange</source>
        <translation>Print queue</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_controller.py" line="85" />
        <source>Druckwarteschlange öffnen</source>
        <translation>Open the print queue</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_controller.py" line="157" />
        <source>Druckwarteschlange ({n})</source>
        <translation>Print queue ({n})</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_controller.py" line="254" />
        <source>Der Antrag ist abgeschlossen. Drucken Sie jetzt die Ausfertigung mit Eingangsbestätigung für die Bürgerin oder den Bürger und die Ausfertigung für das Amt.</source>
        <translation>The application is finished. Now print the copy with the receipt for the citizen and the copy for the office.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_controller.py" line="327" />
        <source>Koffer ist gesperrt.</source>
        <translation>Koffer is locked.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_controller.py" line="371" />
        <source>Druckauftrag wird vorbereitet …</source>
        <translation>Preparing the print job …</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_controller.py" line="383" />
        <source>Koffer versucht es noch einmal …</source>
        <translation>Koffer is trying again …</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_controller.py" line="419" />
        <source>Drucken hat nicht geklappt. Der Antrag selbst ist sicher gespeichert.</source>
        <translation>Printing did not work. The application itself is saved safely.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_controller.py" line="495" />
        <source>Auftrag verworfen.</source>
        <translation>Job discarded.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_controller.py" line="497" />
        <source>Der Auftrag wird erneut gedruckt.</source>
        <translation>The job is printed again.</translation>
    </message>
</context>
<context>
    <name>PrintDialog</name>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="43" />
        <source>Für die antragstellende Person (mit Eingangsbestätigung)</source>
        <extracomment>Width of a preview page in pixels (A4 height follows).</extracomment>
        <translation>For the applicant (with receipt)</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="46" />
        <source>Für das Amt</source>
        <translation>For the office</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="47" />
        <source>Hausbesuchsprotokoll</source>
        <translation>Home visit record</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="48" />
        <source>Leeres Formular zum Ausfüllen von Hand</source>
        <translation>Blank form to fill in by hand</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="113" />
        <location filename="../../koffer/ui/print_dialog.py" line="229" />
        <source>Drucken</source>
        <extracomment>Renders one document kind to PDF bytes (runs on the worker).</extracomment>
        <translation>Print</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="124" />
        <source>Drucken: {title}</source>
        <translation>Print: {title}</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="135" />
        <source>Was soll gedruckt werden?</source>
        <translation>What should be printed?</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="149" />
        <source>Vorgangsnummer: {ref}</source>
        <translation>Reference number: {ref}</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="152" />
        <source>Die Nummer ist vorläufig. Die endgültige Nummer vergibt das Rathaus, sobald der Antrag übertragen ist.</source>
        <translation>The number is provisional. The town hall gives the final number once the application has been transferred.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="162" />
        <source>Drucker</source>
        <translation>Printer</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="164" />
        <source>Der gewählte Drucker wird für das nächste Mal gemerkt.</source>
        <translation>The chosen printer is remembered for next time.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="166" />
        <source>&amp;Drucker:</source>
        <translation>&amp;Printer:</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="169" />
        <source>Anzahl der Exemplare</source>
        <translation>Number of copies</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="170" />
        <source>&amp;Exemplare:</source>
        <translation>&amp;Copies:</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="172" />
        <source>&amp;Beidseitig drucken</source>
        <translation>&amp;Two-sided</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="173" />
        <source>Beidseitig drucken</source>
        <translation>Print on both sides</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="174" />
        <source>&amp;Schwarzweiß (spart Farbe)</source>
        <translation>&amp;Black and white (saves ink)</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="175" />
        <source>Schwarzweiß drucken</source>
        <translation>Print in black and white</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="177" />
        <source>&amp;Großdruck</source>
        <translation>&amp;Large print</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="178" />
        <source>Großdruck</source>
        <translation>Large print</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="184" />
        <source>Stand des Druckauftrags</source>
        <translation>State of the print job</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="188" />
        <source>Druckt</source>
        <translation>Printing</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="192" />
        <source>Erneut drucken</source>
        <translation>Print again</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="194" />
        <source>Versucht jetzt noch einmal, den Ausdruck zu drucken.</source>
        <translation>Tries once more to print it now.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="196" />
        <source>Warteschlange ansehen</source>
        <translation>View the print queue</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="198" />
        <source>Zeigt alle Ausdrucke, die noch nicht fertig sind.</source>
        <translation>Shows every printout that is not finished yet.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="210" />
        <source>Vorschau</source>
        <translation>Preview</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="220" />
        <source>Druckvorschau</source>
        <translation>Print preview</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="222" />
        <source>Die Seiten genau so, wie sie gedruckt werden.</source>
        <translation>The pages exactly as they will be printed.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="228" />
        <location filename="../../koffer/ui/print_dialog.py" line="374" />
        <source>Abbrechen</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="247" />
        <source>Drucker werden gesucht …</source>
        <translation>Looking for printers …</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="273" />
        <source>Kein Drucker eingerichtet. Bitte den mobilen Drucker einschalten und im System einrichten.</source>
        <translation>No printer set up. Please switch on the portable printer and set it up in the system.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="284" />
        <source>Drucksystem nicht erreichbar.</source>
        <translation>Print system not reachable.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="325" />
        <source>Vorschau: {kind}</source>
        <translation>Preview: {kind}</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="326" />
        <source>Vorschau wird erstellt …</source>
        <translation>Making the preview …</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="345" />
        <source>Vorschau nicht verfügbar</source>
        <translation>Preview not available</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="349" />
        <source>Seite {n} von {total}</source>
        <translation>Page {n} of {total}</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="359" />
        <source>Die Vorschau konnte nicht erstellt werden.</source>
        <translation>The preview could not be made.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="367" />
        <source>Der Auftrag wird vorbereitet …</source>
        <translation>Preparing the job …</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="374" />
        <location filename="../../koffer/ui/print_dialog.py" line="398" />
        <source>Schließen</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>PrintQueueView</name>
    <message>
        <location filename="../../koffer/ui/print_queue_view.py" line="45" />
        <location filename="../../koffer/ui/print_queue_view.py" line="49" />
        <source>Druckwarteschlange</source>
        <translation>Print queue</translation>
    </message>
    <message>
        <source>Aufträge warten hier, solange der Drucker nicht erreichbar ist, und werden gedruckt, sobald er bereit ist. Die Dokumente sind verschlüsselt gespeichert.</source>
        <translation type="vanished">Jobs wait here while the printer cannot be reached and are printed as soon as it is ready. The documents are stored encrypted.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_queue_view.py" line="53" />
        <source>Hier steht jeder Ausdruck, der noch nicht fertig ist. Koffer druckt ihn, sobald der Drucker bereit ist. Die Dokumente sind verschlüsselt gespeichert.</source>
        <translation>Every printout that is not finished yet is listed here. Koffer prints it as soon as the printer is ready. The documents are stored encrypted.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_queue_view.py" line="61" />
        <source>Erstellt</source>
        <translation>Created</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_queue_view.py" line="61" />
        <source>Dokument</source>
        <translation>Document</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_queue_view.py" line="61" />
        <source>Drucker</source>
        <translation>Printer</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_queue_view.py" line="61" />
        <source>Stand</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_queue_view.py" line="62" />
        <source>Wartende Druckaufträge</source>
        <translation>Waiting print jobs</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_queue_view.py" line="67" />
        <source>Keine Aufträge in der Warteschlange.</source>
        <translation>No jobs in the queue.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_queue_view.py" line="71" />
        <source>Meldung der Druckwarteschlange</source>
        <translation>Print queue message</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_queue_view.py" line="74" />
        <source>Verwerfen …</source>
        <translation>Discard …</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_queue_view.py" line="76" />
        <source>Entfernt den gewählten Auftrag endgültig aus der Warteschlange.</source>
        <translation>Removes the selected job from the queue for good.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_queue_view.py" line="78" />
        <source>Erneut drucken</source>
        <translation>Print again</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_queue_view.py" line="79" />
        <source>Jetzt drucken</source>
        <translation>Print now</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_queue_view.py" line="81" />
        <source>Versucht jetzt, alle wartenden Aufträge zu drucken.</source>
        <translation>Tries now to print every waiting job.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_queue_view.py" line="83" />
        <source>Schließen</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_queue_view.py" line="152" />
        <source>Auftrag verwerfen?</source>
        <translation>Discard the job?</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_queue_view.py" line="154" />
        <source>Den Druckauftrag „{title}“ endgültig verwerfen? Er wird dann nicht gedruckt.</source>
        <translation>Discard the print job “{title}” for good? It will not be printed then.</translation>
    </message>
</context>
<context>
    <name>RadioEditor</name>
    <message>
        <location filename="../../koffer/ui/fields.py" line="238" />
        <source>Ja</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/fields.py" line="239" />
        <source>Nein</source>
        <translation>No</translation>
    </message>
</context>
<context>
    <name>ReviewScreen</name>
    <message>
        <location filename="../../koffer/ui/review_screen.py" line="79" />
        <source>Bitte lesen Sie alle Angaben in Ruhe durch. Stimmt alles, unterschreiben Sie unten. Möchten Sie etwas ändern, tippen Sie auf „Zurück zum Formular“.</source>
        <translation>Please read all answers calmly. If everything is right, sign below. To change something, tap “Back to the form”.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/review_screen.py" line="87" />
        <source>Antrag von {name}</source>
        <translation>Application of {name}</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/review_screen.py" line="107" />
        <source>Bevor unterschrieben werden kann, fehlt noch:</source>
        <translation>Before signing, this is still missing:</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/review_screen.py" line="117" />
        <source>Unterschrift</source>
        <translation>Signature</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/review_screen.py" line="121" />
        <source>Mit Ihrer Unterschrift bestätigen Sie die Angaben oben, genau so wie sie hier stehen.</source>
        <translation>With your signature you confirm the answers above, exactly as they stand here.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/review_screen.py" line="130" />
        <source>Löschen</source>
        <translation>Clear</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/review_screen.py" line="131" />
        <source>Letzten Strich zurück</source>
        <translation>Undo last stroke</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/review_screen.py" line="132" />
        <source>Strich wiederholen</source>
        <translation>Redo stroke</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/review_screen.py" line="133" />
        <source>Unterschrift übernehmen</source>
        <translation>Accept signature</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/review_screen.py" line="148" />
        <source>Zurück zum Formular</source>
        <translation>Back to the form</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/review_screen.py" line="149" />
        <source>Abschließen</source>
        <translation>Finish</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/review_screen.py" line="206" />
        <source>✓ Unterschrieben. Sie können jetzt abschließen.</source>
        <translation>✓ Signed. You can finish now.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/review_screen.py" line="210" />
        <source>Noch nicht unterschrieben.</source>
        <translation>Not signed yet.</translation>
    </message>
</context>
<context>
    <name>SetupScreen</name>
    <message>
        <location filename="../../koffer/ui/profile_screens.py" line="55" />
        <source>Willkommen bei Koffer</source>
        <translation>Welcome to Koffer</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/profile_screens.py" line="59" />
        <source>Legen Sie zuerst Ihr Profil an. Das Kennwort schützt die Daten der Bürgerinnen und Bürger auf diesem Gerät. Ohne Kennwort kann niemand sie lesen – auch Sie nicht. Bitte merken Sie es sich gut.</source>
        <translation>First create your profile. The passphrase protects the citizens' data on this device. Without it nobody can read the data – not even you. Please remember it well.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/profile_screens.py" line="69" />
        <source>Ihr Name</source>
        <translation>Your name</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/profile_screens.py" line="72" />
        <source>Kennwort</source>
        <translation>Passphrase</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/profile_screens.py" line="73" />
        <source>Mindestens 10 Zeichen</source>
        <translation>At least 10 characters</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/profile_screens.py" line="76" />
        <source>Kennwort wiederholen</source>
        <translation>Repeat passphrase</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/profile_screens.py" line="77" />
        <source>Ihr &amp;Name</source>
        <translation>Your &amp;name</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/profile_screens.py" line="78" />
        <source>&amp;Kennwort (mindestens 10 Zeichen)</source>
        <translation>&amp;Passphrase (at least 10 characters)</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/profile_screens.py" line="79" />
        <source>Kennwort &amp;wiederholen</source>
        <translation>&amp;Repeat passphrase</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/profile_screens.py" line="82" />
        <source>Stärke des Kennworts</source>
        <translation>Strength of the passphrase</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/profile_screens.py" line="89" />
        <source>Profil wird angelegt</source>
        <translation>Creating the profile</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/profile_screens.py" line="92" />
        <source>Profil anlegen</source>
        <translation>Create profile</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/profile_screens.py" line="104" />
        <source>Stärke: </source>
        <translation>Strength: </translation>
    </message>
    <message>
        <location filename="../../koffer/ui/profile_screens.py" line="109" />
        <source>Bitte geben Sie Ihren Namen ein.</source>
        <translation>Please enter your name.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/profile_screens.py" line="112" />
        <source>Das Kennwort ist zu kurz: bitte mindestens 10 Zeichen.</source>
        <translation>The passphrase is too short: at least 10 characters, please.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/profile_screens.py" line="115" />
        <source>Die beiden Kennwörter sind verschieden. Bitte noch einmal.</source>
        <translation>The two passphrases differ. Please try again.</translation>
    </message>
</context>
<context>
    <name>SignaturePad</name>
    <message>
        <location filename="../../koffer/ui/signature_pad.py" line="42" />
        <source>Unterschriftenfeld</source>
        <extracomment>One sampled point: x, y (0..1 of the pad), pressure (0..1), milliseconds since start.</extracomment>
        <translation>Signature pad</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/signature_pad.py" line="43" />
        <source>Mit Finger, Stift oder Maus unterschreiben.</source>
        <translation>Sign with finger, pen or mouse.</translation>
    </message>
</context>
<context>
    <name>SyncController</name>
    <message>
        <location filename="../../koffer/ui/sync_controller.py" line="141" />
        <source>Sende {n} von {m} …</source>
        <extracomment>Seconds between passes while the town hall answers (heartbeat, catalog, visits). Seconds to wait after a network change before the first probe (VPN settles). (n, m): sending the n-th of m submissions (emitted from the worker thread). Receipts arrived or drafts were sealed: the drafts list should refresh. The town hall revoked this laptop; the profile was wiped. A new catalog was installed: the catalog screen should reload. A German message for the user (refused submission, refused catalog, sealing).</extracomment>
        <translation>Sending {n} of {m} …</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/sync_controller.py" line="207" />
        <source>{n} Antrag/Anträge vom Rathaus abgelehnt</source>
        <translation>{n} application(s) rejected by the town hall</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/sync_controller.py" line="212" />
        <source>{n} gesendet, Eingangsnummer {refs}</source>
        <translation>{n} sent, reference number {refs}</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/sync_controller.py" line="229" />
        <source>Fehler bei der Synchronisation</source>
        <translation>Synchronisation failed</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/sync_controller.py" line="261" />
        <source>Der Antrag konnte nicht versiegelt werden. Er bleibt gespeichert.</source>
        <translation>The application could not be sealed. It stays saved.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/sync_controller.py" line="281" />
        <source>Verbunden</source>
        <translation>Connected</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/sync_controller.py" line="318" />
        <source>Bitte zuerst einen Antrag in der Liste auswählen.</source>
        <translation>Please choose an application in the list first.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/sync_controller.py" line="325" />
        <source>Für diesen Antrag gibt es keine neuere Formularfassung.</source>
        <translation>There is no newer version of the form for this application.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/sync_controller.py" line="333" />
        <source>Es wird ein neuer Antrag in der neuen Fassung angelegt; der bisherige bleibt erhalten.</source>
        <translation>A new application in the new version is created; the previous one is kept.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/sync_controller.py" line="337" />
        <source>Auf neue Formularfassung umstellen?</source>
        <translation>Move to the new version of the form?</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/sync_controller.py" line="348" />
        <source>Nur Anträge in Bearbeitung können umgestellt werden.</source>
        <translation>Only applications in progress can be moved.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/sync_controller.py" line="372" />
        <source>Es gibt keine abgelehnten Anträge.</source>
        <translation>There are no rejected applications.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/sync_controller.py" line="376" />
        <source>{n} Antrag/Anträge wieder in Bearbeitung. Grund: {why}</source>
        <translation>{n} application(s) back in progress. Reason: {why}</translation>
    </message>
</context>
<context>
    <name>UnlockScreen</name>
    <message>
        <location filename="../../koffer/ui/profile_screens.py" line="143" />
        <source>Koffer ist gesperrt</source>
        <translation>Koffer is locked</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/profile_screens.py" line="146" />
        <source>Bitte geben Sie Ihr Kennwort ein, um weiterzuarbeiten.</source>
        <translation>Please enter your passphrase to continue.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/profile_screens.py" line="153" />
        <source>Kennwort</source>
        <translation>Passphrase</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/profile_screens.py" line="154" />
        <source>&amp;Kennwort</source>
        <translation>&amp;Passphrase</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/profile_screens.py" line="164" />
        <source>Wird entsperrt</source>
        <translation>Unlocking</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/profile_screens.py" line="167" />
        <source>Entsperren</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/profile_screens.py" line="180" />
        <source>Hallo {name}, bitte geben Sie Ihr Kennwort ein.</source>
        <translation>Hello {name}, please enter your passphrase.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/profile_screens.py" line="186" />
        <source>Demo-Profil – das Kennwort lautet: {p}</source>
        <translation>Demo profile – the passphrase is: {p}</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/profile_screens.py" line="192" />
        <source>Bitte geben Sie Ihr Kennwort ein.</source>
        <translation>Please enter your passphrase.</translation>
    </message>
</context>
<context>
    <name>VisitsDialog</name>
    <message>
        <location filename="../../koffer/ui/visits_dialog.py" line="43" />
        <location filename="../../koffer/ui/visits_dialog.py" line="51" />
        <source>Termine</source>
        <extracomment>(template, citizen name, visit id): start a form for this visit.</extracomment>
        <translation>Appointments</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/visits_dialog.py" line="46" />
        <source>Keine Termine. Termine kommen bei der nächsten Verbindung aus dem Rathaus.</source>
        <translation>No appointments. Appointments arrive with the next connection to the town hall.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/visits_dialog.py" line="54" />
        <source>Schließen</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/visits_dialog.py" line="55" />
        <source>Formular beginnen …</source>
        <translation>Start a form …</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/visits_dialog.py" line="91" />
        <source>ohne Zeit</source>
        <translation>no time given</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/visits_dialog.py" line="125" />
        <source>Formular wählen</source>
        <translation>Choose a form</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/visits_dialog.py" line="125" />
        <source>Welches Formular?</source>
        <translation>Which form?</translation>
    </message>
</context>
<context>
    <name>parent</name>
    <message>
        <location filename="../../koffer/ui/fields.py" line="443" />
        <source>Die Unterschrift folgt nach der Prüfung durch die Bürgerin oder den Bürger.</source>
        <extracomment>Builds an editor for the field types that need services (attachments).</extracomment>
        <translation>The signature follows after the citizen's review.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/fields.py" line="449" />
        <source>Anhänge können erst nach dem Entsperren hinzugefügt werden.</source>
        <translation>Attachments can only be added after unlocking.</translation>
    </message>
</context>
</TS>