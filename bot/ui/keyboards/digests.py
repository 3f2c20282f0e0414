"""The weekly digests' buttons: under a group's digest, "I can help" for each need most in want
(the deep link the need announcements use); under an observer's, the full overview."""

from __future__ import annotations

from typing import Any

from bot.services.digests import GroupDigest, ObserverDigest
from bot.ui.callbacks.impact import OverviewCb
from bot.ui.keyboards.grid import button, rows
from bot.ui.keyboards.newneed import as_json, need_link
from bot.ui.texts import digests as texts


def group_markup(digest: GroupDigest, bot_username: str) -> dict[str, Any] | None:
    """One "🙋 I can help" per need in want, each opening the private chat on its pledge screen
    (as Bot API JSON: it waits in the outbox)."""
    if not digest.wanting:
        return None
    return as_json(rows([button(texts.help_button(n, need.title),
                                url=need_link(bot_username, need.id))
                         for n, need in enumerate(digest.wanting, 1)], 1))


def observer_markup(digest: ObserverDigest) -> dict[str, Any]:
    """The full /overview of the territory for the digest's week (checked again when pressed)."""
    return as_json(rows([button(texts.overview_button(),
                                OverviewCb(place=digest.place_code, period=digest.period.key()))]))
