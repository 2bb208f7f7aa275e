"""Errors with a bilingual (Korean / English) one-line message.

The CLI prints `str(error)` and exits with status 2; nothing else should reach the user as a traceback.
"""

from __future__ import annotations


class KatalogError(Exception):
    """Base error. `ko` is shown first; `en` follows after ' / '."""

    def __init__(self, ko: str, en: str = "", *, hints: list[str] | None = None) -> None:
        self.ko = ko
        self.en = en
        self.hints = list(hints or [])
        super().__init__(self.message)

    @property
    def message(self) -> str:
        text = self.ko if not self.en else f"{self.ko} / {self.en}"
        if self.hints:
            text += " — " + ", ".join(self.hints)
        return text


class UnknownChartError(KatalogError):
    pass


class UnknownVariantError(KatalogError):
    pass


class UnknownModifierError(KatalogError):
    pass


class DataError(KatalogError):
    """Shipped data (standard, corpus, index) is missing or invalid."""


class InputError(KatalogError):
    """User input (text, file, row) is invalid."""
