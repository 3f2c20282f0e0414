"""A conversation moves to its next step only once the reply that asks it went out: when
Telegram refuses that reply (a 400) or is unreachable (a 502), the person is apologised to in
their language and stays at the step they were answering — typing the answer again leads on,
nothing is skipped. One step of each main flow, in Italian and English."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from aiogram.fsm.storage.base import StorageKey

from bot.services import tables
from bot.services.tables import TableDraft
from playground.api import Json
from tests.helpers.rows import add_member, team_named_in
from tests.hostile.conftest import ANNA, APOLOGIES, LUCA, MARCO, Hostile
from tests.hostile.walk import press_newest, seen
from tests.world import Press

TOM, DAVIDE, NEWCOMER = 2030, 2102, 3900
Step = tuple[str | Press, str]


@dataclass(frozen=True)
class Case:
    who: int
    language: str
    before: Sequence[Step]  # the way to the step
    answer: str | Press  # the answer whose reply fails...
    leads_to: str  # ...and, typed again, leads on to this
    status: int  # 400: Telegram refuses the reply; 502: Telegram unreachable


CASES = {
    "onboarding": Case(NEWCOMER, "it", (
        ("/start", "Scegli la lingua"), (Press("Italiano"), "Acconsento"),
        (Press("Acconsento"), "Con quale ruolo"), (Press("Cittadino"), "Dove vivi")),
        "milano", "Cosa puoi offrire?", 400),
    "profile": Case(LUCA, "en", (("/profile", "Your profile"),
                                 (Press("Skills"), "What can you offer?")),
                    "logistics", "Your profile", 502),
    "newneed": Case(MARCO, "it", (("/newneed", "Cosa serve?"),),
                    "Accompagnare anziani alle visite", "Descrivilo in poche righe", 400),
    "newneed, the category": Case(MARCO, "it", (
        ("/newneed", "Cosa serve?"), ("Accompagnare anziani", "Descrivilo"),
        ("Tre famiglie", "Di che categoria è?")),
        Press("Salute e cura"), "Che cosa si chiede?", 502),
    "propose": Case(ANNA, "it", (("/propose", "Che bisogno hai notato?"),),
                    "Compagnia per anziani soli", "Descrivilo in poche righe", 502),
    "newtable": Case(TOM, "en", (("/newtable", "When is it?"),
                                 ("tomorrow at 6pm", "Friday, November 27, 2026, 18:00"),
                                 (Press("Yes"), "Where?")),
                     "Online", "What is on the agenda?", 400),
    "announce": Case(MARCO, "it", (("/announce", "Scrivine il testo"),),
                     "Riunione straordinaria", "Chi deve riceverlo?", 400),
    "announce, the moment": Case(TOM, "en", (("/announce", "Write its text"),
                                             ("First meeting", "When should it go out?")),
                                 "tomorrow at 6pm", "Is that right?", 502),
    "slots": Case(DAVIDE, "it", (("/slots", "Le tue ore"),),
                  Press("Aggiungi"), "Quando comincia", 502),
    "table edit": Case(MARCO, "it", (("/tables", "Tavoli in programma"),
                                     (Press("📝"), "Che cosa vuoi cambiare")),
                       Press("Dove"), "Dove si terrà invece", 400),
    "pledge": Case(ANNA, "it", (("/start need_{need}", "Spesa per famiglie"),),
                   Press("Un'altra quantità"), "Scrivi quanto offri", 400),
}


def fail_next_send(hostile: Hostile, chat_id: int, status: int) -> list[Json]:
    """Telegram answers the next message the bot sends to `chat_id` with `status` (then
    answers normally again); returns what it refused."""
    api = hostile.world.api
    real: Callable[..., Json] = api.handle
    refused: list[Json] = []

    def handle(method: str, params: Json, files: Any = None) -> Json:
        if not refused and method == "sendMessage" and int(params["chat_id"]) == chat_id:
            refused.append(params)
            description = ("Bad Request: message is too long" if status == 400
                           else "Bad Gateway")
            return {"ok": False, "error_code": status, "description": description}
        return real(method, params, files)

    api.handle = handle  # type: ignore[method-assign]
    return refused


async def state_of(hostile: Hostile, who: int) -> tuple[str | None, dict[str, Any]]:
    world = hostile.world
    key = StorageKey(bot_id=world.bot.id, chat_id=who, user_id=who)
    storage = world.dispatcher.fsm.storage
    return await storage.get_state(key), await storage.get_data(key)


async def act(hostile: Hostile, who: int, action: str | Press) -> list[Any]:
    if isinstance(action, Press):
        return await press_newest(hostile, who, str(action.label))
    return await hostile.world.chat.send(who, action)


async def setup(hostile: Hostile) -> None:
    """Tom designs Lombardia (English); Davide, the demo's expert, and a newcomer can write;
    Marco has a table next week."""
    world = hostile.world
    world.person(TOM, "Tom", "en")
    world.person(DAVIDE, "Davide", "it")
    world.person(NEWCOMER, "Giada", "it")
    now = hostile.clock()
    async with world.uow() as uow:
        tom = await add_member(uow, TOM, "Tom", now=now, language="en")
        lombardia = await team_named_in(uow, "Cohesion Makers Lombardia")
        milano = await team_named_in(uow, "Cohesion Makers Milano")
        assert tom.id is not None and lombardia.id is not None and milano.id is not None
        await uow.memberships.join(member_id=tom.id, team_id=lombardia.id, now=now)
        await uow.roles.grant(telegram_id=TOM, role="designer", team_id=lombardia.id, now=now)
        await tables.create_table(uow, now=now, telegram_id=MARCO, draft=TableDraft(
            team_id=milano.id, starts_at=now + timedelta(days=7), place="Casa di quartiere"))


@pytest.mark.parametrize("flow", list(CASES))
async def test_a_step_whose_reply_failed_can_be_answered_again(hostile: Hostile,
                                                               flow: str) -> None:
    case = CASES[flow]
    await setup(hostile)
    for action, expected in case.before:
        if isinstance(action, str):
            action = action.format(need=hostile.milano_need)
        assert expected in seen(await act(hostile, case.who, action)), (action, expected)
    state = await state_of(hostile, case.who)
    refused = fail_next_send(hostile, case.who, case.status)
    said = await act(hostile, case.who, case.answer)
    assert refused, "no reply was sent, so none failed"
    assert [o.text for o in said if o.kind in ("message", "toast")][-1].startswith(
        APOLOGIES[case.language]), seen(said)
    assert await state_of(hostile, case.who) == state  # the step did not move on
    again = await act(hostile, case.who, case.answer)
    assert case.leads_to in seen(again), (case.leads_to, seen(again))
    # A press was answered before its step's question failed: the apology's toast comes too
    # late for Telegram, and goes out as a message instead (`bot.errors`).
    assert [refused for refused in hostile.world.api.refused
            if not (isinstance(case.answer, Press) and refused[0] == "answerCallbackQuery"
                    and "query is too old" in refused[3])] == []
