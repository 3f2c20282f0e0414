"""How the expert hour happens (issue 22, point 9, second half), in the chat and in both
languages: an expert sets it in /slots (a place, a video link — http or https only — or a call
in the chat); the member's booking, both confirmations, both reminders and the calendar file
(LOCATION / URL) carry it, escaped; and each side gets a button that opens the private chat
with the other (``tg://user?id=…``, never a phone number). A member forging the expert's button
changes nothing."""

from __future__ import annotations

from tests.conftest import Clock
from tests.expert.conftest import ANNA, ELENA, GIULIA, LUCA, MARTA, PAOLO, add_slot, bookings, rome
from tests.helpers.outbox import calendar_of, payload, release, text_of
from tests.helpers.outbox import outbox_rows as outbox
from tests.world import Forge, Press, World


async def profile_meeting(world: World, telegram_id: int) -> tuple[str | None, str | None]:
    async with world.uow() as uow:
        profile = await uow.experts.profile_of(telegram_id)
    assert profile is not None
    return profile.meeting, profile.meeting_detail


def write_to(telegram_id: int, label: str) -> dict[str, object]:
    return {"inline_keyboard": [[{"text": label, "url": f"tg://user?id={telegram_id}"}]]}


async def test_a_video_link_in_italian_reaches_the_booking_reminders_and_ics(
        world: World, clock: Clock) -> None:
    slot = await add_slot(world, ELENA, rome(10, 15))
    await world.converse(ELENA, [
        ("/slots", ["Come vi incontrate: non ancora indicato", "📍 Come vi incontrate"]),
        (Press("📍 Come vi incontrate"), ["Come si svolgono le tue ore?", "📍 In un luogo",
                                         "🎥 Un link video", "💬 Chiamo io in chat"]),
        (Press("🎥 Un link video"), ["Invia il link della tua stanza video",
                                   "(Al massimo 300 caratteri.)"]),
        ("javascript:alert(1)", "Questo non è un link web che posso inoltrare"),
        ("ftp://files.example.org/ora", "Questo non è un link web"),
        ("https://meet.jit.si/ora-elena", "✅ Salvato. Come vi incontrate: 🎥 videochiamata, "
                                          "https://meet.jit.si/ora-elena"),
        ("/slots", "Come vi incontrate: 🎥 videochiamata, https://meet.jit.si/ora-elena"),
    ])
    assert await profile_meeting(world, ELENA) == ("video", "https://meet.jit.si/ora-elena")
    # Giulia, a member, forges the expert's button: nothing changes.
    await world.converse(GIULIA, [(Forge("slotmeet:chat"), "Solo gli esperti")])
    assert await profile_meeting(world, ELENA) == ("video", "https://meet.jit.si/ora-elena")

    outputs = await world.converse(GIULIA, [
        ("/expert", "👤"),
        (Forge(f"xbook:{slot}:0"), ["✅ Prenotata", "🎥 Videochiamata: "
                                    "https://meet.jit.si/ora-elena", "💬 Scrivi a Elena Rossi"]),
        ("/expert", ["📅 La tua ora gratuita", "🎥 Videochiamata: https://meet.jit.si/ora-elena",
                     "💬 Scrivi a Elena Rossi"]),
    ])
    assert outputs[-1].buttons[-1] == ["💬 Scrivi a Elena Rossi"]
    rows = {row.chat_id: row for row in await outbox(world) if row.method == "sendDocument"}
    member, expert = rows[GIULIA], rows[ELENA]
    assert "🎥 Videochiamata: https://meet.jit.si/ora-elena" in text_of(member)
    assert "🎥 Videochiamata: https://meet.jit.si/ora-elena" in text_of(expert)
    assert payload(member)["reply_markup"] == write_to(ELENA, "💬 Scrivi a Elena Rossi")
    assert payload(expert)["reply_markup"] == write_to(GIULIA, "💬 Scrivi a Giulia")
    event = calendar_of(member).walk("VEVENT")[0]
    assert str(event["URL"]) == "https://meet.jit.si/ora-elena"
    assert "LOCATION" not in event

    clock.now = rome(9, 15)  # a day before: both reminders say how, with the button
    assert await release(world, clock) == (1, 0)
    reminders = {r.chat_id: r for r in await outbox(world) if "⏰" in text_of(r)}
    assert "🎥 Videochiamata: https://meet.jit.si/ora-elena" in text_of(reminders[GIULIA])
    assert "🎥 Videochiamata: https://meet.jit.si/ora-elena" in text_of(reminders[ELENA])
    assert payload(reminders[GIULIA])["reply_markup"] == write_to(ELENA, "💬 Scrivi a Elena Rossi")
    assert payload(reminders[ELENA])["reply_markup"] == write_to(GIULIA, "💬 Scrivi a Giulia")
    clock.now = rome(10, 14)  # an hour before: the second reminder too
    assert await release(world, clock) == (1, 0)
    second = [r for r in await outbox(world) if "⏰" in text_of(r) and r.chat_id == GIULIA
              and "tra 1 ora" in text_of(r)]
    assert len(second) == 1 and "🎥 Videochiamata" in text_of(second[0])


async def test_a_place_in_english_is_escaped_and_goes_in_the_ics_location(
        world: World, clock: Clock) -> None:
    slot = await add_slot(world, PAOLO, rome(11, 10))
    await world.converse(PAOLO, [
        ("/slots", ["How you meet: not said yet", "📍 How you meet"]),
        (Press("📍 How you meet"), "How do your hours happen?"),
        (Press("📍 In a place"), ["Type the place", "(At most 200 characters.)"]),
        ("  ", "Please type the place in words"),
        ("x" * 201, "That is too long"),
        ("Via Dante 5, Milano <2nd floor>", "✅ Saved. How you meet: 📍 at Via Dante 5, Milano "
                                            "&lt;2nd floor&gt;"),
    ])
    assert await profile_meeting(world, PAOLO) == ("place", "Via Dante 5, Milano <2nd floor>")
    await world.converse(LUCA, [
        ("/expert", "👤"),
        (Forge(f"xbook:{slot}:0"), ["✅ Booked", "📍 Where: Via Dante 5, Milano &lt;2nd "
                                    "floor&gt;", "💬 Write to Paolo Bianchi"]),
    ])
    [member] = [r for r in await outbox(world) if r.method == "sendDocument" and r.chat_id == LUCA]
    assert "📍 Where: Via Dante 5, Milano &lt;2nd floor&gt;" in text_of(member)
    event = calendar_of(member).walk("VEVENT")[0]
    assert str(event["LOCATION"]) == "Via Dante 5, Milano <2nd floor>"
    assert "URL" not in event


async def test_a_call_in_the_chat_is_said_to_both_sides(world: World, clock: Clock) -> None:
    slot = await add_slot(world, MARTA, rome(12, 11))
    await world.converse(MARTA, [
        ("/slots", "📍 Come vi incontrate"),
        (Forge("slotmeet:chat"), "✅ Salvato. Come vi incontrate: 💬 chiami tu il membro nella "
                                 "chat di Telegram"),
        (Forge("slotmeet:phone"), "Questo pulsante non è più valido"),
    ])
    assert await profile_meeting(world, MARTA) == ("chat", None)
    await world.converse(ANNA, [
        ("/expert", "👤"),
        (Forge(f"xbook:{slot}:0"), ["💬 Marta Verdi ti chiamerà qui nella chat di Telegram.",
                                    "💬 Scrivi a Marta Verdi"]),
    ])
    rows = {r.chat_id: r for r in await outbox(world) if r.method == "sendDocument"}
    assert "💬 Chiami tu Anna qui nella chat di Telegram." in text_of(rows[MARTA])
    assert "L’esperto chiama nella chat di Telegram." in str(
        calendar_of(rows[ANNA]).walk("VEVENT")[0]["DESCRIPTION"])
    assert [b.member_telegram_id for b in await bookings(world)] == [ANNA]
