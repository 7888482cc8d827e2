"""The store stays light: importing it must not load the template models (pydantic).

`koffer status`, `koffer sync` and the crash test's child start in a fraction of the
time because of that.
"""

from __future__ import annotations

import subprocess
import sys


def test_store_import_does_not_load_pydantic() -> None:
    code = "import sys, koffer.store, forms.paths; print('pydantic' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
