<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_GB">
<context>
    <name>AttachmentEditor</name>
    <message>
        <location filename="../../koffer/ui/attachments.py" line="105" />
        <source>Angehängte Dateien</source>
        <translation>Attached files</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/attachments.py" line="111" />
        <source>Datei anhängen …</source>
        <translation>Attach a file …</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/attachments.py" line="112" />
        <source>Foto aufnehmen …</source>
        <translation>Take a photo …</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/attachments.py" line="114" />
        <source>Entfernen</source>
        <translation>Remove</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/attachments.py" line="135" />
        <source>Datei anhängen: {name}</source>
        <translation>Attach a file: {name}</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/attachments.py" line="139" />
        <source>Ausgewählten Anhang entfernen: {name}</source>
        <translation>Remove the selected attachment: {name}</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/attachments.py" line="197" />
        <source>Die Anhänge konnten nicht geladen werden.</source>
        <translation>The attachments could not be loaded.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/attachments.py" line="208" />
        <source>Nachweis anhängen</source>
        <translation>Attach a proof</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/attachments.py" line="210" />
        <source>Nachweise (*.pdf *.jpg *.jpeg *.png)</source>
        <translation>Proofs (*.pdf *.jpg *.jpeg *.png)</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/attachments.py" line="232" />
        <source>Die Datei kann nicht gelesen werden.</source>
        <translation>The file cannot be read.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/attachments.py" line="280" />
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
        <location filename="../../koffer/ui/fields.py" line="289" />
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
    <name>DocumentsPage</name>
    <message>
        <location filename="../../koffer/ui/form/documents.py" line="19" />
        <source>Mitzubringende Unterlagen</source>
        <translation>Documents to provide</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/documents.py" line="22" />
        <source>Diese Nachweise braucht das Amt nach den bisherigen Angaben:</source>
        <translation>According to the answers so far, the office needs these proofs:</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/documents.py" line="46" />
        <source>(falls vorhanden)</source>
        <translation>(if available)</translation>
    </message>
</context>
<context>
    <name>DraftFlow</name>
    <message>
        <location filename="../../koffer/ui/window/draft_flow.py" line="377" />
        <source>Antrag löschen?</source>
        <extracomment>print this draft: (draft id, kinds to tick, intro text)</extracomment>
        <translation>Delete application?</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/draft_flow.py" line="379" />
        <source>Den Antrag von {name} mit allen Angaben, Anhängen und der Unterschrift endgültig löschen?</source>
        <translation>Delete the application of {name} with all answers, attachments and the signature for good?</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/draft_flow.py" line="391" />
        <source>Bitte zuerst einen Antrag in der Liste auswählen.</source>
        <translation>Please choose an application in the list first.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/draft_flow.py" line="398" />
        <source>Für diesen Antrag gibt es keine neuere Formularfassung.</source>
        <translation>There is no newer version of the form for this application.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/draft_flow.py" line="406" />
        <source>Es wird ein neuer Antrag in der neuen Fassung angelegt; der bisherige bleibt erhalten.</source>
        <translation>A new application in the new version is created; the previous one is kept.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/draft_flow.py" line="410" />
        <source>Auf neue Formularfassung umstellen?</source>
        <translation>Move to the new version of the form?</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/draft_flow.py" line="425" />
        <source>Es gibt keine abgelehnten Anträge.</source>
        <translation>There are no rejected applications.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/draft_flow.py" line="430" />
        <source>{n} Antrag/Anträge wieder in Bearbeitung. Grund: {why}</source>
        <translation>{n} application(s) back in progress. Reason: {why}</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/draft_flow.py" line="443" />
        <source>Das hat leider nicht geklappt. Ihre Daten sind sicher gespeichert.</source>
        <translation>That did not work, sorry. Your data is stored safely.</translation>
    </message>
</context>
<context>
    <name>DraftsScreen</name>
    <message>
        <location filename="../../koffer/ui/drafts_screen.py" line="42" />
        <source>Anträge in Arbeit</source>
        <translation>Applications in progress</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/drafts_screen.py" line="44" />
        <source>Nach Name oder Formular suchen …</source>
        <translation>Search by name or form …</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/drafts_screen.py" line="45" />
        <source>Anträge durchsuchen</source>
        <translation>Search applications</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/drafts_screen.py" line="50" />
        <source>Bürgerin / Bürger</source>
        <translation>Citizen</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/drafts_screen.py" line="51" />
        <source>Formular</source>
        <translation>Form</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/drafts_screen.py" line="52" />
        <source>Letzte Änderung</source>
        <translation>Last change</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/drafts_screen.py" line="53" />
        <source>Vollständig</source>
        <translation>Complete</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/drafts_screen.py" line="54" />
        <source>Stand</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/drafts_screen.py" line="56" />
        <source>Anträge</source>
        <translation>Applications</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/drafts_screen.py" line="62" />
        <source>Noch keine Anträge. Beginnen Sie im Katalog.</source>
        <translation>No applications yet. Start in the catalogue.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/drafts_screen.py" line="66" />
        <source>Löschen …</source>
        <translation>Delete …</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/drafts_screen.py" line="67" />
        <source>Drucken …</source>
        <translation>Print …</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/drafts_screen.py" line="70" />
        <source>Druckt den gewählten Antrag erneut: für die Bürgerin / den Bürger oder das Amt.</source>
        <translation>Prints the selected application again: for the citizen or for the office.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/drafts_screen.py" line="73" />
        <source>Öffnen</source>
        <translation>Open</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/drafts_screen.py" line="98" />
        <source> – lange nicht bearbeitet</source>
        <translation> – not worked on for a long time</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/drafts_screen.py" line="100" />
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
        <location filename="../../koffer/ui/fields.py" line="501" />
        <source>(Pflichtfeld)</source>
        <translation>(required)</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/fields.py" line="509" />
        <source>Wird automatisch berechnet.</source>
        <translation>Calculated automatically.</translation>
    </message>
</context>
<context>
    <name>FindingsPanel</name>
    <message>
        <location filename="../../koffer/ui/form/findings.py" line="26" />
        <source>Noch offen</source>
        <extracomment>Longest entry of the "Noch offen" menu, in average characters.</extracomment>
        <translation>Still open</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/findings.py" line="28" />
        <source>Noch offene Angaben</source>
        <translation>Answers still open</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/findings.py" line="33" />
        <source>Zeigt die noch offenen Angaben; ein Eintrag springt zum Feld.</source>
        <translation>Shows the answers still missing; an entry jumps to its field.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/findings.py" line="58" />
        <source>Noch offen: {n}</source>
        <translation>Still open: {n}</translation>
    </message>
</context>
<context>
    <name>FormScreen</name>
    <message>
        <location filename="../../koffer/ui/form/screen.py" line="145" />
        <location filename="../../koffer/ui/form/screen.py" line="637" />
        <source>Alles gespeichert</source>
        <translation>All saved</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/screen.py" line="147" />
        <source>Speicherstand</source>
        <translation>Save status</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/screen.py" line="580" />
        <source>Der Antrag ist abgeschlossen und kann nicht mehr geändert werden.</source>
        <translation>The application is finalised and can no longer be changed.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/screen.py" line="582" />
        <source>Unterschrift ungültig – bitte erneut prüfen und unterschreiben</source>
        <translation>Signature void – please review and sign again</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/screen.py" line="165" />
        <source>Leichte Sprache</source>
        <translation>Easy language</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/screen.py" line="167" />
        <source>Zeigt Erklärungen in Leichter Sprache, wo es sie gibt.</source>
        <translation>Shows explanations in easy language where available.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/screen.py" line="170" />
        <source>Sprache des Formulars:</source>
        <translation>Language of the form:</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/screen.py" line="175" />
        <source>Sprache des Formulars</source>
        <translation>Language of the form</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/screen.py" line="178" />
        <source>Rückgängig</source>
        <translation>Undo</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/screen.py" line="179" />
        <source>Letzte Änderung zurücknehmen (Strg+Z)</source>
        <translation>Undo the last change (Ctrl+Z)</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/screen.py" line="222" />
        <source>Zurück</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/screen.py" line="223" />
        <source>Weiter</source>
        <translation>Next</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/screen.py" line="224" />
        <source>Fertig für heute</source>
        <translation>Done for today</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/screen.py" line="225" />
        <source>Alles ist gespeichert. Schließt den Antrag.</source>
        <translation>Everything is saved. Closes the application.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/screen.py" line="226" />
        <source>Prüfen und unterschreiben</source>
        <translation>Review and sign</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/screen.py" line="247" />
        <source>ohne Namen</source>
        <translation>no name</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/screen.py" line="248" />
        <source>für {name}</source>
        <translation>for {name}</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/screen.py" line="252" />
        <source>Schließen</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/screen.py" line="253" />
        <source>Der Antrag ist abgeschlossen. Schließt die Ansicht.</source>
        <translation>The application is finalised. Closes the view.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/screen.py" line="636" />
        <source>Wird gespeichert …</source>
        <translation>Saving …</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/screen.py" line="638" />
        <source>Nicht gespeichert!</source>
        <translation>Not saved!</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/screen.py" line="648" />
        <source>Die Änderung konnte nicht gespeichert werden.</source>
        <translation>The change could not be saved.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/screen.py" line="653" />
        <source>Ihre Eingaben bleiben hier stehen; es wird erneut versucht.</source>
        <translation>Your input stays here; saving is tried again.</translation>
    </message>
</context>
<context>
    <name>GroupEditor</name>
    <message>
        <location filename="../../koffer/ui/form/group_editor.py" line="47" />
        <source>Eintrag</source>
        <translation>Entry</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/group_editor.py" line="54" />
        <source>{item} hinzufügen</source>
        <translation>Add {item}</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/group_editor.py" line="70" />
        <source>{label} entfernen</source>
        <translation>Remove {label}</translation>
    </message>
</context>
<context>
    <name>Lifecycle</name>
    <message>
        <location filename="../../koffer/drafting/wording.py" line="32" />
        <source>in Arbeit</source>
        <extracomment>The translation context of every text here. Short words for the drafts list and `koffer status`, by stage (`DraftStatus` values).</extracomment>
        <translation>in progress</translation>
    </message>
    <message>
        <location filename="../../koffer/drafting/wording.py" line="33" />
        <source>unterschrieben – noch abschließen</source>
        <translation>signed – still to finalise</translation>
    </message>
    <message>
        <location filename="../../koffer/drafting/wording.py" line="34" />
        <source>abgeschlossen – wartet auf das Rathaus</source>
        <translation>finalised – waiting for the town hall</translation>
    </message>
    <message>
        <location filename="../../koffer/drafting/wording.py" line="35" />
        <source>abgeschlossen – wird gesendet</source>
        <translation>finalised – will be sent</translation>
    </message>
    <message>
        <location filename="../../koffer/drafting/wording.py" line="36" />
        <source>gesendet – Bestätigung folgt</source>
        <translation>sent – confirmation to follow</translation>
    </message>
    <message>
        <location filename="../../koffer/drafting/wording.py" line="37" />
        <source>im Rathaus angekommen</source>
        <translation>arrived at the town hall</translation>
    </message>
    <message>
        <location filename="../../koffer/drafting/wording.py" line="43" />
        <source>Für dieses Formular fehlt noch eine Angabe aus dem Rathaus. Sie kommt beim nächsten Kontakt mit dem Rathaus; dann wird der Antrag gesendet. Sie müssen nichts tun.</source>
        <extracomment>Said only where the one draft is shown (its row, its open form): it waits for the office's key, which the next catalog update brings; nothing for the worker to do but to let Koffer reach the town hall while it is unlocked.</extracomment>
        <translation>This form still needs something from the town hall. It comes with the next contact with the town hall; then the application is sent. You need not do anything.</translation>
    </message>
    <message>
        <location filename="../../koffer/drafting/wording.py" line="50" />
        <source>Antrag abschließen?</source>
        <extracomment>The one finalise step: the question, and what happens next.</extracomment>
        <translation>Finalise the application?</translation>
    </message>
    <message>
        <location filename="../../koffer/drafting/wording.py" line="51" />
        <source>Nach dem Abschließen lässt sich der Antrag nicht mehr ändern. Der Antrag wird beim nächsten Kontakt mit dem Rathaus gesendet. Die Bürgerin oder der Bürger erhält eine Ausfertigung mit Eingangsbestätigung.</source>
        <translation>Once finalised, the application can no longer be changed. It is sent at the next contact with the town hall. The citizen receives a copy with a confirmation of receipt.</translation>
    </message>
    <message>
        <location filename="../../koffer/drafting/wording.py" line="57" />
        <source>Abschließen</source>
        <translation>Finish</translation>
    </message>
    <message>
        <location filename="../../koffer/drafting/wording.py" line="58" />
        <source>Der Antrag ist abgeschlossen. Er wird beim nächsten Kontakt mit dem Rathaus gesendet.</source>
        <translation>The application is finalised. It is sent at the next contact with the town hall.</translation>
    </message>
    <message>
        <location filename="../../koffer/drafting/wording.py" line="62" />
        <source>Der Antrag ist abgeschlossen. Drucken Sie jetzt die Ausfertigung mit Eingangsbestätigung für die Bürgerin oder den Bürger und die Ausfertigung für das Amt.</source>
        <translation>The application is finished. Now print the copy with the receipt for the citizen and the copy for the office.</translation>
    </message>
    <message>
        <location filename="../../koffer/drafting/wording.py" line="68" />
        <source>Der Antrag ist noch nicht abgeschlossen. Jeder Ausdruck trägt den Vermerk „ENTWURF – kein Antrag gestellt“ und hat keine Vorgangsnummer.</source>
        <extracomment>What a print dialog of an unfinished draft says before anything is printed.</extracomment>
        <translation>The application is not finalised yet. Every printout is marked “ENTWURF – kein Antrag gestellt” (draft – no application made) and has no reference number.</translation>
    </message>
    <message>
        <location filename="../../koffer/drafting/wording.py" line="76" />
        <source>Ihre letzte Eingabe ist noch nicht gespeichert: {reason} Sie geht nicht verloren. Nach dem Entsperren zeigt Koffer den Antrag mit dieser Eingabe wieder und speichert sie erneut.</source>
        <extracomment>Locking while the open draft's last input could not be written (`koffer.drafting.locking`).</extracomment>
        <translation>Your last input is not saved yet: {reason} It is not lost. After unlocking, Koffer shows the application with this input again and saves it once more.</translation>
    </message>
    <message>
        <location filename="../../koffer/drafting/wording.py" line="82" />
        <source>Der Speicher des Geräts ist voll. Bitte geben Sie Speicherplatz frei.</source>
        <translation>The device's storage is full. Please free up some space.</translation>
    </message>
    <message>
        <location filename="../../koffer/drafting/wording.py" line="85" />
        <source>Ihre Eingabe von vor dem Sperren ist wieder da. Koffer speichert sie jetzt.</source>
        <translation>Your input from before the lock is back. Koffer is saving it now.</translation>
    </message>
    <message>
        <location filename="../../koffer/drafting/wording.py" line="89" />
        <source>Eingabe nicht gespeichert</source>
        <translation>Input not saved</translation>
    </message>
    <message>
        <location filename="../../koffer/drafting/wording.py" line="90" />
        <source>Eine Eingabe ist noch nicht gespeichert, weil sie nicht geschrieben werden konnte (zum Beispiel: der Speicher des Geräts ist voll). Wenn Sie Koffer jetzt beenden, geht sie verloren. Trotzdem beenden?</source>
        <translation>Some input is not saved yet because it could not be written (for example: the device's storage is full). If you quit Koffer now, it is lost. Quit anyway?</translation>
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
        <location filename="../../koffer/ui/window/shell.py" line="72" />
        <source>Das hat leider nicht geklappt. Ihre Daten sind sicher gespeichert. Bitte versuchen Sie es noch einmal.</source>
        <translation>Sorry, that did not work. Your data is saved safely. Please try again.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/shell.py" line="100" />
        <source>Koffer – Verwaltung aus dem Koffer</source>
        <translation>Koffer – the town hall in a suitcase</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/shell.py" line="126" />
        <source>Koffer startet …</source>
        <translation>Koffer is starting …</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/shell.py" line="146" />
        <source>Formulare</source>
        <translation>Forms</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/shell.py" line="147" />
        <source>Anträge</source>
        <translation>Applications</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/shell.py" line="148" />
        <source>Offener Antrag</source>
        <translation>Open application</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/shell.py" line="149" />
        <source>Termine</source>
        <translation>Appointments</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/shell.py" line="158" />
        <source>Ansicht</source>
        <translation>View</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/shell.py" line="161" />
        <source>Sperren</source>
        <translation>Lock</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/shell.py" line="162" />
        <location filename="../../koffer/ui/window/shell.py" line="347" />
        <source>Sperren (Strg+L)</source>
        <translation>Lock (Ctrl+L)</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/shell.py" line="173" />
        <source>Schließen</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/shell.py" line="195" />
        <source>Arbeitet</source>
        <translation>Working</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/shell.py" line="349" />
        <source>angemeldet: {name}</source>
        <translation>signed in: {name}</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/shell.py" line="323" />
        <source>Die Sprache wechselt beim nächsten Start von Koffer.</source>
        <translation>The language changes when Koffer starts next time.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/shell.py" line="376" />
        <source>Neuer Antrag</source>
        <translation>New application</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/shell.py" line="377" />
        <source>Für wen ist der Antrag? Name der Bürgerin oder des Bürgers:</source>
        <translation>Who is the application for? Name of the citizen:</translation>
    </message>
</context>
<context>
    <name>PaperSignatureDialog</name>
    <message>
        <location filename="../../koffer/ui/window/draft_flow.py" line="80" />
        <location filename="../../koffer/ui/window/draft_flow.py" line="82" />
        <source>Auf Papier unterschreiben</source>
        <extracomment>Print kinds (`koffer.drafting.claims.PrintKind` values; that module loads the forms models, which the window's first screen must not wait for).</extracomment>
        <translation>Sign on paper</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/draft_flow.py" line="86" />
        <source>1. Drucken Sie das Unterschriftenblatt. Es zeigt alle Angaben und eine Prüfsumme.
2. Die Bürgerin oder der Bürger unterschreibt es mit dem Stift.
3. Tragen Sie hier ein, wer wann unterschrieben hat. Das Blatt geht mit dem Antrag an das Amt.</source>
        <translation>1. Print the signature sheet. It shows every answer and a checksum.
2. The citizen signs it with a pen.
3. Enter here who signed and when. The sheet goes to the office with the application.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/draft_flow.py" line="94" />
        <source>Unterschriftenblatt drucken …</source>
        <translation>Print the signature sheet …</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/draft_flow.py" line="98" />
        <source>Wer hat unterschrieben?</source>
        <translation>Who signed?</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/draft_flow.py" line="99" />
        <source>Unterschrieben von:</source>
        <translation>Signed by:</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/draft_flow.py" line="103" />
        <source>Wann wurde unterschrieben?</source>
        <translation>When was it signed?</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/draft_flow.py" line="104" />
        <source>Unterschrieben am:</source>
        <translation>Signed on:</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/draft_flow.py" line="110" />
        <source>Abbrechen</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/draft_flow.py" line="111" />
        <source>Unterschrift eintragen</source>
        <translation>Record the signature</translation>
    </message>
</context>
<context>
    <name>PrintController</name>
    <message>
        <location filename="../../koffer/ui/print_controller.py" line="87" />
        <source>Drucken</source>
        <extracomment>How often the offline queue is retried while the app is unlocked.</extracomment>
        <translation>Print</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_controller.py" line="88" />
        <source>Druckwarteschlange</source>
        <translation>Print queue</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_controller.py" line="89" />
        <source>Druckwarteschlange öffnen</source>
        <translation>Open the print queue</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_controller.py" line="166" />
        <source>Druckwarteschlange ({n})</source>
        <translation>Print queue ({n})</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_controller.py" line="333" />
        <source>Koffer ist gesperrt.</source>
        <translation>Koffer is locked.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_controller.py" line="377" />
        <source>Druckauftrag wird vorbereitet …</source>
        <translation>Preparing the print job …</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_controller.py" line="389" />
        <source>Koffer versucht es noch einmal …</source>
        <translation>Koffer is trying again …</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_controller.py" line="425" />
        <source>Drucken hat nicht geklappt. Der Antrag selbst ist sicher gespeichert.</source>
        <translation>Printing did not work. The application itself is saved safely.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_controller.py" line="501" />
        <source>Auftrag verworfen.</source>
        <translation>Job discarded.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_controller.py" line="503" />
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
        <source>Entwurf für die antragstellende Person (zum Durchsehen)</source>
        <translation>Draft for the applicant (to read through)</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="49" />
        <source>Unterschriftenblatt (auf Papier unterschreiben)</source>
        <translation>Signature sheet (sign on paper)</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="50" />
        <source>Für das Amt</source>
        <translation>For the office</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="51" />
        <source>Hausbesuchsprotokoll</source>
        <translation>Home visit record</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="52" />
        <source>Leeres Formular zum Ausfüllen von Hand</source>
        <translation>Blank form to fill in by hand</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="117" />
        <location filename="../../koffer/ui/print_dialog.py" line="233" />
        <source>Drucken</source>
        <extracomment>Renders one document kind to PDF bytes (runs on the worker).</extracomment>
        <translation>Print</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="128" />
        <source>Drucken: {title}</source>
        <translation>Print: {title}</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="139" />
        <source>Was soll gedruckt werden?</source>
        <translation>What should be printed?</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="153" />
        <source>Vorgangsnummer: {ref}</source>
        <translation>Reference number: {ref}</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="156" />
        <source>Die Nummer ist vorläufig. Die endgültige Nummer vergibt das Rathaus, sobald der Antrag übertragen ist.</source>
        <translation>The number is provisional. The town hall gives the final number once the application has been transferred.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="166" />
        <source>Drucker</source>
        <translation>Printer</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="168" />
        <source>Der gewählte Drucker wird für das nächste Mal gemerkt.</source>
        <translation>The chosen printer is remembered for next time.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="170" />
        <source>&amp;Drucker:</source>
        <translation>&amp;Printer:</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="173" />
        <source>Anzahl der Exemplare</source>
        <translation>Number of copies</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="174" />
        <source>&amp;Exemplare:</source>
        <translation>&amp;Copies:</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="176" />
        <source>&amp;Beidseitig drucken</source>
        <translation>&amp;Two-sided</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="177" />
        <source>Beidseitig drucken</source>
        <translation>Print on both sides</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="178" />
        <source>&amp;Schwarzweiß (spart Farbe)</source>
        <translation>&amp;Black and white (saves ink)</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="179" />
        <source>Schwarzweiß drucken</source>
        <translation>Print in black and white</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="181" />
        <source>&amp;Großdruck</source>
        <translation>&amp;Large print</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="182" />
        <source>Großdruck</source>
        <translation>Large print</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="188" />
        <source>Stand des Druckauftrags</source>
        <translation>State of the print job</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="192" />
        <source>Druckt</source>
        <translation>Printing</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="196" />
        <source>Erneut drucken</source>
        <translation>Print again</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="198" />
        <source>Versucht jetzt noch einmal, den Ausdruck zu drucken.</source>
        <translation>Tries once more to print it now.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="200" />
        <source>Warteschlange ansehen</source>
        <translation>View the print queue</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="202" />
        <source>Zeigt alle Ausdrucke, die noch nicht fertig sind.</source>
        <translation>Shows every printout that is not finished yet.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="214" />
        <source>Vorschau</source>
        <translation>Preview</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="224" />
        <source>Druckvorschau</source>
        <translation>Print preview</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="226" />
        <source>Die Seiten genau so, wie sie gedruckt werden.</source>
        <translation>The pages exactly as they will be printed.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="232" />
        <location filename="../../koffer/ui/print_dialog.py" line="378" />
        <source>Abbrechen</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="251" />
        <source>Drucker werden gesucht …</source>
        <translation>Looking for printers …</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="277" />
        <source>Kein Drucker eingerichtet. Bitte den mobilen Drucker einschalten und im System einrichten.</source>
        <translation>No printer set up. Please switch on the portable printer and set it up in the system.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="288" />
        <source>Drucksystem nicht erreichbar.</source>
        <translation>Print system not reachable.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="329" />
        <source>Vorschau: {kind}</source>
        <translation>Preview: {kind}</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="330" />
        <source>Vorschau wird erstellt …</source>
        <translation>Making the preview …</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="349" />
        <source>Vorschau nicht verfügbar</source>
        <translation>Preview not available</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="353" />
        <source>Seite {n} von {total}</source>
        <translation>Page {n} of {total}</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="363" />
        <source>Die Vorschau konnte nicht erstellt werden.</source>
        <translation>The preview could not be made.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="371" />
        <source>Der Auftrag wird vorbereitet …</source>
        <translation>Preparing the job …</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="378" />
        <location filename="../../koffer/ui/print_dialog.py" line="402" />
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
        <location filename="../../koffer/ui/fields.py" line="236" />
        <source>Ja</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/fields.py" line="237" />
        <source>Nein</source>
        <translation>No</translation>
    </message>
</context>
<context>
    <name>ReviewScreen</name>
    <message>
        <location filename="../../koffer/ui/review_screen.py" line="64" />
        <source>Bitte lesen Sie alle Angaben in Ruhe durch. Stimmt alles, unterschreiben Sie unten. Möchten Sie etwas ändern, tippen Sie auf „Zurück zum Formular“.</source>
        <translation>Please read all answers calmly. If everything is right, sign below. To change something, tap “Back to the form”.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/review_screen.py" line="72" />
        <source>Antrag von {name}</source>
        <translation>Application of {name}</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/review_screen.py" line="87" />
        <source>Bevor unterschrieben werden kann, fehlt noch:</source>
        <translation>Before signing, this is still missing:</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/review_screen.py" line="94" />
        <source>Unterschrift</source>
        <translation>Signature</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/review_screen.py" line="98" />
        <source>Mit Ihrer Unterschrift bestätigen Sie die Angaben oben, genau so wie sie hier stehen.</source>
        <translation>With your signature you confirm the answers above, exactly as they stand here.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/review_screen.py" line="107" />
        <source>Löschen</source>
        <translation>Clear</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/review_screen.py" line="108" />
        <source>Letzten Strich zurück</source>
        <translation>Undo last stroke</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/review_screen.py" line="109" />
        <source>Strich wiederholen</source>
        <translation>Redo stroke</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/review_screen.py" line="110" />
        <source>Unterschrift übernehmen</source>
        <translation>Accept signature</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/review_screen.py" line="111" />
        <source>Neu unterschreiben</source>
        <translation>Sign again</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/review_screen.py" line="112" />
        <source>Auf Papier unterschreiben …</source>
        <translation>Sign on paper …</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/review_screen.py" line="115" />
        <source>Druckt das Unterschriftenblatt. Danach tragen Sie ein, wer es wann unterschrieben hat.</source>
        <translation>Prints the signature sheet. Afterwards you enter who signed it and when.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/review_screen.py" line="135" />
        <source>Zurück zum Formular</source>
        <translation>Back to the form</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/review_screen.py" line="136" />
        <source>Abschließen …</source>
        <translation>Finalise …</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/review_screen.py" line="201" />
        <source>✓ Auf Papier unterschrieben von {name}, {when}.</source>
        <translation>✓ Signed on paper by {name}, {when}.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/review_screen.py" line="205" />
        <source>Sie können jetzt abschließen.</source>
        <translation>You can finalise now.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/review_screen.py" line="209" />
        <source>✓ Unterschrieben. Sie können jetzt abschließen.</source>
        <translation>✓ Signed. You can finish now.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/review_screen.py" line="215" />
        <source>Noch nicht unterschrieben.</source>
        <translation>Not signed yet.</translation>
    </message>
</context>
<context>
    <name>SectionNavigator</name>
    <message>
        <location filename="../../koffer/ui/form/sections.py" line="32" />
        <source>Abschnitte des Formulars</source>
        <extracomment>Key of the documents checklist among the section ids.</extracomment>
        <translation>Sections of the form</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/sections.py" line="40" />
        <source>Mitzubringende Unterlagen</source>
        <translation>Documents to provide</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/sections.py" line="42" />
        <source>Abschnitt:</source>
        <translation>Section:</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/sections.py" line="44" />
        <source>Abschnitt des Formulars wählen</source>
        <translation>Choose a section of the form</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/sections.py" line="98" />
        <source>Mitzubringende Unterlagen ({n})</source>
        <translation>Documents to provide ({n})</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/sections.py" line="109" />
        <source>{title}: {p} % ausgefüllt</source>
        <translation>{title}: {p} % filled in</translation>
    </message>
</context>
<context>
    <name>SetupScreen</name>
    <message>
        <location filename="../../koffer/ui/profile_screens.py" line="56" />
        <source>Willkommen bei Koffer</source>
        <extracomment>the staff member's name and the passphrase (a SecretBuffer the receiver wipes)</extracomment>
        <translation>Welcome to Koffer</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/profile_screens.py" line="60" />
        <source>Legen Sie zuerst Ihr Profil an. Das Kennwort schützt die Daten der Bürgerinnen und Bürger auf diesem Gerät. Ohne Kennwort kann niemand sie lesen – auch Sie nicht. Bitte merken Sie es sich gut.</source>
        <translation>First create your profile. The passphrase protects the citizens' data on this device. Without it nobody can read the data – not even you. Please remember it well.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/profile_screens.py" line="70" />
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
        <location filename="../../koffer/ui/profile_screens.py" line="75" />
        <source>Kennwort wiederholen</source>
        <translation>Repeat passphrase</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/profile_screens.py" line="76" />
        <source>Ihr &amp;Name</source>
        <translation>Your &amp;name</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/profile_screens.py" line="77" />
        <source>&amp;Kennwort (mindestens 10 Zeichen)</source>
        <translation>&amp;Passphrase (at least 10 characters)</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/profile_screens.py" line="78" />
        <source>Kennwort &amp;wiederholen</source>
        <translation>&amp;Repeat passphrase</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/profile_screens.py" line="81" />
        <source>Stärke des Kennworts</source>
        <translation>Strength of the passphrase</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/profile_screens.py" line="88" />
        <source>Profil wird angelegt</source>
        <translation>Creating the profile</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/profile_screens.py" line="91" />
        <source>Profil anlegen</source>
        <translation>Create profile</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/profile_screens.py" line="104" />
        <source>Stärke: </source>
        <translation>Strength: </translation>
    </message>
    <message>
        <location filename="../../koffer/ui/profile_screens.py" line="110" />
        <source>Bitte geben Sie Ihren Namen ein.</source>
        <translation>Please enter your name.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/profile_screens.py" line="113" />
        <source>Das Kennwort ist zu kurz: bitte mindestens 10 Zeichen.</source>
        <translation>The passphrase is too short: at least 10 characters, please.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/profile_screens.py" line="116" />
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
        <location filename="../../koffer/ui/sync_controller.py" line="144" />
        <source>Sende {n} von {m} …</source>
        <extracomment>Seconds between passes while the town hall answers (heartbeat, catalog, visits). Seconds to wait after a network change before the first probe (VPN settles). (n, m): sending the n-th of m submissions (emitted from the worker thread). Receipts arrived or submissions were refused: the drafts list should refresh. The town hall revoked this laptop; the profile was wiped. A new catalog was installed: the catalog screen should reload. A German message for the user (refused submission, refused catalog).</extracomment>
        <translation>Sending {n} of {m} …</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/sync_controller.py" line="213" />
        <source>{n} Antrag/Anträge vom Rathaus abgelehnt</source>
        <translation>{n} application(s) rejected by the town hall</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/sync_controller.py" line="218" />
        <source>{n} gesendet, Eingangsnummer {refs}</source>
        <translation>{n} sent, reference number {refs}</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/sync_controller.py" line="235" />
        <source>Fehler bei der Synchronisation</source>
        <translation>Synchronisation failed</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/sync_controller.py" line="257" />
        <source>Verbunden</source>
        <translation>Connected</translation>
    </message>
</context>
<context>
    <name>UnlockScreen</name>
    <message>
        <location filename="../../koffer/ui/profile_screens.py" line="153" />
        <source>Koffer ist gesperrt</source>
        <extracomment>the passphrase (a SecretBuffer the receiver wipes)</extracomment>
        <translation>Koffer is locked</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/profile_screens.py" line="156" />
        <source>Bitte geben Sie Ihr Kennwort ein, um weiterzuarbeiten.</source>
        <translation>Please enter your passphrase to continue.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/profile_screens.py" line="162" />
        <source>Kennwort</source>
        <translation>Passphrase</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/profile_screens.py" line="163" />
        <source>&amp;Kennwort</source>
        <translation>&amp;Passphrase</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/profile_screens.py" line="172" />
        <source>Nicht gespeicherte Eingabe</source>
        <translation>Input not saved</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/profile_screens.py" line="177" />
        <location filename="../../koffer/ui/profile_screens.py" line="236" />
        <source>Wird entsperrt</source>
        <translation>Unlocking</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/profile_screens.py" line="180" />
        <source>Entsperren</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/profile_screens.py" line="193" />
        <source>Hallo {name}, bitte geben Sie Ihr Kennwort ein.</source>
        <translation>Hello {name}, please enter your passphrase.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/profile_screens.py" line="199" />
        <source>Demo-Profil – das Kennwort lautet: {p}</source>
        <translation>Demo profile – the passphrase is: {p}</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/profile_screens.py" line="205" />
        <source>Bitte geben Sie Ihr Kennwort ein.</source>
        <translation>Please enter your passphrase.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/profile_screens.py" line="236" />
        <source>Wird gesperrt</source>
        <translation>Locking</translation>
    </message>
</context>
<context>
    <name>ViewMenu</name>
    <message>
        <location filename="../../koffer/ui/window/view_menu.py" line="50" />
        <source>Schrift größer (Strg++)</source>
        <extracomment>The idle-lock choices offered (the registry accepts exactly these). a setting changed in memory; write it back the view (scale, theme) was applied; the window may need a new layout</extracomment>
        <translation>Larger text (Ctrl++)</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/view_menu.py" line="52" />
        <source>Schrift kleiner (Strg+-)</source>
        <translation>Smaller text (Ctrl+-)</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/view_menu.py" line="54" />
        <source>Normale Schriftgröße (Strg+0)</source>
        <translation>Normal text size (Ctrl+0)</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/view_menu.py" line="56" />
        <source>Hoher Kontrast</source>
        <translation>High contrast</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/view_menu.py" line="60" />
        <source>Termine …</source>
        <translation>Appointments …</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/view_menu.py" line="68" />
        <source>Automatisch sperren nach</source>
        <translation>Lock automatically after</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/view_menu.py" line="71" />
        <source>{n} Minuten</source>
        <translation>{n} minutes</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/view_menu.py" line="79" />
        <source>Mit dem Rathaus verbinden …</source>
        <translation>Connect to the town hall …</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/view_menu.py" line="80" />
        <source>Druckwarteschlange …</source>
        <translation>Print queue …</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/view_menu.py" line="81" />
        <source>Antrag auf neue Formularfassung umstellen …</source>
        <translation>Move the application to the new form version …</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/view_menu.py" line="82" />
        <source>Abgelehnte Anträge wieder bearbeiten</source>
        <translation>Edit rejected applications again</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/view_menu.py" line="88" />
        <source>Sprache der Oberfläche</source>
        <translation>Language of the app</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/view_menu.py" line="136" />
        <source>Schrift {p} %</source>
        <translation>Text {p} %</translation>
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
        <location filename="../../koffer/ui/visits_dialog.py" line="130" />
        <source>Formular wählen</source>
        <translation>Choose a form</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/visits_dialog.py" line="130" />
        <source>Welches Formular?</source>
        <translation>Which form?</translation>
    </message>
</context>
<context>
    <name>parent</name>
    <message>
        <location filename="../../koffer/ui/fields.py" line="441" />
        <source>Die Unterschrift folgt nach der Prüfung durch die Bürgerin oder den Bürger.</source>
        <extracomment>Builds an editor for the field types that need services (attachments).</extracomment>
        <translation>The signature follows after the citizen's review.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/fields.py" line="447" />
        <source>Anhänge können erst nach dem Entsperren hinzugefügt werden.</source>
        <translation>Attachments can only be added after unlocking.</translation>
    </message>
</context>
</TS>