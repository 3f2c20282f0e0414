"""Each person's private menu, queued as Bot API calls in the outbox.

A person who holds a role with commands of its own (designer, observer, expert, admin) gets a
menu of their own in their chat (`BotCommandScopeChat`), worded in the language the bot speaks
to them: the private chats' menu and their roles' commands. Whoever holds none goes back to the
default menu (`deleteMyCommands` for their chat). The calls go through the outbox, so the sender
paces them with everything else sent to that chat and within Telegram's overall rate.

The command registry is the capability list's, which a notifier may not import: the menus
capability hands it over as a callable.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from bot.capability import EventHandler
from bot.commands import CommandSpec, person_menu
from bot.i18n import DEFAULT_LANGUAGE, speak
from bot.services.menus import LanguageChanged, MenusRefreshed, RolesChanged
from storage.models import Member
from storage.repositories import OutboxItem
from storage.uow import UnitOfWork

Commands = Callable[[], Sequence[CommandSpec]]


def menu_call(commands: Sequence[CommandSpec], *, telegram_id: int, roles: set[str],
              language: str) -> tuple[str, dict[str, Any]]:
    """(method, payload) that gives this person the menu their roles call for."""
    scope = {"type": "chat", "chat_id": telegram_id}
    with speak(language):
        entries = person_menu(commands, roles)
    if not entries:
        return "deleteMyCommands", {"scope": scope}
    return "setMyCommands", {"scope": scope, "commands": [
        {"command": name, "description": description} for name, description in entries]}


def _language(member: Member | None, chosen: str | None = None) -> str:
    """A member's language; else the one a role holder chose with /language (on the grants)."""
    if member is not None and member.language:
        return member.language
    return chosen or DEFAULT_LANGUAGE


def _item(telegram_id: int, method: str, payload: dict[str, Any], key: str) -> OutboxItem:
    return OutboxItem(key=f"menu:{telegram_id}:{key}", chat_id=telegram_id, method=method,
                      payload=payload)


def handlers(commands: Commands) -> Mapping[type, EventHandler]:
    """The notifier's handlers, reading the registry from `commands` when an event comes."""

    async def on_roles_changed(uow: UnitOfWork, event: RolesChanged) -> None:
        # Every change is sent (a key of its own): grant, revoke, grant again all count.
        grants = await uow.roles.of_person(event.telegram_id)
        roles = {grant.role for grant in grants}
        member = await uow.members.by_telegram_id(event.telegram_id)
        chosen = next((grant.language for grant in grants if grant.language), None)
        method, payload = menu_call(commands(), telegram_id=event.telegram_id, roles=roles,
                                    language=_language(member, chosen))
        await uow.outbox.enqueue_many(
            [_item(event.telegram_id, method, payload, uuid.uuid4().hex)], now=event.now)

    async def on_language_changed(uow: UnitOfWork, event: LanguageChanged) -> None:
        # Only a menu of one's own needs rewording; the default menu is in every language.
        roles = {grant.role for grant in await uow.roles.of_person(event.telegram_id)}
        method, payload = menu_call(commands(), telegram_id=event.telegram_id, roles=roles,
                                    language=event.language)
        if method == "setMyCommands":
            await uow.outbox.enqueue_many(
                [_item(event.telegram_id, method, payload, uuid.uuid4().hex)], now=event.now)

    async def on_refreshed(uow: UnitOfWork, event: MenusRefreshed) -> None:
        # Keyed by the day and the menu's content: asking twice the same day (two starts)
        # queues nothing new, a menu whose commands changed is sent again.
        wanted = set(event.telegram_ids)
        held: dict[int, tuple[set[str], Member | None]] = {}
        chosen: dict[int, str] = {}
        for grant, member in await uow.roles.all():
            if grant.telegram_id in wanted:
                held.setdefault(grant.telegram_id, (set(), member))[0].add(grant.role)
                if grant.language:
                    chosen[grant.telegram_id] = grant.language
        registry = commands()
        items = []
        for telegram_id in event.telegram_ids:
            roles, member = held.get(telegram_id, (set(), None))
            method, payload = menu_call(registry, telegram_id=telegram_id, roles=roles,
                                        language=_language(member, chosen.get(telegram_id)))
            digest = hashlib.sha256(json.dumps([method, payload], sort_keys=True,
                                               ensure_ascii=False).encode()).hexdigest()[:16]
            items.append(_item(telegram_id, method, payload,
                               f"{event.now:%Y%m%d}:{digest}"))
        await uow.outbox.enqueue_many(items, now=event.now)

    return {RolesChanged: on_roles_changed, LanguageChanged: on_language_changed,
            MenusRefreshed: on_refreshed}
