"""Roles (designer, observer, expert, admin), granted from the command line and checked on the
server for every command and button."""

from bot.capability import Capability
from bot.personal import PersonalData
from bot.services import roles

CAPABILITY = Capability(
    name="roles",
    personal=PersonalData(
        show=roles.show,
        erase=roles.erase,
        columns={"rolegrant.telegram_id": "the grants are deleted",
                 "rolegrant.granted_by": "set to NULL on the grants the person gave (the "
                                         "audit trail keeps the act, by a former admin)"},
    ),
)
