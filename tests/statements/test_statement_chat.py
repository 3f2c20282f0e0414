"""/statement and /verify through the real dispatcher, in Italian and English, on SQLite and
PostgreSQL: a company's member gets the text, the square image and the one-page PDF (and the
PDF in the other language); a designer and an observer pick the company; a citizen, a
non-profit's member, a member not confirmed yet are refused with the reason; a forged company
or period is refused; /verify says valid, altered, unknown, or not a code — for anyone, in a
group too. The small world's figures are worked out in tests/statements/small_world.py.

Now = T0, Thursday 26 November 2026, 09:00 UTC: "this month" is 1–26 November."""

from __future__ import annotations

import io
import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import text

from bot.config import Settings
from bot.ui.callbacks.statements import StatementCompanyCb, StatementPeriodCb
from playground.api import Output
from tests.conftest import Clock
from tests.statements.small_world import AD, CITIZEN, DM, OL, OR, A, B, N, P, SmallWorld, build
from tests.world import Forge, Press, World, open_world

STRANGER, GROUP = 7777, -100123


@pytest.fixture
def settings(db_url: str) -> Settings:
    return Settings(_env_file=None, bot_token=None, database_url=db_url,  # type: ignore[call-arg]
                    redis_url=None)


@pytest.fixture
async def world(settings: Settings, clock: Clock, tmp_path: Path
                ) -> AsyncIterator[tuple[World, SmallWorld]]:
    async with open_world(settings, clock, (A, "Anna", "it"), (B, "Bruno", "en"),
                          (P, "Paola", "it"), (N, "Nino", "it"), (CITIZEN, "Carla", "en"),
                          (DM, "Dario", "it"), (OL, "Olga", "en"), (OR, "Rita", "it"),
                          (AD, "Ada", "it"), (STRANGER, "Sam", "en"), demo=False) as world:
        world.api.media_dir = tmp_path / "media"
        async with world.uow() as uow:
            small = await build(uow)
        yield world, small


def _pdf_text(output: Output) -> str:
    assert output.path is not None and output.path.read_bytes()[:5] == b"%PDF-"
    reader = PdfReader(io.BytesIO(output.path.read_bytes()))
    assert len(reader.pages) == 1
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def _code(outputs: list[Output]) -> str:
    found = re.search(r"CM-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", "\n".join(o.text for o in outputs))
    assert found is not None
    return found.group(0)


async def test_a_member_gets_the_statement_in_italian_then_the_pdf_in_english(
        world: tuple[World, SmallWorld]) -> None:
    chat, _small = world
    outputs = await chat.converse(A, [
        ("/statement", ["<b>Acme S.p.A.</b>: il rendiconto di quale periodo?", "Questo mese",
                        "Scrivi un periodo"]),
        (Press("Questo mese"), [
            "<b>Rendiconto – Acme S.p.A.</b>",
            "da domenica 1 novembre 2026 a giovedì 26 novembre 2026, 26 giorni",
            "Ore di volontariato e professionali: <b>5 h</b> / <b>5 h</b>",
            "Beni: <b>20 pacchi</b> / <b>8 pacchi</b>",
            "Denaro: <b>100,00\xa0€</b> / <b>0,00\xa0€</b>",
            "Team aiutati: Milano, Monza", "Tavoli frequentati: 2 tavoli, 3 presenze",
            "Valore sociale stimato dell'aiuto consegnato: 172,00\xa0€",
            "Codice di verifica: <code>CM-", "Verifica con /verify CM-",
            "PDF in English"]),
    ])
    photos = [o for o in outputs if o.kind == "photo"]
    documents = [o for o in outputs if o.kind == "document"]
    assert len(photos) == 1 and photos[0].path is not None
    assert photos[0].path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(documents) == 1
    code = _code(outputs)
    italian = _pdf_text(documents[0])
    assert "Rendiconto del contributo sociale – Acme S.p.A." in italian
    assert code in italian and "172,00" in italian and "stima" in italian
    english = await chat.converse(A, [(Press("PDF in English"), "📄")])
    pdf = _pdf_text(next(o for o in english if o.kind == "document"))
    assert "Social contribution statement – Acme S.p.A." in pdf and code in pdf
    assert "€172.00" in pdf
    async with chat.uow() as uow:
        row = await uow.statements.by_code(code)
        assert row is not None and row.issued_by == A and row.language == "it"
    # an English member of the same company, a typed period: the same figures, the same code
    outputs = await chat.converse(B, [
        ("/statement", ["<b>Acme S.p.A.</b>: the statement of which period?", "This month"]),
        (Press("Type a period"), "Type the period, for example"),
        ("whenever", "I could not read «whenever» as a period"),
        ("from 1/11 to 26/11", ["The statement of <b>Acme S.p.A.</b> will cover <b>from "
                                "Sunday, November 1, 2026 to Thursday, November 26, 2026, "
                                "26 days</b>. Is that right?", "Yes, make it", "Change it"]),
        (Press("Yes, make it"), ["<b>Statement – Acme S.p.A.</b>",
                                 "Volunteer and professional hours: <b>5 h</b> / <b>5 h</b>",
                                 "Money: <b>€100.00</b> / <b>€0.00</b>",
                                 "PDF in italiano"]),
    ])
    assert _code(outputs) == code


async def test_a_designer_and_an_observer_pick_the_company(
        world: tuple[World, SmallWorld]) -> None:
    chat, _small = world
    await chat.converse(DM, [
        ("/statement", "<b>Acme S.p.A.</b>: il rendiconto di quale periodo?"),
        (Press("Il mese scorso"), ["<b>Rendiconto – Acme S.p.A.</b>",
                                   "da giovedì 1 ottobre 2026 a sabato 31 ottobre 2026",
                                   "Team aiutati: Monza"]),
    ])
    await chat.converse(OL, [
        ("/statement", "<b>Acme S.p.A.</b>: the statement of which period?"),
        (Press("This month"), ["<b>Statement – Acme S.p.A.</b>", "Places helped: Milano, "
                               "Monza"]),
    ])


async def test_an_admin_chooses_among_the_companies(world: tuple[World, SmallWorld]) -> None:
    chat, small = world
    async with chat.uow() as uow:
        await uow.organisations.add(name="Beta Srl", name_key="beta srl", kind="company",
                                    territory_code="H501", now=chat.clock())  # type: ignore[operator]
    await chat.converse(AD, [
        ("/statement", ["Il rendiconto di quale azienda?", "Acme S.p.A.", "Beta Srl"]),
        (Press("Beta Srl"), "<b>Beta Srl</b>: il rendiconto di quale periodo?"),
        (Press("Questo mese"), ["<b>Rendiconto – Beta Srl</b>", "Impegni: 0"]),
    ])
    outputs = await chat.converse(AD, [("/statement", "Acme S.p.A.")])
    assert "Aiuto Onlus" not in str(outputs[-1].buttons)  # a non-profit is never offered
    assert small.onlus


@pytest.mark.parametrize(("who", "answer"), [
    (CITIZEN, "Statements are for people who act for a company"),
    (N, "I rendiconti sono per le aziende: la tua organizzazione non è un'azienda"),
    (P, "La tua richiesta di agire per la tua organizzazione non è ancora confermata"),
    (OR, "Nessuna azienda si è ancora impegnata per i tuoi team o nel tuo territorio"),
])
async def test_who_may_not_ask_is_told_why(world: tuple[World, SmallWorld], who: int,
                                          answer: str) -> None:
    chat, _small = world
    await chat.converse(who, [("/statement", answer)])


async def test_forged_buttons_are_refused(world: tuple[World, SmallWorld]) -> None:
    chat, small = world
    await chat.converse(N, [
        (Forge(StatementCompanyCb(org=small.acme).pack()), "Non puoi (più) preparare il "
                                                           "rendiconto di questa azienda"),
        (Forge(StatementPeriodCb(org=small.acme, period="this_month").pack()),
         "Non puoi (più)"),
    ])
    await chat.converse(A, [  # another company, a non-profit, a period that is not one
        (Forge(StatementPeriodCb(org=small.onlus, period="this_month").pack()),
         "Non puoi (più)"),
        (Forge(StatementPeriodCb(org=small.acme, period="20260231-20260301").pack()),
         "Non puoi (più)"),
    ])
    await chat.converse(CITIZEN, [
        (Forge(StatementPeriodCb(org=small.acme, period="20261101-20261130").pack()),
         "You can no longer make this company's statement")])
    async with chat.uow() as uow:
        assert (await uow.session.exec(text(  # type: ignore[call-overload]
            "SELECT COUNT(*) FROM org_statement"))).one()[0] == 0


async def test_verify_valid_altered_unknown_and_not_a_code(
        world: tuple[World, SmallWorld]) -> None:
    chat, _small = world
    code = _code(await chat.converse(A, [("/statement", "?"), (Press("Questo mese"), "CM-")]))
    await chat.converse(STRANGER, [  # not registered, English
        (f"/verify {code.lower()}", [f"✅ <b>Valid</b>: <code>{code}</code> is a statement of "
                                     "<b>Acme S.p.A.</b>", "Money: €100.00 / €0.00"]),
        ("/verify", "Send the code printed on the statement"),
        ("/verify hello", "«hello» is not a statement code."),
        ("/verify CM-2222-3333-4444", "❓ No statement has the code <code>CM-2222-3333-4444"),
    ])
    chat.api.add_group(GROUP, "Volontari", admins=(A,))
    chat.api.statuses[(GROUP, chat.api.bot_user["id"])] = "member"
    await chat.converse(A, [(f"/verify {code}", "✅ <b>Valido</b>")], chat_id=GROUP)
    async with chat.uow() as uow:
        await uow.session.exec(text(  # type: ignore[call-overload]
            "UPDATE org_statement SET figures = REPLACE(figures, :old, :new)").bindparams(
                old='"pledges":3', new='"pledges":30'))
    await chat.converse(A, [(f"/verify {code}", ["❌ <b>Non valido</b>",
                                                 "i dati sono stati alterati"])])


async def test_the_demos_company_member_gets_a_statement(settings: Settings,
                                                        clock: Clock) -> None:
    """The playground's Luca acts for Navigli Logistica Srl (bot/demo.py)."""
    async with open_world(settings, clock, (2003, "Luca", "en")) as chat:
        await chat.converse(2003, [
            ("/statement", "<b>Navigli Logistica Srl</b>: the statement of which period?"),
            (Press("This year"), ["<b>Statement – Navigli Logistica Srl</b>", "Pledges: 0",
                                  "/verify CM-"]),
        ])
