"""What every capability says: escaping, wrong kinds of answer, stale buttons, errors, and
the buttons several flows share."""

from __future__ import annotations

from html import escape

from aiogram.utils.i18n import gettext as _

EMPTY = "—"


def q(text: str | None) -> str:
    """Escape user-provided text for HTML messages."""
    return escape(text or "", quote=False)


#: How much of a wrong answer is quoted back to the person.
EXCERPT = 40


def excerpt(text: str | None, limit: int = EXCERPT) -> str:
    """A short, escaped excerpt of what the person typed, to quote in a refusal: a whole
    4,096-character answer quoted back would make the reply too long for Telegram."""
    flat = " ".join((text or "").split())
    return q(flat if len(flat) <= limit else flat[:limit - 1].rstrip() + "…")


def too_long(limit: int, length: int) -> str:
    return _("That is too long: at most {limit} characters, and yours has {length}. Please "
             "shorten it.").format(limit=limit, length=length)


def at_most(limit: int) -> str:
    """Said with a question whose answer has a length limit."""
    return _("(At most {limit} characters.)").format(limit=limit)


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
