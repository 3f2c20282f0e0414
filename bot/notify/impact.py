"""Impact: the welcome of a new observer (what they can do, without registering as a
citizen), in their language, through the outbox."""

from __future__ import annotations

from bot.i18n import DEFAULT_LANGUAGE, speak
from bot.services import places
from bot.services.roles import RoleGranted
from bot.ui.texts import impact as texts
from bot.ui.texts.places import place_label
from domain.territory import Gazetteer
from storage.models import RoleName
from storage.repositories import OutboxItem
from storage.uow import UnitOfWork


async def on_role_granted(uow: UnitOfWork, event: RoleGranted) -> None:
    """An observer's role given: one welcome per grant (the key), naming the territory."""
    if event.role != RoleName.OBSERVER.value or event.territory_code is None:
        return
    member = await uow.members.by_telegram_id(event.telegram_id)
    place = places.view_of(Gazetteer.load(), event.territory_code)
    with speak(member.language if member is not None and member.language
               else DEFAULT_LANGUAGE):
        text = texts.observer_welcome(place_label(place) if place is not None
                                      else event.territory_code)
    await uow.outbox.enqueue_many([OutboxItem(
        key=f"observer-welcome:{event.telegram_id}:{event.territory_code}:"
            f"{event.now.isoformat()}",
        chat_id=event.telegram_id, text=text)], now=event.now)
