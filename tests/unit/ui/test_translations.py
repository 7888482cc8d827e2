"""The English translation covers every text of the UI and loads through QTranslator."""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from PySide6.QtCore import QTranslator

from koffer.ui.resources import resource

TS = resource("translations", "koffer_en.ts")


def _unfinished(path: Path) -> list[str | None]:
    return [
        m.findtext("source")
        for m in ET.parse(path).iter("message")
        if m.find("translation") is not None and m.find("translation").get("type") == "unfinished"
    ]


def test_every_message_is_translated():
    assert _unfinished(TS) == []


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


def test_every_text_of_the_sources_is_in_the_translation(tmp_path: Path):
    """A text added to the UI (or to `koffer.drafting.wording`) without a translation fails."""
    lupdate = Path(__file__).resolve().parents[3] / ".venv" / "bin" / "pyside6-lupdate"
    if not lupdate.exists():
        pytest.skip("pyside6-lupdate not installed")
    root = Path(__file__).resolve().parents[3]
    sources = sorted(str(p) for p in (root / "koffer" / "ui").rglob("*.py"))
    sources.append(str(root / "koffer" / "drafting" / "wording.py"))
    copy = tmp_path / "koffer_en.ts"
    copy.write_bytes(TS.read_bytes())
    run = subprocess.run(
        [str(lupdate), *sources, "-ts", str(copy), "-no-obsolete"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "(0 new and" in run.stdout, run.stdout
    assert _unfinished(copy) == []


def test_no_text_asks_to_tap_on_a_laptop():
    """Koffer runs on a laptop: one clicks or chooses, nobody taps ("tippen Sie auf")."""
    texts = [
        (m.findtext("source") or "") + " | " + (m.findtext("translation") or "")
        for m in ET.parse(TS).iter("message")
    ]
    assert [t for t in texts if re.search(r"\btippen (Sie )?auf\b|\btap\b", t, re.I)] == []
