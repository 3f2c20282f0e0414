"""Menus per role (issue 22, point 6): a person who holds a role gets a private menu of their
own (setMyCommands, scope chat) in the language the bot speaks to them, when the role is
granted or revoked and when they change language; without a role they go back to the default
menu (deleteMyCommands). The calls go through the outbox and the paced sender; the local Bot
API records them, and what a client would show."""

from __future__ import annotations

from typing import Any

from bot.services import menus, roles
from cohesion.app import setup_commands
from storage.models import OutboxStatus
from tests.conftest import Clock
from tests.helpers.outbox import deliver, outbox_rows
from tests.world import Press, World, open_world

MARCO, SARA, LUCA, PAOLA, DAVIDE = 2001, 2002, 2003, 2101, 2102  # the demo's personas
MILANO = 1


def menu_calls(world: World, person: int) -> list[tuple[str, dict[str, Any]]]:
    """The menu calls the Bot API received for this person's chat, in order."""
    return [(method, params) for method, params in world.api.calls
            if method in ("setMyCommands", "deleteMyCommands")
            and (params.get("scope") or {}).get("type") == "chat"
            and int(params["scope"]["chat_id"]) == person]


def commands_of(params: dict[str, Any]) -> dict[str, str]:
    return {c["command"]: c["description"] for c in params["commands"]}


def shown(world: World, person: int) -> dict[str, str]:
    """The menu a Telegram client shows this person in their private chat."""
    return {c["command"]: c["description"]
            for c in world.api.menu(chat_id=person, user_id=person)}


async def test_a_designer_granted_sees_their_menu_in_english_then_italian_and_loses_it(
        settings: object, clock: Clock) -> None:
    async with open_world(settings, clock, (LUCA, "Luca", "en")) as world:
        await setup_commands(world.bot)
        assert "newneed" not in shown(world, LUCA)
        async with world.uow() as uow:  # what `cohesion role grant designer` does
            assert await roles.grant(uow, telegram_id=LUCA, role="designer", team_id=MILANO,
                                     territory_code=None, now=clock())
        await deliver(world, clock)
        [(method, params)] = menu_calls(world, LUCA)
        assert method == "setMyCommands" and "language_code" not in params
        menu = commands_of(params)
        assert menu["newneed"] == "Post a need for your team"
        assert {"newtable", "minutes", "balance", "proposals", "myneeds"} <= set(menu)
        assert menu["profile"] == "Your profile" and "slots" not in menu
        assert shown(world, LUCA) == menu

        await world.converse(LUCA, [
            ("/language", "Choose"),
            (Press("Italiano"), "Fatto: d’ora in poi ti scriverò in italiano."),
        ])
        await deliver(world, clock)
        method, params = menu_calls(world, LUCA)[-1]
        assert method == "setMyCommands"
        assert commands_of(params)["newneed"] == "Pubblica un bisogno per il tuo team"
        assert shown(world, LUCA)["profile"] == "Il tuo profilo"

        async with world.uow() as uow:  # `cohesion role revoke designer`
            assert await roles.revoke(uow, telegram_id=LUCA, role="designer", team_id=MILANO,
                                      territory_code=None, now=clock())
        await deliver(world, clock)
        assert menu_calls(world, LUCA)[-1] == (
            "deleteMyCommands", {"scope": {"type": "chat", "chat_id": LUCA}})
        assert "newneed" not in shown(world, LUCA)          # back to the default menu
        assert len(menu_calls(world, LUCA)) == 3
        rows = [row for row in await outbox_rows(world) if row.chat_id == LUCA
                and row.method.endswith("MyCommands")]
        assert [row.method for row in rows] == ["setMyCommands", "setMyCommands",
                                                "deleteMyCommands"]
        assert {row.status for row in rows} == {OutboxStatus.SENT.value}


async def test_a_member_without_a_role_changing_language_costs_no_menu_call(
        settings: object, clock: Clock) -> None:
    async with open_world(settings, clock, (LUCA, "Luca", "en")) as world:
        await world.converse(LUCA, [("/language", "Choose"), (Press("Italiano"), "Fatto")])
        await deliver(world, clock)
        assert menu_calls(world, LUCA) == []
        assert not [row for row in await outbox_rows(world) if row.method.endswith("MyCommands")]


async def test_refresh_gives_each_role_its_menu_once_in_each_persons_language(
        settings: object, clock: Clock) -> None:
    people = ((MARCO, "Marco", "it"), (SARA, "Sara", "it"), (PAOLA, "Paola", "it"),
              (DAVIDE, "Davide", "it"))
    async with open_world(settings, clock, *people) as world:
        async with world.uow() as uow:  # at start, or `cohesion menus`
            assert await menus.refresh_all(uow, now=clock()) == 4
        async with world.uow() as uow:  # a second start the same day: nothing new
            await menus.refresh_all(uow, now=clock())
        await deliver(world, clock)
        marco = commands_of(menu_calls(world, MARCO)[0][1])
        assert marco["newneed"] == "Pubblica un bisogno per il tuo team"
        assert "slots" not in marco
        paola = commands_of(menu_calls(world, PAOLA)[0][1])
        assert paola["balance"] == "Equilibrio tra bisogni e aiuti" and "newneed" not in paola
        davide = commands_of(menu_calls(world, DAVIDE)[0][1])
        assert davide["slots"] == "Le tue ore da esperto" and "newneed" not in davide
        assert [len(menu_calls(world, p)) for p in (MARCO, SARA, PAOLA, DAVIDE)] == [1] * 4

        # Marco now speaks English: his menu follows.
        await world.converse(MARCO, [("/language", "Scegli"),
                                     (Press("English"), "Done: from now on I'll write in English.")])
        await deliver(world, clock)
        method, params = menu_calls(world, MARCO)[-1]
        assert method == "setMyCommands"
        assert commands_of(params)["newneed"] == "Post a need for your team"
        assert shown(world, MARCO)["newneed"] == "Post a need for your team"
