"""`cohesion`: the command-line tool — running the bot (`cohesion.cli.run`) apart from
administering the platform (`cohesion.cli.admin`, `cohesion.cli.impact`)."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from bot.clock import Clock, system_clock
from bot.config import get_settings
from cohesion.cli import admin, audit, export, impact, organisations, run, statement
from cohesion.cli.common import CliError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cohesion", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    run.add_parsers(sub)
    admin.add_parsers(sub)
    audit.add_parsers(sub)
    export.add_parsers(sub)
    impact.add_parsers(sub)
    impact.add_report_parser(sub)
    statement.add_parsers(sub)
    organisations.add_parsers(sub)
    return parser


def main(argv: Sequence[str] | None = None, *, clock: Clock = system_clock) -> int:
    """The composition root of every command: the one clock is made (or given) here."""
    args = build_parser().parse_args(argv)
    args.clock = clock
    settings = get_settings()
    logging.basicConfig(level=settings.log_level.upper() if args.command != "chat" else "WARNING",
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if args.command == "run" and not settings.bot_token:
        logging.getLogger().setLevel("WARNING")
    try:
        status = args.func(settings, args)  # a check may answer 1 ("not valid")
    except CliError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return status if isinstance(status, int) else 0


if __name__ == "__main__":
    sys.exit(main())
