"""/deleteme and the outbox and dead letters, on both backends: the person's messages and
notices deleted whatever their status; quotes of them in others' messages redacted in the
recipient's language, sent or waiting; a calendar file naming them dropped (a waiting one
withdrawn); their own dead letters deleted, others' kept with the name replaced — and nothing
touched that only looks like them (a longer number, another name that starts the same). The
messages other erasures cause are swept too."""

from __future__ import annotations

import base64
import json
from collections.abc import AsyncIterator
from datetime import datetime, timedelta

import pytest

from bot import capabilities
from bot.capabilities import CAPABILITIES
from bot.config import Settings
from bot.personal import Person, PersonalData
from bot.services import privacy
from bot.services.delivery import ERASED, WITHDRAWN, Naming
from storage.models import FailedUpdate, Member, OutboxMessage
from storage.repositories import OutboxItem
from storage.uow import UnitOfWork
from tests.conftest import Clock
from tests.world import World

OTTAVIA = 73150042  # the person who erases herself
LONGER = 731500421  # another person, whose id starts with hers
MARCO, GIULIA, LUCA = 2001, 1001, 2003  # demo: Marco designs Milano (Italian); Luca is English
MILANO_GROUP = -1001000000001


@pytest.fixture
async def world(db_url: str, clock: Clock) -> AsyncIterator[World]:
    settings = Settings(_env_file=None, bot_token=None, database_url=db_url,  # type: ignore[call-arg]
                        redis_url=None)
    world = World(settings, clock)
    await world.load_demo()
    async with world.uow() as uow:
        await uow.members.add(Member(
            telegram_id=OTTAVIA, display_name="Ottavia Brunschwig", language="it",
            consent_at=clock(), actor_type="npo", organisation_name="Lumaca & Verde",
            territory_code="F205", onboarded_at=clock(), created_at=clock()))
    yield world
    await world.close()


def _text(body: dict[str, object]) -> str:
    return json.dumps(body, ensure_ascii=False)


def _update(sender: int, text: str, chat: int | None = None) -> str:
    """A raw update as aiogram's `model_dump_json(exclude_none=True)` writes it."""
    return json.dumps({"update_id": 9, "message": {
        "message_id": 4, "date": 1700000000, "chat": {"id": chat or sender, "type": "private"},
        "from": {"id": sender, "is_bot": False, "first_name": "X"}, "text": text}},
        separators=(",", ":"))


def _calendar(summary: str) -> str:
    ics = ("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:" + summary + "\r\nEND:VEVENT\r\n"
           "END:VCALENDAR\r\n")
    return base64.b64encode(ics.encode()).decode("ascii")


async def _outbox(world: World, clock: Clock) -> None:
    mention = f'<a href="tg://user?id={OTTAVIA}">Ottavia Brunschwig</a>'
    items = [
        OutboxItem(key="mine:pending", chat_id=OTTAVIA, text="Ciao Ottavia"),
        OutboxItem(key="mine:sent", chat_id=OTTAVIA, text="Ciao"),
        OutboxItem(key=f"table-promoted:5:{OTTAVIA}:1700000000", chat_id=MARCO, text="x"),
        OutboxItem(key=f"table-promoted:5:{LONGER}:1700000000", chat_id=LONGER, text="x"),
        OutboxItem(key="minutes:waiting", chat_id=MILANO_GROUP,
                   text="📝 Presenti: Ottavia Brunschwig, Giulia, Annalisa"),
        OutboxItem(key="minutes:sent", chat_id=MILANO_GROUP,
                   text="Presenti: OTTAVIA BRUNSCHWIG (Lumaca &amp; Verde), Giulia"),
        OutboxItem(key="booked:waiting", chat_id=LUCA, method="sendDocument", payload={
            "document": _calendar("Free hour with Ottavia Brunschwig"), "filename": "a.ics",
            "caption": f"📅 New booking: {mention} booked your hour"}),
        OutboxItem(key="booked:sent", chat_id=MARCO, method="sendDocument", payload={
            # folded as RFC 5545 folds a long line: the name split across two lines
            "document": _calendar("Ora gratuita con Ottavia Brun\r\n schwig (Cohesion Makers)"),
            "filename": "a.ics", "caption": "📅 La tua ora gratuita"}),
        OutboxItem(key="unrelated:file", chat_id=MARCO, method="sendDocument", payload={
            "document": _calendar("Ora gratuita con Elena Rossi"), "filename": "a.ics",
            "caption": f"Ottavio {LONGER} e tg://user?id={LONGER}"}),
    ]
    async with world.uow() as uow:
        await uow.outbox.enqueue_many(items, now=clock())
        rows = {row.key: row for row in await uow.outbox.all()}
        await uow.outbox.mark_sent([rows[k].id or 0 for k in ("mine:sent", "minutes:sent",
                                                                "booked:sent")],
                                   sent_at=clock())
        await uow.outbox.finish(rows["unrelated:file"].id or 0, status="dead", last_error="x")


async def _dead_letters(world: World, clock: Clock) -> None:
    async with world.uow() as uow:
        for update_id, payload, error in (
                (1, _update(OTTAVIA, "/profile"), "ZeroDivisionError: division by zero"),
                (2, _update(GIULIA, "ciao", chat=OTTAVIA), "ValueError: x"),  # her chat
                (3, _update(LONGER, "/help"), "ValueError: y"),
                (4, _update(MARCO, "Presenti: Ottavia Brunschwig, Giulia"),
                 "ValueError: bad name 'Ottavia Brunschwig'"),
                (5, _update(MARCO, f"user_id {OTTAVIA}"), "ValueError: z")):
            await uow.updates.dead_letter(update_id=update_id, payload=payload, error=error,
                                          now=clock())


async def test_erasure_deletes_theirs_and_redacts_the_quotes_of_them(
        world: World, clock: Clock) -> None:
    await _outbox(world, clock)
    await _dead_letters(world, clock)
    clock.now += timedelta(minutes=1)
    async with world.uow() as uow:
        ottavia = await uow.members.by_telegram_id(OTTAVIA)
        assert ottavia is not None
        await capabilities.erase(uow, capabilities.person_of(ottavia), now=clock())

    async with world.uow() as uow:
        rows: dict[str, OutboxMessage] = {row.key: row for row in await uow.outbox.all()}
        letters: dict[int, FailedUpdate] = {
            letter.update_id: letter for letter in await uow.updates.dead_letters()}
    # Hers, and the notice about her sent to Marco: gone; the longer id's stays.
    assert set(rows) == {f"table-promoted:5:{LONGER}:1700000000", "minutes:waiting",
                         "minutes:sent", "booked:waiting", "booked:sent", "unrelated:file"}
    body = {key: json.loads(row.payload) for key, row in rows.items()}
    # The group's minutes, waiting or sent, say "un membro cancellato" (the group is Italian);
    # Annalisa is not her; her organisation goes too, in any letter case and HTML-escaped.
    assert body["minutes:waiting"]["text"] == (
        "📝 Presenti: un membro cancellato, Giulia, Annalisa")
    assert body["minutes:sent"]["text"] == (
        "Presenti: un membro cancellato (un membro cancellato), Giulia")
    assert (rows["minutes:waiting"].status, rows["minutes:sent"].status) == ("pending", "sent")
    # Luca's waiting file names her: dropped and withdrawn, the link unwrapped, in English.
    assert "document" not in body["booked:waiting"]
    assert body["booked:waiting"]["caption"] == "📅 New booking: a deleted member booked your hour"
    assert (rows["booked:waiting"].status, rows["booked:waiting"].last_error) == ("dead", WITHDRAWN)
    # Marco's sent file named her on a folded line: dropped; the row stays sent.
    assert "document" not in body["booked:sent"] and rows["booked:sent"].status == "sent"
    assert body["booked:sent"]["caption"] == "📅 La tua ora gratuita"
    # What only looks like her is untouched, file and all.
    assert body["unrelated:file"]["caption"] == f"Ottavio {LONGER} e tg://user?id={LONGER}"
    assert "document" in body["unrelated:file"] and rows["unrelated:file"].status == "dead"

    # Her updates (as sender, or in her chat) go; the longer id's and the one that only holds
    # her id as text stay; Marco's that quoted her keeps its error, without her name.
    assert set(letters) == {3, 4, 5}
    assert "Ottavia" not in letters[4].payload and ERASED in letters[4].payload
    assert letters[4].error == f"ValueError: bad name '{ERASED}'"
    assert json.loads(letters[4].payload)["message"]["from"]["id"] == MARCO
    assert letters[5].payload == _update(MARCO, f"user_id {OTTAVIA}")


def test_naming_reads_ids_and_names_exactly() -> None:
    naming = Naming.of(Person(OTTAVIA, Member(telegram_id=OTTAVIA, display_name="Al",
                                              organisation_name="Rete Sole")))
    assert naming.names == ("Rete Sole",)  # "Al" is too short to look for in others' words
    assert naming.in_key(f"training:{OTTAVIA}:17") and not naming.in_key(f"training:{LONGER}:1")
    assert not naming.in_key(f"need:1:proposed:3:-{OTTAVIA}")  # a group's id is not hers
    assert naming.sent(f'{{"from":{{"id": {OTTAVIA}}}}}')
    assert not naming.sent(f'{{"from":{{"id":{LONGER}}}}}')
    assert not naming.sent(f'{{"from":{{"user_id":{OTTAVIA}}}}}')
    assert not naming.sent(f'{{"text":"\\"id\\":{OTTAVIA}"}}')  # inside a text, not a key
    assert naming.redact("La Rete Solerte e la rete sole.", "X") == "La Rete Solerte e la X."


async def test_delivery_sweeps_the_notices_other_erasures_cause(world: World,
                                                                 clock: Clock) -> None:
    # An eraser's event becomes a message naming her (as an expert's cancellation names the
    # expert) only when the notifiers run; the privacy service runs them before each eraser,
    # and delivery erases after every capability but the member row, so it sees that message.
    assert [capability.name for capability in CAPABILITIES][:2] == ["members", "delivery"]

    async def tell_marco(uow: UnitOfWork, events: object) -> None:
        await uow.outbox.enqueue_many([OutboxItem(
            key="cancelled:7", chat_id=MARCO,
            text="La tua ora con Ottavia Brunschwig è annullata")], now=clock())

    async def cancel(uow: UnitOfWork, person: Person, now: datetime) -> None:
        uow.emit("an hour cancelled")

    declared = [(c.name, c.personal) for c in CAPABILITIES if c.name in ("members", "delivery")]
    declared.append(("hours", PersonalData(erase=cancel)))  # erased first: last in the list
    async with UnitOfWork(world.sessions, publish=tell_marco) as uow:
        ottavia = await uow.members.by_telegram_id(OTTAVIA)
        assert ottavia is not None
        await privacy.erase(uow, Person(OTTAVIA, ottavia), declared, now=clock())
    async with world.uow() as uow:
        [row] = await uow.outbox.all()
    assert json.loads(row.payload)["text"] == "La tua ora con un membro cancellato è annullata"
