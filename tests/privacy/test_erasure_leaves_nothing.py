"""/deleteme leaves nothing naming the person, on SQLite and PostgreSQL.

Vespiria Qorthwyn does everything the bot offers, through the real dispatcher: she onboards
for a non-profit (Glimmerzorb Solidale) with her skills (xylofrond among them) and joins
Milano, pledges, proposes a need (about Brakkenvold), takes the assessment and starts her
training, is nudged towards a need; as a designer of Milano she posts a need, sets a table,
answers it and writes its minutes naming who came; she books an expert's hour, and as an expert
herself has an hour booked by Luca; one of her updates fails and is kept as a dead letter, and
so is one of Luca's that quotes her. Some of what was said about her is sent, some still waits;
an announcement to come thanks her, a designer's note on a need names her, and her minutes are
as minutes written before migration 0014 were (names, no ids).

Before erasure her /mydata holds an entry from every capability that shows anything. After
/deleteme (pressed in the chat) every text-like and integer column of every table of the live
database (reflected, not read from the models) is scanned for her Telegram id and for each of
her words; the needs keep their totals. Her organisation is not hers: it stays, named, with the
pledge she made for it (what an organisation gave holds when its people leave or are erased).
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import column, func, inspect, table, text, update
from sqlalchemy import select as core_select
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.types import JSON, Integer, String
from sqlmodel import col, select

from bot.capabilities import get_jobs, person_of, personal_data
from bot.capability import JobContext
from bot.config import Settings
from bot.personal import PersonalData
from bot.services import announcements, expert
from storage.models import ExpertSlot, Need, Pledge, TableMinutes
from storage.models.story import Story
from tests.conftest import Clock
from tests.world import Forge, Press, World

VESPIRIA = 7315920486  # ten digits: no count, date or other id holds them by chance
WORDS = ("Vespiria", "Qorthwyn", "Xylofrond", "Brakkenvold")
MARCO, LUCA, DAVIDE = 2001, 2003, 2102  # demo: Milano's designer, a member, an expert
MILANO_GROUP = -1001000000001


def rome(month: int, day: int, hour: int) -> datetime:
    """A time in Rome (UTC+1 in November and December), as UTC."""
    return datetime(2026, month, day, hour - 1, tzinfo=UTC)


@pytest.fixture
async def world(db_url: str, clock: Clock) -> AsyncIterator[World]:
    settings = Settings(_env_file=None, bot_token=None, database_url=db_url,  # type: ignore[call-arg]
                        redis_url=None, bot_username="CohesionMakersBot")
    world = World(settings, clock)
    await world.load_demo()
    for user_id, name, language in ((VESPIRIA, "Vespiria Qorthwyn", "it"), (MARCO, "Marco", "it"),
                                    (LUCA, "Luca", "en"), (DAVIDE, "Davide", "it")):
        world.person(user_id, name, language)
    world.api.add_group(MILANO_GROUP, "Cohesion Makers Milano", admins=(MARCO,),
                        members=(LUCA, VESPIRIA))
    world.api.statuses[(MILANO_GROUP, world.api.bot_user["id"])] = "administrator"
    yield world
    await world.close()


async def deliver(world: World, clock: Clock) -> None:
    from scheduler.sender import OutboxSender
    await OutboxSender(world.bot, world.sessions, clock=clock).drain(idle=clock.tick)


async def milano_id(world: World) -> int:
    async with world.uow() as uow:
        return next(t.id for t in await uow.teams.all() if t.name.endswith("Milano") and t.id)


async def need_titled(world: World, title: str) -> int:
    async with world.uow() as uow:
        found = (await uow.session.exec(select(Need.id).where(col(Need.title) == title))).one()
    return int(found)


async def set_table(world: World, who: int, day: str, when: str) -> None:
    await world.converse(who, [
        ("/newtable", "Quando si tiene?"), (day, "A che ora"), ("ore 18", when),
        (Press("Sì"), "Dove?"), ("Casa di quartiere, via Padova 36", "ordine del giorno"),
        ("Turni di dicembre", "Finora:"), (Press("Fatto"), "Quante persone"),
        (Press("Salta"), "Si ripete?"),
        (Press("Una volta sola"), "promemoria"), (Press("Salta"), "Controlla il tavolo"),
        (Press("Annuncia"), "Annunciato nel gruppo del team"),
    ])


async def everything(world: World, clock: Clock, monkeypatch: pytest.MonkeyPatch) -> None:
    """Vespiria does everything (see the module's docstring)."""
    await world.converse(VESPIRIA, [
        ("/start", "Scegli la lingua"), (Press("Italiano"), "Acconsento"),
        (Press("Acconsento"), "Con quale ruolo"),
        (Press("Ente del terzo settore"), "Come si chiama il tuo ente"),
        ("Glimmerzorb Solidale", ["<b>Glimmerzorb Solidale</b> ora è registrata",
                                  "Dove vivi o lavori?"]),
        ("milano", "Cosa puoi offrire?"),
        ("infermiera, xylofrond", "Quanto tempo puoi dedicare?"),
        (Press("settimana"), "Grazie, Vespiria Qorthwyn"),
        (Press("Entra in"), "Benvenuto in <b>Cohesion Makers Milano</b>"),
    ])
    async with world.uow() as uow:  # roles are granted from the command line
        await uow.roles.grant(telegram_id=VESPIRIA, role="designer",
                              team_id=await milano_id(world), now=clock())
        # a local service she listed, still pending: her words, erased with her
        from bot.services import local_services
        await local_services.submit(
            uow, telegram_id=VESPIRIA, name="Sportello di Vespiria Qorthwyn", category="food",
            what="Vespiria Qorthwyn aiuta con la spesa", when="lun 9-12",
            reach="Via Glimmerzorb 1, Milano", territory_code=None, now=clock())
    for line in ("/newneed 20 ore Accompagnare anziani alle visite mediche #salute",
                 "/newneed 10 ore Assistenza infermieristica a domicilio #salute"):
        await world.converse(MARCO, [(line, "Controlla il bisogno"),
                                     (Press("Pubblica"), "✅ Pubblicato")])
    visits = await need_titled(world, "Accompagnare anziani alle visite mediche")
    await world.converse(VESPIRIA, [
        (f"/start need_{visits}", "Mancano ancora"), (Press("2 ore"), "Hai offerto <b>2 ore</b>"),
        # For her non-profit (issue 25): a fundraising, its link hers until adopted.
        ("/propose", "Una raccolta fondi per Glimmerzorb Solidale"),
        (Press("Una raccolta fondi"), "Che bisogno hai notato?"),
        ("Coperte per Brakkenvold", "Descrivilo"), (Press("Salta"), "Dove si può donare?"),
        ("https://dona.example.org/brakkenvold", "Quanto serve"),
        ("300", "La tua proposta"),
        ("/newneed 10 ore Turni alla mensa del quartiere #salute", "Controlla il bisogno"),
        (Press("Pubblica"), "✅ Pubblicato"),
        ("/assessment", "Inizia"), (Press("Inizia"), "1/24"),
        *[(Press(3), f"{n + 1}/24") for n in range(1, 24)],
        (Press(3), "profilo di cohesion maker"),
        ("/training", "Il tuo percorso formativo"), (Press("Apri subito"), "Verifica"),
    ])
    await world.converse(VESPIRIA, [  # her story waits for review: it goes with her
        ("/share", "Dalle un titolo"), ("Coperte a Brakkenvold", "Che cosa è stato fatto"),
        ("Abbiamo raccolto coperte con Vespiria Qorthwyn", "Che cosa ha funzionato"),
        ("Chiedere ai vicini", "Invia una foto"), (Press("Salta"), "Un link"),
        ("https://example.org/brakkenvold", "Di quale tema"), (Press("Casa"), "Sceglilo"),
        (Press("Nessuno"), "Ecco come si legge"), (Press("Invia ai designer"), "Grazie!"),
    ])
    await world.converse(MARCO, [  # Marco's, published by her, found useful by her
        ("/share", "Dalle un titolo"), ("Pranzo sociale", "Che cosa è stato fatto"),
        ("Un pranzo in piazza", "Che cosa ha funzionato"), ("Cucinare insieme", "foto"),
        (Press("Salta"), "Un link"), (Press("Salta"), "Di quale tema"),
        (Press("Solitudine"), "Sceglilo"), (Press("Nessuno"), "Ecco come si legge"),
        (Press("Invia ai designer"), "Grazie!"),
    ])
    async with world.uow() as uow:
        lunch = (await uow.session.exec(select(Story.id).where(
            Story.title == "Pranzo sociale"))).one()
    await world.converse(VESPIRIA, [(Forge(f"strev:publish:{lunch}"), "è pubblicata"),
                                    (Forge(f"stuse:{lunch}"), "Grazie!")])
    await set_table(world, MARCO, "3/12", "giovedì 3 dicembre 2026, 18:00")
    await deliver(world, clock)
    await world.converse(VESPIRIA, [(Press("Ci sarò"), "Ci vediamo lì!")], chat_id=MILANO_GROUP)
    await set_table(world, VESPIRIA, "27/11", "venerdì 27 novembre 2026, 18:00")
    await deliver(world, clock)
    await world.converse(VESPIRIA, [(Press("Ci sarò"), "Ci vediamo lì!")], chat_id=MILANO_GROUP)
    async with world.uow() as uow:
        davide_slot = (await uow.session.exec(select(ExpertSlot.id).order_by(
            col(ExpertSlot.starts_at)))).first()
    await world.converse(VESPIRIA, [("/expert", "Davide"),
                                    (Forge(f"xbook:{davide_slot}:0"), "Prenotata")])
    await deliver(world, clock)  # Davide's notice naming her, with its calendar file: sent

    clock.now = rome(11, 27, 20)  # after her table
    await world.converse(VESPIRIA, [
        ("/minutes", "Di quale tavolo è il verbale?"),
        (Press("Cohesion Makers Milano"), "Chi c'era?"),
        ("Vespiria Qorthwyn, Luca", "Cosa si è deciso?"), ("Raccolta di coperte", "Finora:"),
        (Press("Fatto"), "Qualche nota?"),
        ("Grazie a tutti", "Presenti: Vespiria Qorthwyn, Luca"),
        (Press("Pubblica il verbale"), "pubblicato nel gruppo del team"),
    ])
    await deliver(world, clock)  # the minutes naming her, to the group: sent

    clock.now = rome(11, 29, 11)  # the nursing need has waited three days: she is nudged
    [nudges] = [job for job in get_jobs() if job.name == "nudges"]
    async with world.uow() as uow:
        await nudges.run(JobContext(uow=uow, now=clock(), settings=world.settings,
                                    on_enqueued=lambda: None))
    async with world.uow() as uow:  # an expert too, granted from the command line
        await expert.add_expert(uow, now=clock(), telegram_id=VESPIRIA, competences=["ethics"],
                                languages=["it", "en"], name="Vespiria Qorthwyn")
        slot = await expert.add_slot(uow, now=clock(), telegram_id=VESPIRIA,
                                     starts_at=rome(12, 2, 10))
    await world.converse(LUCA, [("/expert", "Vespiria Qorthwyn"),
                                (Forge(f"xbook:{slot.id}:0"), "Booked")])  # left waiting

    async with world.uow() as uow:  # words of others kept for later that quote her
        await announcements.schedule(uow, team_id=await milano_id(world),
                                     text="Grazie a Vespiria Qorthwyn per le coperte!",
                                     due_at=rome(12, 5, 10), expires_at=rome(12, 6, 10),
                                     members=True, now=clock())
        await uow.needs.record(need_id=visits, at=clock(), by=MARCO, kind="edited",
                               details={"reason": "Ne parlerò con Vespiria Qorthwyn"})
        # Minutes written before migration 0014 kept no ids: she is known there by name.
        await uow.session.exec(update(TableMinutes).values(attendee_ids=None))

    async with world.uow() as uow:  # a company pledged to her team: she makes its statement
        company = await uow.organisations.add(
            name="Acme Logistica SpA", name_key="acme logistica spa", kind="company",
            territory_code=None, now=clock())
        uow.session.add(Pledge(need_id=visits, member_telegram_id=None, quantity=Decimal(1),
                               delivered=Decimal(0), status="active", created_at=clock(),
                               updated_at=clock(), organisation_id=company.id))
    await world.converse(VESPIRIA, [
        ("/statement", "<b>Acme Logistica SpA</b>: il rendiconto di quale periodo?"),
        (Press("Questo mese"), "<b>Rendiconto – Acme Logistica SpA</b>")])

    def broken(*_: Any, **__: Any) -> Any:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr("bot.handlers.common.help_view", broken)
    await world.converse(VESPIRIA, [("/help", "qualcosa è andato storto")])
    await world.converse(LUCA, [("/help Vespiria Qorthwyn", "something went wrong")])
    monkeypatch.undo()


async def test_mydata_holds_an_entry_from_every_capability_that_shows(
        world: World, clock: Clock, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    await everything(world, clock, monkeypatch)
    world.api.media_dir = tmp_path
    outputs = await world.converse(VESPIRIA, [
        ("/mydata", ["tutti i dati che abbiamo su di te", "Cosa contiene il file",
                     "il tuo profilo", "impegni: 1", "ruoli che hai: designer, esperto"]),
    ])
    [document] = [o for o in outputs if o.kind == "document"]
    assert document.path is not None
    exported = json.loads(document.path.read_text())
    # The summary words every entry in her language: none is left as its bare key.
    [summary] = [o.text for o in outputs if "Cosa contiene il file" in o.text]
    assert not [key for key in exported if key.replace("_", " ") in summary]
    assert summary.count("•") == 1 + len([key for key in exported if key not in (
        "telegram_id", "first_name", "language", "consent_at", "actor_type",
        "organisation_name", "territory_code", "skills", "availability", "registered_at",
        "last_seen_on")])
    empty = []
    async with world.uow() as uow:
        member = await uow.members.by_telegram_id(VESPIRIA)
        assert member is not None
        for name, personal in personal_data():
            if personal.show is None:
                continue
            shown = await personal.show(uow, person_of(member))
            empty += [f"{name}: nothing"] if not shown else []
            empty += [f"{name}: {key} empty" for key, value in shown.items()
                      if value in (None, "", [], {})]
            empty += [f"{name}: {key} not in /mydata" for key in shown if key not in exported]
    assert not empty, f"/mydata misses what she did: {'; '.join(empty)}"


TRANSPORT = {"delivery": "copies of what was said to or about the person, and of what they sent "
                         "(the outbox, dead letters): transport, not something kept about them"}


def unshown(declared: list[tuple[str, PersonalData]]) -> list[str]:
    """The capabilities that keep a person (declare columns) and show nothing in /mydata."""
    return [name for name, personal in declared
            if personal.columns and personal.show is None and name not in TRANSPORT]


def test_every_capability_that_keeps_a_person_shows_it_in_mydata() -> None:
    # With the test above (each one that shows, shows something of her), a capability that
    # holds personal data and is missing from the /mydata of a person who used it all fails.
    assert unshown(personal_data()) == []


def test_twin_a_capability_that_keeps_a_person_and_shows_nothing_fails() -> None:
    hidden = PersonalData(columns={"note.author_telegram_id": "the notes are deleted"})
    assert unshown([*personal_data(), ("notes", hidden)]) == ["notes"]


async def test_every_sqlite_connection_overwrites_what_it_deletes(sqlite_url: str) -> None:
    from storage.db import create_engine
    engine = create_engine(sqlite_url)
    try:
        for _ in range(2):  # each connection of the pool, not the first alone
            async with engine.connect() as connection:
                await connection.invalidate()
            async with engine.connect() as connection:
                pragma = await connection.exec_driver_sql("PRAGMA secure_delete")
                assert pragma.scalar() == 1
    finally:
        await engine.dispose()


# --- the scan ----------------------------------------------------------------------------------


def _files(value: str) -> list[str]:
    """The texts of the files a row carries (the outbox keeps a file's bytes base64)."""
    try:
        body = json.loads(value)
    except ValueError:
        return []
    document = body.get("document") if isinstance(body, dict) else None
    if not isinstance(document, str):
        return []
    try:
        raw = base64.b64decode(document, validate=True).decode("utf-8", errors="replace")
    except (binascii.Error, ValueError):
        return []
    return [re.sub(r"\r?\n[ \t]", "", raw)]  # unfolded, as a calendar file folds long lines


@dataclass
class Figures:
    """How much a scan read: tables, columns, values (non-null cells) and raw bytes."""

    tables: int = 0
    columns: int = 0
    values: int = 0
    bytes: int = 0


def _scan(connection: Connection, figures: Figures | None = None) -> list[str]:
    """Every table.column of the live database holding her id or one of her words."""
    figures = figures if figures is not None else Figures()
    found = []
    as_digits = re.compile(rf"(?<!\d){VESPIRIA}(?!\d)")
    words = re.compile("|".join(WORDS), re.IGNORECASE)
    schema = inspect(connection)
    for name in schema.get_table_names():
        figures.tables += 1
        for reflected in schema.get_columns(name):
            kind, column_name = reflected["type"], reflected["name"]
            source = table(name, column(column_name))
            if isinstance(kind, Integer):
                figures.columns += 1
                figures.values += connection.execute(core_select(func.count()).select_from(
                    source).where(source.c[column_name].is_not(None))).scalar_one()
                hit = connection.execute(core_select(text("1")).select_from(source).where(
                    source.c[column_name] == VESPIRIA).limit(1)).first() is not None
            elif isinstance(kind, (String, JSON)):
                figures.columns += 1
                values = [str(value) for value in connection.execute(core_select(
                    source.c[column_name]).where(source.c[column_name].is_not(None))).scalars()]
                figures.values += len(values)
                figures.bytes += sum(len(value.encode()) for value in values)
                hit = any(as_digits.search(t) or words.search(t)
                          for value in values for t in (value, *_files(value)))
            else:
                continue
            if hit:
                found.append(f"{name}.{column_name}")
    return sorted(found)


def _raw_hits(path: Path) -> list[str]:
    """What of her a file's bytes hold: a word (UTF-8, any case), her id as digits, or her id
    as SQLite stores an integer (big-endian, in 6 or 8 bytes)."""
    raw = path.read_bytes()
    lowered = raw.lower()
    found = [word for word in WORDS if word.lower().encode() in lowered]
    found += ["id"] if re.search(rb"(?<!\d)%d(?!\d)" % VESPIRIA, raw) else []
    found += [f"id as {size} bytes" for size in (6, 8)
              if VESPIRIA.to_bytes(size, "big") in raw]
    return found


def sqlite_files(world: World) -> list[Path]:
    """The SQLite database and its write-ahead log and shared-memory index (those that exist);
    none on PostgreSQL."""
    url = make_url(world.settings.database_url)
    if url.get_backend_name() != "sqlite" or not url.database:
        return []
    main = Path(url.database)
    return [path for path in (main, Path(f"{main}-wal"), Path(f"{main}-shm")) if path.exists()]


async def totals(world: World) -> list[tuple[int, Decimal, Decimal, str, int]]:
    """Each need's pledged and delivered totals, status and number of pledges."""
    async with world.uow() as uow:
        rows = (await uow.session.exec(select(Need).order_by(col(Need.id)))).all()
        return [(need.id or 0, need.pledged, need.delivered, need.status,
                 len(await uow.needs.pledges_to(need.id or 0,
                                                statuses=("active", "withdrawn", "delivered"))))
                for need in rows]


async def test_deleteme_leaves_no_column_naming_her_and_keeps_the_totals(
        world: World, clock: Clock, monkeypatch: pytest.MonkeyPatch) -> None:
    await everything(world, clock, monkeypatch)
    async with world.engine.connect() as connection:
        before = await connection.run_sync(_scan)
    assert {"member.display_name", "member.skills", "need.title",
            "outbox.payload", "failed_update.payload", "table_minutes.attendance",
            "pledge.member_telegram_id", "scheduled_notice.params",
            "need_event.details"} <= set(before)  # the scan sees her where she is
    kept = await totals(world)
    assert any(pledges for *_, pledges in kept)

    files = sqlite_files(world)
    assert not files or any("Vespiria" in _raw_hits(path) for path in files)  # it sees her

    await world.converse(VESPIRIA, [
        ("/deleteme", "Sei sicuro?"), (Press("Sì, cancella"), "I tuoi dati sono stati cancellati."),
    ])

    figures = Figures()
    async with world.engine.connect() as connection:
        left = await connection.run_sync(_scan, figures)
    assert not left, f"still naming her: {', '.join(left)}"
    # The files too (SQLite): the erased pages zeroed, the write-ahead log truncated.
    in_files = {path.name: hits for path in sqlite_files(world) if (hits := _raw_hits(path))}
    assert not in_files, f"the database files still hold her: {in_files}"
    raw = sum(path.stat().st_size for path in sqlite_files(world))
    print(f"\nscan ({world.engine.dialect.name}): {figures.tables} tables, {figures.columns} "
          f"columns, {figures.values} values, {figures.bytes} bytes of text; raw files: "
          f"{', '.join(f'{p.name} {p.stat().st_size}' for p in sqlite_files(world)) or 'none'}"
          f" ({raw} bytes)")
    assert figures.values > 1000
    # Totals hold; her proposal no designer adopted is the only change: withdrawn, no words.
    withdrawn = [need for need in kept if need[3] == "proposed"]
    assert len(withdrawn) == 1
    assert await totals(world) == [(*need[:3], "declined", need[4]) if need in withdrawn else need
                                   for need in kept]
    async with world.uow() as uow:  # her organisation keeps what she gave for it, not her
        [organisation] = [o for o in await uow.organisations.of_kind("npo")
                          if o[1] == "Glimmerzorb Solidale"]  # the demo has one of its own
        assert await uow.organisations.members(organisation[0]) == []
        pledged = (await uow.session.exec(select(Pledge).where(
            col(Pledge.organisation_id) == organisation[0]))).all()
        assert [(p.member_telegram_id, p.quantity) for p in pledged] == [(None, 2)]
