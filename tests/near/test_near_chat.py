"""/near and /services as conversations, in Italian and English, on SQLite and PostgreSQL:
around a comune, a location shared in Milan, a comune with only an approximate point, a point
at sea; an NPO's member lists a service (a phone number refused), a designer approves it (a
forged approve refused), only approved services are shown; a company is refused."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from sqlmodel import col, select

from bot.config import Settings
from bot.services import local_services
from domain.near import Atlas, haversine_km
from storage.models.outbox import OutboxMessage
from storage.models.service import LocalService
from tests.conftest import Clock
from tests.helpers.rows import add_member, add_need, team_id
from tests.world import Forge, Locate, Press, World, open_world

MARCO, SARA, LUCA = 2001, 2002, 2003  # the demo's Milano designer, Bergamo designer, company
ANNA, JOHN, BEA, NINA = 2010, 2011, 2012, 2013
BERZO_DEMO = "A816"  # a small comune of Brescia GeoNames does not list: approximate point


@pytest.fixture
async def world(db_url: str, clock: Clock) -> AsyncIterator[World]:
    settings = Settings(_env_file=None, bot_token=None, database_url=db_url,  # type: ignore[call-arg]
                        redis_url=None)
    async with open_world(settings, clock, (ANNA, "Anna", "it"), (JOHN, "John", "en"),
                          (BEA, "Bea", "it"), (NINA, "Nina", "it"), (MARCO, "Marco", "it"),
                          (LUCA, "Luca", "en")) as world:
        now = clock()
        async with world.uow() as uow:
            await add_member(uow, ANNA, "Anna", now=now)
            await add_member(uow, JOHN, "John", now=now, language="en")
            await add_member(uow, BEA, "Bea", now=now, territory=BERZO_DEMO)
            nina = await add_member(uow, NINA, "Nina", now=now)
            nina.actor_type = "npo"
            milano = await team_id(uow, "Cohesion Makers Milano")
            await add_need(uow, team=milano, title="Spesa per anziani", target=10, now=now,
                           days_ago=1)
            await add_need(uow, team=milano, title="Lezioni di italiano", target=5, now=now,
                           days_ago=2, territory="B162")  # Bresso, next to Milano
            org = await uow.organisations.add(name="Banco Amico", name_key="banco amico",
                                              kind="npo", territory_code="F205", now=now)
            await uow.organisations.add_member(organisation_id=org.id or 0, telegram_id=NINA,
                                               confirmed=True, confirmed_by=None, now=now)
            # Luca acts for the demo's company, Navigli Logistica Srl.
            company = await uow.organisations.acting_for(LUCA)
            assert company is not None and company.kind == "company"
        yield world


def test_the_coordinates_put_milano_where_it_is() -> None:
    atlas = Atlas.load()
    milano = atlas.point("F205")
    assert milano is not None and not milano.approximate
    assert haversine_km(milano.lat, milano.lon, 45.4642, 9.19) < 2
    assert atlas.nearest(45.4642, 9.19) == ("F205", pytest.approx(0.0, abs=2))
    assert atlas.nearest(40.0, 12.0) is None  # the Tyrrhenian Sea
    berzo = atlas.point(BERZO_DEMO)
    assert berzo is not None and berzo.approximate


async def test_near_around_my_comune_in_italian(world: World) -> None:
    await world.converse(ANNA, [
        ("/near", ["Dove cerco?", ]),
        ("ciao", "Usa uno dei due pulsanti"),
        ("🏠 Intorno al mio comune", ["Intorno a <b>Milano</b>", "Spesa per anziani",
                                      "Lezioni di italiano", "Servizi locali",
                                      "Emporio solidale", "Aiuta con il 1"]),  # the demo's
    ])
    outputs = await world.converse(ANNA, [("/near", "Dove cerco?")])
    assert any(o.reply_markup and "keyboard" in o.reply_markup for o in outputs)


async def test_near_with_a_location_in_milan_in_english(world: World) -> None:
    outputs = await world.converse(JOHN, [
        ("/near", "Where shall I look?"),
        (Locate(45.4642, 9.19), ["near <b>Milano</b>", "Spesa per anziani", " km",
                                 "Lezioni di italiano"]),
    ])
    assert any(o.reply_markup and o.reply_markup.get("remove_keyboard") for o in outputs)
    assert "(We have no exact point" not in "\n".join(o.text for o in outputs)


async def test_near_at_sea_falls_back_to_the_comune(world: World) -> None:
    await world.converse(JOHN, [
        ("/near", "Where shall I look?"),
        (Locate(40.0, 12.0), ["not in Italy", "Around <b>Milano</b>"]),
    ])
    await world.converse(ANNA, [
        ("/near", "Dove cerco?"),
        (Locate(40.0, 12.0), ["non è in Italia", "Intorno a <b>Milano</b>"]),
    ])


async def test_near_from_a_comune_with_an_approximate_point(world: World) -> None:
    await world.converse(BEA, [
        ("/near", "Dove cerco?"),
        ("🏠 Intorno al mio comune", ["Intorno a <b>Berzo Demo</b>", "approssimative"]),
    ])


async def test_near_needs_onboarding_first(world: World) -> None:
    world.person(1999, "Ugo", "it")
    await world.converse(1999, [("/near", "/start")])


async def test_a_service_listed_approved_and_shown(world: World, clock: Clock) -> None:
    await world.converse(NINA, [
        ("/services", ["Servizi locali di Banco Amico", "Ancora nessuno"]),
        (Press("Pubblica un nuovo servizio"), "Come si chiama"),
        ("Sportello alimentare", "categoria"),
        (Press(1), "Che cosa offre"),
        ("Pacchi viveri per famiglie in difficoltà", "Quando è disponibile"),
        ("lun–ven 9–12", "Come lo si raggiunge"),
        ("chiamate il 333 1234567", "numero di telefono"),
        ("tel. 02 555", "numero di telefono"),
        ("Via Padova 10, Milano", "attende l'approvazione"),
    ])
    async with world.uow() as uow:
        service = (await uow.session.exec(select(LocalService).where(
            LocalService.submitted_by == NINA))).one()
        assert (service.status, service.reach, service.submitted_by) == (
            "pending", "Via Padova 10, Milano", NINA)
        assert service.lat is not None and service.province_code == "P-MI"
        service_id = service.id
    # not approved yet: /near does not show it
    shown = await world.converse(ANNA, [("/near", "Dove cerco?"),
                                        ("🏠 Intorno al mio comune", "Emporio solidale")])
    assert not any("Sportello alimentare" in o.text for o in shown)
    # a member forging the approve is refused; Milano's designer approves
    await world.converse(ANNA, [(Forge(f"lsrev:{service_id}:approve"),
                                 "Solo un designer")])
    await world.converse(LUCA, [(Forge(f"lsrev:{service_id}:approve"),
                                 "Only a designer")])
    await world.converse(MARCO, [(Forge(f"lsrev:{service_id}:approve"), "è approvato")])
    await world.converse(MARCO, [(Forge(f"lsrev:{service_id}:approve"), "già stato esaminato")])
    async with world.uow() as uow:
        service = (await uow.session.exec(select(LocalService).where(
            LocalService.submitted_by == NINA))).one()
        assert (service.status, service.reviewed_by) == ("approved", MARCO)
        told = {(m.chat_id, m.key.rsplit(":", 1)[0]): m.payload for m in (await uow.session.exec(
            select(OutboxMessage).where(col(OutboxMessage.key).startswith("service:")))).all()}
    assert "attende la tua revisione" in told[(MARCO, f"service:{service_id}:submitted")]
    assert "approvato" in told[(NINA, f"service:{service_id}:reviewed")]
    clock.now += timedelta(minutes=1)
    await world.converse(JOHN, [("/near", "Where shall I look?"),
                                (Locate(45.47, 9.2), ["Sportello alimentare", "Banco Amico",
                                                      " km"])])
    await world.converse(NINA, [("/services", ["Sportello alimentare", "approvato"]),
                                (Press("Ritira"), "è ritirato")])


async def test_a_company_and_a_citizen_are_refused(world: World) -> None:
    await world.converse(LUCA, [("/services", "not by companies")])
    await world.converse(ANNA, [("/services", "Solo un membro confermato")])
    await world.converse(JOHN, [("/services", "Only a confirmed member")])
    await world.converse(LUCA, [(Forge("lsadd"), "not by companies")])


async def _submitted(world: World, clock: Clock, name: str) -> tuple[int, str]:
    """Nina's organisation submits a service; its id and the decline button's data as sent to
    Marco in the review request."""
    async with world.uow() as uow:
        listed = await local_services.submit(
            uow, telegram_id=NINA, name=name, category="food", what="Pacchi viveri",
            when="sabato 9-12", reach="Via Padova 10, Milano", territory_code=None, now=clock())
        assert listed.id is not None
    async with world.uow() as uow:
        asked = (await uow.session.exec(select(OutboxMessage).where(
            OutboxMessage.key == f"service:{listed.id}:submitted:{MARCO}"))).one()
    buttons = [b for row in json.loads(asked.payload or "{}")["reply_markup"]["inline_keyboard"]
               for b in row]
    decline = next(b["callback_data"] for b in buttons if b["callback_data"].endswith("decline"))
    return listed.id, decline


async def _told(world: World, service_id: int) -> str:
    async with world.uow() as uow:
        notice = (await uow.session.exec(select(OutboxMessage).where(
            OutboxMessage.key == f"service:{service_id}:reviewed:{NINA}"))).one()
    return notice.payload or ""


async def test_the_review_requests_buttons_go_once_reviewed(world: World, clock: Clock) -> None:
    """Pressed on the request as delivered: approving takes its buttons off; so does a typed
    decline reason, on the other request."""
    from scheduler.sender import OutboxSender

    approved, _ = await _submitted(world, clock, "Sportello del lunedì")
    declined, _ = await _submitted(world, clock, "Sportello del martedì")
    await OutboxSender(world.bot, world.sessions, clock=clock).drain(idle=clock.tick)

    def request(name: str) -> int:
        return next(key[1] for key, sent in world.api.messages.items()
                    if key[0] == MARCO and name in str(sent.get("text")))

    def has_buttons(message_id: int) -> bool:
        return bool(world.api.messages[(MARCO, message_id)].get("reply_markup"))

    async def press(message_id: int, label: str) -> str:
        """Press the button of that message, as Marco's client would."""
        [data] = [b["callback_data"] for row in world.api.messages[(MARCO, message_id)]
                  ["reply_markup"]["inline_keyboard"] for b in row if label in b["text"]]
        outputs = await world.chat.press_data(MARCO, data, chat_id=MARCO, message_id=message_id)
        return " ".join(o.text for o in outputs)

    monday, tuesday = request("Sportello del lunedì"), request("Sportello del martedì")
    assert has_buttons(monday) and has_buttons(tuesday)
    assert "è approvato" in await press(monday, "Approva")
    assert not has_buttons(monday) and has_buttons(tuesday)
    assert "Perché rifiuti «Sportello del martedì»?" in await press(tuesday, "Rifiuta")
    await world.converse(MARCO, [("Doppione", "è rifiutato")])
    assert not has_buttons(tuesday)
    async with world.uow() as uow:
        assert [(await uow.local_services.get(i)).status  # type: ignore[union-attr]
                for i in (approved, declined)] == ["approved", "declined"]


async def test_a_designer_declines_with_a_reason_and_the_member_is_told(world: World,
                                                                         clock: Clock) -> None:
    service_id, decline = await _submitted(world, clock, "Sportello del sabato")
    await world.converse(ANNA, [(Forge(decline), "Solo un designer")])  # a member's forgery
    await world.converse(MARCO, [
        (Forge(decline), "Perché rifiuti «Sportello del sabato»?"),
        ("x" * 301, "Scrivi un motivo (al massimo 300 caratteri)"),
        ("C'è già uno sportello uguale in via Padova", "è rifiutato; l'organizzazione ne riceve"),
        (Forge(decline), "già stato esaminato"),                 # the same button, stale now
        (Forge(f"lsrev:{service_id}:approve"), "già stato esaminato"),
        (Forge("lsrev:999999:decline"), "non esiste più"),
    ])
    async with world.uow() as uow:
        service = await uow.local_services.get(service_id)
        assert service is not None
        assert (service.status, service.decline_reason, service.reviewed_by) == (
            "declined", "C'è già uno sportello uguale in via Padova", MARCO)
    assert "rifiutato. Motivo: C'è già uno sportello uguale" in await _told(world, service_id)
    await world.converse(NINA, [("/services", ["Sportello del sabato", "rifiutato",
                                               "Motivo: C'è già uno sportello uguale"])])
    shown = await world.converse(JOHN, [("/near", "Where shall I look?"),
                                        ("🏠 Around my comune", "Local services")])
    assert not any("Sportello del sabato" in o.text for o in shown)


async def test_a_decline_in_english_and_one_gone_stale_while_typing(world: World,
                                                                    clock: Clock) -> None:
    async with world.uow() as uow:
        for person in (MARCO, NINA):
            member = await uow.members.by_telegram_id(person)
            assert member is not None
            member.language = "en"
    service_id, decline = await _submitted(world, clock, "Saturday desk")
    await world.converse(MARCO, [
        (Forge(decline), "Why do you decline “Saturday desk”?"),
        ("Outside our territory", "is declined; the organisation is told why"),
    ])
    assert "was declined. Reason: Outside our territory" in await _told(world, service_id)
    # stale: Marco starts declining, the organisation withdraws it before he sends the reason
    other_id, other_decline = await _submitted(world, clock, "Evening desk")
    await world.converse(MARCO, [(Forge(other_decline), "Why do you decline “Evening desk”?")])
    async with world.uow() as uow:
        await local_services.withdraw(uow, telegram_id=NINA, service_id=other_id)
    await world.converse(MARCO, [
        ("Duplicate", "This service has already been reviewed."),
        ("Duplicate", "/help"),  # the reason step is over: the text is not taken as one
    ])
    async with world.uow() as uow:
        other = await uow.local_services.get(other_id)
        assert other is not None and (other.status, other.decline_reason) == ("withdrawn", None)


async def test_near_puts_the_needs_her_skills_match_first(world: World, clock: Clock) -> None:
    async with world.uow() as uow:
        milano = await team_id(uow, "Cohesion Makers Milano")
        await add_need(uow, team=milano, title="Accompagnare alle visite", target=10, now=clock(),
                       days_ago=3, category="health", unit="hours")
        await add_need(uow, team=milano, title="Pasti caldi alla mensa", target=10, pledged=5,
                       now=clock(), days_ago=3, category="food")
    # no skills: least covered first (Spesa and Accompagnare uncovered, Pasti half covered)
    before = await world.converse(ANNA, [("/near", "Dove cerco?"),
                                         ("🏠 Intorno al mio comune", "Pasti caldi alla mensa")])
    body = before[-1].text
    assert body.index("1. Spesa per anziani") < body.index("2. Accompagnare alle visite") \
        < body.index("3. Pasti caldi alla mensa")
    async with world.uow() as uow:
        for person, skills in ((ANNA, "infermiera"), (JOHN, "cooking, driver")):
            member = await uow.members.by_telegram_id(person)
            assert member is not None
            member.skills = skills
    nurse = await world.converse(ANNA, [("/near", "Dove cerco?"),
                                        ("🏠 Intorno al mio comune", "Accompagnare alle visite")])
    assert "1. Accompagnare alle visite" in nurse[-1].text
    cook = await world.converse(JOHN, [("/near", "Where shall I look?"),
                                       ("🏠 Around my comune", "Pasti caldi alla mensa")])
    body = cook[-1].text
    assert body.index("1. Spesa per anziani") < body.index("2. Pasti caldi alla mensa") \
        < body.index("3. Accompagnare alle visite")
