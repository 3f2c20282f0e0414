"""`cohesion statement make` and `cohesion statement verify`: the PDF of the small world's
statement (tests/statements/small_world.py), the code's exit status — 0 valid, 1 altered,
changed, unknown or not a code — and clear errors."""

from __future__ import annotations

import asyncio
import io
import re
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from sqlalchemy import text

from storage.db import create_engine, create_session_factory
from storage.uow import UnitOfWork
from tests.statements.small_world import SmallWorld, build


async def _run(url: str, sql: str | None = None) -> SmallWorld | None:
    engine = create_engine(url)
    try:
        async with UnitOfWork(create_session_factory(engine)) as uow:
            if sql is None:
                return await build(uow)
            await uow.session.exec(text(sql))  # type: ignore[call-overload]
            return None
    finally:
        await engine.dispose()


def test_make_then_verify_with_exit_codes(cli: Any, sqlite_url: str, tmp_path: Path) -> None:
    world = asyncio.run(_run(sqlite_url))
    assert world is not None
    pdf = tmp_path / "acme.pdf"
    status, out, err = cli("statement", "make", "--org", str(world.acme), "--from",
                           "2026-11-01", "--to", "2026-11-30", "--lang", "en", "-o", str(pdf))
    assert (status, err) == (0, "")
    found = re.search(r"code (CM-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})", out)
    assert found is not None and "Acme S.p.A., 2026-11-01 to 2026-11-30" in out
    code = found.group(1)
    words = " ".join(PdfReader(io.BytesIO(pdf.read_bytes())).pages[0].extract_text().split())
    assert "Social contribution statement – Acme S.p.A." in words
    assert "€172.00" in words and code in words
    assert cli("statement", "verify", code.lower()) == (
        0, f"{code}: valid, Acme S.p.A. (organisation {world.acme}), 2026-11-01 to 2026-11-30;"
           " the figures match the records\n", "")
    status, out, _ = cli("statement", "verify", "CM-2222-3333-4444")
    assert (status, out) == (1, "CM-2222-3333-4444: no statement has this code\n")
    assert cli("statement", "verify", "nonsense")[0] == 1
    # a delivery confirmed since: the code is genuine, the records now differ
    asyncio.run(_run(sqlite_url, "UPDATE pledge SET status = 'withdrawn' WHERE quantity = 20"))
    status, out, _ = cli("statement", "verify", code)
    assert status == 1 and "the records have changed for: pledges, goods" in out
    # a figure altered in the stored statement
    asyncio.run(_run(sqlite_url, "UPDATE org_statement SET figures = REPLACE(figures, "
                                 "'\"social_value\":\"172.00\"', '\"social_value\":\"1720.00\"')"))
    status, out, _ = cli("statement", "verify", code)
    assert (status, out) == (1, f"{code}: NOT VALID, the stored figures do not match the "
                                "code\n")


def test_clear_errors(cli: Any, sqlite_url: str, tmp_path: Path) -> None:
    world = asyncio.run(_run(sqlite_url))
    assert world is not None
    out = str(tmp_path / "x.pdf")
    assert cli("statement", "make", "--org", str(world.onlus), "--from", "2026-11-01", "--to",
               "2026-11-30", "-o", out)[2] == \
        f"error: no company {world.onlus} (statements are for companies)\n"
    assert cli("statement", "make", "--org", str(world.acme), "--from", "2026-11-30", "--to",
               "2026-11-01", "-o", out)[0] == 2
    assert not Path(out).exists()
