"""Announcements a team sends to its members and its group."""

from __future__ import annotations

from aiogram.utils.i18n import gettext as _

from bot.ui.texts.common import q


def announcement(team: str, text: str) -> str:
    return _("📣 <b>{team}</b>\n{text}").format(team=q(team), text=q(text))
