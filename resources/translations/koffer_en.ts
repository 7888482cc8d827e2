<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_GB">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../koffer/ui/about_dialog.py" line="31" />
        <source>Über Koffer</source>
        <translation>About Koffer</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/about_dialog.py" line="36" />
        <source>Koffer – Verwaltung aus dem Koffer</source>
        <translation>Koffer – the town hall in a suitcase</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/about_dialog.py" line="37" />
        <source>Version {version}</source>
        <translation>Version {version}</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/about_dialog.py" line="39" />
        <source>Lizenz: {name}</source>
        <translation>Licence: {name}</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/about_dialog.py" line="44" />
        <source>&amp;Benutzerhandbuch öffnen</source>
        <translation>Open the &amp;user guide</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/about_dialog.py" line="46" />
        <source>Öffnet das Benutzerhandbuch mit dem Programm, das der Laptop dafür hat.</source>
        <translation>Opens the user guide with the program the laptop has for it.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/about_dialog.py" line="50" />
        <source>Schließen</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/about_dialog.py" line="72" />
        <source>Formularkatalog: mitgeliefert mit dem Programm ({forms} Formulare), noch nicht vom Rathaus aktualisiert</source>
        <translation>Form catalogue: shipped with the program ({forms} forms), not yet updated by the town hall</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/about_dialog.py" line="76" />
        <source>Formularkatalog: Version {n} ({forms} Formulare)</source>
        <translation>Form catalogue: version {n} ({forms} forms)</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/about_dialog.py" line="79" />
        <source>Formularkatalog: Version {n} vom {date} ({forms} Formulare)</source>
        <translation>Form catalogue: version {n} of {date} ({forms} forms)</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/about_dialog.py" line="88" />
        <source>EUPL 1.2 (Open-Source-Lizenz für die Europäische Union)</source>
        <translation>EUPL 1.2 (European Union Public Licence)</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/about_dialog.py" line="95" />
        <source>Das Benutzerhandbuch ist in dieser Installation nicht enthalten. Die IT Ihrer Verwaltung hat es.</source>
        <translation>The user guide is not part of this installation. Your administration's IT has it.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/about_dialog.py" line="98" />
        <source>Benutzerhandbuch: {path}</source>
        <translation>User guide: {path}</translation>
    </message>
</context>
<context>
    <name>AssistFlow</name>
    <message>
        <location filename="../../koffer/ui/assist/owner_flow.py" line="164" />
        <source>Kollegin zugeschaltet</source>
        <extracomment>Changes typed within this many milliseconds go out as one update.</extracomment>
        <translation>Colleague connected</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/owner_flow.py" line="188" />
        <source>Die Expertin zeigt auf: {label}</source>
        <translation>The expert points at: {label}</translation>
    </message>
</context>
<context>
    <name>AttachmentEditor</name>
    <message>
        <location filename="../../koffer/ui/attachments.py" line="103" />
        <source>Angehängte Dateien</source>
        <translation>Attached files</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/attachments.py" line="109" />
        <source>Datei anhängen …</source>
        <translation>Attach a file …</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/attachments.py" line="110" />
        <source>Foto aufnehmen …</source>
        <translation>Take a photo …</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/attachments.py" line="112" />
        <source>Entfernen</source>
        <translation>Remove</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/attachments.py" line="132" />
        <source>Datei anhängen: {name}</source>
        <translation>Attach a file: {name}</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/attachments.py" line="136" />
        <source>Ausgewählten Anhang entfernen: {name}</source>
        <translation>Remove the selected attachment: {name}</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/attachments.py" line="194" />
        <source>Die Anhänge konnten nicht geladen werden.</source>
        <translation>The attachments could not be loaded.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/attachments.py" line="208" />
        <source>Nachweis anhängen</source>
        <translation>Attach a proof</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/attachments.py" line="209" />
        <source>Nachweise (*.pdf *.jpg *.jpeg *.png)</source>
        <translation>Proofs (*.pdf *.jpg *.jpeg *.png)</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/attachments.py" line="231" />
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
        <location filename="../../koffer/ui/catalog_screen.py" line="59" />
        <source>Welches Formular brauchen Sie?</source>
        <translation>Which form do you need?</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/catalog_screen.py" line="61" />
        <source>Suchen, z. B. Miete, Rente, Pflege …</source>
        <translation>Search, e.g. rent, pension, care …</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/catalog_screen.py" line="61" />
        <source>Formular suchen</source>
        <translation>Search forms</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/catalog_screen.py" line="64" />
        <source>Sucht in Titel, Stichworten und Beschreibung, auch bei Tippfehlern.</source>
        <translation>Searches titles, keywords and descriptions, even with typos.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/catalog_screen.py" line="69" />
        <source>Formulare nach Thema</source>
        <translation>Forms by topic</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/catalog_screen.py" line="84" />
        <source>Beschreibung des Formulars</source>
        <translation>Description of the form</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/catalog_screen.py" line="91" />
        <source>Kein Formular gefunden. Versuchen Sie ein anderes Wort.</source>
        <translation>No form found. Try another word.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/catalog_screen.py" line="96" />
        <location filename="../../koffer/ui/catalog_screen.py" line="275" />
        <source>☆ Als Favorit merken</source>
        <translation>☆ Add to favourites</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/catalog_screen.py" line="97" />
        <source>Leeres Formular drucken …</source>
        <translation>Print a blank form …</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/catalog_screen.py" line="99" />
        <source>Druckt das gewählte Formular leer zum Ausfüllen von Hand, auf Wunsch groß.</source>
        <translation>Prints the selected form blank for filling in by hand, in large print if wanted.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/catalog_screen.py" line="101" />
        <source>Neuen Antrag beginnen</source>
        <translation>Start a new application</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/catalog_screen.py" line="159" />
        <source>Formulare</source>
        <translation>Forms</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/catalog_screen.py" line="164" />
        <source>Ohne Formular im Koffer – wohin sich wenden</source>
        <translation>No form in the case – where to turn</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/catalog_screen.py" line="285" />
        <source>Telefon: {phone}</source>
        <translation>Phone: {phone}</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/catalog_screen.py" line="287" />
        <source>E-Mail: {mail}</source>
        <translation>E-mail: {mail}</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/catalog_screen.py" line="291" />
        <source>Geöffnet: {hours}</source>
        <translation>Open: {hours}</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/catalog_screen.py" line="292" />
        <source>Zuständig:</source>
        <translation>Responsible:</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/catalog_screen.py" line="295" />
        <source>Bitte mitbringen:</source>
        <translation>Please bring:</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/catalog_screen.py" line="170" />
        <source>★ Favoriten</source>
        <translation>★ Favourites</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/catalog_screen.py" line="264" />
        <source>Für diese Leistung gibt es kein Formular im Koffer.</source>
        <translation>There is no form in the case for this service.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/catalog_screen.py" line="275" />
        <source>★ Favorit entfernen</source>
        <translation>★ Remove from favourites</translation>
    </message>
</context>
<context>
    <name>CommentsBox</name>
    <message>
        <location filename="../../koffer/ui/assist/parts.py" line="72" />
        <location filename="../../koffer/ui/assist/parts.py" line="74" />
        <source>Kommentare</source>
        <translation>Comments</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/parts.py" line="79" />
        <source>Neuer Kommentar</source>
        <translation>New comment</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/parts.py" line="80" />
        <source>Kommentar schreiben …</source>
        <translation>Write a comment …</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/parts.py" line="82" />
        <source>Senden</source>
        <translation>Send</translation>
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
        <location filename="../../koffer/ui/form/documents.py" line="117" />
        <source>Mitzubringende Unterlagen</source>
        <extracomment>document id, state (`DocState` value), attachment id ("" for none)</extracomment>
        <translation>Documents to provide</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/documents.py" line="121" />
        <source>Diese Nachweise braucht das Amt nach den bisherigen Angaben. Haken Sie ab, was Sie im Original gesehen haben, oder wählen Sie den Anhang, der es belegt.</source>
        <translation>The office needs these proofs for the answers so far. Tick what you have seen in the original, or choose the attachment that proves it.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/documents.py" line="133" />
        <source>Noch keine Anhänge: Nachweise, die Sie im Formular anhängen, können Sie hier verknüpfen.</source>
        <translation>No attachments yet: proofs you attach in the form can be linked here.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/documents.py" line="195" />
        <source>Nach den bisherigen Angaben sind keine Nachweise nötig.</source>
        <translation>No proofs are needed for the answers so far.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/documents.py" line="199" />
        <source>Noch offen: {n} von {total} nötigen Unterlagen. Sie können auch nachgereicht werden; der Antrag kann trotzdem abgeschlossen werden.</source>
        <translation>Still open: {n} of {total} required documents. They can also be sent in later; the application can be finalised all the same.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/documents.py" line="204" />
        <source>Alle nötigen Unterlagen sind vorgelegt oder beigefügt.</source>
        <translation>All required documents are presented or attached.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/documents.py" line="208" />
        <source>Falls vorhanden: {done} von {total} vorgelegt.</source>
        <translation>If available: {done} of {total} presented.</translation>
    </message>
</context>
<context>
    <name>DraftFlow</name>
    <message>
        <location filename="../../koffer/ui/window/draft_flow.py" line="477" />
        <source>Bitte zuerst einen Antrag in der Liste auswählen.</source>
        <extracomment>print this draft: (draft id, kinds to tick, intro text) where the worker is now (`koffer.drafting.idle.Place`), None: they left it</extracomment>
        <translation>Please choose an application in the list first.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/draft_flow.py" line="484" />
        <source>Für diesen Antrag gibt es keine neuere Formularfassung.</source>
        <translation>There is no newer version of the form for this application.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/draft_flow.py" line="492" />
        <source>Es wird ein neuer Antrag in der neuen Fassung angelegt; der bisherige bleibt erhalten.</source>
        <translation>A new application in the new version is created; the previous one is kept.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/draft_flow.py" line="496" />
        <source>Auf neue Formularfassung umstellen?</source>
        <translation>Move to the new version of the form?</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/draft_flow.py" line="511" />
        <source>Es gibt keine abgelehnten Anträge.</source>
        <translation>There are no rejected applications.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/draft_flow.py" line="525" />
        <source>Das hat leider nicht geklappt. Ihre Daten sind sicher gespeichert.</source>
        <translation>That did not work, sorry. Your data is stored safely.</translation>
    </message>
</context>
<context>
    <name>DraftsScreen</name>
    <message>
        <location filename="../../koffer/ui/drafts_screen.py" line="90" />
        <source>Anträge durchsuchen</source>
        <translation>Search applications</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/drafts_screen.py" line="100" />
        <source>Formular</source>
        <translation>Form</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/drafts_screen.py" line="101" />
        <source>Letzte Änderung</source>
        <translation>Last change</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/drafts_screen.py" line="102" />
        <source>Vollständig</source>
        <translation>Complete</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/drafts_screen.py" line="103" />
        <source>Stand</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/drafts_screen.py" line="89" />
        <source>Name, Geburtsdatum, Adresse oder Formular …</source>
        <extracomment>The column of the backup's line ("gesichert 14:32"). The stage's column; in the compact list it also says when and how complete. Columns whose long texts wrap (the others fit their contents). The last change and the completeness: folded into the stage's cell when compact. Where a wrapping text may break: at spaces and after a hyphen or dash.</extracomment>
        <translation>Name, date of birth, address or form …</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/drafts_screen.py" line="94" />
        <source>Findet Anträge auch bei Tippfehlern; jedes Wort muss passen.</source>
        <translation>Finds applications even with typos; every word must match.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/drafts_screen.py" line="99" />
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/drafts_screen.py" line="106" />
        <source>Liste der Anträge</source>
        <translation>List of applications</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/drafts_screen.py" line="121" />
        <source>Löschen …</source>
        <translation>Delete …</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/drafts_screen.py" line="122" />
        <source>Drucken …</source>
        <translation>Print …</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/drafts_screen.py" line="125" />
        <source>Druckt den gewählten Antrag erneut: für die Bürgerin / den Bürger oder das Amt.</source>
        <translation>Prints the selected application again: for the citizen or for the office.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/drafts_screen.py" line="129" />
        <source>Neue Formularfassung …</source>
        <translation>New form version …</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/drafts_screen.py" line="132" />
        <source>Legt den gewählten Antrag in der neuesten Fassung seines Formulars neu an; der bisherige bleibt erhalten.</source>
        <translation>Creates the chosen application anew in the newest version of its form; the previous one is kept.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/drafts_screen.py" line="136" />
        <source>Abgelehnte wieder bearbeiten</source>
        <translation>Edit refused ones again</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/drafts_screen.py" line="138" />
        <source>Holt die Anträge, die das Rathaus abgelehnt hat, zurück in Bearbeitung.</source>
        <translation>Brings the applications the town hall refused back into editing.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/drafts_screen.py" line="141" />
        <source>Öffnen</source>
        <translation>Open</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/drafts_screen.py" line="238" />
        <source> – lange nicht bearbeitet</source>
        <translation> – not worked on for a long time</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/drafts_screen.py" line="240" />
        <source>(ohne Namen)</source>
        <translation>(no name)</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/drafts_screen.py" line="259" />
        <source>{percent} ausgefüllt</source>
        <translation>{percent} filled in</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/drafts_screen.py" line="260" />
        <source>geändert {when}</source>
        <translation>changed {when}</translation>
    </message>
</context>
<context>
    <name>EnrollmentDialog</name>
    <message>
        <location filename="../../koffer/ui/enrollment_dialog.py" line="41" />
        <source>Mit dem Rathaus verbinden</source>
        <translation>Connect to the town hall</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/enrollment_dialog.py" line="47" />
        <source>Fügen Sie den Text der Einladung aus dem Rathaus ein (er beginnt mit „koffer-enroll:“) oder öffnen Sie das Bild mit dem QR-Code.</source>
        <translation>Paste the text of the invitation from the town hall (it starts with “koffer-enroll:”) or open the picture of the QR code.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/enrollment_dialog.py" line="55" />
        <location filename="../../koffer/ui/enrollment_dialog.py" line="58" />
        <source>Einladung</source>
        <translation>Invitation</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/enrollment_dialog.py" line="60" />
        <location filename="../../koffer/ui/enrollment_dialog.py" line="61" />
        <source>Name dieses Geräts</source>
        <translation>Name of this device</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/enrollment_dialog.py" line="69" />
        <source>QR-Code-Bild öffnen …</source>
        <translation>Open QR code picture …</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/enrollment_dialog.py" line="70" />
        <source>Abbrechen</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/enrollment_dialog.py" line="71" />
        <location filename="../../koffer/ui/enrollment_dialog.py" line="92" />
        <source>Verbinden</source>
        <translation>Connect</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/enrollment_dialog.py" line="92" />
        <source>Verbinde …</source>
        <translation>Connecting …</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/enrollment_dialog.py" line="96" />
        <source>QR-Code-Bild öffnen</source>
        <translation>Open QR code picture</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/enrollment_dialog.py" line="96" />
        <source>Bilder (*.png *.jpg *.jpeg)</source>
        <translation>Pictures (*.png *.jpg *.jpeg)</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/enrollment_dialog.py" line="127" />
        <source>Bitte einen Namen für dieses Gerät eingeben.</source>
        <translation>Please enter a name for this device.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/enrollment_dialog.py" line="145" />
        <source>Die Verbindung konnte nicht eingerichtet werden.</source>
        <translation>The connection could not be set up.</translation>
    </message>
</context>
<context>
    <name>ExpertDraftView</name>
    <message>
        <location filename="../../koffer/ui/assist/expert_view.py" line="93" />
        <source>Leichte Sprache</source>
        <translation>Easy language</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/expert_view.py" line="99" />
        <source>Vollständigkeit</source>
        <translation>Completeness</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/expert_view.py" line="124" />
        <source>Warten auf den Antrag …</source>
        <translation>Waiting for the application …</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/expert_view.py" line="149" />
        <source>%p % vollständig</source>
        <translation>%p % complete</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/expert_view.py" line="159" />
        <source>Keine Sitzung</source>
        <translation>No session</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/expert_view.py" line="190" />
        <source>Unterlagen</source>
        <translation>Documents</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/expert_view.py" line="210" />
        <source>freiwillig</source>
        <translation>optional</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/expert_view.py" line="210" />
        <source>wird benötigt</source>
        <translation>needed</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/expert_view.py" line="212" />
        <source>Keine Unterlagen nötig.</source>
        <translation>No documents needed.</translation>
    </message>
</context>
<context>
    <name>ExpertWindow</name>
    <message>
        <location filename="../../koffer/ui/assist/expert_window.py" line="62" />
        <source>Koffer – Experten-Zugang</source>
        <translation>Koffer – expert access</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/expert_window.py" line="80" />
        <source>Experten-Zugang einrichten</source>
        <translation>Set up the expert access</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/expert_window.py" line="84" />
        <source>Fügen Sie die Einladung ein, die Sie von der Verwaltung des Rathauses bekommen haben (sie beginnt mit „koffer-enroll:“).</source>
        <translation>Paste the invitation you received from the town hall's administration (it starts with “koffer-enroll:”).</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/expert_window.py" line="91" />
        <source>Einladung</source>
        <translation>Invitation</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/expert_window.py" line="97" />
        <source>Zugang einrichten</source>
        <translation>Set up access</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/expert_window.py" line="109" />
        <source>Einer Sitzung beitreten</source>
        <translation>Join a session</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/expert_window.py" line="113" />
        <source>Die Kollegin im Außendienst liest Ihnen am Telefon einen Zugangscode vor. Er gilt einmal und nur wenige Minuten.</source>
        <translation>Your colleague in the field reads you an access code on the phone. It works once and only for a few minutes.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/expert_window.py" line="121" />
        <source>Zugangscode</source>
        <translation>Access code</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/expert_window.py" line="128" />
        <source>Beitreten</source>
        <translation>Join</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/expert_window.py" line="144" />
        <source>Verbindung</source>
        <translation>Connection</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/expert_window.py" line="150" />
        <location filename="../../koffer/ui/assist/expert_window.py" line="152" />
        <source>Ihre Vorschläge</source>
        <translation>Your proposals</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/expert_window.py" line="155" />
        <location filename="../../koffer/ui/assist/expert_window.py" line="157" />
        <source>Freigegebene Anlagen</source>
        <translation>Shared attachments</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/expert_window.py" line="169" />
        <source>Sitzung verlassen</source>
        <translation>Leave the session</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/expert_window.py" line="280" />
        <source>Die Anlage wird noch übertragen …</source>
        <translation>The attachment is still being transferred …</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/expert_window.py" line="319" />
        <source>Verbindung zum Rathaus wird aufgebaut …</source>
        <translation>Connecting to the town hall …</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/expert_window.py" line="321" />
        <source>Der Koffer im Außendienst ist gerade nicht verbunden.</source>
        <translation>The laptop in the field is not connected right now.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/expert_window.py" line="323" />
        <source>Verbunden mit {name}.</source>
        <translation>Connected with {name}.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/expert_window.py" line="325" />
        <source>Bitte die Prüfnummer vergleichen.</source>
        <translation>Please compare the verification number.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/expert_window.py" line="335" />
        <source>offen</source>
        <translation>open</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/expert_window.py" line="336" />
        <source>übernommen</source>
        <translation>accepted</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/expert_window.py" line="337" />
        <source>abgelehnt</source>
        <translation>rejected</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/expert_window.py" line="338" />
        <source>nicht übernommen</source>
        <translation>not taken</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/expert_window.py" line="362" />
        <source>Außendienst</source>
        <translation>Field</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/expert_window.py" line="362" />
        <source>Sie</source>
        <translation>You</translation>
    </message>
</context>
<context>
    <name>FieldRow</name>
    <message>
        <location filename="../../koffer/ui/fields.py" line="646" />
        <source>Wird automatisch berechnet.</source>
        <translation>Calculated automatically.</translation>
    </message>
</context>
<context>
    <name>FileViewer</name>
    <message>
        <location filename="../../koffer/ui/assist/file_viewer.py" line="51" />
        <source>Diese Anlage kann hier nicht angezeigt werden.</source>
        <extracomment>Width the pages are rendered at (pixels).</extracomment>
        <translation>This attachment cannot be shown here.</translation>
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
        <location filename="../../koffer/ui/form/findings.py" line="60" />
        <source>Noch offen: {n}</source>
        <translation>Still open: {n}</translation>
    </message>
</context>
<context>
    <name>FormScreen</name>
    <message>
        <location filename="../../koffer/ui/form/screen.py" line="151" />
        <location filename="../../koffer/ui/form/screen.py" line="794" />
        <source>Alles gespeichert</source>
        <translation>All saved</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/screen.py" line="153" />
        <source>Speicherstand</source>
        <translation>Save status</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/screen.py" line="233" />
        <source>Sprache des Formulars, Leichte Sprache und Kollegin zuschalten</source>
        <translation>Language of the form, easy language and call in a colleague</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/screen.py" line="737" />
        <source>Der Antrag ist abgeschlossen und kann nicht mehr geändert werden.</source>
        <translation>The application is finalised and can no longer be changed.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/screen.py" line="739" />
        <source>Unterschrift ungültig – bitte erneut prüfen und unterschreiben</source>
        <translation>Signature void – please review and sign again</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/screen.py" line="171" />
        <location filename="../../koffer/ui/form/screen.py" line="236" />
        <source>Leichte Sprache</source>
        <translation>Easy language</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/screen.py" line="173" />
        <source>Zeigt Erklärungen in Leichter Sprache, wo es sie gibt.</source>
        <translation>Shows explanations in easy language where available.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/screen.py" line="176" />
        <source>Sprache des Formulars:</source>
        <translation>Language of the form:</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/screen.py" line="181" />
        <source>Sprache des Formulars</source>
        <translation>Language of the form</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/screen.py" line="184" />
        <location filename="../../koffer/ui/form/screen.py" line="227" />
        <source>Rückgängig</source>
        <translation>Undo</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/screen.py" line="185" />
        <location filename="../../koffer/ui/form/screen.py" line="228" />
        <source>Letzte Änderung zurücknehmen (Strg+Z)</source>
        <translation>Undo the last change (Ctrl+Z)</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/screen.py" line="188" />
        <source>Kollegin zuschalten</source>
        <translation>Bring in a colleague</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/screen.py" line="190" />
        <source>Eine Expertin aus dem Rathaus hilft bei diesem Antrag mit.</source>
        <translation>An expert from the town hall helps with this application.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/screen.py" line="231" />
        <source>Sprache</source>
        <translation>Language</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/screen.py" line="275" />
        <source>Zurück</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/screen.py" line="276" />
        <source>Weiter</source>
        <translation>Next</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/screen.py" line="277" />
        <source>Fertig für heute</source>
        <translation>Done for today</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/screen.py" line="278" />
        <source>Alles ist gespeichert. Schließt den Antrag.</source>
        <translation>Everything is saved. Closes the application.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/screen.py" line="279" />
        <source>Prüfen und unterschreiben</source>
        <translation>Review and sign</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/screen.py" line="301" />
        <source>Voriger Abschnitt (Strg+Bild auf oder Alt+Pfeil links)</source>
        <translation>Previous section (Ctrl+Page Up or Alt+Left)</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/screen.py" line="302" />
        <source>Nächster Abschnitt (Strg+Bild ab oder Alt+Pfeil rechts)</source>
        <translation>Next section (Ctrl+Page Down or Alt+Right)</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/screen.py" line="304" />
        <source>Zur Prüfung durch die Bürgerin oder den Bürger (Strg+Eingabe)</source>
        <translation>To the citizen's review (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/screen.py" line="316" />
        <source>ohne Namen</source>
        <translation>no name</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/screen.py" line="317" />
        <source>für {name}</source>
        <translation>for {name}</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/screen.py" line="323" />
        <source>Schließen</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/screen.py" line="324" />
        <source>Der Antrag ist abgeschlossen. Schließt die Ansicht.</source>
        <translation>The application is finalised. Closes the view.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/screen.py" line="793" />
        <source>Wird gespeichert …</source>
        <translation>Saving …</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/screen.py" line="795" />
        <source>Nicht gespeichert!</source>
        <translation>Not saved!</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/screen.py" line="805" />
        <source>Die Änderung konnte nicht gespeichert werden.</source>
        <translation>The change could not be saved.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/screen.py" line="810" />
        <source>Ihre Eingaben bleiben hier stehen; es wird erneut versucht.</source>
        <translation>Your input stays here; saving is tried again.</translation>
    </message>
</context>
<context>
    <name>GroupEditor</name>
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
        <location filename="../../koffer/drafting/wording.py" line="47" />
        <source>in Arbeit</source>
        <extracomment>The translation context of every text here. Short words for the drafts list and `koffer status`, by stage (`DraftStatus` values).</extracomment>
        <translation>in progress</translation>
    </message>
    <message>
        <location filename="../../koffer/drafting/wording.py" line="48" />
        <source>unterschrieben – noch abschließen</source>
        <translation>signed – still to finalise</translation>
    </message>
    <message>
        <location filename="../../koffer/drafting/wording.py" line="49" />
        <source>abgeschlossen – wartet auf das Rathaus</source>
        <translation>finalised – waiting for the town hall</translation>
    </message>
    <message>
        <location filename="../../koffer/drafting/wording.py" line="50" />
        <source>abgeschlossen – wird gesendet</source>
        <translation>finalised – will be sent</translation>
    </message>
    <message>
        <location filename="../../koffer/drafting/wording.py" line="51" />
        <source>gesendet – Bestätigung folgt</source>
        <translation>sent – confirmation to follow</translation>
    </message>
    <message>
        <location filename="../../koffer/drafting/wording.py" line="52" />
        <source>im Rathaus angekommen</source>
        <translation>arrived at the town hall</translation>
    </message>
    <message>
        <location filename="../../koffer/drafting/wording.py" line="58" />
        <source>Für dieses Formular fehlt noch eine Angabe aus dem Rathaus. Sie kommt beim nächsten Kontakt mit dem Rathaus; dann wird der Antrag gesendet. Sie müssen nichts tun.</source>
        <extracomment>Said only where the one draft is shown (its row, its open form): it waits for the office's key, which the next catalog update brings; nothing for the worker to do but to let Koffer reach the town hall while it is unlocked.</extracomment>
        <translation>This form still needs something from the town hall. It comes with the next contact with the town hall; then the application is sent. You need not do anything.</translation>
    </message>
    <message>
        <location filename="../../koffer/drafting/wording.py" line="65" />
        <source>Antrag abschließen?</source>
        <extracomment>The one finalise step: the question, and what happens next.</extracomment>
        <translation>Finalise the application?</translation>
    </message>
    <message>
        <location filename="../../koffer/drafting/wording.py" line="66" />
        <source>Nach dem Abschließen lässt sich der Antrag nicht mehr ändern. Der Antrag wird beim nächsten Kontakt mit dem Rathaus gesendet. Die Bürgerin oder der Bürger erhält eine Ausfertigung mit Eingangsbestätigung.</source>
        <translation>Once finalised, the application can no longer be changed. It is sent at the next contact with the town hall. The citizen receives a copy with a confirmation of receipt.</translation>
    </message>
    <message>
        <location filename="../../koffer/drafting/wording.py" line="75" />
        <source>Diese Unterlage fehlt noch: {documents}. Der Antrag kann trotzdem abgeschlossen werden; die Eingangsbestätigung bittet darum, sie nachzureichen.</source>
        <extracomment>Added to the question while required documents are missing: finalising does not wait for them (an office takes late proofs, `koffer.drafting.documents`), but the worker decides knowing it, and the receipt asks the citizen for them.</extracomment>
        <translation>This document is still missing: {documents}. The application can be finalised all the same; the receipt asks for it to be sent in later.</translation>
    </message>
    <message>
        <location filename="../../koffer/drafting/wording.py" line="80" />
        <source>Diese Unterlagen fehlen noch: {documents}. Der Antrag kann trotzdem abgeschlossen werden; die Eingangsbestätigung bittet darum, sie nachzureichen.</source>
        <translation>These documents are still missing: {documents}. The application can be finalised all the same; the receipt asks for them to be sent in later.</translation>
    </message>
    <message>
        <location filename="../../koffer/drafting/wording.py" line="85" />
        <source>Abschließen</source>
        <translation>Finish</translation>
    </message>
    <message>
        <location filename="../../koffer/drafting/wording.py" line="86" />
        <source>Der Antrag ist abgeschlossen. Er wird beim nächsten Kontakt mit dem Rathaus gesendet.</source>
        <translation>The application is finalised. It is sent at the next contact with the town hall.</translation>
    </message>
    <message>
        <location filename="../../koffer/drafting/wording.py" line="90" />
        <source>Der Antrag ist abgeschlossen. Drucken Sie jetzt die Ausfertigung mit Eingangsbestätigung für die Bürgerin oder den Bürger und die Ausfertigung für das Amt.</source>
        <translation>The application is finished. Now print the copy with the receipt for the citizen and the copy for the office.</translation>
    </message>
    <message>
        <location filename="../../koffer/drafting/wording.py" line="96" />
        <source>Der Antrag ist noch nicht abgeschlossen. Jeder Ausdruck trägt den Vermerk „ENTWURF – kein Antrag gestellt“ und hat keine Vorgangsnummer.</source>
        <extracomment>What a print dialog of an unfinished draft says before anything is printed.</extracomment>
        <translation>The application is not finalised yet. Every printout is marked “ENTWURF – kein Antrag gestellt” (draft – no application made) and has no reference number.</translation>
    </message>
    <message>
        <location filename="../../koffer/drafting/wording.py" line="104" />
        <source>Anträge auf diesem Laptop</source>
        <extracomment>The applications list: it holds every application on this laptop, finished ones too.</extracomment>
        <translation>Applications on this laptop</translation>
    </message>
    <message>
        <location filename="../../koffer/drafting/wording.py" line="105" />
        <source>Auf diesem Laptop ist noch kein Antrag. Einen neuen beginnen Sie unter „Formulare“.</source>
        <translation>There is no application on this laptop yet. Start a new one under “Forms”.</translation>
    </message>
    <message>
        <location filename="../../koffer/drafting/wording.py" line="112" />
        <source>heute {time}</source>
        <extracomment>A search that finds nothing says what was searched for and by what one can search. When a draft was last changed, short (the compact list at large text): today and yesterday by the clock, anything older by its date.</extracomment>
        <translation>today {time}</translation>
    </message>
    <message>
        <location filename="../../koffer/drafting/wording.py" line="113" />
        <source>gestern {time}</source>
        <translation>yesterday {time}</translation>
    </message>
    <message>
        <location filename="../../koffer/drafting/wording.py" line="114" />
        <source>Kein Antrag passt zu „{query}“. Gesucht wird nach Name, Geburtsdatum, Adresse und Formular; jedes Wort muss passen.</source>
        <translation>No application matches “{query}”. The search looks at name, date of birth, address and form; every word must match.</translation>
    </message>
    <message>
        <location filename="../../koffer/drafting/wording.py" line="121" />
        <source>Antrag löschen?</source>
        <extracomment>Deleting asks with the form and the citizen named: "which one?" is the question.</extracomment>
        <translation>Delete application?</translation>
    </message>
    <message>
        <location filename="../../koffer/drafting/wording.py" line="122" />
        <source>Den Antrag „{form}“ von {name} mit allen Angaben, Anhängen und der Unterschrift endgültig löschen?</source>
        <translation>Delete the application “{form}” of {name} with all its answers, attachments and the signature for good?</translation>
    </message>
    <message>
        <location filename="../../koffer/drafting/wording.py" line="127" />
        <source>Den Antrag „{form}“ (ohne Namen) mit allen Angaben, Anhängen und der Unterschrift endgültig löschen?</source>
        <translation>Delete the application “{form}” (without a name) with all its answers, attachments and the signature for good?</translation>
    </message>
    <message>
        <location filename="../../koffer/drafting/wording.py" line="140" />
        <source>Ein abgelehnter Antrag ist wieder in Bearbeitung. Grund: {why}</source>
        <extracomment>Refused applications taken back to editing, by how many (no "Antrag/Anträge").</extracomment>
        <translation>A refused application is being edited again. Reason: {why}</translation>
    </message>
    <message>
        <location filename="../../koffer/drafting/wording.py" line="143" />
        <source>{n} abgelehnte Anträge sind wieder in Bearbeitung. Gründe: {why}</source>
        <translation>{n} refused applications are being edited again. Reasons: {why}</translation>
    </message>
    <message>
        <location filename="../../koffer/drafting/wording.py" line="154" />
        <source>Ein Antrag wurde vom Rathaus abgelehnt</source>
        <extracomment>After a sync pass, in the status bar: submissions the town hall refused.</extracomment>
        <translation>The town hall refused one application</translation>
    </message>
    <message>
        <location filename="../../koffer/drafting/wording.py" line="155" />
        <source>{n} Anträge wurden vom Rathaus abgelehnt</source>
        <translation>The town hall refused {n} applications</translation>
    </message>
    <message>
        <location filename="../../koffer/drafting/wording.py" line="157" />
        <source>Ein Antrag gesendet, Eingangsnummer {refs}</source>
        <extracomment>After a sync pass, in the status bar: what was delivered, with the reference numbers.</extracomment>
        <translation>One application sent, reference {refs}</translation>
    </message>
    <message>
        <location filename="../../koffer/drafting/wording.py" line="158" />
        <source>{n} Anträge gesendet, Eingangsnummern {refs}</source>
        <translation>{n} applications sent, references {refs}</translation>
    </message>
    <message>
        <location filename="../../koffer/drafting/wording.py" line="162" />
        <source>Ihre letzte Eingabe ist noch nicht gespeichert: {reason} Sie geht nicht verloren. Nach dem Entsperren zeigt Koffer den Antrag mit dieser Eingabe wieder und speichert sie erneut.</source>
        <extracomment>Locking while the open draft's last input could not be written (`koffer.drafting.locking`).</extracomment>
        <translation>Your last input is not saved yet: {reason} It is not lost. After unlocking, Koffer shows the application with this input again and saves it once more.</translation>
    </message>
    <message>
        <location filename="../../koffer/drafting/wording.py" line="168" />
        <source>Der Speicher des Geräts ist voll. Bitte geben Sie Speicherplatz frei.</source>
        <translation>The device's storage is full. Please free up some space.</translation>
    </message>
    <message>
        <location filename="../../koffer/drafting/wording.py" line="171" />
        <source>Ihre Eingabe von vor dem Sperren ist wieder da. Koffer speichert sie jetzt.</source>
        <translation>Your input from before the lock is back. Koffer is saving it now.</translation>
    </message>
    <message>
        <location filename="../../koffer/drafting/wording.py" line="175" />
        <source>Eingabe nicht gespeichert</source>
        <translation>Input not saved</translation>
    </message>
    <message>
        <location filename="../../koffer/drafting/wording.py" line="176" />
        <source>Eine Eingabe ist noch nicht gespeichert, weil sie nicht geschrieben werden konnte (zum Beispiel: der Speicher des Geräts ist voll). Wenn Sie Koffer jetzt beenden, geht sie verloren. Trotzdem beenden?</source>
        <translation>Some input is not saved yet because it could not be written (for example: the device's storage is full). If you quit Koffer now, it is lost. Quit anyway?</translation>
    </message>
    <message>
        <location filename="../../koffer/drafting/wording.py" line="192" />
        <source>Sicherung</source>
        <extracomment>The drafts list's column, per draft: its latest change is on the town hall's server.</extracomment>
        <translation>Backup</translation>
    </message>
    <message>
        <location filename="../../koffer/drafting/wording.py" line="193" />
        <source>gesichert {time}</source>
        <translation>backed up {time}</translation>
    </message>
    <message>
        <location filename="../../koffer/drafting/wording.py" line="194" />
        <source>wird beim nächsten Kontakt gesichert</source>
        <translation>backed up at the next contact</translation>
    </message>
    <message>
        <location filename="../../koffer/drafting/wording.py" line="195" />
        <source>noch nicht gesichert</source>
        <translation>not backed up yet</translation>
    </message>
    <message>
        <location filename="../../koffer/drafting/wording.py" line="197" />
        <source>Sicherung: ein Entwurf wartet auf das Rathaus</source>
        <extracomment>The status bar while records wait for the town hall.</extracomment>
        <translation>Backup: one draft waits for the town hall</translation>
    </message>
    <message>
        <location filename="../../koffer/drafting/wording.py" line="198" />
        <source>Sicherung: {n} Entwürfe warten auf das Rathaus</source>
        <translation>Backup: {n} drafts wait for the town hall</translation>
    </message>
    <message>
        <location filename="../../koffer/drafting/wording.py" line="201" />
        <source>Entwürfe wiederherstellen …</source>
        <extracomment>The offer on a new (or a second) laptop of the same person.</extracomment>
        <translation>Restore drafts …</translation>
    </message>
    <message>
        <location filename="../../koffer/drafting/wording.py" line="202" />
        <source>Im Rathaus liegt eine Sicherung Ihrer Entwürfe von einem anderen Laptop. Mit dem Kennwort jenes Laptops holen Sie alle Entwürfe hierher.</source>
        <translation>The town hall holds a backup of your drafts from another laptop. With that laptop's passphrase you bring every draft here.</translation>
    </message>
    <message>
        <location filename="../../koffer/drafting/wording.py" line="207" />
        <source>Entwürfe wiederherstellen</source>
        <translation>Restore drafts</translation>
    </message>
    <message>
        <location filename="../../koffer/drafting/wording.py" line="208" />
        <source>Kennwort Ihres bisherigen Laptops (oder das neue Kennwort, das Ihnen das Rathaus gegeben hat):</source>
        <translation>Passphrase of your previous laptop (or the new passphrase the town hall gave you):</translation>
    </message>
    <message>
        <location filename="../../koffer/drafting/wording.py" line="213" />
        <source>Entwürfe werden wiederhergestellt: {n} von {m} …</source>
        <translation>Restoring drafts: {n} of {m} …</translation>
    </message>
    <message>
        <location filename="../../koffer/drafting/wording.py" line="214" />
        <source>Das Kennwort passt nicht zu Ihrer Sicherung im Rathaus. Es wurde nichts verändert. Wurde das Kennwort vergessen, kann das Rathaus die Sicherung für ein neues Kennwort freigeben.</source>
        <translation>The passphrase does not fit your backup at the town hall. Nothing was changed. If the passphrase was forgotten, the town hall can release the backup for a new one.</translation>
    </message>
    <message>
        <location filename="../../koffer/drafting/wording.py" line="220" />
        <source>Im Rathaus liegt für Sie keine Sicherung von Entwürfen vor.</source>
        <translation>The town hall holds no backup of drafts for you.</translation>
    </message>
    <message>
        <location filename="../../koffer/drafting/wording.py" line="223" />
        <source>Wiederhergestellt: ein Entwurf.</source>
        <translation>Restored: one draft.</translation>
    </message>
    <message>
        <location filename="../../koffer/drafting/wording.py" line="224" />
        <source>Wiederhergestellt: {n} Entwürfe.</source>
        <translation>Restored: {n} drafts.</translation>
    </message>
    <message>
        <location filename="../../koffer/drafting/wording.py" line="225" />
        <source>Schon auf diesem Laptop: {n}.</source>
        <translation>Already on this laptop: {n}.</translation>
    </message>
    <message>
        <location filename="../../koffer/drafting/wording.py" line="226" />
        <source>Ein abgeschlossener Antrag wird beim nächsten Kontakt mit dem Rathaus gesendet.</source>
        <translation>One finalised application will be sent at the next contact with the town hall.</translation>
    </message>
    <message>
        <location filename="../../koffer/drafting/wording.py" line="230" />
        <source>{n} abgeschlossene Anträge werden beim nächsten Kontakt mit dem Rathaus gesendet.</source>
        <translation>{n} finalised applications are sent at the next contact with the town hall.</translation>
    </message>
    <message>
        <location filename="../../koffer/drafting/wording.py" line="234" />
        <source>Nicht wiederhergestellt: {name} – die Sicherung ist beschädigt.</source>
        <translation>Not restored: {name} – the backup is damaged.</translation>
    </message>
    <message>
        <location filename="../../koffer/drafting/wording.py" line="237" />
        <source>Nicht wiederhergestellt: {name} – die Sicherung passt nicht zu Ihrem Schlüssel.</source>
        <translation>Not restored: {name} – the backup does not fit your key.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../koffer/ui/window/shell.py" line="81" />
        <source>Das hat leider nicht geklappt. Ihre Daten sind sicher gespeichert. Bitte versuchen Sie es noch einmal.</source>
        <translation>Sorry, that did not work. Your data is saved safely. Please try again.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/shell.py" line="111" />
        <source>Koffer – Verwaltung aus dem Koffer</source>
        <translation>Koffer – the town hall in a suitcase</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/shell.py" line="139" />
        <source>Koffer startet …</source>
        <translation>Koffer is starting …</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/shell.py" line="159" />
        <source>Formulare</source>
        <translation>Forms</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/shell.py" line="160" />
        <source>Anträge</source>
        <translation>Applications</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/shell.py" line="161" />
        <source>Offener Antrag</source>
        <translation>Open application</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/shell.py" line="162" />
        <source>Termine</source>
        <translation>Appointments</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/shell.py" line="580" />
        <source>Koffer sperrt sich in {seconds} Sekunden, weil nichts eingegeben wurde. Weiterlesen?</source>
        <translation>Koffer locks itself in {seconds} seconds because nothing was entered. Keep reading?</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/shell.py" line="175" />
        <source>Sperren</source>
        <translation>Lock</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/shell.py" line="176" />
        <location filename="../../koffer/ui/window/shell.py" line="427" />
        <source>Sperren (Strg+L)</source>
        <translation>Lock (Ctrl+L)</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/shell.py" line="181" />
        <source>Schließen</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/shell.py" line="187" />
        <source>Weiterlesen</source>
        <translation>Keep reading</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/shell.py" line="226" />
        <source>Arbeitet</source>
        <translation>Working</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/shell.py" line="318" />
        <source>{screen} ({keys})</source>
        <translation>{screen} ({keys})</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/shell.py" line="429" />
        <source>angemeldet: {name}</source>
        <translation>signed in: {name}</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/shell.py" line="403" />
        <source>Die Sprache wechselt beim nächsten Start von Koffer.</source>
        <translation>The language changes when Koffer starts next time.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/shell.py" line="172" />
        <source>Einstellungen</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/shell.py" line="456" />
        <source>Neuer Antrag</source>
        <translation>New application</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/shell.py" line="457" />
        <source>Für wen ist der Antrag? Name der Bürgerin oder des Bürgers:</source>
        <translation>Who is the application for? Name of the citizen:</translation>
    </message>
</context>
<context>
    <name>OwnerPanel</name>
    <message>
        <location filename="../../koffer/ui/assist/owner_panel.py" line="75" />
        <source>Zugangscode zum Vorlesen:</source>
        <translation>Access code to read out:</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/owner_panel.py" line="79" />
        <source>Zugangscode</source>
        <translation>Access code</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/owner_panel.py" line="83" />
        <source>Wer ist verbunden</source>
        <translation>Who is connected</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/owner_panel.py" line="93" />
        <source>Vorschläge</source>
        <translation>Proposals</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/owner_panel.py" line="96" />
        <source>Noch keine Vorschläge.</source>
        <translation>No proposals yet.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/owner_panel.py" line="100" />
        <source>Verdeckte Angaben</source>
        <translation>Hidden answers</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/owner_panel.py" line="107" />
        <source>Sitzung beenden</source>
        <translation>End the session</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/owner_panel.py" line="123" />
        <source>Verbindung zum Rathaus wird aufgebaut …</source>
        <translation>Connecting to the town hall …</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/owner_panel.py" line="125" />
        <source>Warten auf die Kollegin …</source>
        <translation>Waiting for the colleague …</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/owner_panel.py" line="127" />
        <source>Verbunden: {name}</source>
        <translation>Connected: {name}</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/owner_panel.py" line="129" />
        <source>{name} ist gerade nicht verbunden.</source>
        <translation>{name} is not connected right now.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/owner_panel.py" line="134" />
        <source>Sie</source>
        <translation>You</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/owner_panel.py" line="134" />
        <source>Expertin</source>
        <translation>Expert</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/owner_panel.py" line="154" />
        <source>übernommen</source>
        <translation>accepted</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/owner_panel.py" line="155" />
        <source>abgelehnt</source>
        <translation>rejected</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/owner_panel.py" line="156" />
        <source>nicht übernommen</source>
        <translation>not taken</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/owner_panel.py" line="165" />
        <source>(leer)</source>
        <translation>(empty)</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/owner_panel.py" line="179" />
        <source>Keine.</source>
        <translation>None.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/owner_panel.py" line="182" />
        <source>Freigeben: {label}</source>
        <translation>Show to the expert: {label}</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/owner_panel.py" line="183" />
        <source>Die Expertin sieht danach diese eine Angabe.</source>
        <translation>The expert then sees this one answer.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/owner_panel.py" line="194" />
        <source>Die Expertin zeigt auf: {label}</source>
        <translation>The expert points at: {label}</translation>
    </message>
</context>
<context>
    <name>PaperSignatureDialog</name>
    <message>
        <location filename="../../koffer/ui/window/draft_flow.py" line="87" />
        <location filename="../../koffer/ui/window/draft_flow.py" line="89" />
        <source>Auf Papier unterschreiben</source>
        <extracomment>Print kinds (`koffer.drafting.claims.PrintKind` values; that module loads the forms models, which the window's first screen must not wait for).</extracomment>
        <translation>Sign on paper</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/draft_flow.py" line="93" />
        <source>1. Drucken Sie das Unterschriftenblatt. Es zeigt alle Angaben und eine Prüfsumme.
2. Die Bürgerin oder der Bürger unterschreibt es mit dem Stift.
3. Tragen Sie hier ein, wer wann unterschrieben hat. Das Blatt geht mit dem Antrag an das Amt.</source>
        <translation>1. Print the signature sheet. It shows every answer and a checksum.
2. The citizen signs it with a pen.
3. Enter here who signed and when. The sheet goes to the office with the application.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/draft_flow.py" line="101" />
        <source>Unterschriftenblatt drucken …</source>
        <translation>Print the signature sheet …</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/draft_flow.py" line="110" />
        <source>Wer hat unterschrieben?</source>
        <extracomment>one name per line of the sheet, by signature field (a form with one: prefilled)</extracomment>
        <translation>Who signed?</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/draft_flow.py" line="111" />
        <source>Unterschrieben von:</source>
        <translation>Signed by:</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/draft_flow.py" line="114" />
        <source>{label} – unterschrieben von:</source>
        <translation>{label} – signed by:</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/draft_flow.py" line="116" />
        <source>{label} (freiwillig, kann leer bleiben) – unterschrieben von:</source>
        <translation>{label} (optional, may stay empty) – signed by:</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/draft_flow.py" line="124" />
        <source>Wann wurde unterschrieben?</source>
        <translation>When was it signed?</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/draft_flow.py" line="125" />
        <source>Unterschrieben am:</source>
        <translation>Signed on:</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/draft_flow.py" line="131" />
        <source>Abbrechen</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/draft_flow.py" line="132" />
        <source>Unterschrift eintragen</source>
        <translation>Record the signature</translation>
    </message>
</context>
<context>
    <name>PrintController</name>
    <message>
        <location filename="../../koffer/ui/print_controller.py" line="90" />
        <source>Drucken</source>
        <extracomment>How often the offline queue is retried while the app is unlocked.</extracomment>
        <translation>Print</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_controller.py" line="91" />
        <source>Druckwarteschlange</source>
        <translation>Print queue</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_controller.py" line="92" />
        <source>Druckwarteschlange öffnen</source>
        <translation>Open the print queue</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_controller.py" line="180" />
        <source>Druckwarteschlange ({n})</source>
        <translation>Print queue ({n})</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_controller.py" line="362" />
        <source>Koffer ist gesperrt.</source>
        <translation>Koffer is locked.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_controller.py" line="409" />
        <source>Druckauftrag wird vorbereitet …</source>
        <translation>Preparing the print job …</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_controller.py" line="421" />
        <source>Koffer versucht es noch einmal …</source>
        <translation>Koffer is trying again …</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_controller.py" line="457" />
        <source>Drucken hat nicht geklappt. Der Antrag selbst ist sicher gespeichert.</source>
        <translation>Printing did not work. The application itself is saved safely.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_controller.py" line="533" />
        <source>Auftrag verworfen.</source>
        <translation>Job discarded.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_controller.py" line="535" />
        <source>Der Auftrag wird erneut gedruckt.</source>
        <translation>The job is printed again.</translation>
    </message>
</context>
<context>
    <name>PrintDialog</name>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="53" />
        <source>Für die antragstellende Person (mit Eingangsbestätigung)</source>
        <extracomment>Width of a preview page in pixels (A4 height follows).</extracomment>
        <translation>For the applicant (with receipt)</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="56" />
        <source>Entwurf für die antragstellende Person (zum Durchsehen)</source>
        <translation>Draft for the applicant (to read through)</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="59" />
        <source>Unterschriftenblatt (auf Papier unterschreiben)</source>
        <translation>Signature sheet (sign on paper)</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="60" />
        <source>Für das Amt</source>
        <translation>For the office</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="61" />
        <source>Hausbesuchsprotokoll</source>
        <translation>Home visit record</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="62" />
        <source>Leeres Formular zum Ausfüllen von Hand</source>
        <translation>Blank form to fill in by hand</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="169" />
        <location filename="../../koffer/ui/print_dialog.py" line="301" />
        <source>Drucken</source>
        <extracomment>Renders one document to PDF bytes (runs on the worker): kind, large print, on the town's own PDF. Smallest page height: below it a page is no help; the list scrolls instead.</extracomment>
        <translation>Print</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="181" />
        <source>Drucken: {title}</source>
        <translation>Print: {title}</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="195" />
        <source>Was soll gedruckt werden?</source>
        <translation>What should be printed?</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="209" />
        <source>Vorgangsnummer: {ref}</source>
        <translation>Reference number: {ref}</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="212" />
        <source>Die Nummer ist vorläufig. Die endgültige Nummer vergibt das Rathaus, sobald der Antrag übertragen ist.</source>
        <translation>The number is provisional. The town hall gives the final number once the application has been transferred.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="218" />
        <source>Auf dem &amp;Formular der Stadt drucken</source>
        <translation>Print on the &amp;town's own form</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="219" />
        <source>Auf dem Formular der Stadt drucken</source>
        <translation>Print on the town's own form</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="221" />
        <source>Zuerst die Seiten des Formulars der Stadt, ausgefüllt; danach Koffers eigene Seiten mit allen Angaben.</source>
        <translation>First the pages of the town's own form, filled in; then Koffer's own pages with every answer.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="235" />
        <source>Drucker</source>
        <translation>Printer</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="237" />
        <source>Der gewählte Drucker wird für das nächste Mal gemerkt.</source>
        <translation>The chosen printer is remembered for next time.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="239" />
        <source>&amp;Drucker:</source>
        <translation>&amp;Printer:</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="242" />
        <source>Anzahl der Exemplare</source>
        <translation>Number of copies</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="243" />
        <source>&amp;Exemplare:</source>
        <translation>&amp;Copies:</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="245" />
        <source>&amp;Beidseitig drucken</source>
        <translation>&amp;Two-sided</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="246" />
        <source>Beidseitig drucken</source>
        <translation>Print on both sides</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="247" />
        <source>&amp;Schwarzweiß (spart Farbe)</source>
        <translation>&amp;Black and white (saves ink)</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="248" />
        <source>Schwarzweiß drucken</source>
        <translation>Print in black and white</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="250" />
        <source>&amp;Großdruck</source>
        <translation>&amp;Large print</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="251" />
        <source>Großdruck</source>
        <translation>Large print</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="257" />
        <source>Stand des Druckauftrags</source>
        <translation>State of the print job</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="261" />
        <source>Druckt</source>
        <translation>Printing</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="265" />
        <source>Erneut drucken</source>
        <translation>Print again</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="267" />
        <source>Versucht jetzt noch einmal, den Ausdruck zu drucken.</source>
        <translation>Tries once more to print it now.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="269" />
        <source>Warteschlange ansehen</source>
        <translation>View the print queue</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="271" />
        <source>Zeigt alle Ausdrucke, die noch nicht fertig sind.</source>
        <translation>Shows every printout that is not finished yet.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="283" />
        <source>Vorschau</source>
        <translation>Preview</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="292" />
        <source>Druckvorschau</source>
        <translation>Print preview</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="294" />
        <source>Die Seiten genau so, wie sie gedruckt werden.</source>
        <translation>The pages exactly as they will be printed.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="300" />
        <location filename="../../koffer/ui/print_dialog.py" line="454" />
        <source>Abbrechen</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="319" />
        <source>Drucker werden gesucht …</source>
        <translation>Looking for printers …</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="345" />
        <source>Kein Drucker eingerichtet. Bitte den mobilen Drucker einschalten und im System einrichten.</source>
        <translation>No printer set up. Please switch on the portable printer and set it up in the system.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="356" />
        <source>Drucksystem nicht erreichbar.</source>
        <translation>Print system not reachable.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="402" />
        <source>Vorschau: {kind}</source>
        <translation>Preview: {kind}</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="403" />
        <source>Vorschau wird erstellt …</source>
        <translation>Making the preview …</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="422" />
        <source>Vorschau nicht verfügbar</source>
        <translation>Preview not available</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="426" />
        <source>Seite {n} von {total}</source>
        <translation>Page {n} of {total}</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="436" />
        <source>Die Vorschau konnte nicht erstellt werden.</source>
        <translation>The preview could not be made.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="447" />
        <source>Der Auftrag wird vorbereitet …</source>
        <translation>Preparing the job …</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_dialog.py" line="454" />
        <location filename="../../koffer/ui/print_dialog.py" line="478" />
        <source>Schließen</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>PrintQueueView</name>
    <message>
        <location filename="../../koffer/ui/print_queue_view.py" line="44" />
        <location filename="../../koffer/ui/print_queue_view.py" line="48" />
        <source>Druckwarteschlange</source>
        <translation>Print queue</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_queue_view.py" line="52" />
        <source>Hier steht jeder Ausdruck, der noch nicht fertig ist. Koffer druckt ihn, sobald der Drucker bereit ist. Die Dokumente sind verschlüsselt gespeichert.</source>
        <translation>Every printout that is not finished yet is listed here. Koffer prints it as soon as the printer is ready. The documents are stored encrypted.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_queue_view.py" line="60" />
        <source>Erstellt</source>
        <translation>Created</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_queue_view.py" line="60" />
        <source>Dokument</source>
        <translation>Document</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_queue_view.py" line="60" />
        <source>Drucker</source>
        <translation>Printer</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_queue_view.py" line="60" />
        <source>Stand</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_queue_view.py" line="61" />
        <source>Wartende Druckaufträge</source>
        <translation>Waiting print jobs</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_queue_view.py" line="66" />
        <source>Keine Aufträge in der Warteschlange.</source>
        <translation>No jobs in the queue.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_queue_view.py" line="70" />
        <source>Meldung der Druckwarteschlange</source>
        <translation>Print queue message</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_queue_view.py" line="73" />
        <source>Verwerfen …</source>
        <translation>Discard …</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_queue_view.py" line="75" />
        <source>Entfernt den gewählten Auftrag endgültig aus der Warteschlange.</source>
        <translation>Removes the selected job from the queue for good.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_queue_view.py" line="77" />
        <source>Erneut drucken</source>
        <translation>Print again</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_queue_view.py" line="78" />
        <source>Jetzt drucken</source>
        <translation>Print now</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_queue_view.py" line="80" />
        <source>Versucht jetzt, alle wartenden Aufträge zu drucken.</source>
        <translation>Tries now to print every waiting job.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_queue_view.py" line="82" />
        <source>Schließen</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_queue_view.py" line="151" />
        <source>Auftrag verwerfen?</source>
        <translation>Discard the job?</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/print_queue_view.py" line="153" />
        <source>Den Druckauftrag „{title}“ endgültig verwerfen? Er wird dann nicht gedruckt.</source>
        <translation>Discard the print job “{title}” for good? It will not be printed then.</translation>
    </message>
</context>
<context>
    <name>ProposeDialog</name>
    <message>
        <location filename="../../koffer/ui/assist/propose_dialog.py" line="26" />
        <source>Wert vorschlagen</source>
        <translation>Propose a value</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/propose_dialog.py" line="32" />
        <source>Die Kollegin im Außendienst sieht Ihren Vorschlag und entscheidet, ob er übernommen wird.</source>
        <translation>Your colleague in the field sees your proposal and decides whether to take it.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/propose_dialog.py" line="44" />
        <source>Kurze Begründung, z. B. „laut Mietvertrag“</source>
        <translation>Short reason, e.g. “as in the tenancy agreement”</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/propose_dialog.py" line="45" />
        <source>Begründung</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/propose_dialog.py" line="52" />
        <source>Vorschlag senden</source>
        <translation>Send proposal</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/propose_dialog.py" line="54" />
        <source>Abbrechen</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/propose_dialog.py" line="69" />
        <source>Bitte kurz begründen, warum dieser Wert richtig ist.</source>
        <translation>Please say briefly why this value is right.</translation>
    </message>
</context>
<context>
    <name>RestoreDialog</name>
    <message>
        <location filename="../../koffer/ui/restore_dialog.py" line="62" />
        <source>Kennwort der Sicherung</source>
        <extracomment>(n, m): the n-th of m drafts is being restored (emitted from the store lane)</extracomment>
        <translation>Passphrase of the backup</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/restore_dialog.py" line="70" />
        <source>Später</source>
        <translation>Later</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/restore_dialog.py" line="71" />
        <source>Wiederherstellen</source>
        <translation>Restore</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/restore_dialog.py" line="133" />
        <source>Schließen</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/restore_dialog.py" line="146" />
        <source>Das hat nicht geklappt.</source>
        <translation>That did not work.</translation>
    </message>
</context>
<context>
    <name>ReviewScreen</name>
    <message>
        <location filename="../../koffer/ui/review_screen.py" line="199" />
        <source>Bitte lesen Sie alle Angaben in Ruhe durch. Stimmt alles, unterschreiben Sie unten. Möchten Sie etwas ändern, wählen Sie „Zurück zum Formular“.</source>
        <translation>Please read all answers calmly. If everything is right, sign below. To change something, choose “Back to the form”.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/review_screen.py" line="207" />
        <source>Antrag von {name}</source>
        <translation>Application of {name}</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/review_screen.py" line="222" />
        <source>Bevor unterschrieben werden kann, fehlt noch:</source>
        <translation>Before signing, this is still missing:</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/review_screen.py" line="243" />
        <source>Auf Papier unterschreiben …</source>
        <extracomment>one part per signature field that applies, in form order (Tab: reading order)</extracomment>
        <translation>Sign on paper …</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/review_screen.py" line="246" />
        <source>Druckt das Unterschriftenblatt. Danach tragen Sie ein, wer es wann unterschrieben hat.</source>
        <translation>Prints the signature sheet. Afterwards you enter who signed it and when.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/review_screen.py" line="265" />
        <source>Angaben zum Prüfen</source>
        <translation>Answers to review</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/review_screen.py" line="269" />
        <source>Zurück zum Formular</source>
        <translation>Back to the form</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/review_screen.py" line="270" />
        <source>Abschließen …</source>
        <translation>Finalise …</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/review_screen.py" line="344" />
        <source>✓ Alle nötigen Unterschriften sind gegeben. Sie können jetzt abschließen.</source>
        <translation>✓ Every signature needed is given. You can finalise now.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/review_screen.py" line="350" />
        <source>Noch zu unterschreiben: {who}.</source>
        <translation>Still to sign: {who}.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/review_screen.py" line="360" />
        <source>Sie können jetzt abschließen.</source>
        <translation>You can finalise now.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/review_screen.py" line="361" />
        <source>✓ Unterschrieben. Sie können jetzt abschließen.</source>
        <translation>✓ Signed. You can finish now.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/review_screen.py" line="357" />
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
        <location filename="../../koffer/ui/form/sections.py" line="110" />
        <source>Mitzubringende Unterlagen ({n})</source>
        <translation>Documents to provide ({n})</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/sections.py" line="114" />
        <source>{n} offen – {title}</source>
        <translation>{n} open – {title}</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/sections.py" line="123" />
        <source>{title}: {p} % ausgefüllt</source>
        <translation>{title}: {p} % filled in</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/sections.py" line="126" />
        <source>{title}: ausgefüllt, aber eine Angabe stimmt noch nicht</source>
        <translation>{title}: filled in, but one answer is not right yet</translation>
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
        <location filename="../../koffer/ui/profile_screens.py" line="139" />
        <location filename="../../koffer/ui/profile_screens.py" line="149" />
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
        <location filename="../../koffer/ui/profile_screens.py" line="114" />
        <source>Das Kennwort ist zu kurz: bitte mindestens 10 Zeichen.</source>
        <translation>The passphrase is too short: at least 10 characters, please.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/profile_screens.py" line="119" />
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
    <name>SignaturePart</name>
    <message>
        <location filename="../../koffer/ui/review_screen.py" line="62" />
        <source>Mit Ihrer Unterschrift bestätigen Sie die Angaben oben, genau so wie sie hier stehen.</source>
        <translation>With your signature you confirm the answers above, exactly as they stand here.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/review_screen.py" line="67" />
        <source>Mit dieser Unterschrift werden die Angaben oben bestätigt, genau so wie sie hier stehen.</source>
        <translation>This signature confirms the answers above, exactly as they are shown here.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/review_screen.py" line="71" />
        <source>Diese Unterschrift ist freiwillig. Sie kann auch leer bleiben.</source>
        <translation>This signature is optional. It may also stay empty.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/review_screen.py" line="74" />
        <source>Unterschriftenfeld: {label}</source>
        <translation>Signature pad: {label}</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/review_screen.py" line="77" />
        <source>Löschen</source>
        <translation>Clear</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/review_screen.py" line="78" />
        <source>Letzten Strich zurück</source>
        <translation>Undo last stroke</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/review_screen.py" line="79" />
        <source>Strich wiederholen</source>
        <translation>Redo stroke</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/review_screen.py" line="80" />
        <source>Unterschrift übernehmen</source>
        <translation>Accept signature</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/review_screen.py" line="81" />
        <source>Neu unterschreiben</source>
        <translation>Sign again</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/review_screen.py" line="105" />
        <source>{action} – {label}</source>
        <extracomment>this part's state (with several parts; with one the screen's line says it)</extracomment>
        <translation>{action} – {label}</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/review_screen.py" line="141" />
        <source>✓ Auf Papier unterschrieben von {name}, {when}.</source>
        <translation>✓ Signed on paper by {name}, {when}.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/review_screen.py" line="162" />
        <source>✓ Unterschrieben.</source>
        <translation>✓ Signed.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/review_screen.py" line="166" />
        <source>Noch nicht unterschrieben.</source>
        <translation>Not signed yet.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/review_screen.py" line="168" />
        <source>Freiwillig – noch nicht unterschrieben.</source>
        <translation>Optional – not signed yet.</translation>
    </message>
</context>
<context>
    <name>StartDialog</name>
    <message>
        <location filename="../../koffer/ui/assist/start_dialog.py" line="23" />
        <location filename="../../koffer/ui/assist/start_dialog.py" line="25" />
        <source>Kollegin zuschalten</source>
        <translation>Bring in a colleague</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/start_dialog.py" line="29" />
        <source>Eine Expertin oder ein Experte aus dem Rathaus sieht diesen einen Antrag, zeigt auf Felder und macht Vorschläge. Sie entscheiden über jeden Vorschlag. Besonders schützenswerte Angaben (IBAN, Steuer-ID, Gesundheit) bleiben verdeckt, bis Sie eine freigeben.</source>
        <translation>An expert from the town hall sees this one application, points at fields and makes proposals. You decide on every proposal. Especially sensitive answers (IBAN, tax ID, health) stay hidden until you show one.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/start_dialog.py" line="37" />
        <source>Die Bürgerin / der Bürger ist einverstanden.</source>
        <translation>The citizen agrees.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/start_dialog.py" line="41" />
        <source>Diese Anlagen darf die Expertin sehen:</source>
        <translation>The expert may see these attachments:</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/start_dialog.py" line="47" />
        <source>Der Antrag hat keine Anlagen.</source>
        <translation>The application has no attachments.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/start_dialog.py" line="53" />
        <source>Zugangscode erzeugen</source>
        <translation>Create access code</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/start_dialog.py" line="55" />
        <source>Abbrechen</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/start_dialog.py" line="63" />
        <source>Bitte zuerst fragen, ob die Bürgerin oder der Bürger einverstanden ist.</source>
        <translation>Please ask the citizen first whether they agree.</translation>
    </message>
</context>
<context>
    <name>SyncController</name>
    <message>
        <location filename="../../koffer/ui/sync_controller.py" line="162" />
        <source>Sende {n} von {m} …</source>
        <translation>Sending {n} of {m} …</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/sync_controller.py" line="82" />
        <source>Verbinden …</source>
        <extracomment>Seconds between passes while the town hall answers (heartbeat, catalog, visits). Seconds to wait after a network change before the first probe (VPN settles). (n, m): sending the n-th of m submissions (emitted from the worker thread). Receipts arrived or submissions were refused: the drafts list should refresh. The town hall revoked this laptop; the profile was wiped. A new catalog was installed: the catalog screen should reload. A German message for the user (refused submission, refused catalog). The draft backup after a pass: how many records wait (the status bar, the list). The town hall holds a backup of this person that this laptop lacks (a new laptop).</extracomment>
        <translation>Connect …</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/sync_controller.py" line="83" />
        <source>Mit dem Rathaus verbinden</source>
        <translation>Connect to the town hall</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/sync_controller.py" line="84" />
        <source>Mit dem Rathaus verbinden …</source>
        <translation>Connect to the town hall …</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/sync_controller.py" line="282" />
        <source>Fehler bei der Synchronisation</source>
        <translation>Synchronisation failed</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/sync_controller.py" line="317" />
        <source>Verbunden</source>
        <translation>Connected</translation>
    </message>
</context>
<context>
    <name>UnlockScreen</name>
    <message>
        <location filename="../../koffer/ui/profile_screens.py" line="167" />
        <source>Koffer ist gesperrt</source>
        <extracomment>the passphrase (a SecretBuffer the receiver wipes)</extracomment>
        <translation>Koffer is locked</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/profile_screens.py" line="170" />
        <source>Bitte geben Sie Ihr Kennwort ein, um weiterzuarbeiten.</source>
        <translation>Please enter your passphrase to continue.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/profile_screens.py" line="176" />
        <source>Kennwort</source>
        <translation>Passphrase</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/profile_screens.py" line="177" />
        <source>&amp;Kennwort</source>
        <translation>&amp;Passphrase</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/profile_screens.py" line="186" />
        <source>Nicht gespeicherte Eingabe</source>
        <translation>Input not saved</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/profile_screens.py" line="191" />
        <location filename="../../koffer/ui/profile_screens.py" line="252" />
        <source>Wird entsperrt</source>
        <translation>Unlocking</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/profile_screens.py" line="194" />
        <source>Entsperren</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/profile_screens.py" line="207" />
        <source>Hallo {name}, bitte geben Sie Ihr Kennwort ein.</source>
        <translation>Hello {name}, please enter your passphrase.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/profile_screens.py" line="213" />
        <source>Demo-Profil – das Kennwort lautet: {p}</source>
        <translation>Demo profile – the passphrase is: {p}</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/profile_screens.py" line="219" />
        <source>Bitte geben Sie Ihr Kennwort ein.</source>
        <translation>Please enter your passphrase.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/profile_screens.py" line="252" />
        <source>Wird gesperrt</source>
        <translation>Locking</translation>
    </message>
</context>
<context>
    <name>VerificationBox</name>
    <message>
        <location filename="../../koffer/ui/assist/parts.py" line="32" />
        <source>Prüfnummer vergleichen</source>
        <translation>Compare the verification number</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/parts.py" line="35" />
        <source>Lesen Sie sich die Prüfnummer gegenseitig am Telefon vor. Nur wenn beide gleich sind, ist die Verbindung sicher.</source>
        <translation>Read the verification number to each other on the phone. Only if both are the same is the connection safe.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/parts.py" line="43" />
        <source>Prüfnummer</source>
        <translation>Verification number</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/parts.py" line="46" />
        <source>Stimmt überein</source>
        <translation>It matches</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/parts.py" line="47" />
        <source>Stimmt nicht</source>
        <translation>It does not match</translation>
    </message>
</context>
<context>
    <name>ViewMenu</name>
    <message>
        <location filename="../../koffer/ui/window/view_menu.py" line="56" />
        <source>Schrift größer (Strg++)</source>
        <extracomment>The idle-lock choices offered (the registry accepts exactly these). a setting changed in memory; write it back the view (scale, theme) was applied; the window may need a new layout</extracomment>
        <translation>Larger text (Ctrl++)</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/view_menu.py" line="58" />
        <source>Schrift kleiner (Strg+-)</source>
        <translation>Smaller text (Ctrl+-)</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/view_menu.py" line="60" />
        <source>Normale Schriftgröße (Strg+0)</source>
        <translation>Normal text size (Ctrl+0)</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/view_menu.py" line="62" />
        <source>Hoher Kontrast</source>
        <translation>High contrast</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/view_menu.py" line="66" />
        <source>Termine …</source>
        <translation>Appointments …</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/view_menu.py" line="74" />
        <source>Automatisch sperren nach</source>
        <translation>Lock automatically after</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/view_menu.py" line="77" />
        <source>{n} Minuten</source>
        <translation>{n} minutes</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/view_menu.py" line="92" />
        <source>Sprache der Oberfläche</source>
        <translation>Language of the app</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/view_menu.py" line="98" />
        <source>&amp;Über Koffer …</source>
        <translation>&amp;About Koffer …</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/window/view_menu.py" line="144" />
        <source>Schrift {p} %</source>
        <translation>Text {p} %</translation>
    </message>
</context>
<context>
    <name>VisitsDialog</name>
    <message>
        <location filename="../../koffer/ui/visits_dialog.py" line="42" />
        <location filename="../../koffer/ui/visits_dialog.py" line="50" />
        <source>Termine</source>
        <extracomment>(template, citizen name, visit id): start a form for this visit.</extracomment>
        <translation>Appointments</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/visits_dialog.py" line="45" />
        <source>Keine Termine. Termine kommen bei der nächsten Verbindung aus dem Rathaus.</source>
        <translation>No appointments. Appointments arrive with the next connection to the town hall.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/visits_dialog.py" line="53" />
        <source>Schließen</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/visits_dialog.py" line="54" />
        <source>Formular beginnen …</source>
        <translation>Start a form …</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/visits_dialog.py" line="90" />
        <source>ohne Zeit</source>
        <translation>no time given</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/visits_dialog.py" line="129" />
        <source>Formular wählen</source>
        <translation>Choose a form</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/visits_dialog.py" line="129" />
        <source>Welches Formular?</source>
        <translation>Which form?</translation>
    </message>
</context>
<context>
    <name>VoiceBox</name>
    <message>
        <location filename="../../koffer/ui/assist/parts.py" line="120" />
        <source>Sprechen Sie am Telefon miteinander.</source>
        <translation>Talk to each other on the phone.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/parts.py" line="123" />
        <source>Sprechen Sie am Telefon miteinander oder im Videoraum des Rathauses.</source>
        <translation>Talk to each other on the phone or in the town hall's video room.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/parts.py" line="128" />
        <source>Videoraum öffnen</source>
        <translation>Open the video room</translation>
    </message>
</context>
<context>
    <name>_DocumentRow</name>
    <message>
        <location filename="../../koffer/ui/form/documents.py" line="32" />
        <source>(falls vorhanden)</source>
        <extracomment>The box's entry for "seen in the original" (its data; attachments carry their id).</extracomment>
        <translation>(if available)</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/documents.py" line="37" />
        <source>{label}, vorgelegt</source>
        <translation>{label}, presented</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/documents.py" line="42" />
        <source>Nachweis für {label}</source>
        <translation>Proof of {label}</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/documents.py" line="43" />
        <source>— noch offen —</source>
        <translation>— still open —</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/documents.py" line="48" />
        <source>Original vorgelegt</source>
        <translation>Original presented</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/documents.py" line="50" />
        <source>Anhang: {name}</source>
        <translation>Attachment: {name}</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/documents.py" line="90" />
        <source>beigefügt: {name}</source>
        <translation>attached: {name}</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/documents.py" line="92" />
        <source>im Original vorgelegt</source>
        <translation>presented in the original</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/documents.py" line="96" />
        <source>Der verknüpfte Anhang wurde entfernt. Bitte erneut beifügen oder „Original vorgelegt“ wählen.</source>
        <translation>The linked attachment was removed. Please attach it again or choose “Original presented”.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/documents.py" line="102" />
        <source>nicht vorgelegt (nur falls vorhanden)</source>
        <translation>not presented (only if available)</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/form/documents.py" line="103" />
        <source>fehlt noch – kann nachgereicht werden</source>
        <translation>still missing – can be sent in later</translation>
    </message>
</context>
<context>
    <name>_ProposalCard</name>
    <message>
        <location filename="../../koffer/ui/assist/owner_panel.py" line="38" />
        <source>Vorschlag: {value}</source>
        <translation>Proposal: {value}</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/owner_panel.py" line="41" />
        <source>Begründung: {reason}</source>
        <translation>Reason: {reason}</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/owner_panel.py" line="44" />
        <source>Übernehmen</source>
        <translation>Accept</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/owner_panel.py" line="46" />
        <source>Vorschlag übernehmen: {label}</source>
        <translation>Accept the proposal: {label}</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/owner_panel.py" line="48" />
        <source>Ablehnen</source>
        <translation>Reject</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/owner_panel.py" line="50" />
        <source>Vorschlag ablehnen: {label}</source>
        <translation>Reject the proposal: {label}</translation>
    </message>
</context>
<context>
    <name>_Row</name>
    <message>
        <location filename="../../koffer/ui/assist/expert_view.py" line="52" />
        <source>Zeigen</source>
        <translation>Point</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/expert_view.py" line="53" />
        <source>Zeigen: {label}</source>
        <translation>Point at: {label}</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/expert_view.py" line="54" />
        <source>Die Kollegin sieht das Feld hervorgehoben.</source>
        <translation>Your colleague sees the field highlighted.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/expert_view.py" line="58" />
        <source>Vorschlagen …</source>
        <translation>Propose …</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/expert_view.py" line="60" />
        <source>Vorschlagen: {label}</source>
        <translation>Propose: {label}</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/expert_view.py" line="71" />
        <source>verdeckt (besonders schützenswerte Angabe)</source>
        <translation>hidden (especially sensitive answer)</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/expert_view.py" line="72" />
        <source>verdeckt (Unterschrift)</source>
        <translation>hidden (signature)</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/expert_view.py" line="73" />
        <source>verdeckt (Anlage nicht freigegeben)</source>
        <translation>hidden (attachment not shared)</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/assist/expert_view.py" line="75" />
        <source>verdeckt</source>
        <translation>hidden</translation>
    </message>
</context>
<context>
    <name>parent</name>
    <message>
        <location filename="../../koffer/ui/fields.py" line="571" />
        <source>Die Unterschrift folgt nach der Prüfung durch die Bürgerin oder den Bürger.</source>
        <extracomment>Up to this many options a choice shows radio buttons (all visible, one key press each). Keys that move to the previous / next option of a group of radio buttons. Builds an editor for the field types that need services (attachments).</extracomment>
        <translation>The signature follows after the citizen's review.</translation>
    </message>
    <message>
        <location filename="../../koffer/ui/fields.py" line="577" />
        <source>Anhänge können erst nach dem Entsperren hinzugefügt werden.</source>
        <translation>Attachments can only be added after unlocking.</translation>
    </message>
</context>
<context>
    <name>widgets</name>
    <message>
        <location filename="../../koffer/ui/widgets.py" line="216" />
        <source>Suche leeren</source>
        <extracomment>Where a long address may break: after these characters.</extracomment>
        <translation>Clear the search</translation>
    </message>
</context>
</TS>