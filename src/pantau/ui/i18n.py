"""The interface language: which one the user chose, and putting its translations into the running application.

Pantau's source strings are English; Indonesian comes from `resources/i18n/pantau_id.qm`, compiled from
`pantau_id.ts` by `scripts/update-translations.sh`. The choice is one setting, `ui/language`: "system" (the default:
Indonesian when the desktop's locale is Indonesian, English otherwise), "id" or "en".

Installing a language replaces the translators installed before (Qt then sends every widget a LanguageChange event,
on which each retranslates itself) and sets the default QLocale, so numbers and dates follow the language
(1.234,5 and "30 Juni 2017" in Indonesian).
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

from pantau.resources import ResourceError, translation_path

log = logging.getLogger(__name__)

LANGUAGE_KEY = "ui/language"
SYSTEM = "system"
LANGUAGE_CHOICES: tuple[str, ...] = (SYSTEM, "id", "en")
# Each language named in itself, as language menus do: someone who cannot read the current one still finds theirs.
NATIVE_NAMES: dict[str, str] = {"id": "Bahasa Indonesia", "en": "English"}
SOURCE_LANGUAGE = "en"

# Translators Pantau installed are children of the application with this name, so the next switch finds them.
_TRANSLATOR_NAME = "pantauTranslator"
_LANGUAGE_PROPERTY = "pantauLanguage"
# Qt's own strings (standard dialogs and buttons), where the Qt build ships them for the language.
_QT_CATALOGUES = ("qtbase",)


def available_languages() -> tuple[str, ...]:
    return ("id", "en")


def _is_indonesian(locale: QLocale) -> bool:
    if locale.language() == QLocale.Language.Indonesian:
        return True
    ui_languages = locale.uiLanguages()
    # "in" is the old ISO code some systems still report for Indonesian.
    return bool(ui_languages) and ui_languages[0].replace("_", "-").split("-")[0].lower() in ("id", "in")


def system_language() -> str:
    """"id" when the desktop's locale is Indonesian, else "en"."""
    return "id" if _is_indonesian(QLocale.system()) else "en"


def language_setting(settings: QSettings) -> str:
    """The stored choice: "system", "id" or "en" (anything else reads as "system")."""
    value = settings.value(LANGUAGE_KEY, SYSTEM)
    return value if isinstance(value, str) and value in LANGUAGE_CHOICES else SYSTEM


def store_language_setting(settings: QSettings, choice: str) -> None:
    if choice not in LANGUAGE_CHOICES:
        raise ValueError(f"unknown language choice {choice!r}: use {', '.join(LANGUAGE_CHOICES)}")
    settings.setValue(LANGUAGE_KEY, choice)
    settings.sync()


def resolve_language(choice: str) -> str:
    """The language a choice means on this computer: "system" becomes `system_language()`."""
    if choice == SYSTEM:
        return system_language()
    if choice not in available_languages():
        raise ValueError(f"unknown language {choice!r}: use {', '.join(LANGUAGE_CHOICES)}")
    return choice


def chosen_language(settings: QSettings) -> str:
    """The language to show, "id" or "en", from the `ui/language` setting."""
    return resolve_language(language_setting(settings))


def translation_file(lang: str) -> Path:
    """Where the compiled translation of `lang` lives (English, the source language, has none)."""
    return translation_path(lang)


def installed_language(app: QCoreApplication) -> str | None:
    """The language `install_translator` last installed in `app`; None before the first call."""
    value = app.property(_LANGUAGE_PROPERTY)
    return value if isinstance(value, str) else None


def locale_for(lang: str) -> QLocale:
    """The locale numbers and dates follow in `lang`: the desktop's own where it speaks that language already."""
    system = QLocale.system()
    if lang == "id":
        return QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia)
    # An English interface keeps the desktop's formats, unless those are Indonesian, which would read oddly
    # ("Juni" beside English words).
    return QLocale(QLocale.Language.English, QLocale.Country.UnitedStates) if _is_indonesian(system) else system


def install_translator(app: QCoreApplication, lang: str) -> QTranslator | None:
    """Show `lang` ("id" or "en") from now on: remove the translators installed before, install Pantau's (and
    Qt's own, where they ship) for `lang`, and make its locale the default. Returns Pantau's translator; None for
    English, and when the translation file is missing or unreadable (then the interface stays English, and the
    log says why). Installing the language already installed changes nothing."""
    if lang not in available_languages():
        raise ValueError(f"unknown language {lang!r}: use {', '.join(available_languages())}")
    QLocale.setDefault(locale_for(lang))
    current = _installed_translators(app)
    if installed_language(app) == lang:
        return next((t for t in current if t.property(_LANGUAGE_PROPERTY) == "pantau"), None)
    for translator in current:
        app.removeTranslator(translator)
        translator.setObjectName("")  # deleted later: the next call must not find it
        translator.deleteLater()
    app.setProperty(_LANGUAGE_PROPERTY, lang)
    if lang == SOURCE_LANGUAGE:
        return None
    for catalogue in _QT_CATALOGUES:
        qt_translator = QTranslator(app)
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if qt_translator.load(f"{catalogue}_{lang}", folder):
            _install(app, qt_translator, "qt")
        else:
            qt_translator.deleteLater()
    try:
        path = translation_file(lang)
    except ResourceError as error:
        log.warning("no %s translation: %s", lang, error)
        return None
    translator = QTranslator(app)
    if not translator.load(str(path)):
        log.warning("cannot load the %s translation %s: the interface stays in English", lang, path)
        translator.deleteLater()
        return None
    _install(app, translator, "pantau")
    return translator


def _install(app: QCoreApplication, translator: QTranslator, kind: str) -> None:
    translator.setObjectName(_TRANSLATOR_NAME)
    translator.setProperty(_LANGUAGE_PROPERTY, kind)
    app.installTranslator(translator)


def _installed_translators(app: QCoreApplication) -> list[QTranslator]:
    return [t for t in app.findChildren(QTranslator) if t.objectName() == _TRANSLATOR_NAME]
