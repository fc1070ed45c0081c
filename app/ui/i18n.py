"""The kiosk's languages: English (the source text) and Filipino (Qt translations, resources/i18n)."""

from __future__ import annotations

from importlib.resources import as_file, files

from PySide6.QtCore import QCoreApplication, QObject, QTranslator, Signal

LANGUAGES = ("en", "fil")


class Languages(QObject):
    changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.current = "en"
        self.translator = QTranslator(self)
        with as_file(files("resources.i18n").joinpath("counterpos_fil.qm")) as path:
            if not self.translator.load(str(path)):
                raise FileNotFoundError(f"the Filipino translation is missing: {path}")

    def use(self, language: str) -> None:
        if language not in LANGUAGES:
            raise ValueError(f"language must be one of {LANGUAGES}")
        if language == self.current:
            return
        app = QCoreApplication.instance()
        if language == "fil":
            app.installTranslator(self.translator)
        else:
            app.removeTranslator(self.translator)
        self.current = language
        self.changed.emit()

    def toggle(self) -> None:
        self.use("en" if self.current == "fil" else "fil")
