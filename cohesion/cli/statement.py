"""`cohesion statement make`: a company's CSR statement as the PDF /statement sends;
`cohesion statement verify CODE`: a statement's code checked against the records (exit 0
when valid, 1 when not — altered, changed since, unknown or not a code)."""

from __future__ import annotations

import argparse
import asyncio
import os
from pathlib import Path

from bot.config import Settings
from bot.i18n import LANGUAGES, speak
from bot.services import statements
from bot.services.statements import Statement, Verification
from bot.ui.statement_pdf import render_statement_pdf
from cohesion.cli.common import CliError, with_uow
from cohesion.cli.export import read_period
from storage.uow import UnitOfWork


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("statement", help="a company's CSR statement, and checking one")
    actions = p.add_subparsers(dest="statement_command", required=True, metavar="ACTION")
    make = actions.add_parser("make", help="a company's statement over a period, as a PDF")
    make.add_argument("--org", type=int, required=True, help="the company's organisation id")
    make.add_argument("--from", dest="start", required=True, help="first day, YYYY-MM-DD")
    make.add_argument("--to", dest="end", required=True, help="last day, YYYY-MM-DD")
    make.add_argument("--lang", choices=LANGUAGES, help="the statement's language (default: "
                                                        "the bot's default language)")
    make.add_argument("-o", "--output", required=True, type=Path, help="the PDF file to write")
    make.set_defaults(func=cmd_make)
    verify = actions.add_parser("verify", help="check a statement's verification code "
                                               "(exit 0 valid, 1 not)")
    verify.add_argument("code", help="the code printed on the statement, CM-XXXX-XXXX-XXXX")
    verify.set_defaults(func=cmd_verify)


def cmd_make(settings: Settings, args: argparse.Namespace) -> None:
    period = read_period(args)
    language = args.lang or settings.default_language
    target: Path = args.output
    if not target.parent.exists():
        raise CliError(f"no such folder: {target.parent}")

    async def work(uow: UnitOfWork) -> Statement:
        found = await uow.statements.company(args.org)
        if found is None:
            raise CliError(f"no company {args.org} (statements are for companies)")
        statement = await statements.issue(
            uow, company=statements.Company(*found), period=period,
            key=settings.statement_key(), language=language, now=args.clock(), issued_by=None)
        return statement

    statement = asyncio.run(with_uow(settings, work))
    pdf = render_statement_pdf(statement, language=language, bot_username=settings.bot_username)
    partial = target.with_name(target.name + ".partial")
    partial.write_bytes(pdf)
    os.replace(partial, target)
    print(f"{target}: {statement.company.name}, {period.start} to {period.end}, code "
          f"{statement.code}")


def describe(result: Verification) -> str:
    """One plain line for the terminal (in English: an admin's tool)."""
    if result.status == "unreadable":
        return "not a statement code (CM-XXXX-XXXX-XXXX)"
    if result.status == "unknown":
        return f"{result.code}: no statement has this code"
    if result.status == "altered":
        return f"{result.code}: NOT VALID, the stored figures do not match the code"
    assert result.statement is not None
    s = result.statement
    about = f"{s.company.name} (organisation {s.company.id}), {s.period.start} to {s.period.end}"
    if result.status == "valid":
        return f"{result.code}: valid, {about}; the figures match the records"
    return (f"{result.code}: issued for {about}, but the records have changed for: "
            f"{', '.join(result.differing)}")


def cmd_verify(settings: Settings, args: argparse.Namespace) -> int:
    async def work(uow: UnitOfWork) -> Verification:
        return await statements.verify(uow, typed=args.code, key=settings.statement_key())

    with speak(settings.default_language):
        result = asyncio.run(with_uow(settings, work))
    print(describe(result))
    return 0 if result.status == "valid" else 1
