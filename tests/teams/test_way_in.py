"""/team gives a way in (issue 22, point 5): the designers, the next table, the open needs and
a link into the group that the bot makes and keeps; join requests through it approved for the
team's members and declined (and said why, privately, in their language) for anyone else; a
member leaves a team with a confirmation."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from bot.config import Settings
from storage.models import TerritorialTable
from tests.conftest import Clock
from tests.helpers.rows import add_need, team_id
from tests.world import Forge, Press, World, open_world

MARCO, SARA, LUCA, GIULIA, EMMA = 2001, 2002, 2003, 1001, 1002
MILANO_GROUP = -1001000000001  # Marco is its admin, Luca a member; the bot an admin


@pytest.fixture
async def world(settings: Settings, clock: Clock) -> AsyncIterator[World]:
    async with open_world(settings, clock, (MARCO, "Marco", "it"), (SARA, "Sara", "it"),
                          (LUCA, "Luca", "en"), (GIULIA, "Giulia", "it"),
                          (EMMA, "Emma", "en")) as world:
        world.api.add_group(MILANO_GROUP, "Cohesion Makers Milano", admins=(MARCO,))
        world.api.statuses[(MILANO_GROUP, world.api.bot_user["id"])] = "administrator"
        milano = await team_id(world, "Cohesion Makers Milano")
        async with world.uow() as uow:
            await uow.tables.add(TerritorialTable(
                team_id=milano, starts_at=clock() + timedelta(days=3), place="Via Padova 36",
                created_by=MARCO, created_at=clock(), updated_at=clock()))
            await uow.tables.add(TerritorialTable(  # already held: not the next one
                team_id=milano, starts_at=clock() - timedelta(days=3), place="Old place",
                created_by=MARCO, created_at=clock(), updated_at=clock()))
            for title in ("Food parcels", "Lifts to hospital", "Homework help", "Winter coats"):
                await add_need(uow, team=milano, title=title, target=10, now=clock(),
                               days_ago=1)
        yield world


def _invite_link(world: World) -> str:
    created = [params for method, params in world.api.calls if method == "createChatInviteLink"]
    assert len(created) == 1 and created[0]["creates_join_request"] is True
    return next(iter(world.api.invite_links))


async def test_team_shows_table_needs_and_a_kept_link_into_the_group(world: World) -> None:
    outputs = await world.converse(LUCA, [
        ("/team", ["<b>Cohesion Makers Milano</b>", "Designer: Marco",
                   "🗓 Next table: ", "Via Padova 36", "4 open needs: ", "Winter coats",
                   "👥 Enter the group of Cohesion Makers Milano",
                   "🚪 Leave Cohesion Makers Milano"]),
    ])
    assert "Old place" not in outputs[0].text
    link = _invite_link(world)
    buttons = outputs[0].reply_markup["inline_keyboard"]  # type: ignore[index]
    assert buttons[0][0]["url"] == link
    async with world.uow() as uow:
        group = await uow.groups.get(MILANO_GROUP)
    assert group is not None and group.invite_link == link
    # The same link next time, in Italian for Marco: no second link is made.
    marco = await world.converse(MARCO, [("/team", ["Prossimo tavolo", "4 bisogni aperti",
                                                     "👥 Entra nel gruppo di"])])
    assert marco[0].reply_markup["inline_keyboard"][0][0]["url"] == link  # type: ignore[index]
    _invite_link(world)


async def test_no_link_when_the_bot_is_no_admin_of_the_group(world: World) -> None:
    world.api.statuses[(MILANO_GROUP, world.api.bot_user["id"])] = "member"
    outputs = await world.converse(LUCA, [
        ("/team", ["Group chat: linked", "once a designer makes me one of its administrators",
                   "🚪 Leave"]),
    ])
    assert "Enter the group" not in str(outputs[0].buttons)
    await world.converse(MARCO, [("/team", "quando un designer mi avrà reso uno dei suoi")])
    async with world.uow() as uow:
        group = await uow.groups.get(MILANO_GROUP)
    assert group is not None and group.invite_link is None


async def test_join_requests_members_in_others_declined_and_told(world: World) -> None:
    await world.converse(LUCA, [("/team", "Enter the group")])
    link = _invite_link(world)
    # Luca, a member, is let in; nothing is said to him (Telegram tells him).
    outputs = await world.chat.request_join(LUCA, link)
    assert [(o.kind, o.chat_id) for o in outputs] == [("approve", MILANO_GROUP)]
    assert world.api.statuses[(MILANO_GROUP, LUCA)] == "member"
    # Sara, registered but of other teams (Italian): declined, told how to come in.
    outputs = await world.chat.request_join(SARA, link)
    assert [(o.kind, o.chat_id) for o in outputs] == [("decline", MILANO_GROUP),
                                                      ("message", SARA)]
    assert "è riservato ai membri del team" in outputs[1].text and "/join" in outputs[1].text
    # Emma, never registered (English Telegram): declined, told to register first.
    outputs = await world.chat.request_join(EMMA, link)
    assert outputs[0].kind == "decline" and outputs[1].chat_id == EMMA
    assert "it is for the team's members" in outputs[1].text and "/start" in outputs[1].text
    assert (MILANO_GROUP, SARA) not in world.api.statuses
    assert world.api.join_requests == set()


async def test_a_member_leaves_a_team_after_confirming(world: World) -> None:
    milano = await team_id(world, "Cohesion Makers Milano")
    await world.converse(LUCA, [
        ("/team", "Leave Cohesion Makers Milano"),
        (Press("Leave"), ["Do you really want to leave <b>Cohesion Makers Milano</b>?",
                          "Yes, leave", "No, stay"]),
        (Press("No, stay"), "you stay in <b>Cohesion Makers Milano</b>"),
    ])
    async with world.uow() as uow:
        assert await uow.teams.member_count(milano) == 2
    await world.converse(LUCA, [
        ("/team", "Leave"), (Press("Leave"), "Do you really"),
        (Press("Yes, leave"), "You have left <b>Cohesion Makers Milano</b>"),
        (Forge(f"tleave:{milano}:yes"), "You are not a member of this team."),
        ("/team", "You haven't joined a team yet"),
    ])
    async with world.uow() as uow:
        luca = await uow.members.by_telegram_id(LUCA)
        assert luca is not None and luca.id is not None
        assert await uow.memberships.get(member_id=luca.id, team_id=milano) is None
        assert await uow.teams.member_count(milano) == 1
    # Now declined at the group's door, in English.
    await world.converse(MARCO, [("/team", "Entra nel gruppo")])
    outputs = await world.chat.request_join(LUCA, _invite_link(world))
    assert outputs[0].kind == "decline" and "Join the team with /join" in outputs[1].text


async def test_a_designer_cannot_leave_the_team_they_lead(world: World) -> None:
    milano = await team_id(world, "Cohesion Makers Milano")
    outputs = await world.converse(MARCO, [
        ("/team", "Entra nel gruppo"),
        (Forge(f"tleave:{milano}:ask"), "non puoi lasciarlo"),
        (Forge(f"tleave:{milano}:yes"), "non puoi lasciarlo"),
        (Forge("tleave:999:ask"), "Non fai parte di questo team."),
        (Forge(f"tleave:{milano}:boom"), "Questo pulsante non è più valido."),
    ])
    assert "Lascia" not in str(outputs[0].buttons)  # no button that could only refuse
    async with world.uow() as uow:
        assert await uow.teams.member_count(milano) == 2
