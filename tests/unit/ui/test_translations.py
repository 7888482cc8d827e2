"""The English translation covers every text of the UI and loads through QTranslator."""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from PySide6.QtCore import QTranslator

from koffer.ui.resources import resource

TS = resource("translations", "koffer_en.ts")


def test_every_message_is_translated():
    tree = ET.parse(TS)
    unfinished = [
        m.findtext("source")
        for m in tree.iter("message")
        if (m.find("translation") is not None and m.find("translation").get("type") == "unfinished")
    ]
    assert unfinished == []


@pytest.mark.gui
def test_compiled_translation_translates(qapp, tmp_path: Path):
    lrelease = Path(__file__).resolve().parents[3] / ".venv" / "bin" / "pyside6-lrelease"
    if not lrelease.exists():
        pytest.skip("pyside6-lrelease not installed")
    qm = tmp_path / "koffer_en.qm"
    subprocess.run([str(lrelease), "-silent", str(TS), "-qm", str(qm)], check=True)
    translator = QTranslator()
    assert translator.load(str(qm))
    assert translator.translate("UnlockScreen", "Entsperren") == "Unlock"
    assert translator.translate("MainWindow", "Sperren") == "Lock"
