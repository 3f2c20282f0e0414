"""Recurring tables steered by their designer (issue 22, point 13): a holiday's meeting is
skipped and the series goes on (its next meeting set and announced as usual); a meeting is
cancelled and the series ends there, then restarted; every button guarded (a designer of that
team only), each outcome told to the group and members in their languages."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.services import tables
from bot.services.tables import TableDraft
from tests.conftest import Clock
from tests.helpers.outbox import notice_rows, outbox_rows, text_of
from tests.helpers.rows import team_id
from tests.tables.conftest import ANNA, GIULIA, LUCA, MARCO, MILANO_GROUP, SARA, tables_rows
from tests.world import Forge, Press, World

NOT_DESIGNER = "Non hai il permesso di farlo: può farlo solo un designer del team"


async def sweep(world: World, clock: Clock) -> int:
    """One run of the scheduler's job that sets the next meetings of the series."""
    from bot.capabilities.tables import next_meetings
    from bot.capability import JobContext
    async with world.uow() as uow:
        return await next_meetings(JobContext(uow=uow, now=clock(), settings=world.settings,
                                              on_enqueued=lambda: None))


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=UTC)


async def weekly_on_tuesdays(world: World, clock: Clock) -> int:
    """Marco's weekly Milano table, Tuesday December 1 at 18:00 in Rome, two places."""
    milano = await team_id(world, "Cohesion Makers Milano")
    async with world.uow() as uow:
        view = await tables.create_table(uow, now=clock(), telegram_id=MARCO, draft=TableDraft(
            team_id=milano, starts_at=at(1, 17), place="Casa di quartiere", capacity=2,
            recurrence="weekly", agenda="Turni"))
    return view.id


async def test_a_holiday_is_skipped_and_the_series_goes_on_in_both_languages(
        world: World, clock: Clock) -> None:
    first = await weekly_on_tuesdays(world, clock)
    clock.now = at(1, 17, 30)
    assert await sweep(world, clock) == 1
    holiday = (await tables_rows(world))[-1]  # Tuesday December 8, the Immacolata
    assert holiday.starts_at == at(8, 17) and holiday.follows_id == first
    # Sara designs other teams, Giulia is a member: neither may skip it.
    await world.converse(SARA, [(Forge(f"tbser:{holiday.id}:skip"), NOT_DESIGNER)])
    await world.converse(GIULIA, [(Forge(f"tbser:{holiday.id}:end"), NOT_DESIGNER)])
    await world.converse(MARCO, [
        ("/tables", "martedì 8 dicembre 2026, 18:00"),
        (Press("✖️"), ["Si ripete (ogni settimana, di martedì)",
                       "Salta solo questo incontro: la serie continua, con il prossimo "
                       "<b>martedì 15 dicembre 2026, 18:00</b>",
                       "Oppure annullalo e chiudi la serie", "Lascialo"]),
        (Press("Salta solo"), ["⏭ Saltato: l'incontro di <b>martedì 8 dicembre 2026, 18:00</b> "
                               "non si terrà", "La serie continua: il prossimo incontro, "
                               "<b>martedì 15 dicembre 2026, 18:00</b>"]),
        (Forge(f"tbser:{holiday.id}:skip"), "Quell'incontro è saltato"),  # pressed twice
        (Forge(f"tbman:{holiday.id}:move"), "Quell'incontro è saltato"),
    ])
    skipped = next(t for t in await tables_rows(world) if t.id == holiday.id)
    assert skipped.status == "skipped"
    assert {n.status for n in await notice_rows(world)
            if n.key.startswith(f"table:{holiday.id}:")} == {"dropped"}
    told = {r.chat_id: text_of(r) for r in await outbox_rows(world)
            if r.key.startswith(f"table-skipped:{holiday.id}:")}
    assert set(told) == {MILANO_GROUP, MARCO, LUCA, GIULIA, ANNA}
    assert "⏭ Il tavolo di Cohesion Makers Milano di <b>martedì 8 dicembre 2026, 18:00</b> " \
           "questa volta non si terrà." in told[MILANO_GROUP]
    assert "The series goes on: the next meeting is on <b>Tuesday, December 15, 2026, " \
           "18:00</b>" in told[LUCA]
    await world.converse(GIULIA, [(Forge(f"tbrsvp:{holiday.id}:yes"), "Quell'incontro è saltato"),
                                  ("/tables", "(saltato: la serie continua)")])
    # The series goes on: when the skipped meeting's time passes, the next one is set.
    clock.now = at(8, 17)
    assert await sweep(world, clock) == 1
    following = (await tables_rows(world))[-1]
    assert (following.follows_id, following.starts_at, following.status, following.place) == (
        holiday.id, at(15, 17), "scheduled", "Casa di quartiere")
    announced = {r.chat_id: text_of(r) for r in await outbox_rows(world)
                 if r.key.startswith(f"table-announce:{following.id}:")}
    assert set(announced) == {MILANO_GROUP, MARCO, LUCA, GIULIA, ANNA}
    assert "Tuesday, December 15, 2026, 18:00" in announced[LUCA]


async def test_a_series_ended_and_restarted_guarded_and_told(world: World, clock: Clock) -> None:
    first = await weekly_on_tuesdays(world, clock)
    await world.converse(MARCO, [
        ("/tables", "martedì 1 dicembre 2026, 18:00"),
        (Press("✖️"), "Annullalo e chiudi la serie"),
        (Press("chiudi la serie"), "✖️ Tavolo annullato e serie chiusa"),
        (Forge(f"tbser:{first}:end"), "Quel tavolo è stato annullato."),  # pressed twice
    ])
    [ended] = await tables_rows(world)
    assert ended.status == "cancelled"
    told = {r.chat_id: text_of(r) for r in await outbox_rows(world)
            if r.key.startswith(f"table-cancelled:{first}:")}
    assert set(told) == {MILANO_GROUP, MARCO, LUCA, GIULIA, ANNA}
    assert "e la serie si chiude qui" in told[GIULIA]
    assert "and the series ends here: no further meetings are planned" in told[LUCA]
    clock.now = at(1, 18)
    assert await sweep(world, clock) == 0  # ended: no next meeting
    # Others cannot restart it.
    await world.converse(SARA, [(Forge(f"tbser:{first}:restart_yes"), NOT_DESIGNER)])
    await world.converse(GIULIA, [(Forge(f"tbser:{first}:restart"), NOT_DESIGNER),
                                  ("/tables", "(annullato)")])
    assert len(await tables_rows(world)) == 1
    # Marco restarts it, at the rule's first date still ahead.
    clock.now = at(9, 10)
    await world.converse(MARCO, [
        ("/tables", ["martedì 1 dicembre 2026, 18:00", "Fai ripartire la serie"]),
        (Press("Fai ripartire"), ["Far ripartire la serie di Cohesion Makers Milano (ogni "
                                  "settimana, di martedì)?", "<b>martedì 15 dicembre 2026, "
                                  "18:00</b>, a Casa di quartiere", "Lasciala chiusa"]),
        (Press("Sì, falla ripartire"), "🔁 Serie ripartita: il prossimo incontro è <b>martedì "
                                       "15 dicembre 2026, 18:00</b>"),
        (Forge(f"tbser:{first}:restart_yes"), "Quella serie non è chiusa, o è già ripartita"),
    ])
    ended, restarted = await tables_rows(world)
    assert (restarted.follows_id, restarted.starts_at, restarted.status, restarted.recurrence,
            restarted.capacity, restarted.agenda, restarted.created_by) == (
        first, at(15, 17), "scheduled", "weekly", 2, "Turni", MARCO)
    announced = {r.chat_id: text_of(r) for r in await outbox_rows(world)
                 if r.key.startswith(f"table-announce:{restarted.id}:")}
    assert set(announced) == {MILANO_GROUP, MARCO, LUCA, GIULIA, ANNA}
    assert "🔁 <b>La serie riparte.</b>" in announced[MILANO_GROUP]
    assert "🔁 <b>The series starts again.</b>" in announced[LUCA]
    assert "Tuesday, December 15, 2026, 18:00" in announced[LUCA]
    assert {n.key for n in await notice_rows(world) if n.key.startswith(
        f"table:{restarted.id}:")} == {f"table:{restarted.id}:r1:1440",
                                       f"table:{restarted.id}:r1:60", f"table:{restarted.id}:m1"}
    # A single table offers no series choices; a forged skip is refused.
    milano = await team_id(world, "Cohesion Makers Milano")
    async with world.uow() as uow:
        once = await tables.create_table(uow, now=clock(), telegram_id=MARCO, draft=TableDraft(
            team_id=milano, starts_at=at(11, 17), place="Online"))
    await world.converse(MARCO, [(Forge(f"tbser:{once.id}:skip"), "Quel tavolo non si ripete."),
                                 (Forge(f"tbser:{once.id}:restart"), "Quella serie non è chiusa"),
                                 (Forge(f"tbser:{once.id}:forever"), "non è più valido")])
    assert [t.status for t in await tables_rows(world)] == ["cancelled", "scheduled", "scheduled"]


async def test_place_agenda_and_places_changed_after_announcing_in_english(
        world: World, clock: Clock) -> None:
    """Luca (English) designs Lombardia; Giulia and Anna (Italian) said yes to its table, one
    place: Giulia is coming, Anna waits."""
    lombardia = await team_id(world, "Cohesion Makers Lombardia")
    async with world.uow() as uow:
        for who in (GIULIA, ANNA):
            member = await uow.members.by_telegram_id(who)
            await uow.memberships.join(member_id=member.id, team_id=lombardia, now=clock())
        view = await tables.create_table(uow, now=clock(), telegram_id=LUCA, draft=TableDraft(
            team_id=lombardia, starts_at=at(4, 17), place="Online", capacity=1))
    for who in (GIULIA, ANNA):
        await world.converse(who, [(Forge(f"tbmy:{view.id}:yes"), "")])
    # Neither a member nor another team's designer may change it.
    await world.converse(GIULIA, [(Forge(f"tbedit:{view.id}:menu"), NOT_DESIGNER),
                                  (Forge(f"tbedit:{view.id}:unlimited"), NOT_DESIGNER)])
    await world.converse(MARCO, [(Forge(f"tbedit:{view.id}:place"), NOT_DESIGNER)])
    await world.converse(LUCA, [
        ("/tables", ["Friday, December 4, 2026, 18:00", "📝 Change place, agenda or places"]),
        (Press("📝"), ["What do you want to change in the table on <b>Friday, December 4, "
                       "2026, 18:00</b>?", "✏️ Where", "✏️ Agenda", "✏️ Places"]),
        (Press("Where"), "The table is at Online. Where will it be instead?"),
        ("Casa della Cultura, <via Borgogna 3>", "📍 Place changed: Casa della Cultura, "
                                                 "&lt;via Borgogna 3&gt;. Those who said yes "
                                                 "are told."),
    ])
    changed = next(t for t in await tables_rows(world) if t.id == view.id)
    assert changed.place == "Casa della Cultura, <via Borgogna 3>"
    told = {r.chat_id: text_of(r) for r in await outbox_rows(world)
            if r.key.startswith(f"table-place:{view.id}:")}
    assert set(told) == {GIULIA, ANNA}  # those who said yes (Anna waiting too), not the rest
    assert told[GIULIA] == ("📍 Il tavolo di Cohesion Makers Lombardia di <b>venerdì 4 dicembre "
                            "2026, 18:00</b> cambia luogo: Casa della Cultura, &lt;via Borgogna "
                            "3&gt; (prima era Online).")
    # Places: a wrong number is asked again; more places move Anna up (she is told).
    await world.converse(LUCA, [
        ("/tables", "📝"),
        (Press("📝"), "What do you want to change"),
        (Press("Places"), ["Places now: 1; coming: 1, on the waiting list: 1.", "No limit"]),
        ("0", "Please write a whole number from 1 to 10000, or press No limit."),
        ("2", "👥 Places: 2."),
        ("/tables", "📝"),
        (Press("📝"), "What do you want to change"),
        (Press("Places"), "Places now: 2; coming: 2, on the waiting list: 0."),
        ("1", "2 people have already said yes: the places cannot be fewer than 2."),
        (Press("No limit"), "👥 Places: no limit."),
        ("/tables", "📝"),
        (Press("📝"), "What do you want to change"),
        (Press("Agenda"), "The agenda now: —"),
        ("Budget\nVolunteers", "📝 Agenda changed."),
    ])
    changed = next(t for t in await tables_rows(world) if t.id == view.id)
    assert (changed.capacity, changed.agenda, changed.place) == (
        None, "Budget\nVolunteers", "Casa della Cultura, <via Borgogna 3>")
    promoted = [r.chat_id for r in await outbox_rows(world) if r.key.startswith("table-promoted")]
    assert promoted == [ANNA]
    assert len([r for r in await outbox_rows(world) if r.key.startswith("table-place")]) == 2
    # Once it has taken place, nothing can be changed.
    clock.now = at(4, 18)
    await world.converse(LUCA, [(Forge(f"tbedit:{view.id}:place"),
                                 "That table has already taken place.")])
