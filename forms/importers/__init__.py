"""Importers: a town's real forms in, as Koffer templates plus a report for a person.

* `fim`: FIM XDatenfelder 2.0 and 3.0.0 schemas (with XÖV genericode code lists),
* `pdf`: fillable PDF forms (AcroForm), printed later on the very same PDF.

Every importer writes a template that passes `koffer-forms validate` and an
`ImportReport` that says what was mapped, flattened, left out and what needs a person.
Nothing here guesses what a form means: free-text rules, patterns and meaningless field
names are listed for a person instead. Input is hostile until proven otherwise: size,
depth, time and memory are bounded (`forms.importers.limits`), XML is read without DTDs
or entities, and nothing touches the network.
"""


class ImportRefused(Exception):  # noqa: N818 - it says what happened, like SyncError kin
    """The file cannot be imported; the message says why and where (English, admin)."""
