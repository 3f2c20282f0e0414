"""Statements: a company's CSR statement over a period, and checking one.

- `/statement` (a confirmed member of a company; designers, observers and admins for the
  companies that helped their teams or territory): the figures as text, a square image for
  social media and a one-page PDF (Italian or English), with a verification code;
- `/verify CODE` (everyone, also in groups, no onboarding needed): the code checked against
  the stored statement and the records now;
- `cohesion statement make` / `cohesion statement verify` on the command line.
"""

from bot.capability import Capability
from bot.flows.statements import router as statement
from bot.handlers import statements as verify
from bot.personal import PersonalData
from bot.services import statements_personal as personal

CAPABILITY = Capability(
    name="statements",
    commands=(*statement.COMMANDS, *verify.COMMANDS),
    routers=lambda commands: [statement.create_router(), verify.create_router()],
    personal=PersonalData(
        show=personal.show_person,
        erase=personal.erase_person,
        columns={"org_statement.issued_by": "set to NULL (the statement stays: it is the "
                                            "company's)"},
        impersonal={
            "org_statement.code": "a verification code, an HMAC of the figures",
            "org_statement.figures": "a company's figures (totals, team and place names), "
                                     "no person's",
        },
    ),
)
