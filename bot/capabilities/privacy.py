"""/help, /language, /privacy, /mydata and /deleteme: the commands everyone has. /mydata and
/deleteme are built from every capability's declaration (`bot.capabilities`)."""

from bot.capability import Capability
from bot.handlers import common

CAPABILITY = Capability(
    name="privacy",
    commands=common.COMMANDS,
    routers=lambda commands: [common.create_router()],
)
