"""A published need announced in its team's linked group, in the group's language, through the
outbox (in the update's unit of work: it goes out only if the need is committed).

The button opens the private chat on the need: ``https://t.me/<bot>?start=need_<id>`` (the
/start deep link that takes the person to pledging is the `needs` capability's).
"""

from __future__ import annotations

from datetime import datetime

from bot.config import Settings
from bot.i18n import speak
from bot.services import needs
from bot.services.needs import NeedView
from bot.ui.keyboards import newneed as keyboards
from bot.ui.texts import newneed as texts
from storage.repositories import OutboxItem
from storage.uow import UnitOfWork


def need_link(settings: Settings, need_id: int) -> str:
    return f"https://t.me/{settings.bot_username}?start=need_{need_id}"


async def announce(uow: UnitOfWork, need: NeedView, *, now: datetime,
                   settings: Settings) -> bool:
    """Enqueue the announcement; False when the team has no reachable linked group."""
    target = await needs.announcement_target(uow, team_id=need.team_id)
    if target is None or need.target is None or need.unit is None:
        return False
    with speak(target.language):
        text = texts.announcement(
            team=target.team_name, title=need.title, category=need.category,
            pledged=need.pledged, target=need.target, unit=need.unit, skill=need.skill,
            urgency=need.urgency, deadline=need.deadline, description=need.description)
        markup = keyboards.as_json(keyboards.can_help(need_link(settings, need.id)))
    await uow.outbox.enqueue_many([OutboxItem(
        key=f"need-announce:{need.id}:{target.chat_id}", chat_id=target.chat_id, text=text,
        payload={"reply_markup": markup})], now=now)
    return True
