"""`cohesion impact rates` / `cohesion impact rate set`: the hourly values of the social value
estimate, shipped as indicative defaults and replaced by an admin (audited)."""

from __future__ import annotations

import asyncio

from bot.config import get_settings
from cohesion.cli.common import with_uow
from storage.models.audit import AuditEntry
from storage.uow import UnitOfWork


def audit_rows() -> list[AuditEntry]:
    async def work(uow: UnitOfWork) -> list[AuditEntry]:
        from sqlmodel import select
        return list((await uow.session.exec(select(AuditEntry))).all())

    return asyncio.run(with_uow(get_settings(), work))


def test_rates_are_listed_with_source_and_year_then_changed(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("migrate")[0] == 0
    code, out, _ = cli("impact", "rates")
    assert code == 0 and "ILO, Manual on the Measurement of Volunteer Work, 2011" in out
    assert "health" in out and "20.00 EUR/h" in out and "shipped default" in out
    assert "to be reviewed" in out
    code, out, _ = cli("impact", "rate", "set", "health", "23,40", "--source",
                       "CCNL cooperative sociali 2024, livello C1", "--year", "2024")
    assert code == 0 and "health" in out and "23.40 EUR/h  2024" in out
    out = cli("impact", "rates")[1]
    health = next(line for line in out.splitlines() if line.startswith("health"))
    assert "23.40" in health and "CCNL cooperative sociali 2024" in health
    assert "set by an admin" in health
    [entry] = [e for e in audit_rows() if e.action == "impact.rate_set"]
    assert entry.summary == "health: 23.40 EUR an hour, 2024"


def test_wrong_rates_are_refused(cli) -> None:  # type: ignore[no-untyped-def]
    cli("migrate")
    for args, said in ((("nonsense", "5"), "unknown category"),
                       (("food", "-3"), "between 0 and 10000"),
                       (("food", "ten"), "not an amount"),
                       (("food", "12", "--year", "1066"), "not a year")):
        extra = () if "--year" in args else ("--year", "2025")
        code, _, err = cli("impact", "rate", "set", *args, "--source", "x", *extra)
        assert code == 2 and said in err, (args, err)
    code, _, err = cli("impact", "rate", "set", "food", "12", "--source", "x", "--year", "2025",
                       "--by", "999")
    assert code == 2 and "is not an admin" in err
