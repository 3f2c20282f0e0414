"""What every capability says: escaping, wrong kinds of answer, stale buttons, errors, and
the buttons several flows share."""

from __future__ import annotations

from html import escape

from aiogram.utils.i18n import gettext as _

EMPTY = "—"


def q(text: str | None) -> str:
    """Escape user-provided text for HTML messages."""
    return escape(text or "", quote=False)


def use_buttons() -> str:
    return _("Please choose one of the buttons above.")


def text_expected() -> str:
    return _("Please answer with a text message.")


def need_registration() -> str:
    return _("First let's get you registered: send /start.")


def private_only() -> str:
    return _("Let's talk about this in a private chat with me.")


def skip_button() -> str:
    return _("Skip")


def apology() -> str:
    return _("Sorry, something went wrong on our side. Please try again in a moment.")


def stale_button() -> str:
    return _("This button is no longer valid.")


def designers_only_button() -> str:
    return _("Only a designer of the team can use this button.")


def not_understood() -> str:
    return _("I didn't understand. /help lists what you can do.")
