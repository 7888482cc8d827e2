"""Read the text of a PDF whose pages are images (what Qt's print support sends).

Qt prints a PDF as page images (QtPdf renders, QPrinter paints), so the document that
reaches the printer has no text layer for pypdf. tesseract (German model) reads it
back from pdftoppm's rendering, so a test can still say which words arrived.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

#: Resolution the pages are rendered at for reading (plenty for 9 pt text).
OCR_DPI = 150


def ocr_pdf(pdf: Path, *, first: int = 1, last: int | None = None) -> str:
    """The text tesseract reads on pages `first`..`last` of `pdf` (1-based)."""
    for tool in ("pdftoppm", "tesseract"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed (see scripts/system-deps.sh)")
    with tempfile.TemporaryDirectory() as folder:
        pages = ["-f", str(first)] + (["-l", str(last)] if last is not None else [])
        subprocess.run(
            ["pdftoppm", "-r", str(OCR_DPI), "-gray", "-png", *pages, str(pdf), f"{folder}/p"],
            check=True,
            timeout=60,
        )
        texts = []
        # one thread (OpenMP would fight the tests for the 2 cores) and no second pass
        # for light-on-dark text: a third of the time, the same words
        env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
        for image in sorted(Path(folder).glob("p*.png")):
            run = subprocess.run(
                ["tesseract", str(image), "-", "-l", "deu", "-c", "tessedit_do_invert=0"],
                check=True,
                capture_output=True,
                text=True,
                timeout=60,
                env=env,
            )
            texts.append(run.stdout)
        return "\n".join(texts)
