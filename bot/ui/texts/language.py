"""Choosing the language of a chat."""

from __future__ import annotations

from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import lazy_gettext as __

from bot.i18n import LANGUAGES, speak

# Language names are endonyms: each is written in its own language, whatever the reader's.
LANGUAGE_NAMES = {"it": "🇮🇹 Italiano", "en": "🇬🇧 English"}


def choose_language() -> str:
    """Shown before we know the person's language, so it is said in every language we speak."""
    lines = []
    for code in LANGUAGES:
        with speak(code):
            lines.append(_("Welcome to Cohesion Makers! Choose your language."))
    return "\n".join(lines)


def choose_language_short() -> str:
    return _("Choose the language:")


def language_set() -> str:
    return _("Done: from now on I'll write in English.")


# The commands, for the menus and for /help (bot.commands).
LANGUAGE_MENU = __("Change language")
LANGUAGE_HELP = __("/language – change language")
GROUP_LANGUAGE_MENU = __("Change the group's language (admins)")
