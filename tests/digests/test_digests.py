"""The weekly digests released by the sweep, the clock moved (SQLite and PostgreSQL): none at
Monday 08:59 in Rome, one per linked group and per observer with something to say at 09:00,
none again at 09:15, one each again the next Monday; a group with nothing to say and a group
turned off get none; what each says, in the group's or observer's language; the observer's
button opens the full overview of their territory for the past week; across the change to
summer time; never at night, but later in the week if Monday went by.

The scene is in ``conftest.py``."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import text as sql

from bot.services.digests import DigestSchedule, compose, release_digests
from bot.ui.callbacks.impact import OverviewCb
from domain.period import Period
from storage.models import OutboxMessage
from tests.conftest import Clock
from tests.digests.conftest import (
    BERGAMO_GROUP,
    LOMBARDIA_OBSERVER,
    MILANO_GROUP,
    MILANO_OBSERVER,
    MONZA_GROUP,
    ROMA_GROUP,
    SARDEGNA_OBSERVER,
    Factory,
    build_scene,
    monday_after,
    rome,
)
from tests.helpers.outbox import outbox_rows

BOT = "CohesionMakersBot"
SCHEDULE = DigestSchedule(weekday=0, hour=9, unanswered_after_days=7)


async def sweep(factory: Factory, now: datetime) -> int:
    async with factory() as uow:
        return await release_digests(uow, now=now, schedule=SCHEDULE, bot_username=BOT)


async def rows(factory: Factory) -> list[OutboxMessage]:
    async with factory() as uow:
        return await outbox_rows(uow)


def by_chat(found: list[OutboxMessage]) -> dict[int, OutboxMessage]:
    return {row.chat_id: row for row in found}


def body(row: OutboxMessage) -> dict[str, object]:
    loaded: dict[str, object] = json.loads(row.payload)
    return loaded


def buttons(row: OutboxMessage) -> list[dict[str, str]]:
    markup = body(row).get("reply_markup") or {"inline_keyboard": []}
    assert isinstance(markup, dict)
    return [b for line in markup["inline_keyboard"] for b in line]


async def test_released_once_at_nine_on_monday_and_again_the_next_week(
        uow_factory: Factory, clock: Clock) -> None:
    monday = monday_after(clock().date())
    async with uow_factory() as uow:
        await build_scene(uow, rome(monday, 9))

    assert await sweep(uow_factory, rome(monday, 8, 59)) == 0
    assert await rows(uow_factory) == []

    assert await sweep(uow_factory, rome(monday, 9)) == 4
    first = await rows(uow_factory)
    year, week, _day = monday.isocalendar()
    assert sorted(row.key for row in first) == sorted([
        f"weekly-group:{MILANO_GROUP}:{year}-W{week:02d}",
        f"weekly-group:{MONZA_GROUP}:{year}-W{week:02d}",
        f"weekly-observer:{LOMBARDIA_OBSERVER}:R-03:{year}-W{week:02d}",
        f"weekly-observer:{MILANO_OBSERVER}:P-MI:{year}-W{week:02d}"])
    chats = by_chat(first)
    # Roma has nothing to say, Bergamo's digest is off, Sardegna has no team.
    assert ROMA_GROUP not in chats and BERGAMO_GROUP not in chats
    assert SARDEGNA_OBSERVER not in chats

    assert await sweep(uow_factory, rome(monday, 9, 15)) == 0
    assert await sweep(uow_factory, rome(monday, 15)) == 0
    assert len(await rows(uow_factory)) == 4

    # The next Monday: the live needs still wait for help, so both groups hear again.
    next_monday = monday + timedelta(days=7)
    assert await sweep(uow_factory, rome(next_monday, 8, 59)) == 0
    assert await sweep(uow_factory, rome(next_monday, 9)) == 4
    assert len(await rows(uow_factory)) == 8


async def test_what_the_group_digests_say(uow_factory: Factory, clock: Clock) -> None:
    monday = monday_after(clock().date())
    async with uow_factory() as uow:
        ids = await build_scene(uow, rome(monday, 9))
    await sweep(uow_factory, rome(monday, 9))
    chats = by_chat(await rows(uow_factory))

    milano = chats[MILANO_GROUP]
    text = str(body(milano)["text"])
    for fragment in (
            "📰 <b>La settimana di Cohesion Milano</b>",
            "🆕 Nuovi bisogni: 2",  # A and the one closed since (C was posted 10 days ago)
            "🤝 Impegni: 1 (2 ore)",
            "📦 Consegne: 1 (3 pacchi)",  # the delivery of 9 days ago is the week before's
            "🙋 <b>I bisogni che aspettano più aiuto</b>",
            "1. Coperte per il dormitorio — ▱▱▱▱▱ 0/6 pacchi, in attesa da 20 giorni",
            "2. Accompagnare anziani — ▰▱▱▱▱ 2/10 ore, in attesa da 3 giorni",
            "3. Cappotti — ",
            "📅 <b>Tavoli della prossima settimana</b>",
            "18:00 — Casa &amp; quartiere",
            "📈 Crescita: 1 autovalutazione compilata e 0 moduli di formazione completati"):
        assert fragment in text, (fragment, text)
    assert "Sala civica" not in text and "Troppo tardi" not in text and "Annullato" not in text
    assert [(b["text"], b["url"]) for b in buttons(milano)] == [
        ("🙋 Posso aiutare: 1. Coperte per il dormitorio",
         f"https://t.me/{BOT}?start=need_{ids['B']}"),
        ("🙋 Posso aiutare: 2. Accompagnare anziani", f"https://t.me/{BOT}?start=need_{ids['A']}"),
        ("🙋 Posso aiutare: 3. Cappotti", f"https://t.me/{BOT}?start=need_{ids['D']}")]

    monza = str(body(chats[MONZA_GROUP])["text"])
    for fragment in ("📰 <b>The week of Cohesion Monza</b>", "🆕 New needs: 1", "🤝 Pledges: 0",
                     "📦 Deliveries: 0", "1. Tutoring &lt;kids&gt; — ▱▱▱▱▱ 0/8 hours",
                     "📈 Growth: 0 self-assessments taken and 0 training modules completed"):
        assert fragment in monza, (fragment, monza)
    assert "Tables" not in monza


async def test_what_the_observer_digests_say_and_their_button(uow_factory: Factory,
                                                              clock: Clock) -> None:
    monday = monday_after(clock().date())
    async with uow_factory() as uow:
        await build_scene(uow, rome(monday, 9))
    await sweep(uow_factory, rome(monday, 9))
    chats = by_chat(await rows(uow_factory))
    last_week = Period(monday - timedelta(days=7), monday - timedelta(days=1))

    lombardia = chats[LOMBARDIA_OBSERVER]
    text = str(body(lombardia)["text"])
    for fragment in ("📊 <b>Lombardia (region): the week", "3 teams in the territory.",
                     "🆕 New needs: 4",  # A, the closed one, M and Bergamo's
                     "✅ Needs covered: 1", "🤝 Pledges: 1, of which 2 hours of help",
                     "📦 Deliveries: 1", "🗓 Tables held: 1",
                     "⚠️ <b>Teams that need attention</b>",
                     "• Cohesion Milano: 1 need unanswered for over 7 days; coverage 50%",
                     "• Cohesion Monza: coverage 0%", "• Cohesion Bergamo: coverage 0%"):
        assert fragment in text, (fragment, text)
    assert text.index("Cohesion Milano:") < text.index("Cohesion Monza:") < text.index(
        "Cohesion Bergamo:")
    assert [b["callback_data"] for b in buttons(lombardia)] == [
        OverviewCb(place="R-03", period=last_week.key()).pack()]
    assert buttons(lombardia)[0]["text"] == "📊 Full overview"

    milano = chats[MILANO_OBSERVER]  # no member row: the default language, Italian
    text = str(body(milano)["text"])
    assert "📊 <b>Provincia di Milano: la settimana" in text and "1 team nel territorio." in text
    assert "🆕 Nuovi bisogni: 2" in text and "Cohesion Monza" not in text
    assert [b["callback_data"] for b in buttons(milano)] == [
        OverviewCb(place="P-MI", period=last_week.key()).pack()]


async def test_an_observer_who_chose_english_gets_it_in_english(uow_factory: Factory,
                                                                clock: Clock) -> None:
    """No member row holds the language of Milano's observer: the one chosen with /language
    on the grant does."""
    monday = monday_after(clock().date())
    async with uow_factory() as uow:
        await build_scene(uow, rome(monday, 9))
        await uow.roles.set_language(MILANO_OBSERVER, "en")
    await sweep(uow_factory, rome(monday, 9))
    text = str(body(by_chat(await rows(uow_factory))[MILANO_OBSERVER])["text"])
    assert "📊 <b>Province of Milano: the week" in text and "1 team in the territory." in text


async def test_across_the_change_to_summer_time(uow_factory: Factory, clock: Clock) -> None:
    # The Monday after the last Sunday of March of the year after the clock's: 09:00 in Rome
    # is 07:00 UTC (it was 08:00 UTC the week before).
    year = clock().year + 1
    last_sunday = max(date(year, 3, d) for d in range(25, 32) if date(year, 3, d).weekday() == 6)
    monday = last_sunday + timedelta(days=1)
    async with uow_factory() as uow:
        await build_scene(uow, rome(monday, 9))
    moment = datetime(monday.year, monday.month, monday.day, 7, 0, tzinfo=UTC)
    assert rome(monday, 9) == moment
    assert await sweep(uow_factory, moment - timedelta(minutes=1)) == 0
    assert await sweep(uow_factory, moment) == 4
    async with uow_factory() as uow:
        groups, _observers = await compose(uow, now=moment, schedule=SCHEDULE)
    # The past week ran Monday to Sunday, the change of hour inside it.
    assert groups[0].period == Period(monday - timedelta(days=7), last_sunday)


async def test_never_at_night_and_later_in_the_week_if_monday_went_by(
        uow_factory: Factory, clock: Clock) -> None:
    monday = monday_after(clock().date())
    async with uow_factory() as uow:
        await build_scene(uow, rome(monday, 9))
    tuesday = monday + timedelta(days=1)
    assert await sweep(uow_factory, rome(tuesday, 21)) == 0
    assert await sweep(uow_factory, rome(tuesday + timedelta(days=1), 7, 45)) == 0
    assert await sweep(uow_factory, rome(tuesday + timedelta(days=1), 8)) == 4
    assert await sweep(uow_factory, rome(tuesday + timedelta(days=1), 8, 15)) == 0
    assert len(await rows(uow_factory)) == 4


async def test_a_rerun_that_missed_the_record_sends_nothing_twice(uow_factory: Factory,
                                                                  clock: Clock) -> None:
    """The outbox keys alone keep a digest from going twice (two sweeps racing, say)."""
    monday = monday_after(clock().date())
    async with uow_factory() as uow:
        await build_scene(uow, rome(monday, 9))
    await sweep(uow_factory, rome(monday, 9))
    async with uow_factory() as uow:
        await uow.session.exec(sql("DELETE FROM digest_sweep"))  # type: ignore[call-overload]
    assert await sweep(uow_factory, rome(monday, 9, 15)) == 4  # composed again ...
    assert len(await rows(uow_factory)) == 4  # ... but nothing new is queued

