"""Languages, the gettext catalogs (built from locales/*/LC_MESSAGES/messages.po) and locale formatting."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import cache
from pathlib import Path

from aiogram.utils.i18n import I18n
from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal

from domain.calendar import ROME

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
LANGUAGES = ("it", "en")
DEFAULT_LANGUAGE = "it"


@cache
def get_i18n() -> I18n:
    """One catalog set per process; `make catalogs` builds the .mo files it reads."""
    i18n = I18n(path=LOCALES_DIR, default_locale=DEFAULT_LANGUAGE, domain="messages")
    missing = [lang for lang in LANGUAGES if lang not in i18n.locales]
    if missing:
        raise RuntimeError(
            f"translation catalogs not built for {missing}: run `make catalogs` "
            "(pybabel compile -d locales -D messages)"
        )
    return i18n


@contextmanager
def speak(locale: str) -> Iterator[None]:
    """Texts in `locale` from here on, also outside an update (jobs, the CLI, greetings to groups)."""
    i18n = get_i18n()
    with i18n.context(), i18n.use_locale(locale if locale in LANGUAGES else DEFAULT_LANGUAGE):
        yield


def language_or_default(code: str | None) -> str:
    """Telegram's language_code (e.g. "en-GB") mapped to a language we speak."""
    if code:
        base = code.split("-")[0].lower()
        if base in LANGUAGES:
            return base
    return DEFAULT_LANGUAGE


def current_locale() -> str:
    return get_i18n().current_locale


def fmt_date(moment: datetime) -> str:
    return format_date(moment.astimezone(ROME), format="long", locale=current_locale())


def fmt_datetime(moment: datetime) -> str:
    return format_datetime(moment.astimezone(ROME), format="medium", locale=current_locale(),
                           tzinfo=ROME)


def fmt_number(value: float) -> str:
    return format_decimal(value, locale=current_locale())
