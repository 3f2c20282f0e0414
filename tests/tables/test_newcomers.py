"""Nobody left out (issue 22, point 4): a member who joins a team after its tables were
announced is sent, on joining, each upcoming table with its RSVP buttons in their language
(not the cancelled nor the past ones, and never twice); the RSVP pressed there works as in the
group (capacity, waiting list); and /tables offers the RSVP buttons on every upcoming table."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from bot.services import tables
from bot.services.tables import TableDraft
from tests.conftest import Clock
from tests.helpers.outbox import buttons_of, deliver, outbox_rows, payload, text_of
from tests.helpers.rows import add_member, team_id
from tests.tables.conftest import ANNA, GIULIA, LUCA, MARCO, MILANO_GROUP, rsvp_rows, set_milano_table
from tests.world import Forge, Press, World

EMMA, TOM = 2006, 2007


def at(month: int, day: int, hour: int) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=UTC)


async def newcomer(world: World, clock: Clock, user_id: int, name: str, language: str) -> None:
    """Registered (consented, onboarded, in Milano) but in no team yet."""
    async with world.uow() as uow:
        await add_member(uow, user_id, name, now=clock(), language=language)
    world.person(user_id, name, language)


async def another_table(world: World, clock: Clock, *, day: int, cancel: bool = False) -> int:
    """A second Milano table (online), set by Marco through the service; cancelled if asked."""
    milano = await team_id(world, "Cohesion Makers Milano")
    async with world.uow() as uow:
        view = await tables.create_table(uow, now=clock(), telegram_id=MARCO, draft=TableDraft(
            team_id=milano, starts_at=at(12, day, 17), place="Online"))
        if cancel:
            await tables.cancel_table(uow, now=clock(), telegram_id=MARCO, table_id=view.id)
    return view.id


async def test_an_italian_newcomer_gets_the_upcoming_tables_and_answers_them(
        world: World, clock: Clock) -> None:
    first = await set_milano_table(world, capacity="2")  # Thursday December 3
    await deliver(world, clock)
    # The two places go to Giulia and Anna, in the group.
    await world.converse(GIULIA, [(Press("Ci sarò"), "Ci vediamo lì!")], chat_id=MILANO_GROUP)
    await world.converse(ANNA, [(Press("Ci sarò"), "Ci vediamo lì!")], chat_id=MILANO_GROUP)
    second = await another_table(world, clock, day=10)
    cancelled = await another_table(world, clock, day=17, cancel=True)
    await newcomer(world, clock, EMMA, "Emma", "it")
    await world.converse(EMMA, [
        ("/join", "Entra in Cohesion Makers Milano"),
        (Press("Entra in"), "Benvenuto in <b>Cohesion Makers Milano</b>"),
    ])
    sent = {r.key: r for r in await outbox_rows(world) if r.chat_id == EMMA}
    assert set(sent) == {f"table-announce:{first}:r1:{EMMA}", f"table-announce:{second}:r1:{EMMA}"}
    invitation = sent[f"table-announce:{first}:r1:{EMMA}"]
    assert "👋 Benvenuto nel team: questo tavolo è in arrivo. Ci sarai?" in text_of(invitation)
    assert "Quando: <b>giovedì 3 dicembre 2026, 18:00</b>" in text_of(invitation)
    assert "Ci sono: 2/2 · Forse: 0 · Non ci sono: 0" in text_of(invitation)
    assert buttons_of(invitation) == [f"tbrsvp:{first}:yes", f"tbrsvp:{first}:maybe",
                                      f"tbrsvp:{first}:no"]
    assert cancelled not in {int(k.split(":")[1]) for k in sent}
    # Delivered, and answered from her private chat: the table is full, she waits in line.
    await deliver(world, clock)
    invited = max(m for (chat, m), message in world.api.messages.items()
                  if chat == EMMA and "3 dicembre" in message.get("text", ""))
    said = await world.chat.press_data(EMMA, f"tbrsvp:{first}:yes", message_id=invited)
    assert any(o.kind == "toast" and "sei in lista d'attesa" in o.text for o in said)
    assert any(o.kind == "edit" and o.chat_id == EMMA and "1 in lista d'attesa" in o.text
               for o in said)  # her invitation's counts
    assert any(o.kind == "edit" and o.chat_id == MILANO_GROUP and "1 in lista d'attesa" in o.text
               for o in said)  # the group's counts, in place
    # /tables: the answer buttons on every upcoming table, none on the cancelled one.
    listed = await world.converse(GIULIA, [("/tables", [
        "<b>Tavoli in programma</b>", "(annullato)",
        "Rispondi con i pulsanti sotto ogni tavolo in programma"])])
    labels = sum(listed[-1].buttons, [])
    assert [b for b in labels if b.startswith("✅ Ci sarò")] == ["✅ Ci sarò (2)", "✅ Ci sarò (0)"]
    # Giulia can't come after all, from /tables: Emma moves up and is told; the list shows it.
    said = await world.converse(GIULIA, [(Press("Non ci sarò"), "Segnato: non ci sei.")])
    assert any(o.kind == "edit" and o.chat_id == GIULIA and "La tua risposta: non ci sei" in o.text
               for o in said)
    answers = [(r.table_id, r.member_telegram_id, r.answer) for r in await rsvp_rows(world)]
    assert answers == [(first, GIULIA, "no"), (first, ANNA, "yes"), (first, EMMA, "yes")]
    promoted = [r for r in await outbox_rows(world) if r.key.startswith("table-promoted")]
    assert [r.chat_id for r in promoted] == [EMMA]
    # Leaving and joining again sends nothing twice (one announcement per table and chat).
    before = len(await outbox_rows(world))
    async with world.uow() as uow:
        emma = await uow.members.by_telegram_id(EMMA)
        milano = await team_id(uow, "Cohesion Makers Milano")
        await uow.session.delete(await uow.memberships.get(member_id=emma.id, team_id=milano))
    await world.converse(EMMA, [("/join", "Entra in"), (Press("Entra in"), "Benvenuto")])
    assert len(await outbox_rows(world)) == before


async def test_an_english_newcomer_is_invited_in_english_and_strangers_are_refused(
        world: World, clock: Clock) -> None:
    first = await set_milano_table(world, capacity=None)
    second = await another_table(world, clock, day=10)
    await newcomer(world, clock, TOM, "Tom", "en")
    await world.converse(TOM, [
        ("/tables", "Your teams have no tables yet."),
        (Forge(f"tbmy:{first}:yes"), "Only members of the table's team can answer it."),
        ("/join", "Join Cohesion Makers Milano"),
        (Press("Join"), "Welcome to <b>Cohesion Makers Milano</b>"),
    ])
    assert await rsvp_rows(world) == []
    sent = [r for r in await outbox_rows(world) if r.chat_id == TOM]
    assert [r.key for r in sent] == [f"table-announce:{first}:r1:{TOM}",
                                     f"table-announce:{second}:r1:{TOM}"]
    assert "👋 Welcome to the team: this table is coming up. Will you come?" in text_of(sent[0])
    assert "When: <b>Thursday, December 3, 2026, 18:00</b>" in text_of(sent[0])
    assert [b["text"] for b in payload(sent[0])["reply_markup"]["inline_keyboard"][0]] == [
        "✅ I'll come (0)", "🤔 Maybe (0)", "❌ Can't come (0)"]
    await deliver(world, clock)
    # He answers the newest invitation (the second table), then the first from /tables.
    await world.converse(TOM, [(Press("I'll come"), "See you there!")])
    listed = await world.converse(TOM, [("/tables", ["<b>Upcoming tables</b>",
                                                     "Your answer: coming",
                                                     "Your answer: no answer yet"])])
    keyboard = listed[-1].reply_markup
    assert keyboard is not None
    rows = [[b["callback_data"] for b in line] for line in json.loads(json.dumps(keyboard))[
        "inline_keyboard"]]
    assert [f"tbmy:{first}:yes", f"tbmy:{first}:maybe", f"tbmy:{first}:no"] in rows
    assert [f"tbmy:{second}:yes", f"tbmy:{second}:maybe", f"tbmy:{second}:no"] in rows
    await world.converse(TOM, [(Forge(f"tbmy:{first}:maybe"), "Noted: maybe.")])
    answers = [(r.table_id, r.member_telegram_id, r.answer) for r in await rsvp_rows(world)]
    assert answers == [(second, TOM, "yes"), (first, TOM, "maybe")]
    # Luca, already a member, was told of both tables once, as they were announced.
    assert len([r for r in await outbox_rows(world) if r.chat_id == LUCA]) == 2


def test_tables_keyboard_stays_within_telegrams_limit() -> None:
    """Twenty upcoming tables of a designer's team would need 160 buttons: the soonest ones
    keep theirs, and the keyboard stays within Telegram's 100."""
    from bot.i18n import speak
    from bot.services.tables import MyTable, TableView
    from bot.ui.keyboards import tables as keyboards

    found = [MyTable(TableView(id=n, team_id=1, team_name="Milano", starts_at=at(12, n, 17),
                               place="Online", agenda="", capacity=None, recurrence="none",
                               status="scheduled", revision=1), None, False, False, False,
                     manage=True) for n in range(1, 21)]
    with speak("en"):
        markup = keyboards.my_tables(found)
    assert sum(len(line) for line in markup.inline_keyboard) <= 100
    assert markup.inline_keyboard[0][0].callback_data == "tbics:1"
