"""The window's module loads without the forms models (pydantic) and without the store.

Both load in the background after the first screen is shown (docs/benchmarks.md, cold
start); an import at module level that pulls them in would make every start wait.
"""

from __future__ import annotations

import subprocess
import sys


def test_importing_the_window_loads_neither_pydantic_nor_the_store() -> None:
    code = (
        "import sys, koffer.ui.app; "
        "print(sorted(m for m in ('pydantic', 'forms.model', 'koffer.store') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    )
    assert out.stdout.strip() == "[]"
