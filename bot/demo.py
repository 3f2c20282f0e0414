"""Demo data for the local chat: a few Lombardy teams, a designer, members, and their group chats.

The same personas and groups are registered in the local Bot API, so the person at the
terminal can speak as any of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal

from domain.expert import SLOT_LENGTH
from domain.organisations import name_key
from storage.migrate import empty_data
from storage.models import ExpertSlot, Member, RoleName, Team
from storage.models.story import Story, StoryStatus
from storage.uow import UnitOfWork


@dataclass(frozen=True)
class Persona:
    key: str
    telegram_id: int
    first_name: str
    language_code: str
    description: str
    # Registered personas only:
    actor_type: str | None = None
    organisation: str | None = None
    territory_code: str | None = None
    teams: tuple[str, ...] = ()
    designs: tuple[str, ...] = ()
    # Roles beyond member and designer: (role, territory code of an observer or None).
    roles: tuple[tuple[str, str | None], ...] = ()


@dataclass(frozen=True)
class DemoTeam:
    key: str
    name: str
    territory_code: str
    group_chat_id: int | None = None


@dataclass(frozen=True)
class DemoGroup:
    key: str
    chat_id: int
    title: str
    admins: tuple[str, ...]
    members: tuple[str, ...] = field(default=())


TEAMS = (
    DemoTeam("milano", "Cohesion Makers Milano", "F205", group_chat_id=-1001000000001),
    DemoTeam("bergamo", "Cohesion Makers Bergamo", "A794"),
    DemoTeam("brescia", "Cohesion Makers Brescia", "B157"),
    DemoTeam("lombardia", "Cohesion Makers Lombardia", "R-03"),
)

PERSONAS = (
    Persona("giulia", 1001, "Giulia", "it", "a new citizen (Italian), not registered yet"),
    Persona("emma", 1002, "Emma", "en", "a new citizen (English), not registered yet"),
    Persona("marco", 2001, "Marco", "it", "designer of the Milano team",
            actor_type="citizen", territory_code="F205", teams=("milano",), designs=("milano",)),
    Persona("sara", 2002, "Sara", "it", "designer of the Bergamo and Brescia teams (an NPO)",
            actor_type="npo", organisation="Bergamo Solidale", territory_code="A794",
            teams=("bergamo", "brescia"), designs=("bergamo", "brescia")),
    Persona("luca", 2003, "Luca", "en", "a member of the Milano team (a company)",
            actor_type="company", organisation="Navigli Logistica Srl", territory_code="F205",
            teams=("milano",)),
    Persona("paola", 2101, "Paola", "it",
            "an observer of the province of Milano (a municipality's officer)",
            roles=(("observer", "P-MI"),)),
    Persona("davide", 2102, "Davide", "it", "an expert who helps the teams",
            roles=(("expert", None),)),
    Persona("chiara", 2201, "Chiara", "it",
            "a volunteer of a Milano non-profit who lists its local services (/services)",
            actor_type="npo", organisation="Banco di Comunità Milano", territory_code="F205"),
)

@dataclass(frozen=True)
class DemoOrganisation:
    name: str
    kind: str
    territory_code: str
    description: str
    website: str | None = None
    members: tuple[str, ...] = ()  # personas who are its confirmed members


ORGANISATIONS = (
    DemoOrganisation("Bergamo Solidale", "npo", "A794",
                     "Volontari per la spesa e la compagnia agli anziani soli di Bergamo.",
                     "https://bergamosolidale.example.org", members=("sara",)),
    DemoOrganisation("Navigli Logistica Srl", "company", "F205",
                     "Logistica urbana a Milano: mette a disposizione furgoni e ore di lavoro.",
                     "https://naviglilogistica.example.com", members=("luca",)),
    DemoOrganisation("Banco di Comunità Milano", "npo", "F205",
                     "Un banco alimentare di quartiere e uno sportello per chi cerca aiuto.",
                     "https://bancodicomunita.example.org", members=("chiara",)),
    # No member yet: an institution's officer who names it asks to act for it, and Sara (the
    # Brescia team's designer) is asked to confirm.
    DemoOrganisation("Consorzio Servizi Sociali Bassa Bresciana", "institution", "B157",
                     "Servizi sociali dei comuni della Bassa Bresciana."),
)

GROUPS = (
    DemoGroup("milano", -1001000000001, "Cohesion Makers Milano", admins=("marco",),
              members=("luca",)),
    DemoGroup("bergamo", -1001000000002, "Volontari Bergamo", admins=("sara",)),
)


async def load_demo(uow: UnitOfWork, *, now: datetime, needs: bool = False) -> bool:
    """Create the demo teams, members, roles and group links; False if teams already exist.

    ``needs``: also a non-profit's fundraising and capacity-building needs (the playground and
    ``cohesion demo``; the tests' worlds start without needs, each test posts its own)."""
    if await uow.teams.all():
        return False
    teams: dict[str, Team] = {}
    for demo_team in TEAMS:
        teams[demo_team.key] = await uow.teams.add(Team(
            name=demo_team.name, territory_code=demo_team.territory_code,
            group_chat_id=demo_team.group_chat_id, created_at=now,
            linked_at=now if demo_team.group_chat_id else None))
    for group in GROUPS:
        if any(team.group_chat_id == group.chat_id for team in TEAMS):
            await uow.groups.record_joined(chat_id=group.chat_id, title=group.title,
                                           language="it", now=now)
    for persona in PERSONAS:
        for role, territory in persona.roles:
            await uow.roles.grant(telegram_id=persona.telegram_id, role=role,
                                  territory_code=territory, now=now)
        if persona.territory_code is None:
            continue
        member = await uow.members.add(Member(
            telegram_id=persona.telegram_id, display_name=persona.first_name,
            language=persona.language_code, consent_at=now, actor_type=persona.actor_type,
            organisation_name=persona.organisation, territory_code=persona.territory_code,
            onboarded_at=now, created_at=now))
        assert member.id is not None
        for key in persona.teams:
            await uow.memberships.join(member_id=member.id, team_id=teams[key].id or 0, now=now)
        for key in persona.designs:
            await uow.roles.grant(telegram_id=member.telegram_id, role=RoleName.DESIGNER.value,
                                  team_id=teams[key].id, now=now)
    await _demo_organisations(uow, now=now)
    await _demo_expert(uow, now=now)
    await _demo_stories(uow, teams, now=now)
    await _demo_services(uow, now=now)
    if needs:
        await _demo_non_profit(uow, now=now)
    return True


async def _demo_non_profit(uow: UnitOfWork, *, now: datetime) -> None:
    """Two needs Sara, the Bergamo team's designer, posted for her non-profit, Bergamo
    Solidale: a fundraising (the bot never handles money: people give at the link) and an
    accountant's hours."""
    from bot.services import needs
    from bot.services.needs import NeedDraft, today_in_italy

    sara = next(p for p in PERSONAS if p.key == "sara")
    bergamo = next(t for t in await uow.teams.all() if t.name == "Cohesion Makers Bergamo")
    assert bergamo.id is not None
    organisation = await uow.organisations.acting_for(sara.telegram_id)  # _demo_organisations
    assert organisation is not None and organisation.id is not None
    today = today_in_italy(now)
    for draft in (
            NeedDraft(title="Un furgone per distribuire i pacchi alimentari",
                      quantity=Decimal(5000), unit="eur", category="fundraising",
                      description="Il nostro furgone ha 20 anni: raccogliamo i fondi per uno "
                                  "usato, per le consegne alle famiglie della città.",
                      deadline=today + timedelta(days=45),
                      link="https://dona.bergamosolidale.example/furgone",
                      organisation_id=organisation.id),
            NeedDraft(title="Il bilancio sociale dell'associazione", quantity=Decimal(20),
                      unit="skill_hours", category="capacity", skill="commercialista",
                      deadline=today + timedelta(days=30), organisation_id=organisation.id)):
        await needs.post_need(uow, now=now, telegram_id=sara.telegram_id, team_id=bergamo.id,
                              draft=draft, bot_username="CohesionMakersBot")


async def _demo_organisations(uow: UnitOfWork, *, now: datetime) -> None:
    people = {persona.key: persona.telegram_id for persona in PERSONAS}
    for demo in ORGANISATIONS:
        organisation = await uow.organisations.add(
            name=demo.name, name_key=name_key(demo.name), kind=demo.kind,
            territory_code=demo.territory_code, now=now)
        organisation.description, organisation.website = demo.description, demo.website
        assert organisation.id is not None
        for key in demo.members:
            await uow.organisations.add_member(organisation_id=organisation.id,
                                               telegram_id=people[key], confirmed=True,
                                               confirmed_by=None, now=now)


#: (team, author, language, title, what was done, what worked, theme, published days ago;
#: None: waiting for the designer's review).
DEMO_STORIES = (
    ("milano", "luca", "en", "Sunday lunches in the square",
     "Once a month the neighbours cook together in Piazza Leonardo and invite whoever lives "
     "alone.", "Asking each neighbour to bring one dish, and a volunteer knocking on doors "
     "the day before.", "loneliness", 3),
    ("bergamo", "sara", "it", "Legna per l'inverno",
     "Abbiamo raccolto legna dai giardini potati e l'abbiamo portata a dieci famiglie di "
     "montagna.", "Accordarsi con il Comune per le potature e usare i furgoni di un'azienda "
     "socia.", "housing", 5),
    ("milano", "luca", "en", "A bike repair corner",
     "Two volunteers repair bikes for students every Saturday morning.",
     "Spare parts donated by a local shop.", "mobility", None),
)


async def _demo_stories(uow: UnitOfWork, teams: dict[str, Team], *, now: datetime) -> None:
    """Two published stories and one waiting for Marco's review (``/reviewstories``)."""
    people = {persona.key: persona.telegram_id for persona in PERSONAS}
    for team, author, language, title, done, worked, category, days in DEMO_STORIES:
        published = now - timedelta(days=days) if days is not None else None
        uow.session.add(Story(
            team_id=teams[team].id or 0, author_telegram_id=people[author], title=title,
            done=done, worked=worked, category=category, language=language,
            status=(StoryStatus.PUBLISHED if published else StoryStatus.PENDING).value,
            created_at=published or now, reviewed_at=published, published_at=published))
    await uow.session.flush()


DEMO_EXPERT_COMPETENCES = ("digital", "networking", "impact")


async def reset_demo(uow: UnitOfWork, *, now: datetime) -> None:
    """The demo from the start: every row but the reference data deleted, the demo loaded
    again, in one transaction (`cohesion demo --reset`, the playground's reset button)."""
    await empty_data(uow)
    await load_demo(uow, now=now, needs=True)


async def _demo_expert(uow: UnitOfWork, *, now: datetime) -> None:
    """Davide's expert profile and free hours on the next working days (15:00 and 17:00 Rome
    time, from two days after `now`), so /expert has someone to book in the demo."""
    from bot.services import expert
    from domain.calendar import ROME

    davide = next(p for p in PERSONAS if p.key == "davide")
    await expert.add_expert(uow, now=now, telegram_id=davide.telegram_id,
                            competences=DEMO_EXPERT_COMPETENCES, languages=("it", "en"),
                            name=davide.first_name, menu=False)
    # The hours are seed data, not an expert's action: written as rows, so the audit trail
    # (which records `expert.add_slot`) starts empty.
    profile = await uow.experts.profile_of(davide.telegram_id)
    assert profile is not None and profile.id is not None
    day = now.astimezone(ROME).date() + timedelta(days=2)
    added = 0
    while added < 6:
        if day.weekday() < 5:
            for hour in (15, 17):
                starts = datetime.combine(day, time(hour), tzinfo=ROME).astimezone(UTC)
                await uow.experts.add_slot(ExpertSlot(
                    expert_id=profile.id, starts_at=starts, ends_at=starts + SLOT_LENGTH,
                    created_at=now))
                added += 1
        day += timedelta(days=1)


# The demo non-profit's local services: two approved (shown by /near around Milano), one
# waiting for a designer's review (Chiara's /services shows it so; a new one she lists sends
# Marco the review request). (name, category, what, when, how to reach it)
DEMO_SERVICES = (
    ("Emporio solidale", "food", "Spesa gratuita per famiglie in difficoltà, su tessera a punti "
     "rilasciata dai servizi sociali.", "martedì e venerdì 15-18",
     "Via Padova 36, Milano"),
    ("Sportello compiti", "education", "Aiuto nei compiti per ragazzi delle medie, con "
     "volontari e insegnanti in pensione.", "lunedì-giovedì 16:30-18:30",
     "https://example.org/sportello-compiti"),
)
DEMO_PENDING_SERVICE = (
    "Accompagnamento alle visite", "health", "Volontari in auto accompagnano anziani soli alle "
    "visite mediche in città.", "su prenotazione, giorni feriali", "Viale Monza 140, Milano")


async def _demo_services(uow: UnitOfWork, *, now: datetime) -> None:
    """The services of Chiara's non-profit in Milano, written as rows (seed data, not a
    person's action: no notice is queued, so the demo starts with every chat empty)."""
    from domain.near import Atlas
    from storage.models.service import LocalService, ServiceStatus

    chiara = next(p for p in PERSONAS if p.key == "chiara")
    marco = next(p for p in PERSONAS if p.key == "marco")
    assert chiara.territory_code is not None
    organisation = await uow.organisations.acting_for(chiara.telegram_id)  # ORGANISATIONS
    assert organisation is not None and organisation.id is not None
    point = Atlas.load().point(chiara.territory_code)
    pending = (*DEMO_PENDING_SERVICE, ServiceStatus.PENDING.value)
    for name, category, what, when, reach, status in (
            *((*s, ServiceStatus.APPROVED.value) for s in DEMO_SERVICES), pending):
        approved = status == ServiceStatus.APPROVED.value
        await uow.local_services.add(LocalService(
            organisation_id=organisation.id, submitted_by=chiara.telegram_id, name=name,
            category=category, what=what, when_text=when, reach=reach,
            territory_code=chiara.territory_code, province_code="P-MI",
            lat=point.lat if point else None, lon=point.lon if point else None, status=status,
            reviewed_by=marco.telegram_id if approved else None, created_at=now,
            reviewed_at=now if approved else None))
