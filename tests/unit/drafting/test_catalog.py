"""The catalog is searchable before its service directory is read, and finds the
town's services once `load_all` has read it on the worker.

WHY: parsing the directory takes pydantic (about 0.1–0.4 s on these machines), which
the first screen must not wait for. The services and their names below come from the
shipped demo directory (forms/services/demo.yaml), read here by hand.
"""

from __future__ import annotations

import subprocess
import sys

from koffer.drafting.catalog import load_catalog

#: a service of the demo directory that has no form in the catalog
WITHOUT_FORM = "Schuldner- und Insolvenzberatung"


def test_the_first_search_needs_no_pydantic() -> None:
    code = (
        "import sys\n"
        "from koffer.drafting.catalog import load_catalog\n"
        "catalog = load_catalog(None)\n"
        "hits = catalog.find('Wohngeld')\n"
        "print(bool(hits), 'pydantic' in sys.modules, catalog.fully_loaded)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "False", "False"]


def test_services_are_found_once_the_directory_is_read() -> None:
    catalog = load_catalog(None)
    assert catalog.directory is None
    assert WITHOUT_FORM not in [hit.title for hit in catalog.find("Schuldner")]

    catalog.load_all()

    assert catalog.fully_loaded
    found = [hit for hit in catalog.find("Schuldner") if hit.title == WITHOUT_FORM]
    assert len(found) == 1
    assert not found[0].has_form
    # a form that the directory knows comes with its service (office, what to bring)
    wohngeld = next(hit for hit in catalog.find("") if hit.card and "Wohngeld" in hit.title)
    assert wohngeld.service is not None
