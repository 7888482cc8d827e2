"""Load our translation and Qt's own (qtbase) so standard buttons speak the same language."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

from koffer.settings import UI_LANGUAGE
from koffer.ui.resources import resource

log = logging.getLogger(__name__)
_installed: list[QTranslator] = []


def pick_language(setting: str | None = None) -> str:
    """Return "de" or "en": the chosen language, else the system's (German unless English).

    The choice is the registry's `UI_LANGUAGE`, kept in QSettings (like window state:
    no personal data), because it is needed before any store is open.
    """
    if setting is None:
        raw = QSettings().value(UI_LANGUAGE.key, UI_LANGUAGE.default)
        setting = raw if isinstance(raw, str) and UI_LANGUAGE.valid(raw) else UI_LANGUAGE.default
    if setting in ("de", "en"):
        return setting
    return "en" if QLocale.system().language() == QLocale.Language.English else "de"


def remember_language(language: str) -> None:
    """Use `language` from the next start on."""
    if not UI_LANGUAGE.valid(language):
        raise ValueError(f"no such language: {language}")
    QSettings().setValue(UI_LANGUAGE.key, language)


def install_translators(language: str) -> None:
    """Install translators for `language` (German is the source language)."""
    app = QCoreApplication.instance()
    if app is None:
        return
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt_base = QTranslator(app)
    if qt_base.load(f"qtbase_{language}", qt_dir):
        app.installTranslator(qt_base)
        _installed.append(qt_base)
    if language != "de":
        ours = QTranslator(app)
        if ours.load(f"koffer_{language}", str(resource("translations"))):
            app.installTranslator(ours)
            _installed.append(ours)
        else:
            log.warning("no compiled translation for %s (run make translations)", language)
