"""Admin actions from the command line in the audit trail (roles granted and revoked with who
granted them, announcements, experts), `cohesion audit` and its filters, and erasure of an
actor: the action stays, done by "a former admin" / "a former designer"."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Iterator
from datetime import timedelta

import pytest

from bot.capabilities import erase, export
from bot.config import get_settings
from bot.personal import Person
from bot.services import audit
from cohesion.cli import main
from cohesion.cli.common import with_uow
from storage.uow import UnitOfWork
from tests.audit.conftest import MARCO, audit_entries
from tests.conftest import T0, Clock
from tests.world import Press, World

ADMIN, DESIGNER, EXPERT = 557, 555, 558

@pytest.fixture
def cli(sqlite_url: str, clock: Clock, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> Iterator[object]:
    """`cohesion …` in-process on the test's database, with the test's (movable) clock."""
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    monkeypatch.delenv("BOT_TOKEN", raising=False)
    get_settings.cache_clear()

    def run(*args: str) -> tuple[int, str, str]:
        code = main(list(args), clock=clock)
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    run("migrate")  # two teams, and an empty trail
    run("team", "create", "--territory", "Milano", "--name", "CM Milano")
    run("team", "create", "--territory", "Bergamo", "--name", "CM Bergamo")
    yield run
    get_settings.cache_clear()


def granted_by(sqlite_url: str, user: int) -> list[int | None]:
    with sqlite3.connect(sqlite_url.removeprefix("sqlite:///")) as db:
        return [row[0] for row in db.execute(
            "SELECT granted_by FROM rolegrant WHERE telegram_id = ? ORDER BY id", (user,))]


def body(out: str) -> list[str]:
    """The listing's lines, without its header."""
    lines = out.strip().splitlines()
    assert lines[0] == "when (Rome time)  who  action  team  object  summary"
    return lines[1:]


def test_admin_actions_are_audited_with_who_did_them(cli, clock: Clock,  # type: ignore[no-untyped-def]
                                                     sqlite_url: str) -> None:
    assert cli("role", "grant", "admin", "--user", str(ADMIN))[1].strip() == "granted"
    clock.now += timedelta(hours=1)
    assert cli("role", "grant", "designer", "--user", str(DESIGNER), "--team", "1",
               "--by", str(ADMIN))[1].strip() == "granted"
    assert granted_by(sqlite_url, DESIGNER) == [ADMIN]
    assert f"{DESIGNER}  (not in the bot yet)  designer  team 1  granted by {ADMIN}" in cli(
        "role", "list")[1]
    # --by must be an admin; a refused command records nothing.
    code, _out, err = cli("role", "grant", "observer", "--user", "556", "--territory",
                          "Lombardia", "--by", "999")
    assert code == 2 and "--by 999 is not an admin" in err
    clock.now += timedelta(days=1)
    assert cli("role", "revoke", "designer", "--user", str(DESIGNER), "--team", "1",
               "--by", str(ADMIN))[1].strip() == "revoked"
    assert granted_by(sqlite_url, DESIGNER) == []  # the grant is gone; the trail keeps it
    assert cli("announce", "--team", "1", "--text", "Riunione straordinaria", "--members",
               "--by", str(ADMIN))[0] == 0
    assert cli("expert", "add", str(EXPERT), "--competences", "networking",
               "--by", str(ADMIN))[0] == 0
    clock.now += timedelta(hours=2)
    assert cli("expert", "remove", str(EXPERT), "--by", str(ADMIN))[0] == 0

    assert body(cli("audit")[1]) == [
        "2026-11-27 13:00  admin 557  role.revoked  -  role of 558  expert, "
        "granted 2026-11-27 10:00 UTC",
        "2026-11-27 11:00  admin 557  role.granted  -  role of 558  expert",
        "2026-11-27 11:00  admin 557  announcement  team 1  team 1  for 2026-11-27 10:00 UTC, "
        "22 characters, to the group and each member",
        "2026-11-27 11:00  admin 557  role.revoked  team 1  role of 555  designer of team 1, "
        "granted 2026-11-26 10:00 UTC",
        "2026-11-26 11:00  admin 557  role.granted  team 1  role of 555  designer of team 1",
        "2026-11-26 10:00  the command line  role.granted  -  role of 557  admin",
    ]


def test_audit_filters(cli, clock: Clock) -> None:  # type: ignore[no-untyped-def]
    cli("role", "grant", "admin", "--user", str(ADMIN))                       # 26/11 10:00
    clock.now += timedelta(days=1)
    cli("role", "grant", "designer", "--user", str(DESIGNER), "--team", "1",  # 27/11 10:00
        "--by", str(ADMIN))
    cli("role", "grant", "designer", "--user", str(DESIGNER), "--team", "2",
        "--by", str(ADMIN))
    clock.now += timedelta(days=1)
    cli("announce", "--team", "2", "--text", "Ciao", "--by", str(ADMIN))      # 28/11 10:00

    def actions(*args: str) -> list[str]:
        code, out, err = cli("audit", *args)
        assert code == 0, err
        if out.strip() == "no audit entries match":
            return []
        return [f"{line.split('  ')[2]}@{line.split('  ')[3]}" for line in body(out)]

    assert actions() == ["announcement@team 2", "role.granted@team 2", "role.granted@team 1",
                         "role.granted@-"]
    assert actions("--team", "2") == ["announcement@team 2", "role.granted@team 2"]
    assert actions("--actor", str(ADMIN)) == ["announcement@team 2", "role.granted@team 2",
                                              "role.granted@team 1"]
    assert actions("--action", "role.granted", "--team", "1") == ["role.granted@team 1"]
    assert actions("--action", "role.") == ["role.granted@team 2", "role.granted@team 1",
                                            "role.granted@-"]
    assert actions("--since", "2026-11-27") == ["announcement@team 2", "role.granted@team 2",
                                                "role.granted@team 1"]
    assert actions("--since", "2026-11-27", "--until", "2026-11-28") == [
        "role.granted@team 2", "role.granted@team 1"]
    assert actions("--until", "2026-11-26 10:00") == []
    assert actions("--until", "2026-11-26 10:01") == ["role.granted@-"]
    assert actions("--limit", "1") == ["announcement@team 2"]
    assert actions("--actor", "12345") == []
    for args, message in [(("--limit", "0"), "--limit must be 1 to 10000"),
                          (("--since", "ieri"), "--since takes a Rome time"),
                          (("--since", "2026-11-28", "--until", "2026-11-27"),
                           "--until must be after --since")]:
        code, _out, err = cli("audit", *args)
        assert code == 2 and message in err


def test_an_erased_admin_becomes_a_former_admin(cli, sqlite_url: str) -> None:  # type: ignore[no-untyped-def]
    cli("role", "grant", "admin", "--user", str(ADMIN))
    cli("role", "grant", "designer", "--user", str(DESIGNER), "--team", "1", "--by", str(ADMIN))

    async def forget(uow: UnitOfWork) -> None:  # both ask /deleteme (neither is a member)
        for who in (ADMIN, DESIGNER):
            await erase(uow, Person(telegram_id=who, member=None), now=T0)

    asyncio.run(with_uow(get_settings(), forget))
    assert body(cli("audit")[1]) == [
        "2026-11-26 10:00  a former admin  role.granted  team 1  role of a former member  "
        "designer of team 1",
        "2026-11-26 10:00  the command line  role.granted  -  role of a former member  admin",
    ]
    assert cli("audit", "--actor", str(ADMIN))[1].strip() == "no audit entries match"
    with sqlite3.connect(sqlite_url.removeprefix("sqlite:///")) as db:
        assert db.execute("SELECT count(*) FROM rolegrant WHERE granted_by = ?",
                          (ADMIN,)).fetchone() == (0,)


async def test_an_erased_designer_becomes_a_former_designer(world: World) -> None:
    await world.converse(MARCO, [
        ("/newneed 20 ore Accompagnare anziani alle visite mediche #salute entro 15/12",
         "Controlla il bisogno"),
        (Press("Pubblica"), "✅ Pubblicato"),
    ])
    async with world.uow() as uow:  # /mydata lists what he did as a designer
        member = await uow.members.by_telegram_id(MARCO)
        mine = await export(uow, Person(telegram_id=MARCO, member=member))
    assert b'"actions_in_a_role"' in mine and b'"need.created"' in mine
    await world.converse(MARCO, [
        ("/deleteme", "Sei sicuro?"),
        (Press("Sì"), "I tuoi dati sono stati cancellati."),
    ])
    [entry] = await audit_entries(world)
    assert (entry.actor_telegram_id, entry.actor_role, entry.action) == (
        None, "designer", "need.created")
    async with world.uow() as uow:
        [line] = await audit.entries(uow)
    assert line.actor == "a former designer" and line.target == f"need {entry.object_id}"
