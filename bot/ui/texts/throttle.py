"""What the flood control says: once when a person or a group is muted, and to each button
pressed while muted (a short alert, so no spinner is left turning)."""

from __future__ import annotations

from aiogram.utils.i18n import gettext as _


def person_muted() -> str:
    return _("You are sending me messages faster than I can follow. I'll pause for a short "
             "while, then read you again: please wait a moment before writing.")


def group_muted() -> str:
    return _("This group is sending me more messages than I can follow. I'll pause for a "
             "short while, then read it again.")


def press_muted() -> str:
    return _("Too fast: please wait a moment, then try again.")
